"""Bilan: a year's activity data for one organisation; ``compute()`` gives a BilanResult.

A bilan holds the domain inputs read from a bilan file (commute survey, trips, fleet, bills,
contracts, solar, refrigerants, hardware inventory...) and any activity lines added from Python.
It only composes: domain helpers turn inputs into activity lines, the engine multiplies.

>>> import coopcarbon as cc
>>> b = cc.Bilan(organisation="Scop Exemple", year=2024, headcount=40)
>>> _ = b.add(cc.ActivityLine(cc.Q("1200 passenger_km"), "mobility.train.tgv", label="Lyon–Paris"))
>>> round(b.compute().total.to("kgCO2e").magnitude, 3)
3.516
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .activities import ActivityLine
from .engine import compute_lines
from .errors import CoopCarbonWarning, InputError, Problem
from .factors.library import FactorLibrary
from .factors.loading import load_factors
from .result import BilanResult

if TYPE_CHECKING:
    from .bilanfile.reader import BilanInputs

__all__ = ["Bilan"]


@dataclass
class Bilan:
    """A year's footprint inputs for one organisation.

    Parameters
    ----------
    organisation
        Name of the organisation.
    year
        Reporting year.
    headcount
        Employees (full-time equivalent, rounded) [person].
    inputs
        Domain inputs, as read from a bilan file (see :mod:`coopcarbon.bilanfile`).
    factors
        Extra factor tables (paths) laid over the bundled ones.
    """

    organisation: str
    year: int
    headcount: int
    inputs: BilanInputs | None = None
    factors: Sequence[str | Path] = ()
    lines: list[ActivityLine] = field(default_factory=list)
    source_file: Path | None = None

    def __post_init__(self) -> None:
        problems = []
        if not isinstance(self.year, int) or not 1990 <= self.year <= 2100:
            problems.append(Problem("<bilan>", None, None, "year", f"{self.year!r} is not a year",
                                    "a year between 1990 and 2100"))
        if not isinstance(self.headcount, int) or isinstance(self.headcount, bool) or self.headcount <= 0:
            problems.append(Problem("<bilan>", None, None, "headcount",
                                    f"{self.headcount!r} is not a positive whole number",
                                    "the number of employees, e.g. 40"))
        if not str(self.organisation).strip():
            problems.append(Problem("<bilan>", None, None, "organisation", "is empty",
                                    "the organisation's name"))
        if problems:
            raise InputError(problems)

    def add(self, lines: ActivityLine | Iterable[ActivityLine]) -> Bilan:
        """Add activity lines (one, or an iterable such as a domain helper's result)."""
        new = [lines] if isinstance(lines, ActivityLine) else list(lines)
        for i, line in enumerate(new):
            if not isinstance(line, ActivityLine):
                raise InputError([Problem("<bilan>", None, None, f"lines[{i}]",
                                          f"{line!r} is not an ActivityLine",
                                          "lines from coopcarbon.mobility, .buildings, .energy, .hardware")])
        self.lines.extend(new)
        return self

    def library(self) -> FactorLibrary:
        """The factor library of this bilan: bundled tables plus its own tables."""
        return load_factors(*self.factors)

    def activity_lines(self, library: FactorLibrary | None = None) -> list[ActivityLine]:
        """Every activity line: from the domain inputs, then the lines added from Python."""
        library = library or self.library()
        from_inputs = self.inputs.to_lines(self, library) if self.inputs is not None else []
        return [*from_inputs, *self.lines]

    def compute(
        self,
        *,
        samples: int = 0,
        seed: int | None = None,
        factors: FactorLibrary | None = None,
    ) -> BilanResult:
        """Compute the year's emissions.

        Parameters
        ----------
        samples
            Monte Carlo iterations for the uncertainty interval (0: analytic interval only).
        seed
            Seed of the Monte Carlo draws, for reproducible intervals.
        factors
            A factor library to pin (e.g. last year's); default: bundled tables plus this
            bilan's own tables.
        """
        from . import __version__

        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 0:
            raise InputError([Problem("<bilan>", None, None, "samples", f"{samples!r} is not a number of draws",
                                      "a whole number >= 0 (0: analytic interval only)", "e.g. samples=10_000")])
        library = factors or self.library()
        activity = self.activity_lines(library)
        lines = compute_lines(activity, library)
        notes = list(self.inputs.notes(self) if self.inputs is not None else [])
        notes += _check_validity(lines, self.year)
        notes += _check_regions(lines, self.inputs)
        notes += _check_double_electricity(self, library)
        result = BilanResult(
            organisation=self.organisation, year=self.year, headcount=self.headcount,
            lines=tuple(lines), factors_fingerprint=library.fingerprint,
            factors_version=library.version, coopcarbon_version=__version__,
            overridden=dict(library.overridden), notes=tuple(dict.fromkeys(notes)),
            samples=samples, seed=seed,
        )
        if samples:
            interval = result.monte_carlo_interval(samples=samples, seed=seed)
            result = _replace(result, monte_carlo=interval)
        return result

    # -- files ------------------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path, *, allow_outside: bool = False) -> Bilan:
        """Read a bilan file (see ``docs/reference/bilan-file.md``)."""
        from .bilanfile.reader import read_bilan

        return read_bilan(path, allow_outside=allow_outside)

    def to_yaml(self, path: str | Path | None = None) -> str:
        """Write this bilan as a bilan file (returns the text; writes it when ``path`` is given)."""
        from .bilanfile.reader import dump_bilan

        text = dump_bilan(self)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def copy(self) -> Bilan:
        """A deep copy (scenarios change a copy, never the original)."""
        return copy.deepcopy(self)


def _replace(result: BilanResult, **changes: Any) -> BilanResult:
    from dataclasses import replace

    return replace(result, **changes)


def _check_validity(lines: Sequence[Any], year: int) -> list[str]:
    """Warn (and note) when a factor is used outside its validity years."""
    notes = []
    seen = set()
    for line in lines:
        f = line.factor
        if f.id in seen:
            continue
        seen.add(f.id)
        if (f.valid_from and year < f.valid_from) or (f.valid_to and year > f.valid_to):
            message = (f"factor {f.id} is valid {f.valid_from or '…'}–{f.valid_to or '…'}, "
                       f"used for {year}")
            warnings.warn(message, CoopCarbonWarning, stacklevel=3)
            notes.append(message)
    return notes


def _warn(message: str) -> str:
    warnings.warn(message, CoopCarbonWarning, stacklevel=4)
    return message


def _is_grid_electricity(factor: Any) -> bool:
    """A grid (or residual) electricity mix: its value depends on the country it is for."""
    fid = str(factor.id)
    return (fid.startswith("energy.electricity.") and factor.scope == 2
            and not any(part in fid for part in (".production.", ".supplier.", "solar")))


def _is_regional(factor: Any) -> bool:
    """Factors whose value is a country's (grid electricity, heat networks).

    Fuel combustion factors are not: a kWh of natural gas burns to the same CO2 anywhere.
    """
    return _is_grid_electricity(factor) or str(factor.id).startswith("energy.heat_network.")


def _alpha2(country: str) -> str | None:
    from .domains.energy import country_code
    from .errors import CoopCarbonError

    try:
        return country_code(country)[0]
    except CoopCarbonError:
        return None  # "World", "EU27": not one country


def _check_regions(lines: Sequence[Any], inputs: BilanInputs | None) -> list[str]:
    """Warn when a country's factor (grid mix, heat network) is used for a site in another country.

    A line's country is its site's (declared under ``sites``); a line without a site takes the
    country of the sites when they are all in one country, else it is not checked.
    """
    if inputs is None or not inputs.sites:
        return []
    countries = {site.name: _alpha2(site.country) for site in inputs.sites}
    only = set(countries.values())
    default = only.pop() if len(only) == 1 else None
    notes = []
    seen = set()
    for line in lines:
        factor = line.factor
        if not _is_regional(factor):
            continue
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


def _check_double_electricity(bilan: Bilan, library: FactorLibrary) -> list[str]:
    """Warn when the same electricity seems counted twice.

    Two ``electricity`` entries with the same site, country and energy (a bill entered twice);
    or a site's electricity both in ``electricity`` and in a raw activity line (or a line added
    from Python) valued with a grid mix, location-based.
    """
    from pint import DimensionalityError

    from .errors import CoopCarbonError
    from .units import Q

    inputs = bilan.inputs
    if inputs is None or not inputs.electricity:
        return []
    notes = []
    where = inputs.where
    seen: dict[tuple[str, str | None, float], int] = {}
    for i, entry in enumerate(inputs.electricity):
        try:
            kwh = round(float(Q(entry.energy).to("kWh").magnitude), 6)
        except (CoopCarbonError, DimensionalityError):  # reported by to_lines
            continue
        key = (entry.site, entry.country, kwh)
        if key in seen:
            first = seen[key]
            notes.append(_warn(
                f"{where(('electricity', i))}: electricity[{i}] repeats electricity[{first}] "
                f"({where(('electricity', first))}): same site {entry.site!r} and energy {entry.energy}; "
                "a bill counted twice? Give each meter or period once"))
        else:
            seen[key] = i
    sites = {entry.site for entry in inputs.electricity}
    others: list[tuple[str, Any]] = [(where(("activities", i)), a) for i, a in enumerate(inputs.activities)]
    others += [(f"line {label}", line) for label, line in
               ((line.label or line.factor_id, line) for line in bilan.lines)]
    for place, item in others:
        factor = library.factors.get(item.factor_id)
        if (factor is None or not _is_grid_electricity(factor) or item.site not in sites
                or item.scope2_method == "market"):
            continue
        notes.append(_warn(
            f"{place}: electricity of site {item.site!r} valued with {item.factor_id} while the "
            "electricity section already counts this site's meter: counted twice? Remove one "
            "(the electricity section gives both scope 2 methods)"))
    return notes
