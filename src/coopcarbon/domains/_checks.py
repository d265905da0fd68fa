"""Argument checks shared by the domain helpers: located errors, suggestions, years."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem

if TYPE_CHECKING:
    from ..factors.library import FactorLibrary


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
    from ..factors.loading import load_factors

    return load_factors()


def fmt(x: float) -> str:
    """A number for notes: 6 significant digits, thin thousands separator (``12 345.6``)."""
    return f"{x:,.6g}".replace(",", " ")
