"""ADEME's export read in one pass, column by column, into the rows of the library's factors.

:func:`read_rows` has the CSV records (:func:`~coopcarbon.io.spreadsheet.open_csv`) gone through
once (:mod:`coopcarbon.factors.ademe_scan`: the cells read of each element, the posts grouped by
element). :class:`_Elements` then converts the wanted elements a column at a time: each distinct number
text, unit spelling, category, location, validity, rating and gas split is converted once
(:mod:`coopcarbon.factors.ademe_cells`), and the factors are built as the rows the library keeps
(:data:`~coopcarbon.factors.rows.FACTOR_FIELDS`), with no model of the schema on the way.

Every rule of the factor schema a cell could break is a column check here (a located problem
naming the row and the column), so the rows are those the schema's validation would give
(``tests/test_ademe_columns.py`` checks it against pydantic's validation,
``tests/test_ademe_reading.py`` against a plain reading of the CSV, row by row).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, compress, repeat
from typing import Any, cast

from ..io.spreadsheet import CsvRows, parse_number, parse_numbers
from ..pedigree import PedigreeScores
from .ademe_cells import (
    ELEMENT_COLUMNS,
    EXPECTED_NUMBER,
    EXTRA_GASES,
    GAS_COLUMNS,
    GAS_NAME,
    GASES,
    ID_PART,
    NAMES,
    NOT_NUMBERS,
    POST_COLUMNS,
    QUALITY,
    UNCERTAINTY_SOURCE,
    ademe_unit,
    category,
    dates,
    join_names,
    notes,
    quality,
    region,
    source_suffix,
)
from .ademe_scan import POST_AT, Cells, ExportRead, Scanned, scan
from .library import Part
from .plaincolumns import filled
from .rows import FACTOR_FIELDS

__all__ = ["LICENSE", "read_rows"]

LICENSE = "Licence Ouverte / Etalab 2.0"
#: A post's kind, names and total; the gas cells of an element, of a post.
_POST = tuple(operator.itemgetter(POST_AT[column]) for column in (
    "type poste", "nom poste français", "nom poste anglais", "total poste non décomposé"))
#: (The gas cells end the cells kept of an element and of a post: a slice of them, made at C speed.)
_GAS_CELLS = operator.itemgetter(slice(len(ELEMENT_COLUMNS) - len(GAS_COLUMNS), None))
_POST_GAS_CELLS = operator.itemgetter(slice(len(POST_COLUMNS) - len(GAS_COLUMNS), None))
assert ELEMENT_COLUMNS[-len(GAS_COLUMNS):] == POST_COLUMNS[-len(GAS_COLUMNS):] == GAS_COLUMNS  # noqa: S101
_NO_GAS = ("",) * len(GAS_COLUMNS)
#: The fields of a factor row that are the same for every element of the export.
_CONSTANT = {"gwp": "AR5", "pcs_pci_ratio": None, "without_non_co2": None, "lifetime_years": None,
             "estimated": False, "license": LICENSE, "valid_from": None, "source_url": "", "overrides": None,
             "source_key": "ADEME-BE", "verified": True, "process_kind": None}


def read_rows(rows: CsvRows, records: Iterator[list[str]], table: tuple[str, str], *,
              include_archived: bool = False, skip_unknown_units: bool = False) -> ExportRead:
    """Read the records after the header of an export (one pass) into the library's factor rows.

    ``rows`` says how the file is read (:func:`~coopcarbon.io.spreadsheet.open_csv`), ``table``
    is the table's (name, version); the factors are ``ademe.<element id>`` → the row of a
    :class:`~coopcarbon.factors.library.Factor`, built only when no cell has a problem.
    """
    read = ExportRead(rows)
    scanned = scan(read, records, include_archived)
    if scanned.elements:
        _Elements(read, scanned, skip_unknown_units).convert(table)
    return read


class _Numbers:
    """Numbers of cells, each distinct text parsed once; a bad cell is a problem at its row and column."""

    def __init__(self, read: ExportRead) -> None:
        self.read = read
        self.parsed: dict[str, float | None] = {"": None}
        self.split: dict[Cells, dict[str, float]] = {}  # gas cells → gases, when they have no problem

    def __call__(self, row: int, column: str, text: str) -> float | None:
        try:
            return self.parsed[text]
        except KeyError:
            pass
        stripped = text.strip()
        try:
            value = self.parsed[text] = parse_number(stripped) if stripped else None
        except ValueError as exc:
            self.read.problem(row, column, str(exc), EXPECTED_NUMBER)
            return None
        return value

    def column(self, rows: Sequence[int], column: str, texts: Sequence[str]) -> list[float | None]:
        """The numbers of a column's cells (``None`` for an empty or a bad cell), each new text read once."""
        parsed = self.parsed
        unseen = set(texts).difference(parsed)
        parsed.update((text, None) for text in unseen if not text.strip())
        new = [text for text in unseen if text not in parsed]
        values, errors = parse_numbers([text.strip() for text in new])  # a column of plain numbers at once
        parsed.update((text, value) for i, (text, value) in enumerate(zip(new, values, strict=True))
                      if i not in errors)
        if errors:
            bad = {new[i]: message for i, message in errors.items()}
            for row, text in zip(rows, texts, strict=True):
                if text in bad:
                    self.read.problem(row, column, bad[text], EXPECTED_NUMBER)
            return [parsed.get(text) for text in texts]
        return list(map(parsed.__getitem__, texts))

    def gas_column(self, rows: Sequence[int], cells: Sequence[Cells]) -> list[dict[str, float]]:
        """The split by gas of rows, from their gas cells (see :meth:`gases`), each distinct set read once."""
        problems = len(self.read.problems)
        given = list(map(_NO_GAS.__ne__, cells))  # most rows give no gas: their cells are not hashed
        cells = list(compress(cells, given))
        rows = list(compress(rows, given))
        split = {gas: self.gases(row, gas) for gas, row in dict(zip(cells, rows, strict=True)).items()}
        if len(self.read.problems) == problems:
            return filled(len(given), given, {}, map(split.__getitem__, cells))
        del self.read.problems[problems:]  # a bad cell: a problem at each of its rows
        return filled(len(given), given, {}, map(self.gases, rows, cells))

    def gases(self, row: int, cells: Cells) -> dict[str, float]:
        """The split by gas of a row, from its gas cells (in the order of ``GAS_COLUMNS``).

        The same cells give the same mapping (read only, as all a factor holds).
        """
        known = self.split.get(cells)
        if known is not None:
            return known
        problems = len(self.read.problems)
        gases = {}
        for (column, gas), text in zip(GASES, cells, strict=False):
            value = self(row, column, text)
            if value is not None:
                gases[gas] = value
        if any(cells[len(GASES):]):  # rare: other gases
            self.extra_gases(row, cells, gases)
        if len(self.read.problems) == problems:
            self.split[cells] = gases
        return gases

    def extra_gases(self, row: int, cells: Cells, gases: dict[str, float]) -> None:
        """Add to ``gases`` a row's other gases (code, value); a code that cannot name a gas is a problem."""
        start = len(GASES)
        for (code_column, value_column), code, text in zip(EXTRA_GASES, cells[start::2], cells[start + 1::2],
                                                           strict=True):
            value, code = self(row, value_column, text), code.strip()
            if code and value is not None:
                name = re.sub(r"[^A-Za-z0-9_.,()-]", "_", code)
                if GAS_NAME.fullmatch(name):
                    gases[name] = value
                else:
                    self.read.problem(row, code_column, f"gas code {code!r} cannot name a gas",
                                      "a code such as SF6 or HFC-134a (40 characters at most)")


class _Elements:
    """The wanted elements' cells turned, a column at a time, into the rows of their factors."""

    def __init__(self, read: ExportRead, scanned: Scanned, skip_unknown_units: bool) -> None:
        self.read, self.skip_unknown_units, self.scanned = read, skip_unknown_units, scanned
        self.rows, self.ids = scanned.rows, scanned.ids
        self.columns: dict[str, tuple[str, ...]] = dict(zip(ELEMENT_COLUMNS, zip(*scanned.elements, strict=True),
                                                                  strict=True))
        self.numbers = _Numbers(read)

    def convert(self, table: tuple[str, str]) -> None:
        """Fill ``read.factors`` with the rows of the elements, when no cell has a problem."""
        columns, rows = self.columns, self.rows
        values = self.numbers.column(rows, "total poste non décomposé", columns["total poste non décomposé"])
        units = self.units()
        years = _distinct(dates, columns["période de validité"], columns["date de création"],
                          columns["date de modification"])
        uncertainties = self.uncertainties()
        kept = self.kept(values, units, years)
        ratings = self.ratings(kept)
        gases, parts = self.gases(kept), self.parts(kept)
        if self.read.problems:
            return
        fields: dict[str, Sequence[Any]] = {
            "magnitude": values, "unit": [u[0] if u else "" for u in units],
            "basis": [u[1] if u else None for u in units], "source_id": self.ids, "year": [y[0] for y in years],
            "valid_to": [y[1] for y in years], "uncertainty": [u[0] for u in uncertainties],
            "uncertainty_source": [u[1] for u in uncertainties], "quality": ratings, "line": rows, **self.texts()}
        self.read.factors = _factor_rows(fields, kept, {"gases": gases, "parts": parts, "table": table[0],
                                                        "table_version": table[1], "file": self.read.rows.file})

    def ratings(self, kept: list[int]) -> list[PedigreeScores | tuple[int, ...] | None]:
        """The quality scores of the elements; a problem at each rating of a kept one that is not a number."""
        columns = self.columns
        ratings = _distinct(quality, *(columns[c] for _, c in QUALITY))
        for i in kept:
            if ratings[i] is NOT_NUMBERS:
                for _, column in QUALITY:
                    self.numbers(self.rows[i], column, columns[column][i])
        return ratings

    def texts(self) -> dict[str, list[Any]]:
        """The fields of the elements read from text columns: names, source, region, scope..."""
        columns = self.columns
        names_fr = list(map(join_names, *(columns[c] for c in NAMES[0])))
        names_en = list(map(join_names, *(columns[c] for c in NAMES[1])))
        suffixes = _distinct(source_suffix, columns["source"])
        categories = _distinct(category, columns["code de la catégorie"])
        return {"name_fr": names_fr, "name_en": [en or fr for en, fr in zip(names_en, names_fr, strict=True)],
                "source": [f"ADEME Base Empreinte, element {element}{suffix}"
                           for element, suffix in zip(self.ids, suffixes, strict=True)],
                "region": _distinct(region, columns["localisation géographique"]),
                "scope": [c[0] for c in categories], "ghg_category": [c[1] for c in categories],
                "beges_post": [c[2] for c in categories],
                "notes": _distinct(notes, columns["statut de l'élément"], columns["commentaire français"],
                                   columns["période de validité"])}

    def kept(self, values: list[float | None], units: list[Any], years: list[tuple[int, int | None]]) -> list[int]:
        """The places of the elements that make a valid factor of the schema (a problem at each bad cell)."""
        ids, names, first = "".join(self.ids), self.columns["nom base français"], [year for year, _ in years]
        if None not in values and not any(value < 0 for value in cast("list[float]", values)) and ids.isascii() \
                and ids.isdigit() and all(self.ids) and all(map(str.strip, names)) \
                and 1990 <= min(first) <= max(first) <= 2100:
            checked: Iterable[bool] = repeat(True)  # the common case, checked a column at a time
        else:
            checked = map(self.checked, range(len(values)), values, years)
        return [i for i, ok, unit in zip(range(len(units)), checked, units, strict=False) if ok and unit]

    def checked(self, i: int, value: float | None, year: tuple[int, int | None]) -> bool:
        """Whether element ``i`` makes a valid factor of the schema (else a problem at each bad cell)."""
        row, element = self.rows[i], self.ids[i]
        problems = len(self.read.problems)
        if value is None:
            if not self.columns["total poste non décomposé"][i].strip():
                self.read.problem(row, "total poste non décomposé", "empty value", "the element's total")
        elif value < 0:
            self.read.problem(row, "total poste non décomposé", f"negative total {value:g}",
                              "an emission factor >= 0 (removals are separate lines)")
        if not ID_PART.fullmatch(element):
            self.read.problem(row, "identifiant de l'élément", f"element id {element!r} cannot make a factor id",
                              "an element id such as 27025 (digits, lower-case letters, _)")
        if not self.columns["nom base français"][i].strip():
            self.read.problem(row, "nom base français", "empty name", "the element's name")
        if not 1990 <= year[0] <= 2100:
            self.read.problem(row, "date de création", "no year between 1990 and 2100 in 'Période de validité', "
                              "'Date de création' or 'Date de modification'", "a date such as 21/12/2018")
        return value is not None and len(self.read.problems) == problems

    def units(self) -> list[tuple[str, str | None] | None]:
        """Each element's unit on our registry, each distinct spelling mapped once (a problem if none)."""
        texts = self.columns["unité français"]
        mapped = {text: ademe_unit(text) for text in set(texts)}
        if None in mapped.values():
            for row, text in zip(self.rows, texts, strict=True):
                if mapped[text] is not None:
                    continue
                if self.skip_unknown_units:
                    self.read.unknown_units[text.strip()] += 1
                else:
                    self.read.problem(row, "unité français", f"unit {text.strip()!r} has no equivalent in "
                                      "coopcarbon's registry", "a unit such as kgCO2e/kWh PCI, kgCO2e/peq.km, "
                                      "kgCO2e/unité, kgCO2e/tonne", "convert the element by hand in a YAML table, "
                                      "or leave it out")
        return list(map(mapped.__getitem__, texts))

    def uncertainties(self) -> list[tuple[float | None, str]]:
        """``uncertainty`` and ``uncertainty_source`` of each element from ``Incertitude`` (%)."""
        percents = self.numbers.column(self.rows, "incertitude", self.columns["incertitude"])
        fields = {percent: _uncertainty(percent) for percent in set(percents)}
        for row, percent in zip(self.rows, percents, strict=True):
            if percent is not None and percent > 100:  # ADEME's figure, beyond what a factor table holds
                self.read.counts["wide_uncertainty"] += 1
            elif percent is not None and percent < 0:
                self.read.problem(row, "incertitude", f"uncertainty {percent:g} % is negative", "a percentage >= 0")
        return list(map(fields.__getitem__, percents))

    def gases(self, kept: list[int]) -> list[dict[str, float]]:
        """The split by gas of the kept elements (an empty mapping when they give none)."""
        elements, rows = self.scanned.elements, self.rows
        return self.numbers.gas_column([rows[i] for i in kept], [_GAS_CELLS(elements[i]) for i in kept])

    def parts(self, kept: list[int]) -> list[tuple[Part, ...]]:
        """The decomposition of the kept elements, from their ``Poste`` rows (converted a column at a time)."""
        scanned, ids = self.scanned, self.ids
        kept_ids = ids if len(kept) == len(ids) else [ids[i] for i in kept]
        groups: list[Sequence[int]] = list(map(scanned.by_element.get, kept_ids, repeat(())))
        places = list(chain.from_iterable(groups))
        if not places:
            return [() for _ in kept]
        cells = list(map(scanned.posts.__getitem__, places))
        rows = list(map(scanned.post_rows.__getitem__, places))
        kinds, names_fr, names_en, totals = (list(map(cell, cells)) for cell in _POST)
        values = self.numbers.column(rows, "total poste non décomposé", totals)
        gases = self.numbers.gas_column(rows, list(map(_POST_GAS_CELLS, cells)))
        built: list[Part] = list(map(tuple.__new__, repeat(Part), zip(  # at C speed
            _distinct(_kind, kinds), values, _distinct(str.strip, names_fr), _distinct(str.strip, names_en), gases,
            strict=True)))
        parts: list[tuple[Part, ...]] = []
        end, complete = 0, None not in values  # else a post without a total is left out
        for group in groups:
            start, end = end, end + len(group)
            parts.append(tuple(built[start:end]) if complete
                         else tuple(part for part in built[start:end] if part.value is not None))
        return parts


def _kind(text: str) -> str:
    """A post's kind (``Poste`` when its cell is empty)."""
    return text.strip() or "Poste"


def _factor_rows(fields: dict[str, Sequence[Any]], kept: list[int],
                 given: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    """The rows of the kept elements' factors, by id.

    ``fields`` hold a field of every element (taken at the places ``kept``); ``given`` a field of
    the kept elements (a list) or of all of them (one value).
    """
    n = len(kept)
    columns: dict[str, Any] = {name: column if n == len(column) else [column[i] for i in kept]
                               for name, column in fields.items()}
    for name, value in {**_CONSTANT, **given}.items():
        columns[name] = value if isinstance(value, list) else [value] * n
    columns["indicators"] = [{}] * n  # none: one mapping, read only as all a factor holds (as a cached run)
    columns["id"] = [f"ademe.{element}" for element in columns["source_id"]]
    return dict(zip(columns["id"], zip(*(columns[name] for name in FACTOR_FIELDS), strict=True), strict=True))


def _uncertainty(percent: float | None) -> tuple[float | None, str]:
    """(uncertainty, uncertainty_source) of an ``Incertitude`` in %."""
    if percent is None or percent < 0:
        return None, ""
    if percent <= 100:
        return percent / 100, UNCERTAINTY_SOURCE
    return None, (f"ADEME Base Empreinte export states {percent:g} %, above the 100 % a factor table holds: "
                  "not recorded")


def _distinct(function: Callable[..., Any], *columns: Sequence[str]) -> list[Any]:
    """``function`` of the cells of each row, computed once per distinct combination."""
    if len(columns) == 1:
        results = {text: function(text) for text in set(columns[0])}
        return list(map(results.__getitem__, columns[0]))
    cells = list(zip(*columns, strict=True))
    combined = {combination: function(*combination) for combination in set(cells)}
    return list(map(combined.__getitem__, cells))
