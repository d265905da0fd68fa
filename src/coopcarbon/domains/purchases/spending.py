"""Spending by sector, as monetary-ratio activity lines, with the consumer price index between years."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from ...activities import ActivityLine, DataQuality
from ...errors import CoopCarbonWarning
from ...units import Q, as_quantity
from .._checks import argument_error as _error
from .._checks import check_choice, check_year
from .._checks import fmt as _fmt
from .._checks import library_or_default as _library

if TYPE_CHECKING:
    from ...factors.library import FactorLibrary


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


#: Parameter id prefix of the yearly consumer-price change (INSEE IPC, annual average, %).
CPI_PARAMETER: Final = "purchases.parameter.cpi_change."


DOMAIN: Final = "purchases"


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
    return CATEGORIES[check_choice(category, "category", CATEGORIES)]


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
    latest = latest_price_year(lib)
    ratio = 1.0
    for year in range(first + 1, min(last, latest or last) + 1):
        parameter = lib.parameters.get(f"{CPI_PARAMETER}{year}")
        if parameter is None:
            known = _cpi_years(lib)
            span = f"{known[0] - 1}-{known[-1]}" if known else "none"
            raise _error("year", f"no consumer-price change for {year} in the tables "
                         f"(needed to deflate {from_year} euros to {to_year})",
                         f"a spending year within {span}",
                         "pass price_index={year: level, ...} (e.g. INSEE IPC annual averages)")
        ratio *= 1.0 + float(parameter.value.to("dimensionless").magnitude)
    if latest is not None and last > latest:
        warnings.warn(f"no consumer-price change for {latest + 1}-{last} in the tables: euros of "
                      f"{last} are taken at the {latest} price level (INSEE publishes a year's "
                      "average in January of the next); give price_index to do better",
                      CoopCarbonWarning, stacklevel=3)
    return ratio if to_year > from_year else 1.0 / ratio


def _cpi_years(library: FactorLibrary) -> list[int]:
    return sorted(int(p.removeprefix(CPI_PARAMETER)) for p in library.parameters
                  if p.startswith(CPI_PARAMETER))


def latest_price_year(library: FactorLibrary | None = None) -> int | None:
    """The last year whose consumer-price change is in the tables (``None`` if there is none).

    Spending of a later year is taken at this year's price level, with a warning: the index is
    published in January of the following year (INSEE, *Informations rapides*).

    Examples
    --------
    >>> latest_price_year()
    2025
    """
    years = _cpi_years(_library(library))
    return years[-1] if years else None


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
        latest = None if price_index is not None else latest_price_year(lib)
        if latest is not None and max(year, factor.year) > latest:
            how += f"; the index stops in {latest}: later years at its {latest} level"
        text = (f"{_fmt(keur)} kEUR excl. VAT spent in {year} × {ratio:.4f} = {_fmt(deflated)} kEUR "
                f"of {factor.year} ({how}); monetary ratio, estimate")
    if note:
        text = f"{note}; {text}"
    return [ActivityLine(
        Q(deflated, "kEUR"), factor_id, label=label or f"Purchases — {category}",
        scope=3 if capital else None, ghg_category=2 if capital else None,
        beges_post="4.2" if capital else None, domain=DOMAIN,
        data_quality=DataQuality(data_quality), group=group, site=site, note=text)]
