"""An organisation as it is: legal entities, sites, boundary, revenue, floor area, sector.

Plain data carried by a :class:`~coopcarbon.result.BilanResult` (``result.profile``), read by
``by_entity()``, the intensities, the comparable indicator, networks and open-data exports.
Built from a bilan file by :func:`coopcarbon.bilanfile.boundary.profile_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["BOUNDARIES", "Boundary", "EntityInfo", "OrganisationProfile", "inclusion"]

Boundary = Literal["operational_control", "financial_control", "equity_share"]

#: The three consolidation approaches of the GHG Protocol Corporate Standard, chapter 3.
BOUNDARIES: tuple[Boundary, ...] = ("operational_control", "financial_control", "equity_share")


@dataclass(frozen=True)
class EntityInfo:
    """A legal entity: name, country, identifier, ownership share and control.

    ``share`` is the equity share [fraction]; ``financial_control``, ``joint_control`` and
    ``operational_control`` say what the reporting organisation controls.
    """

    name: str
    country: str = "FR"
    identifier: str = ""
    share: float = 1.0
    financial_control: bool = True
    joint_control: bool = False
    operational_control: bool = True


def inclusion(entity: EntityInfo, boundary: Boundary) -> float:
    """Fraction of an entity's emissions the organisation reports under ``boundary``.

    GHG Protocol Corporate Standard (revised edition, 2004), chapter 3 and its table 1:

    * equity share: the ownership share;
    * financial control: 100 % of an entity under financial control, the equity share of one
      under joint financial control, 0 % otherwise;
    * operational control: 100 % of an entity the organisation operates, 0 % otherwise.

    Examples
    --------
    >>> sub = EntityInfo("Filiale", share=0.6, financial_control=True, operational_control=False)
    >>> [inclusion(sub, b) for b in BOUNDARIES]
    [0.0, 1.0, 0.6]
    """
    if boundary == "equity_share":
        return entity.share
    if boundary == "financial_control":
        if entity.joint_control:
            return entity.share
        return 1.0 if entity.financial_control else 0.0
    return 1.0 if entity.operational_control else 0.0


@dataclass(frozen=True)
class OrganisationProfile:
    """What a bilan says about its organisation beyond its lines.

    Attributes
    ----------
    boundary
        The organisational boundary applied to every line.
    entities
        The legal entities (the reporting organisation's own lines have no entity).
    site_entity
        Site name → entity name.
    revenue
        Revenue of the year [EUR], or ``None``.
    floor_area
        Floor area [m2], or ``None`` (the bilan's, else the sum of its sites').
    sector
        NAF rev. 2 code of the main activity (``"62.01Z"``), or ``""``.
    publish_name
        Whether the organisation consents to be named in a network's report.
    conventions
        Conventions the comparable indicator checks (``"hardware": "amortised"``...).
    """

    boundary: Boundary = "operational_control"
    entities: tuple[EntityInfo, ...] = ()
    site_entity: Mapping[str, str] = field(default_factory=dict)
    revenue: float | None = None
    floor_area: float | None = None
    sector: str = ""
    publish_name: bool = False
    conventions: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON (revenue in EUR, floor area in m2)."""
        return {
            "boundary": self.boundary,
            "entities": [vars(e).copy() for e in self.entities],
            "site_entity": dict(self.site_entity),
            "revenue_eur": self.revenue, "floor_area_m2": self.floor_area, "sector": self.sector,
            "publish_name": self.publish_name, "conventions": dict(self.conventions),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrganisationProfile:
        """The profile written by :meth:`as_dict`."""
        return cls(boundary=data.get("boundary", "operational_control"),
                   entities=tuple(EntityInfo(**e) for e in data.get("entities", ())),
                   site_entity=dict(data.get("site_entity", {})), revenue=data.get("revenue_eur"),
                   floor_area=data.get("floor_area_m2"), sector=data.get("sector", ""),
                   publish_name=bool(data.get("publish_name", False)),
                   conventions=dict(data.get("conventions", {})))
