"""The one pass through the records of ADEME's export: the cells read of its elements and posts.

The records come from the CSV reader (:func:`~coopcarbon.io.spreadsheet.open_csv`) a few dozen
at a time; the rows are sorted into elements and posts by C iterators (:func:`itertools.compress`)
and of each, one C call (:func:`operator.itemgetter`) keeps the cells read (46 of the export's
70 columns for an element, 21 for a post): no Python code runs per record of an export as ADEME
writes it.
Then, a column at a time: duplicate elements, archived ones and those that are not emission
factors (left out, counted), posts grouped by element, posts of no element (a problem each).
"""

from __future__ import annotations

import csv
import operator
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, compress, islice, repeat
from typing import Any

from ..io.spreadsheet import CsvRecords, CsvRows, cell_problem, unnamed_cell_problems
from ..problems import Problem
from .ademe_cells import ELEMENT_COLUMNS, ELEMENT_ROWS, POST_COLUMNS

__all__ = ["AT", "POST_AT", "Cells", "ExportRead", "Scanned", "scan"]

#: Places of the cells kept of an element (:data:`ELEMENT_COLUMNS`), and of a post (:data:`POST_COLUMNS`).
AT = {name: place for place, name in enumerate(ELEMENT_COLUMNS)}
POST_AT = {name: place for place, name in enumerate(POST_COLUMNS)}
_ELEMENT = operator.itemgetter(AT["identifiant de l'élément"])
_POST_ELEMENT = operator.itemgetter(POST_AT["identifiant de l'élément"])
_STATUS = operator.itemgetter(AT["statut de l'élément"], AT["type de l'élément"])
_FIRST = operator.itemgetter(0)
#: Records taken from the CSV reader at once: few enough that their cells stay in the processor's
#: cache until the cells kept are picked (4 096 at once made the pass half as slow again).
_CHUNK = 64
Cells = tuple[str, ...]


@dataclass
class ExportRead:
    """What one pass through an export gives: the factors' rows and what was met on the way."""

    rows: CsvRows
    factors: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # id → row of FACTOR_FIELDS
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # archived, not_factors, wide_uncertainty
    unknown_units: Counter[str] = field(default_factory=Counter)

    def problem(self, row: int, column: str, message: str, expected: str = "", suggestion: str = "") -> None:
        """A problem at the cell of ``row`` in ``column`` (named as the export names it)."""
        self.problems.append(cell_problem(self.rows.file, row, self.rows.columns().get(column), column,
                                          message, expected, suggestion))

    def notes(self) -> list[str]:
        """The warnings of the reading: how the file was read, elements left out and why."""
        counts, notes = self.counts, self.rows.notes(with_file=False)
        if counts["archived"]:
            notes.append(f"{counts['archived']} archived element(s) left out (include_archived=True keeps them)")
        if counts["not_factors"]:
            notes.append(f"{counts['not_factors']} element(s) that are not emission factors left out")
        if counts["wide_uncertainty"]:
            notes.append(f"{counts['wide_uncertainty']} element(s) state an uncertainty above 100 %: not recorded "
                         "(see their uncertainty_source)")
        if self.unknown_units:
            notes.append(f"{sum(self.unknown_units.values())} element(s) left out, their unit has no equivalent "
                         "in the registry: " + ", ".join(f"{u!r} ({n})" for u, n in self.unknown_units.most_common()))
        return notes


@dataclass
class Scanned:
    """The cells kept: of the wanted elements (with their row and id), and of every post, by element."""

    rows: list[int] = field(default_factory=list)
    elements: list[Cells] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    post_rows: list[int] = field(default_factory=list)
    posts: list[Cells] = field(default_factory=list)
    by_element: dict[str, Sequence[int]] = field(default_factory=dict)  # element id → places in ``posts``


def scan(read: ExportRead, records: Iterator[list[str]], include_archived: bool) -> Scanned:
    """Go once through the records after the header; the problems met are added to ``read``."""
    rows = _Pass(read)
    rows.records(records)
    return rows.sorted(include_archived)


def _picker(names: Sequence[str], numbers: Mapping[str, int]) -> Callable[[Sequence[str]], Cells]:
    """The cells of ``names`` in a record (an absent column reads as an empty cell)."""
    places = [numbers[name] - 1 if name in numbers else None for name in names]
    present = operator.itemgetter(*(p for p in places if p is not None))
    if None not in places:
        return present
    order = list(places)

    def pick(record: Sequence[str]) -> Cells:
        cells = iter(present(record))
        return tuple("" if place is None else next(cells) for place in order)
    return pick


class _Pass:
    """The pass through the records: the cells kept of every element and every post."""

    def __init__(self, read: ExportRead) -> None:
        self.read = read
        header = read.rows.header
        self.width, self.unnamed = len(header), [place for place, name in enumerate(header) if not name]
        numbers = read.rows.columns()
        self.pick, self.pick_post = _picker(ELEMENT_COLUMNS, numbers), _picker(POST_COLUMNS, numbers)
        self.kind = operator.itemgetter(numbers["type ligne"] - 1)
        self.element_rows: list[int] = []
        self.elements: list[Cells] = []
        self.kept = Scanned()
        self.skipped = list(read.rows.skipped_rows)
        self.kinds: dict[str, str] = {}  # row type cell → "poste", "element" or what it says
        self.short = self.shortened(numbers)

    def shortened(self, numbers: Mapping[str, int]) -> tuple[str, int, Callable[[list[Cells]], list[Cells]]] | None:
        """How posts may be read from shortened records (see :meth:`CsvRecords.shortened`), or ``None``.

        A plain ``Poste`` row as wide as the header is read from its last cells (those from the
        first post column on) and its element id, split off the text of the cells before:
        about 25 cells made instead of the 70 of the export. It takes a header that starts with
        ``Type Ligne``, names every column and has the element id before the other post columns.
        """
        places = [numbers.get(name, 0) - 1 for name in POST_COLUMNS]
        if self.unnamed or numbers.get("type ligne") != 1 or min(places) < 0:
            return None
        element, cut = places[0], min(places[1:])
        if not element < cut:
            return None
        split_head = operator.methodcaller("split", self.read.rows.delimiter, element + 1)
        pick_element, pick_tail = operator.itemgetter(element), operator.itemgetter(*(p - cut + 1 for p in places[1:]))

        def posts(records: list[Cells]) -> list[Cells]:
            elements = map(pick_element, map(split_head, map(_FIRST, records)))
            return list(map(operator.add, zip(elements), map(pick_tail, records)))
        return "Poste" + self.read.rows.delimiter, self.width - cut, posts

    def records(self, records: Iterator[list[str]]) -> None:
        """Go through the records, a chunk at a time; a quoting error ends the pass, located."""
        start = self.read.rows.header_row + 1
        if isinstance(records, CsvRecords) and self.short is not None:
            records = records.shortened(self.short[0], self.short[1])  # type: ignore[assignment]
        while True:
            chunk: list[list[str]] = []
            try:  # extend keeps the records read before an error: their count names the row
                chunk.extend(islice(records, _CHUNK))
            except csv.Error as exc:
                self.chunk(start, chunk)
                self.read.problems.append(cell_problem(
                    self.read.rows.file, start + len(chunk), None, "", f"cannot read the CSV: {exc}",
                    "cells separated by ';' and text in double quotes \"like this\"",
                    "check for a stray '\"' in this row"))
                break
            self.chunk(start, chunk)
            start += len(chunk)
            if len(chunk) < _CHUNK:
                break
        self.read.rows = replace(self.read.rows, skipped_rows=tuple(sorted(self.skipped)))

    def chunk(self, start: int, records: list[list[str]]) -> None:
        """Keep the cells read of ``records``, rows ``start``, ``start + 1``... (posts shortened or not)."""
        rows: Sequence[int] = range(start, start + len(records))
        short_rows: list[int] = []
        short_posts: list[Cells] = []
        if self.short is not None:
            is_short = list(map(isinstance, records, repeat(tuple)))
            if True in is_short:
                short_rows = list(compress(rows, is_short))
                short_posts = self.short[2](list(compress(records, is_short)))  # type: ignore[arg-type]
                is_long = list(map(operator.not_, is_short))
                rows, records = list(compress(rows, is_long)), list(compress(records, is_long))
        widths = list(map(len, records))
        if 0 in widths:  # blank lines: skipped without a look each (a file of them is read at C speed)
            self.skipped += compress(rows, map(operator.not_, widths))
            rows, records, widths = (list(compress(rows, widths)), list(compress(records, widths)),
                                     list(compress(widths, widths)))
        regular: Sequence[Sequence[str]] = records
        if self.unnamed or not set(widths) <= {self.width}:  # not the export as ADEME writes it
            rows, regular = self.irregular(rows, records)
        texts, kinds = list(map(self.kind, regular)), self.kinds
        for text in set(texts).difference(kinds):
            kinds[text] = _row_kind(text)
        kind = list(map(kinds.__getitem__, texts))
        is_element = list(map("element".__eq__, kind))
        self.element_rows += compress(rows, is_element)
        self.elements += map(self.pick, compress(regular, is_element))
        is_post = list(map("poste".__eq__, kind))
        post_rows, posts = list(compress(rows, is_post)), list(map(self.pick_post, compress(regular, is_post)))
        if short_rows and post_rows:  # both kinds of post in this chunk: in the file's order
            merged = sorted(zip(chain(short_rows, post_rows), chain(short_posts, posts), strict=True))
            post_rows, posts = [row for row, _ in merged], [cells for _, cells in merged]
        elif short_rows:
            post_rows, posts = short_rows, short_posts
        self.kept.post_rows += post_rows
        self.kept.posts += posts
        if not set(kind) <= {"element", "poste"}:  # rare: empty rows, or rows of another type
            for row, other, record in zip(rows, kind, regular, strict=True):
                if other in ("element", "poste"):
                    continue
                if other or any(map(str.strip, record)):
                    self.read.problem(row, "type ligne", f"unknown row type {other!r}", "Elément or Poste")
                else:
                    self.skipped.append(row)

    def irregular(self, rows: Sequence[int], records: list[list[str]]) -> tuple[list[int], list[list[str]]]:
        """The rows and records, as wide as the header, of records of another width or with cells under no name."""
        width = self.width
        kept, regular = [], []
        for row, record in zip(rows, records, strict=True):
            if self.unnamed or len(record) > width:
                self.stray(row, record)
            if len(record) != width:
                if not any(map(str.strip, record)):
                    self.skipped.append(row)
                    continue
                record = (record + [""] * width)[:width]
            kept.append(row)
            regular.append(record)
        return kept, regular

    def stray(self, row: int, record: list[str]) -> None:
        """The problems of the cells of a record under no column name (beyond the header, or unnamed)."""
        places = [*(p for p in self.unnamed if p < len(record)), *range(self.width, len(record))]
        self.read.problems += unnamed_cell_problems(self.read.rows.file, row,
                                                    ((place + 1, record[place]) for place in places))

    def sorted(self, include_archived: bool) -> Scanned:
        """The elements read (once each, emission factors, not archived unless asked for) and the posts."""
        kept, read = self.kept, self.read
        ids = list(map(str.strip, map(_ELEMENT, self.elements)))
        statuses: list[tuple[str, str]] = list(map(_STATUS, self.elements))
        reasons = {status: _left_out(status[0], status[1], include_archived) for status in set(statuses)}
        left_out = list(map(reasons.__getitem__, statuses))
        if len(set(ids)) != len(ids):
            first: dict[str, int] = {}
            for i, (element, row) in enumerate(zip(ids, self.element_rows, strict=True)):
                if element in first:
                    read.problem(row, "identifiant de l'élément", f"element {element} appears twice (first in row "
                                 f"{first[element]})", "each element once")
                    left_out[i] = "twice"
                else:
                    first[element] = row
        read.counts.update(reason for reason in left_out if reason in ("archived", "not_factors"))
        wanted = list(map("".__eq__, left_out))
        kept.rows = list(compress(self.element_rows, wanted))
        kept.elements = list(compress(self.elements, wanted))
        kept.ids = list(compress(ids, wanted))
        by_element = kept.by_element
        elements = list(map(str.strip, map(_POST_ELEMENT, kept.posts)))
        starts = list(compress(range(len(elements)), map(operator.ne, elements, [None, *elements[:-1]])))
        for start, end in zip(starts, [*starts[1:], len(elements)][:len(starts)], strict=True):  # runs of one element
            element = elements[start]
            if element in by_element:  # rare: its posts in more than one place
                by_element[element] = [*by_element[element], *range(start, end)]
            else:
                by_element[element] = range(start, end)
        for element in by_element.keys() - set(ids):
            read.problem(kept.post_rows[by_element[element][0]], "identifiant de l'élément", f"post of element "
                         f"{element}, which has no Elément row", "an Elément row for every element")
        return kept


def _row_kind(text: str) -> str:
    kind = text.strip().lower()
    return "element" if kind in ELEMENT_ROWS else kind


def _left_out(status: str, kind: str, include_archived: bool) -> str:
    """Why an element of this status and type is not read (``archived``, ``not_factors``), or ``""``."""
    if status.strip().lower().startswith("archiv") and not include_archived:
        return "archived"
    kind = kind.strip()
    return "not_factors" if kind and not kind.lower().startswith("facteur d") else ""
