"""The JSON result document, checked before it is read back: a schema, and errors naming the field.

A JSON result (``coopcarbon report --format json``) can come back from anywhere: a colleague's
mail, a shared drive, an edited file. :func:`check_result_document` parses and validates it
before any report is drawn from it, so a wrong file gives an :class:`~coopcarbon.errors.InputError`
naming the file and the field (``lines[3].scope``), never a traceback:

- JSON only: ``NaN``, ``Infinity`` and nesting deeper than :data:`MAX_DEPTH` are refused;
- the top level is an object, with the fields :func:`~coopcarbon.reports.data.result_to_dict`
  writes; numbers are finite, whole numbers are not booleans (``true`` is not a year);
- ``headcount`` is at least 1, ``year`` in 1990–2100, a scope 1, 2 or 3, a post a BEGES v5 post,
  a scope 3 category 1–15, units are units.

Fields the reports do not read are let through (newer minor versions may add some).

Examples
--------
>>> try:
...     check_result_document('[1, 2]', "old.json")
... except InputError as exc:
...     print(exc.problems[0].file, "|", exc.problems[0].message)
old.json | not a coopcarbon result: the top level is a list
"""

from __future__ import annotations

import json
import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from ..activities import DOMAINS
from ..categories import BEGES_POSTS
from ..errors import CoopCarbonError, InputError, Problem
from ..units import parse_unit

__all__ = ["MAX_DEPTH", "ResultDocument", "check_result_data", "check_result_document"]

#: Deepest nesting of arrays and objects read (a result needs 5: lines → factor_quality...).
MAX_DEPTH = 32

_EXPECTED = "a file written by `coopcarbon report --format json`"


def _unit(text: str) -> str:
    try:
        parse_unit(text)
    except CoopCarbonError:
        raise ValueError(f"{text!r} is not a unit") from None
    return text


def _domain(text: str) -> str:
    if text not in DOMAINS:
        raise ValueError(f"{text!r} is not a domain ({', '.join(DOMAINS)})")
    return text


def _post(text: str) -> str:
    if text not in BEGES_POSTS:
        raise ValueError(f"{text!r} is not a BEGES v5 post")
    return text


Finite = Annotated[float, Field(allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Whole = Annotated[int, Field(strict=True)]
Unit = Annotated[str, AfterValidator(_unit)]
Post = Annotated[str, AfterValidator(_post)]
Domain = Annotated[str, AfterValidator(_domain)]
Scope = Annotated[int, Field(strict=True, ge=1, le=3)]
Category = Annotated[int, Field(strict=True, ge=1, le=15)]
Basis = Literal["PCS", "PCI"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)


class _Factors(_Model):
    version: str
    fingerprint: str


class _Interval(_Model):
    central_kg: Finite
    low_kg: Finite
    high_kg: Finite
    method: str


class _Indicator(_Model):
    value: Finite
    unit: Unit


class _FactorIndicator(_Model):
    name: str
    magnitude: Finite
    unit: Unit
    source: str
    source_id: str = ""


class _Pedigree(_Model):
    reliability: Annotated[int, Field(ge=1, le=5)]
    completeness: Annotated[int, Field(ge=1, le=5)]
    temporal: Annotated[int, Field(ge=1, le=5)]
    geographic: Annotated[int, Field(ge=1, le=5)]
    technological: Annotated[int, Field(ge=1, le=5)]


class _Line(_Model):
    """One emission line, as :func:`~coopcarbon.reports.data.line_to_dict` writes it."""

    factor_id: Annotated[str, Field(min_length=1)]
    value: Finite
    unit: Unit
    source: str
    source_id: str = ""
    year: Whole
    license: str = ""
    table: str = ""
    table_version: str = ""
    overrides: str | None = None
    label: str = ""
    domain: Domain = "other"
    group: str = ""
    site: str = ""
    quantity: Finite
    quantity_unit: Unit
    basis: Basis | None = None
    data_quality: Literal["measured", "estimated", "extrapolated"] = "measured"
    activity_uncertainty: Annotated[float, Field(ge=0, le=1)] | None = None
    scope: Scope
    scope2_method: Literal["location", "market"] | None = None
    ghg_category: Category | None = None
    beges_post: Post
    co2e_kg: Finite
    co2e_without_non_co2_kg: Finite | None = None
    uncertainty: NonNegative
    factor_uncertainty: NonNegative = 0.0
    note: str = ""
    indicators: dict[str, _Indicator] = {}
    factor_stated_uncertainty: NonNegative | None = None
    factor_quality: _Pedigree | None = None
    factor_name_fr: str | None = None
    factor_name_en: str | None = None
    factor_scope: Scope | None = None
    factor_ghg_category: Category | None = None
    factor_beges_post: Post | None = None
    factor_region: str = "FR"
    factor_gwp: str = "AR5"
    factor_basis: Basis | None = None
    factor_pcs_pci_ratio: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    factor_without_non_co2: str | None = None
    factor_estimated: bool = False
    factor_source_url: str = ""
    factor_file: str = ""
    factor_line: Whole | None = None
    factor_notes: str = ""
    factor_indicators: dict[str, _FactorIndicator] = {}
    source_key: str | None = None
    verified: bool = False


class ResultDocument(_Model):
    """A JSON result document: what :func:`~coopcarbon.reports.data.result_from_dict` reads."""

    schema_version: str
    organisation: str
    year: Annotated[int, Field(strict=True, ge=1990, le=2100)]
    headcount: Annotated[int, Field(strict=True, ge=1)]
    coopcarbon_version: str = ""
    factors: _Factors
    overridden: dict[str, str] = {}
    notes: list[str] = []
    monte_carlo: _Interval | None = None
    samples: Annotated[int, Field(strict=True, ge=0)] = 0
    seed: Annotated[int, Field(strict=True, ge=0)] | None = None
    lines: list[_Line] = []


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows (numbers must be finite)")


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _field(location: tuple[int | str, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(source: str, field: str, message: str, expected: str = _EXPECTED) -> InputError:
    return InputError([Problem(source, None, None, field, f"not a coopcarbon result: {message}", expected)])


def check_result_document(text: str | bytes, source: str = "<json>") -> dict[str, Any]:
    """Parse and validate a JSON result; return it as plain data, ready for ``result_from_dict``.

    Parameters
    ----------
    text
        The JSON text.
    source
        The file name, for the error messages.

    Raises
    ------
    InputError
        Naming ``source`` and, for each wrong field, its path (``lines[2].beges_post``), what
        was found and what was expected.
    """
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise _problem(source, "", f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, NaN/Infinity, bad UTF-8
        raise _problem(source, "", f"not JSON ({exc})") from None
    return check_result_data(data, source)


def check_result_data(data: Any, source: str = "<result>") -> dict[str, Any]:
    """Validate a result already parsed (a dict from ``result_to_dict`` or ``json.loads``).

    Returns ``data`` itself (validation converts nothing: the checks are strict).

    Raises
    ------
    InputError
        As :func:`check_result_document`.
    """
    if not isinstance(data, dict):
        found = {"list": "a list", "str": "a string", "NoneType": "null"}.get(type(data).__name__, "a number")
        raise _problem(source, "", f"the top level is {found}",
                       "a JSON object, as written by `coopcarbon report --format json`")
    if _depth(data) > MAX_DEPTH:
        raise _problem(source, "", f"nested deeper than {MAX_DEPTH} levels")
    try:
        ResultDocument.model_validate(data)
    except ValidationError as exc:
        problems = [Problem(source, None, None, _field(error["loc"]),
                            f"not a coopcarbon result: {error['msg']} (found {_shown(error.get('input'))})",
                            _EXPECTED)
                    for error in exc.errors(include_url=False)[:20]]
        raise InputError(problems) from None
    return data


def _shown(value: Any) -> str:
    """A short, printable view of a wrong value."""
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    text = repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        return text
    return text if len(text) <= 60 else text[:57] + "..."
