"""lines_from_columns: many activity lines from columns, equal to the lines built one by one."""

from __future__ import annotations

import gc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopcarbon.activities import ActivityLine, DataQuality, lines_from_columns
from coopcarbon.errors import InputError

KINDS = [("passenger_km", "mobility.train.tgv"), ("vehicle_km", "mobility.car.petrol"), ("kilowatt_hour", "x.y")]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1e9), st.sampled_from(KINDS), st.text(max_size=5)), max_size=20),
       st.sampled_from(["measured", DataQuality.ESTIMATED]), st.sampled_from(["", "Lyon"]))
def test_lines_equal_those_built_one_by_one(rows: list[tuple[float, tuple[str, str], str]], quality: str,
                                            site: str) -> None:
    magnitudes = [m for m, _, _ in rows]
    units = [u for _, (u, _), _ in rows]
    ids = [f for _, (_, f), _ in rows]
    labels = [label for _, _, label in rows]
    made = lines_from_columns(np.array(magnitudes), units, ids, labels, data_quality=quality, site=site, scope=3,
                              ghg_category=6, domain="mobility")
    one_by_one = [ActivityLine(magnitude=m, unit=u, factor_id=f, label=label, data_quality=quality, site=site,
                               scope=3, ghg_category=6, domain="mobility")
                  for m, u, f, label in zip(magnitudes, units, ids, labels, strict=True)]
    assert made == one_by_one
    assert [line.unit for line in made] == [line.unit for line in one_by_one]  # "kilowatt_hour" kept as "kWh"
    assert all(line.quantity == expected.quantity for line, expected in zip(made, one_by_one, strict=True))


def test_one_value_stands_for_every_line() -> None:
    made = lines_from_columns([1.0, 2.0], "passenger_km", "mobility.train.tgv", "trip")
    assert [(line.magnitude, line.label) for line in made] == [(1.0, "trip"), (2.0, "trip")]


def test_the_collector_is_restored() -> None:
    assert gc.isenabled()
    lines_from_columns([1.0], "km", "mobility.train.tgv")
    assert gc.isenabled()


@pytest.mark.parametrize(("call", "field"), [
    (lambda: lines_from_columns([1.0, float("nan")], "km", "f"), "quantity"),
    (lambda: lines_from_columns([1.0, 2.0], ["km"], "f"), "units"),
    (lambda: lines_from_columns([1.0], "km", "f", ["a", "b"]), "labels"),
    (lambda: lines_from_columns([1.0], "kmz", "f"), "unit"),
    (lambda: lines_from_columns([1.0], "km", "f", beges_post="9.9"), "beges_post"),
    (lambda: lines_from_columns([1.0], "km", "f", domain="space"), "domain"),
])
def test_bad_columns_are_refused_by_field(call: object, field: str) -> None:
    with pytest.raises(InputError) as info:
        call()  # type: ignore[operator]
    assert info.value.problems[0].field == field
