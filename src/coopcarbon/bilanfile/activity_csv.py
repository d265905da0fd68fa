"""Activity lines as CSV (see coopcarbon.io.spreadsheet for the cell rules)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, overload

import numpy as np
import numpy.typing as npt
from pydantic import TypeAdapter, ValidationError

from .. import errors
from ..activities import ActivityLine
from ..activity_columns import ActivityColumns
from ..engine import check_and_compute_columns
from ..errors import CoopCarbonError, InputError, Problem, UnknownFactorError
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
    parse_numbers,
    read_csv_columns,
)
from ..units import unit_dimensions
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

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

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

    ``lines`` keeps the lines as columns (:class:`~coopcarbon.activity_columns.ActivityColumns`:
    a line object is made when it is read); ``rows[i]`` is the spreadsheet row of ``lines[i]``;
    ``skipped_rows`` lists the completely empty rows left out; ``encoding`` and ``delimiter`` say
    how the file was read; ``columns`` gives the 1-based column of each named column.
    """

    lines: ActivityColumns
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
        if isinstance(error, errors.UnitMismatchError):
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
    with collection_paused():  # rows and their cells: fresh objects, no reference cycle
        rows, numbers, cells = read_csv_columns(path, encoding=encoding, delimiter=delimiter, error=InputError)
        rows = dataclasses.replace(rows, header=tuple(FRENCH_HEADERS.get(h, h) for h in rows.header))
        problems, _ = header_problems(rows, ACTIVITY_COLUMNS, _ACTIVITY_REQUIRED, "")
        columns = {n: c for n, c in rows.columns().items() if n in ACTIVITY_COLUMNS}
        texts = {name: _texts(cells[col - 1]) for name, col in columns.items()}
        del cells  # freed before the collector walks them
        lines = _ColumnReader(file, numbers, columns, problems).lines(texts)
    result = CsvActivities(lines, file, tuple(numbers), rows.encoding, rows.delimiter, rows.skipped_rows, columns)
    if library is not None and not problems:
        problems += result.check_against(library)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems, f"{len(problems)} problem(s) in {file}; no row was imported")
    return result


def _texts(column: Sequence[str]) -> list[str]:
    """A column's cells as text: stripped, a formula's protecting apostrophe removed."""
    texts = list(map(str.strip, column))
    if "\n'" not in "\n" + "\n".join(texts):  # no cell starts with an apostrophe: no loop in Python
        return texts
    return [restore(text) if text[:1] == "'" else text for text in texts]


#: Columns a line takes as they are: its quantity (read as numbers) and its label.
_PER_LINE = frozenset({"quantity", "label"})
#: Columns of a line's kind taken as they are (the unit is checked apart), not validated.
_NOT_VALIDATED = frozenset({"unit", "group", "site", "note"})


class _ColumnReader:
    """Reads an activity CSV column by column: each distinct text, and each kind of line, once.

    A kind of line is a distinct combination of the cells other than quantity and label; its
    validated columns are checked with pydantic once per distinct combination, and its checked
    line (:class:`~coopcarbon.activities.ActivityLine`) is made once. Every bad cell is a problem
    at its row and column; a row with a bad cell is not checked further.
    """

    def __init__(self, file: str, numbers: Sequence[int], columns: Mapping[str, int], problems: list[Problem]
                 ) -> None:
        self.file, self.numbers, self.columns, self.problems = file, numbers, columns, problems
        self.bad = np.zeros(len(numbers), dtype=np.bool_)  # rows with a bad cell

    def problem(self, rows: Iterable[int], name: str, message: str, expected: str = "", suggestion: str = "") -> None:
        """The same problem at each of ``rows`` (indices), in column ``name``; the rows are bad."""
        for i in rows:
            self.problems.append(cell_problem(self.file, self.numbers[i], self.columns.get(name), name, message,
                                              expected, suggestion))
            self.bad[i] = True

    def lines(self, texts: Mapping[str, list[str]]) -> ActivityColumns:
        """The lines of the rows (none when a cell is wrong: its problems recorded)."""
        n = len(self.numbers)
        for name in _ACTIVITY_REQUIRED:
            if name in texts and "" in texts[name]:
                self.problem((i for i, text in enumerate(texts[name]) if not text), name,
                             "empty cell: a value is required", _activity_expected(name))
        magnitudes = self._quantities(texts.get("quantity", [""] * n))
        names = [name for name in texts if name not in _PER_LINE]
        values = {name: self._column(name, texts[name]) for name in names}
        empty = ActivityColumns((), np.zeros(0, dtype=np.intp), np.zeros(0), [])
        if not all(name in texts for name in _ACTIVITY_REQUIRED) or not n:
            return empty
        kinds, kind = _kinds([texts[name] for name in names], names, values, n)
        templates = self._templates(kinds, kind)
        if self.bad.any() or any(template is None for template in templates):
            return empty
        return ActivityColumns([t for t in templates if t is not None], kind, magnitudes,
                               texts.get("label", [""] * n))

    def _quantities(self, texts: Sequence[str]) -> FloatArray:
        values, errors = parse_numbers(texts)
        magnitudes = np.array(values, dtype=np.float64)
        expected = _activity_expected("quantity")
        for i, message in errors.items():
            self.problem((i,), "quantity", message, expected)
        for i in np.flatnonzero(magnitudes < 0).tolist():
            self.problem((i,), "quantity", f"{texts[i]!r} is negative (record avoided emissions separately)",
                         expected)
        return magnitudes

    def _column(self, name: str, texts: Sequence[str]) -> dict[str, Any]:
        """Each distinct non-empty text of column ``name``, read (bad ones: problems at their rows)."""
        read = converter(name)
        values: dict[str, Any] = {}
        wrong: dict[str, tuple[str, str]] = {}  # text → (message, suggestion)
        for text in dict.fromkeys(texts):
            if not text:
                continue
            try:
                if name == "unit":
                    unit_dimensions(text)  # each distinct unit checked once; the line keeps the text
                values[text] = text if read is None or name == "unit" else read(text)
            except InputError as exc:  # a unit pint cannot read: nearest unit names
                wrong[text] = (f"{text!r} is not a unit", exc.problems[0].suggestion)
            except ValueError as exc:
                wrong[text] = (str(exc), "")
        if wrong:
            for i, text in enumerate(texts):
                if text in wrong:
                    message, suggestion = wrong[text]
                    self.problem((i,), name, message, _activity_expected(name), suggestion)
        return values

    def _templates(self, kinds: Sequence[Mapping[str, Any]], kind: IntArray) -> list[ActivityLine | None]:
        """The checked line of each kind (``None`` for a kind of bad rows, its problems recorded)."""
        rows_of = _rows_of(kind, len(kinds))
        good = [not self.bad[rows].all() for rows in rows_of]  # a bad cell of the kind: every row bad
        checked = iter(_validated([{k: v for k, v in values.items() if k not in _NOT_VALIDATED}
                                   for values, ok in zip(kinds, good, strict=True) if ok]))
        templates: list[ActivityLine | None] = []
        for values, ok, rows in zip(kinds, good, rows_of, strict=True):
            if not ok:
                templates.append(None)
                continue
            activity = next(checked)
            where = [i for i in rows.tolist() if not self.bad[i]]
            if isinstance(activity, ValidationError):
                for err in activity.errors(include_url=False):
                    name = str(err["loc"][0]) if err["loc"] else ""
                    message, suggestion = human_message(err)
                    self.problem(where, name, message, _literal_expected(err), suggestion)
                templates.append(None)
                continue
            templates.append(self._template(values, activity, where))
        return templates

    def _template(self, values: Mapping[str, Any], a: Activity, rows: Sequence[int]) -> ActivityLine | None:
        try:
            return ActivityLine(
                magnitude=0.0, unit=values["unit"], factor_id=a.factor_id, scope=a.scope,
                ghg_category=a.ghg_category, beges_post=a.beges_post, domain=a.domain,
                data_quality=a.data_quality, activity_uncertainty=a.uncertainty, basis=a.basis,
                scope2_method=a.scope2_method, group=values.get("group", ""), site=values.get("site", ""),
                note=values.get("note", ""))
        except InputError as exc:
            for p in exc.problems:
                self.problem(rows, p.field, p.message, p.expected, p.suggestion)
            return None


def _kinds(texts: Sequence[Sequence[str]], names: Sequence[str], values: Mapping[str, Mapping[str, Any]], n: int
           ) -> tuple[list[dict[str, Any]], IntArray]:
    """The distinct kinds of line (their non-empty cells, read) and each row's kind.

    ``texts`` holds the columns named ``names``, ``values`` each column's texts read; a bad text
    reads ``None``: its rows are bad, their kind is not checked.
    """
    index: defaultdict[tuple[str, ...], int] = defaultdict()
    index.default_factory = index.__len__  # a new kind gets the next code
    kind = np.fromiter(map(index.__getitem__, zip(*texts, strict=True)), dtype=np.intp, count=n)
    return [{name: values[name].get(text) for name, text in zip(names, key, strict=True) if text}
            for key in index], kind


def _rows_of(kind: IntArray, size: int) -> list[IntArray]:
    """The row indices of each of the ``size`` kinds numbered by ``kind``."""
    order = np.argsort(kind, kind="stable")
    return np.split(order, np.cumsum(np.bincount(kind, minlength=size))[:-1])


def _validated(kinds: list[dict[str, Any]]) -> list[Activity | ValidationError]:
    """The kinds validated in one pydantic call; when one is wrong, one by one (to say which)."""
    placeholder = {"quantity": "placeholder"}  # the quantity is read apart, as a number
    try:
        return list(_activity_list().validate_python([{**values, **placeholder} for values in kinds]))
    except ValidationError:
        pass
    checked: list[Activity | ValidationError] = []
    for values in kinds:
        try:
            checked.append(Activity.model_validate({**values, **placeholder}))
        except ValidationError as exc:
            checked.append(exc)
    return checked


@cache
def _activity_list() -> TypeAdapter[list[Activity]]:
    return TypeAdapter(list[Activity])


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
