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

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

import pint

from ..activities import ActivityLine, DataQuality
from ..units import Q, as_quantity
from ._checks import argument_error as _error
from ._checks import check_year
from ._checks import fmt as _fmt
from ._checks import library_or_default as _library
from ._checks import suggest as _suggest

if TYPE_CHECKING:
    from ..factors.library import FactorLibrary

__all__ = [
    "CATEGORIES",
    "CPI_PARAMETER",
    "FURNITURE_KINDS",
    "MEAL_KINDS",
    "Furniture",
    "TravelLeg",
    "category_factor_id",
    "cloud",
    "event",
    "furniture",
    "hotel_nights",
    "meal_survey",
    "meals",
    "price_ratio",
    "spend",
    "storage",
    "videoconference",
    "waste",
]

#: Spending categories → monetary ratio ids (kgCO2e per kEUR excluding VAT). Any factor id
#: starting with ``purchases.`` (e.g. from a user's overlay table) is accepted as well.
CATEGORIES: Final[Mapping[str, str]] = MappingProxyType({
    "it_services": "purchases.services.it_programming_consulting",
    "legal_accounting_consulting": "purchases.services.legal_accounting_management_consulting",
    "insurance": "purchases.services.insurance",
    "financial": "purchases.services.financial_excl_insurance",
    "professional_services": "purchases.services.other_professional_scientific_technical",
    "health": "purchases.services.human_health",
    "telecom": "purchases.services.post_telecom.legacy",
    "paper": "purchases.goods.paper_cardboard",
    "it_equipment": "purchases.goods.computer_electronic_optical",
    "furniture": "purchases.goods.furniture",
    "machinery": "purchases.goods.machinery_equipment",
    "other_goods": "purchases.goods.other_manufactured",
    "pharmaceutical": "purchases.goods.pharmaceutical",
})

#: Meal kinds → factor ids (kgCO2e per meal; Nos Gestes Climat meal types, Agribalyse-based).
MEAL_KINDS: Final[Mapping[str, str]] = MappingProxyType({
    "red_meat": "meal.red_meat",
    "white_meat": "meal.white_meat",
    "white_fish": "meal.white_fish",
    "oily_fish": "meal.oily_fish",
    "vegetarian": "meal.vegetarian",
    "vegan": "meal.vegan",
    "breakfast": "meal.breakfast.continental",
    "beef": "meal.beef.impactco2",
    "chicken": "meal.chicken.impactco2",
    "pork": "meal.pork.impactco2",
})

#: Furniture kinds → factor ids (kgCO2e per item, Impact CO2).
FURNITURE_KINDS: Final[Mapping[str, str]] = MappingProxyType({
    "chair": "furniture.chair.wood",
    "table": "furniture.table.wood",
    "desk": "furniture.table.wood",
    "wardrobe": "furniture.wardrobe",
    "cabinet": "furniture.wardrobe",
    "sofa": "furniture.sofa.fabric",
})

#: Parameter id prefix of the yearly consumer-price change (INSEE IPC, annual average, %).
CPI_PARAMETER: Final = "purchases.parameter.cpi_change."

_HOTELS: Final[Mapping[str, str]] = MappingProxyType({
    "ademe": "accommodation.hotel_night", "ngc": "accommodation.hotel_night.ngc"})
_DOMAIN: Final = "purchases"


# --------------------------------------------------------------------------------------
# small checks


def _key(name: Any, field_name: str, choices: Mapping[str, str]) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _error(field_name, f"{name!r} is not a name", "one of " + ", ".join(choices))
    key = name.strip().casefold().replace("-", "_").replace(" ", "_")
    if key not in choices:
        raise _error(field_name, f"unknown {field_name} {name!r}", "one of " + ", ".join(choices),
                     _suggest(key, choices))
    return key


def _count(value: Any, field_name: str, unit: str, example: str) -> float:
    """A non-negative count given as a number or a quantity of ``unit``."""
    if isinstance(value, (str, pint.Quantity)):
        quantity = as_quantity(value, unit, field_name, example=example)
        number = float(quantity.to(unit).magnitude)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _error(field_name, f"{value!r} is not a number", f"a number >= 0 or {example!r}")
    else:
        number = float(value)
    if not math.isfinite(number) or number < 0:
        raise _error(field_name, f"{value!r} is negative or not finite", "a number >= 0")
    return number


# --------------------------------------------------------------------------------------
# monetary ratios


def category_factor_id(category: str) -> str:
    """Monetary ratio id of a spending category (a key of :data:`CATEGORIES` or a ``purchases.`` id).

    Raises
    ------
    InputError
        For an unknown category, naming the nearest ones.
    """
    if isinstance(category, str) and category.startswith("purchases."):
        return category
    return CATEGORIES[_key(category, "category", CATEGORIES)]


def price_ratio(
    from_year: int,
    to_year: int,
    *,
    price_index: Mapping[int, float] | None = None,
    library: FactorLibrary | None = None,
) -> float:
    r"""Price level of ``to_year`` divided by that of ``from_year`` (French consumer prices).

    Parameters
    ----------
    from_year
        Year the money was spent.
    to_year
        Monetary year of the ratio (the factor's ``year``).
    price_index
        Optional index levels by year (any base), e.g. INSEE's annual averages; when given,
        the ratio is ``price_index[to_year] / price_index[from_year]`` and the tables are not
        read.
    library
        Factor library holding the parameters ``purchases.parameter.cpi_change.<year>``
        (default :func:`coopcarbon.load_factors`).

    Returns
    -------
    float
        :math:`P_{to} / P_{from}`; multiply euros of ``from_year`` by it to get euros of
        ``to_year``.

    Raises
    ------
    InputError
        A year whose price change is not in the tables (nor in ``price_index``).

    Notes
    -----
    With yearly annual-average changes :math:`r_t` (in %),
    :math:`P_{to}/P_{from} = \prod_{t=from+1}^{to} (1 + r_t/100)` when ``to > from``, and its
    inverse otherwise. INSEE publishes :math:`r_t` rounded to 0.1 %, so the chained ratio can
    differ from the ratio of published index levels by about 0.05 % a year — negligible
    beside a monetary ratio's uncertainty.

    Examples
    --------
    >>> round(price_ratio(2022, 2023, price_index={2022: 100.0, 2023: 104.9}), 3)
    1.049
    """
    check_year(from_year, "year")
    check_year(to_year, "reference_year")
    if from_year == to_year:
        return 1.0
    if price_index is not None:
        missing = [y for y in (from_year, to_year) if y not in price_index]
        if missing:
            raise _error("price_index", f"no index level for {', '.join(map(str, missing))}",
                         "index levels by year, covering the spending year and the ratio's year")
        low, high = price_index[from_year], price_index[to_year]
        if not (low > 0 and high > 0 and math.isfinite(low) and math.isfinite(high)):
            raise _error("price_index", "index levels must be finite and > 0", "e.g. {2022: 111.86}")
        return float(high / low)
    lib = _library(library)
    first, last = sorted((from_year, to_year))
    ratio = 1.0
    for year in range(first + 1, last + 1):
        parameter = lib.parameters.get(f"{CPI_PARAMETER}{year}")
        if parameter is None:
            known = sorted(int(p.removeprefix(CPI_PARAMETER)) for p in lib.parameters
                           if p.startswith(CPI_PARAMETER))
            span = f"{known[0] - 1}-{known[-1]}" if known else "none"
            raise _error("year", f"no consumer-price change for {year} in the tables "
                         f"(needed to deflate {from_year} euros to {to_year})",
                         f"a spending year within {span}",
                         "pass price_index={year: level, ...} (e.g. INSEE IPC annual averages)")
        ratio *= 1.0 + float(parameter.value.to("dimensionless").magnitude)
    return ratio if to_year > from_year else 1.0 / ratio


def spend(
    amount: Any,
    category: str,
    *,
    year: int,
    label: str = "",
    capital: bool = False,
    price_index: Mapping[int, float] | None = None,
    library: FactorLibrary | None = None,
    group: str = "purchases",
    site: str = "",
    note: str = "",
    data_quality: DataQuality | str = DataQuality.ESTIMATED,
) -> list[ActivityLine]:
    r"""Activity line of money spent in a sector, valued with its monetary ratio.

    Parameters
    ----------
    amount
        Amount spent **excluding VAT** [EUR or kEUR], e.g. ``"12000 EUR"``, ``"12 kEUR"``.
    category
        A key of :data:`CATEGORIES` (``"it_services"``, ``"paper"``...) or a monetary ratio id
        (``purchases.…``).
    year
        Year the money was spent (deflated to the ratio's monetary year).
    label
        Text shown in reports (default: the category).
    capital
        A capitalised purchase (fixed asset): reported as capital goods (GHG category 2,
        BEGES post 4.2) in the year of purchase, instead of the ratio's default category.
    price_index
        Index levels by year to deflate with instead of the bundled INSEE changes
        (see :func:`price_ratio`).
    library
        Factor library (default :func:`coopcarbon.load_factors`).
    group, site, note
        Free text kept in reports.
    data_quality
        Default ``estimated`` (±30 %): a spend only approximates the physical flows.

    Returns
    -------
    list[ActivityLine]
        One line in kEUR of the ratio's year, ``domain="purchases"``; none for a zero amount.

    Raises
    ------
    InputError
        Unknown category, negative amount, a year outside the price index.
    UnitMismatchError
        An amount that is not money.

    Notes
    -----
    Quantity :math:`q = A_{y} \times P_{R} / P_{y}` (kEUR of year :math:`R`), where :math:`R` is
    the ratio's ``year`` and :math:`P` the consumer price index (:func:`price_ratio`). Ratios
    whose id ends in ``.legacy`` (monetary year not stated by their source) are not deflated.

    Examples
    --------
    >>> [line] = spend("10 kEUR", "paper", year=2022, price_index={2022: 100, 2023: 105})
    >>> round(line.quantity.to("kEUR").magnitude, 6)
    10.5
    """
    money = as_quantity(amount, "[currency]", "amount", example="12000 EUR")
    try:
        keur = float(money.to("kEUR").magnitude)
    except TypeError:
        raise _error("amount", "an array was given", "one amount such as '12000 EUR'") from None
    check_year(year, "year")
    factor_id = category_factor_id(category)
    lib = _library(library)
    factor = lib[factor_id]
    if keur == 0:
        return []
    if factor_id.endswith(".legacy"):
        ratio = 1.0
        deflated = keur
        text = (f"{_fmt(keur)} kEUR excl. VAT spent in {year}, not deflated: legacy ratio whose "
                "monetary year is not stated (order of magnitude only); monetary ratio, estimate")
    else:
        ratio = price_ratio(year, factor.year, price_index=price_index, library=lib)
        deflated = keur * ratio
        how = ("user-given price index" if price_index is not None
               else "INSEE consumer price index, annual averages")
        text = (f"{_fmt(keur)} kEUR excl. VAT spent in {year} × {ratio:.4f} = {_fmt(deflated)} kEUR "
                f"of {factor.year} ({how}); monetary ratio, estimate")
    if note:
        text = f"{note}; {text}"
    return [ActivityLine(
        Q(deflated, "kEUR"), factor_id, label=label or f"Purchases — {category}",
        scope=3 if capital else None, ghg_category=2 if capital else None,
        beges_post="4.2" if capital else None, domain=_DOMAIN,
        data_quality=DataQuality(data_quality), group=group, site=site, note=text)]


# --------------------------------------------------------------------------------------
# meals and hotels


def meals(
    count: Any,
    kind: str,
    *,
    label: str = "",
    data_quality: DataQuality | str = DataQuality.MEASURED,
    group: str = "meals",
    site: str = "",
) -> list[ActivityLine]:
    """Activity line of meals paid by the organisation (canteen count, restaurant receipts).

    Parameters
    ----------
    count
        Number of meals [meal] (``120`` or ``"120 meal"``).
    kind
        A key of :data:`MEAL_KINDS` (``"vegetarian"``, ``"white_meat"``, ``"red_meat"``...) or
        a ``meal.`` factor id.
    label, group, site
        Free text kept in reports.
    data_quality
        ``measured`` for a canteen count or receipts (default); ``estimated`` for a survey.

    Returns
    -------
    list[ActivityLine]
        One line in ``meal`` (none for zero meals), GHG category 1, BEGES post 4.1.

    References
    ----------
    .. [1] Nos Gestes Climat, ``data/empreinte/alimentation/repas.publicodes`` (Agribalyse).
    """
    n = _count(count, "count", "meal", "120 meal")
    factor_id = kind if isinstance(kind, str) and kind.startswith("meal.") else (
        MEAL_KINDS[_key(kind, "kind", MEAL_KINDS)])
    if n == 0:
        return []
    return [ActivityLine(Q(n, "meal"), factor_id, label=label or f"Meals — {kind}",
                         domain=_DOMAIN, data_quality=DataQuality(data_quality), group=group,
                         site=site, note=f"{_fmt(n)} meals ({factor_id})")]


def meal_survey(
    total: Any,
    shares: Mapping[str, float],
    *,
    label: str = "",
    group: str = "meals",
    site: str = "",
) -> list[ActivityLine]:
    r"""Activity lines of meals split by kind from a survey's shares.

    Parameters
    ----------
    total
        Meals in the year [meal] (e.g. working days × people eating at work).
    shares
        Fraction of meals of each kind (keys of :data:`MEAL_KINDS`), summing to 1.
    label, group, site
        Free text kept in reports.

    Returns
    -------
    list[ActivityLine]
        One ``estimated`` line per kind with a share > 0: :math:`n_k = total \times s_k`.

    Raises
    ------
    InputError
        Shares that are negative or do not sum to 1 (±0.001), unknown kinds.
    """
    n = _count(total, "total", "meal", "2000 meal")
    if not isinstance(shares, Mapping) or not shares:
        raise _error("shares", "no shares", "a mapping kind → fraction, e.g. {'vegetarian': 0.4}")
    values = {}
    for kind, share in shares.items():
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            raise _error(f"shares.{kind}", f"{share!r} is not a fraction", "a number in [0, 1]")
        values[kind] = float(share)
    if abs(sum(values.values()) - 1.0) > 1e-3:
        raise _error("shares", f"shares sum to {sum(values.values()):g}", "shares summing to 1")
    lines: list[ActivityLine] = []
    for kind, share in values.items():
        for line in meals(n * share, kind, label=label and f"{label} — {kind}",
                          data_quality=DataQuality.ESTIMATED, group=group, site=site):
            lines.append(replace(line, note=f"{line.note}; survey share {share:g} of {_fmt(n)} meals"))
    return lines


def hotel_nights(
    nights: Any,
    *,
    source: Literal["ademe", "ngc"] = "ademe",
    label: str = "",
    data_quality: DataQuality | str = DataQuality.MEASURED,
    group: str = "business_travel",
    site: str = "",
) -> list[ActivityLine]:
    """Activity line of hotel nights of business travel (GHG category 6, BEGES post 3.5).

    Parameters
    ----------
    nights
        Room-nights [night] (``12`` or ``"12 night"``).
    source
        ``"ademe"`` (ADEME tourism study 2022, 4.3 kgCO2e/night, default) or ``"ngc"`` (Nos
        Gestes Climat hypothesis).
    label, data_quality, group, site
        As in :func:`meals`.

    Returns
    -------
    list[ActivityLine]
        One line in ``night`` (none for zero nights).
    """
    n = _count(nights, "nights", "night", "12 night")
    key = _key(source, "source", _HOTELS)
    if n == 0:
        return []
    return [ActivityLine(Q(n, "night"), _HOTELS[key], label=label or "Hotel nights",
                         domain=_DOMAIN, data_quality=DataQuality(data_quality), group=group,
                         site=site, note=f"{_fmt(n)} nights")]


# --------------------------------------------------------------------------------------
# digital services


def cloud(
    amount: Any,
    *,
    year: int,
    label: str = "",
    price_index: Mapping[int, float] | None = None,
    library: FactorLibrary | None = None,
    site: str = "",
) -> list[ActivityLine]:
    """Cloud, hosting and SaaS bought, by spend (IT services monetary ratio).

    Parameters
    ----------
    amount
        Amount billed **excluding VAT** [EUR].
    year
        Year of the bills.
    label, price_index, library, site
        As in :func:`spend`.

    Returns
    -------
    list[ActivityLine]
        The :func:`spend` line with the ``it_services`` ratio (Programmation, conseil
        informatique, services d'information), group ``"digital"``.

    Notes
    -----
    By usage, use :func:`storage` (GB stored) and :func:`videoconference`; no per-vCPU-hour
    factor is in the tables.
    """
    return spend(amount, "it_services", year=year, label=label or "Cloud and hosting (spend)",
                 price_index=price_index, library=library, group="digital", site=site)


def storage(
    size: Any,
    years: float = 1.0,
    *,
    label: str = "",
    data_quality: DataQuality | str = DataQuality.ESTIMATED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Cloud storage by usage: data kept in a data centre.

    Parameters
    ----------
    size
        Data stored [GB] (``"500 GB"``, ``"2 TB"``).
    years
        Years it is stored within the reporting year's count (default 1).
    label, data_quality, site
        As in :func:`meals`.

    Returns
    -------
    list[ActivityLine]
        One line in GB·year with ``digital.cloud_storage`` (Impact CO2: data-centre
        manufacture and use per GB per year); :math:`q = size \times years`.
    """
    gigabytes = float(as_quantity(size, "GB", "size", example="500 GB").to("GB").magnitude)
    duration = _count(years, "years", "year", "1 year")
    quantity = gigabytes * duration
    if quantity == 0:
        return []
    return [ActivityLine(Q(quantity, "GB * year"), "digital.cloud_storage",
                         label=label or "Cloud storage", domain=_DOMAIN,
                         data_quality=DataQuality(data_quality), group="digital", site=site,
                         note=f"{_fmt(gigabytes)} GB × {_fmt(duration)} year(s)")]


def videoconference(
    hours: Any,
    *,
    participants: float = 1,
    label: str = "",
    data_quality: DataQuality | str = DataQuality.ESTIMATED,
    site: str = "",
) -> list[ActivityLine]:
    r"""Video calls: each participant's device, network and data-centre share per hour.

    Parameters
    ----------
    hours
        Duration of the calls [h] (``40`` or ``"40 h"``).
    participants
        Participants of the company per call (each is one connection) [person].
    label, data_quality, site
        As in :func:`meals`.

    Returns
    -------
    list[ActivityLine]
        One line in hours with ``digital.videoconference`` (Impact CO2 per connection-hour,
        default parameters); :math:`q = hours \times participants`.
    """
    duration = _count(hours, "hours", "hour", "40 h")
    people = _count(participants, "participants", "dimensionless", "3")
    quantity = duration * people
    if quantity == 0:
        return []
    return [ActivityLine(Q(quantity, "hour"), "digital.videoconference",
                         label=label or "Video conferencing", domain=_DOMAIN,
                         data_quality=DataQuality(data_quality), group="digital", site=site,
                         note=f"{_fmt(duration)} h × {_fmt(people)} participant(s)")]


# --------------------------------------------------------------------------------------
# furniture (capital goods)


@dataclass(frozen=True)
class Furniture:
    """Items of furniture of one kind bought the same year.

    Parameters
    ----------
    kind
        A key of :data:`FURNITURE_KINDS` (``"chair"``, ``"desk"``, ``"cabinet"``, ``"sofa"``).
    count
        Number of items [item], >= 0.
    purchase_year
        Year they were bought.
    lifetime
        Years the company keeps them [year]; needed by the ``"amortised"`` convention (the
        source gives no lifetime).
    """

    kind: str
    count: float
    purchase_year: int
    lifetime: float | None = None

    def __post_init__(self) -> None:
        _key(self.kind, "kind", FURNITURE_KINDS)
        _count(self.count, "count", "item", "12")
        check_year(self.purchase_year, "purchase_year")
        if self.lifetime is not None and (
                isinstance(self.lifetime, bool) or not isinstance(self.lifetime, (int, float))
                or not 0 < self.lifetime < math.inf):
            raise _error("lifetime", f"{self.lifetime!r} is not a lifetime", "years > 0, e.g. 10")


def furniture(
    items: Iterable[Furniture],
    *,
    reporting_year: int,
    convention: Literal["amortised", "purchase_year"] = "amortised",
    site: str = "",
) -> list[ActivityLine]:
    r"""Activity lines of office furniture as capital goods (GHG category 2, BEGES post 4.2).

    Parameters
    ----------
    items
        :class:`Furniture` groups.
    reporting_year
        Year of the bilan.
    convention
        ``"amortised"`` (Bilan Carbone, default, as for IT hardware: footprint spread linearly
        over ``lifetime``) or ``"purchase_year"`` (GHG Protocol: all in the year of purchase).
    site
        Free text kept in reports.

    Returns
    -------
    list[ActivityLine]
        One line in ``item`` per group that counts this year.

    Raises
    ------
    InputError
        A group without lifetime under ``"amortised"`` (the Impact CO2 furniture factors state
        none, and coopcarbon does not invent one), a purchase after the reporting year.

    Notes
    -----
    Amortised: :math:`q = n \cdot |[p, p+L) \cap [y, y+1)| / L` as in
    :func:`coopcarbon.domains.hardware.inventory`; purchase year: :math:`q = n` if :math:`y = p`.
    """
    check_year(reporting_year, "reporting_year")
    if convention not in ("amortised", "purchase_year"):
        raise _error("convention", f"unknown convention {convention!r}", "'amortised' or 'purchase_year'")
    lines = []
    for i, item in enumerate(items):
        if not isinstance(item, Furniture):
            raise _error(f"items[{i}]", f"{item!r} is not a Furniture", "Furniture(kind, count, year)")
        if item.purchase_year > reporting_year:
            raise _error(f"items[{i}].purchase_year", f"bought in {item.purchase_year}, after "
                         f"{reporting_year}", f"a year <= {reporting_year}")
        factor_id = FURNITURE_KINDS[_key(item.kind, "kind", FURNITURE_KINDS)]
        if convention == "purchase_year":
            share = 1.0 if item.purchase_year == reporting_year else 0.0
            how = "purchase-year convention (GHG Protocol)"
        else:
            if item.lifetime is None:
                raise _error(f"items[{i}].lifetime", f"{item.kind}: no lifetime, and the source "
                             "gives none", "a lifetime in years, e.g. Furniture(..., lifetime=10)",
                             "or use convention='purchase_year'")
            start = max(float(reporting_year), float(item.purchase_year))
            end = min(float(reporting_year + 1), item.purchase_year + item.lifetime)
            share = max(end - start, 0.0) / item.lifetime
            how = f"amortised over {_fmt(item.lifetime)} years (Bilan Carbone)"
        quantity = float(item.count) * share
        if quantity == 0:
            continue
        lines.append(ActivityLine(
            Q(quantity, "item"), factor_id, label=f"Furniture — {item.kind}", scope=3,
            ghg_category=2, beges_post="4.2", domain=_DOMAIN, group="furniture", site=site,
            note=f"{_fmt(item.count)} {item.kind}(s) bought {item.purchase_year}, {how}"))
    return lines


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
    from . import mobility

    if not isinstance(name, str) or not name.strip():
        raise _error("name", f"{name!r} is not a name", "a name such as 'AG 2024'")
    if catering is not None:
        raise _error("catering", "no monetary ratio for catering in the tables",
                     "meals counted by kind: meals={'vegetarian': 80, 'white_meat': 40}",
                     "or spend(amount, '<your overlay ratio id>', year=...)")
    group = f"event:{name}"
    lines: list[ActivityLine] = []
    for kind, count in (meals or {}).items():
        lines += meals_(count, kind, label=f"{name} — meals ({kind})")
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


meals_ = meals  # the event() parameter ``meals`` shadows the function inside it


def waste(
    mass: Any,
    material: str,
    treatment: str = "average",
    *,
    label: str = "",
    data_quality: DataQuality | str = DataQuality.ESTIMATED,
    site: str = "",
    library: FactorLibrary | None = None,
) -> list[ActivityLine]:
    """Activity line of waste produced by the organisation, by material and treatment.

    Parameters
    ----------
    mass
        Mass of waste over the year [kg] (``"350 kg"``).
    material
        ``residual`` (mixed), ``paper_cardboard``, ``plastics``, ``glass``, ``food``, ``weee``
        (electronic waste) — the ``waste.<material>`` ids of the bundled table.
    treatment
        ``average`` (the French treatment mix, where the source gives one), ``incineration``,
        ``landfill``, ``recycling``, ``composting``, ``anaerobic_digestion``.
    label, site
        Free text kept in reports.
    data_quality
        ``estimated`` by default: office waste is rarely weighed.

    Returns
    -------
    list[ActivityLine]
        One line in kg, GHG Protocol scope 3 category 5, BEGES v5 post 4.3 (none for zero).

    Notes
    -----
    ADEME's treatment factors count the treatment's emissions only; avoided emissions of
    recycling are not deducted (Base Carbone convention).

    References
    ----------
    .. [1] ADEME Base Carbone, waste treatment elements ("Déchets - Impacts"), as used by
       Nos Gestes Climat; see ``emission_factors/waste.yaml`` for each element id.
    """
    lib = _library(library)
    quantity = as_quantity(mass, "[mass]", "mass", example="350 kg")
    if not quantity.magnitude >= 0:
        raise _error("mass", f"{quantity!s} is negative", "a mass >= 0, e.g. '350 kg'")
    factor_id = f"waste.{material}.{treatment}"
    if factor_id not in lib:
        known = sorted(fid for fid in lib if fid.startswith("waste."))
        raise _error("treatment" if any(f.startswith(f"waste.{material}.") for f in known) else "material",
                     f"no waste factor {factor_id!r}", "one of " + ", ".join(known),
                     _suggest(factor_id, known))
    if quantity.magnitude == 0:
        return []
    return [ActivityLine(quantity.to("kg"), factor_id, label=label or f"Waste — {material} ({treatment})",
                         scope=3, ghg_category=5, beges_post="4.3", domain=_DOMAIN,
                         data_quality=DataQuality(data_quality), group="waste", site=site,
                         note=f"{material}, {treatment} (treatment only; avoided emissions not deducted)")]
