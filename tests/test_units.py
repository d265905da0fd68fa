"""The unit registry: dimensions that must exist, conversions that must work or fail."""

from __future__ import annotations

import pickle

import pint
import pytest

import coopcarbon as cc
from coopcarbon.errors import InputError, UnitMismatchError
from coopcarbon.units import as_quantity, parse_unit


@pytest.mark.parametrize(("text", "dimensionality"), [
    ("12 km", "[length]"),
    ("3 kWh", "[energy]"),
    ("1 kgCO2e", "[emissions]"),
    ("2 tCO2e", "[emissions]"),
    ("5 passenger_km", "[passenger] * [length]"),
    ("5 vehicle_km", "[vehicle] * [length]"),
    ("100 EUR", "[currency]"),
    ("3 kEUR", "[currency]"),
    ("4 device", "[device]"),
    ("2 meal", "[meal]"),
    ("1 night", "[night]"),
    ("40 person", "[person]"),
    ("120 m2", "[area]"),
    ("10 liter", "[volume]"),
])
def test_strings_parse_to_their_dimension(text: str, dimensionality: str) -> None:
    assert cc.Q(text).dimensionality == cc.ureg.get_dimensionality(dimensionality)


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("1 tCO2e", "kgCO2e", 1000.0),
    ("1500 gCO2e", "kgCO2e", 1.5),
    ("2 kEUR", "EUR", 2000.0),
    ("1 MWh", "kWh", 1000.0),
    ("1 mile", "km", 1.609344),
    ("1 passenger_mile", "passenger_km", 1.609344),
])
def test_conversions(value: str, unit: str, expected: float) -> None:
    assert cc.Q(value).to(unit).magnitude == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("value", "unit"), [
    ("1 kgCO2e", "kg"),            # emissions are not mass of matter
    ("1 passenger_km", "vehicle_km"),
    ("1 passenger_km", "km"),
    ("1 kWh", "km"),
    ("1 EUR", "kg"),
    ("1 meal", "night"),
    ("1 device", "person"),
])
def test_conversions_that_must_fail(value: str, unit: str) -> None:
    with pytest.raises(pint.DimensionalityError):
        cc.Q(value).to(unit)


def test_one_registry_for_everything() -> None:
    assert cc.Q("1 km")._REGISTRY is cc.ureg
    assert pint.get_application_registry().get() is cc.ureg
    q = cc.Q("3 kgCO2e/passenger_km")
    assert pickle.loads(pickle.dumps(q)) == q  # noqa: S301  # our own bytes


def test_parse_unit_is_cached() -> None:
    assert parse_unit("kgCO2e/passenger_km") is parse_unit("kgCO2e/passenger_km")


def test_unknown_unit_suggests_nearest() -> None:
    with pytest.raises(InputError) as info:
        parse_unit("pasenger_km")
    assert "passenger_km" in str(info.value)


def test_as_quantity_names_parameter_and_example() -> None:
    with pytest.raises(UnitMismatchError) as info:
        as_quantity("12 kWh", "[length]", "distance", example="12 km")
    message = str(info.value)
    assert "distance" in message and "kWh" in message and "12 km" in message
    assert isinstance(info.value, pint.DimensionalityError)


@pytest.mark.parametrize("bad", ["nan km", "inf km", "-3 km", 12, None, "twelve km"])
def test_as_quantity_refuses_bad_values(bad: object) -> None:
    with pytest.raises(InputError):
        as_quantity(bad, "[length]", "distance")


def test_decimal_comma_is_read() -> None:
    assert cc.Q("12,5 km").magnitude == pytest.approx(12.5)
