"""Plain-data reports: a result as a dict, JSON and CSV, and a JSON result read back.

The JSON layout is versioned by :data:`coopcarbon.result.RESULT_SCHEMA_VERSION`. It holds every
total and every emission line with its factor's provenance, at full precision (rounding is for
human-readable reports only). :func:`result_from_dict` rebuilds a :class:`BilanResult` from it:
emission lines are rebuilt from the recorded activity, factor provenance and emissions, so every
total, in every layout, is the same as the original's.

Examples
--------
>>> from coopcarbon.reports.data import CSV_COLUMNS
>>> CSV_COLUMNS[:3]
('label', 'domain', 'group')
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from ..activities import ActivityLine, DataQuality, EmissionLine
from ..errors import InputError, Problem
from ..factors.library import Factor, Indicator
from ..io.cells import neutralise
from ..organisation import OrganisationProfile
from ..result import RESULT_SCHEMA_VERSION, BilanResult
from ..uncertainty import Interval, PedigreeScores
from ..units import Q
from .columns import FRENCH_WORDS, header
from .document import check_result_data, check_result_document

__all__ = [
    "CSV_COLUMNS",
    "line_to_dict",
    "result_from_dict",
    "result_from_json",
    "result_to_csv",
    "result_to_dict",
    "result_to_french_csv",
    "result_to_json",
]

#: Columns of :func:`result_to_csv`, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "label", "domain", "group", "site", "quantity", "quantity_unit", "factor_id", "factor_value",
    "factor_unit", "source", "source_id", "factor_year", "license", "scope", "scope2_method",
    "ghg_category", "beges_post", "co2e_kg", "in_total", "uncertainty", "data_quality", "note",
)


def _interval(interval: Interval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    return {"central_kg": interval.central, "low_kg": interval.low, "high_kg": interval.high,
            "relative": interval.relative, "method": interval.method}


def line_to_dict(line: EmissionLine) -> dict[str, Any]:
    """One emission line as plain data: :meth:`EmissionLine.as_dict` plus what rebuilds it.

    ``uncertainty`` is the line's combined uncertainty (factor and activity);
    ``factor_uncertainty`` the factor's part used in the computation, and
    ``factor_stated_uncertainty`` what the factor's table states (``None`` if nothing).
    """
    d = line.as_dict()
    d["uncertainty"] = line.uncertainty
    d["factor_uncertainty"] = line.factor_uncertainty
    d.update(_factor_fields(line.factor))
    return d


def _factor_fields(f: Factor) -> dict[str, Any]:
    """The factor's part of a line's plain data (memoised per factor: lines share factors)."""
    cached = _FACTOR_FIELDS_CACHE.get(id(f))
    if cached is not None and cached[0] is f:
        return cached[1]
    fields = {
        "factor_stated_uncertainty": f.uncertainty,
        "factor_quality": dataclasses.asdict(f.quality) if f.quality is not None else None,
        "factor_name_fr": f.name_fr, "factor_name_en": f.name_en,
        "factor_scope": f.scope, "factor_ghg_category": f.ghg_category,
        "factor_beges_post": f.beges_post, "factor_region": f.region, "factor_gwp": f.gwp,
        "factor_basis": f.basis, "factor_pcs_pci_ratio": f.pcs_pci_ratio,
        "factor_without_non_co2": f.without_non_co2, "factor_estimated": f.estimated,
        "factor_source_url": f.source_url, "factor_file": file_name(f.file), "factor_line": f.line,
        "factor_notes": f.notes,
        "factor_indicators": {name: dataclasses.asdict(i) for name, i in f.indicators.items()},
    }
    if len(_FACTOR_FIELDS_CACHE) > 4096:
        _FACTOR_FIELDS_CACHE.clear()
    _FACTOR_FIELDS_CACHE[id(f)] = (f, fields)
    return fields


_FACTOR_FIELDS_CACHE: dict[int, tuple[Factor, dict[str, Any]]] = {}


def file_name(path: str) -> str:
    r"""The name of a file, without its folders: results carry no local paths.

    >>> file_name("/srv/coop/bilans/ours.yaml"), file_name("C:\\Users\\ana\\ours.csv"), file_name("")
    ('ours.yaml', 'ours.csv', '')
    """
    return PurePath(path.replace("\\", "/")).name if path else path


def _totals(result: BilanResult) -> dict[str, Any]:
    total = result.total_tonnes()
    return {
        "location_based_t": total,
        "market_based_t": result.total_tonnes("market"),
        "without_non_co2_t": result.total_tonnes("without_non_co2"),
        "per_employee_t": total / result.headcount,
    }


def _indicators(result: BilanResult) -> dict[str, dict[str, Any]]:
    coverage = result.indicator_coverage()
    return {name: {"value": value, "unit": unit, "lines": coverage[name][0]}
            for name, (value, unit) in result.indicator_amounts().items()}


def result_to_dict(result: BilanResult) -> dict[str, Any]:
    """Everything in a result, as JSON-ready plain data.

    Keys: ``schema_version``, ``organisation``, ``year``, ``headcount``, ``coopcarbon_version``,
    ``factors`` (library version and fingerprint), ``overridden``, ``notes``, ``totals``
    (location-based main total, market-based, without aviation non-CO2, per employee),
    ``by_scope`` (both scope 2 methods), ``by_ghg_category``, ``by_beges_category``,
    ``by_beges_post``, ``by_domain`` (all in tCO2e), ``interval`` (analytic, kgCO2e),
    ``monte_carlo`` (or ``None``), ``samples``, ``seed`` and ``lines`` (every emission line).
    """
    return {
        "schema_version": RESULT_SCHEMA_VERSION,
        "organisation": result.organisation,
        "year": result.year,
        "headcount": result.headcount,
        "coopcarbon_version": result.coopcarbon_version,
        "factors": {"version": result.factors_version,
                    "fingerprint": result.factors_fingerprint},
        "overridden": {fid: file_name(file) for fid, file in result.overridden.items()},
        "notes": list(result.notes),
        "totals": _totals(result),
        "by_scope": result.tonnes_by("scope"),
        "by_ghg_category": {str(k): t for k, t in result.tonnes_by("ghg_category").items()},
        "by_beges_category": result.tonnes_by("beges_category"),
        "by_beges_post": result.tonnes_by("beges_post"),
        "by_domain": result.tonnes_by("domain"),
        "indicators": _indicators(result),
        "interval": _interval(result.interval) if result.line_count else None,
        "monte_carlo": _interval(result.monte_carlo),
        "samples": result.samples,
        "seed": result.seed,
        "organisation_profile": result.profile.as_dict() if result.profile is not None else None,
        "lines": [line_to_dict(line) for line in result.lines],
    }


def result_to_json(result: BilanResult, indent: int | None = 2) -> str:
    """Write the result as JSON (non-ASCII kept as is); see :func:`result_to_dict`.

    With ``indent``, the summary is indented and each emission line is written on one line
    (readable, and written by the C encoder: a result of 100 000 lines takes seconds, not
    minutes); ``indent=None`` writes everything compactly.
    """
    data = result_to_dict(result)
    try:
        if indent is None:
            return json.dumps(data, ensure_ascii=False, allow_nan=False)
        lines = data.pop("lines")
        head = json.dumps(data, indent=indent, ensure_ascii=False, allow_nan=False)
        pad = " " * indent
        if not lines:
            return head[:-1].rstrip() + f',\n{pad}"lines": []\n}}'
        body = f",\n{pad}{pad}".join(json.dumps(line, ensure_ascii=False, allow_nan=False) for line in lines)
    except ValueError:  # a number is infinite or NaN: JSON cannot hold it
        data.setdefault("lines", lines)
        field = _non_finite(data)
        raise InputError([Problem("<result>", None, None, field, "is not a finite number: JSON cannot hold it",
                                  "finite quantities and factors",
                                  "check the quantities of the activity lines (an overflow?)")]) from None
    return head[:-1].rstrip() + f',\n{pad}"lines": [\n{pad}{pad}{body}\n{pad}]\n}}'


def _non_finite(value: Any, path: str = "") -> str:
    """Path of the first infinite or NaN number in plain data (``lines[3].co2e_kg``), or ``""``."""
    if isinstance(value, float) and not math.isfinite(value):
        return path
    items = (value.items() if isinstance(value, dict)
             else enumerate(value) if isinstance(value, list) else ())
    for key, item in items:
        found = _non_finite(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip("."))
        if found:
            return found
    return ""



#: First characters of a text cell that may need :func:`neutralise` (its own test is exact).
_RISKY_STARTS = frozenset("=+-@\t\r'")


def _csv_row(d: Mapping[str, Any]) -> list[Any]:
    """The cells of one line: numbers as they are, text neutralised so no spreadsheet runs it."""
    row = [d.get(key) for key in CSV_COLUMNS]
    row[_FACTOR_VALUE], row[_FACTOR_UNIT], row[_FACTOR_YEAR] = d["value"], d["unit"], d["year"]
    row[_IN_TOTAL] = "true" if d["in_main_total"] else "false"
    for i, value in enumerate(row):
        if value is None:
            row[i] = ""
        elif type(value) is str and value[:1] in _RISKY_STARTS:
            row[i] = neutralise(value)
    return row


_FACTOR_VALUE, _FACTOR_UNIT, _FACTOR_YEAR, _IN_TOTAL = (
    CSV_COLUMNS.index(c) for c in ("factor_value", "factor_unit", "factor_year", "in_total"))


def result_to_csv(result: BilanResult) -> str:
    """One row per emission line (see :data:`CSV_COLUMNS`), comma-separated, header first.

    Numbers are written at full precision with a decimal point, so a spreadsheet or a script
    reads them back exactly; ``uncertainty`` is the line's relative 95 % half-width.
    ``in_total`` is ``false`` for the market-based scope 2 lines (``scope2_method`` ``market``),
    reported beside the total: the ``co2e_kg`` of the rows ``in_total`` sum to the total. A text
    cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'`` (:func:`coopcarbon.io.cells.neutralise`), so a spreadsheet shows it instead of running it.
    """
    buffer = io.StringIO()
    # RFC 4180 line ends: with "\n" a field holding a lone "\r" would not be quoted
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(line_to_dict(line)) for line in result.lines)
    return buffer.getvalue()


def _french_cell(value: Any) -> Any:
    """A number for a French spreadsheet: decimal comma, full precision."""
    return repr(value).replace(".", ",") if type(value) is float else value


_CODED = tuple(CSV_COLUMNS.index(c) for c in ("data_quality", "scope2_method"))


def result_to_french_csv(result: BilanResult) -> str:
    """:func:`result_to_csv` for a French spreadsheet: ``;``, decimal comma, French headers, BOM.

    The text starts with a byte order mark (U+FEFF), so that written as UTF-8 it opens in Excel
    with its accents; headers are those of :data:`coopcarbon.reports.columns.COLUMNS_FR`,
    ``in_total`` is ``oui``/``non`` and the data quality ``mesuré``, ``estimé`` or ``extrapolé``.
    Numbers keep full precision (``0,1234567``): :mod:`coopcarbon.io.spreadsheet` reads them back.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header(c, "fr") for c in CSV_COLUMNS])
    for line in result.lines:
        row = _csv_row(line_to_dict(line))
        row[_IN_TOTAL] = "oui" if line.in_main_total else "non"
        for i in _CODED:
            row[i] = FRENCH_WORDS.get(row[i], row[i])
        writer.writerow([_french_cell(value) for value in row])
    return buffer.getvalue()


# -- reading back ---------------------------------------------------------------------------
def _factor_from_dict(d: Mapping[str, Any]) -> Factor:
    quality = d.get("factor_quality")
    return Factor(
        id=d["factor_id"], magnitude=float(d["value"]), unit=d["unit"],
        name_fr=d.get("factor_name_fr", d["factor_id"]),
        name_en=d.get("factor_name_en", d["factor_id"]),
        source=d["source"], source_id=d.get("source_id", ""), year=int(d["year"]),
        uncertainty=d.get("factor_stated_uncertainty", d.get("factor_uncertainty")),
        uncertainty_source="",
        quality=PedigreeScores(**quality) if quality else None,
        region=d.get("factor_region", "FR"), gwp=d.get("factor_gwp", "AR5"),
        basis=d.get("factor_basis"), pcs_pci_ratio=d.get("factor_pcs_pci_ratio"),
        scope=int(d.get("factor_scope") or d["scope"]),
        ghg_category=d.get("factor_ghg_category", d.get("ghg_category")),
        beges_post=d.get("factor_beges_post", d["beges_post"]),
        without_non_co2=d.get("factor_without_non_co2"), lifetime_years=None,
        estimated=bool(d.get("factor_estimated", False)), license=d.get("license", ""),
        notes=d.get("factor_notes", ""), valid_from=None, valid_to=None,
        source_url=d.get("factor_source_url", ""), table=d.get("table", ""),
        table_version=d.get("table_version", ""), file=d.get("factor_file", ""),
        line=d.get("factor_line"), overrides=d.get("overrides"),
        indicators={name: Indicator(**i) for name, i in (d.get("factor_indicators") or {}).items()},
        source_key=d.get("source_key"), verified=bool(d.get("verified", False)),
    )


def _line_from_dict(d: Mapping[str, Any]) -> EmissionLine:
    activity = ActivityLine(
        quantity=Q(float(d["quantity"]), d["quantity_unit"]), factor_id=d["factor_id"],
        label=d.get("label", ""), scope=d["scope"], ghg_category=d.get("ghg_category"),
        beges_post=d["beges_post"], domain=d.get("domain", "other"),
        data_quality=DataQuality(d.get("data_quality", "measured")),
        activity_uncertainty=d.get("activity_uncertainty"), basis=d.get("basis"),
        scope2_method=d.get("scope2_method"), site=d.get("site", ""), group=d.get("group", ""),
        note=d.get("note", ""),
    )
    co2e = float(d["co2e_kg"])
    return EmissionLine(
        activity=activity, factor=_factor_from_dict(d), kg=co2e,
        kg_without_non_co2=float(d.get("co2e_without_non_co2_kg", co2e)),
        uncertainty=float(d["uncertainty"]),
        factor_uncertainty=float(d.get("factor_uncertainty", 0.0)),
        scope=int(d["scope"]), ghg_category=d.get("ghg_category"), beges_post=d["beges_post"],
        indicators={name: Q(float(i["value"]), i["unit"]) for name, i in (d.get("indicators") or {}).items()},
    )


def result_from_dict(d: Mapping[str, Any], source: str = "<result>") -> BilanResult:
    """Rebuild a :class:`BilanResult` from :func:`result_to_dict`'s output.

    The emission lines are rebuilt from their recorded figures (nothing is recomputed with a
    factor library), so every total and interval equals the original's; factor fields a report
    does not record (validity years, lifetime) are left empty.

    Raises
    ------
    InputError
        When ``d`` is not a result document (see :mod:`coopcarbon.reports.document`), or its
        ``schema_version`` is not one this version of coopcarbon reads: the problems name
        ``source`` and each wrong field.
    """
    return _from_checked(check_result_data(d, source), source)


def _from_checked(d: Mapping[str, Any], source: str) -> BilanResult:
    version = str(d.get("schema_version", ""))
    if version.split(".")[0] != RESULT_SCHEMA_VERSION.split(".")[0]:
        raise InputError([Problem(source, None, None, "schema_version",
                                  f"result schema version {version!r} is not supported",
                                  f"{RESULT_SCHEMA_VERSION} (this coopcarbon's)",
                                  "write the result again with this version of coopcarbon")])
    mc = d.get("monte_carlo")
    return BilanResult(
        organisation=d["organisation"], year=int(d["year"]), headcount=int(d["headcount"]),
        lines=tuple(_line_from_dict(line) for line in d.get("lines", [])),
        factors_fingerprint=d["factors"]["fingerprint"],
        factors_version=d["factors"]["version"],
        coopcarbon_version=d.get("coopcarbon_version", ""),
        overridden=dict(d.get("overridden", {})), notes=tuple(d.get("notes", ())),
        monte_carlo=Interval(mc["central_kg"], mc["low_kg"], mc["high_kg"], mc["method"])
        if mc else None,
        samples=int(d.get("samples", 0)), seed=d.get("seed"),
        profile=_profile(d.get("organisation_profile"), source),
    )


def _profile(data: Any, source: str) -> OrganisationProfile | None:
    """The organisation profile of a result document (absent: ``None``)."""
    if data is None:
        return None
    try:
        return OrganisationProfile.from_dict(data)
    except (TypeError, ValueError, AttributeError):
        raise InputError([Problem(source, None, None, "organisation_profile", "is not an organisation profile",
                                  "the mapping written by result_to_dict")]) from None


def result_from_json(text: str | bytes, source: str = "<json>") -> BilanResult:
    """Rebuild a :class:`BilanResult` from :func:`result_to_json`'s output.

    The text is checked first (:func:`~coopcarbon.reports.document.check_result_document`):
    a file that is not a result raises :class:`~coopcarbon.errors.InputError` naming ``source``.
    """
    return _from_checked(check_result_document(text, source), source)
