"""Issue 16: the regulatory report, action plan, trajectories, scenarios, comparisons, French labels.

Known answers are computed by hand in the comments; the three examples are read once per module.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

import coopcarbon as cc
from coopcarbon import scenarios
from coopcarbon.activities import ActivityLine
from coopcarbon.bilanfile.plan import Plan, read_plan
from coopcarbon.bilanfile.schema import ActionEntry, BilanFile, ExcludedPost, ScenarioEntry
from coopcarbon.categories import BEGES_POSTS
from coopcarbon.cli import main
from coopcarbon.errors import InputError
from coopcarbon.factors.bibliography import load_bibliography
from coopcarbon.reports.beges import action_reductions, beges_html, beges_markdown, declaration_csv, gwp_sets
from coopcarbon.reports.bibliography import bibliography, citation
from coopcarbon.reports.french import line_label, unit_name
from coopcarbon.reports.markdown import comparison_to_markdown
from coopcarbon.reports.significance import signed_tonnes, significant, total_significance
from coopcarbon.reports.transition import comparison_to_html
from coopcarbon.result import BilanResult
from coopcarbon.trajectory import (
    SNBC2_BUDGETS,
    custom_trajectory,
    points_against,
    snbc_trajectory,
)
from coopcarbon.units import Q

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCOP = EXAMPLES / "scop-lyon" / "bilan-2024.yaml"
SCOP_2023 = EXAMPLES / "scop-lyon" / "bilan-2023.yaml"
ALL = [EXAMPLES / name / "bilan-2024.yaml" for name in ("scop-lyon", "software-publisher", "web-agency")]


@pytest.fixture(scope="module")
def results() -> dict[Path, BilanResult]:
    return {path: cc.Bilan.from_yaml(path).compute() for path in [*ALL, SCOP_2023]}


# -- trajectories -----------------------------------------------------------------------------
def test_snbc_budgets_sum_to_the_decree_totals() -> None:
    # décret 2020-457: 422, 359 and 300 MtCO2e a year; sector rows rounded to the Mt
    sectors = [v for k, v in SNBC2_BUDGETS.items() if k != "total"]
    for period, total in enumerate(SNBC2_BUDGETS["total"]):
        assert abs(sum(s[period] for s in sectors) - total) <= 1.0


def test_snbc_trajectory_by_sector_by_hand() -> None:
    # base 2021 (middle of 2019–2023); 2026 is the middle of 2024–2028:
    # commute (transports) 100 × 112/128 = 87.5; purchases (national total) 50 × 359/422 = 42.536
    targets = dict(snbc_trajectory(2021, {"3.3": 100.0, "4.5": 50.0}, until=2030))
    assert targets[2021] == pytest.approx(150.0)
    assert targets[2026] == pytest.approx(87.5 + 50 * 359 / 422)
    # 2028: two fifths of the way from 2026 (112) to 2031 (94) for transports: 112 − 7.2 = 104.8
    assert targets[2028] == pytest.approx(100 * 104.8 / 128 + 50 * (359 - 0.4 * 59) / 422)
    with pytest.raises(ValueError, match="SNBC-2"):
        snbc_trajectory(2040, {"3.3": 1.0})
    with pytest.raises(ValueError, match="2033"):
        snbc_trajectory(2024, {"3.3": 1.0}, until=2040)


def test_custom_trajectory_is_linear_between_milestones() -> None:
    targets = dict(custom_trajectory(2020, 100.0, {2030: 0.5, 2040: 0.1}))
    assert targets[2025] == pytest.approx(75.0)
    assert targets[2030] == pytest.approx(50.0)
    assert targets[2035] == pytest.approx(30.0)
    assert max(targets) == 2040
    with pytest.raises(ValueError, match="after the base year"):
        custom_trajectory(2020, 100.0, {2019: 0.5})


def test_points_carry_the_actual_interval(results: dict[Path, BilanResult]) -> None:
    result = results[SCOP]
    points = points_against([(2024, 120.0), (2025, 110.0)], [result])
    interval = result.interval
    assert points[0].actual == pytest.approx(float(result.total.magnitude))
    assert points[0].low == pytest.approx(interval.low / 1000)
    assert points[0].within_uncertainty is (interval.low / 1000 <= 120.0 <= interval.high / 1000)
    assert points[1].actual is None and points[1].within_uncertainty is None


# -- significance and comparison ----------------------------------------------------------------
def test_significance_by_hand() -> None:
    # |−3| < hypot(21, 20) = 29: not significant; |−50| > 29: significant
    assert not significant(-3.0, 21.0, 20.0)
    assert significant(-50.0, 21.0, 20.0)
    assert signed_tonnes(-0.046, "fr") == "−0,05"
    assert signed_tonnes(4.4, "en") == "+4.40"
    assert signed_tonnes(0.0, "fr") == "0,00"


def test_example_change_is_within_the_uncertainty(results: dict[Path, BilanResult]) -> None:
    comparison = results[SCOP].compare(results[SCOP_2023])
    assert comparison.relative_change == pytest.approx(-0.03, abs=0.005)  # −3 % ...
    assert not total_significance(comparison)  # ... inside ±21 % both years
    md = comparison_to_markdown(comparison, "fr")
    assert "n'est pas significatif" in md
    assert "-" not in re.sub(r"[\w.]-[\w.]|---|:---|---:", "", md.split("## Facteurs")[0].split("## Par scope")[0])
    page = comparison_to_html(comparison, "fr")
    assert page.startswith("<!DOCTYPE html>") and "Significatif" in page and "−3,0\u00a0%" in page


# -- bibliography and French labels ---------------------------------------------------------------
def test_bibliography_keys_and_citations(results: dict[Path, BilanResult]) -> None:
    lines = results[SCOP].lines
    references, keys = bibliography(lines)
    assert len(keys) == len(lines)
    assert len({r.key for r in references}) == len(references)
    by_key = {r.key: r.source for r in references}
    publications = load_bibliography()
    for line, key in zip(lines, keys, strict=True):
        publication = publications.get(line.factor.source_key or "")
        if publication is not None:  # the bibliography's publication, once for all its factors
            assert key == line.factor.source_key
            assert by_key[key].startswith(f"{publication.publisher}, {publication.title}")
        else:
            assert by_key[key] == line.factor.source  # a key names exactly one source
        assert citation(key, line).startswith(f"[{key}]")
        assert citation(key, line, "fr").endswith("(non vérifié)") == (not line.factor.verified)
        if line.factor.source_id:
            assert line.factor.source_id in citation(key, line)
    assert {len(k) for k in keys} and max(len(k) for k in keys) < 30  # short


@pytest.mark.parametrize(("label", "factor_id", "french"), [
    ("Heating — natural_gas", "energy.gas.natural", "Chauffage — Gaz naturel"),
    ("Commute — car.petrol", "mobility.car.petrol", "Domicile-travail — Voiture essence"),
    ("8 × laptop (bought 2020, kept 5 y)", "hardware.laptop", "8 × Ordinateur portable (achat 2020, gardé(s) 5 ans)"),
    ("Electricity FR 2024 (Lyon), location-based", "energy.electricity.fr.mix_2024",
     "Électricité FR 2024 (Lyon), méthode location"),
    ("Electricity FR 2024, market-based (residual mix)", "energy.electricity.fr.mix_2024",
     "Électricité FR 2024, méthode marché (mix résiduel)"),
    ("flight 577.2 km (short-haul) round trip", "mobility.train.tgv", "vol 577,2 km (court-courrier) aller-retour"),
    ("My own label", "mobility.train.tgv", "My own label"),
])
def test_generated_labels_in_french(label: str, factor_id: str, french: str) -> None:
    library = cc.load_factors()
    factor = library[factor_id]
    activity = ActivityLine(Q(1, factor.unit.split("/")[1]), factor_id, label=label, basis=factor.basis)
    line = cc.Bilan("X", 2024, 1, lines=[activity]).compute().lines[0]
    assert line_label(line, "fr").startswith(french)
    assert line_label(line, "en") == label


def test_unit_names() -> None:
    assert unit_name("passenger_km", "fr") == "passager·km"
    assert unit_name("kgCO2e/vehicle_km", "fr") == "kgCO2e/véhicule·km"
    assert unit_name("kgCO2e/device", "fr") == "kgCO2e/appareil"
    assert unit_name("kWh", "fr") == "kWh"
    assert unit_name("passenger_km", "en") == "passenger·km"


#: Words the domains generate in English; none may remain in a French report (user text aside).
ENGLISH = ["Heating", "Commute", "Electricity", "location-based", "market-based", "passenger_km", "vehicle_km",
           "bought", "kept", "Telework", "Refrigerant", "Building", "round trip", "residual mix", "declared factor",
           "Rooftop", "rooftop", "survey", "amortised", "extrapolated", "traveller", "great-circle", "contrails",
           "ESTIMATE", "from bills", "refilled", "leak rate", "per kWh produced", "self-consumed", "Fleet", "flight",
           "Meals", "Hotel nights", "Purchases", "not deflated", "excl. VAT", "respondent", "grid average",
           "data year", "no contractual instrument", "used by", "proxy", "use phase", "driven", "upstream",
           "life cycle", "estimate", "between", "included", "not in the total", "device"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.name)
def test_french_reports_have_no_generated_english(path: Path, results: dict[Path, BilanResult]) -> None:
    result = results[path]
    plan = read_plan(path)
    for text in (result.to_markdown("fr"), result.to_html("fr"), beges_markdown(result, plan, "fr"),
                 beges_html(result, plan, "fr")):
        body = re.split(r"## Bibliographie|<h2[^>]*>Bibliographie", text)[0]  # sources are cited as published
        body = re.sub(r"`[^`]*`|<code>.*?</code>|<[^>]+>", " ", body)  # factor ids and markup
        body = body.replace(plan.description, "")  # the user's own words
        for action in plan.actions:
            body = body.replace(action.action, "").replace(action.indicator, "").replace(action.owner, "")
        body = re.sub(r"width=device-width", "", body)
        found = [w for w in ENGLISH if re.search(r"(?<![\w.])" + re.escape(w) + r"(?!\w)", body)]
        assert not found, f"{path.parent.name}: {found}"


# -- the regulatory report ------------------------------------------------------------------------
def test_declaration_table(results: dict[Path, BilanResult]) -> None:
    result = results[SCOP]
    rows = list(csv.DictReader(io.StringIO(declaration_csv(result, read_plan(SCOP))), delimiter=";"))
    assert [r["poste"] for r in rows] == list(BEGES_POSTS)  # every post, in order
    total = sum(float(r["total_t"].replace(",", ".")) for r in rows)
    assert total == pytest.approx(float(result.total.magnitude), rel=1e-5)
    by_post = {r["poste"]: r for r in rows}
    # the gas of the heating is split by ADEME's element 37133: combustion all fossil CO2 (post 1.1),
    # upstream 0.0243 CO2f + 0.0101 CH4f per kWh PCS (post 4.1, beside lines their sources do not split)
    assert by_post["1.1"]["co2_t"] == by_post["1.1"]["total_t"] and by_post["1.1"]["note"] == ""
    assert by_post["1.1"]["ch4_t"] == by_post["1.1"]["n2o_t"] == "0,0"
    assert by_post["4.1"]["ch4_t"] != "" and by_post["4.1"]["note"].endswith("tCO2e non ventilées par la source")
    assert all(by_post[p]["co2_t"] == by_post[p]["co2_biogenique_t"] == "" for p in ("1.2", "2.1", "3.3", "4.5"))
    assert by_post["3.3"]["note"] == "non ventilé par la source"
    assert by_post["3.1"]["note"].startswith("No goods transported")  # the declared reason


def test_declaration_cells_are_neutralised(results: dict[Path, BilanResult]) -> None:
    plan = Plan("X", 2024, excluded_posts=(ExcludedPost(post="3.1", reason="=HYPERLINK(1)"),))
    text = declaration_csv(results[SCOP], plan)
    assert ";'=HYPERLINK(1)" in text


def test_beges_report_sections(results: dict[Path, BilanResult]) -> None:
    result, plan = results[SCOP], read_plan(SCOP)
    md = beges_markdown(result, plan, "fr", base=results[SCOP_2023])
    for heading in ("Personne morale", "Années", "Périmètres", "Postes inclus", "Postes exclus et motifs",
                    "Pouvoirs de réchauffement global", "Émissions par catégorie et poste", "Méthode",
                    "Plan de transition", "Bibliographie"):
        assert f"## {heading}" in md
    assert "| Année de référence | 2023 |" in md
    assert "SCOP SA" in md and "62.02A" in md
    assert "non évalué, aucun motif déclaré" in md  # a post neither assessed nor declared excluded
    assert "n.v." in md and "non ventilé par la source" in md


def test_gwp_sets_are_stated(results: dict[Path, BilanResult]) -> None:
    result = results[SCOP]
    sets = gwp_sets(result)
    assert next(iter(sets)) == "AR5"  # most of the emissions
    assert sets["AR6"][0] == 1  # the refrigerant leak
    md = beges_markdown(result, read_plan(SCOP), "fr")
    assert "Jeu de PRG du rapport : AR5" in md and "facteurs en AR6" in md


def test_action_reductions_by_hand(results: dict[Path, BilanResult]) -> None:
    result = results[SCOP]
    commute = float(result.by_beges_post()["3.3"].magnitude)
    plan = Plan("X", 2024, actions=(ActionEntry(action="a", posts=["3.3"], reduction_share=0.15),
                                     ActionEntry(action="b", reduction="6.5 tCO2e"),
                                     ActionEntry(action="c", reduction="500 kgCO2e")))
    assert action_reductions(plan, result) == pytest.approx([0.15 * commute, 6.5, 0.5])
    with pytest.raises(InputError, match="not an emission"):
        action_reductions(Plan("X", 2024, actions=(ActionEntry(action="a", reduction="3 kg"),)), result)


def test_plan_sections_are_checked() -> None:
    head = {"organisation": "X", "year": 2024, "headcount": 3}
    with pytest.raises(ValidationError):
        BilanFile.model_validate({**head, "actions": [{"action": "a", "posts": ["9.9"]}]})
    with pytest.raises(ValidationError):
        BilanFile.model_validate({**head, "excluded_posts": [{"post": "3.1"}]})  # a reason is required
    with pytest.raises(ValidationError):
        BilanFile.model_validate({**head, "legal_person": {"siren": "12345"}})


# -- scenarios ------------------------------------------------------------------------------------
def test_supplier_moves_only_the_market_based_total() -> None:
    bilan = cc.Bilan.from_yaml(SCOP)
    _, (result,) = scenarios.evaluate(bilan, [scenarios.from_entry(ScenarioEntry(name="e",
                                                                                  switch_supplier="enercoop"))])
    assert float(result.saving.magnitude) == pytest.approx(0.0, abs=1e-9)
    assert result.saving_market is not None and float(result.saving_market.magnitude) > 0


def test_telework_rebound_is_31_percent_of_the_avoided_commute() -> None:
    bilan = cc.Bilan.from_yaml(SCOP)
    reference, (result,) = scenarios.evaluate(bilan, [scenarios.from_entry(ScenarioEntry(name="t",
                                                                                         telework_days=1))])

    def commute(r: BilanResult) -> float:
        return sum(line.kg for line in r.lines if line.beges_post == "3.3" and line.factor.id.startswith("mobility."))

    avoided = (commute(reference) - commute(result.result)) / 1000
    assert avoided > 0
    assert result.rebound is not None
    assert float(result.rebound.magnitude) == pytest.approx(0.31 * avoided)
    gross = float((reference.total - result.result.total).magnitude)
    assert float(result.saving.magnitude) == pytest.approx(gross - 0.31 * avoided)


def test_commute_shift_parsing() -> None:
    assert scenarios.parse_shift("car:bike:20%") == ("car", "bike", pytest.approx(0.2))
    assert scenarios.parse_shift("car:bike:0.5") == ("car", "bike", 0.5)
    for bad in ("car:bike", "car:bike:120%", "car:bike:lots"):
        with pytest.raises(InputError, match="FROM:TO:SHARE"):
            scenarios.parse_shift(bad)


# -- the command ------------------------------------------------------------------------------------
def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_cli_beges_layouts(capsys: pytest.CaptureFixture[str]) -> None:
    md = _run(capsys, "report", str(SCOP), "--layout", "beges", "--history", str(SCOP_2023))
    assert "## Plan de transition" in md and "## Trajectoire : SBTi 1,5 °C" in md
    table = _run(capsys, "report", str(SCOP), "--layout", "beges", "--format", "csv")
    assert table.startswith("categorie;poste;libelle;co2_t")
    page = _run(capsys, "report", str(SCOP), "--layout", "beges", "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_cli_trajectory_and_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(capsys, "trajectory", str(SCOP), "--history", str(SCOP_2023), "--path", "snbc")
    assert "SNBC-2" in out and "| 2033 |" in out
    out = _run(capsys, "trajectory", str(SCOP), "--path", "custom", "--milestone", "2030:50%")
    assert "| 2027 |" in out
    out = _run(capsys, "scenario", str(SCOP), "--switch-supplier", "enercoop", "--commute-shift", "car:bike:20%")
    assert "seul le total méthode marché bouge" in out and "car:bike:20%" in out
    out = _run(capsys, "scenario", str(SCOP))  # the file's scenarios: section
    assert "Enercoop contract" in out and "ADEME" in out
    assert main(["scenario", str(SCOP), "--commute-shift", "car-bike"]) == 1
    assert "FROM:TO:SHARE" in capsys.readouterr().err


def test_cli_summary_and_compare_html(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    out = _run(capsys, "report", str(SCOP), "--format", "html", "-o", str(target), "--summary")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Postes BEGES" in out and "10 lignes les plus émettrices" in out and str(target) in out
    assert len([line for line in out.split("10 lignes les plus émettrices")[1].splitlines() if "tCO2e" in line]) == 10
    page = _run(capsys, "compare", str(SCOP_2023), str(SCOP), "--format", "html")
    assert "pas significatif" in page and "<td class=\"\">non</td>" in page
