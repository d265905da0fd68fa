"""Large reports: lines grouped by factor and label in Markdown and HTML, every line in CSV and JSON.

Known answers are worked by hand from the fixture table (``tests/data/mini_factors.yaml``):
TGV 0.00293 kgCO2e/passenger_km ±20 %, petrol car 0.218 kgCO2e/vehicle_km ±10 %; measured
activity figures are ±5 %.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.factors.loading import load_factors
from coopcarbon.reports.grouping import MAX_LINES_SHOWN, lines_note, shown_lines
from coopcarbon.result import BilanResult

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def library() -> FactorLibrary:
    return load_factors(DATA / "mini_factors.yaml", bundled=False)


def _result(library: FactorLibrary, trains: int, cars: int, *, labels: int) -> BilanResult:
    """``trains`` lines of 10 passenger_km labelled among ``labels`` trips, ``cars`` of 5 vehicle_km."""
    bilan = Bilan("Scop Grande", 2024, 50)
    bilan.add([ActivityLine(magnitude=10.0, unit="passenger_km", factor_id="mobility.train.tgv",
                            label=f"trip {i % labels}", domain="mobility") for i in range(trains)])
    bilan.add([ActivityLine(magnitude=5.0, unit="vehicle_km", factor_id="mobility.car.petrol",
                            label=f"car {i}", domain="mobility") for i in range(cars)])
    return bilan.compute(factors=library)


def test_a_small_report_lists_every_line(library: FactorLibrary) -> None:
    result = _result(library, MAX_LINES_SHOWN, 0, labels=MAX_LINES_SHOWN)
    assert shown_lines(result, "en") == result.lines
    assert lines_note(result, "en") == []
    assert result.to_markdown("en").count("| trip ") == MAX_LINES_SHOWN


def test_lines_are_grouped_by_factor_and_label(library: FactorLibrary) -> None:
    result = _result(library, 600, 0, labels=2)
    first, second = shown_lines(result, "en")
    # 300 lines of 10 passenger_km each: 3000 passenger_km × 0.00293 = 8.79 kgCO2e
    assert first.activity.label == "trip 0 (300 lines)"
    assert first.activity.magnitude == pytest.approx(3000.0, rel=1e-12)
    assert first.kg == pytest.approx(8.79, rel=1e-12)
    # shared factor ±20 %, 300 independent activity figures of ±5 % each on equal emissions e:
    # sqrt(300 (0.05 e)²) / (300 e) = 0.05 / sqrt(300)
    assert first.uncertainty == pytest.approx(math.hypot(0.2, 0.05 / math.sqrt(300)), rel=1e-9)
    assert second.activity.label == "trip 1 (300 lines)"
    assert lines_note(result, "en") == [
        "600 emission lines, grouped here into 2 by factor and label; the full list is in the CSV or "
        "JSON export (coopcarbon report --format csv|json)."]


def test_distinct_labels_are_grouped_by_factor_alone(library: FactorLibrary) -> None:
    result = _result(library, 400, 300, labels=400)
    trains, cars = shown_lines(result, "fr")
    assert trains.activity.label == "TGV (400 lignes)"
    assert cars.activity.label == "Voiture essence (300 lignes)"
    assert cars.kg == pytest.approx(300 * 5 * 0.218, rel=1e-12)  # 327 kgCO2e
    assert lines_note(result, "fr")[0].startswith("700 lignes d'émission, regroupées ici en 2 par facteur ;")


def test_grouped_lines_keep_the_totals(library: FactorLibrary) -> None:
    result = _result(library, 450, 250, labels=7)
    shown = shown_lines(result, "en")
    assert len(shown) == 7 + 250 <= MAX_LINES_SHOWN
    assert sum(line.kg for line in shown) == pytest.approx(result.total.to("kgCO2e").magnitude, rel=1e-12)


def test_reports_say_where_the_full_list_is(library: FactorLibrary) -> None:
    result = _result(library, 600, 0, labels=600)
    markdown, html = result.to_markdown("en"), result.to_html("en")
    assert "600 emission lines, grouped here into 1 by factor; the full list is in the CSV" in markdown
    assert "| 1 | High-speed train (TGV) (600 lines) |" in markdown
    assert "| 2 |" not in markdown
    assert "<p>600 emission lines, grouped here into 1 by factor;" in html
    assert len(json.loads(result.to_json())["lines"]) == 600
    assert result.to_csv().count("\n") == 601  # a header and every line
