"""Meals, hotel nights and digital services (cloud, storage, video conferencing), as activity lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

from ...activities import ActivityLine, DataQuality
from ...units import Q, as_quantity
from .._checks import argument_error as _error
from .._checks import check_choice, check_count
from .._checks import fmt as _fmt
from .spending import DOMAIN, spend

if TYPE_CHECKING:
    from ...factors.library import FactorLibrary


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


_HOTELS: Final[Mapping[str, str]] = MappingProxyType({
    "ademe": "accommodation.hotel_night", "ngc": "accommodation.hotel_night.ngc"})


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
    n = check_count(count, "count", "meal", "120 meal")
    factor_id = kind if isinstance(kind, str) and kind.startswith("meal.") else (
        MEAL_KINDS[check_choice(kind, "kind", MEAL_KINDS)])
    if n == 0:
        return []
    return [ActivityLine(Q(n, "meal"), factor_id, label=label or f"Meals — {kind}",
                         domain=DOMAIN, data_quality=DataQuality(data_quality), group=group,
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
    n = check_count(total, "total", "meal", "2000 meal")
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
    n = check_count(nights, "nights", "night", "12 night")
    key = check_choice(source, "source", _HOTELS)
    if n == 0:
        return []
    return [ActivityLine(Q(n, "night"), _HOTELS[key], label=label or "Hotel nights",
                         domain=DOMAIN, data_quality=DataQuality(data_quality), group=group,
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
    duration = check_count(years, "years", "year", "1 year")
    quantity = gigabytes * duration
    if quantity == 0:
        return []
    return [ActivityLine(Q(quantity, "GB * year"), "digital.cloud_storage",
                         label=label or "Cloud storage", domain=DOMAIN,
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
    duration = check_count(hours, "hours", "hour", "40 h")
    people = check_count(participants, "participants", "dimensionless", "3")
    quantity = duration * people
    if quantity == 0:
        return []
    return [ActivityLine(Q(quantity, "hour"), "digital.videoconference",
                         label=label or "Video conferencing", domain=DOMAIN,
                         data_quality=DataQuality(data_quality), group="digital", site=site,
                         note=f"{_fmt(duration)} h × {_fmt(people)} participant(s)")]
