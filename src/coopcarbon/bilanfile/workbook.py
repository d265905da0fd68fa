"""The data-collection workbook: a French Excel file to send to colleagues, read back as a bilan.

:func:`write_template` writes the organisation's sheet, its sites (country, floor area, share
of the building) and one sheet per domain (commute survey, business trips, fleet, heating,
electricity, solar panels, refrigerants, IT inventory, purchases, meals); each header names its
unit (``Distance aller [km]``) and carries a comment saying what to write, and the columns with
a closed list of values offer it as a drop-down (a user factor id may still be typed: the
drop-down only warns); a site column lists the sites of the ``Sites`` sheet.
:func:`read_workbook` reads a filled workbook (``Bilan.from_workbook`` builds the bilan from
it); every problem, found on reading or when the bilan is computed, names the file, the sheet,
the row and the column (``collecte.xlsx [Déplacements]:4:2: B « Mode » : unknown mode 'trian'``).

openpyxl is the optional ``xlsx`` extra, imported when a workbook is written or read.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domains.buildings import CARRIERS
from ..domains.hardware import KINDS
from ..domains.iso3166 import ISO_COUNTRIES
from ..domains.mobility import FLEET_FUELS, MODES
from ..domains.purchases import CATEGORIES, MEAL_KINDS
from ..domains.refrigerants import GWP_SETS, REFRIGERANTS
from ..errors import CoopCarbonError, InputError, MissingDependencyError, Problem
from ..io.yamlfile import Document, dotted
from .entries import BilanSource
from .locate import EntryPath, Locator, validation_problems
from .reader import BilanFileContents
from .schema import BilanFile, BilanInputs

__all__ = ["SHEETS", "WorkbookLocator", "read_workbook", "write_template"]

logger = logging.getLogger(__name__)

_YES_NO = ("oui", "non")


@dataclass(frozen=True)
class Column:
    """A column of a collection sheet: the bilan-file field it fills, its header and its cells.

    ``kind`` is ``"text"``, ``"number"``, ``"fraction"`` (0.6 or ``60 %``), ``"bool"`` (oui/non)
    or a unit (``"km"``: the cell is a number in that unit, or a quantity with its own unit such
    as ``12 mi``); ``choices`` are the values of its drop-down, ``choices_from`` the sheet whose
    first column gives them instead (the site names).
    """

    key: str
    header: str
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    choices_from: str = ""


@dataclass(frozen=True)
class Sheet:
    """A collection sheet: its name, the bilan-file section its rows fill, and its columns."""

    name: str
    section: tuple[str, ...]
    columns: tuple[Column, ...]
    intro: str


_CAR_MODES = tuple(m for m in MODES if m.startswith("car") or m == "carpool")
_MODE_HELP = ("un mode de coopcarbon (liste) ou l'identifiant d'un facteur à vous "
              "(custom.bus.ligne_t75)")

_SITES = "Sites"
_SITE = Column("site", "Site", "text", "nom d'un site de la feuille Sites (vide : l'organisation)",
               choices_from=_SITES)
_COUNTRIES = tuple(sorted(ISO_COUNTRIES))

#: The organisation sheet: one value per row (column B), in this order.
ORGANISATION = ("Organisation", (("organisation", "Nom de l'organisation"), ("year", "Année du bilan"),
                                 ("headcount", "Effectif (salariés)")))

#: The collection sheets, in the workbook's order.
SHEETS: tuple[Sheet, ...] = (
    Sheet(_SITES, ("sites",), (
        Column("name", "Site", "text", "nom du site, à reprendre dans la colonne Site des autres feuilles"),
        Column("country", "Pays", "text", "code ISO du pays, ex. FR, ES, DE (vide : FR)", _COUNTRIES),
        Column("floor_area", "Surface [m2]", "m2", "surface de plancher occupée"),
        Column("share", "Part du bâtiment", "fraction",
               "part du bâtiment occupée : 0,6 ou 60 % (vide : tout le bâtiment)"),
    ), "Une ligne par site (bureau, local, entrepôt) : son pays et sa surface."),
    Sheet("Domicile-travail", ("commute", "respondents"), (
        Column("mode", "Mode", "text", _MODE_HELP, tuple(m for m in MODES if m != "plane")),
        Column("one_way_distance", "Distance aller [km]", "km", "distance domicile → travail, un sens"),
        Column("days_on_site_per_week", "Jours sur site par semaine", "number", "0 à 7"),
        Column("telework_days_per_week", "Jours de télétravail par semaine", "number", "0 à 7 (vide : 0)"),
        Column("weeks_per_year", "Semaines travaillées par an", "number", "vide : 46"),
        Column("count", "Nombre de personnes", "number", "personnes ayant cette réponse (vide : 1)"),
        Column("occupants", "Occupants de la voiture", "number", "covoiturage : personnes dans la voiture"),
    ), "Une ligne par salarié (ou par groupe de réponses identiques)."),
    Sheet("Déplacements", ("trips",), (
        Column("mode", "Mode", "text", _MODE_HELP, tuple(MODES)),
        Column("distance", "Distance aller [km]", "km", "vide pour un vol donné par ses aéroports"),
        Column("origin", "Aéroport de départ (IATA)", "text", "code IATA, ex. CDG"),
        Column("destination", "Aéroport d'arrivée (IATA)", "text", "code IATA, ex. JFK"),
        Column("travellers", "Voyageurs", "number", "personnes de l'entreprise (vide : 1)"),
        Column("round_trip", "Aller-retour", "bool", "oui ou non (vide : non)", _YES_NO),
        Column("label", "Libellé", "text", "texte libre repris dans le rapport"),
    ), "Une ligne par déplacement professionnel (ou groupe de déplacements identiques)."),
    Sheet("Flotte", ("fleet",), (
        Column("vehicle", "Véhicule ou carburant", "text",
               "un carburant (litres achetés) ou un type de voiture (kilomètres)",
               (*FLEET_FUELS, *_CAR_MODES)),
        Column("volume", "Carburant acheté [L]", "L", "litres achetés dans l'année"),
        Column("distance", "Distance parcourue [km]", "km", "kilomètres parcourus dans l'année"),
        Column("label", "Libellé", "text", "texte libre"),
    ), "Véhicules de l'entreprise : litres achetés, ou kilomètres parcourus par type de voiture."),
    Sheet("Chauffage", ("heating",), (
        _SITE,
        Column("carrier", "Énergie", "text", "énergie de chauffage", tuple(CARRIERS)),
        Column("energy", "Consommation", "number", "quantité facturée"),
        Column("unit", "Unité", "text", "kWh (vide), L, kg, MWh...", ("kWh", "MWh", "L", "kg", "tonne", "m3")),
        Column("basis", "Base PCS/PCI", "text", "gaz : PCS sur les factures (vide : PCS)", ("PCS", "PCI")),
        Column("label", "Libellé", "text", "texte libre"),
    ), "Une ligne par facture ou par site et énergie."),
    Sheet("Électricité", ("electricity",), (
        _SITE,
        Column("energy", "Consommation [kWh]", "kWh", "kWh facturés dans l'année"),
        Column("country", "Pays", "text", "code ISO du pays (vide : pays du site, sinon FR)", _COUNTRIES),
    ), "Une ligne par site ou par compteur."),
    Sheet("Solaire", ("solar",), (
        _SITE,
        Column("produced", "Production [kWh]", "kWh", "électricité produite dans l'année (onduleur)"),
        Column("self_consumed", "Autoconsommation [kWh]", "kWh",
               "part de la production consommée sur place (facultatif)"),
    ), "Panneaux photovoltaïques en toiture : une ligne par installation."),
    Sheet("Fluides frigorigènes", ("refrigerants",), (
        _SITE,
        Column("refrigerant", "Fluide", "text", "fluide de la climatisation ou de la pompe à chaleur",
               REFRIGERANTS),
        Column("refilled", "Recharge de l'année [kg]", "kg", "kg rechargés (registre d'entretien)"),
        Column("charge", "Charge installée [kg]", "kg", "sans registre : la charge, avec le taux de fuite"),
        Column("leak_rate", "Taux de fuite annuel", "fraction", "avec la charge : 0,05 ou 5 %"),
        Column("gwp", "PRG", "text", "jeu de PRG du GIEC (vide : AR6)", GWP_SETS),
    ), "Climatisation et pompes à chaleur : la recharge de l'année, ou la charge et un taux de fuite."),
    Sheet("Informatique", ("hardware", "devices"), (
        Column("kind", "Type d'appareil", "text", "type d'appareil", tuple(KINDS)),
        Column("count", "Nombre", "number", "appareils achetés cette année-là"),
        Column("purchase_year", "Année d'achat", "number", "ex. 2022"),
        Column("lifetime", "Durée de vie [ans]", "number", "vide : durée de la table de facteurs"),
        Column("refurbished", "Reconditionné", "bool", "oui ou non (vide : non)", _YES_NO),
    ), "Inventaire du parc informatique : une ligne par type d'appareil et année d'achat."),
    Sheet("Achats", ("purchases",), (
        Column("category", "Catégorie", "text", "catégorie d'achat", tuple(CATEGORIES)),
        Column("amount", "Montant HT [EUR]", "EUR", "montant hors taxes de l'année"),
        Column("label", "Libellé", "text", "texte libre"),
        Column("capital", "Immobilisation", "bool", "oui pour un bien immobilisé (vide : non)", _YES_NO),
    ), "Achats par catégorie, montants hors taxes."),
    Sheet("Repas", ("meals",), (
        Column("kind", "Type de repas", "text", "type de repas", tuple(MEAL_KINDS)),
        Column("count", "Nombre de repas", "number", "repas dans l'année"),
        Column("label", "Libellé", "text", "texte libre"),
    ), "Repas pris ou offerts par l'entreprise (cantine, séminaires), par type."),
)

#: Rows of a sheet given a drop-down.
_ROWS = 1000

_TRUE = {"oui", "vrai", "yes", "true", "o", "y", "1", "x"}
_FALSE = {"non", "faux", "no", "false", "n", "0"}


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise MissingDependencyError("openpyxl", "xlsx", "the data-collection workbook") from None
    return openpyxl


# -- writing ---------------------------------------------------------------------------------
def write_template(path: str | Path | None = None) -> bytes:
    """Write the French data-collection workbook; returns its bytes (written to ``path`` if given).

    Sheets: ``Organisation`` (name, year, headcount), then one per domain (:data:`SHEETS`), each
    with a bold frozen header row whose cells carry a comment, and drop-downs listing the
    allowed values (kept on a hidden ``Listes`` sheet). Filled in, it is read back by
    :func:`read_workbook` (``coopcarbon report collecte.xlsx``).
    """
    openpyxl = _openpyxl()
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    org = book.active
    org.title = ORGANISATION[0]
    for row, (_, label) in enumerate(ORGANISATION[1], start=1):
        org.cell(row, 1, label).font = Font(bold=True)
    org.column_dimensions["A"].width = 28
    org.column_dimensions["B"].width = 32
    lists = book.create_sheet("Listes")
    for spec in SHEETS:
        sheet = book.create_sheet(spec.name)
        for col, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(1, col, column.header)
            cell.font = Font(bold=True)
            cell.comment = Comment(f"{column.help}\n{spec.intro}", "coopcarbon")
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = max(len(column.header) + 2, 14)
            source = _choices_range(lists, spec, column)
            if source:
                check = DataValidation(type="list", allow_blank=True, errorStyle="warning", formula1=source)
                check.add(f"{letter}2:{letter}{_ROWS}")
                sheet.add_data_validation(check)
        sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _choices_range(lists: Any, spec: Sheet, column: Column) -> str:
    """The source range of ``column``'s drop-down (empty if none).

    Its choices, written in a column of the ``Listes`` sheet, or the first column of the sheet
    that ``choices_from`` names.
    """
    if column.choices_from:
        return f"='{column.choices_from}'!$A$2:$A${_ROWS}"
    if not column.choices:
        return ""
    target = lists.max_column + 1 if lists.cell(1, 1).value is not None else 1
    letter = lists.cell(1, target, f"{spec.name} – {column.header}").column_letter
    for i, choice in enumerate(column.choices, start=2):
        lists.cell(i, target, choice)
    return f"=Listes!${letter}$2:${letter}${len(column.choices) + 1}"


# -- where problems are ----------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """Where a value of the bilan document came from in the workbook."""

    sheet: str
    row: int
    column: int
    header: str


@dataclass(frozen=True)
class WorkbookLocator(Locator):
    """Locates problems of a bilan read from a workbook at their sheet, row and column."""

    name: str = ""
    cells: Mapping[str, Cell] = field(default_factory=dict)

    def locate(self, exc: CoopCarbonError, path: EntryPath, *, keep_files: bool = False) -> list[Problem]:
        """As :meth:`Locator.locate`, each problem then at its sheet, row and column."""
        return [self.at_cell(p) for p in super().locate(exc, path, keep_files=keep_files)]

    def problem(self, path: EntryPath, message: str, expected: str = "", suggestion: str = "") -> Problem:
        """As :meth:`Locator.problem`, at the value's sheet, row and column."""
        return self.at_cell(super().problem(path, message, expected, suggestion))

    def where(self, path: EntryPath) -> str:
        """``file [sheet]:row`` of the entry at ``path`` (for warnings)."""
        problem = self.at_cell(Problem(self.file, None, None, dotted(path), ""))
        return f"{problem.file}:{problem.line}" if problem.line is not None else problem.file

    def at_cell(self, problem: Problem) -> Problem:
        """``problem`` (located in the bilan document) at its cell of the workbook."""
        if problem.file != self.file:
            return problem
        key = problem.field
        while key and key not in self.cells:
            key = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", key)
        cell = self.cells.get(key)
        if cell is None:
            return Problem(self.name, None, None, problem.field, problem.message, problem.expected,
                           problem.suggestion)
        letter = _letter(cell.column)
        return Problem(f"{self.name} [{cell.sheet}]", cell.row, cell.column, f"{letter} « {cell.header} »",
                       problem.message, problem.expected, problem.suggestion)


def _letter(column: int) -> str:
    """``1`` → ``A``, ``28`` → ``AB``."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# -- reading ---------------------------------------------------------------------------------
@dataclass
class _Reading:
    """What reading the sheets gives: the bilan document, its cells and the problems found."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)
    marks: dict[EntryPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, cell: Cell, message: str, expected: str = "", suggestion: str = "") -> None:
        self.problems.append(Problem(f"{self.name} [{cell.sheet}]", cell.row, cell.column,
                                     f"{_letter(cell.column)} « {cell.header} »", message, expected, suggestion))


def _number(text: str) -> float | None:
    """A number written in a cell as text (``1 234,5``), or ``None``."""
    cleaned = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _cell_number(raw: Any, percent: bool) -> float | None:
    """The number in a cell: a number, or text such as ``1 234,5`` (``60 %`` → 0.6 if ``percent``)."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    text = str(raw)
    if percent and text.endswith("%"):
        number = _number(text[:-1])
        return number / 100 if number is not None else None
    return _number(text)


def _value(column: Column, raw: Any, cell: Cell, reading: _Reading) -> Any:
    """The bilan-file value of a cell (a quantity as ``"12 km"``, oui/non as a boolean)."""
    if isinstance(raw, str):
        raw = raw.strip()
    if column.kind == "text":
        return raw if isinstance(raw, str) else f"{raw:g}" if isinstance(raw, float) else str(raw)
    if column.kind == "bool":
        word = str(raw).casefold()
        if isinstance(raw, bool) or word in _TRUE | _FALSE:
            return raw if isinstance(raw, bool) else word in _TRUE
        reading.problem(cell, f"{raw!r} is not oui or non", "oui or non (yes or no)")
        return None
    number = _cell_number(raw, percent=column.kind == "fraction")
    if column.kind in {"number", "fraction"}:
        if number is None:
            expected = "a fraction, e.g. 0,6 or 60 %" if column.kind == "fraction" else "a number, e.g. 12 or 12,5"
            reading.problem(cell, f"{raw!r} is not a number", expected)
        return int(number) if number is not None and number == int(number) else number
    if number is not None:
        return f"{number} {column.kind}"
    return str(raw)  # a quantity with its own unit ("12 mi"), checked by the domain helper


def _header_columns(header: Sequence[Any], spec: Sheet, reading: _Reading) -> dict[int, Column]:
    """Columns by position (1-based), matched to ``spec`` by header (case and spaces ignored)."""
    known = {_key(c.header): c for c in spec.columns}
    found: dict[int, Column] = {}
    for col, value in enumerate(header, start=1):
        if value is None or not str(value).strip():
            continue
        column = known.get(_key(str(value)))
        if column is None:
            reading.problem(Cell(spec.name, 1, col, str(value)), "unknown column",
                            "one of " + ", ".join(c.header for c in spec.columns))
        else:
            found[col] = column
    return found


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(sheet: Any, spec: Sheet, reading: _Reading) -> list[dict[str, Any]]:
    """The filled rows of a collection sheet as bilan-file entries, with their cells."""
    rows = sheet.iter_rows(values_only=True)
    columns = _header_columns(next(rows, ()), spec, reading)
    entries: list[dict[str, Any]] = []
    for number, values in enumerate(rows, start=2):
        if all(_blank(values[col - 1]) for col in columns if col <= len(values)):
            continue
        cells = {column.key: Cell(spec.name, number, col, column.header) for col, column in columns.items()}
        entry: dict[str, Any] = {}
        for col, column in columns.items():
            raw = values[col - 1] if col <= len(values) else None
            if not _blank(raw):
                value = _value(column, raw, cells[column.key], reading)
                if value is not None:
                    entry[column.key] = value
        entry["__cells__"] = cells
        entries.append(entry)
    return entries


def _place(reading: _Reading, path: EntryPath, entry: dict[str, Any],
           renamed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Record where the values of ``entry`` (now at ``path``) are, and return it without its cells."""
    cells: dict[str, Cell] = entry.pop("__cells__")
    first = min(cells.values(), key=lambda c: c.column)
    reading.marks[path] = (first.row, first.column)
    reading.cells[dotted(path)] = first
    for key, cell in cells.items():
        full = (*path, (renamed or {}).get(key, key))
        reading.marks[full] = (cell.row, cell.column)
        reading.cells[dotted(full)] = cell
    return entry


def _fleet(reading: _Reading, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Fleet rows: litres bought of a fuel, or kilometres driven by a type of car."""
    fuel: list[dict[str, Any]] = []
    distance: list[dict[str, Any]] = []
    for row in rows:
        cells = row["__cells__"]
        if ("volume" in row) == ("distance" in row):
            reading.problem(cells["volume"], "give either the litres bought or the distance driven",
                            "litres (a fuel) or kilometres (a type of car), not both")
            row.pop("__cells__")
            continue
        if "volume" in row:
            entry = {"fuel" if k == "vehicle" else k: v for k, v in row.items()}
            fuel.append(_place(reading, ("fleet", "fuel", len(fuel)), entry, {"vehicle": "fuel"}))
        else:
            distance.append(_place(reading, ("fleet", "distance", len(distance)), row))
    return {"fuel": fuel, "distance": distance}


def _heating(row: dict[str, Any]) -> dict[str, Any]:
    """A heating row: the consumption and its unit (kWh when empty) as one quantity."""
    unit = str(row.pop("unit", "kWh"))
    if isinstance(row.get("energy"), (int, float)):
        row["energy"] = f"{row['energy']} {unit}"
    return row


def _sections(reading: _Reading, rows: Mapping[Sheet, list[dict[str, Any]]]) -> None:
    """Put each sheet's rows at their place in the bilan document."""
    data = reading.data
    for spec, entries in rows.items():
        if not entries:
            continue
        section = spec.section[0]
        if section == "fleet":
            data["fleet"] = _fleet(reading, entries)
            continue
        if section == "heating":
            entries = [_heating(e) for e in entries]
        placed = [_place(reading, (*spec.section, i), e) for i, e in enumerate(entries)]
        if len(spec.section) == 2:  # commute.respondents, hardware.devices
            data[section] = {spec.section[1]: placed}
        else:
            data[section] = placed


def _organisation(book: Any, reading: _Reading) -> None:
    """Name, year and headcount from the organisation sheet (labels in column A, values in B)."""
    name, fields = ORGANISATION
    if name not in book.sheetnames:
        reading.problems.append(Problem(reading.name, None, None, "", f"no sheet {name!r}",
                                        "the sheets of `coopcarbon template --format xlsx`"))
        return
    sheet = book[name]
    labels = {_key(label): (key, label) for key, label in fields}
    for number, row in enumerate(sheet.iter_rows(max_col=2, values_only=True), start=1):
        found = labels.get(_key(str(row[0] or ""))) if row else None
        if found is None:
            continue
        key, label = found
        reading.marks[(key,)] = (number, 2)
        reading.cells[key] = Cell(name, number, 2, label)
        value = row[1] if len(row) > 1 else None
        if isinstance(value, str) and key != "organisation":
            value = _number(value) if _number(value) is not None else value
        if isinstance(value, float) and value == int(value):
            value = int(value)
        if value is not None:
            reading.data[key] = value


def read_workbook(path: str | Path) -> BilanFileContents:
    """Read and check a filled data-collection workbook (:func:`write_template`).

    ``Bilan.from_workbook`` builds the bilan from it. Empty rows are skipped; a sheet may be
    left empty or removed. Numbers may be numbers or text (``12,5``); a distance or an amount
    may carry its own unit (``12 mi``); a share may be written ``60 %``; oui/non columns also
    take vrai/faux, yes/no.

    Raises
    ------
    InputError
        Every problem of the workbook, each at its sheet, row and column.
    """
    openpyxl = _openpyxl()
    file = Path(path)
    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:  # not a workbook (zip or XML errors)
        raise InputError([Problem(file.name, None, None, "", f"cannot read the workbook ({exc})",
                                  "an .xlsx file written by Excel, LibreOffice or `coopcarbon template`")]) from None
    except Exception as exc:  # openpyxl raises zipfile.BadZipFile and others on a damaged file
        raise InputError([Problem(file.name, None, None, "", f"cannot read the workbook ({type(exc).__name__})",
                                  "an .xlsx file")]) from None
    reading = _Reading(file.name)
    try:
        _organisation(book, reading)
        rows = {spec: _rows(book[spec.name], spec, reading) for spec in SHEETS if spec.name in book.sheetnames}
    finally:
        book.close()
    _sections(reading, rows)
    document = Document(reading.data, file.name, dict(reading.marks))
    locator = WorkbookLocator(document, name=file.name, cells=dict(reading.cells))
    if reading.problems:
        raise InputError(reading.problems, f"problem(s) in workbook {file.name}")
    try:
        parsed = BilanFile.model_validate(reading.data)
    except ValidationError as exc:
        raise InputError([locator.at_cell(p) for p in validation_problems(exc, document)],
                         f"problem(s) in workbook {file.name}") from None
    logger.info("workbook %s: %s", file.name, ", ".join(f"{len(r)} row(s) in {s.name}" for s, r in rows.items()))
    inputs = BilanInputs.model_validate({k: getattr(parsed, k) for k in BilanInputs.model_fields
                                         if k in parsed.model_fields_set})
    return BilanFileContents(parsed.organisation, parsed.year, parsed.headcount, inputs, (), file,
                             BilanSource(locator, file.resolve().parent))
