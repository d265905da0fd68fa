"""ADEME's export read by the columnar reader: the factors a plain reading, one row at a time,
gives, whatever the order, spacing, encoding and chunking of the records; and loading it needs
neither pydantic nor PyYAML.

Fixture: ``tests/data/ademe/base_carbone_extract.csv`` (rows of the official export, see its
README). The plain reading below turns each ``Elément`` row and its ``Poste`` rows into a factor
with the mapping rules of :mod:`coopcarbon.factors.ademe_cells`, cell by cell, without any of the
reader's caches (distinct texts converted once, shared gas splits), chunks or column passes.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.errors import OverrideError
from coopcarbon.factors import ademe_scan
from coopcarbon.factors.ademe import read_ademe_export
from coopcarbon.factors.ademe_cells import (
    EXTRA_GASES,
    GASES,
    QUALITY,
    ademe_unit,
    category,
    dates,
    join_names,
    notes,
    quality,
    region,
    source_suffix,
)
from coopcarbon.factors.rows import FACTOR_FIELDS
from coopcarbon.io.numbers import parse_number

FIXTURE = Path(__file__).parent / "data" / "ademe" / "base_carbone_extract.csv"
_ELEMENT_ROWS = ("elément", "élément", "element")


def _fixture() -> tuple[list[str], list[list[str]], dict[str, list[list[str]]]]:
    """Header, Elément records and Poste records by element id of the fixture."""
    records = list(csv.reader(io.StringIO(FIXTURE.read_bytes().decode("cp1252"), newline=""), delimiter=";"))
    elements = [r for r in records[1:] if r and r[0].startswith("El")]
    posts: dict[str, list[list[str]]] = defaultdict(list)
    for record in records[1:]:
        if record and record[0] == "Poste":
            posts[record[1]].append(record)
    return records[0], elements, posts


def _number(text: str) -> float | None:
    return parse_number(text) if text else None


def _gases(cell: Any) -> dict[str, float]:
    gases = {gas: value for column, gas in GASES if (value := _number(cell(column))) is not None}
    for code_column, value_column in EXTRA_GASES:
        if cell(code_column) and (value := _number(cell(value_column))) is not None:
            gases[cell(code_column)] = value
    return gases


def _plain_reading(path: Path, include_archived: bool = False) -> dict[str, dict[str, Any]]:
    """The factors of an export read row by row: each field as the reader should give it."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header = [name.strip().lower() for name in records[0]]
    rows = [(number, dict(zip(header, record, strict=False))) for number, record in enumerate(records, start=1)
            if number > 1 and any(c.strip() for c in record)]
    posts: dict[str, list[dict[str, str]]] = defaultdict(list)
    for _, record in rows:
        if record["type ligne"].strip().lower() == "poste":
            posts[record["identifiant de l'élément"].strip()].append(record)
    factors = {}
    for number, record in rows:
        def cell(column: str, record: dict[str, str] = record) -> str:
            return record.get(column, "").strip()
        if cell("type ligne").lower() not in _ELEMENT_ROWS or (
                cell("statut de l'élément").lower().startswith("archiv") and not include_archived):
            continue
        element, unit = cell("identifiant de l'élément"), ademe_unit(cell("unité français"))
        assert unit is not None
        percent = _number(cell("incertitude"))
        year, valid_to = dates(cell("période de validité"), cell("date de création"), cell("date de modification"))
        scores = quality(*(cell(column) for _, column in QUALITY))
        parts = []
        for post in posts.get(element, []):
            def post_cell(column: str, post: dict[str, str] = post) -> str:
                return post.get(column, "").strip()
            value = _number(post_cell("total poste non décomposé"))
            if value is not None:
                parts.append((post_cell("type poste") or "Poste", value, post_cell("nom poste français"),
                              post_cell("nom poste anglais"), _gases(post_cell)))
        scope, ghg_category, beges_post = category(cell("code de la catégorie"))
        name_fr = join_names(cell("nom base français"), cell("nom attribut français"), cell("nom frontière français"))
        factors[f"ademe.{element}"] = {
            "magnitude": _number(cell("total poste non décomposé")), "unit": unit[0], "basis": unit[1],
            "name_fr": name_fr, "name_en": join_names(cell("nom base anglais"), cell("nom attribut anglais"),
                                                      cell("nom frontière anglais")) or name_fr,
            "source": f"ADEME Base Empreinte, element {element}{source_suffix(cell('source'))}",
            "source_id": element, "year": year, "valid_to": valid_to, "line": number,
            "uncertainty": percent / 100 if percent is not None and percent <= 100 else None,
            "quality": scores, "region": region(cell("localisation géographique")),
            "scope": scope, "ghg_category": ghg_category, "beges_post": beges_post, "gases": _gases(cell),
            "notes": notes(cell("statut de l'élément"), cell("commentaire français"), cell("période de validité")),
            "parts": parts,
        }
    return factors


def _read(path: Path, include_archived: bool = False) -> dict[str, dict[str, Any]]:
    """The factors the reader gives, as the plain reading writes them."""
    checked = read_ademe_export(path, include_archived=include_archived)
    assert checked.problems == [] and checked.rows is not None
    factors = {}
    for factor_id, row in checked.rows.rows.items():
        fields = dict(zip(FACTOR_FIELDS, row, strict=True))
        fields["parts"] = [(p.kind, p.value, p.name_fr, p.name_en, p.gases) for p in fields["parts"]]
        factors[factor_id] = {name: fields[name] for name in _plain_fields()}
    return factors


def _plain_fields() -> tuple[str, ...]:
    return ("magnitude", "unit", "basis", "name_fr", "name_en", "source", "source_id", "year", "valid_to", "line",
            "uncertainty", "quality", "region", "scope", "ghg_category", "beges_post", "gases", "notes", "parts")


def test_the_fixture_reads_as_a_plain_reading_gives() -> None:
    for include_archived in (False, True):
        assert _read(FIXTURE, include_archived) == _plain_reading(FIXTURE, include_archived)
    assert len(_read(FIXTURE)) == 16


_SPACED = ("nom base français", "unité français", "total poste non décomposé", "incertitude", "type poste",
           "localisation géographique", "co2f")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.tuples(st.integers(0, 16), st.booleans(), st.booleans()), min_size=1, max_size=30),
       posts_last=st.booleans(), chunk=st.integers(1, 9), encoding=st.sampled_from(["cp1252", "utf-8"]))
def test_any_export_reads_as_a_plain_reading_gives(tmp_path: Path, picks: list[tuple[int, bool, bool]],
                                                    posts_last: bool, chunk: int, encoding: str) -> None:
    """Elements of the fixture in any order and number, archived or not, cells padded with spaces,
    posts after their element or all at the end, read in chunks of any size."""
    header, elements, posts = _fixture()
    names = [name.strip().lower() for name in header]
    records, trailing = [header], []
    for i, (element, archived, spaced) in enumerate(picks):
        record = list(elements[element])
        identifier = record[1]
        record[1] = str(500_000 + i)
        record[names.index("statut de l'élément")] = "Archivé" if archived else "Valide générique"
        element_posts = [[p[0], record[1], *p[2:]] for p in posts.get(identifier, [])]
        if spaced:
            for row in (record, *element_posts):
                for column in _SPACED:
                    row[names.index(column)] = f" {row[names.index(column)]}  "
        records.append(record)
        (trailing if posts_last else records).extend(element_posts)
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(records + trailing)
    path = tmp_path / "export.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    default = ademe_scan._CHUNK
    ademe_scan._CHUNK = chunk
    try:
        read = _read(path)
    finally:
        ademe_scan._CHUNK = default
    assert read == _plain_reading(path)
    assert len(read) == sum(not archived for _, archived, _ in picks)


def test_a_quoting_error_in_a_later_chunk_names_its_row(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes()
    path = tmp_path / "export.csv"
    path.write_bytes(raw.rstrip(b"\r\n") + b'\r\nEl\xe9ment;20593;"unclosed\r\n')
    row = raw.rstrip(b"\r\n").count(b"\n") + 2
    default = ademe_scan._CHUNK
    ademe_scan._CHUNK = 4
    try:
        problems = read_ademe_export(path).problems
    finally:
        ademe_scan._CHUNK = default
    assert [(p.line, "cannot read the CSV" in p.message) for p in problems] == [(row, True)]


def test_a_line_separator_inside_a_comment_stays_in_its_cell(tmp_path: Path) -> None:
    # str.splitlines would break the record at U+2028; the CSV reader must not
    text = FIXTURE.read_bytes().decode("cp1252")
    old = "Elément;20591;"
    row = next(line for line in text.splitlines() if line.startswith(old))
    cells = next(csv.reader([row], delimiter=";"))
    header = next(csv.reader([text.splitlines()[0]], delimiter=";"))
    cells[header.index("Commentaire français")] = "avant\u2028après"
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="").writerow(cells)
    path = tmp_path / "export.csv"
    path.write_bytes(text.replace(row, out.getvalue(), 1).encode("utf-8"))
    checked = read_ademe_export(path)
    assert checked.problems == [] and checked.rows is not None
    assert "avant après." in dict(zip(FACTOR_FIELDS, checked.rows.rows["ademe.20591"], strict=True))["notes"]


def test_loading_an_export_imports_neither_pydantic_nor_pyyaml(tmp_path: Path) -> None:
    code = ("import json, sys, coopcarbon; library = coopcarbon.load_factors(sys.argv[1]); "
            "print(json.dumps([len(library), [m for m in ('pydantic', 'yaml', 'coopcarbon.factors.schema') "
            "if m in sys.modules]]))")
    count, imported = json.loads(_python(code))
    assert count == len(cc.load_factors()) + 16 and imported == []


def test_an_export_loaded_twice_names_the_rows_of_the_second(tmp_path: Path) -> None:
    copy = tmp_path / "copy.csv"
    copy.write_bytes(FIXTURE.read_bytes())
    with pytest.raises(OverrideError) as error:
        cc.load_factors(FIXTURE, copy)
    problems = {p.field: p for p in error.value.problems if p.file == str(copy)}
    assert len(error.value.problems) == 16
    printer_row = next(i for i, line in enumerate(FIXTURE.read_bytes().splitlines(), start=1)
                       if line.startswith(b"El") and b";27025;" in line)
    assert [p.line for p in error.value.problems if "'ademe.27025'" in p.message] == [printer_row]
    assert all("already exists" in p.message for p in problems.values())


def test_the_models_are_built_on_first_use_from_the_rows() -> None:
    checked = read_ademe_export(FIXTURE)
    assert checked.rows is not None and checked._table is None  # type: ignore[attr-defined]
    table = checked.table
    assert table is not None and list(table.factors) == list(checked.rows.rows)
    assert checked.table is table  # built once
    printer = dict(zip(FACTOR_FIELDS, checked.rows.rows["ademe.27025"], strict=True))
    assert (table.factors["ademe.27025"].value, printer["magnitude"]) == (88.2, 88.2)


def test_the_libraries_kept_are_freed_when_the_interpreter_exits() -> None:
    # before its last garbage collections, which would walk every factor (0.13 s for benchmark B10);
    # the function registered first runs last: it sees what is left
    code = ("import atexit, sys; memo = lambda: len(sys.modules['coopcarbon.factors.loading']._MEMO); "
            "atexit.register(lambda: print(memo())); import coopcarbon; coopcarbon.load_factors(sys.argv[1]); "
            "print(memo())")
    assert _python(code).split() == ["2", "0"]  # the bundled library and the one with the export; then none


def _python(code: str) -> str:
    """What a new process running ``code`` with the fixture as its argument prints (no cache)."""
    env = {"COOPCARBON_NO_CACHE": "1", "PYTHONPATH": str(Path(cc.__file__).parents[1])}
    return subprocess.run([sys.executable, "-c", code, str(FIXTURE)], capture_output=True, text=True, check=True,
                          env=env).stdout


def test_blank_lines_anywhere_are_counted_in_a_short_note(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes()
    head, rest = raw.split(b"\n", 1)
    rows = raw.count(b"\n")  # the fixture's rows: the header, then its records
    path = tmp_path / "export.csv"
    path.write_bytes(head + b"\n" + b"\r\n" * 50_000 + rest + b"\r\n" * 3)
    moved, plain = _read(path), _read(FIXTURE)
    assert {i: {**f, "line": f["line"] - 50_000} for i, f in moved.items()} == plain  # the same factors
    note = next(w.message for w in read_ademe_export(path).warnings if "empty row(s)" in w.message)
    assert note == f"50003 empty row(s) skipped: 2-50001, {rows + 50_001}-{rows + 50_003}"


def test_a_row_of_many_stray_cells_is_six_problems(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes()
    head, first, rest = raw.split(b"\n", 2)
    path = tmp_path / "export.csv"
    path.write_bytes(head + b"\n" + first.rstrip(b"\r") + b";stray" * 10_000 + b"\r\n" + rest)
    problems = read_ademe_export(path).problems
    assert len(problems) == 6 and all(p.line == 2 for p in problems)
    assert "9995 more cells are in columns without a name" in problems[0].message  # no column: first
