"""Emission factors: table schema, validation, loading and the :class:`FactorLibrary`."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .checked import CheckedTable
    from .library import Factor, FactorLibrary, Parameter
    from .loading import bundled_tables_dir, check_table, load_factors

__all__ = ["CheckedTable", "Factor", "FactorLibrary", "Parameter", "bundled_tables_dir", "check_table",
           "load_factors"]

_WHERE = {"CheckedTable": ".checked", "check_table": ".loading", "bundled_tables_dir": ".loading",
          "load_factors": ".loading"}


def __getattr__(name: str) -> Any:  # lazy: validation (pydantic) is imported only when needed
    if name not in __all__:
        raise AttributeError(f"module 'coopcarbon.factors' has no attribute {name!r}")
    return getattr(import_module(_WHERE.get(name, ".library"), __name__), name)
