"""The company fleet: fuel bought at the pump, or distance driven, as scope-1 activity lines."""

from __future__ import annotations

from typing import Any, Final

from ...activities import ActivityLine, DataQuality
from ...units import Q, as_quantity
from .._checks import argument_error as _error
from .._checks import fmt as _fmt
from .._checks import normalise as _normalise
from .._checks import scalar
from .._checks import suggest as _suggest
from ..parts import COMBUSTION_MOBILE, MANUFACTURE, UPSTREAM, Part, split_line
from .modes import (
    CAR_FUELS,
    FLEET_FUELS,
    MODES,
    canonical_mode,
    car_factor_id,
    car_parts,
    distance_km,
    is_car_mode,
    user_factor_id,
)

#: Fleet fuels whose factor is split (arrêté du 26 avril 2017, annex: phase de fonctionnement
#: and phase amont, kgCO2e/L): :func:`fleet_fuel` books combustion in scope 1 (post 1.2) and
#: upstream in scope 3 category 3 (post 4.1). Petrol is the annex's E10 row (the French
#: pump's most sold petrol). diesel_b10 and lpg are not split (no split source read); nor is
#: e85, whose annex total (1.46) is 31 % above the newer ADEME figure the table uses (1.11).
FUEL_PARTS: Final[dict[str, tuple[tuple[str, Part], ...]]] = {
    fuel: ((f"energy.fuel.{name}.combustion", COMBUSTION_MOBILE),
           (f"energy.fuel.{name}.upstream", UPSTREAM))
    for fuel, name in (("diesel", "diesel"), ("petrol", "petrol_e10"))
}

_ADEME_CARS: Final = {"diesel": "diesel.ademe_43788", "petrol": "petrol.ademe_43787",
                      "electric": "electric.ademe_28007"}
#: Company cars by distance whose per-km factor is split (key: fuel, size). Diesel and petrol
#: average cars: ADEME Base Carbone elements 43788 and 43787 (2023, per vehicle-km; they
#: replace the 2018 elements 27966 and 27965, archived in Base Carbone V23.6); electric:
#: element 28007 (2018, « Valide générique »: no current electric-car element is bundled).
#: Each with its posts Combustion (scope 1), Amont (scope 3 category 3, post 4.1; for the
#: electric car the electricity, scope 2 post 2.1) and Fabrication (capital goods, post 4.2).
#: Hybrids: the use part (fuel and upstream, not split by the source: scope 1) and the
#: manufacture part of the compact car's total.
DISTANCE_PARTS: Final[dict[tuple[str, str | None], tuple[tuple[str, Part], ...]]] = {
    **{(fuel, None): ((f"mobility.car.{element}.combustion", COMBUSTION_MOBILE),
                      (f"mobility.car.{element}.upstream",
                       Part("upstream (electricity)", 2, None, "2.1") if fuel == "electric"
                       else UPSTREAM),
                      (f"mobility.car.{element}.manufacture", MANUFACTURE))
       for fuel, element in _ADEME_CARS.items()},
    **{(fuel, size): ((f"mobility.car.compact.{fuel}.use", Part("use", 1, None, "1.2")),
                      (f"mobility.car.compact.{fuel}.manufacture", MANUFACTURE))
       for fuel in ("hybrid", "plugin_hybrid") for size in (None, "compact")},
}

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
        ``"lpg"``; or the id of a factor per litre from a user table (``"custom.fuel.b100"``).
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        Lines in litres, group ``"fleet"``: for the fuels of :data:`FUEL_PARTS`, one
        combustion line (scope 1, post 1.2) and one upstream line (scope 3 category 3, post
        4.1) adding up to the undivided figure; otherwise one line in scope 1.

    Notes
    -----
    The preferred method when fuel receipts exist: emissions follow the litres actually
    burnt. The per-litre factors cover combustion and upstream (well-to-wheel); the split
    fuels book each in its own scope.

    References
    ----------
    .. [1] ADEME Base Empreinte road fuels, France continentale, kgCO2e per litre.
    """
    custom = user_factor_id(fuel)
    key = custom or _normalise(fuel)
    if custom is None and key not in FLEET_FUELS:
        raise _error("fuel", f"unknown fleet fuel {fuel!r}", ", ".join(FLEET_FUELS),
                     _suggest(key, FLEET_FUELS))
    checked = as_quantity(volume, "[length] ** 3", "volume", example="1200 L")
    litres = scalar(checked.to("L"), "volume")
    line = ActivityLine(Q(litres, "L"), custom or FLEET_FUELS[key], label=label or f"Fleet fuel — {key}",
                        scope=1, ghg_category=None, beges_post="1.2", domain="mobility",
                        data_quality=data_quality, site=site, group="fleet",
                        note=f"{_fmt(litres)} L of {key} bought (receipts)")
    return split_line(line, FUEL_PARTS[key]) if key in FUEL_PARTS else [line]


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
        (``"hybrid"``) for the average-size car; or the id of a factor per vehicle_km from a
        user table (``"custom.van.electric"``).
    label, data_quality, site
        As in :func:`trip`.

    Returns
    -------
    list[ActivityLine]
        Lines in ``vehicle_km``, group ``"fleet"``: one per part of :data:`DISTANCE_PARTS`
        (combustion or use in scope 1, upstream, manufacture in capital goods), else one
        line in scope 1.

    Notes
    -----
    The per-km car factors are life-cycle figures: they include the fuel's upstream and the
    vehicle's manufacture, which belong to scope 3; the car types of :data:`DISTANCE_PARTS`
    are booked part by part, the others stay whole in scope 1. Use :func:`fleet_fuel` when
    the litres are known. Give one line per vehicle type so that a fleet moving to hybrids
    or electric cars shows the change.
    """
    if not isinstance(vehicle, str):
        raise _error("vehicle", f"{vehicle!r} is not a vehicle type", "e.g. 'car.hybrid'")
    custom = user_factor_id(vehicle)
    if custom is not None:
        return _user_vehicle(distance, custom, label, data_quality, site)
    key = _normalise(vehicle)
    if key in CAR_FUELS:
        key = f"car.{key}"
    key = canonical_mode(key, "vehicle")
    if not is_car_mode(key) or key == "carpool":
        raise _error("vehicle", f"{vehicle!r} is not a car type", "a car mode such as 'car.hybrid'",
                     _suggest(f"car.{key}", [m for m in MODES if m.startswith("car.")]))
    fuel, size = car_parts(key)
    factor_id = car_factor_id(fuel, size)
    km = distance_km(distance, "distance", "25000 km")
    parts = DISTANCE_PARTS.get((fuel, size))
    if parts:
        line = ActivityLine(Q(km, "vehicle_km"), factor_id, label=label or f"Fleet — {key}",
                            domain="mobility", data_quality=data_quality, site=site,
                            group="fleet", note=f"{_fmt(km)} km driven")
        return split_line(line, parts)
    return [ActivityLine(Q(km, "vehicle_km"), factor_id, label=label or f"Fleet — {key}",
                         scope=1, ghg_category=None, beges_post="1.2", domain="mobility",
                         data_quality=data_quality, site=site, group="fleet",
                         note=(f"{_fmt(km)} km driven; the per-km factor includes fuel upstream "
                               "and "
                               "vehicle manufacture (life cycle), reported in scope 1 here "
                               "(no split factor for this car type)"))]


def _user_vehicle(distance: Any, factor_id: str, label: str, data_quality: DataQuality, site: str
                  ) -> list[ActivityLine]:
    """Distance driven by vehicles with a user's factor (per vehicle_km), scope 1."""
    km = distance_km(distance, "distance", "25000 km")
    return [ActivityLine(Q(km, "vehicle_km"), factor_id, label=label or f"Fleet — {factor_id}", scope=1,
                         ghg_category=None, beges_post="1.2", domain="mobility", data_quality=data_quality,
                         site=site, group="fleet", note=f"{_fmt(km)} km driven; user factor")]
