"""Tests of coopcarbon.domains.buildings: known answers, errors, properties, the docs example.

Known answers are computed by hand from the factor values of the bundled tables (sources:
ADEME Base Empreinte via Nos Gestes Climat for heating fuels, FEDENE/SNCU for the heat
network, IPCC AR6/AR5 via openclimatedata/globalwarmingpotentials for refrigerants; see
tools/reference-data/). Each test first checks the value its arithmetic uses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import DataQuality
from coopcarbon.domains import buildings
from coopcarbon.engine import compute_lines
from coopcarbon.errors import InputError, UnitMismatchError
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.units import Q

from .helpers import factor, kg
from .strategies import ENERGY_UNITS, magnitudes, scales

DOCS = Path(__file__).resolve().parents[1] / "docs" / "domains" / "buildings.md"
REL = 1e-9


@pytest.fixture(scope="module")
def lib() -> FactorLibrary:
    return cc.load_factors()


# ------------------------------------------------------------------ heating


def test_gas_bill_in_kwh_pcs(lib: FactorLibrary) -> None:
    # Base Empreinte "Gaz naturel - 2022 / mix moyen / consommation (en kWh PCS)" via NGC:
    # 0.215 kgCO2e/kWh PCS. Since the scope split (issue 13), heating() books the element's two
    # posts (ADEME Base Carbone element 37133): combustion 0.181 and upstream 0.0344 kgCO2e/kWh PCS.
    # 12 000 kWh PCS × 0.5 (shared) = 6 000 kWh × (0.181 + 0.0344) = 1086 + 206.4 = 1292.4 kgCO2e
    # (0.215 before the split: the posts add up to 0.2154).
    factor(lib, "energy.gas.natural", 0.215, "kgCO2e/kWh")
    assert lib["energy.gas.natural"].basis == "PCS"
    [line, upstream] = buildings.heating("12000 kWh", "natural_gas", share=0.5, site="Lyon")
    assert line.basis == "PCS"
    assert line.quantity == Q(6000.0, "kWh")
    assert (line.scope, line.ghg_category, line.beges_post, line.group) == (
        1,
        None,
        "1.1",
        "heating",
    )
    assert line.site == "Lyon" and line.domain == "buildings"
    assert (upstream.scope, upstream.ghg_category, upstream.beges_post) == (3, 3, "4.1")
    assert upstream.quantity == line.quantity and upstream.basis == "PCS"
    assert kg([line], lib) == pytest.approx(1086.0, rel=REL)
    assert kg([line, upstream], lib) == pytest.approx(1292.4, rel=REL)


def test_pcs_to_pci_conversion_uses_the_table_ratio(lib: FactorLibrary) -> None:
    # Biomethane factor is per kWh PCI (Base Empreinte, 0.0417) with pcs_pci_ratio 1.111
    # (Base Empreinte documentation; 1.11 in the 3CL-DPE method). A bill of 11 110 kWh PCS
    # = 11 110 / 1.111 = 10 000 kWh PCI → 10 000 × 0.0417 = 417 kgCO2e.
    f = lib["energy.gas.biomethane"]
    assert (f.basis, f.pcs_pci_ratio) == ("PCI", 1.111)
    factor(lib, "energy.gas.biomethane", 0.0417, "kgCO2e/kWh")
    [line] = buildings.heating("11110 kWh", "biomethane")
    assert line.basis == "PCS"
    assert kg([line], lib) == pytest.approx(417.0, rel=REL)
    # Stated in PCI, the same energy needs no conversion.
    [pci] = buildings.heating("10000 kWh", "biomethane", basis="PCI")
    assert kg([pci], lib) == pytest.approx(417.0, rel=REL)
    # And kWh PCI given to the per-kWh-PCS natural-gas factors is multiplied by the ratio:
    # 1000 kWh PCI × 1.111 × (0.181 + 0.0344) = 239.309 kgCO2e (both posts of element 37133;
    # 238.865 with the undivided 0.215 before the scope split).
    gas_pci = buildings.heating("1000 kWh", "natural_gas", basis="PCI")
    assert kg(gas_pci, lib) == pytest.approx(
        1000 * lib["energy.gas.natural"].pcs_pci_ratio * (0.181 + 0.0344), rel=REL
    )


def test_heat_network_is_scope_2(lib: FactorLibrary) -> None:
    # FEDENE/SNCU 2024 survey (2023 data) via NGC: 0.113 kgCO2e/kWh. 20 000 kWh → 2260 kg.
    factor(lib, "energy.heat_network.fr_average", 0.113, "kgCO2e/kWh")
    [line] = buildings.heating("20 MWh", "district heating")
    assert (line.scope, line.beges_post, line.basis) == (2, "2.2", None)
    [e] = compute_lines([line], lib)
    assert (e.scope, e.beges_post) == (2, "2.2")
    assert e.kg == pytest.approx(2260.0, rel=REL)


def test_fuel_oil_in_litres(lib: FactorLibrary) -> None:
    # Base Empreinte "Fioul domestique, France continentale" via NGC: 3.24 kgCO2e/L (undivided,
    # kept in the table). ADEME Base Carbone element 14087 "Fioul domestique" gives its posts:
    # Combustion 2.68 and Amont 0.567 kgCO2e/L (element total 3.25). 1500 L → combustion
    # 1500 × 2.68 = 4020 kgCO2e (scope 1, post 1.1) + upstream 1500 × 0.567 = 850.5 kgCO2e
    # (scope 3 cat. 3, post 4.1) = 4870.5 kgCO2e, the element's 1500 × 3.25 = 4875 at its
    # three significant figures.
    factor(lib, "energy.fuel_oil.domestic", 3.24, "kgCO2e/L")
    factor(lib, "energy.fuel_oil.domestic.ademe_14087", 3.25, "kgCO2e/L")
    combustion, upstream = buildings.heating("1500 L", "fuel_oil")
    assert combustion.basis is None and combustion.group == upstream.group == "heating"
    assert kg([combustion], lib) == pytest.approx(4020.0, rel=REL)
    assert kg([upstream], lib) == pytest.approx(850.5, rel=REL)
    assert kg([combustion, upstream], lib) == pytest.approx(4870.5, rel=REL)
    assert round(2.68 + 0.567, 2) == 3.25
    e1, e2 = compute_lines([combustion, upstream], lib)
    assert (e1.scope, e1.ghg_category, e1.beges_post) == (1, None, "1.1")
    assert (e2.scope, e2.ghg_category, e2.beges_post) == (3, 3, "4.1")
    with pytest.raises(UnitMismatchError) as info:
        buildings.heating("1500 kWh", "fuel_oil")
    assert info.value.parameter == "energy"
    with pytest.raises(InputError, match="basis"):
        buildings.heating("1500 L", "fuel_oil", basis="PCS")


def test_propane_in_kg(lib: FactorLibrary) -> None:
    # Base Empreinte "Propane / inclus maritime (2020)": 3.46 kgCO2e/kg. 800 kg → 2768 kg.
    factor(lib, "energy.lpg.propane", 3.46, "kgCO2e/kg")
    assert kg(buildings.heating("800 kg", "LPG"), lib) == pytest.approx(2768.0, rel=REL)


def test_heat_pump_electricity() -> None:
    # electricity = heat / SCOP: 9000 kWh / 3 = 3000 kWh.
    assert buildings.heat_pump(heat="9000 kWh", scop=3.0) == Q(3000.0, "kWh")
    assert buildings.heat_pump(heat="32.4 GJ", scop=3.0).magnitude == pytest.approx(3000.0)
    assert buildings.heat_pump(electricity="2800 kWh") == Q(2800.0, "kWh")
    with pytest.raises(InputError) as info:
        buildings.heat_pump(heat="9000 kWh")
    assert info.value.field == "scop"
    with pytest.raises(InputError):
        buildings.heat_pump(heat="9000 kWh", scop=0.5)
    with pytest.raises(InputError):
        buildings.heat_pump()
    with pytest.raises(InputError):
        buildings.heat_pump(heat="1 kWh", electricity="1 kWh", scop=3)
    with pytest.raises(InputError, match="electricity"):
        buildings.heating("100 kWh", "heat_pump")


def test_heating_estimate(lib: FactorLibrary) -> None:
    intensity = lib.parameter(buildings.HEATING_INTENSITY_PARAMETER)
    per_m2 = intensity.value.to("kWh/m**2/year").magnitude
    # 250 m² × 40 % share × intensity [kWh/m²/year] × 1 year.
    # Natural gas: two lines, combustion and upstream (scope split of issue 13), same quantity.
    [line, upstream] = buildings.heating_estimate("250 m2", "natural_gas", share=0.4, library=lib)
    assert (upstream.factor_id, upstream.quantity) == ("energy.gas.natural.upstream", line.quantity)
    assert line.quantity.to("kWh").magnitude == pytest.approx(250 * 0.4 * per_m2, rel=REL)
    assert line.data_quality is DataQuality.ESTIMATED
    expected_u = intensity.uncertainty if intensity.uncertainty is not None else 1.0
    assert line.activity_uncertainty == expected_u
    assert line.relative_uncertainty >= 0.3
    assert line.basis == "PCI"
    assert "ESTIMATE" in line.note and "share 0.4" in line.note
    # An explicit intensity: 250 m² × 56 kWh/m²/year = 14 000 kWh (Sinteo 2024 heating mean).
    [given_] = buildings.heating_estimate("250 m2", "wood_pellets", intensity="56 kWh/m2/year")
    assert given_.quantity.to("kWh").magnitude == pytest.approx(14_000.0, rel=REL)
    assert given_.activity_uncertainty == buildings.HEATING_INTENSITY_UNCERTAINTY
    assert given_.basis is None
    with pytest.raises(InputError) as info:
        buildings.heating_estimate("250 m2", "fuel_oil", library=lib)
    assert info.value.field == "carrier"
    with pytest.raises(InputError):
        buildings.heating_estimate("0 m2", "natural_gas", library=lib)
    with pytest.raises(UnitMismatchError):
        buildings.heating_estimate("250 m", "natural_gas", library=lib)


# ------------------------------------------------------------------ refrigerants


def test_refrigerant_refilled_ar6(lib: FactorLibrary) -> None:
    # R410A = 50 % R32 + 50 % R125 (ASHRAE 34); AR6 GWP100 771 and 3740 → 2255.5 kgCO2e/kg.
    # 1.5 kg refilled → 3383.25 kgCO2e.
    factor(lib, "refrigerant.r410a", 2255.5, "kgCO2e/kg")
    [line] = buildings.refrigerant_leak("R-410A", refilled="1.5 kg")
    assert line.data_quality is DataQuality.MEASURED
    assert (line.scope, line.beges_post, line.group) == (1, "1.4", "refrigerants")
    assert "AR6" in line.note
    assert kg([line], lib) == pytest.approx(3383.25, rel=REL)


def test_refrigerant_charge_and_leak_rate_ar5(lib: FactorLibrary) -> None:
    # AR5 GWP100: R32 677, R125 3170 → R410A 1923.5 kgCO2e/kg.
    # 12 kg charge × 5 %/year = 0.6 kg → 0.6 × 1923.5 = 1154.1 kgCO2e.
    factor(lib, "refrigerant.r410a.ar5", 1923.5, "kgCO2e/kg")
    [line] = buildings.refrigerant_leak("r410a", charge="12 kg", leak_rate=0.05, gwp="AR5")
    assert line.factor_id == "refrigerant.r410a.ar5"
    assert line.data_quality is DataQuality.ESTIMATED
    assert "AR5" in line.note
    assert kg([line], lib) == pytest.approx(1154.1, rel=REL)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"refilled": "1 kg", "charge": "2 kg", "leak_rate": 0.1}, "refilled"),
        ({}, "charge"),
        ({"charge": "2 kg"}, "charge"),
        ({"charge": "2 kg", "leak_rate": 1.5}, "leak_rate"),
        ({"charge": "2 kg", "leak_rate": -0.1}, "leak_rate"),
        ({"refilled": "-1 kg"}, "refilled"),
        ({"refilled": "1 kg", "gwp": "AR4"}, "gwp"),
    ],
)
def test_refrigerant_bad_inputs(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as info:
        buildings.refrigerant_leak("R32", **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_unknown_refrigerant_suggests() -> None:
    with pytest.raises(InputError) as info:
        buildings.refrigerant_leak("R41OA", refilled="1 kg")
    assert "r410a" in info.value.problems[0].suggestion
    with pytest.raises(UnitMismatchError):
        buildings.refrigerant_leak("R32", refilled="1 L")


def test_every_refrigerant_in_the_tables(lib: FactorLibrary) -> None:
    for name in buildings.REFRIGERANTS:
        assert f"refrigerant.{name}" in lib
        assert f"refrigerant.{name}.ar5" in lib
    for spec in buildings.CARRIERS.values():
        assert spec.factor_id in lib


# ------------------------------------------------------------------ construction


def test_construction_amortised_counts_years_in_service(lib: FactorLibrary) -> None:
    f = lib["buildings.office.construction"]
    assert f.lifetime_years == 50
    per_m2 = f.value.to("kgCO2e/m**2").magnitude
    # 400 m² built in 2000, 50 years: 8 m² a year in 2000..2049, nothing from 2050.
    lines = buildings.construction("400 m2", year_built=2000, reporting_year=2024, library=lib)
    [line] = lines
    assert line.quantity.to("m**2").magnitude == pytest.approx(8.0, rel=REL)
    assert (line.scope, line.ghg_category, line.beges_post, line.group) == (
        3,
        2,
        "4.2",
        "construction",
    )
    assert kg(lines, lib) == pytest.approx(8.0 * per_m2, rel=REL)
    assert buildings.construction("400 m2", year_built=2000, reporting_year=2049, library=lib)
    assert buildings.construction("400 m2", year_built=2000, reporting_year=2050, library=lib) == []
    total = sum(
        line.quantity.to("m**2").magnitude
        for year in range(2000, 2101)
        for line in buildings.construction(
            "400 m2", year_built=2000, reporting_year=year, library=lib
        )
    )
    assert total == pytest.approx(400.0, rel=1e-12)


def test_construction_fractional_lifetime_and_share() -> None:
    # 30.5 years: 30 full years of 1/30.5 and a last year of 0.5/30.5; share 0.25 of 1000 m².
    quantities = [
        sum(
            line.quantity.magnitude
            for line in buildings.construction(
                "1000 m2", year_built=2000, reporting_year=y, lifetime=30.5, share=0.25
            )
        )
        for y in range(2000, 2040)
    ]
    assert quantities[0] == pytest.approx(250 / 30.5)
    assert quantities[30] == pytest.approx(0.5 * 250 / 30.5)
    assert quantities[31] == 0
    assert sum(quantities) == pytest.approx(250.0)


def test_construction_full_convention(lib: FactorLibrary) -> None:
    # GHG Protocol: the whole area in the year built, nothing after.
    [line] = buildings.construction(
        "400 m2", year_built=2024, reporting_year=2024, convention="full"
    )
    assert line.quantity.to("m**2").magnitude == 400.0
    assert (
        buildings.construction("400 m2", year_built=2020, reporting_year=2024, convention="full")
        == []
    )
    [reno] = buildings.construction(
        "120 m2", year_built=2020, reporting_year=2024, kind="renovation", lifetime=20
    )
    assert reno.factor_id == "buildings.office.renovation.heavy"
    assert reno.quantity.magnitude == pytest.approx(6.0)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"year_built": 2030, "reporting_year": 2024}, "reporting_year"),
        ({"year_built": 2000, "reporting_year": 2024, "share": 0}, "share"),
        ({"year_built": 2000, "reporting_year": 2024, "share": 1.2}, "share"),
        ({"year_built": 2000, "reporting_year": 2024, "lifetime": 0}, "lifetime"),
        ({"year_built": 2000, "reporting_year": 2024, "kind": "demolition"}, "kind"),
        ({"year_built": 2000, "reporting_year": 2024, "convention": "linear"}, "convention"),
        ({"year_built": "2000", "reporting_year": 2024}, "year_built"),
    ],
)
def test_construction_bad_inputs(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as info:
        buildings.construction("100 m2", **{"lifetime": 50, **kwargs})  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: buildings.heating("100 kWh", "natural_gas", share=0), "share"),
        (lambda: buildings.heating("100 kWh", "natural_gas", share=1.01), "share"),
        (lambda: buildings.heating("-100 kWh", "natural_gas"), "energy"),
        (lambda: buildings.heating("100 kWh", "natural_gas", basis="HHV"), "basis"),  # type: ignore[arg-type]
        (lambda: buildings.heating("100 kWh", "coal"), "carrier"),
    ],
)
def test_heating_bad_inputs(call: object, field: str) -> None:
    with pytest.raises(InputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_unknown_carrier_suggests() -> None:
    with pytest.raises(InputError) as info:
        buildings.heating("100 kWh", "natural gaz")
    assert "'natural_gas'" in info.value.problems[0].suggestion


# ------------------------------------------------------------------ properties


@settings(max_examples=60, deadline=None)
@given(
    energy=magnitudes,
    unit=st.sampled_from(ENERGY_UNITS),
    carrier=st.sampled_from(["natural_gas", "biomethane", "heat_network", "wood_pellets"]),
    basis=st.sampled_from([None, "PCS", "PCI"]),
)
def test_heating_unit_invariance(
    lib: FactorLibrary, energy: float, unit: str, carrier: str, basis: str | None
) -> None:
    if basis is not None and carrier in ("heat_network", "wood_pellets"):
        basis = None if carrier == "heat_network" else basis
    q = Q(energy, "kWh")
    reference = kg(buildings.heating(q, carrier, basis=basis), lib)  # type: ignore[arg-type]
    other = kg(buildings.heating(q.to(unit), carrier, basis=basis), lib)  # type: ignore[arg-type]
    assert reference >= 0
    assert other == pytest.approx(reference, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    area=magnitudes,
    scale=scales,
    share=st.floats(0.01, 1.0),
    unit=st.sampled_from(["m**2", "ft**2", "hectare"]),
)
def test_construction_linear_and_unit_invariant(
    lib: FactorLibrary, area: float, scale: float, share: float, unit: str
) -> None:
    def emissions(a: object) -> float:
        return kg(
            buildings.construction(
                a, year_built=2010, reporting_year=2024, share=share, library=lib
            ),
            lib,
        )

    one = emissions(Q(area, "m**2"))
    assert one >= 0
    assert emissions(Q(area, "m**2").to(unit)) == pytest.approx(one, rel=1e-9)
    assert emissions(Q(area * scale, "m**2")) == pytest.approx(one * scale, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["natural_gas", "heat_network", "wood_logs"]), magnitudes),
        min_size=1,
        max_size=6,
    )
)
def test_heating_additive(lib: FactorLibrary, bills: list[tuple[str, float]]) -> None:
    lines = [line for carrier, e in bills for line in buildings.heating(Q(e, "kWh"), carrier)]
    assert kg(lines, lib) == pytest.approx(sum(kg([line], lib) for line in lines), rel=1e-9)


# ------------------------------------------------------------------ the docs page


def test_docs_worked_example(lib: FactorLibrary) -> None:
    # docs/domains/buildings.md: runs its code and checks the kgCO2e of its results table.
    text = DOCS.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))
    figures = {
        m.group(1): float(m.group(2).replace(" ", ""))
        for m in re.finditer(
            r"^\|\s*`(\w+)`[^|]*\|[^|]*\|\s*([\d ]+\.\d+)\s*\|\s*$", text, flags=re.M
        )
    }
    assert figures, "no figures found in the docs table"
    namespace: dict[str, object] = {}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102  # our own docs page
    for name, expected in figures.items():
        lines = namespace[name]
        assert isinstance(lines, list)
        assert kg(lines, lib) == pytest.approx(expected, abs=0.05), name
    assert namespace["hp_kwh"] == Q(2812.5, "kWh")
    assert "Total: 17 704.96 kgCO2e" in text
    assert sum(figures.values()) == pytest.approx(17_704.96, abs=0.01)
