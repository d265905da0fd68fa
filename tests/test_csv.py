"""CSV as French spreadsheets write it: files given byte for byte, round trips, rejected rows."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import ActivityLine, DataQuality
from coopcarbon.bilan import Bilan
from coopcarbon.bilanfile.activity_csv import read_activities_csv, write_activities_csv
from coopcarbon.errors import InputError, TableError
from coopcarbon.factors import check_table
from coopcarbon.factors.csvtable import read_factor_table_csv, write_factor_table_csv
from coopcarbon.factors.schema import FactorEntry
from coopcarbon.io.spreadsheet import (
    column_letter,
    detect_delimiter,
    format_number,
    parse_number,
    read_csv_rows,
    row_list,
)
from coopcarbon.units import Q

from .strategies import BEGES_POSTS, texts

HEADER = b"id;name_fr;name_en;value;unit;source;year;scope;ghg_category;beges_post;uncertainty\r\n"


@pytest.fixture(autouse=True, scope="module")
def _no_disk_cache() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COOPCARBON_NO_CACHE", "1")
        yield


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


# -- numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    ("0", 0.0), ("0,193", 0.193), ("0.193", 0.193), ("1234,5", 1234.5), ("1 234,5", 1234.5),
    ("1\u00a0234,5", 1234.5), ("1\u202f234,5", 1234.5), ("12 345 678,25", 12345678.25),
    ("1.234,5", 1234.5), ("1.234.567,5", 1234567.5), ("1.234", 1.234), ("1,234", 1.234),
    ("1 234", 1234.0), ("1 234.5", 1234.5), (",5", 0.5), ("-3,5", -3.5), ("\u22123,5", -3.5),
    ("1,5E-05", 1.5e-05), ("2E+20", 2e20), ("  42  ", 42.0),
])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "value"), [("12 %", 0.12), ("12%", 0.12), ("12,5\u202f%", 0.125),
                                              ("33,3 %", 0.333), ("0,2", 0.2)])
def test_parse_percentages(text: str, value: float) -> None:
    assert parse_number(text, percent=True) == value


@pytest.mark.parametrize(("text", "message"), [
    ("abc", "not a number"), ("", "not a number"), ("1,2,3", "not a number"), ("12 34", "not a number"),
    ("1.234.567", "ambiguous"), ("1,234.5", "mixes"), ("12 %", "percentage"), ("nan", "not a number"),
    ("inf", "not a number"), ("1e999", "too large"), ("1 2345,5", "not a number"),
])
def test_parse_number_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_number(text)


@given(st.floats(allow_nan=False, allow_infinity=False),
       st.sampled_from([",", "."]), st.sampled_from(["", " ", "\u00a0", "\u202f"]))
def test_number_round_trip(value: float, decimal: str, thousands: str) -> None:
    text = format_number(value, decimal=decimal, thousands=thousands)
    parsed = parse_number(text)
    assert parsed == value and str(parsed)[0] == str(value)[0]  # the sign of -0.0 too


def test_format_number_refuses_dot_thousands_and_non_finite() -> None:
    with pytest.raises(ValueError, match="thousands"):
        format_number(1234.5, thousands=".")
    with pytest.raises(ValueError, match="finite"):
        format_number(float("nan"))


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 2, 26, 27, 52, 703)] == ["A", "B", "Z", "AA", "AZ", "AAA"]


# -- encodings and delimiters -----------------------------------------------------------------
LATIN1_TABLE = (
    HEADER
    + b"local.cantine.repas;Repas \xe0 la cantine;Canteen meal;1 234,5;gCO2e/meal;"
      b"Cantine centrale, bilan 2024;2024;3;1;4.1;20 %\r\n"
    + b"local.chauffage.reseau;R\xe9seau de chaleur \xab Lyon-Est \xbb;District heating;0,099;kgCO2e/kWh;"
      b"Arr\xeat\xe9 DPE 2024, annexe;2024;1;;1.1;\r\n"
    + b"local.achats.papier;Papier recycl\xe9;Recycled paper;1\xa0234,5;kgCO2e/tonne;"
      b"Fournisseur \x80co;2023;3;1;4,1;7 %\r\n"
)


def test_latin1_table_with_french_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "ours.csv", LATIN1_TABLE)
    table = read_factor_table_csv(path)
    assert table.encoding == "cp1252" and table.delimiter == ";"
    meal = table.factors["local.cantine.repas"]
    assert meal.name_fr == "Repas à la cantine"
    assert meal.value == 1234.5 and meal.unit == "gCO2e/meal" and meal.uncertainty == 0.2
    assert meal.source == "Cantine centrale, bilan 2024" and meal.beges_post == "4.1"
    heat = table.factors["local.chauffage.reseau"]
    assert heat.name_fr == "Réseau de chaleur « Lyon-Est »" and heat.value == 0.099
    assert heat.scope == 1 and heat.ghg_category is None and heat.uncertainty is None
    assert heat.source == "Arrêté DPE 2024, annexe"
    paper = table.factors["local.achats.papier"]
    assert paper.value == 1234.5 and paper.beges_post == "4.1" and paper.uncertainty == 0.07
    assert paper.source == "Fournisseur €co"  # 0x80 is the euro sign in Windows-1252
    assert table.rows == {"local.cantine.repas": 2, "local.chauffage.reseau": 3, "local.achats.papier": 4}
    # the guess is not silent: `factors check` and the checked table say which encoding was used
    assert any("Windows-1252" in w.message for w in check_table(path).warnings)


def test_same_table_in_utf8_with_bom_and_forced_encoding(tmp_path: Path) -> None:
    text = LATIN1_TABLE.decode("cp1252")
    utf8 = write(tmp_path, "utf8.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert utf8.read_bytes()[:3] == b"\xef\xbb\xbf"
    latin = write(tmp_path, "latin.csv", LATIN1_TABLE)
    a, b = read_factor_table_csv(utf8), read_factor_table_csv(latin, encoding="cp1252")
    assert a.encoding == "utf-8-sig" and b.encoding == "cp1252"
    assert dict(a.factors) == dict(b.factors)
    assert not check_table(utf8).warnings
    # told the wrong encoding, the reader says where the bytes do not fit
    with pytest.raises(TableError) as info:
        read_factor_table_csv(latin, encoding="utf-8")
    assert info.value.problems[0].line == 2 and "not valid utf-8" in str(info.value)


def test_utf8_without_bom_narrow_no_break_space_and_lf(tmp_path: Path) -> None:
    content = ("id;name_fr;name_en;value;unit;source;year;scope;ghg_category;beges_post\n"
               "local.train;Train régional;Regional train;12\u202f345,678;gCO2e/passenger_km;"
               "SNCF;2024;3;6;3.5\n").encode()
    table = read_factor_table_csv(write(tmp_path, "t.csv", content))
    assert table.encoding == "utf-8"
    assert table.factors["local.train"].value == 12345.678


def test_comma_and_tab_delimiters(tmp_path: Path) -> None:
    comma = (b'quantity,unit,factor_id,label\r\n"1 234,5",kWh,energy.electricity.fr.mix_2023,'
             b'"Bureau, \xc3\xa9tage 2"\r\n')
    lines = read_activities_csv(write(tmp_path, "comma.csv", comma))
    assert lines.delimiter == ","
    assert lines[0].quantity == Q(1234.5, "kWh") and lines[0].label == "Bureau, étage 2"
    tab = b"quantity\tunit\tfactor_id\r\n1234,5\tkWh\tenergy.electricity.fr.mix_2023\r\n"
    lines = read_activities_csv(write(tmp_path, "tab.csv", tab))
    assert lines.delimiter == "\t" and lines[0].quantity == Q(1234.5, "kWh")


def test_semicolon_wins_over_the_sniffer() -> None:
    # decimal commas make the sniffer think of ',', but a ';' in the header decides
    assert detect_delimiter("a;b\n1,5;2,5\n3,5;4,5\n") == ";"
    assert detect_delimiter("quantity\n1\n") == ";"


def test_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    content = "quantity\tunit\tfactor_id\r\n2,5\tkWh\tenergy.electricity.fr.mix_2023\r\n".encode("utf-16")
    lines = read_activities_csv(write(tmp_path, "excel.csv", content))
    assert lines.encoding == "utf-16" and lines[0].quantity == Q(2.5, "kWh")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"), (b"\r\n;;\r\n", "empty"), (b"\x00\x01binary", "binary"),
    (b"\xef\xbb\xbfquantity\r\n\xe9\r\n", "UTF-8 mark"), (b"quantity\r\n\x81\r\n", "neither UTF-8"),
    (b'quantity;unit\r\n"1;kWh\r\n', "cannot read the CSV"),
])
def test_unreadable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = write(tmp_path, "bad.csv", content)
    with pytest.raises(InputError, match=message) as info:
        read_activities_csv(path)
    assert str(path) in str(info.value)


# -- activity lists: every row imported, or the file refused with row and column ----------------
ACTIVITIES = (
    b"\xef\xbb\xbfquantity;unit;factor_id;label;data_quality;uncertainty;scope2_method\r\n"
    b"42 000;kWh;energy.electricity.fr.mix_2023;\xc3\x89lectricit\xc3\xa9 si\xc3\xa8ge;mesur\xc3\xa9;;location\r\n"
    b";;;;;;\r\n"
    b"1\xc2\xa0200,5;passenger_km;mobility.train.tgv;Paris\xe2\x80\x93Lyon;estim\xc3\xa9;10 %;\r\n"
)


def test_activities_utf8_bom(tmp_path: Path) -> None:
    lines = read_activities_csv(write(tmp_path, "activities.csv", ACTIVITIES))
    assert lines.encoding == "utf-8-sig"
    assert len(lines) == 2 and lines.rows == (2, 4) and lines.skipped_rows == (3,)
    first, second = lines
    assert first == ActivityLine(Q(42000.0, "kWh"), "energy.electricity.fr.mix_2023",
                                 label="Électricité siège", scope2_method="location")
    assert second.quantity == Q(1200.5, "passenger_km") and second.label == "Paris–Lyon"
    assert second.data_quality is DataQuality.ESTIMATED and second.activity_uncertainty == 0.1
    assert any("1 empty row(s) skipped: 3" in note for note in lines.notes())


REJECTED = (
    b"quantity;unit;factor_id;label\r\n"
    b"12;kWh;energy.electricity.fr.mix_2023;Bureau\r\n"
    b"abc;kWh;energy.electricity.fr.mix_2023;Valeur illisible\r\n"
    b"3,5;;mobility.train.tgv;Unit\xe9 oubli\xe9e\r\n"
    b"-4;kWh;energy.electricity.fr.mix_2023;N\xe9gatif\r\n"
    b"5;passenger_kmm;mobility.train.tgv;Faute de frappe\r\n"
    b"6;kWh;;Sans facteur\r\n"
    b"7;kWh;energy.electricity.fr.mix_2023;Trop;de cellules\r\n"
)


def test_rejected_rows_name_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "activites.csv", REJECTED)
    with pytest.raises(InputError) as info:
        read_activities_csv(path)
    where = {(p.line, p.column, p.field) for p in info.value.problems}
    assert where == {(8, 5, "")}, "a cell beyond the header is refused before anything else"
    path = write(tmp_path, "activites.csv", REJECTED.replace(b"Trop;de", b"Trop de"))
    with pytest.raises(InputError) as info:
        read_activities_csv(path)
    error = info.value
    assert isinstance(error, ValueError)
    assert "no row was imported" in str(error)
    where = {(p.line, p.column, p.field) for p in error.problems}
    assert where == {(3, 1, "quantity"), (4, 2, "unit"), (5, 1, "quantity"), (6, 2, "unit"),
                     (7, 3, "factor_id")}
    text = str(error)
    assert f"{path}:3:1: quantity: row 3, column A: 'abc' is not a number" in text
    assert f"{path}:4:2: unit: row 4, column B: empty cell" in text
    assert "negative" in text and "did you mean 'passenger_km'" in text
    assert all(p.file == str(path) for p in error.problems)


def test_header_problems(tmp_path: Path) -> None:
    content = b"quantite;unit;factor_id;unit\r\n1;kWh;x.y;kWh\r\n"
    with pytest.raises(InputError) as info:
        read_activities_csv(write(tmp_path, "h.csv", content))
    text = str(info.value)
    assert "column 'unit' appears twice (also column B)" in text
    content = b"quantite;unit;factor_id\r\n1;kWh;x.y\r\n"
    with pytest.raises(InputError) as info:
        read_activities_csv(write(tmp_path, "h.csv", content))
    text = str(info.value)
    assert "unknown column 'quantite'" in text and "did you mean 'quantity'" in text
    assert "missing column 'quantity'" in text


def test_literal_fields_are_checked_per_cell(tmp_path: Path) -> None:
    content = b"quantity;unit;factor_id;domain;data_quality\r\n1;kWh;a.b;mobilite;guess\r\n"
    with pytest.raises(InputError) as info:
        read_activities_csv(write(tmp_path, "l.csv", content))
    assert {(p.line, p.column, p.field) for p in info.value.problems} == {
        (2, 4, "domain"), (2, 5, "data_quality")}
    assert "'mobility'" in str(info.value)


def test_library_check_names_the_row(tmp_path: Path) -> None:
    content = b"quantity;unit;factor_id\r\n1;passenger_km;mobility.train.tvg\r\n2;km;mobility.train.tgv\r\n"
    path = write(tmp_path, "lib.csv", content)
    read_activities_csv(path)  # without a library, ids and units are not checked yet
    with pytest.raises(InputError) as info:
        read_activities_csv(path, library=cc.load_factors())
    problems = {(p.line, p.column, p.field): str(p) for p in info.value.problems}
    assert set(problems) == {(2, 3, "factor_id"), (3, 2, "unit")}
    assert "did you mean 'mobility.train.tgv'" in problems[2, 3, "factor_id"]
    assert "passenger_km" in problems[3, 2, "unit"]


line_units = st.sampled_from(["kWh", "MWh", "passenger_km", "km", "EUR", "kEUR", "device", "kg",
                              "tonne", "L", "m**2", "night", "meal", "tonne_km"])


@st.composite
def activity_lines(draw: st.DrawFn) -> ActivityLine:
    scope = draw(st.none() | st.sampled_from([1, 2, 3]))
    return ActivityLine(
        Q(draw(st.floats(min_value=0, max_value=1e15, allow_nan=False)), draw(line_units)),
        draw(st.sampled_from(["mobility.train.tgv", "energy.electricity.fr.mix_2023", "a.b_c.d"])),
        label=draw(st.just("") | texts), scope=scope,
        ghg_category=draw(st.none() | st.integers(1, 15)) if scope == 3 else None,
        beges_post=draw(st.none() | st.sampled_from(BEGES_POSTS)),
        domain=draw(st.sampled_from(["mobility", "energy", "other", "purchases"])),
        data_quality=draw(st.sampled_from(list(DataQuality))),
        activity_uncertainty=draw(st.none() | st.floats(0, 1)),
        basis=draw(st.none() | st.sampled_from(["PCS", "PCI"])),
        scope2_method=draw(st.none() | st.sampled_from(["location", "market"])),
        group=draw(st.just("") | texts), site=draw(st.just("") | texts), note=draw(st.just("") | texts))


@settings(max_examples=80, deadline=None)
@given(st.lists(activity_lines(), min_size=1, max_size=6),
       st.sampled_from([(";", ",", "utf-8-sig"), (",", ",", "utf-8"), ("\t", ".", "utf-16"),
                        (";", ",", "utf-8")]))
def test_activities_round_trip(lines: list[ActivityLine], dialect: tuple[str, str, str]) -> None:
    delimiter, decimal, encoding = dialect
    data = write_activities_csv(lines, delimiter=delimiter, decimal=decimal, encoding=encoding)
    with tempfile.TemporaryDirectory() as folder:
        back = read_activities_csv(write(Path(folder), "a.csv", data))
    assert list(back) == lines
    assert back.delimiter == delimiter
    assert back.rows == tuple(range(2, len(lines) + 2))


def test_written_bytes_are_french_spreadsheet_csv() -> None:
    lines = [ActivityLine(Q(1234.5, "kWh"), "energy.electricity.fr.mix_2023", label="Siège; étage 2"),
             ActivityLine(Q(1.5e-05, "tonne"), "a.b", label='Papier "recyclé"')]
    assert write_activities_csv(lines) == (
        b"\xef\xbb\xbfquantity;unit;factor_id;label\r\n"
        b'1234,5;kWh;energy.electricity.fr.mix_2023;"Si\xc3\xa8ge; \xc3\xa9tage 2"\r\n'
        b'1,5E-05;t;a.b;"Papier ""recycl\xc3\xa9"""\r\n')


def test_written_factor_table_bytes(tmp_path: Path) -> None:
    table = read_factor_table_csv(write(tmp_path, "ours.csv", LATIN1_TABLE))
    data = write_factor_table_csv(table.table, tmp_path / "again.csv", encoding="cp1252")
    assert data.splitlines()[1] == (b"local.cantine.repas;Repas \xe0 la cantine;Canteen meal;1234,5;"
                                    b"gCO2e/meal;0,2;Cantine centrale, bilan 2024;;2024;FR;3;1;4.1")
    assert dict(read_factor_table_csv(tmp_path / "again.csv").factors) == dict(table.factors)


def test_writing_refuses_what_csv_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be written in cp1252"):
        write_activities_csv([ActivityLine(Q(1, "kWh"), "a.b", label="Ꙩ")], encoding="cp1252")
    entry = FactorEntry.model_validate({
        "name_fr": "x", "name_en": "x", "value": 1, "unit": "kgCO2e/kWh", "source": "s", "year": 2024,
        "scope": 1, "quality": {"reliability": 1, "completeness": 1, "temporal": 1, "geographic": 1,
                                "technological": 1}})
    with pytest.raises(InputError, match="quality"):
        write_factor_table_csv({"a.b": entry})


# -- factor tables in CSV: the same validator as YAML, located by row and column --------------
BROKEN_TABLE = (
    HEADER
    + b"local.ok;Bon;Good;1;kgCO2e/kWh;Source;2024;1;;1.1;\r\n"
    + b"local.bad_value;Mauvais;Bad;abc;kgCO2e/kWh;Source;2024;1;;1.1;\r\n"
    + b"local.bad_unit;Mauvais;Bad;1;kgCO2e/kWhh;Source;2024;1;;1.1;\r\n"
    + b"local.no_source;Mauvais;Bad;1;kgCO2e/kWh;;2024;1;;1.1;\r\n"
    + b"Local Bad Id;Mauvais;Bad;1;kgCO2e/kWh;Source;2024;1;;1.1;\r\n"
    + b"local.ok;Doublon;Duplicate;1;kgCO2e/kWh;Source;2024;1;;1.1;\r\n"
    + b"local.bad_post;Mauvais;Bad;1;kgCO2e/kWh;Source;2024;1;;9.9;150 %\r\n"
)


def test_broken_csv_table(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.csv", BROKEN_TABLE)
    with pytest.raises(TableError) as info:
        cc.load_factors(path, bundled=False)
    where = sorted((p.line, p.column, p.field) for p in info.value.problems)
    assert where == [(3, 4, "value"), (4, 5, "unit"), (5, 6, "source"), (6, 1, "id"), (7, 1, "id"),
                     (8, 10, "beges_post"), (8, 11, "uncertainty")]
    text = str(info.value)
    assert f"{path}:3:4: value: row 3, column D: 'abc' is not a number" in text
    assert "did you mean" in text and "'kWh'" in text
    assert "row 5, column F: empty cell" in text
    assert "appears twice (first in row 2)" in text


def test_table_without_required_columns(tmp_path: Path) -> None:
    content = b"id;name_fr;name_en;value;unit;year;colour\r\nlocal.a;A;A;1;kgCO2e/kWh;2024;red\r\n"
    checked = check_table(write(tmp_path, "cols.csv", content))
    messages = [str(p) for p in checked.problems]
    assert len(messages) == 2, messages  # no "empty cell" per row for the missing column
    assert "missing column 'source'" in messages[0] or "missing column 'source'" in messages[1]
    assert any("unknown column 'colour'" in m for m in messages)


def test_csv_table_override_and_report(tmp_path: Path) -> None:
    content = (HEADER + b"mobility.train.tgv;TGV (notre \xe9tude);TGV (our study);0,0025;kgCO2e/passenger_km;"
               b"Notre \xe9tude 2025;2025;3;6;3.5;\r\n")
    path = write(tmp_path, "ours.csv", content)
    with pytest.raises(TableError, match="override: true"):
        cc.load_factors(path)
    content = content.replace(b"uncertainty\r\n", b"uncertainty;override\r\n").replace(b"3.5;\r\n", b"3.5;;VRAI\r\n")
    path.write_bytes(content)
    library = cc.load_factors(path)
    assert library["mobility.train.tgv"].value == Q(0.0025, "kgCO2e/passenger_km")
    assert library.overridden == {"mobility.train.tgv": str(path)}
    bilan = Bilan(organisation="Scop", year=2024, headcount=3, factors=[path])
    bilan.add(ActivityLine(Q(100, "passenger_km"), "mobility.train.tgv"))
    report = bilan.compute().to_markdown(lang="en")
    assert "1 factor(s) overridden by ours.csv: mobility.train.tgv" in report
    assert str(tmp_path) not in report


# -- bilan files: `activities_csv:` ---------------------------------------------------------------
BILAN = """\
organisation: Scop CSV
year: 2024
headcount: 4
activities_csv: [activites.csv]
"""


def test_bilan_reads_activities_csv(tmp_path: Path) -> None:
    write(tmp_path, "activites.csv", ACTIVITIES)
    (tmp_path / "bilan.yaml").write_text(BILAN, encoding="utf-8")
    bilan = Bilan.from_yaml(tmp_path / "bilan.yaml")
    result = bilan.compute()
    labels = {line.activity.label for line in result.lines}
    assert {"Électricité siège", "Paris–Lyon"} <= labels
    assert any("activites.csv: 1 empty row(s) skipped: 3" in n for n in result.notes)
    assert "activities_csv:\n- activites.csv" in bilan.to_yaml()


def test_bilan_csv_errors_point_into_the_csv(tmp_path: Path) -> None:
    write(tmp_path, "activites.csv", REJECTED.replace(b"Trop;de", b"Trop de"))
    (tmp_path / "bilan.yaml").write_text(BILAN, encoding="utf-8")
    with pytest.raises(InputError) as info:
        Bilan.from_yaml(tmp_path / "bilan.yaml")
    assert {p.line for p in info.value.problems} == {3, 4, 5, 6, 7}
    assert all(p.file.endswith("activites.csv") for p in info.value.problems)
    # unknown factor ids and wrong units are found at compute time, still at their row
    content = b"quantity;unit;factor_id\r\n1;kWh;energy.electricity.fr.mix_2023\r\n2;km;mobility.train.tgv\r\n"
    write(tmp_path, "activites.csv", content)
    with pytest.raises(InputError) as info:
        Bilan.from_yaml(tmp_path / "bilan.yaml").compute()
    assert [(p.line, p.column, p.field) for p in info.value.problems] == [(3, 2, "unit")]


@pytest.mark.parametrize(("name", "message"), [("../outside.csv", "outside the bilan's folder"),
                                               ("missing.csv", "not found")])
def test_bilan_csv_paths_stay_in_the_folder(tmp_path: Path, name: str, message: str) -> None:
    folder = tmp_path / "bilan"
    folder.mkdir()
    write(tmp_path, "outside.csv", ACTIVITIES)
    (folder / "bilan.yaml").write_text(BILAN.replace("activites.csv", name), encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        Bilan.from_yaml(folder / "bilan.yaml")
    assert info.value.problems[0].line == 4 and info.value.problems[0].field == "activities_csv[0]"


def test_read_csv_rows_keeps_spreadsheet_row_numbers(tmp_path: Path) -> None:
    content = b"\r\na;b\r\n1;2\r\n\r\n;\r\n3;\"multi\r\nline\"\r\n5;6\r\n"
    rows = read_csv_rows(write(tmp_path, "r.csv", content))
    assert rows.header == ("a", "b") and rows.header_row == 2
    assert [number for number, _ in rows.rows] == [3, 6, 7]
    assert rows.rows[1][1] == ("3", "multi\r\nline")
    assert rows.skipped_rows == (1, 4, 5)


@pytest.mark.parametrize(("rows", "text"), [
    ((), ""), ((3,), "3"), ((3, 4, 5, 7), "3-5, 7"), ((2, 4, 6, 7, 8, 20), "2, 4, 6-8, 20"),
    (tuple(range(2, 40, 2)), "2, 4, 6, 8, 10, 12, 14, 16, 18, 20, …"),
    (tuple(range(2, 1_000_002)), "2-1000001"),
])
def test_skipped_rows_are_listed_as_runs_in_a_short_note(rows: tuple[int, ...], text: str) -> None:
    assert row_list(rows) == text


def test_a_file_of_empty_rows_gives_a_short_note_and_counts_them_all(tmp_path: Path) -> None:
    path = write(tmp_path, "activities.csv", ACTIVITIES + b"\r\n" * 100_000 + ACTIVITIES.split(b"\r\n", 1)[1])
    lines = read_activities_csv(path)
    # rows 1-4: ACTIVITIES (row 3 empty); 5-100004: blank; 100005-100007: its rows again (100006 empty)
    assert len(lines) == 4 and len(lines.skipped_rows) == 100_002
    note = next(n for n in lines.notes() if "empty row(s)" in n)
    assert len(note) < 200 and "100002 empty row(s) skipped: 3, 5-100004, 100006" in note


def test_a_row_of_many_stray_cells_is_five_problems_and_one_that_counts_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, "table.csv", b"quantity;unit;factor_id\r\n1;kWh;energy.x" + b";stray" * 1000 + b"\r\n")
    with pytest.raises(InputError) as error:
        read_csv_rows(path)
    messages = [p.message for p in error.value.problems]
    assert messages[:5] == [f"row 2, column {column_letter(c)}: cell 'stray' is in a column without a name"
                            for c in range(4, 9)]
    assert messages[5:] == [f"row 2: 995 more cells are in columns without a name (columns "
                            f"{column_letter(9)} to {column_letter(1003)})"]
    assert error.value.in_language("fr").problems[5].message == (
        f"ligne 2 : 995 autres cellules sont dans des colonnes sans nom (colonnes {column_letter(9)} à "
        f"{column_letter(1003)})")


def test_a_few_stray_cells_are_a_problem_each(tmp_path: Path) -> None:
    path = write(tmp_path, "table.csv", b"quantity;unit;factor_id\r\n1;kWh;energy.x;a;;b\r\n")
    with pytest.raises(InputError) as error:
        read_csv_rows(path)
    assert [(p.line, p.column) for p in error.value.problems] == [(2, 4), (2, 6)]
