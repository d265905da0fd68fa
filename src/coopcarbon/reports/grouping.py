r"""Large reports: the emission lines a Markdown or HTML report lists, grouped past a size.

A report of :data:`MAX_LINES_SHOWN` lines or fewer lists every line. Past that, a table of a
hundred thousand rows is of no use to a reader (and slow to write): the lines are grouped by
factor and label (and by unit, heating-value basis, site and reporting category), or by factor
alone when that still leaves too many groups, and a sentence says where the full list is (the
CSV and JSON exports, which always have every line).

Notes
-----
A group of :math:`n` lines using one factor of relative uncertainty :math:`u_f` has emissions
:math:`E = \sum_i E_i` and quantity :math:`q = \sum_i q_i`. The lines share the factor (fully
correlated) and their activity figures are independent, so the group's relative uncertainty is
:math:`\sqrt{u_f^2 + \sum_i (u_{a,i} E_i)^2 / E^2}`, the same combination as the totals'
analytic interval (:func:`coopcarbon.uncertainty.analytic_interval`).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import numpy.typing as npt

from ..activities import ActivityLine, EmissionLine
from ..activity_columns import codes_of, first_of_each, labels_of, magnitudes_of
from ..emissions import EmissionColumns
from .labels import text

if TYPE_CHECKING:
    from ..result import BilanResult

__all__ = ["MAX_LINES_SHOWN", "lines_note", "shown_lines"]

IntArray = npt.NDArray[np.intp]

#: Above this many emission lines, Markdown and HTML reports list groups of lines.
MAX_LINES_SHOWN = 500


class _Groups(NamedTuple):
    lines: tuple[EmissionLine, ...]
    by_label: bool


def shown_lines(result: BilanResult, lang: str) -> Sequence[EmissionLine]:
    """The lines a Markdown or HTML report lists: every line, or groups of lines past :data:`MAX_LINES_SHOWN`.

    A group is listed as one emission line: the sums of its quantities and emissions, its
    uncertainty (see Notes of :mod:`coopcarbon.reports.grouping`), and its label, or when
    grouped by factor alone the factor's name, followed by the number of lines.
    """
    columns = _columns(result)
    return result.lines if columns is None else _grouped(columns, lang).lines


def lines_note(result: BilanResult, lang: str) -> list[str]:
    """The sentence saying the listed lines are groups and where the full list is; none if not grouped."""
    columns = _columns(result)
    if columns is None:
        return []
    groups = _grouped(columns, lang)
    return [text("lines_grouped", lang, n=len(columns), groups=len(groups.lines),
                 label=text("lines_grouped_label", lang) if groups.by_label else "")]


def _columns(result: BilanResult) -> EmissionColumns | None:
    """The result's columns when it has more lines than a report lists, else ``None``."""
    if result.columns is not None:
        return result.columns if len(result.columns) > MAX_LINES_SHOWN else None
    return EmissionColumns.from_lines(result.lines) if len(result.lines) > MAX_LINES_SHOWN else None


@lru_cache(maxsize=2)  # the columns of the report being written (its lines table and its note)
def _grouped(columns: EmissionColumns, lang: str) -> _Groups:
    kinds: dict[Hashable, int] = {}
    kind = codes_of(columns.activities, lambda a: (a.unit, a.basis, a.site), kinds)  # fields of a kind of line
    keys = columns.reporting * len(kinds) + kind  # each line's reporting (factor...), unit, basis and site
    lines = _group(columns, keys, len(columns.reportings) * len(kinds), lang, by_label=True)
    if lines is not None:
        return _Groups(lines, by_label=True)
    lines = _group(columns, keys, len(columns.reportings) * len(kinds), lang, by_label=False)
    return _Groups(lines or (), by_label=False)


def _group(columns: EmissionColumns, keys: IntArray, size: int, lang: str, by_label: bool
           ) -> tuple[EmissionLine, ...] | None:
    """One emission line per group of lines with the same key in ``[0, size)`` (and label).

    ``None`` when grouping by label leaves more than :data:`MAX_LINES_SHOWN` groups.
    """
    n = len(columns)
    if by_label:
        index: dict[tuple[int, str], int] = {}
        codes = np.empty(n, dtype=np.intp)
        for i, key in enumerate(zip(keys.tolist(), labels_of(columns.activities), strict=True)):
            codes[i] = index.setdefault(key, len(index))
            if len(index) > MAX_LINES_SHOWN:  # as many labels as lines: give up at once
                return None
        size = len(index)
    else:  # numbered in order of their first line, without a loop over the lines
        order = first_of_each(keys, size)[1]
        remap = np.empty(size, dtype=np.intp)
        remap[order] = np.arange(len(order))
        codes, size = remap[keys], len(order)
    quantity = np.bincount(codes, magnitudes_of(columns.activities), size)
    kg = np.bincount(codes, columns.kg, size)
    kg_without = np.bincount(codes, columns.kg_without_non_co2, size)
    spread = np.sqrt(np.bincount(codes, (columns.activity_uncertainty * columns.kg) ** 2, size))
    u_activity = np.divide(spread, kg, out=np.zeros(size), where=kg > 0)
    count = np.bincount(codes, minlength=size)
    first = np.full(size, n, dtype=np.intp)
    np.minimum.at(first, codes, np.arange(n, dtype=np.intp))
    return tuple(_group_line(columns, i, (q, c, e, e_without, u), lang, by_label)
                 for i, q, c, e, e_without, u in zip(first.tolist(), quantity.tolist(), count.tolist(),
                                                     kg.tolist(), kg_without.tolist(), u_activity.tolist(),
                                                     strict=True))


def _group_line(columns: EmissionColumns, first: int, sums: tuple[float, int, float, float, float], lang: str,
                by_label: bool) -> EmissionLine:
    """The emission line of a group: its first line's fields, the group's sums and uncertainty.

    ``sums`` is the group's quantity, number of lines, emissions with and without aviation's
    non-CO2 effects [kgCO2e], and activity uncertainty.
    """
    quantity, count, kg, kg_without, u_activity = sums
    line = columns.line(first)
    a = line.activity
    label = (a.label if by_label else "") or line.factor.name(lang)
    if count > 1:
        label = text("group_of_lines", lang, label=label, n=count)
    activity = ActivityLine(
        magnitude=quantity, unit=a.unit, factor_id=a.factor_id, label=label, scope=line.scope,
        ghg_category=line.ghg_category, beges_post=line.beges_post, domain=a.domain,
        activity_uncertainty=min(u_activity, 1.0), basis=a.basis, scope2_method=a.scope2_method, site=a.site,
        group=a.group)
    return EmissionLine(activity, line.factor, kg, kg_without, math.hypot(line.factor_uncertainty, u_activity),
                        line.factor_uncertainty, line.scope, line.ghg_category, line.beges_post)
