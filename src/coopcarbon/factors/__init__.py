"""Emission factors: table schema, validation and the :class:`FactorLibrary`."""

from .library import Factor, FactorLibrary, bundled_tables_dir, load_factors
from .validate import CheckedTable, check_table

__all__ = ["CheckedTable", "Factor", "FactorLibrary", "bundled_tables_dir", "check_table", "load_factors"]
