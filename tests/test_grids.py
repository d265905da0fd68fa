"""Electricity for any ISO 3166 country: the fallback order of coopcarbon.domains.grids (issue 15).

Hand-computed values use the bundled factors: world average 0.481 kgCO2e/kWh (Ember 2023),
EU-27 0.38 (Boavizta EEE), China 2024 0.5595517 (Ember, 559.5517 gCO2e/kWh, row "China,CHN,2024"
of tools/reference-data/ember_carbon_intensity.csv). Monaco is not in Ember's data.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.domains import energy, grids
from coopcarbon.domains.countries import country_code
from coopcarbon.domains.iso3166 import ISO_COUNTRIES
from coopcarbon.engine import compute_lines
from coopcarbon.errors import CoopCarbonWarning, InputError

LIB = cc.load_factors()


def _kg(lines: list[cc.ActivityLine]) -> float:
    return sum(line.kg for line in compute_lines(lines, LIB))


def test_every_iso_country_is_known_by_code_and_names() -> None:
    assert len(ISO_COUNTRIES) == 249
    assert country_code("BR") == ("BR", "BRA")
    assert country_code("Brésil") == ("BR", "BRA")
    assert country_code("brazil") == ("BR", "BRA")
    assert country_code("VNM") == ("VN", "VNM")
    with pytest.raises(InputError, match="unknown country"):
        country_code("Atlantis")


@pytest.mark.parametrize("spelling", ["EU27", "EU-27", "UE", "eu"])
def test_eu27_is_accepted_as_a_country(spelling: str) -> None:
    with pytest.warns(CoopCarbonWarning, match="no residual mix for EU"):
        location, market = energy.electricity("1000 kWh", year=2024, country=spelling, library=LIB)
    assert location.factor_id == "energy.electricity.eee.grid"
    # 1000 kWh × 0.38 kgCO2e/kWh
    assert _kg([location]) == pytest.approx(380.0)
    assert market.factor_id == "energy.electricity.eee.grid"


def test_monaco_falls_back_to_the_world_average_with_a_warning() -> None:
    with pytest.warns(CoopCarbonWarning, match=r"no grid factor for MC \(MCO\).*world average"), \
            pytest.warns(CoopCarbonWarning, match="no residual mix for MC"):
        location, market = energy.electricity("1000 kWh", year=2024, country="MC", library=LIB)
    assert location.factor_id == grids.WORLD_GRID
    assert "world average" in location.note
    # 1000 kWh × 0.481 kgCO2e/kWh (Ember, world 2023)
    assert _kg([location]) == pytest.approx(481.0)
    assert market.factor_id == grids.WORLD_GRID


def test_china_without_contract_falls_back_to_its_grid_for_market_based() -> None:
    with pytest.warns(CoopCarbonWarning, match="no residual mix for CN"):
        location, market = energy.electricity("1000 kWh", year=2024, country="CN", library=LIB)
    assert location.factor_id == market.factor_id == "energy.electricity.chn.grid_2024"
    assert _kg([market]) == pytest.approx(559.5517)  # 1000 kWh × 0.5595517 kgCO2e/kWh


def test_eu_member_without_a_grid_factor_takes_the_eu27_one() -> None:
    # a library without Austria's grids (of every year): the region (EU-27) is used, and said
    choice = _choice_without("energy.electricity.aut.grid", "AT", "AUT")
    assert choice.factor_id == "energy.electricity.eee.grid"
    assert choice.fallback == "region"
    assert "EU-27" in choice.note


def _choice_without(factor_id: str, alpha2: str, alpha3: str) -> grids.GridChoice:
    def removed(fid: object) -> bool:  # the id and its vintages <id>_<year>
        return isinstance(fid, str) and (fid == factor_id or fid.startswith(factor_id + "_"))

    class Without:
        """The bundled library without one id and its vintages (enough for the selection functions)."""

        def __iter__(self):  # type: ignore[no-untyped-def]
            return (fid for fid in LIB if not removed(fid))

        def __contains__(self, fid: object) -> bool:
            return not removed(fid) and fid in LIB

        def __getitem__(self, fid: str) -> object:
            if removed(fid):
                raise KeyError(fid)
            return LIB[fid]

    with pytest.warns(CoopCarbonWarning, match=f"no grid factor for {alpha2}"):
        return grids.location_factor(alpha2, alpha3, 2024, Without())  # type: ignore[arg-type]


def test_nearest_year_is_a_note_not_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoopCarbonWarning)
        _location, market = energy.electricity("1000 kWh", year=2024, country="DE", library=LIB)
    assert market.factor_id == "energy.electricity.residual.de_2023"
    assert "for 2024: the earlier vintage 2023" in market.note


def test_world_factor_cites_its_source() -> None:
    factor = LIB[grids.WORLD_GRID]
    assert "Ember" in factor.source and factor.year == 2023
    table = Path(cc.factors.loading.bundled_tables_dir()) / "electricity_world.yaml"
    assert "verified: false" in table.read_text(encoding="utf-8")
