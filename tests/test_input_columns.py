"""The input path column-wise: quantity texts parsed once, no pint object per line, same totals.

A bilan file's raw activities, activity lines made from Python and the columnar engine
(:func:`coopcarbon.engine.compute_columns`) must give the same emissions line by line; a text
repeated on many lines is parsed once, a unit once per unit; the engine's group coding (a dense
remap) gives the groups ``np.unique`` gives.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon import activities
from coopcarbon.activities import ActivityLine, quantity_text_parts
from coopcarbon.engine import _dense_codes, _first_indices, compute_columns
from coopcarbon.errors import InputError

from .ledger import ledger_yaml

#: Factor ids of the bundled tables and units each accepts.
KINDS = [
    ("mobility.train.tgv", ("passenger_km", "passenger_mile")),
    ("energy.electricity.fr.mix_2024", ("kWh", "MWh")),
    ("hardware.laptop", ("device",)),
    ("purchases.services.insurance", ("EUR", "kEUR")),
    ("mobility.car.petrol", ("vehicle_km",)),
]
LIB = cc.load_factors()

rows = st.lists(st.tuples(st.integers(0, len(KINDS) - 1), st.integers(0, 1),
                          st.sampled_from(["0", "1", "12", "12.5", "460", "1e3", "0.001", "99999"]),
                          st.sampled_from(["measured", "estimated", "extrapolated"])),
                min_size=1, max_size=40)


def _bilan_text(drawn: list[tuple[int, int, str, str]]) -> tuple[str, list[tuple[str, str, str, str]]]:
    """A bilan file whose activities are the drawn rows, and each row's (factor, number, unit, quality)."""
    entries = []
    for kind, unit, number, quality in drawn:
        factor_id, units = KINDS[kind]
        entries.append((factor_id, number, units[unit % len(units)], quality))
    body = "".join(f"  - {{quantity: {n} {u}, factor_id: {f}, data_quality: {q}, label: line {i}}}\n"
                   for i, (f, n, u, q) in enumerate(entries))
    head = 'schema_version: "1"\norganisation: Random\nyear: 2024\nheadcount: 12\nactivities:\n'
    return head + body, entries


@given(rows)
@settings(max_examples=30, deadline=None)
def test_bilan_file_equals_object_path_and_columns(tmp_path_factory: pytest.TempPathFactory,
                                                   drawn: list[tuple[int, int, str, str]]) -> None:
    """Raw activities of a bilan file, the same lines built with pint quantities, and the columns."""
    text, entries = _bilan_text(drawn)
    path = tmp_path_factory.mktemp("bilan") / "bilan.yaml"
    path.write_text(text, encoding="utf-8")
    from_file = cc.Bilan.from_yaml(path).compute()
    by_objects = cc.Bilan("Random", 2024, 12).add(
        ActivityLine(cc.Q(f"{n} {u}"), f, label=f"line {i}", data_quality=q)
        for i, (f, n, u, q) in enumerate(entries)).compute()
    columns = compute_columns([f for f, *_ in entries], [float(n) for _, n, _, _ in entries],
                              [u for _, _, u, _ in entries], LIB)
    assert [line.kg for line in from_file.lines] == pytest.approx(columns.co2e_kg.tolist(), rel=1e-12)
    assert [line.kg for line in by_objects.lines] == pytest.approx(columns.co2e_kg.tolist(), rel=1e-12)
    assert [line.uncertainty for line in from_file.lines] == [line.uncertainty for line in by_objects.lines]
    assert from_file.total.to("kgCO2e").magnitude == pytest.approx(columns.total_kg(), rel=1e-12)
    assert [line.activity for line in from_file.lines] == [line.activity for line in by_objects.lines]


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> Counter[Any]:
    """Count the calls ``coopcarbon.activities`` makes to its function ``name``, by argument."""
    calls: Counter[Any] = Counter()
    real = getattr(activities, name)

    def counted(arg: Any) -> Any:
        calls[arg] += 1
        return real(arg)

    monkeypatch.setattr(activities, name, counted)
    quantity_text_parts.cache_clear()
    activities._canonical_unit.cache_clear()
    return calls


@pytest.mark.parametrize("n", [1, 7, 500])
def test_a_text_repeated_n_times_is_parsed_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, n: int) -> None:
    texts = _counting(monkeypatch, "quantity_parts")
    units = _counting(monkeypatch, "compact_unit")
    body = "".join(f"  - {{quantity: 12 km, factor_id: mobility.car.petrol, label: trip {i}}}\n"
                   "  - {quantity: 13 km, factor_id: mobility.car.petrol}\n" for i in range(n))
    path = tmp_path / "bilan.yaml"
    path.write_text('schema_version: "1"\norganisation: X\nyear: 2024\nheadcount: 3\nactivities:\n' + body,
                    encoding="utf-8")
    lines = cc.Bilan.from_yaml(path).activity_lines(LIB)
    assert len(lines) == 2 * n
    assert texts == {"12 km": 1, "13 km": 1}
    assert units == {"km": 1}
    assert {(line.magnitude, line.unit) for line in lines} == {(12.0, "km"), (13.0, "km")}


def test_no_pint_quantity_is_built_per_line_on_the_way(tmp_path: Path) -> None:
    """Reading, computing and writing the Markdown report leave every line's quantity unbuilt."""
    path = tmp_path / "ledger.yaml"
    path.write_text(ledger_yaml(300), encoding="utf-8")
    result = cc.Bilan.from_yaml(path).compute()
    result.to_markdown()
    assert len(result.lines) == 300
    assert all(line.activity._quantity is None for line in result.lines)
    first = result.lines[0].activity
    assert first.quantity == cc.Q(first.magnitude, first.unit)  # built on access, then kept
    assert first._quantity is first.quantity


@pytest.mark.parametrize(("given", "magnitude", "unit"), [
    (cc.Q(12, "km"), 12, "km"), (cc.Q(12.0, "kilometer"), 12.0, "km"), ("12 km", 12.0, "km"),
    ("12,5 kilowatt_hour", 12.5, "kWh"), (cc.Q(3, "kgCO2e/passenger_km"), 3, "kgCO2e/passenger_km"),
])
def test_a_line_keeps_magnitude_and_unit_text(given: Any, magnitude: float, unit: str) -> None:
    line = ActivityLine(given, "mobility.car.petrol")
    assert (line.magnitude, line.unit) == (magnitude, unit)
    assert cc.Q(line.magnitude, line.unit) == cc.Q(given)
    by_parts = ActivityLine(magnitude=magnitude, unit=unit, factor_id="mobility.car.petrol")
    assert by_parts == line
    assert by_parts.quantity == line.quantity


def test_replace_and_copy_keep_the_quantity() -> None:
    line = ActivityLine(cc.Q("460 passenger_km"), "mobility.train.tgv", label="Lyon–Paris", site="Lyon")
    changed = dataclasses.replace(line, note="checked")
    assert changed.quantity == cc.Q("460 passenger_km")
    assert (changed.label, changed.site, changed.note) == ("Lyon–Paris", "Lyon", "checked")
    assert changed == dataclasses.replace(line, note="checked")
    assert changed != line


@pytest.mark.parametrize("bad", [None, 12, "km 12", "12 kmz"])
def test_a_line_without_a_readable_quantity_is_refused(bad: Any) -> None:
    with pytest.raises(InputError):
        ActivityLine(bad, "mobility.car.petrol")


def test_factor_id_is_required() -> None:
    with pytest.raises(TypeError, match="factor_id"):
        ActivityLine(cc.Q("1 km"))


@given(st.lists(st.integers(0, 59), min_size=1, max_size=300), st.sampled_from([60, 10**9]))
@settings(max_examples=60)
def test_dense_codes_equal_np_unique(keys: list[int], size: int) -> None:
    """Dense remap (and its sorting fallback for sparse keys): np.unique's groups and codes."""
    array = np.array(keys, dtype=np.int64) * (1 if size == 60 else 10**7)
    groups, codes = _dense_codes(array, size)
    first = _first_indices(codes, len(groups))
    expected, inverse = np.unique(array, return_inverse=True)
    assert groups.tolist() == expected.tolist()
    assert codes.tolist() == inverse.ravel().tolist()
    assert first.tolist() == [int(np.flatnonzero(array == g)[0]) for g in expected]


def test_a_bad_entry_deep_in_a_ledger_is_located_at_its_line(tmp_path: Path) -> None:
    """Marks are read lazily: an error still names the entry's line and field."""
    lines = ledger_yaml(200).splitlines()
    bad = next(i for i, line in enumerate(lines) if "label: entry 90," in line or line.endswith("entry 90}"))
    lines[bad] = lines[bad].replace("factor_id: ", "factor_id: no.such.", 1)
    path = tmp_path / "ledger.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        cc.Bilan.from_yaml(path).compute()
    located = {(p.line, p.field) for p in caught.value.problems}
    assert (bad + 1, "activities[90].factor_id") in located
