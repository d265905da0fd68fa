"""Scenarios: savings computed by hand from the cited factors of the bundled tables.

Factors (emission_factors/, sources in the tables): ``energy.electricity.fr.mix_2024`` 0.0519
kgCO2e/kWh (ADEME Base Empreinte, 2024 average consumption mix), ``energy.electricity.residual.fr_2023``
0.04074 kgCO2e/kWh (AIB European Residual Mixes 2023), ``energy.electricity.supplier.enercoop``
0.0124 kgCO2e/kWh (Enercoop's declared factor), ``mobility.car.petrol`` 0.271533 kgCO2e/vehicle_km
and ``mobility.car.electric`` 0.107784 kgCO2e/vehicle_km, ``mobility.train.ter`` 0.02769
kgCO2e/passenger_km (ADEME Base Empreinte via Impact CO2), ``hardware.laptop`` 185.09
kgCO2e/device over 5 years (ADEME/NegaOctet 2022). The company cars counted by distance are
booked post by post from ADEME Base Carbone elements 43787 (petrol 2023: combustion 0.24 + amont
0.0767 + fabrication 0.041 = 0.3577 kgCO2e/vehicle_km) and 28007 (electric: 0 + 0.0198 + 0.0836
= 0.1034 kgCO2e/vehicle_km).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon import scenarios
from coopcarbon.bilanfile.schema import BilanInputs
from coopcarbon.factors.library import FactorLibrary

LIB = cc.load_factors()

BILAN = """organisation: Scop Scenarios
year: 2024
headcount: 10
electricity:
- {energy: 41000 kWh}
commute:
  telework_home_energy: false
  respondents:
  - {mode: car.petrol, one_way_distance: 10 km, days_on_site_per_week: 4, count: 10}
fleet:
  distance:
  - {vehicle: car.petrol, distance: 10000 km}
hardware:
  devices:
  - {kind: laptop, count: 12, purchase_year: 2022}
"""

# commute: 10 people × 2 × 10 km × 4 days × 46 weeks = 36 800 km by petrol car, alone
CAR_KM_PER_PERSON = 2 * 10 * 4 * 46


@pytest.fixture
def bilan(tmp_path: Path) -> cc.Bilan:
    path = tmp_path / "bilan.yaml"
    path.write_text(BILAN, encoding="utf-8")
    return cc.Bilan.from_yaml(path)


def _kg(quantity: object) -> float:
    return float(quantity.to("kgCO2e").magnitude)  # type: ignore[attr-defined]


def test_reference_total_by_hand(bilan: cc.Bilan) -> None:
    reference = bilan.compute(factors=LIB)
    expected = (41000 * 0.0519 + 10 * CAR_KM_PER_PERSON * 0.271533 + 10000 * 0.3577
                + 12 * 185.09 / 5)
    assert _kg(reference.total) == pytest.approx(expected)


def test_supplier_changes_the_market_based_scope_2_only(bilan: cc.Bilan) -> None:
    reference, [enercoop] = scenarios.evaluate(bilan, [scenarios.Scenario("Enercoop", [
        scenarios.switch_supplier({"type": "declared_factor",
                                   "factor_id": "energy.electricity.supplier.enercoop"})])])
    assert _kg(enercoop.saving) == pytest.approx(0.0)  # the BEGES total is location-based
    market = _kg(reference.by_scope()["2-market"]) - _kg(enercoop.result.by_scope()["2-market"])
    assert market == pytest.approx(41000 * (0.04074 - 0.0124))


def test_shift_commute_saving(bilan: cc.Bilan) -> None:
    _, [shift] = scenarios.evaluate(bilan, [scenarios.Scenario(
        "30 % by TER", [scenarios.shift_commute("car.petrol", "train.ter", 0.3)])])
    assert _kg(shift.saving) == pytest.approx(3 * CAR_KM_PER_PERSON * (0.271533 - 0.02769))


def test_fleet_and_devices_savings(bilan: cc.Bilan) -> None:
    reference, results = scenarios.evaluate(bilan, [
        scenarios.Scenario("electric", [scenarios.fleet_to("car.electric")]),
        scenarios.Scenario("7 years", [scenarios.keep_devices(7)]),
        scenarios.Scenario("both", [scenarios.fleet_to("car.electric"), scenarios.keep_devices(7)]),
    ])
    saving = {r.name: _kg(r.saving) for r in results}
    fleet = 10000 * (0.3577 - 0.1034)  # 2543 kgCO2e
    devices = 12 * 185.09 * (1 / 5 - 1 / 7)
    assert saving["electric"] == pytest.approx(fleet)
    assert saving["7 years"] == pytest.approx(devices)
    assert saving["both"] == pytest.approx(fleet + devices)
    assert results[0].relative_saving == pytest.approx(fleet / _kg(reference.total))


def test_a_change_gets_the_inputs_the_year_and_the_library(bilan: cc.Bilan) -> None:
    seen: list[tuple[int, FactorLibrary]] = []

    def no_fleet(inputs: BilanInputs, year: int, library: FactorLibrary) -> BilanInputs:
        seen.append((year, library))
        return inputs.model_copy(update={"fleet": None})

    library = bilan.library()
    new = scenarios.Scenario("no fleet", [no_fleet]).apply(bilan, library)
    assert seen == [(2024, library)]
    assert new.inputs is not None and new.inputs.fleet is None
    assert bilan.inputs is not None and bilan.inputs.fleet is not None  # the original is untouched
    saving = _kg(bilan.compute(factors=library).total) - _kg(new.compute(factors=library).total)
    assert saving == pytest.approx(10000 * 0.3577)  # 3577 kgCO2e


def test_scenario_problems_keep_the_original_file_location(bilan: cc.Bilan) -> None:
    changed = scenarios.Scenario("typo", [scenarios.fleet_to("car.petrole")]).apply(bilan, LIB)
    with pytest.raises(cc.InputError) as info:
        changed.compute(factors=LIB)
    [problem] = info.value.problems
    assert problem.file == str(bilan.source_file) and problem.line == 12
