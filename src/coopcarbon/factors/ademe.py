"""ADEME's official Base Empreinte / Base Carbone export, read as a factor table.

ADEME publishes its emission factors as one ``;``-separated CSV (Latin-1 or UTF-8): one
``Elément`` row per factor, then ``Poste`` rows for its decomposition (combustion, amont,
fabrication...), each with an optional split by gas. :func:`read_ademe_export` turns it into the
same checked table our YAML and CSV tables give (:class:`~coopcarbon.factors.validate.CheckedTable`),
read in one pass and checked column by column (:mod:`coopcarbon.factors.ademe_columns`: 20 000
elements without a pydantic validation each); :func:`import_export` writes it as a YAML table of
ours (``coopcarbon factors import EXPORT.csv -o TABLE.yaml``).

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
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel

from ..io.gcpause import collection_paused
from ..io.spreadsheet import open_csv
from ..problems import Problem, TableError
from .ademe_columns import CATEGORY_DEFAULTS, REQUIRED, UNITS, ademe_unit, read_rows
from .csvtable import CsvDocument
from .schema import FactorEntry, PartEntry, QualityScores, TableFile, TableMeta
from .validate import CheckedTable

__all__ = [
    "CATEGORY_DEFAULTS",
    "UNITS",
    "ademe_unit",
    "import_export",
    "is_ademe_export",
    "read_ademe_export",
]


def is_ademe_export(header: Sequence[str]) -> bool:
    """Whether a CSV header (any case) is that of ADEME's Base Empreinte / Base Carbone export."""
    names = {name.strip().lower() for name in header}
    return all(column in names for column in REQUIRED)


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
        rows, records = open_csv(file, raw, encoding=encoding, delimiter=";", error=TableError)
    except TableError as exc:
        return CheckedTable(file, digest, None, None, list(exc.problems))
    if not is_ademe_export(rows.header):
        missing = [c for c in REQUIRED if c not in rows.columns()]
        return CheckedTable(file, digest, None, None, [Problem(
            file, rows.header_row, None, "", "this is not an ADEME Base Empreinte / Base Carbone export: "
            "missing column(s) " + ", ".join(repr(c) for c in missing),
            "the CSV exported from base-empreinte.ademe.fr or data.ademe.fr")])
    with collection_paused():  # about a million fresh objects, no reference cycle
        read = read_rows(rows, records, include_archived=include_archived, skip_unknown_units=skip_unknown_units)
    meta = {"name": name, "version": version or f"sha256:{digest[:8]}",
            "source": f"ADEME Base Empreinte / Base Carbone export ({Path(file).name})",
            "license": "Licence Ouverte / Etalab 2.0", "retrieved": retrieved or dt.date.today(),
            "url": "https://base-empreinte.ademe.fr", "title_fr": "Base Empreinte (ADEME)",
            "title_en": "ADEME Base Empreinte"}
    columns = rows.columns()
    # the document locates problems (row and column of each factor); the factors are the table's models
    document = CsvDocument({"table": meta, "factors": {}}, file, rows=read.rows,
                           columns={field: columns[column] for field, column in _FIELDS.items() if column in columns})
    document.marks.update(read.marks)
    checked = CheckedTable(file, digest, None, document,
                           sorted(read.problems, key=lambda p: (p.line or 0, p.column or 0)))
    if not checked.problems:
        with collection_paused():
            checked.table = _table(meta, read.factors)
    checked.warnings.extend(Problem(file, None, None, "", note) for note in read.notes())
    return checked


#: The factor fields read from one column of the export (where the shared validator locates a problem).
_FIELDS = {"value": "total poste non décomposé", "unit": "unité français", "name_fr": "nom base français",
           "name_en": "nom base anglais", "uncertainty": "incertitude", "year": "date de création",
           "valid_to": "période de validité", "region": "localisation géographique"}


Model = TypeVar("Model", bound=BaseModel)


def _table(meta: dict[str, Any], factors: Mapping[str, dict[str, Any]]) -> TableFile:
    """The table as the schema's models, from entries that passed the column checks, without validating them again.

    :mod:`coopcarbon.factors.ademe_columns` checks every rule of the schema a cell of the export could
    break (a located problem each), so validating 20 000 entries one by one would only say so again
    (tests check that the models built here are those validation gives).
    """
    return _built(TableFile, {"table": TableMeta.model_validate(meta), "parameters": {},
                              "factors": {factor_id: _factor(entry) for factor_id, entry in factors.items()}})


def _factor(entry: dict[str, Any]) -> FactorEntry:
    """The model of an entry (whose quality scores and parts become models in place)."""
    quality, parts = entry.get("quality"), entry.get("parts")
    if quality is not None:
        entry["quality"] = _built(QualityScores, quality)
    if parts:
        entry["parts"] = tuple(_built(PartEntry, part) for part in parts)
    return _built(FactorEntry, entry)


def _built(model: type[Model], fields: dict[str, Any]) -> Model:
    """A ``model`` holding ``fields`` (every required one, checked) and the defaults of the others.

    What pydantic's ``model_construct`` does, without its per-field work in Python (slower than
    validating): the defaults and the fields become the instance's ``__dict__``, in the order of
    the model's fields.
    """
    defaults, factories = _defaults(model)
    values = defaults | fields
    for name, factory in factories:
        if name not in fields:
            values[name] = factory()
    built = model.__new__(model)
    _set(built, "__dict__", values)
    names = tuple(fields)
    fields_set = _FIELDS_SET.get(names)
    if fields_set is None:
        fields_set = _FIELDS_SET[names] = set(names)
    _set(built, "__pydantic_fields_set__", fields_set)
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built


_set = object.__setattr__
#: One set of field names for the models given the same fields (pydantic never changes the set of
#: a frozen model): ten thousand fewer objects for the garbage collector to walk.
_FIELDS_SET: dict[tuple[str, ...], set[str]] = {}


@cache
def _defaults(model: type[BaseModel]) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """Every field of a model, in order, with its default; the factories of the fields built anew.

    A required field, or one built anew for each instance, has ``None`` as its placeholder.
    """
    fields = model.model_fields
    factories = tuple((name, cast("Callable[[], Any]", info.default_factory)) for name, info in fields.items()
                      if info.default_factory is not None)
    return {name: None if info.is_required() or info.default_factory else info.default
            for name, info in fields.items()}, factories


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
    table = cast(TableFile, checked.table)  # without problems, the table was built
    data = {"table": table.table.model_dump(exclude_unset=True),
            "factors": {factor_id: entry.model_dump(mode="json", exclude_unset=True)
                        for factor_id, entry in table.factors.items()}}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    header = (f"# Factor table imported from ADEME's export {Path(path).name} (sha256 {checked.digest[:12]})\n"
              "# by coopcarbon.factors.ademe.import_export. Data: ADEME Base Empreinte, Licence Ouverte / "
              "Etalab 2.0.\n")
    Path(output).write_text(header + text, encoding="utf-8")
    return checked
