"""Transport modes: names, factor ids, flight distance bands; the checks the mobility helpers share."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

from ...units import Q, as_quantity
from .._checks import argument_error as _error
from .._checks import check_number, scalar
from .._checks import normalise as _normalise
from .._checks import suggest as _suggest

if TYPE_CHECKING:
    import pint

#: Car fuels (powertrains) of the car factors ``mobility.car[.{size}].{fuel}``.
CAR_FUELS: Final = ("petrol", "diesel", "hybrid", "plugin_hybrid", "electric")

#: Car sizes the source distinguishes (Impact CO2 / ADEME Base Empreinte); not every
#: size exists for every fuel — the factor library lists the ones that do.
CAR_SIZES: Final = ("small", "compact", "sedan", "suv")

#: Plane distance bands: (band name, upper bound in km, inclusive); the last is open.
#: ADEME Base Empreinte bands as used by Impact CO2 (``deplacement.ts``).
PLANE_BANDS: Final = (
    ("short_haul", 1000.0),
    ("medium_haul", 2000.0),
    ("medium_long_haul", 5000.0),
    ("long_haul", math.inf),
)

#: Transport modes by name → factor id. Car modes are per vehicle_km (``"car"`` is the
#: average compact car, ``"car.diesel"`` its diesel version, ``"car.suv.electric"`` a size
#: and fuel); ``"plane"`` is resolved by distance band (:func:`plane_band`) and contrails.
MODES: Final[dict[str, str]] = {
    "car": "mobility.car.petrol",
    **{f"car.{fuel}": f"mobility.car.{fuel}" for fuel in CAR_FUELS},
    **{f"car.{size}.{fuel}": f"mobility.car.{size}.{fuel}"
       for size in CAR_SIZES for fuel in CAR_FUELS},
    "carpool": "mobility.car.petrol",
    "train.tgv": "mobility.train.tgv",
    "train.intercites": "mobility.train.intercites",
    "train.ter": "mobility.train.ter",
    "train.rer_transilien": "mobility.train.rer_transilien",
    "metro": "mobility.urban.metro",
    "tram": "mobility.urban.tram",
    "bus": "mobility.bus.diesel",
    "bus.diesel": "mobility.bus.diesel",
    "bus.electric": "mobility.bus.electric",
    "bus.cng": "mobility.bus.cng",
    "coach": "mobility.coach.diesel",
    "plane": "mobility.plane.{band}.{contrails}",
    "motorbike": "mobility.motorbike.over_250cc",
    "motorbike.up_to_250cc": "mobility.motorbike.up_to_250cc",
    "motorbike.over_250cc": "mobility.motorbike.over_250cc",
    "scooter": "mobility.scooter.thermal",
    "scooter.thermal": "mobility.scooter.thermal",
    "scooter.electric": "mobility.scooter.electric",
    "kick_scooter": "mobility.kick_scooter.electric",
    "bike": "mobility.bike.mechanical",
    "e_bike": "mobility.bike.electric",
    "cargo_bike": "mobility.cargo_bike.electric",
    "walk": "mobility.walk",
}

#: Other spellings accepted for a mode (after lower-casing, ``-`` and spaces → ``_``).
_ALIASES: Final[dict[str, str]] = {
    "tgv": "train.tgv", "intercites": "train.intercites", "ter": "train.ter",
    "rer": "train.rer_transilien", "transilien": "train.rer_transilien",
    "train.rer": "train.rer_transilien", "train.transilien": "train.rer_transilien",
    "subway": "metro", "tramway": "tram", "flight": "plane", "airplane": "plane",
    "ebike": "e_bike", "bike.electric": "e_bike", "electric_bike": "e_bike",
    "bicycle": "bike", "bike.mechanical": "bike", "walking": "walk", "on_foot": "walk",
    "car.average": "car", "motorcycle": "motorbike", "e_scooter": "scooter.electric",
}

#: First parts of the mode names: a dotted name starting otherwise is a factor id.
_FAMILIES: Final = frozenset(name.split(".")[0] for name in [*MODES, *_ALIASES, *_ALIASES.values()])

#: Fuels of a company fleet bought at the pump → factor id (per litre, scope 1).
FLEET_FUELS: Final[dict[str, str]] = {
    "petrol": "energy.fuel.petrol",
    "diesel": "energy.fuel.diesel",
    "diesel_b10": "energy.fuel.diesel_b10",
    "e85": "energy.fuel.e85",
    "lpg": "energy.fuel.lpg",
}

#: Mean radius of the Earth R1 = (2a + b) / 3 of the GRS 80 ellipsoid [km] (IUGG;
#: H. Moritz, "Geodetic Reference System 1980", Journal of Geodesy 74, 128-133, 2000).
EARTH_RADIUS: Final = 6371.0088

#: Weeks worked a year when a survey does not say: 52 − 5 weeks of paid leave − 1 week of
#: public holidays = 46 (the convention of ADEME's Impact CO2 telework simulator,
#: ``incubateur-ademe/impactco2`` ``TeletravailSimulator.tsx``: 92 = 2 × 46 trips).
DEFAULT_WEEKS_PER_YEAR: Final = 46.0

#: Parameter id of the extra home energy per telework day (ADEME & IFPEB 2023: 1.4 kWh).
TELEWORK_PARAMETER: Final = "mobility.parameter.telework_home_energy"

BUSINESS_CATEGORIES: Final[dict[str, Any]] = {"scope": 3, "ghg_category": 6, "beges_post": "3.5",
                                    "group": "business_travel"}
COMMUTE_CATEGORIES: Final[dict[str, Any]] = {"scope": 3, "ghg_category": 7, "beges_post": "3.3",
                                   "group": "commute"}
PURPOSES: Final = ("business", "commute")


# --------------------------------------------------------------------------------------
# checks shared by the mobility helpers


def distance_km(value: Any, field_name: str, example: str = "12 km") -> float:
    """Check a non-negative distance and return it in km (strings, quantities, any length unit)."""
    return scalar(as_quantity(value, "[length]", field_name, example=example).to("km"), field_name)


def canonical_mode(mode: Any, field_name: str = "mode") -> str:
    """The key of :data:`MODES` for a user's mode name or alias, or an :class:`InputError`."""
    if not isinstance(mode, str):
        raise _error(field_name, f"{mode!r} is not a mode name", "a name from mobility.MODES")
    key = _normalise(mode)
    key = _ALIASES.get(key, key)
    if key not in MODES:
        raise _error(field_name, f"unknown mode {mode!r}",
                     "a name from mobility.MODES (e.g. 'train.tgv', 'car.diesel', 'bus', 'plane')",
                     _suggest(key, [*MODES, *_ALIASES]))
    return key


def user_factor_id(mode: Any) -> str | None:
    """The factor id named in place of a mode (``"custom.bus.ligne_t75"``), or ``None``.

    A dotted name whose first part is not a mode family of :data:`MODES` (``car``, ``train``,
    ``bus``...) is taken as the id of a factor, typically from a user table; the engine checks
    that the library has it (an unknown id is reported with the nearest ids).

    >>> user_factor_id("custom.bus.ligne_t75"), user_factor_id("train.tgv"), user_factor_id("TGV")
    ('custom.bus.ligne_t75', None, None)
    """
    if not isinstance(mode, str) or "." not in mode.strip():
        return None
    name = mode.strip()
    family = _normalise(name.split(".")[0])
    return None if family in _FAMILIES else name


def is_car_mode(mode: str) -> bool:
    """Whether a canonical mode name is a car (counted per vehicle)."""
    return mode == "carpool" or mode == "car" or mode.startswith("car.")


def car_factor_id(fuel: str, size: str | None) -> str:
    """Factor id of a car of ``fuel`` (and ``size``): ``mobility.car[.{size}].{fuel}``."""
    fuel_key = _normalise(fuel)
    if fuel_key not in CAR_FUELS:
        raise _error("fuel", f"unknown car fuel {fuel!r}", ", ".join(CAR_FUELS),
                     _suggest(fuel_key, CAR_FUELS))
    if size is None:
        return f"mobility.car.{fuel_key}"
    size_key = _normalise(size)
    if size_key not in CAR_SIZES:
        raise _error("size", f"unknown car size {size!r}", ", ".join(CAR_SIZES),
                     _suggest(size_key, CAR_SIZES))
    return f"mobility.car.{size_key}.{fuel_key}"


def car_parts(mode: str) -> tuple[str, str | None]:
    """(fuel, size) of a car mode name such as ``car``, ``car.diesel``, ``car.suv.electric``."""
    parts = mode.split(".")[1:]
    if not parts:
        return "petrol", None
    if len(parts) == 1:
        return parts[0], None
    return parts[1], parts[0]


def purpose_categories(purpose: str) -> dict[str, Any]:
    """Scope, category, post and group of a ``"business"`` or ``"commute"`` trip."""
    if purpose not in PURPOSES:
        raise _error("purpose", f"unknown purpose {purpose!r}", "'business' or 'commute'",
                     _suggest(purpose, PURPOSES))
    return dict(BUSINESS_CATEGORIES if purpose == "business" else COMMUTE_CATEGORIES)


# --------------------------------------------------------------------------------------
# modes and single trips


def mode_factor_id(mode: str, *, distance: Any = None, contrails: bool = True) -> str:
    """Factor id of a transport mode (a key of :data:`MODES` or an accepted alias).

    Parameters
    ----------
    mode
        Mode name, e.g. ``"train.tgv"``, ``"TGV"``, ``"car.diesel"``, ``"e-bike"``.
    distance
        One-way distance of the trip [km]; needed only for ``"plane"`` (its band).
    contrails
        For ``"plane"``: include contrails and other non-CO2 effects (default).

    Raises
    ------
    InputError
        For an unknown mode, with the nearest mode names.
    """
    key = canonical_mode(mode)
    if key == "plane":
        if distance is None:
            raise _error("distance", "a flight's factor depends on its distance band",
                         "the flight distance, e.g. '1200 km'")
        variant = "with_contrails" if contrails else "without_contrails"
        return f"mobility.plane.{plane_band(distance)}.{variant}"
    return MODES[key]


# --------------------------------------------------------------------------------------
# flights


def _coordinates(point: Any, field_name: str) -> tuple[float, float]:
    try:
        lat, lon = point
    except (TypeError, ValueError):
        raise _error(field_name, f"{point!r} is not a (latitude, longitude) pair",
                     "(lat, lon) in degrees, e.g. (49.0097, 2.5479) for Paris-CDG") from None
    return (check_number(lat, f"{field_name}.latitude", minimum=-90, maximum=90,
                    expected="a latitude in degrees, -90 to 90"),
            check_number(lon, f"{field_name}.longitude", minimum=-180, maximum=180,
                    expected="a longitude in degrees, -180 to 180"))


def great_circle_distance(
    origin: tuple[float, float], destination: tuple[float, float]
) -> pint.Quantity[Any]:
    r"""Great-circle distance between two points given as (latitude, longitude) in degrees.

    Parameters
    ----------
    origin, destination
        (latitude, longitude) [degrees], e.g. an airport's coordinates.

    Returns
    -------
    pint.Quantity
        Distance [km].

    Notes
    -----
    Haversine formula on a sphere of radius :data:`EARTH_RADIUS` (6371.0088 km):
    :math:`d = 2R \arcsin\sqrt{\sin^2\frac{\Delta\varphi}{2} +
    \cos\varphi_1\cos\varphi_2\sin^2\frac{\Delta\lambda}{2}}`. The spherical model
    differs from the ellipsoid by up to about 0.5 %. No detour or holding uplift is added.

    References
    ----------
    .. [1] H. Moritz, "Geodetic Reference System 1980", Journal of Geodesy 74, 128-133 (2000):
       mean radius R1 = 6 371 008.8 m.
    .. [2] R. W. Sinnott, "Virtues of the Haversine", Sky and Telescope 68(2), 159 (1984).

    Examples
    --------
    >>> round(great_circle_distance((0.0, 0.0), (0.0, 90.0)).magnitude, 3)  # quarter equator
    10007.557
    """
    lat1, lon1 = _coordinates(origin, "origin")
    lat2, lon2 = _coordinates(destination, "destination")
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return Q(2 * EARTH_RADIUS * math.asin(min(1.0, math.sqrt(h))), "km")


def plane_band(distance: Any) -> str:
    """Distance band of a flight: short, medium, medium-long or long haul.

    Parameters
    ----------
    distance
        One-way flight distance [km].

    Returns
    -------
    str
        ``"short_haul"`` (≤ 1000 km), ``"medium_haul"`` (≤ 2000 km),
        ``"medium_long_haul"`` (≤ 5000 km) or ``"long_haul"`` (> 5000 km).

    References
    ----------
    .. [1] ADEME Base Empreinte plane factors by band, via Impact CO2 (``deplacement.ts``).

    Examples
    --------
    >>> plane_band("1000 km"), plane_band("1001 km"), plane_band("5500 km")
    ('short_haul', 'medium_haul', 'long_haul')
    """
    km = distance_km(distance, "distance", "1200 km")
    for band, upper in PLANE_BANDS:
        # a relative tolerance of 1e-9 so that 1000 km given in feet or miles stays short haul
        if km <= upper * (1 + 1e-9):
            return band
    raise AssertionError("unreachable")  # pragma: no cover
