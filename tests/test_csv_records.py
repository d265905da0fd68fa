"""The CSV records of coopcarbon's readers are exactly those of :func:`csv.reader` (strict).

:func:`coopcarbon.io.spreadsheet._records_of` splits plain lines itself and hands every other
line to the CSV reader; these tests check, on any text, that the records (and the row where a
quoting error stops the reading) are the reader's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from coopcarbon.errors import InputError
from coopcarbon.io.decoding import text_lines
from coopcarbon.io.spreadsheet import _records_of, read_csv_columns, read_csv_rows


def _read(records: object) -> tuple[list[list[str]], bool]:
    """The records read until the end or a csv.Error, and whether an error stopped the reading."""
    read: list[list[str]] = []
    try:
        read.extend(records)  # type: ignore[call-overload]
    except csv.Error:
        return read, True
    return read, False


def _both(text: str, sep: str) -> tuple[tuple[list[list[str]], bool], tuple[list[list[str]], bool]]:
    ours = _read(_records_of(text_lines(text), sep))
    reader = _read(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    return ours, reader


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", " ", ";", ",", '"', "\n", "\r", "\r\n", "\x00", "\u2028", "1"]),
                max_size=60).map("".join),
       st.sampled_from([";", ",", "\t"]))
@example('a;"b\nc";d\ne;f\n', ";")  # a quoted cell over two lines, then a plain line
@example('a;b\n\n;\n"x"y;z\n', ";")  # a blank line, then a quote inside a quoted cell: an error
@example('a;b\r\nc;d\re;f', ";")  # the three line ends, the last line without one
def test_records_are_the_csv_readers(text: str, sep: str) -> None:
    ours, reader = _both(text, sep)
    assert ours == reader


def test_a_quoted_cell_over_lines_keeps_the_following_rows() -> None:
    text = 'id;comment;value\n1;"two\nlines";3,5\n2;plain;4\n'
    assert list(_records_of(text_lines(text), ";")) == [
        ["id", "comment", "value"], ["1", "two\nlines", "3,5"], ["2", "plain", "4"]]


def test_a_line_longer_than_the_field_limit_is_refused_as_the_reader_refuses_it() -> None:
    limit = csv.field_size_limit()
    text = "a;b\n" + "x" * (limit + 1) + ";c\n"
    ours, reader = _both(text, ";")
    assert reader == ([["a", "b"]], True)
    assert ours == reader


@pytest.mark.parametrize("text", ["a;b\x00c\n", "\n\n\n", "a\n\nb\n"])
def test_nul_and_blank_lines_as_the_reader_reads_them(text: str) -> None:
    ours, reader = _both(text, ";")
    assert ours == reader


def _rejoined(record: list[str] | tuple[str, ...], sep: str) -> list[str]:
    """A shortened record (a tuple: the text of its first cells, then its last ones) as its cells."""
    return [*record[0].split(sep), *record[1:]] if isinstance(record, tuple) else record


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["P", "P;", "a", ";", '"', "\n", "\r\n", "\x00", "1"]), max_size=60).map("".join),
       st.sampled_from([";", ","]), st.integers(2, 6), st.integers(1, 5))
@example("P;a;b\nP;c\nx;y;z\nP;d;e;f\n", ";", 3, 2)  # as wide as the header or not
@example('P;"a;b";c\nP;d;e\n', ";", 3, 1)  # a quoted cell: read by the CSV reader
def test_shortened_records_rejoin_as_the_readers(text: str, sep: str, width: int, tail: int) -> None:
    """Plain lines starting with the prefix and as wide as the header are shortened; each rejoins as the reader's."""
    tail = min(tail, width - 1)
    prefix = "P" + sep
    ours, error = _read(_records_of(text_lines(text), sep, (prefix, tail, width)))
    reader = _read(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    assert ([_rejoined(record, sep) for record in ours], error) == reader
    for record in ours:
        if isinstance(record, tuple):
            assert len(record) == tail + 1 and len(_rejoined(record, sep)) == width
            assert (record[0] + sep).startswith(prefix)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.lists(st.sampled_from(["a", "é", '"', '""', ";", ",", " ", "\n", "\r\n"]),
                                  max_size=6).map("".join), min_size=1, max_size=5), min_size=1, max_size=6),
       st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]), st.sampled_from([";", ","]))
def test_rows_a_spreadsheet_writes_are_read_back_as_written(rows: list[list[str]], quoting: int, sep: str) -> None:
    """Quoted cells (with quotes, delimiters or line ends inside) as a CSV writer quotes them."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=sep, quoting=quoting, lineterminator="\r\n").writerows(rows)
    ours, reader = _both(out.getvalue(), sep)
    assert ours == reader
    assert ours == (rows, False)


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except InputError as exc:
        return [str(problem) for problem in exc.problems]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["quantity;unit", "quantity;unit;", "quantity;;unit", "1;km", "2;kWh;x", " ;",
                                 "", ";", "3", "a;b;c", " 4 ;m"]), min_size=1, max_size=12))
def test_columns_are_the_rows_turned(lines: list[str]) -> None:
    """read_csv_columns gives read_csv_rows' cells column by column, its row numbers, or the same problems."""
    raw = ("\n".join(lines) + "\n").encode()
    path = Path("ledger.csv")

    def by_rows() -> object:
        rows = read_csv_rows(path, raw)
        columns = list(zip(*(cells for _, cells in rows.rows), strict=True)) or [()] * len(rows.header)
        return rows.header, rows.skipped_rows, [n for n, _ in rows.rows], columns

    def by_columns() -> object:
        with patch("coopcarbon.io.spreadsheet.read_bytes", return_value=raw):
            read, numbers, columns = read_csv_columns(path)
        return read.header, read.skipped_rows, list(numbers), columns

    assert _outcome(by_columns) == _outcome(by_rows)
