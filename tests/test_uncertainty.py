"""Uncertainty: analytic combination, correlation through shared factors, Monte Carlo agreement."""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopcarbon.factors.schema import QualityScores
from coopcarbon.uncertainty import (
    MONTE_CARLO_MEMORY,
    Z95,
    analytic_interval,
    monte_carlo_interval,
    pedigree_uncertainty,
)


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
    best = QualityScores(reliability=1, completeness=1, temporal=1, geographic=1, technological=1)
    assert pedigree_uncertainty(best) == pytest.approx(0.05)
    worse = QualityScores(reliability=3, completeness=3, temporal=3, geographic=3, technological=3)
    # sqrt(ln1.05² + ln1.10² + ln1.05² + ln1.10² + ln1.02² + ln1.20²), Weidema et al. 2013 table 10.4
    sigma = math.sqrt(sum(math.log(u) ** 2 for u in (1.05, 1.10, 1.05, 1.10, 1.02, 1.20)))
    assert pedigree_uncertainty(worse) == pytest.approx(math.exp(sigma) - 1)


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


@pytest.mark.parametrize("fixed_share", [0.0, 0.3, 1.0])
def test_monte_carlo_totals_do_not_depend_on_the_memory_budget(fixed_share: float) -> None:
    # The budget only sets how many iterations are drawn at once: one at a time (1 byte), a few
    # (about 20 here) or all of them must give the very same totals for a seed.
    args = _ledger(600, 40, fixed_share)
    one = monte_carlo_interval(*args, samples=300, seed=11, memory=1)[1]
    few = monte_carlo_interval(*args, samples=300, seed=11, memory=600 * 4 * 20)[1]
    every = monte_carlo_interval(*args, samples=300, seed=11)[1]
    assert np.array_equal(one, few)
    assert np.array_equal(one, every)


def test_monte_carlo_gives_the_interval_of_the_former_implementation() -> None:
    # Benchmark B2's inputs (2 000 lines, 300 factors, 10 000 draws, seed 0). Before draws were
    # chunked by bytes (one random stream, chunks of 1 000 iterations) the interval was
    # [492 083.04, 513 097.76] kgCO2e; over seeds 0-2 its ends moved by ±150 and ±300 kgCO2e
    # (sampling error). The new streams must agree within that noise: 1.5e-3 is about 740 kgCO2e.
    e, idx, uf, ua = _ledger(2000, 300)
    mc, totals = monte_carlo_interval(e, idx, uf, ua, samples=10_000, seed=0)
    assert mc.central == pytest.approx(e.sum())
    assert totals.mean() == pytest.approx(e.sum(), rel=2e-3)
    assert mc.low == pytest.approx(492_083.04, rel=1.5e-3)
    assert mc.high == pytest.approx(513_097.76, rel=1.5e-3)


def test_monte_carlo_memory_is_bounded() -> None:
    # 10 000 draws over 100 000 lines: the former chunks of 1 000 iterations peaked at 1 154 MiB
    # (tracemalloc). Now the draws stay within MONTE_CARLO_MEMORY (16 MiB) plus the lines' own
    # arrays (a few MiB) and the 10 000 totals.
    e, idx, uf, ua = _ledger(100_000, 300)
    tracemalloc.start()
    try:
        mc, _totals = monte_carlo_interval(e, idx, uf, ua, samples=10_000, seed=0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < MONTE_CARLO_MEMORY + 16 * 2**20
    analytic = analytic_interval(e, idx, uf, ua)  # the draws still mean something
    assert mc.low == pytest.approx(analytic.low, rel=5e-3)
