"""Argument checks shared by the domain helpers: located errors, suggestions, years."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem
from ..factors.library import FactorLibrary
from ..factors.loading import load_factors
from ..units import as_quantity, is_quantity

if TYPE_CHECKING:
    import pint


def argument_error(field_name: str, message: str, expected: str = "", suggestion: str = "") -> InputError:
    """An :class:`InputError` about one argument of a domain helper."""
    return InputError([Problem("<argument>", None, None, field_name, message, expected, suggestion)])


def suggest(name: str, choices: Iterable[str]) -> str:
    """``"did you mean 'a', 'b'?"`` for the choices closest to ``name``, or ``""``."""
    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.5)
    return ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ""


def normalise(name: str) -> str:
    """A user's spelling of a name as a key: ``"Diesel B10"`` → ``"diesel_b10"``."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def check_year(value: Any, field_name: str, lowest: int = 1990, highest: int = 2100) -> int:
    """``value`` if it is a whole year in ``[lowest, highest]``, else an :class:`InputError`."""
    if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
        raise argument_error(field_name, f"{value!r} is not a year", f"a year between {lowest} and {highest}, "
                             "such as 2024")
    return value


def library_or_default(library: FactorLibrary | None) -> FactorLibrary:
    """``library``, or the bundled factor library."""
    if library is not None:
        return library
    return load_factors()


def fmt(x: float) -> str:
    """A number for notes: 6 significant digits, thin thousands separator (``12 345.6``)."""
    return f"{x:,.6g}".replace(",", " ")


def check_number(value: Any, field_name: str, *, minimum: float = 0.0, maximum: float = math.inf,
                 allow_minimum: bool = True, expected: str = "") -> float:
    """Check a finite real number in [minimum, maximum] (open below if not allow_minimum)."""
    text = expected or (f"a number >= {minimum:g}" if allow_minimum else f"a number > {minimum:g}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise argument_error(field_name, f"{value!r} is not a number", text)
    number = float(value)
    if not math.isfinite(number):
        raise argument_error(field_name, f"{value!r} is not finite", text)
    if number < minimum or (number == minimum and not allow_minimum) or number > maximum:
        raise argument_error(field_name, f"{value!r} is out of range", text)
    return number


def scalar(quantity: pint.Quantity[Any], field_name: str) -> float:
    """The magnitude of a quantity that must be one number, not an array."""
    try:
        return float(quantity.magnitude)
    except TypeError:
        raise argument_error(field_name, "an array was given", "one quantity, not an array") from None


def check_choice(name: Any, field_name: str, choices: Mapping[str, str]) -> str:
    """The key of ``choices`` a user's name stands for (case, ``-`` and spaces forgiven)."""
    if not isinstance(name, str) or not name.strip():
        raise argument_error(field_name, f"{name!r} is not a name", "one of " + ", ".join(choices))
    key = name.strip().casefold().replace("-", "_").replace(" ", "_")
    if key not in choices:
        raise argument_error(field_name, f"unknown {field_name} {name!r}", "one of " + ", ".join(choices),
                     suggest(key, choices))
    return key


def check_count(value: Any, field_name: str, unit: str, example: str) -> float:
    """A non-negative count given as a number or a quantity of ``unit``."""
    if isinstance(value, str) or is_quantity(value):
        quantity = as_quantity(value, unit, field_name, example=example)
        number = float(quantity.to(unit).magnitude)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise argument_error(field_name, f"{value!r} is not a number", f"a number >= 0 or {example!r}")
    else:
        number = float(value)
    if not math.isfinite(number) or number < 0:
        raise argument_error(field_name, f"{value!r} is negative or not finite", "a number >= 0")
    return number


def check_fraction(value: Any, field_name: str, expected: str) -> float:
    """Check a number in [0, 1] (a share, a rate)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise argument_error(field_name, f"{value!r} is not a number", expected)
    number = float(value)
    if not (math.isfinite(number) and 0.0 <= number <= 1.0):
        raise argument_error(field_name, f"{value!r} is not in [0, 1]", expected)
    return number
