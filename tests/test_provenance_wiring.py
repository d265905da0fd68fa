"""Provenance on every factor (source key, verified, parts, gases) and ADEME's export in the loaders and the CLI.

Known answers are cells of ``tests/data/ademe/base_carbone_extract.csv`` (see its README):
element 28130, short-haul plane with contrails, 0.259 kgCO2e/peq.km, first post ``Amont``
(Carburant) 0.0242 with CO2f 0.022; gases of the element CO2f 0.138 and N2O 2,02E-3.
The bundled TGV factor cites ``[ADEME-BE] 43256`` and is not verified (a second-hand figure).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.cli import main
from coopcarbon.factors import loading
from coopcarbon.factors.csvtable import read_factor_table_csv, write_factor_table_csv
from coopcarbon.factors.library import Part
from coopcarbon.factors.schema import FactorEntry

EXPORT = Path(__file__).parent / "data" / "ademe" / "base_carbone_extract.csv"


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """A copy of the export fixture, under the name a user downloads it with."""
    path = tmp_path / "export.csv"
    shutil.copyfile(EXPORT, path)
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COOPCARBON_CACHE_DIR", str(folder))
    monkeypatch.delenv("COOPCARBON_NO_CACHE", raising=False)
    yield folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- the Factor record -----------------------------------------------------------------------
def test_load_factors_reads_the_export_directly(export: Path) -> None:
    plane = cc.load_factors(export)["ademe.28130"]
    assert plane.value == cc.Q(0.259, "kgCO2e/passenger_km")
    assert (plane.source_key, plane.source_id, plane.verified) == ("ADEME-BE", "28130", True)
    assert plane.citation() == "[ADEME-BE] 28130"
    assert plane.parts[0] == Part("Amont", 0.0242, "Carburant", "Fuel", plane.parts[0].gases)
    assert plane.parts[0].gases["CO2f"] == 0.022
    assert plane.gases["CO2f"] == 0.138 and plane.gases["N2O"] == 0.00202
    assert plane.provenance()["source_key"] == "ADEME-BE" and plane.provenance()["verified"] is True


def test_bundled_factor_cites_its_publication_unverified() -> None:
    tgv = cc.load_factors()["mobility.train.tgv"]
    assert (tgv.source_key, tgv.verified) == ("ADEME-BE", False)
    assert tgv.citation() == f"[ADEME-BE] {tgv.source_id} (unverified)"
    assert tgv.citation("fr") == f"[ADEME-BE] {tgv.source_id} (non vérifié)"
    assert f"cited as: [ADEME-BE] {tgv.source_id} (unverified)" in str(tgv)


def test_the_disk_cache_keeps_provenance_parts_and_gases(export: Path, cache: Path) -> None:
    built = cc.load_factors(export, bundled=False)
    loading._MEMO.clear()
    cached = cc.load_factors(export, bundled=False)
    assert cached is not built and any(cache.iterdir())
    for factor_id in built:
        for name in ("source_key", "verified", "parts", "gases", "magnitude", "unit"):
            assert getattr(cached[factor_id], name) == getattr(built[factor_id], name), (factor_id, name)
    assert cached.fingerprint == built.fingerprint


def test_source_key_and_verified_change_the_fingerprint(tmp_path: Path) -> None:
    def fingerprint(extra: str) -> str:
        path = tmp_path / f"t{len(extra)}.yaml"
        path.write_text("table: {name: t, version: '1', source: s, license: CC0-1.0, retrieved: 2026-01-01}\n"
                        "factors:\n  custom.x:\n    {name_fr: x, name_en: x, value: 1, unit: kgCO2e/kg, "
                        f"source: s, year: 2024, ghg_category: 1{extra}}}\n", encoding="utf-8")
        return cc.load_factors(path, bundled=False).fingerprint

    plain, keyed, checked = fingerprint(""), fingerprint(", source_key: ADEME-BE"), \
        fingerprint(", source_key: ADEME-BE, verified: true")
    assert len({plain, keyed, checked}) == 3


def test_csv_tables_carry_source_key_and_verified(tmp_path: Path) -> None:
    entry = FactorEntry.model_validate({"name_fr": "x", "name_en": "x", "value": 1.5, "unit": "kgCO2e/kg",
                                        "source": "s", "year": 2024, "ghg_category": 1,
                                        "source_key": "ADEME-BE", "source_id": "24309", "verified": True})
    path = tmp_path / "ours.csv"
    data = write_factor_table_csv({"custom.paper": entry}, path)
    assert b";source_key;verified" in data.splitlines()[0] and data.splitlines()[1].endswith(b";ADEME-BE;true")
    assert read_factor_table_csv(path).factors["custom.paper"] == entry
    path.write_bytes(data.replace(b";true", b";vrai"))
    assert cc.load_factors(path, bundled=False)["custom.paper"].citation() == "[ADEME-BE] 24309"


# -- the command -------------------------------------------------------------------------------
def test_factors_commands_accept_the_export(capsys: pytest.CaptureFixture[str], export: Path) -> None:
    code, out, err = run(capsys, "factors", "check", str(export))
    assert code == 0, err
    assert f"{export}: OK (16 factor(s)" in out
    assert "1 archived element(s) left out" in err
    code, out, _ = run(capsys, "factors", "search", "imprimante", "--table", str(export))
    assert code == 0 and "ademe.27025" in out and "88.2" in out
    code, out, _ = run(capsys, "factors", "show", "ademe.42513", "--table", str(export))
    assert code == 0 and "cited as: [ADEME-BE] 42513" in out


TABLE = """\
table: {name: ours, version: "1", source: Student audit, license: CC-BY-4.0, retrieved: 2026-01-15}
factors:
  mobility.bus.ours:
    {name_fr: Bus, name_en: Bus, value: VALUE, unit: kgCO2e/passenger_km, source: s, year: 2024,
     ghg_category: 6, beges_post: "3.5"KEY}
"""


def test_check_warns_on_an_outlier_naming_the_bundled_factors(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(TABLE.replace("VALUE", "68").replace("KEY", ""), encoding="utf-8")
    code, out, err = run(capsys, "factors", "check", str(path))
    assert code == 0, err
    warning = next(line for line in err.splitlines() if "times" in line or "×" in line)
    assert warning.startswith("warning:") and f"{path}:" in warning and "mobility." in warning
    path.write_text(TABLE.replace("VALUE", "0.068").replace("KEY", ""), encoding="utf-8")
    code, out, err = run(capsys, "factors", "check", str(path))
    assert (code, err) == (0, "") and out.endswith("OK (1 factor(s))\n")


def test_check_warns_on_an_unknown_source_key(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(TABLE.replace("VALUE", "0.068").replace("KEY", ", source_key: NOWHERE-99"), encoding="utf-8")
    code, out, err = run(capsys, "factors", "check", str(path))
    assert code == 0
    assert "source key 'NOWHERE-99' is not in the bibliography" in err and "1 warning(s)" in out
    path.write_text(TABLE.replace("VALUE", "0.068").replace("KEY", ", source_key: ADEME-BE"), encoding="utf-8")
    assert run(capsys, "factors", "check", str(path))[2] == ""


def test_check_refuses_a_meal_in_a_combustion_post(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(TABLE.replace("mobility.bus.ours", "custom.meal").replace("kgCO2e/passenger_km", "kgCO2e/meal")
                    .replace("VALUE", "2.5").replace("ghg_category: 6", "scope: 3, ghg_category: 1")
                    .replace('"3.5"', '"1.1"').replace("KEY", ""), encoding="utf-8")
    code, _, err = run(capsys, "factors", "check", str(path))
    assert code == 1
    assert "1.1" in err and f"{path}: 1 problem(s)" in err


def test_import_writes_a_table_and_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], export: Path,
                                                       tmp_path: Path) -> None:
    output = tmp_path / "ademe.yaml"
    code, out, err = run(capsys, "factors", "import", str(export), "-o", str(output))
    assert code == 0, err
    assert f"{output}: 16 factor(s) imported" in out and "1 archived element(s) left out" in err
    assert cc.load_factors(output)["ademe.28144"].value == cc.Q(0.00592, "kgCO2e/passenger_km")
    before = output.read_bytes()
    code, _, err = run(capsys, "factors", "import", str(export), "-o", str(output), "--include-archived")
    assert code == 1 and "--force" in err and output.read_bytes() == before
    code, out, _ = run(capsys, "factors", "import", str(export), "-o", str(output), "--include-archived", "--force")
    assert code == 0 and "17 factor(s)" in out


def test_import_of_a_bad_export_exits_1_and_writes_nothing(capsys: pytest.CaptureFixture[str], export: Path,
                                                          tmp_path: Path) -> None:
    raw = export.read_bytes()
    export.write_bytes(raw.replace(b"kgCO2e/appareil", b"kgCO2e/ml", 1))
    output = tmp_path / "ademe.yaml"
    code, _, err = run(capsys, "factors", "import", str(export), "-o", str(output))
    assert code == 1 and "kgCO2e/ml" in err and not output.exists()
    code, out, err = run(capsys, "factors", "import", str(export), "-o", str(output), "--skip-unknown-units")
    assert code == 0 and "15 factor(s)" in out and "'kgCO2e/ml' (1)" in err


# -- reports -----------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:factor ademe.27025 is valid")
def test_reports_cite_each_line_and_json_carries_provenance(export: Path) -> None:
    from coopcarbon.activities import ActivityLine
    from coopcarbon.reports.data import result_from_json

    bilan = cc.Bilan(organisation="Scop Exemple", year=2024, headcount=4, factors=[export])
    bilan.add([ActivityLine(cc.Q(1200, "passenger_km"), "mobility.train.tgv", label="Lyon–Paris"),
               ActivityLine(cc.Q(3, "device"), "ademe.27025", label="Printers")])
    result = bilan.compute()
    tgv_id = cc.load_factors()["mobility.train.tgv"].source_id
    markdown_fr = result.to_markdown(lang="fr").replace("\\", "")  # Markdown escapes the brackets
    markdown_en = result.to_markdown(lang="en").replace("\\", "")
    assert f"[ADEME-BE] {tgv_id} (non vérifié)" in markdown_fr
    assert f"[ADEME-BE] {tgv_id} (unverified)" in markdown_en
    assert "[ADEME-BE] 27025 |" in markdown_en  # verified: read in ADEME's own export
    html = result.to_html(lang="fr")
    assert f"[ADEME-BE] {tgv_id} (non vérifié)" in html
    lines = {line["factor_id"]: line for line in json.loads(result.to_json())["lines"]}
    assert (lines["mobility.train.tgv"]["source_key"], lines["mobility.train.tgv"]["verified"]) == ("ADEME-BE", False)
    assert (lines["ademe.27025"]["source_key"], lines["ademe.27025"]["verified"]) == ("ADEME-BE", True)
    again = result_from_json(result.to_json())
    assert {line.factor.id: line.factor.citation() for line in again.lines}["ademe.27025"] == "[ADEME-BE] 27025"
