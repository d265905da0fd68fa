"""The waste-treatment table and the other indicators of the IT hardware table.

Known answers (cited):
- Residual mixed waste, incineration 0.374 kgCO2e/kg: ADEME Base Carbone 'Ordures ménagères résiduelles
  - Incinération - Impacts' via Nos Gestes Climat (data/alimentation/modèle déchets/omr.publicodes
  @fd0e69a); Lib&CO2 quotes the same element, 374 kgCO2e/tonne, id 34650.
- Average WEEE 1.995 kgCO2e/kg: 'DEEE moyen (par défaut) - Fin de vie moyenne filière - Impacts' via
  Nos Gestes Climat (dechetterie.yaml @07ee9d0); Lib&CO2: 1 995 kgCO2e/tonne, id 34620.
- Laptop ADPe 0.0086 kgSbeq/device and ADPf 2410 MJ/device: ADEME Base IMPACTS row 'Laptop,pro' in
  Boavizta/boaviztapi boaviztapi/data/crowdsourcing/ademe_base_impacts_negaoctet.csv @7c452d1
  ('8,60E-03' and '2,41E+03').
"""

from __future__ import annotations

import pytest

import coopcarbon as cc


@pytest.fixture(scope="module")
def lib() -> cc.FactorLibrary:
    return cc.load_factors()


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@pytest.mark.parametrize(("factor_id", "expected", "source_id"), [
    ("waste.residual.incineration", "0.374 kgCO2e/kg", "34650"),
    ("waste.weee.average", "1.995 kgCO2e/kg", "34620"),
])
def test_waste_known_answers(lib: cc.FactorLibrary, factor_id: str, expected: str,
                             source_id: str) -> None:
    factor = lib[factor_id]
    target = cc.Q(expected)
    assert factor.value.units == target.units
    assert _close(factor.value.magnitude, target.magnitude)
    assert factor.source_id == source_id
    assert factor.region == "FR"
    # a tonne of waste is 1000 kg
    assert _close((cc.Q("1 tonne") * factor.value).to("kgCO2e").magnitude, target.magnitude * 1000)


def test_waste_reporting_categories(lib: cc.FactorLibrary) -> None:
    ids = [i for i in lib if i.startswith("waste.")]
    assert len(ids) >= 18
    for factor_id in ids:
        factor = lib[factor_id]
        assert (factor.scope, factor.ghg_category, factor.beges_post) == (3, 5, "4.3"), factor_id
        assert factor.value.units == cc.Q("1 kgCO2e/kg").units, factor_id
        assert factor.quality is not None, factor_id


def test_waste_covers_an_office(lib: cc.FactorLibrary) -> None:
    for factor_id in ("waste.residual.incineration", "waste.residual.landfill",
                      "waste.paper_cardboard.recycling", "waste.paper_cardboard.landfill",
                      "waste.plastics.recycling", "waste.plastics.incineration",
                      "waste.glass.recycling", "waste.food.composting",
                      "waste.food.anaerobic_digestion", "waste.weee.average"):
        assert factor_id in lib, factor_id


def test_waste_single_or_secondary_copies_say_so(lib: cc.FactorLibrary) -> None:
    for factor_id in (i for i in lib if i.startswith("waste.")):
        notes = lib[factor_id].notes
        assert "Cross-checked" in notes or "copy" in notes, factor_id


def test_laptop_indicators(lib: cc.FactorLibrary) -> None:
    laptop = lib["hardware.laptop"]
    assert laptop.value == cc.Q("185.09 kgCO2e/device")  # CO2e unchanged
    adpe, adpf = laptop.indicators["adpe"], laptop.indicators["adpf"]
    assert _close(adpe.value.to("kgSbeq/device").magnitude, 0.0086)
    assert _close(adpf.value.to("MJ/device").magnitude, 2410)
    assert adpe.source_id == "Laptop,pro / ADPe"
    assert "7c452d1c7f3f75b84c33c38359a20fa0e8e7d74d" in adpe.source


def test_hardware_indicators_are_sourced(lib: cc.FactorLibrary) -> None:
    with_indicators = [f for f in lib.values() if f.table == "hardware" and f.indicators]
    assert len(with_indicators) == 18
    for factor in with_indicators:
        assert set(factor.indicators) == {"adpe", "adpf"}, factor.id
        for indicator in factor.indicators.values():
            assert "ademe_base_impacts_negaoctet.csv" in indicator.source, factor.id
            assert indicator.source_id, factor.id
