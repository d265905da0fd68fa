"""Security of the bilan file (issue 14): strict types, the nomenclature, finite results,
explicit libraries, FEC years and rows, commute answers, CSV formula cells.

Each case is refused at its file, line and field, or, for the FEC year, counted and noted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.activities import ActivityLine
from coopcarbon.bilanfile.activity_csv import read_activities_csv, write_activities_csv
from coopcarbon.bilanfile.fec import FEC_COLUMNS, import_fec
from coopcarbon.errors import InputError, UnknownFactorError
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.units import Q

HEAD = "schema_version: '1'\norganisation: Scop Test\nyear: 2024\nheadcount: 10\n"  # lines 1-4
LIB = cc.load_factors()


def _problems(tmp_path: Path, text: str) -> list[tuple[int | None, str, str]]:
    path = tmp_path / "bilan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(path).compute(factors=LIB)
    assert all(p.file == str(path) for p in info.value.problems)
    return [(p.line, p.field, str(p)) for p in info.value.problems]


# -- strict types: a boolean is never a number -------------------------------------------------
@pytest.mark.parametrize(("text", "line", "field"), [
    (HEAD.replace("headcount: 10", "headcount: yes"), 4, "headcount"),
    (HEAD + "refrigerants:\n- {refrigerant: R410A, charge: 3 kg, leak_rate: yes}\n", 6,
     "refrigerants[0].leak_rate"),
    (HEAD + "activities:\n- {quantity: 1 km, factor_id: x, scope: true}\n", 6, "activities[0].scope"),
    (HEAD + "trips:\n- {mode: plane, origin: [true, 2.35], destination: [43.6, 1.44]}\n", 6, "trips[0].origin"),
    (HEAD + "electricity:\n- energy: 1000 kWh\n  contract: {type: supplier_mix, supplier: X, source: Y,"
     " shares: {wind: true}}\n", 7, "electricity[0].contract.shares"),
])
def test_booleans_are_not_numbers(tmp_path: Path, text: str, line: int, field: str) -> None:
    [(at, name, message)] = _problems(tmp_path, text)
    assert (at, name) == (line, field)
    assert "boolean" in message and "expected a number" in message


# -- the nomenclature --------------------------------------------------------------------------
@pytest.mark.parametrize("post", ["9.9", "4,1", "4.9", ""])
def test_beges_posts_must_be_of_the_nomenclature(tmp_path: Path, post: str) -> None:
    [(line, field, message)] = _problems(
        tmp_path, HEAD + f"activities:\n- {{quantity: 10 passenger_km, factor_id: mobility.train.tgv, "
                         f"beges_post: '{post}'}}\n")
    assert (line, field) == (6, "activities[0].beges_post")
    assert "unknown BEGES post" in message and "4.1" in message


def test_ghg_categories_must_be_of_the_nomenclature(tmp_path: Path) -> None:
    [(line, field, message)] = _problems(
        tmp_path, HEAD + "activities:\n- {quantity: 10 passenger_km, factor_id: mobility.train.tgv, "
                         "scope: 3, ghg_category: 16}\n")
    assert (line, field) == (6, "activities[0].ghg_category") and "15" in message


def test_valid_posts_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "activities:\n- {quantity: 10 passenger_km, factor_id: mobility.train.tgv, "
                           "beges_post: '3.5'}\n", encoding="utf-8")
    [line] = cc.Bilan.from_yaml(path).compute(factors=LIB).lines
    assert line.beges_post == "3.5"


# -- finite results ----------------------------------------------------------------------------
def test_infinite_emissions_are_refused_at_their_line(tmp_path: Path) -> None:
    [(line, field, message)] = _problems(
        tmp_path, HEAD + "activities:\n- {quantity: 2 device, factor_id: hardware.laptop}\n"
                         "- {quantity: 1e306 device, factor_id: hardware.laptop}\n")
    assert (line, field) == (7, "activities[1].quantity")
    assert "not a finite number" in message


def test_engine_names_the_infinite_line() -> None:
    lines = [ActivityLine(Q(1, "device"), "hardware.laptop"),
             ActivityLine(Q(1e306, "device"), "hardware.laptop", label="the big one")]
    with pytest.raises(InputError, match=r"the big one.*not a finite number"):
        cc.Bilan("X", 2024, 1, lines=lines).compute(factors=LIB)


# -- sites -------------------------------------------------------------------------------------
def test_two_sites_with_the_same_name_are_refused(tmp_path: Path) -> None:
    [(line, field, message)] = _problems(
        tmp_path, HEAD + "sites:\n- {name: Lyon}\n- {name: Paris}\n- {name: Lyon, country: DE}\n")
    assert (line, field) == (8, "sites[2].name")
    assert "declared twice" in message and "sites[0]" in message


# -- an explicit library is used as given ------------------------------------------------------
def test_an_empty_library_is_not_replaced_by_the_bundled_one() -> None:
    empty = FactorLibrary(factors={}, tables=(), digests=(), fingerprint="0" * 64)
    bilan = cc.Bilan("X", 2024, 1, lines=[ActivityLine(Q(10, "passenger_km"), "mobility.train.tgv")])
    with pytest.raises(UnknownFactorError):
        bilan.compute(factors=empty)
    assert bilan.compute(factors=LIB).total.magnitude > 0


# -- commute answers: at their file, line and respondent ---------------------------------------
def test_commute_answers_are_located(tmp_path: Path) -> None:
    problems = _problems(tmp_path, HEAD + (
        "commute:\n  respondents:\n"
        "  - {mode: car, one_way_distance: 10 km, days_on_site_per_week: 3}\n"  # line 7
        "  - {mode: bsu, one_way_distance: 10 km, days_on_site_per_week: 3}\n"
        "  - {mode: car, one_way_distance: -3 km, days_on_site_per_week: 3}\n"
        "  - {mode: car, one_way_distance: 3 km, days_on_site_per_week: 3, telework_days_per_week: 5}\n"))
    assert [(line, field) for line, field, _ in problems] == [
        (8, "commute.respondents[1].mode"), (9, "commute.respondents[2].one_way_distance"),
        (10, "commute.respondents[3].telework_days_per_week")]
    assert "unknown mode 'bsu'" in problems[0][2] and "did you mean 'bus'" in problems[0][2]
    assert "negative" in problems[1][2] and "> 7 days" in problems[2][2]
    # eight telework days a week are refused by the schema, at the same place
    [(line, field, _)] = _problems(tmp_path, HEAD + (
        "commute:\n  respondents:\n"
        "  - {mode: car, one_way_distance: 3 km, days_on_site_per_week: 0, telework_days_per_week: 8}\n"))
    assert (line, field) == (7, "commute.respondents[0].telework_days_per_week")


# -- FEC: the bilan's year only; errors in the FEC's own file ----------------------------------
def _fec(entries: list[tuple[str, str, str, str]]) -> str:
    rows = ["\t".join(FEC_COLUMNS)]
    for i, (date, account, debit, credit) in enumerate(entries, start=1):
        rows.append("\t".join(["ACH", "Achats", str(i), date, account, "Compte", "", "", f"P{i}", date,
                               "Libellé", debit, credit, "", "", date, "", ""]))
    return "\n".join(rows) + "\n"


def test_fec_entries_of_other_years_are_left_out_and_noted(tmp_path: Path) -> None:
    # paper 1 200 EUR in 2023 (357 kgCO2e/kEUR: 428.4 kg); a 2019 subcontracting entry of
    # 300 000 EUR (110 kgCO2e/kEUR) would add 33 t
    (tmp_path / "FEC.txt").write_text(_fec([("20230115", "6064", "1200,00", ""),
                                            ("20190601", "611", "300000,00", "")]), encoding="utf-8")
    path = tmp_path / "bilan.yaml"
    path.write_text("organisation: X\nyear: 2023\nheadcount: 3\nfec: {file: FEC.txt}\n", encoding="utf-8")
    result = cc.Bilan.from_yaml(path).compute(factors=LIB)
    assert result.total.to("kgCO2e").magnitude == pytest.approx(428.4)
    [note] = [n for n in result.notes if "left out" in n]
    assert "2019-06-01 to 2023-01-15" in note and "1 entries left out" in note and "300 000.00 EUR" in note
    # without a period (the library function alone) every entry is kept
    assert len(import_fec(tmp_path / "FEC.txt", year=2023, library=LIB).lines) == 2


def test_fec_errors_name_the_fec_file_and_row(tmp_path: Path) -> None:
    (tmp_path / "FEC.txt").write_text(_fec([("20230115", "6064", "1200,00", ""),
                                            ("20230116", "6064", "12a,00", "")]), encoding="utf-8")
    path = tmp_path / "bilan.yaml"
    path.write_text("organisation: X\nyear: 2023\nheadcount: 3\nfec: {file: FEC.txt}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(path).compute(factors=LIB)
    [problem] = info.value.problems
    assert (Path(problem.file).name, problem.line, problem.field) == ("FEC.txt", 3, "Debit")


# -- CSV formula cells (OWASP) -----------------------------------------------------------------
def test_written_csv_neutralises_formulas_and_reads_them_back(tmp_path: Path) -> None:
    lines = [ActivityLine(Q(12.5, "kWh"), "energy.electricity.fr.mix_2024", label="=HYPERLINK(\"x\")"),
             ActivityLine(Q(3, "passenger_km"), "mobility.train.tgv", label="-12", note="@SUM(A1)"),
             ActivityLine(Q(1, "passenger_km"), "mobility.train.tgv", label="'=already quoted")]
    data = write_activities_csv(lines)
    text = data.decode("utf-8-sig")
    assert ";'=HYPERLINK" in text.replace('"', "") and ";'-12;" in text and ";'@SUM(A1)" in text
    assert "\r\n12,5;" in text  # numbers stay numbers
    back = read_activities_csv(tmp_path / "a.csv" if (tmp_path / "a.csv").write_bytes(data) else "")
    assert list(back) == lines


def test_booleans_are_kept_where_the_schema_wants_them(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "commute:\n  telework_home_energy: false\n  respondents:\n"
                           "  - {mode: train.ter, one_way_distance: 10 km, days_on_site_per_week: 1, count: 10}\n"
                           "trips:\n- {mode: train.tgv, distance: 460 km, round_trip: yes}\n", encoding="utf-8")
    result = cc.Bilan.from_yaml(path).compute(factors=LIB)
    # TER: 10 people × 2 × 10 km × 1 day × 46 weeks × 0.02769; TGV: 2 × 460 km × 0.00293 (no telework line)
    assert result.total.to("kgCO2e").magnitude == pytest.approx(10 * 2 * 10 * 46 * 0.02769 + 2 * 460 * 0.00293)


# -- a site's floor area in the wrong unit (found by the fuzz: it reached pint unlocated) -----------
def test_site_floor_area_in_km_is_located(tmp_path: Path) -> None:
    problems = _problems(tmp_path, HEAD + "sites:\n  - {name: Lyon, country: FR, floor_area: 0 km}\n")
    assert [(line, field) for line, field, _ in problems] == [(6, "sites[0].floor_area")]
    assert "'0 km' is not a quantity in m2" in problems[0][2]
