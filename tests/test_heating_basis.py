"""Office heating per m²: the heating-value basis of a gas estimate, stated and selectable (issue 13).

Sources (emission_factors/): ADEME Base Carbone element 23732, offices heated with gas, 177
kWh/m²/year, basis not stated (coopcarbon assumes kWh PCI, its estimate); element 37133, natural
gas 2022 per kWh PCS, posts Combustion 0.181 and Amont 0.0344; its PCI twin 37132, 0.239 per kWh
PCI; ``energy.parameter.gas_pcs_pci_ratio`` 1.111 (1 kWh PCS = 0.90 kWh PCI, SDES convention).

Hand computations for 100 m² at 177 kWh/m²/year, i.e. 17 700 kWh:

- read as kWh PCI (default): 17 700 × 1.111 = 19 664.7 kWh PCS; combustion 19 664.7 × 0.181 =
  3 559.3107, upstream 19 664.7 × 0.0344 = 676.46568; 4 235.77638 kgCO2e in all;
- read as kWh PCS: combustion 17 700 × 0.181 = 3 203.7, upstream 17 700 × 0.0344 = 608.88;
  3 812.58 kgCO2e in all, 1/1.111 of the other (10 % less).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.domains import buildings
from coopcarbon.engine import compute_lines
from coopcarbon.errors import InputError, UnitMismatchError
from coopcarbon.factors.library import FactorLibrary

from .helpers import factor

ADEME_GAS_OFFICES = "buildings.parameter.office_heating_intensity.gas_ademe_23732"
ADEME_OIL_OFFICES = "buildings.parameter.office_heating_intensity.fuel_oil_ademe_23784"


@pytest.fixture(scope="module")
def lib() -> FactorLibrary:
    library = cc.load_factors()
    factor(library, "energy.gas.natural.combustion", 0.181, "kgCO2e/kWh")
    factor(library, "energy.gas.natural.upstream", 0.0344, "kgCO2e/kWh")
    return library


def _kg(lines: list[cc.activities.ActivityLine], lib: FactorLibrary) -> list[float]:
    return [e.kg for e in compute_lines(lines, lib)]


def test_pci_by_default(lib: FactorLibrary) -> None:
    lines = buildings.heating_estimate("100 m2", "natural_gas", intensity="177 kWh/m2/year")
    assert [line.basis for line in lines] == ["PCI", "PCI"]
    assert lines[0].quantity.to("kWh").magnitude == pytest.approx(17_700.0)
    assert _kg(lines, lib) == pytest.approx([3559.3107, 676.46568], rel=1e-9)
    assert "intensity read as kWh PCI (assumed" in lines[0].note
    assert buildings.ESTIMATE_BASIS == "PCI"


@pytest.mark.parametrize("basis", ["PCS", "pcs"])
def test_pcs_when_chosen(lib: FactorLibrary, basis: str) -> None:
    lines = buildings.heating_estimate("100 m2", "natural_gas", intensity="177 kWh/m2/year",
                                       basis=basis)  # type: ignore[arg-type]
    assert [line.basis for line in lines] == ["PCS", "PCS"]
    assert _kg(lines, lib) == pytest.approx([3203.7, 608.88], rel=1e-9)
    assert "intensity read as kWh PCS" in lines[0].note and "assumed" not in lines[0].note


def test_the_two_readings_differ_by_the_pcs_pci_ratio(lib: FactorLibrary) -> None:
    ratio = lib.parameter("energy.parameter.gas_pcs_pci_ratio").value.magnitude
    assert ratio == pytest.approx(1.111)
    # the engine converts with the factor's ratio: the same cited 1.111
    for factor_id in ("energy.gas.natural.combustion", "energy.gas.natural.upstream"):
        assert (lib[factor_id].basis, lib[factor_id].pcs_pci_ratio) == ("PCS", ratio)
    pci = sum(_kg(buildings.heating_estimate("100 m2", "gas", intensity="177 kWh/m2/year"), lib))
    pcs = sum(_kg(buildings.heating_estimate("100 m2", "gas", intensity="177 kWh/m2/year", basis="PCS"),
                  lib))
    assert pci == pytest.approx(4235.77638, rel=1e-9)
    assert pcs == pytest.approx(3812.58, rel=1e-9)
    assert pci / pcs == pytest.approx(ratio, rel=1e-12)


def test_pci_reading_agrees_with_the_pci_twin_element(lib: FactorLibrary) -> None:
    # ADEME's PCI twin 37132 (0.239 per kWh PCI, three figures): 17 700 × 0.239 = 4 230.3 kg,
    # against 4 235.8 through the PCS element and the ratio; within the twin's rounding
    # (17 700 × 0.0005 = 8.85 kg).
    factor(lib, "energy.gas.natural.ademe_37132", 0.239, "kgCO2e/kWh")
    pci = sum(_kg(buildings.heating_estimate("100 m2", "gas", intensity="177 kWh/m2/year"), lib))
    assert abs(pci - 17_700 * 0.239) <= 17_700 * 0.0005


def test_ademe_intensity_by_parameter_id(lib: FactorLibrary) -> None:
    lines = buildings.heating_estimate("100 m2", "natural_gas", intensity=ADEME_GAS_OFFICES, library=lib)
    assert lines[0].quantity.to("kWh").magnitude == pytest.approx(17_700.0)
    assert lines[0].activity_uncertainty == 0.3  # the element's « Incertitude »
    assert "23732" in lines[0].note
    assert sum(_kg(lines, lib)) == pytest.approx(4235.77638, rel=1e-9)
    energy = buildings.heating_energy_estimate("100 m2", intensity=ADEME_GAS_OFFICES, library=lib)
    assert energy.to("kWh").magnitude == pytest.approx(17_700.0)


def test_default_intensity_keeps_its_reading(lib: FactorLibrary) -> None:
    # Sinteo 56 kWh/m²/year, read as PCI as before: 70 m² → 3 920 kWh PCI × 1.111 × 0.2154
    # = 938.14... kgCO2e (the web-agency example's office: 70 m² in Bordeaux).
    factor_value = 0.181 + 0.0344
    lines = buildings.heating_estimate("70 m2", "natural_gas", library=lib)
    assert sum(_kg(lines, lib)) == pytest.approx(70 * 56 * 1.111 * factor_value, rel=1e-9)


def test_parameters_state_the_basis(lib: FactorLibrary) -> None:
    gas = " ".join(lib.parameter(ADEME_GAS_OFFICES).notes.split())
    assert "ASSUMES kWh PCI (our estimate" in gas and 'basis="PCS"' in gas and "10 % less" in gas
    oil = " ".join(lib.parameter(ADEME_OIL_OFFICES).notes.split())
    assert "kWh PCI is the convention for liquid fuels" in oil


def test_bad_basis_is_a_located_error() -> None:
    with pytest.raises(InputError) as info:
        buildings.heating_estimate("100 m2", "natural_gas", intensity="177 kWh/m2/year",
                                   basis="LHV")  # type: ignore[arg-type]
    assert info.value.field == "basis"
    with pytest.raises(InputError) as info:
        buildings.heating_estimate("100 m2", "fuel_oil", basis="PCI")
    assert info.value.field == "carrier"
    with pytest.raises(UnitMismatchError):  # a parameter of another dimension (kWh per day)
        buildings.heating_estimate("100 m2", "natural_gas", intensity="mobility.parameter.telework_home_energy")
    with pytest.raises(InputError) as info:  # a parameter without a unit
        buildings.heating_estimate("100 m2", "natural_gas", intensity="energy.parameter.gas_pcs_pci_ratio")
    assert info.value.field == "intensity"
    with pytest.raises(KeyError):
        buildings.heating_estimate("100 m2", "natural_gas", intensity="buildings.parameter.no_such_thing")


def _bilan(tmp_path: Path, basis: str) -> cc.BilanResult:
    path = tmp_path / "bilan.yaml"
    path.write_text(
        'schema_version: "1"\norganisation: Test\nyear: 2024\nheadcount: 3\n'
        "sites:\n  - {name: Office, country: FR, floor_area: 100 m2}\n"
        f"heating:\n  - {{site: Office, carrier: natural_gas{basis}}}\n", encoding="utf-8")
    return cc.Bilan.from_yaml(path).compute()


def test_bilan_file_basis_of_an_estimate(tmp_path: Path) -> None:
    # 100 m² × 56 kWh/m²/year (Sinteo, the default) = 5 600 kWh: PCI (default) 5 600 × 1.111 ×
    # 0.2154 = 1 340.13 kgCO2e; PCS 5 600 × 0.2154 = 1 206.24 kgCO2e.
    default = _bilan(tmp_path, "")
    pcs = _bilan(tmp_path, ", basis: PCS")
    assert default.total.to("kgCO2e").magnitude == pytest.approx(5600 * 1.111 * 0.2154, rel=1e-9)
    assert pcs.total.to("kgCO2e").magnitude == pytest.approx(5600 * 0.2154, rel=1e-9)
    assert {line.activity.basis for line in pcs.lines} == {"PCS"}
