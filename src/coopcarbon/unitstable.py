"""Pint's answers for the unit strings people commonly write, precomputed and shipped as data.

Building pint's unit registry takes about 0.2 s (pint parses its definition files) and importing
pint another 0.15 s; checking the units of a factor table needs neither when its unit strings are
common ones. ``units-table.json`` (beside this module) holds, for each such string
(``"kgCO2e/kWh"``, ``"km"``, every unit of ``units.txt`` and its aliases...), what pint says of
it: its dimensionality, its multiplier to pint's root units, pint's own unit container (the
canonical names and powers, which is what makes two pint units equal) and pint's two short
spellings of it, compact (``"kWh"``, as activity lines keep units) and pretty (``"m³"``, as reports
write them). It also holds the dimensionality of each named dimension (``[energy]``...) and the multiplier to
root units of each canonical unit name, so that a conversion between tabled units is a product of
multipliers (:func:`coopcarbon.units.tabled_ratio`).

Pint stays the authority: the file is generated from pint's registry by
``tools/build_tables.py`` (``make tables``), ``tests/test_units_table.py`` checks that every
entry still equals what pint says, and a string not in the table is asked to pint
(:mod:`coopcarbon.units`). The file is read with :func:`json.loads`: data only, never code (pint's
own definition cache is a pickle and is not used, see docs/explanations/security.md). A file
built from another ``units.txt`` is ignored. Offset units (``degC``) are not in the table.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

__all__ = ["TABLE", "TabledUnit", "named_dimension", "root_multiplier", "table_bytes", "tabled"]

#: The table of resolved units, beside this module (package data).
TABLE = Path(__file__).with_name("units-table.json")
_UNITS_TXT = Path(__file__).with_name("units.txt")
_FORMAT = "coopcarbon-units-table 2"

Powers = Mapping[str, float]


@dataclass(frozen=True)
class TabledUnit:
    """What pint says of a unit string.

    ``dimensions`` maps base dimensions to powers (``{"[emissions]": 1, "[length]": -1,
    "[passenger]": -1}``); ``multiplier`` is the unit in pint's root units (gram, metre,
    second...: a ``kWh`` is 3.6e6 J, 3.6e9 g·m²/s²); ``units`` is pint's unit container, canonical names to powers
    (``{"kilogram_CO2e": 1, "kilowatt_hour": -1}``): two units are equal for pint when these are.
    ``compact`` and ``pretty`` are pint's formats ``~C`` (``"kgCO2e/kWh"``) and ``~P`` (``"m³"``).
    """

    dimensions: Powers
    multiplier: float
    units: Powers
    compact: str
    pretty: str


@cache
def _table() -> tuple[dict[str, TabledUnit], dict[str, Powers], dict[str, float]]:
    """The units, named dimensions and root multipliers of the table (empty: missing, or another ``units.txt``)."""
    try:
        data = json.loads(TABLE.read_bytes())
        if data["format"] != _FORMAT or data["units_txt_sha256"] != _units_txt_digest():
            return {}, {}, {}
        units = {text: TabledUnit(dimensions, float(multiplier), canonical, compact, pretty)
                 for text, (dimensions, multiplier, canonical, compact, pretty) in data["units"].items()}
        return units, dict(data["dimensions"]), {name: float(root) for name, root in data["roots"].items()}
    except (OSError, ValueError, KeyError, TypeError):  # a damaged installation: pint answers everything
        return {}, {}, {}


def _units_txt_digest() -> str:
    return hashlib.sha256(_UNITS_TXT.read_bytes()).hexdigest()


def tabled(text: str) -> TabledUnit | None:
    """Pint's answer for the unit string ``text`` when it is in the table, else ``None``.

    >>> tabled("kgCO2e/kWh").dimensions == {"[emissions]": 1, "[length]": -2, "[mass]": -1, "[time]": 2}
    True
    >>> tabled("MWh").multiplier  # 3.6e9 J, in g·m²/s²
    3600000000000.0
    """
    return _table()[0].get(text)


def root_multiplier(name: str) -> float | None:
    """Pint's multiplier to root units of one canonical unit name of a container (``"kiloEUR"`` → 1000.0)."""
    return _table()[2].get(name)


def named_dimension(name: str) -> Powers | None:
    """The base dimensions of a named dimension such as ``"[energy]"`` when it is in the table, else ``None``."""
    return _table()[1].get(name)


def table_bytes(registry: pint.UnitRegistry[Any], texts: Iterable[str], dimensions: Iterable[str]) -> bytes:
    """The table file for the unit strings ``texts`` and the named ``dimensions``, as pint's ``registry`` resolves them.

    Offset units (``degC``) are left out: their conversions are not a multiplier.
    """
    units: dict[str, list[Any]] = {}
    names: set[str] = set()
    for text in sorted(set(texts)):
        unit = registry.Unit(text)
        root: tuple[Any, Any] = registry.get_root_units(unit)
        multiplier = root[0]  # None for an offset unit
        if multiplier is not None:
            units[text] = [dict(sorted(unit.dimensionality.items())), float(multiplier),
                           dict(sorted(unit._units.items())),  # pint's unit container: name -> power
                           format(unit, "~C"), format(unit, "~P")]
            names.update(unit._units)
    named = {name: dict(sorted(registry.get_dimensionality(name).items())) for name in sorted(dimensions)}
    roots: dict[str, Any] = {name: registry.get_root_units(name)[0] for name in sorted(names)}
    roots = {name: float(root) for name, root in roots.items()}  # every name of a multiplicative unit
    head = json.dumps({"format": _FORMAT, "units_txt_sha256": _units_txt_digest(), "dimensions": named,
                       "roots": roots})
    lines = ",\n".join(f"{json.dumps(text)}: {json.dumps(record)}" for text, record in units.items())
    return f'{head[:-1]},\n"units": {{\n{lines}\n}}}}\n'.encode()  # one unit a line: readable diffs
