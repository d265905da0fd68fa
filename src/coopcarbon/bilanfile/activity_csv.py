"""Activity lines as CSV (see coopcarbon.io.spreadsheet for the cell rules)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, overload

from pydantic import TypeAdapter, ValidationError

from ..activities import ActivityLine, lines_from_columns
from ..engine import check_and_compute_columns
from ..errors import CoopCarbonError, InputError, Problem, UnitMismatchError, UnknownFactorError
from ..factors.library import FactorLibrary
from ..io.cells import neutralise, restore
from ..io.gcpause import collection_paused
from ..io.messages import human_message
from ..io.spreadsheet import (
    CsvRows,
    cell_problem,
    cell_text,
    converter,
    encode_rows,
    expected_text,
    header_problems,
    read_csv_rows,
)
from ..units import parse_unit
from .schema import Activity

__all__ = [
    "ACTIVITY_COLUMNS",
    "FRENCH_HEADERS",
    "CsvActivities",
    "read_activities_csv",
    "write_activities_csv",
]

#: Columns of an activity list in CSV; ``quantity``, ``unit`` and ``factor_id`` are required.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "quantity", "unit", "factor_id", "label", "domain", "scope", "ghg_category", "beges_post",
    "data_quality", "uncertainty", "basis", "scope2_method", "group", "site", "note",
)
_ACTIVITY_REQUIRED = ("quantity", "unit", "factor_id")

#: French column headers (lower case, with their accents) accepted for :data:`ACTIVITY_COLUMNS`.
FRENCH_HEADERS: dict[str, str] = {
    "quantité": "quantity", "unité": "unit", "facteur": "factor_id", "identifiant du facteur": "factor_id",
    "libellé": "label", "domaine": "domain", "catégorie ghg": "ghg_category",
    "catégorie ghg protocol": "ghg_category", "poste beges": "beges_post", "poste": "beges_post",
    "qualité": "data_quality", "qualité de la donnée": "data_quality", "incertitude": "uncertainty",
    "base": "basis", "méthode scope 2": "scope2_method", "groupe": "group", "commentaire": "note",
}


# -- activity lists ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CsvActivities(Sequence[ActivityLine]):
    """Activity lines read from CSV: a sequence of :class:`ActivityLine`, with their rows.

    ``rows[i]`` is the spreadsheet row of ``lines[i]``; ``skipped_rows`` lists the completely
    empty rows left out; ``encoding`` and ``delimiter`` say how the file was read; ``columns``
    gives the 1-based column of each named column.
    """

    lines: tuple[ActivityLine, ...]
    file: str
    rows: tuple[int, ...]
    encoding: str
    delimiter: str
    skipped_rows: tuple[int, ...] = ()
    columns: Mapping[str, int] = dataclasses.field(default_factory=dict)

    @overload
    def __getitem__(self, index: int) -> ActivityLine: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ActivityLine]: ...

    def __getitem__(self, index: int | slice) -> ActivityLine | Sequence[ActivityLine]:
        return self.lines[index]

    def __len__(self) -> int:
        return len(self.lines)

    def __iter__(self) -> Iterator[ActivityLine]:
        return iter(self.lines)

    def check_against(self, library: FactorLibrary) -> list[Problem]:
        """Problems of these lines with ``library``, each at its row and column.

        The lines go through the engine once (:func:`coopcarbon.engine.check_and_compute_columns`);
        each of its failures (unknown factor id with the nearest ids, a unit that does not fit
        the factor, a missing category) is reported at the rows of its lines.
        """
        _, failures = check_and_compute_columns(self.lines, library)
        return [self.line_problem(i, failure.error) for failure in failures for i in failure.indices]

    def line_problem(self, index: int, error: CoopCarbonError) -> Problem:
        """``error``, found by the engine for line ``index``, at its row and column."""
        line, row = self.lines[index], self.rows[index]
        if isinstance(error, UnknownFactorError):
            close = error.nearest[:3]
            return cell_problem(
                self.file, row, self.columns.get("factor_id"), "factor_id",
                f"unknown factor id {line.factor_id!r}",
                "a factor id of the library (`coopcarbon factors search`)",
                ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else "")
        if isinstance(error, UnitMismatchError):
            return cell_problem(
                self.file, row, self.columns.get("unit"), "unit",
                f"{line.quantity.units:~C} does not fit factor {line.factor_id} ({error.units2})",
                f"a unit of {error.dim2}", error.extra_msg)
        if isinstance(error, InputError) and error.problems:
            first = error.problems[0]
            return cell_problem(self.file, row, self.columns.get(first.field), first.field, first.message,
                                first.expected, first.suggestion)
        return cell_problem(self.file, row, None, "", str(error))

    def notes(self) -> list[str]:
        """How the file was read, when it matters (encoding other than UTF-8, skipped rows)."""
        name = Path(self.file).name  # notes go into reports: no local folders
        return CsvRows(name, self.encoding, self.delimiter, (), (), self.skipped_rows).notes()


def read_activities_csv(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    library: FactorLibrary | None = None,
) -> CsvActivities:
    """Read activity lines from a CSV file written by a spreadsheet.

    One row per line; the columns are those of :data:`ACTIVITY_COLUMNS`, or their French names
    (:data:`FRENCH_HEADERS`: ``Quantité``, ``Unité``, ``Facteur``, ``Libellé``...): ``quantity`` (a
    number, ``1 234,5``), ``unit`` (``km``, ``kWh``, ``passenger_km``...) and ``factor_id`` are
    required; ``label``, ``domain``, ``scope``, ``ghg_category``, ``beges_post``, ``data_quality``
    (``measured``/``mesuré``...), ``uncertainty`` (``0,1`` or ``10 %``), ``basis``,
    ``scope2_method``, ``group``, ``site`` and ``note`` are optional. Every row is imported or
    the whole file is refused: completely empty rows are the only ones left out, and they are
    counted in ``skipped_rows``.

    Parameters
    ----------
    path
        The CSV file.
    encoding, delimiter
        Force the encoding or the cell separator (default: detected).
    library
        When given, the lines are checked against it (:meth:`CsvActivities.check_against`):
        unknown factor ids, with the nearest ids, and units that do not fit the factor.

    Returns
    -------
    CsvActivities
        A sequence of :class:`~coopcarbon.activities.ActivityLine` (give it to ``Bilan.add``).

    Raises
    ------
    InputError
        Listing every bad cell of every row, each with file, row, column and what was expected.
    """
    file = str(path)
    with collection_paused():  # rows, their values and lines: fresh objects, no reference cycle
        rows = read_csv_rows(path, encoding=encoding, delimiter=delimiter, error=InputError)
        rows = dataclasses.replace(rows, header=tuple(FRENCH_HEADERS.get(h, h) for h in rows.header))
        problems, _ = header_problems(rows, ACTIVITY_COLUMNS, _ACTIVITY_REQUIRED, "")
        columns = {n: c for n, c in rows.columns().items() if n in ACTIVITY_COLUMNS}
        read = _CellReader(file, columns, problems)
        valid = [(row, values) for row, cells in rows.rows
                 if (values := read.row(row, cells)) is not None]
        lines, numbers = _lines(file, valid, columns, problems)
    result = CsvActivities(tuple(lines), file, tuple(numbers), rows.encoding, rows.delimiter,
                           rows.skipped_rows, columns)
    if library is not None and not problems:
        problems += result.check_against(library)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems, f"{len(problems)} problem(s) in {file}; no row was imported")
    return result


class _CellReader:
    """Reads a row's cells: one converter per column, each distinct unit text parsed once."""

    def __init__(self, file: str, columns: Mapping[str, int], problems: list[Problem]) -> None:
        self.file, self.columns, self.problems = file, columns, problems
        #: (column name, its number, its converter: ``None`` for text, ``str`` for the unit, checked apart)
        self.plan = [(name, col, str if name == "unit" else converter(name)) for name, col in columns.items()]
        self.units: dict[str, Problem | None] = {}  # unit text → its problem (None: a unit)

    def row(self, row: int, cells: Sequence[str]) -> dict[str, Any] | None:
        """The row's non-empty cells, read; ``None`` (its problems recorded) when one is wrong."""
        values: dict[str, Any] = {}
        before = len(self.problems)
        for name, col, read in self.plan:
            text = cells[col - 1].strip()
            if text[:1] == "'":
                text = restore(text)
            if not text:
                if name in _ACTIVITY_REQUIRED:
                    self.problems.append(cell_problem(self.file, row, col, name,
                                                      "empty cell: a value is required", _activity_expected(name)))
            elif read is None:  # text as it is
                values[name] = text
            elif name == "unit":
                if text not in self.units or self.units[text] is not None:
                    self._unit(row, col, text)
                values[name] = text
            else:
                try:
                    value: Any = read(text)
                    if name == "quantity" and value < 0:
                        raise ValueError(f"{text!r} is negative (record avoided emissions separately)")
                    values[name] = value
                except ValueError as exc:
                    self.problems.append(cell_problem(self.file, row, col, name, str(exc),
                                                      _activity_expected(name)))
        complete = len(self.problems) == before and all(n in values for n in _ACTIVITY_REQUIRED)
        return values if complete else None

    def _unit(self, row: int, col: int, text: str) -> None:
        if text not in self.units:
            try:
                parse_unit(text)
                self.units[text] = None
            except InputError as exc:  # a unit pint cannot read: nearest unit names
                self.units[text] = Problem("", None, None, "unit", f"{text!r} is not a unit",
                                           _activity_expected("unit"), exc.problems[0].suggestion)
        problem = self.units[text]
        if problem is not None:
            self.problems.append(cell_problem(self.file, row, col, "unit", problem.message, problem.expected,
                                              problem.suggestion))


def _lines(file: str, valid: Sequence[tuple[int, Mapping[str, Any]]], columns: Mapping[str, int],
           problems: list[Problem]) -> tuple[list[ActivityLine], list[int]]:
    """The activity lines of the rows read, and their row numbers (problems recorded).

    The rows' other columns are validated in one pydantic call, each distinct combination of
    their values once (free text such as labels is text already), and the lines of each
    combination are made together (:func:`~coopcarbon.activities.lines_from_columns`); when
    something is wrong, row by row, so that every problem of every row is reported.
    """
    kinds: dict[tuple[tuple[str, Any], ...], int] = {}
    codes = [kinds.setdefault(tuple((k, v) for k, v in values.items() if k not in _NOT_VALIDATED), len(kinds))
             for _, values in valid]
    try:
        distinct = _activity_list().validate_python([{**dict(kind), "quantity": "placeholder"} for kind in kinds])
    except ValidationError:
        activities = [_row_activity(file, row, {**{k: v for k, v in values.items() if k != "unit"},
                                                "quantity": "placeholder"}, columns, problems)
                      for row, values in valid]
        return _row_lines(file, valid, activities, columns, problems)
    try:
        return _kind_lines(valid, codes, distinct), [row for row, _ in valid]
    except InputError:  # a line refused: row by row, to say which
        return _row_lines(file, valid, [distinct[code] for code in codes], columns, problems)


def _kind_lines(valid: Sequence[tuple[int, Mapping[str, Any]]], codes: Sequence[int],
                distinct: Sequence[Activity]) -> list[ActivityLine]:
    """The rows' lines, made together for each validated combination and free text but the label."""
    groups: dict[tuple[int, str, str, str], list[int]] = {}
    for i, ((_, values), code) in enumerate(zip(valid, codes, strict=True)):
        key = (code, values.get("group", ""), values.get("site", ""), values.get("note", ""))
        groups.setdefault(key, []).append(i)
    lines: list[ActivityLine | None] = [None] * len(valid)
    for (code, group, site, note), indices in groups.items():
        a = distinct[code]
        rows = [valid[i][1] for i in indices]
        made = lines_from_columns(
            [v["quantity"] for v in rows], [v["unit"] for v in rows], a.factor_id, [v.get("label", "") for v in rows],
            scope=a.scope, ghg_category=a.ghg_category, beges_post=a.beges_post, domain=a.domain,
            data_quality=a.data_quality, activity_uncertainty=a.uncertainty, basis=a.basis,
            scope2_method=a.scope2_method, group=group, site=site, note=note)
        for i, line in zip(indices, made, strict=True):
            lines[i] = line
    return [line for line in lines if line is not None]


def _row_lines(file: str, valid: Sequence[tuple[int, Mapping[str, Any]]], activities: Sequence[Activity | None],
               columns: Mapping[str, int], problems: list[Problem]) -> tuple[list[ActivityLine], list[int]]:
    """The rows' lines made one by one, each problem at its row and column."""
    lines: list[ActivityLine] = []
    numbers: list[int] = []
    for (row, values), activity in zip(valid, activities, strict=True):
        if activity is None:
            continue
        try:
            lines.append(ActivityLine(
                magnitude=values["quantity"], unit=values["unit"], factor_id=activity.factor_id,
                label=values.get("label", ""), scope=activity.scope, ghg_category=activity.ghg_category,
                beges_post=activity.beges_post, domain=activity.domain, data_quality=activity.data_quality,
                activity_uncertainty=activity.uncertainty, basis=activity.basis,
                scope2_method=activity.scope2_method, group=values.get("group", ""), site=values.get("site", ""),
                note=values.get("note", "")))
            numbers.append(row)
        except InputError as exc:
            for p in exc.problems:
                problems.append(cell_problem(file, row, columns.get(p.field), p.field, p.message,
                                              p.expected, p.suggestion))
    return lines, numbers


#: Columns a row's line takes as they are: its quantity and unit (read by the cell reader), and free text.
_NOT_VALIDATED = frozenset({"quantity", "unit", "label", "group", "site", "note"})


@cache
def _activity_list() -> TypeAdapter[list[Activity]]:
    return TypeAdapter(list[Activity])


def _row_activity(file: str, row: int, other: Mapping[str, Any], columns: Mapping[str, int],
                  problems: list[Problem]) -> Activity | None:
    """A row's other columns validated alone (``None``, with its problems, when they are wrong)."""
    try:
        return Activity.model_validate(other)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else ""
            message, suggestion = human_message(err)
            problems.append(cell_problem(file, row, columns.get(name), name, message,
                                          _literal_expected(err), suggestion))
        return None


def _activity_expected(name: str) -> str:
    if name == "unit":
        return "a unit such as 'km', 'kWh', 'passenger_km' or 'EUR'"
    if name == "factor_id":
        return "a factor id such as 'mobility.train.tgv' (`coopcarbon factors search`)"
    return expected_text(name)


def _literal_expected(error: Any) -> str:
    ctx = error.get("ctx") or {}
    return str(ctx.get("expected", ""))


def write_activities_csv(
    lines: Iterable[ActivityLine],
    path: str | Path | None = None,
    *,
    delimiter: str = ";",
    decimal: str = ",",
    encoding: str = "utf-8-sig",
) -> bytes:
    """Write activity lines as CSV, in French spreadsheet format by default.

    Parameters
    ----------
    lines
        Activity lines with scalar quantities.
    path
        File to write; ``None`` only returns the bytes.
    delimiter, decimal, encoding
        As :func:`write_factor_table_csv`.

    Returns
    -------
    bytes
        The file's content; :func:`read_activities_csv` reads it back to equal lines. A text
        cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
        tab or a carriage return) is written with a leading ``'`` (OWASP CSV-injection
        guidance), removed again on reading.
    """
    records = list(lines)
    defaults: dict[str, Any] = {"label": "", "domain": "other", "scope": None, "ghg_category": None,
                                "beges_post": None, "data_quality": "measured", "uncertainty": None,
                                "basis": None, "scope2_method": None, "group": "", "site": "", "note": ""}
    table: list[dict[str, Any]] = []
    for i, line in enumerate(records):
        magnitude = line.magnitude
        if not isinstance(magnitude, (int, float)):
            raise InputError([Problem(str(path or "<csv>"), None, None, f"lines[{i}].quantity",
                                      "only single numbers can be written to CSV", "a scalar quantity")])
        table.append({
            "quantity": float(magnitude), "unit": line.unit,
            "factor_id": line.factor_id, "label": line.label, "domain": line.domain,
            "scope": line.scope, "ghg_category": line.ghg_category, "beges_post": line.beges_post,
            "data_quality": line.data_quality.value, "uncertainty": line.activity_uncertainty,
            "basis": line.basis, "scope2_method": line.scope2_method, "group": line.group,
            "site": line.site, "note": line.note,
        })
    columns = [c for c in ACTIVITY_COLUMNS
               if c in {"quantity", "unit", "factor_id", "label"}
               or any(record[c] != defaults[c] for record in table)]
    rows = [columns, *([_cell(record[c], decimal) for c in columns] for record in table)]
    return encode_rows(rows, path, delimiter, encoding)


def _cell(value: Any, decimal: str) -> str:
    """A cell: numbers as numbers, text neutralised against formulas (:mod:`coopcarbon.io.cells`)."""
    return neutralise(value) if isinstance(value, str) else cell_text(value, decimal)
