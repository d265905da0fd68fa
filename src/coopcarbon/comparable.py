"""Intensities and the comparable indicator: figures two organisations can compare.

Intensities divide the total (location-based, aviation's non-CO2 effects included) by the
headcount [tCO2e/person], the revenue [tCO2e/MEUR] and the floor area [kgCO2e/m2].

The **comparable indicator** is a named, versioned perimeter (:data:`PERIMETER`): which BEGES
posts it counts and which conventions the lines must follow. Two results whose indicator has
the same name and version, and no deviation, compare; every report prints its name and version.

Perimeter ``coopcarbon-comparable`` version 1:

* posts: BEGES v5 categories 1 to 4 (direct emissions, energy, transport, purchased products
  and services, capital goods, waste); categories 5 (sold products, investments) and 6 left out,
  as they depend on the business more than on its practices;
* scope 2 location-based (the BEGES convention);
* aviation's non-CO2 effects included (ADEME's factors with contrails);
* IT hardware and buildings amortised over their lifetime (not counted in the purchase year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .categories import BEGES_POSTS
from .organisation import OrganisationProfile
from .units import Q

if TYPE_CHECKING:
    import pint

__all__ = ["PERIMETER", "ComparableIndicator", "Perimeter", "comparable_indicator", "deviating_conventions",
           "intensities"]


@dataclass(frozen=True)
class Perimeter:
    """A named, versioned perimeter: the BEGES posts counted and the conventions required."""

    name: str
    version: str
    posts: tuple[str, ...]
    conventions: Mapping[str, str]

    @property
    def label(self) -> str:
        """``"coopcarbon-comparable v1"``."""
        return f"{self.name} v{self.version}"


#: The perimeter of the comparable indicator (see the module's docstring).
PERIMETER = Perimeter(
    name="coopcarbon-comparable", version="1",
    posts=tuple(post for post in BEGES_POSTS if post[0] in "1234"),
    conventions=MappingProxyType({"scope2": "location", "non_co2_aviation": "included",
                                  "hardware": "amortised", "buildings": "amortised"}))


@dataclass(frozen=True)
class ComparableIndicator:
    """A result on the comparable perimeter: its total, intensities and any deviation.

    ``total`` is in tCO2e; ``intensities`` as :func:`intensities`; ``deviations`` lists the
    conventions the bilan does not follow (empty: the figure compares).
    """

    perimeter: Perimeter
    total: pint.Quantity[Any]
    intensities: Mapping[str, pint.Quantity[Any]] = field(default_factory=dict)
    deviations: tuple[str, ...] = ()

    @property
    def conforms(self) -> bool:
        """Whether the bilan follows every convention of the perimeter."""
        return not self.deviations

    def as_dict(self) -> dict[str, Any]:
        """Plain data (tCO2e; intensities in their units)."""
        return {"name": self.perimeter.name, "version": self.perimeter.version,
                "posts": list(self.perimeter.posts), "conventions": dict(self.perimeter.conventions),
                "total_tco2e": float(self.total.to("tCO2e").magnitude),
                "intensities": {k: {"value": float(v.magnitude), "unit": f"{v.units:~}"}
                                for k, v in self.intensities.items()},
                "deviations": list(self.deviations), "conforms": self.conforms}


def intensities(total: pint.Quantity[Any], headcount: int, profile: OrganisationProfile | None
                ) -> dict[str, pint.Quantity[Any]]:
    """Intensities of ``total`` [tCO2e]: ``per_employee``, ``per_revenue``, ``per_floor_area``.

    Units: tCO2e/person, tCO2e/MEUR, kgCO2e/m2. An intensity whose denominator is unknown
    (no revenue, no floor area) or zero is left out.

    Examples
    --------
    >>> from coopcarbon.organisation import OrganisationProfile
    >>> p = OrganisationProfile(revenue=2_000_000, floor_area=400)
    >>> {k: round(v.magnitude, 3) for k, v in intensities(Q(120, "tCO2e"), 40, p).items()}
    {'per_employee': 3.0, 'per_revenue': 60.0, 'per_floor_area': 300.0}
    """
    t = total.to("tCO2e")
    found: dict[str, pint.Quantity[Any]] = {"per_employee": (t / Q(headcount, "person")).to("tCO2e/person")}
    if profile is not None and profile.revenue:
        found["per_revenue"] = (t / Q(profile.revenue, "EUR")).to("tCO2e/MEUR")
    if profile is not None and profile.floor_area:
        found["per_floor_area"] = (t / Q(profile.floor_area, "m2")).to("kgCO2e/m2")
    return found


def deviating_conventions(perimeter: Perimeter, conventions: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Conventions of a bilan that differ from the perimeter's: key → (followed, asked).

    Examples
    --------
    >>> deviating_conventions(PERIMETER, {"hardware": "full", "scope2": "location"})
    {'hardware': ('full', 'amortised')}
    """
    return {key: (conventions[key], asked) for key, asked in perimeter.conventions.items()
            if key in conventions and conventions[key] != asked}


def comparable_indicator(by_post: Mapping[str, pint.Quantity[Any]], headcount: int,
                         profile: OrganisationProfile | None,
                         perimeter: Perimeter = PERIMETER) -> ComparableIndicator:
    """A result on ``perimeter``: total of its posts, intensities, deviations from its conventions.

    ``by_post`` is the result's main (location-based) total by BEGES post
    (:meth:`BilanResult.by_beges_post <coopcarbon.result.BilanResult.by_beges_post>`).
    """
    posts = set(perimeter.posts)
    kg = sum(float(q.to("kgCO2e").magnitude) for post, q in by_post.items() if post in posts)
    total = Q(kg / 1000.0, "tCO2e")
    conventions = profile.conventions if profile is not None else {}
    deviations = tuple(f"{key}: {found} (the perimeter asks {asked})"
                       for key, (found, asked) in deviating_conventions(perimeter, conventions).items())
    return ComparableIndicator(perimeter, total, intensities(total, headcount, profile), deviations)
