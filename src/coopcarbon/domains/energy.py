"""Purchased electricity and rooftop solar: activity lines for scope 2 (both methods) and PV panels.

The helpers turn what a company knows (the kWh on its electricity bills, its supply contract,
what its solar panels produced) into :class:`~coopcarbon.activities.ActivityLine` records.
They never multiply by an emission factor: :func:`coopcarbon.engine.compute_lines` does.

Every call of :func:`electricity` returns the two Scope 2 results the GHG Protocol asks for
(dual reporting):

* **location-based** (``scope2_method="location"``): the average consumption mix of the grid
  where the electricity is used, for the reporting year (ADEME's French mix by year; other
  countries' grid factors for subsidiaries abroad). The French BEGES layout uses only this one.
  Where the source splits the mix (ADEME's French mixes 2022-2024), it is three lines: the
  generation in scope 2 (post 2.1), the upstream of the generation and the grid losses in
  scope 3 category 3 (post 4.1), adding up to the mix.
* **market-based** (``scope2_method="market"``): what the supply contract says, one of

  - :class:`SupplierMix`, a supplier's declared production mix (shares by technology, each
    converted with that technology's life-cycle factor);
  - :class:`DeclaredFactor`, a factor the supplier declares (e.g. :data:`ENERCOOP`);
  - :class:`GuaranteesOfOrigin`, a "green" offer backed only by guarantees of origin;
  - ``None``, no contractual instrument: the country's residual mix (AIB).

Examples
--------
>>> import coopcarbon as cc
>>> from coopcarbon.domains import energy
>>> lines = energy.electricity("12000 kWh", year=2024)
>>> for line in lines:
...     print(line.scope, line.beges_post, line.scope2_method, line.factor_id)
2 2.1 location energy.electricity.fr.mix_2024.generation
3 4.1 None energy.electricity.fr.mix_2024.upstream
3 4.1 None energy.electricity.fr.mix_2024.td_losses
2 2.1 market energy.electricity.residual.fr_2023

References
----------
1. WRI/WBCSD, *GHG Protocol Scope 2 Guidance* (2015), ch. 4 (dual reporting), ch. 7 (Scope 2
   Quality Criteria: energy attribute certificates such as guarantees of origin are contractual
   instruments), ch. 6.11 (residual mix when no instrument is held).
2. ADEME, Base Empreinte, "Electricité - mix moyen - consommation", one factor per year.
3. Association of Issuing Bodies (AIB), *European Residual Mixes* (data years 2023, 2025).
4. Boavizta, ``boaviztapi/data/crowdsourcing/electrical_mix.csv`` (country grid factors).
5. Ministère de la Transition écologique / ADEME, *Méthode pour la réalisation des bilans
   d'émissions de gaz à effet de serre*, v5 (2022): post 2.1, location-based.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ..activities import ActivityLine, DataQuality
from ..factors.library import FactorLibrary
from ..factors.loading import load_factors
from ..units import Q, as_quantity
from ._checks import argument_error as _problem
from ._checks import check_year, suggest
from .countries import country_code
from .grids import location_factor, residual_factor
from .parts import ELECTRICITY_PARTS, split_line

if TYPE_CHECKING:
    import pint

__all__ = [
    "ENERCOOP",
    "Contract",
    "DeclaredFactor",
    "GuaranteesOfOrigin",
    "SupplierMix",
    "country_code",
    "electricity",
    "grid_after_solar",
    "solar",
]

_DOMAIN = "energy"
_SHARE_TOLERANCE = 1e-6
_PRODUCTION = "energy.electricity.production."
_SOLAR_FACTOR = "energy.electricity.solar_pv.rooftop"

#: Spellings accepted for a technology, mapped to the suffix of its production factor id.
_TECHNOLOGY_ALIASES: Mapping[str, str] = MappingProxyType({
    "hydraulic": "hydro", "hydropower": "hydro", "hydroelectric": "hydro",
    "wind": "wind_onshore", "onshore_wind": "wind_onshore",
    "solar": "solar_pv", "pv": "solar_pv", "photovoltaic": "solar_pv",
    "natural_gas": "gas", "fuel_oil": "oil",
})


# --- contracts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierMix:
    """A supply contract described by the supplier's declared production mix.

    Parameters
    ----------
    supplier
        Name of the supplier, shown in labels.
    shares
        Share of each production technology in the supply [fraction, summing to 1], e.g.
        ``{"hydro": 0.93, "wind_onshore": 0.05, "solar_pv": 0.02}``. Keys are the suffixes of
        the ``energy.electricity.production.*`` factor ids (``"wind"``, ``"solar"`` and
        ``"pv"`` are accepted spellings).
    source
        Where the mix comes from (the supplier's disclosure, its year): required, it is
        written in every line's note.

    Raises
    ------
    InputError
        When ``shares`` is empty, has a share outside [0, 1], or does not sum to 1 within 1e-6;
        when ``source`` is empty.
    """

    supplier: str
    shares: Mapping[str, float]
    source: str

    def __post_init__(self) -> None:
        if not isinstance(self.shares, Mapping) or not self.shares:
            raise _problem("shares", f"{self.shares!r} is not a non-empty mapping",
                           "shares by technology, e.g. {'hydro': 0.93, 'wind_onshore': 0.07}")
        cleaned: dict[str, float] = {}
        for name, share in self.shares.items():
            if (isinstance(share, bool) or not isinstance(share, (int, float))
                    or not 0 <= share <= 1):
                raise _problem(f"shares[{name!r}]", f"{share!r} is not a share",
                               "a number between 0 and 1")
            technology = _technology_key(name)
            cleaned[technology] = cleaned.get(technology, 0.0) + float(share)
        total = sum(cleaned.values())
        if abs(total - 1.0) > _SHARE_TOLERANCE:
            raise _problem("shares", f"the shares sum to {total:.6g}, not 1",
                           "shares summing to 1 within 1e-6",
                           "give every technology of the supplier's disclosure, "
                           "including 'other' sources mapped to a technology")
        if not str(self.source).strip():
            raise _problem("source", "a supplier mix needs its source",
                           "the supplier's disclosure and its year, e.g. "
                           "'Enercoop, étiquette électricité 2023'")
        object.__setattr__(self, "shares", MappingProxyType(cleaned))


@dataclass(frozen=True)
class DeclaredFactor:
    """A supply contract described by an emission factor the supplier declares.

    Parameters
    ----------
    factor_id
        Id of the supplier's factor in the library (a user adds their supplier's factor to
        their own table, e.g. ``energy.electricity.supplier.my_supplier``).
    supplier
        Name of the supplier, shown in labels.
    """

    factor_id: str
    supplier: str = ""


@dataclass(frozen=True)
class GuaranteesOfOrigin:
    """A "green" offer backed only by guarantees of origin (GOs) of one technology.

    Under the GHG Protocol Scope 2 Quality Criteria a GO is a contractual instrument: the
    market-based result takes the production factor of the GO's technology.

    Parameters
    ----------
    technology
        Technology of the cancelled GOs (``"hydro"``, ``"wind_onshore"``, ``"solar_pv"``...).
    supplier
        Name of the supplier, shown in labels.
    """

    technology: str
    supplier: str = ""

    def __post_init__(self) -> None:
        _technology_key(self.technology)  # refuse an empty or non-text technology early


#: A supply contract, or ``None`` for no contractual instrument (residual mix).
Contract = SupplierMix | DeclaredFactor | GuaranteesOfOrigin | None

#: Enercoop (French cooperative supplier buying from renewable producers), by the factor it
#: declared for 2016: 12.4 gCO2e/kWh by its own method, from all sources supplied (Enercoop,
#: "Calcul des émissions de CO2 des fournisseurs d'électricité : quelle méthode utiliser ?",
#: 2017-09-06). The factor and its source live in the bundled table under this id. A
#: production-mix contract is not shipped: the only mix found (2015, press: 93 % hydro, 5 % wind)
#: leaves 2 % undetailed.
ENERCOOP = DeclaredFactor("energy.electricity.supplier.enercoop", "Enercoop")


def _technology_key(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise _problem("technology", f"{name!r} is not a technology name",
                       "a technology such as 'hydro', 'wind_onshore' or 'solar_pv'")
    key = re.sub(r"[\s\-]+", "_", name.strip().lower())
    return _TECHNOLOGY_ALIASES.get(key, key)


def _production_id(technology: str, library: FactorLibrary, field_: str) -> str:
    factor_id = _PRODUCTION + technology
    if factor_id not in library:
        known = sorted(i[len(_PRODUCTION):] for i in library if i.startswith(_PRODUCTION))
        raise _problem(field_, f"no production factor for technology {technology!r}",
                       "one of " + ", ".join(known) if known else "a production technology",
                       suggest(technology, known) or f"add {factor_id} to your own table")
    return factor_id


# --- factor selection -----------------------------------------------------------------------


# --- public helpers -------------------------------------------------------------------------


def electricity(
    energy: Any,
    *,
    year: int,
    country: str = "FR",
    contract: Contract = None,
    site: str = "",
    library: FactorLibrary | None = None,
    data_quality: DataQuality | str = DataQuality.MEASURED,
) -> list[ActivityLine]:
    r"""Activity lines for purchased grid electricity: location-based and market-based.

    Parameters
    ----------
    energy
        Electricity bought from the grid over the reporting year [kWh], as the meter or the
        bills show it (with rooftop solar, self-consumed kWh are already not in it).
    year
        Reporting year; selects the location-based mix and the residual-mix vintage.
    country
        Where the electricity is consumed: ISO code (``"FR"``, ``"DEU"``) or name.
    contract
        The supply contract for the market-based result: :class:`SupplierMix`,
        :class:`DeclaredFactor` (e.g. :data:`ENERCOOP`), :class:`GuaranteesOfOrigin`, or
        ``None`` (no contractual instrument: residual mix).
    site
        Name of the site, kept in reports.
    library
        Factor library used to pick vintages (default: :func:`coopcarbon.load_factors`).
    data_quality
        How ``energy`` was obtained (bills and meters: measured).

    Returns
    -------
    list of ActivityLine
        The location-based line (scope 2, ``scope2_method="location"``, BEGES post 2.1), then
        one or more scope 2 lines with ``scope2_method="market"`` (one per technology for a
        :class:`SupplierMix`), ``domain="energy"``, ``group="electricity"``. Where the grid
        factor is split by its source (ADEME's French mixes 2022-2024: ids ending in
        ``.generation``, ``.upstream``, ``.td_losses``), the location-based line is three lines:
        the generation (scope 2, post 2.1), the upstream of the generation and the grid losses
        (scope 3 category 3, BEGES v5 post 4.1); they add up to the undivided mix.

    Raises
    ------
    UnitMismatchError
        When ``energy`` is not an energy (``"12 km"``).
    InputError
        Negative energy, unknown country, no grid factor for the country, no residual mix and
        no contract, unknown technology.
    UnknownFactorError
        When a :class:`DeclaredFactor` names an id that is not in the library.

    Notes
    -----
    Location-based: :math:`E_{loc} = q \cdot f_{grid}(country, year)`; in France the ADEME
    consumption mix of the reporting year ``energy.electricity.fr.mix_{year}`` (the latest
    earlier vintage when the year is missing, said in the note); elsewhere
    ``energy.electricity.{iso3}.grid``.

    Market-based (GHG Protocol Scope 2 Guidance): with a supplier mix of shares
    :math:`s_t` (:math:`\sum_t s_t = 1`), :math:`E_{mkt} = \sum_t (q \cdot s_t) \cdot f_t`,
    each line carrying the activity :math:`q \cdot s_t` (an allocation of the activity,
    the factor is applied by the engine); with a declared factor, :math:`q \cdot f_{supplier}`;
    with guarantees of origin of technology :math:`t`, :math:`q \cdot f_t`; without a contract,
    :math:`q \cdot f_{residual}(country)`, nearest AIB data year not after the reporting year
    (else the earliest), said in the note.

    Both lines are always produced; reports put the market-based one beside the total, and
    the BEGES layout (post 2.1) uses the location-based one only.

    References
    ----------
    1. WRI/WBCSD, *GHG Protocol Scope 2 Guidance* (2015), ch. 4, 6 and 7.
    2. ADEME, Base Empreinte, "Electricité - {année} - mix moyen - consommation".
    3. AIB, *European Residual Mixes* 2023 and 2025, table 2.
    4. Boavizta, ``electrical_mix.csv`` (country grids).

    Examples
    --------
    >>> from coopcarbon.domains import energy
    >>> mix = energy.SupplierMix("Coop", {"hydro": 0.93, "wind_onshore": 0.07}, source="2015 press")
    >>> lines = energy.electricity("12 MWh", year=2024, contract=mix)
    >>> [(line.scope, line.beges_post, line.scope2_method, round(line.quantity.to("kWh").magnitude))
    ...  for line in lines]  # doctest: +NORMALIZE_WHITESPACE
    [(2, '2.1', 'location', 12000), (3, '4.1', None, 12000), (3, '4.1', None, 12000),
     (2, '2.1', 'market', 11160), (2, '2.1', 'market', 840)]
    """
    quantity = as_quantity(energy, "[energy]", "energy", example="12000 kWh")
    year = check_year(year, "year")
    quality = DataQuality(data_quality)
    lib = library if library is not None else load_factors()
    alpha2, alpha3 = country_code(country)
    where = f" ({site})" if site else ""
    common: dict[str, Any] = {
        "scope": 2, "ghg_category": None, "beges_post": "2.1", "domain": _DOMAIN,
        "data_quality": quality, "site": site, "group": "electricity",
    }
    location = location_factor(alpha2, alpha3, year, lib)
    location_id, location_note = location.factor_id, location.note
    location_line = ActivityLine(
        quantity, location_id, label=f"Electricity {alpha2} {year}{where}, location-based",
        scope2_method="location",
        note=f"GHG Protocol Scope 2 location-based: {location_note}; used by BEGES post 2.1",
        **common)
    parts = tuple((f"{location_id}.{suffix}", part) for suffix, part in ELECTRICITY_PARTS)
    lines = split_line(location_line, parts) if all(i in lib for i, _ in parts) else [location_line]
    lines += _market_lines(quantity, contract, (alpha2, alpha3), year, lib, where, common)
    return lines


def _market_lines(quantity: pint.Quantity[Any], contract: Contract, codes: tuple[str, str], year: int,
                  library: FactorLibrary, where: str, common: dict[str, Any]
                  ) -> list[ActivityLine]:
    alpha2 = codes[0]
    prefix = "GHG Protocol Scope 2 market-based: "
    label = f"Electricity {alpha2} {year}{where}, market-based"
    if contract is None:
        residual = residual_factor(*codes, year, library)
        return [ActivityLine(quantity, residual.factor_id, label=f"{label} (residual mix)",
                             scope2_method="market", note=prefix + residual.note, **common)]
    if isinstance(contract, SupplierMix):
        lines = []
        for technology, share in contract.shares.items():
            if share == 0:
                continue
            factor_id = _production_id(technology, library, f"shares[{technology!r}]")
            lines.append(ActivityLine(
                quantity * share, factor_id,
                label=f"{label} ({contract.supplier}: {technology} {share:.1%})",
                scope2_method="market",
                note=(f"{prefix}supplier-specific mix of {contract.supplier}, {technology} share "
                      f"{share:g} x energy, life-cycle production factor; mix source: "
                      f"{contract.source}"),
                **common))
        return lines
    if isinstance(contract, DeclaredFactor):
        factor = library[contract.factor_id]  # UnknownFactorError with nearest ids
        supplier = contract.supplier or contract.factor_id
        return [ActivityLine(
            quantity, factor.id, label=f"{label} ({supplier}, declared factor)",
            scope2_method="market",
            note=(f"{prefix}factor declared by {supplier} ({factor.id}, data year {factor.year}; "
                  f"source: {factor.source})"),
            **common)]
    if isinstance(contract, GuaranteesOfOrigin):
        technology = _technology_key(contract.technology)
        factor_id = _production_id(technology, library, "contract.technology")
        supplier = f"{contract.supplier}, " if contract.supplier else ""
        return [ActivityLine(
            quantity, factor_id, label=f"{label} ({supplier}guarantees of origin: {technology})",
            scope2_method="market",
            note=(f"{prefix}guarantees of origin are contractual instruments (Scope 2 Quality "
                  f"Criteria): life-cycle production factor of {technology}"),
            **common)]
    raise _problem("contract", f"{contract!r} is not a contract",
                   "SupplierMix, DeclaredFactor, GuaranteesOfOrigin or None")


def solar(
    produced: Any,
    *,
    self_consumed: Any = None,
    site: str = "",
    data_quality: DataQuality | str = DataQuality.MEASURED,
) -> list[ActivityLine]:
    r"""Activity line for the life-cycle footprint of the company's own rooftop solar panels.

    Parameters
    ----------
    produced
        Electricity the panels produced over the reporting year [kWh] (inverter reading).
    self_consumed
        Part of ``produced`` consumed on site [kWh]; optional, only checked and stated in
        the note (it is already absent from the grid meter: see Notes).
    site
        Name of the site, kept in reports.
    data_quality
        How ``produced`` was obtained.

    Returns
    -------
    list of ActivityLine
        One scope 3 line (category 2, capital goods; BEGES post 4.2) with factor
        ``energy.electricity.solar_pv.rooftop`` per kWh produced, ``group="solar"``.

    Raises
    ------
    UnitMismatchError
        When a quantity is not an energy.
    InputError
        Negative values, or ``self_consumed`` larger than ``produced``.

    Notes
    -----
    Convention (one, stated): the panels' own footprint (manufacture, installation, end of
    life) is counted **per kWh produced**, :math:`E = q_{produced} \cdot f_{PV}`, with the
    ADEME life-cycle factor of PV electricity, which spreads the panels' footprint over their
    lifetime production. They are not also counted as amortised capital goods.

    Self-consumed kWh replace grid kWh: the electricity given to :func:`electricity` is what
    the grid meter shows, which already excludes them. Do not subtract them again; use
    :func:`grid_after_solar` only for a scenario ("what if we installed panels").

    References
    ----------
    1. ADEME, Base Empreinte, "Électricité - photovoltaïque - fabrication Chine" (0.0439
       kgCO2e/kWh), via Nos Gestes Climat.

    Examples
    --------
    >>> from coopcarbon.domains import energy
    >>> [line.factor_id for line in energy.solar("8000 kWh", self_consumed="6500 kWh")]
    ['energy.electricity.solar_pv.rooftop']
    """
    quantity = as_quantity(produced, "[energy]", "produced", example="8000 kWh")
    note = ("rooftop PV: panels' life-cycle footprint counted per kWh produced (not as "
            "amortised capital goods)")
    if self_consumed is not None:
        used = as_quantity(self_consumed, "[energy]", "self_consumed", example="6500 kWh")
        if used.to("kWh").magnitude > quantity.to("kWh").magnitude * (1 + 1e-12):
            raise _problem("self_consumed", f"{used:~P} is more than produced ({quantity:~P})",
                           "a part of the production")
        note += (f"; {used.to('kWh').magnitude:g} kWh self-consumed, already absent from the "
                 "grid meter (not subtracted again)")
    where = f" ({site})" if site else ""
    return [ActivityLine(
        quantity, _SOLAR_FACTOR, label=f"Rooftop solar panels{where}, per kWh produced",
        scope=3, ghg_category=2, beges_post="4.2", domain=_DOMAIN,
        data_quality=DataQuality(data_quality), site=site, group="solar", note=note)]


def grid_after_solar(consumption: Any, self_consumed: Any) -> pint.Quantity[Any]:
    """Grid electricity left to buy when solar covers part of a site's consumption.

    For scenarios only: a meter reading already excludes self-consumed kWh.

    Parameters
    ----------
    consumption
        Total electricity the site uses [kWh].
    self_consumed
        Part of it supplied by the site's own panels [kWh].

    Returns
    -------
    pint.Quantity
        :math:`q_{grid} = q_{consumption} - q_{self}` [kWh].

    Raises
    ------
    InputError
        When ``self_consumed`` exceeds ``consumption``.

    Examples
    --------
    >>> from coopcarbon.domains import energy
    >>> energy.grid_after_solar("20 MWh", "6500 kWh")
    <Quantity(13500.0, 'kilowatt_hour')>
    """
    total = as_quantity(consumption, "[energy]", "consumption", example="20000 kWh").to("kWh")
    used = as_quantity(self_consumed, "[energy]", "self_consumed", example="6500 kWh").to("kWh")
    if used.magnitude > total.magnitude * (1 + 1e-12):
        raise _problem("self_consumed", f"{used:~P} is more than the consumption ({total:~P})",
                       "a part of the consumption")
    return Q(max(float(total.magnitude - used.magnitude), 0.0), "kWh")
