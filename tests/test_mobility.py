"""Tests of coopcarbon.domains.mobility: known answers, errors, properties, the docs example.

Known answers are computed by hand from the factor values of the bundled tables, whose
sources are ADEME Base Empreinte via Impact CO2 (``incubateur-ademe/impactco2``
``src/data/categories/deplacement.ts``, version of 2026-07-01) for transport and
``publicodes-commun`` for the electricity mix (see tools/reference-data/).
Each test first checks that the table still holds the value the arithmetic uses.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import ActivityLine, DataQuality
from coopcarbon.domains import mobility
from coopcarbon.domains.mobility import CommuteRespondent
from coopcarbon.engine import compute_lines
from coopcarbon.errors import InputError, UnitMismatchError
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.units import Q

from .helpers import factor, kg
from .strategies import DISTANCE_UNITS, magnitudes, scales

DOCS = Path(__file__).resolve().parents[1] / "docs" / "domains" / "mobility.md"
REL = 1e-9


@pytest.fixture(scope="module")
def lib() -> FactorLibrary:
    return cc.load_factors()


# ------------------------------------------------------------------ known answers


def test_tgv_round_trip_for_two(lib: FactorLibrary) -> None:
    # ADEME Base Empreinte 43256 "TGV" via Impact CO2: 0.00293 kgCO2e/passenger_km.
    # 460 km × 2 travellers × 2 (round trip) = 1840 pkm; 1840 × 0.00293 = 5.3912 kgCO2e.
    factor(lib, "mobility.train.tgv", 0.00293, "kgCO2e/passenger_km")
    [line] = mobility.trip("460 km", "TGV", travellers=2, round_trip=True)
    assert line.quantity == Q(1840.0, "passenger_km")
    assert (line.scope, line.ghg_category, line.beges_post, line.group) == (
        3,
        6,
        "3.5",
        "business_travel",
    )
    assert line.domain == "mobility"
    assert kg([line], lib) == pytest.approx(5.3912, rel=REL)


def test_carpool_of_three_divides_once(lib: FactorLibrary) -> None:
    # Compact petrol car, Impact CO2 0.169708 kgCO2e/pkm at occupancy 1.6, × 1.6 =
    # 0.271533 kgCO2e/vehicle_km (DERIVED in the reference data).
    # One carpooler's share of 30 km with 3 occupants: 30/3 = 10 vkm × 0.271533 = 2.71533 kg.
    factor(lib, "mobility.car.compact.petrol", 0.271533, "kgCO2e/vehicle_km")
    [share] = mobility.car_trip("30 km", "petrol", size="compact", occupants=3)
    assert share.quantity == Q(10.0, "vehicle_km")
    assert kg([share], lib) == pytest.approx(2.71533, rel=REL)
    # All three carpoolers of the company: the car is counted once (30 vkm), not 3 × 30.
    [whole] = mobility.car_trip("30 km", "petrol", size="compact", occupants=3, travellers=3)
    assert kg([whole], lib) == pytest.approx(30 * 0.271533, rel=REL)
    # Same through a commute survey: three answers from the same car add up to one car.
    answers = [
        CommuteRespondent("car.compact.petrol", "30 km", 1, weeks_per_year=1, occupants=3)
    ] * 3
    [commute] = mobility.commute(answers)
    assert commute.quantity.to("vehicle_km").magnitude == pytest.approx(2 * 30, rel=REL)


def test_trip_car_mode_counts_travellers_in_one_car() -> None:
    [line] = mobility.trip("100 km", "car.diesel", travellers=2)
    assert line.factor_id == "mobility.car.diesel"
    assert line.quantity == Q(100.0, "vehicle_km")
    [line] = mobility.trip("100 km", "car.diesel", travellers=1, occupants=4)
    assert line.quantity == Q(25.0, "vehicle_km")


def test_flight_band_and_contrails(lib: FactorLibrary) -> None:
    # Impact CO2 / ADEME 43741 medium haul (1001-2000 km): 0.184661 with contrails,
    # 0.101661 without. 1500 km × 1 = 1500 pkm: 277.0 kg with, 152.5 kg without.
    factor(lib, "mobility.plane.medium_haul.with_contrails", 0.184661, "kgCO2e/passenger_km")
    factor(lib, "mobility.plane.medium_haul.without_contrails", 0.101661, "kgCO2e/passenger_km")
    [with_] = mobility.flight("1500 km")
    [without] = mobility.flight("1500 km", contrails=False)
    assert with_.factor_id == "mobility.plane.medium_haul.with_contrails"
    assert without.factor_id == "mobility.plane.medium_haul.without_contrails"
    assert "without contrails" in without.label
    [e_with] = compute_lines([with_], lib)
    assert e_with.kg == pytest.approx(1500 * 0.184661, rel=REL)
    assert e_with.co2e_without_non_co2.magnitude == pytest.approx(1500 * 0.101661, rel=REL)
    assert kg([without], lib) == pytest.approx(1500 * 0.101661, rel=REL)
    # trip(..., "plane") goes through flight()
    assert mobility.trip("1500 km", "plane") == [with_]


def test_flight_by_airports() -> None:
    # Quarter of the equator: π/2 × 6371.0088 km = 10007.5574 km (long haul).
    [line] = mobility.flight(origin=(0.0, 0.0), destination=(0.0, 90.0), round_trip=True)
    assert line.quantity.magnitude == pytest.approx(2 * math.pi / 2 * 6371.0088, rel=REL)
    assert line.factor_id == "mobility.plane.long_haul.with_contrails"
    assert "great-circle" in line.note


@pytest.mark.parametrize(
    ("a", "b", "expected_km"),
    [
        ((0.0, 0.0), (0.0, 90.0), math.pi / 2 * 6371.0088),  # quarter equator
        ((0.0, 0.0), (90.0, 0.0), math.pi / 2 * 6371.0088),  # equator to pole
        ((0.0, 0.0), (0.0, 180.0), math.pi * 6371.0088),  # antipodes
        ((45.0, 10.0), (45.0, 10.0), 0.0),
        (
            (10.0, 179.5),
            (10.0, -179.5),
            6371.0088 * 2 * math.asin(math.cos(math.radians(10)) * math.sin(math.radians(0.5))),
        ),
    ],
)
def test_great_circle_known(
    a: tuple[float, float], b: tuple[float, float], expected_km: float
) -> None:
    d = mobility.great_circle_distance(a, b)
    assert d.to("km").magnitude == pytest.approx(expected_km, rel=1e-12, abs=1e-9)
    assert mobility.great_circle_distance(b, a).magnitude == pytest.approx(d.magnitude, rel=1e-12)


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (0.1, "short_haul"),
        (1000, "short_haul"),
        (1000.001, "medium_haul"),
        (2000, "medium_haul"),
        (2000.5, "medium_long_haul"),
        (5000, "medium_long_haul"),
        (5000.1, "long_haul"),
        (15000, "long_haul"),
    ],
)
def test_plane_band_bounds(km: float, band: str) -> None:
    assert mobility.plane_band(Q(km, "km")) == band


def test_commute_extrapolated(lib: FactorLibrary) -> None:
    # 25 respondents of 40 employees → ×1.60.
    # 10 × TER, 20 km, 4 days, 46 weeks: 2 × 20 × 4 × 46 × 10 = 73 600 pkm; × 1.6 = 117 760 pkm
    #   ADEME 43xxx TER via Impact CO2: 0.02769 kgCO2e/pkm → 3260.7744 kg.
    # 15 × compact petrol car alone, 12 km, 3 days, 46 weeks: 2 × 12 × 3 × 46 × 15 = 49 680 vkm;
    #   × 1.6 = 79 488 vkm × 0.271533 = 21 583.614... kg.
    factor(lib, "mobility.train.ter", 0.02769, "kgCO2e/passenger_km")
    answers = [
        CommuteRespondent("TER", "20 km", 4, count=10),
        CommuteRespondent("car", "12 km", 3, count=15, size="compact"),
    ]
    lines = mobility.commute(answers, headcount=40)
    by_id = {line.factor_id: line for line in lines}
    ter, car = by_id["mobility.train.ter"], by_id["mobility.car.compact.petrol"]
    assert ter.quantity.magnitude == pytest.approx(117_760, rel=REL)
    assert car.quantity.magnitude == pytest.approx(79_488, rel=REL)
    assert str(car.quantity.units) == "vehicle_km"
    for line in lines:
        assert line.data_quality is DataQuality.EXTRAPOLATED
        assert "extrapolated ×1.60 from 25 of 40 employees" in line.note
        assert (line.scope, line.ghg_category, line.beges_post, line.group) == (
            3,
            7,
            "3.3",
            "commute",
        )
    assert kg(lines, lib) == pytest.approx(117_760 * 0.02769 + 79_488 * 0.271533, rel=REL)


def test_commute_without_extrapolation_is_estimated() -> None:
    [line] = mobility.commute([CommuteRespondent("bike", "5 km", 5)], headcount=1)
    assert line.data_quality is DataQuality.ESTIMATED
    assert line.quantity.magnitude == pytest.approx(2 * 5 * 5 * mobility.DEFAULT_WEEKS_PER_YEAR)


def test_answer_rate_above_100_percent() -> None:
    with pytest.raises(InputError, match="above 100 %") as info:
        mobility.commute([CommuteRespondent("bus", "3 km", 5, count=12)], headcount=10)
    assert info.value.field == "headcount"


def test_telework_touches_commute_only(lib: FactorLibrary) -> None:
    # ADEME/IFPEB 2023: 1.4 kWh per telework day; FR mix 2024 0.0519 kgCO2e/kWh.
    # 2 telework days × 46 weeks × 5 people = 460 days → 644 kWh → 33.4236 kgCO2e.
    factor(lib, "energy.electricity.fr.mix_2024", 0.0519, "kgCO2e/kWh")
    assert lib.parameter(mobility.TELEWORK_PARAMETER).value == Q(1.4, "kWh/day")
    office = CommuteRespondent("car.diesel", "25 km", 3, telework_days_per_week=0, count=5)
    remote = CommuteRespondent("car.diesel", "25 km", 3, telework_days_per_week=2, count=5)
    # Commute lines follow the days on site only: telework days change nothing there.
    [a], [b] = mobility.commute([office]), mobility.commute([remote])
    assert (a.factor_id, a.quantity) == (b.factor_id, b.quantity)
    # Avoided: 2 × 25 × 2 × 46 × 5 = 23 000 vkm of commute, nothing else.
    assert mobility.avoided_commute(remote) == Q(23_000.0, "vehicle_km")
    assert mobility.avoided_commute(office) == Q(0.0, "vehicle_km")
    assert mobility.telework_days([remote]) == pytest.approx(460)
    [home] = mobility.telework([remote], library=lib)
    assert home.factor_id == "energy.electricity.fr.mix_2024"
    assert home.quantity == Q(644.0, "kWh")
    assert (home.scope, home.ghg_category, home.beges_post, home.group) == (3, 7, "3.3", "telework")
    assert "coopcarbon convention" in home.note
    assert kg([home], lib) == pytest.approx(33.4236, rel=REL)
    # The same days given as a number or a duration give the same home energy.
    assert mobility.telework(460, library=lib)[0].quantity == home.quantity
    assert mobility.telework("460 day", library=lib)[0].quantity == home.quantity


def test_telework_extrapolated_days() -> None:
    answers = [CommuteRespondent("metro", "8 km", 3, telework_days_per_week=2, count=3)]
    assert mobility.telework_days(answers, headcount=6) == pytest.approx(2 * 46 * 3 * 2)


def test_fleet_fuel(lib: FactorLibrary) -> None:
    # Base Empreinte diesel B7 (undivided, kept in the table): 3.1 kgCO2e/L.
    factor(lib, "energy.fuel.diesel", 3.1, "kgCO2e/L")
    # Arrêté du 26 avril 2017, annex, « Gazole routier »: phase amont 0.66 + phase de
    # fonctionnement 2.51 = 3.17 kgCO2e/L. 1200 L → combustion 1200 × 2.51 = 3012 kgCO2e in
    # scope 1 (post 1.2), upstream 1200 × 0.66 = 792 kgCO2e in scope 3 cat. 3 (post 4.1).
    factor(lib, "energy.fuel.diesel.combustion", 2.51, "kgCO2e/L")
    factor(lib, "energy.fuel.diesel.upstream", 0.66, "kgCO2e/L")
    factor(lib, "energy.fuel.diesel.arrete_2017", 3.17, "kgCO2e/L")
    combustion, upstream = mobility.fleet_fuel("1200 L", "diesel")
    assert (combustion.scope, combustion.ghg_category, combustion.beges_post, combustion.group) == (
        1, None, "1.2", "fleet")
    assert (upstream.scope, upstream.ghg_category, upstream.beges_post, upstream.group) == (
        3, 3, "4.1", "fleet")
    assert kg([combustion], lib) == pytest.approx(3012.0, rel=REL)
    assert kg([upstream], lib) == pytest.approx(792.0, rel=REL)
    # the parts add up to the undivided factor of the same source: 1200 × 3.17 = 3804
    assert kg([combustion, upstream], lib) == pytest.approx(3804.0, rel=REL)
    e1, e2 = compute_lines([combustion, upstream], lib)
    assert (e1.scope, e1.ghg_category, e1.beges_post) == (1, None, "1.2")
    assert (e2.scope, e2.ghg_category, e2.beges_post) == (3, 3, "4.1")
    assert mobility.fleet_fuel("1.2 m**3", "Diesel")[0].quantity.magnitude == pytest.approx(1200.0)
    # a fuel without a split source stays one scope-1 line
    [lpg] = mobility.fleet_fuel("100 L", "lpg")
    assert (lpg.factor_id, lpg.scope, lpg.beges_post) == ("energy.fuel.lpg", 1, "1.2")


def test_fleet_moving_to_hybrids_shows(lib: FactorLibrary) -> None:
    # 30 000 km a year. Petrol car, ADEME element 43787 (2023, vehicle-km): combustion 0.24,
    # amont 0.0767, fabrication 0.041 (total 0.357). Compact hybrid, Impact CO2 × 1.6: use
    # 0.113419 × 1.6 = 0.18147, construction 0.03316 × 1.6 = 0.053056 (total 0.234526).
    factor(lib, "mobility.car.compact.hybrid.use", 0.18147, "kgCO2e/vehicle_km")
    factor(lib, "mobility.car.compact.hybrid.manufacture", 0.053056, "kgCO2e/vehicle_km")
    factor(lib, "mobility.car.petrol.ademe_43787", 0.357, "kgCO2e/vehicle_km")
    before = mobility.fleet_distance("30000 km", "car.petrol")
    after = mobility.fleet_distance("30000 km", "hybrid")
    assert [line.factor_id for line in after] == ["mobility.car.compact.hybrid.use",
                                                  "mobility.car.compact.hybrid.manufacture"]
    # the posts add up to 0.24 + 0.0767 + 0.041 = 0.3577, the element's 0.357 at its three
    # significant figures (each post rounded on its own): 30000 × 0.3577 = 10 731 kgCO2e
    assert kg(before, lib) == pytest.approx(30000 * 0.3577, rel=1e-9)
    assert abs(0.24 + 0.0767 + 0.041 - 0.357) < 0.001
    assert kg(before, lib) - kg(after, lib) == pytest.approx(
        30000 * (0.3577 - 0.234526), rel=1e-9  # 3 695.22 kgCO2e
    )
    use, manufacture = compute_lines(after, lib)
    assert (use.scope, use.beges_post) == (1, "1.2")
    assert use.kg == pytest.approx(30000 * 0.18147, rel=1e-9)  # 5444.1 kgCO2e
    # vehicle manufacture is out of scope 1: capital goods
    assert (manufacture.scope, manufacture.ghg_category, manufacture.beges_post) == (3, 2, "4.2")
    assert manufacture.kg == pytest.approx(30000 * 0.053056, rel=1e-9)  # 1591.68 kgCO2e


def test_electric_company_car_has_no_direct_emissions(lib: FactorLibrary) -> None:
    # ADEME element 28007 (compact electric car, vehicle-km): Combustion 0, Amont 0.0198,
    # Fabrication 0.0836 (total 0.103). 10 000 km: 0 kg in scope 1, 198 kg of electricity
    # (scope 2, post 2.1), 836 kg of manufacture (scope 3 cat. 2, post 4.2); sum 1034 kg, the
    # element's 0.103 × 10 000 = 1030 kg at its three significant figures.
    factor(lib, "mobility.car.electric.ademe_28007", 0.103, "kgCO2e/vehicle_km")
    lines = compute_lines(mobility.fleet_distance("10000 km", "electric"), lib)
    by_scope = {(e.scope, e.beges_post): e.kg for e in lines}
    assert by_scope == pytest.approx({(1, "1.2"): 0.0, (2, "2.1"): 198.0, (3, "4.2"): 836.0})
    assert sum(e.kg for e in lines) == pytest.approx(10000 * 0.1034)
    assert round(0.0198 + 0.0836, 3) == 0.103


# ------------------------------------------------------------------ errors


def test_energy_as_distance_is_a_unit_error() -> None:
    with pytest.raises(UnitMismatchError) as info:
        mobility.trip("12 kWh", "bus")
    assert info.value.parameter == "distance"
    with pytest.raises(UnitMismatchError):
        CommuteRespondent("bus", "12 kWh", 5)
    with pytest.raises(UnitMismatchError):
        mobility.fleet_fuel("12 km", "diesel")


def test_passenger_km_to_a_per_vehicle_factor(lib: FactorLibrary) -> None:
    line = ActivityLine(Q(10.0, "passenger_km"), "mobility.car.compact.petrol")
    with pytest.raises(UnitMismatchError, match="per vehicle"):
        compute_lines([line], lib)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: mobility.trip("-5 km", "bus"), "distance"),
        (lambda: mobility.trip("5 km", "bus", travellers=0), "travellers"),
        (lambda: mobility.trip("5 km", "bus", occupants=2), "occupants"),
        (lambda: mobility.car_trip("5 km", occupants=0), "occupants"),
        (lambda: mobility.car_trip("5 km", occupants=2, travellers=3), "travellers"),
        (lambda: mobility.car_trip("5 km", "kerosene"), "fuel"),
        (lambda: mobility.car_trip("5 km", size="limousine"), "size"),
        (lambda: mobility.trip("5 km", "bus", purpose="leisure"), "purpose"),
        (lambda: CommuteRespondent("bus", "5 km", 8), "days_on_site_per_week"),
        (
            lambda: CommuteRespondent("bus", "5 km", 5, telework_days_per_week=3),
            "telework_days_per_week",
        ),
        (lambda: CommuteRespondent("bus", "5 km", 5, count=0), "count"),
        (lambda: CommuteRespondent("bus", "5 km", 5, occupants=2), "mode"),
        (lambda: CommuteRespondent("car", "5 km", 5, occupants=0), "occupants"),
        (lambda: CommuteRespondent("plane", "5 km", 5), "mode"),
        (lambda: mobility.commute([]), "respondents"),
        (lambda: mobility.flight(), "distance"),
        (lambda: mobility.flight("100 km", origin=(0, 0), destination=(1, 1)), "distance"),
        (lambda: mobility.flight(origin=(91, 0), destination=(0, 0)), "origin.latitude"),
        (lambda: mobility.flight(origin=(0, 0), destination=(0, 200)), "destination.longitude"),
        (lambda: mobility.fleet_fuel("10 L", "kerosene"), "fuel"),
        (lambda: mobility.fleet_distance("10 km", "bus"), "vehicle"),
        (lambda: mobility.telework(-1), "days"),
        (lambda: mobility.mode_factor_id("plane"), "distance"),
    ],
)
def test_bad_inputs(call: object, field: str) -> None:
    with pytest.raises(InputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_unknown_mode_suggests_nearest() -> None:
    with pytest.raises(InputError) as info:
        mobility.trip("5 km", "train.tvg")
    assert "'train.tgv'" in info.value.problems[0].suggestion
    with pytest.raises(InputError) as info:
        mobility.trip("5 km", "metr")
    assert "'metro'" in info.value.problems[0].suggestion


def test_every_mode_resolves_in_the_bundled_tables(lib: FactorLibrary) -> None:
    missing = [
        m
        for m, fid in mobility.MODES.items()
        if m != "plane"
        and fid not in lib
        and not re.fullmatch(r"car\.(small|compact|sedan|suv)\.\w+", m)
    ]
    assert missing == []
    for band, _ in mobility.PLANE_BANDS:
        for variant in ("with_contrails", "without_contrails"):
            assert f"mobility.plane.{band}.{variant}" in lib
    for fuel_id in mobility.FLEET_FUELS.values():
        assert fuel_id in lib


# ------------------------------------------------------------------ properties

_modes = st.sampled_from(
    [
        "train.tgv",
        "bus",
        "metro",
        "car.petrol",
        "car.compact.diesel",
        "bike",
        "plane",
        "coach",
        "e-bike",
        "train.ter",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    distance=magnitudes,
    mode=_modes,
    unit=st.sampled_from(DISTANCE_UNITS),
    travellers=st.integers(1, 5),
    round_trip=st.booleans(),
)
def test_unit_invariance_and_non_negative(
    lib: FactorLibrary, distance: float, mode: str, unit: str, travellers: int, round_trip: bool
) -> None:
    km = Q(distance, "km")
    reference = kg(mobility.trip(km, mode, travellers=travellers, round_trip=round_trip), lib)
    other = kg(mobility.trip(km.to(unit), mode, travellers=travellers, round_trip=round_trip), lib)
    assert reference >= 0
    assert other == pytest.approx(reference, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(distance=magnitudes, scale=scales, mode=_modes.filter(lambda m: m != "plane"))
def test_linear_in_distance(lib: FactorLibrary, distance: float, scale: float, mode: str) -> None:
    one = kg(mobility.trip(Q(distance, "km"), mode), lib)
    scaled = kg(mobility.trip(Q(distance * scale, "km"), mode), lib)
    assert scaled == pytest.approx(one * scale, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["train.ter", "car", "bus", "bike", "walk", "metro"]),
            st.floats(0.1, 80),
            st.integers(0, 5),
            st.integers(1, 4),
        ),
        min_size=1,
        max_size=8,
    ),
    st.integers(0, 30),
)
def test_commute_additive_and_extrapolation(
    lib: FactorLibrary, rows: list[tuple[str, float, int, int]], extra: int
) -> None:
    answers = [CommuteRespondent(mode, Q(d, "km"), days, count=n) for mode, d, days, n in rows]
    whole = kg(mobility.commute(answers), lib)
    parts = sum(kg(mobility.commute([a]), lib) for a in answers)
    assert whole >= 0
    assert whole == pytest.approx(parts, rel=1e-9, abs=1e-12)
    answered = sum(a.count for a in answers)
    scaled = kg(mobility.commute(answers, headcount=answered + extra), lib)
    assert scaled == pytest.approx(whole * (answered + extra) / answered, rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------ the docs page


def _doc_code_and_figures() -> tuple[str, str, dict[str, float]]:
    text = DOCS.read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```python\n(.*?)```", text, flags=re.S))
    figures = {
        m.group(1).strip(): float(m.group(2).replace(" ", ""))
        for m in re.finditer(
            r"^\|\s*`(\w+)`[^|]*\|[^|]*\|\s*([\d ]+\.\d+)\s*\|\s*$", text, flags=re.M
        )
    }
    return text, code, figures


def test_docs_worked_example(lib: FactorLibrary) -> None:
    # docs/domains/mobility.md: runs its code and checks the kgCO2e of its results table.
    text, code, figures = _doc_code_and_figures()
    assert figures, "no figures found in the docs table"
    namespace: dict[str, object] = {}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102  # our own docs page
    for name, expected in figures.items():
        lines = namespace[name]
        assert isinstance(lines, list)
        assert kg(lines, lib) == pytest.approx(expected, abs=0.05), name
    assert namespace["saved"] == Q(19_872.0, "vehicle_km")
    # fleet 1200 L × (2.51 + 0.66) = 3804.00 (was 1200 × 3.1 = 3720.00): 26 796.03 + 84 = 26 880.03
    assert "Total: 26 880.03 kgCO2e" in text
    assert sum(figures.values()) == pytest.approx(26_880.03, abs=0.01)
