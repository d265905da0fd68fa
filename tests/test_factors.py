"""Factor tables: loading, overlays, search, fingerprint, and the catalogue of bad tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.errors import OverrideError, TableError, UnknownFactorError
from coopcarbon.factors import check_table

DATA = Path(__file__).parent / "data"
MINI = DATA / "core_factors.yaml"

HEAD = """\
table:
  name: ours
  version: "1"
  source: student audit team
  license: CC-BY-4.0
  retrieved: 2026-01-15
factors:
"""

GOOD_ENTRY = """\
  local.bus.tcl:
    name_fr: Bus TCL
    name_en: TCL bus
    value: 0.1
    unit: kgCO2e/passenger_km
    source: TCL annual report 2024, p. 12
    year: 2024
    ghg_category: 7
    beges_post: "3.3"
"""


def write(tmp_path: Path, body: str, name: str = "ours.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_mini_table_loads_with_provenance() -> None:
    lib = cc.load_factors(MINI, bundled=False)
    tgv = lib["mobility.train.tgv"]
    assert tgv.value.magnitude == pytest.approx(0.00293)
    assert str(tgv.value.units) == "kgCO2e/passenger_km"
    assert tgv.source_id == "43256"
    assert tgv.line == 9  # the id's line in the YAML file
    assert "ADEME" in str(tgv)


def test_unknown_id_lists_nearest_ids() -> None:
    lib = cc.load_factors(MINI, bundled=False)
    with pytest.raises(UnknownFactorError) as info:
        lib["mobility.train.tvg"]
    assert "mobility.train.tgv" in info.value.nearest
    assert isinstance(info.value, KeyError)
    assert "did you mean" in str(info.value)


def test_search_ignores_case_and_accents() -> None:
    lib = cc.load_factors(MINI, bundled=False)
    assert [f.id for f in lib.search("ELECTRICITE")] == ["energy.electricity.fr.mix_2024"]
    assert {f.id for f in lib.search("plane short")} == {
        "mobility.plane.short_haul.with_contrails", "mobility.plane.short_haul.without_contrails"}


def test_fingerprint_changes_with_content_and_not_with_reload(tmp_path: Path) -> None:
    a = cc.load_factors(MINI, bundled=False)
    copy = tmp_path / "copy.yaml"
    copy.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    assert cc.load_factors(copy, bundled=False).fingerprint == a.fingerprint
    copy.write_text(MINI.read_text(encoding="utf-8").replace("0.00293", "0.00294"), encoding="utf-8")
    assert cc.load_factors(copy, bundled=False).fingerprint != a.fingerprint


def test_overlay_adds_ids_freely(tmp_path: Path) -> None:
    lib = cc.load_factors(MINI, write(tmp_path, GOOD_ENTRY), bundled=False)
    assert "local.bus.tcl" in lib and "mobility.train.tgv" in lib
    assert not lib.overridden


def test_overlay_replacing_an_id_needs_override(tmp_path: Path) -> None:
    body = GOOD_ENTRY.replace("local.bus.tcl", "mobility.train.tgv")
    with pytest.raises(OverrideError) as info:
        cc.load_factors(MINI, write(tmp_path, body), bundled=False)
    assert "override: true" in str(info.value)
    assert info.value.line == 8 and info.value.file.endswith("ours.yaml")
    replaced = body.replace("    value: 0.1\n", "    value: 0.1\n    override: true\n")
    lib = cc.load_factors(MINI, write(tmp_path, replaced), bundled=False)
    assert lib["mobility.train.tgv"].value.magnitude == pytest.approx(0.1)
    assert set(lib.overridden) == {"mobility.train.tgv"}


def test_override_of_a_missing_id_is_an_error_with_suggestion(tmp_path: Path) -> None:
    body = GOOD_ENTRY.replace("local.bus.tcl", "mobility.train.tvg").replace(
        "    value: 0.1\n", "    value: 0.1\n    override: true\n")
    with pytest.raises(TableError, match=r"mobility\.train\.tgv"):
        cc.load_factors(MINI, write(tmp_path, body), bundled=False)


# The catalogue of bad tables: (name, body, line, field fragment, message fragment)
BAD_TABLES = [
    ("syntax error", GOOD_ENTRY.replace("name_en: TCL bus", "name_en: [TCL bus"), 11, "", "syntax"),
    ("duplicate key", GOOD_ENTRY.replace("    year: 2024\n", "    year: 2024\n    year: 2023\n"), 15,
     "year", "duplicate key"),
    ("duplicate factor id", GOOD_ENTRY + GOOD_ENTRY, 17, "local.bus.tcl", "duplicate key"),
    ("unknown field", GOOD_ENTRY.replace("    year: 2024\n", "    yaer: 2024\n"), 14, "yaer",
     "unknown field"),
    ("missing unit", GOOD_ENTRY.replace("    unit: kgCO2e/passenger_km\n", ""), 8, "unit", "missing"),
    ("unparseable unit", GOOD_ENTRY.replace("kgCO2e/passenger_km", "kgCO2e/pasenger_km"), 12, "unit",
     "not a unit"),
    ("unit not emissions", GOOD_ENTRY.replace("kgCO2e/passenger_km", "kg/km"), 12, "unit",
     "not emissions per"),
    ("negative value", GOOD_ENTRY.replace("value: 0.1", "value: -0.1"), 11, "value", "negative"),
    ("NaN value", GOOD_ENTRY.replace("value: 0.1", "value: .nan"), 11, "value", "finite"),
    ("infinite value", GOOD_ENTRY.replace("value: 0.1", "value: .inf"), 11, "value", "finite"),
    ("uncertainty out of range", GOOD_ENTRY.replace("    year: 2024\n", "    year: 2024\n    uncertainty: 1.5\n"),
     15, "uncertainty", "too large (got 1.5) (expected a number at most 1)"),
    ("python object tag", GOOD_ENTRY.replace("value: 0.1", "value: !!python/object/apply:os.system ['true']"),
     11, "value", "not allowed"),
    ("bad id", GOOD_ENTRY.replace("local.bus.tcl", "Local Bus"), 8, "Local Bus", "invalid factor id"),
    ("scope 3 without category", GOOD_ENTRY.replace("    ghg_category: 7\n", ""), 8, "local.bus.tcl",
     "ghg_category"),
    ("text for a number", GOOD_ENTRY.replace("value: 0.1", "value: zero point one"), 11, "value",
     "number"),
    ("custom tag", GOOD_ENTRY.replace("value: 0.1", "value: !fraction 1/10"), 11, "value", "not allowed"),
    ("unknown alias", GOOD_ENTRY.replace("value: 0.1", "value: *point_one"), 11, "value", "unknown alias"),
    ("entry not a mapping", "  local.bus.tcl: 0.1\n", 8, "local.bus.tcl", "not a mapping (got 0.1)"),
    ("two documents", GOOD_ENTRY + "---\ntable: {}\n", 17, "", "more than one yaml document"),
    # regression found by tests/test_fuzz.py: PyYAML raised AttributeError on this tagged value
    ("issue fuzz: tagged timestamp that is no date",
     GOOD_ENTRY.replace("    year: 2024\n", "    year: !!timestamp 2024-13-45 x\n"), 14, "year",
     "not a valid timestamp"),
]


@pytest.mark.parametrize(("name", "body", "line", "field", "message"), BAD_TABLES,
                         ids=[case[0] for case in BAD_TABLES])
def test_bad_table_names_file_line_and_field(tmp_path: Path, name: str, body: str, line: int,
                                             field: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(TableError) as info:
        cc.load_factors(path, bundled=False)
    error = info.value
    assert isinstance(error, ValueError)
    problem = next((p for p in error.problems if field and field in p.field), error.problems[0])
    assert problem.file == str(path)
    assert problem.line == line, str(error)
    assert field in problem.field, str(error)
    assert message.lower() in str(error).lower()
    # the CLI check shares the validator and reports the same first problem
    assert str(problem) in [str(p) for p in check_table(path).problems]


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    body = (GOOD_ENTRY.replace("value: 0.1", "value: -1").replace("    year: 2024\n", "    yaer: 2024\n")
            .replace("kgCO2e/passenger_km", "kgCO2e/pkmm"))
    checked = check_table(write(tmp_path, body))
    fields = sorted(p.field.rsplit(".", 1)[-1] for p in checked.problems)
    assert {"value", "yaer", "unit"} <= set(fields), checked.problems


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary", "caf\xe9: 1\n".encode("latin-1"),
                                     b"- a list\n- not a table\n"])
def test_empty_binary_latin1_and_non_mapping_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "weird.yaml"
    path.write_bytes(content)
    with pytest.raises(TableError) as info:
        cc.load_factors(path, bundled=False)
    assert str(path) in str(info.value)


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_ENTRY)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "local.bus.tcl" in cc.load_factors(path, bundled=False)


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TableError, match="too many values"):
        cc.load_factors(path, bundled=False)


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    with pytest.raises(TableError, match="nested too deeply"):
        cc.load_factors(path, bundled=False)


def test_missing_file_is_a_table_error(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="cannot read"):
        cc.load_factors(tmp_path / "nope.yaml", bundled=False)
