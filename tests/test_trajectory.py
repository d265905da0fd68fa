"""Reduction trajectories (SBTi absolute contraction, 4.2 %/yr linear of the base year)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from coopcarbon.reports.markdown import trajectory_to_markdown
from coopcarbon.trajectory import SBTI_1_5C_RATE, compare_to_trajectory, trajectory
from coopcarbon.units import Q


def test_hand_computed_2025_target() -> None:
    # 100 t in 2020, 4.2 % of 100 t less each year: 100 − 5 × 4.2 = 79 t in 2025
    targets = dict(trajectory(2020, 100.0, rate=0.042, until=2030))
    assert targets[2020] == 100.0
    assert targets[2025] == pytest.approx(79.0)
    assert targets[2030] == pytest.approx(58.0)  # linear, not 0.958**10 = 65.1 %
    assert SBTI_1_5C_RATE == 0.042


def test_trajectory_accepts_quantities_and_never_goes_negative() -> None:
    targets = dict(trajectory(2020, Q(100_000, "kgCO2e"), until=2050))
    assert targets[2025] == pytest.approx(79.0)
    assert targets[2050] == 0.0
    assert min(targets.values()) >= 0.0


def test_trajectory_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="rate"):
        trajectory(2020, 100.0, rate=4.2)
    with pytest.raises(ValueError, match="before"):
        trajectory(2020, 100.0, until=2019)


@dataclass
class _Result:  # the part of BilanResult a trajectory reads
    year: int
    total: object


def test_compare_results_to_the_trajectory() -> None:
    results = [_Result(2020, Q(100, "tCO2e")), _Result(2022, Q(90, "tCO2e")),
               _Result(2023, Q(85, "tCO2e"))]
    points = compare_to_trajectory(results, until=2025)  # type: ignore[arg-type]
    by_year = {p.year: p for p in points}
    assert [p.year for p in points] == list(range(2020, 2026))
    assert by_year[2022].target == pytest.approx(91.6)
    assert by_year[2022].on_track is True
    assert by_year[2023].target == pytest.approx(87.4)
    assert by_year[2023].gap == pytest.approx(85 - 87.4)
    assert by_year[2021].actual is None and by_year[2021].on_track is None
    md = trajectory_to_markdown(points, "en")
    assert "| 2025 | 79.0 |" in md
    assert "on track" in md
