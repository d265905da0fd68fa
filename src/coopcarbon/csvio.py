"""CSV files as French spreadsheets write them: factor tables and activity lists.

LibreOffice Calc and Excel set to French write CSV with ``;`` between cells, a decimal comma
(``0,193``), a space as thousands separator (``1 234,5``, often a no-break space) and either
Windows-1252 ("Latin-1") or UTF-8 with a byte-order mark. This module reads such files without
loss, or refuses them with a problem naming the row and the column of every bad cell. Rows are
numbered as the spreadsheet shows them: the header is row 1, the first data row is row 2.

Reading
    :func:`read_csv_rows` (cells of any CSV), :func:`read_factor_table_csv` (a factor table,
    checked by the same validator as YAML tables), :func:`read_activities_csv` (activity lines),
    :func:`parse_number` (one cell).
Writing
    :func:`write_factor_table_csv` and :func:`write_activities_csv` (``;``, decimal comma,
    UTF-8 with a BOM so that Excel shows accents), :func:`format_number` (one cell).

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

import codecs
import csv
import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from .activities import ActivityLine, DataQuality
from .errors import InputError, Problem, TableError
from .yamlsafe import Document, Path_, dotted

if TYPE_CHECKING:
    from .factors.library import FactorLibrary
    from .factors.schema import FactorEntry, TableFile
    from .factors.validate import CheckedTable

__all__ = [
    "ACTIVITY_COLUMNS",
    "FACTOR_COLUMNS",
    "CsvActivities",
    "CsvDocument",
    "CsvFactorTable",
    "CsvRows",
    "check_factor_table_csv",
    "column_letter",
    "detect_delimiter",
    "format_number",
    "parse_number",
    "read_activities_csv",
    "read_csv_rows",
    "read_factor_table_csv",
    "write_activities_csv",
    "write_factor_table_csv",
]

_ErrorType = type[TableError] | type[InputError]

#: Columns of a factor table in CSV: ``id`` then the fields of a factor entry (``quality``,
#: a nested record, is only available in YAML tables).
FACTOR_COLUMNS: tuple[str, ...] = (
    "id", "name_fr", "name_en", "value", "unit", "uncertainty", "source", "source_id", "year",
    "region", "scope", "ghg_category", "beges_post", "uncertainty_source", "source_url",
    "valid_from", "valid_to", "gwp", "basis", "pcs_pci_ratio", "without_non_co2",
    "lifetime_years", "estimated", "license", "notes", "override",
)
_FACTOR_REQUIRED = ("id", "name_fr", "name_en", "value", "unit", "source", "year")
_FACTOR_ALWAYS = (*_FACTOR_REQUIRED, "uncertainty", "source_id", "region", "scope", "ghg_category",
                  "beges_post")

#: Columns of an activity list in CSV; ``quantity``, ``unit`` and ``factor_id`` are required.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "quantity", "unit", "factor_id", "label", "domain", "scope", "ghg_category", "beges_post",
    "data_quality", "uncertainty", "basis", "scope2_method", "group", "site", "note",
)
_ACTIVITY_REQUIRED = ("quantity", "unit", "factor_id")

_FLOATS = {"value", "uncertainty", "pcs_pci_ratio", "lifetime_years", "quantity"}
_PERCENT = {"uncertainty"}
_INTS = {"year", "valid_from", "valid_to", "scope", "ghg_category"}
_BOOLS = {"estimated", "override"}
_TRUE = {"true", "vrai", "oui", "yes", "1"}
_FALSE = {"false", "faux", "non", "no", "0"}
_QUALITY_FR = {"mesuré": "measured", "mesure": "measured", "estimé": "estimated",
               "estime": "estimated", "extrapolé": "extrapolated", "extrapole": "extrapolated"}

# -- numbers ----------------------------------------------------------------------------------
_SPACES = " \u00a0\u202f\u2009"
_BLANKS = _SPACES + "\t"
_PLAIN = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_SPACED = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?")
_DOTTED = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+")
_EXPECTED_NUMBER = "a number such as 1234,5 or 1 234,5 or 0,193"


def parse_number(text: str, *, percent: bool = False) -> float:
    """Read a number as a French (or English) spreadsheet writes it.

    Parameters
    ----------
    text
        The cell, e.g. ``"1 234,5"``, ``"1.234,5"``, ``"0,193"``, ``"1,5E-05"``, ``"12 %"``.
    percent
        Accept a percentage (``"12 %"`` is 0.12); otherwise a ``%`` is an error.

    Returns
    -------
    float
        The value, correctly rounded from its decimal text (nothing is lost on the way).

    Raises
    ------
    ValueError
        When the cell is not a number; the message says what was expected.

    Examples
    --------
    >>> parse_number("1\u202f234,5"), parse_number("1.234,5"), parse_number("1.234")
    (1234.5, 1234.5, 1.234)
    >>> parse_number("12,5 %", percent=True)
    0.125
    """
    cell = text.strip(_BLANKS).replace("\u2212", "-")
    is_percent = cell.endswith("%")
    if is_percent:
        if not percent:
            raise ValueError(f"{text!r}: a percentage is not accepted here")
        cell = cell[:-1].rstrip(_SPACES)
    if _PLAIN.fullmatch(cell):
        normal = cell.replace(",", ".")
    elif _SPACED.fullmatch(cell):
        normal = re.sub(f"[{_SPACES}]", "", cell).replace(",", ".")
    elif _DOTTED.fullmatch(cell):
        normal = cell.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3}){2,}", cell):
        raise ValueError(f"{text!r} is ambiguous: dots between groups of digits are read as thousands "
                         "separators only with a decimal comma (write 1234567 or 1 234 567)")
    elif "," in cell and "." in cell:
        raise ValueError(f"{text!r} mixes a decimal comma and a decimal point")
    else:
        raise ValueError(f"{text!r} is not a number")
    if is_percent:  # shifted in decimal, then rounded once to the nearest float
        value = float(Decimal(normal).scaleb(-2))
    else:
        value = float(normal)  # the patterns only let decimals through; float() rounds correctly
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is too large")
    return value


def format_number(value: float, *, decimal: str = ",", thousands: str = "") -> str:
    r"""Write a number for a spreadsheet, so that :func:`parse_number` gives it back exactly.

    Parameters
    ----------
    value
        A finite number.
    decimal
        Decimal separator: ``","`` (French, default) or ``"."``.
    thousands
        Separator between groups of three digits: ``""`` (default), ``" "``, ``"\u00a0"`` or
        ``"\u202f"``. A dot is refused: ``1.234`` would read back as one point two three four.

    Examples
    --------
    >>> format_number(1234.5), format_number(1234.5, thousands=" "), format_number(1.5e-05)
    ('1234,5', '1 234,5', '1,5E-05')
    """
    if decimal not in {",", "."}:
        raise ValueError(f"decimal separator {decimal!r}: use ',' or '.'")
    if thousands and (thousands not in _SPACES or thousands == decimal):
        raise ValueError(f"thousands separator {thousands!r}: use '', ' ', U+00A0 or U+202F")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    text = repr(number)
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{sign}{mantissa.replace('.', decimal)}E{exponent}"
    integer, _, fraction = text.partition(".")
    if fraction == "0":
        fraction = ""
    if thousands and len(integer) > 3:
        head = len(integer) % 3 or 3
        integer = integer[:head] + "".join(thousands + integer[i:i + 3]
                                           for i in range(head, len(integer), 3))
    return sign + integer + (decimal + fraction if fraction else "")


def column_letter(column: int) -> str:
    """Spreadsheet name of a 1-based column: 1 → ``A``, 27 → ``AA``."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell_problem(file: str, row: int | None, column: int | None, name: str, message: str,
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
            notes.append(f"{len(self.skipped_rows)} empty row(s) skipped: "
                         + ", ".join(str(r) for r in self.skipped_rows))
        return [f"{self.file}: {note}" for note in notes] if with_file else notes


_ENCODING_NAMES = {"cp1252": "Windows-1252 (Latin-1)", "utf-16": "UTF-16"}


def _position(raw: bytes, index: int) -> tuple[int, int]:
    line = raw[:index].count(b"\n") + 1
    return line, index - (raw.rfind(b"\n", 0, index) + 1) + 1


def _decode(raw: bytes, file: str, encoding: str | None, error: _ErrorType) -> tuple[str, str]:
    """Decode ``raw``; returns the text and the encoding used (see the module docstring)."""
    if encoding is not None:
        try:
            name = codecs.lookup(encoding).name
        except LookupError:
            raise error([Problem(file, None, None, "", f"unknown encoding {encoding!r}",
                                 "utf-8, utf-8-sig, cp1252, latin-1 or utf-16")]) from None
        try:
            text = raw.decode(name)
        except UnicodeDecodeError as exc:
            line, column = _position(raw, exc.start)
            raise error([Problem(file, line, column, "",
                                 f"byte 0x{raw[exc.start]:02x} is not valid {encoding}",
                                 f"a file encoded in {encoding}",
                                 "leave the encoding out to detect it")]) from None
        return text.removeprefix("\ufeff"), name
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise error([Problem(file, None, None, "", "the file starts as UTF-16 but is not valid UTF-16",
                                 "a CSV file in UTF-8 or Windows-1252")]) from None
    if b"\x00" in raw[:8192]:
        raise error([Problem(file, None, None, "", "this is a binary file, not a CSV text file",
                             "a CSV file saved from a spreadsheet",
                             "in the spreadsheet use Save As / Enregistrer sous, type CSV")])
    has_bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8-sig"), "utf-8-sig" if has_bom else "utf-8"
    except UnicodeDecodeError as exc:
        if has_bom:
            line, column = _position(raw, exc.start)
            raise error([Problem(file, line, column, "",
                                 f"the file starts with a UTF-8 mark but byte 0x{raw[exc.start]:02x} "
                                 "is not valid UTF-8", "a file in one encoding",
                                 "re-save it from the spreadsheet as CSV, UTF-8")]) from None
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise error([Problem(file, line, column, "",
                             f"byte 0x{raw[exc.start]:02x} is neither UTF-8 nor Windows-1252",
                             "a CSV file in UTF-8 or Windows-1252 (Latin-1)",
                             "re-save it from the spreadsheet as CSV, UTF-8, or pass encoding=")]) from None


def detect_delimiter(text: str) -> str:
    r"""The cell separator of a CSV text: ``;`` whenever the header has one, else a hint.

    :class:`csv.Sniffer` is only a hint (it is easily fooled by decimal commas); a ``;`` in the
    header wins, then the sniffer's answer if the header contains it, then a tab, then a comma.

    Examples
    --------
    >>> detect_delimiter("id;value\nx;1,5\n"), detect_delimiter("id,value\nx,\"1,5\"\n")
    (';', ',')
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
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
                  delimiter: str | None = None, error: _ErrorType = InputError) -> CsvRows:
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
    file = str(source)
    if raw is None:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise error([Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")]) from None
    text, used = _decode(raw, file, encoding, error)
    sep = delimiter or detect_delimiter(text)
    records: list[list[str]] = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True):
            records.append(record)
    except csv.Error as exc:
        row = len(records) + 1
        raise error([_cell_problem(file, row, None, "", f"cannot read the CSV: {exc}",
                                   "cells separated by ';' and text in double quotes \"like this\"",
                                   "check for a stray '\"' in this row")]) from None
    problems: list[Problem] = []
    header_index = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise error([Problem(file, None, None, "", "the file is empty", "a header row and data rows")])
    header_row = header_index + 1
    header = [c.strip().lower() for c in records[header_index]]
    while header and not header[-1]:
        header.pop()
    seen: dict[str, int] = {}
    for col, name in enumerate(header, start=1):
        if name in seen:
            problems.append(_cell_problem(file, header_row, col, name,
                                          f"column {name!r} appears twice (also column "
                                          f"{column_letter(seen[name])})", "each column once"))
        elif name:
            seen[name] = col
    rows: list[tuple[int, tuple[str, ...]]] = []
    skipped = list(range(1, header_row))
    width = len(header)
    unnamed = [col for col, name in enumerate(header, start=1) if not name]
    for number, record in enumerate(records[header_index + 1:], start=header_row + 1):
        if not "".join(record).strip():
            skipped.append(number)
            continue
        if unnamed or len(record) > width:
            for col, cell in enumerate(record, start=1):
                if cell.strip() and (col > width or not header[col - 1]):
                    problems.append(_cell_problem(
                        file, number, col, "", f"cell {cell.strip()!r} is in a column without a name",
                        "a value only under a named column", "name the column in the header, or move the value"))
        rows.append((number, tuple(record) if len(record) == width else tuple((record + [""] * width)[:width])))
    if problems:
        raise error(problems, f"{len(problems)} problem(s) in {file}")
    return CsvRows(file, used, sep, tuple(header), tuple(rows), tuple(skipped), header_row)


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


def _converter(name: str) -> Callable[[str], Any] | None:
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


def _convert(name: str, text: str) -> Any:
    """Convert one cell to the type of its column (raises ValueError with the expectation)."""
    convert = _converter(name)
    return text if convert is None else convert(text)


def _expected(name: str) -> str:
    if name in _INTS:
        return "a whole number such as 2024"
    if name in _BOOLS:
        return "true or false (vrai ou faux)"
    if name in _PERCENT:
        return "a fraction such as 0,2 or a percentage such as 20 %"
    return _EXPECTED_NUMBER


def _header_problems(rows: CsvRows, known: Sequence[str], required: Sequence[str],
                     hint: str) -> tuple[list[Problem], set[str]]:
    """Unknown columns (with the nearest names) and missing required columns."""
    problems = []
    columns = rows.columns()
    for name, col in columns.items():
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
            problems.append(_cell_problem(
                rows.file, rows.header_row, col, name, f"unknown column {name!r}",
                "one of " + ", ".join(known),
                ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else hint))
    missing = {name for name in required if name not in columns}
    for name in sorted(missing, key=list(required).index):
        problems.append(_cell_problem(rows.file, rows.header_row, None, name,
                                      f"missing column {name!r}",
                                      "the columns " + ", ".join(required)))
    return problems, missing


# -- factor tables ----------------------------------------------------------------------------
@dataclass
class CsvDocument(Document):
    """A factor table read from CSV, located by row and column for the shared validator.

    ``marks`` map ``("factors", id)`` to the factor's ``(row, id column)`` and ``columns`` give
    each column's number, so ``mark(("factors", id, column))`` is that cell; :meth:`problem`
    names the column as the field and says "row N, column X" in the message.
    """

    columns: dict[str, int] = field(default_factory=dict)
    rows: CsvRows | None = None  # how the file was read (encoding, delimiter, skipped rows)

    def mark(self, path: Path_) -> tuple[int | None, int | None]:
        """(row, column) of the cell at ``path``, or of the nearest row or parent."""
        if len(path) >= 3 and path[0] == "factors" and path[2] in self.columns:
            row = self._marks.get(tuple(path[:2]))
            if row is not None:
                return (row[0], self.columns[str(path[2])])
        return super().mark(path)

    def problem(self, path: Path_, message: str, expected: str = "", suggestion: str = "") -> Problem:
        """A :class:`Problem` at the cell of ``path`` (a factor's row when no column applies)."""
        if path and path[0] == "table":
            return Problem(self.file, None, None, dotted(path), f"table metadata: {message}", expected,
                           suggestion or "pass it to read_factor_table_csv (name=, version=, source=, "
                                         "license=, retrieved=)")
        line, column = self.mark(path)
        if len(path) >= 3:
            name = str(path[2])
        elif len(path) == 2 and not message.startswith("Value error"):
            name = "id"
        else:  # a rule about the whole row (scope 3 needs ghg_category...)
            name, column = "", None
        if message.startswith("missing field"):
            message = "empty cell: a value is required"
        return _cell_problem(self.file, line, column, name, message, expected, suggestion)


@dataclass(frozen=True)
class CsvFactorTable:
    """A factor table read from CSV: the validated :class:`TableFile` and how it was read."""

    table: TableFile
    file: str
    encoding: str
    delimiter: str
    rows: Mapping[str, int]
    skipped_rows: tuple[int, ...]

    @property
    def factors(self) -> Mapping[str, FactorEntry]:
        """The factor entries by id (as in :attr:`TableFile.factors`)."""
        return self.table.factors


def check_factor_table_csv(
    path: str | Path,
    raw: bytes | None = None,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    name: str | None = None,
    version: str | None = None,
    source: str | None = None,
    license: str = "not stated",  # the table field's own name
    retrieved: dt.date | None = None,
) -> CheckedTable:
    """Read a factor table in CSV and check it; never raises for bad content.

    The table goes through the same validator as YAML tables
    (:func:`coopcarbon.factors.validate.validate_document`); each problem names the file,
    the row (as ``line``), the column and the column name (as ``field``). Parameters are those
    of :func:`read_factor_table_csv`.
    """
    from .factors.validate import CheckedTable, validate_document

    file = str(path)
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            return CheckedTable(file, "", None, None,
                                [Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")])
    digest = hashlib.sha256(raw).hexdigest()
    try:
        rows = read_csv_rows(file, raw, encoding=encoding, delimiter=delimiter, error=TableError)
    except TableError as exc:
        return CheckedTable(file, digest, None, None, list(exc.problems))
    problems, missing = _header_problems(
        rows, FACTOR_COLUMNS, _FACTOR_REQUIRED,
        "quality scores are only available in YAML tables" if "quality" in rows.columns() else "")
    columns = {n: c for n, c in rows.columns().items() if n in FACTOR_COLUMNS}
    meta = {"name": name or Path(file).stem.lower(), "version": version or f"sha256:{digest[:8]}",
            "source": source or Path(file).name, "license": license,
            "retrieved": retrieved or dt.date.today()}
    factors: dict[str, dict[str, Any]] = {}
    document = CsvDocument({"table": meta, "factors": factors}, file, columns=columns, rows=rows)
    marks = document.marks
    flagged: set[tuple[int, int]] = set()
    first: dict[str, int] = {}
    id_col = columns.get("id")
    plan = [(column_name, col, col - 1, _converter(column_name))
            for column_name, col in columns.items() if column_name != "id"]
    for row, cells in rows.rows:
        factor_id = cells[id_col - 1].strip() if id_col else ""
        if not factor_id:
            if id_col:
                problems.append(_cell_problem(file, row, id_col, "id", "empty id",
                                              "a dotted lower-case id such as 'mobility.train.tgv'"))
            continue
        if factor_id in first:
            problems.append(_cell_problem(file, row, id_col, "id",
                                          f"id {factor_id!r} appears twice (first in row {first[factor_id]})",
                                          "each id once", "merge the two rows or rename one"))
            continue
        first[factor_id] = row
        marks[("factors", factor_id)] = (row, id_col or 1)  # a cell's column comes from `columns`
        entry: dict[str, Any] = {}
        for column_name, col, index, convert in plan:
            text = cells[index].strip()
            if not text:
                continue
            if convert is None:
                entry[column_name] = text
                continue
            try:
                entry[column_name] = convert(text)
            except ValueError as exc:
                problems.append(_cell_problem(file, row, col, column_name, str(exc), _expected(column_name)))
                flagged.add((row, col))
                entry[column_name] = text
        factors[factor_id] = entry
    checked = validate_document(document, digest)
    kept = [p for p in checked.problems
            if (p.line, p.column) not in flagged and not (p.field in missing and "empty cell" in p.message)]
    checked.problems = sorted(problems + kept, key=lambda p: (p.line or 0, p.column or 0))
    if checked.problems:
        checked.table = None
    checked.warnings.extend(Problem(file, None, None, "", note) for note in rows.notes(with_file=False))
    return checked


def read_factor_table_csv(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    name: str | None = None,
    version: str | None = None,
    source: str | None = None,
    license: str = "not stated",  # the table field's own name
    retrieved: dt.date | None = None,
) -> CsvFactorTable:
    """Read a factor table saved as CSV by a spreadsheet.

    One row per factor; the columns are those of :data:`FACTOR_COLUMNS` (``id``, ``name_fr``,
    ``name_en``, ``value``, ``unit``, ``source`` and ``year`` are required; an empty cell takes
    the field's default). ``load_factors("ours.csv")`` reads the same way with the default
    metadata.

    Parameters
    ----------
    path
        The CSV file.
    encoding, delimiter
        Force the encoding or the cell separator (default: detected, see the module docstring).
    name
        Table name shown in reports (default: the file name without extension, lower case).
    version
        Table version (default: ``sha256:`` and 8 hex digits of the file's content).
    source
        Overall source of the table (default: the file name); each factor has its own ``source``.
    license
        Licence of the data (default ``"not stated"``); a ``license`` column overrides it per factor.
    retrieved
        Date the data was retrieved (default: today).

    Returns
    -------
    CsvFactorTable
        The validated table, with the encoding and delimiter used and the row of each id.

    Raises
    ------
    TableError
        Listing every problem; each names the file, row and column, and what was expected.
    """
    checked = check_factor_table_csv(path, encoding=encoding, delimiter=delimiter, name=name,
                                     version=version, source=source, license=license,
                                     retrieved=retrieved)
    checked.raise_for_problems()
    document = checked.document
    assert checked.table is not None and isinstance(document, CsvDocument) and document.rows is not None  # noqa: S101
    rows = document.rows  # as check_factor_table_csv read them: the file is read once
    ids = {str(key[1]): mark[0] for key, mark in document.marks.items()
           if len(key) == 2 and key[0] == "factors"}
    return CsvFactorTable(checked.table, str(path), rows.encoding, rows.delimiter, ids, rows.skipped_rows)


def _cell_text(value: Any, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_number(value, decimal=decimal)
    return str(value)


def _encode(rows: Sequence[Sequence[str]], path: str | Path | None, delimiter: str,
            encoding: str) -> bytes:
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


def write_factor_table_csv(
    table: TableFile | Mapping[str, FactorEntry],
    path: str | Path | None = None,
    *,
    delimiter: str = ";",
    decimal: str = ",",
    encoding: str = "utf-8-sig",
) -> bytes:
    """Write factors as CSV, in French spreadsheet format by default.

    Parameters
    ----------
    table
        A table (its factors are written; metadata has no place in a CSV) or factors by id.
    path
        File to write; ``None`` only returns the bytes.
    delimiter, decimal, encoding
        Cell separator (default ``;``), decimal separator (default ``,``) and encoding
        (default UTF-8 with a BOM, which Excel needs to show accents).

    Returns
    -------
    bytes
        The file's content; :func:`read_factor_table_csv` reads it back to the same factors.

    Raises
    ------
    InputError
        When a factor has ``quality`` scores (YAML only), or text the encoding cannot hold.
    """
    from .factors.schema import FactorEntry, TableFile

    factors = table.factors if isinstance(table, TableFile) else table
    fields = FactorEntry.model_fields
    for factor_id, entry in factors.items():
        if entry.quality is not None:
            raise InputError([Problem(str(path or "<csv>"), None, None, f"factors.{factor_id}.quality",
                                      "quality scores cannot be written to CSV", "a factor without quality",
                                      "keep this table in YAML")])
    columns = [c for c in FACTOR_COLUMNS if c in _FACTOR_ALWAYS or any(
        getattr(e, c) != fields[c].default for e in factors.values())]
    rows = [columns]
    for factor_id, entry in factors.items():
        rows.append([factor_id if c == "id" else _cell_text(getattr(entry, c), decimal) for c in columns])
    return _encode(rows, path, delimiter, encoding)


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

        Unknown factor ids (with the nearest ids), then units that do not fit the factor
        (``km`` for a factor per ``passenger_km``): the engine is run once per distinct
        factor, unit and category, so that its error points to a row of this file.
        """
        from .engine import compute_lines
        from .errors import CoopCarbonError, UnitMismatchError

        problems = []
        checked: set[tuple[Any, ...]] = set()
        for row, line in zip(self.rows, self.lines, strict=True):
            if line.factor_id not in library:
                close = library.nearest(line.factor_id, n=3)
                problems.append(_cell_problem(
                    self.file, row, self.columns.get("factor_id"), "factor_id",
                    f"unknown factor id {line.factor_id!r}",
                    "a factor id of the library (`coopcarbon factors search`)",
                    ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ""))
                continue
            key = (line.factor_id, str(line.quantity.units), line.basis, line.scope, line.ghg_category,
                   line.beges_post, line.scope2_method)
            if key in checked:
                continue
            checked.add(key)
            try:
                compute_lines([line], library)
            except UnitMismatchError as exc:
                factor = library[line.factor_id]
                problems.append(_cell_problem(
                    self.file, row, self.columns.get("unit"), "unit",
                    f"{line.quantity.units:~C} does not fit factor {line.factor_id} ({factor.unit})",
                    f"a unit of {exc.dim2}", exc.extra_msg))
            except CoopCarbonError as exc:
                problems.append(_cell_problem(self.file, row, None, "", str(exc)))
        return problems

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

    One row per line; the columns are those of :data:`ACTIVITY_COLUMNS`: ``quantity`` (a
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
    from pydantic import ValidationError

    from .inputs import Activity
    from .units import Q, parse_unit

    file = str(path)
    rows = read_csv_rows(path, encoding=encoding, delimiter=delimiter, error=InputError)
    problems, _ = _header_problems(rows, ACTIVITY_COLUMNS, _ACTIVITY_REQUIRED, "")
    columns = {n: c for n, c in rows.columns().items() if n in ACTIVITY_COLUMNS}
    lines: list[ActivityLine] = []
    numbers: list[int] = []
    for row, cells in rows.rows:
        values: dict[str, Any] = {}
        bad = False
        for name, col in columns.items():
            text = cells[col - 1].strip()
            if not text:
                if name in _ACTIVITY_REQUIRED:
                    problems.append(_cell_problem(file, row, col, name, "empty cell: a value is required",
                                                  _activity_expected(name)))
                    bad = True
                continue
            try:
                if name == "unit":
                    values[name] = parse_unit(text)
                    continue
                value = _convert(name, text)
                if name == "quantity" and value < 0:
                    raise ValueError(f"{text!r} is negative (record avoided emissions separately)")
                values[name] = value
            except InputError as exc:  # a unit pint cannot read: nearest unit names
                first = exc.problems[0]
                problems.append(_cell_problem(file, row, col, name, f"{text!r} is not a unit",
                                              _activity_expected(name), first.suggestion))
                bad = True
            except ValueError as exc:
                problems.append(_cell_problem(file, row, col, name, str(exc), _activity_expected(name)))
                bad = True
        if bad or any(n not in values for n in _ACTIVITY_REQUIRED):
            continue
        others = {k: v for k, v in values.items() if k not in {"quantity", "unit"}}
        try:
            activity = Activity.model_validate({**others, "quantity": "placeholder"})
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                name = str(err["loc"][0]) if err["loc"] else ""
                problems.append(_cell_problem(file, row, columns.get(name), name, err["msg"],
                                              _literal_expected(err)))
            continue
        try:
            lines.append(ActivityLine(
                Q(values["quantity"], values["unit"]), activity.factor_id, label=activity.label,
                scope=activity.scope, ghg_category=activity.ghg_category,
                beges_post=activity.beges_post, domain=activity.domain,
                data_quality=DataQuality(activity.data_quality),
                activity_uncertainty=activity.uncertainty, basis=activity.basis,
                scope2_method=activity.scope2_method, group=activity.group, site=activity.site,
                note=activity.note))
            numbers.append(row)
        except InputError as exc:
            for p in exc.problems:
                problems.append(_cell_problem(file, row, columns.get(p.field), p.field, p.message,
                                              p.expected, p.suggestion))
    result = CsvActivities(tuple(lines), file, tuple(numbers), rows.encoding, rows.delimiter,
                           rows.skipped_rows, columns)
    if library is not None and not problems:
        problems += result.check_against(library)
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InputError(problems, f"{len(problems)} problem(s) in {file}; no row was imported")
    return result


def _activity_expected(name: str) -> str:
    if name == "unit":
        return "a unit such as 'km', 'kWh', 'passenger_km' or 'EUR'"
    if name == "factor_id":
        return "a factor id such as 'mobility.train.tgv' (`coopcarbon factors search`)"
    return _expected(name)


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
        The file's content; :func:`read_activities_csv` reads it back to equal lines.
    """
    records = list(lines)
    defaults: dict[str, Any] = {"label": "", "domain": "other", "scope": None, "ghg_category": None,
                                "beges_post": None, "data_quality": "measured", "uncertainty": None,
                                "basis": None, "scope2_method": None, "group": "", "site": "", "note": ""}
    table: list[dict[str, Any]] = []
    for i, line in enumerate(records):
        magnitude = line.quantity.magnitude
        if not isinstance(magnitude, (int, float)):
            raise InputError([Problem(str(path or "<csv>"), None, None, f"lines[{i}].quantity",
                                      "only single numbers can be written to CSV", "a scalar quantity")])
        table.append({
            "quantity": float(magnitude), "unit": format(line.quantity.units, "~C"),
            "factor_id": line.factor_id, "label": line.label, "domain": line.domain,
            "scope": line.scope, "ghg_category": line.ghg_category, "beges_post": line.beges_post,
            "data_quality": line.data_quality.value, "uncertainty": line.activity_uncertainty,
            "basis": line.basis, "scope2_method": line.scope2_method, "group": line.group,
            "site": line.site, "note": line.note,
        })
    columns = [c for c in ACTIVITY_COLUMNS
               if c in {"quantity", "unit", "factor_id", "label"}
               or any(record[c] != defaults[c] for record in table)]
    rows = [columns, *([_cell_text(record[c], decimal) for c in columns] for record in table)]
    return _encode(rows, path, delimiter, encoding)

