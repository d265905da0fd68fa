"""The bundled library validated in advance and shipped inside the package as data.

``coopcarbon/factors/bundled-library.json`` holds the library of the bundled tables in the
plain-data form of the disk cache (:func:`coopcarbon.factors.rows.entry_of`). A new
installation, or an empty cache folder, loads the bundled tables from it without pydantic,
PyYAML or pint's unit registry: ``import coopcarbon; coopcarbon.load_factors()`` then starts
about as fast as ``import pint``. ``tools/build_tables.py`` (``make tables``) writes it.

It is used only when it matches, and is otherwise ignored (the tables are then validated and
the library kept in the user's cache, as without it):

- its header carries a key, the SHA-256 of the layout of the records (coopcarbon's version and
  the factor fields), of ``units.txt`` and of the name and bytes of every bundled table: a table
  or ``units.txt`` changed since the file was built gives another key;
- its header carries the SHA-256 of its body: an altered body is refused;
- its records are checked against every field's types, as the cache's are
  (:func:`~coopcarbon.factors.rows.library_of`).

The tables' paths inside are their file names, laid in the installed tables' folder when read:
the file holds no path of the machine that built it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import cache
from .library import FactorLibrary
from .rows import entry_of, library_of, map_column

__all__ = ["SHIPPED", "read_shipped", "shipped_bytes"]

#: The shipped library, beside this module (package data).
SHIPPED = Path(__file__).with_name("bundled-library.json")


def _name(path: Any) -> str:
    return Path(path).name


def _in(folder: Path) -> Callable[[Any], str]:
    def located(name: Any) -> str:
        if type(name) is not str or Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"{name!r} is not a table's file name")
        return str(folder / name)
    return located


def _relocate(entry: dict[str, Any], function: Callable[[Any], str]) -> None:
    """Apply ``function`` to every table path of an :func:`entry_of` form (factors, parameters, tables)."""
    map_column(entry, "file", function)
    file = entry["parameter_fields"].index("file")
    entry["parameters"] = [[*p[:file], function(p[file]), *p[file + 1:]] for p in entry["parameters"]]
    entry["tables"] = [[name, version, function(path)] for name, version, path in entry["tables"]]


def shipped_bytes(library: FactorLibrary, key: str) -> bytes:
    """The bytes of the shipped file of ``library`` (the bundled tables' library) under ``key``."""
    entry = entry_of(library)  # fresh lists: changed in place
    _relocate(entry, _name)
    return cache.encode(key, entry)


def read_shipped(key: str, folder: Path, path: Path | None = None) -> FactorLibrary | None:
    """The library of the shipped file (``path``, default :data:`SHIPPED`) built under ``key``.

    Its tables are laid in ``folder``. ``None`` when the file is absent, stale (another key),
    altered, or not of the expected layout.
    """
    entry = cache.read_file(path or SHIPPED, key)
    if entry is None:
        return None
    try:
        _relocate(entry, _in(folder))
        return library_of(entry)
    except (TypeError, ValueError, KeyError, AttributeError):  # well-formed JSON of the wrong shape
        return None
