"""A valid factor table as rows, and the quick way to them: whole columns checked without pydantic.

:func:`~coopcarbon.factors.load_factors` merges :class:`RowTable` s. A YAML table's factors are
first checked here column by column (:func:`quick_rows`): every value of a field at once, by
type, bounds and allowed values, the units through the table of pint's answers
(:mod:`coopcarbon.unitstable`), without importing pydantic. The quick checks accept only what
the table format (:mod:`coopcarbon.factors.schema`) accepts unchanged -- a number where a number
is due, text where text is due, no nested records but quality scores (no indicators, parts, gases),
no parameters; a table with anything else, valid or not, gives ``None`` and goes through the
pydantic models (:func:`coopcarbon.factors.validate.validate_document`), which locate every
problem. Both ways give the same rows: ``tests/test_table_fast_path.py`` checks it.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
from collections.abc import Iterable
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from ..io.yamlfile import Document, decode_text, load_yaml
from ..pedigree import PedigreeScores, ProcessKind
from ..problems import Problem, TableError
from ..units import EMISSIONS
from ..unitstable import tabled
from .checked import RowTable
from .library import Indicator, Parameter, Part
from .rows import FACTOR_FIELDS
from .tableformat import FACTOR_ID_PATTERN, SOURCE_KEY_PATTERN, BegesPost

if TYPE_CHECKING:  # pydantic is imported only when the quick checks do not take a table
    from .schema import FactorEntry, TableFile, TableMeta

__all__ = ["RowTable", "checked_rows", "quick_rows", "read_yaml_table"]


def read_yaml_table(path: str | Path, raw: bytes) -> Document | list[Problem]:
    """The document of a YAML table's bytes (line marks on demand), or the problems that stop reading it."""
    file = str(path)
    try:
        return load_yaml(file, text=decode_text(raw, file, TableError), error=TableError, marks="lazy")
    except TableError as exc:
        return list(exc.problems)


_ROW_FIELDS = operator.itemgetter(*FACTOR_FIELDS)


def _factor_row(factor_id: str, entry: FactorEntry, meta: TableMeta, table: dict[str, Any],
                line: int | None) -> tuple[Any, ...]:
    """The fields of a :class:`Factor`, in order, as a tuple (Factors are built lazily).

    ``table`` holds the fields that are the same for the whole table.
    """
    values = entry.__dict__ | table  # the entry's fields that a Factor keeps as they are, and the table's
    values["id"], values["magnitude"], values["line"] = factor_id, float(entry.value), line
    values["license"] = entry.license or meta.license
    q = entry.quality
    if q is not None:
        values["quality"] = PedigreeScores(q.reliability, q.completeness, q.temporal, q.geographic, q.technological)
    values["indicators"] = {name: Indicator(name, float(i.value), i.unit, i.source, i.source_id)
                            for name, i in entry.indicators.items()} if entry.indicators else {}
    values["parts"] = tuple(Part(p.kind, p.value, p.name_fr, p.name_en, p.gases) for p in entry.parts) \
        if entry.parts else ()
    row: tuple[Any, ...] = _ROW_FIELDS(values)
    return row


def checked_rows(file: str, digest: str, table: TableFile, document: Document) -> RowTable:
    """The rows of a ``table`` validated by the pydantic models (``document`` locates its ids)."""
    meta = table.table
    fields = {"table": meta.name, "table_version": meta.version, "file": file, "overrides": None}
    rows = {factor_id: _factor_row(factor_id, entry, meta, fields, document.mark(("factors", factor_id))[0])
            for factor_id, entry in table.factors.items()}
    parameters = [(Parameter(parameter_id, float(p.value), p.unit, p.name_fr, p.name_en, p.source, p.source_id,
                             p.year, p.uncertainty, p.estimated, p.license or meta.license, p.notes, meta.name,
                             file, document.mark(("parameters", parameter_id))[0]), p.override)
                  for parameter_id, p in table.parameters.items()]
    return RowTable(file, digest, meta.name, meta.version, rows, document,
                    {factor_id for factor_id, entry in table.factors.items() if entry.override}, parameters)


# -- the quick checks -----------------------------------------------------------------------------
#: What a factor's fields are when its entry leaves them out (those of ``schema.FactorEntry``;
#: ``tests/test_table_fast_path.py`` checks that they agree). ``_REQUIRED`` fields have none.
DEFAULTS: dict[str, Any] = {
    "uncertainty": None, "uncertainty_source": "", "quality": None, "process_kind": None, "source_id": "",
    "source_key": None, "verified": False, "source_url": "", "valid_from": None, "valid_to": None, "region": "FR",
    "gwp": "AR5", "basis": None, "pcs_pci_ratio": None, "scope": 3, "ghg_category": None, "beges_post": "6.1",
    "without_non_co2": None, "lifetime_years": None, "estimated": False, "license": "", "notes": "", "override": False,
}
_REQUIRED = ("name_fr", "name_en", "value", "unit", "source", "year")
#: Fields the quick checks take: the other nested records (indicators, parts, gases) go to pydantic.
_QUICK_FIELDS = frozenset(_REQUIRED) | DEFAULTS.keys()
_QUALITY_FIELDS = ("reliability", "completeness", "temporal", "geographic", "technological")
_META_FIELDS = frozenset({"name", "version", "source", "license", "retrieved", "title_fr", "title_en", "url",
                          "notes", "generated_by"})
_FACTOR_ID = re.compile(FACTOR_ID_PATTERN)
_SOURCE_KEY = re.compile(SOURCE_KEY_PATTERN)
_CHOICES: dict[str, frozenset[Any]] = {
    "gwp": frozenset({"AR4", "AR5", "AR6"}), "basis": frozenset({None, "PCI", "PCS"}),
    "scope": frozenset({1, 2, 3}), "beges_post": frozenset(get_args(BegesPost)),
    "process_kind": frozenset({None, *get_args(ProcessKind)}),
}
#: Numbers: the types taken, and the bounds (inclusive or not) each value must be within.
_NUMBERS: dict[str, tuple[frozenset[type], float, float, bool]] = {
    "value": (frozenset({int, float}), 0.0, math.inf, True),
    "uncertainty": (frozenset({int, float, type(None)}), 0.0, 1.0, True),
    "pcs_pci_ratio": (frozenset({int, float, type(None)}), 1.0, 1.2, False),
    "lifetime_years": (frozenset({int, float, type(None)}), 0.0, math.inf, False),
    "year": (frozenset({int}), 1990, 2100, True),
    "valid_from": (frozenset({int, type(None)}), 1990, 2100, True),
    "valid_to": (frozenset({int, type(None)}), 1990, 2100, True),
    "ghg_category": (frozenset({int, type(None)}), 1, 15, True),
}
_TEXTS = ("name_fr", "name_en", "unit", "source", "uncertainty_source", "source_url", "region", "license",
          "notes", "source_id", "without_non_co2", "source_key")
_NON_EMPTY = frozenset({"name_fr", "name_en", "unit", "source"})
_PATTERNS = {"without_non_co2": _FACTOR_ID, "source_key": _SOURCE_KEY}
_STR_OR_NONE = frozenset({str, type(None)})
_MISSING = object()


class _Refused(Exception):
    """Something the quick checks do not take: the table goes to the pydantic models."""


def quick_rows(document: Document, digest: str) -> RowTable | None:
    """The rows of a YAML table checked column by column, or ``None`` when the quick checks do not take it.

    ``None`` says nothing about the table's validity: the pydantic models decide, and locate the problems.
    """
    data = document.data
    if type(data) is not dict or not data.keys() <= {"table", "factors"}:
        return None
    try:
        name, version, license_ = _meta(data.get("table"))
        entries = data.get("factors", {})
        if type(entries) is not dict or not set(map(type, entries)) <= {str} \
                or not all(map(_FACTOR_ID.fullmatch, entries)):
            raise _Refused
        columns = _columns(list(entries.values()))
    except _Refused:
        return None
    ids = list(entries)
    columns["id"] = ids
    columns["magnitude"] = [float(v) for v in columns.pop("value")]
    columns["license"] = [text or license_ for text in columns["license"]]
    columns["line"] = [document.mark(("factors", factor_id))[0] for factor_id in ids]
    constant = {"table": name, "table_version": version, "file": document.file, "overrides": None, "parts": ()}
    for name_ in ("indicators", "gases"):
        columns[name_] = [{} for _ in ids]
    overriding = {factor_id for factor_id, flag in zip(ids, columns.pop("override"), strict=True) if flag}
    fields = [repeat(constant[f], len(ids)) if f in constant else columns[f] for f in FACTOR_FIELDS]
    rows = dict(zip(ids, zip(*fields, strict=True), strict=True))
    return RowTable(document.file, digest, name, version, rows, document, overriding)


def _meta(meta: Any) -> tuple[str, str, str]:
    """Name, version and license of a table's metadata that the quick checks take."""
    if type(meta) is not dict or not meta.keys() <= _META_FIELDS or type(meta.get("retrieved")) is not dt.date:
        raise _Refused
    version = meta.get("version")
    if type(version) in (int, float):
        version = str(version)
    texts = [meta.get(name) for name in ("name", "source", "license")] + [version]
    optional = [meta[name] for name in meta.keys() - {"name", "version", "source", "license", "retrieved"}]
    if not all(type(text) is str and text.strip() for text in texts) or not all(type(o) is str for o in optional):
        raise _Refused
    name, _, license_, version = (str(text).strip() for text in texts)
    return name, version, license_


def _columns(entries: list[Any]) -> dict[str, list[Any]]:
    """Every field of the factors, as a column of checked values (what pydantic would give).

    A field no entry writes is its default throughout, valid by construction: only the others are checked.
    """
    if not set(map(type, entries)) <= {dict}:
        raise _Refused
    written = set().union(*entries)
    if not written <= _QUICK_FIELDS or (entries and not written.issuperset(_REQUIRED)):
        raise _Refused
    columns = {name: _column(entries, name) if name in written else [DEFAULTS.get(name, _MISSING)] * len(entries)
               for name in _QUICK_FIELDS}
    units = columns["unit"]  # as written: the models check the unit before stripping it
    for name in written.intersection(_TEXTS):
        columns[name] = _texts(name, columns[name])
    for name in written.intersection(_NUMBERS):
        types, low, high, inclusive = _NUMBERS[name]
        _check_numbers(columns[name], types, low, high, inclusive)
        if float in types:
            columns[name] = [v if v is None else float(v) for v in columns[name]]
    for name in written.intersection(_CHOICES):
        if not set(map(type, columns[name])) <= _STR_OR_NONE | {int} or not set(columns[name]) <= _CHOICES[name]:
            raise _Refused
    for name in written.intersection({"verified", "estimated", "override"}):
        if not set(map(type, columns[name])) <= {bool}:
            raise _Refused
    _check_coherence(columns)
    _check_units(units)
    if "quality" in written:
        columns["quality"] = [None if scores is None else _quality(scores) for scores in columns["quality"]]
    return columns


def _column(entries: list[dict[str, Any]], name: str) -> list[Any]:
    """The values of the field ``name`` (its default, or ``_MISSING``, where an entry leaves it out)."""
    try:
        return list(map(operator.itemgetter(name), entries))  # at C speed when every entry writes it
    except KeyError:
        default = DEFAULTS.get(name, _MISSING)
        return [entry.get(name, default) for entry in entries]


def _quality(scores: Any) -> PedigreeScores:
    """Quality scores: the five of them, each a whole number from 1 to 5 (``schema.QualityScores``)."""
    if type(scores) is not dict or len(scores) != len(_QUALITY_FIELDS):
        raise _Refused
    values: list[Any] = [scores.get(name) for name in _QUALITY_FIELDS]
    if not all(type(value) is int and 1 <= value <= 5 for value in values):
        raise _Refused
    return PedigreeScores(*values)


def _texts(name: str, column: list[Any]) -> list[Any]:
    """A column of text, stripped as pydantic strips it (``source_id`` may be a number written as such)."""
    types = set(map(type, column))
    if name == "source_id" and types - {str}:
        if not types <= {str, int, float}:
            raise _Refused
        column = [value if type(value) is str else str(value) for value in column]
    elif not types <= (_STR_OR_NONE if DEFAULTS.get(name, "") is None else {str}):
        raise _Refused
    stripped = list(map(str.strip, column)) if types <= {str} else [
        value if value is None else value.strip() for value in column]
    if name in _NON_EMPTY and not all(stripped):
        raise _Refused
    pattern = _PATTERNS.get(name)
    if pattern is not None and not all(value is None or pattern.fullmatch(value) for value in stripped):
        raise _Refused
    return stripped


def _check_numbers(column: list[Any], types: frozenset[type], low: float, high: float, inclusive: bool) -> None:
    """Finite numbers of the ``types`` between ``low`` and ``high`` (``None`` when the types take it)."""
    if not set(map(type, column)) <= types:
        raise _Refused
    values = [value for value in column if value is not None]
    try:
        inside = all(low <= v <= high for v in values) if inclusive else all(low < v < high for v in values)
        if not inside or not all(map(math.isfinite, values)):
            raise _Refused
    except OverflowError:  # an integer too large for a float
        raise _Refused from None


def _check_coherence(columns: dict[str, list[Any]]) -> None:
    """What a factor's fields say of each other (``schema.FactorEntry._coherent``)."""
    if not all((scope == 3) == (category is not None)
               for scope, category in zip(columns["scope"], columns["ghg_category"], strict=True)):
        raise _Refused
    if any(start and end and start > end for start, end in zip(columns["valid_from"], columns["valid_to"],
                                                              strict=True)):
        raise _Refused
    if any(verified and not key for verified, key in zip(columns["verified"], columns["source_key"], strict=True)):
        raise _Refused


def _check_units(units: Iterable[str]) -> None:
    """Every unit is emissions per something, from the table of pint's answers (else pint decides)."""
    for text in set(units):
        known = tabled(text)
        if known is None or known.dimensions.get(EMISSIONS) != 1:
            raise _Refused
