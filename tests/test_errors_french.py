"""Errors in French with ``--lang fr`` (issue 14): the problems' own texts, not only the framing.

The catalogues of bad bilan files (tests/test_bad_inputs.py) and of bad factor tables
(tests/test_factors.py) are run again, in French: through the command for the bilan files, and
through ``TableError.in_language("fr")`` for the tables. No common English word of the messages
may remain outside the quoted values, and every quoted value (an id, a unit, a quantity), the
file, the line and the field are the same as in English.
"""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.cli import main
from coopcarbon.errors import InputError, Problem, TableError, UnitMismatchError, UnknownFactorError
from coopcarbon.io.messages_fr import french, french_summary

from .test_bad_inputs import CASES, HEAD, Case
from .test_bad_inputs_bilanfile import _fec
from .test_bad_inputs_reports import small_result
from .test_csv import REJECTED
from .test_factors import BAD_TABLES, write

#: English words and phrases of the validators' messages that must not reach a French reader.
ENGLISH = ("expected", "unknown", "missing", "not a", "did you mean", "should be", "must", "got",
           "found", "cannot", "invalid", "is not", "at least", "at most", "too large", "too small",
           "duplicate", "allowed", "problem(s)", "such as", "wrong", "for example", "has no",
           "outside", "negative", "empty", "number", "file", "field", "line", "row", "unit ")

#: Quoted values and code spans: left as written, so left out of the word check.
QUOTED = re.compile(r"(?<![\w])'[^'\n]*'(?![\w])|`[^`\n]*`")


def _english_left(text: str, *kept: str) -> list[str]:
    """The English words of ENGLISH still in ``text``, outside quoted values and ``kept`` parts."""
    for part in kept:
        text = text.replace(part, " ")
    text = QUOTED.sub(" ", text).lower()
    return [word for word in ENGLISH if re.search(rf"(?<![\w.\[]){re.escape(word)}(?![a-zé])", text)]


def _bilan(tmp_path: Path, case: Case) -> Path:
    folder = tmp_path / "bilans"
    folder.mkdir()
    path = folder / "bilan-2024.yaml"
    if isinstance(case.body, bytes):
        path.write_bytes(case.body)
    else:
        path.write_text(HEAD + case.body, encoding="utf-8")
    return path


def _fields(error: InputError | TableError) -> list[tuple[str, int | None, int | None, str]]:
    return [(p.file, p.line, p.column, p.field) for p in error.problems]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_bilan_files_are_refused_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               case: Case) -> None:
    path = _bilan(tmp_path, case)
    assert main(["report", str(path), "--lang", "en"]) == 1
    english = capsys.readouterr().err
    assert main(["report", str(path), "--lang", "fr"]) == 1
    out, text = capsys.readouterr()
    assert not out and text.startswith("coopcarbon: erreur : ") and "Traceback" not in text
    fields = [f"{p.field}" for p in _problems(path)]
    left = _english_left(text, str(path.parent), *fields)
    assert not left, f"English left {left} in: {text}"
    # the values, the file and the line are those of the English message, unchanged
    assert sorted(QUOTED.findall(text)) == sorted(QUOTED.findall(english)), text
    where = f"{path}:{case.line}" if case.line is not None else str(path)
    assert where in text and where in english
    if case.field:
        assert f" : {case.field}" in text


def _problems(path: Path) -> tuple[Problem, ...]:
    with pytest.raises((InputError, TableError)) as info:
        cc.Bilan.from_yaml(path).compute()
    problems: tuple[Problem, ...] = info.value.problems  # type: ignore[union-attr]
    return problems


@pytest.mark.parametrize(("name", "body", "line", "field", "message"), BAD_TABLES,
                         ids=[case[0] for case in BAD_TABLES])
def test_bad_factor_tables_are_described_in_french(tmp_path: Path, name: str, body: str, line: int,
                                                   field: str, message: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(TableError) as info:
        cc.load_factors(path, bundled=False)
    error = info.value
    translated = error.in_language("fr")
    assert type(translated) is type(error) and _fields(translated) == _fields(error)
    text = str(translated)
    left = _english_left(text, str(tmp_path), *(p.field for p in error.problems))
    assert not left, f"English left {left} in: {text}"
    assert sorted(QUOTED.findall(text)) == sorted(QUOTED.findall(str(error))), text
    assert f"{path}:{line}" in text


FEC_ROWS = [("20230115", "6064", "1200,00", ""), ("20230116", "6064", "12a,00", ""),
            ("2023-01-17", "6064", "10,00", ""), ("20230118", "0601", "10,00", "")]


def _other_files(tmp_path: Path, kind: str) -> Path:
    """A bilan naming a bad activity CSV or FEC, or a JSON result that is not a result."""
    bilan = tmp_path / "bilan.yaml"
    if kind == "activity csv":
        (tmp_path / "activites.csv").write_bytes(REJECTED.replace(b"Trop;de", b"Trop de"))
        bilan.write_text(HEAD + "activities_csv: [activites.csv]\n", encoding="utf-8")
    elif kind == "fec":
        (tmp_path / "FEC.txt").write_text(_fec(FEC_ROWS), encoding="utf-8")
        bilan.write_text("organisation: X\nyear: 2023\nheadcount: 3\nfec: {file: FEC.txt}\n", encoding="utf-8")
    else:
        document = json.loads(small_result().to_json())
        changes = {"json fields": {"headcount": 0, "year": True, "scope": "x"},
                   "json lines": {"lines": [{**document["lines"][0], "beges_post": "9.9", "unit": "not a unit"}]}}
        bilan = tmp_path / "result.json"
        bilan.write_text(json.dumps({**document, **changes[kind]}), encoding="utf-8")
    return bilan


@pytest.mark.parametrize("kind", ["activity csv", "fec", "json fields", "json lines"])
def test_csv_fec_and_json_problems_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    path = _other_files(tmp_path, kind)
    assert main(["report", str(path), "--lang", "en"]) == 1
    english = capsys.readouterr().err
    assert main(["report", str(path), "--lang", "fr"]) == 1
    text = capsys.readouterr().err
    assert text.count("\n") == english.count("\n") >= 2 and "problème(s) dans" in text, text
    fields = re.findall(r" : ([^ ]+) : ", text)
    left = _english_left(text, str(tmp_path), *fields)
    assert not left, f"English left {left} in: {text}"
    assert sorted(QUOTED.findall(text)) == sorted(QUOTED.findall(english)), text
    place = re.compile(r"^  - (\S+?) ?: (\S+?) ?: ", re.MULTILINE)  # file:line:column and field
    assert place.findall(text) == place.findall(english) != []


def test_the_french_catalogue_is_large_enough() -> None:
    assert len(CASES) + len(BAD_TABLES) >= 40


def test_a_problem_in_french_keeps_its_place_and_values() -> None:
    problem = Problem("bilan.yaml", 7, 3, "trips[0].mode", "unknown mode 'train.tvg'",
                      "a name from mobility.MODES (e.g. 'train.tgv', 'bus')", "did you mean 'train.tgv'?")
    fr = problem.in_language("fr")
    assert (fr.file, fr.line, fr.column, fr.field) == ("bilan.yaml", 7, 3, "trips[0].mode")
    assert str(fr) == ("bilan.yaml:7:3 : trips[0].mode : mode inconnu 'train.tvg' (attendu : un nom de "
                       "mobility.MODES (par ex. 'train.tgv', 'bus')) ; vouliez-vous dire 'train.tgv' ?")
    assert fr == Problem(**{**vars(fr), "lang": "en"})  # the language is not part of what a problem is
    assert fr.in_language("fr") is fr and problem.in_language("en") is problem
    assert str(problem) == ("bilan.yaml:7:3: trips[0].mode: unknown mode 'train.tvg' (expected a name from "
                            "mobility.MODES (e.g. 'train.tgv', 'bus')); did you mean 'train.tgv'?")


def test_an_error_in_french_is_the_same_error_and_pickles() -> None:
    error = InputError([Problem("a.csv", 3, 2, "quantity", "row 3, column B: 'abc' is not a number"),
                        Problem("a.csv", 4, None, "unit", "row 4, column B: empty cell: a value is required")],
                       "2 problem(s) in a.csv; no row was imported")
    fr = error.in_language("fr")
    assert isinstance(fr, InputError) and error.in_language("en") is error
    assert str(fr).splitlines() == [
        "2 problème(s) dans a.csv ; aucune ligne n'a été importée",
        "  - a.csv:3:2 : quantity : ligne 3, colonne B : 'abc' n'est pas un nombre",
        "  - a.csv:4 : unit : ligne 4, colonne B : cellule vide : une valeur est requise"]
    assert str(pickle.loads(pickle.dumps(fr))) == str(fr)  # noqa: S301  # our own bytes
    # without a summary, the heading counts the problems in French too
    plain = InputError(error.problems).in_language("fr")
    assert str(plain).splitlines()[0] == "2 problème(s) dans a.csv"


def test_values_paths_and_code_are_never_translated() -> None:
    assert french("'unknown field' is not a unit") == "'unknown field' n'est pas une unité"
    assert (french("id 'x.y' already exists (in /srv/missing or unknown/t.yaml)")
            == "l'identifiant 'x.y' existe déjà (dans /srv/missing or unknown/t.yaml)")
    assert french("start from `coopcarbon factors new`") == "partez de `coopcarbon factors new`"
    assert french("a wording no pattern knows") == "a wording no pattern knows"  # left as written
    assert french("") == ""


@pytest.mark.parametrize(("english", "expected"), [
    ("3 problem(s) in factor table t.yaml", "3 problème(s) dans la table de facteurs t.yaml"),
    ("problem(s) in bilan file b.yaml", "problème(s) dans le fichier bilan b.yaml"),
    ("6 problem(s) in FEC FEC.txt", "6 problème(s) dans le FEC FEC.txt"),
    ("problem(s) in FEC mapping m.yaml", "problème(s) dans la correspondance du FEC m.yaml"),
    ("problem(s) in workbook c.xlsx", "problème(s) dans le classeur c.xlsx"),
    ("", ""),
])
def test_summaries_in_french(english: str, expected: str) -> None:
    assert french_summary(english) == expected


def test_unknown_factor_and_unit_errors_in_french_on_the_command(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert french(str(UnknownFactorError("hardware.laptob", ["hardware.laptop"]))) == (
        "identifiant de facteur inconnu 'hardware.laptob' ; vouliez-vous dire 'hardware.laptop' ?")
    text = french(str(UnitMismatchError("kWh", "km", "[energy]", "[length]", parameter="distance",
                                        example="460 km")))
    assert text == "distance: reçu kWh ([energy]) alors que km ([length]) est attendu ; par exemple '460 km'"
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "activities:\n- {quantity: 3 devise, factor_id: hardware.laptob}\n", encoding="utf-8")
    assert main(["report", str(path), "--lang", "fr"]) == 1
    err = capsys.readouterr().err
    assert "'devise' n'est pas une unité" in err and "vouliez-vous dire 'device'" in err


def test_python_arguments_in_french() -> None:
    with pytest.raises(InputError) as info:
        cc.Bilan(organisation="", year=3000, headcount=0)
    text = str(info.value.in_language("fr"))
    assert "3000 n'est pas une année" in text and "0 n'est pas un nombre entier positif" in text
    assert "organisation : est vide (attendu : le nom de l'organisation)" in text
    assert not _english_left(text, "<bilan>", "organisation", "headcount", "year"), text


def test_warnings_in_french_on_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bilan.yaml"
    path.write_text(HEAD + "sites: [{name: Lyon}]\nelectricity:\n- {site: Lyon, energy: 41000 kWh}\n"
                    "- {site: Lyon, energy: 41 MWh}\nactivities:\n"
                    "- {quantity: 41000 kWh, factor_id: energy.electricity.fr.mix_2024, site: Lyon}\n",
                    encoding="utf-8")
    assert main(["report", str(path), "--lang", "fr", "-o", str(tmp_path / "r.md")]) == 0
    warnings_fr = [w for w in capsys.readouterr().err.splitlines() if w.startswith("coopcarbon: avertissement")]
    assert len(warnings_fr) == 2, warnings_fr
    assert f"{path}:8: electricity[1] répète electricity[0] ({path}:7) : même site 'Lyon'" in warnings_fr[0]
    assert "comptée deux fois ? Retirez-en une" in warnings_fr[1]
    assert not _english_left("\n".join(warnings_fr), str(path), "electricity[0]", "electricity[1]")


def test_the_engines_unit_hints_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A passenger distance, a vehicle distance and a plain distance given to the wrong factor: hints in French."""
    (tmp_path / "ledger.csv").write_text(
        "quantity;unit;factor_id;label\n5;vehicle_km;mobility.train.tgv;a\n"
        "6;passenger_km;mobility.car.petrol;b\n7;km;mobility.train.tgv;c\n", encoding="utf-8")
    bilan = tmp_path / "bilan.yaml"
    bilan.write_text(HEAD + "activities_csv: [ledger.csv]\n", encoding="utf-8")
    assert main(["report", str(bilan)]) == 1
    english = capsys.readouterr().err
    assert "this factor is per passenger" in english and "this factor is per vehicle" in english
    assert main(["report", str(bilan), "--lang", "fr"]) == 1
    text = capsys.readouterr().err
    assert "ce facteur est par passager : donnez passenger_km" in text
    assert "ce facteur est par véhicule : donnez vehicle_km" in text
    assert "une distance n'est pas une distance par passager" in text
    for phrase in ("this factor", "give ", "a distance is", "counts once"):
        assert phrase not in text, phrase
