"""Airports by IATA code (``CDG``, ``JFK``), from the maintained ``airportsdata`` package.

``airportsdata`` (MIT licence, Mike Borsetti, https://github.com/mborsetti/airportsdata) lists
about 8 000 airports with an IATA code, their coordinates and names; it is the optional
``airports`` extra, loaded the first time a code is looked up.

A flight given by its airports is counted over the great-circle distance between them, with no
detour added: ADEME's factors per passenger-km come from the DGAC's TARMAAC model (Base Carbone
documentation, "Aérien"), which takes the great-circle ("orthodromique") distance between the
airports and puts taxiing, climb, descent and approach in the emissions (DGAC eco-calculator,
"Comment ça marche ?"); ADEME's own Impact CO2 applies the same factors to the plain haversine
distance. Adding a detour to that distance would count the detour twice. The EU emissions
trading system's convention, the great-circle distance "plus an additional fixed factor of
95 km" (Directive 2003/87/EC, Annex IV, part B, inserted by Directive 2008/101/EC, for
tonne-kilometre data), is :data:`EU_ETS_DETOUR`, applied only when asked
(``flight(..., detour="95 km")``) to compare with figures that use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from ...errors import MissingDependencyError
from .._checks import argument_error as _error
from .._checks import suggest as _suggest

__all__ = ["EU_ETS_DETOUR", "Airport", "airport", "is_airport_code"]

#: The EU ETS "additional fixed factor" added to the great-circle distance between aerodromes
#: [km] (Directive 2003/87/EC, Annex IV, part B). Not added by default: see the module's notes.
EU_ETS_DETOUR: Final = 95.0


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
