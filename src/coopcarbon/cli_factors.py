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

if TYPE_CHECKING:
    from .factors.library import FactorLibrary
    from .factors.validate import CheckedTable

__all__ = ["add_import_command", "checked_against", "cmd_import"]


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
