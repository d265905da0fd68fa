"""Reports for spreadsheets: the French CSV (``;``, decimal comma, BOM) and the Excel workbook."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.cli import main
from coopcarbon.reports.columns import COLUMNS_FR
from coopcarbon.reports.data import CSV_COLUMNS

openpyxl = pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parents[1]
LYON = ROOT / "examples" / "scop-lyon" / "bilan-2024.yaml"


@pytest.fixture(scope="module")
def result() -> cc.BilanResult:
    bilan = cc.Bilan.from_yaml(LYON)
    bilan.add(cc.ActivityLine(cc.Q("2 device"), "hardware.laptop", label="=HYPERLINK(\"x\")"))
    return bilan.compute()


def _number(cell: str) -> float:
    return float(cell.replace(",", "."))


def test_french_csv_reads_in_a_french_spreadsheet(result: cc.BilanResult) -> None:
    text = result.to_csv(lang="fr")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == [COLUMNS_FR[c] for c in CSV_COLUMNS]
    assert len(rows) == len(result.lines) + 1
    body = rows[1:]
    col = {c: i for i, c in enumerate(CSV_COLUMNS)}
    assert all("." not in r[col["co2e_kg"]] for r in body)  # decimal comma
    total = sum(_number(r[col["co2e_kg"]]) for r in body if r[col["in_total"]] == "oui")
    assert total / 1000 == pytest.approx(result.total.magnitude, rel=1e-12)  # full precision kept
    assert {r[col["in_total"]] for r in body} == {"oui", "non"}
    assert {r[col["data_quality"]] for r in body} <= {"mesuré", "estimé", "extrapolé"}
    assert body[-1][col["label"]] == "'=HYPERLINK(\"x\")"  # not run as a formula
    assert result.to_csv().startswith("label,domain")  # English CSV unchanged


def test_xlsx_report_sheets_and_numbers(result: cc.BilanResult, tmp_path: Path) -> None:
    path = tmp_path / "bilan.xlsx"
    data = result.to_xlsx(path, lang="fr")
    assert path.read_bytes() == data
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Synthèse", "Postes BEGES", "Scopes", "Lignes", "Bibliographie"]
    lines = book["Lignes"]
    head = [c.value for c in lines[1]]
    assert head == [COLUMNS_FR[c] for c in CSV_COLUMNS]
    kg, in_total = head.index(COLUMNS_FR["co2e_kg"]), head.index(COLUMNS_FR["in_total"])
    rows = list(lines.iter_rows(min_row=2, values_only=True))
    assert all(isinstance(r[kg], (int, float)) and not isinstance(r[kg], bool) for r in rows)  # numbers
    assert sum(r[kg] for r in rows if r[in_total] == "oui") / 1000 == pytest.approx(result.total.magnitude)
    posts = list(book["Postes BEGES"].iter_rows(min_row=2, values_only=True))
    assert sum(r[2] for r in posts) == pytest.approx(result.total.magnitude)
    assert {r[0] for r in posts} == set(result.by_beges_post())
    scopes = {r[0]: r[2] for r in book["Scopes"].iter_rows(min_row=2, values_only=True)}
    assert scopes["2-market"] == pytest.approx(result.by_scope()["2-market"].magnitude)
    summary = {r[0]: r[1] for r in book["Synthèse"].iter_rows(min_row=2, values_only=True)}
    assert summary["Effectif"] == 40
    sources = list(book["Bibliographie"].iter_rows(min_row=2, values_only=True))
    assert sum(r[5] for r in sources) == pytest.approx(result.total.magnitude)
    assert {r[0] for r in sources} == {line.factor.source for line in result.lines}
    label_cell = lines.cell(len(rows) + 1, head.index(COLUMNS_FR["label"]) + 1)
    assert label_cell.data_type == "s" and label_cell.value.startswith("'=")


def test_xlsx_in_english(result: cc.BilanResult) -> None:
    book = openpyxl.load_workbook(io.BytesIO(result.to_xlsx(lang="en")))
    assert book.sheetnames[0] == "Summary" and book["Lines"].cell(1, 1).value == "label"


def test_command_writes_french_csv_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bilan.csv"
    assert main(["report", str(LYON), "--format", "csv", "--lang", "fr", "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    xlsx = tmp_path / "bilan.xlsx"
    assert main(["report", str(LYON), "--format", "xlsx", "-o", str(xlsx)]) == 0
    assert openpyxl.load_workbook(xlsx).sheetnames[0] == "Synthèse"
    assert main(["report", str(LYON), "--format", "xlsx", "-o", str(xlsx)]) == 1  # never replaced
    assert "--force" in capsys.readouterr().err
    assert main(["report", str(LYON), "--format", "xlsx"]) == 2  # not to the terminal
    assert "-o FILE" in capsys.readouterr().err
