"""The pedigree fallback's basic uncertainty by kind of process (issue 13, point 4).

Figures: Weidema et al. 2013, *Data quality guideline for the ecoinvent database version 3*
(ecoinvent Report 1 (v3)): table 10.3, default basic uncertainties as variances σ_b² of the
underlying normal distribution (demand of energy, products, waste treatment 0.0006; transport
services 0.12; infrastructure 0.3; CO2 from combustion 0.0006); table 10.5, the variances of the
pedigree scores.
"""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.engine import factor_uncertainty
from coopcarbon.errors import TableError
from coopcarbon.uncertainty import (
    BASIC_UNCERTAINTY,
    DEFAULT_KIND_BY_DOMAIN,
    PedigreeScores,
    default_process_kind,
    pedigree_uncertainty,
)

SCORES = st.builds(PedigreeScores, *[st.integers(1, 5)] * 5)
KINDS = st.sampled_from(sorted(BASIC_UNCERTAINTY))


def test_a_transport_factor_by_hand() -> None:
    # Scores (2, 3, 2, 2, 3): variances 0.0006 (reliability 2) + 0.0006 (completeness 3)
    # + 0.0002 (temporal 2) + 0.000025 (geographic 2) + 0.008 (technological 3) = 0.009425;
    # with the basic 0.12 of a transport service σ² = 0.129425, σ = 0.359757, and
    # exp(2σ) − 1 = exp(0.719514) − 1 = 1.053434. As uncertainty factors U = exp(2·sqrt(σ²)):
    # exp(sqrt(ln²(1.99935) + ln²(1.05021) + ln²(1.05021) + ln²(1.02869) + ln²(1.01005)
    # + ln²(1.19588))) − 1, the same number.
    scores = PedigreeScores(2, 3, 2, 2, 3)
    assert pedigree_uncertainty(scores, "transport_service") == pytest.approx(1.053434, abs=1e-6)
    factors = [math.exp(2 * math.sqrt(v)) for v in (0.12, 0.0006, 0.0006, 0.0002, 0.000025, 0.008)]
    assert pedigree_uncertainty(scores, "transport_service") == pytest.approx(
        math.exp(math.sqrt(sum(math.log(u) ** 2 for u in factors))) - 1)
    # The same scores with the basic 0.0006 of an energy demand: σ² = 0.010025, exp(0.200250) − 1 = 0.221708
    assert pedigree_uncertainty(scores, "energy_demand") == pytest.approx(0.221708, abs=1e-6)
    # and of infrastructure (0.3): σ² = 0.309425, exp(2·0.556260) − 1 = 2.042014
    assert pedigree_uncertainty(scores, "infrastructure") == pytest.approx(2.042014, abs=1e-6)


def test_the_basic_variances_are_those_of_the_table() -> None:
    # Weidema et al. 2013, table 10.3; the two kinds no row fits keep 0.0006 (said as such).
    assert {kind: variance for kind, (variance, _row) in BASIC_UNCERTAINTY.items()} == {
        "energy_demand": 0.0006, "product_demand": 0.0006, "waste_treatment": 0.0006,
        "transport_service": 0.12, "infrastructure": 0.3, "fuel_combustion": 0.0006,
        "gas_release": 0.0006, "monetary_ratio": 0.0006}
    assert all(row.startswith("no row") for kind, (_v, row) in BASIC_UNCERTAINTY.items()
               if kind in ("gas_release", "monetary_ratio"))


@given(SCORES, KINDS, st.sampled_from(["reliability", "completeness", "temporal", "geographic", "technological"]))
def test_a_worse_score_never_narrows_the_interval(scores: PedigreeScores, kind: str, name: str) -> None:
    worse = PedigreeScores(**{**scores.__dict__, name: min(5, getattr(scores, name) + 1)})
    assert pedigree_uncertainty(worse, kind) >= pedigree_uncertainty(scores, kind)


@given(SCORES, KINDS)
def test_the_kind_changes_only_the_basic_term(scores: PedigreeScores, kind: str) -> None:
    # ln(1 + u)² / 4 = σ² = σ_b² + Σ σ_i²: removing the basic variance leaves the same pedigree
    # sum whatever the kind.
    def pedigree_part(k: str | None) -> float:
        basic = BASIC_UNCERTAINTY[k][0] if k else 0.0006
        return math.log1p(pedigree_uncertainty(scores, k)) ** 2 / 4 - basic

    assert pedigree_part(kind) == pytest.approx(pedigree_part(None), abs=1e-12)


def test_the_default_kind_by_domain() -> None:
    assert default_process_kind("mobility.train.tgv", 3) == "transport_service"
    assert default_process_kind("energy.fuel.diesel", 1) == "fuel_combustion"
    assert default_process_kind("energy.electricity.fr.mix", 2) == "energy_demand"
    assert default_process_kind("hardware.laptop", 3) == "infrastructure"
    assert default_process_kind("office.coffee", 3) == "product_demand"  # any other domain
    assert set(DEFAULT_KIND_BY_DOMAIN.values()) <= set(BASIC_UNCERTAINTY)


def test_every_bundled_factor_states_its_kind() -> None:
    lib = cc.load_factors()
    assert all(f.process_kind in BASIC_UNCERTAINTY for f in lib.values())
    assert lib["mobility.coach.diesel"].kind == "transport_service"
    assert lib["hardware.smartphone"].kind == "infrastructure"
    assert lib["energy.gas.natural"].kind == "fuel_combustion"
    assert lib["energy.fuel.diesel.upstream"].kind == "product_demand"
    assert lib["mobility.car.compact.hybrid.manufacture"].kind == "infrastructure"


def test_the_engine_and_the_citation_use_the_kind() -> None:
    lib = cc.load_factors()
    coach = lib["mobility.coach.diesel"]
    assert coach.uncertainty is None and coach.quality is not None
    assert factor_uncertainty(coach) == pytest.approx(pedigree_uncertainty(coach.quality, "transport_service"))
    text = str(coach)
    assert (f"±{factor_uncertainty(coach):.0%} (95 %) from the pedigree matrix, basic uncertainty of a transport "
            "service (Weidema et al. 2013, table 10.3: demand of transport services)") in text
    # A stated uncertainty wins over the pedigree, whatever the kind.
    tgv = lib["mobility.train.tgv"]
    assert tgv.uncertainty is not None and factor_uncertainty(tgv) == tgv.uncertainty


def _table(tmp_path: object, **extra: object) -> str:
    entry = {"name_fr": "Trajet", "name_en": "Trip", "value": 0.1, "unit": "kgCO2e/passenger_km",
             "source": "test", "year": 2024, "scope": 3, "ghg_category": 6, "beges_post": "3.5",
             "quality": {"reliability": 2, "completeness": 3, "temporal": 2, "geographic": 2,
                         "technological": 3}, **extra}
    path = f"{tmp_path}/ours.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump({"table": {"name": "ours", "version": "1", "source": "test", "license": "CC0",
                                  "retrieved": "2026-01-01"},
                        "factors": {"ours.trip": entry}}, handle)
    return path


def test_a_user_table_may_state_the_kind_or_take_the_default(tmp_path: object) -> None:
    stated = cc.load_factors(_table(tmp_path, process_kind="energy_demand"))["ours.trip"]
    assert stated.kind == "energy_demand"
    assert factor_uncertainty(stated) == pytest.approx(0.221708, abs=1e-6)
    default = cc.load_factors(_table(tmp_path))["ours.trip"]
    assert default.process_kind is None and default.kind == "product_demand"  # domain "ours"


def test_an_unknown_kind_is_a_located_error(tmp_path: object) -> None:
    with pytest.raises(TableError) as error:
        cc.load_factors(_table(tmp_path, process_kind="teleportation"))
    problem = error.value.problems[0]
    assert problem.field is not None and "process_kind" in problem.field
    assert "transport_service" in str(error.value)
