"""The table of resolved units: pint's own answers, precomputed, used without pint.

Pint stays the authority: every entry of ``units-table.json`` must equal what pint's registry says
now, and the file must be what ``tools/build_tables.py`` generates.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopcarbon import unitstable
from coopcarbon.errors import InputError
from coopcarbon.units import dimension_powers, parse_unit, registry, same_unit, unit_dimensions
from coopcarbon.unitstable import TABLE, tabled

REPO = Path(__file__).resolve().parents[1]
ENTRIES = json.loads(TABLE.read_text(encoding="utf-8"))


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


def test_every_named_dimension_is_what_pint_says() -> None:
    for name, powers in ENTRIES["dimensions"].items():
        assert powers == dict(registry().get_dimensionality(name)), name


def test_the_table_holds_the_units_people_write() -> None:
    for text in ("kgCO2e/kWh", "kgCO2e/passenger_km", "kgCO2e/kEUR", "tCO2e/MWh", "gCO2e/km", "kgSbeq/device",
                 "kWh/m2/year", "kgCO2e/GB/year", "km", "passenger_mile", "m3", "L", "percent"):
        assert tabled(text) is not None, text
    assert tabled("degC") is None  # an offset unit: its conversions are not a multiplier
    assert tabled("MWh").multiplier == 3.6e12  # type: ignore[union-attr]  # 3.6e9 J; root units: g·m²/s²


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
    damaged.write_text('{"format": "coopcarbon-units-table 1", "units": [', encoding="utf-8")
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
