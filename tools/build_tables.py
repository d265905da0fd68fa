#!/usr/bin/env python
"""Build the bundled factor tables ``emission_factors/*.yaml`` and the factor catalogue.

Inputs
------
- the reference data vendored in the repository, ``tools/reference-data/*.csv`` (or the folder
  given as first argument): sourced rows, one per figure (its README names the publications and
  their licences);
- the curated choices, ``tools/curation/*.yaml``: which row feeds which factor id, vintage, scope,
  category and BEGES post, basis, quality scores, notes, and the extra sourced figures that are not
  in the CSVs (see each curation file's header for its format); or, with ``dataset:``, one factor per
  row of a dataset CSV that has no ``id`` column (its rows are named ``line <n>``; format in
  ``tools/curation/electricity_countries.yaml``), each factor carrying its own provenance. A factor
  may carry ``indicators:`` (other environmental indicators of the same activity, never added to
  CO2e), validated by the schema's ``IndicatorEntry``;
- the provenance of every factor, ``tools/curation/provenance.yaml``: its bibliography key, its id in
  that publication and whether its value was checked there (``source_key``, ``source_id``,
  ``verified``), each key checked against ``emission_factors/bibliography.yml``;
- the kind of process of every factor, ``tools/curation/process_kinds.yaml`` (``process_kind``, which
  sets the basic uncertainty of the pedigree matrix): id patterns, the first that matches wins.

Outputs
-------
- ``emission_factors/<table>.yaml`` (one per curation file except ``common.yaml``);
- ``docs/reference/factor-catalogue.md``;
- ``src/coopcarbon/factors/bundled-library.json``, the bundled library validated in advance (see
  ``coopcarbon.factors.shipped``), when the tables are written to ``emission_factors/`` (no ``--out``);
- ``src/coopcarbon/units-table.json``, pint's answers for common unit strings (see
  ``coopcarbon.unitstable``), likewise.

The output is deterministic: the same inputs give the same bytes. Every table is validated with
coopcarbon's pydantic schema before it is written. Every CSV row must be used by a factor or listed
under ``skip:`` with a reason, so nothing in the reference data is silently dropped.

Usage::

    .venv/bin/python tools/build_tables.py [REFERENCE_DATA] [--out DIR] [--catalogue FILE] [--check]
"""

from __future__ import annotations

import argparse
import copy
import csv
import datetime as dt
import fnmatch
import hashlib
import re
import sys
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
CURATION = REPO / "tools" / "curation"
DEFAULT_REFERENCE = Path("tools") / "reference-data"  # relative to the repository root
BIBLIOGRAPHY = REPO / "emission_factors" / "bibliography.yml"
#: Curation files that are not tables.
NOT_TABLES = ("common.yaml", "provenance.yaml", "process_kinds.yaml")
DEFAULT_OUT = Path("emission_factors")
DEFAULT_CATALOGUE = Path("docs") / "reference" / "factor-catalogue.md"
GENERATOR = "tools/build_tables.py"

#: Order of the keys written for each factor / parameter / table.
FACTOR_KEYS = (
    "name_fr", "name_en", "value", "unit", "basis", "pcs_pci_ratio", "gwp", "scope", "ghg_category",
    "beges_post", "region", "year", "valid_from", "valid_to", "lifetime_years", "without_non_co2",
    "source", "source_key", "source_id", "verified", "source_url", "license", "estimated", "quality", "process_kind",
    "uncertainty",
    "uncertainty_source", "notes", "indicators", "parts", "gases",
)
#: Order of the keys written for each indicator of a factor (``indicators:``, never added to CO2e).
INDICATOR_KEYS = ("value", "unit", "source", "source_id", "year", "notes")
PARAMETER_KEYS = (
    "name_fr", "name_en", "value", "unit", "region", "year", "source", "source_id", "source_url",
    "license", "estimated", "uncertainty", "uncertainty_source", "notes",
)
TABLE_KEYS = ("name", "title_fr", "title_en", "version", "source", "license", "retrieved", "url",
              "generated_by", "notes")
QUALITY_KEYS = ("reliability", "completeness", "temporal", "geographic", "technological")
#: Curation keys that steer the build and are not written as such.
SPECIAL_KEYS = {"from", "multiply", "multiply_note", "value_from_notes", "name_suffix_fr",
                "name_suffix_en", "secondary", "value_from", "scale", "scale_note"}


class BuildError(Exception):
    """A problem in the reference data or the curation files."""


def iso3_names() -> dict[str, tuple[str, str]]:
    """ISO 3166 alpha-3 code -> the country's names in English and French (coopcarbon's table)."""
    sys.path.insert(0, str(REPO / "src"))
    from coopcarbon.domains.iso3166 import ISO_COUNTRIES

    return {alpha3: (english, french) for alpha3, english, french in ISO_COUNTRIES.values()}


# --------------------------------------------------------------------------------------------
# Reading inputs
# --------------------------------------------------------------------------------------------

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_reference(folder: Path) -> dict[str, dict[str, dict[str, str]]]:
    """CSV rows by file name then by row id (``line <n>`` in a dataset CSV, which has no ``id`` column)."""
    if not folder.is_dir():
        raise BuildError(f"reference data folder not found: {folder}")
    data: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows: dict[str, dict[str, str]] = {}
            reader = csv.DictReader(handle)
            for row in reader:
                row_id = row["id"] if "id" in row else f"line {reader.line_num}"
                if row_id in rows:
                    raise BuildError(f"{path.name}: duplicate row id {row_id!r}")
                rows[row_id] = row
        data[path.name] = rows
    return data


def read_curation(folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    common = yaml.safe_load((folder / "common.yaml").read_text(encoding="utf-8"))
    tables = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name not in NOT_TABLES:
            tables[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return common, tables


def bibliography_keys(bibliography: Path) -> set[str]:
    return set(yaml.safe_load(bibliography.read_text(encoding="utf-8")))


def read_provenance(folder: Path, bibliography: Path) -> dict[str, tuple[str, str, bool]]:
    """``provenance.yaml``: factor id -> (source_key, source_id, verified), keys checked."""
    keys = bibliography_keys(bibliography)
    spec = yaml.safe_load((folder / "provenance.yaml").read_text(encoding="utf-8"))["factors"]
    provenance: dict[str, tuple[str, str, bool]] = {}
    for factor_id, value in spec.items():
        where = f"tools/curation/provenance.yaml {factor_id}"
        if (not isinstance(value, list) or len(value) != 3 or not isinstance(value[2], bool)
                or not all(isinstance(v, str) for v in value[:2])):
            raise BuildError(f"{where}: expected [source_key, source_id, verified], got {value!r}")
        if value[0] not in keys:
            raise BuildError(f"{where}: source key {value[0]!r} is not in {bibliography.name}")
        provenance[factor_id] = (value[0], value[1], value[2])
    return provenance


def apply_provenance(documents: Mapping[str, dict[str, Any]],
                     provenance: Mapping[str, tuple[str, str, bool]], keys: set[str]) -> None:
    """Write source_key, source_id and verified on every factor, in the key order of FACTOR_KEYS.

    A factor of a dataset (``dataset:`` of a curation file) carries its own, checked against ``keys``.
    """
    built = set()
    for document in documents.values():
        for factor_id, entry in document["factors"].items():
            if "source_key" not in entry:
                built.add(factor_id)
            elif entry["source_key"] not in keys:
                raise BuildError(f"{factor_id}: source key {entry['source_key']!r} is not in {BIBLIOGRAPHY.name}")
    unknown = sorted(set(provenance) - built)
    missing = sorted(built - set(provenance))
    if unknown or missing:
        raise BuildError("tools/curation/provenance.yaml: "
                         + (f"ids no table builds: {unknown}; " if unknown else "")
                         + (f"factors without provenance: {missing}" if missing else ""))
    for document in documents.values():
        factors = document["factors"]
        for factor_id, entry in factors.items():
            if factor_id not in built:
                continue
            key, source_id, verified = provenance[factor_id]
            if source_id and entry.get("source_id", source_id) != source_id:
                raise BuildError(f"{factor_id}: provenance.yaml gives source_id {source_id!r}, the "
                                 f"curation or reference data {entry['source_id']!r}")
            entry.update(source_key=key, verified=verified)
            if source_id:
                entry["source_id"] = source_id
            factors[factor_id] = {k: entry[k] for k in FACTOR_KEYS if k in entry}


def apply_ademe_uncertainty(documents: Mapping[str, dict[str, Any]], families: Mapping[str, Any]) -> None:
    """Set the uncertainty ADEME publishes on the factors of each family of ``common.yaml``.

    A factor whose ``source_id`` starts with one of the family's elements gets that element's own
    figure; the others get the family's, said as such. A stated uncertainty is kept.
    """
    factors = {fid: entry for document in documents.values() for fid, entry in document["factors"].items()}
    for name, family in families.items():
        elements = {str(k): v for k, v in family["elements"].items()}
        listed = ", ".join(f"{element} {title}" for element, title in elements.items())
        for pattern in family["factors"]:
            matched = [fid for fid in factors if fnmatch.fnmatchcase(fid, pattern)]
            if not matched:
                raise BuildError(f"tools/curation/common.yaml ademe_uncertainty {name}: {pattern!r} "
                                 "matches no factor")
            for fid in matched:
                entry = factors[fid]
                if entry.get("uncertainty") is not None:
                    continue
                own = str(entry.get("source_id", "")).split(",")[0]
                percent = f"{family['value']:.0%}"
                entry["uncertainty"] = float(family["value"])
                entry["uncertainty_source"] = (
                    f"ADEME Base Carbone export, element {own}, column « Incertitude » ({percent})"
                    if own in elements else
                    f"ADEME Base Carbone export, column « Incertitude » of the same family ({listed}: "
                    f"{percent}); this factor's own element was not read with its uncertainty")
                factors_order = {k: entry[k] for k in FACTOR_KEYS if k in entry}
                entry.clear()
                entry.update(factors_order)


def apply_process_kinds(documents: Mapping[str, dict[str, Any]], folder: Path) -> None:
    """Write ``process_kind`` on every factor: the first pattern of ``process_kinds.yaml`` it matches."""
    where = "tools/curation/process_kinds.yaml"
    patterns = yaml.safe_load((folder / "process_kinds.yaml").read_text(encoding="utf-8"))
    unused = dict(patterns)
    for document in documents.values():
        factors = document["factors"]
        for factor_id, entry in factors.items():
            pattern = next((p for p in patterns if fnmatch.fnmatchcase(factor_id, p)), None)
            if pattern is None:
                raise BuildError(f"{where}: no pattern matches {factor_id}")
            unused.pop(pattern, None)
            entry["process_kind"] = patterns[pattern]
            factors[factor_id] = {k: entry[k] for k in FACTOR_KEYS if k in entry}
    if unused:
        raise BuildError(f"{where}: patterns that match no factor: {sorted(unused)}")


# --------------------------------------------------------------------------------------------
# Building entries
# --------------------------------------------------------------------------------------------

def number(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise BuildError(f"{where}: {text!r} is not a number") from None


def sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if not text or text[-1] in ".!?)" else text + "."


def fmt_number(value: float) -> str:
    return format(value, ".12g")


def resolve_quality(spec: Any, presets: Mapping[str, Any], where: str) -> dict[str, int]:
    if isinstance(spec, str):
        spec = {"preset": spec}
    if not isinstance(spec, Mapping):
        raise BuildError(f"{where}: quality must be a preset name or a mapping")
    scores: dict[str, int] = {}
    if "preset" in spec:
        if spec["preset"] not in presets:
            raise BuildError(f"{where}: unknown quality preset {spec['preset']!r}")
        scores = dict(zip(QUALITY_KEYS, presets[spec["preset"]]["scores"], strict=True))
    for key, value in spec.items():
        if key == "preset":
            continue
        if key not in QUALITY_KEYS:
            raise BuildError(f"{where}: unknown quality criterion {key!r}")
        scores[key] = int(value)
    if set(scores) != set(QUALITY_KEYS):
        raise BuildError(f"{where}: quality needs all of {', '.join(QUALITY_KEYS)}")
    return {k: scores[k] for k in QUALITY_KEYS}


def format_templates(value: Any, variables: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**variables)
    if isinstance(value, Mapping):
        return {k: format_templates(v, variables) for k, v in value.items()}
    return value


def indicators(spec: Any, where: str) -> dict[str, dict[str, Any]]:
    """A factor's other indicators (ADPe, fossil resources...), normalised in a fixed key order.

    The schema (``IndicatorEntry``) validates them with the rest of the table.
    """
    if not isinstance(spec, Mapping):
        raise BuildError(f"{where}: indicators must be a mapping name -> {{value, unit, source...}}")
    out: dict[str, dict[str, Any]] = {}
    for name, indicator in spec.items():
        if not isinstance(indicator, Mapping):
            raise BuildError(f"{where}: indicator {name!r} must be a mapping")
        unknown = set(indicator) - set(INDICATOR_KEYS)
        if unknown:
            raise BuildError(f"{where}: indicator {name!r}: unknown field(s) {sorted(unknown)}")
        entry = {k: (" ".join(str(v).split()) if isinstance(v, str) else v)
                 for k, v in indicator.items()}
        if "value" in entry:
            entry["value"] = number(str(entry["value"]), f"{where} indicator {name}")
        if "source_id" in entry:
            entry["source_id"] = str(entry["source_id"])
        if entry.get("notes"):
            entry["notes"] = sentence(entry["notes"])
        out[str(name)] = {k: entry[k] for k in INDICATOR_KEYS if entry.get(k) not in (None, "")}
    return out


class Builder:
    """Turns the curation of one table into factor and parameter entries."""

    def __init__(self, reference: dict[str, dict[str, dict[str, str]]], common: dict[str, Any]):
        self.reference = reference
        self.common = common
        self.used: set[tuple[str, str]] = set()
        self.skipped: dict[tuple[str, str], str] = {}
        self.datasets: dict[str, str] = {}  # table file built from a dataset -> its id template

    def csv_row(self, ref: str, where: str) -> tuple[str, dict[str, str]]:
        file, _, row_id = ref.partition(":")
        if file not in self.reference:
            raise BuildError(f"{where}: unknown reference file {file!r}")
        if row_id not in self.reference[file]:
            raise BuildError(f"{where}: no row {row_id!r} in {file}")
        self.used.add((file, row_id))
        return file, self.reference[file][row_id]

    def factor(self, factor_id: str, spec: Mapping[str, Any], curation: Mapping[str, Any],
               where: str) -> dict[str, Any]:
        spec = dict(spec)
        entry: dict[str, Any] = {}
        notes: list[str] = []
        csv_notes = ""
        row: dict[str, str] | None = None
        if "from" in spec:
            file, row = self.csv_row(spec["from"], where)
            entry.update(
                name_fr=row["name_fr"], name_en=row["name_en"],
                value=number(row["value"], f"{file}:{row['id']}"), unit=row["unit"],
                source=f"{row['source']}; {row['year_version']}" if row["year_version"]
                else row["source"],
                license=row["license"],
            )
            if row["source_id"]:
                entry["source_id"] = row["source_id"]
            if row.get("lifetime_years"):
                entry["lifetime_years"] = number(row["lifetime_years"], f"{file}:{row['id']}")
            if row["uncertainty_pct"]:
                raise BuildError(f"{file}:{row['id']}: uncertainty_pct is set; map it explicitly")
            csv_notes = row["notes"]
        entry.update(copy.deepcopy(curation.get("defaults") or {}))
        curated_notes = spec.pop("notes", "")
        for key, value in spec.items():
            if key not in SPECIAL_KEYS:
                entry[key] = copy.deepcopy(value)

        # Values taken from the row's notes (e.g. the AR5 GWP next to the AR6 one).
        pattern = spec.get("value_from_notes")
        if pattern:
            found = re.search(pattern, csv_notes)
            if not found:
                raise BuildError(f"{where}: {pattern!r} not found in the notes of {spec['from']}")
            entry["value"] = number(found.group(1).rstrip("."), where)
            notes.append(f"Value {found.group(0)} read from the reference data row's notes.")

        # DERIVED values: a published value times a documented factor.
        if "multiply" in spec:
            factor = float(spec["multiply"])
            original = entry["value"]
            entry["value"] = round(original * factor, 6)
            source_unit = row["unit"] if row else entry["unit"]
            notes.append(
                f"DERIVED here: {fmt_number(original)} {source_unit} x {fmt_number(factor)} = "
                f"{fmt_number(entry['value'])} {entry['unit']} (rounded to 6 decimals). "
                + sentence(spec.get("multiply_note", "")))
            for old, new in curation.get("name_replace") or ():
                if "name_fr" not in spec:
                    entry["name_fr"] = entry["name_fr"].replace(old, new)
                if "name_en" not in spec:
                    entry["name_en"] = entry["name_en"].replace(old, new)
        if "scale" in spec:
            notes.append(sentence(spec["scale_note"]))

        entry["name_fr"] = entry["name_fr"] + spec.get("name_suffix_fr", "")
        entry["name_en"] = entry["name_en"] + spec.get("name_suffix_en", "")
        if curated_notes:
            notes.append(sentence(curated_notes))
        if csv_notes:
            notes.append("Reference data notes: " + sentence(csv_notes))
        source_text = f"{entry.get('source', '')} {csv_notes}".lower()
        if spec.get("secondary"):
            notes.append(self.common["secondary_sentence"].format(verify=spec["secondary"]))
        elif "quoted by" in source_text and "secondary" in source_text:
            raise BuildError(f"{where}: the source is secondary; say what to verify against "
                             "with `secondary:`")
        if notes:
            entry["notes"] = " ".join(notes)

        if entry.get("quality") is not None:  # `quality: null` drops a default preset
            entry["quality"] = resolve_quality(entry["quality"], self.common["quality_presets"],
                                               where)
            if "uncertainty" not in entry:
                entry["uncertainty_source"] = self.common["uncertainty_source"]
        if "source_id" in entry:
            entry["source_id"] = str(entry["source_id"])
        if "indicators" in entry:
            entry["indicators"] = indicators(entry["indicators"], where)
        if entry.get("license") == curation["table"]["license"]:
            del entry["license"]
        for key in ("value", "pcs_pci_ratio", "lifetime_years", "uncertainty"):
            if key in entry and entry[key] is not None:
                entry[key] = float(entry[key])
        unknown = set(entry) - set(FACTOR_KEYS)
        if unknown:
            raise BuildError(f"{where}: unknown field(s) {sorted(unknown)}")
        return {k: entry[k] for k in FACTOR_KEYS
                if k in entry and entry[k] is not None and entry[k] != "" and entry[k] != {}}

    def group(self, group: Mapping[str, Any], curation: Mapping[str, Any],
              where: str) -> dict[str, dict[str, Any]]:
        template = {k: v for k, v in group.items() if not k.startswith("_") and k != "rows"}
        out: dict[str, dict[str, Any]] = {}
        for index, row in enumerate(group["rows"]):
            variables = {k: v for k, v in row.items()}
            spec = format_templates(template, variables)
            factor_id = spec.pop("id")
            for key, value in row.items():
                if key in FACTOR_KEYS or key == "quality":
                    spec[key] = value
            if "scale" in spec:
                raw = float(row[spec["value_from"]])
                spec["value"] = round(raw * float(spec["scale"]), 8)
            if factor_id in out:
                raise BuildError(f"{where}[{index}]: duplicate id {factor_id}")
            out[factor_id] = self.factor(factor_id, spec, curation, f"{where}[{index}] {factor_id}")
        return out

    def dataset(self, spec: Mapping[str, Any], curation: Mapping[str, Any],
                where: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """One factor per row of a dataset CSV (format in tools/curation/electricity_countries.yaml).

        Returns the factors and, for the table's notes, the rows left out with their reason.
        """
        spec = dict(spec)
        file, columns, skip = spec.pop("file"), spec.pop("columns"), spec.pop("skip_values", None) or {}
        scale = Decimal(str(spec.pop("scale")))
        if file not in self.reference:
            raise BuildError(f"{where}: unknown reference file {file!r}")
        countries = iso3_names()
        factors: dict[str, dict[str, Any]] = {}
        left_out: dict[str, list[str]] = {}
        for row_id, row in self.reference[file].items():
            at = f"{file} {row_id}"
            iso3, year, text = row[columns["iso3"]], row[columns["year"]], row[columns["value"]]
            if text in skip:
                self.skipped[(file, row_id)] = skip[text]
                left_out.setdefault(skip[text], []).append(f"{iso3} {year}")
                continue
            if iso3 not in countries or not year.isdigit():
                raise BuildError(f"{at}: {iso3!r} is not an ISO 3166 alpha-3 code or {year!r} not a year")
            try:
                value = Decimal(text) * scale
            except ArithmeticError:
                raise BuildError(f"{at}: {text!r} is not a number") from None
            country_en, country_fr = countries[iso3]
            entry = format_templates(spec, {"iso3": iso3, "iso3_lower": iso3.lower(), "year": year,
                                            "entity": row[columns["entity"]], "country_en": country_en,
                                            "country_fr": country_fr})
            factor_id = entry.pop("id")
            if factor_id in factors:
                raise BuildError(f"{at}: duplicate id {factor_id}")
            self.used.add((file, row_id))
            factors[factor_id] = self.factor(factor_id, {**entry, "value": float(value), "year": int(year)},
                                             curation, f"{where} {at}")
        notes = [f"Left out ({reason.rstrip('.')}): {', '.join(rows)}." for reason, rows in left_out.items()]
        return factors, notes

    def table(self, stem: str, curation: Mapping[str, Any]) -> dict[str, Any]:
        where = f"tools/curation/{stem}.yaml"
        factors: dict[str, dict[str, Any]] = {}
        notes: list[str] = []
        if "dataset" in curation:
            factors, notes = self.dataset(curation["dataset"], curation, f"{where} dataset")
            self.datasets[f"{stem}.yaml"] = curation["dataset"]["id"]
        for factor_id, spec in (curation.get("factors") or {}).items():
            if factor_id in factors:
                raise BuildError(f"{where}: duplicate id {factor_id}")
            factors[factor_id] = self.factor(factor_id, spec, curation, f"{where} {factor_id}")
        for index, group in enumerate(curation.get("groups") or ()):
            for factor_id, entry in self.group(group, curation, f"{where} groups[{index}]").items():
                if factor_id in factors:
                    raise BuildError(f"{where}: duplicate id {factor_id}")
                factors[factor_id] = entry
        parameters = {}
        for parameter_id, spec in (curation.get("parameters") or {}).items():
            entry = {k: (" ".join(str(v).split()) if isinstance(v, str) else v)
                     for k, v in spec.items()}
            entry.setdefault("region", (curation.get("defaults") or {}).get("region", "FR"))
            if "value" in entry:
                entry["value"] = float(entry["value"])
            if entry.get("license") == curation["table"]["license"]:
                del entry["license"]
            unknown = set(entry) - set(PARAMETER_KEYS)
            if unknown:
                raise BuildError(f"{where} {parameter_id}: unknown field(s) {sorted(unknown)}")
            parameters[parameter_id] = {k: entry[k] for k in PARAMETER_KEYS if k in entry}
        for ref, reason in (curation.get("skip") or {}).items():
            file, _, row_id = ref.partition(":")
            if row_id not in self.reference.get(file, {}):
                raise BuildError(f"{where}: skip names unknown row {ref!r}")
            self.skipped[(file, row_id)] = reason
        meta = dict(curation["table"])
        meta["notes"] = " ".join([meta.get("notes", ""), *notes]).strip()
        meta.setdefault("version", self.common["version"])
        meta.setdefault("retrieved", self.common["retrieved"])
        meta["generated_by"] = GENERATOR
        meta = {k: (" ".join(meta[k].split()) if isinstance(meta[k], str) else meta[k])
                for k in TABLE_KEYS if meta.get(k) not in (None, "")}
        if isinstance(meta["retrieved"], str):
            meta["retrieved"] = dt.date.fromisoformat(meta["retrieved"])
        document: dict[str, Any] = {"table": meta, "factors": factors}
        if parameters:
            document["parameters"] = parameters
        return document


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """Block style; never emit aliases (every factor is written out in full)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    # Long single-line texts (sources, notes) as folded blocks: no quote escaping, easy to read.
    style = ">" if len(data) > 80 and "\n" not in data and data == data.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_representer)


def render_yaml(document: dict[str, Any], header: list[str]) -> str:
    text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100, indent=2)
    # A blank line before each factor / parameter id (indent 2, nothing after the colon).
    lines = []
    for line in text.splitlines():
        if re.match(r"^  [a-z0-9][a-z0-9_.]*:$", line) and lines and not lines[-1].endswith(":"):
            lines.append("")
        if line in ("factors:", "parameters:"):
            lines.append("")
        lines.append(line)
    result = "".join(f"# {h}\n" if h else "#\n" for h in header) + "\n" + "\n".join(lines) + "\n"
    if yaml.safe_load(result) != document:
        raise BuildError("the YAML written does not read back as the table built (dumper bug)")
    return result


def validate(document: dict[str, Any], where: str) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from coopcarbon.factors.schema import TableFile

    try:
        TableFile.model_validate(document)
    except Exception as exc:
        raise BuildError(f"{where}: the built table does not validate:\n{exc}") from None


def md_cell(value: Any) -> str:
    text = " ".join(str(value).split())
    return text.replace("|", "\\|")


def dataset_catalogue(document: dict[str, Any], id_template: str) -> list[str]:
    """A table built from a dataset, one row per region and one column per year (too long otherwise)."""
    factors = list(document["factors"].items())
    first = factors[0][1]
    years = sorted({f["year"] for _, f in factors})
    values: dict[str, dict[int, str]] = {}
    for _, f in factors:
        values.setdefault(f["region"], {})[f["year"]] = fmt_number(f["value"])
    pattern = re.sub(r"\{(\w+)\}", r"<\1>", id_template)
    header = ["region", *map(str, years)]
    lines = [f"Ids `{pattern}`, in {first['unit']}; source "
             f"{md_cell(first['source'])}, key {first['source_key']}, source id `<region> <year>`, "
             f"verified {'yes' if first.get('verified') else 'no'}. A blank: no factor for that year.", "",
             md_row(header), md_row(["---"] * len(header))]
    lines += [md_row([region, *(by_year.get(year, "") for year in years)]) for region, by_year in values.items()]
    return [*lines, ""]


def render_catalogue(documents: dict[str, dict[str, Any]], inputs: list[str], datasets: Mapping[str, str]) -> str:
    """The Markdown catalogue; ``datasets``: file name -> id template of the tables built from a dataset."""
    out = [
        "# Factor catalogue",
        "",
        "<!-- Generated by tools/build_tables.py from tools/reference-data/*.csv and "
        "tools/curation/*.yaml — do not edit by hand. -->",
        "",
        "Every emission factor and parameter bundled with coopcarbon, table by table. Values,",
        "units, sources and licenses are those of `emission_factors/*.yaml`; notes, scopes,",
        "quality scores and links are in the tables themselves (`coopcarbon factors show <id>`).",
        "Why each figure was chosen is explained in",
        "[factor choices](../explanations/factor-choices.md). *key* is the publication in",
        "`emission_factors/bibliography.yml`; *verified* says whether the value was read in that",
        "publication itself (*no*: a second-hand quote, to be checked).",
        "",
        "Inputs: " + ", ".join(inputs) + ".",
        "",
    ]
    factor_header = ["id", "name (fr)", "name (en)", "value", "unit", "source", "key", "source id",
                     "verified", "year", "license"]
    parameter_header = ["id", "name (fr)", "name (en)", "value", "unit", "source", "year",
                        "license"]
    for file_name, document in documents.items():
        meta = document["table"]
        parameters = document.get("parameters") or {}
        counts = f"{len(document['factors'])} factors"
        if parameters:
            counts += f", {len(parameters)} parameters"
        out += [f"## `{file_name}` — {meta.get('title_en', meta['name'])}", "",
                f"*{md_cell(meta.get('title_fr', ''))}*. Table license: "
                f"{md_cell(meta['license'])}. Version {meta['version']}, retrieved "
                f"{meta['retrieved']}. {counts}.", ""]
        if file_name in datasets:
            out += dataset_catalogue(document, datasets[file_name])
            continue
        out += [md_row(factor_header), md_row(["---"] * len(factor_header))]
        for factor_id, f in document["factors"].items():
            out.append(md_row([
                f"`{factor_id}`", f["name_fr"], f["name_en"], fmt_number(f["value"]), f["unit"],
                f["source"], f.get("source_key", ""), f.get("source_id", ""),
                "yes" if f.get("verified") else "no", f["year"], f.get("license", meta["license"]),
            ]))
        with_indicators = [(i, f) for i, f in document["factors"].items() if f.get("indicators")]
        if with_indicators:
            header = ["id", "indicator", "value", "unit", "source id", "year"]
            out += ["", "Other indicators (never added to CO2e; sources in the table):", "",
                    md_row(header), md_row(["---"] * len(header))]
            for factor_id, f in with_indicators:
                for name, ind in f["indicators"].items():
                    out.append(md_row([f"`{factor_id}`", name, fmt_number(ind["value"]),
                                       ind["unit"], ind.get("source_id", ""), ind.get("year", "")]))
        if parameters:
            out += ["", "Parameters (sourced figures that are not emission factors):", "",
                    md_row(parameter_header), md_row(["---"] * len(parameter_header))]
            for parameter_id, p in parameters.items():
                out.append(md_row([
                    f"`{parameter_id}`", p["name_fr"], p["name_en"], fmt_number(p["value"]),
                    p["unit"], p["source"], p["year"], p.get("license", meta["license"]),
                ]))
        out.append("")
    return "\n".join(out)


def md_row(cells: list[Any]) -> str:
    return "| " + " | ".join(md_cell(c) for c in cells) + " |"


def build(reference_dir: Path, curation_dir: Path = CURATION,
          bibliography: Path = BIBLIOGRAPHY) -> dict[str, str]:
    """Every output file's text by path relative to the repository root."""
    reference = read_reference(reference_dir)
    common, curations = read_curation(curation_dir)
    provenance = read_provenance(curation_dir, bibliography)
    builder = Builder(reference, common)
    documents: dict[str, dict[str, Any]] = {}
    table_inputs: dict[str, list[str]] = {}
    for stem, curation in curations.items():
        before = set(builder.used)
        documents[f"{stem}.yaml"] = builder.table(stem, curation)
        table_inputs[f"{stem}.yaml"] = sorted({file for file, _ in builder.used - before})
    apply_provenance(documents, provenance, bibliography_keys(bibliography))
    apply_ademe_uncertainty(documents, common.get("ademe_uncertainty") or {})
    apply_process_kinds(documents, curation_dir)
    for file_name, document in documents.items():
        validate(document, f"tools/curation/{file_name}")
    all_ids: dict[str, str] = {}
    for file_name, document in documents.items():
        for factor_id in document["factors"]:
            if factor_id in all_ids:
                raise BuildError(f"id {factor_id} in both {all_ids[factor_id]} and {file_name}")
            all_ids[factor_id] = file_name
    missing = [f"{file}:{row_id}" for file, rows in reference.items() for row_id in rows
               if (file, row_id) not in builder.used and (file, row_id) not in builder.skipped]
    if missing:
        raise BuildError("reference rows neither used nor listed under `skip:` in a curation "
                         "file:\n  " + "\n  ".join(missing))
    digests = {name: sha256(reference_dir / name)[:12] for name in reference}
    outputs: dict[str, str] = {}
    for file_name, document in documents.items():
        stem = file_name.removesuffix(".yaml")
        csvs = table_inputs[file_name]
        origin = (" + ".join(f"tools/reference-data/{c}" for c in csvs) + " and "
                  if csvs else "")
        header = [
            f"Generated by {GENERATOR} from {origin}tools/curation/{stem}.yaml "
            "(+ common.yaml, provenance.yaml, process_kinds.yaml) — do not edit by hand; edit tools/curation/*.yaml",
            "Input digests (sha256, first 12 hex digits): "
            + ", ".join([f"{c} {digests[c]}" for c in csvs]
                        + [f"curation/{stem}.yaml {sha256(curation_dir / file_name)[:12]}",
                           f"curation/common.yaml {sha256(curation_dir / 'common.yaml')[:12]}",
                           f"curation/provenance.yaml {sha256(curation_dir / 'provenance.yaml')[:12]}",
                           f"curation/process_kinds.yaml {sha256(curation_dir / 'process_kinds.yaml')[:12]}"]),
        ]
        outputs[str(DEFAULT_OUT / file_name)] = render_yaml(document, header)
    inputs = [f"`{name}` (sha256 {digest})" for name, digest in digests.items()]
    outputs[str(DEFAULT_CATALOGUE)] = render_catalogue(documents, inputs, builder.datasets)
    return outputs


def shipped_library(check: bool) -> list[str]:
    """Write the shipped library of the bundled tables (``check``: compare only); the stale file, if any."""
    sys.path.insert(0, str(REPO / "src"))
    from coopcarbon.factors.loading import shipped_library_bytes
    from coopcarbon.factors.shipped import SHIPPED

    data = shipped_library_bytes()
    if SHIPPED.is_file() and SHIPPED.read_bytes() == data:
        return []
    if check:
        return [str(SHIPPED)]
    SHIPPED.write_bytes(data)
    print(f"wrote {SHIPPED}")
    return []


#: Units commonly written in bilans, tables and examples, besides those of ``units.txt`` (the
#: table of resolved units, ``coopcarbon.unitstable``): SI and imperial units with the prefixes in use.
COMMON_UNITS = (
    "m", "km", "cm", "mm", "mile", "mi", "ft", "nautical_mile",  # length
    "m2", "m**2", "km**2", "ha", "hectare",  # area
    "m3", "m**3", "L", "l", "liter", "litre", "mL", "cL", "hL", "gallon",  # volume
    "g", "kg", "t", "tonne", "mg", "lb",  # mass
    "Wh", "kWh", "MWh", "GWh", "TWh", "J", "kJ", "MJ", "GJ", "kcal",  # energy
    "W", "kW", "MW",  # power
    "s", "min", "h", "hour", "day", "week", "month", "year",  # time
    "B", "kB", "MB", "GB", "TB",  # data
    "dimensionless", "percent",
)
#: Numerators of the compound units in the table: emissions, and what indicators measure.
PER_UNITS = ("gCO2e", "kgCO2e", "tCO2e", "ktCO2e", "gSbeq", "kgSbeq", "MJ", "kWh", "m3", "L", "kg")
#: Named dimensions the table resolves.
NAMED_DIMENSIONS = ("[abiotic_depletion]", "[area]", "[currency]", "[emissions]", "[energy]", "[length]",
                    "[mass]", "[power]", "[time]", "[volume]")


def units_txt_names(text: str) -> list[str]:
    """The unit names and aliases defined in ``units.txt`` (``name = definition = symbol = alias``)."""
    names = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.split("#", 1)[0].split("=")]
        if len(parts) >= 2 and not parts[0].startswith("["):
            names += [parts[0], *(name for name in parts[2:] if name != "_")]
    return names


def table_unit_strings(folder: Path) -> set[str]:
    """Every unit string of the factors, parameters and indicators of the tables in ``folder``."""
    found = set()
    for path in sorted(folder.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in ("factors", "parameters"):
            for entry in (document.get(section) or {}).values():
                found.add(entry["unit"])
                found.update(indicator["unit"] for indicator in (entry.get("indicators") or {}).values())
    return found


def units_table(check: bool) -> list[str]:
    """Write the table of resolved units (``check``: compare only); the stale file, if any."""
    sys.path.insert(0, str(REPO / "src"))
    from coopcarbon.units import registry
    from coopcarbon.unitstable import TABLE, table_bytes

    single = [*units_txt_names((REPO / "src" / "coopcarbon" / "units.txt").read_text(encoding="utf-8")),
              *COMMON_UNITS]
    per = [f"{top}/{unit}" for top in PER_UNITS for unit in single if unit not in PER_UNITS]
    data = table_bytes(registry(), [*single, *per, *table_unit_strings(REPO / DEFAULT_OUT)], NAMED_DIMENSIONS)
    if TABLE.is_file() and TABLE.read_bytes() == data:
        return []
    if check:
        return [str(TABLE)]
    TABLE.write_bytes(data)
    print(f"wrote {TABLE}")
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference_data", nargs="?", type=Path, default=None,
                        help="folder of the reference CSVs (default: tools/reference-data)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the YAML tables (default: emission_factors/)")
    parser.add_argument("--catalogue", type=Path, default=None,
                        help="path of the Markdown catalogue (default: "
                             "docs/reference/factor-catalogue.md)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if an output differs from what is on disk")
    args = parser.parse_args(argv)
    reference_dir = args.reference_data or (REPO / DEFAULT_REFERENCE)
    out_dir = args.out or (REPO / DEFAULT_OUT)
    catalogue = args.catalogue or (REPO / DEFAULT_CATALOGUE)
    try:
        outputs = build(reference_dir.resolve())
    except BuildError as exc:
        print(f"build_tables: {exc}", file=sys.stderr)
        return 2
    stale = []
    for relative, text in outputs.items():
        target = catalogue if relative == str(DEFAULT_CATALOGUE) else out_dir / Path(relative).name
        data = text.encode("utf-8")
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                stale.append(str(target))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            print(f"wrote {target}")
    if args.out is None:  # the bundled tables themselves: their shipped library too
        stale += shipped_library(args.check) + units_table(args.check)
    if args.check and stale:
        print("out of date (run tools/build_tables.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
