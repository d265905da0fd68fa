"""Errors and warnings raised by coopcarbon.

Every error derives from :class:`CoopCarbonError` and from the builtin a caller would
naturally catch, so ``except ValueError`` or ``except KeyError`` keep working::

    CoopCarbonError(Exception)
    ├── TableError(ValueError)            a factor table is invalid (file, line, field, expected)
    │   └── OverrideError                 a user table replaces a bundled id without `override: true`
    ├── InputError(ValueError)            a bilan file, CSV or argument is invalid (file, line, field)
    ├── UnknownFactorError(KeyError)      a factor id is not in the library (nearest ids listed)
    ├── UnitMismatchError(pint.DimensionalityError)
    │                                     a quantity has the wrong dimension for where it goes
    └── MissingDependencyError(ImportError)
                                          an optional extra is needed (names the extra)

    CoopCarbonWarning(UserWarning)        a suspicious but valid input (factor out of its
                                          validity years, another region, possible double count)

Errors that point into a file carry a list of :class:`Problem` records, so all the problems of
one file are reported at once. ``error.in_language("fr")`` gives the same error with its problems
in French (``coopcarbon report --lang fr`` prints that one).

Import them from here. All but :class:`UnitMismatchError` are defined in :mod:`coopcarbon.problems`;
:class:`UnitMismatchError`, a :class:`pint.DimensionalityError`, is defined in
:mod:`coopcarbon.mismatch` and imported from there on first use, so that reading factor tables,
computing a bilan of common units and writing its report import no pint (0.15 s).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .problems import (
    CoopCarbonError,
    CoopCarbonWarning,
    InputError,
    MissingDependencyError,
    OverrideError,
    Problem,
    TableError,
    UnknownFactorError,
)

__all__ = [
    "CoopCarbonError",
    "CoopCarbonWarning",
    "InputError",
    "MissingDependencyError",
    "OverrideError",
    "Problem",
    "TableError",
    "UnitMismatchError",
    "UnknownFactorError",
]

if TYPE_CHECKING:
    from .mismatch import UnitMismatchError


def __getattr__(name: str) -> Any:  # UnitMismatchError: pint imported on first use
    if name == "UnitMismatchError":
        from .mismatch import UnitMismatchError

        return UnitMismatchError
    raise AttributeError(f"module 'coopcarbon.errors' has no attribute {name!r}")
