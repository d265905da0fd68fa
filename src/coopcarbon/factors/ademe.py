"""ADEME's official Base Empreinte / Base Carbone export, read as a factor table.

ADEME publishes its emission factors as one ``;``-separated CSV (Latin-1 or UTF-8): one
``Elément`` row per factor, then ``Poste`` rows for its decomposition (combustion, amont,
fabrication...), each with an optional split by gas. :func:`read_ademe_export` turns it into the
same checked table our YAML and CSV tables give (:class:`~coopcarbon.factors.checked.CheckedTable`),
read in one pass (:mod:`coopcarbon.factors.ademe_scan`) and checked column by column into the rows
the factor library keeps (:mod:`coopcarbon.factors.ademe_columns`: 20 000 elements without a
pydantic model or validation each; the models are built on first use,
:mod:`coopcarbon.factors.ademe_models`); :func:`import_export` writes it as a YAML table of ours
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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..io.gcpause import collection_paused
from ..io.spreadsheet import CsvRows, open_csv
from ..problems import Problem, TableError
from .ademe_cells import CATEGORY_DEFAULTS, REQUIRED, UNITS, ademe_unit
from .ademe_columns import LICENSE, read_rows
from .checked import CheckedTable, FactorRows
from .rows import FACTOR_FIELDS

if TYPE_CHECKING:  # the schema (pydantic) is imported only when the models are asked for
    from ..io.yamlfile import Document
    from .schema import TableFile

__all__ = [
    "CATEGORY_DEFAULTS",
    "UNITS",
    "ExportTable",
    "ademe_unit",
    "import_export",
    "is_ademe_export",
    "read_ademe_export",
]


def is_ademe_export(header: Sequence[str]) -> bool:
    """Whether a CSV header (any case) is that of ADEME's Base Empreinte / Base Carbone export."""
    names = {name.strip().lower() for name in header}
    return all(column in names for column in REQUIRED)


class ExportTable(CheckedTable):
    """ADEME's export read and checked: its factors as the library's rows (``rows``).

    ``table`` (the schema's models) and ``document`` (which locates a factor's row and columns)
    are built from the rows on first use: :func:`~coopcarbon.factors.load_factors` needs neither
    (nor pydantic) to merge the factors; ``coopcarbon factors check`` and :func:`import_export` do.
    """

    _table: TableFile | None = None
    _document: Document | None = None
    meta: dict[str, Any] | None = None  # the table's metadata (set by read_ademe_export)
    csv: CsvRows | None = None  # how the export was read (set by read_ademe_export)

    @property
    def table(self) -> TableFile | None:
        """The table as the schema's models (``None`` when the export has a problem)."""
        if self._table is None and self.rows is not None and self.meta is not None and not self.problems:
            self._table = _models(self.meta, self.rows)
        return self._table

    @table.setter
    def table(self, table: TableFile | None) -> None:
        self._table = table

    @property
    def document(self) -> Document | None:
        """The export's factors located by row and column, for the problems found when merging them."""
        if self._document is None and self.meta is not None and self.csv is not None:
            self._document = _document(self.meta, self.csv, self.rows)
        return self._document

    @document.setter
    def document(self, document: Document | None) -> None:
        self._document = document


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
    digest: str | None = None,
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
    digest
        The SHA-256 (hex) of ``raw``, when already computed.

    Returns
    -------
    CheckedTable
        An :class:`ExportTable` whose ``rows`` hold the factors ``ademe.<element id>`` when there
        is no problem; every problem names the file, the row and the column (``line`` is the row
        number).
    """
    file = str(path)
    if raw is None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            return CheckedTable(file, "", None, None,
                                [Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")])
    digest = digest or hashlib.sha256(raw).hexdigest()
    try:
        rows, records = open_csv(file, raw, encoding=encoding, delimiter=";", error=TableError)
    except TableError as exc:
        return CheckedTable(file, digest, None, None, list(exc.problems))
    if not is_ademe_export(rows.header):
        missing = [c for c in REQUIRED if c not in rows.columns()]
        return CheckedTable(file, digest, None, None, [Problem(
            file, rows.header_row, None, "", "this is not an ADEME Base Empreinte / Base Carbone export: "
            "missing column(s) " + ", ".join(repr(c) for c in missing),
            "the CSV exported from base-empreinte.ademe.fr or data.ademe.fr")])
    version = version or f"sha256:{digest[:8]}"
    meta = {"name": name, "version": version,
            "source": f"ADEME Base Empreinte / Base Carbone export ({Path(file).name})",
            "license": LICENSE, "retrieved": retrieved or dt.date.today(),
            "url": "https://base-empreinte.ademe.fr", "title_fr": "Base Empreinte (ADEME)",
            "title_en": "ADEME Base Empreinte"}
    try:
        with collection_paused():  # about a million fresh objects, no reference cycle
            read = read_rows(rows, records, (name, version), include_archived=include_archived,
                             skip_unknown_units=skip_unknown_units)
    except TableError as exc:  # a byte not valid in the file's encoding, met as the file is decoded
        return CheckedTable(file, digest, None, None, list(exc.problems))
    checked = ExportTable(file, digest, None, None, sorted(read.problems, key=lambda p: (p.line or 0, p.column or 0)),
                          rows=None if read.problems else FactorRows(name, version, read.factors))
    checked.meta, checked.csv = meta, read.rows
    checked.warnings.extend(Problem(file, None, None, "", note) for note in read.notes())
    return checked


def _document(meta: dict[str, Any], csv: CsvRows, rows: FactorRows | None) -> Document:
    """The document that locates the export's factors: each at its row, in the column of its field."""
    # lazy start-up: the CSV tables' module (and the schema) only when a problem is to be located
    from .csvtable import CsvDocument

    columns = csv.columns()
    document = CsvDocument({"table": meta, "factors": {}}, csv.file, rows=csv,
                           columns={field: columns[column] for field, column in _FIELDS.items() if column in columns})
    id_column, line = columns["identifiant de l'élément"], FACTOR_FIELDS.index("line")
    if rows is not None:
        document.marks.update({("factors", factor_id): (row[line], id_column) for factor_id, row in rows.rows.items()})
    return document


#: The factor fields read from one column of the export (where the shared validator locates a problem).
_FIELDS = {"value": "total poste non décomposé", "unit": "unité français", "name_fr": "nom base français",
           "name_en": "nom base anglais", "uncertainty": "incertitude", "year": "date de création",
           "valid_to": "période de validité", "region": "localisation géographique"}


def _models(meta: dict[str, Any], rows: FactorRows) -> TableFile:
    """The table as the schema's models, from rows that passed the column checks, without validating them again."""
    # lazy start-up: the schema (pydantic) only when the models are asked for
    from .ademe_models import table_models

    return table_models(meta, rows.rows)


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
    # lazy start-up: PyYAML only when a table is written
    import yaml

    checked = read_ademe_export(path, include_archived=include_archived, version=version, retrieved=retrieved,
                                skip_unknown_units=skip_unknown_units)
    checked.raise_for_problems()
    table = cast("TableFile", checked.table)  # without problems, the table is built
    data = {"table": table.table.model_dump(exclude_unset=True),
            "factors": {factor_id: entry.model_dump(mode="json", exclude_unset=True)
                        for factor_id, entry in table.factors.items()}}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    header = (f"# Factor table imported from ADEME's export {Path(path).name} (sha256 {checked.digest[:12]})\n"
              "# by coopcarbon.factors.ademe.import_export. Data: ADEME Base Empreinte, Licence Ouverte / "
              "Etalab 2.0.\n")
    Path(output).write_text(header + text, encoding="utf-8")
    return checked
