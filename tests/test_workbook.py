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
hardware:
  devices: [{kind: laptop, count: 12, purchase_year: 2023, lifetime: 4}]
purchases:
  - {category: legal_accounting_consulting, amount: 15000 EUR, label: Expert-comptable}
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
    book["Informatique"].append(["laptop", 12, 2023, 4, "non"])
    book["Achats"].append(["legal_accounting_consulting", 15000, "Expert-comptable"])
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
    modes = [c.value for c in book["Listes"]["A"][1:] if c.value]
    assert "train.tgv" in modes and "plane" not in modes  # the commute sheet's list comes first


def test_filled_workbook_equals_the_same_bilan_file(tmp_path: Path) -> None:
    (tmp_path / "bilan.yaml").write_text(YAML, encoding="utf-8")
    expected = cc.Bilan.from_yaml(tmp_path / "bilan.yaml").compute()
    got = read_workbook(_filled(tmp_path / "collecte.xlsx")).compute()
    assert (got.organisation, got.year, got.headcount) == ("Scop Test", 2024, 12)
    assert len(got.lines) == len(expected.lines)
    assert got.total.magnitude == pytest.approx(expected.total.magnitude, rel=1e-12)
    assert got.by_beges_post().keys() == expected.by_beges_post().keys()


def test_cell_problems_name_sheet_row_and_column(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Informatique", "B2"): "douze", ("Déplacements", "F2"): "peut-être"})
    with pytest.raises(cc.InputError) as info:
        read_workbook(path)
    problems = {p.file: p for p in info.value.problems}
    device = problems["c.xlsx [Informatique]"]
    assert (device.line, device.column) == (2, 2) and "Nombre" in device.field and "douze" in device.message
    assert problems["c.xlsx [Déplacements]"].column == 6


def test_schema_problems_are_located_at_the_cell(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Domicile-travail", "C3"): 9})
    with pytest.raises(cc.InputError) as info:
        read_workbook(path)
    [problem] = info.value.problems
    assert problem.file == "c.xlsx [Domicile-travail]" and (problem.line, problem.column) == (3, 3)
    assert "too large" in problem.message and "Input should" not in str(info.value)


def test_problems_found_when_computing_are_located_too(tmp_path: Path) -> None:
    path = _filled(tmp_path / "c.xlsx", {("Achats", "A2"): "consulting"})
    bilan = read_workbook(path)
    with pytest.raises(cc.InputError) as info:
        bilan.compute()
    [problem] = info.value.problems
    assert problem.file == "c.xlsx [Achats]" and (problem.line, problem.column) == (2, 1)
    assert "legal_accounting_consulting" in problem.suggestion


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(cc.InputError, match=r"x\.xlsx"):
        read_workbook(path)


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
