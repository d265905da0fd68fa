"""A result's emission lines as arrays: totals and 95 % intervals by any breakdown.

:class:`~coopcarbon.result.BilanResult` reads its totals here: each breakdown (scope, BEGES post,
domain, site...) gives every line a group code once, and its totals and intervals are
``np.bincount`` sums over those codes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from .activities import ActivityLine
from .activity_columns import codes_of
from .categories import beges_category
from .emissions import EmissionColumns, IndicatorTotals, Reporting
from .gases import gas_totals
from .uncertainty import Interval, analytic_intervals_by

__all__ = ["BREAKDOWNS", "ResultColumns"]


#: Breakdowns of the totals by how lines are reported: name → (the group of a line reported so, or
#: None to leave it out; all lines or only those in the main total). Only "scope" keeps
#: market-based scope 2 lines.
_BY_REPORTING: dict[str, tuple[Callable[[Reporting], Hashable | None], bool]] = {
    "scope": (lambda r: r.scope_key, True),
    "ghg_category": (lambda r: r.ghg_category if r.scope == 3 else None, False),
    "beges_post": (lambda r: r.beges_post, False),
    "beges_category": (lambda r: beges_category(r.beges_post), False),
    "factor": (lambda r: r.factor.id, False),
}

#: Breakdowns of the main total by a field of the activity line.
_BY_ACTIVITY: dict[str, Callable[[ActivityLine], Hashable]] = {
    "domain": lambda a: a.domain,
    "group": lambda a: a.group or a.domain,
    "site": lambda a: a.site,
}


#: The breakdowns a result's totals and intervals are given by (``"entity"``: the sites' legal entities).
BREAKDOWNS = (*_BY_REPORTING, *_BY_ACTIVITY, "entity")


class ResultColumns:
    """A result's lines as arrays, read once.

    Totals and intervals by any breakdown are ``np.bincount`` sums over each line's group code.
    """

    def __init__(self, emissions: EmissionColumns) -> None:
        self.emissions = emissions
        reportings = emissions.reportings
        self.kg = emissions.kg
        self.kg_without = emissions.kg_without_non_co2
        self.scope = emissions.per_line([r.scope for r in reportings], np.int8)
        self.market = emissions.per_line([r.scope2_method == "market" for r in reportings], np.bool_)
        self.main = ~((self.scope == 2) & self.market)
        index: dict[str, int] = {}
        factor_of = [index.setdefault(r.factor.id, len(index)) for r in reportings]
        self.factor_index = emissions.per_line(factor_of, np.intp)
        self.factor_ids = list(index)
        self.factor_uncertainty = np.zeros(len(index))
        self.factor_uncertainty[np.asarray(factor_of, dtype=np.intp)] = [r.factor_uncertainty for r in reportings]
        self.activity_uncertainty = emissions.activity_uncertainty
        self._codes: dict[str, tuple[list[Any], npt.NDArray[np.intp], npt.NDArray[np.bool_]]] = {}
        self.totals: dict[str, float] = {}  # BilanResult.total_tonnes, by kind
        self._intervals: dict[str, dict[Any, Interval]] = {}

    def codes(self, key: str) -> tuple[list[Any], npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """Groups of breakdown ``key``, each line's group code, and which lines it counts."""
        found = self._codes.get(key)
        if found is None:
            index: dict[Any, int] = {}
            if key in _BY_REPORTING:
                group_of, all_lines = _BY_REPORTING[key]
                codes = self.emissions.per_line(
                    [-1 if (group := group_of(r)) is None else index.setdefault(group, len(index))
                     for r in self.emissions.reportings], np.intp)
            else:
                activity_group, all_lines = _BY_ACTIVITY[key], False
                codes = codes_of(self.emissions.activities, activity_group, index)
            chosen = (codes >= 0) & (True if all_lines else self.main)
            found = self._codes[key] = (list(index), codes, chosen)
        return found

    def _order(self, key: str) -> tuple[list[Any], npt.NDArray[np.intp], npt.NDArray[np.bool_], list[int]]:
        """As :meth:`codes`, and the groups present, in order of their first counted line."""
        groups, codes, chosen = self.codes(key)
        first = np.full(len(groups), len(codes))
        np.minimum.at(first, codes[chosen], np.flatnonzero(chosen))
        present = [g for g in np.argsort(first, kind="stable").tolist() if first[g] < len(codes)]
        return groups, codes, chosen, present

    def sums(self, key: str) -> dict[Any, float]:
        """kgCO2e by group of breakdown ``key``, groups in order of their first line."""
        groups, codes, chosen, present = self._order(key)
        totals = np.bincount(codes[chosen], weights=self.kg[chosen], minlength=len(groups))
        return {groups[g]: float(totals[g]) for g in present}

    def gas_sums(self, key: str) -> dict[Any, tuple[float, ...]]:
        """Emissions [kg] of each column of :data:`coopcarbon.gases.COLUMNS` by group of breakdown ``key``."""
        groups, codes, chosen, present = self._order(key)
        table = gas_totals(self.emissions, codes, chosen, len(groups))
        return {groups[g]: tuple(table[g].tolist()) for g in present}

    @cached_property
    def indicators(self) -> IndicatorTotals:
        """The other indicators' totals over the lines of the main total, summed once."""
        return self.emissions.indicator_totals(self.main)

    def intervals(self, key: str) -> dict[Any, Interval]:
        """Analytic 95 % interval by group of breakdown ``key`` (factors shared within a group), computed once."""
        found = self._intervals.get(key)
        if found is None:
            groups, codes, chosen, present = self._order(key)
            intervals = analytic_intervals_by(codes[chosen], len(groups), self.kg[chosen], self.factor_index[chosen],
                                              self.factor_uncertainty, self.activity_uncertainty[chosen])
            found = self._intervals[key] = {groups[g]: intervals[g] for g in present}
        return dict(found)
