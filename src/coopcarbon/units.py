"""The one unit registry of coopcarbon, and the helpers that check quantities at the API.

The registry is pint's default registry plus ``units.txt`` (shipped beside this module):
emissions (``gCO2e``, ``kgCO2e``, ``tCO2e``) are their own dimension, ``passenger_km`` and
``vehicle_km`` differ, money (``EUR``, ``kEUR``) and counting units (``device``, ``meal``,
``night``, ``person``) are dimensions of their own. Pint's definition cache (``:auto:``) keeps
start-up short; unit strings are parsed once and memoised.

Examples
--------
>>> from coopcarbon.units import Q
>>> Q("12 km").to("m")
<Quantity(12000.0, 'meter')>
>>> Q(3, "kgCO2e").to("tCO2e").magnitude
0.003
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib.resources import files
from typing import Any

import pint

from .errors import InputError, Problem, UnitMismatchError

__all__ = [
    "EMISSIONS",
    "Q",
    "Quantity",
    "as_quantity",
    "describe_dimension",
    "dimension_of",
    "parse_unit",
    "pretty_unit",
    "pretty_units_of",
    "ureg",
]

#: Dimensionality of an emission, e.g. of ``kgCO2e``.
EMISSIONS = "[emissions]"


def _build_registry() -> pint.UnitRegistry[Any]:
    cache: str | None = ":auto:"
    registry: pint.UnitRegistry[Any]
    if os.environ.get("COOPCARBON_NO_UNIT_CACHE"):
        cache = None
    try:
        registry = pint.UnitRegistry(cache_folder=cache, on_redefinition="raise")
    except OSError:  # read-only home: build without the cache
        registry = pint.UnitRegistry(on_redefinition="raise")
    definitions = files("coopcarbon").joinpath("units.txt")
    registry.load_definitions(str(definitions))
    registry.formatter.default_format = "~P"
    pint.set_application_registry(registry)  # type: ignore[no-untyped-call]
    return registry


#: The one unit registry. Every quantity the library returns belongs to it.
ureg: pint.UnitRegistry[Any] = _build_registry()

#: Quantity class of :data:`ureg`.
Quantity = ureg.Quantity


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string once (memoised), e.g. ``"kgCO2e/passenger_km"``.

    Raises :class:`~coopcarbon.errors.InputError` with the nearest known unit names when
    the string is not a unit.
    """
    try:
        return ureg.Unit(text)
    except Exception as exc:  # pint's parser raises many kinds on odd text (TokenError, ValueError...)
        raise InputError(
            [Problem("<unit>", None, None, "unit", f"{text!r} is not a unit ({exc})",
                     "a unit such as 'km', 'kWh' or 'kgCO2e/passenger_km'",
                     _unit_suggestion(text))]
        ) from None


@lru_cache(maxsize=1024)
def pretty_unit(text: str) -> str:
    """A unit string as reports write it (pint's short pretty form), e.g. ``"kgSbeq"``, ``"m³"``."""
    return f"{parse_unit(text):~P}"


_PRETTY_UNITS: dict[Any, str] = {}


def pretty_units_of(quantity: pint.Quantity[Any]) -> str:
    """The unit of ``quantity`` as reports write it (``f"{q.units:~P}"``), formatted once per unit."""
    key = quantity._units  # pint's hashable unit container
    text = _PRETTY_UNITS.get(key)
    if text is None:
        if len(_PRETTY_UNITS) > 4096:
            _PRETTY_UNITS.clear()
        text = _PRETTY_UNITS[key] = f"{quantity.units:~P}"
    return text


#: Units most used in factor tables and bilans, offered first when a unit name is misspelt.
_COMMON_UNITS = ("gCO2e", "kgCO2e", "tCO2e", "kWh", "MWh", "GWh", "Wh", "km", "m", "passenger_km",
                 "vehicle_km", "tonne_km", "kg", "g", "tonne", "L", "m2", "m3", "EUR", "kEUR",
                 "device", "meal", "night", "person", "year", "day", "hour", "euro")

#: French words for counting and time units, mapped to the registry's names.
_FRENCH_UNITS = {"repas": "meal", "nuit": "night", "nuitée": "night", "nuitee": "night",
                 "appareil": "device", "équipement": "device", "equipement": "device",
                 "personne": "person", "salarié": "person", "salarie": "person", "an": "year",
                 "année": "year", "annee": "year", "jour": "day", "heure": "hour", "litre": "L",
                 "tonne_kilomètre": "tonne_km", "voyageur_km": "passenger_km", "passager_km": "passenger_km"}


def _unit_suggestion(text: str) -> str:
    import difflib

    names = list(ureg._units.keys())  # pint exposes no public list
    tokens = [t for t in _split_unit_tokens(text) if t]
    french = _french_rewrite(text, tokens)
    if french:
        return french
    close: list[str] = []
    for token in tokens:
        try:
            known = token in ureg
        except Exception:  # an odd token such as "_" makes pint's lookup raise
            known = False
        if not known:
            close += difflib.get_close_matches(token, _COMMON_UNITS, n=3, cutoff=0.6)
            close += [_FRENCH_UNITS[w] for w in difflib.get_close_matches(token.casefold(), list(_FRENCH_UNITS),
                                                                          n=1, cutoff=0.75)]
            close += difflib.get_close_matches(token, names, n=3, cutoff=0.6)
    return ("did you mean " + ", ".join(repr(c) for c in dict.fromkeys(close)) + "?") if close else ""


def _french_rewrite(text: str, tokens: list[str]) -> str:
    """``"did you mean 'kgCO2e/meal'?"`` when French unit words (``repas``) are the only problem."""
    words = {t: _FRENCH_UNITS[t.casefold()] for t in tokens if t.casefold() in _FRENCH_UNITS}
    if not words:
        return ""
    fixed = re.sub(r"[^\W\d]\w*", lambda m: words.get(m.group(0), m.group(0)), text)
    try:
        ureg.Unit(fixed)
    except Exception:  # another token is wrong too: the general suggestions follow
        return ""
    names = ", ".join(f"{t!r} is {e!r}" for t, e in words.items())
    return f"did you mean {fixed!r}? (units are written in English: {names})"


def _split_unit_tokens(text: str) -> list[str]:
    import re

    # names of units: a letter or '_' first, then letters, digits, '_' ("kgCO2e", "m3")
    return re.findall(r"[^\W\d]\w*", text)


def Q(value: Any, unit: str | pint.Unit | None = None) -> pint.Quantity[Any]:
    """Make a quantity of the coopcarbon registry.

    ``Q("12 km")`` parses a string; ``Q(12, "km")`` pairs a number (or numpy array) with a
    unit, parsing the unit once (memoised); ``Q(quantity)`` converts a quantity of another
    registry.
    """
    if unit is not None:
        parsed = parse_unit(unit) if isinstance(unit, str) else unit
        return Quantity(value, parsed)
    if isinstance(value, pint.Quantity):
        if value._REGISTRY is ureg:
            return value
        return Quantity(value.magnitude, parse_unit(str(value.units)))
    if isinstance(value, str):
        return _parse_quantity(value)
    raise InputError(
        [Problem("<argument>", None, None, "quantity",
                 f"{value!r} has no unit", "a string such as '12 km' or a pint Quantity")]
    )


@lru_cache(maxsize=4096)
def _parse_quantity(text: str) -> pint.Quantity[Any]:
    import re

    cleaned = text.strip()
    match = re.fullmatch(r"([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf))\s*(.*)",
                         cleaned, flags=re.IGNORECASE)
    if match is None:
        raise InputError(
            [Problem("<argument>", None, None, "quantity",
                     f"{text!r} is not a number followed by a unit", "a string such as '12 km'")]
        )
    number = float(match.group(1).replace(",", "."))
    unit_text = match.group(2).strip()
    unit = parse_unit(unit_text) if unit_text else ureg.dimensionless
    return Quantity(number, unit)


_NAMED_DIMENSIONS = ("[energy]", "[power]", "[area]", "[volume]", "[mass]", "[length]", "[time]",
                     "[currency]", "[emissions]")


@lru_cache(maxsize=256)
def _dimension_names() -> dict[Any, str]:
    return {ureg.get_dimensionality(name): name for name in _NAMED_DIMENSIONS}


def describe_dimension(dimensionality: Any) -> str:
    """A readable name for a dimensionality: ``[energy]`` rather than ``[mass] * [length] ** 2 / [time] ** 2``."""
    return _dimension_names().get(dimensionality, str(dimensionality))


def dimension_of(unit: str | pint.Unit) -> str:
    """Dimensionality of a unit as a string, e.g. ``"[length]"``."""
    parsed = parse_unit(unit) if isinstance(unit, str) else unit
    return str(parsed.dimensionality)


@lru_cache(maxsize=1024)
def _dimensionality(text: str) -> Any:
    if text.startswith("["):
        return ureg.get_dimensionality(text)
    return parse_unit(text).dimensionality


def as_quantity(
    value: Any,
    dimension: str,
    parameter: str,
    *,
    example: str = "",
    allow_negative: bool = False,
    allow_zero: bool = True,
) -> pint.Quantity[Any]:
    """Check that ``value`` is a quantity of ``dimension`` and return it.

    Parameters
    ----------
    value
        A pint quantity or a string such as ``"12 km"``.
    dimension
        The expected dimensionality (``"[length]"``) or a unit of it (``"km"``).
    parameter
        Name of the parameter, for the error message.
    example
        A valid value, for the error message.
    allow_negative, allow_zero
        Whether negative and zero magnitudes are accepted. NaN and infinities never are.

    Raises
    ------
    UnitMismatchError
        When the dimension differs; names the parameter, both units and an example.
    InputError
        When the value has no unit, or is NaN, infinite, negative or zero where refused.
    """
    if isinstance(value, bool) or (not isinstance(value, (str, pint.Quantity))):
        raise InputError(
            [Problem("<argument>", None, None, parameter,
                     f"{value!r} has no unit",
                     f"a quantity of {dimension}", f"for example {example!r}" if example else "")]
        )
    try:
        quantity = Q(value)
    except InputError as exc:
        problem = exc.problems[0]
        raise InputError(
            [Problem("<argument>", None, None, parameter, problem.message, problem.expected,
                     problem.suggestion or (f"for example {example!r}" if example else ""))]
        ) from None
    expected = _dimensionality(dimension)
    if quantity.dimensionless and expected != quantity.dimensionality:
        raise InputError(
            [Problem("<argument>", None, None, parameter, f"{value!r} has no unit",
                     f"a quantity of {dimension}", f"for example {example!r}" if example else "")]
        )
    if quantity.dimensionality != expected:
        raise UnitMismatchError(
            quantity.units,
            dimension if dimension.startswith("[") else parse_unit(dimension),
            describe_dimension(quantity.dimensionality),
            describe_dimension(expected),
            parameter=parameter,
            example=example,
        )
    _check_magnitude(quantity.magnitude, parameter, allow_negative, allow_zero)
    return quantity


def _check_magnitude(magnitude: Any, parameter: str, allow_negative: bool, allow_zero: bool) -> None:
    import numpy as np

    values = np.asarray(magnitude, dtype=float)
    reason = ""
    if not np.all(np.isfinite(values)):
        reason = "is not a finite number (NaN or infinite)"
    elif not allow_negative and np.any(values < 0):
        reason = "is negative"
    elif not allow_zero and np.any(values == 0):
        reason = "is zero"
    if reason:
        shown = magnitude if values.ndim == 0 else "an element"
        raise InputError(
            [Problem("<argument>", None, None, parameter, f"{shown} {reason}",
                     "a finite" + (" positive" if not allow_zero else " non-negative")
                     + " number" if not allow_negative else "a finite number")]
        )

