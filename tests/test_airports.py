"""Flights by IATA airport code: the maintained dataset, the great-circle distance, the EU ETS detour on request."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.domains.mobility.airports import EU_ETS_DETOUR, airport
from coopcarbon.reports.french import line_note

pytest.importorskip("airportsdata")


def test_airport_codes_any_case() -> None:
    cdg = airport("cdg")
    assert (cdg.code, cdg.country, cdg.city) == ("CDG", "FR", "Paris")
    assert cdg.latitude == pytest.approx(49.01, abs=0.02) and cdg.longitude == pytest.approx(2.55, abs=0.02)


def test_flight_by_codes_is_the_great_circle() -> None:
    # ADEME's factors are per passenger-km of great-circle distance (DGAC TARMAAC): no detour
    [line] = cc.mobility.flight(origin="CDG", destination="JFK", travellers=2, round_trip=True)
    circle = cc.mobility.great_circle_distance(airport("CDG").coordinates, airport("JFK").coordinates)
    # Paris-CDG to New York-JFK: about 5 834 km great circle (published figures: 5 834-5 837 km)
    assert circle.magnitude == pytest.approx(5834, abs=10)
    assert line.quantity.magnitude == pytest.approx(circle.magnitude * 2 * 2)  # 2 travellers, round trip
    assert line.factor_id == "mobility.plane.long_haul.with_contrails"
    assert "great-circle distance" in line.note and "no detour added" in line.note and "CDG (Paris)" in line.note
    assert "TARMAAC" in line.note
    assert line.label.startswith("flight CDG–JFK ")


def test_the_eu_ets_detour_on_request() -> None:
    assert EU_ETS_DETOUR == 95.0  # Directive 2003/87/EC, Annex IV, part B
    [plain] = cc.mobility.flight(origin="CDG", destination="JFK")
    [ets] = cc.mobility.flight(origin="CDG", destination="JFK", detour="95 km")
    assert ets.quantity.magnitude == pytest.approx(plain.quantity.magnitude + 95.0)
    assert "+ 95 km detour (EU ETS convention: Directive 2003/87/EC, Annex IV, part B)" in ets.note
    [other] = cc.mobility.flight(origin="CDG", destination="JFK", detour="50 km")
    assert "+ 50 km detour; " in other.note and "EU ETS" not in other.note


def test_coordinates_and_codes_are_treated_alike() -> None:
    # (0°, 0°) to (0°, 90°): a quarter of the equator, pi/2 x 6371.0088 km = 10 007.557 km
    [plain] = cc.mobility.flight(origin=(0.0, 0.0), destination=(0.0, 90.0))
    assert plain.quantity.magnitude == pytest.approx(10007.557, abs=1e-3)
    [detour] = cc.mobility.flight(origin=(0.0, 0.0), destination=(0.0, 90.0), detour="95 km")
    assert detour.quantity.magnitude == pytest.approx(10007.557 + 95, abs=1e-3)
    lys, nte = airport("LYS"), airport("NTE")
    [by_code] = cc.mobility.flight(origin="LYS", destination="NTE")
    [by_point] = cc.mobility.flight(origin=lys.coordinates, destination=nte.coordinates)
    assert by_code.quantity.magnitude == pytest.approx(by_point.quantity.magnitude)


def test_french_note() -> None:
    [line] = cc.mobility.flight(origin="LYS", destination="NTE", detour="95 km")
    french = line_note(line.note, "fr")
    assert "distance orthodromique" in french and "directive 2003/87/CE, annexe IV, partie B" in french
    assert "detour" not in french and "between" not in french


def test_band_uses_the_great_circle_distance() -> None:
    # Lyon-Nantes: 537 km great circle, short haul (≤ 1000 km)
    [line] = cc.mobility.flight(origin="LYS", destination="NTE")
    assert line.factor_id.startswith("mobility.plane.short_haul")


def test_unknown_code_names_the_nearest() -> None:
    with pytest.raises(cc.InputError) as info:
        cc.mobility.flight(origin="CDX", destination="JFK")
    [problem] = info.value.problems
    assert problem.field == "origin" and "CDX" in problem.message and "did you mean" in problem.suggestion


def test_bilan_file_takes_codes_and_locates_a_wrong_one(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text("organisation: T\nyear: 2024\nheadcount: 3\ntrips:\n"
                    "- {mode: plane, origin: CDG, destination: JFK, round_trip: oui}\n"
                    "- {mode: plane, origin: CDG, destination: XQZ1}\n", encoding="utf-8")
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_yaml(path).compute()
    [problem] = info.value.problems
    assert (problem.line, problem.field) == (6, "trips[1].destination")
    path.write_text(path.read_text(encoding="utf-8").replace("XQZ1", "LHR"), encoding="utf-8")
    result = cc.Bilan.from_yaml(path).compute()
    first = result.lines[0]
    circle = cc.mobility.great_circle_distance(airport("CDG").coordinates, airport("JFK").coordinates)
    assert first.activity.quantity.magnitude == pytest.approx(circle.magnitude * 2)  # oui: round trip
