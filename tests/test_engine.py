"""The engine: known answers by hand, unit checks, and hypothesis properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import ActivityLine, DataQuality
from coopcarbon.engine import compute_columns, compute_lines
from coopcarbon.errors import InputError, UnitMismatchError, UnknownFactorError

from .strategies import DISTANCE_UNITS, ENERGY_UNITS, magnitudes, scales

LIB = cc.load_factors(Path(__file__).parent / "data" / "core_factors.yaml", bundled=False)


def kg(lines: list[ActivityLine]) -> list[float]:
    return [line.kg for line in compute_lines(lines, LIB)]


def test_known_answer_tgv() -> None:
    # ADEME Base Empreinte 43256 via Impact CO2: TGV 0.00293 kgCO2e/passenger_km.
    # 2 travellers × 460 km Paris–Lyon = 920 passenger_km → 920 × 0.00293 = 2.6956 kgCO2e
    [e] = compute_lines([ActivityLine(cc.Q("920 passenger_km"), "mobility.train.tgv")], LIB)
    assert e.kg == pytest.approx(2.6956, rel=1e-12)
    assert e.scope == 3 and e.ghg_category == 6 and e.beges_post == "3.5"
    assert e.factor.source_id == "43256"


def test_pcs_quantity_on_pcs_factor_and_pci_quantity_converted() -> None:
    # Base Empreinte natural gas 0.215 kgCO2e/kWh PCS; PCS/PCI = 1.111 (table).
    # 10 000 kWh PCS → 2150 kgCO2e. 10 000 kWh PCI = 11 110 kWh PCS → 2388.65 kgCO2e.
    pcs, pci = kg([ActivityLine(cc.Q("10000 kWh"), "energy.gas.natural", basis="PCS"),
                   ActivityLine(cc.Q("10000 kWh"), "energy.gas.natural", basis="PCI")])
    assert pcs == pytest.approx(2150.0)
    assert pci == pytest.approx(10000 * 1.111 * 0.215)


def test_energy_without_basis_is_refused_for_a_basis_factor() -> None:
    with pytest.raises(InputError, match="PCS"):
        kg([ActivityLine(cc.Q("100 kWh"), "energy.gas.natural")])


def test_non_co2_variant() -> None:
    # 1000 passenger_km short-haul: 224.572 kgCO2e with contrails, 123.572 without (43743).
    [e] = compute_lines([ActivityLine(cc.Q("1000 passenger_km"), "mobility.plane.short_haul.with_contrails")], LIB)
    assert e.kg == pytest.approx(224.572)
    assert e.co2e_without_non_co2.magnitude == pytest.approx(123.572)


def test_kwh_where_km_expected_is_a_clear_error() -> None:
    with pytest.raises(UnitMismatchError) as info:
        kg([ActivityLine(cc.Q("12 kWh"), "mobility.train.tgv", label="Lyon trip")])
    message = str(info.value)
    assert "kWh" in message and "passenger_km" in message and "Lyon trip" in message


def test_passenger_km_to_a_vehicle_factor_is_refused() -> None:
    with pytest.raises(UnitMismatchError, match="per vehicle"):
        kg([ActivityLine(cc.Q("100 passenger_km"), "mobility.car.petrol")])


def test_plain_km_to_a_passenger_factor_is_refused() -> None:
    with pytest.raises(UnitMismatchError, match="passenger"):
        kg([ActivityLine(cc.Q("100 km"), "mobility.train.tgv")])


def test_unknown_factor() -> None:
    with pytest.raises(UnknownFactorError) as info:
        kg([ActivityLine(cc.Q("1 device"), "hardware.laptopp")])
    assert "hardware.laptop" in info.value.nearest


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_negative_nan_infinite_quantities_refused(bad: float) -> None:
    with pytest.raises(InputError):
        compute_columns(["mobility.train.tgv"], [bad], "passenger_km", LIB)


def test_line_uncertainty_combines_factor_and_activity() -> None:
    [e] = compute_lines([ActivityLine(cc.Q("1 passenger_km"), "mobility.train.tgv",
                                      data_quality=DataQuality.ESTIMATED)], LIB)
    assert e.uncertainty == pytest.approx(np.hypot(0.2, 0.30))


def test_columns_match_object_path() -> None:
    ids = ["mobility.train.tgv", "energy.electricity.fr.mix_2024", "mobility.train.tgv"]
    values = [100.0, 2.0, 50.0]
    units = ["passenger_mile", "MWh", "passenger_km"]
    columns = compute_columns(ids, values, units, LIB)
    objects = kg([ActivityLine(cc.Q(v, u), i) for i, v, u in zip(ids, values, units, strict=True)])
    assert columns.co2e_kg == pytest.approx(objects)
    assert columns.co2e_kg[0] == pytest.approx(100 * 1.609344 * 0.00293)


# --- properties ---------------------------------------------------------------------------

@given(x=magnitudes, k=scales)
def test_linear_in_the_quantity(x: float, k: float) -> None:
    [a, b] = kg([ActivityLine(cc.Q(x, "passenger_km"), "mobility.train.tgv"),
                 ActivityLine(cc.Q(x * k, "passenger_km"), "mobility.train.tgv")])
    assert b == pytest.approx(a * k, rel=1e-9)


@given(x=magnitudes, unit=st.sampled_from(DISTANCE_UNITS))
def test_distance_unit_invariance(x: float, unit: str) -> None:
    q = cc.Q(x, "vehicle_km")
    other = q.to(f"vehicle * {unit}")
    [a, b] = kg([ActivityLine(q, "mobility.car.petrol"), ActivityLine(other, "mobility.car.petrol")])
    assert b == pytest.approx(a, rel=1e-9)


@given(x=magnitudes, unit=st.sampled_from(ENERGY_UNITS))
def test_energy_unit_invariance(x: float, unit: str) -> None:
    q = cc.Q(x, "kWh")
    [a, b] = kg([ActivityLine(q, "energy.electricity.fr.mix_2024"),
                 ActivityLine(q.to(unit), "energy.electricity.fr.mix_2024")])
    assert b == pytest.approx(a, rel=1e-9)


@given(values=st.lists(magnitudes, min_size=1, max_size=30), seed=st.randoms(use_true_random=False))
@settings(max_examples=50)
def test_additive_and_order_independent(values: list[float], seed: object) -> None:
    lines = [ActivityLine(cc.Q(v, "passenger_km"), "mobility.train.tgv") for v in values]
    shuffled = list(lines)
    seed.shuffle(shuffled)  # type: ignore[attr-defined]
    total = sum(kg(lines))
    assert sum(kg(shuffled)) == pytest.approx(total, rel=1e-9)
    [single] = kg([ActivityLine(cc.Q(sum(values), "passenger_km"), "mobility.train.tgv")])
    assert single == pytest.approx(total, rel=1e-9)


@given(x=magnitudes)
def test_per_passenger_and_per_vehicle_never_mix(x: float) -> None:
    with pytest.raises(UnitMismatchError):
        kg([ActivityLine(cc.Q(x, "passenger_km"), "mobility.car.petrol")])
    with pytest.raises(UnitMismatchError):
        kg([ActivityLine(cc.Q(x, "vehicle_km"), "mobility.train.tgv")])


LINE_KINDS = [
    ("mobility.train.tgv", ("passenger_km", "passenger_mile")),
    ("mobility.car.petrol", ("vehicle_km", "vehicle_mile")),
    ("energy.electricity.fr.mix_2024", ("kWh", "MWh", "GJ")),
    ("hardware.laptop", ("device",)),
    ("purchases.services.it_programming_consulting", ("EUR", "kEUR")),
]


def _line_columns(rows: list[tuple[int, float, int]]) -> tuple[list[str], list[float], list[str]]:
    """Factor ids, magnitudes and units of drawn (kind, magnitude, unit choice) rows."""
    ids, values, units = [], [], []
    for kind, value, unit in rows:
        factor_id, choices = LINE_KINDS[kind]
        ids.append(factor_id)
        values.append(value)
        units.append(choices[unit % len(choices)])
    return ids, values, units


@given(st.lists(st.tuples(st.integers(0, len(LINE_KINDS) - 1), magnitudes, st.integers(0, 2)),
                min_size=1, max_size=40))
@settings(max_examples=60)
def test_columnar_path_equals_scalar_pint_path(rows: list[tuple[int, float, int]]) -> None:
    ids, values, units = _line_columns(rows)
    columns = compute_columns(ids, values, units, LIB)
    by_hand = [float((cc.Q(v, u) * LIB[i].value).to("kgCO2e").magnitude)
               for i, v, u in zip(ids, values, units, strict=True)]
    assert columns.co2e_kg == pytest.approx(by_hand, rel=1e-12)
    lines = [ActivityLine(cc.Q(v, u), i) for i, v, u in zip(ids, values, units, strict=True)]
    assert kg(lines) == pytest.approx(by_hand, rel=1e-12)


@given(st.lists(st.tuples(st.integers(0, len(LINE_KINDS) - 1), magnitudes, st.integers(0, 2)),
                min_size=1, max_size=60), st.integers(1, 500))
@settings(max_examples=40, deadline=None)
def test_random_bilan_totals_equal_the_columnar_aggregation(rows: list[tuple[int, float, int]],
                                                           headcount: int) -> None:
    """A bilan built with ``Bilan.add`` gives, by BEGES post, what the columns and a bincount give."""
    full = cc.load_factors()
    ids, values, units = _line_columns(rows)
    bilan = cc.Bilan("Random SCOP", 2024, headcount)
    bilan.add(ActivityLine(cc.Q(v, u), i) for i, v, u in zip(ids, values, units, strict=True))
    result = bilan.compute()
    columns = compute_columns(ids, values, units, full)
    posts = sorted({full[i].beges_post for i in ids})
    codes = np.array([posts.index(full[i].beges_post) for i in ids])
    by_post = columns.totals_by(codes, len(posts))
    reported = result.by_beges_post()
    non_zero = [post for post, total in zip(posts, by_post, strict=True) if total]
    assert sorted(k for k, v in reported.items() if v.magnitude) == non_zero
    for post, total in zip(posts, by_post, strict=True):
        assert reported[post].to("kgCO2e").magnitude == pytest.approx(total, rel=1e-12)
    assert result.total.to("kgCO2e").magnitude == pytest.approx(columns.total_kg(), rel=1e-12)


@given(st.lists(st.tuples(st.integers(0, len(LINE_KINDS) - 1), magnitudes, st.integers(0, 2),
                          st.sampled_from(["mobility", "energy", "hardware", "purchases"]),
                          st.sampled_from([None, "location", "market"])),
                min_size=1, max_size=60))
@settings(max_examples=40, deadline=None)
def test_breakdowns_equal_a_loop_over_lines(rows: list[tuple[int, float, int, str, str | None]]) -> None:
    """Totals and intervals by every breakdown (bincounts over group codes) equal a plain loop
    over the lines and ``group_interval`` group by group."""
    ids, values, units = _line_columns([(kind, value, unit) for kind, value, unit, _, _ in rows])
    bilan = cc.Bilan("Random SCOP", 2024, 10)
    bilan.add(ActivityLine(cc.Q(v, u), i, domain=domain,
                           scope2_method=method if cc.load_factors()[i].scope == 2 else None)
              for i, v, u, (_, _, _, domain, method) in zip(ids, values, units, rows, strict=True))
    result = bilan.compute()
    main = [line for line in result.lines if line.in_main_total]
    keys = {"beges_post": lambda line: line.beges_post, "domain": lambda line: line.activity.domain,
            "factor": lambda line: line.factor.id}
    for name, key in keys.items():
        expected: dict[str, float] = {}
        for line in main:
            expected[key(line)] = expected.get(key(line), 0.0) + line.kg
        intervals = result.intervals_by(name)
        assert list(intervals) == list(expected)  # same groups, in order of their first line
        for group, kg_total in expected.items():
            one = result.group_interval(key, group)
            assert intervals[group].central == pytest.approx(kg_total, rel=1e-12)
            assert (intervals[group].low, intervals[group].high) == pytest.approx((one.low, one.high), rel=1e-9)
    by_scope = {k: v.to("kgCO2e").magnitude for k, v in result.by_scope().items()}
    market = sum(line.kg for line in result.lines if line.scope_key == "2-market")
    assert by_scope["2-market"] == pytest.approx(market, rel=1e-12)
    assert result.total_market_based.to("kgCO2e").magnitude == pytest.approx(
        sum(line.kg for line in result.lines if line.scope != 2 or line.scope_key == "2-market"), rel=1e-12)
