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

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from .units import is_quantity

if TYPE_CHECKING:
    import pint

    from .uncertainty import Interval


class YearResult(Protocol):
    """What a trajectory reads of a yearly result (a :class:`~coopcarbon.result.BilanResult`)."""

    @property
    def year(self) -> int:
        """Reporting year."""

    @property
    def total(self) -> pint.Quantity[Any]:
        """Main (location-based) total [tCO2e]."""

    @property
    def interval(self) -> Interval:
        """Analytic 95 % interval of the total [kgCO2e]."""

    @property
    def monte_carlo(self) -> Interval | None:
        """Monte Carlo 95 % interval, when drawn [kgCO2e]."""

__all__ = ["POST_SECTOR", "SBTI_1_5C_RATE", "SBTI_WB2C_RATE", "SNBC2_BUDGETS", "SNBC2_PERIODS",
           "TrajectoryPoint", "YearResult", "compare_to_trajectory", "custom_trajectory", "points_against",
           "snbc_trajectory", "trajectory"]

#: SBTi absolute contraction, 1.5 °C: 4.2 % of base-year emissions a year, linear.
SBTI_1_5C_RATE = 0.042

#: SBTi absolute contraction, well below 2 °C: 2.5 % of base-year emissions a year, linear.
SBTI_WB2C_RATE = 0.025


def _tonnes(value: float | pint.Quantity[Any]) -> float:
    if is_quantity(value):
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
    low: float | None = None
    high: float | None = None

    @property
    def gap(self) -> float | None:
        """Actual minus target [tCO2e] (positive: above the trajectory)."""
        return None if self.actual is None else self.actual - self.target

    @property
    def on_track(self) -> bool | None:
        """Whether the actual total is at or below the target (``None`` without a result)."""
        return None if self.actual is None else self.actual <= self.target

    @property
    def within_uncertainty(self) -> bool | None:
        """Whether the target lies inside the actual total's 95 % interval (``None`` if unknown)."""
        if self.low is None or self.high is None:
            return None
        return self.low <= self.target <= self.high


def compare_to_trajectory(results: Iterable[YearResult], *, base: YearResult | None = None,
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


#: SNBC-2 carbon budgets by sector, average MtCO2e a year over each period of
#: :data:`SNBC2_PERIODS` (LULUCF excluded). Source: décret n° 2020-457 du 21 avril 2020 relatif
#: aux budgets carbone nationaux et à la stratégie nationale bas-carbone, article 2 (tables of the
#: budgets by sector, "répartition par domaine"), JORF of 23 April 2020. The totals 422 and 359
#: are confirmed by the press coverage of the decree; the sector rows (and the 300 total) are
#: transcribed from the decree's table and sum to the totals (±1 from its rounding): check them
#: against the JORF text on Légifrance before a release (tests/test_transition.py checks the sums).
SNBC2_BUDGETS: dict[str, tuple[float, float, float]] = {
    "transports": (128.0, 112.0, 94.0),
    "buildings": (78.0, 60.0, 43.0),
    "agriculture": (82.0, 77.0, 72.0),
    "industry": (72.0, 62.0, 51.0),
    "energy": (48.0, 35.0, 30.0),
    "waste": (14.0, 12.0, 10.0),
    "total": (422.0, 359.0, 300.0),
}

#: The three budget periods of SNBC-2 (first and last year, included).
SNBC2_PERIODS: tuple[tuple[int, int], ...] = ((2019, 2023), (2024, 2028), (2029, 2033))

#: The SNBC sector whose budget a BEGES v5 post follows. Heating and fugitive gases of offices
#: are the "bâtiments" sector of the national inventory, electricity and heat bought the
#: "production d'énergie" sector, travel the "transports" sector, waste the "déchets" sector;
#: every other post (purchases, capital goods...) follows the national total.
POST_SECTOR: dict[str, str] = {
    "1.1": "buildings", "1.2": "transports", "1.4": "buildings",
    "2.1": "energy", "2.2": "energy",
    "3.1": "transports", "3.2": "transports", "3.3": "transports", "3.4": "transports", "3.5": "transports",
    "4.3": "waste",
}


def _snbc_budget(sector: str, year: int) -> float:
    """A sector's yearly budget [MtCO2e], linear between the periods' middle years.

    Before the first middle year the first budget holds; after the last one the last slope goes
    on to the end of the last period.
    """
    values = SNBC2_BUDGETS[sector]
    middles = [(first + last) / 2 for first, last in SNBC2_PERIODS]
    if year <= middles[0]:
        return values[0]
    for i in range(1, len(middles)):
        if year <= middles[i] or i == len(middles) - 1:
            slope = (values[i] - values[i - 1]) / (middles[i] - middles[i - 1])
            return values[i - 1] + slope * (year - middles[i - 1])
    return values[-1]  # pragma: no cover - the loop always returns


def snbc_trajectory(base_year: int, by_post: dict[str, float], until: int = 2033) -> list[tuple[int, float]]:
    r"""Yearly targets following the French SNBC-2 carbon budgets, sector by sector.

    Parameters
    ----------
    base_year
        Reference year, within the SNBC-2 periods (2019–2033).
    by_post
        Base-year emissions by BEGES v5 post [tCO2e].
    until
        Last year (at most 2033, the end of the last budget set by the decree).

    Returns
    -------
    list of (year, target)
        Targets in tCO2e.

    Notes
    -----
    :math:`T(y) = \sum_p E_p \, B_{s(p)}(y) / B_{s(p)}(y_0)`, where :math:`s(p)` is the sector of
    post :math:`p` (:data:`POST_SECTOR`, else the national total) and :math:`B_s(y)` its yearly
    budget (:data:`SNBC2_BUDGETS`, linear between the periods' middle years).

    Examples
    --------
    >>> dict(snbc_trajectory(2021, {"3.3": 100.0}))[2026]
    87.5
    """
    first, last = SNBC2_PERIODS[0][0], SNBC2_PERIODS[-1][1]
    if not first <= base_year <= last:
        raise ValueError(f"base year {base_year} is outside the SNBC-2 budgets ({first}–{last})")
    if not base_year <= until <= last:
        raise ValueError(f"until ({until}) must be between the base year and {last} (end of SNBC-2 budgets)")
    sectors: dict[str, float] = {}
    for post, tonnes in by_post.items():
        sector = POST_SECTOR.get(post, "total")
        sectors[sector] = sectors.get(sector, 0.0) + tonnes
    return [(year, sum(t * _snbc_budget(s, year) / _snbc_budget(s, base_year) for s, t in sectors.items()))
            for year in range(base_year, until + 1)]


def custom_trajectory(base_year: int, base_total: float | pint.Quantity[Any],
                      milestones: dict[int, float]) -> list[tuple[int, float]]:
    """Yearly targets through milestones given as fractions of the base year (linear between them).

    Parameters
    ----------
    base_year
        Reference year.
    base_total
        Base-year emissions [tCO2e].
    milestones
        Year → target as a fraction of the base year (``{2030: 0.5}``: half the base year in 2030).

    Returns
    -------
    list of (year, target)
        From the base year to the last milestone, in tCO2e.

    Examples
    --------
    >>> custom_trajectory(2020, 100.0, {2030: 0.5})[5]
    (2025, 75.0)
    """
    if not milestones:
        raise ValueError("a custom trajectory needs at least one milestone (year: fraction)")
    if min(milestones) <= base_year:
        raise ValueError(f"milestones must come after the base year {base_year}")
    if any(not 0 <= f for f in milestones.values()):
        raise ValueError("milestone fractions must be >= 0 (0.5 = half the base year)")
    base = _tonnes(base_total)
    known = [(base_year, 1.0), *sorted(milestones.items())]
    out = []
    for (y0, f0), (y1, f1) in itertools.pairwise(known):
        out += [(y, base * (f0 + (f1 - f0) * (y - y0) / (y1 - y0))) for y in range(y0, y1)]
    return [*out, (known[-1][0], base * known[-1][1])]


def points_against(targets: list[tuple[int, float]], results: Iterable[YearResult]) -> list[TrajectoryPoint]:
    """Targets with the actual totals and their 95 % intervals of the years that have a result.

    Parameters
    ----------
    targets
        (year, target [tCO2e]) pairs, e.g. from :func:`snbc_trajectory`.
    results
        Yearly results; their main (location-based) totals are compared.

    Returns
    -------
    list of TrajectoryPoint
        One per target year, plus the results' years before the first target (target: the
        first target's value is not extrapolated backwards: those years are left out).
    """
    by_year = {r.year: r for r in results}
    points = []
    for year, target in targets:
        result = by_year.get(year)
        if result is None:
            points.append(TrajectoryPoint(year, target))
            continue
        interval = result.monte_carlo or result.interval
        points.append(TrajectoryPoint(year, target, float(result.total.to("tCO2e").magnitude),
                                      interval.low / 1000.0, interval.high / 1000.0))
    return points
