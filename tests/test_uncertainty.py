"""Uncertainty: analytic combination, correlation through shared factors, Monte Carlo agreement."""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.factors.schema import QualityScores
from coopcarbon.uncertainty import (
    MONTE_CARLO_MEMORY,
    Z95,
    analytic_interval,
    monte_carlo_interval,
    pedigree_uncertainty,
)

Method = Literal["exact", "fenton-wilkinson"]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_two_lines_sharing_a_factor_are_fully_correlated() -> None:
    # Same factor (±20 %), exact activities: the total's half-width is 20 % of the total,
    # not 20 % / sqrt(2) as it would be for independent factors.
    shared = analytic_interval([100.0, 100.0], [0, 0], [0.2], [0.0, 0.0])
    independent = analytic_interval([100.0, 100.0], [0, 1], [0.2, 0.2], [0.0, 0.0])
    assert shared.relative == pytest.approx(0.2)
    assert independent.relative == pytest.approx(0.2 / math.sqrt(2))


def test_activity_and_factor_combine_in_quadrature() -> None:
    interval = analytic_interval([50.0], [0], [0.3], [0.4])
    assert interval.relative == pytest.approx(0.5)
    assert interval.central == 50.0


def test_monte_carlo_agrees_with_analytic_on_independent_lines() -> None:
    rng = np.random.default_rng(1)
    e = rng.uniform(10, 100, 200)
    idx = np.arange(200)
    uf = np.full(200, 0.2)
    ua = np.full(200, 0.1)
    analytic = analytic_interval(e, idx, uf, ua)
    mc, totals = monte_carlo_interval(e, idx, uf, ua, samples=20_000, seed=42)
    assert totals.mean() == pytest.approx(e.sum(), rel=2e-3)
    assert mc.low == pytest.approx(analytic.low, rel=5e-3)
    assert mc.high == pytest.approx(analytic.high, rel=5e-3)


def test_monte_carlo_draws_one_value_per_factor() -> None:
    # 10 lines on one factor with no activity uncertainty: every draw scales all lines alike,
    # so the spread equals the factor's own (±20 % at 95 %, lognormal).
    e = np.full(10, 10.0)
    _mc, totals = monte_carlo_interval(e, np.zeros(10, dtype=np.intp), [0.2], np.zeros(10), samples=40_000, seed=3)
    assert np.std(totals) / 100.0 == pytest.approx(0.2 / Z95, rel=0.03)


def test_monte_carlo_is_reproducible_with_a_seed() -> None:
    args = ([1.0, 2.0, 3.0], [0, 1, 1], [0.1, 0.5], [0.05, 0.05, 0.3])
    a = monte_carlo_interval(*args, samples=2000, seed=7)[0]
    b = monte_carlo_interval(*args, samples=2000, seed=7)[0]
    assert a == b


def test_pedigree_best_scores_leave_the_basic_uncertainty() -> None:
    # Weidema et al. 2013 publish variances σ² of the underlying normal (tables 10.3 and 10.5), the
    # rounded forms of the ecoinvent v2 factors U = exp(2σ) this test used to pin (1.05, 1.10...):
    # the basic 0.0006 is U = exp(2·sqrt(0.0006)) = 1.0502, not 1.05 exactly.
    best = QualityScores(reliability=1, completeness=1, temporal=1, geographic=1, technological=1)
    assert pedigree_uncertainty(best) == pytest.approx(math.exp(2 * math.sqrt(0.0006)) - 1)
    assert pedigree_uncertainty(best) == pytest.approx(0.05, abs=3e-4)
    worse = QualityScores(reliability=3, completeness=3, temporal=3, geographic=3, technological=3)
    # basic 0.0006 + reliability 0.002 + completeness 0.0006 + temporal 0.002 + geographic 0.0001
    # + technological 0.008 = 0.0133; exp(2·sqrt(0.0133)) − 1 = 0.2594 (the v2 factors gave 0.2685)
    assert pedigree_uncertainty(worse) == pytest.approx(math.exp(2 * math.sqrt(0.0133)) - 1)
    assert pedigree_uncertainty(worse) == pytest.approx(0.2594, abs=1e-4)


@given(st.lists(st.floats(min_value=0.1, max_value=1e4), min_size=1, max_size=20),
       st.floats(min_value=0.0, max_value=1.0))
@settings(max_examples=50)
def test_interval_contains_the_total_and_grows_with_uncertainty(values: list[float], u: float) -> None:
    idx = list(range(len(values)))
    small = analytic_interval(values, idx, [u / 2] * len(values), [0.0] * len(values))
    large = analytic_interval(values, idx, [u] * len(values), [0.0] * len(values))
    assert small.low <= small.central <= small.high
    assert large.high - large.low >= small.high - small.low - 1e-9


def _ledger(n_lines: int, n_factors: int, fixed_share: float = 0.0) -> tuple[np.ndarray, ...]:
    """Emissions, factor indexes and uncertainties of a synthetic ledger (B2/B8 of benchmarks/run.py)."""
    rng = np.random.default_rng(1)
    e = rng.uniform(1, 500, n_lines)
    idx = rng.integers(0, n_factors, n_lines)
    uf = rng.uniform(0.05, 0.5, n_factors)
    ua = rng.choice([0.05, 0.3, 0.5], n_lines)
    ua[rng.random(n_lines) < fixed_share] = 0.0  # lines whose activity figure is exact
    return e, idx, uf, ua


@pytest.mark.parametrize("method", ["exact", "fenton-wilkinson"])
@pytest.mark.parametrize("fixed_share", [0.0, 0.3, 1.0])
def test_monte_carlo_totals_do_not_depend_on_the_memory_budget(fixed_share: float, method: Method) -> None:
    # The budget only sets how many iterations are drawn at once: one at a time (1 byte), a few
    # (about 20 here with the exact method) or all of them must give the very same totals for a seed.
    args = _ledger(600, 40, fixed_share)
    one = monte_carlo_interval(*args, samples=300, seed=11, memory=1, method=method)[1]
    few = monte_carlo_interval(*args, samples=300, seed=11, memory=600 * 4 * 20, method=method)[1]
    every = monte_carlo_interval(*args, samples=300, seed=11, method=method)[1]
    assert np.array_equal(one, few)
    assert np.array_equal(one, every)


@pytest.mark.parametrize("method", ["exact", "fenton-wilkinson"])
def test_monte_carlo_gives_the_interval_of_the_former_implementation(method: Method) -> None:
    # Benchmark B2's inputs (2 000 lines, 300 factors, 10 000 draws, seed 0). Before draws were
    # chunked by bytes (one random stream, chunks of 1 000 iterations) the interval was
    # [492 083.04, 513 097.76] kgCO2e; over seeds 0-2 its ends moved by ±150 and ±300 kgCO2e
    # (sampling error). The new streams must agree within that noise: 1.5e-3 is about 740 kgCO2e.
    e, idx, uf, ua = _ledger(2000, 300)
    mc, totals = monte_carlo_interval(e, idx, uf, ua, samples=10_000, seed=0, method=method)
    assert mc.central == pytest.approx(e.sum())
    assert totals.mean() == pytest.approx(e.sum(), rel=2e-3)
    assert mc.low == pytest.approx(492_083.04, rel=1.5e-3)
    assert mc.high == pytest.approx(513_097.76, rel=1.5e-3)


def test_monte_carlo_memory_is_bounded() -> None:
    # Exact method, 100 000 lines: the former chunks of 1 000 iterations peaked at 1 154 MiB
    # (tracemalloc) for any number of draws above 1 000, so 2 000 draws reach that old peak. Now
    # the draws stay within MONTE_CARLO_MEMORY (16 MiB) plus the lines' own arrays (a few MiB)
    # and the totals.
    e, idx, uf, ua = _ledger(100_000, 300)
    tracemalloc.start()
    try:
        mc, _totals = monte_carlo_interval(e, idx, uf, ua, samples=2_000, seed=0, method="exact")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MONTE_CARLO_MEMORY + 16 * 2**20
    analytic = analytic_interval(e, idx, uf, ua)  # the draws still mean something
    assert mc.low == pytest.approx(analytic.low, rel=5e-3)


def test_fenton_wilkinson_matches_the_moments_of_a_factor_sum() -> None:
    # One exact factor, two uncertain lines of 30 and 10 kgCO2e at ±30 % and ±60 % (95 %): their
    # sum is drawn as one lognormal of mean 40 and standard deviation
    # sqrt((30 × 0.3)² + (10 × 0.6)²) / 1.96 = sqrt(117) / 1.96 = 5.5187 kgCO2e.
    _mc, totals = monte_carlo_interval([30.0, 10.0], [0, 0], [0.0], [0.3, 0.6], samples=40_000, seed=5)
    assert totals.mean() == pytest.approx(40.0, rel=2e-3)
    assert totals.std() == pytest.approx(math.sqrt(117) / Z95, rel=0.02)
    # Its values are those of a single lognormal: every draw is the sum times one multiplier.
    log = np.log(totals)
    assert log.std() == pytest.approx(math.sqrt(math.log1p((math.sqrt(117) / Z95 / 40) ** 2)), rel=0.02)


def test_fenton_wilkinson_folds_a_lone_line_into_its_factor() -> None:
    # One line, factor ±20 % and activity ±40 % (95 %): the product of the two mean-1 lognormals
    # has relative variance (1 + 0.2²/1.96²)(1 + 0.4²/1.96²) − 1 = 0.05325, as with one draw each.
    relative_variance = (1 + (0.2 / Z95) ** 2) * (1 + (0.4 / Z95) ** 2) - 1
    for method in ("exact", "fenton-wilkinson"):
        _mc, totals = monte_carlo_interval([100.0], [0], [0.2], [0.4], samples=40_000, seed=9, method=method)
        assert totals.mean() == pytest.approx(100.0, rel=3e-3)
        assert totals.var() / 100.0**2 == pytest.approx(relative_variance, rel=0.03)


def test_fenton_wilkinson_keeps_negative_lines_apart() -> None:
    # A factor with +100 and −40 kgCO2e lines (a removal), ±50 % each on the activity: matched
    # as one sum of 60 the relative spread would be sqrt(50² + 20²) / 60; kept apart, each sign
    # is its own lognormal and the total has the exact mean 60 and variance
    # (100 × 0.5/1.96)² + (40 × 0.5/1.96)² = 755.2 kgCO2e².
    _mc, totals = monte_carlo_interval([100.0, -40.0], [0, 0], [0.0], [0.5, 0.5], samples=40_000, seed=2)
    assert totals.mean() == pytest.approx(60.0, rel=5e-3)
    assert totals.var() == pytest.approx((50 / Z95) ** 2 + (20 / Z95) ** 2, rel=0.03)
    # One lognormal of the sum would never go below zero; the two signs apart do, rarely
    # (about 0.5 %: ln A − ln B < ln 0.4 with σ ≈ 0.25 for each), as the exact method does.
    exact = monte_carlo_interval([100.0, -40.0], [0, 0], [0.0], [0.5, 0.5], samples=40_000, seed=2,
                                 method="exact")[1]
    assert 0.002 < (totals < 0).mean() < 0.01
    assert (totals < 0).mean() == pytest.approx((exact < 0).mean(), abs=2e-3)


def test_monte_carlo_refuses_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="fenton-wilkinson"):
        monte_carlo_interval([1.0], [0], [0.1], [0.1], method="fast")  # type: ignore[arg-type]


def _example_inputs(relative: str) -> tuple[np.ndarray, ...]:
    result = cc.Bilan.from_yaml(EXAMPLES / relative).compute()
    return tuple(np.asarray(a) for a in result._uncertainty_inputs())


@pytest.mark.parametrize(("inputs", "samples"), [
    ("scop-lyon/bilan-2024.yaml", 50_000),
    ("software-publisher/bilan-2024.yaml", 50_000),
    ("web-agency/bilan-2024.yaml", 50_000),
    ("B2", 10_000),
])
def test_fenton_wilkinson_gives_the_exact_interval_within_one_percent(inputs: str, samples: int) -> None:
    # The condition for the approximation to be the default: on the three examples and on
    # benchmark B2's ledger (2 000 lines, 300 factors), the 95 % bounds of both methods agree
    # within 1 %. Seeded; the examples, whose intervals are wide (about ±20 %), take 50 000
    # draws so that sampling noise (about ±0.3 % of a bound) leaves room for the approximation.
    args = _ledger(2000, 300) if inputs == "B2" else _example_inputs(inputs)
    exact = monte_carlo_interval(*args, samples=samples, seed=0, method="exact")[0]
    fast = monte_carlo_interval(*args, samples=samples, seed=0)[0]
    assert fast.central == exact.central
    assert fast.low == pytest.approx(exact.low, rel=0.01)
    assert fast.high == pytest.approx(exact.high, rel=0.01)
