"""Helpers shared by the tests: known answers of the domains, values compared with their types."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from coopcarbon.activities import ActivityLine
from coopcarbon.engine import compute_lines
from coopcarbon.factors.library import FactorLibrary
from coopcarbon.units import Q


def kg(lines: list[ActivityLine], library: FactorLibrary) -> float:
    """Total of ``lines`` in kgCO2e, through the engine."""
    return sum(e.kg for e in compute_lines(lines, library))


def factor(library: FactorLibrary, factor_id: str, value: float, unit: str) -> None:
    """The table still holds the value the hand computation of a test uses."""
    f = library[factor_id]
    assert f.value.magnitude == pytest.approx(value, rel=1e-12), factor_id
    assert f.value.units == Q(1, unit).units, factor_id


def typed(value: Any) -> Any:
    """``value`` with every scalar's type beside it: 1, 1.0 and True, 0.0 and -0.0 are told apart."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, (tuple, list)):
        return [type(value).__name__, *map(typed, value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, typed(dict(value.__dict__))]
    return (type(value).__name__, repr(value))
