"""Factor tables as CSV (see coopcarbon.io.spreadsheet for the cell rules)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io.files import read_bytes
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
from ..io.yamlfile import Document, Path_, dotted
from ..problems import InputError, Problem, TableError
from .schema import FactorEntry, TableFile
from .validate import CheckedTable, validate_document

__all__ = [
    "FACTOR_COLUMNS",
    "CsvDocument",
    "CsvFactorTable",
    "check_factor_table_csv",
    "read_factor_table_csv",
    "write_factor_table_csv",
]

#: Columns of a factor table in CSV: ``id`` then the fields of a factor entry (``quality``,
#: a nested record, is only available in YAML tables).
FACTOR_COLUMNS: tuple[str, ...] = (
    "id", "name_fr", "name_en", "value", "unit", "uncertainty", "source", "source_id", "year",
    "region", "scope", "ghg_category", "beges_post", "uncertainty_source", "source_url",
    "valid_from", "valid_to", "gwp", "basis", "pcs_pci_ratio", "without_non_co2",
    "lifetime_years", "estimated", "license", "notes", "override", "source_key", "verified",
)
_FACTOR_REQUIRED = ("id", "name_fr", "name_en", "value", "unit", "source", "year")
_FACTOR_ALWAYS = (*_FACTOR_REQUIRED, "uncertainty", "source_id", "region", "scope", "ghg_category",
                  "beges_post")


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
        return cell_problem(self.file, line, column, name, message, expected, suggestion)


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
    file = str(path)
    try:
        if raw is None:
            raw = read_bytes(path, TableError)
        digest = hashlib.sha256(raw).hexdigest()
        rows = read_csv_rows(file, raw, encoding=encoding, delimiter=delimiter, error=TableError)
    except TableError as exc:
        return CheckedTable(file, hashlib.sha256(raw).hexdigest() if raw is not None else "", None, None,
                            list(exc.problems))
    problems, missing = header_problems(
        rows, FACTOR_COLUMNS, _FACTOR_REQUIRED,
        "quality scores are only available in YAML tables" if "quality" in rows.columns() else "")
    columns = {n: c for n, c in rows.columns().items() if n in FACTOR_COLUMNS}
    meta = {"name": name or Path(file).stem.lower(), "version": version or f"sha256:{digest[:8]}",
            "source": source or Path(file).name, "license": license,
            "retrieved": retrieved or dt.date.today()}
    document = CsvDocument({"table": meta, "factors": {}}, file, columns=columns, rows=rows)
    flagged = _read_factor_rows(document, problems)
    checked = validate_document(document, digest)
    kept = [p for p in checked.problems
            if (p.line, p.column) not in flagged and not (p.field in missing and "empty cell" in p.message)]
    checked.problems = sorted(problems + kept, key=lambda p: (p.line or 0, p.column or 0))
    if checked.problems:
        checked.table = None
    checked.warnings.extend(Problem(file, None, None, "", note) for note in rows.notes(with_file=False))
    return checked


def _read_factor_rows(document: CsvDocument, problems: list[Problem]) -> set[tuple[int, int]]:
    """Fill ``document.data["factors"]`` from its rows; returns the cells already reported."""
    assert document.rows is not None  # noqa: S101  # set by the caller
    file, columns, factors = document.file, document.columns, document.data["factors"]
    marks = document.marks
    flagged: set[tuple[int, int]] = set()
    first: dict[str, int] = {}
    id_col = columns.get("id")
    plan = [(column_name, col, col - 1, converter(column_name))
            for column_name, col in columns.items() if column_name != "id"]
    for row, cells in document.rows.rows:
        factor_id = cells[id_col - 1].strip() if id_col else ""
        if not factor_id or factor_id in first:
            if id_col:
                problems.append(cell_problem(file, row, id_col, "id", "empty id",
                                              "a dotted lower-case id such as 'mobility.train.tgv'")
                                if not factor_id else
                                cell_problem(file, row, id_col, "id",
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
                problems.append(cell_problem(file, row, col, column_name, str(exc), expected_text(column_name)))
                flagged.add((row, col))
                entry[column_name] = text
        factors[factor_id] = entry
    return flagged


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
        rows.append([factor_id if c == "id" else cell_text(getattr(entry, c), decimal) for c in columns])
    return encode_rows(rows, path, delimiter, encoding)


