"""Entities, sites and the organisational boundary of a bilan file, applied to every line.

Each line belongs to the entity of its site (a line without a site, or of a site without an
entity, is the reporting organisation's own, counted in full). Under the boundary the file
chooses once (:data:`coopcarbon.organisation.BOUNDARIES`), a line of an entity is counted at
:func:`coopcarbon.organisation.inclusion` of it: its quantity is scaled (an allocation of the
activity, like a supplier mix's share), a line at 0 % is left out, and a note says so.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from ..activities import ActivityLine
from ..errors import Problem
from ..organisation import EntityInfo, OrganisationProfile, inclusion
from ..units import Q
from .locate import Locator
from .schema import BilanInputs, Entity

__all__ = ["apply_boundary", "entity_problems", "profile_of"]

T = TypeVar("T")


def _info(e: Entity) -> EntityInfo:
    return EntityInfo(e.name, e.country, e.siren or e.foreign_id, e.share, e.financial_control, e.joint_control,
                      e.operational_control)


def profile_of(inputs: BilanInputs) -> OrganisationProfile:
    """The organisation profile of a bilan file's inputs (entities, revenue, floor area...).

    Without a ``floor_area`` of its own, the bilan's is the sum of its sites' areas, each times
    the share of the building occupied and its entity's inclusion under the boundary (a site of
    an entity counted at 60 % counts 60 % of its area), so the intensity per m² divides the
    emissions counted by the area they come from.
    """
    entities = tuple(_info(e) for e in inputs.entities)
    revenue = float(Q(inputs.revenue).to("EUR").magnitude) if inputs.revenue else None
    if inputs.floor_area:
        area: float | None = float(Q(inputs.floor_area).to("m2").magnitude)
    else:  # each site's area as its emissions count: its share of the building, its entity's inclusion
        fraction = {e.name: inclusion(e, inputs.boundary) for e in entities}
        areas = [float(Q(site.floor_area).to("m2").magnitude) * site.share * fraction.get(site.entity, 1.0)
                 for site in inputs.sites if site.floor_area]
        area = sum(areas) if areas else None
    conventions = {"scope2": "location", "non_co2_aviation": "included"}
    if inputs.hardware is not None and inputs.hardware.devices:
        conventions["hardware"] = inputs.hardware.convention
    if any(not trip.contrails for trip in inputs.trips):
        conventions["non_co2_aviation"] = "excluded for some trips"
    if any(b.convention != "amortised" for b in inputs.buildings):
        conventions["buildings"] = "full"
    return OrganisationProfile(
        boundary=inputs.boundary, entities=entities,
        site_entity={site.name: site.entity for site in inputs.sites if site.entity},
        revenue=revenue, floor_area=area, sector=inputs.sector, publish_name=inputs.publish_name,
        conventions=conventions)


def entity_problems(inputs: BilanInputs, locator: Locator) -> list[Problem]:
    """Entities named twice, sites naming an undeclared entity, unreadable revenue or area."""
    problems: list[Problem] = []
    names = [entity.name for entity in inputs.entities]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(locator.problem(("entities", i, "name"), f"entity {name!r} is declared twice",
                                     "each entity once under entities", "merge them or rename one"))
    for i, site in enumerate(inputs.sites):
        if site.entity and site.entity not in names:
            close = difflib.get_close_matches(site.entity, names, n=3, cutoff=0.5)
            problems.append(locator.problem(("sites", i, "entity"), f"unknown entity {site.entity!r}",
                "one of the names under entities" + (": " + ", ".join(map(repr, names)) if names else ""),
                ("did you mean " + ", ".join(map(repr, close)) + "?") if close
                else "declare it under entities (name, share, control)"))
    quantities: list[tuple[tuple[str | int, ...], str | None, str, str]] = [
        (("revenue",), inputs.revenue, "EUR", "2.4 MEUR"), (("floor_area",), inputs.floor_area, "m2", "450 m2"),
        *((("sites", i, "floor_area"), site.floor_area, "m2", "450 m2") for i, site in enumerate(inputs.sites))]
    for path, quantity, dimension, example in quantities:
        if quantity is None:
            continue
        try:
            Q(quantity).to(dimension)
        except Exception:
            problems.append(locator.problem(path, f"{quantity!r} is not a quantity in {dimension}",
                                            f"a quantity such as '{example}'", ""))
    return problems


def apply_boundary(lines: Sequence[ActivityLine], origins: Sequence[T], inputs: BilanInputs
                   ) -> tuple[list[ActivityLine], list[T], list[str]]:
    """Each line scaled (or left out) by its entity's inclusion under the boundary, with notes.

    Returns the lines kept, their origins (``origins[i]`` is line ``i``'s) and the notes.
    """
    fraction = {e.name: inclusion(_info(e), inputs.boundary) for e in inputs.entities}
    site_fraction = {site.name: fraction[site.entity] for site in inputs.sites if site.entity in fraction}
    if all(f == 1.0 for f in site_fraction.values()):
        return list(lines), list(origins), []
    kept, kept_origins = [], []
    for line, origin in zip(lines, origins, strict=True):
        f = site_fraction.get(line.site, 1.0)
        if f == 0.0:
            continue
        kept.append(line if f == 1.0 else replace(line, magnitude=line.magnitude * f))
        kept_origins.append(origin)
    notes = [f"boundary {inputs.boundary.replace('_', ' ')}: entity {entity} counted at {f:.0%}"
             + (" (left out)" if f == 0 else "") for entity, f in fraction.items() if f != 1.0]
    return kept, kept_origins, notes
