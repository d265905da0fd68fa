"""A result keeps the engine's columns and makes its emission line objects only when asked.

The lines made from the columns must be those the engine makes one by one
(:func:`coopcarbon.engine.compute_lines`), and every total must be the same whether a result
holds columns or lines (a result read back from JSON holds lines).
"""

from __future__ import annotations

import copy
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.engine import compute_lines
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.factors.loading import load_factors
from coopcarbon.reports.data import result_from_json
from coopcarbon.result import BilanResult
from coopcarbon.units import Q

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def library() -> FactorLibrary:
    return load_factors(DATA / "mini_factors.yaml", bundled=False)


def _lines() -> list[ActivityLine]:
    return [
        ActivityLine(Q(1200, "passenger_km"), "mobility.train.tgv", label="Paris–Lyon", domain="mobility",
                     site="Lyon"),
        ActivityLine(Q(4000, "passenger_km"), "mobility.plane.short_haul", label="Toulouse–Paris",
                     domain="mobility", data_quality="estimated"),
        ActivityLine(magnitude=300.0, unit="vehicle_km", factor_id="mobility.car.petrol", domain="mobility",
                     group="commute", site="Lyon"),
        ActivityLine(Q(10000, "kWh"), "energy.electricity.fr.mix", domain="energy", scope2_method="location"),
        ActivityLine(Q(10000, "kWh"), "energy.electricity.fr.market", domain="energy", scope2_method="market"),
    ]


def _result(library: FactorLibrary) -> BilanResult:
    return Bilan("Scop Colonnes", 2024, 10).add(_lines()).compute(factors=library)


def test_lines_are_made_on_first_read_and_equal_the_engines(library: FactorLibrary) -> None:
    result = _result(library)
    assert result.columns is not None
    assert "lines" not in vars(result)  # totals and breakdowns read the columns
    assert result.by_scope()["2-market"].to("kgCO2e").magnitude == pytest.approx(300.0)  # 10 000 kWh × 0.03
    assert "lines" not in vars(result)
    assert result.lines == tuple(compute_lines(_lines(), library))
    assert result.lines is result.lines  # made once


def test_totals_are_the_same_from_columns_and_from_lines(library: FactorLibrary) -> None:
    columns = _result(library)
    lines = result_from_json(columns.to_json())
    assert lines.columns is None
    for name in ("by_scope", "by_ghg_category", "by_beges_post", "by_domain", "by_group", "by_site",
                 "by_entity", "by_factor"):
        assert getattr(columns, name)() == getattr(lines, name)(), name
    assert columns.total == lines.total
    assert columns.interval == lines.interval
    assert columns.intervals_by("group") == lines.intervals_by("group")


def test_json_round_trip_and_copies_keep_the_lines(library: FactorLibrary) -> None:
    result = _result(library)
    again = result_from_json(result.to_json())
    assert again.to_json() == result.to_json()
    assert [line.as_dict() for line in again.lines] == [line.as_dict() for line in result.lines]
    assert pickle.loads(pickle.dumps(result)).lines == result.lines  # noqa: S301  # our own bytes
    assert copy.deepcopy(_result(library)).total == result.total


def test_lines_given_to_replace_win_over_the_columns(library: FactorLibrary) -> None:
    result = _result(library)
    fewer = replace(result, lines=result.lines[:1])
    assert fewer.columns is None
    # 1200 passenger_km × 0.00293 kgCO2e/passenger_km = 3.516 kgCO2e
    assert fewer.total.to("kgCO2e").magnitude == pytest.approx(3.516, rel=1e-12)
    assert replace(result, year=2025).total == result.total


def test_an_unknown_attribute_is_still_an_error(library: FactorLibrary) -> None:
    with pytest.raises(AttributeError, match="no attribute 'linez'"):
        _result(library).linez  # type: ignore[attr-defined]  # noqa: B018


EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*/bilan-2024.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.parent.name)
def test_the_floats_reports_read_are_the_quantities_magnitudes(example: Path) -> None:
    """``total_tonnes``, ``tonnes_by`` and ``indicator_amounts`` give what the quantities give, key for key."""
    result = Bilan.from_yaml(example).compute()
    assert result.total_tonnes() == result.total.to("tCO2e").magnitude
    assert result.total_tonnes("market") == result.total_market_based.to("tCO2e").magnitude
    assert result.total_tonnes("without_non_co2") == result.total_without_non_co2.to("tCO2e").magnitude
    for key, quantities in [("scope", result.by_scope()), ("ghg_category", result.by_ghg_category()),
                            ("beges_post", result.by_beges_post()), ("beges_category", result.by_beges_category()),
                            ("domain", result.by_domain()), ("group", result.by_group()),
                            ("factor", result.by_factor()), ("site", result.by_site()),
                            ("entity", result.by_entity())]:
        floats = result.tonnes_by(key)
        assert list(floats) == list(quantities), key  # the same groups, in the same order
        assert floats == {k: q.to("tCO2e").magnitude for k, q in quantities.items()}, key
        assert set(result.intervals_by(key)) <= set(floats), key
    assert result.indicator_amounts() == {name: (q.magnitude, f"{q.units:~P}")
                                          for name, q in result.indicators().items()}


def test_an_unknown_breakdown_names_the_known_ones(library: FactorLibrary) -> None:
    result = _result(library)
    with pytest.raises(ValueError, match=r"unknown breakdown 'post'.*beges_post"):
        result.tonnes_by("post")
    with pytest.raises(ValueError, match="unknown breakdown"):
        result.intervals_by("post")
