"""The bilan file reader: known totals, error locations, round trip, one pass through the engine.

Factors (emission_factors/, sources in the tables): ``mobility.train.tgv`` 0.00293 and
``mobility.train.ter`` 0.02769 kgCO2e/passenger_km (ADEME Base Empreinte via Impact CO2),
``energy.electricity.fr.mix_2024`` 0.0519 kgCO2e/kWh (ADEME Base Empreinte, 2024 mix),
``hardware.laptop`` 185.09 kgCO2e/device over 5 years (ADEME/NegaOctet 2022).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import coopcarbon as cc
from coopcarbon import bilan as bilan_module
from coopcarbon import engine
from coopcarbon.bilanfile import activity_csv
from coopcarbon.bilanfile.activity_csv import read_activities_csv
from coopcarbon.bilanfile.plan import read_plan
from coopcarbon.errors import InputError

LIB = cc.load_factors()
EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*/bilan-*.yaml"))

BILAN = """schema_version: '1'
organisation: Scop Fichier
year: 2024
headcount: 4
description: a small file for the reader's tests
activities_csv: [lignes.csv]
electricity:
- {energy: 41 MWh}
hardware:
  devices:
  - {kind: laptop, count: 4, purchase_year: 2023}
activities:
- {quantity: 1200 passenger_km, factor_id: mobility.train.tgv, label: Lyon-Paris}
"""
CSV = ("quantity;unit;factor_id;label\r\n100;passenger_km;mobility.train.tgv;a\r\n"
       "50,5;passenger_km;mobility.train.ter;b\r\n")
# location-based electricity + laptops amortised over 5 years + trains (file and CSV)
TOTAL_KG = 41000 * 0.0519 + 4 * 185.09 / 5 + 1200 * 0.00293 + 100 * 0.00293 + 50.5 * 0.02769


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bilan.yaml").write_text(BILAN, encoding="utf-8")
    (tmp_path / "lignes.csv").write_text(CSV, encoding="utf-8")
    return tmp_path


def test_known_total(folder: Path) -> None:
    result = cc.Bilan.from_yaml(folder / "bilan.yaml").compute(factors=LIB)
    assert result.total.to("kgCO2e").magnitude == pytest.approx(TOTAL_KG)
    assert {line.activity.label for line in result.lines} >= {"Lyon-Paris", "a", "b"}


def test_round_trip_keeps_what_the_file_declares(folder: Path) -> None:
    bilan = cc.Bilan.from_yaml(folder / "bilan.yaml")
    text = bilan.to_yaml()
    assert "description: a small file for the reader's tests" in text
    assert "activities_csv:\n- lignes.csv" in text
    (folder / "again.yaml").write_text(text, encoding="utf-8")
    again = cc.Bilan.from_yaml(folder / "again.yaml")
    assert again.to_yaml() == text
    assert again.compute(factors=LIB).total == bilan.compute(factors=LIB).total
    assert not hasattr(bilan, "_file_extras")


def test_every_problem_at_its_place_at_once(folder: Path) -> None:
    (folder / "bilan.yaml").write_text(BILAN.replace("41 MWh", "41 km").replace(
        "mobility.train.tgv, label", "mobility.train.tvg, label"), encoding="utf-8")
    (folder / "lignes.csv").write_text(CSV.replace("100;passenger_km", "100;kWh"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(folder / "bilan.yaml").compute(factors=LIB)
    places = sorted((Path(p.file).name, p.line, p.field) for p in info.value.problems)
    assert places == [("bilan.yaml", 8, "electricity[0].energy"),
                      ("bilan.yaml", 13, "activities[0].factor_id"),
                      ("lignes.csv", 2, "unit")]
    messages = " ".join(str(p) for p in info.value.problems)
    assert "did you mean 'mobility.train.tgv'" in messages and "'41 km' has the wrong unit" in messages


def test_a_unit_error_shared_by_two_entries_is_reported_at_both(folder: Path) -> None:
    (folder / "bilan.yaml").write_text(BILAN + "- {quantity: 3 km, factor_id: mobility.train.tgv}\n"
                                       "- {quantity: 4 km, factor_id: mobility.train.tgv}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(folder / "bilan.yaml").compute(factors=LIB)
    assert [(p.line, p.field) for p in info.value.problems] == [
        (14, "activities[1].quantity"), (15, "activities[2].quantity")]


class _Counter:
    """Counts the lines given to the engine and the unit conversions it works out."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[int] = []
        self.groups = 0
        check_and_compute, group_conversion = engine.check_and_compute_columns, engine._group_conversion

        def counted(lines: Any, library: Any) -> Any:
            self.calls.append(len(lines))
            return check_and_compute(lines, library)

        def conversion(*args: Any) -> Any:
            self.groups += 1
            return group_conversion(*args)

        monkeypatch.setattr(bilan_module, "check_and_compute_columns", counted)
        monkeypatch.setattr(activity_csv, "check_and_compute_columns", counted)
        monkeypatch.setattr(engine, "_group_conversion", conversion)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Counter]:
    yield _Counter(monkeypatch)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_line_of_an_example_goes_through_the_engine_once(path: Path, counter: _Counter) -> None:
    result = cc.Bilan.from_yaml(path).compute(factors=cc.Bilan.from_yaml(path).library())
    assert counter.calls == [len(result.lines)]
    groups = {(e.activity.factor_id, str(e.activity.quantity.units), e.activity.basis) for e in result.lines}
    assert counter.groups == len(groups)


def test_each_line_of_a_bilan_with_csv_goes_through_the_engine_once(folder: Path, counter: _Counter) -> None:
    result = cc.Bilan.from_yaml(folder / "bilan.yaml").compute(factors=LIB)
    # 6 entries, the French 2024 mix booked as its three posts (generation, upstream, grid losses): 8 lines
    assert counter.calls == [len(result.lines)] and len(result.lines) == 8


def test_an_activity_csv_is_checked_in_one_pass(tmp_path: Path, counter: _Counter) -> None:
    rows = "".join(f"{i};passenger_km;mobility.train.{'tgv' if i % 2 else 'ter'};row {i}\r\n" for i in range(1, 201))
    path = tmp_path / "many.csv"
    path.write_text("quantity;unit;factor_id;label\r\n" + rows, encoding="utf-8")
    lines = read_activities_csv(path, library=LIB)
    assert counter.calls == [200] and counter.groups == 2
    assert len(lines) == 200


def test_to_yaml_keeps_the_plan_sections(tmp_path: Path) -> None:
    """The report and plan sections (legal person, base year, exclusions, actions, scenarios) survive
    file → Bilan → file: the plan read back equals the plan of the original file."""
    original = Path(__file__).parents[1] / "examples" / "scop-lyon" / "bilan-2024.yaml"
    plan = read_plan(original)
    assert plan.actions and plan.scenarios  # the example has both, so the test can fail
    written = tmp_path / "bilan.yaml"
    text = cc.Bilan.from_yaml(original).to_yaml(written)
    assert read_plan(written) == plan
    assert cc.Bilan.from_yaml(written).to_yaml() == text  # and the writing is stable
