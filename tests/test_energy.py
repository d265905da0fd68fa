"""Electricity (dual Scope 2 reporting) and rooftop solar: known answers, errors, properties.

Reference values (kgCO2e/kWh) used below, as in the bundled table emission_factors/energy.yaml:
- energy.electricity.fr.mix_2024 = 0.0519, mix_2025 = 0.0461: ADEME Base Empreinte
  "Electricité - 2024 (2025) - mix moyen - consommation", via publicodes-commun.
- energy.electricity.residual.fr_2023 = 0.04074, fr_2025 = 0.01711; de_2023 = 0.7199:
  AIB European Residual Mixes (data years 2023 and 2025), table 2.
- energy.electricity.deu.grid = 0.422: Boavizta electrical_mix.csv (FRA/DEU column, 2019), kept for
  citation; the chooser takes Ember's figure of the year: deu.grid_2024 = 0.34413992 (344.13992
  gCO2e/kWh, tools/reference-data/ember_carbon_intensity.csv, row "Germany,DEU,2024").
- energy.electricity.production.hydro = 0.006, wind_onshore = 0.0141, solar_pv = 0.0439:
  ADEME "Electricité - <technology> - production" (secondary quotation, see findings).
- energy.electricity.supplier.enercoop = 0.0124: Enercoop 2016, own method (2017-09-06 page).
- energy.electricity.solar_pv.rooftop = 0.0439: ADEME Base Empreinte, PV made in China.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import ActivityLine
from coopcarbon.domains import energy
from coopcarbon.engine import compute_lines
from coopcarbon.errors import CoopCarbonWarning, InputError, UnitMismatchError, UnknownFactorError

from .strategies import ENERGY_UNITS, magnitudes, scales

ROOT = Path(__file__).parent.parent
LIB = cc.load_factors()

MIX = energy.SupplierMix("Coop", {"hydro": 0.93, "wind_onshore": 0.05, "solar_pv": 0.02},
                         source="test mix")
CONTRACTS: list[energy.Contract] = [None, MIX, energy.ENERCOOP, energy.GuaranteesOfOrigin("hydro")]


def kg(lines: list[ActivityLine]) -> float:
    return sum(e.kg for e in compute_lines(lines, LIB))


def split(lines: list[ActivityLine]) -> tuple[list[ActivityLine], list[ActivityLine]]:
    """The location-based lines (with the Scope 3 parts of a split mix) and the market-based ones."""
    location = [line for line in lines if line.scope2_method != "market"]
    market = [line for line in lines if line.scope2_method == "market"]
    assert all(line.scope2_method == "location" or line.scope == 3 for line in location)
    return location, market


FR_PARTS_2024 = ["energy.electricity.fr.mix_2024.generation", "energy.electricity.fr.mix_2024.upstream",
                 "energy.electricity.fr.mix_2024.td_losses"]


# --- known answers by hand ------------------------------------------------------------------


def test_location_uses_the_reporting_year_mix() -> None:
    # 12 000 kWh × 0.0519 kgCO2e/kWh (ADEME mix 2024, element 43642) = 622.8 kgCO2e, as its three posts:
    # generation 12 000 × 0.035 = 420, upstream 12 000 × 0.0131 = 157.2, grid losses 12 000 × 0.0038 = 45.6
    location, _ = split(energy.electricity("12000 kWh", year=2024, library=LIB))
    assert [line.factor_id for line in location] == FR_PARTS_2024
    assert [e.kg for e in compute_lines(location, LIB)] == pytest.approx([420.0, 157.2, 45.6], rel=1e-12)
    assert kg(location) == pytest.approx(622.8, rel=1e-12)
    # 2025: 12 000 × 0.0461 = 553.2
    location, _ = split(energy.electricity("12000 kWh", year=2025, library=LIB))
    assert location[0].factor_id == "energy.electricity.fr.mix_2025"
    assert kg(location) == pytest.approx(553.2, rel=1e-12)


def test_missing_vintage_takes_latest_earlier_with_a_note() -> None:
    [location], _ = split(energy.electricity("1 MWh", year=2030, library=LIB))
    prefix = "energy.electricity.fr.mix_"
    latest = max(int(i.removeprefix(prefix)) for i in LIB if re.fullmatch(r"energy\.electricity\.fr\.mix_\d{4}", i))
    assert location.factor_id == f"{prefix}{latest}"
    assert f"for 2030: the earlier vintage {latest}" in location.note
    early, _ = split(energy.electricity("1 MWh", year=1995, library=LIB))  # 2022, split into its three posts
    assert len(early) == 3 and all("later vintage 2022" in line.note for line in early)


def test_market_without_contract_is_the_residual_mix() -> None:
    # AIB residual mix France, data year 2023 (nearest not after 2024): 40.74 gCO2/kWh.
    # 12 000 kWh × 0.04074 = 488.88 kgCO2e
    _, market = split(energy.electricity("12000 kWh", year=2024, library=LIB))
    assert [line.factor_id for line in market] == ["energy.electricity.residual.fr_2023"]
    assert kg(market) == pytest.approx(488.88, rel=1e-9)
    assert "residual mix" in market[0].note and "AIB" in market[0].note
    # data year 2025: 17.11 g → 12 000 × 0.01711 = 205.32
    _, market = split(energy.electricity("12000 kWh", year=2025, library=LIB))
    assert kg(market) == pytest.approx(205.32, rel=1e-9)
    # before the first data year: the earliest, said in the note
    _, [early] = split(energy.electricity("12000 kWh", year=2021, library=LIB))
    assert early.factor_id == "energy.electricity.residual.fr_2023" and "2021" in early.note


def test_supplier_mix_one_line_per_technology() -> None:
    # 12 000 kWh: hydro 0.93 × 0.006 + wind 0.05 × 0.0141 + PV 0.02 × 0.0439
    #   = 12 000 × (0.00558 + 0.000705 + 0.000878) = 12 000 × 0.007163 = 85.956 kgCO2e
    _, market = split(energy.electricity("12000 kWh", year=2024, contract=MIX, library=LIB))
    assert [line.factor_id for line in market] == [
        "energy.electricity.production.hydro", "energy.electricity.production.wind_onshore",
        "energy.electricity.production.solar_pv"]
    assert sum(line.quantity.to("kWh").magnitude for line in market) == pytest.approx(12000)
    assert kg(market) == pytest.approx(85.956, rel=1e-9)
    assert all("test mix" in line.note for line in market)


def test_supplier_mix_shares_must_sum_to_one() -> None:
    with pytest.raises(InputError, match=r"sum to 0\.98.*summing to 1 within 1e-6"):
        energy.SupplierMix("Enercoop", {"hydro": 0.93, "wind_onshore": 0.05}, source="press 2015")
    with pytest.raises(InputError, match="shares"):
        energy.SupplierMix("X", {"hydro": 1.2, "wind": -0.2}, source="s")
    with pytest.raises(InputError, match="source"):
        energy.SupplierMix("X", {"hydro": 1.0}, source=" ")
    # within the tolerance is accepted; aliases are merged
    mix = energy.SupplierMix("X", {"wind": 0.5, "wind_onshore": 0.5 - 1e-7}, source="s")
    assert dict(mix.shares) == {"wind_onshore": pytest.approx(1.0)}


def test_enercoop_declared_factor_is_cited() -> None:
    # Enercoop 2016, own method: 12.4 gCO2e/kWh → 12 000 kWh × 0.0124 = 148.8 kgCO2e
    factor = LIB[energy.ENERCOOP.factor_id]
    assert "enercoop" in factor.source.lower() and factor.year == 2016
    _, market = split(energy.electricity("12000 kWh", year=2024, contract=energy.ENERCOOP,
                                         library=LIB))
    assert kg(market) == pytest.approx(148.8, rel=1e-9)
    assert "Enercoop" in market[0].label and "2016" in market[0].note


def test_guarantees_of_origin_take_the_technology_factor() -> None:
    # GOs of hydro: 12 000 kWh × 0.006 = 72 kgCO2e
    _, market = split(energy.electricity("12000 kWh", year=2024, library=LIB,
                                         contract=energy.GuaranteesOfOrigin("hydraulic")))
    assert market[0].factor_id == "energy.electricity.production.hydro"
    assert kg(market) == pytest.approx(72.0, rel=1e-9)


def test_declared_factor_unknown_id() -> None:
    with pytest.raises(UnknownFactorError):
        energy.electricity("1 MWh", year=2024, library=LIB,
                           contract=energy.DeclaredFactor("energy.electricity.supplier.nobody"))


@pytest.mark.parametrize("country", ["DE", "DEU", "deu", "Germany", "Allemagne"])
def test_other_countries_grid_and_residual(country: str) -> None:
    # Ember DEU 2024 0.34413992 → 12 000 × 0.34413992 = 4129.67904; AIB DE 2023 719.90 g → 8638.8
    location, market = split(energy.electricity("12000 kWh", year=2024, country=country,
                                                library=LIB))
    assert location[0].factor_id == "energy.electricity.deu.grid_2024"
    assert kg(location) == pytest.approx(4129.67904, rel=1e-9)
    assert market[0].factor_id == "energy.electricity.residual.de_2023"
    assert kg(market) == pytest.approx(8638.8, rel=1e-6)


def test_country_without_residual_mix_falls_back_to_its_grid() -> None:
    # issue 15: a country is never refused; the grid average stands for the missing residual mix
    with pytest.warns(CoopCarbonWarning, match=r"no residual mix for GB.*gbr\.grid|GBR grid average"):
        _, fallback = split(energy.electricity("1 MWh", year=2024, country="UK", library=LIB))
    assert fallback[0].factor_id == "energy.electricity.gbr.grid_2024"
    location, market = split(energy.electricity(
        "1 MWh", year=2024, country="United Kingdom", library=LIB,
        contract=energy.GuaranteesOfOrigin("wind")))
    assert location[0].factor_id == "energy.electricity.gbr.grid_2024"
    assert market[0].factor_id == "energy.electricity.production.wind_onshore"


def test_bad_inputs() -> None:
    with pytest.raises(UnitMismatchError, match="energy"):
        energy.electricity("12 km", year=2024, library=LIB)
    with pytest.raises(InputError, match="energy"):
        energy.electricity("-5 kWh", year=2024, library=LIB)
    with pytest.raises(InputError, match="has no unit"):
        energy.electricity(12000, year=2024, library=LIB)
    with pytest.raises(InputError, match=r"unknown country 'Frnace'.*'France'"):
        energy.electricity("1 MWh", year=2024, country="Frnace", library=LIB)
    with pytest.raises(InputError, match=r"no production factor.*'hydro'"):
        energy.electricity("1 MWh", year=2024, library=LIB,
                           contract=energy.GuaranteesOfOrigin("hydor"))
    with pytest.raises(InputError, match="year"):
        energy.electricity("1 MWh", year=24, library=LIB)
    with pytest.raises(InputError, match="not a contract"):
        energy.electricity("1 MWh", year=2024, library=LIB, contract="enercoop")  # type: ignore[arg-type]


@pytest.mark.parametrize("contract", CONTRACTS, ids=["none", "mix", "enercoop", "go"])
@pytest.mark.parametrize("country", ["FR", "DE", "ES"])
def test_both_scope2_results_always_present(contract: energy.Contract, country: str) -> None:
    lines = energy.electricity("5 MWh", year=2024, country=country, contract=contract,
                               library=LIB, site="Lyon")
    location, market = split(lines)
    assert len(location) == (3 if country == "FR" else 1) and len(market) >= 1  # ADEME splits the French mix
    emissions = compute_lines(lines, LIB)
    for e in emissions:
        if e.scope == 3:  # upstream and grid losses of the French mix: scope 3 category 3, post 4.1
            assert e.ghg_category == 3 and e.beges_post == "4.1" and e.activity.scope2_method is None
        else:
            assert e.scope == 2 and e.beges_post == "2.1" and e.ghg_category is None
        assert e.activity.domain == "energy" and e.activity.group == "electricity"
        assert e.activity.site == "Lyon" and "Scope 2" in e.activity.note
    # the BEGES / main total uses location-based only; market-based is reported beside it
    assert [e.in_main_total for e in emissions] == [line.scope2_method != "market" for line in lines]


def test_country_codes() -> None:
    assert energy.country_code("fr") == ("FR", "FRA")
    assert energy.country_code("Suède") == ("SE", "SWE")
    assert energy.country_code("GBR") == ("GB", "GBR")


# --- solar ----------------------------------------------------------------------------------


def test_solar_per_kwh_produced() -> None:
    # 8 000 kWh produced × 0.0439 kgCO2e/kWh (ADEME PV, China-made panels) = 351.2 kgCO2e
    lines = energy.solar("8000 kWh", self_consumed="6500 kWh", site="Nantes")
    [e] = compute_lines(lines, LIB)
    assert e.kg == pytest.approx(351.2, rel=1e-12)
    assert (e.scope, e.ghg_category, e.beges_post) == (3, 2, "4.2")
    assert e.activity.group == "solar" and "per kWh produced" in e.activity.note
    assert "6500 kWh self-consumed" in e.activity.note


def test_solar_errors_and_grid_after_solar() -> None:
    with pytest.raises(InputError, match="self_consumed"):
        energy.solar("8 MWh", self_consumed="9 MWh")
    with pytest.raises(UnitMismatchError):
        energy.solar("8 m2")
    assert energy.grid_after_solar("20 MWh", "6500 kWh").to("kWh").magnitude == pytest.approx(13500)
    with pytest.raises(InputError, match="self_consumed"):
        energy.grid_after_solar("5 MWh", "6 MWh")


# --- properties -----------------------------------------------------------------------------


def totals(energy_: object, contract: energy.Contract = MIX) -> tuple[float, float]:
    location, market = split(energy.electricity(energy_, year=2024, contract=contract, library=LIB))
    return kg(location), kg(market)


@settings(max_examples=40, deadline=None)
@given(magnitudes, st.sampled_from(ENERGY_UNITS), st.sampled_from(range(len(CONTRACTS))))
def test_non_negative_and_unit_independent(value: float, unit: str, which: int) -> None:
    contract = CONTRACTS[which]
    quantity = cc.Q(value, unit)
    a = totals(quantity, contract)
    b = totals(quantity.to("kWh"), contract)
    assert all(x >= 0 for x in a)
    assert a == pytest.approx(b, rel=1e-9)


def test_mwh_equals_kwh() -> None:
    assert totals("12 MWh") == pytest.approx(totals("12000 kWh"), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(magnitudes, magnitudes, scales)
def test_additive_and_linear(a: float, b: float, k: float) -> None:
    ta, tb = totals(cc.Q(a, "kWh")), totals(cc.Q(b, "kWh"))
    tab = totals(cc.Q(a + b, "kWh"))
    assert tab == pytest.approx((ta[0] + tb[0], ta[1] + tb[1]), rel=1e-9)
    assert totals(cc.Q(k * a, "kWh")) == pytest.approx((k * ta[0], k * ta[1]), rel=1e-9)


# --- documentation --------------------------------------------------------------------------


def test_docs_worked_example() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "domains" / "energy.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
