"""coopcarbon: the carbon footprint of small service companies, with sourced factors and units.

>>> import coopcarbon as cc
>>> lib = cc.load_factors()
>>> lib["mobility.train.tgv"].value.units
<Unit('kilogram_CO2e / passenger_km')>

Nothing is loaded at import: the unit registry, the factor tables and the optional plotting
library are read the first time they are used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .activities import ActivityLine, DataQuality, EmissionLine
    from .bilan import Bilan
    from .domains import buildings, energy, hardware, mobility, purchases
    from .errors import (
        CoopCarbonError,
        CoopCarbonWarning,
        InputError,
        MissingDependencyError,
        OverrideError,
        TableError,
        UnitMismatchError,
        UnknownFactorError,
    )
    from .factors.library import Factor, FactorLibrary
    from .factors.loading import load_factors
    from .result import BilanResult, read_result
    from .units import Q, as_quantity, ureg

_LAZY: dict[str, str] = {
    "ureg": "coopcarbon.units",
    "Q": "coopcarbon.units",
    "as_quantity": "coopcarbon.units",
    "load_factors": "coopcarbon.factors.loading",
    "Factor": "coopcarbon.factors.library",
    "FactorLibrary": "coopcarbon.factors.library",
    "ActivityLine": "coopcarbon.activities",
    "EmissionLine": "coopcarbon.activities",
    "DataQuality": "coopcarbon.activities",
    "Bilan": "coopcarbon.bilan",
    "BilanResult": "coopcarbon.result",
    "read_result": "coopcarbon.result",
    "CoopCarbonError": "coopcarbon.errors",
    "CoopCarbonWarning": "coopcarbon.errors",
    "InputError": "coopcarbon.errors",
    "MissingDependencyError": "coopcarbon.errors",
    "OverrideError": "coopcarbon.errors",
    "TableError": "coopcarbon.errors",
    "UnitMismatchError": "coopcarbon.errors",
    "UnknownFactorError": "coopcarbon.errors",
}
_DOMAINS = {
    "mobility": "coopcarbon.domains.mobility",
    "buildings": "coopcarbon.domains.buildings",
    "energy": "coopcarbon.domains.energy",
    "hardware": "coopcarbon.domains.hardware",
    "purchases": "coopcarbon.domains.purchases",
}

__all__ = [
    "ActivityLine",
    "Bilan",
    "BilanResult",
    "CoopCarbonError",
    "CoopCarbonWarning",
    "DataQuality",
    "EmissionLine",
    "Factor",
    "FactorLibrary",
    "InputError",
    "MissingDependencyError",
    "OverrideError",
    "Q",
    "TableError",
    "UnitMismatchError",
    "UnknownFactorError",
    "__version__",
    "as_quantity",
    "buildings",
    "energy",
    "hardware",
    "load_factors",
    "mobility",
    "purchases",
    "read_result",
    "ureg",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    elif name in _DOMAINS:
        value = import_module(_DOMAINS[name])
    else:
        raise AttributeError(f"module 'coopcarbon' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
