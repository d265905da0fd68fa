"""The table of resolved units: pint's own answers, precomputed, used without pint.

Pint stays the authority: every entry of ``units-table.json`` must equal what pint's registry says
now, and the file must be what ``tools/build_tables.py`` generates.
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon import unitstable
from coopcarbon.errors import InputError
from coopcarbon.reports.labels import format_tonnes
from coopcarbon.units import Q, dimension_powers, parse_unit, registry, same_unit, tabled_ratio, unit_dimensions
from coopcarbon.unitstable import TABLE, tabled

REPO = Path(__file__).resolve().parents[1]
ENTRIES = json.loads(TABLE.read_text(encoding="utf-8"))
LIB = cc.load_factors()


@pytest.fixture
def fresh_table() -> Iterator[None]:
    unitstable._table.cache_clear()
    yield
    unitstable._table.cache_clear()


def test_every_entry_is_what_pint_says() -> None:
    ureg = registry()
    assert len(ENTRIES["units"]) > 500
    for text in ENTRIES["units"]:
        known, unit = tabled(text), parse_unit(text)
        assert known is not None, text
        assert known.dimensions == dict(unit.dimensionality), text
        assert known.multiplier == ureg.get_root_units(unit)[0], text
        assert known.units == dict(unit._units), text
        assert (known.compact, known.pretty) == (format(unit, "~C"), format(unit, "~P")), text


def test_every_named_dimension_is_what_pint_says() -> None:
    for name, powers in ENTRIES["dimensions"].items():
        assert powers == dict(registry().get_dimensionality(name)), name


def test_the_table_holds_the_units_people_write() -> None:
    for text in ("kgCO2e/kWh", "kgCO2e/passenger_km", "kgCO2e/kEUR", "tCO2e/MWh", "gCO2e/km", "kgSbeq/device",
                 "kWh/m2/year", "kgCO2e/GB/year", "km", "passenger_mile", "m3", "L", "percent"):
        assert tabled(text) is not None, text
    assert tabled("degC") is None  # an offset unit: its conversions are not a multiplier
    assert tabled("MWh").multiplier == 3.6e12  # type: ignore[union-attr]  # 3.6e9 J; root units: g·m²/s²
    assert (tabled("passenger_km").compact, tabled("m**3").pretty) == ("passenger_km", "m³")  # type: ignore[union-attr]


def test_the_file_is_what_the_builder_writes() -> None:
    spec = importlib.util.spec_from_file_location("build_tables", REPO / "tools" / "build_tables.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    assert builder.units_table(check=True) == [], "units-table.json is stale: run tools/build_tables.py"


def test_answers_with_and_without_the_table_agree() -> None:
    assert unit_dimensions("kgCO2e/kWh") == unit_dimensions("kgCO2e / kilowatt_hour")  # the second asks pint
    assert dict(unit_dimensions("kgCO2e/passenger_km")) == {"[emissions]": 1, "[length]": -1, "[passenger]": -1}
    assert dimension_powers("[energy]") == {"[length]": 2, "[mass]": 1, "[time]": -2}
    assert dimension_powers("[passenger]") == {"[passenger]": 1}  # not in the table: pint
    assert same_unit("kgCO2e/kWh", "kilogram_CO2e / kilowatt_hour")
    assert not same_unit("kgCO2e/kWh", "gCO2e/Wh")  # the same ratio, another unit for pint
    assert same_unit("kgCO2e/liter", "kgCO2e/L")
    with pytest.raises(InputError, match="not a unit"):
        unit_dimensions("kgCO2e/bananas")


def test_a_table_built_from_another_units_txt_is_ignored(monkeypatch: pytest.MonkeyPatch,
                                                          fresh_table: None) -> None:
    monkeypatch.setattr(unitstable, "_units_txt_digest", lambda: "0" * 64)
    assert tabled("kgCO2e/kWh") is None
    assert unit_dimensions("kgCO2e/kWh")["[emissions]"] == 1  # pint answers


def test_a_damaged_table_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_table: None) -> None:
    damaged = tmp_path / "units-table.json"
    damaged.write_text('{"format": "coopcarbon-units-table 2", "units": [', encoding="utf-8")
    monkeypatch.setattr(unitstable, "TABLE", damaged)
    assert tabled("km") is None
    assert same_unit("km", "kilometer")


@pytest.mark.parametrize("suffix", ["yaml", "csv"])
def test_loading_a_table_of_common_units_imports_neither_pint_nor_numpy(tmp_path: Path, suffix: str) -> None:
    table = tmp_path / f"ours.{suffix}"
    table.write_text(
        "table: {name: ours, version: '1', source: test, license: CC0-1.0, retrieved: 2026-01-01}\n"
        "factors:\n  ours.bus.x:\n    name_fr: bus\n    name_en: bus\n    value: 0.1\n"
        "    unit: kgCO2e/passenger_km\n    source: test\n    year: 2024\n    scope: 3\n    ghg_category: 6\n"
        if suffix == "yaml" else
        "id;name_fr;name_en;value;unit;source;year;scope;ghg_category\n"
        "ours.bus.x;bus;bus;0,1;kgCO2e/passenger_km;test;2024;3;6\n", encoding="utf-8")
    code = (f"import sys, coopcarbon as cc; lib = cc.load_factors({str(table)!r}); "
            "print(lib['ours.bus.x'].magnitude, 'pint' in sys.modules, 'numpy' in sys.modules)")
    env = {**os.environ, "COOPCARBON_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0.1", "False", "False"]


def test_every_root_multiplier_is_what_pint_says() -> None:
    ureg = registry()
    assert len(ENTRIES["roots"]) > 60
    for name, root in ENTRIES["roots"].items():
        assert root == ureg.get_root_units(name)[0], name


def _pairs() -> Iterator[tuple[str, str, str]]:
    """Every (activity unit, per-unit, its numerator) of the table whose product converts."""
    singles = [text for text in ENTRIES["units"] if "/" not in text]
    for per in (text for text in ENTRIES["units"] if "/" in text):
        numerator = per.split("/", 1)[0]
        for unit in singles:
            if tabled_ratio(unit, per, numerator, powers=(1, 1, -1)) is not None:
                yield unit, per, numerator


def test_tabled_ratios_are_pints_conversions_to_two_units_in_the_last_place() -> None:
    magnitude, exact, pairs = 0.123456789, 0, list(_pairs())
    assert len(pairs) > 5000
    for unit, per, numerator in pairs:
        ours = magnitude * tabled_ratio(unit, per, numerator, powers=(1, 1, -1))  # type: ignore[operator]
        theirs = float((Q(1.0, unit) * Q(magnitude, per)).to(numerator).magnitude)
        assert abs(ours - theirs) <= 2 * math.ulp(theirs), (unit, per)
        exact += ours == theirs
        if same_unit(f"{numerator}/{unit}", per):  # the activity in the factor's own unit: exactly 1
            assert ours == magnitude, (unit, per)
    assert exact / len(pairs) > 0.8  # most are pint's to the last bit


def test_a_ratio_with_a_dimension_or_an_unknown_unit_is_left_to_pint() -> None:
    assert tabled_ratio("kWh", "kgCO2e/kWh", "kgCO2e", powers=(1, 1, -1)) == 1.0
    assert tabled_ratio("EUR", "kgCO2e/kEUR", "kgCO2e", powers=(1, 1, -1)) == 0.001
    assert tabled_ratio("MWh", "kgCO2e/kWh", "kgCO2e", powers=(1, 1, -1)) == 1000.0
    assert tabled_ratio("km", "kgCO2e/passenger_km", "kgCO2e", powers=(1, 1, -1)) is None  # a dimension left
    assert tabled_ratio("vehicle_km", "kgCO2e/passenger_km", "kgCO2e", powers=(1, 1, -1)) is None
    assert tabled_ratio("furlong", "kgCO2e/km", "kgCO2e", powers=(1, 1, -1)) is None  # not in the table


def test_a_report_of_a_csv_ledger_in_common_units_imports_no_pint(tmp_path: Path) -> None:
    """Reading, computing and writing the Markdown report of common units never builds pint's registry."""
    (tmp_path / "ledger.csv").write_text(
        "quantity;unit;factor_id;label\n1200;passenger_km;mobility.train.tgv;Lyon\n"
        "3 500,5;kWh;energy.electricity.fr.mix_2024;office\n800;EUR;purchases.services.insurance;insurer\n"
        "2;device;hardware.laptop;laptops\n640;vehicle_km;mobility.car.petrol;car\n"
        "1,5;MWh;energy.electricity.fr.mix_2024;annex\n", encoding="utf-8")
    (tmp_path / "bilan.yaml").write_text('schema_version: "1"\norganisation: X\nyear: 2024\nheadcount: 7\n'
                                         "activities_csv: [ledger.csv]\n", encoding="utf-8")
    code = ("import sys; from coopcarbon.cli import main; code = main(['report', sys.argv[1]]); "
            "print('pint' in sys.modules, code, file=sys.stderr)")
    env = {**os.environ, "COOPCARBON_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "bilan.yaml")], capture_output=True,
                          text=True, env=env, check=False)
    assert done.stderr.split() == ["False", "0"], done.stderr
    result = cc.Bilan.from_yaml(tmp_path / "bilan.yaml").compute()  # in this process, as pint computes it
    expected = sum(float((Q(q) * LIB[f].value).to("kgCO2e").magnitude) for q, f in (
        ("1200 passenger_km", "mobility.train.tgv"), ("3500.5 kWh", "energy.electricity.fr.mix_2024"),
        ("800 EUR", "purchases.services.insurance"), ("2 device", "hardware.laptop"),
        ("640 vehicle_km", "mobility.car.petrol"), ("1.5 MWh", "energy.electricity.fr.mix_2024")))
    assert result.total_tonnes() * 1000 == pytest.approx(expected, rel=1e-15)
    assert f"**{format_tonnes(result.total_tonnes(), 'fr')}**" in done.stdout
