"""The result in a notebook: short repr, summary card, DataFrame, JSON read back, rounded quantities."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.display import QuantityInterval, ShownQuantity, shown, significant

ROOT = Path(__file__).resolve().parents[1]
LYON = ROOT / "examples" / "scop-lyon" / "bilan-2024.yaml"


@pytest.fixture(scope="module")
def result() -> cc.BilanResult:
    return cc.Bilan.from_yaml(LYON).compute()


def test_quantities_print_with_four_significant_digits() -> None:
    assert str(shown(21.4224701264, "tCO2e")) == "21.42 tCO2e"
    assert f"{shown(21.4224701264, 'tCO2e')}" == "21.42 tCO2e"
    assert f"{shown(21.4224701264, 'tCO2e'):.1f~P}" == "21.4 tCO2e"  # an explicit spec is pint's
    assert str(shown(12345.678, "kgCO2e")) == "12346 kgCO2e"
    assert significant(0.000123456) == "0.0001235"
    assert significant(-2.5) == "-2.5"


def test_totals_keep_full_precision_and_behave_as_quantities(result: cc.BilanResult) -> None:
    total = result.total
    assert isinstance(total, ShownQuantity)
    kg = sum(line.kg for line in result.lines if line.in_main_total)
    assert total.to("kgCO2e").magnitude == pytest.approx(kg, rel=1e-12)
    assert str(total) == f"{significant(kg / 1000)} tCO2e"
    assert len(str(total).split()[0].replace(".", "").lstrip("0")) <= 4
    assert str(result.per_employee).endswith("tCO2e/person")


def test_interval_as_quantities(result: cc.BilanResult) -> None:
    interval, shown_interval = result.interval, result.total_interval
    assert isinstance(shown_interval, QuantityInterval)
    assert shown_interval.low.to("kgCO2e").magnitude == pytest.approx(interval.low)
    assert shown_interval.high.to("tCO2e").magnitude == pytest.approx(interval.high / 1000)
    assert shown_interval.relative == pytest.approx(interval.relative)
    assert "95 % interval" in str(shown_interval) and "tCO2e" in str(shown_interval)


def test_repr_is_short_and_says_what_matters(result: cc.BilanResult) -> None:
    text = repr(result)
    assert len(text) < 200
    assert "Scop Exemple" in text and "2024" in text and str(result.total) in text
    assert f"{len(result.lines)} lines" in text


def test_repr_html_is_the_summary_card(result: cc.BilanResult) -> None:
    html = result._repr_html_()
    assert html.startswith('<div class="coopcarbon">') and "<script" not in html
    assert "class=\"card main\"" in html
    assert f"{result.total.magnitude:,.1f}" in html  # the total as the HTML report shows it (English)
    assert len(html) < 5000


def test_to_dataframe_one_row_per_line(result: cc.BilanResult) -> None:
    pytest.importorskip("pandas")
    df = result.to_dataframe()
    assert len(df) == len(result.lines)
    assert df.loc[df.in_total, "co2e_kg"].sum() / 1000 == pytest.approx(result.total.magnitude, rel=1e-12)
    assert set(df.loc[~df.in_total, "scope_key"]) == {"2-market"}
    row = df.iloc[0]
    line = result.lines[0]
    assert row.factor_id == line.factor.id and row.source == line.factor.source
    assert row.low_kg == pytest.approx(line.kg * (1 - line.uncertainty))
    assert row.high_kg == pytest.approx(line.kg * (1 + line.uncertainty))
    assert str(df.ghg_category.dtype) == "Int64"
    by_post = df[df.in_total].groupby("beges_post").co2e_kg.sum() / 1000
    for post, tonnes in result.by_beges_post().items():
        assert by_post[post] == pytest.approx(tonnes.magnitude)


def test_json_read_back(result: cc.BilanResult, tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(result.to_json(), encoding="utf-8")
    back = cc.read_result(path)
    assert back.total.magnitude == pytest.approx(result.total.magnitude, rel=1e-12)
    assert back.by_scope().keys() == result.by_scope().keys()
    assert cc.BilanResult.from_json(path.read_bytes()).interval == back.interval
    (tmp_path / "bad.json").write_text('{"schema_version": "1.0"}', encoding="utf-8")
    with pytest.raises(cc.InputError, match=r"bad\.json"):
        cc.read_result(tmp_path / "bad.json")


def test_extrapolations_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    respondents = [cc.mobility.CommuteRespondent("bike", "4 km", 5)]
    with caplog.at_level(logging.INFO, logger="coopcarbon"):
        cc.mobility.commute(respondents, headcount=4)
    assert any("extrapolated ×4.00" in r.getMessage() and r.name.startswith("coopcarbon.") for r in caplog.records)


def test_an_empty_result_still_shows() -> None:
    empty = cc.Bilan(organisation="Vide", year=2024, headcount=1).compute()
    assert repr(empty) == "<BilanResult 'Vide' 2024: 0 tCO2e, 1 employees, 0 lines>"
    assert str(empty.total_interval).startswith("0 tCO2e")
    assert 'class="card main"' in empty._repr_html_()
    if importlib.util.find_spec("pandas") is not None:
        assert empty.to_dataframe().shape == (0, 23)
