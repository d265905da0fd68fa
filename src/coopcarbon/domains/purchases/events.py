"""Events: their meals, hotel nights, guests' travel and spending, grouped as one set of lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ...activities import ActivityLine
from .. import mobility
from .._checks import argument_error as _error
from .services import hotel_nights
from .services import meals as meal_lines
from .spending import spend

# --------------------------------------------------------------------------------------
# events


@dataclass(frozen=True)
class TravelLeg:
    """Attendees travelling to an event by one mode.

    Parameters
    ----------
    distance
        One-way distance [km].
    mode
        A mode of :data:`coopcarbon.domains.mobility.MODES` (``"train.tgv"``, ``"plane"``...).
    travellers
        People travelling this way [person].
    guests
        ``True`` for people outside the company (visitors: BEGES post 3.4, GHG category 9 as
        the Scope 3 standard's optional customer/visitor travel); ``False`` (default) for staff
        (business travel, category 6, post 3.5).
    """

    distance: Any
    mode: str
    travellers: int = 1
    guests: bool = False


def event(
    name: str,
    *,
    year: int,
    meals: Mapping[str, float] | None = None,
    nights: float = 0,
    travel: Sequence[TravelLeg] = (),
    venue: Any = None,
    venue_category: str = "professional_services",
    catering: Any = None,
    site: str = "",
) -> list[ActivityLine]:
    """Activity lines of an event: venue, catering, attendees' travel and hotel nights.

    Parameters
    ----------
    name
        Name of the event (lines are grouped as ``"event:<name>"``).
    year
        Year of the event (for spend deflation).
    meals
        Meals served, by kind (keys of :data:`MEAL_KINDS`) → count [meal]; physical, preferred.
    nights
        Hotel room-nights of attendees [night].
    travel
        :class:`TravelLeg` groups (round trips).
    venue
        Venue hire excluding VAT [EUR], valued with ``venue_category``'s ratio (no rent ratio
        exists in the tables; ``"professional_services"`` is a proxy, stated in the note).
    venue_category
        Monetary category for the venue.
    catering
        Catering bought by spend excluding VAT [EUR] when the meals are not counted
        (``"other_goods"`` ratio is not apt for food; a catering ratio is missing, so this is
        refused unless ``meals`` is empty — then use :func:`spend` with a category of a user
        table).

    Returns
    -------
    list[ActivityLine]
        The lines of :func:`meals`, :func:`hotel_nights`,
        :func:`coopcarbon.domains.mobility.trip` (round trips) and :func:`spend`, all with
        group ``"event:<name>"``.
    """
    if not isinstance(name, str) or not name.strip():
        raise _error("name", f"{name!r} is not a name", "a name such as 'AG 2024'")
    if catering is not None:
        raise _error("catering", "no monetary ratio for catering in the tables",
                     "meals counted by kind: meals={'vegetarian': 80, 'white_meat': 40}",
                     "or spend(amount, '<your overlay ratio id>', year=...)")
    group = f"event:{name}"
    lines: list[ActivityLine] = []
    for kind, count in (meals or {}).items():
        lines += meal_lines(count, kind, label=f"{name} — meals ({kind})")
    lines += hotel_nights(nights, label=f"{name} — hotel nights")
    for i, leg in enumerate(travel):
        if not isinstance(leg, TravelLeg):
            raise _error(f"travel[{i}]", f"{leg!r} is not a TravelLeg", "TravelLeg(distance, mode, n)")
        legs = mobility.trip(leg.distance, leg.mode, travellers=leg.travellers, round_trip=True,
                             label=f"{name} — travel ({leg.mode})")
        if leg.guests:
            legs = [replace(line, ghg_category=9, beges_post="3.4",
                            note=f"{line.note}; guests' travel (visitors)") for line in legs]
        lines += legs
    if venue is not None:
        lines += spend(venue, venue_category, year=year, label=f"{name} — venue",
                       note=f"venue hire valued with the {venue_category} ratio (proxy: no rent ratio)")
    return [replace(line, group=group, site=site or line.site) for line in lines]
