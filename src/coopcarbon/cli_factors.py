"""Factor-table commands beside :mod:`coopcarbon.cli`: ``factors import`` and the checks of provenance.

::

    coopcarbon factors import EXPORT.csv -o TABLE.yaml [--include-archived] [--skip-unknown-units] [--force]

:func:`checked_against` adds to a user table's check what only a comparison with the bundled
library and the bibliography can tell: values more than 30 times away from every bundled
factor of their kind (warnings), contradicting scope, category and BEGES post (errors), and
``source_key`` values that the bibliography does not know (warnings).

The factor validators (pydantic models) and ADEME's export reader are imported when a command
needs them, so that ``coopcarbon --help`` starts without them.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .errors import CoopCarbonError, Problem
from .factors.loading import bundled_tables_dir, check_table
from .units import Q

if TYPE_CHECKING:

    from .factors.library import FactorLibrary
    from .factors.validate import CheckedTable

__all__ = ["FACTOR_TABLE_TEMPLATE", "FAR_RATIO", "add_import_command", "bundled_files", "checked_against",
           "cmd_import", "far_from_bundled"]

#: Distance (a ratio) beyond which ``factors check`` warns that a user value differs from the
#: bundled factor of the same id: a likely unit slip (g for kg, per MWh for per kWh).
FAR_RATIO = 3.0

#: Written by ``coopcarbon factors new``: a commented table that passes ``factors check``.
FACTOR_TABLE_TEMPLATE = """\
# A coopcarbon factor table (YAML). Check it with:  coopcarbon factors check THIS_FILE.yaml
# Use it with:  coopcarbon.load_factors("THIS_FILE.yaml"), or in a bilan file:
#     factors: [THIS_FILE.yaml]          (a path relative to the bilan file)
# Every factor states its value, unit and source; reports print them beside each figure.
# Prefer a spreadsheet? The same fields as columns of a CSV file: docs/how-to/spreadsheets.md
#
# Units: emissions divided by the activity unit, written with / and * (no spaces needed):
#   emissions   gCO2e, kgCO2e, tCO2e (their own dimension: not kilograms of matter)
#   activity    kWh, MWh, L, m3, kg, tonne, km, passenger_km (distance × travellers),
#               vehicle_km, tonne_km, EUR, kEUR (excluding VAT), device, meal, night, person
#   examples    kgCO2e/kWh, kgCO2e/passenger_km, kgCO2e/EUR, kgCO2e/device, kgCO2e/(m2*year)
# A per-vehicle factor is kgCO2e/vehicle_km: it refuses passenger distances on purpose.

table:
  name: ours                      # short name, shown in reports
  version: "2026.1"               # your version of this table (text, in quotes)
  source: Our supplier data       # where the factors come from, overall
  license: CC-BY-4.0              # licence of the data (e.g. Licence Ouverte / Etalab 2.0)
  retrieved: 2026-01-15           # date the data was retrieved (YYYY-MM-DD)

factors:
  # Ids are dotted, lower-case, namespaced by domain: mobility., energy., hardware., purchases.
  # A new id is free. Replacing a bundled id (see `coopcarbon factors search WORD`) needs
  # `override: true` on the factor; the report then lists it ("1 factor overridden by ...").
  custom.example.service:
    name_fr: Exemple de prestation (à remplacer)   # required, French name
    name_en: Example service (replace me)          # required, English name
    value: 0.12                   # required, a number >= 0 (a decimal point, not a comma)
    unit: kgCO2e/EUR              # required, emissions per activity unit (see "Units" above)
    uncertainty: 0.5              # relative half-width of the 95 % interval (0.5 = ±50 %);
                                  # leave it out when the source gives none
    source: Example supplier, carbon disclosure 2025   # required: document, page or database
    source_id: "EX-001"           # the source's own identifier of this value (in quotes)
    source_url: ""                # a link to the source, if any
    year: 2025                    # required, year the value is valid for
    region: FR                    # country or area the value is for
    scope: 3                      # GHG Protocol scope: 1, 2 or 3
    ghg_category: 1               # scope 3 category 1-15 (only for scope 3, required there)
    beges_post: "4.5"             # BEGES v5 post in quotes, e.g. "4.5" purchased services
    estimated: true               # true when the value is an estimate, not a published figure
    notes: Template entry; replace the value, unit and source with your own.
  # An override of a bundled factor (uncomment, and cite your source):
  # mobility.train.tgv:
  #   override: true
  #   name_fr: TGV (valeur de notre étude)
  #   name_en: High-speed train (our study)
  #   value: 0.0025
  #   unit: kgCO2e/passenger_km
  #   source: Our 2025 study, table 3
  #   year: 2025
  #   ghg_category: 6
  #   beges_post: "3.5"
"""


class _Writer(Protocol):
    def write(self, text: str, /) -> int: ...


def add_import_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import`` to the ``factors`` subcommands."""
    command = commands.add_parser("import", help="turn ADEME's Base Empreinte / Base Carbone export (CSV) "
                                                 "into a YAML factor table of ours")
    command.add_argument("export", metavar="EXPORT.csv", help="the CSV exported from base-empreinte.ademe.fr")
    command.add_argument("-o", "--output", metavar="TABLE.yaml", required=True, help="the YAML table to write")
    command.add_argument("--force", action="store_true", help="replace TABLE.yaml if it exists")
    command.add_argument("--include-archived", action="store_true",
                         help="keep the archived elements (left out by default)")
    command.add_argument("--skip-unknown-units", action="store_true",
                         help="leave out, with a warning, the elements whose unit has no equivalent "
                              "(by default each one is an error)")


def cmd_import(args: argparse.Namespace, out: _Writer, err: _Writer) -> int:
    """Run ``coopcarbon factors import``: 0 when written, 1 on a problem (raised, the caller reports it).

    Raises
    ------
    FileExistsError
        When the output exists and ``--force`` is not given.
    TableError
        Listing every problem of the export (file, row, column); nothing is written.
    """
    from .factors.ademe import import_export  # command start-up: pydantic models

    if not Path(args.export).exists():
        raise FileNotFoundError(2, "no such file", args.export)
    if Path(args.output).exists() and not args.force:
        raise FileExistsError(17, "exists; use --force to overwrite it", args.output)
    checked = import_export(args.export, args.output, include_archived=args.include_archived,
                            skip_unknown_units=args.skip_unknown_units)
    for warning in checked.warnings:
        print(f"warning: {warning}", file=err)
    count = len(checked.table.factors) if checked.table is not None else 0
    print(f"{args.output}: {count} factor(s) imported from {args.export}", file=out)
    return 0


def checked_against(checked: CheckedTable, bundled: FactorLibrary) -> CheckedTable:
    """``checked`` with the plausibility problems and warnings, and the unknown source keys.

    See :func:`coopcarbon.factors.plausibility.check_plausibility` and
    :func:`coopcarbon.factors.bibliography.unknown_source_keys`; a new record (``checked`` is
    left as it is, as :func:`~coopcarbon.factors.check_table` memoises it).
    """
    from .factors.bibliography import load_bibliography, unknown_source_keys  # command start-up
    from .factors.plausibility import check_plausibility  # command start-up

    entries = checked.table.factors if checked.table is not None else {}
    unknown = unknown_source_keys(entries, load_bibliography(), checked.file)
    checked = check_plausibility(checked, bundled)
    return replace(checked, warnings=[*checked.warnings, *unknown])


def bundled_files() -> set[Path]:
    """The bundled table files (resolved), which ``factors check`` does not compare with themselves."""
    try:
        return {p.resolve() for p in bundled_tables_dir().glob("*.yaml")}
    except CoopCarbonError:
        return set()


def far_from_bundled(path: Path, bundled: FactorLibrary) -> list[Problem]:
    """Warnings for user values more than ×3 away from the bundled factor of the same id."""
    checked = check_table(path)
    if checked.table is None or checked.document is None:
        return []
    import pint  # lazy start-up: values are compared as quantities

    warnings_ = []
    for factor_id, entry in checked.table.factors.items():
        if factor_id not in bundled:
            continue
        reference = bundled[factor_id]
        try:
            value = float(Q(entry.value, entry.unit).to(reference.value.units).magnitude)
        except (CoopCarbonError, pint.PintError):  # a unit mismatch is reported by the check
            continue
        ref = float(reference.value.magnitude)
        if ref <= 0 or value <= 0:
            continue
        ratio = value / ref
        if ratio > FAR_RATIO or ratio < 1 / FAR_RATIO:
            times = (f"{ratio:.0f}× " if ratio >= 10 else f"{ratio:.1f}× " if ratio > 1
                     else f"1/{1 / ratio:.0f} of " if ratio <= 0.1 else f"1/{1 / ratio:.1f} of ")
            warnings_.append(checked.document.problem(
                ("factors", factor_id, "value"),
                f"{entry.value:g} {entry.unit} is {times}the bundled value "
                f"{ref:g} {reference.unit} (table {reference.table} {reference.table_version})",
                "", "check the unit (g or kg? per kWh or per MWh?) and the source"))
    return warnings_
