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

Import them from here. All but :class:`UnitMismatchError` are defined in :mod:`coopcarbon.problems`,
which does not import pint, so that reading and checking factor tables does not import it.
"""

from __future__ import annotations

import pint

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


class UnitMismatchError(CoopCarbonError, pint.DimensionalityError):
    """A quantity has the wrong dimension for the parameter or factor it is given to."""

    def __init__(
        self,
        units1: object,
        units2: object,
        dim1: str = "",
        dim2: str = "",
        extra_msg: str = "",
        *,
        parameter: str = "",
        example: str = "",
    ) -> None:
        pint.DimensionalityError.__init__(self, units1, units2, dim1, dim2, extra_msg)
        self.parameter = parameter
        self.example = example

    def __str__(self) -> str:
        where = f"{self.parameter}: " if self.parameter else ""
        text = (
            f"{where}got {self.units1!s} ({self.dim1}) where {self.units2!s} ({self.dim2}) "
            "is expected"
        )
        if self.extra_msg:
            text += f"; {self.extra_msg}"
        if self.example:
            text += f"; for example {self.example!r}"
        return text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return _rebuild_unit_mismatch, (
            str(self.units1),
            str(self.units2),
            self.dim1,
            self.dim2,
            self.extra_msg,
            self.parameter,
            self.example,
        )


def _rebuild_unit_mismatch(*args: str) -> UnitMismatchError:
    units1, units2, dim1, dim2, extra, parameter, example = args
    return UnitMismatchError(
        units1, units2, dim1, dim2, extra, parameter=parameter, example=example
    )
