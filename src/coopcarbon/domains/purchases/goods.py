"""Furniture (capital goods) and waste, as activity lines."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

from ...activities import ActivityLine, DataQuality
from ...units import Q, as_quantity
from .._checks import argument_error as _error
from .._checks import check_choice, check_count, check_year
from .._checks import fmt as _fmt
from .._checks import library_or_default as _library
from .._checks import suggest as _suggest
from .spending import DOMAIN

if TYPE_CHECKING:
    from ...factors.library import FactorLibrary


#: Furniture kinds → factor ids (kgCO2e per item, Impact CO2).
FURNITURE_KINDS: Final[Mapping[str, str]] = MappingProxyType({
    "chair": "furniture.chair.wood",
    "table": "furniture.table.wood",
    "desk": "furniture.table.wood",
    "wardrobe": "furniture.wardrobe",
    "cabinet": "furniture.wardrobe",
    "sofa": "furniture.sofa.fabric",
})


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
        check_choice(self.kind, "kind", FURNITURE_KINDS)
        check_count(self.count, "count", "item", "12")
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
        factor_id = FURNITURE_KINDS[check_choice(item.kind, "kind", FURNITURE_KINDS)]
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
            ghg_category=2, beges_post="4.2", domain=DOMAIN, group="furniture", site=site,
            note=f"{_fmt(item.count)} {item.kind}(s) bought {item.purchase_year}, {how}"))
    return lines


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
                         scope=3, ghg_category=5, beges_post="4.3", domain=DOMAIN,
                         data_quality=DataQuality(data_quality), group="waste", site=site,
                         note=f"{material}, {treatment} (treatment only; avoided emissions not deducted)")]
