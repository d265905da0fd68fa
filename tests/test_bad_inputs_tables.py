"""Hostile and broken factor tables, unit strings and cache files: each refused clearly, or ignored.

Every refusal names the file, the line and the field when the input has them; nothing here may
end in a traceback, a ``MemoryError``, a hang, or code run from a data file. See
docs/explanations/security.md for the limits these tests pin.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.errors import InputError, Problem, TableError
from coopcarbon.factors import cache as cache_module
from coopcarbon.factors import check_table, loading, shipped
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.io import files as io_files

HEAD = 'table: {name: t, version: "1", source: s, license: CC0-1.0, retrieved: 2026-01-01}\nfactors:\n'


def factor(value: str = "0.2", unit: str = "kgCO2e/kWh", factor_id: str = "test.a") -> str:
    """A factor whose ``value`` is on line 6 and ``unit`` on line 7 of a table starting with HEAD."""
    return (f"  {factor_id}:\n    name_fr: a\n    name_en: a\n    value: {value}\n    unit: {unit}\n"
            "    source: s\n    year: 2024\n    scope: 2\n    beges_post: \"2.1\"\n")


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(TableError) as caught:
        cc.load_factors(path, bundled=False)
    return list(caught.value.problems)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COOPCARBON_NO_CACHE", "1")


# -- strict types ---------------------------------------------------------------------------------
@pytest.mark.parametrize("written", ["on", "true", "yes", "off", "False"])
def test_a_yes_no_value_is_not_a_number(tmp_path: Path, written: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + factor(value=written), encoding="utf-8")
    problem = only(problems_of(path))
    assert (problem.file, problem.line, problem.field) == (str(path), 6, "factors.test.a.value")
    assert "yes/no" in problem.message and problem.expected == "a number"


def test_yes_no_in_quality_scores_and_indicators_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + factor() + "    quality: {reliability: on, completeness: 1, temporal: 1, geographic: 1, "
                    "technological: 1}\n", encoding="utf-8")
    problem = only(problems_of(path))
    assert (problem.line, problem.field) == (12, "factors.test.a.quality.reliability")


# -- sizes and kinds of files ---------------------------------------------------------------------
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_reading(device: str) -> None:
    start = time.perf_counter()
    problem = only(problems_of(Path(device)))
    assert problem.file == device and "not a regular file" in problem.message
    assert time.perf_counter() - start < 5
    with pytest.raises(InputError, match="not a regular file"):
        cc.Bilan.from_yaml(device)


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # a sparse file: 300 MB announced, nothing written
        handle.truncate(300_000_000)
    problem = only(problems_of(path))
    assert problem.file == str(path) and "too large" in problem.message
    assert problem.expected == f"at most {io_files.MAX_FILE_BYTES / 1e6:,.0f} MB"


def test_the_size_limit_applies_to_csv_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(io_files, "MAX_FILE_BYTES", 100)
    path = tmp_path / "t.csv"
    path.write_text("id;value\n" + "x.y;1\n" * 50, encoding="utf-8")
    problem = only(check_table(path).problems)
    assert "too large" in problem.message and problem.expected == "at most 0 MB"


def test_a_utf16_table_with_its_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes((HEAD + factor(value="0.25")).encode("utf-16"))  # Python writes the BOM
    assert cc.load_factors(path, bundled=False)["test.a"].magnitude == 0.25


def test_broken_utf16_is_named_utf16_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes((HEAD + factor()).encode("utf-16")[:-1])  # an odd number of bytes
    problem = only(problems_of(path))
    assert "UTF-16" in problem.message and "binary" not in problem.message


# -- YAML bombs -----------------------------------------------------------------------------------
def test_one_node_aliased_a_million_times_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a: &x 1\nb: [" + ",".join(["*x"] * 1_100_000) + "]\n", encoding="utf-8")
    problem = only(problems_of(path))
    assert (problem.line, problem.field) == (2, "b[1000000]")
    assert "aliases expand to too many values (more than 1,000,000)" in problem.message


def test_a_merge_key_bomb_names_the_key(tmp_path: Path) -> None:
    lines = ["a0: &a0 {k: 1}"]
    for i in range(1, 8):
        lines.append(f"a{i}: &a{i} {{<<: [" + ", ".join([f"*a{i - 1}"] * 10) + "]}")
    path = tmp_path / "t.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = only(problems_of(path))
    assert "object at 0x" not in str(problem) and "<<" in problem.field
    assert "too many values" in problem.message


# -- units ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["12 km**1000", "12 km^-99", "1 km**(9**9**9)", "1 m**9**9", "1 m" + "*m" * 200])
def test_absurd_powers_in_a_quantity_are_an_input_error(text: str) -> None:
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        cc.Q(text)
    assert caught.value.problems[0].field == "unit"
    assert time.perf_counter() - start < 2


def test_an_absurd_unit_in_a_table_is_located(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + factor(unit="kgCO2e/kWh**1000"), encoding="utf-8")
    problem = only(problems_of(path))
    assert (problem.line, problem.field) == (7, "factors.test.a.unit") and "power" in problem.message


# -- checking a large table -----------------------------------------------------------------------
def test_an_unknown_id_is_looked_up_without_computing_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    library = cc.load_factors()

    def refuse(self: FactorLibrary, factor_id: str, n: int = 5) -> list[str]:
        raise AssertionError("suggestions computed for a membership test")

    monkeypatch.setattr(FactorLibrary, "nearest", refuse)
    assert "user.f00001.x" not in library and library.get("user.f00001.x") is None
    assert "mobility.train.tgv" in library


# -- the cache holds data only ----------------------------------------------------------------------
BILAN = Path(__file__).resolve().parents[1] / "examples" / "scop-lyon" / "bilan-2024.yaml"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("COOPCARBON_CACHE_DIR", str(folder))
    monkeypatch.delenv("COOPCARBON_NO_CACHE", raising=False)
    monkeypatch.setattr(shipped, "SHIPPED", tmp_path / "no-shipped-library.json")  # the cache alone
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    loading._MEMO.clear()
    loading._CHECKED.clear()


def _total() -> float:
    _forget()
    return float(cc.Bilan.from_yaml(BILAN).compute().total.to("kgCO2e").magnitude)


class _Payload:
    """A pickle that would create a marker file when loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


def test_hostile_cache_files_run_nothing_and_change_no_figure(cache: Path, tmp_path: Path) -> None:
    expected = _total()
    entries = sorted(cache.glob("library-*.json"))
    assert entries  # the bundled library was cached
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Payload(marker))
    original = {path: path.read_bytes() for path in entries}
    for path, data in original.items():
        head, _, body = data.partition(b"\n")
        hostile = {
            "pickle": payload,
            "pickle with a valid header": head + b"\n" + payload,
            "altered value": head + b"\n" + body.replace(b"0.", b"9.", 50),
            "garbage": os.urandom(4096),
            "deep nesting": b"[" * 100_000,
        }
        for kind, content in hostile.items():
            path.write_bytes(content)
            for name in ("library-x.pickle", "library-x.fingerprint"):  # files of older versions
                (cache / name).write_bytes(payload)
            assert _total() == expected, kind
            assert not marker.exists(), kind
            assert path.read_bytes() == original[path], kind  # rebuilt as it was
            assert not list(cache.glob("library-x.*")), kind  # files of older versions are removed


def test_a_well_formed_cache_with_inconsistent_records_is_rebuilt(cache: Path) -> None:
    expected = _total()
    for path in cache.glob("library-*.json"):
        head, _, body = path.read_bytes().partition(b"\n")
        body = body.replace(b'"magnitude"', b'"magnitudo"', 1)  # a layout this version does not know
        header = json.loads(head)
        header["body_sha256"] = hashlib.sha256(body).hexdigest()
        path.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert _total() == expected


@pytest.mark.skipif(sys.platform == "win32" or not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_can_write_is_not_used(cache: Path) -> None:
    cache.chmod(0o777)
    cache_module._warned.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _forget()
        cc.load_factors()
        _forget()
        cc.load_factors()
    assert not list(cache.glob("library-*"))
    assert len([w for w in caught if "not private" in str(w.message)]) == 1  # warned once


def test_the_cache_is_pruned(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    for i in range(6):
        path = tmp_path / f"t{i}.yaml"
        path.write_text(HEAD + factor(factor_id=f"test.f{i}"), encoding="utf-8")
        cc.load_factors(path, bundled=False)
        time.sleep(0.01)  # distinct modification times
    assert len(list(cache.glob("library-*.json"))) == 3
