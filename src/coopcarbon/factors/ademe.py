"""ADEME's official Base Empreinte / Base Carbone export, read as a factor table.

ADEME publishes its emission factors as one ``;``-separated CSV (Latin-1 or UTF-8): one
``Elément`` row per factor, then ``Poste`` rows for its decomposition (combustion, amont,
fabrication...), each with an optional split by gas. :func:`read_ademe_export` turns it into the
same checked table our YAML and CSV tables give (:class:`~coopcarbon.factors.validate.CheckedTable`,
validated by the shared validator); :func:`import_export` writes it as a YAML table of ours
(``coopcarbon factors import EXPORT.csv -o TABLE.yaml``).

Mapping
-------
- element ``Identifiant de l'élément`` 27025 → factor id ``ademe.27025``, ``source_key: ADEME-BE``,
  ``source_id: "27025"``, ``verified: true`` (the value is read in ADEME's own export);
- names: ``Nom base``, ``Nom attribut`` and ``Nom frontière`` joined by `` - `` (French, English);
- unit: ``Unité français`` mapped onto coopcarbon's registry (:data:`UNITS`: ``kgCO2e/unité`` →
  ``kgCO2e/device``, ``kgCO2e/peq.km`` → ``kgCO2e/passenger_km``, ``kgCO2e/kWh PCI`` →
  ``kgCO2e/kWh`` with ``basis: PCI``...); an unknown unit is a problem naming the row;
- ``Incertitude`` (%) → ``uncertainty`` (read as a relative 95 % half-width; above 100 % it is
  only stated in ``uncertainty_source``, with a warning); the PEF-style
  quality ratings ``Qualité P, C, TiR, GR, TeR`` (1 = excellent ... 5 = very poor) → ``quality``;
- ``year``: the data year when ``Période de validité`` reads ``Année 2022``, else the year of
  ``Date de création``; any other year in ``Période de validité`` → ``valid_to``;
  ``Localisation géographique`` → ``region`` (``France continentale`` → ``FR``);
- ``Poste`` rows → ``parts`` (kind, names, value, gases); gas columns → ``gases`` (CO2e);
- ``Code de la catégorie`` → default scope, GHG Protocol category and BEGES post (:data:`CATEGORY_DEFAULTS`);
- archived elements (``Statut: Archivé``) and rows that are not emission factors are left out,
  with a warning, unless ``include_archived=True``.

References
----------
1. ADEME, Base Empreinte® / Base Carbone®, https://base-empreinte.ademe.fr (Licence Ouverte /
   Etalab 2.0), export "Base Carbone® (CSV)" on data.ademe.fr.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import operator
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import yaml

from ..io.spreadsheet import CsvRows, cell_problem, parse_number, read_csv_rows
from ..problems import Problem, TableError
from .csvtable import CsvDocument
from .validate import CheckedTable, validate_document

__all__ = [
    "CATEGORY_DEFAULTS",
    "UNITS",
    "ademe_unit",
    "import_export",
    "is_ademe_export",
    "read_ademe_export",
]

#: Columns that identify an ADEME export (names as :func:`read_csv_rows` gives them: lower case).
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
_NUMERATORS = {"kgco2e": "kgCO2e", "kgco2eq": "kgCO2e", "kgéq.co2": "kgCO2e", "kgeqco2": "kgCO2e",
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
_QUALITY = (("reliability", "qualité p"), ("completeness", "qualité c"), ("temporal", "qualité tir"),
            ("geographic", "qualité gr"), ("technological", "qualité ter"))
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"[a-zéû.]+[- ](\d\d)$")
_UNCERTAINTY_SOURCE = "ADEME Base Empreinte export, column 'Incertitude' (read as a relative 95 % half-width)"


def is_ademe_export(header: Sequence[str]) -> bool:
    """Whether a CSV header (any case) is that of ADEME's Base Empreinte / Base Carbone export."""
    names = {name.strip().lower() for name in header}
    return all(column in names for column in REQUIRED)


def ademe_unit(text: str) -> tuple[str, str | None] | None:
    """ADEME's unit text → (our unit, basis), or ``None`` when it has no mapping.

    Examples
    --------
    >>> ademe_unit("kgCO2e/kWh PCI"), ademe_unit("kgCO2e/peq.km"), ademe_unit("kgCO2e/ml")
    (('kgCO2e/kWh', 'PCI'), ('kgCO2e/passenger_km', None), None)
    """
    numerator, slash, denominator = text.partition("/")
    ours = _NUMERATORS.get("".join(numerator.split()).lower())
    mapped = UNITS.get("".join(denominator.split()).lower()) if slash else None
    if ours is None or mapped is None:
        return None
    return f"{ours}/{mapped[0]}", mapped[1]


#: (code column, value column) of the five "other gas" pairs.
_EXTRA_GASES = tuple((f"code gaz supplémentaire {i}", f"valeur gaz supplémentaire {i}") for i in range(1, 6))
_GAS_COLUMNS = tuple([column for column, _ in _GASES] + [column for pair in _EXTRA_GASES for column in pair])
#: The columns of a ``Poste`` row that are read.
_POST_COLUMNS = ("identifiant de l'élément", "type poste", "nom poste français", "nom poste anglais",
                 "total poste non décomposé", *_GAS_COLUMNS)
#: The columns read (the export has about 70; Spanish names, tags, programmes are not used).
_WANTED = (*REQUIRED, "type de l'élément", "nom base anglais", "nom attribut français", "nom attribut anglais",
           "nom frontière français", "nom frontière anglais", "code de la catégorie", "source",
           "localisation géographique", "date de création", "date de modification", "période de validité",
           "incertitude", *(column for _, column in _QUALITY), "commentaire français", "type poste",
           "nom poste français", "nom poste anglais", *_GAS_COLUMNS)


class _Columns:
    """The columns of an export that are read, picked out of each row in one call."""

    def __init__(self, rows: CsvRows) -> None:
        self.numbers = rows.columns()
        self.kind = self.numbers["type ligne"] - 1
        self.element = self.numbers["identifiant de l'élément"] - 1
        self.names = tuple(name for name in _WANTED if name in self.numbers)
        self.pick = operator.itemgetter(*(self.numbers[name] - 1 for name in self.names))
        self.post_names = tuple(name for name in _POST_COLUMNS if name in self.numbers)
        self.pick_post = operator.itemgetter(*(self.numbers[name] - 1 for name in self.post_names))

        self.missing = dict.fromkeys((name for name in _WANTED if name not in self.numbers), "")

    def values(self, cells: Sequence[str], post: bool = False) -> dict[str, str]:
        """The cells read (all, or those of a post), stripped, by column name ("" if absent)."""
        names, picked = (self.post_names, self.pick_post(cells)) if post else (self.names, self.pick(cells))
        values = dict(zip(names, map(str.strip, picked), strict=True))  # at C speed: one dict per row
        if self.missing:
            values.update(self.missing)
        return values


def read_ademe_export(
    path: str | Path,
    raw: bytes | None = None,
    *,
    encoding: str | None = None,
    include_archived: bool = False,
    skip_unknown_units: bool = False,
    name: str = "ademe",
    version: str | None = None,
    retrieved: dt.date | None = None,
) -> CheckedTable:
    """Read ADEME's export into a checked factor table (never raises for bad content).

    Parameters
    ----------
    path
        The export (``;``-separated CSV, Latin-1 or UTF-8); its name is used in messages.
    raw
        Its bytes, when already read.
    encoding
        Force an encoding; default: detected (UTF-8, else Windows-1252).
    include_archived
        Keep archived elements (``Statut de l'élément: Archivé``); default: left out, counted in
        a warning.
    skip_unknown_units
        Leave out, with a warning counting them by unit, the elements whose unit has no
        equivalent in the registry; default: each is a problem naming its row.
    name, version, retrieved
        Table metadata; ``version`` defaults to the file's sha256 prefix, ``retrieved`` to today.

    Returns
    -------
    CheckedTable
        ``table`` holds the factors ``ademe.<element id>`` when there is no problem; every
        problem names the file, the row and the column (``line`` is the row number).
    """
    file = str(path)
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            return CheckedTable(file, "", None, None,
                                [Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")])
    digest = hashlib.sha256(raw).hexdigest()
    try:
        rows = read_csv_rows(file, raw, encoding=encoding, delimiter=";", error=TableError)
    except TableError as exc:
        return CheckedTable(file, digest, None, None, list(exc.problems))
    if not is_ademe_export(rows.header):
        missing = [c for c in REQUIRED if c not in rows.columns()]
        return CheckedTable(file, digest, None, None, [Problem(
            file, rows.header_row, None, "", "this is not an ADEME Base Empreinte / Base Carbone export: "
            "missing column(s) " + ", ".join(repr(c) for c in missing),
            "the CSV exported from base-empreinte.ademe.fr or data.ademe.fr")])
    meta = {"name": name, "version": version or f"sha256:{digest[:8]}",
            "source": f"ADEME Base Empreinte / Base Carbone export ({Path(file).name})",
            "license": "Licence Ouverte / Etalab 2.0", "retrieved": retrieved or dt.date.today(),
            "url": "https://base-empreinte.ademe.fr", "title_fr": "Base Empreinte (ADEME)",
            "title_en": "ADEME Base Empreinte"}
    reader = _Reader(file, rows, include_archived, skip_unknown_units)
    factors = reader.read()
    columns = _Columns(rows).numbers
    fields = {"value": "total poste non décomposé", "unit": "unité français", "name_fr": "nom base français",
              "name_en": "nom base anglais", "uncertainty": "incertitude", "year": "date de création",
              "valid_to": "période de validité", "region": "localisation géographique"}
    # the cells are all read: the document keeps how the file was read, not its 70 columns (memory)
    document = CsvDocument({"table": meta, "factors": factors}, file, rows=replace(rows, rows=()),
                           columns={field: columns[column] for field, column in fields.items()
                                    if column in columns})
    document.marks.update(reader.marks)
    checked = validate_document(document, digest)
    checked.problems = sorted(reader.problems + checked.problems, key=lambda p: (p.line or 0, p.column or 0))
    if checked.problems:
        checked.table = None
    checked.warnings.extend(Problem(file, None, None, "", note)
                            for note in rows.notes(with_file=False) + reader.notes())
    return checked


class _Reader:
    """Turns the rows of an export into factor entries (plain data), collecting problems."""

    def __init__(self, file: str, rows: CsvRows, include_archived: bool, skip_unknown_units: bool = False) -> None:
        self.file, self.rows, self.include_archived = file, rows, include_archived
        self.skip_unknown_units = skip_unknown_units
        self.unknown_units: Counter[str] = Counter()
        self.wide_uncertainty = 0
        self.columns = _Columns(rows)
        self.problems: list[Problem] = []
        self.marks: dict[tuple[str | int, ...], tuple[int, int]] = {}
        self.archived = 0
        self.not_factors = 0

    def notes(self) -> list[str]:
        notes = []
        if self.archived:
            notes.append(f"{self.archived} archived element(s) left out (include_archived=True keeps them)")
        if self.not_factors:
            notes.append(f"{self.not_factors} element(s) that are not emission factors left out")
        if self.wide_uncertainty:
            notes.append(f"{self.wide_uncertainty} element(s) state an uncertainty above 100 %: not recorded "
                         "(see their uncertainty_source)")
        if self.unknown_units:
            notes.append(f"{sum(self.unknown_units.values())} element(s) left out, their unit has no equivalent "
                         "in the registry: " + ", ".join(f"{u!r} ({n})" for u, n in self.unknown_units.most_common()))
        return notes

    def problem(self, row: int, column: str, message: str, expected: str = "", suggestion: str = "") -> None:
        self.problems.append(cell_problem(self.file, row, self.columns.numbers.get(column), column,
                                          message, expected, suggestion))

    def read(self) -> dict[str, dict[str, Any]]:
        factors: dict[str, dict[str, Any]] = {}
        first: dict[str, int] = {}
        posts: list[tuple[int, Mapping[str, str]]] = []
        columns = self.columns
        for row, record in self.rows.rows:
            kind = record[columns.kind].strip().lower()
            if kind == "poste":
                posts.append((row, columns.values(record, post=True)))
                continue
            cells: Mapping[str, str] = columns.values(record)
            element = cells["identifiant de l'élément"]
            if kind not in ("elément", "élément", "element"):
                self.problem(row, "type ligne", f"unknown row type {kind!r}", "Elément or Poste")
                continue
            if element in first:
                self.problem(row, "identifiant de l'élément",
                             f"element {element} appears twice (first in row {first[element]})", "each element once")
                continue
            first[element] = row
            entry = self.element(row, cells)
            if entry is not None:
                factor_id = f"ademe.{element}"
                factors[factor_id] = entry
                self.marks[("factors", factor_id)] = (row, self.columns.numbers["identifiant de l'élément"])
        for row, cells in posts:
            element = cells["identifiant de l'élément"]
            entry = factors.get(f"ademe.{element}")
            if entry is None:
                if element not in first:
                    self.problem(row, "identifiant de l'élément", f"post of element {element}, which has no "
                                 "Elément row", "an Elément row for every element")
                continue
            part = self.part(row, cells)
            if part is not None:
                entry.setdefault("parts", []).append(part)
        return factors

    def number(self, row: int, cells: Mapping[str, str], column: str) -> float | None:
        text = cells[column]
        if not text:
            return None
        try:  # the common cases, "0.0317" and "5,92E-3"; parse_number reads the others ("1 234,5")
            value = float(text if "," not in text or "." in text else text.replace(",", "."))
        except ValueError:
            try:
                return parse_number(text)
            except ValueError as exc:
                self.problem(row, column, str(exc), "a number such as 0.0317 or 5,92E-3")
                return None
        if not math.isfinite(value):
            self.problem(row, column, f"{text!r} is not a finite number", "a number such as 0.0317")
            return None
        return value

    def element(self, row: int, cells: Mapping[str, str]) -> dict[str, Any] | None:
        if not self.wanted(cells):
            return None
        value, unit = self.value_and_unit(row, cells)
        if value is None or unit is None:
            return None
        element = cells["identifiant de l'élément"]
        scope, category, post = _category(cells["code de la catégorie"])
        source = cells["source"]
        entry: dict[str, Any] = {
            **_names(cells), "value": value, "unit": unit[0],
            "source": f"ADEME Base Empreinte, element {element}" + (f" ({_one_line(source)})" if source else ""),
            "source_key": "ADEME-BE", "source_id": element, "verified": True,
            **_dates(cells["période de validité"], cells["date de création"], cells["date de modification"]),
            "region": _REGIONS.get(cells["localisation géographique"].lower(),
                                   cells["localisation géographique"] or "FR"),
            "scope": scope, "beges_post": post, "license": "Licence Ouverte / Etalab 2.0",
        }
        if category is not None:
            entry["ghg_category"] = category
        if unit[1]:
            entry["basis"] = unit[1]
        self.uncertainty(row, cells, entry)
        quality = self.quality(row, cells)
        if quality:
            entry["quality"] = quality
        gases = self.gases(row, cells)
        if gases:
            entry["gases"] = gases
        entry["notes"] = _notes(cells)
        return entry

    def quality(self, row: int, cells: Mapping[str, str]) -> dict[str, int]:
        """ADEME's PEF-style ratings P, C, TiR, GR, TeR as our five scores, when all are given."""
        scores = {field: self.number(row, cells, column) for field, column in _QUALITY}
        if all(q is not None and 1 <= q <= 5 and q == int(q) for q in scores.values()):
            return {field: int(q) for field, q in scores.items() if q is not None}
        return {}

    def wanted(self, cells: Mapping[str, str]) -> bool:
        """Whether an element is read: an emission factor, not archived (unless asked for)."""
        if cells["statut de l'élément"].lower().startswith("archiv") and not self.include_archived:
            self.archived += 1
            return False
        element_type = cells["type de l'élément"]
        if element_type and not element_type.lower().startswith("facteur d"):
            self.not_factors += 1
            return False
        return True

    def value_and_unit(self, row: int, cells: Mapping[str, str]) -> tuple[float | None, tuple[str, str | None] | None]:
        """The element's total and its unit on our registry (a problem for each that is missing)."""
        value = self.number(row, cells, "total poste non décomposé")
        if value is None and not cells["total poste non décomposé"]:
            self.problem(row, "total poste non décomposé", "empty value", "the element's total")
        unit_text = cells["unité français"]
        unit = ademe_unit(unit_text)
        if unit is None and self.skip_unknown_units:
            self.unknown_units[unit_text] += 1
        elif unit is None:
            self.problem(row, "unité français", f"unit {unit_text!r} has no equivalent in coopcarbon's registry",
                         "a unit such as kgCO2e/kWh PCI, kgCO2e/peq.km, kgCO2e/unité, kgCO2e/tonne",
                         "convert the element by hand in a YAML table, or leave it out")
        return value, unit

    def uncertainty(self, row: int, cells: Mapping[str, str], entry: dict[str, Any]) -> None:
        percent = self.number(row, cells, "incertitude")
        if percent is None:
            return
        if 0 <= percent <= 100:
            entry["uncertainty"] = percent / 100
            entry["uncertainty_source"] = _UNCERTAINTY_SOURCE
        elif percent > 100:  # ADEME's figure, beyond what a relative half-width in the schema holds
            entry["uncertainty_source"] = (f"ADEME Base Empreinte export states {percent:g} %, above the 100 % "
                                           "a factor table holds: not recorded")
            self.wide_uncertainty += 1
        else:
            self.problem(row, "incertitude", f"uncertainty {percent:g} % is negative", "a percentage >= 0")

    def gases(self, row: int, cells: Mapping[str, str]) -> dict[str, float]:
        if not any(map(cells.get, _GAS_COLUMNS)):
            return {}
        gases = {}
        for column, gas in _GASES:
            value = self.number(row, cells, column)
            if value is not None:
                gases[gas] = value
        for code_column, value_column in _EXTRA_GASES:
            code = cells[code_column]
            value = self.number(row, cells, value_column)
            if code and value is not None:
                gases[re.sub(r"[^A-Za-z0-9_.,()-]", "_", code)] = value
        return gases

    def part(self, row: int, cells: Mapping[str, str]) -> dict[str, Any] | None:
        value = self.number(row, cells, "total poste non décomposé")
        if value is None:
            return None
        part: dict[str, Any] = {"kind": cells["type poste"] or "Poste", "value": value}
        for field, column in (("name_fr", "nom poste français"), ("name_en", "nom poste anglais")):
            if cells[column]:
                part[field] = cells[column]
        gases = self.gases(row, cells)
        if gases:
            part["gases"] = gases
        return part


def _join(parts: Any) -> str:
    return " - ".join(p for p in parts if p)


def _one_line(text: str) -> str:
    return " ".join(text.replace('"', "").split())


def _category(code: str) -> tuple[int, int | None, str]:
    return CATEGORY_DEFAULTS.get(code.split(">")[0].strip().lower(), _OTHER)


_NAMES_FR = ("nom base français", "nom attribut français", "nom frontière français")
_NAMES_EN = ("nom base anglais", "nom attribut anglais", "nom frontière anglais")


def _names(cells: Mapping[str, str]) -> dict[str, str]:
    """French and English names: base, attribute and boundary joined (English falls back to French)."""
    name_fr = _join(cells[c] for c in _NAMES_FR)
    return {"name_fr": name_fr, "name_en": _join(cells[c] for c in _NAMES_EN) or name_fr}


def _notes(cells: Mapping[str, str]) -> str:
    validity = cells["période de validité"]
    notes = [cells["statut de l'élément"], _one_line(cells["commentaire français"]),
             f"Période de validité: {validity}" if validity else ""]
    return " ".join(f"{n}." for n in notes if n)


def _dates(validity: str, created: str, modified: str) -> dict[str, int]:
    """``year`` and ``valid_to`` of an element.

    ``year`` is the data year when the validity says ``Année 2022``, else the year of creation;
    ``valid_to`` any other year in the validity, when it is not before ``year``.
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


def import_export(path: str | Path, output: str | Path, *, include_archived: bool = False,
                  version: str | None = None, retrieved: dt.date | None = None,
                  skip_unknown_units: bool = False) -> CheckedTable:
    """Read ADEME's export and write it as a YAML factor table of ours.

    Parameters
    ----------
    path
        The export (CSV).
    output
        The YAML table to write (``coopcarbon factors import EXPORT.csv -o TABLE.yaml``).
    include_archived, version, retrieved, skip_unknown_units
        As in :func:`read_ademe_export`.

    Returns
    -------
    CheckedTable
        The table read; nothing is written when it has problems.

    Raises
    ------
    TableError
        Listing every problem of the export (file, row, column), when there is one.
    """
    checked = read_ademe_export(path, include_archived=include_archived, version=version, retrieved=retrieved,
                                skip_unknown_units=skip_unknown_units)
    checked.raise_for_problems()
    document = cast(CsvDocument, checked.document)  # without problems, the document was built
    text = yaml.safe_dump(document.data, sort_keys=False, allow_unicode=True, width=100)
    header = (f"# Factor table imported from ADEME's export {Path(path).name} (sha256 {checked.digest[:12]})\n"
              "# by coopcarbon.factors.ademe.import_export. Data: ADEME Base Empreinte, Licence Ouverte / "
              "Etalab 2.0.\n")
    Path(output).write_text(header + text, encoding="utf-8")
    return checked
