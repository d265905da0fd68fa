"""Emissions by gas where the factors' sources split them (issue 13, point 3; coopcarbon.gases).

Factors (emission_factors/energy.yaml): natural gas, ADEME Base Carbone V23.6 element 37133
« Gaz naturel - 2022, mix moyen, consommation », per kWh PCS: post Combustion 0.181 kgCO2e, all
fossil CO2 (``energy.gas.natural.combustion``); post Amont 0.0344, of which fossil CO2 0.0243 and
fossil CH4 0.0101 (``energy.gas.natural.upstream``). The French electricity mix gives no gases.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.domains import buildings, energy
from coopcarbon.gases import COLUMNS, GASES, NOT_SPLIT, gas_shares

LIB = cc.load_factors()


def _kg(by_gas: dict[str, object]) -> dict[str, float]:
    return {gas: float(q.to("kgCO2e").magnitude) for gas, q in by_gas.items()}  # type: ignore[attr-defined]


def _result(gas_kwh: float, electricity_kwh: float) -> cc.BilanResult:
    lines = buildings.heating(f"{gas_kwh} kWh", "natural_gas")
    lines += energy.electricity(f"{electricity_kwh} kWh", year=2024, library=LIB)
    return cc.Bilan(organisation="Gaz", year=2024, headcount=3).add(lines).compute(factors=LIB)


def test_gas_bill_by_hand() -> None:
    # 10 000 kWh PCS: post 1.1 = 10 000 × 0.181 = 1 810 kg of fossil CO2; post 4.1 = 10 000 × 0.0243 = 243 kg
    # of CO2 and 10 000 × 0.0101 = 101 kg of CH4 (CO2e), with 2 000 kWh of electricity × (0.0131 + 0.0038)
    # = 33.8 kg of upstream and grid losses that its source does not split
    by_post = {post: _kg(g) for post, g in _result(10_000, 2_000).by_gas().items()}
    assert by_post["1.1"] == pytest.approx({"CO2f": 1810.0, "CH4f": 0, "CH4b": 0, "N2O": 0, "other": 0, "CO2b": 0,
                                            NOT_SPLIT: 0})
    assert by_post["4.1"] == pytest.approx({"CO2f": 243.0, "CH4f": 101.0, "CH4b": 0, "N2O": 0, "other": 0, "CO2b": 0,
                                            NOT_SPLIT: 33.8})
    assert by_post["2.1"][NOT_SPLIT] == pytest.approx(2000 * 0.035)
    assert list(by_post) == ["1.1", "2.1", "4.1"]


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1e6), st.floats(0, 1e6))
def test_gases_and_the_part_not_split_add_up_to_each_total(gas_kwh: float, electricity_kwh: float) -> None:
    result = _result(gas_kwh, electricity_kwh)
    totals = result.by_beges_post()
    for post, by_gas in result.by_gas().items():
        kg = _kg(by_gas)
        # every factor here gives gases adding up to its CO2e, or none (no biogenic CO2 among them)
        assert sum(kg[g] for g in COLUMNS if g != "CO2b") == pytest.approx(
            float(totals[post].to("kgCO2e").magnitude), rel=1e-9, abs=1e-9)
        assert kg["CO2b"] == 0


def test_by_gas_follows_any_breakdown() -> None:
    result = _result(10_000, 2_000)
    by_scope = {k: _kg(v) for k, v in result.by_gas("scope").items()}
    assert by_scope["1"]["CO2f"] == pytest.approx(1810.0)
    assert by_scope["3"]["CH4f"] == pytest.approx(101.0)


def test_shares_of_a_factor() -> None:
    assert gas_shares(LIB["energy.gas.natural.upstream"]) == pytest.approx(
        (0.0243 / 0.0344, 0.0101 / 0.0344, 0, 0, 0, 0, 0))
    assert gas_shares(LIB["energy.electricity.fr.mix_2024.generation"]) == (0,) * len(GASES) + (1,)
