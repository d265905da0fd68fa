"""Other environmental indicators (ADPe, primary energy...): beside CO2e, never added to it."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.errors import TableError
from coopcarbon.reports.data import result_from_json

TABLE = """\
table: {name: ind, version: "1", source: test fixture, license: CC0-1.0, retrieved: 2026-01-01}
factors:
  test.device:
    name_fr: Appareil
    name_en: Device
    value: 100
    unit: kgCO2e/device
    source: test fixture (illustrative values, not a published factor)
    year: 2024
    ghg_category: 2
    beges_post: "4.2"
    indicators:
      adpe: {value: 0.01, unit: kgSbeq/device, source: test fixture}
      pe: {value: 2000, unit: MJ/device, source: test fixture}
"""


@pytest.fixture
def library(tmp_path: Path) -> cc.FactorLibrary:
    path = tmp_path / "ind.yaml"
    path.write_text(TABLE, encoding="utf-8")
    return cc.load_factors(path, bundled=False)


def test_indicators_are_computed_per_line_and_totalled_apart(library: cc.FactorLibrary) -> None:
    bilan = cc.Bilan(organisation="X", year=2024, headcount=3)
    bilan.add(cc.ActivityLine(cc.Q("3 device"), "test.device", scope=3, ghg_category=2))
    bilan.add(cc.ActivityLine(cc.Q("0.5 device"), "test.device", scope=3, ghg_category=2))
    result = bilan.compute(factors=library)
    # 3.5 devices × 0.01 kgSbeq = 0.035 kgSbeq; × 2000 MJ = 7000 MJ; CO2e only from the factor
    assert result.indicators()["adpe"].to("kgSbeq").magnitude == pytest.approx(0.035)
    assert result.indicators()["pe"].to("MJ").magnitude == pytest.approx(7000)
    assert result.total.to("kgCO2e").magnitude == pytest.approx(350)
    assert result.indicator_coverage() == {"adpe": (2, 2), "pe": (2, 2)}
    assert "kgSbeq" in result.to_markdown("en")
    again = result_from_json(result.to_json())
    assert again.indicators()["pe"].to("MJ").magnitude == pytest.approx(7000)


def test_indicator_unit_must_fit_the_activity(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(TABLE.replace("MJ/device", "MJ/kWh"), encoding="utf-8")
    with pytest.raises(TableError) as info:
        cc.load_factors(path, bundled=False)
    problem = info.value.problems[0]
    assert problem.field.endswith("indicators.pe.unit") and problem.line == 14
