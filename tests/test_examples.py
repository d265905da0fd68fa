"""The example companies in examples/: they run as they are, and their totals are plausible.

The per-employee band comes from docs/explanations/sector-benchmarks.md, which cites its sources:

* lower bound, 3.0 tCO2e per employee: average footprint of a French office employee, Sinteo &
  ARSEG study (as reported by Décision Achats, 2012);
* upper bound, 1.3 tC-eq × 44/12 = 4.77 tCO2e per employee: average SME bilan of ADEME's
  "Bilan des bilans carbone", as quoted in Amoès's Bilan Carbone 2019.
"""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.reports.french import line_label, line_note

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

#: tCO2e per employee: see docs/explanations/sector-benchmarks.md.
BAND_LOW = 3.0
BAND_HIGH = 1.3 * 44 / 12

SCRIPTS = [
    ("scop-lyon/report.py", "Scop Exemple"),
    ("software-publisher/report.py", "Logiciels Exemple SA"),
    ("web-agency/build.py", "Studio Exemple"),
]

BILANS = [
    "scop-lyon/bilan-2024.yaml",
    "scop-lyon/bilan-2023.yaml",
    "software-publisher/bilan-2024.yaml",
    "web-agency/bilan-2024.yaml",
]


def _compute(relative: str) -> cc.BilanResult:
    with warnings.catch_warnings():
        warnings.simplefilter("error", cc.CoopCarbonWarning)  # no factor used out of its years
        return cc.Bilan.from_yaml(EXAMPLES / relative).compute()


@pytest.mark.parametrize(("script", "organisation"), SCRIPTS)
def test_script_runs(script: str, organisation: str, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(EXAMPLES / script)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert organisation in done.stdout
    assert list(tmp_path.iterdir()) == []  # writes nothing without an output path


def test_script_writes_only_when_asked(tmp_path: Path) -> None:
    output = tmp_path / "rapport.md"
    done = subprocess.run([sys.executable, str(EXAMPLES / "scop-lyon/report.py"), str(output)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert output.read_text(encoding="utf-8").startswith("# Bilan carbone 2024 – Scop Exemple")


@pytest.mark.parametrize("relative", BILANS)
def test_total_per_employee_in_sector_band(relative: str) -> None:
    result = _compute(relative)
    per_employee = result.per_employee.to("tCO2e/person").magnitude
    assert BAND_LOW <= per_employee <= BAND_HIGH, (relative, per_employee)


def test_year_over_year_comparison() -> None:
    before = _compute("scop-lyon/bilan-2023.yaml")
    after = _compute("scop-lyon/bilan-2024.yaml")
    comparison = after.compare(before)
    assert comparison.before is before and comparison.after is after
    change = comparison.change.to("tCO2e").magnitude
    assert change == pytest.approx(after.total.magnitude - before.total.magnitude)
    assert change < 0  # fewer flights, a warmer winter
    posts = comparison.by_beges_post()
    assert posts["3.5"][2] < 0  # business travel went down
    assert sum(row[2] for row in posts.values()) == pytest.approx(change)


def test_python_api_matches_bilan_file() -> None:
    built = runpy.run_path(str(EXAMPLES / "web-agency/build.py"))["build"]()
    from_file = _compute("web-agency/bilan-2024.yaml")
    assert built.compute().total.magnitude == pytest.approx(from_file.total.magnitude, rel=1e-12)


def test_software_publisher_conventions() -> None:
    result = _compute("software-publisher/bilan-2024.yaml")
    factors = {line.factor.id for line in result.lines}
    assert "energy.electricity.supplier.enercoop" in factors  # market-based, Paris contract
    assert any(f.startswith("energy.electricity.residual.es_") for f in factors)
    assert any(f.startswith("energy.electricity.residual.de_") for f in factors)
    assert "energy.electricity.solar_pv.rooftop" in factors or any("solar" in f for f in factors)
    assert result.by_domain()["purchases"].magnitude > 0


@pytest.mark.parametrize("relative", BILANS)
def test_benchmark_page_shows_computed_figures(relative: str) -> None:
    # docs/explanations/sector-benchmarks.md: the table of the examples matches a fresh computation.
    text = (ROOT / "docs" / "explanations" / "sector-benchmarks.md").read_text(encoding="utf-8")
    result = _compute(relative)
    purchases = result.by_domain().get("purchases")
    bought = purchases.magnitude if purchases is not None else 0.0
    total = result.total.magnitude
    row = (f"| `{relative}` | {result.organisation} | {result.headcount} | {total:.1f} | "
           f"{result.per_employee.magnitude:.2f} | {(total - bought) / result.headcount:.2f} | "
           f"{bought / total:.0%} |")
    assert row in text, row
    assert f"{BAND_HIGH:.2f}" in text and f"{BAND_LOW:.1f}" in text


#: English words that a label of the examples' French reports must not hold (the library's own
#: generated labels are made French; the examples' companies write theirs in French).
ENGLISH_LABEL = re.compile(r"\b(the|and|of|by|to|in|use|car|cars|lunch(es)?|meat|fees|insurance|office|software|"
                           r"hosting|training|subcontract\w*|customers|subsidiary|trade|team|seminar|upstream|"
                           r"manufacture|generation|grid|losses|heating|commute|meals?|purchases|fleet|fuel|leak|"
                           r"waste|estimate|night)\b", flags=re.IGNORECASE)


@pytest.mark.parametrize("relative", [*BILANS, "groupe-multisite/bilan-2024.yaml"])
def test_every_label_of_a_french_report_is_french(relative: str) -> None:
    result = cc.Bilan.from_yaml(EXAMPLES / relative).compute()
    english = sorted({label for line in result.lines if ENGLISH_LABEL.search(label := line_label(line, "fr"))})
    assert english == [], english
    assert " — use" not in result.to_markdown(lang="fr")


#: English phrases of the library's generated line notes that a French report must not hold.
ENGLISH_NOTE = re.compile(r"\b(BEGES post|category|consumption mix|grid average|intensity|assumed|the source|"
                          r"\w+ part \(scope|upstream|manufacture|losses|driven|traveller|round trip|detour|"
                          r"amortised|refilled|bought|spent|excl\.|ESTIMATE|share|bill)\b")


@pytest.mark.parametrize("relative", [*BILANS, "groupe-multisite/bilan-2024.yaml"])
def test_every_line_note_of_a_french_report_is_french(relative: str) -> None:
    result = cc.Bilan.from_yaml(EXAMPLES / relative).compute()
    english = sorted({note for line in result.lines
                      if ENGLISH_NOTE.search(note := line_note(line.activity.note, "fr"))})
    assert english == [], english
