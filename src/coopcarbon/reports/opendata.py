"""An open-data package of a result: every line, a data dictionary and the factor bibliography.

A cooperative that publishes everything writes a folder that anyone can check line by line:

* ``lines.csv`` (or ``lines.parquet``, the ``network`` extra): one row per emission line;
* ``dictionary.csv``: each column of ``lines``, its type, unit and meaning;
* ``bibliography.csv``: each factor used, its value, unit, source, source id, licence, table;
* ``datapackage.json``: a Frictionless Data Package descriptor (frictionlessdata.io, "Data
  Package" and "Table Schema" specifications v1) naming the resources, their fields, the
  organisation, year, method (comparable perimeter and version) and the factor library's
  fingerprint.

CSV files are comma-separated UTF-8 with a header row (RFC 4180), numbers with a dot; an empty
cell is a missing value (no GHG Protocol category for a scope 1 line...).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from ..activities import EmissionLine
from ..errors import MissingDependencyError
from ..result import BilanResult

__all__ = ["DICTIONARY", "write_open_data"]

#: Columns of ``lines``: name → (Table Schema type, unit, description).
DICTIONARY: dict[str, tuple[str, str, str]] = {
    "line": ("integer", "", "number of the line in the result, from 1"),
    "label": ("string", "", "what the line is (as the bilan file says)"),
    "site": ("string", "", "site of the line ('' : the organisation as a whole)"),
    "domain": ("string", "", "mobility, buildings, energy, hardware, purchases or other"),
    "group": ("string", "", "finer grouping (commute, heating, electricity...)"),
    "quantity": ("number", "see quantity_unit", "the activity"),
    "quantity_unit": ("string", "", "unit of the activity"),
    "data_quality": ("string", "", "measured, estimated or extrapolated"),
    "factor_id": ("string", "", "id of the emission factor (see bibliography.csv)"),
    "factor_value": ("number", "see factor_unit", "value of the factor"),
    "factor_unit": ("string", "", "unit of the factor"),
    "scope": ("integer", "", "GHG Protocol scope (1, 2, 3)"),
    "scope2_method": ("string", "", "location or market for scope 2 lines"),
    "ghg_category": ("integer", "", "GHG Protocol scope 3 category (1-15)"),
    "beges_post": ("string", "", "BEGES v5 post (1.1 ... 6.1)"),
    "co2e_kg": ("number", "kgCO2e", "emissions of the line"),
    "co2e_without_non_co2_kg": ("number", "kgCO2e", "the same without aviation's non-CO2 effects"),
    "uncertainty": ("number", "fraction", "relative half-width of the 95 % interval"),
    "in_main_total": ("boolean", "", "false for market-based scope 2 lines (reported beside the total)"),
}

_BIBLIOGRAPHY = ("factor_id", "name_en", "name_fr", "value", "unit", "year", "source", "source_id",
                 "source_url", "license", "table", "table_version")


def _row(number: int, line: EmissionLine) -> list[Any]:
    a, f = line.activity, line.factor
    return [number, a.label, a.site, a.domain, a.group, float(a.quantity.magnitude), f"{a.quantity.units:~}",
            a.data_quality.value, f.id, f.magnitude, f.unit, line.scope, a.scope2_method,
            line.ghg_category, line.beges_post, line.kg,
            line.kg_without_non_co2, line.uncertainty, line.in_main_total]


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _bibliography(result: BilanResult) -> list[list[Any]]:
    factors = {line.factor.id: line.factor for line in result.lines}
    return [list(_BIBLIOGRAPHY)] + [
        [f.id, f.name_en, f.name_fr, f.magnitude, f.unit, f.year, f.source, f.source_id, f.source_url, f.license,
         f.table, f.table_version] for f in sorted(factors.values(), key=lambda f: f.id)]


def _write_parquet(path: Path, rows: list[list[Any]]) -> None:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise MissingDependencyError("pyarrow", "network", "an open-data package in Parquet") from None
    columns = {name: [row[i] for row in rows] for i, name in enumerate(DICTIONARY)}
    pq.write_table(pa.table(columns), path)


def write_open_data(result: BilanResult, folder: str | Path, *, format: str = "csv") -> list[Path]:
    """Write the open-data package of ``result`` into ``folder`` (created); returns the files.

    Parameters
    ----------
    result
        A computed bilan.
    folder
        Where to write (existing files of the package are replaced).
    format
        ``"csv"`` or ``"parquet"`` for the lines (Parquet needs the ``network`` extra).
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rows = [_row(i + 1, line) for i, line in enumerate(result.lines)]
    lines_path = out / f"lines.{'parquet' if format == 'parquet' else 'csv'}"
    if format == "parquet":
        _write_parquet(lines_path, rows)
    else:
        lines_path.write_text(_csv([list(DICTIONARY), *rows]), encoding="utf-8")
    dictionary = out / "dictionary.csv"
    dictionary.write_text(_csv([["column", "type", "unit", "description"],
                                *[[k, *v] for k, v in DICTIONARY.items()]]), encoding="utf-8")
    bibliography = out / "bibliography.csv"
    bibliography.write_text(_csv(_bibliography(result)), encoding="utf-8")
    descriptor = out / "datapackage.json"
    descriptor.write_text(json.dumps(_descriptor(result, lines_path.name), indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
    return [lines_path, dictionary, bibliography, descriptor]


def _descriptor(result: BilanResult, lines_name: str) -> dict[str, Any]:
    indicator = result.comparable()
    return {
        "name": "coopcarbon-bilan", "title": f"Bilan carbone {result.year}: {result.organisation}",
        "profile": "tabular-data-package",
        "coopcarbon": {"organisation": result.organisation, "year": result.year, "headcount": result.headcount,
                       "total_tco2e": float(result.total.to("tCO2e").magnitude),
                       "method": indicator.as_dict(), "coopcarbon_version": result.coopcarbon_version,
                       "factors_version": result.factors_version, "factors_fingerprint": result.factors_fingerprint,
                       "organisation_profile": result.profile.as_dict() if result.profile is not None else None},
        "resources": [
            {"name": "lines", "path": lines_name, "format": lines_name.rsplit(".", 1)[1],
             "schema": {"fields": [{"name": k, "type": t, "description": d + (f" [{u}]" if u else "")}
                                   for k, (t, u, d) in DICTIONARY.items()]}},
            {"name": "dictionary", "path": "dictionary.csv", "format": "csv"},
            {"name": "bibliography", "path": "bibliography.csv", "format": "csv"},
        ],
    }
