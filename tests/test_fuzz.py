"""Fuzzing the factor-table and bilan loaders: only coopcarbon's own errors, never a hang.

Random bytes, random YAML documents and mutations of a valid table and a valid bilan go to
``check_table``, ``load_factors(path, bundled=False)`` and ``Bilan.from_yaml(...).compute()``.
Each must either succeed or raise a :class:`~coopcarbon.errors.CoopCarbonError` (never a
``KeyError``, ``TypeError``, ``RecursionError``... from inside), within a bounded time.

The number of examples per test comes from ``COOPCARBON_FUZZ_EXAMPLES`` (CI default below,
about a minute on two cores); ``docs/how-to/fuzzing.md`` gives the longer command. The number of
inputs tried is printed in pytest's terminal summary ("coopcarbon fuzz").
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.errors import CoopCarbonError
from coopcarbon.factors import check_table
from coopcarbon.io.yamlfile import load_yaml

DATA = Path(__file__).parent / "data"
TABLE = (DATA / "core_factors.yaml").read_text(encoding="utf-8")
BILAN = (DATA / "mini_bilan.yaml").read_text(encoding="utf-8") if not (
    DATA / "scop_test_bilan.yaml").is_file() else (DATA / "scop_test_bilan.yaml").read_text(encoding="utf-8")

#: Examples per fuzz test; the CI default keeps the whole file near a minute on two cores.
EXAMPLES = int(os.environ.get("COOPCARBON_FUZZ_EXAMPLES", "1000"))
#: Longest a single input may take (parsing, validation, computation) [s].
MAX_SECONDS = float(os.environ.get("COOPCARBON_FUZZ_MAX_SECONDS", "10"))

#: The test-suite run is derandomised (the same inputs every time, so CI is reproducible);
#: ``COOPCARBON_FUZZ_RANDOM=1`` (``make fuzz``) explores new inputs.
RANDOM = bool(os.environ.get("COOPCARBON_FUZZ_RANDOM"))

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

# -- strategies -------------------------------------------------------------------------------
#: Scalars that have broken YAML loaders: tags, anchors, special floats, huge numbers, NULs.
NASTY = [
    "!!python/object/apply:os.system ['touch PWNED']", "!!python/name:os.system", "!foo bar",
    "!!binary aGVsbG8=", "!!int abc", "!!float x", "!!timestamp 2024-13-45", "!!set {a, b}",
    "!!omap [a: 1]", "!!str 12", "! 12", "&a 1", "*a", "*undefined", "<<", "<<: 1", ".nan", "-.inf",
    "1e400", "-0", "0x1F", "0o17", "0b101", "1_000", "1:20:30", "2024-02-30", "~", "null", "yes",
    "[]", "{}", "[[[[[[[[]]]]]]]]", "'unterminated", '"\\x00"', '"\\ud800"', "é", "-1", "0", "1e-400",
    "12 km", "nan km", "-5 kWh", "inf device", "12 passenger_km", "3 vehicle_km", "1 kWh", "' '", "x" * 300,
    "{type: supplier_mix}", "[1, 2]", "[45.7, 5.08, 1]", "|\n  block", ">-\n  folded", "? complex\n: key",
    "%YAML 1.1", "---", "...", "\t", "#comment", "@reserved", "`tick", "% percent",
]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["organisation", "year", "headcount", "factors", "table", "value", "unit",
                     "kgCO2e/kWh", "12 km", "mobility.train.tgv", "trips", "activities", "quantity",
                     "factor_id", "sites", "electricity", "energy", "hardware", "devices"]),
)
KEYS = st.one_of(st.text(max_size=12), st.sampled_from(
    ["organisation", "year", "headcount", "table", "factors", "name", "version", "source", "license",
     "retrieved", "value", "unit", "trips", "mode", "distance", "activities", "quantity", "factor_id",
     "electricity", "contract", "type", "shares", "hardware", "devices", "kind", "count", "sites"]))
documents = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=6), st.dictionaries(KEYS, children, max_size=6)), max_leaves=40)


def _safe_dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def text_mutations(draw: st.DrawFn, text: str) -> str:
    """A valid document with a few line-level mutations (delete, duplicate, retype, tag...)."""
    lines = text.splitlines()
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "value", "key", "indent", "insert", "truncate"]))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "value" and ":" in line:
            head = line.split(":", 1)[0]
            lines[i] = f"{head}: {draw(st.sampled_from(NASTY))}"
        elif op == "key" and ":" in line:
            indent = line[: len(line) - len(line.lstrip())]
            rest = line.split(":", 1)[1]
            lines[i] = f"{indent}{draw(st.text(min_size=1, max_size=10))}:{rest}"
        elif op == "indent":
            lines[i] = " " * draw(st.integers(min_value=0, max_value=8)) + line.lstrip()
        elif op == "insert":
            lines.insert(i, draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=40))))
        else:
            cut = draw(st.integers(min_value=0, max_value=len(line)))
            lines[i] = line[:cut]
    return "\n".join(lines) + "\n"


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*prefix, i))
    return found


@st.composite
def data_mutations(draw: st.DrawFn, text: str) -> str:
    """A valid document read, changed as data (drop a key, change a type, add a field), re-dumped."""
    data = yaml.safe_load(text)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        op = draw(st.sampled_from(["drop", "retype", "add"]))
        if op == "drop":
            del parent[path[-1]]
        elif op == "retype":
            parent[path[-1]] = draw(documents)
        elif isinstance(parent, dict):
            parent[draw(KEYS)] = draw(scalars)
        else:
            parent.append(draw(documents))
    return _safe_dump(data)


# Bilans with the right shape and odd values: these reach the domain helpers and the engine.
UNITS = ["km", "kWh", "MWh", "passenger_km", "vehicle_km", "device", "kEUR", "EUR", "L", "kg", "m2",
         "day", "meal", "night", "", "kmz", "kgCO2e", "tonne", "%", "km/h", "1/km"]
NUMBERS = st.one_of(st.sampled_from([0, 1, 2, 3, 5, 0.5, 12, 460, 2020, 2024]),
                    st.sampled_from([-1, 1e9, 1e-9, 1e308]), st.floats(allow_nan=True, allow_infinity=True))
quantities = st.one_of(st.tuples(NUMBERS, st.sampled_from(UNITS)).map(lambda t: f"{t[0]} {t[1]}".strip()),
                       st.tuples(NUMBERS, st.sampled_from(UNITS)).map(lambda t: f"{t[0]} {t[1]}".strip()),
                       st.sampled_from(NASTY), NUMBERS)
odd = st.one_of(NUMBERS, st.booleans(), st.none(), st.text(max_size=8), quantities)
MODES = ["train.tgv", "car", "car.diesel", "carpool", "bus", "tram", "plane", "bike", "walk", "train.ter",
         "plane.long_haul", "metro", "scooter.electric", "boat", "taxi"]


def _entry(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """An entry with some of ``fields`` (each value either plausible or odd)."""
    return st.fixed_dictionaries({}, optional={k: st.one_of(v, v, v, odd) for k, v in fields.items()})


SITE_NAMES = st.sampled_from(["Lyon", "Berlin", "Lyonn", ""])
bilan_documents = st.fixed_dictionaries(
    {"organisation": st.just("Fuzz"), "year": st.sampled_from([2024, 1990, 2100, 2019]),
     "headcount": st.sampled_from([1, 10, 40])},
    optional={
        "sites": st.lists(_entry({"name": SITE_NAMES, "country": st.sampled_from(["FR", "DE", "XX", "fr"]),
                                  "floor_area": quantities, "share": NUMBERS}), max_size=2),
        "trips": st.lists(_entry({"mode": st.sampled_from(MODES), "distance": quantities,
                                  "travellers": NUMBERS, "occupants": NUMBERS, "round_trip": st.booleans(),
                                  "origin": st.tuples(NUMBERS, NUMBERS),
                                  "destination": st.tuples(NUMBERS, NUMBERS)}), max_size=3),
        "commute": _entry({"respondents": st.lists(_entry({
            "mode": st.sampled_from(MODES), "one_way_distance": quantities,
            "days_on_site_per_week": NUMBERS, "telework_days_per_week": NUMBERS, "count": NUMBERS,
            "occupants": NUMBERS, "fuel": st.sampled_from(["petrol", "diesel", "x"]),
            "weeks_per_year": NUMBERS}), max_size=3), "headcount": NUMBERS}),
        "heating": st.lists(_entry({"site": SITE_NAMES, "carrier": st.sampled_from(
            ["natural_gas", "fuel_oil", "heat_network", "wood_pellets", "gas"]), "energy": quantities,
            "basis": st.sampled_from(["PCS", "PCI"]), "share": NUMBERS}), max_size=2),
        "electricity": st.lists(_entry({"site": SITE_NAMES, "energy": quantities,
                                        "country": st.sampled_from(["FR", "DE", "DEU", "XX"]),
                                        "contract": st.one_of(
                                            _entry({"type": st.just("supplier_mix"), "supplier": st.just("S"),
                                                    "source": st.just("s"), "shares": st.dictionaries(
                                                        st.sampled_from(["hydro", "nuclear", "wind_onshore",
                                                                         "coal", "unobtainium"]), NUMBERS)}),
                                            _entry({"type": st.just("declared_factor"),
                                                    "factor_id": st.sampled_from(
                                                        ["energy.electricity.supplier.enercoop", "hardware.laptop",
                                                         "mobility.train.tgv", "no.such"])}),
                                            _entry({"type": st.just("guarantees_of_origin"),
                                                    "technology": st.sampled_from(["hydro", "solar", "x"])}))}),
                                max_size=2),
        "solar": st.lists(_entry({"produced": quantities, "self_consumed": quantities}), max_size=1),
        "refrigerants": st.lists(_entry({"refrigerant": st.sampled_from(["r410a", "r32", "x"]),
                                         "refilled": quantities, "charge": quantities, "leak_rate": NUMBERS,
                                         "gwp": st.sampled_from(["AR5", "AR6"])}), max_size=1),
        "buildings": st.lists(_entry({"site": SITE_NAMES, "floor_area": quantities, "year_built": NUMBERS,
                                      "lifetime": NUMBERS, "kind": st.sampled_from(["construction", "renovation"]),
                                      "share": NUMBERS}), max_size=1),
        "fleet": _entry({"fuel": st.lists(_entry({"fuel": st.sampled_from(["diesel", "petrol", "x"]),
                                                  "volume": quantities}), max_size=2),
                         "distance": st.lists(_entry({"vehicle": st.sampled_from(["hybrid", "car.diesel", "bus"]),
                                                      "distance": quantities}), max_size=2)}),
        "hardware": _entry({"convention": st.sampled_from(["amortised", "purchase_year"]),
                            "devices": st.lists(_entry({
                                "kind": st.sampled_from(["laptop", "monitor", "server", "x"]), "count": NUMBERS,
                                "purchase_year": NUMBERS, "lifetime": NUMBERS, "refurbished": st.booleans(),
                                "screen_size": quantities}), max_size=3)}),
        "activities": st.lists(_entry({"quantity": quantities, "factor_id": st.sampled_from(
            ["mobility.train.tgv", "hardware.laptop", "energy.gas.natural", "purchases.services.insurance",
             "mobility.car.petrol", "energy.electricity.fr.mix_2024", "no.such"]),
            "scope": st.sampled_from([1, 2, 3]), "ghg_category": NUMBERS, "beges_post": st.sampled_from(
                ["1.1", "2.1", "3.5", "9.9"]), "basis": st.sampled_from(["PCS", "PCI"]),
            "scope2_method": st.sampled_from(["location", "market"]), "uncertainty": NUMBERS}), max_size=3),
    })

yaml_texts = st.one_of(documents.map(_safe_dump), text_mutations(TABLE), text_mutations(BILAN),
                       data_mutations(TABLE), data_mutations(BILAN))
random_bytes = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=40).map(lambda b: TABLE.encode() + b),
    st.tuples(st.integers(min_value=0, max_value=len(BILAN)), st.binary(min_size=1, max_size=20)).map(
        lambda t: BILAN.encode()[: t[0]] + t[1] + BILAN.encode()[t[0]:]),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


# -- the property -----------------------------------------------------------------------------
def _outcome(call: Callable[[], Any]) -> str:
    """``"ok"`` or the name of the coopcarbon error ``call`` raised; anything else propagates."""
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
        outcome = "ok"
    except CoopCarbonError as exc:
        assert str(exc)  # a message, and one that can be built
        outcome = type(exc).__name__
    elapsed = time.perf_counter() - start
    assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"
    return outcome


def _write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _fuzz_one(content: bytes, folder: Path, counter: Any) -> None:
    start = time.perf_counter()
    checked = check_table("fuzz.yaml", content)  # never raises: problems are returned
    assert checked.problems or checked.table is not None
    assert all(isinstance(p.message, str) and p.file == "fuzz.yaml" for p in checked.problems)
    table = _write(folder, "table.yaml", content)
    table_outcome = _outcome(lambda: cc.load_factors(table, bundled=False))
    bilan = _write(folder, "bilan.yaml", content)
    bilan_outcome = _outcome(lambda: cc.Bilan.from_yaml(bilan).compute())
    counter.tried(f"table {table_outcome}", 0.0)
    counter.tried(f"bilan {bilan_outcome}", time.perf_counter() - start)
    assert not (folder / "PWNED").exists() and not Path("PWNED").exists()


@FUZZ
@given(content=random_bytes)
def test_fuzz_random_bytes(content: bytes, folder: Path, fuzz_counter: Any) -> None:
    _fuzz_one(content, folder, fuzz_counter)


@FUZZ
@given(text=yaml_texts)
def test_fuzz_yaml_documents(text: str, folder: Path, fuzz_counter: Any) -> None:
    _fuzz_one(text.encode("utf-8", "surrogatepass"), folder, fuzz_counter)


@FUZZ
@given(data=bilan_documents)
def test_fuzz_bilan_shapes(data: dict[str, Any], folder: Path, fuzz_counter: Any) -> None:
    _fuzz_one(_safe_dump(data).encode("utf-8", "surrogatepass"), folder, fuzz_counter)


def _read_both_ways(text: str) -> list[Any]:
    """The document (data, marks) or the error, read with every mark and with lazy marks."""
    results: list[Any] = []
    for marks in ("all", "lazy"):
        try:
            document = load_yaml("fuzz.yaml", text=text, marks=marks)  # type: ignore[arg-type]
        except CoopCarbonError as exc:
            results.append([(p.line, p.column, p.field, p.message) for p in exc.problems])
            continue
        first_levels = dict(document._marks)  # what the lazy pass recorded before any look-up
        results.append((repr(document.data), document.marks))
        assert first_levels.items() <= document.marks.items()
    return results


@FUZZ
@given(text=yaml_texts)
def test_fuzz_lazy_marks_read_the_same(text: str) -> None:
    """Tables are read with lazy marks: same data, same errors and, once asked, same marks."""
    full, lazy = _read_both_ways(text)
    assert lazy == full


def test_fuzz_seed_documents_are_valid() -> None:
    """The documents the mutations start from are valid (so mutations probe real code paths)."""
    assert not check_table("core.yaml", TABLE.encode()).problems
    path = DATA / ("scop_test_bilan.yaml" if (DATA / "scop_test_bilan.yaml").is_file() else "mini_bilan.yaml")
    assert cc.Bilan.from_yaml(path).compute().lines
