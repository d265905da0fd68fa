"""Helpers for users testing their own factor tables and bilans with pytest.

>>> from coopcarbon.testing import assert_quantity_close
>>> assert_quantity_close("1 tCO2e", "1000 kgCO2e")
>>> assert_quantity_close("920 passenger_km", "571.66 passenger_mile", rtol=1e-4)
"""

from __future__ import annotations

import math
from typing import Any

import pint

from .units import Q

__all__ = ["assert_quantity_close"]


def assert_quantity_close(actual: Any, expected: Any, *, rtol: float = 1e-9, atol: float = 0.0) -> None:
    """Assert two quantities (or strings such as ``"12 km"``) are equal within tolerances.

    ``actual`` is converted to the unit of ``expected`` first, so ``1 tCO2e`` and
    ``1000 kgCO2e`` are close; different dimensions (kgCO2e and kg) raise an
    ``AssertionError`` naming both units. ``atol`` is in the unit of ``expected``.
    """
    a = Q(actual)
    e = Q(expected)
    try:
        converted = float(a.to(e.units).magnitude)
    except pint.DimensionalityError:
        raise AssertionError(f"{a:~P} and {e:~P} have different dimensions "
                             f"({a.dimensionality} vs {e.dimensionality})") from None
    wanted = float(e.magnitude)
    if not math.isclose(converted, wanted, rel_tol=rtol, abs_tol=atol):
        raise AssertionError(f"{a:~P} = {converted:.10g} {e.units:~P}, expected {e:~P} "
                             f"(rtol={rtol:g}, atol={atol:g})")
