"""The data-collection workbook: written in French, filled in, read back as a bilan, errors located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import coopcarbon as cc
from coopcarbon.bilanfile.workbook import SHEETS, read_workbook, write_template
from coopcarbon.cli import main

openpyxl = pytest.importorskip("openpyxl")

YAML = """\
organisation: Scop Test
year: 2024
headcount: 12
commute:
  respondents:
  - {mode: train.ter, one_way_distance: 25 km, days_on_site_per_week: 4, telework_days_per_week: 1, count: 3}
  - {mode: car, one_way_distance: 12.5 km, days_on_site_per_week: 5}
trips:
  - {mode: train.tgv, distance: 460 km, travellers: 3, round_trip: true}
fleet:
  fuel: [{fuel: diesel, volume: 1200 L}]
  distance: [{vehicle: car.hybrid, distance: 15000 km}]
heating:
  - {site: Lyon, carrier: natural_gas, energy: 42000 kWh, basis: PCS}
electricity:
  - {site: Lyon, energy: 38000 kWh}
  - {site: Madrid, energy: 9000 kWh}
hardware:
  devices: [{kind: laptop, count: 12, purchase_year: 2023, lifetime: 4}]
purchases:
  - {category: legal_accounting_consulting, amount: 15000 EUR, label: Expert-comptable}
sites:
  - {name: Lyon, country: FR, floor_area: 450 m2, share: 0.6}
  - {name: Madrid, country: ES, floor_area: 120 m2}
solar:
  - {site: Lyon, produced: 5200 kWh, self_consumed: 4100 kWh}
refrigerants:
  - {site: Lyon, refrigerant: r410a, refilled: 1.5 kg}
  - {site: Madrid, refrigerant: r32, charge: 3 kg, leak_rate: 0.05, gwp: AR5}
meals:
  - {kind: vegetarian, count: 800}
  - {kind: white_meat, count: 1200, label: Cantine}
"""


def _filled(path: Path, changes: dict[tuple[str, str], Any] | None = None) -> Path:
    """The template filled in with the same data as :data:`YAML`; ``changes`` set cells (sheet, ref)."""
    write_template(path)
    book = openpyxl.load_workbook(path)
    org = book["Organisation"]
    org["B1"], org["B2"], org["B3"] = "Scop Test", 2024, 12
    book["Domicile-travail"].append(["train.ter", 25, 4, 1, None, 3])
    book["Domicile-travail"].append(["car", "12,5", 5])
    book["Déplacements"].append(["train.tgv", 460, None, None, 3, "oui"])
    book["Flotte"].append(["diesel", 1200])
    book["Flotte"].append(["car.hybrid", None, 15000])
    book["Chauffage"].append(["Lyon", "natural_gas", 42000, None, "PCS"])
    book["Électricité"].append(["Lyon", 38000])
    book["Électricité"].append(["Madrid", 9000])  # the country comes from the site
    book["Informatique"].append(["laptop", 12, 2023, 4, "non"])
    book["Achats"].append(["legal_accounting_consulting", 15000, "Expert-comptable"])
    book["Sites"].append(["Lyon", "FR", 450, "60 %"])
    book["Sites"].append(["Madrid", "ES", "120"])
    book["Solaire"].append(["Lyon", 5200, 4100])
    book["Fluides frigorigènes"].append(["Lyon", "r410a", "1,5"])
    book["Fluides frigorigènes"].append(["Madrid", "r32", None, 3, 0.05, "AR5"])
    book["Repas"].append(["vegetarian", 800])
    book["Repas"].append(["white_meat", 1200, "Cantine"])
    for (sheet, ref), value in (changes or {}).items():
        book[sheet][ref] = value
    book.save(path)
    return path


def test_template_is_french_with_units_and_drop_downs(tmp_path: Path) -> None:
    data = write_template(tmp_path / "t.xlsx")
    assert data == (tmp_path / "t.xlsx").read_bytes()
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == ["Organisation", "Listes", *(s.name for s in SHEETS)]
    assert book["Listes"].sheet_state == "hidden"
    trips = book["Déplacements"]
    headers = [c.value for c in trips[1]]
    assert "Distance aller [km]" in headers and "Aéroport de départ (IATA)" in headers
    assert trips["A1"].comment is not None
    formulas = [v.formula1 for v in trips.data_validations.dataValidation]
    assert any(f.startswith("=Listes!") for f in formulas)
    lists = {column[0].value: [c.value for c in column[1:] if c.value] for column in book["Listes"].iter_cols()}
    assert "train.tgv" in lists["Domicile-travail – Mode"] and "plane" not in lists["Domicile-travail – Mode"]
    assert "plane" in lists["Déplacements – Mode"]
    assert {"FR", "ES", "DE"} <= set(lists["Sites – Pays"]) and len(lists["Sites – Pays"]) == 249
    assert "r410a" in lists["Fluides frigorigènes – Fluide"] and lists["Fluides frigorigènes – PRG"] == ["AR6", "AR5"]
    assert "vegetarian" in lists["Repas – Type de repas"]
    # every formula points at its own list: the header above the range names the sheet and column
    for spec in SHEETS:
        sheet = book[spec.name]
        for check in sheet.data_validations.dataValidation:
            first = str(check.sqref).split(":")[0]  # e.g. B2
            column = spec.columns[openpyxl.utils.column_index_from_string(first.rstrip("0123456789")) - 1]
            if column.key == "site":  # the site names typed on the Sites sheet
                assert check.formula1 == "='Sites'!$A$2:$A$1000"
            else:
                letter = check.formula1.split("$")[1]
                assert book["Listes"][f"{letter}1"].value == f"{spec.name} – {column.header}"


def _lines(result: cc.BilanResult) -> list[tuple[str, str, float]]:
    return sorted((line.activity.factor_id, line.activity.site, round(line.kg, 9)) for line in result.lines)


def test_filled_workbook_equals_the_same_bilan_file(tmp_path: Path) -> None:
    (tmp_path / "bilan.yaml").write_text(YAML, encoding="utf-8")
    expected = cc.Bilan.from_yaml(tmp_path / "bilan.yaml").compute()
    bilan = cc.Bilan.from_workbook(_filled(tmp_path / "collecte.xlsx"))
    got = bilan.compute()
    assert (got.organisation, got.year, got.headcount) == ("Scop Test", 2024, 12)
    assert _lines(got) == _lines(expected)
    assert got.total.magnitude == pytest.approx(expected.total.magnitude, rel=1e-12)
    assert got.by_beges_post().keys() == expected.by_beges_post().keys()
    # the new sheets arrived: sites with their share, country and area, solar, refrigerants, meals
    inputs = bilan.inputs
    assert inputs is not None
    assert [(s.name, s.country, s.floor_area, s.share) for s in inputs.sites] == [
        ("Lyon", "FR", "450 m2", 0.6), ("Madrid", "ES", "120.0 m2", 1.0)]
    assert {line.activity.factor_id for line in got.lines} >= {
        "energy.electricity.solar_pv.rooftop", "refrigerant.r410a", "refrigerant.r32.ar5", "meal.vegetarian"}
    # 3 kg charge × 5 %/year = 0.15 kg of R-32 leaked (AR5 factor), at the Madrid site
    [r32] = [line for line in got.lines if line.activity.factor_id == "refrigerant.r32.ar5"]
    assert r32.activity.quantity.to("kg").magnitude == pytest.approx(0.15) and r32.activity.site == "Madrid"
    # round trip: the workbook's bilan written as a bilan file reads back to the same lines
    bilan.to_yaml(tmp_path / "again.yaml")
    assert _lines(cc.Bilan.from_yaml(tmp_path / "again.yaml").compute()) == _lines(got)


def test_cell_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Informatique", "B2"): "douze", ("Déplacements", "F2"): "peut-être"})
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_workbook(path)
    problems = {p.file: p for p in info.value.problems}
    device = problems["c.xlsx [Informatique]"]
    assert (device.line, device.column) == (2, 2) and "Nombre" in device.field and "douze" in device.message
    assert problems["c.xlsx [Déplacements]"].column == 6


def test_schema_problems_are_located_at_the_cell(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Domicile-travail", "C3"): 9})
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_workbook(path)
    [problem] = info.value.problems
    assert problem.file == "c.xlsx [Domicile-travail]" and (problem.line, problem.column) == (3, 3)
    assert "too large" in problem.message and "Input should" not in str(info.value)


def test_problems_found_when_computing_are_located_too(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Achats", "A2"): "consulting"})
    bilan = cc.Bilan.from_workbook(path)
    with pytest.raises(cc.InputError) as info:
        bilan.compute()
    [problem] = info.value.problems
    assert problem.file == "c.xlsx [Achats]" and (problem.line, problem.column) == (2, 1)
    assert "legal_accounting_consulting" in problem.suggestion


def test_a_percentage_for_a_share_is_read_and_a_number_above_one_is_located(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Sites", "D2"): 60, ("Fluides frigorigènes", "E3"): "cinq"})
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_workbook(path)
    [leak] = info.value.problems  # cells are read first; the schema checks the share after
    assert leak.file == "c.xlsx [Fluides frigorigènes]" and (leak.line, leak.column) == (3, 5)
    assert "'cinq' is not a number" in leak.message and "60 %" in leak.expected
    path = _filled(tmp_path / "d.xlsx", {("Sites", "D2"): 60})
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_workbook(path)
    [share] = info.value.problems
    assert share.file == "d.xlsx [Sites]" and (share.line, share.column) == (2, 4)
    assert share.message == "too large for a fraction (got 60)" and share.suggestion == "write 0.6 for 60 %"


def test_site_and_refrigerant_problems_are_located_when_computing(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Chauffage", "A2"): "Lyom", ("Fluides frigorigènes", "B2"): "r999"})
    with pytest.raises(cc.InputError) as info:
        cc.Bilan.from_workbook(path).compute()
    problems = {p.file: p for p in info.value.problems}
    site = problems["c.xlsx [Chauffage]"]
    assert (site.line, site.column) == (2, 1) and "unknown site 'Lyom'" in site.message
    assert "did you mean 'Lyon'" in site.suggestion
    fluid = problems["c.xlsx [Fluides frigorigènes]"]
    assert (fluid.line, fluid.column) == (2, 2) and "r999" in fluid.message


def test_read_workbook_gives_the_contents_bilan_builds_on(tmp_path: Path) -> None:
    contents = read_workbook(_filled(tmp_path / "c.xlsx"))
    assert (contents.organisation, contents.factors, contents.source_file.name) == ("Scop Test", (), "c.xlsx")


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(cc.InputError, match=r"x\.xlsx"):
        cc.Bilan.from_workbook(path)


def test_command_template_then_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "collecte.xlsx"
    assert main(["template", "--format", "xlsx", "-o", str(template)]) == 0
    assert openpyxl.load_workbook(template).sheetnames[0] == "Organisation"
    assert main(["template", "-o", str(template)]) == 1  # never replaced without --force
    capsys.readouterr()
    filled = _filled(tmp_path / "filled.xlsx")
    assert main(["report", str(filled), "--lang", "en"]) == 0
    assert "Scop Test" in capsys.readouterr().out
    bad = _filled(tmp_path / "bad.xlsx", {("Informatique", "B2"): "douze"})
    assert main(["report", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx [Informatique]:2:2" in err and "Traceback" not in err
