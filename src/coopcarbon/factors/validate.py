"""Read and validate one factor table file; shared by :func:`load_factors` and the CLI check.

Every problem of a file is collected before anything is raised: pydantic's errors, unit
strings that pint cannot read or that are not emissions per something, references to
factors that do not exist. Each problem names file, line, column and field.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..io.files import read_bytes
from ..io.messages import expected_bounds, human_message
from ..io.yamlfile import Document, Path_
from ..problems import InputError, Problem, TableError
from ..units import EMISSIONS, dimension_powers, parse_unit, unit_dimensions
from .checked import CheckedTable
from .schema import FactorEntry, IndicatorEntry, ParameterEntry, QualityScores, TableFile
from .tablerows import read_yaml_table

__all__ = ["CheckedTable", "check_yaml_table", "validate_document"]


def check_yaml_table(path: str | Path, raw: bytes | None = None) -> CheckedTable:
    """Read a YAML table (or its bytes ``raw``) and return a :class:`CheckedTable`; never raises for bad content.

    :func:`coopcarbon.factors.check_table` reads CSV tables too.
    """
    file = str(path)
    try:
        data = raw if raw is not None else read_bytes(path, TableError)
    except TableError as exc:
        return CheckedTable(file, "", None, None, list(exc.problems))
    digest = hashlib.sha256(data).hexdigest()
    document = read_yaml_table(file, data)
    if isinstance(document, list):
        return CheckedTable(file, digest, None, None, document)
    return validate_document(document, digest)


def validate_document(document: Document, digest: str) -> CheckedTable:
    """Validate a table already read into a :class:`Document` (YAML, or CSV rows).

    The one validator behind :func:`~coopcarbon.factors.check_table`, :func:`~coopcarbon.factors.load_factors`
    and ``coopcarbon factors check``: pydantic's errors and unit checks, each located
    through ``document`` (a CSV document names row and column instead of line and field).
    """
    file = document.file
    checked = CheckedTable(file, digest, None, document)
    if not isinstance(document.data, dict):
        checked.problems.append(document.problem(
            (), "the file is empty or is not a mapping" if document.data is None
            else f"the document is a {type(document.data).__name__}, not a mapping",
            "a mapping with keys 'table' and 'factors'",
            "start from `coopcarbon factors new`"))
        return checked
    booleans = _boolean_numbers(document)
    try:
        checked.table = TableFile.model_validate(document.data)
    except ValidationError as exc:
        reported = {p.field for p in booleans}
        checked.problems.extend(p for p in _pydantic_problems(exc, document) if p.field not in reported)
    checked.problems.extend(booleans)
    _check_units(document, checked)
    checked.problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    if checked.problems:
        checked.table = None
    return checked


def _numbers(model: type[BaseModel]) -> frozenset[str]:
    """Names of the fields of ``model`` that hold a number."""
    return frozenset(name for name, info in model.model_fields.items()
                     if info.annotation in (float, int, float | None, int | None))


_FACTOR_NUMBERS = _numbers(FactorEntry)
_PARAMETER_NUMBERS = _numbers(ParameterEntry)
_INDICATOR_NUMBERS = _numbers(IndicatorEntry)
_QUALITY_NUMBERS = _numbers(QualityScores)
_BOOL_OR_MAPPING = frozenset({bool, dict})


def _boolean_numbers(document: Document) -> list[Problem]:
    """Numbers written as ``true``/``false`` (YAML 1.1 also reads ``on``, ``off``, ``yes``, ``no`` so).

    pydantic would read them as 1 and 0; a factor's value is never a yes or a no.
    """
    data = document.data
    found: list[Path_] = []
    for section, numbers in (("factors", _FACTOR_NUMBERS), ("parameters", _PARAMETER_NUMBERS)):
        entries = data.get(section)
        for entry_id, entry in entries.items() if isinstance(entries, dict) else ():
            if not isinstance(entry, dict) or not _BOOL_OR_MAPPING & set(map(type, entry.values())):
                continue  # the common case, checked at C speed: no yes/no and nothing nested
            found += [(section, entry_id, name) for name in numbers if type(entry.get(name)) is bool]
            quality = entry.get("quality")
            if isinstance(quality, dict):
                found += [(section, entry_id, "quality", n) for n in _QUALITY_NUMBERS if type(quality.get(n)) is bool]
            indicators = entry.get("indicators")
            for name, indicator in indicators.items() if isinstance(indicators, dict) else ():
                if isinstance(indicator, dict):
                    found += [(section, entry_id, "indicators", name, n) for n in _INDICATOR_NUMBERS
                              if type(indicator.get(n)) is bool]
    return [document.problem(path, f"read as yes/no ({str(_value_at(data, path)).lower()}), not as a number",
                             "a number", "YAML reads on/off/yes/no/true/false as yes/no: write the number")
            for path in found]


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _pydantic_problems(exc: ValidationError, document: Document) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = error["type"]
        # pydantic ends the location of a bad dict key with "[key]" (never for an unknown field,
        # whose name -- even a field named "[key]" -- ends the location)
        is_key = kind != "extra_forbidden" and len(loc) > 1 and loc[-1] == "[key]"
        path = loc[:-1] if is_key else loc
        message = ""
        expected = _expected_for(kind, error)
        suggestion = ""
        if kind == "extra_forbidden":
            known = (FactorEntry.model_fields if len(path) >= 3 and path[0] == "factors"
                     else TableFile.model_fields if len(path) == 1
                     else {})
            name = str(path[-1])
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
            message = f"unknown field {name!r}"
            expected = "one of " + ", ".join(sorted(known)) if known else expected
            suggestion = ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ""
        elif kind == "missing":
            message = f"missing field {str(path[-1])!r}"
        elif kind == "literal_error":  # the allowed values are listed once, in `expected`
            message = f"{error.get('input')!r} is not one of the allowed values"
            if isinstance(error.get("input"), float) and path[-1] == "beges_post":
                suggestion = f'write the post in quotes: "{error["input"]}"'
        elif is_key:
            message = (f"invalid factor id {str(path[-1])!r}: ids are lower-case words "
                       "(a-z, 0-9, _) joined by dots, at least two")
            expected = "a dotted lower-case id such as 'mobility.train.tgv'"
        else:  # in words for people (`uncertainty: 40` suggests 0.4), never pydantic's phrasing
            message, suggestion = human_message(error)
        problems.append(document.problem(path, message, expected, suggestion))
    return problems


def _expected_for(kind: str, error: Any) -> str:
    ctx = error.get("ctx") or {}
    if kind.startswith(("greater_than", "less_than")):
        return expected_bounds(ctx)
    if kind == "literal_error":
        return str(ctx.get("expected", ""))
    if kind in {"float_parsing", "float_type"}:
        return "a number"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "a whole number"
    if kind in {"string_type"}:
        return "text"
    if kind.startswith("date"):
        return "a date such as 2026-07-01"
    return ""


def _check_units(document: Document, checked: CheckedTable) -> None:
    data = document.data if isinstance(document.data, dict) else {}
    for section in ("factors", "parameters"):
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        units: dict[str, list[Any]] = {}  # each distinct unit text is parsed once
        for entry_id, entry in entries.items():
            if isinstance(entry, dict) and isinstance(entry.get("unit"), str):
                units.setdefault(entry["unit"], []).append(entry_id)
        for text, entry_ids in units.items():
            try:
                dimensions = unit_dimensions(text)
            except InputError as exc:
                bad = exc.problems[0]
                checked.problems.extend(document.problem(
                    (section, entry_id, "unit"), bad.message,
                    "a unit such as 'kgCO2e/kWh' or 'kgCO2e/passenger_km'", bad.suggestion) for entry_id in entry_ids)
                continue
            if section != "factors":
                continue
            if dimensions.get(EMISSIONS) != 1:
                checked.problems.extend(document.problem(
                    (section, entry_id, "unit"), f"unit {text!r} is not emissions per something",
                    f"{EMISSIONS} divided by the activity unit, e.g. 'kgCO2e/kWh'") for entry_id in entry_ids)
                continue
            for entry_id in entry_ids:
                indicators = entries[entry_id].get("indicators")
                if isinstance(indicators, dict):
                    _check_indicator_units(document, checked, entry_id, text, dimensions, indicators)


#: Dimensions an indicator may measure once multiplied by its activity (ADPe, energy, water...).
_INDICATOR_DIMENSIONS = ("[abiotic_depletion]", "[energy]", "[volume]", "[mass]")


def _check_indicator_units(document: Document, checked: CheckedTable, factor_id: str, unit: str,
                           dimensions: Mapping[str, float], indicators: dict[Any, Any]) -> None:
    activity = _times({EMISSIONS: 1}, dimensions, -1)  # the factor's activity, e.g. [device]
    allowed = [dimension_powers(d) for d in _INDICATOR_DIMENSIONS]
    for name, indicator in indicators.items():
        if not isinstance(indicator, dict) or not isinstance(indicator.get("unit"), str):
            continue
        path = ("factors", factor_id, "indicators", name, "unit")
        try:
            per_activity = unit_dimensions(indicator["unit"])
        except InputError as exc:
            checked.problems.append(document.problem(path, exc.problems[0].message,
                                                     "a unit such as 'kgSbeq/device'", exc.problems[0].suggestion))
            continue
        if _times(per_activity, activity) not in allowed:
            activity_unit = parse_unit("kgCO2e") / parse_unit(unit)  # for the message: e.g. device
            checked.problems.append(document.problem(
                path, f"indicator unit {indicator['unit']!r} does not fit the factor's activity ({activity_unit:~P})",
                f"an indicator unit per {activity_unit:~P}: kgSbeq, MJ, m3 or kg per {activity_unit:~P}"))


def _times(first: Mapping[str, float], second: Mapping[str, float], power: int = 1) -> dict[str, float]:
    """The dimensions of ``first`` times ``second`` to ``power`` (base dimension to power, zeros left out)."""
    product = dict(first)
    for name, exponent in second.items():
        product[name] = product.get(name, 0) + power * exponent
    return {name: exponent for name, exponent in product.items() if exponent}
