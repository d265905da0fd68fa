"""Airports by IATA code (``CDG``, ``JFK``), from the maintained ``airportsdata`` package.

``airportsdata`` (MIT licence, Mike Borsetti, https://github.com/mborsetti/airportsdata) lists
about 8 000 airports with an IATA code, their coordinates and names; it is the optional
``airports`` extra, loaded the first time a code is looked up.

A flight given by its airports is counted over the great-circle distance between them plus
:data:`AIRPORT_DETOUR` (95 km): the distance rule of the EU emissions trading system for
aviation (Commission Implementing Regulation (EU) 2018/2066, article 56: the great circle
distance between the aerodromes "plus an additional fixed factor of 95 km"; the same rule was in
Commission Decision 2009/339/EC), which stands for the detours of real routes and of take-off
and landing procedures. Both figures are written in the line's note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ...errors import MissingDependencyError
from .._checks import argument_error as _error
from .._checks import suggest as _suggest

__all__ = ["AIRPORT_DETOUR", "Airport", "airport", "is_airport_code"]

#: Added to the great-circle distance of a flight given by airports [km]: the EU ETS rule
#: (Commission Implementing Regulation (EU) 2018/2066, article 56).
AIRPORT_DETOUR: Final = 95.0


@dataclass(frozen=True)
class Airport:
    """An airport: IATA code, name, city, country (ISO 3166-1 alpha-2), latitude and longitude [°]."""

    code: str
    name: str
    city: str
    country: str
    latitude: float
    longitude: float

    @property
    def coordinates(self) -> tuple[float, float]:
        """(latitude, longitude) [degrees]."""
        return (self.latitude, self.longitude)


@cache
def _airports() -> Mapping[str, Mapping[str, Any]]:
    try:
        import airportsdata
    except ImportError:
        raise MissingDependencyError("airportsdata", "airports", "a flight given by airport codes") from None
    airports: Mapping[str, Mapping[str, Any]] = airportsdata.load("IATA")
    return airports


def is_airport_code(value: Any) -> bool:
    """Whether ``value`` looks like an IATA airport code: three letters (any case)."""
    return isinstance(value, str) and len(value.strip()) == 3 and value.strip().isalpha()


def airport(code: str, field_name: str = "origin") -> Airport:
    """The airport of an IATA code (``"CDG"``, ``"jfk"``).

    Raises
    ------
    InputError
        For an unknown code, with the nearest codes; :class:`~coopcarbon.errors.MissingDependencyError`
        when the ``airports`` extra is not installed.
    """
    key = code.strip().upper()
    airports = _airports()
    found = airports.get(key)
    if found is None:
        raise _error(field_name, f"unknown airport code {code!r}", "an IATA code such as 'CDG' or 'JFK'",
                     _suggest(key, airports))
    return Airport(key, found["name"], found["city"], found["country"], float(found["lat"]), float(found["lon"]))
