"""Purchases: spending by monetary ratio, meals, hotel nights, digital services, furniture, events.

Every function turns what a company knows (a ledger amount, a canteen count, hours of video
calls, a furniture inventory, the budget of an event) into
:class:`~coopcarbon.activities.ActivityLine` records; none multiplies by an emission factor
(:func:`coopcarbon.engine.compute_lines` does).

Reporting categories set on the lines (GHG Protocol scope 3 category, BEGES v5 post):

=========================  ========  ====  ==========================================
lines                      category  post  factors
=========================  ========  ====  ==========================================
goods bought (spend)       1         4.1   ``purchases.goods.*`` (kgCO2e/kEUR excl. VAT)
services bought (spend)    1         4.5   ``purchases.services.*`` (kgCO2e/kEUR excl. VAT)
capitalised goods (spend)  2         4.2   ``spend(..., capital=True)``
meals paid by the company  1         4.1   ``meal.*`` (kgCO2e/meal)
hotel nights               6         3.5   ``accommodation.hotel_night*`` (kgCO2e/night)
digital services           1         4.5   ``digital.*`` (per hour, per GB-year)
furniture                  2         4.2   ``furniture.*`` (kgCO2e/item)
event guests' travel       9         3.4   ``mobility.*`` (visitors; staff travel: 6 / 3.5)
savings and investments    15        5.4   the institution's intensity (``financed``)
=========================  ========  ====  ==========================================

Monetary ratios
---------------
A monetary ratio gives the supply-chain emissions of one k€ **excluding VAT** spent in a
sector, for the euros of one year (its ``year`` in the table, 2023 for the bundled ratios).
Spending of another year is first expressed in euros of the ratio's year with the French
consumer price index (:func:`price_ratio`), as ADEME's documentation asks: the ratios change
with inflation [1]_. Monetary lines are *estimates*: their activity uncertainty is the
``estimated`` grade (±30 %: a spend stands for physical flows it only approximates, and the
price index is a national average), and the ratios' own uncertainty comes from their quality
scores (±57 % for the bundled 2023 ratios, secondary quotes of sector averages); combined, a
line carries about ±64 % — the order of the ~80 % that ADEME is quoted as giving monetary data
(secondary: a National Assembly hearing, see docs/explanations/factor-choices.md). Use physical
factors (devices, meals, trips) whenever quantities are known.

Waste is not covered: no sourced ADEME waste-treatment factor was found in the reference data.

References
----------
.. [1] ADEME, Base Carbone documentation, "Ratios monétaires"
   (prod-basecarbonesolo.ademe-dri.fr/documentation/UPLOAD_DOC_FR/ratio-monetaires_3.htm):
   factors in kgCO2e/k€ HT for a given year, from the SDES/INSEE carbon-footprint work; their
   change over time mixes method, physical change and inflation.
.. [2] INSEE, consumer price index (IPC), base 2015, all households, France, annual averages
   (parameters ``purchases.parameter.cpi_change.<year>`` of the purchases table).
.. [3] WRI/WBCSD, *Corporate Value Chain (Scope 3) Standard* (2011), categories 1, 2, 6 and 9.

Examples
--------
>>> from coopcarbon.domains import purchases
>>> [line] = purchases.spend("12000 EUR", "it_services", year=2023)
>>> line.factor_id, line.quantity
('purchases.services.it_programming_consulting', <Quantity(12.0, 'kEUR')>)
>>> [lunch] = purchases.meals(120, "vegetarian")
>>> lunch.quantity
<Quantity(120.0, 'meal')>
"""

from .events import TravelLeg, event
from .finance import FINANCIAL_PRODUCTS, financed
from .goods import FURNITURE_KINDS, Furniture, furniture, waste
from .services import MEAL_KINDS, cloud, hotel_nights, meal_survey, meals, storage, videoconference
from .spending import CATEGORIES, CPI_PARAMETER, category_factor_id, latest_price_year, price_ratio, spend

__all__ = [
    "CATEGORIES",
    "CPI_PARAMETER",
    "FINANCIAL_PRODUCTS",
    "FURNITURE_KINDS",
    "MEAL_KINDS",
    "Furniture",
    "TravelLeg",
    "category_factor_id",
    "cloud",
    "event",
    "financed",
    "furniture",
    "hotel_nights",
    "latest_price_year",
    "meal_survey",
    "meals",
    "price_ratio",
    "spend",
    "storage",
    "videoconference",
    "waste",
]

