"""The quick way to a table's rows (column checks, no pydantic) gives what the pydantic models give.

On the bundled tables, on the benchmark's generated table and on generated tables with values
at and beyond every bound: whenever the quick checks take a table, its rows are the validated
table's rows, value for value and type for type, and the library merged from them is the same;
a table with a problem is never taken, and loading it gives the problems the models give.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.errors import TableError
from coopcarbon.factors import loading, tablerows
from coopcarbon.factors.rows import rows_of
from coopcarbon.factors.schema import FactorEntry, QualityScores, TableFile
from coopcarbon.factors.tablerows import RowTable, checked_rows, quick_rows, read_yaml_table
from coopcarbon.factors.validate import CheckedTable, validate_document
from coopcarbon.io.yamlfile import Document

from .helpers import typed

SRC = Path(__file__).resolve().parents[1] / "src"




def both_ways(path: str, text: str) -> tuple[RowTable | None, CheckedTable, Document]:
    raw = text.encode()
    digest = hashlib.sha256(raw).hexdigest()
    document = read_yaml_table(path, raw)
    assert isinstance(document, Document)
    return quick_rows(document, digest), validate_document(document, digest), document


def assert_same(quick: RowTable, checked: CheckedTable, document: Document) -> None:
    assert not checked.problems and checked.table is not None
    slow = checked_rows(checked.file, checked.digest, checked.table, document)
    assert typed(quick.rows) == typed(slow.rows)
    assert list(quick.rows) == list(slow.rows)  # in the table's order
    assert (quick.name, quick.version, quick.file, quick.digest, quick.overriding, quick.parameters) == \
        (slow.name, slow.version, slow.file, slow.digest, slow.overriding, slow.parameters)
    (fast_library, _), (slow_library, _) = loading._merge([(quick, False)]), loading._merge([(slow, False)])
    assert fast_library.fingerprint == slow_library.fingerprint
    assert typed(rows_of(fast_library.factors)) == typed(rows_of(slow_library.factors))


def literal_values(annotation: Any) -> set[Any]:
    """The values of the ``Literal`` in ``annotation`` (also inside ``... | None``)."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    return set().union(*(literal_values(a) for a in typing.get_args(annotation)))


def test_the_defaults_and_choices_are_those_of_the_models() -> None:
    fields = FactorEntry.model_fields
    assert set(fields) == tablerows._QUICK_FIELDS | {"indicators", "parts", "gases"}
    assert {name for name, info in fields.items() if info.is_required()} == set(tablerows._REQUIRED)
    assert {name: fields[name].default for name in tablerows.DEFAULTS} == tablerows.DEFAULTS
    for name, allowed in tablerows._CHOICES.items():
        assert allowed - {None} == literal_values(fields[name].annotation), name
    assert tablerows._QUALITY_FIELDS == tuple(QualityScores.model_fields)


@pytest.mark.parametrize("path", [path for path, _ in loading._table_files((), bundled=True)], ids=lambda p: p.name)
def test_bundled_tables_give_the_same_rows_both_ways(path: Path) -> None:
    quick, checked, document = both_ways(str(path), path.read_text(encoding="utf-8"))
    if quick is not None:
        assert_same(quick, checked, document)
    else:  # parameters, indicators, parts or gases: the models read it
        data = document.data
        assert "parameters" in data or any({"indicators", "parts", "gases"} & entry.keys()
                                           for entry in data["factors"].values())


def test_most_bundled_tables_are_taken_by_the_quick_checks() -> None:
    taken = [path.name for path, _ in loading._table_files((), bundled=True)
             if both_ways(str(path), path.read_text(encoding="utf-8"))[0] is not None]
    assert {"digital.yaml", "meals.yaml", "refrigerants.yaml", "waste.yaml"} <= set(taken)


def test_the_benchmark_table_is_taken_and_gives_the_same_library(tmp_path: Path) -> None:
    sys.path.insert(0, str(SRC.parent / "benchmarks"))
    try:
        from run import write_table  # the 20 000-factor table of benchmark B4, smaller
    finally:
        sys.path.pop(0)
    path = tmp_path / "bench.yaml"
    write_table(path, 500, prefix="user")
    quick, checked, document = both_ways(str(path), path.read_text(encoding="utf-8"))
    assert quick is not None
    assert_same(quick, checked, document)


# -- generated tables -----------------------------------------------------------------------------
#: Values of each field: those the models take (some converted: 1 to 1.0, 43256 to "43256", spaces
#: stripped), then those they refuse.
QUALITY = {"reliability": 1, "completeness": 2, "temporal": 3, "geographic": 4, "technological": 5}
FIELD_VALUES: dict[str, tuple[list[Any], list[Any]]] = {
    "name_fr": (["Facteur", "  avec espaces  "], ["", " ", 12, None]),
    "name_en": (["Factor", "x"], [[]]),
    "value": ([0, 0.5, 1, 2.5e-3, -0.0, 10**20], [-1, float("inf"), float("nan"), True, "1.5", 10**400]),
    "unit": (["kgCO2e/kWh", "kgCO2e/passenger_km", "kgCO2e / kWh"], ["kWh", "kgCO2e/unicorn", " kgCO2e/kWh"]),
    "source": (["ADEME", " ADEME "], [" ", 5]),
    "year": ([2024, 1990, 2100], [1989, 2101, 2024.0, "2024", True]),
    "uncertainty": ([None, 0, 0.2, 1, 1.0], [1.01, -0.1, "0.2", False, float("nan")]),
    "uncertainty_source": (["", "ADEME"], [3]),
    "quality": ([None, QUALITY], [QUALITY | {"technological": 6}, {"reliability": 1}, QUALITY | {"temporal": 3.0},
                                  QUALITY | {"other": 1}, 3]),
    "process_kind": ([None, "energy_demand", "transport_service"], ["magic", 1]),
    "source_id": (["", "43256", 43256, 1.5, " 12 "], [True, None]),
    "source_key": ([None, "ADEME-BE", " ADEME-BE "], ["ademe", 3]),
    "verified": ([False], ["oui", 1, None]),
    "source_url": (["", "https://example.org"], [None]),
    "valid_from": ([None, 2020], [1980, 2020.0]),
    "valid_to": ([None, 2025, 2030], [2101]),
    "region": (["FR", " EU "], [None]),
    "gwp": (["AR5", "AR6", "AR4"], ["AR7", 5, " AR5"]),
    "basis": ([None, "PCI", "PCS"], ["pci"]),
    "pcs_pci_ratio": ([None, 1.1, 1.05], [1, 1.2, "1.1"]),
    "scope": ([1, 2, 3], [4, "3", 3.0, True]),
    "beges_post": (["1.1", "3.5", "6.1"], [1.1, "7.1"]),
    "without_non_co2": ([None], ["Not an id", 3]),
    "lifetime_years": ([None, 5, 0.5], [0, -1, float("inf")]),
    "estimated": ([False, True], ["non", 0]),
    "license": (["", "CC0-1.0"], [None]),
    "notes": (["", "a note"], [["a"]]),
    "override": ([False], ["yes", 1]),
    "indicators": ([{}], []),
    "color": ([], ["red"]),
}
REQUIRED = {"name_fr": "Facteur", "name_en": "Factor", "value": 0.5, "unit": "kgCO2e/kWh", "source": "ADEME",
            "year": 2024, "scope": 3, "ghg_category": 1}


@st.composite
def entries(draw: st.DrawFn) -> dict[str, Any]:
    """A factor entry, mostly valid: a value the models refuse one time in ten, a field left out one in twenty."""
    entry = dict(REQUIRED)
    for name in draw(st.lists(st.sampled_from(sorted(FIELD_VALUES)), max_size=6, unique=True)):
        good, bad = FIELD_VALUES[name]
        refused = bad and (not good or draw(st.integers(0, 9)) == 0)
        entry[name] = draw(st.sampled_from(bad if refused else good))
    if draw(st.integers(0, 19)) == 0:
        del entry[draw(st.sampled_from(sorted(REQUIRED)))]
    scope = entry.get("scope")
    if scope in (1, 2, 3) and type(scope) is int and draw(st.integers(0, 9)):  # mostly coherent
        entry["ghg_category"] = draw(st.sampled_from([1, 6, 15])) if scope == 3 else None
    elif draw(st.booleans()):
        entry["ghg_category"] = draw(st.sampled_from([None, 0, 16, 2.0]))
    if entry.get("verified") is False and draw(st.booleans()):
        entry |= {"verified": True, "source_key": draw(st.sampled_from(["ADEME-BE", None]))}
    return entry


META = {"name": "gen", "version": "1", "source": "generated", "license": "CC0-1.0", "retrieved": dt.date(2026, 1, 1)}
META_VARIANTS = [{}, {"version": 2}, {"version": 1.5}, {"version": True}, {"name": " "}, {"retrieved": "2026-01-01"},
                 {"title_fr": "Titre"}, {"title_fr": 3}, {"colour": "red"}]


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(st.sampled_from(["a.b", "a.c", "gen.f1.x", "gen.f2", "gen.f3", "a.d_2"]), unique=True,
                        max_size=5))
    if draw(st.integers(0, 19)) == 0:
        ids.append(draw(st.sampled_from(["Bad.id", "nodots", " a.e", 12])))
    meta = META | (draw(st.sampled_from(META_VARIANTS)) if draw(st.integers(0, 4)) == 0 else {})
    return {"table": meta, "factors": {i: draw(entries()) for i in ids}}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_generated_tables_give_the_same_rows_or_go_to_the_models(table: dict[str, Any]) -> None:
    document = Document(table, "gen.yaml", {("factors", factor_id): (i + 2, 3)
                                            for i, factor_id in enumerate(table["factors"])})
    quick, checked = quick_rows(document, "d"), validate_document(document, "d")
    if quick is not None:
        assert_same(quick, checked, document)
    elif not checked.problems:  # valid, but outside what the quick checks take
        assert isinstance(TableFile.model_validate(table), TableFile)


def test_a_bad_table_gives_the_problems_of_the_models(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    text = ("table:\n  name: t\n  version: '1'\n  source: s\n  license: CC0-1.0\n  retrieved: 2026-01-01\n"
            "factors:\n  a.b:\n    name_fr: A\n    name_en: A\n    value: -1\n    unit: kgCO2e/kWh\n"
            "    source: s\n    year: 2024\n    scope: 1\n  a.c:\n    name_fr: C\n    name_en: C\n    value: 1\n"
            "    unit: kgCO2e/kWh\n    source: s\n    year: 1900\n    scope: 1\n")
    path.write_text(text, encoding="utf-8")
    expected = loading.check_table(path).problems
    assert [(p.line, p.field) for p in expected] == [(11, "factors.a.b.value"), (22, "factors.a.c.year")]
    with pytest.raises(TableError) as caught:
        cc.load_factors(path, bundled=False)
    assert list(caught.value.problems) == expected


def test_a_table_the_quick_checks_take_is_loaded_without_pydantic(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("table:\n  name: t\n  version: '1'\n  source: s\n  license: CC0-1.0\n  retrieved: 2026-01-01\n"
                    "factors:\n  user.a:\n    name_fr: A\n    name_en: A\n    value: 0.5\n    unit: kgCO2e/kWh\n"
                    "    source: s\n    year: 2024\n    scope: 2\n", encoding="utf-8")
    code = (f"import sys, coopcarbon as cc; lib = cc.load_factors({str(path)!r}); "
            "print(lib['user.a'].magnitude, lib['user.a'].line, 'pydantic' in sys.modules)")
    env = {"PYTHONPATH": str(SRC), "COOPCARBON_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0.5", "8", "False"]
