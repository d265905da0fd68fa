"""IT hardware: embodied emissions of an inventory of devices, as activity lines.

A company lists its devices (kind, count, purchase year, new or refurbished, how long it keeps
them); :func:`inventory` turns the list into :class:`~coopcarbon.activities.ActivityLine`
records in ``device`` units for the reporting year, under one of two conventions:

* ``"amortised"`` (Bilan Carbone / ISO 14064-1): the device's footprint is spread linearly
  over the years the company keeps it; a laptop bought three years ago and kept five still
  counts 1/5 this year, one past its lifetime no longer counts.
* ``"purchase_year"`` (GHG Protocol, Scope 3 category 2): the whole footprint in the year of
  purchase, nothing afterwards.

The factors (``hardware.*``, kgCO2e per device) cover manufacture, distribution and end of life;
the use phase is excluded: devices' electricity is in the office meter, counted once by
:func:`coopcarbon.domains.energy.electricity`.

Examples
--------
>>> from coopcarbon.domains import hardware
>>> fleet = [hardware.Device("laptop", 40, purchase_year=2022, lifetime=5)]
>>> [f"{line.quantity:~P}" for line in hardware.inventory(fleet, reporting_year=2024)]
['8.0 device']

References
----------
1. ADEME, Base Empreinte (NegaOctet / ADEME-Arcep 2022 study of digital equipment), via
   ``incubateur-ademe/publicodes-acv-numerique`` ``src/acv-terminaux.publicodes``.
2. ADEME / Association Bilan Carbone, *Bilan Carbone* method: capital goods amortised over
   their duration of use; ISO 14064-1:2018, annex on capital goods.
3. WRI/WBCSD, *Corporate Value Chain (Scope 3) Standard* (2011), category 2: capital goods
   counted in full in the year of acquisition, not depreciated.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from ..activities import ActivityLine, DataQuality
from ..factors.library import FactorLibrary
from ..factors.loading import load_factors
from ..units import Q, as_quantity
from ._checks import argument_error as _problem

__all__ = [
    "CONVENTIONS",
    "KINDS",
    "Convention",
    "Device",
    "factor_id_of",
    "inventory",
    "keep_longer_saving",
]

Convention = Literal["amortised", "purchase_year"]

#: The two accounting conventions for capital goods.
CONVENTIONS: tuple[str, ...] = ("amortised", "purchase_year")

#: Device kinds (and accepted spellings) → factor id.
KINDS: Mapping[str, str] = MappingProxyType({
    "laptop": "hardware.laptop",
    "desktop": "hardware.desktop",
    "monitor": "hardware.monitor",
    "screen": "hardware.monitor",
    "smartphone": "hardware.smartphone",
    "phone": "hardware.smartphone",
    "tablet": "hardware.tablet",
    "server": "hardware.server",
    "printer": "hardware.printer",
    "network": "hardware.network.box",
    "box": "hardware.network.box",
    "modem": "hardware.network.box",
    "router": "hardware.network.box",
    "projector": "hardware.projector",
    "television": "hardware.television",
    "tv": "hardware.television",
    "external_hdd": "hardware.storage.external_hdd",
    "external_ssd": "hardware.storage.external_ssd",
})

#: Parameter id prefix of a refurbished device's footprint as a fraction of a new one's.
REFURBISHED_PARAMETER = "hardware.parameter.refurbished_ratio."

_DOMAIN = "hardware"
_PROXY_NOTES: Mapping[str, str] = MappingProxyType({
    "network": "network gear counted with the internet box / modem factor (proxy: no switch or "
               "access-point factor in the tables)",
    "router": "router counted with the internet box / modem factor (proxy)",
})
_USE_PHASE = "use phase excluded: device electricity is in the office meter (energy.electricity)"


def _kind_key(kind: object) -> str:
    if not isinstance(kind, str) or not kind.strip():
        raise _problem("kind", f"{kind!r} is not a device kind", "one of " + ", ".join(KINDS))
    if "." in kind:  # a factor id: a variant of the tables (hardware.laptop.manufacturer_median) or a user's
        return kind.strip()
    key = kind.strip().lower().replace(" ", "_").replace("-", "_")
    if key.endswith("s") and key[:-1] in KINDS:
        key = key[:-1]  # "laptops"
    if key not in KINDS:
        close = difflib.get_close_matches(key, list(KINDS), n=3, cutoff=0.5)
        raise _problem("kind", f"unknown device kind {kind!r}", "one of " + ", ".join(KINDS),
                       ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close
                       else "")
    return key


def factor_id_of(kind: str) -> str:
    """Factor id of a device kind, e.g. ``"laptop"`` → ``"hardware.laptop"``.

    Raises
    ------
    InputError
        For an unknown kind, naming the nearest kinds.
    """
    key = _kind_key(kind)
    return KINDS.get(key, key)


@dataclass(frozen=True)
class Device:
    """A group of identical devices in the inventory.

    Parameters
    ----------
    kind
        One of :data:`KINDS` (``"laptop"``, ``"monitor"``, ``"smartphone"``...), or a factor id:
        a variant of the bundled tables (``coopcarbon factors search laptop``) or a factor of a
        user table (``"custom.laptop.refurbished_vendor"``), per device.
    count
        Number of devices [device], an integer >= 0.
    purchase_year
        Year the devices were bought (or received, if refurbished).
    lifetime
        Years the company keeps them [year], > 0; ``None`` takes the factor's
        ``lifetime_years`` (the source's assumption).
    refurbished
        Bought refurbished rather than new.
    screen_size
        Diagonal of a screen [length], e.g. ``"27 inch"``; recorded in the label and note.
    """

    kind: str
    count: int
    purchase_year: int
    lifetime: float | None = None
    refurbished: bool = False
    screen_size: Any = None

    def __post_init__(self) -> None:
        _kind_key(self.kind)
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0:
            raise _problem("count", f"{self.count!r} is not a number of devices",
                           "an integer >= 0")
        if (isinstance(self.purchase_year, bool) or not isinstance(self.purchase_year, int)
                or not 1990 <= self.purchase_year <= 2100):
            raise _problem("purchase_year", f"{self.purchase_year!r} is not a year",
                           "a year such as 2022")
        if self.lifetime is not None:
            if (isinstance(self.lifetime, bool) or not isinstance(self.lifetime, (int, float))
                    or not self.lifetime > 0 or self.lifetime == float("inf")):
                raise _problem("lifetime", f"{self.lifetime!r} is not a lifetime",
                               "a number of years > 0, e.g. 5")
        if not isinstance(self.refurbished, bool):
            raise _problem("refurbished", f"{self.refurbished!r} is not True or False", "a bool")
        if self.screen_size is not None:
            size = as_quantity(self.screen_size, "[length]", "screen_size", example="27 inch",
                               allow_zero=False)
            object.__setattr__(self, "screen_size", size)

    @property
    def key(self) -> str:
        """Canonical kind (``"laptops"`` → ``"laptop"``)."""
        return _kind_key(self.kind)

    @property
    def factor_id(self) -> str:
        """Id of the factor of this kind of device (the kind itself when it is a factor id)."""
        return KINDS.get(self.key, self.key)


def _lifetime(device: Device, library: FactorLibrary, override: float | None = None) -> float:
    if override is not None:
        return override
    if device.lifetime is not None:
        return float(device.lifetime)
    factor = library[device.factor_id]
    if factor.lifetime_years is None:
        raise _problem("lifetime", f"{device.kind}: no lifetime given and factor {factor.id!r} "
                       "states none", "a lifetime in years, e.g. Device(..., lifetime=5)")
    return float(factor.lifetime_years)


def _year_share(purchase_year: int, lifetime: float, reporting_year: int) -> float:
    """Fraction of a device's footprint falling in the reporting year (linear amortisation)."""
    start = max(float(reporting_year), float(purchase_year))
    end = min(float(reporting_year + 1), purchase_year + lifetime)
    return max(end - start, 0.0) / lifetime


def _refurbished(device: Device, library: FactorLibrary) -> tuple[float, str]:
    if not device.refurbished:
        return 1.0, ""
    parameter_id = REFURBISHED_PARAMETER + device.factor_id.removeprefix("hardware.")
    parameter = library.parameters.get(parameter_id)
    if parameter is None:
        return 1.0, "refurbished: no sourced reduction, counted as new (conservative)"
    ratio = float(parameter.value.to("dimensionless").magnitude)
    if not 0 <= ratio <= 1:
        raise _problem(parameter_id, f"{ratio} is not a ratio", "a fraction between 0 and 1")
    return ratio, (f"refurbished: {ratio:g} x a new device's footprint ({parameter_id}; "
                   f"{parameter.source}, {parameter.year})")


def _size_note(device: Device) -> str:
    if device.screen_size is None:
        return ""
    inches = float(device.screen_size.to("inch").magnitude)
    if device.factor_id == "hardware.monitor":
        return (f"{inches:g} in screen counted as the average (~24 in) monitor: no ADEME "
                "by-size data (the manufacturer medians by size, hardware.monitor.*."
                "manufacturer_median, are another family of factors)")
    return f"screen {inches:g} in"


def _check_common(devices: Iterable[Device], reporting_year: int) -> list[Device]:
    if (isinstance(reporting_year, bool) or not isinstance(reporting_year, int)
            or not 1990 <= reporting_year <= 2100):
        raise _problem("reporting_year", f"{reporting_year!r} is not a year", "a year such as 2024")
    items = list(devices)
    for i, device in enumerate(items):
        if not isinstance(device, Device):
            raise _problem(f"devices[{i}]", f"{device!r} is not a Device",
                           "Device(kind, count, purchase_year, ...)")
        if device.purchase_year > reporting_year:
            raise _problem(f"devices[{i}].purchase_year",
                           f"{device.kind} bought in {device.purchase_year}, after the reporting "
                           f"year {reporting_year}", f"a year <= {reporting_year}")
    return items


def inventory(
    devices: Iterable[Device],
    *,
    reporting_year: int,
    convention: Convention = "amortised",
    site: str = "",
    library: FactorLibrary | None = None,
    data_quality: DataQuality | str = DataQuality.MEASURED,
) -> list[ActivityLine]:
    r"""Activity lines for the embodied emissions of an inventory of IT devices.

    Parameters
    ----------
    devices
        The inventory: :class:`Device` records.
    reporting_year
        Year of the bilan.
    convention
        ``"amortised"`` (Bilan Carbone / ISO 14064-1, default) or ``"purchase_year"``
        (GHG Protocol).
    site
        Name of the site, kept in reports.
    library
        Factor library for default lifetimes and refurbishment parameters (default:
        :func:`coopcarbon.load_factors`).
    data_quality
        How the inventory was obtained (an asset register: measured).

    Returns
    -------
    list of ActivityLine
        One line per device group that counts this year, quantity in ``device``, scope 3
        category 2 (capital goods), BEGES post 4.2, ``domain="hardware"``, ``group`` = the
        canonical kind; the note names the convention. Groups that do not count this year
        (past their lifetime, or bought another year under ``"purchase_year"``) give no line.

    Raises
    ------
    InputError
        Unknown convention, a purchase year after the reporting year, a factor without
        lifetime and no lifetime given (bad counts, lifetimes and kinds are refused by
        :class:`Device`).

    Notes
    -----
    Amortised: a group of :math:`n` devices bought in year :math:`p` and kept :math:`L` years
    counts :math:`q = n \cdot \frac{|[p, p+L) \cap [y, y+1)|}{L}` devices in reporting year
    :math:`y`, i.e. :math:`n/L` for each of the years :math:`p \le y < p+L` when :math:`L` is
    whole (a fractional lifetime gives the last year its fraction, so the years sum to
    :math:`n`). Purchase year: :math:`q = n` if :math:`y = p`, else nothing. Emissions are
    :math:`q \cdot f_{kind}` (kgCO2e per device), applied by the engine.

    A refurbished group's quantity is multiplied by the table parameter
    ``hardware.parameter.refurbished_ratio.<kind>`` (a refurbished device's footprint as a
    fraction of a new one's) when the tables provide it; otherwise it is counted as new
    (conservative) and the note says so. Screens of any size use ``hardware.monitor`` (the
    ~24 in average): ADEME publishes no by-size data.

    The use phase is not counted here: it is in the office electricity.

    References
    ----------
    1. ADEME, Base Empreinte / NegaOctet (2022), devices' manufacture + distribution + end of
       life, via ``publicodes-acv-numerique``.
    2. Association Bilan Carbone, *Bilan Carbone* method (amortisation of capital goods).
    3. WRI/WBCSD, *Scope 3 Standard* (2011), category 2.

    Examples
    --------
    >>> from coopcarbon.domains import hardware
    >>> fleet = [hardware.Device("laptop", 40, purchase_year=2022, lifetime=5)]
    >>> [f"{line.quantity:~P}" for line in hardware.inventory(
    ...     fleet, reporting_year=2022, convention="purchase_year")]
    ['40.0 device']
    """
    if convention not in CONVENTIONS:
        close = difflib.get_close_matches(str(convention), CONVENTIONS, n=1, cutoff=0.4)
        raise _problem("convention", f"unknown convention {convention!r}",
                       " or ".join(repr(c) for c in CONVENTIONS),
                       f"did you mean {close[0]!r}?" if close else "")
    items = _check_common(devices, reporting_year)
    lib = library if library is not None else load_factors()
    quality = DataQuality(data_quality)
    lines = []
    for device in items:
        if device.count == 0:
            continue
        lifetime = _lifetime(device, lib)
        if convention == "amortised":
            share = _year_share(device.purchase_year, lifetime, reporting_year)
            rule = (f"amortised linearly over {lifetime:g} years (Bilan Carbone / ISO 14064-1 "
                    f"convention): {share:g} of the footprint in {reporting_year}")
        else:
            share = 1.0 if device.purchase_year == reporting_year else 0.0
            rule = ("counted in full in the purchase year (GHG Protocol Scope 3 category 2 "
                    "convention)")
        if share <= 0:
            continue
        lines.append(_line(device, device.count * share, rule, lib, site, quality,
                           f"bought {device.purchase_year}, kept {lifetime:g} y"))
    return lines


def _line(device: Device, quantity: float, rule: str, library: FactorLibrary, site: str,
          quality: DataQuality, when: str) -> ActivityLine:
    ratio, refurbished_note = _refurbished(device, library)
    notes = [rule, refurbished_note, _size_note(device), _PROXY_NOTES.get(device.key, ""),
             _USE_PHASE]
    size = f" {device.screen_size.to('inch').magnitude:g} in" if device.screen_size else ""
    state = "refurbished " if device.refurbished else ""
    where = f", {site}" if site else ""
    return ActivityLine(
        Q(quantity * ratio, "device"), device.factor_id,
        label=f"{device.count} × {state}{device.key}{size} ({when}{where})",
        scope=3, ghg_category=2, beges_post="4.2", domain=_DOMAIN, data_quality=quality,
        site=site, group=device.key, note="; ".join(n for n in notes if n))


def keep_longer_saving(
    devices: Iterable[Device],
    *,
    reporting_year: int,
    lifetime: float | Mapping[str, float],
    site: str = "",
    library: FactorLibrary | None = None,
) -> tuple[list[ActivityLine], list[ActivityLine]]:
    r"""Yearly embodied emissions of a fleet now and if devices were kept longer.

    Parameters
    ----------
    devices
        The inventory: :class:`Device` records.
    reporting_year
        Year of the bilan (devices bought after it are refused).
    lifetime
        The other lifetime [year]: one number for every device, or a mapping from kind to
        years (kinds not in it keep their lifetime).
    site
        Name of the site, kept in reports.
    library
        Factor library (default: :func:`coopcarbon.load_factors`).

    Returns
    -------
    tuple of two lists of ActivityLine
        ``(lines_now, lines_longer)``: the fleet's steady-state yearly lines with the current
        lifetimes and with the other one. The yearly saving is
        ``total(compute_lines(lines_now)) - total(compute_lines(lines_longer))``.

    Raises
    ------
    InputError
        A lifetime <= 0, or the errors of :func:`inventory`.

    Notes
    -----
    Steady state: a fleet of :math:`n` devices renewed every :math:`L` years buys :math:`n/L`
    devices a year, whatever the purchase years of today's devices; keeping them :math:`L'`
    years instead saves :math:`n \cdot f \cdot (1/L - 1/L')` kgCO2e a year. This is the
    amortised convention applied to the whole fleet, so it is comparable across years.

    Examples
    --------
    >>> from coopcarbon.domains import hardware
    >>> fleet = [hardware.Device("laptop", 40, purchase_year=2022, lifetime=4)]
    >>> now, longer = hardware.keep_longer_saving(fleet, reporting_year=2024, lifetime=5)
    >>> now[0].quantity.magnitude, longer[0].quantity.magnitude
    (10.0, 8.0)
    """
    items = _check_common(devices, reporting_year)
    lib = library if library is not None else load_factors()
    given = dict(lifetime) if isinstance(lifetime, Mapping) else dict.fromkeys(KINDS, lifetime)
    lifetimes: dict[str, float] = {}
    for kind, years in given.items():
        if (isinstance(years, bool) or not isinstance(years, (int, float)) or not years > 0
                or years == float("inf")):
            raise _problem("lifetime", f"{years!r} is not a lifetime ({kind})",
                           "a number of years > 0")
        lifetimes[_kind_key(kind)] = float(years)
    now: list[ActivityLine] = []
    longer: list[ActivityLine] = []
    for device in items:
        if device.count == 0:
            continue
        current = _lifetime(device, lib)
        other = float(lifetimes.get(device.key, current))
        for years, bucket, what in ((current, now, "current"), (other, longer, "other")):
            rule = (f"steady state ({what} lifetime): {device.count} devices renewed every "
                    f"{years:g} years, {device.count}/{years:g} a year (amortised convention)")
            bucket.append(_line(device, device.count / years, rule, lib, site,
                                DataQuality.ESTIMATED, f"kept {years:g} y"))
    return now, longer

