"""Property: a factor table written as YAML (or CSV) and loaded again gives the same factors."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings

from coopcarbon.factors import check_table
from coopcarbon.factors.csvtable import read_factor_table_csv, write_factor_table_csv
from coopcarbon.factors.loading import load_factors
from coopcarbon.factors.schema import FACTOR_ID_PATTERN, FactorEntry
from coopcarbon.units import Q

from .strategies import factor_ids, factor_tables

META: dict[str, Any] = {"name": "ours", "version": "2026.1", "source": "property test", "license": "CC0-1.0",
        "retrieved": dt.date(2026, 1, 15)}


@pytest.fixture(autouse=True, scope="module")
def _no_disk_cache() -> Iterator[None]:
    """Hypothesis writes hundreds of tables: keep them out of the user's cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COOPCARBON_NO_CACHE", "1")
        yield


@given(factor_ids)
def test_generated_ids_match_the_schema_pattern(factor_id: str) -> None:
    assert re.match(FACTOR_ID_PATTERN, factor_id)


def _same_factor(factor: Any, entry: dict[str, Any], license: str = META["license"]) -> None:
    expected = FactorEntry.model_validate(entry)
    assert factor.value.magnitude == expected.value
    assert factor.value == Q(expected.value, expected.unit)
    assert factor.value.units == Q(1, expected.unit).units
    for name in ("name_fr", "name_en", "source", "source_id", "year", "uncertainty", "region",
                 "scope", "ghg_category", "beges_post", "basis", "pcs_pci_ratio", "gwp",
                 "estimated", "notes", "valid_from", "valid_to", "lifetime_years",
                 "uncertainty_source", "source_url", "source_key", "verified"):
        assert getattr(factor, name) == getattr(expected, name), name
    assert factor.license == (expected.license or license)


@settings(max_examples=60, deadline=None)
@given(factor_tables())
def test_yaml_round_trip(factors: dict[str, dict[str, Any]]) -> None:
    text = yaml.safe_dump({"table": META, "factors": factors}, allow_unicode=True, sort_keys=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ours.yaml"
        path.write_text(text, encoding="utf-8")
        checked = check_table(path)
        assert not checked.problems, checked.problems
        assert checked.table is not None
        assert dict(checked.table.factors) == {k: FactorEntry.model_validate(v) for k, v in factors.items()}
        library = load_factors(path, bundled=False)
    assert set(library) == set(factors)
    for factor_id, entry in factors.items():
        _same_factor(library[factor_id], entry)
        assert library[factor_id].line is not None


@settings(max_examples=60, deadline=None)
@given(factor_tables(with_quality=False))
def test_csv_round_trip(factors: dict[str, dict[str, Any]]) -> None:
    entries = {k: FactorEntry.model_validate(v) for k, v in factors.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ours.csv"
        write_factor_table_csv(entries, path)
        table = read_factor_table_csv(path, **META)
        assert dict(table.factors) == entries
        library = load_factors(path, bundled=False)
    for factor_id, entry in factors.items():
        _same_factor(library[factor_id], entry, license="not stated")  # CSV: default metadata
        assert library[factor_id].line == table.rows[factor_id]


@settings(max_examples=30, deadline=None)
@given(factor_tables(with_quality=False))
def test_yaml_and_csv_give_the_same_library(factors: dict[str, dict[str, Any]]) -> None:
    entries = {k: FactorEntry.model_validate(v) for k, v in factors.items()}
    with tempfile.TemporaryDirectory() as folder:
        yaml_path = Path(folder) / "ours.yaml"
        yaml_path.write_text(yaml.safe_dump({"table": META, "factors": factors}, allow_unicode=True),
                             encoding="utf-8")
        csv_path = Path(folder) / "ours.csv"
        write_factor_table_csv(entries, csv_path, delimiter=",", decimal=".", encoding="utf-8")
        assert load_factors(yaml_path, bundled=False).fingerprint == \
            load_factors(csv_path, bundled=False).fingerprint

