"""Plausibility checks of factor entries: orders of magnitude, and coherent reporting categories.

Two pure checks over factor entries (a user table, an imported export), each returning
:class:`~coopcarbon.errors.Problem` records located through the table's document when one is given:

- :func:`magnitude_outliers` (warnings): a factor more than 30 times away from every bundled
  factor of the same domain and unit dimension, naming them — ``68 kgCO2e/passenger_km``
  typed for 68 g is 300 times the largest bundled mobility factor per passenger_km;
- :func:`category_contradictions` (errors): a GHG Protocol scope, scope 3 category and BEGES v5
  post that contradict each other — a meal with ``scope: 3``, ``ghg_category: 1`` and
  ``beges_post: "1.1"`` (a direct-combustion post, BEGES category 1, which is scope 1).

:func:`check_plausibility` runs both on a :class:`~coopcarbon.factors.validate.CheckedTable`.

References
----------
1. Ministère de la Transition écologique / ADEME, *Méthode pour la réalisation des bilans
   d'émissions de gaz à effet de serre*, version 5 (2022): BEGES categories 1 (direct emissions)
   and 2 (energy) are the GHG Protocol scopes 1 and 2; categories 3 to 6 are scope 3.
2. WRI/WBCSD, *Corporate Value Chain (Scope 3) Standard* (2011), table 5.4: the 15 categories;
   the posts each one may land in follow the titles of the BEGES v5 posts (see
   :mod:`coopcarbon.categories`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final, Protocol

from ..categories import BEGES_POSTS, beges_category, default_beges_post
from ..problems import InputError, Problem
from ..units import parse_unit, ureg
from .schema import FactorEntry

if TYPE_CHECKING:
    from ..io.yamlfile import Document
    from .validate import CheckedTable

__all__ = [
    "OUTLIER_RATIO",
    "POSTS_OF_CATEGORY",
    "category_contradictions",
    "check_plausibility",
    "magnitude_outliers",
]

#: How far (a factor of) a value may be from every bundled factor of its domain and unit.
OUTLIER_RATIO: Final = 30.0

#: BEGES v5 posts a scope 3 category may land in (its default post first). Post 6.1 "other
#: indirect emissions" is open to every scope 3 category.
POSTS_OF_CATEGORY: Final[Mapping[int, tuple[str, ...]]] = {
    1: ("4.1", "4.5"), 2: ("4.2",), 3: ("6.1", "4.1"), 4: ("3.1",), 5: ("4.3",), 6: ("3.5",),
    7: ("3.3",), 8: ("4.4",), 9: ("3.2", "3.4"), 10: ("5.1",), 11: ("5.1",), 12: ("5.3",),
    13: ("5.2",), 14: ("5.4", "6.1"), 15: ("5.4",),
}
#: The scope each BEGES v5 category belongs to.
_SCOPE_OF_BEGES_CATEGORY: Final = {"1": 1, "2": 2, "3": 3, "4": 3, "5": 3, "6": 3}


class Reference(Protocol):
    """What a library factor needs to serve as a reference (a :class:`~coopcarbon.factors.Factor`)."""

    @property
    def magnitude(self) -> float: ...  # pragma: no cover - protocol

    @property
    def unit(self) -> str: ...  # pragma: no cover - protocol


def _domain(factor_id: str) -> str:
    return factor_id.split(".", 1)[0]


def _kind(unit_text: str) -> tuple[Any, ...]:
    """What a unit measures: its dimensionality, and its dimensionless units by name.

    ``kgCO2e/GB/year`` and ``kgCO2e/hour`` have the same dimensionality (the gigabyte is
    dimensionless in the registry) but are not comparable; ``gCO2e/kWh`` and ``kgCO2e/MWh`` are.
    """
    unit = parse_unit(unit_text)
    names = tuple(sorted((name, exponent) for name, exponent in unit._units.items()
                         if not ureg.get_dimensionality(name)))
    return (unit.dimensionality, names)


def _problem(document: Document | None, file: str, path: tuple[str, ...], message: str,
             expected: str = "", suggestion: str = "") -> Problem:
    if document is not None:
        return document.problem(path, message, expected, suggestion)
    return Problem(file, None, None, ".".join(path), message, expected, suggestion)


def magnitude_outliers(entries: Mapping[str, FactorEntry], library: Mapping[str, Reference], *,
                       ratio: float = OUTLIER_RATIO, document: Document | None = None,
                       file: str = "") -> list[Problem]:
    """Warnings for factors more than ``ratio`` times away from the references of their kind.

    The references of a factor are the ``library`` factors (the bundled tables) of the same
    domain (the first part of the id: ``mobility``, ``energy``...) whose unit has the same
    dimension, other than the factor itself; they are compared in the factor's unit. A factor
    with no reference, or with a value of zero, is not checked.

    Parameters
    ----------
    entries
        The factors to check, by id (e.g. ``checked.table.factors``).
    library
        The reference factors by id, e.g. ``coopcarbon.load_factors()``.
    ratio
        The factor of distance that raises a warning (default 30).
    document, file
        Where the entries were read, to locate each warning (line and field).

    Returns
    -------
    list of Problem
        One warning per outlier, naming the nearest reference factor and the range of the others.
    """
    groups = _reference_groups(library)
    problems = []
    for factor_id, entry in entries.items():
        if entry.value <= 0:
            continue
        try:
            kind = _kind(entry.unit)
        except InputError:
            continue  # the validator reports it
        group = groups.get((_domain(factor_id), kind), ())
        converted = [(i, _convert(magnitude, ref_unit, entry.unit)) for i, magnitude, ref_unit in group
                     if i != factor_id]
        references = [(i, magnitude) for i, magnitude in converted if magnitude > 0]
        if not references:
            continue
        low_id, low = min(references, key=lambda r: r[1])
        high_id, high = max(references, key=lambda r: r[1])
        if entry.value > ratio * high:
            times, nearest, nearest_value, side = entry.value / high, high_id, high, "largest"
        elif entry.value * ratio < low:
            times, nearest, nearest_value, side = low / entry.value, low_id, low, "smallest"
        else:
            continue
        if low <= entry.value / 1000 <= high:
            suggestion = f"grams typed as kilograms? {entry.value / 1000:g} {entry.unit} is in the range"
        elif low <= entry.value * 1000 <= high:
            suggestion = f"kilograms typed as grams? {entry.value * 1000:g} {entry.unit} is in the range"
        else:
            suggestion = "check the value and its unit"
        problems.append(_problem(
            document, file, ("factors", factor_id, "value"),
            f"{entry.value:g} {entry.unit} is {times:.0f} times {'above' if side == 'largest' else 'below'} "
            f"the {side} bundled {_domain(factor_id)} factor of this unit, {nearest} "
            f"({nearest_value:.4g} {entry.unit}); the {len(references)} bundled ones range from "
            f"{low:.4g} ({low_id}) to {high:.4g} ({high_id})",
            f"a value within {ratio:g} times the bundled factors of the same kind", suggestion))
    return problems


def _reference_groups(library: Mapping[str, Reference]) -> dict[tuple[str, Any], list[tuple[str, float, str]]]:
    """Library factors by (domain, kind of unit): (id, magnitude, unit)."""
    groups: dict[tuple[str, Any], list[tuple[str, float, str]]] = {}
    for factor_id, factor in library.items():
        try:
            kind = _kind(factor.unit)
        except InputError:
            continue
        groups.setdefault((_domain(factor_id), kind), []).append(
            (factor_id, float(factor.magnitude), factor.unit))
    return groups


def _convert(magnitude: float, unit: str, to: str) -> float:
    if unit == to:
        return magnitude
    converted = float(ureg.Quantity(magnitude, parse_unit(unit)).to(parse_unit(to)).magnitude)
    return converted if math.isfinite(converted) else 0.0


def category_contradictions(entries: Mapping[str, FactorEntry], *, document: Document | None = None,
                            file: str = "") -> list[Problem]:
    """Errors for factors whose scope, scope 3 category and BEGES post contradict each other.

    Rules: the post's BEGES category fixes the scope (category 1 → scope 1, 2 → scope 2, 3 to 6
    → scope 3); a scope 3 category lands in the posts of :data:`POSTS_OF_CATEGORY` or in 6.1.
    (A scope 3 factor without category, or a category outside scope 3, is already refused by
    the schema.)

    Returns
    -------
    list of Problem
        One error per contradicting factor, located at its ``beges_post``, with the posts
        that would fit.
    """
    problems = []
    for factor_id, entry in entries.items():
        post = entry.beges_post
        post_scope = _SCOPE_OF_BEGES_CATEGORY[beges_category(post)]
        title = BEGES_POSTS[post][1]
        if post_scope != entry.scope:
            fitting = (", ".join(POSTS_OF_CATEGORY[entry.ghg_category]) + " or 6.1"
                       if entry.ghg_category else _posts_of_scope(entry.scope))
            problems.append(_problem(
                document, file, ("factors", factor_id, "beges_post"),
                f"BEGES post {post} ({title}) is a scope {post_scope} post, but the factor says scope "
                f"{entry.scope}" + (f", category {entry.ghg_category}" if entry.ghg_category else ""),
                f"a post of scope {entry.scope}: {fitting}",
                f"beges_post: \"{default_beges_post(entry.scope, entry.ghg_category)}\", "
                f"or correct the scope to {post_scope}"))
        elif entry.ghg_category is not None and post not in (*POSTS_OF_CATEGORY[entry.ghg_category], "6.1"):
            fitting = ", ".join(POSTS_OF_CATEGORY[entry.ghg_category])
            problems.append(_problem(
                document, file, ("factors", factor_id, "beges_post"),
                f"BEGES post {post} ({title}) does not fit scope 3 category {entry.ghg_category}",
                f"post {fitting} (or 6.1, other indirect emissions)",
                f"beges_post: \"{POSTS_OF_CATEGORY[entry.ghg_category][0]}\", or correct ghg_category"))
    return problems


def _posts_of_scope(scope: int) -> str:
    return ", ".join(post for post in BEGES_POSTS if _SCOPE_OF_BEGES_CATEGORY[beges_category(post)] == scope)


def check_plausibility(checked: CheckedTable, library: Mapping[str, Reference]) -> CheckedTable:
    """Add the plausibility warnings and errors to a checked table (a new record; pure).

    Outliers (:func:`magnitude_outliers`) become warnings; contradicting categories
    (:func:`category_contradictions`) become problems, and the table is then dropped, as for any
    other problem. A table that could not be read is returned as it is.
    """
    if checked.table is None:
        return checked
    entries = checked.table.factors
    errors = category_contradictions(entries, document=checked.document, file=checked.file)
    warnings = magnitude_outliers(entries, library, document=checked.document, file=checked.file)
    return replace(checked, table=None if errors else checked.table,
                   problems=[*checked.problems, *errors], warnings=[*checked.warnings, *warnings])
