"""The report and transition-plan sections of a bilan file, read for the regulatory report.

A BEGES describes the legal person, its reference year, the posts it leaves out (and why) and
its action plan; a bilan file holds them under ``legal_person:``, ``reference_year:``,
``excluded_posts:``, ``actions:`` and ``scenarios:`` (see :mod:`coopcarbon.bilanfile.schema`).
They do not change the emissions, so :class:`~coopcarbon.bilan.Bilan` does not carry them:
:func:`read_plan` reads them from the file, checked by the same schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from ..io.yamlfile import load_yaml
from .locate import validation_problems
from .schema import ActionEntry, BilanFile, ExcludedPost, LegalPerson, ScenarioEntry

__all__ = ["Plan", "read_plan"]


@dataclass(frozen=True)
class Plan:
    """What a regulatory report says beside the figures: who, base year, exclusions, actions."""

    organisation: str
    year: int
    legal_person: LegalPerson | None = None
    reference_year: int | None = None
    description: str = ""
    excluded_posts: tuple[ExcludedPost, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    scenarios: tuple[ScenarioEntry, ...] = ()


def read_plan(path: str | Path) -> Plan:
    """Read the plan sections of a bilan file (the whole file is checked).

    Raises
    ------
    InputError
        Every problem of the file, each at its file, line and field.
    """
    document = load_yaml(path, error=InputError)
    try:
        parsed = BilanFile.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, document),
                         f"problem(s) in bilan file {document.file}") from None
    return Plan(parsed.organisation, parsed.year, parsed.legal_person, parsed.reference_year,
                parsed.description, tuple(parsed.excluded_posts), tuple(parsed.actions),
                tuple(parsed.scenarios))
