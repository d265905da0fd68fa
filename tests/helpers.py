"""Helpers shared by the known-answer tests of the domains."""

from __future__ import annotations

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
