"""Business trips by any mode, car trips counted per vehicle, and flights, as activity lines."""

from __future__ import annotations

import logging
from typing import Any

from ...activities import ActivityLine, DataQuality
from ...units import Q
from .._checks import argument_error as _error
from .._checks import check_number, scalar
from .._checks import fmt as _fmt
from .._checks import normalise as _normalise
from .airports import EU_ETS_DETOUR, airport, is_airport_code
from .modes import (
    MODES,
    canonical_mode,
    car_factor_id,
    car_parts,
    distance_km,
    great_circle_distance,
    is_car_mode,
    plane_band,
    purpose_categories,
    user_factor_id,
)

logger = logging.getLogger(__name__)


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
    A factor id in place of a mode (``"custom.bus.ligne_t75"``, from a user table) is used as
    it is, per passenger_km, or per vehicle_km when ``occupants`` is given (as for cars).
    """
    custom = user_factor_id(mode)
    if custom is not None:
        return _user_factor_trip(custom, distance, travellers=travellers, occupants=occupants,
                                 round_trip=round_trip, purpose=purpose, label=label,
                                 data_quality=data_quality, site=site)
    key = canonical_mode(mode)
    if is_car_mode(key):
        fuel, size = car_parts(key)
        return car_trip(distance, fuel, size=size,
                        occupants=travellers if occupants is None else occupants,
                        travellers=travellers, round_trip=round_trip, purpose=purpose,
                        label=label, data_quality=data_quality, site=site)
    if occupants is not None:
        raise _error("occupants", "occupants apply to cars only (per-vehicle factors)",
                     "no occupants for a per-passenger mode; use travellers")
    km = distance_km(distance, "distance", "460 km")
    count = check_number(travellers, "travellers", minimum=0, allow_minimum=False,
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
                         data_quality=data_quality, note=note, site=site, **purpose_categories(purpose))]


def _user_factor_trip(factor_id: str, distance: Any, *, travellers: int, occupants: int | None,
                      round_trip: bool, purpose: str, label: str, data_quality: DataQuality,
                      site: str) -> list[ActivityLine]:
    """A trip with a user's factor: passenger_km, or vehicle_km shared by ``occupants``."""
    km = distance_km(distance, "distance", "12 km")
    count = check_number(travellers, "travellers", minimum=0, allow_minimum=False,
                         expected="a number of travellers >= 1")
    legs = 2 if round_trip else 1
    note = f"{_fmt(km)} km × {_fmt(count)} traveller(s)" + (" × 2 (round trip)" if round_trip else "")
    if occupants is None:
        quantity, unit = km * count * legs, "passenger_km"
    else:
        shared = check_number(occupants, "occupants", minimum=1, expected="a number of occupants >= 1")
        quantity, unit = km * count * legs / shared, "vehicle_km"
        note += f" ÷ {_fmt(shared)} occupants (vehicle counted once)"
    logger.info("trip with the user factor %s (%s)", factor_id, unit)
    text = label or f"{factor_id} {_fmt(km)} km" + (" round trip" if round_trip else "")
    return [ActivityLine(Q(quantity, unit), factor_id, label=text, domain="mobility", data_quality=data_quality,
                         note=note + "; user factor", site=site, **purpose_categories(purpose))]


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
    factor_id = car_factor_id(fuel, size)
    km = distance_km(distance, "distance", "30 km")
    n_occupants = check_number(occupants, "occupants", minimum=1, expected="a number of occupants >= 1")
    n_travellers = check_number(travellers, "travellers", minimum=0, allow_minimum=False,
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
                         data_quality=data_quality, note=note, site=site, **purpose_categories(purpose))]


# --------------------------------------------------------------------------------------
# flights


def flight(
    distance: Any = None,
    *,
    origin: tuple[float, float] | str | None = None,
    destination: tuple[float, float] | str | None = None,
    travellers: int = 1,
    round_trip: bool = False,
    contrails: bool = True,
    purpose: str = "business",
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
    site: str = "",
    detour: Any = None,
) -> list[ActivityLine]:
    """Activity line of a flight, by distance, by airport codes or by airport coordinates.

    Parameters
    ----------
    distance
        One-way flight distance [km]. Give either this or ``origin`` and ``destination``.
    origin, destination
        The airports: IATA codes (``"CDG"``, ``"JFK"``; the ``airports`` extra) or
        (latitude, longitude) [degrees]; the distance is then the great-circle distance
        (:func:`great_circle_distance`) plus ``detour``.
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
    detour
        Distance added to the great-circle distance between the airports [km]. Default: none,
        as ADEME's factors are per passenger-km of great-circle distance (see
        :mod:`~coopcarbon.domains.mobility.airports`); ``detour="95 km"``
        (:data:`~coopcarbon.domains.mobility.airports.EU_ETS_DETOUR`) applies the EU ETS
        convention.

    Returns
    -------
    list[ActivityLine]
        One line in ``passenger_km`` with factor ``mobility.plane.{band}.{with|without}_contrails``;
        for airports, its note shows the great-circle distance and any detour added.

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
    how = route = ""
    if distance is None:
        if origin is None or destination is None:
            raise _error("distance", "no distance and no airport pair",
                         "distance='1200 km' or origin=(lat, lon), destination=(lat, lon)")
        km, how, route = _airport_distance(origin, destination, detour)
    else:
        km = distance_km(distance, "distance", "1200 km")
    count = check_number(travellers, "travellers", minimum=0, allow_minimum=False,
                    expected="a number of travellers >= 1")
    band = plane_band(Q(km, "km"))
    variant = "with_contrails" if contrails else "without_contrails"
    legs = 2 if round_trip else 1
    pkm = km * count * legs
    text = label or (f"flight {route}{_fmt(round(km, 1))} km ({band.replace('_', '-')})"
                     + (" round trip" if round_trip else "")
                     + ("" if contrails else " (without contrails)"))
    note = (how + f"{_fmt(km)} km × {_fmt(count)} traveller(s)"
            + (" × 2 (round trip)" if round_trip else "")
            + ("; contrails and other non-CO2 effects included" if contrails
               else "; WITHOUT contrails and other non-CO2 effects"))
    return [ActivityLine(Q(pkm, "passenger_km"), f"mobility.plane.{band}.{variant}", label=text,
                         domain="mobility", data_quality=data_quality, note=note, site=site,
                         **purpose_categories(purpose))]


def _airport_distance(origin: Any, destination: Any, detour: Any) -> tuple[float, str, str]:
    """Distance of a flight between airports [km] (great circle + detour if given), how found, route label.

    The route is ``"CDG–JFK "`` for airports given by code, else empty.
    """
    ends: list[tuple[float, float]] = []
    names: list[str] = []
    for point, name in ((origin, "origin"), (destination, "destination")):
        if is_airport_code(point):
            found = airport(point, name)
            ends.append(found.coordinates)
            names.append(f"{found.code} ({found.city})")
        else:
            ends.append(point)
            names.append(str(point))
    circle = scalar(great_circle_distance(ends[0], ends[1]), "distance")
    extra = 0.0 if detour is None else distance_km(detour, "detour", "95 km")
    how = f"great-circle distance {_fmt(round(circle, 1))} km between {names[0]} and {names[1]}; "
    if not extra:
        how += "no detour added (ADEME's factors are per great-circle km: DGAC TARMAAC); "
    elif extra == EU_ETS_DETOUR:
        how += f"+ {_fmt(extra)} km detour (EU ETS convention: Directive 2003/87/EC, Annex IV, part B); "
    else:
        how += f"+ {_fmt(extra)} km detour; "
    logger.info("flight %s → %s: %.1f km great circle + %g km detour", names[0], names[1], circle, extra)
    codes = [p.strip().upper() for p in (origin, destination) if is_airport_code(p)]
    return circle + extra, how, "–".join(codes) + " " if len(codes) == 2 else ""
