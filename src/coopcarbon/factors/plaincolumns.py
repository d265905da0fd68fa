"""Columns of values as compact JSON data, and back, every value checked (the cache's encodings).

A column holds one field's values for every factor of a library, in order. It is kept as:

- ``{"runs": [value, ...], "counts": [count, ...]}`` when it holds long runs of one value
  (most fields are the same for a whole table): each run's value and length;
- ``{"text": "a␞b␞c"}`` when its values are texts: one JSON string, read back with one
  ``split``, many times faster than a list of strings;
- ``{"distinct": [value, ...], "index": [i, ...]}`` when few records repeat often (e.g. the
  quality scores of 20 000 factors): each value is its position among the distinct ones;
- else the list of values.

A column of mappings (gases by name) is two columns (:func:`encode_mappings`): the tuple of
each mapping's keys, and all of their values one after the other.

Only values that JSON keeps as they are (texts, numbers, ``None``, booleans, lists of them)
are encoded, and two values are merged (into a run or a distinct value) only when they are the
same value: ``1`` and ``1.0``, ``0.0`` and ``-0.0`` are kept apart. Reading back
(:func:`decode_column`) checks the layout, every value's type against the field's, and that
every number is finite: a well-formed file of another shape gives ``None``, never a wrong value.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["MAX_VALUES", "NUMBER", "decode_column", "decode_mappings", "encode_column", "encode_mappings", "filled",
           "map_column"]

#: Most values a column of runs may expand to: a few bytes of a file cannot ask for more memory
#: than this (a library of 20 000 factors has some 100 000 parts and gases).
MAX_VALUES = 10_000_000
#: The types of a JSON number.
NUMBER: frozenset[type] = frozenset({int, float})
#: Joins a text column into one JSON string; a column whose texts contain it is kept otherwise.
_SEPARATOR = "\u241e"
_values_of = operator.methodcaller("values")
#: Types whose equal values are the same value, so that a run may merge them (``True == 1`` and
#: ``1 == 1.0`` are ruled out by allowing one of them per column, ``0.0 == -0.0`` by
#: :func:`_no_negative_zero`; tuples and mappings are the caller's records, whose fields each
#: have one type).
_RUNS: frozenset[type] = frozenset({str, int, float, bool, tuple, dict, type(None)})
#: Types kept as distinct values and positions when they repeat: records (a number is hardly
#: longer than its position, and slower to find; texts are joined instead).
_DISTINCT: frozenset[type] = frozenset({tuple, type(None)})


def encode_column(values: list[Any], numbers: bool = True) -> Any:
    """One column as JSON-ready data (see the module's docstring), in few passes at C speed.

    ``numbers=False`` says that the values are of one type, and not floats (a field's type, the
    rows being valid): equal values are then the same value. Else their types are looked at when
    a run would merge them.
    """
    runs = len(list(itertools.islice(itertools.groupby(values), len(values) // 4 + 1)))  # counted up to n/4 + 1
    if 0 < runs * 4 <= len(values) and (not numbers or _mergeable(values, _RUNS)):  # long runs of one value
        counts = [len(list(group)) for _, group in itertools.groupby(values)]
        return {"runs": list(map(values.__getitem__, itertools.accumulate(counts[:-1], initial=0))), "counts": counts}
    try:
        text = _SEPARATOR.join(values)
    except TypeError:  # not texts only
        text = None
    if text is not None and text.count(_SEPARATOR) == len(values) - 1:  # no text holds the separator
        return {"text": text}
    if values and type(values[0]) in _DISTINCT and _mergeable(values, _DISTINCT):
        unique = list(dict.fromkeys(values))
        if len(unique) * 2 <= len(values):
            position = {value: i for i, value in enumerate(unique)}
            return {"distinct": unique, "index": list(map(position.__getitem__, values))}
    return values


def _mergeable(values: list[Any], allowed: frozenset[type]) -> bool:
    """Whether equal ``values`` are the same value: of one of the ``allowed`` types (or ``None``), no ``-0.0``."""
    types = set(map(type, values))
    return len(types - {type(None)}) <= 1 and types <= allowed and _no_negative_zero(values, types)


def _no_negative_zero(values: list[Any], types: set[type]) -> bool:
    """Whether ``values`` hold no ``-0.0`` (equal to ``0.0``, a run would merge them)."""
    if float not in types or 0.0 not in values:
        return True
    zeros = itertools.compress(values, map(operator.eq, values, itertools.repeat(0.0)))
    return min(map(math.copysign, itertools.repeat(1.0), zeros)) > 0  # at C speed


def decode_column(column: Any, count: int, types: frozenset[type],
                  convert: Callable[[Any], Any] | None = None) -> list[Any] | None:
    """The ``count`` values of an :func:`encode_column` form, or ``None`` when not of ``types``.

    ``convert`` turns each value read into the field's value (once per distinct value or run);
    it may raise TypeError or ValueError to refuse one, as this function may for a malformed
    ``column`` (the caller treats both as no column).
    """
    if isinstance(column, dict) and "text" in column:
        text = column["text"]
        texts: list[Any] = text.split(_SEPARATOR) if count and type(text) is str else []
        return texts if str in types and len(texts) == count else None
    stored = _stored(column, count)
    if stored is None or not _of_types(stored[0], types):
        return None
    values, expand = stored
    return expand(values if convert is None else list(map(convert, values)))


def _stored(column: Any, count: int) -> tuple[list[Any], Callable[[list[Any]], list[Any]]] | None:
    """The values ``column`` stores (each run's, each distinct one, or all) and how they expand to ``count``.

    ``None`` when the column is not of one of the layouts of :func:`encode_column`.
    """
    if isinstance(column, list):
        return (column, _as_they_are) if len(column) == count else None
    if not isinstance(column, dict):
        return None
    if "runs" in column:
        values, counts = column["runs"], column["counts"]
        if _total(counts, values) != count:
            return None
        return values, lambda decoded: _expanded(decoded, counts)
    values, index = column["distinct"], column["index"]
    if not isinstance(values, list) or not isinstance(index, list) or len(index) != count \
            or not set(map(type, index)) <= {int} or (count and not 0 <= min(index) <= max(index) < len(values)):
        return None
    return values, lambda decoded: list(map(decoded.__getitem__, index))


def _as_they_are(values: list[Any]) -> list[Any]:
    return values


def _expanded(values: list[Any], counts: list[int]) -> list[Any]:
    """Each of ``values`` repeated by its count, in turn (a run's value is one object, as it was one in the file)."""
    expanded: list[Any] = []
    for value, count in zip(values, counts, strict=True):
        expanded += [value] * count
    return expanded


def _of_types(values: list[Any], types: frozenset[type]) -> bool:
    """Whether every value is of ``types``, and every number finite."""
    found = set(map(type, values))
    return found <= types and (float not in found or all(map(math.isfinite, filter(None, values))))  # None left out


def _total(counts: Any, values: Any) -> int | None:
    """The number of values runs of lengths ``counts`` expand to, ``None`` if malformed or over :data:`MAX_VALUES`."""
    if not isinstance(values, list) or not isinstance(counts, list) or len(values) != len(counts) \
            or not set(map(type, counts)) <= {int} or min(counts, default=1) <= 0:
        return None
    total = int(sum(counts))
    return total if total <= MAX_VALUES else None


def map_column(column: Any, function: Callable[[Any], Any]) -> Any:
    """The :func:`encode_column` form ``column`` with ``function`` applied to each of its values.

    ``function`` may raise TypeError or ValueError for a value it refuses, as :func:`decode_column` may.
    """
    if isinstance(column, dict) and "runs" in column:
        return {"runs": [function(value) for value in column["runs"]], "counts": column["counts"]}
    if isinstance(column, dict) and "text" in column:
        return {"text": _SEPARATOR.join(map(function, column["text"].split(_SEPARATOR)))}
    if isinstance(column, dict):
        return {"distinct": [function(value) for value in column["distinct"]], "index": column["index"]}
    return [function(value) for value in column]


def encode_mappings(mappings: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A column of mappings (text → number) as two columns: each one's keys, and all of their values in turn."""
    return {"keys": encode_column(list(map(tuple, mappings)), False),  # empty mappings have no values:
            "values": encode_column(list(itertools.chain.from_iterable(map(_values_of, filter(None, mappings)))))}


def decode_mappings(column: Any, count: int) -> list[dict[str, Any]] | None:
    """The ``count`` mappings of an :func:`encode_mappings` form, or ``None`` when not of its types."""
    shapes = decode_column(column["keys"], count, frozenset({list}), _keys)
    if shapes is None:
        return None
    values = decode_column(column["values"], sum(map(len, shapes)), NUMBER)
    if values is None:
        return None
    items = iter(values)  # zip takes no value past a mapping's last key
    return filled(count, shapes, {}, map(dict, map(zip, filter(None, shapes), itertools.repeat(items))))


def filled(count: int, sizes: Sequence[Any], empty: Any, built: Iterator[Any]) -> list[Any]:
    """``count`` values: ``empty`` (one object) where ``sizes`` is empty or 0, else the next of ``built`` in turn.

    Builds only the values that are not empty (most factors have no parts and no gases).
    """
    values = [empty] * count
    for position, value in zip(itertools.compress(range(count), sizes), built, strict=True):
        values[position] = value
    return values


def _keys(value: Any) -> tuple[str, ...]:
    """The keys of one mapping as read: distinct texts."""
    keys = tuple(value)
    if not set(map(type, keys)) <= {str} or len(set(keys)) != len(keys):
        raise TypeError("the keys of a mapping are not distinct texts")
    return keys
