"""UnitMismatchError: the one error of :mod:`coopcarbon.errors` that derives from pint's own.

It is a :class:`pint.DimensionalityError` as well as a
:class:`~coopcarbon.errors.CoopCarbonError`, so ``except pint.DimensionalityError`` keeps working.
It lives apart so that importing the other errors imports no pint; import it from
:mod:`coopcarbon.errors`.
"""

from __future__ import annotations

import pint

from .problems import CoopCarbonError

__all__ = ["UnitMismatchError"]


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


UnitMismatchError.__module__ = "coopcarbon.errors"  # where users import it from (and pickles name it)
