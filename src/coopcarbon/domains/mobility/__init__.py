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

from .commute import CommuteRespondent, avoided_commute, commute, telework, telework_days
from .fleet import fleet_distance, fleet_fuel
from .modes import (
    CAR_FUELS,
    CAR_SIZES,
    DEFAULT_WEEKS_PER_YEAR,
    EARTH_RADIUS,
    FLEET_FUELS,
    MODES,
    PLANE_BANDS,
    TELEWORK_PARAMETER,
    great_circle_distance,
    mode_factor_id,
    plane_band,
)
from .trips import car_trip, flight, trip

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
