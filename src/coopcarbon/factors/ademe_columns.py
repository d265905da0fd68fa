"""ADEME's export read in one pass, column by column: its columns mapped onto our factor fields.

:func:`read_rows` goes once through the CSV records (:func:`~coopcarbon.io.spreadsheet.open_csv`),
keeping of each ``Elément`` row the cells it reads (about 40 of the export's 70 columns) and of
each ``Poste`` row those of a post, grouped by element. :class:`_Elements` then converts them a
column at a time: each distinct unit spelling, category, location, validity and quality rating is
mapped once, each distinct number text parsed once. Every rule of the factor schema a cell could
break is a column check here (a located problem naming the row and the column), so
:func:`coopcarbon.factors.ademe.read_ademe_export` builds the schema's models from the entries
without validating them a second time (``tests/test_ademe_columns.py`` checks that they are
those validation gives).

The mapping (see :mod:`coopcarbon.factors.ademe` for what each column becomes): :data:`UNITS`
(denominators), :data:`CATEGORY_DEFAULTS` (scope, GHG category, BEGES post by category), the
regions, gas columns and quality ratings below.
"""

from __future__ import annotations

import csv
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..io.spreadsheet import CsvRows, cell_problem, parse_number
from ..problems import Problem

__all__ = ["CATEGORY_DEFAULTS", "REQUIRED", "UNITS", "ExportRead", "ademe_unit", "read_rows"]

#: Columns that identify an ADEME export (names as the CSV readers give them: lower case).
REQUIRED = ("type ligne", "identifiant de l'élément", "statut de l'élément", "nom base français",
            "unité français", "total poste non décomposé")

#: Denominators of ADEME's units (lower case, spaces removed) → (our unit, heating-value basis).
UNITS: Mapping[str, tuple[str, str | None]] = {
    **dict.fromkeys(("unité", "unite", "unit", "appareil", "device", "équipement"), ("device", None)),
    **dict.fromkeys(("peq.km", "passager.km", "passagers.km", "p.km", "pkm", "passenger.km",
                     "voyageur.km", "voy.km"), ("passenger_km", None)),
    **dict.fromkeys(("km", "véhicule.km", "vehicule.km", "véh.km", "veh.km", "vkm"), ("vehicle_km", None)),
    **dict.fromkeys(("t.km", "tonne.km", "tkm", "t.kmparcouru"), ("tonne_km", None)),
    "kwh": ("kWh", None), "kwhpci": ("kWh", "PCI"), "kwhpcs": ("kWh", "PCS"),
    "mwh": ("MWh", None), "mwhpci": ("MWh", "PCI"), "mwhpcs": ("MWh", "PCS"),
    "gj": ("GJ", None), "gjpci": ("GJ", "PCI"), "gjpcs": ("GJ", "PCS"), "mj": ("MJ", None),
    **dict.fromkeys(("litre", "litres", "l", "liter"), ("liter", None)),
    **dict.fromkeys(("m3", "m³"), ("m3", None)), **dict.fromkeys(("m2", "m²"), ("m2", None)),
    **dict.fromkeys(("kg", "kgdedéchets", "kgdedechets", "kgdematière"), ("kg", None)),
    **dict.fromkeys(("tonne", "tonnes", "t", "ton", "tonnededéchets", "tonnededechets",
                     "tondewaste", "tonofwaste", "tonnedematière"), ("tonne", None)),
    **dict.fromkeys(("keuro", "k€", "keur", "keurosht", "keuroht", "k€ht", "keuro(ht)"), ("kEUR", None)),
    **dict.fromkeys(("euro", "€", "eur", "€ht", "euroht"), ("EUR", None)),
    **dict.fromkeys(("repas", "meal"), ("meal", None)),
    **dict.fromkeys(("nuitée", "nuitee", "nuit", "night"), ("night", None)),
    **dict.fromkeys(("personne", "pers", "person"), ("person", None)),
    **dict.fromkeys(("heure", "h", "hour"), ("hour", None)),
    **dict.fromkeys(("go", "gb"), ("GB", None)),
}

#: Numerators of ADEME's units (lower case, spaces removed) → ours.
NUMERATORS = {"kgco2e": "kgCO2e", "kgco2eq": "kgCO2e", "kgéq.co2": "kgCO2e", "kgeqco2": "kgCO2e",
              "tco2e": "tCO2e", "gco2e": "gCO2e"}

#: First level of ``Code de la catégorie`` → default (scope, GHG Protocol category, BEGES post).
CATEGORY_DEFAULTS: Mapping[str, tuple[int, int | None, str]] = {
    "combustibles": (1, None, "1.1"),
    "process et émissions fugitives": (1, None, "1.4"),
    "electricité": (2, None, "2.1"),
    "électricité": (2, None, "2.1"),
    "réseaux de chaleur / froid": (2, None, "2.2"),
    "transport de personnes": (3, 6, "3.5"),
    "transport de marchandises": (3, 4, "3.1"),
    "achats de biens": (3, 1, "4.1"),
    "achats de services": (3, 1, "4.5"),
    "traitement des déchets": (3, 5, "4.3"),
}
_OTHER = (3, 1, "6.1")
_REGIONS = {"france continentale": "FR", "france": "FR", "monde": "World", "europe": "Europe"}
_GASES = (("co2f", "CO2f"), ("ch4f", "CH4f"), ("ch4b", "CH4b"), ("n2o", "N2O"),
          ("autres ges", "other"), ("co2b", "CO2b"))
#: (code column, value column) of the five "other gas" pairs.
_EXTRA_GASES = tuple((f"code gaz supplémentaire {i}", f"valeur gaz supplémentaire {i}") for i in range(1, 6))
_GAS_COLUMNS = (*(column for column, _ in _GASES), *(column for pair in _EXTRA_GASES for column in pair))
_QUALITY = (("reliability", "qualité p"), ("completeness", "qualité c"), ("temporal", "qualité tir"),
            ("geographic", "qualité gr"), ("technological", "qualité ter"))
_NAMES = (("nom base français", "nom attribut français", "nom frontière français"),
          ("nom base anglais", "nom attribut anglais", "nom frontière anglais"))
#: The columns of an ``Elément`` row that are read (the export has about 70: Spanish names, tags,
#: programmes are not read), and those of a ``Poste`` row.
ELEMENT_COLUMNS = (*REQUIRED, "type de l'élément", *_NAMES[0][1:], *_NAMES[1], "code de la catégorie", "source",
                   "localisation géographique", "date de création", "date de modification", "période de validité",
                   "incertitude", *(column for _, column in _QUALITY), "commentaire français", *_GAS_COLUMNS)
POST_COLUMNS = ("identifiant de l'élément", "type poste", "nom poste français", "nom poste anglais",
                "total poste non décomposé", *_GAS_COLUMNS)
_ELEMENT, _STATUS, _TYPE = 1, 2, 6  # places in ELEMENT_COLUMNS read before the conversion
_ELEMENT_ROWS = frozenset(("elément", "élément", "element"))
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"[a-zéû.]+[- ](\d\d)$")
_ID_PART = re.compile(r"[a-z0-9][a-z0-9_]*")  # one part of a dotted factor id (schema.FACTOR_ID_PATTERN)
_GAS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,()-]{0,39}")  # the schema's gas names
_EXPECTED_NUMBER = "a number such as 0.0317 or 5,92E-3"
_UNCERTAINTY_SOURCE = "ADEME Base Empreinte export, column 'Incertitude' (read as a relative 95 % half-width)"


def ademe_unit(text: str) -> tuple[str, str | None] | None:
    """ADEME's unit text → (our unit, basis), or ``None`` when it has no mapping.

    Examples
    --------
    >>> ademe_unit("kgCO2e/kWh PCI"), ademe_unit("kgCO2e/peq.km"), ademe_unit("kgCO2e/ml")
    (('kgCO2e/kWh', 'PCI'), ('kgCO2e/passenger_km', None), None)
    """
    numerator, slash, denominator = text.partition("/")
    ours = NUMERATORS.get("".join(numerator.split()).lower())
    mapped = UNITS.get("".join(denominator.split()).lower()) if slash else None
    if ours is None or mapped is None:
        return None
    return f"{ours}/{mapped[0]}", mapped[1]


def _picker(names: Sequence[str], numbers: Mapping[str, int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """The cells of ``names`` in a record (an absent column reads as an empty cell)."""
    places = [numbers[name] - 1 if name in numbers else None for name in names]
    present = operator.itemgetter(*(p for p in places if p is not None))
    if None not in places:
        return present
    order = list(places)

    def pick(record: Sequence[str]) -> tuple[str, ...]:
        cells = iter(present(record))
        return tuple("" if place is None else next(cells) for place in order)
    return pick


@dataclass
class ExportRead:
    """What one pass through an export gives: factor entries (plain data) and what was met on the way."""

    rows: CsvRows
    factors: dict[str, dict[str, Any]] = field(default_factory=dict)
    marks: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
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


def read_rows(rows: CsvRows, records: Iterator[list[str]], *, include_archived: bool = False,
              skip_unknown_units: bool = False) -> ExportRead:
    """Read the records after the header of an export (one pass) into factor entries.

    ``rows`` says how the file is read (:func:`~coopcarbon.io.spreadsheet.open_csv`); the
    entries are ``ademe.<element id>`` → the fields of a factor entry of the schema.
    """
    read = ExportRead(rows)
    elements, posts = _scan(read, records, include_archived)
    if elements:
        _Elements(read, elements, skip_unknown_units).convert(posts)
    return read


_Cells = list[tuple[int, tuple[str, ...]]]  # (row number, cells read) of rows


def _scan(read: ExportRead, records: Iterator[list[str]], include_archived: bool) -> tuple[_Cells, dict[str, _Cells]]:
    """The cells read of the wanted elements, and of the posts by element (their row numbers first)."""
    numbers, width = read.rows.columns(), len(read.rows.header)
    pick, pick_post = _picker(ELEMENT_COLUMNS, numbers), _picker(POST_COLUMNS, numbers)
    kind_place = numbers["type ligne"] - 1
    unnamed = [place for place, name in enumerate(read.rows.header) if not name]  # none in ADEME's own
    elements: _Cells = []
    posts: dict[str, _Cells] = {}
    first: dict[str, int] = {}
    skipped = list(read.rows.skipped_rows)
    row = read.rows.header_row  # the last row read: a quoting error is in the next one
    try:
        for row, record in enumerate(records, start=read.rows.header_row + 1):
            if unnamed or len(record) > width:
                _stray(read, row, record, width, unnamed)
            if len(record) != width:
                if not any(map(str.strip, record)):
                    skipped.append(row)
                    continue
                record = (record + [""] * width)[:width]
            kind = record[kind_place].strip().lower()
            if kind == "poste":
                cells = tuple(map(str.strip, pick_post(record)))
                posts.setdefault(cells[0], []).append((row, cells))
            elif kind in _ELEMENT_ROWS:
                cells = tuple(map(str.strip, pick(record)))
                if _wanted(read, row, cells, first, include_archived):
                    elements.append((row, cells))
            elif kind or any(map(str.strip, record)):
                read.problem(row, "type ligne", f"unknown row type {kind!r}", "Elément or Poste")
            else:
                skipped.append(row)
    except csv.Error as exc:
        read.problems.append(cell_problem(read.rows.file, row + 1, None, "", f"cannot read the CSV: {exc}",
                                          "cells separated by ';' and text in double quotes \"like this\"",
                                          "check for a stray '\"' in this row"))
    read.rows = replace(read.rows, skipped_rows=tuple(skipped))
    for element, element_posts in posts.items():
        if element not in first:
            read.problem(element_posts[0][0], "identifiant de l'élément", f"post of element {element}, which has "
                         "no Elément row", "an Elément row for every element")
    return elements, posts


def _stray(read: ExportRead, row: int, record: list[str], width: int, unnamed: list[int]) -> None:
    """A problem for each cell of a record under no column name (beyond the header, or unnamed)."""
    places = [*(p for p in unnamed if p < len(record)), *range(width, len(record))]
    for column, cell in ((place + 1, record[place]) for place in places):
        if cell.strip():
            read.problems.append(cell_problem(read.rows.file, row, column, "", f"cell {cell.strip()!r} is in a "
                                              "column without a name", "a value only under a named column"))


def _wanted(read: ExportRead, row: int, cells: tuple[str, ...], first: dict[str, int], include_archived: bool) -> bool:
    """Whether an element is read: once, an emission factor, not archived (unless asked for)."""
    element = cells[_ELEMENT]
    if element in first:
        read.problem(row, "identifiant de l'élément", f"element {element} appears twice (first in row "
                     f"{first[element]})", "each element once")
        return False
    first[element] = row
    if cells[_STATUS].lower().startswith("archiv") and not include_archived:
        read.counts["archived"] += 1
        return False
    if cells[_TYPE] and not cells[_TYPE].lower().startswith("facteur d"):
        read.counts["not_factors"] += 1
        return False
    return True


class _Numbers:
    """Numbers of cells, each distinct text parsed once; a bad cell is a problem at its row and column."""

    def __init__(self, read: ExportRead) -> None:
        self.read = read
        self.parsed: dict[str, float | None] = {"": None}

    def __call__(self, row: int, column: str, text: str) -> float | None:
        try:
            return self.parsed[text]
        except KeyError:
            pass
        try:
            value = self.parsed[text] = parse_number(text)
        except ValueError as exc:
            self.read.problem(row, column, str(exc), _EXPECTED_NUMBER)
            return None
        return value

    def column(self, rows: Sequence[int], column: str, texts: Sequence[str]) -> list[float | None]:
        return [self(row, column, text) for row, text in zip(rows, texts, strict=True)]

    def gases(self, row: int, cells: Sequence[str]) -> dict[str, float]:
        """The split by gas of a row, from its gas cells (in the order of ``_GAS_COLUMNS``)."""
        gases, parsed = {}, self.parsed
        for (column, gas), text in zip(_GASES, cells, strict=False):
            value = parsed[text] if text in parsed else self(row, column, text)
            if value is not None:
                gases[gas] = value
        if not any(cells[6:]):  # the common case: no other gas
            return gases
        for (code_column, value_column), code, text in zip(_EXTRA_GASES, cells[6::2], cells[7::2], strict=True):
            value = self(row, value_column, text)
            if code and value is not None:
                name = re.sub(r"[^A-Za-z0-9_.,()-]", "_", code)
                if _GAS_NAME.fullmatch(name):
                    gases[name] = value
                else:
                    self.read.problem(row, code_column, f"gas code {code!r} cannot name a gas",
                                      "a code such as SF6 or HFC-134a (40 characters at most)")
        return gases


class _Elements:
    """The wanted elements' cells turned, a column at a time, into factor entries."""

    def __init__(self, read: ExportRead, elements: _Cells, skip_unknown_units: bool) -> None:
        self.read, self.skip_unknown_units = read, skip_unknown_units
        self.rows = [row for row, _ in elements]
        cells = zip(*(c for _, c in elements), strict=True)
        self.columns: dict[str, tuple[str, ...]] = dict(zip(ELEMENT_COLUMNS, cells, strict=True))
        self.numbers = _Numbers(read)
        self.derived: dict[str, list[Any]] = {}  # columns derived from those cells (names, notes...)

    def convert(self, posts: Mapping[str, _Cells]) -> None:
        """Fill ``read.factors`` (and ``read.marks``) with the entries of the elements without a problem."""
        columns, rows, read = self.columns, self.rows, self.read
        values = self.numbers.column(rows, "total poste non décomposé", columns["total poste non décomposé"])
        units = self.units()
        dates = _distinct(_dates, columns["période de validité"], columns["date de création"],
                          columns["date de modification"])
        quality = _distinct(_quality, *(columns[c] for _, c in _QUALITY))
        self.derived = {
            "name_fr": list(map(_join, *(columns[c] for c in _NAMES[0]))),
            "name_en": list(map(_join, *(columns[c] for c in _NAMES[1]))),
            "source": _distinct(_source, columns["source"]),
            "category": _distinct(_category, columns["code de la catégorie"]),
            "region": _distinct(_region, columns["localisation géographique"]),
            "notes": _distinct(_notes, columns["statut de l'élément"], columns["commentaire français"],
                               columns["période de validité"]),
        }
        uncertainties = self.uncertainties()
        gas_cells = zip(*(columns[c] for c in _GAS_COLUMNS), strict=True)
        id_column = read.rows.columns()["identifiant de l'élément"]
        for i, (row, element, value, unit, gas_texts) in enumerate(zip(rows, columns["identifiant de l'élément"],
                                                                        values, units, gas_cells, strict=True)):
            if not self.checked(i, value, dates[i]) or unit is None or value is None:
                continue
            entry = self.entry(i, element, value, unit, dates[i])
            entry.update(uncertainties[i])
            if quality[i] == _NOT_NUMBERS:  # a problem at each rating that is not a number
                for _, column in _QUALITY:
                    self.numbers(row, column, columns[column][i])
            elif quality[i]:
                entry["quality"] = dict(zip((f for f, _ in _QUALITY), quality[i], strict=True))
            gases = self.numbers.gases(row, gas_texts) if any(gas_texts) else None
            if gases:
                entry["gases"] = gases
            entry["notes"] = self.derived["notes"][i]
            parts = [part for post_row, cells in posts.get(element, ()) if (part := self.part(post_row, cells))]
            if parts:
                entry["parts"] = parts
            read.factors[f"ademe.{element}"] = entry
            read.marks[("factors", f"ademe.{element}")] = (row, id_column)

    def entry(self, i: int, element: str, value: float, unit: tuple[str, str | None],
              dates: dict[str, int]) -> dict[str, Any]:
        """The fields every entry has (names, value, unit, source, dates, region, scope, post)."""
        derived = self.derived
        name_fr, category = derived["name_fr"][i], derived["category"][i]
        entry: dict[str, Any] = {
            "name_fr": name_fr, "name_en": derived["name_en"][i] or name_fr, "value": value, "unit": unit[0],
            "source": f"ADEME Base Empreinte, element {element}{derived['source'][i]}",
            "source_key": "ADEME-BE", "source_id": element, "verified": True, **dates,
            "region": derived["region"][i], "scope": category[0], "beges_post": category[2],
            "license": "Licence Ouverte / Etalab 2.0",
        }
        if category[1] is not None:
            entry["ghg_category"] = category[1]
        if unit[1]:
            entry["basis"] = unit[1]
        return entry

    def checked(self, i: int, value: float | None, dates: dict[str, int]) -> bool:
        """Whether element ``i`` makes a valid factor of the schema (else a problem at each bad cell)."""
        row, element, columns = self.rows[i], self.columns["identifiant de l'élément"][i], self.columns
        problems = len(self.read.problems)
        if not columns["total poste non décomposé"][i]:
            self.read.problem(row, "total poste non décomposé", "empty value", "the element's total")
        if not _ID_PART.fullmatch(element):
            self.read.problem(row, "identifiant de l'élément", f"element id {element!r} cannot make a factor id",
                              "an element id such as 27025 (digits, lower-case letters, _)")
        if not columns["nom base français"][i]:
            self.read.problem(row, "nom base français", "empty name", "the element's name")
        if value is not None and value < 0:
            self.read.problem(row, "total poste non décomposé", f"negative total {value:g}",
                              "an emission factor >= 0 (removals are separate lines)")
        if not 1990 <= dates["year"] <= 2100:
            self.read.problem(row, "date de création", "no year between 1990 and 2100 in 'Période de validité', "
                              "'Date de création' or 'Date de modification'", "a date such as 21/12/2018")
        return len(self.read.problems) == problems

    def units(self) -> list[tuple[str, str | None] | None]:
        """Each element's unit on our registry, each distinct spelling mapped once (a problem if none)."""
        texts = self.columns["unité français"]
        mapped = {text: ademe_unit(text) for text in set(texts)}
        for row, text in zip(self.rows, texts, strict=True):
            if mapped[text] is not None:
                continue
            if self.skip_unknown_units:
                self.read.unknown_units[text] += 1
            else:
                self.read.problem(row, "unité français", f"unit {text!r} has no equivalent in coopcarbon's registry",
                                  "a unit such as kgCO2e/kWh PCI, kgCO2e/peq.km, kgCO2e/unité, kgCO2e/tonne",
                                  "convert the element by hand in a YAML table, or leave it out")
        return [mapped[text] for text in texts]

    def uncertainties(self) -> list[dict[str, Any]]:
        """``uncertainty`` and ``uncertainty_source`` of each element from ``Incertitude`` (%)."""
        fields: list[dict[str, Any]] = []
        for row, percent in zip(self.rows, self.numbers.column(self.rows, "incertitude", self.columns["incertitude"]),
                                strict=True):
            if percent is None:
                fields.append({})
            elif 0 <= percent <= 100:
                fields.append({"uncertainty": percent / 100, "uncertainty_source": _UNCERTAINTY_SOURCE})
            elif percent > 100:  # ADEME's figure, beyond what a relative half-width in the schema holds
                self.read.counts["wide_uncertainty"] += 1
                fields.append({"uncertainty_source": f"ADEME Base Empreinte export states {percent:g} %, above "
                                                     "the 100 % a factor table holds: not recorded"})
            else:
                self.read.problem(row, "incertitude", f"uncertainty {percent:g} % is negative", "a percentage >= 0")
                fields.append({})
        return fields

    def part(self, row: int, cells: tuple[str, ...]) -> dict[str, Any] | None:
        """One post of an element (``cells`` in the order of :data:`POST_COLUMNS`)."""
        value = self.numbers(row, "total poste non décomposé", cells[4])
        if value is None:
            return None
        part: dict[str, Any] = {"kind": cells[1] or "Poste", "value": value}
        if cells[2]:
            part["name_fr"] = cells[2]
        if cells[3]:
            part["name_en"] = cells[3]
        gas_texts = cells[5:]
        gases = self.numbers.gases(row, gas_texts) if any(gas_texts) else None
        if gases:
            part["gases"] = gases
        return part


def _distinct(function: Callable[..., Any], *columns: Sequence[str]) -> list[Any]:
    """``function`` of the cells of each row, computed once per distinct combination."""
    cells = list(zip(*columns, strict=True))
    results = {combination: function(*combination) for combination in set(cells)}
    return [results[combination] for combination in cells]


def _join(*parts: str) -> str:
    return " - ".join(filter(None, parts))


def _one_line(text: str) -> str:
    return " ".join(text.replace('"', "").split())


def _source(text: str) -> str:
    """What a factor's source says after "element 27025": the export's ``Source`` in parentheses."""
    return f" ({_one_line(text)})" if text else ""


def _category(code: str) -> tuple[int, int | None, str]:
    return CATEGORY_DEFAULTS.get(code.split(">")[0].strip().lower(), _OTHER)


def _region(location: str) -> str:
    return _REGIONS.get(location.lower(), location or "FR")


_NOT_NUMBERS: tuple[int, ...] = ()


def _quality(*ratings: str) -> tuple[int, ...] | None:
    """ADEME's PEF-style ratings P, C, TiR, GR, TeR (1 = excellent ... 5 = very poor), when all are given.

    ``None`` when one is missing or not a whole number from 1 to 5; :data:`_NOT_NUMBERS` when one is not a number.
    """
    try:
        scores = [parse_number(r) for r in ratings if r]
    except ValueError:
        return _NOT_NUMBERS
    if len(scores) == len(ratings) and all(1 <= q <= 5 and q == int(q) for q in scores):
        return tuple(int(q) for q in scores)
    return None


def _notes(status: str, comment: str, validity: str) -> str:
    notes = [status, _one_line(comment), f"Période de validité: {validity}" if validity else ""]
    return " ".join(f"{n}." for n in notes if n)


def _dates(validity: str, created: str, modified: str) -> dict[str, int]:
    """``year`` and ``valid_to`` of an element.

    ``year`` is the data year when the validity says ``Année 2022``, else the year of creation;
    ``valid_to`` any other year in the validity, when it is not before ``year`` (so it is within
    the schema's bounds whenever ``year`` is: the years read are 19xx or 20xx).
    """
    dates = {"year": _data_year(validity) or _year(created) or _year(modified)}
    valid_to = _valid_to(validity)
    if valid_to is not None and valid_to >= dates["year"]:
        dates["valid_to"] = valid_to
    return dates


def _year(text: str) -> int:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else 0


def _data_year(validity: str) -> int:
    """The data year ADEME writes as ``Année 2022`` in ``Période de validité`` (else 0)."""
    return _year(validity) if validity.strip().lower().startswith("année") else 0


def _valid_to(text: str) -> int | None:
    """The year in ADEME's ``Période de validité`` (``déc-18``, ``31-mars-21``, ``2026``...)."""
    text = text.strip().lower()
    if text.startswith("année"):  # "Année 2022": the data year, not an end of validity
        return None
    found = _YEAR.search(text)
    if found:
        return int(found.group(1))
    short = _SHORT_YEAR.search(text)
    return 2000 + int(short.group(1)) if short else None
