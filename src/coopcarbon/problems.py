"""The errors of coopcarbon that pint has no part in, and the :class:`Problem` records they carry.

:mod:`coopcarbon.errors` is where they are documented and imported from; they are defined here so
that reading and checking factor tables, which raises them, does not import pint (0.15 s):
:class:`~coopcarbon.errors.UnitMismatchError`, a :class:`pint.DimensionalityError`, is in
:mod:`coopcarbon.errors` itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

from .io.messages_fr import french, french_summary

__all__ = [
    "CoopCarbonError",
    "CoopCarbonWarning",
    "InputError",
    "MissingDependencyError",
    "OverrideError",
    "Problem",
    "TableError",
    "UnknownFactorError",
]


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``line`` and ``column`` are 1-based; ``None`` when unknown. ``field`` is a dotted path
    inside the document (``factors.mobility.train.tgv.unit``). ``lang`` is the language of the
    texts (``"en"``, or ``"fr"`` from :meth:`in_language`); it is not compared.
    """

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    expected: str = ""
    suggestion: str = ""
    lang: str = dataclasses.field(default="en", compare=False, repr=False)

    def in_language(self, lang: str) -> Problem:
        """This problem with its message, expected value and suggestion in ``lang`` (fr or en).

        File, line, column and field stay as they are, and so do the values quoted in the texts.
        """
        if lang != "fr" or self.lang == "fr":
            return self
        return dataclasses.replace(self, message=french(self.message), expected=french(self.expected),
                       suggestion=french(self.suggestion), lang="fr")

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        colon, expected, semicolon = (" : ", "attendu : ", " ; ") if self.lang == "fr" else (": ", "expected ", "; ")
        text = f"{where}{colon}{self.field}{colon}{self.message}" if self.field else f"{where}{colon}{self.message}"
        if self.expected:
            text += f" ({expected}{self.expected})"
        if self.suggestion:
            text += f"{semicolon}{self.suggestion}"
        return text


class CoopCarbonError(Exception):
    """Root of every error raised by coopcarbon."""


class _ProblemsError(CoopCarbonError, ValueError):
    """An error made of one or more :class:`Problem` records."""

    def __init__(self, problems: Sequence[Problem], summary: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.summary = summary
        super().__init__(str(self))

    @property
    def file(self) -> str:
        """File of the first problem."""
        return self.problems[0].file if self.problems else ""

    @property
    def line(self) -> int | None:
        """Line (1-based) of the first problem."""
        return self.problems[0].line if self.problems else None

    @property
    def field(self) -> str:
        """Field of the first problem."""
        return self.problems[0].field if self.problems else ""

    def in_language(self, lang: str) -> Self:
        """The same error with its problems and summary in ``lang`` (``"fr"`` or ``"en"``).

        >>> error = InputError([Problem("b.yaml", 7, None, "trips[0].mode", "unknown mode 'train.tvg'",
        ...                             suggestion="did you mean 'train.tgv'?")])
        >>> print(error.in_language("fr"))
        b.yaml:7 : trips[0].mode : mode inconnu 'train.tvg' ; vouliez-vous dire 'train.tgv' ?
        """
        if lang != "fr":
            return self
        translated = self.__class__([p.in_language(lang) for p in self.problems], french_summary(self.summary))
        translated.__cause__ = self.__cause__
        return translated

    def __str__(self) -> str:
        french_head = bool(self.problems) and self.problems[0].lang == "fr"
        head = self.summary or (
            f"{len(self.problems)} {'problème(s) dans' if french_head else 'problem(s) in'} {self.file}"
            if self.problems else "invalid input"
        )
        if len(self.problems) == 1 and not self.summary:
            return str(self.problems[0])
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])

    def __reduce__(self):  # type: ignore[no-untyped-def]  # pickling keeps the problems
        return self.__class__, (self.problems, self.summary)


class TableError(_ProblemsError):
    """A factor table is invalid; ``problems`` names file, line, field and what was expected."""


class OverrideError(TableError):
    """A user table replaces a bundled factor without ``override: true``."""


class InputError(_ProblemsError):
    """A bilan file, CSV file or argument is invalid."""


class UnknownFactorError(CoopCarbonError, KeyError):
    """A factor id is not in the library; ``nearest`` lists the closest known ids."""

    def __init__(self, factor_id: str, nearest: Sequence[str] = ()) -> None:
        self.factor_id = factor_id
        self.nearest = tuple(nearest)
        super().__init__(factor_id)

    def __str__(self) -> str:
        text = f"unknown factor id {self.factor_id!r}"
        if self.nearest:
            text += "; did you mean " + ", ".join(repr(n) for n in self.nearest) + "?"
        return text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return self.__class__, (self.factor_id, self.nearest)


class MissingDependencyError(CoopCarbonError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{purpose} needs {package}: install it with `pip install 'coopcarbon[{extra}]'`"
        )


class CoopCarbonWarning(UserWarning):
    """A suspicious but valid input: a factor used outside its years or region, a double count."""


# their public home, as tracebacks, warnings filters and pickles name them
for _public in (Problem, CoopCarbonError, TableError, OverrideError, InputError, UnknownFactorError,
                MissingDependencyError, CoopCarbonWarning):
    _public.__module__ = "coopcarbon.errors"
