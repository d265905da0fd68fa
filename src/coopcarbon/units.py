"""The one unit registry of coopcarbon, and the helpers that check quantities at the API.

The registry is pint's default registry plus ``units.txt`` (shipped beside this module):
emissions (``gCO2e``, ``kgCO2e``, ``tCO2e``) are their own dimension, ``passenger_km`` and
``vehicle_km`` differ, money (``EUR``, ``kEUR``) and counting units (``device``, ``meal``,
``night``, ``person``) are dimensions of their own. The registry is built on first use (pint's
pickle-based definition cache is not used); unit strings are parsed once and memoised.

Pint itself is imported when the registry is first built: :func:`unit_dimensions`,
:func:`same_unit`, :func:`compact_unit`, :func:`pretty_unit` and :func:`tabled_ratio` answer for
common unit strings from pint's answers precomputed in :mod:`coopcarbon.unitstable`, so that
checking a factor table's units, and computing and reporting a bilan of common units, need
neither pint nor its registry (together about 0.35 s); any other string is asked to pint.

Examples
--------
>>> from coopcarbon.units import Q
>>> Q("12 km").to("m")
<Quantity(12000.0, 'meter')>
>>> Q(3, "kgCO2e").to("tCO2e").magnitude
0.003
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Mapping
from functools import cache, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, TypeGuard

from .problems import InputError, Problem
from .unitstable import named_dimension, root_multiplier, tabled

if TYPE_CHECKING:
    import pint

__all__ = [
    "EMISSIONS",
    "MAX_UNIT_EXPONENT",
    "MAX_UNIT_TEXT",
    "Q",
    "Quantity",
    "as_quantity",
    "compact_unit",
    "describe_dimension",
    "dimension_of",
    "dimension_powers",
    "is_quantity",
    "parse_unit",
    "pretty_unit",
    "pretty_units_of",
    "quantity_parts",
    "registry",
    "same_unit",
    "tabled_ratio",
    "unit_dimensions",
    "ureg",
]

#: Dimensionality of an emission, e.g. of ``kgCO2e``.
EMISSIONS = "[emissions]"


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The one unit registry, built on first use from pint's definitions and ``units.txt``.

    Built lazily (about 0.2 s, and pint imported for it, 0.15 s) so that ``import coopcarbon``
    and loading factor tables need no registry. Pint's own definition cache
    (``cache_folder=":auto:"``) is not used: it stores pickles, and loading a pickle can run code
    (see docs/explanations/security.md).
    """
    import pint  # lazy start-up: checking tables with common units needs no pint

    built: pint.UnitRegistry[Any] = pint.UnitRegistry(on_redefinition="raise")
    built.load_definitions(str(files("coopcarbon").joinpath("units.txt")))
    built.formatter.default_format = "~P"
    pint.set_application_registry(built)  # type: ignore[no-untyped-call]
    return built


if TYPE_CHECKING:
    #: The one unit registry. Every quantity the library returns belongs to it.
    ureg: pint.UnitRegistry[Any]
    #: Quantity class of :data:`ureg`.
    Quantity: Any


def __getattr__(name: str) -> Any:  # `ureg` and `Quantity` are built on first use
    if name == "ureg":
        return registry()
    if name == "Quantity":
        return registry().Quantity
    raise AttributeError(f"module 'coopcarbon.units' has no attribute {name!r}")


#: Largest power a unit may carry (``m**3`` is common; ``km**1000`` is a typo or an attack).
MAX_UNIT_EXPONENT = 12


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit string once (memoised), e.g. ``"kgCO2e/passenger_km"``.

    Raises :class:`~coopcarbon.errors.InputError` with the nearest known unit names when
    the string is not a unit.
    """
    _check_unit_text(text)
    try:
        unit = registry().Unit(text)
    except Exception as exc:  # pint's parser raises many kinds on odd text (TokenError, ValueError...)
        raise InputError(
            [Problem("<unit>", None, None, "unit", f"{text!r} is not a unit ({exc})",
                     "a unit such as 'km', 'kWh' or 'kgCO2e/passenger_km'",
                     _unit_suggestion(text))]
        ) from None
    powers: Any = unit._units.values()  # pint's unit container: name -> power
    if any(abs(power) > MAX_UNIT_EXPONENT for power in powers):
        raise InputError(
            [Problem("<unit>", None, None, "unit", f"{text!r} has a power larger than {MAX_UNIT_EXPONENT}",
                     f"a unit with powers between -{MAX_UNIT_EXPONENT} and {MAX_UNIT_EXPONENT}, such as 'm**3'",
                     "check the exponent")]
        )
    return unit


def _check_unit_text(text: str) -> None:
    """Refuse unit strings that would make pint's parser compute huge powers (``m**9**9**9``)."""
    powers = _POWER.findall(text)
    if len(text) > MAX_UNIT_TEXT or len(powers) > 4 or len(powers) != len(_SIMPLE_POWER.findall(text)):
        raise InputError(
            [Problem("<unit>", None, None, "unit",
                     f"{text[:60]!r} is not a unit this library reads: its powers must be plain "
                     f"numbers from -{MAX_UNIT_EXPONENT} to {MAX_UNIT_EXPONENT}",
                     f"at most {MAX_UNIT_TEXT} characters and at most 4 powers, each a plain number "
                     "such as 'm**3' or 'km^-1'", "check the exponents")]
        )


#: Longest unit string read [characters].
MAX_UNIT_TEXT = 100
_POWER = re.compile(r"\*\*|\^")
_SIMPLE_POWER = re.compile(r"(?:\*\*|\^)\s*\(?\s*[+-]?\s*\d{1,2}(?:\.\d+)?\s*\)?(?!\s*(?:\*\*|\^|\d))")


@lru_cache(maxsize=1024)
def pretty_unit(text: str) -> str:
    """A unit string as reports write it (pint's short pretty form), e.g. ``"kgSbeq"``, ``"m³"``."""
    known = tabled(text)
    return known.pretty if known is not None else f"{parse_unit(text):~P}"


@lru_cache(maxsize=4096)
def compact_unit(text: str) -> str:
    """A unit string as activity lines keep it (pint's compact form): ``"kilowatt_hour"`` → ``"kWh"``.

    From pint's precomputed answers (:mod:`coopcarbon.unitstable`) for common strings, else from pint.
    """
    known = tabled(text)
    return known.compact if known is not None else format(parse_unit(text), "~C")


def tabled_ratio(*texts: str, powers: tuple[int, ...]) -> float | None:
    """The pure number the units ``texts`` raised to ``powers`` multiply to, without pint.

    ``tabled_ratio("MWh", "kgCO2e/kWh", "kgCO2e", powers=(1, 1, -1))`` is ``1000.0``: the
    factor that converts an activity in MWh with a factor per kWh into kgCO2e. Pint's unit
    containers are added first, so an activity in the factor's own unit converts by exactly 1; the
    names left are multiplied by their multipliers to root units (:mod:`coopcarbon.unitstable`),
    which agrees with pint's own conversion to a few parts in 10¹⁶. ``None`` when a string is not
    in the table or the product is not dimensionless (ask pint, which says why).
    """
    names: dict[str, float] = {}
    dimensions: dict[str, float] = {}
    for text, power in zip(texts, powers, strict=True):
        known = tabled(text)
        if known is None:
            return None
        for name, exponent in known.units.items():
            names[name] = names.get(name, 0) + exponent * power
        for dimension, exponent in known.dimensions.items():
            dimensions[dimension] = dimensions.get(dimension, 0) + exponent * power
    if any(dimensions.values()):
        return None
    ratio = 1.0
    for name, exponent in sorted(names.items()):
        if exponent:
            root = root_multiplier(name)
            if root is None:
                return None
            ratio *= root**exponent
    return ratio


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
    ureg = registry()
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
        registry().Unit(fixed)
    except Exception:  # another token is wrong too: the general suggestions follow
        return ""
    names = ", ".join(f"{t!r} is {e!r}" for t, e in words.items())
    return f"did you mean {fixed!r}? (units are written in English: {names})"


def _split_unit_tokens(text: str) -> list[str]:
    # names of units: a letter or '_' first, then letters, digits, '_' ("kgCO2e", "m3")
    return re.findall(r"[^\W\d]\w*", text)


def is_quantity(value: Any) -> TypeGuard[pint.Quantity[Any]]:
    """Whether ``value`` is a pint quantity (of any registry); pint is not imported for it.

    A pint quantity exists only once pint has been imported, so a process without pint has none.
    """
    pint = sys.modules.get("pint")
    return pint is not None and isinstance(value, pint.Quantity)


def unit_dimensions(text: str) -> Mapping[str, float]:
    """Dimensionality of a unit string, base dimension to power, as pint gives it.

    From pint's answers precomputed for common unit strings (:mod:`coopcarbon.unitstable`),
    else from pint (building the registry).

    >>> dict(unit_dimensions("kgCO2e/passenger_km"))
    {'[emissions]': 1, '[length]': -1, '[passenger]': -1}

    Raises :class:`~coopcarbon.errors.InputError` as :func:`parse_unit` does when the string is not a unit.
    """
    known = tabled(text)
    return known.dimensions if known is not None else _powers(parse_unit(text).dimensionality)


def _powers(dimensionality: Any) -> dict[str, float]:
    """Pint's dimensionality (a unit container) as a plain mapping."""
    return dict(dimensionality)


def dimension_powers(name: str) -> Mapping[str, float]:
    """The base dimensions of a named dimension: ``"[energy]"`` → ``{"[length]": 2, "[mass]": 1, "[time]": -2}``."""
    known = named_dimension(name)
    return known if known is not None else _powers(registry().get_dimensionality(name))


def same_unit(first: str, second: str) -> bool:
    """Whether two unit strings are the same unit for pint (``"kgCO2e/kWh"`` and ``"kilogram_CO2e/kilowatt_hour"``).

    From pint's precomputed answers (:mod:`coopcarbon.unitstable`) when both strings are there,
    else from pint.
    """
    known_first, known_second = tabled(first), tabled(second)
    if known_first is not None and known_second is not None:
        return known_first.units == known_second.units
    return bool(parse_unit(first) == parse_unit(second))


def Q(value: Any, unit: str | pint.Unit | None = None) -> pint.Quantity[Any]:
    """Make a quantity of the coopcarbon registry.

    ``Q("12 km")`` parses a string; ``Q(12, "km")`` pairs a number (or numpy array) with a
    unit, parsing the unit once (memoised); ``Q(quantity)`` converts a quantity of another
    registry.
    """
    if unit is not None:
        parsed = parse_unit(unit) if isinstance(unit, str) else unit
        return registry().Quantity(value, parsed)
    if is_quantity(value):
        if value._REGISTRY is registry():
            return value
        return registry().Quantity(value.magnitude, parse_unit(str(value.units)))
    if isinstance(value, str):
        return _parse_quantity(value)
    raise InputError(
        [Problem("<argument>", None, None, "quantity",
                 f"{value!r} has no unit", "a string such as '12 km' or a pint Quantity")]
    )


@lru_cache(maxsize=4096)
def _parse_quantity(text: str) -> pint.Quantity[Any]:
    number, unit_text = quantity_parts(text)
    unit = parse_unit(unit_text) if unit_text else registry().dimensionless
    try:
        return registry().Quantity(number, unit)
    except (OverflowError, ArithmeticError) as exc:
        raise InputError([Problem("<argument>", None, None, "quantity", f"{text!r} cannot be a quantity ({exc})",
                                  "a string such as '12 km'")]) from None


_QUANTITY_TEXT = re.compile(r"([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf))\s*(.*)",
                            flags=re.IGNORECASE)


def quantity_parts(text: str) -> tuple[float, str]:
    """``"12,5 km"`` → ``(12.5, "km")``: the number and the unit text, nothing parsed by pint.

    Raises :class:`~coopcarbon.errors.InputError` when the text is not a number followed by a unit.
    """
    match = _QUANTITY_TEXT.fullmatch(text.strip())
    if match is None:
        raise InputError(
            [Problem("<argument>", None, None, "quantity",
                     f"{text!r} is not a number followed by a unit", "a string such as '12 km'")]
        )
    return float(match.group(1).replace(",", ".")), match.group(2).strip()


_NAMED_DIMENSIONS = ("[energy]", "[power]", "[area]", "[volume]", "[mass]", "[length]", "[time]",
                     "[currency]", "[emissions]")


@lru_cache(maxsize=256)
def _dimension_names() -> dict[Any, str]:
    return {registry().get_dimensionality(name): name for name in _NAMED_DIMENSIONS}


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
        return registry().get_dimensionality(text)
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
    if isinstance(value, bool) or not (isinstance(value, str) or is_quantity(value)):
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
        from .errors import UnitMismatchError  # lazy start-up: coopcarbon.errors imports pint

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
    import numpy as np  # lazy start-up: pint, which made the quantity, has imported numpy already

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

