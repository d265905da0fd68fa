"""The on-disk cache of validated libraries: same library back, never stale, never in the way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.factors import loading, shipped

TABLE = """\
table: {name: cache_test, version: "1", source: test, license: CC0-1.0, retrieved: 2026-01-01}
factors:
  cache_test.bus:
    name_fr: Bus
    name_en: Bus
    value: 0.113
    unit: kgCO2e/passenger_km
    source: test
    year: 2024
    ghg_category: 6
    beges_post: "3.5"
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COOPCARBON_CACHE_DIR", str(folder))
    monkeypatch.delenv("COOPCARBON_NO_CACHE", raising=False)
    monkeypatch.setattr(shipped, "SHIPPED", tmp_path / "no-shipped-library.json")  # the cache alone
    _new_process()
    yield folder
    _new_process()


def _new_process() -> None:
    """Forget what this process memoised, as a new process would."""
    loading._MEMO.clear()
    loading._CHECKED.clear()


def _refuse_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the table was validated again instead of read from the cache")

    monkeypatch.setattr(loading, "check_table", fail)


def test_second_load_comes_from_the_cache_and_is_the_same_library(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(TABLE, encoding="utf-8")
    first = cc.load_factors(table)
    assert len(list(cache.glob("library-*.json"))) == 2  # the bundled library, then it with the table
    fingerprint = first.fingerprint  # computed by the loader, kept in the cached library
    _new_process()
    _refuse_validation(monkeypatch)
    second = cc.load_factors(table)
    assert second.fingerprint == fingerprint
    assert list(second) == list(first)
    assert second["cache_test.bus"] == first["cache_test.bus"]
    assert second["cache_test.bus"].line == 3


def test_a_changed_table_is_never_served_stale(cache: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(TABLE, encoding="utf-8")
    assert cc.load_factors(table)["cache_test.bus"].magnitude == 0.113
    _new_process()
    table.write_text(TABLE.replace("0.113", "0.127"), encoding="utf-8")
    assert cc.load_factors(table)["cache_test.bus"].magnitude == 0.127


def test_a_corrupt_cache_file_is_rebuilt(cache: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(TABLE, encoding="utf-8")
    expected = cc.load_factors(table).fingerprint
    for path in cache.glob("library-*"):
        path.write_bytes(b"not json")
    _new_process()
    assert cc.load_factors(table).fingerprint == expected


def test_no_cache_writes_nothing_and_gc_state_is_kept(cache: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPCARBON_NO_CACHE", "1")
    table = tmp_path / "t.yaml"
    table.write_text(TABLE, encoding="utf-8")
    gc.disable()
    try:
        cc.load_factors(table)
        assert not gc.isenabled()  # a caller that turned the collector off keeps it off
    finally:
        gc.enable()
    assert not cache.exists()
