"""Validation errors in words for people: what went wrong, the value given, and a suggestion.

The bilan file, the activity CSV and factor tables are validated with pydantic; its messages
(``Input should be less than or equal to 1``) are replaced here by coopcarbon's own, which name
the value given and, for a percentage written where a fraction is expected, the fraction to
write.

>>> human_message({"type": "less_than_equal", "loc": ("uncertainty",), "input": 40, "ctx": {"le": 1}})
('too large for a fraction (got 40)', 'write 0.4 for ±40 %')
>>> human_message({"type": "int_parsing", "loc": ("travellers",), "input": "many"})
("not a whole number (got 'many')", '')
>>> expected_bounds({"ge": 0.0, "le": 1.0})
'a number at least 0 and at most 1'
"""

from __future__ import annotations

from typing import Any

__all__ = ["FRACTIONS", "expected_bounds", "human_message"]

#: Fields holding a fraction (0.4 = 40 %): a value above 1 is most likely a percentage.
FRACTIONS = frozenset({"uncertainty", "activity_uncertainty", "share", "leak_rate"})

#: Pydantic error types → what went wrong, in words.
_MESSAGES = {
    "float_parsing": "not a valid number",
    "float_type": "not a valid number",
    "int_parsing": "not a whole number",
    "int_type": "not a whole number",
    "int_from_float": "not a whole number",
    "bool_parsing": "not yes or no",
    "bool_type": "not yes or no",
    "string_type": "not text",
    "string_too_short": "empty",
    "literal_error": "not one of the allowed values",
    "list_type": "not a list",
    "tuple_type": "not a list",
    "dict_type": "not a mapping",
    "model_type": "not a mapping",
    "model_attributes_type": "not a mapping",
    "too_short": "empty",
    "too_long": "too many items",
    "union_tag_not_found": "the type is missing",
    "date_type": "not a date",
    "date_parsing": "not a date",
    "date_from_datetime_parsing": "not a date",
    "date_from_datetime_inexact": "not a date",
}

_BOUNDS = {"gt": "greater than", "ge": "at least", "lt": "less than", "le": "at most"}


def human_message(error: Any) -> tuple[str, str]:
    """A pydantic error in words for people, and a suggestion: never pydantic's own phrasing.

    The value given follows in brackets (``not a whole number (got 'many')``); a value of 2 to 100
    where a fraction is expected suggests the fraction (``uncertainty: 40`` → "write 0.4 for
    ±40 %"), a decimal comma the decimal point.
    """
    kind = str(error["type"])
    given = error.get("input")
    loc = error.get("loc") or ()
    name = str(loc[-1]) if loc else ""
    ctx = error.get("ctx") or {}
    suggestion = ""
    if kind.startswith(("greater_than", "less_than")):
        message = "too large" if kind.startswith("less_than") else "too small"
        if (name in FRACTIONS and kind.startswith("less_than") and isinstance(given, (int, float))
                and 2 <= given <= 100):
            message = "too large for a fraction"
            suggestion = f"write {given / 100:g} for {'±' if 'uncertainty' in name else ''}{given:g} %"
    elif kind == "float_parsing" and isinstance(given, str) and "," in given:
        message = _MESSAGES[kind]
        suggestion = f"write it with a decimal point: {given.replace(' ', '').replace(',', '.')}"
    elif kind == "union_tag_invalid":
        message = f"unknown type {ctx.get('tag', '')!r}"
    else:
        # coopcarbon's own validators (custom error types, ValueError) already speak for people
        message = _MESSAGES.get(kind) or str(error["msg"]).removeprefix("Value error, ")
    if isinstance(given, (str, int, float, bool)) or given is None:
        message += f" (got {given!r})"
    return message, suggestion


def expected_bounds(ctx: Any) -> str:
    """The bounds of a pydantic range error (its ``ctx``) in words: ``a number at least 0 and at most 1``."""
    return "a number " + " and ".join(f"{_BOUNDS.get(k, k)} {v:g}" if isinstance(v, (int, float))
                                      else f"{_BOUNDS.get(k, k)} {v}" for k, v in dict(ctx or {}).items())
