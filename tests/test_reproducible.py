"""Reproducible results: a result records its factor library; a changed library is explained
factor by factor, and the old library can be pinned to recompute the old result exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.reports.data import result_from_json

DATA = Path(__file__).parent / "data"

OVERRIDE = """\
table: {name: ours, version: "2025.1", source: our revision, license: CC-BY-4.0, retrieved: 2026-01-15}
factors:
  mobility.train.tgv:
    name_fr: TGV (révisé)
    name_en: High-speed train (revised)
    value: 0.004
    unit: kgCO2e/passenger_km
    source: revised figure, 2025
    year: 2025
    ghg_category: 6
    beges_post: "3.5"
    override: true
"""


@pytest.fixture(scope="module")
def old() -> tuple[cc.Bilan, cc.FactorLibrary, cc.BilanResult]:
    bilan = cc.Bilan.from_yaml(DATA / "mini_bilan.yaml")
    library = cc.load_factors()
    return bilan, library, bilan.compute(factors=library)


def test_a_result_records_its_library(old: tuple[cc.Bilan, cc.FactorLibrary, cc.BilanResult]) -> None:
    _, library, result = old
    assert result.factors_fingerprint == library.fingerprint and len(result.factors_fingerprint) == 64
    assert result.factors_version == library.version and "mobility" in result.factors_version
    saved = result_from_json(result.to_json())
    assert (saved.factors_fingerprint, saved.factors_version) == (library.fingerprint, library.version)


def test_changed_factors_names_each_changed_factor(
        tmp_path: Path, old: tuple[cc.Bilan, cc.FactorLibrary, cc.BilanResult]) -> None:
    bilan, library, result = old
    (tmp_path / "ours.yaml").write_text(OVERRIDE, encoding="utf-8")
    new_library = cc.load_factors(tmp_path / "ours.yaml")
    assert new_library.fingerprint != library.fingerprint
    assert result.changed_factors(library) == {}
    changes = result.changed_factors(new_library)
    assert list(changes) == ["mobility.train.tgv"]
    before, after, relative = changes["mobility.train.tgv"]
    assert (before, after) == (0.00293, 0.004) and after is not None
    assert relative == pytest.approx(0.004 / 0.00293 - 1)
    # the same from a result saved as JSON years ago
    assert result_from_json(result.to_json()).changed_factors(new_library) == changes
    # recomputing with the new library changes the total by exactly that factor's part
    new = bilan.compute(factors=new_library)
    assert new.factors_fingerprint == new_library.fingerprint
    assert new.overridden == {"mobility.train.tgv": str(tmp_path / "ours.yaml")}
    tgv = sum(line.kg for line in result.lines if line.factor.id == "mobility.train.tgv")
    assert (new.total - result.total).to("kgCO2e").magnitude == pytest.approx(tgv * (after / before - 1))


def test_pinning_the_old_library_reproduces_the_old_result_exactly(
        tmp_path: Path, old: tuple[cc.Bilan, cc.FactorLibrary, cc.BilanResult]) -> None:
    bilan, library, result = old
    (tmp_path / "ours.yaml").write_text(OVERRIDE, encoding="utf-8")
    cc.load_factors(tmp_path / "ours.yaml")  # a newer library exists...
    again = bilan.compute(factors=library)  # ...but the old one is pinned
    assert again.total == result.total
    assert again.to_dict() == result.to_dict()


def test_a_factor_gone_from_the_library(old: tuple[cc.Bilan, cc.FactorLibrary, cc.BilanResult]) -> None:
    _, _, result = old
    small = cc.load_factors(DATA / "core_factors.yaml", bundled=False)  # has the TGV and the laptop
    lib = {k: v for k, v in small.items() if k != "hardware.laptop"}
    changes = result.changed_factors(lib)
    assert changes["hardware.laptop"][1:] == (None, None)
    assert "mobility.train.tgv" not in changes  # same value in both
