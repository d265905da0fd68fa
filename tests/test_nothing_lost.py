"""Nothing lost: every line given is in the result (or in an error), totals are sums of lines in
every layout, and the result and bilan files survive their round trips (JSON, CSV, YAML)."""

from __future__ import annotations

import csv
import io
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.bilanfile.writer import _Dumper  # the dumper of Bilan.to_yaml: strings read back identical
from coopcarbon.errors import InputError
from coopcarbon.io.cells import restore
from coopcarbon.reports.data import result_from_json
from tests.strategies import magnitudes, non_negative

PROPERTY = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

#: Activity units a line can be built in, per factor denominator (same dimension, other spelling too).
UNITS = {"kWh": ("kWh", "MWh", "GJ"), "passenger_km": ("passenger_km",), "vehicle_km": ("vehicle_km",),
         "device": ("device",), "kEUR": ("kEUR", "EUR"), "meal": ("meal",), "night": ("night",),
         "kg": ("kg", "tonne", "g")}


@lru_cache(maxsize=1)
def pool() -> tuple[tuple[str, str, str | None, int], ...]:
    """(factor id, denominator, basis, scope) of every bundled factor a line can be built for."""
    library = cc.load_factors()
    found = []
    for factor in library.values():
        denominator = factor.unit.split("/", 1)[1].strip() if "/" in factor.unit else ""
        if denominator in UNITS:
            found.append((factor.id, denominator, factor.basis, factor.scope))
    return tuple(sorted(found))


labels = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)


@st.composite
def activity_lines(draw: st.DrawFn) -> cc.ActivityLine:
    factor_id, denominator, basis, scope = draw(st.sampled_from(pool()))
    unit = draw(st.sampled_from(UNITS[denominator]))
    return cc.ActivityLine(
        cc.Q(draw(non_negative), unit), factor_id, label=draw(labels),
        domain=draw(st.sampled_from(cc.activities.DOMAINS)),
        data_quality=draw(st.sampled_from(list(cc.activities.DataQuality))),
        activity_uncertainty=draw(st.none() | st.floats(0, 1)),
        basis="PCS" if basis == "PCS" else "PCI" if basis == "PCI" else None,
        scope2_method=draw(st.sampled_from(["location", "market"])) if scope == 2 else None,
        site=draw(st.sampled_from(["", "Lyon", "Nantes"])), group=draw(st.sampled_from(["", "commute", "x"])),
        note=draw(labels))


line_lists = st.lists(activity_lines(), max_size=25)


def _t(q: Any) -> float:
    return float(q.to("tCO2e").magnitude)


def assert_totals_are_sums(result: cc.BilanResult) -> None:
    """Every layout of ``result`` adds up to the sum of its lines (market-based scope 2 apart)."""
    main = [line for line in result.lines if line.in_main_total]
    total = math.fsum(line.kg for line in main) / 1000
    assert _t(result.total) == pytest.approx(total, rel=1e-9, abs=1e-12)
    market = math.fsum(line.kg for line in result.lines if line.scope_key != "2-location") / 1000
    assert _t(result.total_market_based) == pytest.approx(market, rel=1e-9, abs=1e-12)
    scope = {k: _t(v) for k, v in result.by_scope().items()}
    assert scope["1"] + scope["2-location"] + scope["3"] == pytest.approx(total, rel=1e-9, abs=1e-12)
    assert scope["1"] + scope["2-market"] + scope["3"] == pytest.approx(market, rel=1e-9, abs=1e-12)
    assert math.fsum(map(_t, result.by_ghg_category().values())) == pytest.approx(scope["3"], rel=1e-9, abs=1e-12)
    for layout in (result.by_beges_category(), result.by_beges_post(), result.by_domain(), result.by_group(),
                   result.by_factor()):
        assert math.fsum(map(_t, layout.values())) == pytest.approx(total, rel=1e-9, abs=1e-12)


def _bilan(lines: list[cc.ActivityLine]) -> cc.Bilan:
    return cc.Bilan(organisation="Scop Test", year=2024, headcount=12).add(lines)


@PROPERTY
@given(lines=line_lists)
def test_every_line_is_in_the_result_in_order_and_totals_are_sums(lines: list[cc.ActivityLine]) -> None:
    result = _bilan(lines).compute()
    assert [line.activity for line in result.lines] == lines
    assert_totals_are_sums(result)


@PROPERTY
@given(lines=line_lists)
def test_result_json_round_trip_is_equal(lines: list[cc.ActivityLine]) -> None:
    result = _bilan(lines).compute()
    again = result_from_json(result.to_json())
    assert again.to_dict() == result.to_dict()
    assert [line.kg for line in again.lines] == [line.kg for line in result.lines]
    assert_totals_are_sums(again)


def _without_lone_cr(line: cc.ActivityLine) -> cc.ActivityLine:
    from dataclasses import replace

    return replace(line, label=line.label.replace("\r", "\n"), note=line.note.replace("\r", "\n"))


@PROPERTY
@given(lines=st.lists(activity_lines().map(_without_lone_cr), max_size=25))
def test_result_csv_is_lossless(lines: list[cc.ActivityLine]) -> None:
    result = _bilan(lines).compute()
    rows = list(csv.DictReader(io.StringIO(result.to_csv(), newline="")))
    assert len(rows) == len(result.lines)
    for row, line in zip(rows, result.lines, strict=True):
        assert float(row["co2e_kg"]) == line.kg
        assert float(row["quantity"]) == float(line.activity.quantity.magnitude)
        # text cells come back through restore(): a formula-like cell is written with a leading '
        assert tuple(restore(row[k]) for k in ("factor_id", "label", "note", "site")) == (
            line.factor.id, line.activity.label, line.activity.note, line.activity.site)
        assert float(row["factor_value"]) == float(line.factor.value.magnitude)


def test_csv_keeps_a_lone_carriage_return() -> None:
    line = cc.ActivityLine(cc.Q("1 device"), "hardware.laptop", label="old\rnew")
    rows = list(csv.DictReader(io.StringIO(_bilan([line]).compute().to_csv(), newline="")))
    assert [row["label"] for row in rows] == ["old\rnew"]


@PROPERTY
@given(lines=line_lists)
def test_python_lines_survive_the_bilan_file(tmp_path_factory: pytest.TempPathFactory,
                                             lines: list[cc.ActivityLine]) -> None:
    bilan = _bilan(lines)
    path = tmp_path_factory.mktemp("yaml") / "bilan.yaml"
    bilan.to_yaml(path)
    again = cc.Bilan.from_yaml(path)
    assert again.activity_lines() == lines
    before, after = bilan.compute(), again.compute()
    assert after.to_dict()["lines"] == before.to_dict()["lines"]
    assert after.total == before.total


# -- bilan files: domain sections ---------------------------------------------------------------
quantity_text = magnitudes.map(lambda x: f"{x!r}")
bilan_inputs = st.fixed_dictionaries({
    "trips": st.lists(st.fixed_dictionaries(
        {"mode": st.sampled_from(["train.tgv", "train.ter", "bus", "car.diesel", "car.petrol"]),
         "distance": quantity_text.map(lambda x: f"{x} km"),
         "travellers": st.integers(1, 40), "round_trip": st.booleans(), "label": labels}), max_size=4),
    "heating": st.lists(st.fixed_dictionaries(
        {"carrier": st.sampled_from(["natural_gas", "biomethane", "wood_pellets", "heat_network"]),
         "energy": quantity_text.map(lambda x: f"{x} kWh")}), max_size=2),
    "electricity": st.lists(st.fixed_dictionaries(
        {"energy": quantity_text.map(lambda x: f"{x} MWh"), "country": st.sampled_from(["FR", "DE", "ES"])}),
        max_size=3, unique_by=lambda e: (e["energy"], e["country"])),
    "hardware": st.fixed_dictionaries({"devices": st.lists(st.fixed_dictionaries(
        {"kind": st.sampled_from(["laptop", "monitor", "smartphone", "server"]), "count": st.integers(0, 200),
         "purchase_year": st.integers(2015, 2024), "lifetime": st.floats(0.5, 12)}), max_size=4)}),
    "activities": st.lists(st.fixed_dictionaries(
        {"quantity": quantity_text.map(lambda x: f"{x} kEUR"),
         "factor_id": st.sampled_from(["purchases.services.insurance", "purchases.goods.furniture"]),
         "label": labels}), max_size=3),
})


def _write_bilan(folder: Path, inputs: dict[str, Any]) -> Path:
    data = {"schema_version": "1", "organisation": "Scop Test", "year": 2024, "headcount": 40, **inputs}
    path = folder / "bilan.yaml"
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@PROPERTY
@given(inputs=bilan_inputs)
def test_bilan_file_round_trips_and_adds_up(tmp_path_factory: pytest.TempPathFactory,
                                            inputs: dict[str, Any]) -> None:
    folder = tmp_path_factory.mktemp("bilan")
    bilan = cc.Bilan.from_yaml(_write_bilan(folder, inputs))
    result = bilan.compute()
    assert_totals_are_sums(result)
    # every entry gives lines: one per trip (two when a round trip is one line? at least one),
    # per electricity entry, a location-based line (in France, the 2024 mix's three posts: generation,
    # upstream, grid losses) and a market-based one; one line per activity
    assert sum(line.activity.group == "electricity" for line in result.lines) == sum(
        4 if entry["country"] == "FR" else 2 for entry in inputs["electricity"])
    assert [line.activity.label for line in result.lines if line.factor.id.startswith("purchases.")] == [
        a["label"] for a in inputs["activities"]]
    assert len(result.lines) >= len(inputs["trips"]) + len(inputs["heating"]) + len(inputs["activities"])
    # file → Bilan → file → Bilan: same lines, same totals
    again_path = folder / "again.yaml"
    bilan.to_yaml(again_path)
    again = cc.Bilan.from_yaml(again_path).compute()
    assert again.to_dict()["lines"] == result.to_dict()["lines"]
    assert again.to_dict()["totals"] == result.to_dict()["totals"]
    # → JSON → result: equal
    assert result_from_json(result.to_json()).to_dict() == result.to_dict()


@PROPERTY
@given(good=st.lists(st.booleans(), min_size=1, max_size=8))
def test_every_activity_is_in_the_result_or_in_the_error(tmp_path_factory: pytest.TempPathFactory,
                                                         good: list[bool]) -> None:
    activities = [{"quantity": f"{i + 1} device", "factor_id": "hardware.laptop", "label": f"line {i}"}
                  if ok else {"quantity": f"{i + 1} kWh", "factor_id": "hardware.laptop", "label": f"line {i}"}
                  for i, ok in enumerate(good)]
    path = _write_bilan(tmp_path_factory.mktemp("mixed"), {"activities": activities})
    if all(good):
        result = cc.Bilan.from_yaml(path).compute()
        assert [line.activity.label for line in result.lines] == [a["label"] for a in activities]
        return
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(path).compute()
    assert [p.field for p in info.value.problems] == [
        f"activities[{i}].quantity" for i, ok in enumerate(good) if not ok]
