"""Mobility: business travel, commuting, telework and the company fleet, as activity lines.

Every function turns what a company knows (a trip, a commute survey, fuel receipts) into
:class:`~coopcarbon.activities.ActivityLine` records; none multiplies by an emission factor
(:func:`coopcarbon.engine.compute_lines` does). Distances are pint quantities or strings
such as ``"12 km"``; a quantity of the wrong dimension raises
:class:`~coopcarbon.errors.UnitMismatchError`, a bad value :class:`~coopcarbon.errors.InputError`.

Reporting categories set on the lines (GHG Protocol scope / category, BEGES v5 post):

==================  =====  ========  ====  ==================
lines               scope  category  post  group
==================  =====  ========  ====  ==================
business travel     3      6         3.5   ``business_travel``
commuting           3      7         3.3   ``commute``
telework at home    3      7         3.3   ``telework``
company fleet       1      --        1.2   ``fleet``
==================  =====  ========  ====  ==================

Cars are counted **per vehicle** (``vehicle_km``): a car shared by ``occupants`` people is
counted once, each passenger's share being ``distance / occupants``. Every other mode is
counted per passenger (``passenger_km``).

Examples
--------
>>> from coopcarbon.domains import mobility
>>> [line] = mobility.trip("460 km", "train.tgv", travellers=2, round_trip=True)
>>> line.factor_id, line.quantity
('mobility.train.tgv', <Quantity(1840.0, 'passenger_km')>)
>>> [share] = mobility.car_trip("30 km", "petrol", size="compact", occupants=3)
>>> share.quantity
<Quantity(10.0, 'vehicle_km')>
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

import pint

from ..activities import ActivityLine, DataQuality
from ..units import Q, as_quantity
from ._checks import argument_error as _error
from ._checks import fmt as _fmt
from ._checks import library_or_default as _library
from ._checks import normalise as _normalise
from ._checks import suggest as _suggest

if TYPE_CHECKING:
    from ..factors.library import FactorLibrary

__all__ = [
    "CAR_FUELS",
    "CAR_SIZES",
    "DEFAULT_WEEKS_PER_YEAR",
    "EARTH_RADIUS",
    "FLEET_FUELS",
    "MODES",
    "PLANE_BANDS",
    "TELEWORK_PARAMETER",
    "CommuteRespondent",
    "avoided_commute",
    "car_trip",
    "commute",
    "fleet_distance",
    "fleet_fuel",
    "flight",
    "great_circle_distance",
    "mode_factor_id",
    "plane_band",
    "telework",
    "telework_days",
    "trip",
]

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

_BUSINESS: Final[dict[str, Any]] = {"scope": 3, "ghg_category": 6, "beges_post": "3.5",
                                    "group": "business_travel"}
_COMMUTE: Final[dict[str, Any]] = {"scope": 3, "ghg_category": 7, "beges_post": "3.3",
                                   "group": "commute"}
_PURPOSES: Final = ("business", "commute")


# --------------------------------------------------------------------------------------
# small checks shared by the functions below


def _number(value: Any, field_name: str, *, minimum: float = 0.0, maximum: float = math.inf,
            allow_minimum: bool = True, expected: str = "") -> float:
    """Check a finite real number in [minimum, maximum] (open below if not allow_minimum)."""
    text = expected or (f"a number >= {minimum:g}" if allow_minimum else f"a number > {minimum:g}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _error(field_name, f"{value!r} is not a number", text)
    number = float(value)
    if not math.isfinite(number):
        raise _error(field_name, f"{value!r} is not finite", text)
    if number < minimum or (number == minimum and not allow_minimum) or number > maximum:
        raise _error(field_name, f"{value!r} is out of range", text)
    return number


def _scalar(quantity: pint.Quantity[Any], field_name: str) -> float:
    magnitude = quantity.magnitude
    try:
        return float(magnitude)
    except TypeError:
        raise _error(field_name, "an array was given", "one quantity such as '12 km'") from None


def _km(value: Any, field_name: str, example: str = "12 km") -> float:
    """Check a non-negative distance and return it in km (strings, quantities, any length unit)."""
    return _scalar(as_quantity(value, "[length]", field_name, example=example).to("km"), field_name)


def _canonical_mode(mode: Any, field_name: str = "mode") -> str:
    if not isinstance(mode, str):
        raise _error(field_name, f"{mode!r} is not a mode name", "a name from mobility.MODES")
    key = _normalise(mode)
    key = _ALIASES.get(key, key)
    if key not in MODES:
        raise _error(field_name, f"unknown mode {mode!r}",
                     "a name from mobility.MODES (e.g. 'train.tgv', 'car.diesel', 'bus', 'plane')",
                     _suggest(key, [*MODES, *_ALIASES]))
    return key


def _is_car(mode: str) -> bool:
    return mode == "carpool" or mode == "car" or mode.startswith("car.")


def _car_factor_id(fuel: str, size: str | None) -> str:
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


def _car_parts(mode: str) -> tuple[str, str | None]:
    """(fuel, size) of a car mode name such as ``car``, ``car.diesel``, ``car.suv.electric``."""
    parts = mode.split(".")[1:]
    if not parts:
        return "petrol", None
    if len(parts) == 1:
        return parts[0], None
    return parts[1], parts[0]


def _purpose(purpose: str) -> dict[str, Any]:
    if purpose not in _PURPOSES:
        raise _error("purpose", f"unknown purpose {purpose!r}", "'business' or 'commute'",
                     _suggest(purpose, _PURPOSES))
    return dict(_BUSINESS if purpose == "business" else _COMMUTE)


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
    key = _canonical_mode(mode)
    if key == "plane":
        if distance is None:
            raise _error("distance", "a flight's factor depends on its distance band",
                         "the flight distance, e.g. '1200 km'")
        variant = "with_contrails" if contrails else "without_contrails"
        return f"mobility.plane.{plane_band(distance)}.{variant}"
    return MODES[key]


def trip(
    distance: Any,
    mode: str,
    *,
    travellers: int = 1,
    occupants: int | None = None,
    round_trip: bool = False,
    purpose: str = "business",
    contrails: bool = True,
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Activity line of one trip (or one set of identical trips) by any mode.

    Parameters
    ----------
    distance
        One-way distance of the trip [km] (any length unit: ``"460 km"``, ``"12 mi"``).
    mode
        A key of :data:`MODES` (``"train.tgv"``, ``"bus"``, ``"car.diesel"``, ``"plane"``...)
        or an alias (``"TGV"``, ``"e-bike"``, ``"walking"``).
    travellers
        People of the company making the trip together [person].
    occupants
        Car modes only: people in the car (default ``travellers``); the company is charged
        ``travellers / occupants`` of the car's vehicle distance (see :func:`car_trip`).
    round_trip
        Count the distance twice.
    purpose
        ``"business"`` (GHG category 6, BEGES post 3.5) or ``"commute"`` (category 7, post 3.3).
    contrails
        Planes only: include contrails and other non-CO2 effects (default, as ADEME
        recommends); ``False`` uses the labelled factor without them.
    label
        Text shown in reports (default: mode and distance).
    data_quality
        How the distance is known.
    site
        Free text (e.g. the site the trip is charged to).

    Returns
    -------
    list[ActivityLine]
        One line, in ``passenger_km`` (``vehicle_km`` for cars).

    Notes
    -----
    Passenger distance :math:`= d \times n_{travellers} \times (2 \text{ if round trip})`.
    A plane's factor is chosen by the band of the one-way distance (:func:`plane_band`).
    """
    key = _canonical_mode(mode)
    if _is_car(key):
        fuel, size = _car_parts(key)
        return car_trip(distance, fuel, size=size,
                        occupants=travellers if occupants is None else occupants,
                        travellers=travellers, round_trip=round_trip, purpose=purpose,
                        label=label, data_quality=data_quality, site=site)
    if occupants is not None:
        raise _error("occupants", "occupants apply to cars only (per-vehicle factors)",
                     "no occupants for a per-passenger mode; use travellers")
    km = _km(distance, "distance", "460 km")
    count = _number(travellers, "travellers", minimum=0, allow_minimum=False,
                    expected="a number of travellers >= 1")
    if key == "plane":
        return flight(Q(km, "km"), travellers=travellers, round_trip=round_trip,
                      contrails=contrails, purpose=purpose, label=label,
                      data_quality=data_quality, site=site)
    factor_id = MODES[key]
    legs = 2 if round_trip else 1
    pkm = km * count * legs
    text = label or f"{key} {_fmt(km)} km" + (" round trip" if round_trip else "") + (
        f" × {_fmt(count)} travellers" if count != 1 else "")
    note = f"{_fmt(km)} km × {_fmt(count)} traveller(s)"
    note += " × 2 (round trip)" if round_trip else ""
    return [ActivityLine(Q(pkm, "passenger_km"), factor_id, label=text, domain="mobility",
                         data_quality=data_quality, note=note, site=site, **_purpose(purpose))]


def car_trip(
    distance: Any,
    fuel: str = "petrol",
    *,
    size: str | None = None,
    occupants: int = 1,
    travellers: int = 1,
    round_trip: bool = False,
    purpose: str = "business",
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Activity line of a car trip, counted per vehicle; a shared car is counted once.

    Parameters
    ----------
    distance
        One-way distance driven [km].
    fuel
        One of :data:`CAR_FUELS`.
    size
        One of :data:`CAR_SIZES`, or ``None`` for the average (compact) car.
    occupants
        People in the car [person], ≥ 1 (carpooling when > 1).
    travellers
        How many of the occupants the company accounts for (default 1: one person's share).
        ``travellers = occupants`` charges the whole car.
    round_trip
        Count the distance twice.
    purpose
        ``"business"`` or ``"commute"``.
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        One line in ``vehicle_km``.

    Notes
    -----
    The car factors are per vehicle_km, so the car is counted once whoever is in it:
    :math:`vkm = d \times (2 \text{ if round trip}) \times n_{travellers} / n_{occupants}`.
    Carpooling divides exactly once (ADEME's per-passenger car factors already assume an
    average occupancy of 1.6; coopcarbon uses the per-vehicle factors to avoid applying an
    occupancy twice).

    References
    ----------
    .. [1] ADEME Base Empreinte car factors via Impact CO2 (``deplacement.ts``), per passenger_km
       at occupancy 1.6, converted to per vehicle_km (× 1.6) in ``emission_factors/mobility.yaml``.
    """
    factor_id = _car_factor_id(fuel, size)
    km = _km(distance, "distance", "30 km")
    n_occupants = _number(occupants, "occupants", minimum=1, expected="a number of occupants >= 1")
    n_travellers = _number(travellers, "travellers", minimum=0, allow_minimum=False,
                           expected="a number of travellers > 0")
    if n_travellers > n_occupants:
        raise _error("travellers", f"{travellers} travellers in a car of {occupants} occupants",
                     "travellers <= occupants")
    legs = 2 if round_trip else 1
    vkm = km * legs * n_travellers / n_occupants
    car = f"car ({size + ', ' if size else ''}{_normalise(fuel)})"
    text = label or f"{car} {_fmt(km)} km" + (" round trip" if round_trip else "")
    note = f"{_fmt(km)} km" + (" × 2 (round trip)" if round_trip else "")
    if n_occupants != 1 or n_travellers != 1:
        note += f" × {_fmt(n_travellers)}/{_fmt(n_occupants)} (share of a car counted once)"
    return [ActivityLine(Q(vkm, "vehicle_km"), factor_id, label=text, domain="mobility",
                         data_quality=data_quality, note=note, site=site, **_purpose(purpose))]


# --------------------------------------------------------------------------------------
# flights


def _coordinates(point: Any, field_name: str) -> tuple[float, float]:
    try:
        lat, lon = point
    except (TypeError, ValueError):
        raise _error(field_name, f"{point!r} is not a (latitude, longitude) pair",
                     "(lat, lon) in degrees, e.g. (49.0097, 2.5479) for Paris-CDG") from None
    return (_number(lat, f"{field_name}.latitude", minimum=-90, maximum=90,
                    expected="a latitude in degrees, -90 to 90"),
            _number(lon, f"{field_name}.longitude", minimum=-180, maximum=180,
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
    km = _km(distance, "distance", "1200 km")
    for band, upper in PLANE_BANDS:
        # a relative tolerance of 1e-9 so that 1000 km given in feet or miles stays short haul
        if km <= upper * (1 + 1e-9):
            return band
    raise AssertionError("unreachable")  # pragma: no cover


def flight(
    distance: Any = None,
    *,
    origin: tuple[float, float] | None = None,
    destination: tuple[float, float] | None = None,
    travellers: int = 1,
    round_trip: bool = False,
    contrails: bool = True,
    purpose: str = "business",
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
    site: str = "",
) -> list[ActivityLine]:
    """Activity line of a flight, by distance or by airport coordinates.

    Parameters
    ----------
    distance
        One-way flight distance [km]. Give either this or ``origin`` and ``destination``.
    origin, destination
        (latitude, longitude) [degrees] of the airports; the distance is then the
        great-circle distance (:func:`great_circle_distance`).
    travellers
        Passengers of the company [person].
    round_trip
        Count the distance twice (same band).
    contrails
        Include contrails and other non-CO2 effects (default). ``False`` selects the factor
        without them, and the label says so. Either way the emission line also reports the
        figure without non-CO2 effects (``co2e_without_non_co2``).
    purpose, label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        One line in ``passenger_km`` with factor ``mobility.plane.{band}.{with|without}_contrails``.

    Notes
    -----
    The band is chosen from the one-way distance (:func:`plane_band`).

    References
    ----------
    .. [1] ADEME Base Empreinte "Avion passagers" factors by band, with and without contrails,
       via Impact CO2 (``incubateur-ademe/impactco2``, ``deplacement.ts``).
    """
    if distance is not None and (origin is not None or destination is not None):
        raise _error("distance", "both a distance and airports were given",
                     "either distance, or origin and destination")
    how = ""
    if distance is None:
        if origin is None or destination is None:
            raise _error("distance", "no distance and no airport pair",
                         "distance='1200 km' or origin=(lat, lon), destination=(lat, lon)")
        km = _scalar(great_circle_distance(origin, destination), "distance")
        how = f"great-circle distance {_fmt(round(km, 1))} km between {origin} and {destination}; "
    else:
        km = _km(distance, "distance", "1200 km")
    count = _number(travellers, "travellers", minimum=0, allow_minimum=False,
                    expected="a number of travellers >= 1")
    band = plane_band(Q(km, "km"))
    variant = "with_contrails" if contrails else "without_contrails"
    legs = 2 if round_trip else 1
    pkm = km * count * legs
    text = label or (f"flight {_fmt(round(km, 1))} km ({band.replace('_', '-')})"
                     + (" round trip" if round_trip else "")
                     + ("" if contrails else " (without contrails)"))
    note = (how + f"{_fmt(km)} km × {_fmt(count)} traveller(s)"
            + (" × 2 (round trip)" if round_trip else "")
            + ("; contrails and other non-CO2 effects included" if contrails
               else "; WITHOUT contrails and other non-CO2 effects"))
    return [ActivityLine(Q(pkm, "passenger_km"), f"mobility.plane.{band}.{variant}", label=text,
                         domain="mobility", data_quality=data_quality, note=note, site=site,
                         **_purpose(purpose))]


# --------------------------------------------------------------------------------------
# commuting and telework


@dataclass(frozen=True)
class CommuteRespondent:
    """One answer (or one group of identical answers) of a commute survey.

    Parameters
    ----------
    mode
        Main mode, a key of :data:`MODES` (``"car"``, ``"train.ter"``, ``"bike"``...).
    one_way_distance
        Home to workplace distance [km] (``"12 km"``).
    days_on_site_per_week
        Days a week the person travels to the workplace [day/week], 0 to 7.
    weeks_per_year
        Weeks worked a year (default :data:`DEFAULT_WEEKS_PER_YEAR` = 46).
    telework_days_per_week
        Days a week worked from home [day/week]; on-site plus telework days ≤ 7.
    count
        Number of people this answer stands for (a group), ≥ 1.
    occupants
        Car modes: people in the car (carpooling when > 1); each person is charged
        ``1 / occupants`` of the car's distance.
    fuel, size
        Car modes: overrides the fuel and size of ``mode`` (``mode="car", fuel="diesel"``).
    """

    mode: str
    one_way_distance: Any
    days_on_site_per_week: float
    weeks_per_year: float = DEFAULT_WEEKS_PER_YEAR
    telework_days_per_week: float = 0.0
    count: float = 1
    occupants: int = 1
    fuel: str | None = None
    size: str | None = None
    _distance_km: float = field(init=False, repr=False, compare=False, default=0.0)
    _factor_id: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        mode = _canonical_mode(self.mode)
        if mode == "plane":
            raise _error("mode", "a plane is not a commute mode",
                         "a ground mode such as 'train.ter'")
        object.__setattr__(self, "mode", mode)
        km = _km(self.one_way_distance, "one_way_distance")
        object.__setattr__(self, "_distance_km", km)
        object.__setattr__(self, "one_way_distance", Q(km, "km"))
        on_site = _number(self.days_on_site_per_week, "days_on_site_per_week", maximum=7,
                          expected="days per week between 0 and 7")
        remote = _number(self.telework_days_per_week, "telework_days_per_week", maximum=7,
                         expected="days per week between 0 and 7")
        if on_site + remote > 7:
            raise _error("telework_days_per_week",
                         f"{on_site:g} days on site + {remote:g} telework days > 7 days a week",
                         "days on site + telework days <= 7")
        _number(self.weeks_per_year, "weeks_per_year", maximum=53,
                expected="weeks between 0 and 53")
        _number(self.count, "count", minimum=0, allow_minimum=False,
                expected="a number of people > 0 (fractions arise in scenarios)")
        _number(self.occupants, "occupants", minimum=1, expected="a number of occupants >= 1")
        if _is_car(mode):
            fuel, size = _car_parts(mode)
            factor_id = _car_factor_id(self.fuel or fuel, self.size or size)
        else:
            if self.fuel is not None or self.size is not None or self.occupants != 1:
                raise _error("mode", f"fuel, size and occupants apply to cars, not {mode!r}",
                             "mode='car' (or 'car.diesel'...) with fuel, size or occupants")
            factor_id = MODES[mode]
        object.__setattr__(self, "_factor_id", factor_id)

    @property
    def factor_id(self) -> str:
        """Factor id of this respondent's mode (per vehicle_km for cars, else passenger_km)."""
        return self._factor_id

    @property
    def is_car(self) -> bool:
        """Whether the mode is a car (counted per vehicle)."""
        return self._factor_id.startswith("mobility.car.")

    def annual_distance(self, days_per_week: float | None = None) -> pint.Quantity[Any]:
        r"""Yearly commute distance of the group [passenger_km, or vehicle_km for cars].

        :math:`2 \times d \times days \times weeks \times count` (÷ occupants for cars);
        ``days_per_week`` defaults to the days on site.
        """
        days = self.days_on_site_per_week if days_per_week is None else days_per_week
        km = 2.0 * self._distance_km * float(days) * float(self.weeks_per_year) * float(self.count)
        if self.is_car:
            return Q(km / float(self.occupants), "vehicle_km")
        return Q(km, "passenger_km")


def _respondents(respondents: Iterable[CommuteRespondent]) -> list[CommuteRespondent]:
    items = list(respondents)
    for i, r in enumerate(items):
        if not isinstance(r, CommuteRespondent):
            raise _error(f"respondents[{i}]", f"{type(r).__name__} is not a CommuteRespondent",
                         "CommuteRespondent(mode=..., one_way_distance=..., "
                         "days_on_site_per_week=...)")
    if not items:
        raise _error("respondents", "no respondent", "at least one CommuteRespondent")
    return items


def _extrapolation(items: Sequence[CommuteRespondent], headcount: Any) -> tuple[float, str]:
    """(ratio, note) of extrapolating the respondents to the headcount."""
    answered = sum(float(r.count) for r in items)
    if headcount is None:
        return 1.0, ""
    total = _number(headcount, "headcount", minimum=0, allow_minimum=False,
                    expected="the number of employees (> 0)")
    if answered > total:
        raise _error("headcount", f"{answered:g} respondents for a headcount of {total:g} "
                     "(answer rate above 100 %)", "headcount >= number of respondents")
    ratio = total / answered
    if ratio == 1.0:
        return 1.0, f"all {total:g} employees answered"
    return ratio, f"extrapolated ×{ratio:.2f} from {answered:g} of {total:g} employees"


def commute(
    respondents: Iterable[CommuteRespondent],
    headcount: float | None = None,
    *,
    label: str = "",
    data_quality: DataQuality = DataQuality.ESTIMATED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Activity lines of employees' commuting, from a survey, extrapolated to the headcount.

    Parameters
    ----------
    respondents
        Survey answers (:class:`CommuteRespondent`, one per person or per group).
    headcount
        Employees of the company [person]. When larger than the number of respondents, the
        lines are scaled by ``headcount / respondents`` and marked EXTRAPOLATED; the note
        states the ratio. ``None``: no extrapolation.
    label
        Prefix of the line labels (default ``"Commute"``).
    data_quality
        Quality of the answers when not extrapolated (default ESTIMATED: declared figures).
    site
        Free text.

    Returns
    -------
    list[ActivityLine]
        One line per factor (mode), GHG category 7, BEGES post 3.3, group ``"commute"``.

    Raises
    ------
    InputError
        No respondent, or more respondents than the headcount (answer rate above 100 %).

    Notes
    -----
    Yearly distance of an answer :math:`= 2 \times d_{one\,way} \times days_{site/week}
    \times weeks_{year} \times count`, in passenger_km, or in vehicle_km ÷ occupants for
    cars (a carpool is counted once). Extrapolation multiplies every line by
    :math:`headcount / \sum count`: it assumes non-respondents commute like respondents.
    Telework days are not commuting days: see :func:`telework` and :func:`avoided_commute`.
    """
    items = _respondents(respondents)
    ratio, extrapolation = _extrapolation(items, headcount)
    quality = DataQuality.EXTRAPOLATED if ratio != 1.0 else data_quality
    totals: dict[str, float] = {}
    people: dict[str, float] = {}
    units: dict[str, str] = {}
    for r in items:
        q = r.annual_distance()
        totals[r.factor_id] = totals.get(r.factor_id, 0.0) + float(q.magnitude)
        people[r.factor_id] = people.get(r.factor_id, 0.0) + float(r.count)
        units[r.factor_id] = str(q.units)
    lines = []
    for factor_id, total in totals.items():
        mode = factor_id.removeprefix("mobility.")
        note = (f"survey: {people[factor_id]:g} respondent(s); 2 × one-way distance × days on site"
                " × weeks a year" + ("; cars per vehicle_km ÷ occupants" if factor_id.startswith(
                    "mobility.car.") else ""))
        if extrapolation:
            note += f"; {extrapolation}"
        lines.append(ActivityLine(Q(total * ratio, units[factor_id]), factor_id,
                                  label=f"{label or 'Commute'} — {mode}", domain="mobility",
                                  data_quality=quality, note=note, site=site, **_COMMUTE))
    return lines


def telework_days(
    respondents: Iterable[CommuteRespondent], headcount: float | None = None
) -> float:
    r"""Telework days a year of the surveyed employees, extrapolated to the headcount [day].

    :math:`\sum telework_{days/week} \times weeks_{year} \times count`, times
    ``headcount / respondents`` when ``headcount`` is given (see :func:`commute`).
    """
    items = _respondents(respondents)
    ratio, _ = _extrapolation(items, headcount)
    return ratio * sum(float(r.telework_days_per_week) * float(r.weeks_per_year) * float(r.count)
                       for r in items)


def telework(
    days: Any,
    *,
    headcount: float | None = None,
    electricity: str = "energy.electricity.fr.mix_2024",
    library: FactorLibrary | None = None,
    label: str = "",
    data_quality: DataQuality = DataQuality.ESTIMATED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Extra home energy of telework days, as an electricity activity line (scope 3, cat. 7).

    Parameters
    ----------
    days
        Telework days a year [day]: a number, a quantity (``"180 day"``), or survey answers
        (:class:`CommuteRespondent`, summed by :func:`telework_days` with ``headcount``).
    headcount
        With survey answers: extrapolate to this headcount (see :func:`commute`).
    electricity
        Factor id the home energy is converted with (default the French 2024 mix).
    library
        Factor library holding the parameter ``mobility.parameter.telework_home_energy``
        (default :func:`coopcarbon.load_factors`).
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        One line in kWh with the ``electricity`` factor, GHG category 7, BEGES post 3.3,
        group ``"telework"``.

    Notes
    -----
    Home energy :math:`E = days \times e`, with :math:`e` = 1.4 kWh per telework day, the
    extra home consumption measured by ADEME and IFPEB in winter 2022-23 (the convention
    the Plan Carbone Général cites). That figure mixes electricity and gas meters; valuing it
    all with the electricity factor is coopcarbon's convention (stated in the line's note),
    not the study's. It is a heating-season figure, so it overstates a whole year.
    Telework changes nothing but the commute: the avoided travel is
    :func:`avoided_commute`, never subtracted from other lines.

    References
    ----------
    .. [1] ADEME & IFPEB, "Bilan énergétique du télétravail" (ministry page "Étude sur le
       télétravail : un bilan énergétique positif", 2023-04-12).
    """
    if isinstance(days, (list, tuple)) and days and isinstance(days[0], CommuteRespondent):
        n_days = telework_days(days, headcount)
        how = "telework days from the commute survey"
        if headcount is not None:
            how += f" ({_extrapolation(_respondents(days), headcount)[1]})"
    else:
        if headcount is not None:
            raise _error("headcount", "headcount applies to survey answers only",
                         "days as CommuteRespondent answers, or no headcount")
        if isinstance(days, (str, pint.Quantity)):
            checked = as_quantity(days, "[time]", "days", example="180 day")
            n_days = _scalar(checked.to("day"), "days")
        else:
            n_days = _number(days, "days", expected="telework days a year (>= 0)")
        how = "telework days given"
    lib = _library(library)
    per_day = lib.parameter(TELEWORK_PARAMETER).value
    try:
        kwh = float((Q(n_days, "day") * per_day).to("kWh").magnitude)
    except pint.DimensionalityError:  # a parameter written per telework day, in kWh
        kwh = n_days * float(per_day.to("kWh").magnitude)
    note = (f"{how}: {_fmt(n_days)} days × {per_day:~P} "
            "(ADEME/IFPEB 2023, electricity + gas at home, "
            f"valued with {electricity}: coopcarbon convention)")
    return [ActivityLine(Q(kwh, "kWh"), electricity, label=label or "Telework — extra home energy",
                         scope=3, ghg_category=7, beges_post="3.3", domain="mobility",
                         data_quality=data_quality, note=note, site=site, group="telework")]


def avoided_commute(respondent: CommuteRespondent) -> pint.Quantity[Any]:
    r"""Commute distance a year that the respondent's telework days avoid.

    Parameters
    ----------
    respondent
        A survey answer with ``telework_days_per_week``.

    Returns
    -------
    pint.Quantity
        Avoided distance [passenger_km, or vehicle_km ÷ occupants for cars], with the factor
        ``respondent.factor_id``. An avoided emission: report it beside the bilan, never
        subtract it from the total.

    Notes
    -----
    :math:`2 \times d_{one\,way} \times telework_{days/week} \times weeks \times count`.
    Only the commute is avoided: no other travel (business trips, errands, trips that
    telework itself causes) is changed. ADEME (2020) estimates these rebound effects
    reduce the benefit by about a third; coopcarbon does not model them.

    References
    ----------
    .. [1] ADEME, "Caractérisation des effets rebond induits par le télétravail" (2020).
    """
    if not isinstance(respondent, CommuteRespondent):
        raise _error("respondent", f"{type(respondent).__name__} is not a CommuteRespondent",
                     "a CommuteRespondent")
    return respondent.annual_distance(respondent.telework_days_per_week)


# --------------------------------------------------------------------------------------
# company fleet


def fleet_fuel(
    volume: Any,
    fuel: str,
    *,
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
    site: str = "",
) -> list[ActivityLine]:
    """Activity line of fuel bought for company vehicles (scope 1, BEGES post 1.2).

    Parameters
    ----------
    volume
        Fuel bought in the year [L] (``"1200 L"``, ``"1.2 m3"``).
    fuel
        One of :data:`FLEET_FUELS`: ``"petrol"``, ``"diesel"``, ``"diesel_b10"``, ``"e85"``,
        ``"lpg"``.
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        One line in litres, group ``"fleet"``.

    Notes
    -----
    The preferred method when fuel receipts exist: emissions follow the litres actually
    burnt. The per-litre factors cover combustion and upstream (well-to-wheel).

    References
    ----------
    .. [1] ADEME Base Empreinte road fuels, France continentale, kgCO2e per litre.
    """
    key = _normalise(fuel)
    if key not in FLEET_FUELS:
        raise _error("fuel", f"unknown fleet fuel {fuel!r}", ", ".join(FLEET_FUELS),
                     _suggest(key, FLEET_FUELS))
    checked = as_quantity(volume, "[length] ** 3", "volume", example="1200 L")
    litres = _scalar(checked.to("L"), "volume")
    return [ActivityLine(Q(litres, "L"), FLEET_FUELS[key], label=label or f"Fleet fuel — {key}",
                         scope=1, ghg_category=None, beges_post="1.2", domain="mobility",
                         data_quality=data_quality, site=site, group="fleet",
                         note=f"{_fmt(litres)} L of {key} bought (receipts)")]


def fleet_distance(
    distance: Any,
    vehicle: str,
    *,
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
    site: str = "",
) -> list[ActivityLine]:
    """Activity line of the distance driven by company cars of one type (scope 1, post 1.2).

    Parameters
    ----------
    distance
        Distance driven in the year by the vehicles of this type [km].
    vehicle
        A car mode of :data:`MODES` (``"car.hybrid"``, ``"car.suv.diesel"``) or a fuel
        (``"hybrid"``) for the average-size car.
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        One line in ``vehicle_km``, group ``"fleet"``.

    Notes
    -----
    The per-km car factors are life-cycle figures: they include the fuel's upstream and the
    vehicle's manufacture, which strictly belong to scope 3; use :func:`fleet_fuel` when
    the litres are known. Give one line per vehicle type so that a fleet moving to hybrids
    or electric cars shows the change.
    """
    if not isinstance(vehicle, str):
        raise _error("vehicle", f"{vehicle!r} is not a vehicle type", "e.g. 'car.hybrid'")
    key = _normalise(vehicle)
    if key in CAR_FUELS:
        key = f"car.{key}"
    key = _canonical_mode(key, "vehicle")
    if not _is_car(key) or key == "carpool":
        raise _error("vehicle", f"{vehicle!r} is not a car type", "a car mode such as 'car.hybrid'",
                     _suggest(f"car.{key}", [m for m in MODES if m.startswith("car.")]))
    fuel, size = _car_parts(key)
    factor_id = _car_factor_id(fuel, size)
    km = _km(distance, "distance", "25000 km")
    return [ActivityLine(Q(km, "vehicle_km"), factor_id, label=label or f"Fleet — {key}",
                         scope=1, ghg_category=None, beges_post="1.2", domain="mobility",
                         data_quality=data_quality, site=site, group="fleet",
                         note=(f"{_fmt(km)} km driven; the per-km factor includes fuel upstream "
                               "and "
                               "vehicle manufacture (life cycle), reported in scope 1 here"))]
