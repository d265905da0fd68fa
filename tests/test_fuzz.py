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
from coopcarbon.errors import CoopCarbonError, InputError, TableError
from coopcarbon.factors import check_table

DATA = Path(__file__).parent / "data"
TABLE = (DATA / "core_factors.yaml").read_text(encoding="utf-8")
BILAN = (DATA / "mini_bilan.yaml").read_text(encoding="utf-8") if not (
    DATA / "scop_test_bilan.yaml").is_file() else (DATA / "scop_test_bilan.yaml").read_text(encoding="utf-8")

#: Examples per fuzz test; the CI default keeps the whole file near a minute on two cores.
EXAMPLES = int(os.environ.get("COOPCARBON_FUZZ_EXAMPLES", "150"))
#: Longest a single input may take (parsing, validation, computation) [s].
MAX_SECONDS = float(os.environ.get("COOPCARBON_FUZZ_MAX_SECONDS", "10"))

FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
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
def _only_our_errors(call: Callable[[], Any], expected: type[CoopCarbonError]) -> None:
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
    except expected:
        pass
    except CoopCarbonError as exc:  # another of our errors: allowed (documented), but say which
        assert isinstance(exc, CoopCarbonError)
    elapsed = time.perf_counter() - start
    assert elapsed < MAX_SECONDS, f"took {elapsed:.1f} s"


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
    table = _write(folder, "table.yaml", content)
    _only_our_errors(lambda: cc.load_factors(table, bundled=False), TableError)
    bilan = _write(folder, "bilan.yaml", content)
    _only_our_errors(lambda: cc.Bilan.from_yaml(bilan).compute(), InputError)
    counter.tried("loaders", time.perf_counter() - start)
    assert not (folder / "PWNED").exists() and not Path("PWNED").exists()


@FUZZ
@given(content=random_bytes)
def test_fuzz_random_bytes(content: bytes, folder: Path, fuzz_counter: Any) -> None:
    _fuzz_one(content, folder, fuzz_counter)


@FUZZ
@given(text=yaml_texts)
def test_fuzz_yaml_documents(text: str, folder: Path, fuzz_counter: Any) -> None:
    _fuzz_one(text.encode("utf-8", "surrogatepass"), folder, fuzz_counter)


def test_fuzz_seed_documents_are_valid() -> None:
    """The documents the mutations start from are valid (so mutations probe real code paths)."""
    assert not check_table("core.yaml", TABLE.encode()).problems
    path = DATA / ("scop_test_bilan.yaml" if (DATA / "scop_test_bilan.yaml").is_file() else "mini_bilan.yaml")
    assert cc.Bilan.from_yaml(path).compute().lines
