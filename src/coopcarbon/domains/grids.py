"""Which electricity factor a country gets: its own of the year, else an explicit fallback.

A country is never refused for lack of data. For the **location-based** result the order is

1. the country's grid factor of the reporting year (France: ADEME's consumption mix of the
   year; elsewhere ``energy.electricity.<iso3>.grid_<year>``, Ember's yearly figure of every
   country it publishes (table ``electricity_countries``: life-cycle, per kWh generated), before
   the country's one grid average ``energy.electricity.<iso3>.grid`` whose data year is in its note);
2. the country's factor of the nearest year (the latest earlier one, else the earliest later),
   said in the note (yearly tables lag the reporting year: this is the usual case, not warned);
3. the grid average of the country's region (``EU-27`` for a member of the European Union);
4. the world average ``energy.electricity.world.grid``.

For the **market-based** result without a contract, the residual mix of the country (of the
year, else the nearest year), else of its region, then the location-based order above (the
grid average standing for the residual mix, as the GHG Protocol Scope 2 Guidance, ch. 6.11,
allows when no residual mix is published). Every change of geography (region, grid average
for a residual mix, world) issues a
:class:`~coopcarbon.errors.CoopCarbonWarning` naming what was used, and says it in the line's
note (the way Climatiq's factor selector reports a fallback).

References
----------
1. WRI/WBCSD, *GHG Protocol Scope 2 Guidance* (2015), ch. 6.11 (residual mix, and what to use
   when none is available).
2. European Union, member countries (27 since 1 February 2020), european-union.europa.eu,
   "Country profiles"; Eurostat aggregate code ``EU27_2020``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import CoopCarbonWarning
from ..factors.library import FactorLibrary

__all__ = ["EU27", "REGION_GRIDS", "WORLD_GRID", "GridChoice", "location_factor", "region_of",
           "residual_factor"]

#: Members of the European Union since 1 February 2020 (ISO 3166 alpha-2), reference 2.
EU27 = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
                  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"})

#: Region → (its name, the iso3-like key of its grid factor ``energy.electricity.<key>.grid``,
#: the key of its residual mixes ``energy.electricity.residual.<key>_<year>``).
REGION_GRIDS: Mapping[str, tuple[str, str, str]] = MappingProxyType({"EU": ("EU-27", "eee", "eu")})

#: The factor of last resort: the world average.
WORLD_GRID = "energy.electricity.world.grid"

#: The years a factor may have (``year`` of the table format): the suffixes ``_<year>`` looked up.
_YEARS = range(1990, 2101)


@dataclass(frozen=True)
class GridChoice:
    """A factor chosen for a country: its id, what it is (for the note), and the fallback taken.

    ``fallback`` is ``""`` when the country's own factor of the year was found, else one of
    ``"year"``, ``"region"``, ``"grid"`` (market-based: the grid average for a missing residual
    mix), ``"world"``.
    """

    factor_id: str
    note: str
    fallback: str = ""


def region_of(alpha2: str) -> str | None:
    """The region whose factors stand in for a country's (``"EU"`` for an EU member), if any."""
    return "EU" if alpha2 in EU27 else None


def _vintages(library: FactorLibrary, prefix: str) -> dict[int, str]:
    """Year → id of the factors ``<prefix>_<year>``, for the years a factor may have.

    The ids are looked up, not searched for: the library holds a factor per country and year.
    """
    return {year: fid for year in _YEARS if (fid := f"{prefix}_{year}") in library}


def _nearest(vintages: Mapping[int, str], year: int) -> int:
    """The year itself, else the latest earlier vintage, else the earliest later one."""
    if year in vintages:
        return year
    earlier = [y for y in vintages if y <= year]
    return max(earlier) if earlier else min(vintages)


def _by_year(vintages: Mapping[int, str], year: int, what: str) -> GridChoice | None:
    """The vintage of ``year``, else the nearest one, said in the note (``fallback="year"``)."""
    if not vintages:
        return None
    chosen = _nearest(vintages, year)
    if chosen == year:
        return GridChoice(vintages[chosen], f"{what} of {year}")
    when = "earlier" if chosen < year else "later"
    return GridChoice(vintages[chosen], f"no {what} for {year}: the {when} vintage {chosen} is used "
                                        f"({vintages[chosen]})", "year")


def _grid(key: str, name: str, year: int, library: FactorLibrary) -> GridChoice | None:
    """A country's (or region's) grid factor: of the year, nearest year, or its one average.

    The note gives the factor's data year and source in every case (the words the French report
    translates).
    """
    found = _by_year(_vintages(library, f"energy.electricity.{key}.grid"), year, f"{name} grid average")
    factor_id, fallback = (found.factor_id, found.fallback) if found else (f"energy.electricity.{key}.grid", "")
    if factor_id not in library:
        return None
    factor = library[factor_id]
    return GridChoice(factor_id, f"{name} grid average, data year {factor.year} ({factor.source})", fallback)


def _own_location(alpha2: str, alpha3: str, year: int, library: FactorLibrary) -> GridChoice | None:
    if alpha2 == "FR":
        found = _by_year(_vintages(library, "energy.electricity.fr.mix"), year,
                         "French consumption mix (ADEME)")
        if found is not None:
            return found
    region = REGION_GRIDS.get(alpha2)
    key = region[1] if region is not None else alpha3.lower()
    return _grid(key, region[0] if region is not None else alpha3, year, library)


def _fallback(choice: GridChoice, kind: str, what: str) -> GridChoice:
    """``choice`` marked as a fallback of ``kind``, with a warning naming what was used."""
    used = choice.note.split("; used instead: ")[-1]
    note = f"{what}; used instead: {used}"
    warnings.warn(f"electricity: {note}", CoopCarbonWarning, stacklevel=4)
    return GridChoice(choice.factor_id, note, kind)


def location_factor(alpha2: str, alpha3: str, year: int, library: FactorLibrary) -> GridChoice:
    """The location-based factor of a country for ``year``, falling back as the module says.

    Parameters
    ----------
    alpha2, alpha3
        ISO 3166 codes of the country (``"EU"``, ``"EEE"`` for the EU-27 as a whole).
    year
        Reporting year.
    library
        The factor library to choose from.

    Raises
    ------
    UnknownFactorError
        Only when even the world average is missing from ``library``.
    """
    own = _own_location(alpha2, alpha3, year, library)
    if own is not None:
        return own
    missing = f"no grid factor for {alpha2} ({alpha3}) in the tables"
    region = region_of(alpha2)
    if region is not None:
        name, key, _ = REGION_GRIDS[region]
        found = _grid(key, name, year, library)
        if found is not None:
            return _fallback(found, "region", missing + f"; {alpha2} is in the {name}")
    world = library[WORLD_GRID]  # UnknownFactorError only if a user library lacks it
    return _fallback(GridChoice(world.id, f"world average, data year {world.year} ({world.source})"),
                     "world", missing)


def residual_factor(alpha2: str, alpha3: str, year: int, library: FactorLibrary) -> GridChoice:
    """The market-based factor of a country without a contract, falling back as the module says."""
    own = _by_year(_vintages(library, f"energy.electricity.residual.{alpha2.lower()}"), year,
                   f"{alpha2} residual mix")
    if own is not None:
        note = (f"no contractual instrument: residual mix of {alpha2} "
                f"(AIB, data year {library[own.factor_id].year})")
        return GridChoice(own.factor_id, note + (f"; {own.note}" if own.fallback else ""), own.fallback)
    missing = f"no contractual instrument and no residual mix for {alpha2} in the tables"
    region = region_of(alpha2)
    if region is not None:
        name, _, key = REGION_GRIDS[region]
        found = _by_year(_vintages(library, f"energy.electricity.residual.{key}"), year,
                         f"residual mix of the {name}")
        if found is not None:
            return _fallback(found, "region", missing)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CoopCarbonWarning)  # one warning, below, names it all
        grid = location_factor(alpha2, alpha3, year, library)
    kind = "grid" if grid.fallback in ("", "year") else grid.fallback
    return _fallback(grid, kind, missing + " (Scope 2 Guidance 6.11: the location-based factor stands for it)")
