"""The catalogue of bad bilan files: every one is refused loudly, at its file:line and field.

Each case writes a small bilan file, reads and computes it, and checks the error type and the
key parts of the message: the file, the line, the field, what was expected or wrong, and the
suggestion when there is one. Bad factor tables have their own catalogue in test_factors.py.
Then the warnings (suspicious but valid input), the security properties and the regressions
found by the fuzzer (tests/test_fuzz.py).
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.cli import main
from coopcarbon.errors import CoopCarbonError, CoopCarbonWarning, InputError, TableError

HEAD = "schema_version: '1'\norganisation: Scop Test\nyear: 2024\nheadcount: 10\n"  # lines 1-4


@dataclass(frozen=True)
class Case:
    """A bad bilan file and what its error must say."""

    id: str
    body: str | bytes  # text after HEAD (str), or the whole file (bytes)
    line: int | None  # line of the (first) problem, None when the file has no line
    field: str = ""  # dotted field of the problem
    message: tuple[str, ...] = ()  # fragments of the message (case-insensitive)
    suggestion: str = ""  # fragment of the suggestion
    error: type[CoopCarbonError] = InputError


def trip(fields: str) -> str:
    return f"trips:\n- mode: train.tgv\n{fields}"  # the trip starts on line 6


CASES = [
    # -- YAML itself ------------------------------------------------------------------------
    Case("yaml syntax error", "trips:\n- {mode: train.tgv, distance: [460 km}\n", 6, "",
         ("yaml syntax error", "expected ',' or ']'"), "check indentation"),
    Case("yaml bad indentation", "trips:\n- mode: train.tgv\n   distance: 460 km\n", 7, "",
         ("yaml syntax error",), "check indentation"),
    Case("tab indentation", "trips:\n\t- mode: train.tgv\n", 6, "", ("yaml syntax error",)),
    Case("duplicate top-level key", "year: 2023\n", 5, "year",
         ("duplicate key 'year'", "first defined at line 3"), "merge or rename"),
    Case("duplicate nested key", trip("  distance: 460 km\n  distance: 400 km\n"), 8, "trips[0].distance",
         ("duplicate key 'distance'", "line 7")),
    Case("two YAML documents", "---\norganisation: Other\n", 5, "", ("more than one yaml document",),
         "remove the '---'"),
    Case("unknown alias", "description: *nothing\n", 5, "description", ("unknown alias",)),
    Case("python object tag", "description: !!python/object/apply:os.system ['true']\n", 5, "description",
         ("not allowed",), "never run code"),
    Case("python name tag", "description: !!python/name:os.system\n", 5, "description", ("not allowed",)),
    Case("custom tag", "trips:\n- !trip {mode: train.tgv, distance: 460 km}\n", 6, "trips[0]",
         ("tag '!trip' is not allowed",)),
    Case("deep nesting", "description: " + "[" * 100 + "]" * 100 + "\n", 5, "description",
         ("nested too deeply", "at most 60")),
    # -- encodings and empty files ----------------------------------------------------------
    Case("empty file", b"", None, "", ("empty",), "coopcarbon schema"),
    Case("comments only", b"# nothing yet\n", None, "", ("empty",)),
    Case("a list, not a mapping", b"- organisation: X\n", 1, "", ("not a mapping",)),
    Case("binary file", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "", ("binary file",), ""),
    Case("latin-1 accents", (HEAD + "description: Société coopérative\n").encode("latin-1"), 5, "",
         ("byte 0xe9 is not valid utf-8",), "re-save it as UTF-8"),
    Case("BOM then an unknown field", b"\xef\xbb\xbf" + (HEAD + "organization: X\n").encode(), 5,
         "organization", ("unknown field 'organization'",), "did you mean 'organisation'"),
    # -- structure and types ----------------------------------------------------------------
    Case("unknown field", trip("  distanse: 460 km\n"), 7, "trips[0].distanse",
         ("unknown field 'distanse'", "known: mode, distance"), "did you mean 'distance'"),
    Case("unknown top-level field", "organization: X\n", 5, "organization", ("unknown field",),
         "did you mean 'organisation'"),
    Case("missing required field", b"year: 2024\nheadcount: 3\n", 1, "organisation",
         ("missing field 'organisation'",)),
    Case("text for a whole number", trip("  distance: 460 km\n  travellers: many\n"), 8,
         "trips[0].travellers", ("got 'many'", "a whole number")),
    Case("text for the year", b"organisation: X\nyear: twenty\nheadcount: 3\n", 2, "year",
         ("got 'twenty'", "a whole number")),
    Case("a mapping where a list is expected", "trips:\n  mode: train.tgv\n", 5, "trips", ("a list",)),
    Case("a number for a quantity", "activities:\n- quantity: 3\n  factor_id: hardware.laptop\n", 6,
         "activities[0].quantity", ("got 3", "needs its unit")),
    Case("unknown contract type", "electricity:\n- energy: 1000 kWh\n  contract: {type: green}\n", 7,
         "electricity[0].contract", ("'green'", "supplier_mix")),
    Case("wrong literal", "refrigerants:\n- {refrigerant: r410a, refilled: 1 kg, gwp: AR4}\n", 6,
         "refrigerants[0].gwp", ("got 'AR4'", "'AR5' or 'AR6'")),
    Case("wrong heating-value basis", "heating:\n- {carrier: natural_gas, energy: 1 kWh, basis: PCX}\n", 6,
         "heating[0].basis", ("'PCX'", "'PCS'", "'PCI'")),
    # -- units ----------------------------------------------------------------------------
    Case("missing unit", trip("  distance: '460'\n"), 7, "trips[0].distance", ("'460' has no unit", "[length]"),
         "for example '460 km'"),
    Case("missing unit of an activity", "activities:\n- {quantity: '3', factor_id: hardware.laptop}\n", 6,
         "activities[0].quantity", ("'3' has no unit", "device"), "for example '12 device'"),
    Case("unparseable unit", trip("  distance: 460 kmz\n"), 7, "trips[0].distance", ("'kmz' is not a unit",),
         "did you mean"),
    Case("unparseable unit of an activity", "activities:\n- {quantity: 3 devise, factor_id: hardware.laptop}\n",
         6, "activities[0].quantity", ("'devise' is not a unit",), "'device'"),
    Case("kWh where km is expected", trip("  distance: 460 kWh\n"), 7, "trips[0].distance",
         ("'460 kwh' has the wrong unit", "[length]"), "for example '460 km'"),
    Case("km where kWh is expected", "heating:\n- carrier: natural_gas\n  basis: PCS\n  energy: 900 km\n", 8,
         "heating[0].energy", ("'900 km' has the wrong unit", "[energy]")),
    Case("kWh for a per-device factor", "activities:\n- {quantity: 3 kWh, factor_id: hardware.laptop}\n", 6,
         "activities[0].quantity", ("wrong unit", "device ([device])"), "for example '12 device'"),
    Case("passenger km to a per-vehicle factor",
         "activities:\n- quantity: 100 passenger_km\n  factor_id: mobility.car.petrol\n", 6,
         "activities[0].quantity", ("wrong unit", "vehicle_km"), "this factor is per vehicle"),
    Case("passenger km for a fleet's vehicle distance",
         "fleet:\n  distance:\n  - {vehicle: hybrid, distance: 100 passenger_km}\n", 7,
         "fleet.distance[0].distance", ("'100 passenger_km' has the wrong unit",)),
    # -- numbers that make no sense -------------------------------------------------------
    Case("negative distance", trip("  distance: -460 km\n"), 7, "trips[0].distance", ("negative",)),
    Case("NaN distance", trip("  distance: nan km\n"), 7, "trips[0].distance", ("not a finite number",)),
    Case("infinite energy", "electricity:\n- energy: inf kWh\n", 6, "electricity[0].energy",
         ("not a finite number",)),
    Case("negative energy", "electricity:\n- {site: '', energy: -5 kWh}\n", 6, "electricity[0].energy",
         ("negative",)),
    Case("negative activity", "activities:\n- {quantity: -3 device, factor_id: hardware.laptop}\n", 6,
         "activities[0].quantity", ("negative or not a number",)),
    Case("NaN activity", "activities:\n- {quantity: nan device, factor_id: hardware.laptop}\n", 6,
         "activities[0].quantity", ("negative or not a number",)),
    Case("infinite activity", "activities:\n- {quantity: .inf device, factor_id: hardware.laptop}\n", 6,
         "activities[0].quantity", ("'.inf device' is not a number followed by a unit",)),
    Case("negative refrigerant refill", "refrigerants:\n- {refrigerant: r410a, refilled: -1 kg}\n", 6,
         "refrigerants[0].refilled", ("negative",)),
    Case("lifetime of zero (device)",
         "hardware:\n  devices:\n  - {kind: laptop, count: 3, purchase_year: 2022, lifetime: 0}\n", 7,
         "hardware.devices[0].lifetime", ("got 0", "greater than 0")),
    Case("lifetime of zero (building)", "buildings:\n- {floor_area: 100 m2, year_built: 2000, lifetime: 0}\n", 6,
         "buildings[0].lifetime", ("greater than 0",)),
    Case("occupancy of zero (trip)", "trips:\n- {mode: car, distance: 100 km, occupants: 0}\n", 6,
         "trips[0].occupants", ("got 0", "at least 1")),
    Case("occupancy of zero (carpool)", "commute:\n  respondents:\n  - {mode: carpool, one_way_distance: 10 km, "
         "days_on_site_per_week: 3, occupants: 0}\n", 7, "commute.respondents[0].occupants", ("at least 1",)),
    Case("zero travellers", trip("  distance: 460 km\n  travellers: 0\n"), 8, "trips[0].travellers",
         ("at least 1",)),
    Case("zero headcount", b"organisation: X\nyear: 2024\nheadcount: 0\n", 3, "headcount", ("at least 1",)),
    Case("zero share of a site", "sites:\n- {name: Lyon, share: 0}\n", 6, "sites[0].share", ("greater than 0",)),
    Case("more days on site than in a week", "commute:\n  respondents:\n  - {mode: bus, one_way_distance: 10 km, "
         "days_on_site_per_week: 9}\n", 7, "commute.respondents[0].days_on_site_per_week", ("at most 7",)),
    Case("shares not summing to 100 %", "electricity:\n- energy: 1000 kWh\n  contract:\n    type: supplier_mix\n"
         "    supplier: X\n    source: leaflet 2024\n    shares: {nuclear: 0.5, hydro: 0.3}\n", 11,
         "electricity[0].contract.shares", ("sum to 0.8",), "give every technology"),
    # -- names and ids --------------------------------------------------------------------
    Case("unknown factor id", "activities:\n- quantity: 3 device\n  factor_id: hardware.laptob\n", 7,
         "activities[0].factor_id", ("unknown factor id 'hardware.laptob'",), "did you mean 'hardware.laptop'"),
    Case("unknown declared factor", "electricity:\n- energy: 1000 kWh\n  contract:\n    type: declared_factor\n"
         "    factor_id: energy.electricity.fr.mix_2042\n", 9, "electricity[0].contract.factor_id",
         ("unknown factor id",), "energy.electricity.fr.mix_20"),
    Case("unknown mode", "trips:\n- {mode: train.tvg, distance: 100 km}\n", 6, "trips[0].mode",
         ("unknown mode 'train.tvg'",), "did you mean 'train.tgv'"),
    Case("unknown device kind", "hardware:\n  devices:\n  - {kind: laptob, count: 3, purchase_year: 2022}\n", 7,
         "hardware.devices[0].kind", ("unknown device kind",), "did you mean 'laptop'"),
    Case("unknown heating carrier", "heating:\n- {carrier: natural_gaz, energy: 1 kWh, basis: PCS}\n", 6,
         "heating[0].carrier", ("unknown heating carrier",), "'natural_gas'"),
    Case("unknown site", "sites:\n- {name: Lyon}\nelectricity:\n- {site: Lyonn, energy: 1000 kWh}\n", 8,
         "electricity[0].site", ("unknown site 'Lyonn'", "'Lyon'"), "did you mean 'Lyon'"),
    Case("heating with nothing to estimate from", "heating:\n- {carrier: natural_gas}\n", 6, "heating[0].energy",
         ("no energy billed",), ""),
    Case("trip without distance", trip(""), 6, "trips[0].distance", ("missing",)),
    # -- factor tables named by the bilan -----------------------------------------------------
    Case("factor table outside the folder", "factors: [../outside.yaml]\n", 5, "factors[0]",
         ("outside the bilan's folder",), "allow_outside=True"),
    Case("factor table not found", "factors: [ours.yaml]\n", 5, "factors[0]", ("'ours.yaml' not found",)),
    # -- regressions found by the fuzzer (tests/test_fuzz.py) -------------------------------
    Case("issue fuzz: tagged timestamp that is no date", "description: !!timestamp 2024-13-45 name\n", 5,
         "description", ("cannot read value", "not a valid timestamp")),
    Case("issue fuzz: tagged bool that is no bool", "description: !!bool maybe\n", 5, "description",
         ("cannot read value 'maybe'",)),
]


def _write(tmp_path: Path, case: Case) -> Path:
    folder = tmp_path / "bilans"
    folder.mkdir()
    path = folder / "bilan-2024.yaml"
    if isinstance(case.body, bytes):
        path.write_bytes(case.body)
    else:
        path.write_text(HEAD + case.body, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_bilan_file_is_refused_with_file_line_field(tmp_path: Path, case: Case) -> None:
    path = _write(tmp_path, case)
    with pytest.raises(case.error) as info, warnings.catch_warnings():
        warnings.simplefilter("error", CoopCarbonWarning)  # an error, not a warning, and no warning first
        cc.Bilan.from_yaml(path).compute()
    error = info.value
    text = str(error)
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert str(path) in text  # the file, in full
    problem = error.problems[0]
    assert problem.file == str(path)
    assert problem.line == case.line, text
    if case.line is not None:
        assert f"{path}:{case.line}:" in text
    assert case.field in problem.field, text
    for fragment in case.message:
        assert fragment.lower() in text.lower(), text
    if case.suggestion:
        assert case.suggestion.lower() in problem.suggestion.lower(), text
    assert "Traceback" not in text and "<bilan>" not in text and "<argument>" not in text


def test_the_catalogue_covers_the_issue() -> None:
    ids = " ".join(c.id for c in CASES)
    for topic in ("yaml syntax", "duplicate", "unknown field", "text for", "empty", "binary", "latin-1", "BOM",
                  "python object tag", "custom tag", "deep nesting", "missing unit", "unparseable unit",
                  "kWh where km", "passenger km to a per-vehicle", "negative", "NaN", "infinite",
                  "lifetime of zero", "occupancy of zero", "shares not summing", "unknown factor id"):
        assert topic in ids, topic
    assert len(CASES) >= 60


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    body = (HEAD + "sites:\n- {name: Lyon}\n"  # 5-6
            "trips:\n- {mode: train.tvg, distance: 100 km}\n"  # 7-8: unknown mode
            "- {mode: train.tgv, distance: 460 kWh}\n"  # 9: wrong unit
            "electricity:\n- {site: Lyonn, energy: 1000 kWh}\n"  # 10-11: unknown site
            "activities:\n- {quantity: 3 device, factor_id: hardware.laptob}\n")  # 12-13: unknown id
    path = tmp_path / "bilan.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(path).compute()
    assert [(p.line, p.field) for p in info.value.problems] == [
        (8, "trips[0].mode"), (9, "trips[1].distance"), (11, "electricity[0].site"),
        (13, "activities[0].factor_id")]
    assert "4 problem(s)" in str(info.value)


def test_alias_bomb_is_refused_within_bounded_time_and_memory(tmp_path: Path) -> None:
    import tracemalloc

    lines = [HEAD.rstrip("\n"), 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines.append("description: *a9")  # 9**10 ≈ 3.5e9 strings if expanded
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(InputError, match="too many values") as info:
            cc.Bilan.from_yaml(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - start < 5
    assert peak < 200 * 2**20  # bytes: nothing is expanded
    assert f"{path}:" in str(info.value)


def test_moderate_aliases_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "sites:\n- &lyon {name: Lyon, country: FR}\nheating:\n- &gas {site: Lyon, "
                    "carrier: natural_gas, energy: 1000 kWh, basis: PCS}\n- *gas\n", encoding="utf-8")
    result = cc.Bilan.from_yaml(path).compute()
    # Each gas bill is booked as two lines (combustion and upstream, the scope split of issue 13).
    lines = result.lines
    assert len(lines) == 4 and [e.kg for e in lines[:2]] == [e.kg for e in lines[2:]]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "activities:\n- {quantity: 3 device, factor_id: hardware.laptop}\n")
                     .encode())
    assert len(cc.Bilan.from_yaml(path).compute().lines) == 1


def test_issue_fuzz_merge_key_as_a_value_is_text(tmp_path: Path) -> None:
    """`<<` outside a key position used to leak an internal marker object into the data."""
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "description: <<\ntrips:\n- <<\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        cc.Bilan.from_yaml(path)
    assert "trips[0]" in str(info.value) and "'<<'" in str(info.value)
    path.write_text(HEAD + "description: <<\n", encoding="utf-8")
    assert "description: '<<'" in cc.Bilan.from_yaml(path).to_yaml()


def test_issue_fuzz_unusable_factor_table_path(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + 'factors: ["a\\0b.yaml"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a usable path") as info:
        cc.Bilan.from_yaml(path)
    assert info.value.line == 5


# -- warnings: suspicious but valid ---------------------------------------------------------------
OVERLAY = """\
table: {name: ours, version: "1", source: our supplier, license: CC-BY-4.0, retrieved: 2026-01-15}
factors:
  ours.electricity.de:
    name_fr: Électricité Allemagne (contrat 2018-2020)
    name_en: Electricity Germany (2018-2020 contract)
    value: 0.4
    unit: kgCO2e/kWh
    source: supplier disclosure 2019
    year: 2019
    valid_from: 2018
    valid_to: 2020
    region: DE
    scope: 2
    beges_post: "2.1"
"""


def _compute_warnings(path: Path) -> tuple[cc.BilanResult, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = cc.Bilan.from_yaml(path).compute()
    messages = [str(w.message) for w in caught if issubclass(w.category, CoopCarbonWarning)]
    assert messages == [n for n in result.notes if n in messages]  # every warning is also a note
    return result, messages


def test_factor_used_outside_its_validity_years_warns(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text(OVERLAY, encoding="utf-8")
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "factors: [ours.yaml]\nactivities:\n"
                    "- {quantity: 1000 kWh, factor_id: ours.electricity.de}\n", encoding="utf-8")
    result, messages = _compute_warnings(path)
    assert messages == ["factor ours.electricity.de is valid 2018–2020, used for 2024"]
    assert result.total.magnitude > 0  # a warning, not an error
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2024", "year: 2020"), encoding="utf-8")
    assert _compute_warnings(path)[1] == []


def test_factor_for_another_region_warns(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "sites: [{name: Berlin, country: DE}]\nactivities:\n"
                    "- {quantity: 1000 kWh, factor_id: energy.electricity.fr.mix_2024, site: Berlin}\n",
                    encoding="utf-8")
    _, messages = _compute_warnings(path)
    assert len(messages) == 1
    assert "energy.electricity.fr.mix_2024 is for FR" in messages[0] and "'Berlin' (DE)" in messages[0]
    # the same site's electricity through the electricity section picks the German factors
    path.write_text(HEAD + "sites: [{name: Berlin, country: DE}]\nelectricity:\n- {site: Berlin, energy: 1000 kWh}\n",
                    encoding="utf-8")
    result, messages = _compute_warnings(path)
    assert messages == []
    assert {line.factor.region for line in result.lines} <= {"DE", "DEU"}
    # ... unless its country is given wrong
    path.write_text(HEAD + "sites: [{name: Berlin, country: DE}]\nelectricity:\n"
                    "- {site: Berlin, energy: 1000 kWh, country: FR}\n", encoding="utf-8")
    assert len(_compute_warnings(path)[1]) == 2  # location-based mix and residual mix


def test_fuel_factors_do_not_warn_about_regions(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "sites: [{name: Berlin, country: DE}]\nheating:\n"
                    "- {site: Berlin, carrier: natural_gas, energy: 1000 kWh, basis: PCS}\n", encoding="utf-8")
    assert _compute_warnings(path)[1] == []


def test_electricity_bill_counted_twice_warns(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "sites: [{name: Lyon}]\nelectricity:\n- {site: Lyon, energy: 41000 kWh}\n"
                    "- {site: Lyon, energy: 41 MWh}\n", encoding="utf-8")
    _, messages = _compute_warnings(path)
    assert len(messages) == 1
    assert f"{path}:8: electricity[1] repeats electricity[0] ({path}:7)" in messages[0]
    # two meters of the same site with different readings are fine
    path.write_text(path.read_text(encoding="utf-8").replace("41 MWh", "12 MWh"), encoding="utf-8")
    assert _compute_warnings(path)[1] == []


def test_electricity_in_both_sections_warns(tmp_path: Path) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "sites: [{name: Lyon}]\nelectricity:\n- {site: Lyon, energy: 41000 kWh}\n"
                    "activities:\n- {quantity: 41000 kWh, factor_id: energy.electricity.fr.mix_2024, site: Lyon}\n",
                    encoding="utf-8")
    _, messages = _compute_warnings(path)
    assert len(messages) == 1
    assert f"{path}:9: electricity of site 'Lyon'" in messages[0] and "counted twice" in messages[0]
    # and from Python
    bilan = cc.Bilan.from_yaml(path)
    bilan.inputs = bilan.inputs.model_copy(update={"activities": []}) if bilan.inputs else None
    bilan.add(cc.ActivityLine(cc.Q("41000 kWh"), "energy.electricity.fr.mix_2024", site="Lyon", label="meter"))
    with pytest.warns(CoopCarbonWarning, match="line meter: electricity of site 'Lyon'"):
        bilan.compute()


def test_examples_give_no_warning() -> None:
    examples = sorted((Path(__file__).parents[1] / "examples").glob("*/bilan-*.yaml"))
    for path in examples:
        with warnings.catch_warnings():
            warnings.simplefilter("error", CoopCarbonWarning)
            cc.Bilan.from_yaml(path).compute()


# -- security ----------------------------------------------------------------------------------
def test_tables_outside_the_folder_need_allow_outside(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text(OVERLAY, encoding="utf-8")
    folder = tmp_path / "bilans"
    folder.mkdir()
    path = folder / "bilan.yaml"
    path.write_text(HEAD + "factors: [../outside.yaml]\n", encoding="utf-8")
    with pytest.raises(InputError, match="outside the bilan's folder"):
        cc.Bilan.from_yaml(path)
    bilan = cc.Bilan.from_yaml(path, allow_outside=True)
    assert "ours.electricity.de" in bilan.library()
    # an absolute path and a symbolic link that leads out are refused too
    path.write_text(HEAD + f"factors: ['{tmp_path / 'outside.yaml'}']\n", encoding="utf-8")
    with pytest.raises(InputError, match="outside"):
        cc.Bilan.from_yaml(path)
    (folder / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    path.write_text(HEAD + "factors: [link.yaml]\n", encoding="utf-8")
    with pytest.raises(InputError, match="outside"):
        cc.Bilan.from_yaml(path)


def test_tables_are_resolved_relative_to_the_bilan_not_the_cwd(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "bilans"
    folder.mkdir()
    (folder / "ours.yaml").write_text(OVERLAY, encoding="utf-8")
    (folder / "bilan.yaml").write_text(HEAD + "factors: [ours.yaml]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert "ours.electricity.de" in cc.Bilan.from_yaml("bilans/bilan.yaml").library()


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/apply:subprocess.call",
                                 "!!python/object/new:os.system"])
def test_no_code_runs_from_a_data_file(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "PWNED"
    for target in ("bilan", "table"):
        path = tmp_path / f"{target}.yaml"
        path.write_text(HEAD + f"description: {tag} [['touch', '{marker}']]\n" if target == "bilan" else
                        f"table: {tag} [['touch', '{marker}']]\n", encoding="utf-8")
        with pytest.raises((InputError, TableError), match="not allowed"):
            if target == "bilan":
                cc.Bilan.from_yaml(path)
            else:
                cc.load_factors(path, bundled=False)
    assert not marker.exists()


def test_cli_report_never_overwrites_a_bilan_without_force(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """The -o existing case is in test_cli.py; here, the output is the input file itself."""
    path = tmp_path / "bilan.yaml"
    original = HEAD + "activities:\n- {quantity: 3 device, factor_id: hardware.laptop}\n"
    path.write_text(original, encoding="utf-8")
    assert main(["report", str(path), "-o", str(path)]) == 1
    assert "--force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == original
