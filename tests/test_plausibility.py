"""Plausibility of user factors: orders of magnitude against the bundled tables, coherent categories.

Known answers: the largest bundled mobility factor per passenger_km is the large petrol car,
0.246239 kgCO2e/passenger_km (Impact CO2 ``voiture-grandeberline-essence``); the smallest non-zero
one is the mechanical bike, 0.00017 (Impact CO2 ``velo``). 68 kgCO2e/pkm is 68 / 0.246239 = 276
times the largest, and 0.068 is in the range. BEGES v5 post 1.1 belongs to category 1, which is scope 1.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.categories import BEGES_POSTS, GHG_CATEGORIES
from coopcarbon.factors.loading import check_table
from coopcarbon.factors.plausibility import (
    POSTS_OF_CATEGORY,
    category_contradictions,
    check_plausibility,
    magnitude_outliers,
)
from coopcarbon.factors.schema import FactorEntry

BASE = {"name_fr": "x", "name_en": "x", "source": "test", "year": 2024}


@pytest.fixture(scope="module")
def lib() -> cc.FactorLibrary:
    return cc.load_factors()


def entry(**fields: object) -> FactorEntry:
    return FactorEntry.model_validate({**BASE, **fields})


def test_grams_typed_as_kilograms_is_flagged_naming_the_bundled_factors(lib: cc.FactorLibrary) -> None:
    typo = {"mobility.train.regional_line": entry(value=68, unit="kgCO2e/passenger_km", scope=3,
                                                  ghg_category=6, beges_post="3.5")}
    [warning] = magnitude_outliers(typo, lib)
    assert "276 times above the largest bundled mobility factor" in warning.message
    assert "mobility.car.suv.petrol.per_pkm (0.2462 kgCO2e/passenger_km)" in warning.message
    assert "mobility.bike.mechanical" in warning.message  # the other end of the range
    assert warning.suggestion.startswith("grams typed as kilograms? 0.068 kgCO2e/passenger_km")
    assert warning.field == "factors.mobility.train.regional_line.value"


def test_the_same_value_in_grams_is_fine(lib: cc.FactorLibrary) -> None:
    right = {"mobility.train.regional_line": entry(value=68, unit="gCO2e/passenger_km", scope=3,
                                                   ghg_category=6, beges_post="3.5")}
    assert magnitude_outliers(right, lib) == []


def test_too_small_is_flagged_too(lib: cc.FactorLibrary) -> None:
    tiny = {"mobility.train.x": entry(value=0.00017 / 31, unit="kgCO2e/passenger_km", scope=3,
                                      ghg_category=6, beges_post="3.5")}
    [warning] = magnitude_outliers(tiny, lib)
    assert "below the smallest" in warning.message and "mobility.bike.mechanical" in warning.message
    edge = {"mobility.train.x": entry(value=0.00017 / 29, unit="kgCO2e/passenger_km", scope=3,
                                      ghg_category=6, beges_post="3.5")}
    assert magnitude_outliers(edge, lib) == []


def test_no_reference_no_warning(lib: cc.FactorLibrary) -> None:
    # other domain, other unit kind, zero value: nothing to compare with
    entries = {"ademe.27025": entry(value=1e9, unit="kgCO2e/device", scope=3, ghg_category=2, beges_post="4.2"),
               "mobility.x.y": entry(value=1e9, unit="kgCO2e/device", scope=3, ghg_category=6, beges_post="3.5"),
               "mobility.x.zero": entry(value=0, unit="kgCO2e/passenger_km", scope=3, ghg_category=6,
                                        beges_post="3.5")}
    assert magnitude_outliers(entries, lib) == []


def test_bundled_tables_are_plausible(lib: cc.FactorLibrary) -> None:
    for path in sorted(Path(__file__).parents[1].glob("emission_factors/*.yaml")):
        table = check_table(path).table
        assert table is not None
        assert magnitude_outliers(table.factors, lib) == [], path.name
        assert category_contradictions(table.factors) == [], path.name


def test_meal_in_a_combustion_post_is_an_error() -> None:
    meal = {"meal.canteen": entry(value=2.5, unit="kgCO2e/meal", scope=3, ghg_category=1, beges_post="1.1")}
    [error] = category_contradictions(meal)
    assert "BEGES post 1.1" in error.message and "scope 1 post" in error.message
    assert "scope 3, category 1" in error.message
    assert "4.1, 4.5 or 6.1" in error.expected
    assert 'beges_post: "4.1"' in error.suggestion


@pytest.mark.parametrize(("scope", "category", "post", "bad"), [
    (1, None, "1.1", False), (1, None, "2.1", True), (2, None, "2.2", False), (2, None, "1.4", True),
    (3, 6, "3.5", False), (3, 6, "3.3", True), (3, 7, "3.3", False), (3, 1, "4.5", False),
    (3, 2, "4.1", True), (3, 2, "6.1", False), (1, None, "4.2", True),
])
def test_category_rules(scope: int, category: int | None, post: str, bad: bool) -> None:
    factors = {"x.y": entry(value=1, unit="kgCO2e/kWh", scope=scope, ghg_category=category, beges_post=post)}
    assert bool(category_contradictions(factors)) == bad


@given(st.sampled_from(sorted(GHG_CATEGORIES)), st.sampled_from(sorted(BEGES_POSTS)))
def test_a_scope_3_category_accepts_exactly_its_posts_and_6_1(category: int, post: str) -> None:
    factors = {"x.y": entry(value=1, unit="kgCO2e/kWh", scope=3, ghg_category=category, beges_post=post)}
    fits = post in POSTS_OF_CATEGORY[category] or post == "6.1"
    assert (category_contradictions(factors) == []) == fits


def test_every_default_post_is_accepted() -> None:
    for category in GHG_CATEGORIES:
        assert cc.categories.default_beges_post(3, category) in (*POSTS_OF_CATEGORY[category], "6.1")


def test_check_plausibility_locates_in_the_file(tmp_path: Path, lib: cc.FactorLibrary) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(textwrap.dedent("""\
        table: {name: ours, version: "1", source: test, license: CC0, retrieved: 2026-11-30}
        factors:
          mobility.train.regional_line:
            name_fr: TER de la ligne
            name_en: Regional line
            value: 68
            unit: kgCO2e/passenger_km
            source: our survey
            year: 2025
            scope: 3
            ghg_category: 6
            beges_post: "3.5"
          meal.canteen:
            name_fr: Cantine
            name_en: Canteen
            value: 2.5
            unit: kgCO2e/meal
            source: our caterer
            year: 2025
            scope: 3
            ghg_category: 1
            beges_post: "1.1"
        """), encoding="utf-8")
    checked = check_table(path)
    assert checked.problems == [] and checked.table is not None
    result = check_plausibility(checked, lib)
    [error] = result.problems
    [warning] = result.warnings
    assert (error.line, error.field) == (22, "factors.meal.canteen.beges_post")
    assert (warning.line, warning.field) == (6, "factors.mobility.train.regional_line.value")
    assert result.table is None  # an error drops the table, like any other problem
    assert checked.problems == []  # pure: the input record is unchanged
