"""Reading a bilan file: the YAML holding a year's activity data (``Bilan.from_yaml`` uses it).

A bilan file holds the organisation, the year, the headcount, its sites and the domain inputs
(commute survey, trips, fleet, heating bills, electricity contracts, solar, refrigerants,
buildings, hardware inventory...) plus raw activity lines and CSV files of them. The file is
validated (:mod:`~coopcarbon.bilanfile.schema`); each problem names the file, the line and the
field (:mod:`~coopcarbon.bilanfile.locate`). Its entries become activity lines when the bilan is
computed (:mod:`~coopcarbon.bilanfile.entries`). See ``docs/reference/bilan-file.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, Problem
from ..io.yamlfile import Document, load_yaml
from .activity_csv import CsvActivities, read_activities_csv
from .entries import BilanSource
from .locate import Locator, validation_problems
from .schema import PLAN_FIELDS, BilanFile, BilanInputs

__all__ = ["BilanFileContents", "read_bilan"]

_INPUT_FIELDS = tuple(BilanInputs.model_fields)


@dataclass(frozen=True)
class BilanFileContents:
    """What a bilan file holds, checked: the arguments of :class:`~coopcarbon.bilan.Bilan`."""

    organisation: str
    year: int
    headcount: int
    inputs: BilanInputs
    factors: tuple[Path, ...]
    source_file: Path
    source: BilanSource


def read_bilan(path: str | Path, *, allow_outside: bool = False) -> BilanFileContents:
    """Read and check a bilan file (``Bilan.from_yaml`` builds the bilan from it).

    Factor tables listed under ``factors:`` and CSV files under ``activities_csv:`` are resolved
    relative to the file and may not leave its folder unless ``allow_outside`` is true.

    Raises
    ------
    InputError
        Every problem of the file (and of its CSV files), each at its file, line and field.
    """
    document = load_yaml(path, error=InputError, marks="lazy")  # marks read again if a problem needs them
    data = document.data
    if not isinstance(data, dict):
        raise InputError([document.problem((), "the file is empty or is not a mapping",
                                           "a mapping with organisation, year, headcount...",
                                           "see examples/ or `coopcarbon schema`")])
    try:
        parsed = BilanFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, document),
                         f"problem(s) in bilan file {document.file}") from None
    base = Path(path).resolve().parent
    tables, problems = _resolve_files(document, "factors", parsed.factors, base, allow_outside,
                                      "factor table")
    csv_files, csv_problems = _resolve_files(document, "activities_csv", parsed.activities_csv, base,
                                             allow_outside, "CSV file")
    problems += csv_problems
    csv_tables: list[CsvActivities] = []
    for csv_file in csv_files if not csv_problems else []:
        try:
            csv_tables.append(read_activities_csv(csv_file))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    inputs = BilanInputs.model_validate({k: getattr(parsed, k) for k in _INPUT_FIELDS
                                         if k in parsed.model_fields_set})
    plan = parsed.model_dump(mode="json", include=set(PLAN_FIELDS) & parsed.model_fields_set)
    source = BilanSource(Locator(document), base, tuple(csv_tables), parsed.description,
                         tuple(parsed.factors), tuple(parsed.activities_csv),
                         tuple((key, plan[key]) for key in PLAN_FIELDS if key in plan))
    return BilanFileContents(parsed.organisation, parsed.year, parsed.headcount, inputs, tuple(tables),
                             Path(path), source)


def _resolve_files(document: Document, key: str, names: Sequence[str], base: Path, allow_outside: bool,
                   what: str) -> tuple[list[Path], list[Problem]]:
    """Files listed under ``key``, relative to ``base``; inside it unless ``allow_outside``."""
    files: list[Path] = []
    problems: list[Problem] = []
    for i, name in enumerate(names):
        try:
            resolved = (base / name).resolve()
            found = resolved.is_file()
        except (OSError, ValueError) as exc:  # a NUL byte, a name too long...
            problems.append(document.problem((key, i), f"{name!r} is not a usable path ({exc})",
                                             "a path relative to the bilan file"))
            continue
        if not allow_outside and not resolved.is_relative_to(base):
            problems.append(document.problem((key, i), f"{name!r} is outside the bilan's folder",
                                             "a path inside the folder of the bilan file",
                                             f"copy the {what} next to the bilan, or pass allow_outside=True"))
        elif not found:
            problems.append(document.problem((key, i), f"{what} {name!r} not found",
                                             f"a file relative to {base}"))
        files.append(resolved)
    return files, problems
