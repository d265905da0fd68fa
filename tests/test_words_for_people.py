"""User factors wherever a mode is named, French words and headers, messages written for people."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.bilanfile.activity_csv import read_activities_csv

TABLE = """\
table: {name: ours, version: "1", source: our measurements, license: CC0, retrieved: 2024-01-01}
factors:
  custom.bus.ligne_t75:
    name_fr: Bus ligne T75
    name_en: Bus line T75
    value: 0.05
    unit: kgCO2e/passenger_km
    source: our measurements
    year: 2024
    scope: 3
    ghg_category: 7
    beges_post: "3.3"
    estimated: oui
"""


def _bilan(tmp_path: Path, body: str) -> Path:
    (tmp_path / "ours.yaml").write_text(TABLE, encoding="utf-8")
    path = tmp_path / "bilan.yaml"
    path.write_text("organisation: T\nyear: 2024\nheadcount: 2\nfactors: [ours.yaml]\n" + body, encoding="utf-8")
    return path


def test_commute_survey_takes_a_user_factor(tmp_path: Path) -> None:
    path = _bilan(tmp_path, "commute:\n  telework_home_energy: non\n  respondents:\n"
                            "  - {mode: custom.bus.ligne_t75, one_way_distance: 10 km, days_on_site_per_week: 5}\n"
                            "  - {mode: bike, one_way_distance: 3 km, days_on_site_per_week: 5}\n")
    result = cc.Bilan.from_yaml(path).compute()
    bus = next(line for line in result.lines if line.factor.id == "custom.bus.ligne_t75")
    # 2 × 10 km × 5 days × 46 weeks = 4 600 passenger_km × 0.05 kgCO2e = 230 kgCO2e
    assert bus.activity.quantity.magnitude == pytest.approx(4600)
    assert bus.kg == pytest.approx(230)
    assert bus.factor.estimated is True  # `estimated: oui` in the table


def test_unknown_user_factor_is_located_with_the_nearest_ids(tmp_path: Path) -> None:
    path = _bilan(tmp_path, "commute:\n  respondents:\n"
                            "  - {mode: custom.bus.ligne_t57, one_way_distance: 10 km, days_on_site_per_week: 5}\n")
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_yaml(path).compute()
    problem = info.value.problems[0]
    assert problem.line == 7 and "custom.bus.ligne_t57" in problem.message
    assert "custom.bus.ligne_t75" in problem.suggestion


def test_trips_and_fleet_take_user_factors() -> None:
    [bus] = cc.mobility.trip("12 km", "custom.bus.ligne_t75", travellers=2, round_trip=True)
    assert (bus.factor_id, bus.quantity.magnitude, f"{bus.quantity.units}") == (
        "custom.bus.ligne_t75", 48.0, "passenger_km")
    [van] = cc.mobility.trip("100 km", "custom.van", travellers=1, occupants=4)
    assert (van.quantity.magnitude, f"{van.quantity.units}") == (25.0, "vehicle_km")
    [fuel] = cc.mobility.fleet_fuel("100 L", "custom.fuel.b100")
    assert fuel.factor_id == "custom.fuel.b100" and fuel.scope == 1
    [driven] = cc.mobility.fleet_distance("1000 km", "custom.van.electric")
    assert driven.factor_id == "custom.van.electric" and f"{driven.quantity.units}" == "vehicle_km"
    with pytest.raises(cc.InputError, match="unknown mode"):
        cc.mobility.trip("12 km", "train.tvg")  # a mode family: a misspelt mode, not a factor id


def test_oui_non_in_bilan_files(tmp_path: Path) -> None:
    yes = _bilan(tmp_path, "trips:\n- {mode: train.tgv, distance: 460 km, round_trip: oui}\n")
    no = tmp_path / "no.yaml"
    no.write_text(yes.read_text(encoding="utf-8").replace("oui", "Non"), encoding="utf-8")
    assert cc.Bilan.from_yaml(yes).compute().total.magnitude == pytest.approx(
        2 * cc.Bilan.from_yaml(no).compute().total.magnitude)


def test_percentage_for_a_fraction_is_explained(tmp_path: Path) -> None:
    path = _bilan(tmp_path, "activities:\n- {quantity: 3 device, factor_id: hardware.laptop, uncertainty: 40}\n")
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_yaml(path)
    [problem] = info.value.problems
    assert problem.suggestion == "write 0.4 for ±40 %"
    assert "Input should" not in str(info.value) and "40" in problem.message


def test_factor_table_speaks_like_the_bilan_file(tmp_path: Path) -> None:
    # a percentage where the table wants a fraction, a year range, an empty source, a French date
    path = tmp_path / "ours.yaml"
    path.write_text(TABLE.replace("    year: 2024\n", "    year: 2023-2024\n    uncertainty: 40\n")
                    .replace("    source: our measurements\n", "    source: ''\n")
                    .replace("retrieved: 2024-01-01", "retrieved: 01/01/2024"), encoding="utf-8")
    with pytest.raises(cc.TableError) as info:
        cc.load_factors(path, bundled=False)
    problems = {p.field.rsplit(".", 1)[-1]: p for p in info.value.problems}
    assert problems["uncertainty"].message == "too large for a fraction (got 40)"
    assert problems["uncertainty"].suggestion == "write 0.4 for ±40 %"
    assert problems["year"].message == "not a whole number (got '2023-2024')"
    assert problems["source"].message == "empty (got '')"
    assert problems["retrieved"].message == "not a date (got '01/01/2024')"
    assert "Input should" not in str(info.value) and "Value error" not in str(info.value)


def test_no_validation_library_phrasing(tmp_path: Path) -> None:
    path = _bilan(tmp_path, "trips:\n- {mode: bus, distance: 3 km, travellers: many, round_trip: peut-être}\n")
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_yaml(path)
    text = str(info.value)
    assert "Input should" not in text and "pydantic" not in text.lower()
    assert "not a whole number (got 'many')" in text and "not yes or no (got 'peut-être')" in text


def test_french_unit_words_suggest_the_unit() -> None:
    with pytest.raises(cc.InputError) as info:
        cc.Q("12 kgCO2e/repas")
    suggestion = info.value.problems[0].suggestion
    assert suggestion.startswith("did you mean 'kgCO2e/meal'?") and "rps" not in suggestion


def test_activity_csv_with_french_headers(tmp_path: Path) -> None:
    french = tmp_path / "fr.csv"
    french.write_text("Quantité;Unité;Facteur;Libellé;Qualité;Incertitude\n"
                      "1 200,5;kWh;energy.gas.natural;Gaz;estimé;20 %\n", encoding="utf-8")
    english = tmp_path / "en.csv"
    english.write_text("quantity;unit;factor_id;label;data_quality;uncertainty\n"
                       "1200.5;kWh;energy.gas.natural;Gaz;estimated;0.2\n", encoding="utf-8")
    assert read_activities_csv(french).lines == read_activities_csv(english).lines
    wrong = tmp_path / "bad.csv"
    wrong.write_text("Quantité;Unité;Facteur;Incertitude\n3;device;hardware.laptop;40\n", encoding="utf-8")
    with pytest.raises(cc.InputError) as info:
        read_activities_csv(wrong)
    [problem] = info.value.problems
    assert (problem.line, problem.column) == (2, 4) and problem.suggestion == "write 0.4 for ±40 %"


def test_a_device_takes_a_factor_variant_or_a_user_factor(tmp_path: Path) -> None:
    library = cc.load_factors()
    variant = library["hardware.laptop.boavizta"]
    lines = cc.hardware.inventory([cc.hardware.Device("hardware.laptop.boavizta", 4, 2024, lifetime=4)],
                                  reporting_year=2024)
    bilan = cc.Bilan(organisation="T", year=2024, headcount=4).add(lines)
    [line] = bilan.compute().lines
    # 4 laptops bought in 2024, kept 4 years: a quarter of 4 devices' footprint this year
    assert line.factor.id == "hardware.laptop.boavizta"
    assert line.kg == pytest.approx(4 * variant.value.magnitude / 4)
    path = _bilan(tmp_path, "hardware:\n  devices:\n  - {kind: custom.laptop.nope, count: 2, purchase_year: 2024, "
                            "lifetime: 4}\n")
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_yaml(path).compute()
    assert "custom.laptop.nope" in info.value.problems[0].message and info.value.problems[0].line == 7
