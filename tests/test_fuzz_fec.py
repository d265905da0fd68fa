"""Fuzzing the FEC reader and import: only :class:`InputError` or success, within a bounded time.

Random and mutated FEC files (separators, encodings, cells, dates, amounts, accounts, rows too
short or too long, quotes and control characters) go to ``import_fec`` with the bundled mapping,
alone and through a bilan file. Each must either succeed (with finite, non-negative lines) or
raise an :class:`~coopcarbon.errors.InputError` naming a file: never another exception.

Seeded (derandomised) like tests/test_fuzz.py; ``COOPCARBON_FUZZ_EXAMPLES`` sets the number of
examples (default below: a few seconds on two cores), ``COOPCARBON_FUZZ_RANDOM=1`` explores.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.bilanfile.fec import FEC_COLUMNS, import_fec
from coopcarbon.errors import InputError

LIB = cc.load_factors()
EXAMPLES = int(os.environ.get("COOPCARBON_FUZZ_EXAMPLES", "300")) // 2
MAX_SECONDS = float(os.environ.get("COOPCARBON_FUZZ_MAX_SECONDS", "10"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                derandomize=not os.environ.get("COOPCARBON_FUZZ_RANDOM"),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: Cells that have broken readers: quotes, separators, controls, huge or odd numbers and dates.
NASTY = ['"', '"quoted"', '"open', "|", "\t", "\r", "\x00", "\x1a", "\u2028", "é€", "=1+1", "",
         " ", "1e400", "-0", "NaN", "inf", "1 234,56", "1.234,56", "12a,00", "١٢", "99999999999999999999",
         "00000000", "20231345", "20230229", "20240229", "2023-01-15", "99991231", "00010101"]
ACCOUNTS = ["6064", "611", "2183", "641", "6061", "44566", "0601", "9", "6", "60x", "", "6" * 40]

cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=12),
                  st.decimals(min_value=-10**9, max_value=10**9, places=2).map(lambda d: str(d).replace(".", ",")))
amounts = st.decimals(min_value=0, max_value=10**6, places=2).map(lambda d: str(d).replace(".", ","))
dates = st.one_of(st.dates(dt.date(2022, 11, 1), dt.date(2024, 2, 28)).map(lambda d: f"{d:%Y%m%d}"),
                  st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: f"{d:%Y%m%d}"),
                  st.sampled_from(NASTY))


@st.composite
def fec_rows(draw: st.DrawFn) -> list[str]:
    date = draw(dates)
    row = [draw(st.sampled_from(["ACH", "AN", "OD", "BQ", ""])), "Journal", "1", date,
           draw(st.sampled_from(ACCOUNTS)), "Compte", "", "", "P1", date,
           draw(cells), draw(st.one_of(amounts, amounts, cells)), draw(st.one_of(st.just(""), amounts, cells)),
           "", "", date, "", ""]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):  # mutate a cell, drop or add one
        choice = draw(st.integers(0, 2))
        if choice == 0:
            row[draw(st.integers(0, len(row) - 1))] = draw(cells)
        elif choice == 1 and row:
            row.pop(draw(st.integers(0, len(row) - 1)))
        else:
            row.append(draw(cells))
    return row


@st.composite
def clean_rows(draw: st.DrawFn) -> list[str]:
    """A valid row, mostly of the bilan's year: the import computes lines."""
    date = f"{draw(st.dates(dt.date(2022, 12, 1), dt.date(2024, 1, 31))):%Y%m%d}"
    label = draw(st.text(st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"],
                                       blacklist_characters='\t|"'), max_size=12))
    return [draw(st.sampled_from(["ACH", "AN", "OD"])), "Journal", "1", date, draw(st.sampled_from(ACCOUNTS[:6])),
            label, "", "", "P1", date, label, draw(amounts), draw(st.one_of(st.just(""), amounts)), "", "",
            date, "", ""]


@st.composite
def fec_files(draw: st.DrawFn) -> bytes:
    separator = draw(st.sampled_from(["\t", "\t", "|", ";"]))
    header = list(FEC_COLUMNS) if draw(st.integers(0, 9)) else draw(st.lists(st.text(max_size=8), max_size=20))
    kind = fec_rows() if draw(st.booleans()) else clean_rows()
    rows = [separator.join(header), *(separator.join(r) for r in draw(st.lists(kind, max_size=12)))]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "iso-8859-15", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:  # flip a byte
        data = bytearray(data)
        if data:
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        data = bytes(data)
    return data


def _check(lines: list[cc.ActivityLine]) -> None:
    for line in lines:
        assert math.isfinite(line.quantity.magnitude) and line.quantity.magnitude >= 0


@FUZZ
@given(data=fec_files())
def test_fuzz_import_fec(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "FEC.txt"
        path.write_bytes(data)
        start = time.perf_counter()
        try:
            result = import_fec(path, year=2023, library=LIB,
                                period=(dt.date(2023, 1, 1), dt.date(2023, 12, 31)))
        except InputError as exc:
            assert exc.problems and all(p.file for p in exc.problems)
        else:
            _check(result.lines)
            assert all(isinstance(note, str) for note in result.notes())
        assert time.perf_counter() - start < MAX_SECONDS


@FUZZ
@given(data=fec_files())
def test_fuzz_fec_through_a_bilan_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "FEC.txt").write_bytes(data)
        bilan = Path(folder) / "bilan.yaml"
        bilan.write_text("organisation: X\nyear: 2023\nheadcount: 3\nfec: {file: FEC.txt}\n", encoding="utf-8")
        try:
            result = cc.Bilan.from_yaml(bilan).compute(factors=LIB)
        except InputError as exc:
            assert exc.problems
        else:
            assert math.isfinite(result.total.magnitude) and result.total.magnitude >= 0
