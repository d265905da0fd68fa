"""ADEME's Base Empreinte / Base Carbone export read as a factor table.

Fixture: ``tests/data/ademe/base_carbone_extract.csv``, rows of the official export (Latin-1,
``;``) of 17 elements; see its README. Known answers are the export's own cells:

- element 27025, inkjet printer: 88.2 kgCO2e/unité, five posts 61.2 + 6.44 + 5.24 + 3.11 + 12.2;
- element 28130, short-haul plane with contrails: 0.259 kgCO2e/peq.km = CO2f 0.138 + CH4f 1,05E-3
  + N2O 2,02E-3 + "Divers" (contrails) 0.117; posts 0.0242 + 0.117 + 0.117 + 3,80E-4;
- element 42513, French electricity mix 2022: 0.052 kgCO2e/kWh, Incertitude 10 %, "Année 2022";
- element 34496, PET packaging incineration: 2139 kgCO2e/tonne de déchets.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import coopcarbon as cc
from coopcarbon.errors import TableError
from coopcarbon.factors.ademe import ademe_unit, import_export, is_ademe_export, read_ademe_export
from coopcarbon.factors.schema import FactorEntry

FIXTURE = Path(__file__).parent / "data" / "ademe" / "base_carbone_extract.csv"


@pytest.fixture(scope="module")
def table() -> dict[str, FactorEntry]:
    checked = read_ademe_export(FIXTURE, retrieved=dt.date(2026, 11, 30))
    assert checked.problems == []
    assert checked.table is not None
    return dict(checked.table.factors)


def test_every_valid_element_becomes_a_factor(table: dict[str, FactorEntry]) -> None:
    elements = {line.split(b";")[1].decode() for line in FIXTURE.read_bytes().splitlines()[1:]
                if line.startswith(b"El")}
    assert len(elements) == 17
    assert set(table) == {f"ademe.{e}" for e in elements} - {"ademe.22024"}  # 22024 is archived


def test_archived_elements_are_left_out_with_a_warning() -> None:
    checked = read_ademe_export(FIXTURE)
    assert any("1 archived element(s) left out" in w.message for w in checked.warnings)
    assert any("Windows-1252" in w.message for w in checked.warnings)
    kept = read_ademe_export(FIXTURE, include_archived=True)
    assert kept.table is not None
    paper = kept.table.factors["ademe.22024"]
    assert paper.value == 300 and paper.unit == "kgCO2e/tonne" and paper.notes.startswith("Archivé")


def test_printer_known_answer(table: dict[str, FactorEntry]) -> None:
    printer = table["ademe.27025"]
    assert printer.value == 88.2 and printer.unit == "kgCO2e/device"
    assert printer.name_fr == "Imprimante - jet d'encre"
    assert printer.name_en == "Printer - inkjet"
    assert (printer.source_key, printer.source_id, printer.verified) == ("ADEME-BE", "27025", True)
    assert printer.uncertainty == 0.5 and printer.year == 2018 and printer.valid_to == 2021
    parts = printer.parts
    assert [(p.kind, p.value) for p in parts] == [("Intrants", 61.2), ("Transport", 6.44), ("Energie", 5.24),
                                                  ("Energie", 3.11), ("Transport", 12.2)]
    assert parts[4].name_fr == "Distribution" and parts[0].name_en == "Raw materials"
    assert sum(p.value for p in parts) == pytest.approx(88.2, rel=1e-3)  # the export's rounding


def test_plane_gases_and_posts(table: dict[str, FactorEntry]) -> None:
    plane = table["ademe.28130"]
    assert plane.unit == "kgCO2e/passenger_km"
    gases = plane.gases
    assert gases["CO2f"] == 0.138 and gases["CH4f"] == 1.05e-3 and gases["N2O"] == 2.02e-3
    assert gases["Divers"] == 0.117
    assert sum(gases.values()) == pytest.approx(0.259, abs=1e-3)
    kinds = [p.kind for p in plane.parts]
    assert kinds == ["Amont", "Combustion", "Emissions fugitives", "Fabrication"]
    assert sum(p.value for p in plane.parts) == pytest.approx(0.259, abs=1e-3)
    combustion = plane.parts[1]
    assert combustion.gases["CO2f"] == 0.116 and combustion.gases["CH4f"] == 2.51e-5
    quality = plane.quality
    assert (quality.reliability, quality.completeness, quality.temporal, quality.geographic,
            quality.technological) == (2, 5, 4, 2, 5)  # Qualité P, C, TiR, GR, TeR
    assert (plane.scope, plane.ghg_category, plane.beges_post) == (3, 6, "3.5")


def test_biogenic_co2_travels_with_the_posts(table: dict[str, FactorEntry]) -> None:
    chips = table["ademe.34943"]
    combustion, upstream = chips.parts
    assert combustion.gases["CO2b"] == pytest.approx(1.35797546)
    assert upstream.gases["CO2b"] == pytest.approx(-1.35797546)  # stored in the forest, shown upstream
    assert chips.gases["CO2b"] == 0


@pytest.mark.parametrize(("element", "unit"), [
    ("20591", "kgCO2e/device"), ("28144", "kgCO2e/passenger_km"), ("27966", "kgCO2e/vehicle_km"),
    ("28033", "kgCO2e/tonne_km"), ("26011", "kgCO2e/m2"), ("34496", "kgCO2e/tonne"),
    ("24309", "kgCO2e/kg"), ("25005", "kgCO2e/kEUR"), ("42513", "kgCO2e/kWh"), ("14087", "kgCO2e/liter"),
])
def test_units_map_onto_the_registry(table: dict[str, FactorEntry], element: str, unit: str) -> None:
    assert table[f"ademe.{element}"].unit == unit
    assert cc.Q(1, unit).dimensionality  # the registry reads it


def test_electricity_2022_matches_the_bundled_factor(table: dict[str, FactorEntry]) -> None:
    mix = table["ademe.42513"]
    assert (mix.value, mix.year, mix.uncertainty, mix.scope, mix.beges_post) == (0.052, 2022, 0.1, 2, "2.1")
    bundled = cc.load_factors()["energy.electricity.fr.mix_2022"]
    assert bundled.value.magnitude == mix.value
    assert bundled.source_id == "42513"


def test_pet_incineration_matches_the_bundled_factor(table: dict[str, FactorEntry]) -> None:
    pet = table["ademe.34496"]
    per_kg = cc.Q(pet.value, pet.unit).to("kgCO2e/kg")
    assert per_kg.magnitude == pytest.approx(2.139)
    assert cc.load_factors()["waste.plastics.incineration"].value.magnitude == pytest.approx(per_kg.magnitude)


@pytest.mark.parametrize(("text", "expected"), [
    ("kgCO2e/kWh PCI", ("kgCO2e/kWh", "PCI")), ("kgCO2e/kWhPCS", ("kgCO2e/kWh", "PCS")),
    ("kgCO2e/peq.km", ("kgCO2e/passenger_km", None)), ("kgCO2e/passager.km", ("kgCO2e/passenger_km", None)),
    ("kgCO2e/unité", ("kgCO2e/device", None)), ("kgCO2e/appareil", ("kgCO2e/device", None)),
    ("kgCO2e/k€", ("kgCO2e/kEUR", None)), ("kgCO2e/keuro", ("kgCO2e/kEUR", None)),
    ("kgCO2e/tonne de déchets", ("kgCO2e/tonne", None)), ("kgCO2e/Kg", ("kgCO2e/kg", None)),
    ("tCO2e/t.km", ("tCO2e/tonne_km", None)), ("kgCO2e/nuitée", ("kgCO2e/night", None)),
    ("kgCO2e/ml", None), ("kg/kWh", None), ("kgCO2e", None),
])
def test_ademe_unit(text: str, expected: tuple[str, str | None] | None) -> None:
    assert ademe_unit(text) == expected


def test_unknown_unit_is_a_located_error(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes().replace(b";kgCO2e/m\xb2;", b";kgCO2e/ml;", 1)
    bad = tmp_path / "export.csv"
    bad.write_bytes(raw)
    checked = read_ademe_export(bad)
    assert checked.table is None
    [problem] = checked.problems
    row = next(i for i, line in enumerate(raw.splitlines(), start=1) if b";26011;" in line)
    assert (problem.file, problem.line, problem.field) == (str(bad), row, "unité français")
    assert "'kgCO2e/ml'" in problem.message and f"row {row}" in problem.message


def test_bad_number_is_a_located_error(tmp_path: Path) -> None:
    raw = FIXTURE.read_bytes().replace(b";1833;", b";18,33,3;", 1)
    bad = tmp_path / "export.csv"
    bad.write_bytes(raw)
    [problem] = read_ademe_export(bad).problems
    assert problem.field == "total poste non décomposé" and "18,33,3" in problem.message


def test_utf8_export_reads_the_same(tmp_path: Path) -> None:
    utf8 = tmp_path / "export-utf8.csv"
    utf8.write_bytes(FIXTURE.read_bytes().decode("cp1252").encode("utf-8"))
    a = read_ademe_export(FIXTURE).table
    b = read_ademe_export(utf8).table
    assert a is not None and b is not None and a.factors == b.factors


def test_a_csv_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "factors.csv"
    other.write_text("id;value;unit\nx.y;1;kgCO2e/kWh\n", encoding="utf-8")
    [problem] = read_ademe_export(other).problems
    assert "not an ADEME Base Empreinte / Base Carbone export" in problem.message
    assert "'type ligne'" in problem.message
    assert not is_ademe_export(["id", "value"])
    assert is_ademe_export(FIXTURE.read_bytes().decode("cp1252").splitlines()[0].replace('"', "").split(";"))


def test_import_export_writes_a_table_load_factors_reads(tmp_path: Path) -> None:
    out = tmp_path / "ademe.yaml"
    import_export(FIXTURE, out, retrieved=dt.date(2026, 11, 30))
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["table"]["license"] == "Licence Ouverte / Etalab 2.0"
    lib = cc.load_factors(out)
    printer = lib["ademe.27025"]
    assert printer.value == cc.Q("88.2 kgCO2e/device")
    assert printer.uncertainty == 0.5 and printer.source_id == "27025"
    assert lib["ademe.42513"].value == cc.Q("0.052 kgCO2e/kWh")


def test_import_export_refuses_a_bad_export_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_bytes(FIXTURE.read_bytes().replace(b";kgCO2e/m\xb2;", b";kgCO2e/ml;", 1))
    out = tmp_path / "ademe.yaml"
    with pytest.raises(TableError, match="kgCO2e/ml"):
        import_export(bad, out)
    assert not out.exists()


def test_unknown_units_can_be_left_out_with_a_warning(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_bytes(FIXTURE.read_bytes().replace(b";kgCO2e/m\xb2;", b";kgCO2e/ml;", 1))
    checked = read_ademe_export(bad, skip_unknown_units=True)
    assert checked.problems == [] and checked.table is not None
    assert "ademe.26011" not in checked.table.factors and "ademe.27025" in checked.table.factors
    assert any("1 element(s) left out, their unit has no equivalent in the registry: 'kgCO2e/ml' (1)"
               in w.message for w in checked.warnings)


def test_check_against_ademe_finds_the_checked_factors() -> None:
    # the fixture's elements 42513 (0.052), 14087 (3.25), 27025 (88.2), 27966 (0.227), 34486
    # (737 kg/t) and 34496 (2139 kg/t) are bundled with the same values
    tool = Path(__file__).resolve().parents[1] / "tools" / "check_against_ademe.py"
    result = subprocess.run([sys.executable, str(tool), str(FIXTURE)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    same = sorted(line.split()[1] for line in result.stdout.splitlines() if line.startswith("same"))
    assert same == ["energy.electricity.fr.mix_2022", "energy.fuel_oil.domestic.ademe_14087",
                    "hardware.printer", "mobility.car.diesel.ademe_27966", "waste.paper_cardboard.average",
                    "waste.plastics.incineration"]
    assert "DIFFERENT" not in result.stdout


def test_uncertainty_above_100_percent_is_kept_in_words(tmp_path: Path) -> None:
    # element 20907 (furniture) states 50 %; make it 150 %
    raw = FIXTURE.read_bytes()
    line = next(x for x in raw.splitlines() if x.startswith(b"El") and b";20907;" in x)
    wide = tmp_path / "export.csv"
    wide.write_bytes(raw.replace(line, line.replace(b";d\xe9c-18;50;", b";d\xe9c-18;150;"), 1))
    checked = read_ademe_export(wide)
    assert checked.problems == [] and checked.table is not None
    furniture = checked.table.factors["ademe.20907"]
    assert furniture.uncertainty is None and "150 %" in furniture.uncertainty_source
    assert any("1 element(s) state an uncertainty above 100 %" in w.message for w in checked.warnings)
