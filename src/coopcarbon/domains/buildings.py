"""Buildings: heating, refrigerant leaks and the building itself, as activity lines.

Every function turns what a company knows (a gas bill, a maintenance record, a floor area)
into :class:`~coopcarbon.activities.ActivityLine` records; none multiplies by an emission
factor (:func:`coopcarbon.engine.compute_lines` does). Quantities are pint quantities or
strings such as ``"12000 kWh"``; a quantity of the wrong dimension raises
:class:`~coopcarbon.errors.UnitMismatchError`, a bad value :class:`~coopcarbon.errors.InputError`.

Reporting categories set on the lines (GHG Protocol scope / category, BEGES v5 post):

=========================  =====  ========  ====  ================
lines                      scope  category  post  group
=========================  =====  ========  ====  ================
heating by fuel            1      --        1.1   ``heating``
upstream of gas, fuel oil  3      3         4.1   ``heating``
heat network               2      --        2.2   ``heating``
refrigerant leaks          1      --        1.4   ``refrigerants``
construction, renovation   3      2         4.2   ``construction``
=========================  =====  ========  ====  ================

Electric heating and heat pumps are electricity: :func:`heat_pump` gives the electricity
a heat pump draws, to pass to :func:`coopcarbon.domains.energy.electricity`.

Examples
--------
>>> from coopcarbon.domains import buildings
>>> [burnt, upstream] = buildings.heating("12000 kWh", "natural_gas", share=0.5)
>>> burnt.factor_id, burnt.quantity, burnt.basis, burnt.scope
('energy.gas.natural.combustion', <Quantity(6000.0, 'kilowatt_hour')>, 'PCS', 1)
>>> upstream.factor_id, upstream.scope, upstream.ghg_category, upstream.beges_post
('energy.gas.natural.upstream', 3, 3, '4.1')
>>> [leak] = buildings.refrigerant_leak("R-410A", refilled="1.5 kg")
>>> leak.factor_id, leak.beges_post
('refrigerant.r410a', '1.4')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal

from ..activities import ActivityLine, DataQuality
from ..units import Q, as_quantity
from ._checks import argument_error as _error
from ._checks import check_year, scalar
from ._checks import fmt as _fmt
from ._checks import library_or_default as _library
from ._checks import normalise as _normalise
from ._checks import suggest as _suggest
from .parts import COMBUSTION_STATIONARY, UPSTREAM, Part, split_line
from .refrigerants import GWP_SETS, REFRIGERANTS, refrigerant_leak

if TYPE_CHECKING:
    import pint

    from ..factors.library import FactorLibrary

__all__ = [
    "CARRIERS",
    "CONSTRUCTION_FACTORS",
    "ESTIMATE_BASIS",
    "GWP_SETS",
    "HEATING_INTENSITY_PARAMETER",
    "HEATING_INTENSITY_UNCERTAINTY",
    "HEATING_PARTS",
    "REFRIGERANTS",
    "Carrier",
    "construction",
    "heat_pump",
    "heating",
    "heating_energy_estimate",
    "heating_estimate",
    "refrigerant_leak",
]


@dataclass(frozen=True)
class Carrier:
    """A heating energy carrier: its factor, the unit it is billed in, its reporting place.

    ``dimension`` is what the bill counts (``"[energy]"`` in kWh, ``"[length] ** 3"`` in
    litres, ``"[mass]"`` in kg); ``gas`` carriers are billed in kWh PCS.
    """

    factor_id: str
    dimension: str
    example: str
    scope: int = 1
    beges_post: str = "1.1"
    gas: bool = False


#: Heating carriers by name → factor and billing unit. Fuel oil is counted in litres and
#: LPG in kg (the units of their factors); gases, wood and heat networks in kWh.
CARRIERS: Final[dict[str, Carrier]] = {
    "natural_gas": Carrier("energy.gas.natural", "[energy]", "12000 kWh", gas=True),
    "biomethane": Carrier("energy.gas.biomethane", "[energy]", "12000 kWh", gas=True),
    "fuel_oil": Carrier("energy.fuel_oil.domestic", "[length] ** 3", "1500 L"),
    "propane": Carrier("energy.lpg.propane", "[mass]", "800 kg"),
    "butane": Carrier("energy.lpg.butane", "[mass]", "130 kg"),
    "wood_logs": Carrier("energy.wood.logs.boiler", "[energy]", "15000 kWh"),
    "wood_logs.stove": Carrier("energy.wood.logs.stove", "[energy]", "5000 kWh"),
    "wood_pellets": Carrier("energy.wood.pellets.boiler", "[energy]", "15000 kWh"),
    "wood_pellets.stove": Carrier("energy.wood.pellets.stove", "[energy]", "5000 kWh"),
    "heat_network": Carrier("energy.heat_network.fr_average", "[energy]", "20000 kWh",
                            scope=2, beges_post="2.2"),
}

_CARRIER_ALIASES: Final[dict[str, str]] = {
    "gas": "natural_gas", "gaz": "natural_gas", "gaz_naturel": "natural_gas",
    "fioul": "fuel_oil", "heating_oil": "fuel_oil", "oil": "fuel_oil",
    "lpg": "propane", "gpl": "propane", "wood": "wood_logs", "pellets": "wood_pellets",
    "district_heating": "heat_network", "reseau_de_chaleur": "heat_network",
}

#: Carriers whose factor is split into combustion (scope 1, post 1.1) and upstream (scope 3
#: category 3, post 4.1): :func:`heating` books one line per part. Heating oil: ADEME Base
#: Carbone element 14087, posts Combustion 2.68 and Amont 0.567 kgCO2e/L. Natural gas: element
#: 37133 (Gaz naturel - 2022, mix moyen, per kWh PCS), posts Combustion 0.181 and Amont 0.0344.
HEATING_PARTS: Final[dict[str, tuple[tuple[str, Part], ...]]] = {
    "fuel_oil": (("energy.fuel_oil.domestic.combustion", COMBUSTION_STATIONARY),
                 ("energy.fuel_oil.domestic.upstream", UPSTREAM)),
    "natural_gas": (("energy.gas.natural.combustion", COMBUSTION_STATIONARY),
                    ("energy.gas.natural.upstream", UPSTREAM)),
}

#: Construction and renovation factors (kgCO2e per m² of floor area) by kind.
CONSTRUCTION_FACTORS: Final[dict[str, str]] = {
    "construction": "buildings.office.construction",
    "renovation": "buildings.office.renovation.heavy",
}

#: Parameter id of an office's heating energy per m² and year, for sites without a bill.
HEATING_INTENSITY_PARAMETER: Final = "buildings.parameter.office_heating_intensity"

#: Heating-value basis in which :func:`heating_estimate` reads a gas intensity per m² by default.
#: No per-m² source bundled states it (Sinteo 2024; ADEME Base Carbone elements 23732 and
#: 23784): kWh PCI is OUR ESTIMATE, the final-energy convention of French energy statistics
#: (SDES, after the IEA/Eurostat manual: 1 MWh PCS of natural gas = 0.9 MWh PCI) and of the
#: Bilan Carbone factor guide when ADEME's elements were made (v6.1, 2010, ch. 2 § 2.2.1,
#: "passage du PCS au PCI"); only gas bills are in kWh PCS. ``basis="PCS"`` reads the
#: intensity as kWh PCS instead, 10 % fewer emissions (1 / 1.111).
ESTIMATE_BASIS: Final = "PCI"

#: Relative uncertainty (95 %) of a floor-area heating estimate when the parameter gives
#: none: ±100 %, the largest an activity line carries. Office energy use per m² spreads
#: with a coefficient of variation of about 70-100 % (Energie+, Wallonia, 20 private
#: offices, 2020: fuels 102 ± 105 kWh/m²); a coopcarbon convention, not a published figure.
HEATING_INTENSITY_UNCERTAINTY: Final = 1.0

_HEATING: Final = "heating"
_CAPITAL: Final[dict[str, Any]] = {"scope": 3, "ghg_category": 2, "beges_post": "4.2"}


# --------------------------------------------------------------------------------------
# small checks


def _share(share: Any) -> float:
    expected = "a fraction in (0, 1], e.g. 0.35 for 35 % of the building"
    if isinstance(share, bool) or not isinstance(share, (int, float)):
        raise _error("share", f"{share!r} is not a number", expected)
    value = float(share)
    if not (math.isfinite(value) and 0.0 < value <= 1.0):
        raise _error("share", f"{share!r} is not in (0, 1]", expected)
    return value


def _carrier(carrier: Any) -> tuple[str, Carrier]:
    if not isinstance(carrier, str):
        raise _error("carrier", f"{carrier!r} is not a carrier name", ", ".join(CARRIERS))
    key = _normalise(carrier)
    key = _CARRIER_ALIASES.get(key, key)
    if key in ("electricity", "heat_pump", "electric"):
        raise _error("carrier", f"{carrier!r} heating is electricity",
                     "a fuel or heat network carrier",
                     "use buildings.heat_pump() and pass the electricity to energy.electricity()")
    if key not in CARRIERS:
        raise _error("carrier", f"unknown heating carrier {carrier!r}", ", ".join(CARRIERS),
                     _suggest(key, [*CARRIERS, *_CARRIER_ALIASES]))
    return key, CARRIERS[key]


def _basis(basis: Any, carrier: Carrier, key: str, gas_default: Literal["PCS", "PCI"] = "PCS"
           ) -> Literal["PCS", "PCI"] | None:
    if basis is None:
        return gas_default if carrier.gas else None
    text = basis.upper() if isinstance(basis, str) else basis
    if text not in ("PCS", "PCI"):
        raise _error("basis", f"{basis!r} is not a heating-value basis",
                     "'PCS' (higher heating value, French gas bills) or 'PCI' (lower)")
    if carrier.dimension != "[energy]":
        raise _error("basis", f"{key} is not counted in kWh, a basis does not apply",
                     "no basis for fuels counted in litres or kg")
    return "PCS" if text == "PCS" else "PCI"


def _intensity(intensity: Any, library: FactorLibrary | None
               ) -> tuple[pint.Quantity[Any], float | None, str]:
    """Heating energy per m² and year, its uncertainty and its source, from ``intensity``.

    ``None`` is the parameter :data:`HEATING_INTENSITY_PARAMETER`; a dotted name starting with a
    letter (``"buildings.parameter.office_heating_intensity.gas_ademe_23732"``) is a parameter
    of ``library``; anything else is a quantity such as ``"56 kWh/m2/year"``.
    """
    if intensity is None or (isinstance(intensity, str) and intensity[:1].isalpha()
                             and "." in intensity and " " not in intensity.strip()):
        parameter = _library(library).parameter(intensity or HEATING_INTENSITY_PARAMETER)
        per_m2 = as_quantity(parameter.value, "[energy] / [length] ** 2 / [time]", "intensity",
                             example="56 kWh/m2/year")
        return per_m2, parameter.uncertainty, f"{parameter.value:~P} ({parameter.source})"
    given = as_quantity(intensity, "[energy] / [length] ** 2 / [time]", "intensity",
                        example="56 kWh/m2/year")
    return given, None, "intensity given"


# --------------------------------------------------------------------------------------
# heating


def heating(
    energy: Any,
    carrier: str,
    *,
    basis: Literal["PCS", "PCI"] | None = None,
    site: str = "",
    share: float = 1.0,
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
) -> list[ActivityLine]:
    r"""Activity line of heating energy bought for a site, from bills.

    Parameters
    ----------
    energy
        Energy bought in the year, in the unit of the carrier's factor: kWh for gases,
        wood and heat networks (``"12000 kWh"``), litres of fuel oil (``"1500 L"``), kg of
        LPG (``"800 kg"``).
    carrier
        A key of :data:`CARRIERS`: ``"natural_gas"``, ``"biomethane"``, ``"fuel_oil"``,
        ``"propane"``, ``"butane"``, ``"wood_logs"``, ``"wood_pellets"`` (boilers; add
        ``".stove"`` for stoves), ``"heat_network"``.
    basis
        Heating-value basis of a gas quantity. Default ``"PCS"`` for gases: French gas bills
        are in kWh PCS (higher heating value). The engine converts to the factor's basis with
        the ratio its table gives, never an assumed one. Not allowed for litres or kg.
    site
        Site name, kept in reports.
    share
        Fraction of the bill the company accounts for, in (0, 1] (a shared building).
    label, data_quality
        Text shown in reports; how the figure is known (default MEASURED: a bill).

    Returns
    -------
    list[ActivityLine]
        One line, group ``"heating"``: scope 1, BEGES post 1.1 for fuels; scope 2, post
        2.2 for a heat network. A carrier of :data:`HEATING_PARTS` (heating oil) gives two
        lines of the same group and quantity: combustion (scope 1, post 1.1) and upstream
        (scope 3 category 3, BEGES v5 post 4.1), adding up to the undivided factor.

    Notes
    -----
    Quantity :math:`= energy \times share`. For natural gas billed in kWh PCS and a factor
    per kWh PCI, the engine computes :math:`E = q_{PCS} / r \times f_{PCI}` with :math:`r`
    the factor's ``pcs_pci_ratio`` (1.11 in the French DPE method).

    References
    ----------
    .. [1] ADEME Base Empreinte heating factors (natural gas, fuel oil, LPG, wood); FEDENE /
       SNCU survey for the heat-network average. See ``emission_factors/energy.yaml``.
    """
    key, spec = _carrier(carrier)
    basis_used = _basis(basis, spec, key)
    fraction = _share(share)
    checked = as_quantity(energy, spec.dimension, "energy", example=spec.example)
    scalar(checked, "energy")
    quantity = checked * fraction
    note = f"bill × share {fraction:g}" if fraction != 1.0 else "from bills"
    if basis_used:
        note += f"; energy in kWh {basis_used}"
    line = ActivityLine(quantity, spec.factor_id, label=label or f"Heating — {key}",
                        scope=spec.scope, ghg_category=None, beges_post=spec.beges_post,
                        domain="buildings", data_quality=data_quality, basis=basis_used,
                        site=site, group=_HEATING, note=note)
    return split_line(line, HEATING_PARTS[key]) if key in HEATING_PARTS else [line]


def heat_pump(
    heat: Any = None,
    electricity: Any = None,
    *,
    scop: float | None = None,
) -> pint.Quantity[Any]:
    r"""Electricity a heat pump draws, to pass to :func:`coopcarbon.domains.energy.electricity`.

    Parameters
    ----------
    heat
        Heat delivered in the year [kWh]; needs ``scop``.
    electricity
        Metered electricity of the heat pump [kWh], when known (then returned as is).
    scop
        Seasonal coefficient of performance (heat delivered ÷ electricity used, EN 14825).
        No default: no authoritative average for French installations was found.

    Returns
    -------
    pint.Quantity
        Electricity [kWh].

    Notes
    -----
    :math:`E_{elec} = Q_{heat} / SCOP`. The heat pump's emissions are those of its
    electricity (scope 2) and of its refrigerant leaks (:func:`refrigerant_leak`, scope 1).

    Examples
    --------
    >>> heat_pump(heat="9000 kWh", scop=3.0)
    <Quantity(3000.0, 'kilowatt_hour')>
    """
    if electricity is not None:
        if heat is not None or scop is not None:
            raise _error("electricity", "both metered electricity and heat/scop were given",
                         "either electricity, or heat and scop")
        metered: pint.Quantity[Any] = as_quantity(electricity, "[energy]", "electricity",
                                                  example="3000 kWh").to("kWh")
        return metered
    if heat is None:
        raise _error("heat", "neither heat nor electricity was given",
                     "heat='9000 kWh' with scop=3.2, or electricity='2800 kWh'")
    if scop is None:
        raise _error("scop", "a heat quantity needs the heat pump's SCOP",
                     "scop, e.g. 3.2 (from the product sheet)")
    if isinstance(scop, bool) or not isinstance(scop, (int, float)) or not (
            math.isfinite(scop) and 1.0 <= scop <= 10.0):
        raise _error("scop", f"{scop!r} is not a plausible SCOP", "a number between 1 and 10")
    checked = as_quantity(heat, "[energy]", "heat", example="9000 kWh")
    electricity_used: pint.Quantity[Any] = (checked / float(scop)).to("kWh")
    return electricity_used


def heating_energy_estimate(
    floor_area: Any,
    *,
    share: float = 1.0,
    intensity: Any = None,
    library: FactorLibrary | None = None,
) -> pint.Quantity[Any]:
    r"""Heating energy of an office from its floor area, for a site without bills [kWh].

    Parameters
    ----------
    floor_area
        Floor area of the building or of the company's premises [m²] (``"250 m2"``).
    share
        Fraction of ``floor_area`` the company occupies, in (0, 1].
    intensity
        Heating energy per m² and year [kWh/m²/year] (``"56 kWh/m2/year"``), or the id of a
        parameter of ``library`` (``"buildings.parameter.office_heating_intensity.gas_ademe_23732"``);
        default the parameter ``buildings.parameter.office_heating_intensity``.
    library
        Factor library (default :func:`coopcarbon.load_factors`), read only for a parameter.

    Returns
    -------
    pint.Quantity
        Final heating energy for one year [kWh].

    Notes
    -----
    :math:`E = A \times share \times I \times 1\,\text{year}`.
    """
    area = as_quantity(floor_area, "[length] ** 2", "floor_area", example="250 m2",
                       allow_zero=False)
    fraction = _share(share)
    per_m2, _, _ = _intensity(intensity, library)
    energy: pint.Quantity[Any] = (area * fraction * per_m2 * Q(1, "year")).to("kWh")
    return energy


def heating_estimate(
    floor_area: Any,
    carrier: str,
    *,
    share: float = 1.0,
    intensity: Any = None,
    basis: Literal["PCS", "PCI", "pcs", "pci"] | None = None,
    library: FactorLibrary | None = None,
    site: str = "",
    label: str = "",
) -> list[ActivityLine]:
    r"""Activity line of heating estimated from the floor area, for a site without bills.

    Parameters
    ----------
    floor_area
        Floor area [m²] (``"250 m2"``).
    carrier
        A carrier of :data:`CARRIERS` counted in kWh (gas, wood, heat network). Electric
        heating: pass :func:`heating_energy_estimate` to ``energy.electricity``.
    share
        Fraction of ``floor_area`` the company occupies, in (0, 1] (shared office).
    intensity
        Heating energy per m² and year [kWh/m²/year] (``"177 kWh/m2/year"``), or the id of a
        parameter of ``library`` (``"buildings.parameter.office_heating_intensity.gas_ademe_23732"``);
        default the parameter ``buildings.parameter.office_heating_intensity``.
    basis
        Heating-value basis of the intensity's kWh for a gas carrier: ``"PCI"`` (default,
        :data:`ESTIMATE_BASIS`, our estimate: no bundled per-m² source states its basis) or
        ``"PCS"``; case does not matter.
    library
        Factor library (default :func:`coopcarbon.load_factors`).
    site, label
        Site name and text shown in reports.

    Returns
    -------
    list[ActivityLine]
        One line in kWh, ESTIMATED, with a large ``activity_uncertainty``: the parameter's
        own, or :data:`HEATING_INTENSITY_UNCERTAINTY` (±100 %) when it has none or the
        intensity is a quantity; natural gas gives two (combustion and upstream, as
        :func:`heating`), with ``basis`` set.

    Notes
    -----
    :math:`E = A \times share \times I`. Per-m² intensities are final energy. The gas factors
    are per kWh PCS (ADEME element 37133); the engine converts an energy in kWh PCI with the
    factor's ``pcs_pci_ratio`` :math:`r` = 1.111 (``energy.parameter.gas_pcs_pci_ratio``):
    :math:`CO_2e = E_{PCI} \times r \times f_{PCS}`, and with ``basis="PCS"``
    :math:`CO_2e = E_{PCS} \times f_{PCS}`, 10 % less. Heating oil is counted in litres
    (use :func:`heating`); its per-m² intensity (ADEME element 23784) is in kWh PCI by the
    convention for liquid fuels. An estimate, never a substitute for a bill.

    References
    ----------
    .. [1] See the parameter's source in ``emission_factors/buildings.yaml`` (office heating
       energy per m²); spread: Energie+ (Wallonia) 2020 office survey.
    .. [2] SDES, *Chiffres clés de l'énergie*, méthodologie: energy in PCI, natural gas
       1 MWh PCS = 0.9 MWh PCI.

    Examples
    --------
    >>> [burnt, upstream] = heating_estimate("100 m2", "natural_gas", intensity="177 kWh/m2/year")
    >>> burnt.quantity, burnt.basis
    (<Quantity(17700.0, 'kilowatt_hour')>, 'PCI')
    >>> heating_estimate("100 m2", "gas", intensity="177 kWh/m2/year", basis="pcs")[0].basis
    'PCS'
    """
    key, spec = _carrier(carrier)
    if spec.dimension != "[energy]":
        raise _error("carrier", f"{key} is counted in {spec.example.split()[1]}, not kWh",
                     "a carrier counted in kWh (natural_gas, wood_pellets, heat_network...)",
                     "convert the kWh to litres or kg with the fuel's heating value, "
                     "then call heating()")
    basis_used = _basis(basis, spec, key, gas_default=ESTIMATE_BASIS)
    per_m2, stated, source = _intensity(intensity, library)
    energy = heating_energy_estimate(floor_area, share=share, intensity=per_m2)
    uncertainty = HEATING_INTENSITY_UNCERTAINTY if stated is None else stated
    area = as_quantity(floor_area, "[length] ** 2", "floor_area").to("m**2")
    note = (f"ESTIMATE from floor area {_fmt(scalar(area, 'floor_area'))} m²"
            + (f" × share {share:g}" if share != 1.0 else "")
            + f" × {source}; ±{uncertainty:.0%}")
    if basis_used:
        note += (f"; intensity read as kWh {basis_used}"
                 + (" (assumed: the source does not state it)" if basis is None else ""))
    line = ActivityLine(energy, spec.factor_id, label=label or f"Heating (estimate) — {key}",
                        scope=spec.scope, ghg_category=None, beges_post=spec.beges_post,
                        domain="buildings", data_quality=DataQuality.ESTIMATED,
                        activity_uncertainty=uncertainty, basis=basis_used, site=site,
                        group=_HEATING, note=note)
    return split_line(line, HEATING_PARTS[key]) if key in HEATING_PARTS else [line]


# --------------------------------------------------------------------------------------
# the building as a capital good


def construction(
    floor_area: Any,
    *,
    year_built: int,
    reporting_year: int,
    kind: Literal["construction", "renovation"] = "construction",
    lifetime: float | None = None,
    convention: Literal["amortised", "full"] = "amortised",
    share: float = 1.0,
    library: FactorLibrary | None = None,
    site: str = "",
    label: str = "",
    data_quality: DataQuality = DataQuality.MEASURED,
) -> list[ActivityLine]:
    r"""Activity line of a building's construction or renovation for one reporting year.

    Parameters
    ----------
    floor_area
        Floor area built or renovated [m²] (``"400 m2"``).
    year_built
        Year the building was completed (or the renovation, for ``kind="renovation"``).
    reporting_year
        Year of the bilan.
    kind
        ``"construction"`` (factor ``buildings.office.construction``) or ``"renovation"``
        (``buildings.office.renovation.heavy``).
    lifetime
        Amortisation period [year]; default the factor's ``lifetime_years`` (50 years for
        offices in the Bilan Carbone method).
    convention
        ``"amortised"`` (Bilan Carbone, default): ``area / lifetime`` each year in service;
        ``"full"`` (GHG Protocol, category 2): the whole area in ``year_built`` only.
    share
        Fraction of the building the company owns or occupies, in (0, 1].
    library
        Factor library (default :func:`coopcarbon.load_factors`), read for the lifetime.
    site, label, data_quality
        Site name, text shown in reports, how the area is known.

    Returns
    -------
    list[ActivityLine]
        One line in m² (scope 3, category 2, BEGES post 4.2, group ``"construction"``), or
        an empty list when nothing falls in ``reporting_year`` (building fully amortised).

    Notes
    -----
    Amortised: year :math:`k = reporting\_year - year\_built` carries
    :math:`A \times share \times \min(1, L - k) / L` for :math:`0 \le k < L`, nothing after,
    so the years in service add up to the whole area exactly (a fractional lifetime gives a
    partial last year).

    References
    ----------
    .. [1] Bilan Carbone method: office buildings amortised over 50 years (ADEME building
       factors include maintenance over a 50-year life). GHG Protocol Scope 3 Standard,
       category 2 (capital goods): emissions counted in the year of acquisition.
    """
    if kind not in CONSTRUCTION_FACTORS:
        raise _error("kind", f"unknown kind {kind!r}", "'construction' or 'renovation'",
                     _suggest(str(kind), tuple(CONSTRUCTION_FACTORS)))
    if convention not in ("amortised", "full"):
        raise _error("convention", f"unknown convention {convention!r}",
                     "'amortised' (Bilan Carbone) or 'full' (GHG Protocol)",
                     _suggest(str(convention), ("amortised", "full")))
    built = check_year(year_built, "year_built", 1000, 2200)
    year = check_year(reporting_year, "reporting_year", 1000, 2200)
    if year < built:
        raise _error("reporting_year", f"{year} is before the works ({built})",
                     "reporting_year >= year_built")
    area = as_quantity(floor_area, "[length] ** 2", "floor_area", example="400 m2").to("m**2")
    fraction = _share(share)
    factor_id = CONSTRUCTION_FACTORS[kind]
    text = label or f"Building {kind} ({built})"
    if convention == "full":
        if year != built:
            return []
        return [ActivityLine(area * fraction, factor_id, label=text, domain="buildings",
                             data_quality=data_quality, site=site, group="construction",
                             note=f"GHG Protocol: whole {kind} counted in {built}"
                             + (f"; share {fraction:g}" if fraction != 1.0 else ""),
                             **_CAPITAL)]
    if lifetime is None:
        years = _library(library)[factor_id].lifetime_years
        if years is None:
            raise _error("lifetime", f"factor {factor_id!r} gives no lifetime_years",
                         "lifetime in years, e.g. 50")
        source = "factor's lifetime"
    else:
        if isinstance(lifetime, bool) or not isinstance(lifetime, (int, float)):
            raise _error("lifetime", f"{lifetime!r} is not a number", "years, e.g. 50")
        years = float(lifetime)
        source = "lifetime given"
        if not (math.isfinite(years) and years > 0):
            raise _error("lifetime", f"{lifetime!r} is not a positive number", "years, e.g. 50")
    k = year - built
    portion = min(1.0, years - k) / years if k < years else 0.0
    if portion <= 0.0:
        return []
    note = (f"amortised over {years:g} years ({source}): year {k + 1} of {math.ceil(years)}, "
            f"{portion:.4g} of {_fmt(scalar(area, 'floor_area'))} m²"
            + (f" × share {fraction:g}" if fraction != 1.0 else ""))
    return [ActivityLine(area * (fraction * portion), factor_id, label=text, domain="buildings",
                         data_quality=data_quality, site=site, group="construction", note=note,
                         **_CAPITAL)]
