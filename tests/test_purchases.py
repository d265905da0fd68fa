"""Purchases domain: known answers by hand, deflation, conventions, errors.

Reference values, as in the bundled tables (emission_factors/purchases.yaml, meals.yaml,
digital.yaml, mobility.yaml):
- purchases.services.it_programming_consulting = 75 kgCO2e/kEUR (ADEME 2023 ratio, id 43445)
- purchases.goods.paper_cardboard = 357 kgCO2e/kEUR (id 43370)
- purchases.services.other_professional_scientific_technical = 110 kgCO2e/kEUR (id 43315)
- INSEE CPI annual-average change: 2022 +5.2 %, 2023 +4.9 %, 2024 +2.0 %
- meal.vegetarian = 0.85, meal.white_meat = 1.65 kgCO2e/meal (Nos Gestes Climat)
- accommodation.hotel_night = 4.3 kgCO2e/night (ADEME tourism study 2022)
- digital.cloud_storage = 0.00023533417 kgCO2e/GB/year, digital.videoconference = 0.05706336546
  kgCO2e/hour (Impact CO2)
- furniture.chair.wood = 18.63 kgCO2e/item (Impact CO2)
- mobility.train.tgv = 0.00293 kgCO2e/passenger_km
"""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.activities import ActivityLine, DataQuality
from coopcarbon.domains import purchases
from coopcarbon.domains.purchases import Furniture, TravelLeg
from coopcarbon.engine import compute_lines
from coopcarbon.errors import InputError, UnitMismatchError

LIB = cc.load_factors()


def kg(lines: list[ActivityLine]) -> float:
    return sum(e.kg for e in compute_lines(lines, LIB))


def test_spend_same_year_known_answer() -> None:
    # 12 000 EUR of IT services in 2023 (the ratio's year): 12 kEUR x 75 = 900 kgCO2e
    lines = purchases.spend("12000 EUR", "it_services", year=2023, library=LIB)
    assert kg(lines) == pytest.approx(900.0)
    [line] = lines
    assert line.domain == "purchases"
    assert line.data_quality is DataQuality.ESTIMATED


def test_spend_deflated_from_2021() -> None:
    # 10 kEUR of paper in 2021, in 2023 euros: 10 x 1.052 x 1.049 = 11.03548 kEUR; x 357
    lines = purchases.spend("10 kEUR", "paper", year=2021, library=LIB)
    assert lines[0].quantity.to("kEUR").magnitude == pytest.approx(11.03548)
    assert kg(lines) == pytest.approx(3939.66636)
    assert "1.1035" in lines[0].note


def test_spend_deflated_from_later_year() -> None:
    # 5 kEUR in 2024 = 5 / 1.02 kEUR of 2023 = 4.9019608; x 75 = 367.64706
    assert kg(purchases.spend("5000 EUR", "it_services", year=2024, library=LIB)) == pytest.approx(
        367.647059, rel=1e-6)


def test_price_ratio_chain_and_user_index() -> None:
    assert purchases.price_ratio(2022, 2024, library=LIB) == pytest.approx(1.049 * 1.02)
    assert purchases.price_ratio(2024, 2022, library=LIB) == pytest.approx(1 / (1.049 * 1.02))
    assert purchases.price_ratio(2023, 2023) == 1.0
    # INSEE annual-average levels 2018 103.09 and 2019 104.23 (Informations rapides 2020-9)
    assert purchases.price_ratio(2018, 2019, price_index={2018: 103.09, 2019: 104.23}) == (
        pytest.approx(104.23 / 103.09))


def test_spend_2025_deflated_with_the_published_index() -> None:
    # INSEE Informations rapides n° 8 of 2026-01-15: +2.0 % in 2024, +0.9 % in 2025. 1000 EUR of
    # IT services spent in 2025 = 1 / (1.02 × 1.009) = 0.9716469 kEUR of 2023; × 75 = 72.8735 kg
    lines = purchases.spend("1000 EUR", "it_services", year=2025, library=LIB)
    assert lines[0].quantity.to("kEUR").magnitude == pytest.approx(1 / (1.02 * 1.009))
    assert kg(lines) == pytest.approx(75 / (1.02 * 1.009))
    assert purchases.latest_price_year(LIB) == 2025


def test_spend_past_the_index_uses_its_last_year_with_a_warning() -> None:
    # 2026 is not published: 2026 euros are taken at the 2025 level, the same ratio as 2025
    with pytest.warns(cc.CoopCarbonWarning, match="2026 are taken at the 2025 price level"):
        lines = purchases.spend("1000 EUR", "it_services", year=2026, library=LIB)
    assert lines[0].quantity.to("kEUR").magnitude == pytest.approx(1 / (1.02 * 1.009))
    assert "the index stops in 2025" in lines[0].note
    # a user index takes over, without warning
    lines = purchases.spend("1000 EUR", "it_services", year=2026, library=LIB,
                            price_index={2026: 121.0, 2023: 110.0})
    assert lines[0].quantity.to("kEUR").magnitude == pytest.approx(110 / 121)


def test_bilan_file_price_index_is_used(tmp_path: Path) -> None:
    text = ("organisation: X\nyear: 2026\nheadcount: 3\n"
            "price_index: {2023: 110.0, 2026: 121.0}\n"
            "purchases:\n  - {category: it_services, amount: 1000 EUR}\n")
    path = tmp_path / "bilan.yaml"
    path.write_text(text, encoding="utf-8")
    result = cc.Bilan.from_yaml(path).compute()
    # 1 kEUR × 110 / 121 × 75 kgCO2e/kEUR = 68.1818 kgCO2e
    assert result.total.to("kgCO2e").magnitude == pytest.approx(75 * 110 / 121)


def test_bilan_file_bad_price_index_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text("organisation: X\nyear: 2026\nheadcount: 3\nprice_index: {2023: 110.0, 2026: -1}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(path)
    assert any("price_index" in str(p.field) and p.line == 4 for p in info.value.problems)


@pytest.mark.parametrize("year", [2015])
def test_spend_outside_price_index_fails(year: int) -> None:
    with pytest.raises(InputError, match="price_index"):
        purchases.spend("1000 EUR", "it_services", year=year, library=LIB)
    # with a user index it works
    lines = purchases.spend("1000 EUR", "it_services", year=year, library=LIB,
                            price_index={year: 100.0, 2023: 110.0})
    assert lines[0].quantity.to("kEUR").magnitude == pytest.approx(1.1)


def test_spend_capital_goes_to_category_2() -> None:
    [e] = compute_lines(purchases.spend("3 kEUR", "furniture", year=2023, capital=True,
                                        library=LIB), LIB)
    assert (e.scope, e.ghg_category, e.beges_post) == (3, 2, "4.2")
    assert e.kg == pytest.approx(3 * 231)
    [g] = compute_lines(purchases.spend("3 kEUR", "furniture", year=2023, library=LIB), LIB)
    assert (g.ghg_category, g.beges_post) == (1, "4.1")


def test_monetary_uncertainty_is_high() -> None:
    # factor part: ADEME gives its monetary ratios ±80 % (column « Incertitude » of the Base
    # Carbone export, elements 24997-25032); activity 'estimated' ±30 %; sqrt(0.8² + 0.3²) = 0.854
    [e] = compute_lines(purchases.spend("10 kEUR", "it_services", year=2023, library=LIB), LIB)
    assert e.factor_uncertainty == pytest.approx(0.8)
    assert e.uncertainty > 0.8


def test_spend_errors() -> None:
    with pytest.raises(InputError, match="did you mean"):
        purchases.spend("1 kEUR", "it_service", year=2023)
    with pytest.raises(UnitMismatchError):
        purchases.spend("12 km", "paper", year=2023)
    with pytest.raises(InputError):
        purchases.spend("-5 EUR", "paper", year=2023)
    assert purchases.spend("0 EUR", "paper", year=2023) == []


def test_spend_accepts_ratio_id() -> None:
    [line] = purchases.spend("1 kEUR", "purchases.services.insurance", year=2023, library=LIB)
    assert line.factor_id == "purchases.services.insurance"


def test_meals_and_survey_known_answers() -> None:
    assert kg(purchases.meals(100, "vegetarian")) == pytest.approx(85.0)
    assert kg(purchases.meals("100 meal", "meal.vegan")) == pytest.approx(54.0)
    # 1000 meals, half vegetarian, half white meat: 500 x 0.85 + 500 x 1.65 = 1250
    lines = purchases.meal_survey(1000, {"vegetarian": 0.5, "white_meat": 0.5})
    assert kg(lines) == pytest.approx(1250.0)
    assert all(line.data_quality is DataQuality.ESTIMATED for line in lines)
    with pytest.raises(InputError, match="sum"):
        purchases.meal_survey(1000, {"vegetarian": 0.5})
    with pytest.raises(InputError, match="did you mean"):
        purchases.meals(3, "vegetarien")
    with pytest.raises(UnitMismatchError):
        purchases.meals("3 night", "vegan")


def test_hotel_nights() -> None:
    [e] = compute_lines(purchases.hotel_nights(10), LIB)
    assert e.kg == pytest.approx(43.0)
    assert (e.ghg_category, e.beges_post) == (6, "3.5")


def test_digital_usage_known_answers() -> None:
    assert kg(purchases.storage("500 GB")) == pytest.approx(500 * 0.00023533417)
    assert kg(purchases.storage("2 TB", 0.5)) == pytest.approx(1000 * 0.00023533417)
    assert kg(purchases.videoconference(10, participants=3)) == pytest.approx(30 * 0.05706336546)
    # cloud by spend: the IT services ratio
    assert kg(purchases.cloud("2400 EUR", year=2023, library=LIB)) == pytest.approx(2.4 * 75)


def test_furniture_conventions() -> None:
    chairs = [Furniture("chair", 10, purchase_year=2022, lifetime=10)]
    # amortised: 10 / 10 = 1 item a year x 18.63
    [e] = compute_lines(purchases.furniture(chairs, reporting_year=2024), LIB)
    assert e.kg == pytest.approx(18.63)
    assert (e.ghg_category, e.beges_post) == (2, "4.2")
    assert purchases.furniture(chairs, reporting_year=2024, convention="purchase_year") == []
    assert kg(purchases.furniture(chairs, reporting_year=2022, convention="purchase_year")) == (
        pytest.approx(186.3))
    with pytest.raises(InputError, match="lifetime"):
        purchases.furniture([Furniture("desk", 4, purchase_year=2024)], reporting_year=2024)
    with pytest.raises(InputError, match="after"):
        purchases.furniture(chairs, reporting_year=2021)


def test_event_composes_helpers() -> None:
    lines = purchases.event(
        "AG 2023", year=2023, meals={"vegetarian": 40}, nights=5,
        travel=[TravelLeg("460 km", "train.tgv", 10), TravelLeg("460 km", "train.tgv", 2, guests=True)],
        venue="2000 EUR")
    emissions = compute_lines(lines, LIB)
    # 40 x 0.85 + 5 x 4.3 + 9200 pkm x 0.00293 + 1840 pkm x 0.00293 + 2 kEUR x 110
    expected = 34 + 21.5 + 9200 * 0.00293 + 1840 * 0.00293 + 220
    assert sum(e.kg for e in emissions) == pytest.approx(expected)
    assert {line.group for line in lines} == {"event:AG 2023"}
    guests = [e for e in emissions if "guests" in e.activity.note]
    assert [(e.ghg_category, e.beges_post) for e in guests] == [(9, "3.4")]
    with pytest.raises(InputError, match="catering"):
        purchases.event("x", year=2023, catering="100 EUR")


def test_waste_known_answer_and_bilan_section(tmp_path: Path) -> None:
    # ADEME Base Carbone 34650 'Ordures ménagères résiduelles - incinération' 0.374 kgCO2e/kg
    # (bundled waste table): 350 kg → 130.9 kgCO2e, GHG category 5, BEGES post 4.3
    [line] = cc.purchases.waste("350 kg", "residual", "incineration")
    [e] = compute_lines([line], cc.load_factors())
    assert e.kg == pytest.approx(350 * 0.374)
    assert (e.ghg_category, e.beges_post) == (5, "4.3")
    path = tmp_path / "bilan.yaml"
    path.write_text("organisation: X\nyear: 2024\nheadcount: 3\nwaste:\n"
                    "- {material: residual, treatment: incineration, mass: 0.35 tonne}\n", encoding="utf-8")
    assert cc.Bilan.from_yaml(path).compute().total.to("kgCO2e").magnitude == pytest.approx(130.9)


def test_waste_unknown_treatment_suggests() -> None:
    with pytest.raises(InputError, match="did you mean"):
        cc.purchases.waste("1 kg", "residual", "recyclage")
