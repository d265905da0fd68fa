r"""Reduction trajectories: yearly targets from a base year, and results compared with them.

The default rate is the Science Based Targets initiative's minimum for a 1.5 °C-aligned
near-term target with the *absolute contraction approach*: a **linear** annual reduction of
4.2 % of the base-year emissions,

.. math:: T(y) = E_0 \left(1 - r\,(y - y_0)\right), \\qquad r = 0.042,

so that after 10 years the target is 58 % of the base year (not :math:`0.958^{10}`).
Targets never go below zero.

References
----------
1. SBTi, *Foundations of Science-based Target Setting*, version 1.0 (2019): absolute
   contraction approach, minimum 4.2 % linear annual reduction for 1.5 °C (2.5 % for well
   below 2 °C).
2. SBTi, *SBTi Corporate Near-Term Criteria*, version 5.1 (2023): minimum ambition for
   scope 1 and 2 targets, 4.2 % linear annual reduction (1.5 °C).
3. SBTi, *Corporate Net-Zero Standard*, version 1.1 (2023): near-term targets set by the same
   criteria. Later SBTi tools compute the rate from the base and net-zero years; pass ``rate``
   to follow them.

Examples
--------
>>> [(year, round(target, 1)) for year, target in trajectory(2020, 100.0, until=2022)]
[(2020, 100.0), (2021, 95.8), (2022, 91.6)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pint

if TYPE_CHECKING:
    from .result import BilanResult

__all__ = ["SBTI_1_5C_RATE", "SBTI_WB2C_RATE", "TrajectoryPoint", "compare_to_trajectory",
           "trajectory"]

#: SBTi absolute contraction, 1.5 °C: 4.2 % of base-year emissions a year, linear.
SBTI_1_5C_RATE = 0.042

#: SBTi absolute contraction, well below 2 °C: 2.5 % of base-year emissions a year, linear.
SBTI_WB2C_RATE = 0.025


def _tonnes(value: float | pint.Quantity[Any]) -> float:
    if isinstance(value, pint.Quantity):
        return float(value.to("tCO2e").magnitude)
    return float(value)


def trajectory(base_year: int, base_total: float | pint.Quantity[Any], rate: float = SBTI_1_5C_RATE,
               until: int = 2030) -> list[tuple[int, float]]:
    r"""Yearly targets of a linear reduction trajectory.

    Parameters
    ----------
    base_year
        Reference year of the trajectory.
    base_total
        Emissions of the base year [tCO2e] (a float in tCO2e, or a quantity of emissions).
    rate
        Annual reduction as a fraction of the base-year emissions (0.042 = 4.2 %/yr).
    until
        Last year of the trajectory (included).

    Returns
    -------
    list of (year, target)
        One entry per year from ``base_year`` to ``until``; targets in tCO2e, never negative.

    Notes
    -----
    :math:`T(y) = E_0 \max(0, 1 - r\,(y - y_0))`.

    Examples
    --------
    >>> round(dict(trajectory(2020, 100.0))[2025], 6)
    79.0
    """
    if not 0 <= rate <= 1:
        raise ValueError(f"rate {rate} is not a fraction between 0 and 1 (0.042 = 4.2 %/yr)")
    if until < base_year:
        raise ValueError(f"until ({until}) is before the base year ({base_year})")
    base = _tonnes(base_total)
    return [(year, base * max(0.0, 1.0 - rate * (year - base_year)))
            for year in range(base_year, until + 1)]


@dataclass(frozen=True)
class TrajectoryPoint:
    """A year of a trajectory: its target and, when a result exists, the actual total [tCO2e]."""

    year: int
    target: float
    actual: float | None = None

    @property
    def gap(self) -> float | None:
        """Actual minus target [tCO2e] (positive: above the trajectory)."""
        return None if self.actual is None else self.actual - self.target

    @property
    def on_track(self) -> bool | None:
        """Whether the actual total is at or below the target (``None`` without a result)."""
        return None if self.actual is None else self.actual <= self.target


def compare_to_trajectory(results: Iterable[BilanResult], *, base: BilanResult | None = None,
                          rate: float = SBTI_1_5C_RATE,
                          until: int | None = None) -> list[TrajectoryPoint]:
    """Compare yearly results (main, location-based totals) with a reduction trajectory.

    Parameters
    ----------
    results
        Results of several years (any order; one per year).
    base
        The base-year result; default: the earliest of ``results``.
    rate
        Annual linear reduction as a fraction of the base-year emissions.
    until
        Last year; default: 2030 or the latest result's year, whichever is later.

    Returns
    -------
    list of TrajectoryPoint
        One per year from the base year to ``until``, with the actual total where known.
    """
    by_year = {r.year: r for r in results}
    if base is not None:
        by_year.setdefault(base.year, base)
    if not by_year:
        raise ValueError("no result to compare with a trajectory")
    base = base or by_year[min(by_year)]
    last = until if until is not None else max(2030, max(by_year))
    targets = trajectory(base.year, base.total, rate, last)
    return [TrajectoryPoint(year, target,
                            float(by_year[year].total.to("tCO2e").magnitude)
                            if year in by_year else None)
            for year, target in targets]
