"""Emission lines as columns: what the engine computes and what a result keeps.

A million emission lines as a million :class:`~coopcarbon.activities.EmissionLine` objects
cost seconds and hundreds of MiB; :class:`EmissionColumns` keeps the activity lines, the
emissions as arrays, and for each line a code into the few distinct ways lines are reported
(:class:`Reporting`: factor, scope, category, post). Totals and intervals read the arrays;
:meth:`EmissionColumns.lines` builds the emission line objects when someone asks for them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt

from .activities import ActivityLine, EmissionLine, IndicatorValues
from .activity_columns import codes_of, magnitudes_of
from .io.gcpause import collection_paused
from .units import Q, tabled_ratio

if TYPE_CHECKING:
    import pint

    from .factors.library import Factor

__all__ = ["EmissionColumns", "IndicatorTotals", "Reporting"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


class Reporting(NamedTuple):
    """How lines are reported: their factor (and its uncertainty), scope, category and post."""

    factor: Factor
    factor_uncertainty: float
    scope: int
    ghg_category: int | None
    beges_post: str
    scope2_method: str | None

    @property
    def scope_key(self) -> str:
        """``"1"``, ``"2-location"``, ``"2-market"`` or ``"3"``."""
        return f"2-{self.scope2_method or 'location'}" if self.scope == 2 else str(self.scope)

    @property
    def in_main_total(self) -> bool:
        """False for market-based scope 2 (reported beside the total, not in it)."""
        return not (self.scope == 2 and self.scope2_method == "market")


class IndicatorTotals(NamedTuple):
    """Sums of other indicators: magnitudes by (indicator, unit), quantities by name, and lines counted."""

    sums: dict[tuple[str, str], float]  # (indicator, unit) → magnitude, in order of first use
    quantities: defaultdict[str, list[pint.Quantity[Any]]]  # indicators given as quantities, by name
    lines: defaultdict[str, int]  # name → lines giving it

    def add(self, values: Mapping[str, pint.Quantity[Any]], lines: int) -> None:
        """Add a line's (or a group's) indicators."""
        for name in values:
            if isinstance(values, IndicatorValues):
                magnitude, unit = values.amount(name)
                self.sums[name, unit] = self.sums.get((name, unit), 0.0) + magnitude
            else:
                self.quantities[name].append(values[name])
            self.lines[name] += lines


class EmissionColumns:
    """Emission lines as columns, one entry per line, in input order.

    Parameters
    ----------
    activities
        The activity lines.
    kg, kg_without_non_co2
        Emissions of each line [kgCO2e], with and without aviation's non-CO2 effects.
    reporting
        Each line's index into ``reportings``.
    reportings
        The distinct ways the lines are reported.
    activity_uncertainty
        Relative half-width (95 %) of each line's activity figure.
    lines
        The emission line objects, when the columns were made from them.
    """

    __slots__ = ("_lines", "_scales", "activities", "activity_uncertainty", "kg", "kg_without_non_co2",
                 "reporting", "reportings")

    def __init__(self, activities: Sequence[ActivityLine], kg: FloatArray, kg_without_non_co2: FloatArray,
                 reporting: IntArray, reportings: Sequence[Reporting], activity_uncertainty: FloatArray,
                 lines: tuple[EmissionLine, ...] | None = None) -> None:
        self.activities = activities
        self.kg = kg
        self.kg_without_non_co2 = kg_without_non_co2
        self.reporting = reporting
        self.reportings = tuple(reportings)
        self.activity_uncertainty = activity_uncertainty
        self._lines = lines
        self._scales: dict[tuple[str, str], dict[str, tuple[float, str]]] = {}

    @classmethod
    def from_lines(cls, lines: Sequence[EmissionLine]) -> EmissionColumns:
        """The columns of emission lines already made (a result read back from JSON...)."""
        index: dict[tuple[Any, ...], int] = {}
        reportings: list[Reporting] = []
        codes = []
        for line in lines:
            key = (line.factor.id, line.factor_uncertainty, line.scope, line.ghg_category, line.beges_post,
                   line.activity.scope2_method)
            code = index.get(key)
            if code is None:
                code = index[key] = len(reportings)
                reportings.append(Reporting(line.factor, *key[1:]))
            codes.append(code)
        n = len(lines)
        return cls([line.activity for line in lines],
                   np.fromiter((line.kg for line in lines), dtype=np.float64, count=n),
                   np.fromiter((line.kg_without_non_co2 for line in lines), dtype=np.float64, count=n),
                   np.array(codes, dtype=np.intp),
                   reportings,
                   np.fromiter((line.activity.relative_uncertainty for line in lines), dtype=np.float64, count=n),
                   tuple(lines))

    def __len__(self) -> int:
        return len(self.activities)

    def per_line(self, values: Sequence[Any], dtype: Any) -> npt.NDArray[Any]:
        """``values`` (one per reporting) spread to every line."""
        return np.asarray(values, dtype=dtype).reshape(len(self.reportings))[self.reporting]

    def line(self, i: int) -> EmissionLine:
        """Emission line ``i``."""
        if self._lines is not None:
            return self._lines[i]
        activity = self.activities[i]
        reporting = self.reportings[self.reporting[i]]
        factor, u_factor = reporting.factor, reporting.factor_uncertainty
        return EmissionLine(
            activity, factor, float(self.kg[i]), float(self.kg_without_non_co2[i]),
            math.hypot(u_factor, float(self.activity_uncertainty[i])), u_factor, reporting.scope,
            reporting.ghg_category, reporting.beges_post,
            _indicators(activity, factor, self._scales) if factor.indicators else {})

    def indicator_totals(self, chosen: npt.NDArray[np.bool_]) -> IndicatorTotals:
        """Totals of the other indicators (ADPe, primary energy...) over the ``chosen`` lines.

        No emission line is made: a line's indicator is its quantity times an amount per unit
        shared by the lines of its factor and unit, converted once per (factor, unit); the
        products are added in line order (``np.cumsum`` adds one by one), so the totals are
        those of the lines added one by one, to the last bit.
        """
        totals = IndicatorTotals({}, defaultdict(list), defaultdict(int))
        if self._lines is not None:
            for line, keep in zip(self._lines, chosen.tolist(), strict=True):
                if keep and line.indicators:
                    totals.add(line.indicators, 1)
            return totals
        given = self.per_line([bool(r.factor.indicators) for r in self.reportings], np.bool_)
        units: dict[str, int] = {}
        unit_codes = codes_of(self.activities, lambda a: a.unit, units)
        lines = np.flatnonzero(chosen & given)
        keys = self.reporting[lines] * max(len(units), 1) + unit_codes[lines]
        groups, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        amounts: dict[tuple[str, str], tuple[tuple[int, int], FloatArray]] = {}  # (indicator, unit) → see below
        for g, line in enumerate(lines[first].tolist()):  # each (factor, unit) group, through its first line
            per_unit = _per_unit(self.reportings[self.reporting[line]].factor, self.activities[line].unit,
                                 self._scales)
            for position, (name, (amount, unit)) in enumerate(per_unit.items()):
                order, per_group = amounts.setdefault((name, unit), ((line, position), np.full(len(groups), np.nan)))
                per_group[g] = amount  # NaN: the group does not give it
                amounts[name, unit] = (min(order, (line, position)), per_group)
        quantities = magnitudes_of(self.activities)[lines]
        for key, (_, per_group) in sorted(amounts.items(), key=lambda item: item[1][0]):  # in order of first use
            per_line = per_group[inverse]
            giving = ~np.isnan(per_line)
            totals.sums[key] = float(np.cumsum(quantities[giving] * per_line[giving])[-1])
            totals.lines[key[0]] += int(np.count_nonzero(giving))
        return totals

    def lines(self) -> tuple[EmissionLine, ...]:
        """Every emission line, as objects (made on each call when the columns were not made from them)."""
        if self._lines is not None:
            return self._lines
        with collection_paused():  # fresh objects, no reference cycle
            return tuple(self.iter_lines())

    def iter_lines(self) -> Iterator[EmissionLine]:
        """Every emission line in turn, none kept."""
        if self._lines is not None:
            yield from self._lines
            return
        kg, kg_without, u_activity = (a.tolist() for a in (self.kg, self.kg_without_non_co2,
                                                           self.activity_uncertainty))
        scales = self._scales
        for activity, code, e, e_without, u in zip(self.activities, self.reporting.tolist(), kg, kg_without,
                                                   u_activity, strict=True):
            factor, u_factor, scope, category, post, _ = self.reportings[code]
            yield EmissionLine(activity, factor, e, e_without, math.hypot(u_factor, u), u_factor, scope,
                               category, post, _indicators(activity, factor, scales) if factor.indicators else {})


def _indicators(line: ActivityLine, factor: Factor,
                scales: dict[tuple[str, str], dict[str, tuple[float, str]]]) -> IndicatorValues:
    """Other indicators of a line (ADPe, primary energy...): activity × indicator.

    The product of one activity unit and each indicator is converted with pint once per
    (factor, activity unit) and kept in ``scales``, shared by the lines: a line holds its quantity.
    """
    return IndicatorValues.scaled(_per_unit(factor, line.unit, scales), float(line.magnitude))


def _per_unit(factor: Factor, unit: str, scales: dict[tuple[str, str], dict[str, tuple[float, str]]]
              ) -> dict[str, tuple[float, str]]:
    """The other indicators of one ``unit`` of activity with ``factor``, converted once (kept in ``scales``)."""
    key = (factor.id, unit)
    per_unit = scales.get(key)
    if per_unit is None:
        per_unit = scales[key] = {name: _indicator_scale(unit, indicator.magnitude, indicator.unit)
                                  for name, indicator in factor.indicators.items()}
    return per_unit


def _indicator_scale(unit: str, magnitude: float, indicator_unit: str) -> tuple[float, str]:
    """Indicator amount per one ``unit`` of activity, and its unit.

    The unit is the indicator's own numerator (``kgSbeq`` for ``kgSbeq/device``), else base units.
    Common units convert without pint (:func:`~coopcarbon.units.tabled_ratio`), others with it.
    """
    numerator = indicator_unit.split("/", 1)[0].strip()
    ratio = tabled_ratio(unit, indicator_unit, numerator, powers=(1, 1, -1))
    if ratio is not None:
        return float(magnitude) * ratio, numerator
    import pint  # lazy start-up: units that do not cancel are converted by pint

    product = Q(1.0, unit) * Q(magnitude, indicator_unit)
    try:
        return float(product.to(numerator).magnitude), numerator
    except pint.DimensionalityError:
        base = product.to_base_units()
        return float(base.magnitude), str(base.units)


