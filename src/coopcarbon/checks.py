"""Notes and warnings computed from emission lines: validity years, regions, double counting.

Each check is a plain function of the lines (and of what else it needs, given as arguments);
it returns the notes for the report and issues each as a :class:`~coopcarbon.errors.CoopCarbonWarning`.
:class:`~coopcarbon.bilan.Bilan` calls them after its one pass through the engine.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence

from .activities import EmissionLine
from .domains.energy import country_code
from .errors import CoopCarbonError, CoopCarbonWarning
from .factors.library import Factor
from .units import Q

__all__ = ["double_electricity", "outside_validity", "repeated_bills", "wrong_region"]

#: BEGES posts of energy bought from a network whose factor is a country's (electricity, heat).
_NETWORK_POSTS = ("2.1", "2.2")

#: Scope 2 factors that are a technology's or a supplier's, not a country's network.
_NOT_A_NETWORK = (".production.", ".supplier.", "solar")


def _warn(message: str) -> str:
    # the frames above: the check, Bilan._checks, Bilan.compute, then the caller's line
    warnings.warn(message, CoopCarbonWarning, stacklevel=5)
    return message


def is_network_energy(line: EmissionLine) -> bool:
    """A line valued with a country's grid or heat-network factor (location or residual mix).

    Fuel combustion factors are not: a kWh of natural gas burns to the same CO2 anywhere.
    """
    factor = line.factor
    return (factor.scope == 2 and factor.beges_post in _NETWORK_POSTS
            and not any(part in factor.id for part in _NOT_A_NETWORK))


def outside_validity(lines: Iterable[EmissionLine], year: int) -> list[str]:
    """Warn (and note) when a factor is used outside its validity years."""
    notes = []
    seen: set[str] = set()
    for line in lines:
        f = line.factor
        if f.id in seen:
            continue
        seen.add(f.id)
        if (f.valid_from and year < f.valid_from) or (f.valid_to and year > f.valid_to):
            notes.append(_warn(f"factor {f.id} is valid {f.valid_from or '…'}–{f.valid_to or '…'}, "
                               f"used for {year}"))
    return notes


def _alpha2(country: str) -> str | None:
    try:
        return country_code(country)[0]
    except CoopCarbonError:
        return None  # "World", "EU27": not one country


def wrong_region(lines: Iterable[EmissionLine], site_countries: Mapping[str, str]) -> list[str]:
    """Warn when a country's factor (grid mix, heat network) is used for a site in another country.

    Parameters
    ----------
    lines
        The emission lines.
    site_countries
        Country of each declared site, by name. A line's country is its site's; a line without
        a site takes the country of the sites when they are all in one country, else it is not
        checked.
    """
    if not site_countries:
        return []
    countries = {name: _alpha2(country) for name, country in site_countries.items()}
    only = set(countries.values())
    default = only.pop() if len(only) == 1 else None
    notes = []
    seen: set[tuple[str, str]] = set()
    for line in lines:
        if not is_network_energy(line):
            continue
        factor: Factor = line.factor
        site = line.activity.site
        country = countries.get(site) if site else default
        region = _alpha2(factor.region)
        if country is None or region is None or region == country or (factor.id, site) in seen:
            continue
        seen.add((factor.id, site))
        where = f"site {site!r} ({country})" if site else f"the sites ({country})"
        notes.append(_warn(
            f"factor {factor.id} is for {factor.region}, used for {where}: check the site's country "
            "(grid mixes differ up to twentyfold between countries)"))
    return notes


def repeated_bills(bills: Sequence[tuple[str, str, str | None, str]]) -> list[str]:
    """Warn when two electricity bills have the same site, country and energy (entered twice).

    Parameters
    ----------
    bills
        Each bill as ``(place, site, country, energy)``: where it is (``file:line``), its site,
        its country (``None``: the site's) and its energy as written (``"41 MWh"``) [energy].
    """
    from pint import DimensionalityError  # lazy start-up: a bilan without bills needs no pint

    notes = []
    seen: dict[tuple[str, str | None, float], int] = {}
    for i, (place, site, country, energy) in enumerate(bills):
        try:
            kwh = round(float(Q(energy).to("kWh").magnitude), 6)
        except (CoopCarbonError, DimensionalityError):  # reported where the bill's lines are made
            continue
        key = (site, country, kwh)
        if key in seen:
            first = seen[key]
            notes.append(_warn(
                f"{place}: electricity[{i}] repeats electricity[{first}] ({bills[first][0]}): same "
                f"site {site!r} and energy {energy}; a bill counted twice? Give each meter or period once"))
        else:
            seen[key] = i
    return notes


def double_electricity(metered_sites: Iterable[str], lines: Iterable[tuple[str, EmissionLine]]) -> list[str]:
    """Warn when a site's metered electricity is also valued by another line with a grid mix.

    Parameters
    ----------
    metered_sites
        Sites whose electricity the bilan's ``electricity`` section counts (both scope 2 methods).
    lines
        Other lines, each with where it is (``file:line``, ``line LABEL``).
    """
    sites = set(metered_sites)
    notes = []
    for place, line in lines:
        activity = line.activity
        if (activity.site not in sites or activity.scope2_method == "market"
                or not is_network_energy(line) or line.factor.beges_post != "2.1"):
            continue
        notes.append(_warn(
            f"{place}: electricity of site {activity.site!r} valued with {activity.factor_id} while the "
            "electricity section already counts this site's meter: counted twice? Remove one "
            "(the electricity section gives both scope 2 methods)"))
    return notes
