"""Quantities that print rounded, and intervals as quantities: how results show in a notebook.

A result keeps full precision; only what is *shown* is rounded. :class:`ShownQuantity` is a
pint quantity of the coopcarbon registry (every operation and conversion works as usual) whose
``str()``, ``repr()`` and notebook display keep four significant digits, without exponent
below 10¹⁵ (``21.42 tCO2e`` rather than ``21.4224701264 tCO2e``). An explicit format spec
(``f"{q:.6f~P}"``) still formats as pint does.

Examples
--------
>>> q = shown(21.4224701264, "tCO2e")
>>> str(q), q.magnitude
('21.42 tCO2e', 21.4224701264)
>>> str(q.to("kgCO2e"))
'21422 kgCO2e'
>>> str(QuantityInterval.of_kg(21422.47, 18900.0, 24000.0, "analytic"))
'21.42 tCO2e (95 % interval 18.9 – 24 tCO2e, ±12 %)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from html import escape
from typing import TYPE_CHECKING, Any

from .units import parse_unit, registry

__all__ = ["QuantityInterval", "ShownQuantity", "shown", "significant"]

if TYPE_CHECKING:
    import pint

    #: A quantity of :data:`coopcarbon.units.ureg` shown with four significant digits.
    ShownQuantity: Any

#: Significant digits shown by default.
DIGITS = 4


def significant(value: float, digits: int = DIGITS) -> str:
    """``value`` with ``digits`` significant digits, no exponent, no trailing zeros.

    >>> significant(0.00293149), significant(12345.678), significant(-2.5), significant(0.0)
    ('0.002931', '12346', '-2.5', '0')
    """
    if value == 0 or not math.isfinite(value) or abs(value) >= 1e15:
        return f"{value:g}"
    decimals = max(digits - 1 - math.floor(math.log10(abs(value))), 0)
    text = f"{round(value, decimals):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@cache
def _shown_class() -> Any:
    """:class:`ShownQuantity`, made on first use.

    It subclasses the registry's ``Quantity``: building the registry (about 0.3 s) waits until a
    quantity is really asked for.
    """

    class ShownQuantity(registry().Quantity):  # type: ignore[misc]
        """A quantity of :data:`coopcarbon.units.ureg` shown with four significant digits."""

        def __str__(self) -> str:
            return f"{significant(float(self.magnitude))} {self.units:~P}"

        def __format__(self, spec: str) -> str:
            return str(self) if not spec else str(super().__format__(spec))

        def __repr__(self) -> str:
            return f"<Quantity({significant(float(self.magnitude), 6)}, '{self.units}')>"

        def _repr_html_(self) -> str:
            return escape(str(self))

        def _repr_markdown_(self) -> str:
            return str(self)

        def _repr_latex_(self) -> None:
            return None  # the HTML form is shown

        def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
            printer.text(str(self))

    return ShownQuantity


def __getattr__(name: str) -> Any:  # ShownQuantity is made when first asked for
    if name == "ShownQuantity":
        return _shown_class()
    raise AttributeError(f"module 'coopcarbon.display' has no attribute {name!r}")


def shown(magnitude: float, unit: str) -> pint.Quantity[Any]:
    """A :class:`ShownQuantity` of ``magnitude`` in ``unit``."""
    quantity: pint.Quantity[Any] = _shown_class()(magnitude, parse_unit(unit))
    return quantity


@dataclass(frozen=True)
class QuantityInterval:
    """A 95 % interval as quantities [tCO2e]: ``central``, ``low``, ``high``.

    ``relative`` is the half-width relative to the central value (0.12 = ±12 %); ``method``
    is ``"analytic"`` or ``"monte_carlo"``.
    """

    central: pint.Quantity[Any]
    low: pint.Quantity[Any]
    high: pint.Quantity[Any]
    relative: float
    method: str

    @classmethod
    def of_kg(cls, central: float, low: float, high: float, method: str) -> QuantityInterval:
        """The interval of figures in kgCO2e, as quantities in tCO2e."""
        relative = (high - low) / 2 / central if central else 0.0
        return cls(shown(central / 1000, "tCO2e"), shown(low / 1000, "tCO2e"), shown(high / 1000, "tCO2e"),
                   relative, method)

    def __str__(self) -> str:
        low, high = (significant(float(q.to("tCO2e").magnitude), 3) for q in (self.low, self.high))
        return (f"{self.central} (95 % interval {low} – {high} tCO2e, "
                f"±{significant(self.relative * 100, 2)} %)")

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))
