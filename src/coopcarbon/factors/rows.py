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
import json
import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import partial
from typing import Any

from ..pedigree import PedigreeScores
from . import plaincolumns
from .library import Factor, FactorLibrary, Indicator, Parameter, Part
from .plaincolumns import NUMBER, decode_column, decode_mappings, encode_column, encode_mappings, filled

__all__ = ["FACTOR_FIELDS", "RowFactors", "column_texts", "encode_columns", "entry_of", "entry_pieces", "json_text",
           "library_of", "map_column", "plain_indicators", "plain_record",
           "rows_of", "score_values"]

#: The fields of a factor row, in order (those of :class:`Factor`).
FACTOR_FIELDS = tuple(f.name for f in fields(Factor))


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


def plain_record(record: PedigreeScores | Indicator) -> dict[str, Any]:
    """The fields of a record inside factor rows as a mapping (JSON-ready: their values are plain data).

    Its ``__dict__`` copied: :func:`dataclasses.asdict` would deep-copy every value, ten times slower.
    """
    return dict(record.__dict__)


def plain_indicators(indicators: Mapping[str, Indicator]) -> dict[str, dict[str, Any]]:
    """A factor's indicators as a mapping of JSON-ready mappings (see :func:`plain_record`)."""
    return {name: plain_record(indicator) for name, indicator in indicators.items()}


def rows_of(factors: Mapping[str, Factor]) -> dict[str, tuple[Any, ...]]:
    """Factor fields as tuples by id, without building Factor objects when they are rows already."""
    if isinstance(factors, RowFactors):
        return factors.rows
    return {fid: tuple(getattr(f, name) for name in FACTOR_FIELDS) for fid, f in factors.items()}


# -- the plain-data form: columns ----------------------------------------------------------------
_PARAMETER_FIELDS = tuple(f.name for f in fields(Parameter))
_TEXT: frozenset[type] = frozenset({str})
_NONE = type(None)
#: Types each cached factor column may hold (checked before use; the records' columns have their
#: own encodings, see :data:`_RECORDS`).
_COLUMN_TYPES: dict[str, frozenset[type]] = {
    "id": _TEXT, "magnitude": NUMBER, "unit": _TEXT, "name_fr": _TEXT, "name_en": _TEXT, "source": _TEXT,
    "source_id": _TEXT, "year": frozenset({int}), "uncertainty": NUMBER | {_NONE}, "uncertainty_source": _TEXT,
    "region": _TEXT, "gwp": _TEXT, "basis": _TEXT | {_NONE}, "pcs_pci_ratio": NUMBER | {_NONE},
    "scope": frozenset({int}), "ghg_category": frozenset({int, _NONE}), "beges_post": _TEXT,
    "without_non_co2": _TEXT | {_NONE}, "lifetime_years": NUMBER | {_NONE}, "estimated": frozenset({bool}),
    "license": _TEXT, "notes": _TEXT, "valid_from": frozenset({int, _NONE}), "valid_to": frozenset({int, _NONE}),
    "source_url": _TEXT, "table": _TEXT, "table_version": _TEXT, "file": _TEXT, "line": frozenset({int, _NONE}),
    "overrides": _TEXT | {_NONE}, "source_key": _TEXT | {_NONE}, "verified": frozenset({bool}),
    "process_kind": _TEXT | {_NONE},
}
#: The fields of a factor's records: quality scores, indicators, parts (and a part's gases).
_SCORE_FIELDS = tuple(f.name for f in fields(PedigreeScores))
#: The five scores of a :class:`PedigreeScores`, as a tuple.
score_values = operator.attrgetter(*_SCORE_FIELDS)
_INDICATOR_TYPES = {"name": _TEXT, "magnitude": NUMBER, "unit": _TEXT, "source": _TEXT, "source_id": _TEXT}
_PART_TYPES = {"kind": _TEXT, "value": NUMBER, "name_fr": _TEXT, "name_en": _TEXT}
assert tuple(_INDICATOR_TYPES) == tuple(f.name for f in fields(Indicator))  # noqa: S101  # a new field needs its type
assert (*_PART_TYPES, "gases") == Part._fields  # noqa: S101  # a new field needs its type


def entry_of(library: FactorLibrary) -> dict[str, Any]:
    """The plain-data form of ``library`` kept in the cache: one column per factor field.

    Each column is encoded by :func:`~coopcarbon.factors.plaincolumns.encode_column`; the
    records are flattened first (:data:`_RECORDS`): the quality scores as tuples of five
    integers, the indicators as mappings, the gases as a column of mappings, the parts as
    their number for each factor and one column for each field of a part.
    """
    return {**_head(library), "columns": encode_columns(rows_of(library.factors))}


def encode_columns(rows: Mapping[str, tuple[Any, ...]]) -> list[Any]:
    """The columns of ``rows`` (factor rows by id), each encoded as :func:`entry_of` keeps it, in field order."""
    return [_RECORDS[name][0](list(values)) if name in _RECORDS
            else encode_column(list(values), float in _COLUMN_TYPES[name])
            for name, values in zip(FACTOR_FIELDS, zip(*rows.values(), strict=True) if rows
                                    else [()] * len(FACTOR_FIELDS), strict=True)]


#: The JSON text of plain data as the cache writes it: compact, ASCII, no NaN.
json_text = partial(json.dumps, separators=(",", ":"), allow_nan=False)


def column_texts(rows: Mapping[str, tuple[Any, ...]]) -> list[str]:
    """The JSON text of each column of ``rows`` (:func:`encode_columns`), in field order."""
    return list(map(json_text, encode_columns(rows)))


def entry_pieces(library: FactorLibrary, texts: Sequence[str]) -> list[str]:
    """The JSON text of :func:`entry_of` ``(library)`` in pieces, its columns given as texts (:func:`column_texts`).

    The pieces, one after the other, are the text; they are never joined (10 MB for a library
    of 20 000 factors): the cache writes them one by one.
    """
    pieces = [json_text(_head(library))[:-1] + ',"columns":[']
    for i, text in enumerate(texts):
        pieces += (",", text) if i else (text,)
    return [*pieces, "]}"]


def _head(library: FactorLibrary) -> dict[str, Any]:
    """The fields of :func:`entry_of`'s form but its columns."""
    return {"fields": list(FACTOR_FIELDS), "count": len(library.factors), "tables": library.tables,
            "digests": library.digests, "fingerprint": library.fingerprint, "overridden": dict(library.overridden),
            "parameter_fields": list(_PARAMETER_FIELDS),
            "parameters": [[getattr(p, name) for name in _PARAMETER_FIELDS] for p in library.parameters.values()]}


def map_column(entry: dict[str, Any], name: str, function: Callable[[Any], Any]) -> None:
    """Apply ``function`` to every value of the column ``name`` (not a record's) of an :func:`entry_of` form.

    ``function`` may raise TypeError or ValueError for a value it refuses, as :func:`library_of` may.
    """
    index = FACTOR_FIELDS.index(name)
    entry["columns"][index] = plaincolumns.map_column(entry["columns"][index], function)


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
        values = _RECORDS[name][1](column, count) if name in _RECORDS \
            else decode_column(column, count, _COLUMN_TYPES[name])
        if values is None:
            return None
        columns.append(values)
    factors = RowFactors(columns=columns)
    if len(factors) != count:  # ids unique
        return None
    parameters = _parameters(entry)
    if parameters is None:
        return None
    tables = tuple((str(n), str(v), str(f)) for n, v, f in entry["tables"])
    return FactorLibrary(factors, tables, tuple(map(str, entry["digests"])), str(entry["fingerprint"]),
                         {str(k): str(v) for k, v in entry["overridden"].items()}, parameters)


# -- the records' columns -------------------------------------------------------------------------
def _encode_quality(values: list[PedigreeScores | None]) -> Any:
    return encode_column([None if scores is None else score_values(scores) for scores in values], False)


def _decode_quality(column: Any, count: int) -> list[PedigreeScores | None] | None:
    return decode_column(column, count, frozenset({list, _NONE}), _scores)


def _scores(value: list[Any] | None) -> PedigreeScores | None:
    if value is None:
        return None
    if len(value) != len(_SCORE_FIELDS) or not all(type(score) is int for score in value):
        raise TypeError("quality scores are not five integers")
    return PedigreeScores(*value)


def _encode_indicators(values: list[Mapping[str, Indicator]]) -> Any:
    return encode_column([plain_indicators(v) if v else {} for v in values])


def _decode_indicators(column: Any, count: int) -> list[dict[str, Indicator]] | None:
    return decode_column(column, count, frozenset({dict}), _indicators)


def _indicators(value: dict[str, Any]) -> dict[str, Indicator]:
    if not all(type(name) is str and set(i) == set(_INDICATOR_TYPES)
               and all(type(i[field]) in types for field, types in _INDICATOR_TYPES.items())
               and math.isfinite(i["magnitude"]) for name, i in value.items()):
        raise TypeError("an indicator is not of the fields and types of Indicator")
    return {name: Indicator(**indicator) for name, indicator in value.items()}


def _encode_parts(values: list[tuple[Part, ...]]) -> dict[str, Any]:
    kinds, numbers, names_fr, names_en, gases = map(list, zip(*itertools.chain.from_iterable(values), strict=True)) \
        if any(values) else ([],) * len(Part._fields)
    return {"count": encode_column(list(map(len, values)), False), "kind": encode_column(kinds, False),
            "value": encode_column(numbers), "name_fr": encode_column(names_fr, False),
            "name_en": encode_column(names_en, False), "gases": encode_mappings(gases)}


def _decode_parts(column: Any, count: int) -> list[tuple[Part, ...]] | None:
    counts = decode_column(column["count"], count, frozenset({int}))
    if counts is None or (counts and min(counts) < 0):
        return None
    total = sum(counts)
    decoded = [decode_column(column[name], total, types) for name, types in _PART_TYPES.items()]
    part_fields = [values for values in decoded if values is not None]
    gases = decode_mappings(column["gases"], total)
    if gases is None or len(part_fields) != len(_PART_TYPES):
        return None
    parts = iter(list(map(tuple.__new__, itertools.repeat(Part), zip(*part_fields, gases, strict=True))))  # at C speed
    return filled(count, counts, (), map(tuple, map(itertools.islice, itertools.repeat(parts), filter(None, counts))))


_RECORDS: dict[str, tuple[Callable[[list[Any]], Any], Callable[[Any, int], list[Any] | None]]] = {
    "quality": (_encode_quality, _decode_quality), "indicators": (_encode_indicators, _decode_indicators),
    "parts": (_encode_parts, _decode_parts), "gases": (encode_mappings, decode_mappings)}
assert set(_COLUMN_TYPES) | set(_RECORDS) == set(FACTOR_FIELDS)  # noqa: S101  # a new Factor field needs its type


def _parameters(entry: dict[str, Any]) -> dict[str, Parameter] | None:
    """The cached parameters, or ``None`` when they are not of the expected layout and types."""
    if entry["parameter_fields"] != list(_PARAMETER_FIELDS):
        return None
    parameters = {p[0]: Parameter(*p) for p in entry["parameters"]
                  if type(p[0]) is str and type(p[1]) in NUMBER and type(p[2]) is str}
    return parameters if len(parameters) == len(entry["parameters"]) else None
