"""FEC import: a sample ledger of a fictional company, known totals by hand, malformed files,
the double-count rule and the mapping.

Ratios (kgCO2e per kEUR excluding VAT, emission_factors/purchases.yaml): paper 357, other
professional services 110, post & telecom (legacy) 107.3, computer products 216, insurance 77,
financial services 70, furniture 231, legal/accounting/management consulting 67. CPI change 2024:
+2.0 % (INSEE).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.bilanfile.fec import FEC_COLUMNS, import_fec, load_mapping, read_fec
from coopcarbon.engine import compute_lines
from coopcarbon.errors import InputError

LIB = cc.load_factors()

# Fictional company "Coop Exemple" — fiscal year 2023. (journal, date, account, label, debit, credit)
ENTRIES = [
    ("AN", "20230101", "2183", "Matériel informatique", "5000,00", "0,00"),  # opening: left out
    ("ACH", "20230115", "6064", "Fournitures administratives", "1200,00", ""),
    ("ACH", "20230115", "44566", "TVA déductible", "240,00", ""),  # class 4: not a purchase
    ("ACH", "20230115", "401000", "Fournisseurs", "", "1440,00"),
    ("ACH", "20230201", "611", "Sous-traitance", "20000,00", ""),
    ("ACH", "20230301", "611", "Sous-traitance (avoir)", "", "2000,00"),
    ("ACH", "20230310", "6061", "Électricité", "3000,00", ""),
    ("ACH", "20230315", "6251", "Voyages et déplacements", "4500,00", ""),
    ("ACH", "20230320", "626", "Téléphone", "1800,00", ""),
    ("ACH", "20230401", "2183", "Ordinateurs portables", "6000,00", ""),
    ("OD", "20231231", "641", "Salaires", "150000,00", ""),
    ("ACH", "20230105", "6132", "Loyer", "24000,00", ""),
    ("ACH", "20230110", "616", "Assurance RC", "2500,50", ""),
    ("BQ", "20230131", "627", "Frais bancaires", "300,00", ""),
    ("ACH", "20230601", "2184", "Mobilier", "3000,00", ""),
    ("ACH", "20230630", "6226", "Honoraires expert-comptable", "4000,00", ""),
]
# by hand: 1.2x357 + 18x110 + 1.8x107.3 + 6x216 + 2.5005x77 + 0.3x70 + 3x231 + 4x67
TOTAL_2023 = 428.4 + 1980 + 193.14 + 1296 + 192.5385 + 21 + 693 + 268  # = 5072.0785


def fec_text(entries: list[tuple[str, ...]], sep: str = "\t") -> str:
    rows = [sep.join(FEC_COLUMNS)]
    for i, (journal, date, account, label, debit, credit) in enumerate(entries, start=1):
        cells = [journal, f"{journal} journal", str(i), date, account, label, "", "", f"P{i}", date,
                 label, debit, credit, "", "", date, "", ""]
        rows.append(sep.join(cells))
    return "\n".join(rows) + "\n"


@pytest.fixture
def fec(tmp_path: Path) -> Path:
    path = tmp_path / "FEC2023.txt"
    path.write_text(fec_text(ENTRIES), encoding="utf-8")
    return path


def kg(result_lines: list) -> float:  # type: ignore[type-arg]
    return sum(e.kg for e in compute_lines(result_lines, LIB))


def test_sample_fec_known_total(fec: Path) -> None:
    result = import_fec(fec, year=2023, library=LIB)
    assert kg(result.lines) == pytest.approx(TOTAL_2023)
    assert result.amounts["611"] == Decimal("18000.00")
    assert result.amounts["2183"] == Decimal("6000.00")  # the opening entry is left out
    assert "44566" not in result.amounts and "401000" not in result.amounts
    assert result.unmapped == {"6061": Decimal("3000.00"), "6251": Decimal("4500.00"),
                               "6132": Decimal("24000.00")}
    assert result.excluded == {"641": Decimal("150000.00")}
    assert result.replaced == {}
    notes = " ".join(result.notes())
    assert "6132 24 000.00 EUR" in notes and "641" in notes


def test_fixed_assets_are_capital_goods(fec: Path) -> None:
    emissions = compute_lines(import_fec(fec, year=2023, library=LIB).lines, LIB)
    by_account = {e.activity.label.split()[0]: e for e in emissions}
    assert (by_account["2183"].ghg_category, by_account["2183"].beges_post) == (2, "4.2")
    assert (by_account["6064"].ghg_category, by_account["6064"].beges_post) == (1, "4.1")
    assert (by_account["611"].ghg_category, by_account["611"].beges_post) == (1, "4.5")


def test_double_count_rule(fec: Path) -> None:
    # kWh of electricity, trips and a hardware inventory are in the bilan: 6061, 6251, 2183 skipped
    result = import_fec(fec, year=2023, physical={"energy", "travel", "hardware"}, library=LIB)
    assert kg(result.lines) == pytest.approx(TOTAL_2023 - 1296)
    assert result.replaced == {"6061": Decimal("3000.00"), "6251": Decimal("4500.00"),
                               "2183": Decimal("6000.00")}
    assert result.unmapped == {"6132": Decimal("24000.00")}
    assert {line.factor_id for line in result.lines}.isdisjoint({"purchases.goods.computer_electronic_optical"})


def test_pipe_separated_and_deflated(tmp_path: Path) -> None:
    path = tmp_path / "FEC.txt"
    path.write_text(fec_text(ENTRIES, sep="|"), encoding="iso-8859-15")
    result = import_fec(path, year=2024, library=LIB)
    # 2024 euros / 1.02 = 2023 euros; the legacy telecom ratio (626, monetary year not stated)
    # is not deflated
    assert kg(result.lines) == pytest.approx((TOTAL_2023 - 193.14) / 1.02 + 193.14)


def test_malformed_rows_are_named(tmp_path: Path) -> None:
    bad = [
        ("ACH", "20230115", "6064", "ok", "1200,00", ""),
        ("ACH", "20230115", "6064", "bad amount", "12a,00", ""),
        ("ACH", "2023-01-15", "6064", "bad date", "10,00", ""),
        ("ACH", "20230115", "0601", "unknown class", "10,00", ""),
    ]
    text = fec_text(bad).splitlines()
    text.insert(2, "ACH\tonly\tthree")  # row 3: wrong column count
    path = tmp_path / "bad.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_fec(path)
    rows = [(p.line, p.field) for p in info.value.problems]
    assert rows == [(3, ""), (4, "Debit"), (5, "EcritureDate"), (5, "PieceDate"), (5, "ValidDate"),
                    (6, "CompteNum")]
    assert "columns" in info.value.problems[0].message


def test_wrong_header(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("JournalCode;CompteNum;Debit\nACH;6064;10,00\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_fec(path)
    assert info.value.problems[0].line == 1


def test_mapping_longest_prefix_and_user_mapping(tmp_path: Path, fec: Path) -> None:
    mapping = load_mapping()
    assert mapping.rule("622600")[0] == "622"
    assert mapping.rule("6064")[1].factor == "purchases.goods.paper_cardboard"
    assert mapping.rule("6251")[1].physical == "travel"
    custom = tmp_path / "mine.yaml"
    custom.write_text(
        'accounts:\n  "6": {factor: purchases.services.it_programming_consulting}\n'
        '  "2": {exclude: not counted here}\n', encoding="utf-8")
    result = import_fec(fec, year=2023, mapping=custom, library=LIB)
    # every class 6 account at 75 kgCO2e/kEUR: 1.2+18+3+4.5+1.8+150+24+2.5005+0.3+4 = 209.3005 kEUR
    assert kg(result.lines) == pytest.approx(209.3005 * 75)
    assert set(result.excluded) == {"2183", "2184"}
    unknown = tmp_path / "unknown.yaml"
    unknown.write_text('accounts:\n  "6": {factor: purchases.nope}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"purchases\.nope"):
        import_fec(fec, year=2023, mapping=unknown, library=LIB)
    typo = tmp_path / "typo.yaml"
    typo.write_text('accounts:\n  "6": {factr: x}\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_mapping(typo)
    assert info.value.problems[0].line == 2


def test_bilan_file_sections_and_double_count(tmp_path: Path) -> None:
    (tmp_path / "FEC2023.txt").write_text(fec_text(ENTRIES), encoding="utf-8")
    bilan_file = tmp_path / "bilan.yaml"
    bilan_file.write_text(
        "organisation: Coop Exemple\nyear: 2023\nheadcount: 10\n"
        "electricity:\n  - {energy: 12000 kWh}\n"
        "fec: {file: FEC2023.txt}\n"
        "purchases:\n  - {category: paper, amount: 1000 EUR, label: Extra paper}\n"
        "meals:\n  - {kind: vegetarian, count: 100}\n"
        "digital: {storage: 500 GB, videoconference_hours: 10, videoconference_participants: 3}\n",
        encoding="utf-8")
    result = cc.Bilan.from_yaml(bilan_file).compute(factors=LIB)
    fec_kg = sum(e.kg for e in result.lines if e.activity.group == "fec")
    # electricity given: 6061 replaced (it had no ratio anyway); meals given: nothing in 6257
    assert fec_kg == pytest.approx(TOTAL_2023)
    others = {e.activity.label: e.kg for e in result.lines if e.activity.group != "fec"}
    assert others["Extra paper"] == pytest.approx(357.0)
    assert others["Meals — vegetarian"] == pytest.approx(85.0)
    assert others["Video conferencing"] == pytest.approx(30 * 0.05706336546)
    notes = " ".join(result.notes)
    assert "replaced by physical data: 6061 3 000.00 EUR" in notes
    assert "6132 24 000.00 EUR" in notes and "excluded" in notes


def test_bilan_fec_outside_folder_refused(tmp_path: Path) -> None:
    inner = tmp_path / "b"
    inner.mkdir()
    (tmp_path / "FEC.txt").write_text(fec_text(ENTRIES), encoding="utf-8")
    (inner / "bilan.yaml").write_text(
        "organisation: X\nyear: 2023\nheadcount: 1\nfec: {file: ../FEC.txt}\n", encoding="utf-8")
    with pytest.raises(InputError, match="outside"):
        cc.Bilan.from_yaml(inner / "bilan.yaml").compute(factors=LIB)


def test_fec_notes_in_a_french_report(fec: Path) -> None:
    from coopcarbon.reports._rows import translate_note

    notes = import_fec(fec, year=2023, library=LIB).notes()
    french = [translate_note(note, "fr") for note in notes]
    assert "comptes du FEC non valorisés (sans ratio monétaire) : " in french[0]
    assert "6132 24 000,00 EUR" in " ".join(french)
    assert any(n.startswith("comptes du FEC exclus (pas des achats) : 641 150 000,00 EUR") for n in french)
    assert not any("FEC accounts" in n for n in french)


def test_iso_8859_15_keeps_the_euro_sign(tmp_path: Path) -> None:
    path = tmp_path / "FEC.txt"
    path.write_text(fec_text([("ACH", "20230115", "6064", "Fournitures 100 €", "100,00", "")]),
                    encoding="iso-8859-15")
    [entry] = read_fec(path)
    assert entry.label == "Fournitures 100 €" and entry.debit == Decimal("100.00")
