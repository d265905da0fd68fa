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
    from .schema import TableFile

__all__ = ["CheckedTable", "FactorRows"]


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
