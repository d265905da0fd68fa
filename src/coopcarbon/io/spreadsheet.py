"""CSV files as French spreadsheets write them: the cell rules every CSV reader of coopcarbon uses.

LibreOffice Calc and Excel set to French write CSV with ``;`` between cells, a decimal comma
(``0,193``), a space as thousands separator (``1 234,5``, often a no-break space) and either
Windows-1252 ("Latin-1") or UTF-8 with a byte-order mark. This module reads such files without
loss, or refuses them with a problem naming the row and the column of every bad cell. Rows are
numbered as the spreadsheet shows them: the header is row 1, the first data row is row 2.

Reading
    :func:`read_csv_rows` (cells of any CSV; :func:`read_csv_columns` column by column),
    :func:`open_csv` (row by row, for a large file read once), :func:`parse_number` (one cell); the factor-table
    CSV (:mod:`coopcarbon.factors.csvtable`), activity CSV
    (:mod:`coopcarbon.bilanfile.activity_csv`), FEC (:mod:`coopcarbon.bilanfile.fec`) and
    ADEME's export (:mod:`coopcarbon.factors.ademe`) are read through it.
Writing
    :func:`encode_rows` (``;``, decimal comma, UTF-8 with a BOM so that Excel shows accents),
    :func:`format_number` (one cell).

Encodings are detected, never guessed silently: UTF-8 when the bytes are valid UTF-8 (with or
without BOM), UTF-16 when the file starts with a UTF-16 BOM (Excel's "Unicode text"), otherwise
Windows-1252. The encoding used is recorded on every result, reported as a warning when it is
not UTF-8, and ``encoding=`` forces one.

Numbers (:func:`parse_number`): ``1234.5``, ``1234,5``, ``1 234,5`` (space, no-break space
U+00A0 or narrow no-break space U+202F between groups of three digits), ``1.234,5`` (dots
between groups only with a decimal comma: ``1.234`` alone is one point two three four),
``1,5E-05``, and ``12 %`` where a fraction is expected (``uncertainty``).
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from ..problems import InputError, Problem
from .decoding import PROBE, ErrorType, block_encoding, block_lines, decode, text_lines
from .files import read_bytes
from .numbers import EXPECTED_NUMBER, format_number, parse_number, parse_numbers

__all__ = [
    "CsvRecords",
    "CsvRows",
    "cell_problem",
    "cell_text",
    "column_letter",
    "convert",
    "converter",
    "detect_delimiter",
    "encode_rows",
    "expected_text",
    "format_number",
    "header_problems",
    "open_csv",
    "parse_number",
    "parse_numbers",
    "read_csv_columns",
    "read_csv_rows",
    "row_list",
    "unnamed_cell_problems",
]





_FLOATS = {"value", "uncertainty", "pcs_pci_ratio", "lifetime_years", "quantity"}
_PERCENT = {"uncertainty"}
_INTS = {"year", "valid_from", "valid_to", "scope", "ghg_category"}
_BOOLS = {"estimated", "override", "verified"}
_TRUE = {"true", "vrai", "oui", "yes", "1"}
_FALSE = {"false", "faux", "non", "no", "0"}
_QUALITY_FR = {"mesuré": "measured", "mesure": "measured", "estimé": "estimated",
               "estime": "estimated", "extrapolé": "extrapolated", "extrapole": "extrapolated"}

# -- numbers ----------------------------------------------------------------------------------
def column_letter(column: int) -> str:
    """Spreadsheet name of a 1-based column: 1 → ``A``, 27 → ``AA``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_problem(file: str, row: int | None, column: int | None, name: str, message: str,
                  expected: str = "", suggestion: str = "") -> Problem:
    """A problem in a cell: line = row, field = column name, the message says row and column."""
    where = (f"row {row}, column {column_letter(column)}" if row is not None and column is not None
             else f"row {row}" if row is not None else "")
    return Problem(file, row, column, name, f"{where}: {message}" if where else message,
                   expected, suggestion)


# -- reading cells ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CsvRows:
    """The cells of a CSV file, with how it was read.

    ``header`` holds the column names (stripped, lower case); ``rows`` holds ``(row number,
    cells)`` for every non-empty row, cells padded to the header's width; ``skipped_rows``
    the numbers of completely empty rows, which are left out.
    """

    file: str
    encoding: str
    delimiter: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    skipped_rows: tuple[int, ...]
    header_row: int = 1

    def columns(self) -> dict[str, int]:
        """1-based column number of every named column."""
        return {name: i for i, name in enumerate(self.header, start=1) if name}

    def notes(self, *, with_file: bool = True) -> list[str]:
        """How the file was read, when it matters: a non-UTF-8 encoding, skipped rows."""
        notes = []
        if not self.encoding.startswith("utf-8"):
            notes.append(f"read as {_ENCODING_NAMES.get(self.encoding, self.encoding)}: "
                         "the file is not valid UTF-8")
        if self.skipped_rows:
            notes.append(f"{len(self.skipped_rows)} empty row(s) skipped: {row_list(self.skipped_rows)}")
        return [f"{self.file}: {note}" for note in notes] if with_file else notes


def row_list(rows: Sequence[int], most: int = 10) -> str:
    """Row numbers (in order) as runs, such as ``3, 7-9, 12``; after ``most`` runs, ``…``.

    A file of a million empty rows gives a short note, in any language.
    """
    runs: list[str] = []
    start = end = None
    for row in rows:
        if end is not None and row == end + 1:
            end = row
            continue
        if start is not None:
            runs.append(str(start) if start == end else f"{start}-{end}")
            if len(runs) == most:
                return ", ".join(runs) + ", …"
        start = end = row
    if start is not None:
        runs.append(str(start) if start == end else f"{start}-{end}")
    return ", ".join(runs)


_ENCODING_NAMES = {"cp1252": "Windows-1252 (Latin-1)", "utf-16": "UTF-16"}


def detect_delimiter(text: str) -> str:
    r"""The cell separator of a CSV text: ``;`` whenever the header has one, else a hint.

    :class:`csv.Sniffer` is only a hint (it is easily fooled by decimal commas); a ``;`` in the
    header wins, then the sniffer's answer if the header contains it, then a tab, then a comma.

    Examples
    --------
    >>> detect_delimiter("id;value\nx;1,5\n"), detect_delimiter("id,value\nx,\"1,5\"\n")
    (';', ',')
    """
    header = next((line for line in text_lines(text[:65536]) if line.strip()), "")
    if ";" in header:
        return ";"
    try:
        sniffed: str | None = csv.Sniffer().sniff(text[:65536], delimiters=";,\t").delimiter
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed in header:
        return sniffed
    if "\t" in header:
        return "\t"
    return "," if "," in header else ";"


def read_csv_rows(source: str | Path, raw: bytes | None = None, *, encoding: str | None = None,
                  delimiter: str | None = None, error: ErrorType = InputError) -> CsvRows:
    """Read the cells of a CSV file: encoding and delimiter detected, empty rows counted.

    Parameters
    ----------
    source
        The file (its name is used in messages when ``raw`` is given).
    raw
        The file's bytes, when already read.
    encoding
        Force an encoding (``"utf-8"``, ``"cp1252"``...); default: detected.
    delimiter
        Force the cell separator; default: :func:`detect_delimiter`.
    error
        The error class raised (:class:`InputError`, or :class:`TableError` for factor tables).

    Raises
    ------
    InputError or TableError
        Listing every problem: undecodable bytes, bad quotes, cells beyond the header, columns
        without a name or named twice.
    """
    read, records, start, problems = _read_records(source, raw, encoding, delimiter, error)
    rows, skipped = _data_rows(read.file, records, start, list(read.header), problems)
    if problems:
        raise error(problems, f"{len(problems)} problem(s) in {read.file}")
    return dataclasses.replace(read, rows=rows, skipped_rows=read.skipped_rows + skipped)


def read_csv_columns(source: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
                     error: ErrorType = InputError) -> tuple[CsvRows, Sequence[int], list[tuple[str, ...]]]:
    """As :func:`read_csv_rows`, but the cells column by column.

    Returns how the file was read (no ``rows``), the number of each non-empty row, and each
    column's cells in that order. For a reader that works column-wise (activity CSV files): the
    cells of a large file are not gathered into rows first.
    """
    read, records, start, problems = _read_records(source, None, encoding, delimiter, error)
    width = len(read.header)
    if _plain(records, read.header) and not problems:
        numbers: Sequence[int] = range(start, start + len(records))
        columns: list[tuple[str, ...]] = list(zip(*records, strict=True)) if records else [()] * width
        return read, numbers, columns
    rows, skipped = _data_rows(read.file, records, start, list(read.header), problems)
    if problems:
        raise error(problems, f"{len(problems)} problem(s) in {read.file}")
    columns = list(zip(*(cells for _, cells in rows), strict=True)) if rows else [()] * width
    return (dataclasses.replace(read, skipped_rows=read.skipped_rows + skipped), [n for n, _ in rows], columns)


def _read_records(source: str | Path, raw: bytes | None, encoding: str | None, delimiter: str | None,
                  error: ErrorType) -> tuple[CsvRows, list[list[str]], int, list[Problem]]:
    """The file read up to its header, and what follows.

    Returns how it was read (a :class:`CsvRows` without rows), its records after the header, the
    row number of the first of them, and the header's problems.
    """
    file = str(source)
    if raw is None:
        raw = read_bytes(source, error)
    text, used = decode(raw, file, encoding, error)
    sep = delimiter or detect_delimiter(text)
    records = _records(text, sep, file, error)
    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise error([Problem(file, None, None, "", "the file is empty", "a header row and data rows")])
    header_row = header_index + 1
    header = [c.strip().lower() for c in records[header_index]]
    while header and not header[-1]:
        header.pop()
    read = CsvRows(file, used, sep, tuple(header), (), tuple(range(1, header_row)), header_row)
    return read, records[header_index + 1:], header_row + 1, _header_problems(file, header_row, header)


_FIRST = itemgetter(0)


def _plain(records: list[list[str]], header: Sequence[str]) -> bool:
    """Whether every record is as wide as a header without a gap and starts with a cell (the common case)."""
    return all(header) and set(map(len, records)) <= {len(header)} and all(map(str.strip, map(_FIRST, records)))


def _data_rows(file: str, records: list[list[str]], start: int, header: list[str], problems: list[Problem]
               ) -> tuple[tuple[tuple[int, tuple[str, ...]], ...], tuple[int, ...]]:
    """The non-empty records from row ``start`` on, padded to the header, and the empty rows' numbers.

    The common case (:func:`_plain`) is read without a loop in Python.
    """
    width = len(header)
    if _plain(records, header):
        return tuple(zip(range(start, start + len(records)), map(tuple, records), strict=True)), ()
    skipped: list[int] = []
    rows: list[tuple[int, tuple[str, ...]]] = []
    unnamed = any(not name for name in header)
    for number, record in enumerate(records, start=start):
        if not (record and record[0].strip()) and not "".join(record).strip():  # first cell: most rows
            skipped.append(number)
            continue
        if unnamed or len(record) > width:
            problems += _unnamed_cells(file, number, record, header)
        rows.append((number, tuple(record) if len(record) == width else tuple((record + [""] * width)[:width])))
    return tuple(rows), tuple(skipped)


def open_csv(source: str | Path, raw: bytes, *, encoding: str | None = None, delimiter: str | None = None,
             error: ErrorType = InputError) -> tuple[CsvRows, CsvRecords]:
    """Start reading a large CSV file row by row: how it is read, and its records after the header.

    As :func:`read_csv_rows` (encoding and delimiter detected, header checked), but the records
    after the header are read as the caller consumes them and never kept, so that a reader picking
    a few columns of a 40 MB file (ADEME's export) holds only those. The returned
    :class:`CsvRows` has no rows; the records that follow are rows ``header_row + 1``, ``+ 2``...
    (empty ones included: the caller skips them), and a :class:`csv.Error` raised while they are
    read is the caller's to locate.

    A large file is decoded a block at a time as the records are read: a byte that is not valid
    in its encoding then raises ``error`` when its block is reached.

    Raises
    ------
    InputError or TableError
        For undecodable bytes, bad quotes before the header, no header, a column named twice.
    """
    file = str(source)
    used = block_encoding(raw, encoding)
    if used is None:
        text, used = decode(raw, file, encoding, error)
        sep, lines = delimiter or detect_delimiter(text), text_lines(text)
    else:  # never the whole text at once: 80 MB less for ADEME's 39 MB export
        sep = delimiter or detect_delimiter(str(raw[:PROBE], used, "replace"))
        lines = block_lines(raw, used, file, error, encoding)
    records = CsvRecords(lines, sep)
    number = 0
    try:
        record = next(records, None)
        while record is not None and not any(c.strip() for c in record):
            number, record = number + 1, next(records, None)
    except csv.Error as exc:
        raise error([cell_problem(file, number + 1, None, "", f"cannot read the CSV: {exc}",
                                  "cells separated by ';' and text in double quotes \"like this\"")]) from None
    if record is None:
        raise error([Problem(file, None, None, "", "the file is empty", "a header row and data rows")])
    header = [c.strip().lower() for c in record]
    while header and not header[-1]:
        header.pop()
    problems = _header_problems(file, number + 1, header)
    if problems:
        raise error(problems, f"{len(problems)} problem(s) in {file}")
    records.width = len(header)
    return CsvRows(file, used, sep, tuple(header), (), tuple(range(1, number + 1)), number + 1), records


class CsvRecords(Iterator[list[str]]):
    """The records of a CSV text as :func:`csv.reader` reads them (see :func:`_records_of`), one by one.

    :meth:`shortened` reads the records left with some of them shortened: a wide file's reader
    that needs only the last cells of some rows (the posts of ADEME's export) then has fewer
    cells made.
    """

    def __init__(self, lines: Iterable[str], sep: str) -> None:
        self._lines, self._sep = iter(lines), sep
        self._records = _records_of(self._lines, sep)
        self.width = 0  # the header's number of cells, once it is read (:func:`open_csv`)

    def __next__(self) -> list[str]:
        return cast("list[str]", next(self._records))  # none shortened: no prefix was given

    def shortened(self, prefix: str, tail: int) -> Iterator[list[str] | tuple[str, ...]]:
        """The records left; those of plain lines starting with ``prefix`` and as wide as the header are shortened.

        A shortened record is a tuple: the text of the line's cells but its last ``tail``,
        then those last cells (``tuple(line.rsplit(sep, tail))``); the text's cells are
        ``text.split(sep)``. Other records are the lists :func:`csv.reader` gives.
        """
        return _records_of(self._lines, self._sep, (prefix, tail, self.width))


def _records_of(lines: Iterable[str], sep: str,
                short: tuple[str, int, int] | None = None) -> Iterator[list[str] | tuple[str, ...]]:
    """The records of CSV ``lines`` (with their ends), exactly as :func:`csv.reader` reads them, strictly.

    A blank line is an empty record. A line that holds no quote and no NUL has no cell the
    reader would treat specially: its cells are ``line.split(sep)``, faster for wide rows (ADEME's export: 0.15
    instead of 0.25 s for the 39 MB of benchmark B10; for rows of a few cells, no faster).
    Every other line is read by :func:`csv.reader`, which takes the next lines too when a quoted
    cell runs over them; a :class:`csv.Error` is raised as it raises it.
    ``tests/test_csv_records.py`` checks the two agree on any text.
    """
    longest = csv.field_size_limit()  # a longer line may hold a cell the reader refuses
    lines = iter(lines)
    shortening = short is not None
    prefix, tail, separators = (short[0], short[1], short[2] - 1) if short is not None else ("", 0, 0)
    for line in lines:
        cells = line.rstrip("\r\n")
        if not cells:  # a blank line: no record, as the reader reads it
            yield []
        elif '"' in line or "\0" in line or len(line) > longest:
            yield next(csv.reader(chain((line,), lines), delimiter=sep, strict=True))
        elif shortening and cells.startswith(prefix) and cells.count(sep) == separators:
            yield tuple(cells.rsplit(sep, tail))
        else:
            yield cells.split(sep)


def _records(text: str, sep: str, file: str, error: ErrorType) -> list[list[str]]:
    """The records of a CSV text; a quoting error names its row."""
    records: list[list[str]] = []
    try:  # extend keeps the records read before an error: their count names the row
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except csv.Error as exc:
        row = len(records) + 1
        raise error([cell_problem(file, row, None, "", f"cannot read the CSV: {exc}",
                                   "cells separated by ';' and text in double quotes \"like this\"",
                                   "check for a stray '\"' in this row")]) from None
    return records


def _header_problems(file: str, header_row: int, header: list[str]) -> list[Problem]:
    """Columns named twice."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for col, name in enumerate(header, start=1):
        if name in seen:
            problems.append(cell_problem(file, header_row, col, name,
                                          f"column {name!r} appears twice (also column "
                                          f"{column_letter(seen[name])})", "each column once"))
        elif name:
            seen[name] = col
    return problems


def _unnamed_cells(file: str, number: int, record: list[str], header: list[str]) -> list[Problem]:
    """Cells of row ``number`` under no column name."""
    width = len(header)
    return unnamed_cell_problems(file, number, ((col, cell) for col, cell in enumerate(record, start=1)
                                                if col > width or not header[col - 1]))


#: Cells under no column name given a problem each, in a row; the others are counted in one more.
MOST_UNNAMED = 5


def unnamed_cell_problems(file: str, row: int, cells: Iterable[tuple[int, str]]) -> list[Problem]:
    """A problem for each non-empty cell (column number, text) of ``row`` under no column name.

    After :data:`MOST_UNNAMED` of them, one problem counts the others and names their first
    and last columns: a row of 200 000 stray cells is six problems, not 200 000.
    """
    filled = [(column, cell.strip()) for column, cell in cells if cell.strip()]
    problems = [cell_problem(file, row, column, "", f"cell {text!r} is in a column without a name",
                             "a value only under a named column", "name the column in the header, or move the value")
                for column, text in filled[:MOST_UNNAMED]]
    rest = filled[MOST_UNNAMED:]
    if rest:
        problems.append(cell_problem(
            file, row, None, "", f"{len(rest)} more cells are in columns without a name (columns "
            f"{column_letter(rest[0][0])} to {column_letter(rest[-1][0])})", "a value only under a named column",
            "name the columns in the header, or remove the cells"))
    return problems


def _whole(text: str) -> int:
    if text.isascii() and text.isdigit():  # the common case: 2024
        return int(text)
    try:
        number = parse_number(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if not number.is_integer():
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)


def _boolean(text: str) -> bool:
    folded = text.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise ValueError(f"{text!r} is not true or false")


def converter(name: str) -> Callable[[str], Any] | None:
    """The function that reads a cell of column ``name`` (``None``: the text as it is).

    Each raises ValueError saying what was expected.
    """
    if name in _FLOATS:
        return partial(parse_number, percent=name in _PERCENT)
    if name in _INTS:
        return _whole
    if name in _BOOLS:
        return _boolean
    if name == "beges_post":
        return lambda text: text.replace(",", ".")
    if name == "data_quality":
        return lambda text: _QUALITY_FR.get(text.casefold(), text)
    return None


def convert(name: str, text: str) -> Any:
    """Convert one cell to the type of its column (raises ValueError with the expectation)."""
    convert = converter(name)
    return text if convert is None else convert(text)


def expected_text(name: str) -> str:
    """What a cell of column ``name`` should hold, for an error message."""
    if name in _INTS:
        return "a whole number such as 2024"
    if name in _BOOLS:
        return "true or false (vrai ou faux)"
    if name in _PERCENT:
        return "a fraction such as 0,2 or a percentage such as 20 %"
    return EXPECTED_NUMBER


def header_problems(rows: CsvRows, known: Sequence[str], required: Sequence[str],
                     hint: str) -> tuple[list[Problem], set[str]]:
    """Unknown columns (with the nearest names) and missing required columns."""
    problems = []
    columns = rows.columns()
    for name, col in columns.items():
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
            problems.append(cell_problem(
                rows.file, rows.header_row, col, name, f"unknown column {name!r}",
                "one of " + ", ".join(known),
                ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else hint))
    missing = {name for name in required if name not in columns}
    for name in sorted(missing, key=list(required).index):
        problems.append(cell_problem(rows.file, rows.header_row, None, name,
                                      f"missing column {name!r}",
                                      "the columns " + ", ".join(required)))
    return problems, missing



def cell_text(value: Any, decimal: str) -> str:
    """``value`` as a cell (numbers with ``decimal`` as separator, None as empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value, decimal=decimal)
    return str(value)


def encode_rows(rows: Sequence[Sequence[str]], path: str | Path | None, delimiter: str,
            encoding: str) -> bytes:
    """CSV bytes of ``rows`` (written to ``path`` when given)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    text = buffer.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        row = text[: exc.start].count("\n") + 1
        raise InputError([Problem(str(path or "<csv>"), row, None, "",
                                  f"{text[exc.start]!r} cannot be written in {encoding}",
                                  "text that the encoding can hold", "write UTF-8 (the default)")]) from None
    if path is not None:
        Path(path).write_bytes(data)
    return data


