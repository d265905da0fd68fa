"""Factors kept as rows, and the plain-data form of a library (the disk cache, the shipped library).

A library's factors are rows (tuples of a :class:`~coopcarbon.factors.library.Factor`'s fields,
in order) built into :class:`Factor` objects on first access, without the frozen dataclass's
field-by-field ``__init__``: a 20 000-factor table loads from its plain-data form in
milliseconds when a bilan uses a few factors.

The plain-data form (:func:`entry_of`, read back by :func:`library_of`) is one JSON-ready
column per factor field; every value read back is checked against its field's types, so a
well-formed file of the wrong shape gives ``None``, never a wrong library.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from typing import Any

from ..pedigree import PedigreeScores
from .library import Factor, FactorLibrary, Indicator, Parameter, Part

__all__ = ["FACTOR_FIELDS", "RowFactors", "entry_of", "library_of", "map_column", "plain_record", "rows_of"]

#: The fields of a factor row, in order (those of :class:`Factor`).
FACTOR_FIELDS = tuple(f.name for f in fields(Factor))
_QUALITY = FACTOR_FIELDS.index("quality")
_INDICATORS = FACTOR_FIELDS.index("indicators")
_PARTS = FACTOR_FIELDS.index("parts")


class RowFactors(Mapping[str, Factor]):
    """Factors by id, built on first access from rows, or from columns (as the cache keeps them)."""

    def __init__(self, rows: dict[str, tuple[Any, ...]] | None = None,
                 columns: list[list[Any]] | None = None) -> None:
        self._rows = rows
        self._columns = columns or []
        self._index = {factor_id: i for i, factor_id in enumerate(self._columns[0])} if columns else {}
        self._built: dict[str, Factor] = {}

    @property
    def rows(self) -> dict[str, tuple[Any, ...]]:
        """Every factor's fields as a tuple, by id."""
        if self._rows is None:
            self._rows = dict(zip(self._columns[0], zip(*self._columns, strict=True), strict=True))
        return self._rows

    def __getitem__(self, factor_id: str) -> Factor:
        factor = self._built.get(factor_id)
        if factor is None:
            if self._rows is not None:
                row = self._rows[factor_id]
            else:
                index = self._index[factor_id]
                row = tuple(column[index] for column in self._columns)
            # without the frozen dataclass's slow field-by-field __init__: the row has every field
            factor = object.__new__(Factor)
            factor.__dict__.update(zip(FACTOR_FIELDS, row, strict=True))
            self._built[factor_id] = factor
        return factor

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows if self._rows is not None else self._index)

    def __len__(self) -> int:
        return len(self._rows if self._rows is not None else self._index)

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in (self._rows if self._rows is not None else self._index)


def plain_record(record: PedigreeScores | Indicator | Part) -> dict[str, Any]:
    """The fields of a record inside factor rows as a mapping (JSON-ready: their values are plain data).

    Its ``__dict__`` copied: :func:`dataclasses.asdict` would deep-copy every value, ten times slower.
    """
    return dict(record.__dict__)


def rows_of(factors: Mapping[str, Factor]) -> dict[str, tuple[Any, ...]]:
    """Factor fields as tuples by id, without building Factor objects when they are rows already."""
    if isinstance(factors, RowFactors):
        return factors.rows
    return {fid: tuple(getattr(f, name) for name in FACTOR_FIELDS) for fid, f in factors.items()}


# -- the plain-data form: columns ----------------------------------------------------------------
_PARAMETER_FIELDS = tuple(f.name for f in fields(Parameter))
_NUMBER: frozenset[type] = frozenset({int, float})
_OPTIONAL_NUMBER: frozenset[type] = frozenset({int, float, type(None)})
_TEXT: frozenset[type] = frozenset({str})
_OPTIONAL_TEXT: frozenset[type] = frozenset({str, type(None)})
_OPTIONAL_INT: frozenset[type] = frozenset({int, type(None)})
#: Types each cached factor column may hold (checked before use; ``quality`` and ``indicators``
#: are decoded into their records, which checks them).
_COLUMN_TYPES: dict[str, frozenset[type]] = {
    "id": _TEXT, "magnitude": _NUMBER, "unit": _TEXT, "name_fr": _TEXT, "name_en": _TEXT, "source": _TEXT,
    "source_id": _TEXT, "year": frozenset({int}), "uncertainty": _OPTIONAL_NUMBER, "uncertainty_source": _TEXT,
    "quality": frozenset((dict, type(None))), "region": _TEXT, "gwp": _TEXT, "basis": _OPTIONAL_TEXT,
    "pcs_pci_ratio": _OPTIONAL_NUMBER, "scope": frozenset({int}), "ghg_category": _OPTIONAL_INT,
    "beges_post": _TEXT, "without_non_co2": _OPTIONAL_TEXT, "lifetime_years": _OPTIONAL_NUMBER,
    "estimated": frozenset({bool}), "license": _TEXT, "notes": _TEXT, "valid_from": _OPTIONAL_INT,
    "valid_to": _OPTIONAL_INT, "source_url": _TEXT, "table": _TEXT, "table_version": _TEXT, "file": _TEXT,
    "line": _OPTIONAL_INT, "indicators": frozenset({dict}), "overrides": _OPTIONAL_TEXT,
    "source_key": _OPTIONAL_TEXT, "verified": frozenset({bool}), "parts": frozenset({list}),
    "gases": frozenset({dict}), "process_kind": _OPTIONAL_TEXT,
}
assert set(_COLUMN_TYPES) == set(FACTOR_FIELDS)  # noqa: S101  # a new Factor field needs its type here


#: Joins a text column into one JSON string (read back with one ``split``, many times faster than
#: a list of strings); a column whose texts contain it is kept as a list.
_SEPARATOR = "\u241e"


def entry_of(library: FactorLibrary) -> dict[str, Any]:
    """The plain-data form of ``library`` kept in the cache: one column per factor field.

    A column is ``{"runs": [[value, count], ...]}`` when it holds long runs of one value (most
    fields are the same for a whole table), else ``{"text": "a␞b␞c"}`` when its values are
    texts, else the list of values (quality scores and indicators as mappings).
    """
    rows = rows_of(library.factors)
    columns: list[Any] = []
    for index, values in enumerate(zip(*rows.values(), strict=True) if rows else [()] * len(FACTOR_FIELDS)):
        plain: list[Any] = list(values)
        if index == _QUALITY:
            plain = [None if q is None else plain_record(q) for q in values]
        elif index == _INDICATORS:
            plain = [{name: plain_record(i) for name, i in v.items()} if v else {} for v in values]
        elif index == _PARTS:
            plain = [[plain_record(part) for part in v] for v in values]
        columns.append(_encode_column(plain))
    return {"fields": list(FACTOR_FIELDS), "count": len(rows), "columns": columns,
            "tables": library.tables, "digests": library.digests, "fingerprint": library.fingerprint,
            "overridden": dict(library.overridden), "parameter_fields": list(_PARAMETER_FIELDS),
            "parameters": [[getattr(p, name) for name in _PARAMETER_FIELDS] for p in library.parameters.values()]}


def _encode_column(values: list[Any]) -> Any:
    """One column of a cache entry (see :func:`entry_of`); the checks run at C speed."""
    runs = len(list(itertools.islice(itertools.groupby(values), len(values) // 4 + 1)))  # counted up to n/4 + 1
    if 0 < runs * 4 <= len(values):  # long runs of one value
        return {"runs": [[value, len(list(group))] for value, group in itertools.groupby(values)]}
    if set(map(type, values)) == {str}:
        text = _SEPARATOR.join(values)
        if text.count(_SEPARATOR) == len(values) - 1:  # no text holds the separator
            return {"text": text}
    return values


def map_column(entry: dict[str, Any], name: str, function: Callable[[Any], Any]) -> None:
    """Apply ``function`` to every value of the column ``name`` of an :func:`entry_of` form, in place.

    ``function`` may raise TypeError or ValueError for a value it refuses, as :func:`library_of` may.
    """
    index = FACTOR_FIELDS.index(name)
    column = entry["columns"][index]
    if isinstance(column, dict) and "runs" in column:
        column["runs"] = [[function(value), count] for value, count in column["runs"]]
    elif isinstance(column, dict) and "text" in column:
        column["text"] = _SEPARATOR.join(map(function, column["text"].split(_SEPARATOR)))
    else:
        entry["columns"][index] = [function(value) for value in column]


def library_of(entry: dict[str, Any]) -> FactorLibrary | None:
    """The library of an :func:`entry_of` form, or ``None`` when it is not of the layout and types expected.

    Raises
    ------
    TypeError, ValueError, KeyError, AttributeError
        When ``entry`` is well-formed JSON of another shape (the caller treats it as no entry).
    """
    count = entry["count"]
    if entry["fields"] != list(FACTOR_FIELDS) or type(count) is not int \
            or len(entry["columns"]) != len(FACTOR_FIELDS):
        return None
    columns: list[list[Any]] = []
    for name, column in zip(FACTOR_FIELDS, entry["columns"], strict=True):
        values = _column(name, column, count)
        if values is None:
            return None
        columns.append(values)
    factors = RowFactors(columns=columns)
    if len(factors) != count or not all(map(math.isfinite, columns[1])):  # ids unique, values finite
        return None
    parameters = _parameters(entry)
    if parameters is None:
        return None
    tables = tuple((str(n), str(v), str(f)) for n, v, f in entry["tables"])
    return FactorLibrary(factors, tables, tuple(map(str, entry["digests"])), str(entry["fingerprint"]),
                         {str(k): str(v) for k, v in entry["overridden"].items()}, parameters)


def _column(name: str, column: Any, count: int) -> list[Any] | None:
    """The ``count`` values of a cached column, or ``None`` when they are not of the field's types."""
    if isinstance(column, dict) and "text" in column:
        texts: list[Any] = column["text"].split(_SEPARATOR) if count else []
        return texts if str in _COLUMN_TYPES[name] and len(texts) == count else None
    runs = column["runs"] if isinstance(column, dict) else None
    if runs is not None and _run_lengths(runs) == count:
        values = [value for value, _ in runs]
    elif isinstance(column, list) and len(column) == count:
        values = column
    else:
        return None
    if not {type(v) for v in values} <= _COLUMN_TYPES[name]:
        return None
    decode = _DECODE.get(name)
    if decode is not None:
        values = [decode(v) for v in values]
    if runs is None:
        return values
    expanded: list[Any] = []
    for value, (_, n) in zip(values, runs, strict=True):
        expanded += [value] * n
    return expanded


def _run_lengths(runs: Any) -> int | None:
    """The number of values ``runs`` (``[[value, count], ...]``) expand to, ``None`` if malformed."""
    if not isinstance(runs, list) or not all(isinstance(r, list) and len(r) == 2 and type(r[1]) is int and r[1] > 0
                                             for r in runs):
        return None
    return int(sum(n for _, n in runs))


def _quality(value: dict[str, Any] | None) -> PedigreeScores | None:
    return None if value is None else PedigreeScores(**value)


def _indicators(value: dict[str, Any]) -> dict[str, Indicator]:
    return {name: Indicator(**indicator) for name, indicator in value.items()}


def _parts(value: list[dict[str, Any]]) -> tuple[Part, ...]:
    return tuple(Part(**part) for part in value)


def _gases(value: dict[str, Any]) -> dict[str, float]:
    if not all(type(v) in _NUMBER for v in value.values()):
        raise TypeError("a gas's value is not a number")
    return value


_DECODE: dict[str, Any] = {"quality": _quality, "indicators": _indicators, "parts": _parts, "gases": _gases}


def _parameters(entry: dict[str, Any]) -> dict[str, Parameter] | None:
    """The cached parameters, or ``None`` when they are not of the expected layout and types."""
    if entry["parameter_fields"] != list(_PARAMETER_FIELDS):
        return None
    parameters = {p[0]: Parameter(*p) for p in entry["parameters"]
                  if type(p[0]) is str and type(p[1]) in _NUMBER and type(p[2]) is str}
    return parameters if len(parameters) == len(entry["parameters"]) else None
