"""A large CSV file decoded a block at a time gives the lines of the whole text, and a bad byte is located.

:func:`coopcarbon.io.decoding.block_lines` decodes ADEME's export (39 MB) a block at a time, so
that its text is never held whole; these tests check, on any text and any block size, that the
lines are those of the text decoded whole, and that the encoding chosen from the first bytes is
the one the whole file would be read in.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopcarbon.factors.ademe import ExportTable, read_ademe_export
from coopcarbon.io import decoding
from coopcarbon.io.decoding import PROBE, block_encoding, block_lines, decode, text_lines
from coopcarbon.io.spreadsheet import open_csv, read_csv_rows
from coopcarbon.problems import InputError, TableError

FIXTURE = Path(__file__).parent / "data" / "ademe" / "base_carbone_extract.csv"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "€", ";", "\n", "\r", "\r\n", "\x85", "\u2028", "\ufeff"]),
                max_size=80).map("".join),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1"]), st.integers(1, 40), st.booleans())
def test_lines_decoded_a_block_at_a_time_are_those_of_the_whole_text(
        text: str, encoding: str, block: int, bom: bool) -> None:
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:  # a character the encoding has not: another example
        return
    raw = (codecs.BOM_UTF8 if bom and encoding.startswith("utf-8") else b"") + raw
    name = codecs.lookup(encoding).name
    whole, _ = decode(raw, "f.csv", encoding, TableError)
    default = decoding._BLOCK
    decoding._BLOCK = block
    try:
        blocks = list(block_lines(raw, name, "f.csv", TableError, encoding))
    finally:
        decoding._BLOCK = default
    assert blocks == list(text_lines(whole))


def _large(start: bytes, filler: bytes = b"x;1\r\n") -> bytes:
    return start + filler * (PROBE // len(filler) + 10)


@pytest.mark.parametrize(("raw", "encoding", "expected"), [
    (b"a;b\r\n\xe9;1\r\n", None, None),  # small: decoded whole
    (_large("élément;é\r\n".encode("cp1252")), None, "cp1252"),
    (_large("élément;é\r\n".encode()), None, "utf-8"),
    (codecs.BOM_UTF8 + _large(b"a;b\r\n"), None, "utf-8-sig"),
    (_large(b"a;b\r\n") + "é\r\n".encode("cp1252"), None, None),  # ASCII first: the whole file decides
    ("a;b\r\n".encode("utf-16") + _large(b""), None, None),
    (_large(b"a;b\r\n"), "latin-1", "iso8859-1"),
    (_large(b"a;b\r\n"), "utf-16", None),
])
def test_the_encoding_read_a_block_at_a_time_is_known_from_the_first_bytes(
        raw: bytes, encoding: str | None, expected: str | None) -> None:
    assert block_encoding(raw, encoding) == expected
    if expected is not None and encoding is None:  # the one the whole file is read in
        assert decode(raw, "f.csv", None, TableError)[1] == expected


def test_a_windows_1252_file_that_starts_in_ascii_is_read_as_windows_1252(tmp_path: Path) -> None:
    raw = _large(b"id;name\r\n") + "1;Électricité\r\n".encode("cp1252")
    rows, records = open_csv(tmp_path / "f.csv", raw)
    assert rows.encoding == "cp1252" and list(records)[-1] == ["1", "Électricité"]


def _export_with(tail: bytes, encoding: str) -> tuple[bytes, int]:
    """Copies of the fixture's rows (their element ids made new) past the probe, in ``encoding``, then ``tail``.

    Returns the bytes and the row of ``tail``.
    """
    header, *records = csv.reader(io.StringIO(FIXTURE.read_bytes().decode("cp1252"), newline=""), delimiter=";")
    copies = 2 * PROBE // len(FIXTURE.read_bytes()) + 2
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [header, *([r[0], f"{copy}{r[1]}", *r[2:]] for copy in range(1, copies + 1) for r in records if r)])
    raw = out.getvalue().encode(encoding)
    return raw + tail, raw.count(b"\n") + 1


@pytest.mark.parametrize(("encoding", "byte", "message"), [
    ("cp1252", b"\x81", "byte 0x81 is neither UTF-8 nor Windows-1252"),
    ("utf-8", b"\xe9", "first 64 KiB are UTF-8 but byte 0xe9 is not valid UTF-8"),
])
def test_a_bad_byte_far_in_a_large_export_is_a_problem_at_its_line(
        tmp_path: Path, encoding: str, byte: bytes, message: str) -> None:
    raw, row = _export_with(b"Poste;120591;" + byte + b"\r\n", encoding)
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    assert len(raw) > 2 * PROBE and block_encoding(raw, None) == encoding
    checked = read_ademe_export(path)  # never raises for bad content
    located = [(p.line, p.column, message in p.message) for p in checked.problems]
    assert located == [(row, 14, True)]  # just after "Poste;120591;"


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
@pytest.mark.parametrize("block", [1, 1000, 1 << 18])
def test_a_large_export_reads_the_same_a_block_at_a_time_as_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, block: int) -> None:
    raw, _ = _export_with(b"", encoding)
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    monkeypatch.setattr(decoding, "_BLOCK", block)
    blocks = read_ademe_export(path)
    monkeypatch.setattr(decoding, "PROBE", len(raw))  # as large as the file: decoded whole
    whole = read_ademe_export(path)
    assert blocks.problems == whole.problems == [] and blocks.rows is not None and whole.rows is not None
    assert blocks.rows.rows == whole.rows.rows and len(blocks.rows.rows) > 100
    assert isinstance(blocks, ExportTable) and blocks.csv is not None and blocks.csv.encoding == encoding


@pytest.mark.parametrize(("raw", "encoding", "where"), [
    (b"id;name\r\n1;\xc3\xa9t\xc3\xa9\xff\r\n", "utf-8", (2, 6)),  # after "1;été": 5 characters, 7 bytes
    (codecs.BOM_UTF8 + b"\xc3\xa9;\xff\r\n", None, (1, 3)),  # the mark is not a character of the line
    (b"id;name\r\n1;\xe9t\xe9\x81\r\n", None, (2, 6)),  # Windows-1252: one byte a character
])
def test_a_bad_byte_is_named_and_located_in_characters_as_an_editor_counts_them(
        tmp_path: Path, raw: bytes, encoding: str | None, where: tuple[int, int]) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError) as error:
        read_csv_rows(path, encoding=encoding)
    bad = next(b for b in (0xFF, 0x81) if bytes([b]) in raw)
    assert [(p.line, p.column, f"byte 0x{bad:02x} " in p.message) for p in error.value.problems] == [(*where, True)]
