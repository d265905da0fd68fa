"""Scope split: the parts of a fuel or a company car add up to the undivided factor of their source.

Sources (emission_factors/, bibliography keys in each factor): ADEME Base Carbone element 14087
« Fioul domestique » (Combustion 2.68 + Amont 0.567, element 3.25 kgCO2e/L); element 37133 « Gaz
naturel - 2022, mix moyen » (Combustion 0.181 + Amont 0.0344, element 0.215 kgCO2e/kWh PCS); arrêté du 26 avril
2017, annex (road diesel 2.51 + 0.66 = 3.17, E10 2.22 + 0.55 = 2.77 kgCO2e/L); ADEME elements
43788, 43787 (2023) and 28007 (cars per vehicle-km, posts Combustion, Amont, Fabrication); Impact CO2's
compact hybrids (use + construction per passenger-km × 1.6).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.domains import buildings
from coopcarbon.domains.mobility import fleet
from coopcarbon.engine import compute_lines

from .helpers import kg

LIB = cc.load_factors()
TABLES = Path(__file__).resolve().parents[1] / "emission_factors"

# (split table, undivided factor of the same source, significant figures the source rounds to)
SPLITS = [
    (buildings.HEATING_PARTS["fuel_oil"], "energy.fuel_oil.domestic.ademe_14087", 3),
    (buildings.HEATING_PARTS["natural_gas"], "energy.gas.natural.ademe_37133", 3),
    (fleet.FUEL_PARTS["diesel"], "energy.fuel.diesel.arrete_2017", 3),
    (fleet.FUEL_PARTS["petrol"], "energy.fuel.petrol_e10.arrete_2017", 3),
    (fleet.DISTANCE_PARTS[("diesel", None)], "mobility.car.diesel.ademe_43788", 3),
    (fleet.DISTANCE_PARTS[("petrol", None)], "mobility.car.petrol.ademe_43787", 3),
    (fleet.DISTANCE_PARTS[("electric", None)], "mobility.car.electric.ademe_28007", 3),
    (fleet.DISTANCE_PARTS[("hybrid", None)], "mobility.car.hybrid", 5),
    (fleet.DISTANCE_PARTS[("plugin_hybrid", "compact")], "mobility.car.compact.plugin_hybrid", 5),
]


def _half_unit(value: float, figures: int) -> float:
    """Half a unit of the last significant figure of ``value`` rounded to ``figures`` figures."""
    return 0.5 * 10 ** (math.floor(math.log10(abs(value))) - figures + 1) if value else 0.0


@pytest.mark.parametrize(("parts", "whole", "figures"), SPLITS, ids=[s[1] for s in SPLITS])
def test_parts_add_up_to_the_undivided_factor(parts: tuple[tuple[str, fleet.Part], ...], whole: str,
                                              figures: int) -> None:
    values = [LIB[factor_id].value.magnitude for factor_id, _ in parts]
    undivided = LIB[whole].value.magnitude
    # equal up to the source's rounding of each figure (2.68 + 0.567 = 3.247 for 3.25; 0.24 +
    # 0.0767 + 0.041 = 0.3577 for 0.357)
    tolerance = sum(_half_unit(v, figures) for v in values) + _half_unit(undivided, figures)
    assert abs(sum(values) - undivided) <= tolerance + 1e-12
    units = {str(LIB[factor_id].value.units) for factor_id, _ in parts}
    assert units == {str(LIB[whole].value.units)}


@pytest.mark.parametrize(("parts", "whole", "figures"), SPLITS[:7], ids=[s[1] for s in SPLITS[:7]])
def test_the_undivided_factor_lists_the_same_parts(parts: tuple[tuple[str, fleet.Part], ...], whole: str,
                                                   figures: int) -> None:
    entries = {fid: entry for path in TABLES.glob("*.yaml")
               for fid, entry in (yaml.safe_load(path.read_text(encoding="utf-8")).get("factors") or {}).items()}
    published = sorted(p["value"] for p in entries[whole]["parts"])
    assert sorted(LIB[factor_id].value.magnitude for factor_id, _ in parts) == pytest.approx(published)


@pytest.mark.parametrize(("parts", "whole", "figures"), SPLITS, ids=[s[1] for s in SPLITS])
def test_only_combustion_or_use_is_in_scope_1(parts: tuple[tuple[str, fleet.Part], ...], whole: str,
                                              figures: int) -> None:
    for factor_id, part in parts:
        assert (part.scope == 1) == (part.name in ("combustion", "use")), factor_id
        assert LIB[factor_id].scope == part.scope, factor_id  # the table agrees with the helper
        if part.name == "upstream":
            assert (part.ghg_category, part.beges_post) == (3, "4.1")
        if part.name == "manufacture":
            assert (part.ghg_category, part.beges_post) == (2, "4.2")


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=0.1, max_value=1e6, allow_nan=False), st.sampled_from(["diesel", "petrol"]))
def test_fleet_fuel_lines_sum_to_litres_times_the_whole(litres: float, fuel: str) -> None:
    lines = fleet.fleet_fuel(f"{litres!r} L", fuel)
    assert len({line.group for line in lines}) == 1
    whole = {"diesel": 3.17, "petrol": 2.77}[fuel]  # arrêté du 26 avril 2017, « Total »
    assert kg(lines, LIB) == pytest.approx(litres * whole, rel=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.floats(min_value=1.0, max_value=1e6, allow_nan=False))
def test_heating_oil_lines_land_in_their_posts(litres: float) -> None:
    emissions = compute_lines(buildings.heating(f"{litres!r} L", "fuel_oil"), LIB)
    by_post = {e.beges_post: e.kg for e in emissions}
    assert by_post == pytest.approx({"1.1": litres * 2.68, "4.1": litres * 0.567}, rel=1e-9)
