"""Refrigerant leaks of air conditioning and heat pumps, as scope-1 activity lines (BEGES post 1.4)."""

from __future__ import annotations

from typing import Any, Final

from ..activities import ActivityLine, DataQuality
from ..units import as_quantity
from ._checks import argument_error as _error
from ._checks import check_fraction, scalar
from ._checks import fmt as _fmt
from ._checks import normalise as _normalise
from ._checks import suggest as _suggest

__all__ = ["GWP_SETS", "REFRIGERANTS", "refrigerant_leak"]

#: Refrigerants with a GWP factor (``refrigerant.{name}``, AR6; ``.ar5`` for AR5).
REFRIGERANTS: Final = ("r32", "r125", "r134a", "r143a", "r152a", "r22", "r23", "r227ea",
                       "r410a", "r407c", "r404a", "r507a", "r744")

#: IPCC assessment reports whose 100-year GWPs the refrigerant tables carry.
GWP_SETS: Final = ("AR6", "AR5")


def refrigerant_leak(
    refrigerant: str,
    *,
    refilled: Any = None,
    charge: Any = None,
    leak_rate: float | None = None,
    gwp: str = "AR6",
    site: str = "",
    label: str = "",
) -> list[ActivityLine]:
    r"""Activity line of refrigerant leaked by air conditioning or heat pumps (scope 1, 1.4).

    Parameters
    ----------
    refrigerant
        Refrigerant name: ``"R410A"``, ``"R-32"``, ``"r134a"``... (see :data:`REFRIGERANTS`).
    refilled
        Mass refilled during the year, from maintenance records [kg] (preferred; MEASURED).
    charge
        Installed charge [kg], with ``leak_rate`` (ESTIMATED).
    leak_rate
        Fraction of the charge leaking per year, in [0, 1] (e.g. 0.05).
    gwp
        GWP set: ``"AR6"`` (default, factor ``refrigerant.{name}``) or ``"AR5"``
        (``refrigerant.{name}.ar5``), named in the line's note.
    site, label
        Site name and text shown in reports.

    Returns
    -------
    list[ActivityLine]
        One line in kg of refrigerant, group ``"refrigerants"``.

    Notes
    -----
    Leak :math:`m = m_{refilled}` or :math:`m = m_{charge} \times \tau_{leak}`; the engine
    multiplies by the 100-year GWP (kgCO2e per kg). Refilled mass is what the regulatory
    leak checks record (fluid handling sheets).

    References
    ----------
    .. [1] IPCC AR6 WG1, Table 7.SM.7 (GWP100); AR5 WG1 ch. 8. Blends from their ASHRAE 34
       mass fractions. See ``emission_factors/refrigerants.yaml``.
    """
    if not isinstance(refrigerant, str):
        raise _error("refrigerant", f"{refrigerant!r} is not a refrigerant name", "e.g. 'R410A'")
    name = _normalise(refrigerant).replace("_", "")
    if name not in REFRIGERANTS:
        raise _error("refrigerant", f"unknown refrigerant {refrigerant!r}",
                     ", ".join(r.upper() for r in REFRIGERANTS), _suggest(name, REFRIGERANTS))
    gwp_set = gwp.upper() if isinstance(gwp, str) else gwp
    if gwp_set not in GWP_SETS:
        raise _error("gwp", f"unknown GWP set {gwp!r}", "'AR6' or 'AR5'")
    factor_id = f"refrigerant.{name}" + ("" if gwp_set == "AR6" else ".ar5")
    if refilled is not None:
        if charge is not None or leak_rate is not None:
            raise _error("refilled", "both a refilled mass and a charge/leak rate were given",
                         "either refilled, or charge and leak_rate")
        mass = as_quantity(refilled, "[mass]", "refilled", example="1.5 kg").to("kg")
        quality = DataQuality.MEASURED
        how = f"{_fmt(scalar(mass, 'refilled'))} kg refilled (maintenance records)"
    else:
        if charge is None or leak_rate is None:
            raise _error("charge", "no refilled mass, and no charge with a leak rate",
                         "refilled='1.5 kg', or charge='12 kg' with leak_rate=0.05")
        rate = check_fraction(leak_rate, "leak_rate", "a fraction of the charge per year in [0, 1]")
        installed = as_quantity(charge, "[mass]", "charge", example="12 kg").to("kg")
        mass = installed * rate
        quality = DataQuality.ESTIMATED
        how = f"charge {_fmt(scalar(installed, 'charge'))} kg × leak rate {rate:g}/year"
    upper = name.upper()
    return [ActivityLine(mass, factor_id, label=label or f"Refrigerant leak — {upper}",
                         scope=1, ghg_category=None, beges_post="1.4", domain="buildings",
                         data_quality=quality, site=site, group="refrigerants",
                         note=f"{how}; GWP100 {gwp_set}")]
