"""Flights by IATA airport code: the maintained dataset, the great-circle distance and the EU ETS detour."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.domains.mobility.airports import AIRPORT_DETOUR, airport

pytest.importorskip("airportsdata")


def test_airport_codes_any_case() -> None:
    cdg = airport("cdg")
    assert (cdg.code, cdg.country, cdg.city) == ("CDG", "FR", "Paris")
    assert cdg.latitude == pytest.approx(49.01, abs=0.02) and cdg.longitude == pytest.approx(2.55, abs=0.02)


def test_flight_by_codes_is_great_circle_plus_95_km() -> None:
    [line] = cc.mobility.flight(origin="CDG", destination="JFK", travellers=2, round_trip=True)
    circle = cc.mobility.great_circle_distance(airport("CDG").coordinates, airport("JFK").coordinates)
    # Paris-CDG to New York-JFK: about 5 834 km great circle (published figures: 5 834-5 837 km)
    assert circle.magnitude == pytest.approx(5834, abs=10)
    assert AIRPORT_DETOUR == 95.0
    assert line.quantity.magnitude == pytest.approx((circle.magnitude + 95.0) * 2 * 2)
    assert line.factor_id == "mobility.plane.long_haul.with_contrails"
    assert "great-circle distance" in line.note and "+ 95 km detour" in line.note and "CDG (Paris)" in line.note
    assert line.label.startswith("flight CDG–JFK ")


def test_coordinates_keep_the_great_circle_unless_a_detour_is_given() -> None:
    [plain] = cc.mobility.flight(origin=(0.0, 0.0), destination=(0.0, 90.0))
    assert plain.quantity.magnitude == pytest.approx(10007.557, abs=1e-3)
    [detour] = cc.mobility.flight(origin=(0.0, 0.0), destination=(0.0, 90.0), detour="95 km")
    assert detour.quantity.magnitude == pytest.approx(10007.557 + 95, abs=1e-3)
    [none] = cc.mobility.flight(origin="LYS", destination="NTE", detour="0 km")
    assert "detour" not in none.note


def test_band_uses_the_corrected_distance() -> None:
    # Lyon-Nantes: about 520 km great circle, short haul either way
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
    assert first.activity.quantity.magnitude == pytest.approx((circle.magnitude + 95) * 2)  # oui: round trip
