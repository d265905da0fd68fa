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

import bisect
import copy
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import overload

import numpy as np

from . import __version__, checks
from .activities import ActivityLine, EmissionLine
from .activity_columns import ActivityColumns, codes_of, first_of_each
from .bilanfile.activity_csv import CsvActivities
from .bilanfile.boundary import apply_boundary, profile_of
from .bilanfile.entries import BilanSource, CsvRow, Origin, failure_problems, make_lines
from .bilanfile.locate import Locator
from .bilanfile.reader import BilanFileContents, read_bilan
from .bilanfile.schema import BilanInputs
from .bilanfile.writer import dump_bilan
from .emissions import EmissionColumns
from .engine import check_and_compute_columns
from .errors import InputError, Problem
from .factors.library import FactorLibrary
from .factors.loading import load_factors
from .result import BilanResult

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
    lines
        Activity lines added from Python.
    source_file
        The bilan file this bilan was read from, if any.
    source
        What the bilan file gives besides its inputs (where each entry is, its CSV tables, its
        description and file names), if read from one.
    """

    organisation: str
    year: int
    headcount: int
    inputs: BilanInputs | None = None
    factors: Sequence[str | Path] = ()
    lines: list[ActivityLine] = field(default_factory=list)
    source_file: Path | None = None
    source: BilanSource | None = None

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
        """Every activity line: from the domain inputs (and CSV files), then the lines added from Python.

        Raises
        ------
        InputError
            Every problem of the inputs, each at its file, line and field.
        """
        made = self._made(library if library is not None else self.library())
        if made.problems:
            raise self._input_error(made.problems)
        return list(made.lines)

    def compute(
        self,
        *,
        samples: int = 0,
        seed: int | None = None,
        factors: FactorLibrary | None = None,
    ) -> BilanResult:
        """Compute the year's emissions: every line goes through the engine once.

        Parameters
        ----------
        samples
            Monte Carlo iterations for the uncertainty interval (0: analytic interval only).
        seed
            Seed of the Monte Carlo draws, for reproducible intervals.
        factors
            A factor library to use as given (e.g. last year's); default: bundled tables plus
            this bilan's own tables.

        Raises
        ------
        InputError
            Every problem of the inputs and of the computation, each at its file, line and field
            (the line's label for lines added from Python).
        """
        if isinstance(samples, bool) or not isinstance(samples, int) or samples < 0:
            raise InputError([Problem("<bilan>", None, None, "samples", f"{samples!r} is not a number of draws",
                                      "a whole number >= 0 (0: analytic interval only)", "e.g. samples=10_000")])
        library = factors if factors is not None else self.library()
        made = self._made(library)
        origins = made.origins
        columns, failures = check_and_compute_columns(made.lines, library)
        if failures and not made.problems and len(made.lines) == len(self.lines):  # only lines from Python
            raise failures[0].error  # the engine's own error
        problems = made.problems + failure_problems(failures, origins, self._locator())
        if problems or columns is None:  # no problem means no failure: columns were made
            raise self._input_error(problems)
        notes = made.notes + self._checks(columns, origins)
        result = BilanResult(
            organisation=self.organisation, year=self.year, headcount=self.headcount,
            lines=(), columns=columns, factors_fingerprint=library.fingerprint,
            factors_version=library.version, coopcarbon_version=__version__,
            overridden=dict(library.overridden), notes=tuple(dict.fromkeys(notes)),
            samples=samples, seed=seed, profile=profile_of(self.inputs) if self.inputs is not None else None,
        )
        if samples:
            result = replace(result, lines=(),  # still made from the columns when read
                             monte_carlo=result.monte_carlo_interval(samples=samples, seed=seed))
        return result

    def _locator(self) -> Locator:
        return self.source.locator if self.source is not None else Locator(None)

    def _made(self, library: FactorLibrary) -> _Lines:
        """Every line with its origin (``None``: added from Python); CSV tables stay columns."""
        if self.inputs is None:
            return _Lines(self.lines, _Origins([[None] * len(self.lines)]))
        source = self.source
        made = make_lines(self.inputs, year=self.year, headcount=self.headcount, library=library,
                          locator=self._locator(), base=source.base if source is not None else Path.cwd())
        parts: list[Sequence[ActivityLine]] = [made.lines]
        origins: list[Sequence[Origin | None]] = [made.origins]
        for table in source.csv if source is not None else ():
            kept, rows, notes = _within_boundary(table.lines, self.inputs)
            parts.append(kept)
            origins.append(_TableRows(table, rows))
            made.notes += [*table.notes(), *notes]
        lines: Sequence[ActivityLine] = (ActivityColumns.join([*parts, self.lines]) if len(parts) > 1
                                         else [*made.lines, *self.lines])
        return _Lines(lines, _Origins([*origins, [None] * len(self.lines)]), made.problems,
                      list(dict.fromkeys(made.notes)))

    def _input_error(self, problems: list[Problem]) -> InputError:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        return InputError(problems, f"{len(problems)} problem(s) in {self._locator().file}")

    def _checks(self, columns: EmissionColumns, origins: Sequence[Origin | None]) -> list[str]:
        """Notes and warnings from the lines (:mod:`coopcarbon.checks`), made one by one if needed."""
        notes = checks.outside_validity(_first_lines(columns), self.year)  # a line of each factor
        lines = columns.iter_lines
        inputs = self.inputs
        if inputs is None:
            return notes
        notes += checks.wrong_region(_first_lines(columns, lambda a: a.site),  # a line of each factor and site
                                     {site.name: site.country for site in inputs.sites})
        if not inputs.electricity:
            return notes
        where = self._locator().where
        notes += checks.repeated_bills([(where(("electricity", i)), e.site, e.country, e.energy)
                                        for i, e in enumerate(inputs.electricity)])
        metered = {e.site for e in inputs.electricity}
        others = [(where(origin) if origin is not None else f"line {line.activity.label or line.activity.factor_id}",
                   line) for line, origin in zip(lines(), origins, strict=True)
                  if line.activity.site in metered  # placed (file:line) only when it may matter
                  and (origin is None or (isinstance(origin, tuple) and origin[0] == "activities"))]
        notes += checks.double_electricity(metered, others)
        return notes

    # -- files ------------------------------------------------------------------------------
    @classmethod
    def from_yaml(cls, path: str | Path, *, allow_outside: bool = False) -> Bilan:
        """Read a bilan file (see ``docs/reference/bilan-file.md``)."""
        return cls._from_contents(read_bilan(path, allow_outside=allow_outside))

    @classmethod
    def from_workbook(cls, path: str | Path) -> Bilan:
        """Read a filled data-collection workbook (``coopcarbon template``; the ``xlsx`` extra).

        Every problem, on reading or when computing, is located at its sheet, row and column
        (:mod:`coopcarbon.bilanfile.workbook`).
        """
        from .bilanfile.workbook import read_workbook  # start-up: imported by the workbooks' readers only

        return cls._from_contents(read_workbook(path))

    @classmethod
    def _from_contents(cls, c: BilanFileContents) -> Bilan:
        return cls(organisation=c.organisation, year=c.year, headcount=c.headcount, inputs=c.inputs,
                   factors=c.factors, source_file=c.source_file, source=c.source)

    def to_yaml(self, path: str | Path | None = None) -> str:
        """Write this bilan as a bilan file (returns the text; writes it when ``path`` is given)."""
        text = dump_bilan(self.organisation, self.year, self.headcount, inputs=self.inputs,
                          factors=self.factors, lines=self.lines, source=self.source)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def copy(self) -> Bilan:
        """A deep copy (scenarios change a copy, never the original)."""
        return copy.deepcopy(self)


@dataclass
class _Lines:
    """The lines of a bilan (a sequence of lines, or columns with CSV tables), their origins, and findings."""

    lines: Sequence[ActivityLine]
    origins: Sequence[Origin | None]
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Origins(Sequence["Origin | None"]):
    """The origins of parts of lines in turn, read without copying them into one list."""

    def __init__(self, parts: Sequence[Sequence[Origin | None]]) -> None:
        self.parts = parts
        self.ends = np.cumsum([len(part) for part in parts]).tolist()

    def __len__(self) -> int:
        return self.ends[-1] if self.ends else 0

    @overload
    def __getitem__(self, index: int) -> Origin | None: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Origin | None]: ...

    def __getitem__(self, index: int | slice) -> Origin | Sequence[Origin | None] | None:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        i = range(len(self))[index]
        part = bisect.bisect_right(self.ends, i)
        return self.parts[part][i - (self.ends[part - 1] if part else 0)]


class _TableRows(Sequence[CsvRow]):
    """The origin of each line of a CSV table kept within the boundary: its row there."""

    def __init__(self, table: CsvActivities, rows: Sequence[int]) -> None:
        self.table, self.rows = table, rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> CsvRow: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[CsvRow]: ...

    def __getitem__(self, index: int | slice) -> CsvRow | Sequence[CsvRow]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        return CsvRow(self.table, int(self.rows[index]))


def _within_boundary(lines: ActivityColumns, inputs: BilanInputs) -> tuple[ActivityColumns, Sequence[int], list[str]]:
    """A CSV table's lines scaled (or left out) by the organisational boundary, their row indices, the notes.

    The boundary's fraction depends on a line's site, a field of its kind: each kind's fraction is
    what :func:`~coopcarbon.bilanfile.boundary.apply_boundary` makes of one unit of it.
    """
    units = [replace(kind, magnitude=1.0) for kind in lines.kinds]
    kept, kinds, notes = apply_boundary(units, range(len(units)), inputs)
    if len(kept) == len(units) and all(line.magnitude == 1.0 for line in kept):
        return lines, range(len(lines)), notes
    fraction = np.zeros(len(units))
    fraction[np.asarray(kinds, dtype=np.intp)] = [line.magnitude for line in kept]
    rows = np.flatnonzero(fraction[lines.kind] > 0)
    kept_lines = ActivityColumns(lines.kinds, lines.kind[rows], lines.magnitudes[rows] * fraction[lines.kind[rows]],
                                 [lines.labels[i] for i in rows.tolist()], lines.whole)
    return kept_lines, rows.tolist(), notes


def _first_lines(columns: EmissionColumns, group: Callable[[ActivityLine], Hashable] | None = None
                 ) -> Iterator[EmissionLine]:
    """The first emission line of each way of reporting (factor, categories) and ``group``, in order.

    ``group`` reads a field of a kind of line (:func:`~coopcarbon.activity_columns.codes_of`).
    """
    groups: dict[Hashable, int] = {}
    keys = columns.reporting
    if group is not None:
        codes = codes_of(columns.activities, group, groups)
        keys = keys * len(groups) + codes
    first, present = first_of_each(keys, len(columns.reportings) * max(len(groups), 1))
    return (columns.line(i) for i in first[present].tolist())
