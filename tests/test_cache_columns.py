"""The cache's column encodings: lossless round trips, every hostile value refused, and the fingerprint.

A cache file is untrusted data: whatever its columns hold, :func:`library_of` gives the library
that was written, or ``None`` (the library is then rebuilt from its tables), never a wrong value.
Known answers: ADEME's extract (``tests/data/ademe``) holds factors with parts, gases by part and
quality scores, which every layout change must carry through.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.factors import cache, loading
from coopcarbon.factors.library import FactorLibrary, Indicator, Part
from coopcarbon.factors.plaincolumns import decode_column, decode_mappings, encode_column, encode_mappings, map_column
from coopcarbon.factors.rows import FACTOR_FIELDS, entry_of, library_of, rows_of
from coopcarbon.pedigree import PedigreeScores

from .helpers import typed

EXTRACT = Path(__file__).parent / "data" / "ademe" / "base_carbone_extract.csv"
NUMBER = frozenset({int, float})
_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(["a", "b", "a\u241eb", ""])




def _through_json(data: Any) -> Any:
    return json.loads(cache.encode("k", {"data": data}).partition(b"\n")[2])["data"]


@pytest.fixture(scope="module")
def library() -> FactorLibrary:
    return cc.load_factors(EXTRACT)


# -- one column ---------------------------------------------------------------------------------
_NUMBERS = st.sampled_from([0.0, -0.0, 1.0, 2.5, None]) | st.integers(-3, 3)
_COLUMNS = {  # values of a field, and the types it allows as JSON gives them back
    "numbers": (st.lists(_NUMBERS, max_size=40), frozenset({int, float, type(None)})),
    "texts": (st.lists(_TEXTS, max_size=40), frozenset({str})),
    "flags": (st.lists(st.booleans(), max_size=40), frozenset({bool})),
    "records": (st.lists(st.sampled_from([(1, 2), ("CO2f",), (), None]), max_size=40), frozenset({list, type(None)})),
}


@pytest.mark.parametrize("kind", sorted(_COLUMNS))
@given(data=st.data())
def test_a_column_comes_back_exactly(kind: str, data: st.DataObject) -> None:
    """Runs and distinct values never merge 1 with 1.0, nor 0.0 with -0.0; texts may hold the separator."""
    strategy, types = _COLUMNS[kind]
    values = data.draw(strategy)
    decoded = decode_column(_through_json(encode_column(values)), len(values), types)
    assert decoded is not None
    assert typed([tuple(v) if isinstance(v, list) else v for v in decoded]) == typed(values)


@given(st.lists(st.dictionaries(st.sampled_from(["CO2f", "CH4f", "N2O", "CO2b"]),
                                st.sampled_from([0.0, -0.0, 0.5, 3])), max_size=30))
def test_a_column_of_mappings_comes_back_exactly(mappings: list[dict[str, float]]) -> None:
    decoded = decode_mappings(_through_json(encode_mappings(mappings)), len(mappings))
    assert decoded is not None and typed(decoded) == typed(mappings)


@pytest.mark.parametrize("values", [["FR"] * 9 + ["DE"], [3.0] * 10,
                                    [(1, 2, 3, 4, 5), None] * 5, [(1, 2, 3, 4, 5)] * 6 + [None] * 2])
def test_repeated_values_are_kept_once(values: list[Any]) -> None:
    column = encode_column(values)
    assert isinstance(column, dict) and len(json.dumps(column)) < len(json.dumps(values))


@pytest.mark.parametrize(("column", "count", "types"), [
    ({"text": "a\u241eb"}, 2, frozenset({int})),  # texts for a number field
    ({"text": "a\u241eb"}, 3, frozenset({str})),  # too few
    ({"text": 5}, 1, frozenset({str})),
    ({"runs": ["a"], "counts": [0]}, 0, frozenset({str})),  # an empty run
    ({"runs": ["a"], "counts": [-2]}, -2, frozenset({str})),
    ({"runs": ["a", "b"], "counts": [2]}, 2, frozenset({str})),  # a run without its length
    ({"runs": ["a"], "counts": [True]}, 1, frozenset({str})),
    ({"runs": ["a"], "counts": [2]}, 3, frozenset({str})),
    ({"runs": ["a", "b"], "counts": [10**12, 10**12]}, 2 * 10**12, frozenset({str})),  # no memory asked for
    ({"distinct": [[1, 2, 3, 4, 5]], "index": [0, 1]}, 2, frozenset({list})),  # no value 1
    ({"distinct": [[1, 2, 3, 4, 5]], "index": [-1]}, 1, frozenset({list})),
    ({"distinct": [[1, 2, 3, 4, 5]], "index": [0.0]}, 1, frozenset({list})),
    ({"distinct": [[1, 2, 3, 4, 5]], "index": {"distinct": [0], "index": [0]}}, 1, frozenset({list})),
    ([1.5, float("nan")], 2, NUMBER),  # what json.loads makes of NaN
    ([1.5, float("inf")], 2, NUMBER),  # ... of 1e400
    ([1, "2"], 2, NUMBER),
    ([True], 1, NUMBER),
    ([1, 2], 3, NUMBER),
    ("12", 2, frozenset({str})),
])
def test_a_malformed_or_mistyped_column_is_refused(column: Any, count: int, types: frozenset[type]) -> None:
    try:
        assert decode_column(column, count, types) is None
    except (TypeError, ValueError, KeyError, AttributeError):  # what library_of's callers take as no entry
        pass


# -- a whole library ------------------------------------------------------------------------------
def test_the_extract_comes_back_with_every_record_and_type(library: FactorLibrary) -> None:
    rows = rows_of(library.factors)
    parts = FACTOR_FIELDS.index("parts")
    assert sum(len(row[parts]) for row in rows.values()) > 0
    assert any(part.gases for row in rows.values() for part in row[parts])
    assert any(row[FACTOR_FIELDS.index("quality")] is not None for row in rows.values())
    back = library_of(_through_json(entry_of(library)))
    assert back is not None
    assert typed(rows_of(back.factors)) == typed(rows) and list(back) == list(library)
    assert (back.fingerprint, back.tables, back.digests, back.parameters) == \
        (library.fingerprint, library.tables, library.digests, library.parameters)


def _spoiled(library: FactorLibrary) -> list[tuple[str, dict[str, Any]]]:
    """Entries of ``library``, each with the values of one column (or part of a record column) spoiled."""
    entry = _through_json(entry_of(library))
    count = entry["count"]

    def each(column: Any, function: Any) -> Any:  # the column with every value spoiled, its layout kept
        if isinstance(column, dict) and "text" in column:  # texts spoiled into other values: a list
            return [function(text) for text in column["text"].split("\u241e")]
        return map_column(copy.deepcopy(column), function)

    columns = dict(zip(FACTOR_FIELDS, entry["columns"], strict=True))
    quality, parts, gases = columns["quality"], columns["parts"], columns["gases"]
    spoils: list[tuple[str, Any]] = [
        ("quality", each(quality, lambda q: q and [*q[:4], "5"])),  # a score as text
        ("quality", each(quality, lambda q: q and q[:4])),  # four scores
        ("quality", each(quality, lambda q: q and [*q[:4], True])),
        ("magnitude", [math.inf] * count), ("magnitude", each(columns["magnitude"], str)),
        ("year", {"text": "\u241e".join(["x"] * count)}), ("verified", [1] * count),
        ("indicators", [{"adpe": {"name": "adpe", "magnitude": "1", "unit": "kgSbeq", "source": "s",
                                  "source_id": ""}}] * count),
        ("indicators", [{"adpe": {"name": "adpe"}}] * count),
        ("gases", {**gases, "values": each(gases["values"], str)}),
        ("gases", {**gases, "values": [*gases["values"], 0.5]}),  # one value too many
        ("gases", {**gases, "keys": {"text": "x"}}),
    ]
    for name, function in (("kind", len), ("value", str), ("count", lambda n: -n), ("name_fr", len)):
        spoils.append(("parts", {**parts, name: each(parts[name], function)}))
    part_gases = parts["gases"]
    spoils += [("parts", {**parts, "gases": {**part_gases, "values": each(part_gases["values"], str)}}),
               ("parts", {**parts, "gases": {**part_gases, "keys": each(part_gases["keys"], lambda k: k and k * 2)}}),
               ("parts", {**parts, "gases": {**part_gases, "keys": each(part_gases["keys"], lambda k: k and [1])}})]
    spoiled = []
    for name, column in spoils:
        bad = copy.deepcopy(entry)
        bad["columns"][FACTOR_FIELDS.index(name)] = column
        spoiled.append((name, bad))
    return spoiled


def test_a_spoiled_record_gives_no_library(library: FactorLibrary) -> None:
    spoiled = _spoiled(library)
    assert len(spoiled) > 15
    for name, entry in spoiled:
        try:
            assert library_of(entry) is None, name
        except (TypeError, ValueError, KeyError, AttributeError):  # what _from_cache takes as no entry
            pass


# -- the fingerprint ------------------------------------------------------------------------------
_CHANGES: dict[str, Any] = {
    "id": "other.id", "magnitude": 0.123456, "unit": "kgCO2e/kg", "uncertainty": 0.42,
    "quality": PedigreeScores(5, 5, 5, 5, 5), "source": "another source", "source_id": "x42", "year": 1999,
    "scope": 1, "ghg_category": 15, "beges_post": "6.1", "basis": "PCS", "pcs_pci_ratio": 1.2345,
    "without_non_co2": "other.factor", "lifetime_years": 77.0,
    "indicators": {"adpe": Indicator("adpe", 1.0, "kgSbeq/kg", "s")}, "source_key": "OTHER-KEY",
    "verified": True, "process_kind": "gas_release",
    "parts": (Part("Combustion", 0.1), Part("Amont", 0.02)), "gases": {"CO2f": 0.1, "N2O": 0.001},
}


def test_every_fingerprinted_field_is_listed_here() -> None:
    assert {FACTOR_FIELDS[i] for i in loading._FINGERPRINT_FIELDS} == set(_CHANGES)


@pytest.mark.parametrize("name", sorted(_CHANGES))
def test_changing_any_fingerprinted_field_of_one_factor_changes_the_fingerprint(
        library: FactorLibrary, name: str) -> None:
    rows = dict(rows_of(library.factors))
    factor_id = sorted(rows)[len(rows) // 2]
    index = FACTOR_FIELDS.index(name)
    assert rows[factor_id][index] != _CHANGES[name]
    before = loading._fingerprint(rows)
    if name == "id":
        rows[_CHANGES["id"]] = (_CHANGES["id"], *rows.pop(factor_id)[1:])
    else:
        rows[factor_id] = (*rows[factor_id][:index], _CHANGES[name], *rows[factor_id][index + 1:])
    assert loading._fingerprint(rows) != before


def test_the_fingerprint_ignores_the_order_of_ids_and_what_no_figure_depends_on(library: FactorLibrary) -> None:
    rows = rows_of(library.factors)
    reordered = dict(reversed(list(rows.items())))
    line, notes = FACTOR_FIELDS.index("line"), FACTOR_FIELDS.index("notes")
    moved = {i: (*row[:line], 999, *row[line + 1:]) for i, row in rows.items()}
    renoted = {i: (*row[:notes], "other notes", *row[notes + 1:]) for i, row in rows.items()}
    assert loading._fingerprint(rows) == loading._fingerprint(reordered) == loading._fingerprint(moved) \
        == loading._fingerprint(renoted) == library.fingerprint


@pytest.mark.parametrize("change", ["value", "kind", "gases"])
def test_changing_one_part_changes_the_fingerprint(library: FactorLibrary, change: str) -> None:
    """The posts a line is split into, and their gases, are figures of the results (BEGES posts, by_gas)."""
    rows = dict(rows_of(library.factors))
    parts_at = FACTOR_FIELDS.index("parts")
    factor_id = next(i for i in sorted(rows) if rows[i][parts_at])
    first, *others = rows[factor_id][parts_at]
    changed = {"value": first._replace(value=first.value * 1.001),
               "kind": first._replace(kind=first.kind + " bis"),
               "gases": first._replace(gases={**first.gases, "CH4f": 0.5})}[change]
    before = loading._fingerprint(rows)
    rows[factor_id] = (*rows[factor_id][:parts_at], (changed, *others), *rows[factor_id][parts_at + 1:])
    assert loading._fingerprint(rows) != before


def test_texts_cannot_collide_in_the_fingerprint(library: FactorLibrary) -> None:
    rows = dict(rows_of(library.factors))
    a, b = sorted(rows)[:2]
    source = FACTOR_FIELDS.index("source")
    one = {**rows, a: (*rows[a][:source], "ab", *rows[a][source + 1:]),
           b: (*rows[b][:source], "c", *rows[b][source + 1:])}
    other = {**rows, a: (*rows[a][:source], "a", *rows[a][source + 1:]),
             b: (*rows[b][:source], "bc", *rows[b][source + 1:])}
    assert loading._fingerprint(one) != loading._fingerprint(other)


def test_parts_are_decoded_as_parts(library: FactorLibrary) -> None:
    back = library_of(_through_json(entry_of(library)))
    assert back is not None
    parts = [part for factor_id in back for part in back[factor_id].parts]
    assert parts and all(type(part) is Part and type(part.gases) is dict for part in parts)
