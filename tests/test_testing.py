from __future__ import annotations

import pytest

import coopcarbon as cc
from coopcarbon.testing import assert_quantity_close


def test_close_across_units() -> None:
    assert_quantity_close(cc.Q("2.5 tCO2e"), "2500 kgCO2e")


def test_not_close_fails_with_both_values() -> None:
    with pytest.raises(AssertionError, match="expected"):
        assert_quantity_close("1.01 tCO2e", "1000 kgCO2e", rtol=1e-3)


def test_other_dimension_fails() -> None:
    with pytest.raises(AssertionError, match="different dimensions"):
        assert_quantity_close("1 kgCO2e", "1 kg")
