"""`coopcarbon factors check` on a catalogue of broken student tables (YAML and CSV).

Every message names the file and the line (the row, for CSV); the exit code is 0 for a valid
table, also when it only has warnings, and 1 as soon as one table has a problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from coopcarbon.cli import main

GOOD = """\
table:
  name: ours
  version: "2026.1"
  source: Student audit, Scop Exemple
  license: CC-BY-4.0
  retrieved: 2026-01-15
factors:
  custom.canteen.meal:
    name_fr: Repas à la cantine
    name_en: Canteen meal
    value: 1.2
    unit: kgCO2e/meal
    uncertainty: 0.3
    source: Canteen supplier, 2025 carbon report, p. 4
    year: 2025
    scope: 3
    ghg_category: 1
    beges_post: "4.1"
  custom.heating.network:
    name_fr: Réseau de chaleur
    name_en: District heating
    value: 0.099
    unit: kgCO2e/kWh
    source: Arrêté DPE 2024, annexe 7
    year: 2024
    scope: 2
    beges_post: "2.2"
"""
# line numbers in GOOD: 8 custom.canteen.meal, 11 value, 12 unit, 13 uncertainty, 14 source,
# 15 year, 16 scope, 17 ghg_category, 18 beges_post; 19 custom.heating.network, 22 value,
# 23 unit, 24 source, 26 scope

#: (case, replace this, by that, line, field fragment, message fragment, suggestion fragment)
CATALOGUE = [
    ("decimal comma", "value: 1.2", "value: 1,2", 11, "value", "valid number", "decimal point: 1.2"),
    ("misspelt unit", "unit: kgCO2e/kWh", "unit: kgCO2e/kwh", 23, "unit", "not a unit", "'kWh'"),
    ("unknown unit word", "kgCO2e/meal", "kgCO2e/repa", 12, "unit", "not a unit", "did you mean"),
    ("unit not per something", "unit: kgCO2e/kWh", "unit: kWh", 23, "unit", "not emissions per", ""),
    ("no source", "    source: Arrêté DPE 2024, annexe 7\n", "", 19, "source", "missing field 'source'", ""),
    ("empty source", "source: Arrêté DPE 2024, annexe 7", "source: ''", 24, "source", "empty (got '')", ""),
    ("uncertainty in percent", "uncertainty: 0.3", "uncertainty: 30", 13, "uncertainty",
     "too large for a fraction (got 30)", "write 0.3 for ±30 %"),
    ("negative value", "value: 0.099", "value: -0.099", 22, "value", "negative", ""),
    ("scope 3 without category", "    ghg_category: 1\n", "", 8, "custom.canteen.meal",
     "need ghg_category", ""),
    ("category on scope 2", "    scope: 2\n", "    scope: 2\n    ghg_category: 3\n", 19,
     "custom.heating.network", "only for scope 3", ""),
    ("post without quotes", 'beges_post: "4.1"', "beges_post: 4.1", 18, "beges_post", "not one of the allowed",
     'in quotes: "4.1"'),
    ("year as a range", "year: 2025", "year: 2024-2025", 15, "year", "not a whole number (got '2024-2025')", ""),
    ("misspelt field", "    uncertainty: 0.3\n", "    uncertainity: 0.3\n", 13, "uncertainity",
     "unknown field", "did you mean 'uncertainty'"),
    ("upper-case id", "custom.canteen.meal:", "Custom.Canteen Meal:", 8, "Custom.Canteen Meal",
     "invalid factor id", ""),
    ("one-word id", "custom.heating.network:", "heating:", 19, "heating", "invalid factor id", ""),
    ("duplicate key", "    year: 2024\n", "    year: 2024\n    year: 2023\n", 26, "year", "duplicate key", ""),
    ("tab indentation", "    value: 1.2\n", "\tvalue: 1.2\n", 11, "", "syntax error", ""),
    ("French date", "retrieved: 2026-01-15", "retrieved: 15/01/2026", 6, "retrieved", "date", ""),
    ("missing metadata", "  license: CC-BY-4.0\n", "", 1, "license", "missing field 'license'", ""),
    ("override of nothing", "    year: 2024\n", "    year: 2024\n    override: true\n", 26, "override",
     "no earlier table defines", "remove `override: true`"),
    ("bundled id without override", "custom.heating.network:", "mobility.train.tgv:", 19,
     "mobility.train.tgv", "already exists", "add `override: true`"),
    ("python tag", "value: 0.099", "value: !!python/object/apply:os.system ['true']", 22, "value",
     "not allowed", ""),
    ("a field named like pydantic's key marker", "    scope: 2\n    beges_post: \"2.2\"\n",
     "    scope: 2\n    beges_post: \"2.2\"\n    '[key]': 1\n", 28, "[key]", "unknown field '[key]'", ""),
]

LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<column>\d+))?: ")


@pytest.fixture(autouse=True, scope="module")
def _no_disk_cache() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COOPCARBON_NO_CACHE", "1")
        yield


def check(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    code = main(["factors", "check", *map(str, paths)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def problem_lines(err: str) -> list[str]:
    """The problem messages (not the summary nor the warnings)."""
    return [line for line in err.splitlines()
            if not line.startswith(("warning:", "coopcarbon:")) and not line.endswith("problem(s)")]


def test_the_good_table_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = check(capsys, path)
    assert code == 0 and err == ""
    assert out == f"{path}: OK (2 factor(s))\n"


@pytest.mark.parametrize(("case", "old", "new", "line", "field", "message", "suggestion"), CATALOGUE,
                         ids=[c[0] for c in CATALOGUE])
def test_broken_table(capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str, old: str, new: str,
                      line: int, field: str, message: str, suggestion: str) -> None:
    assert old in GOOD, case
    path = tmp_path / "ours.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    code, out, err = check(capsys, path)
    assert code == 1, err
    assert out == ""
    messages = problem_lines(err)
    assert messages, err
    for text in messages:  # every message names file and line
        located = LOCATED.match(text)
        assert located is not None and located["file"] == str(path), text
    hits = [m for m in messages if LOCATED.match(m)["line"] == str(line)  # type: ignore[index]
            and field in m and message.lower() in m.lower()]
    assert hits, f"no message at line {line} about {field!r} / {message!r}:\n{err}"
    if suggestion:
        assert any(suggestion in m for m in hits), err
    assert err.rstrip().endswith(f"{path}: {len(messages)} problem(s)")


def test_every_problem_at_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = (GOOD.replace("value: 1.2", "value: 1,2").replace("kgCO2e/kWh", "kgCO2e/kwh")
            .replace("    source: Arrêté DPE 2024, annexe 7\n", "")
            .replace("    uncertainty: 0.3\n", "    uncertainity: 0.3\n"))
    path = tmp_path / "ours.yaml"
    path.write_text(body, encoding="utf-8")
    code, _, err = check(capsys, path)
    assert code == 1
    messages = problem_lines(err)
    lines = sorted(int(LOCATED.match(m)["line"]) for m in messages)  # type: ignore[index]
    assert lines == [11, 13, 19, 23], err
    assert f"{path}: 4 problem(s)" in err


def test_warning_only_table_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = GOOD.replace("custom.heating.network:", "mobility.train.tgv:").replace(
        "    value: 0.099\n    unit: kgCO2e/kWh\n",
        "    value: 2.93\n    unit: kgCO2e/passenger_km\n    override: true\n").replace(
        "    scope: 2\n    beges_post: \"2.2\"\n", "    ghg_category: 6\n    beges_post: \"3.5\"\n")
    path = tmp_path / "ours.yaml"
    path.write_text(body, encoding="utf-8")
    code, out, err = check(capsys, path)
    assert code == 0, err
    assert f"{path}: OK (2 factor(s), 1 warning(s))" in out
    warning = next(line for line in err.splitlines() if line.startswith("warning:"))
    assert f"{path}:22:" in warning and "1000× the bundled value" in warning
    assert "g or kg" in warning


def test_several_tables_exit_1_if_one_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(GOOD.replace("value: 1.2", "value: -1"), encoding="utf-8")
    code, out, err = check(capsys, good, bad)
    assert code == 1
    assert f"{good}: OK" in out and f"{bad}: 1 problem(s)" in err
    code, _, err = check(capsys, good, tmp_path / "missing.yaml")
    assert code == 1 and "missing.yaml" in err and "cannot read" in err


def test_template_passes_and_explains_itself(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    assert main(["factors", "new", "-o", str(target)]) == 0
    code, out, _ = check(capsys, target)
    assert code == 0 and "OK (1 factor(s))" in out
    text = target.read_text(encoding="utf-8")
    for words in ("Units:", "passenger_km", "override: true", "source:", "uncertainty:", "scope:",
                  "ghg_category:", "beges_post:", "coopcarbon factors check", "factors: ["):
        assert words in text, words
    # the commented override example is valid once uncommented
    uncommented = re.sub(r"(?m)^  # (mobility\.train\.tgv:)$", r"  \1", text)
    uncommented = re.sub(r"(?m)^  #   ", "    ", uncommented)
    target.write_text(uncommented, encoding="utf-8")
    code, out, err = check(capsys, target)
    assert code == 0, err
    assert "OK (2 factor(s))" in out


# -- the CSV variant: row and column -------------------------------------------------------------
CSV_HEADER = "id;name_fr;name_en;value;unit;source;year;scope;ghg_category;beges_post;uncertainty\r\n"
CSV_GOOD = "custom.canteen.meal;Repas à la cantine;Canteen meal;1,2;kgCO2e/meal;Cantine 2025;2025;3;1;4.1;30 %\r\n"

CSV_CATALOGUE = [
    ("text for a number", "1,2", "un virgule deux", 4, "value", "not a number"),
    ("misspelt unit", "kgCO2e/meal", "kgCO2e/kwh", 5, "unit", "did you mean 'kWh'"),
    ("no source", "Cantine 2025", "", 6, "source", "empty cell"),
    ("year with a comma", "2025;3", "2025,5;3", 7, "year", "not a whole number"),
    ("scope 4", "2025;3;1", "2025;4;1", 8, "scope", "4 is not one of the allowed values (expected 1, 2 or 3)"),
    ("post out of the list", "4.1", "7.1", 10, "beges_post", "'7.1' is not one of the allowed values"),
    ("percentage over 100", "30 %", "130 %", 11, "uncertainty", "too large (got 1.3) (expected a number at most 1)"),
    ("boolean", ";30 %\r\n", ";30 %;peut-être\r\n", 12, "override", "not true or false"),
]


@pytest.mark.parametrize(("case", "old", "new", "column", "field", "message"), CSV_CATALOGUE,
                         ids=[c[0] for c in CSV_CATALOGUE])
def test_broken_csv_table(capsys: pytest.CaptureFixture[str], tmp_path: Path, case: str, old: str,
                          new: str, column: int, field: str, message: str) -> None:
    header = CSV_HEADER.replace("\r\n", ";override\r\n") if field == "override" else CSV_HEADER
    path = tmp_path / "ours.csv"
    path.write_bytes((header + CSV_GOOD + CSV_GOOD.replace(old, new).replace("canteen.meal", "canteen.b"))
                     .encode("cp1252"))
    code, _, err = check(capsys, path)
    assert code == 1, err
    messages = problem_lines(err)
    assert len(messages) == 1, err
    letter = "ABCDEFGHIJKL"[column - 1]
    assert messages[0].startswith(f"{path}:3:{column}: {field}: row 3, column {letter}: "), err
    assert message in messages[0], err
    # the encoding guess is said, not silent
    assert "warning: " in err and "Windows-1252" in err


def test_csv_table_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ours.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (CSV_HEADER + CSV_GOOD).encode("utf-8"))
    code, out, err = check(capsys, path)
    assert code == 0 and err == ""
    assert out == f"{path}: OK (1 factor(s))\n"
