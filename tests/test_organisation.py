"""Entities, sites, the organisational boundary, intensities and financed emissions (issue 15).

Hand-computed: the German grid factor is 0.422 kgCO2e/kWh (Boavizta DEU, bundled table).
The parent's site uses 1 000 kWh (422 kg); a 60 %-owned subsidiary under the parent's financial
control, operated by a partner, uses 10 000 kWh (4 220 kg). GHG Protocol Corporate Standard,
chapter 3: operational control 422 kg; financial control 422 + 4 220 = 4 642 kg; equity share
422 + 0.6 × 4 220 = 2 954 kg.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.errors import InputError
from coopcarbon.organisation import BOUNDARIES, EntityInfo, inclusion

BILAN = """\
organisation: Coop Exemple
year: 2024
headcount: 4
boundary: {boundary}
revenue: 2 MEUR
floor_area: 400 m2
sector: 62.01Z
entities:
  - name: Coop Exemple
    siren: "123456789"
  - name: Filiale DE
    country: DE
    foreign_id: HRB 1234 Berlin
    share: 0.6
    financial_control: true
    joint_control: {joint}
    operational_control: false
sites:
  - name: Lyon
    country: DE
    entity: Coop Exemple
  - name: Berlin
    country: DE
    entity: Filiale DE
activities:
  - quantity: 1000 kWh
    factor_id: energy.electricity.deu.grid
    site: Lyon
  - quantity: 10000 kWh
    factor_id: energy.electricity.deu.grid
    site: Berlin
"""


def _result(tmp_path: Path, boundary: str, joint: bool = False, text: str = BILAN) -> cc.BilanResult:
    path = tmp_path / "bilan.yaml"
    path.write_text(text.format(boundary=boundary, joint=str(joint).lower()), encoding="utf-8")
    return cc.Bilan.from_yaml(path).compute()


@pytest.mark.parametrize(("boundary", "expected_kg", "subsidiary_kg"), [
    ("operational_control", 422.0, None),
    ("financial_control", 4642.0, 4220.0),
    ("equity_share", 2954.0, 2532.0),
])
def test_sixty_percent_subsidiary_under_each_approach(tmp_path: Path, boundary: str, expected_kg: float,
                                                       subsidiary_kg: float | None) -> None:
    r = _result(tmp_path, boundary)
    assert r.total.to("kgCO2e").magnitude == pytest.approx(expected_kg)
    by_entity = {k: v.to("kgCO2e").magnitude for k, v in r.by_entity().items()}
    assert by_entity["Coop Exemple"] == pytest.approx(422.0)
    assert by_entity.get("Filiale DE") == (pytest.approx(subsidiary_kg) if subsidiary_kg else None)
    assert r.by_site()["Lyon"].to("kgCO2e").magnitude == pytest.approx(422.0)
    intervals = r.intervals_by("entity")
    assert intervals["Coop Exemple"].central == pytest.approx(422.0)
    assert sum(i.central for i in intervals.values()) == pytest.approx(expected_kg)


def test_joint_financial_control_takes_the_equity_share(tmp_path: Path) -> None:
    r = _result(tmp_path, "financial_control", joint=True)
    assert r.total.to("kgCO2e").magnitude == pytest.approx(2954.0)


def test_inclusion_table() -> None:
    sub = EntityInfo("S", share=0.6, financial_control=True, operational_control=False)
    assert [inclusion(sub, b) for b in BOUNDARIES] == [0.0, 1.0, 0.6]
    outside = EntityInfo("A", share=0.3, financial_control=False, operational_control=False)
    assert [inclusion(outside, b) for b in BOUNDARIES] == [0.0, 0.0, 0.3]


def test_intensities_by_hand(tmp_path: Path) -> None:
    r = _result(tmp_path, "equity_share")
    found = {k: v.magnitude for k, v in r.intensities().items()}
    # 2.954 t / 4 persons; / 2 M€; 2 954 kg / 400 m²
    assert found == pytest.approx({"per_employee": 0.7385, "per_revenue": 1.477, "per_floor_area": 7.385})
    indicator = r.comparable()
    assert indicator.perimeter.label == "coopcarbon-comparable v1"
    assert indicator.conforms
    assert indicator.total.to("kgCO2e").magnitude == pytest.approx(2954.0)


def test_unknown_entity_is_located(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown entity 'Filiale IT'") as info:
        _result(tmp_path, "equity_share", text=BILAN.replace("entity: Filiale DE", "entity: Filiale IT"))
    assert info.value.problems[0].line is not None


def test_financed_emissions_with_the_funds_published_intensity(tmp_path: Path) -> None:
    (tmp_path / "fund.yaml").write_text("""\
table: {name: fund, version: '1', source: Fund X annual SFDR report 2024, license: cited, retrieved: 2025-01-10}
factors:
  finance.fund_x:
    name_fr: Fonds X
    name_en: Fund X
    value: 80
    unit: tCO2e/MEUR
    source: Fund X, SFDR periodic report 2024, PAI indicator 2 (carbon footprint)
    year: 2024
    scope: 3
    ghg_category: 15
    beges_post: '5.4'
""", encoding="utf-8")
    (tmp_path / "bilan.yaml").write_text("""\
organisation: Coop
year: 2024
headcount: 3
factors: [fund.yaml]
investments:
  - product: fund
    amount: 150000 EUR
    factor_id: finance.fund_x
""", encoding="utf-8")
    r = cc.Bilan.from_yaml(tmp_path / "bilan.yaml").compute()
    # 0.15 M€ × 80 tCO2e/M€ = 12 tCO2e, BEGES 5.4, GHG category 15
    assert r.total.to("tCO2e").magnitude == pytest.approx(12.0)
    assert r.by_beges_post()["5.4"].to("tCO2e").magnitude == pytest.approx(12.0)
    assert r.by_ghg_category()[15].to("tCO2e").magnitude == pytest.approx(12.0)
    assert r.comparable().total.magnitude == 0  # category 5 is outside the comparable perimeter


def test_organisation_section_prints_sites_entities_and_the_method(tmp_path: Path) -> None:
    from coopcarbon.reports.organisation import organisation_section

    text = organisation_section(_result(tmp_path, "equity_share"), "en")
    assert "| Filiale DE | 2.5 |" in text  # 2 532 kg
    assert "| Lyon | 0.4 |" in text
    assert "coopcarbon-comparable v1): 3.0 tCO2e" in text


# -- the organisation section in the standard reports (examples/groupe-multisite) ----------------
GROUP = Path(__file__).resolve().parents[1] / "examples" / "groupe-multisite" / "bilan-2024.yaml"


def _group(boundary: str = "equity_share") -> cc.BilanResult:
    if boundary == "equity_share":
        return cc.Bilan.from_yaml(GROUP).compute()
    text = GROUP.read_text(encoding="utf-8").replace("boundary: equity_share", f"boundary: {boundary}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bilan.yaml"
        path.write_text(text, encoding="utf-8")
        return cc.Bilan.from_yaml(path).compute()


def test_group_example_counts_the_subsidiary_at_its_share() -> None:
    equity, financial = _group(), _group("financial_control")
    sub = "Exemple Belgique SRL"
    assert equity.by_entity()[sub].magnitude == pytest.approx(0.6 * financial.by_entity()[sub].magnitude)
    assert equity.by_site()["Nantes"].magnitude == pytest.approx(financial.by_site()["Nantes"].magnitude)
    assert "Exemple Belgique SRL" not in _group("operational_control").by_entity()
    # floor area: 420 + 150 m2 of the parent's sites, 60 % of the subsidiary's 160 m2 = 666 m2
    assert equity.profile is not None and equity.profile.floor_area == pytest.approx(666.0)
    assert financial.profile is not None and financial.profile.floor_area == pytest.approx(730.0)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_reports_show_sites_entities_intensities_and_the_comparable_indicator(lang: str) -> None:
    r = _group()
    decimal = "," if lang == "fr" else "."

    def shown(q: object) -> str:
        return f"{q.to('tCO2e').magnitude:.1f}".replace(".", decimal)  # type: ignore[attr-defined]

    markdown, html = r.to_markdown(lang), r.to_html(lang)
    assert r.by_site().keys() == {"Nantes", "Rennes", "Bruxelles", ""}
    for name, total in [*r.by_site().items(), *r.by_entity().items()]:
        if name:
            assert f"| {name} | {shown(total)} |" in markdown
            assert f'<td class="">{name}</td><td class="n">{shown(total)}</td>' in html
    per_revenue = f"{r.total.to('tCO2e').magnitude / 3.2:.2f}".replace(".", decimal)  # revenue 3.2 MEUR
    for text in (markdown, html):
        assert "coopcarbon-comparable v1" in text
        assert per_revenue in text
        assert ("quote-part du capital" if lang == "fr" else "equity share") in text


def test_simple_bilans_have_no_organisation_section() -> None:
    r = cc.Bilan("X", 2024, 2, lines=[]).compute()
    assert "## Organisation" not in r.to_markdown("fr") and "<h2>Organisation" not in r.to_html("en")
    scop = Path(__file__).resolve().parents[1] / "examples" / "scop-lyon" / "bilan-2024.yaml"
    assert "## Organisation" not in cc.Bilan.from_yaml(scop).compute().to_markdown("fr")  # one site, no entity
    sites = scop.parents[1] / "software-publisher" / "bilan-2024.yaml"  # five sites, no entity declared
    section = cc.Bilan.from_yaml(sites).compute().to_markdown("fr").split("## Organisation")[1]
    assert "| Par site |" in section and "| Berlin |" in section and "Par entité" not in section


def test_french_organisation_section_and_boundary_note() -> None:
    from coopcarbon.reports.organisation import organisation_section

    r = _group()
    assert r.profile is not None
    deviating = dataclasses.replace(r, profile=dataclasses.replace(
        r.profile, conventions={**r.profile.conventions, "hardware": "purchase_year"}))
    section = organisation_section(deviating, "fr")
    assert "Par entité juridique" in section and "(sans site)" in section and "par salarié" in section
    assert "matériel informatique : compté(s) l'année d'achat (le périmètre demande amorti(s))" in section
    english = ["Entity", "Intensities", "per employee", "equity", "boundary", "purchase", "amortised", "asks"]
    assert [w for w in english if w in section] == []
    assert "hardware: purchase year (the perimeter asks amortised)" in organisation_section(deviating, "en")
    assert "périmètre quote-part du capital : entité Exemple Belgique SRL comptée à 60 %" in r.to_markdown("fr")
