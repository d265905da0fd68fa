"""BilanResult: totals in every layout, per employee, intervals, both scope 2 methods, JSON round trip.

Known answers are computed by hand, in the comments, from the factors of the bundled tables
(ADEME Base Empreinte through Impact CO2 and publicodes-commun, AIB residual mixes, ADEME
monetary ratios; each value is checked against the table first, so a table update shows here
instead of a silent drift). Intervals use the test fixture table, whose factors state a plain
relative uncertainty, so the analytic formula can be worked by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.factors.loading import load_factors
from coopcarbon.reports.data import result_from_dict, result_from_json, result_to_dict
from coopcarbon.result import BilanResult
from coopcarbon.uncertainty import Z95
from coopcarbon.units import Q

from .helpers import factor

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def library() -> FactorLibrary:
    lib = load_factors()
    factor(lib, "mobility.train.tgv", 0.00293, "kgCO2e/passenger_km")  # ADEME 43256
    factor(lib, "mobility.plane.short_haul.with_contrails", 0.224572, "kgCO2e/passenger_km")  # 43743
    factor(lib, "mobility.plane.short_haul.without_contrails", 0.123572, "kgCO2e/passenger_km")
    factor(lib, "energy.electricity.fr.mix_2024", 0.0519, "kgCO2e/kWh")  # Base Empreinte 2024 mix
    factor(lib, "energy.electricity.residual.fr_2023", 0.04074, "kgCO2e/kWh")  # AIB 2023
    factor(lib, "purchases.services.insurance", 77.0, "kgCO2e/kEUR")  # ADEME ratio 43475
    factor(lib, "energy.fuel.diesel", 3.1, "kgCO2e/L")  # ADEME via Nos Gestes Climat
    return lib


@pytest.fixture(scope="module")
def result(library: FactorLibrary) -> BilanResult:
    bilan = Bilan(organisation="Scop Calcul", year=2024, headcount=4)
    bilan.add([
        ActivityLine(Q(1000, "passenger_km"), "mobility.train.tgv", domain="mobility"),
        ActivityLine(Q(2000, "passenger_km"), "mobility.plane.short_haul.with_contrails", domain="mobility"),
        ActivityLine(Q(10000, "kWh"), "energy.electricity.fr.mix_2024", domain="energy",
                     scope2_method="location"),
        ActivityLine(Q(10000, "kWh"), "energy.electricity.residual.fr_2023", domain="energy",
                     scope2_method="market"),
        ActivityLine(Q(5, "kEUR"), "purchases.services.insurance", domain="purchases"),
        ActivityLine(Q(100, "L"), "energy.fuel.diesel", domain="mobility", label="fleet diesel"),
    ])
    return bilan.compute(factors=library)


# Hand computation, kgCO2e:
#   TGV        1 000 pkm × 0.00293   =    2.93      scope 3, cat. 6, post 3.5
#   plane      2 000 pkm × 0.224572  =  449.144     scope 3, cat. 6, post 3.5 (contrails)
#              (without non-CO2:  2 000 × 0.123572 = 247.144)
#   grid mix  10 000 kWh × 0.0519    =  519         scope 2 location-based, post 2.1
#   residual  10 000 kWh × 0.04074   =  407.4       scope 2 market-based (not in the total)
#   insurance      5 k€  × 77        =  385         scope 3, cat. 1, post 4.5
#   diesel       100 L   × 3.1       =  310         scope 1, post 1.2
#   total (location-based) = 2.93 + 449.144 + 519 + 385 + 310 = 1 666.074
TOTAL_KG = 2.93 + 449.144 + 519 + 385 + 310


def t(quantity: object) -> float:
    return float(quantity.to("tCO2e").magnitude)  # type: ignore[attr-defined]


def test_total_location_based(result: BilanResult) -> None:
    assert t(result.total) == pytest.approx(1.666074, rel=1e-12)
    assert t(result.total) == pytest.approx(TOTAL_KG / 1000, rel=1e-12)


def test_total_market_based_swaps_the_scope_2_lines(result: BilanResult) -> None:
    assert t(result.total_market_based) == pytest.approx((TOTAL_KG - 519 + 407.4) / 1000, rel=1e-12)


def test_total_without_non_co2_uses_the_flight_variant(result: BilanResult) -> None:
    assert t(result.total_without_non_co2) == pytest.approx((TOTAL_KG - 449.144 + 247.144) / 1000, rel=1e-12)


def test_per_employee(result: BilanResult) -> None:
    assert float(result.per_employee.to("tCO2e/person").magnitude) == pytest.approx(1.666074 / 4, rel=1e-12)


def test_by_scope_reports_both_scope_2_methods(result: BilanResult) -> None:
    scopes = {k: t(v) for k, v in result.by_scope().items()}
    assert list(scopes) == ["1", "2-location", "2-market", "3"]
    assert scopes == pytest.approx({"1": 0.310, "2-location": 0.519, "2-market": 0.4074,
                                    "3": (2.93 + 449.144 + 385) / 1000}, rel=1e-12)
    # the main total holds scope 2 location-based only
    assert scopes["1"] + scopes["2-location"] + scopes["3"] == pytest.approx(t(result.total), rel=1e-12)


def test_by_ghg_category_and_category_layouts(result: BilanResult) -> None:
    assert {k: t(v) for k, v in result.by_ghg_category().items()} == pytest.approx(
        {1: 0.385, 6: (2.93 + 449.144) / 1000}, rel=1e-12)
    assert result.by_category("ghg") == result.by_ghg_category()
    assert {k: t(v) for k, v in result.by_category().items()} == pytest.approx(
        {"1": 0.310, "2": 0.519, "3": 0.452074, "4": 0.385}, rel=1e-12)


def test_by_beges_post_is_location_based_and_sorted(result: BilanResult) -> None:
    posts = {k: t(v) for k, v in result.by_beges_post().items()}
    assert list(posts) == ["1.2", "2.1", "3.5", "4.5"]
    assert posts == pytest.approx({"1.2": 0.310, "2.1": 0.519, "3.5": 0.452074, "4.5": 0.385}, rel=1e-12)
    assert sum(posts.values()) == pytest.approx(t(result.total), rel=1e-12)


def test_by_domain(result: BilanResult) -> None:
    assert {k: t(v) for k, v in result.by_domain().items()} == pytest.approx(
        {"mobility": (2.93 + 449.144 + 310) / 1000, "energy": 0.519, "purchases": 0.385}, rel=1e-12)


def test_market_line_is_beside_the_total(result: BilanResult) -> None:
    flags = {line.factor.id: line.in_main_total for line in result.lines}
    assert flags["energy.electricity.residual.fr_2023"] is False
    assert sum(flags.values()) == len(result.lines) - 1
    assert sum(line.kg for line in result.lines if line.in_main_total) == pytest.approx(TOTAL_KG, rel=1e-12)


# -- intervals, on the fixture table (stated relative uncertainties) -----------------------


@pytest.fixture(scope="module")
def mini() -> BilanResult:
    lib = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation="Scop Intervalle", year=2024, headcount=2)
    bilan.add([
        ActivityLine(Q(1000, "passenger_km"), "mobility.train.tgv", domain="mobility"),
        ActivityLine(Q(500, "passenger_km"), "mobility.train.tgv", domain="mobility"),
        ActivityLine(Q(2, "device"), "hardware.laptop", domain="hardware"),
    ])
    return bilan.compute(factors=lib)


def test_interval_by_hand(mini: BilanResult) -> None:
    # TGV 0.00293 kgCO2e/pkm ±20 %, laptop 156 kgCO2e/device ±30 %, measured activity ±5 %.
    # Lines sharing a factor share its error: half-width² = Σ_factors (E_f·u_f)² + Σ_lines (e_i·u_a)²
    assert [line.factor_uncertainty for line in mini.lines] == [0.2, 0.2, 0.3]
    e1, e2, e3 = 1000 * 0.00293, 500 * 0.00293, 2 * 156.0
    half = math.sqrt(((e1 + e2) * 0.2) ** 2 + (e3 * 0.3) ** 2 + (e1 * 0.05) ** 2 + (e2 * 0.05) ** 2
                     + (e3 * 0.05) ** 2)
    interval = mini.interval
    assert interval.central == pytest.approx(e1 + e2 + e3, rel=1e-12)
    assert interval.high - interval.central == pytest.approx(half, rel=1e-9)
    assert interval.central - interval.low == pytest.approx(half, rel=1e-9)
    assert interval.relative == pytest.approx(half / (e1 + e2 + e3), rel=1e-9)


def test_intervals_by_domain_by_hand(mini: BilanResult) -> None:
    e1, e2, e3 = 2.93, 1.465, 312.0
    by_domain = mini.intervals_by("domain")
    mobility_half = math.sqrt(((e1 + e2) * 0.2) ** 2 + (e1 * 0.05) ** 2 + (e2 * 0.05) ** 2)
    hardware_half = math.sqrt((e3 * 0.3) ** 2 + (e3 * 0.05) ** 2)
    assert by_domain["mobility"].high - by_domain["mobility"].central == pytest.approx(mobility_half, rel=1e-9)
    assert by_domain["hardware"].high - by_domain["hardware"].central == pytest.approx(hardware_half, rel=1e-9)
    # a group interval by any key gives the same as the breakdown
    assert mini.group_interval(lambda line: line.activity.domain, "hardware").high == pytest.approx(
        by_domain["hardware"].high, rel=1e-12)


def test_correlated_lines_widen_the_interval(mini: BilanResult) -> None:
    """Two TGV lines share one factor error: the half-width adds linearly, not in quadrature."""
    e1, e2 = 2.93, 1.465
    shared = ((e1 + e2) * 0.2) ** 2
    independent = (e1 * 0.2) ** 2 + (e2 * 0.2) ** 2
    assert shared > independent
    tgv = mini.intervals_by("factor")["mobility.train.tgv"]
    assert (tgv.high - tgv.low) / 2 == pytest.approx(math.sqrt(shared + (e1 * 0.05) ** 2 + (e2 * 0.05) ** 2), rel=1e-9)


def test_monte_carlo_agrees_with_the_analytic_interval(mini: BilanResult) -> None:
    mc = mini.monte_carlo_interval(samples=20_000, seed=3)
    analytic = mini.interval
    assert mc.central == pytest.approx(analytic.central, rel=1e-12)
    # lognormal draws skew the interval a little: the widths agree within 15 %
    assert (mc.high - mc.low) == pytest.approx(analytic.high - analytic.low, rel=0.15)
    assert Z95 == pytest.approx(1.96, abs=1e-3)


# -- JSON round trip -----------------------------------------------------------------------


def test_json_round_trip_keeps_every_total(result: BilanResult) -> None:
    again = result_from_json(result.to_json())
    assert again.total == result.total
    assert again.total_market_based == result.total_market_based
    assert again.total_without_non_co2 == result.total_without_non_co2
    assert again.by_scope() == result.by_scope()
    assert again.by_beges_post() == result.by_beges_post()
    assert again.by_domain() == result.by_domain()
    assert again.interval == result.interval
    assert again.to_dict() == result.to_dict()


def test_dict_records_both_totals_and_carries_no_local_path(result: BilanResult) -> None:
    d = result_to_dict(result)
    assert d["totals"]["location_based_t"] == pytest.approx(1.666074, rel=1e-12)
    assert d["totals"]["market_based_t"] == pytest.approx(1.554474, rel=1e-12)
    assert d["by_scope"]["2-market"] == pytest.approx(0.4074, rel=1e-12)
    for line in d["lines"]:
        assert "/" not in line["factor_file"] and "\\" not in line["factor_file"]
    assert result_from_dict(d).total == result.total


def test_comparison_by_hand(result: BilanResult, mini: BilanResult) -> None:
    comparison = result.compare(mini)
    before, after = mini.interval.central / 1000, TOTAL_KG / 1000
    assert t(comparison.change) == pytest.approx(after - before, rel=1e-12)
    assert comparison.relative_change == pytest.approx((after - before) / before, rel=1e-12)
    before_t, after_t, change_t, relative = comparison.by_scope()["2-market"]
    assert (before_t, after_t, change_t) == pytest.approx((0.0, 0.4074, 0.4074), rel=1e-12)
    assert relative is None  # nothing before: no relative change


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["tgv", "laptop", "mix", "market"]),
                          st.floats(0, 1e6, allow_nan=False)), min_size=1, max_size=12))
def test_every_layout_sums_to_the_total(entries: list[tuple[str, float]]) -> None:
    lib = _mini_library()
    kinds = {"tgv": ("mobility.train.tgv", "passenger_km", None),
             "laptop": ("hardware.laptop", "device", None),
             "mix": ("energy.electricity.fr.mix", "kWh", "location"),
             "market": ("energy.electricity.fr.market", "kWh", "market")}
    bilan = Bilan(organisation="P", year=2024, headcount=3)
    bilan.add([ActivityLine(Q(amount, kinds[k][1]), kinds[k][0], scope2_method=kinds[k][2])  # type: ignore[arg-type]
               for k, amount in entries])
    r = bilan.compute(factors=lib)
    total = t(r.total)
    assert sum(t(v) for v in r.by_beges_post().values()) == pytest.approx(total, rel=1e-9, abs=1e-12)
    assert sum(t(v) for v in r.by_domain().values()) == pytest.approx(total, rel=1e-9, abs=1e-12)
    scopes = r.by_scope()
    assert t(scopes["1"]) + t(scopes["2-location"]) + t(scopes["3"]) == pytest.approx(total, rel=1e-9, abs=1e-12)
    market = sum(amount * 0.03 for k, amount in entries if k == "market") / 1000
    assert t(scopes["2-market"]) == pytest.approx(market, rel=1e-9, abs=1e-12)


_LIBRARY: list[FactorLibrary] = []


def _mini_library() -> FactorLibrary:
    if not _LIBRARY:
        _LIBRARY.append(load_factors(DATA / "mini_factors.yaml", bundled=False))
    return _LIBRARY[0]
