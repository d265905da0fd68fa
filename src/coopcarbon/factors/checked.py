"""The result of reading and checking one factor table (:class:`CheckedTable`), without pydantic.

Every reader of factor tables gives one: the YAML and CSV readers
(:mod:`coopcarbon.factors.validate`, :mod:`coopcarbon.factors.csvtable`) with the table as the
schema's models, ADEME's export (:mod:`coopcarbon.factors.ademe`) with its factors as the rows
the library keeps (:class:`FactorRows`), the models being built only when asked for. This module
imports neither pydantic nor the schema, so that loading ADEME's export does not either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..problems import Problem, TableError

if TYPE_CHECKING:
    from ..io.yamlfile import Document
    from .library import Parameter
    from .schema import TableFile

__all__ = ["CheckedTable", "FactorRows", "RowTable"]


@dataclass(frozen=True)
class FactorRows:
    """A table's factors as the library keeps them, with the table's name and version.

    ``rows`` maps each id to the :class:`~coopcarbon.factors.library.Factor`'s fields, in the
    order of :data:`~coopcarbon.factors.rows.FACTOR_FIELDS`.
    """

    name: str
    version: str
    rows: dict[str, tuple[Any, ...]]


@dataclass
class CheckedTable:
    """A table file read and checked: its content when valid, and every problem found.

    ``rows`` holds the factors as the library's rows when the reader built them itself
    (ADEME's export): :func:`~coopcarbon.factors.load_factors` merges them as they are.
    """

    file: str
    digest: str
    table: TableFile | None
    document: Document | None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: FactorRows | None = None

    def raise_for_problems(self) -> None:
        """Raise :class:`TableError` listing every problem, if any."""
        if self.problems:
            raise TableError(self.problems,
                             f"{len(self.problems)} problem(s) in factor table {self.file}")


@dataclass
class RowTable:
    """A valid table: its factors as rows (the fields of a :class:`~coopcarbon.factors.library.Factor`).

    ``overriding`` holds the ids written with ``override: true``, ``parameters`` each parameter
    with its ``override``; ``document`` locates the problems found when merging.
    """

    file: str
    digest: str
    name: str
    version: str
    rows: dict[str, tuple[Any, ...]]
    document: Document | None  # None: located on demand by ``checked`` (ADEME's export)
    overriding: set[str] = field(default_factory=set)
    parameters: list[tuple[Parameter, bool]] = field(default_factory=list)
    checked: CheckedTable | None = None

    def located(self) -> Document:
        """The document that locates the table's factors (built on first use for ADEME's export)."""
        document = self.document if self.document is not None else (
            self.checked.document if self.checked is not None else None)
        assert document is not None  # noqa: S101  # one of the two is given
        return document
