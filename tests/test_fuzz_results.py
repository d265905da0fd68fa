"""Fuzzing JSON results: any document either reads and renders, or raises InputError.

A JSON result may come from anywhere (see :mod:`coopcarbon.reports.document`). Arbitrary JSON
documents, and mutations of a valid result (a field replaced by any JSON value, or removed), go
to :func:`~coopcarbon.reports.data.result_from_json`; whatever reads must then render as
Markdown (both languages), HTML, CSV and a comparison with a valid result, and as JSON unless a
total overflows (an InputError too). Anything else (``KeyError``, ``TypeError``,
``ZeroDivisionError``, ``RecursionError``...) is a defect. The draws are derandomised (the
same inputs on every run) and the number of examples comes from ``COOPCARBON_FUZZ_EXAMPLES``,
so the file takes seconds in CI; HTML charts are left out (matplotlib would dominate the time;
``test_bad_inputs_reports`` draws them).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.errors import InputError, MissingDependencyError
from coopcarbon.factors.loading import load_factors
from coopcarbon.reports import charts
from coopcarbon.reports.data import result_from_json, result_to_csv
from coopcarbon.reports.html import to_html
from coopcarbon.reports.markdown import comparison_to_markdown, to_markdown
from coopcarbon.units import Q

DATA = Path(__file__).parent / "data"
EXAMPLES = min(int(os.environ.get("COOPCARBON_FUZZ_EXAMPLES", "1000")) // 4, 400)
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def _valid_document() -> dict[str, Any]:
    library = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation="Scop Fuzz", year=2024, headcount=5)
    bilan.add([
        ActivityLine(Q(1200, "passenger_km"), "mobility.train.tgv", domain="mobility", site="Lyon"),
        ActivityLine(Q(4000, "passenger_km"), "mobility.plane.short_haul", domain="mobility",
                     data_quality="extrapolated"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.mix", domain="energy", scope2_method="location"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.market", domain="energy", scope2_method="market"),
        ActivityLine(Q(61000, "kWh"), "energy.gas.natural", domain="buildings", basis="PCS"),
        ActivityLine(Q(3, "device"), "hardware.laptop", domain="hardware"),
    ])
    document: dict[str, Any] = json.loads(bilan.compute(factors=library, samples=200, seed=1).to_json())
    return document


VALID = _valid_document()
VALID_RESULT = result_from_json(json.dumps(VALID))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
    | st.sampled_from(["1.2", "3.5", "kgCO2e", "kWh", "market", "location", "PCS", "measured", "1.0"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            yield from _paths(item, (*path, index))


PATHS = [p for p in _paths(VALID) if p]


def _mutated(document: dict[str, Any], path: tuple[Any, ...], value: Any, remove: bool) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(document))
    parent: Any = copy
    for key in path[:-1]:
        parent = parent[key]
    if remove and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copy


@pytest.fixture(autouse=True)
def _no_charts(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise MissingDependencyError("matplotlib", "plot", "charts")

    monkeypatch.setattr(charts, "require_matplotlib", missing)


def render(text: str) -> None:
    """Read a JSON result and draw every report from it; InputError is the only refusal allowed."""
    try:
        result = result_from_json(text, source="fuzz.json")
    except InputError as error:
        assert error.problems and error.problems[0].file == "fuzz.json"
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy may overflow to inf on huge values
        for lang in ("fr", "en"):
            assert to_markdown(result, lang).endswith("\n")
        assert to_html(result, "en").endswith("</html>\n")
        assert comparison_to_markdown(result.compare(VALID_RESULT), "fr").endswith("\n")
        result_to_csv(result)
        try:
            again = result_from_json(result.to_json())
        except InputError as error:  # a total overflowed: JSON refuses to write it
            assert "not a finite number" in str(error)
        else:
            assert again.to_dict() == result.to_dict()


def test_the_valid_document_renders() -> None:
    render(json.dumps(VALID))


@FUZZ
@given(json_values)
def test_arbitrary_json_documents(value: Any) -> None:
    render(json.dumps(value))


@FUZZ
@given(st.sampled_from(PATHS), json_values, st.booleans())
def test_mutated_results(path: tuple[Any, ...], value: Any, remove: bool) -> None:
    render(json.dumps(_mutated(VALID, path, value, remove)))


@FUZZ
@given(st.sampled_from(PATHS), st.sampled_from([0, -1, 1e308, -1e308, 1e-320, 10**30, True, "", "NaN", []]))
def test_edge_values_in_results(path: tuple[Any, ...], value: Any) -> None:
    render(json.dumps(_mutated(VALID, path, value, remove=False)))


@FUZZ
@given(st.binary(max_size=200))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        result_from_json(data, source="fuzz.json")
    except InputError:
        pass


def test_a_factor_whose_unit_changed_dimension_compares() -> None:
    """Found by reading Comparison: the same factor id in another dimension must not crash."""
    changed = json.loads(json.dumps(VALID))
    changed["lines"][0]["unit"] = "kgCO2e/kWh"
    render(json.dumps(changed))
