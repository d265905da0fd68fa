"""Reports: number formatting, JSON/CSV round trips, Markdown and HTML content, escaping."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.factors.loading import load_factors
from coopcarbon.reports.data import (
    CSV_COLUMNS,
    result_from_dict,
    result_from_json,
    result_to_csv,
    result_to_dict,
)
from coopcarbon.reports.html import to_html
from coopcarbon.reports.labels import (
    NBSP,
    NNBSP,
    format_change,
    format_number,
    format_percent,
    format_significant,
    format_tonnes,
    text,
)
from coopcarbon.reports.markdown import comparison_to_markdown, to_markdown
from coopcarbon.result import RESULT_SCHEMA_VERSION, BilanResult
from coopcarbon.units import Q

DATA = Path(__file__).parent / "data"


def mini_result(organisation: str = "Scop Exemple", *, samples: int = 0,
                year: int = 2024) -> BilanResult:
    """A small bilan on the fixture table: every scope, both scope 2 methods, a flight."""
    library = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation=organisation, year=year, headcount=12)
    bilan.add([
        ActivityLine(Q(1200, "passenger_km"), "mobility.train.tgv", label="Paris–Lyon",
                     domain="mobility", group="business_travel"),
        ActivityLine(Q(4000, "passenger_km"), "mobility.plane.short_haul", label="Toulouse–Paris",
                     domain="mobility", group="business_travel"),
        ActivityLine(Q(52000, "vehicle_km"), "mobility.car.petrol", label="Commute by car",
                     domain="mobility", group="commute", data_quality="extrapolated"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.mix", label="Office electricity",
                     domain="energy", scope2_method="location", site="Nantes"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.market", label="Office electricity",
                     domain="energy", scope2_method="market", site="Nantes"),
        ActivityLine(Q(61000, "kWh"), "energy.gas.natural", label="Gas heating",
                     domain="buildings", basis="PCS", site="Nantes"),
        ActivityLine(Q(3, "device"), "hardware.laptop", label="Laptops", domain="hardware"),
    ])
    return bilan.compute(factors=library, samples=samples, seed=7 if samples else None)


@pytest.fixture(scope="module")
def result() -> BilanResult:
    return mini_result(samples=500)


# -- formatting ----------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "lang", "expected"), [
    (1234.5, "fr", f"1{NNBSP}234,5"),
    (1234.5, "en", "1,234.5"),
    (1234567.25, "fr", f"1{NNBSP}234{NNBSP}567,2"),
    (-0.04, "fr", "0,0"),
    (999.96, "en", "1,000.0"),
])
def test_format_number(value: float, lang: str, expected: str) -> None:
    assert format_number(value, lang) == expected


def test_format_tonnes_and_percent() -> None:
    assert format_tonnes(1234.5, "fr") == f"1{NNBSP}234,5{NBSP}tCO2e"
    assert format_tonnes(1234.5, "en") == f"1,234.5{NBSP}tCO2e"
    assert format_percent(0.123, "fr") == f"12,3{NBSP}%"
    assert format_percent(0.123, "en") == "12.3%"
    assert format_change(-0.042, "en") == "−4.2%"
    assert format_change(None, "fr") == "nouveau"
    assert format_significant(0.00293, "fr") == "0,00293"


def test_every_text_has_both_languages() -> None:
    from coopcarbon.reports.labels import TEXTS

    for key, (fr, en) in TEXTS.items():
        assert fr and en, key
    assert text("people", "fr", n=3) == "3 salariés"
    with pytest.raises(ValueError, match="language"):
        text("total", "de")


# -- data: dict, JSON, CSV ------------------------------------------------------------------
def test_dict_has_every_layout(result: BilanResult) -> None:
    d = result_to_dict(result)
    assert d["schema_version"] == RESULT_SCHEMA_VERSION
    assert d["factors"]["fingerprint"] == result.factors_fingerprint
    assert set(d["by_scope"]) == {"1", "2-location", "2-market", "3"}
    assert d["totals"]["location_based_t"] == pytest.approx(float(result.total.magnitude))
    assert d["totals"]["market_based_t"] < d["totals"]["location_based_t"]
    assert d["totals"]["without_non_co2_t"] < d["totals"]["location_based_t"]
    assert d["monte_carlo"]["method"] == "monte carlo"
    assert len(d["lines"]) == len(result.lines)
    # a line's uncertainty combines the factor's and the activity's
    plane = next(line for line in d["lines"] if line["factor_id"] == "mobility.plane.short_haul")
    assert plane["uncertainty"] == pytest.approx((0.3**2 + 0.05**2) ** 0.5)
    assert plane["factor_uncertainty"] == 0.3
    json.dumps(d)  # JSON-ready


def test_json_round_trip_gives_equal_totals_in_every_layout(result: BilanResult) -> None:
    again = result_from_json(result.to_json())
    assert again.to_dict() == result.to_dict()
    assert again.total == result.total
    assert again.total_market_based == result.total_market_based
    assert again.total_without_non_co2 == result.total_without_non_co2
    assert again.by_scope() == result.by_scope()
    assert again.by_beges_post() == result.by_beges_post()
    assert again.by_beges_category() == result.by_beges_category()
    assert again.by_ghg_category() == result.by_ghg_category()
    assert again.by_domain() == result.by_domain()
    assert again.interval == result.interval
    assert again.monte_carlo == result.monte_carlo


def test_from_dict_refuses_another_schema_version(result: BilanResult) -> None:
    d = result_to_dict(result)
    d["schema_version"] = "99.0"
    with pytest.raises(ValueError, match="schema version"):
        result_from_dict(d)


def test_csv_has_every_line_with_factor_and_source(result: BilanResult) -> None:
    rows = list(csv.DictReader(io.StringIO(result_to_csv(result))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(result.lines)
    for row, line in zip(rows, result.lines, strict=True):
        assert row["factor_id"] == line.factor.id
        assert row["source"] == line.factor.source
        assert row["source_id"] == line.factor.source_id
        assert row["label"] == line.activity.label
        assert float(row["co2e_kg"]) == line.kg  # full precision
        assert float(row["factor_value"]) == float(line.factor.value.magnitude)


def test_csv_quotes_commas_and_newlines() -> None:
    r = mini_result()
    odd = replace(r.lines[0], activity=replace(r.lines[0].activity, label='a, "b"\nc'))
    r = replace(r, lines=(odd, *r.lines[1:]))
    rows = list(csv.DictReader(io.StringIO(result_to_csv(r))))
    assert rows[0]["label"] == 'a, "b"\nc'


# -- Markdown -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_markdown_has_every_post_line_and_the_fingerprint(result: BilanResult, lang: str) -> None:
    md = to_markdown(result, lang)
    for post in result.by_beges_post():
        assert f"| {post} |" in md
    for line in result.lines:
        assert f"`{line.factor.id}`" in md
        assert line.factor.source_id in md
    assert result.factors_fingerprint[:12] in md
    assert result.coopcarbon_version in md
    total = format_tonnes(float(result.total.magnitude), lang)
    assert total in md
    assert ("méthode marché" if lang == "fr" else "market-based") in md
    assert "Monte Carlo" in md


def test_markdown_french_and_english_titles(result: BilanResult) -> None:
    assert to_markdown(result, "fr").startswith("# Bilan carbone 2024 – Scop Exemple")
    assert to_markdown(result, "en").startswith("# Carbon footprint 2024 – Scop Exemple")


def test_markdown_notes_overridden_factors() -> None:
    r = replace(mini_result(), overridden={"a.b": "ours.yaml", "a.c": "ours.yaml",
                                           "a.d": "ours.yaml"})
    assert "3 factor(s) overridden by ours.yaml" in to_markdown(r, "en")


def test_markdown_escapes_user_strings() -> None:
    md = to_markdown(mini_result("A|B <script>alert(1)</script>"), "en")
    assert "<script>" not in md
    assert "A\\|B" in md


def test_comparison_markdown() -> None:
    before = mini_result(year=2023)
    after_lines = tuple(line for line in before.lines if line.factor.id != "mobility.car.petrol")
    after = replace(before, year=2024, lines=after_lines)
    md = comparison_to_markdown(after.compare(before), "en")
    assert "# Comparison 2023 → 2024" in md
    assert "| 3.3 Employee commuting |" in md
    assert "−100.0%" in md


# -- HTML -----------------------------------------------------------------------------------
def test_html_with_matplotlib_has_inline_svg(result: BilanResult) -> None:
    pytest.importorskip("matplotlib")
    page = to_html(result, "fr", history=[mini_result(year=2023)])
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fr">' in page
    assert page.count("<svg") == 3  # posts, scopes, year over year
    assert "<?xml" not in page
    assert "<link" not in page and 'src="http' not in page  # self-contained
    assert "<script" not in page
    assert result.factors_fingerprint[:12] in page


def test_html_without_matplotlib_shows_the_notice(result: BilanResult,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name == "matplotlib" or name.startswith("matplotlib."):
            monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    page = to_html(result, "en")
    assert "install coopcarbon[plot] for charts" in page
    assert "<svg" not in page
    assert "Office electricity" in page  # the rest of the report is there


def test_html_escapes_user_strings() -> None:
    page = to_html(mini_result("<script>alert(1)</script>"), "en")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_result_methods_delegate_to_reports(result: BilanResult) -> None:
    assert result.to_markdown("en") == to_markdown(result, "en")
    assert result.to_csv() == result_to_csv(result)
    assert json.loads(result.to_json())["year"] == 2024


# -- bundled tables ---------------------------------------------------------------------------
def test_report_on_bundled_tables() -> None:
    library = load_factors()
    bilan = Bilan(organisation="Scop Exemple", year=2024, headcount=40)
    bilan.add(ActivityLine(Q(1200, "passenger_km"), "mobility.train.tgv", label="Lyon–Paris",
                           domain="mobility"))
    r = bilan.compute(factors=library)
    md = to_markdown(r, "fr")
    assert "`mobility.train.tgv`" in md
    assert library["mobility.train.tgv"].source_id in md
    assert library.fingerprint[:12] in md
    assert result_from_json(r.to_json()).to_dict() == r.to_dict()


def test_warnings_and_reading_notes_are_french_in_a_french_report(tmp_path: Path) -> None:
    """Warnings (region, electricity counted twice) and CSV reading notes, in both languages."""
    import warnings

    (tmp_path / "activites.csv").write_bytes(
        "quantité;unité;facteur\n120;passenger_km;mobility.train.tgv\n;;\n".replace(
            "quantité;unité;facteur", "quantity;unit;factor_id").encode("cp1252"))
    path = tmp_path / "bilan.yaml"
    path.write_text(
        "schema_version: '1'\norganisation: Scop Test\nyear: 2024\nheadcount: 10\n"
        "sites: [{name: Berlin, country: DE}]\n"
        "electricity:\n- {site: Berlin, energy: 4100 kWh}\n- {site: Berlin, energy: 4.1 MWh}\n"
        "activities_csv: [activites.csv]\n"
        "activities:\n- {quantity: 1000 kWh, factor_id: energy.electricity.fr.mix_2024, site: Berlin}\n",
        encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = Bilan.from_yaml(path).compute()
    english = to_markdown(result, "en")
    french = to_markdown(result, "fr")
    assert "twentyfold" in english and "a bill counted twice" in english and "empty row(s) skipped" in english
    for phrase in ("vérifiez le pays du site", "une facture comptée deux fois", "1 ligne(s) vide(s) ignorée(s)"):
        assert phrase in french, phrase
    for phrase in ("twentyfold", "counted twice", "skipped", "used for"):
        assert phrase not in french, phrase
