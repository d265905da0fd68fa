"""The bundled library shipped as data (``coopcarbon/factors/bundled-library.json``): current, exact, checked.

A cold start (empty cache folder) loads it without pydantic, PyYAML or writing to the cache; a
stale file (a bundled table changed since it was built) or an altered one is never used.
Known answer: the TGV factor, 0.00293 kgCO2e/passenger_km (``emission_factors/mobility.yaml``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.factors import loading, shipped
from coopcarbon.factors.rows import rows_of

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No disk cache and no library memoised: every load reads the shipped file or the tables."""
    monkeypatch.setenv("COOPCARBON_NO_CACHE", "1")
    memo = dict(loading._MEMO)
    loading._MEMO.clear()
    yield
    loading._MEMO.clear()
    loading._MEMO.update(memo)


def _key() -> str:
    tables = [(path, hashlib.sha256(path.read_bytes()).hexdigest())
              for path, _ in loading._table_files((), bundled=True)]
    return loading._shipped_key(tables)


def test_the_shipped_library_is_current() -> None:
    assert shipped.SHIPPED.read_bytes() == loading.shipped_library_bytes(), \
        "stale: run tools/build_tables.py (make tables)"


def test_it_holds_no_path_of_the_machine_that_built_it() -> None:
    text = shipped.SHIPPED.read_text(encoding="utf-8")
    assert str(loading.bundled_tables_dir()) not in text and "emission_factors/" not in text


def test_it_gives_the_library_the_tables_give(fresh: None) -> None:
    library = shipped.read_shipped(_key(), loading.bundled_tables_dir())
    assert library is not None
    built, _ = loading._merge([(loading._rows_of_checked(loading.check_table(path)), True)
                            for path, _ in loading._table_files((), True)])
    assert rows_of(library.factors) == rows_of(built.factors)
    assert (library.fingerprint, library.tables, library.digests) == (built.fingerprint, built.tables, built.digests)
    assert library.parameters == built.parameters
    assert library["mobility.train.tgv"].value == cc.Q(0.00293, "kgCO2e/passenger_km")


def test_a_cold_start_needs_neither_pydantic_nor_yaml_nor_the_cache(tmp_path: Path) -> None:
    code = ("import sys, coopcarbon as cc; lib = cc.load_factors(); "
            "print(lib['mobility.train.tgv'].magnitude, 'pydantic' in sys.modules, 'yaml' in sys.modules)")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(SRC)}
    env.pop("COOPCARBON_CACHE_DIR", None)
    env.pop("COOPCARBON_NO_CACHE", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0.00293", "False", "False"]
    assert not (tmp_path / "cache").exists()


def test_a_stale_one_is_not_used(fresh: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables = tmp_path / "emission_factors"
    shutil.copytree(loading.bundled_tables_dir(), tables)
    mobility = tables / "mobility.yaml"
    text = mobility.read_text(encoding="utf-8")
    assert text.count("value: 0.00293\n") == 1
    mobility.write_text(text.replace("value: 0.00293\n", "value: 0.00294\n"), encoding="utf-8")
    monkeypatch.setattr(loading, "bundled_tables_dir", lambda: tables)
    assert shipped.read_shipped(_key(), tables) is None  # another key
    assert cc.load_factors()["mobility.train.tgv"].magnitude == 0.00294  # validated from the tables


def _rewritten(body: dict[str, object], key: str) -> bytes:
    """A shipped file whose header matches ``body`` (its hash recomputed) under ``key``."""
    return shipped.cache.encode(key, body)


def test_an_altered_one_is_not_used(tmp_path: Path) -> None:
    key, folder = _key(), loading.bundled_tables_dir()
    head, _, body = shipped.SHIPPED.read_bytes().partition(b"\n")
    altered = tmp_path / "bundled-library.json"
    altered.write_bytes(head + b"\n" + body.replace(b"0.00293", b"0.00393", 1))
    assert b"0.00293" in body and shipped.read_shipped(key, folder, altered) is None  # body hash
    entry = json.loads(body)
    altered.write_bytes(_rewritten(entry, "0" * 64))
    assert shipped.read_shipped(key, folder, altered) is None  # another key
    entry["tables"][0][2] = "../../elsewhere.yaml"
    altered.write_bytes(_rewritten(entry, key))
    assert shipped.read_shipped(key, folder, altered) is None  # a path where a file name belongs
    entry = json.loads(body)
    entry["columns"][1] = {"runs": [["0.00293", entry["count"]]]}  # magnitudes as text
    altered.write_bytes(_rewritten(entry, key))
    assert shipped.read_shipped(key, folder, altered) is None
    altered.write_bytes(_rewritten(json.loads(body), key))
    assert shipped.read_shipped(key, folder, altered) is not None  # the same body, rewritten: used
