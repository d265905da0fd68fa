#!/usr/bin/env python
"""Check the bundled factors that cite an ADEME element against ADEME's official export.

Reads the Base Empreinte / Base Carbone CSV export (data.ademe.fr) with
``coopcarbon.factors.ademe.read_ademe_export`` (archived elements kept, elements whose unit has
no equivalent left out) and, for every bundled factor whose ``source_id`` is an ADEME element id,
compares the values in the factor's unit. Prints one line per factor: ``same`` (within 0.05 %),
``DIFFERENT`` (another vintage or a wrong id: read the notes) or ``not in export``. A factor
found ``same`` can be marked ``verified: true`` in ``tools/curation/provenance.yaml`` (with the
key ``ADEME-BE``); then run ``make tables``.

Usage::

    .venv/bin/python tools/check_against_ademe.py EXPORT.csv
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from coopcarbon.factors.ademe import read_ademe_export  # noqa: E402
from coopcarbon.factors.loading import bundled_tables_dir, check_table  # noqa: E402
from coopcarbon.factors.schema import FactorEntry  # noqa: E402
from coopcarbon.units import Q  # noqa: E402

ADEME_KEYS = ("ADEME-BE", "ADEME-BC-23")
TOLERANCE = 5e-4


def bundled_entries() -> dict[str, FactorEntry]:
    entries: dict[str, FactorEntry] = {}
    for path in sorted(bundled_tables_dir().glob("*.yaml")):
        checked = check_table(path)
        checked.raise_for_problems()
        assert checked.table is not None
        entries.update(checked.table.factors)
    return entries


def comparisons(ours: Mapping[str, FactorEntry],
                export: Mapping[str, FactorEntry]) -> Iterator[tuple[str, str, str, str]]:
    """(factor id, element id, verdict, detail) for every factor citing an ADEME element."""
    for factor_id, factor in ours.items():
        if factor.source_key not in ADEME_KEYS or not factor.source_id.isdigit():
            continue
        element = export.get(f"ademe.{factor.source_id}")
        if element is None:
            yield factor_id, factor.source_id, "not in export", ""
            continue
        try:
            theirs = float(Q(element.value, element.unit).to(factor.unit).magnitude)
        except Exception as exc:  # another dimension: the id does not fit this factor
            yield factor_id, factor.source_id, "DIFFERENT", f"unit {element.unit} vs {factor.unit} ({exc})"
            continue
        same = abs(theirs - factor.value) <= TOLERANCE * max(abs(factor.value), abs(theirs))
        yield (factor_id, factor.source_id, "same" if same else "DIFFERENT",
               f"ours {factor.value:g}, ADEME {theirs:g} {factor.unit} ({element.name_fr}, {element.year})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", type=Path, help="ADEME's Base Empreinte / Base Carbone CSV export")
    args = parser.parse_args(argv)
    checked = read_ademe_export(args.export, include_archived=True, skip_unknown_units=True)
    for note in checked.warnings:
        print(f"note: {note}", file=sys.stderr)
    if checked.table is None:
        for problem in checked.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    for factor_id, element, verdict, detail in comparisons(bundled_entries(), checked.table.factors):
        print(f"{verdict:13} {factor_id:55} {element:>6}  {detail}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
