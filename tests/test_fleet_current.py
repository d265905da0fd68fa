"""Company cars by distance on ADEME's current (2023) car elements (issue 13, point 5).

Sources (emission_factors/mobility.yaml; ADEME Base Carbone V23.6, read in a third-party copy,
``verified: false``): element 43787 « Voiture, motorisation essence, 2023 » 0.357 kgCO2e/km, posts
Combustion 0.24, Amont 0.0767, Fabrication 0.041; element 43788 « Voiture, motorisation gazole,
2023 » 0.19 kgCO2e/km, posts Combustion 0.112, Amont 0.0372, Fabrication 0.041. They replace the
2018 elements 27965 and 27966, « Archivé » in V23.6. The electric car stays on element 28007
(2018, « Valide générique »; Combustion 0, Amont 0.0198, Fabrication 0.0836): no current
electric-car element is bundled.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.domains import mobility
from coopcarbon.domains.mobility import fleet
from coopcarbon.engine import compute_lines
from coopcarbon.factors.library import FactorLibrary

from .helpers import factor

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: (fuel, element, posts combustion / upstream / manufacture in kgCO2e per vehicle-km)
CURRENT = [("petrol", "43787", (0.24, 0.0767, 0.041)), ("diesel", "43788", (0.112, 0.0372, 0.041))]


@pytest.fixture(scope="module")
def lib() -> FactorLibrary:
    return cc.load_factors()


@pytest.mark.parametrize(("fuel", "element", "posts"), CURRENT)
def test_fleet_books_the_2023_element_post_by_post(lib: FactorLibrary, fuel: str, element: str,
                                                    posts: tuple[float, float, float]) -> None:
    base = f"mobility.car.{fuel}.ademe_{element}"
    for part, value in zip(("combustion", "upstream", "manufacture"), posts, strict=True):
        factor(lib, f"{base}.{part}", value, "kgCO2e/vehicle_km")
    lines = compute_lines(mobility.fleet_distance("10000 km", fuel), lib)
    assert [e.factor.id for e in lines] == [f"{base}.combustion", f"{base}.upstream",
                                           f"{base}.manufacture"]
    places = {(e.scope, e.ghg_category, e.beges_post): e.kg for e in lines}
    # 10 000 km × each post: combustion in scope 1 (1.2), upstream scope 3 cat. 3 (4.1),
    # manufacture scope 3 cat. 2 (4.2)
    assert places == pytest.approx({(1, None, "1.2"): 10000 * posts[0], (3, 3, "4.1"): 10000 * posts[1],
                                    (3, 2, "4.2"): 10000 * posts[2]})


def test_diesel_hand_computed(lib: FactorLibrary) -> None:
    # 25 000 km of diesel company cars: 25 000 × 0.112 = 2 800 kg in scope 1, 25 000 × 0.0372 =
    # 930 kg of fuel upstream, 25 000 × 0.041 = 1 025 kg of manufacture; 4 755 kg in all
    # (25 000 × 0.19 = 4 750 with the element's total at three figures).
    factor(lib, "mobility.car.diesel.ademe_43788", 0.19, "kgCO2e/vehicle_km")
    lines = compute_lines(mobility.fleet_distance("25000 km", "car.diesel"), lib)
    assert [e.kg for e in lines] == pytest.approx([2800.0, 930.0, 1025.0])
    assert sum(e.kg for e in lines) == pytest.approx(4755.0)
    assert abs(sum(e.kg for e in lines) - 25000 * 0.19) <= 25000 * 0.0005


def test_no_archived_element_is_booked() -> None:
    booked = {factor_id for parts in fleet.DISTANCE_PARTS.values() for factor_id, _ in parts}
    assert not {f for f in booked if "27965" in f or "27966" in f}
    assert {"mobility.car.petrol.ademe_43787.combustion", "mobility.car.diesel.ademe_43788.upstream",
            "mobility.car.electric.ademe_28007.manufacture"} <= booked


@pytest.mark.parametrize(("fuel", "element", "posts"), CURRENT)
def test_part_factors_cite_their_element_and_post(lib: FactorLibrary, fuel: str, element: str,
                                                  posts: tuple[float, float, float]) -> None:
    whole = lib[f"mobility.car.{fuel}.ademe_{element}"]
    for part, post in zip(("combustion", "upstream", "manufacture"), ("Combustion", "Amont", "Fabrication"),
                          strict=True):
        f = lib[f"mobility.car.{fuel}.ademe_{element}.{part}"]
        assert f.source_id == f"{element}, poste {post}"
        assert (f.year, f.uncertainty, f.source_key) == (2023, 0.6, "ADEME-BC-23")
        assert f.verified is False  # read in a third-party copy of V23.6, as the whole element
        assert f.uncertainty == whole.uncertainty


def test_electric_car_stays_on_28007_and_says_why(lib: FactorLibrary) -> None:
    parts = fleet.DISTANCE_PARTS[("electric", None)]
    assert {factor_id.rsplit(".", 1)[0] for factor_id, _ in parts} == {"mobility.car.electric.ademe_28007"}
    for factor_id, _ in parts:
        assert "no current ADEME electric-car element is bundled" in " ".join(lib[factor_id].notes.split())
    assert not [fid for fid in lib if fid.startswith("mobility.car.electric.ademe_4")]


def test_archived_elements_stay_for_comparison(lib: FactorLibrary) -> None:
    # kept in the tables (user tables and earlier bilans may name them), their notes say archived
    for element in ("mobility.car.petrol.ademe_27965", "mobility.car.diesel.ademe_27966"):
        notes = " ".join(lib[element].notes.split())
        assert "archived" in notes and "43787 and 43788" in notes


def test_scop_lyon_2023_diesel_cars() -> None:
    # examples/scop-lyon/bilan-2023.yaml: two diesel cars, 15 200 + 12 100 = 27 300 km.
    # Post 1.2 holds only their combustion: 27 300 × 0.112 = 3 057.6 kgCO2e (4 095.0 with the
    # archived 27966's 0.15).
    result = cc.Bilan.from_yaml(EXAMPLES / "scop-lyon" / "bilan-2023.yaml").compute()
    fleet_lines = [line for line in result.lines if line.activity.group == "fleet"]
    assert {line.factor.id for line in fleet_lines} == {
        "mobility.car.diesel.ademe_43788.combustion", "mobility.car.diesel.ademe_43788.upstream",
        "mobility.car.diesel.ademe_43788.manufacture"}
    assert result.by_beges_post()["1.2"].to("kgCO2e").magnitude == pytest.approx(27300 * 0.112)
    assert sum(line.kg for line in fleet_lines) == pytest.approx(27300 * (0.112 + 0.0372 + 0.041))
