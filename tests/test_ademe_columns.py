"""ADEME's export read column by column: the large synthetic export of benchmark B10, the column
checks that stand for the schema's validation, and their located errors.

Fixture: ``tests/data/ademe/base_carbone_extract.csv`` (rows of the official export, see its
README); the synthetic export is ``benchmarks/ademe_export.py``, built from those rows.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

import coopcarbon as cc
from coopcarbon.factors import check_table
from coopcarbon.factors.ademe import UNITS, import_export, read_ademe_export
from coopcarbon.factors.ademe_cells import NUMERATORS
from coopcarbon.factors.schema import TableFile
from coopcarbon.units import EMISSIONS, parse_unit

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "ademe" / "base_carbone_extract.csv"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ademe_export", ROOT / "benchmarks" / "ademe_export.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _generator()


def _with_cells(tmp_path: Path, element: str, cells: dict[str, bytes]) -> Path:
    """The fixture with cells of element ``element``'s row replaced (by column name), written to ``tmp_path``."""
    raw = FIXTURE.read_bytes()
    line = next(x for x in raw.splitlines() if x.startswith(b"El") and f";{element};".encode() in x)
    header = raw.splitlines()[0].decode("cp1252").replace('"', "").split(";")
    changed = line.split(b";")
    for column, cell in cells.items():
        changed[header.index(column)] = cell
    path = tmp_path / "export.csv"
    path.write_bytes(raw.replace(line, b";".join(changed), 1))
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_the_generated_export_is_read_whole(generator: ModuleType, tmp_path: Path, encoding: str) -> None:
    export = generator.write_export(tmp_path / "export.csv", 600, encoding)
    checked = read_ademe_export(export)
    assert checked.problems == [] and checked.table is not None
    factors = checked.table.factors
    assert len(factors) == 540  # every tenth of the 600 elements is archived
    assert any("60 archived element(s) left out" in w.message for w in checked.warnings)
    # element i has i * 7 % 6 posts: 100001 has 1, 100005 has 5, 100006 none
    assert [len(factors[f"ademe.{100_000 + i}"].parts) for i in (1, 5, 6)] == [1, 5, 0]
    # element i copies fixture element i % 17 (27025, the printer, for i = 1) with its total scaled by 1 + i % 97 / 100
    printer = factors["ademe.100001"]
    assert (printer.name_fr, printer.unit, printer.value) == ("Imprimante - jet d'encre", "kgCO2e/device", 89.08)
    lines = export.read_bytes().decode(encoding).splitlines()
    assert sum(line.startswith("Poste;") for line in lines) == sum(i * 7 % 6 for i in range(600))


def test_both_encodings_give_the_same_factors(generator: ModuleType, tmp_path: Path) -> None:
    latin = read_ademe_export(generator.write_export(tmp_path / "latin.csv", 200, "cp1252")).table
    utf8 = read_ademe_export(generator.write_export(tmp_path / "utf8.csv", 200, "utf-8")).table
    assert latin is not None and utf8 is not None and latin.factors == utf8.factors


def test_entries_built_without_validation_are_those_validation_gives(generator: ModuleType, tmp_path: Path) -> None:
    for export in (FIXTURE, generator.write_export(tmp_path / "export.csv", 300)):
        table = read_ademe_export(export, include_archived=True).table
        assert table is not None
        validated = TableFile.model_validate(table.model_dump(exclude_unset=True))
        assert validated == table
        assert validated.factors == table.factors and list(validated.factors) == list(table.factors)
        for factor_id, entry in table.factors.items():
            assert entry.model_fields_set == validated.factors[factor_id].model_fields_set


@pytest.mark.parametrize("numerator", sorted(set(NUMERATORS.values())))
def test_every_mapped_unit_is_emissions_per_something_on_the_registry(numerator: str) -> None:
    # the export's units map onto this closed list, so that reading it needs no unit parsing
    for unit, _ in set(UNITS.values()):
        assert parse_unit(f"{numerator}/{unit}").dimensionality.get(EMISSIONS) == 1


def _edited(tmp_path: Path, element: bytes, old: bytes, new: bytes) -> tuple[Path, int]:
    """The fixture with ``old`` replaced by ``new`` in the Elément row of ``element``; that row's number."""
    raw = FIXTURE.read_bytes()
    lines = raw.split(b"\n")
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith(b"El") and b";" + element + b";" in line)
    assert old in lines[row - 1]
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    path = tmp_path / "export.csv"
    path.write_bytes(b"\n".join(lines))
    return path, row


@pytest.mark.parametrize(("element", "old", "new", "field", "message"), [
    (b"20907", b";1833;", b";-1833;", "total poste non décomposé", "negative total -1833"),
    (b"20907", b";1833;", b";;", "total poste non décomposé", "empty value"),
    (b"20907", b"d\xe9c-18;50;", b"d\xe9c-18;-5;", "incertitude", "uncertainty -5 % is negative"),
    (b"20591", b";05/11/2014;02/12/2014;d\xe9c-18;", b";05/11/14;02/12/14;;", "date de création",
     "no year between 1990 and 2100"),
    (b"20591", b";Photocopieurs;", b";;", "nom base français", "empty name"),
    (b"20591", b"El\xe9ment;20591;", b"El\xe9ment;A-1;", "identifiant de l'élément",
     "element id 'A-1' cannot make a factor id"),
    (b"20591", b"El\xe9ment;20591;", b"Elem;20591;", "type ligne", "unknown row type 'elem'"),
])
def test_a_bad_cell_is_a_located_error(tmp_path: Path, element: bytes, old: bytes, new: bytes, field: str,
                                       message: str) -> None:
    path, row = _edited(tmp_path, element, old, new)
    checked = read_ademe_export(path)
    assert checked.table is None
    [problem] = checked.problems
    assert (problem.file, problem.line, problem.field) == (str(path), row, field)
    assert message in problem.message and f"row {row}, column " in problem.message


def test_a_rating_that_is_not_a_number_is_a_located_error(tmp_path: Path) -> None:
    # element 28144 (train) is rated 2, 5, 4, 2, 5 in Qualité TeR, GR, TiR, C, P: make one "x"
    path = _with_cells(tmp_path, "28144", {"Qualité GR": b"x"})
    [problem] = read_ademe_export(path).problems
    assert problem.field == "qualité gr" and "'x' is not a number" in problem.message


def test_a_gas_code_that_cannot_name_a_gas_is_a_located_error(tmp_path: Path) -> None:
    path = _with_cells(tmp_path, "14087", {"Code gaz supplémentaire 1": b"-x", "Valeur gaz supplémentaire 1": b"0,01"})
    [problem] = read_ademe_export(path).problems
    assert problem.field == "code gaz supplémentaire 1" and "'-x' cannot name a gas" in problem.message


def test_duplicates_orphan_posts_stray_cells_and_quotes_are_located(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes()
    lines = raw.split(b"\n")
    element = next(line for line in lines if line.startswith(b"El") and b";20591;" in line)
    post = next(line for line in lines if line.startswith(b"Poste;27025;"))
    extra = [element,  # twice
             post.replace(b";27025;", b";99999;", 1),  # a post of no element
             element.replace(b";20591;", b";20592;", 1).rstrip(b"\r") + b";stray\r",  # beyond the header
             b'El\xe9ment;20593;"unclosed\r']  # a quote never closed
    path = tmp_path / "export.csv"
    path.write_bytes(b"\n".join([*lines[:-1], *extra, b""]))
    first = len(lines)  # the rows added follow the fixture's
    problems = read_ademe_export(path).problems
    located = {(p.line, p.field, re.sub(r"^row \d+(, column \w+)?: ", "", p.message)) for p in problems}
    assert located == {
        (first, "identifiant de l'élément", f"element 20591 appears twice (first in row {lines.index(element) + 1})"),
        (first + 1, "identifiant de l'élément", "post of element 99999, which has no Elément row"),
        (first + 2, "", "cell 'stray' is in a column without a name"),
        (first + 3, "", "cannot read the CSV: unexpected end of data"),
    }


def test_the_imported_yaml_table_holds_the_factors_read(tmp_path: Path) -> None:
    out = tmp_path / "ademe.yaml"
    read = import_export(FIXTURE, out, retrieved=dt.date(2026, 11, 30))
    written = check_table(out)
    assert written.problems == [] and written.table is not None and read.table is not None
    assert written.table.factors == read.table.factors
    assert written.table.table == read.table.table


def test_load_factors_takes_the_generated_export_over_the_bundled_library(generator: ModuleType,
                                                                          tmp_path: Path) -> None:
    export = generator.write_export(tmp_path / "export.csv", 100)
    library = cc.load_factors(export)
    printer = library["ademe.100001"]
    assert printer.value == cc.Q(89.08, "kgCO2e/device") and printer.source_id == "100001"
    assert [p.value for p in printer.parts] == [61.2]  # element 1 has one post, the fixture's first
    assert "energy.electricity.fr.mix_2022" in library and "ademe.100009" not in library  # archived


def test_a_cell_under_a_column_without_a_name_is_located(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes()
    header, rest = raw.split(b"\n", 1)
    unnamed = header.replace(b'"Nom base espagnol"', b"", 1)  # column H loses its name
    line = next(x for x in rest.split(b"\n") if x.startswith(b"El") and b";20591;" in x)
    cells = line.split(b";")
    cells[7] = b"fotocopiadoras"
    path = tmp_path / "export.csv"
    path.write_bytes(unnamed + b"\n" + rest.replace(line, b";".join(cells), 1))
    [problem] = read_ademe_export(path).problems
    assert (problem.line, problem.column) == (2, 8)
    assert "row 2, column H: cell 'fotocopiadoras' is in a column without a name" in problem.message
