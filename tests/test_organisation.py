"""Entities, sites, the organisational boundary, intensities and financed emissions (issue 15).

Hand-computed: the German grid factor is 0.422 kgCO2e/kWh (Boavizta DEU, bundled table).
The parent's site uses 1 000 kWh (422 kg); a 60 %-owned subsidiary under the parent's financial
control, operated by a partner, uses 10 000 kWh (4 220 kg). GHG Protocol Corporate Standard,
chapter 3: operational control 422 kg; financial control 422 + 4 220 = 4 642 kg; equity share
422 + 0.6 × 4 220 = 2 954 kg.
"""

from __future__ import annotations

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
