"""Hostile or broken inputs on the reports and command-line side: each defect found, and its fix.

CSV formula injection, JSON results that are not results, control characters on the terminal,
overflowing values, reproducible HTML, and the command's limits, failures and interruptions.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import coopcarbon.cli
from coopcarbon.activities import ActivityLine
from coopcarbon.bilan import Bilan
from coopcarbon.cli import MAX_SAMPLES, main
from coopcarbon.errors import InputError
from coopcarbon.factors.loading import load_factors
from coopcarbon.reports.data import result_from_dict, result_from_json, result_to_csv, result_to_dict
from coopcarbon.reports.document import MAX_DEPTH
from coopcarbon.reports.html import to_html
from coopcarbon.reports.markdown import to_markdown
from coopcarbon.result import BilanResult
from coopcarbon.units import Q

DATA = Path(__file__).parent / "data"
ESC = "\x1b"


def small_result(organisation: str = "Scop Exemple", label: str = "Paris–Lyon") -> BilanResult:
    """Train, laptops, and electricity by both scope 2 methods, on the fixture table."""
    library = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation=organisation, year=2024, headcount=12)
    bilan.add([
        ActivityLine(Q(1200, "passenger_km"), "mobility.train.tgv", label=label, domain="mobility"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.mix", label="Office", domain="energy",
                     scope2_method="location"),
        ActivityLine(Q(42000, "kWh"), "energy.electricity.fr.market", label="Office", domain="energy",
                     scope2_method="market"),
        ActivityLine(Q(3, "device"), "hardware.laptop", label="Laptops", domain="hardware"),
    ])
    return bilan.compute(factors=library)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return result_to_dict(small_result())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_cells_cannot_run_as_formulas() -> None:
    result = small_result(organisation="=cmd|' /C calc'!A0", label='=HYPERLINK("http://x","y")')
    rows = list(csv.DictReader(io.StringIO(result_to_csv(result))))
    assert rows[0]["label"] == '\'=HYPERLINK("http://x","y")'
    for row in rows:
        for column, cell in row.items():
            assert cell[:1] not in ("=", "+", "@", "\t", "\r"), (column, cell)
            if cell.startswith("-"):  # only a number may start with a minus sign
                float(cell)


@pytest.mark.parametrize("label", ["+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_neutralises_each_formula_start(label: str) -> None:
    rows = list(csv.DictReader(io.StringIO(result_to_csv(small_result(label=label)))))
    assert rows[0]["label"] == "'" + label


def test_csv_numbers_stay_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(result_to_csv(small_result()))))
    assert float(rows[0]["co2e_kg"]) == pytest.approx(1200 * 0.00293, rel=1e-12)
    assert float(rows[0]["quantity"]) == 1200.0
    assert rows[0]["scope"] == "3"


def test_csv_in_total_rows_sum_to_the_total() -> None:
    """The market-based scope 2 row is marked outside the total; the others sum to it."""
    result = small_result()
    rows = list(csv.DictReader(io.StringIO(result_to_csv(result))))
    assert [row["in_total"] for row in rows] == ["true", "true", "false", "true"]
    assert rows[2]["scope2_method"] == "market"
    in_total = sum(float(row["co2e_kg"]) for row in rows if row["in_total"] == "true")
    # 1200 × 0.00293 + 42000 × 0.052 + 3 × 156 (the market row, 42000 × 0.03, is beside it)
    assert in_total == pytest.approx(1200 * 0.00293 + 42000 * 0.052 + 3 * 156.0, rel=1e-12)
    assert in_total / 1000 == pytest.approx(float(result.total.magnitude), rel=1e-12)
    assert sum(float(row["co2e_kg"]) for row in rows) > in_total


# -- JSON results read back ----------------------------------------------------------------------


def assert_refused(text: str, field: str = "") -> InputError:
    with pytest.raises(InputError) as caught:
        result_from_json(text, source="shared.json")
    problems = caught.value.problems
    assert problems[0].file == "shared.json"
    assert "not a coopcarbon result" in problems[0].message
    if field:
        assert field in [p.field for p in problems], [str(p) for p in problems]
    return caught.value


def test_deeply_nested_json_is_refused() -> None:
    assert_refused("[" * 100_000 + "]" * 100_000)
    assert_refused('{"a": ' * 50 + "1" + "}" * 50)
    assert MAX_DEPTH >= 6  # a result's own nesting fits


@pytest.mark.parametrize("text", ["[]", '"text"', "3", "null", "[{}]"])
def test_top_level_must_be_an_object(text: str) -> None:
    error = assert_refused(text)
    assert "top level" in error.problems[0].message


@pytest.mark.parametrize(("change", "field"), [
    ({"headcount": 0}, "headcount"),
    ({"headcount": True}, "headcount"),
    ({"year": True}, "year"),
    ({"year": 2024.5}, "year"),
    ({"seed": -1}, "seed"),
    ({"factors": "x"}, "factors"),
    ({"organisation": ["a"]}, "organisation"),
])
def test_wrong_top_fields_are_named(document: dict[str, Any], change: dict[str, Any], field: str) -> None:
    assert_refused(json.dumps({**document, **change}), field)


@pytest.mark.parametrize(("change", "field"), [
    ({"scope": True}, "lines[0].scope"),
    ({"scope": 4}, "lines[0].scope"),
    ({"co2e_kg": "12"}, "lines[0].co2e_kg"),
    ({"beges_post": "9.9"}, "lines[0].beges_post"),
    ({"basis": "<script>alert(1)</script>"}, "lines[0].basis"),
    ({"scope2_method": "| x |"}, "lines[0].scope2_method"),
    ({"unit": "not a unit at all"}, "lines[0].unit"),
    ({"ghg_category": 16}, "lines[0].ghg_category"),
    ({"domain": "elsewhere"}, "lines[0].domain"),
    ({"factor_quality": {"reliability": 9}}, "lines[0].factor_quality.reliability"),
])
def test_wrong_line_fields_are_named(document: dict[str, Any], change: dict[str, Any], field: str) -> None:
    lines = [{**document["lines"][0], **change}, *document["lines"][1:]]
    assert_refused(json.dumps({**document, "lines": lines}), field)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(document: dict[str, Any], constant: str) -> None:
    text = json.dumps(document).replace('"co2e_kg": ', f'"co2e_kg": {constant}, "was": ', 1)
    error = assert_refused(text)
    assert constant.lstrip("-") in str(error)


def test_huge_number_in_json_is_refused(document: dict[str, Any]) -> None:
    """1e999 parses as infinity in Python: refused like Infinity."""
    text = json.dumps(document).replace('"co2e_kg": ', '"co2e_kg": 1e999, "was": ', 1)
    assert_refused(text, "lines[0].co2e_kg")


def test_result_from_dict_checks_too(document: dict[str, Any]) -> None:
    with pytest.raises(InputError, match="headcount"):
        result_from_dict({**document, "headcount": 0})


def test_a_valid_document_still_reads(document: dict[str, Any]) -> None:
    again = result_from_json(json.dumps(document))
    assert again.total == small_result().total


def test_cli_names_the_file_and_field_of_a_bad_result(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      document: dict[str, Any]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**document, "headcount": 0}), encoding="utf-8")
    code, _, err = run(capsys, "report", str(bad))
    assert code == 1
    assert "bad.json" in err and "headcount" in err and "not a coopcarbon result" in err
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = run(capsys, "compare", str(deep), str(bad))
    assert code == 1 and "deep.json" in err


# -- JSON results written ------------------------------------------------------------------------


def test_json_never_holds_nan_or_infinity() -> None:
    """The engine refuses non-finite emissions; a result built by hand with one cannot be written."""
    library = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation="Overflow", year=2024, headcount=2)
    bilan.add(ActivityLine(Q(1e308, "device"), "hardware.laptop", domain="hardware"))
    with warnings.catch_warnings(), pytest.raises(InputError, match="finite"):
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy says it overflowed: 1e308 × 156
        bilan.compute(factors=library)
    result = small_result()
    line = replace(result.lines[0], kg=float("inf"), kg_without_non_co2=float("inf"))
    hidden = replace(result, lines=(line,))
    assert float(hidden.total.magnitude) == float("inf")
    with pytest.raises(InputError, match="not a finite number") as caught:
        hidden.to_json()
    assert caught.value.field == "totals.location_based_t"


def test_json_carries_file_names_not_local_paths() -> None:
    result = small_result()
    line = result.lines[0]
    private = "/home/ana/private/tables/ours.yaml"
    moved = replace(line, factor=replace(line.factor, file=private))
    hidden = replace(result, lines=(moved,), overridden={"mobility.train.tgv": private})
    text = hidden.to_json()
    assert "/home/ana" not in text
    data = json.loads(text)
    assert data["lines"][0]["factor_file"] == "ours.yaml"
    assert data["overridden"] == {"mobility.train.tgv": "ours.yaml"}


# -- Markdown and HTML ---------------------------------------------------------------------------


def _unescaped_pipes(row: str) -> int:
    return row.replace("\\|", "").count("|")


def test_markdown_escapes_every_field_from_a_json_result(document: dict[str, Any]) -> None:
    line = {**document["lines"][0], "factor_id": "x|y`z", "label": "a|b <i>c</i>", "site": "s|t",
            "source": "S|<b>", "source_id": "`|`", "note": "n|"}
    result = result_from_dict({**document, "organisation": "O|<script>", "lines": [line],
                               "notes": ["<img src=x onerror=alert(1)>|"]})
    markdown = to_markdown(result, "en")
    assert not re.search(r"(?<!\\)<", markdown)  # every < is escaped: shown, never HTML
    assert "\\<script\\>" in markdown and "\\<img" in markdown
    table = [row for row in markdown.splitlines() if row.startswith("| 1 |")]
    header = [row for row in markdown.splitlines() if row.startswith("| # | ")][-1]
    assert table and _unescaped_pipes(table[0]) == _unescaped_pipes(header)


def test_markdown_shows_control_characters_instead_of_sending_them() -> None:
    result = small_result(organisation=f"Evil{ESC}[2J{ESC}]0;title\x07", label=f"{ESC}[31mred")
    markdown = to_markdown(result, "en")
    assert ESC not in markdown and "\x07" not in markdown
    assert "x1b" in markdown


@pytest.mark.parametrize("devices", [1e200, 1e306])
def test_huge_values_do_not_crash_markdown_or_html(devices: float) -> None:
    library = load_factors(DATA / "mini_factors.yaml", bundled=False)
    bilan = Bilan(organisation="Huge", year=2024, headcount=2)
    bilan.add([ActivityLine(Q(devices, "device"), "hardware.laptop", domain="hardware"),
               ActivityLine(Q(1, "device"), "hardware.laptop", domain="hardware")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # numpy overflows on the way: inf, not a crash
        result = bilan.compute(factors=library)
        markdown = to_markdown(result, "fr")
        html = to_html(result, "fr")
    assert "Huge" in markdown and html.endswith("</html>\n")


def test_html_is_byte_reproducible() -> None:
    pytest.importorskip("matplotlib")
    first, second = to_html(small_result(), "fr"), to_html(small_result(), "fr")
    assert "<svg" in first
    assert first == second
    assert "<dc:date>" not in first


# -- the command line ------------------------------------------------------------------------------


@pytest.fixture
def bilan_file(tmp_path: Path) -> Path:
    path = tmp_path / "result.json"
    path.write_text(small_result().to_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize(("option", "value", "word"), [
    ("--seed", "-1", "--seed"), ("--samples", str(10**12), "--samples"), ("--samples", "-3", "--samples"),
])
def test_cli_refuses_out_of_range_numbers(capsys: pytest.CaptureFixture[str], bilan_file: Path,
                                          option: str, value: str, word: str) -> None:
    code, out, err = run(capsys, "report", str(bilan_file), option, value)
    assert code == 2 and not out
    assert word in err and "coopcarbon: error:" in err


def test_cli_sample_cap_is_documented() -> None:
    assert MAX_SAMPLES == 1_000_000
    assert "MAX_SAMPLES" in (coopcarbon.cli.__doc__ or "")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
def test_cli_says_when_the_output_cannot_be_written(capsys: pytest.CaptureFixture[str], bilan_file: Path) -> None:
    code, _, err = run(capsys, "report", str(bilan_file), "--force", "-o", "/dev/full")
    assert code == 1
    assert "/dev/full: cannot write: No space left on device" in err
    assert "error: :" not in err


def test_cli_ctrl_c_ends_quietly_with_130(capsys: pytest.CaptureFixture[str], bilan_file: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(coopcarbon.cli, "_run", interrupted)
    code, out, err = run(capsys, "report", str(bilan_file))
    assert code == 130
    assert not out and not err


def test_cli_errors_in_french_with_lang_fr(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          document: dict[str, Any]) -> None:
    code, _, err = run(capsys, "report", str(tmp_path / "absent.yaml"), "--lang", "fr")
    assert code == 1
    assert err.startswith("coopcarbon: erreur :") and "absent.yaml : fichier introuvable" in err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**document, "headcount": 0, "year": True}), encoding="utf-8")
    code, _, err = run(capsys, "report", str(bad), "--lang", "fr")
    assert "2 problème(s) dans bad.json" in err and "attendu :" in err
    code, _, err = run(capsys, "report", str(bad), "--seed", "-2", "--lang", "fr")
    assert code == 2 and "--seed doit être un nombre entier" in err
    code, _, err = run(capsys, "report", str(bad), "--lang", "en")
    assert "2 problem(s) in bad.json" in err and "erreur" not in err


def test_cli_keeps_control_characters_off_the_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = small_result(organisation=f"Evil{ESC}[2J", label=f"{ESC}]0;pwned\x07")
    path = tmp_path / "evil.json"
    path.write_text(result.to_json(), encoding="utf-8")
    for fmt in ("md", "csv", "json", "html"):
        code, out, err = run(capsys, "report", str(path), "--format", fmt)
        assert code == 0, err
        assert ESC not in out and "\x07" not in out and "\x9b" not in out
    table = tmp_path / f"t{ESC}[31m.yaml"
    code, _, err = run(capsys, "factors", "show", "nothing.here", "--table", str(table))
    assert code == 1 and ESC not in err and "x1b" in err


def test_cli_search_shows_control_characters_of_user_tables(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    path = tmp_path / "ours.yaml"
    path.write_text("""\
table: {name: ours, version: "1", source: test, license: CC0-1.0, retrieved: 2026-01-01}
factors:
  custom.blink.service:
    name_fr: "Service \\e[5mclignotant"
    name_en: "Blinking \\e[5mservice"
    value: 0.5
    unit: kgCO2e/EUR
    source: test
    year: 2025
    scope: 3
    ghg_category: 1
    beges_post: "4.5"
""", encoding="utf-8")
    assert ESC in load_factors(path, bundled=False)["custom.blink.service"].name_en  # the table holds it
    code, out, err = run(capsys, "factors", "search", "blinking", "--table", str(path), "--lang", "en")
    assert code == 0, err
    assert "custom.blink.service" in out and ESC not in out and "\\x1b[5m" in out
    code, out, err = run(capsys, "factors", "show", "custom.blink.service", "--table", str(path))
    assert code == 0, err
    assert ESC not in out and "\\x1b[5m" in out
