"""Activity and emission lines: the frozen records that flow from domains to reports.

An :class:`ActivityLine` is what a company did (``1200 passenger_km`` by TGV); the engine
turns it into an :class:`EmissionLine` (``3.5 kgCO2e``, ±uncertainty, with the factor's
provenance). Domain helpers build activity lines; only :mod:`coopcarbon.engine` multiplies.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from . import units  # its registry is built on first use (units.ureg): not when this module is imported
from .categories import BEGES_POSTS, GHG_CATEGORIES
from .errors import InputError, Problem
from .io.gcpause import collection_paused
from .uncertainty import pedigree_uncertainty
from .units import Q, compact_unit, is_quantity, parse_unit, pretty_unit, pretty_units_of, quantity_parts

if TYPE_CHECKING:
    import pint

    from .factors.library import Factor
    from .factors.schema import QualityScores

__all__ = [
    "ACTIVITY_UNCERTAINTY", "DOMAINS", "ActivityLine", "DataQuality", "EmissionLine", "Scope2Method",
    "line_like", "lines_from_columns", "quantity_text_parts",
]

#: Domains an activity line can belong to (used for the "by domain" totals).
DOMAINS = ("mobility", "buildings", "energy", "hardware", "purchases", "other")

Scope2Method = Literal["location", "market"]


#: Relative uncertainty (95 %) of an activity figure, by data quality (see :class:`DataQuality`).
ACTIVITY_UNCERTAINTY: dict[str, float] = {"measured": 0.05, "estimated": 0.30, "extrapolated": 0.50}


class DataQuality(StrEnum):
    """How an activity figure was obtained, and the relative uncertainty (95 %) it implies.

    The values are coopcarbon's convention, an estimate in the spirit of the Bilan Carbone
    method's data-quality grading (ADEME / Association Bilan Carbone): a metered or invoiced
    figure ±5 %, an estimate ±30 %, a figure extrapolated from a partial sample ±50 %.
    A line may give its own ``activity_uncertainty`` instead.
    """

    MEASURED = "measured"
    ESTIMATED = "estimated"
    EXTRAPOLATED = "extrapolated"

    @property
    def uncertainty(self) -> float:
        """Relative half-width of the 95 % interval of an activity figure of this quality."""
        return ACTIVITY_UNCERTAINTY[self]  # a member hashes and compares as its value


#: Each data quality by its value (and by itself): a dictionary look-up is faster than the enum's call.
_QUALITIES: dict[str, DataQuality] = {quality.value: quality for quality in DataQuality}

#: Text of each unit, by pint's hashable unit container (formatting a unit is slow: once each).
_UNIT_TEXTS: dict[Any, str] = {}


def _unit_text(quantity: pint.Quantity[Any]) -> str:
    key = quantity._units
    text = _UNIT_TEXTS.get(key)
    if text is None:
        if len(_UNIT_TEXTS) > 4096:
            _UNIT_TEXTS.clear()
        text = _UNIT_TEXTS[key] = format(quantity.units, "~C")
    return text


@lru_cache(maxsize=4096)
def _canonical_unit(text: str) -> str:
    """A unit text as :class:`ActivityLine` keeps it (``"kilowatt_hour"`` → ``"kWh"``), read once."""
    return compact_unit(text) if text else ""


@lru_cache(maxsize=65536)
def quantity_text_parts(text: str) -> tuple[float, str]:
    """``"12 km"`` → ``(12.0, "km")``: the magnitude and the unit as a line keeps it.

    Memoised: a text is parsed once however many lines repeat it, a unit once per unit.

    Raises
    ------
    InputError
        The text is not a number followed by a unit (the unit's nearest names suggested).
    """
    number, unit = quantity_parts(text)
    return number, _canonical_unit(unit)


@dataclass(frozen=True, slots=True, init=False)
class ActivityLine:
    """One activity: a quantity, the factor that converts it, and where it is reported.

    Parameters
    ----------
    quantity
        The activity [unit of the factor's denominator, e.g. passenger_km, kWh, device]: a
        pint quantity or a text such as ``"12 km"``. Instead, ``magnitude`` and ``unit`` may be
        given (keywords): the line is then made without building a pint quantity.
    factor_id
        Id of the emission factor in the library (``mobility.train.tgv``).
    label
        Human description shown in reports (``"Paris–Lyon trips"``).
    scope, ghg_category, beges_post
        Reporting categories; ``None`` takes the factor's defaults.
    domain
        One of :data:`DOMAINS`.
    data_quality
        Measured, estimated or extrapolated (sets the activity uncertainty).
    activity_uncertainty
        Relative half-width of the 95 % interval of the quantity, overriding ``data_quality``.
    basis
        Heating-value basis of an energy quantity, ``"PCS"`` (gas bills) or ``"PCI"``.
    scope2_method
        For electricity: ``"location"`` or ``"market"`` (both lines are produced).
    site, group, note
        Free text kept in reports (site name; grouping such as ``"commute"``; a comment).
    quality_scores
        Pedigree scores of the activity figure, setting its uncertainty.

    Notes
    -----
    A line keeps its quantity as ``magnitude`` and ``unit`` (pint's compact text, ``"kWh"``);
    :attr:`quantity` is the pint quantity, built on first access (or the one given). The engine
    reads the magnitudes and unit texts, so a million lines cost no pint object.
    """

    magnitude: Any
    unit: str
    factor_id: str
    label: str = ""
    scope: int | None = None
    ghg_category: int | None = None
    beges_post: str | None = None
    domain: str = "other"
    data_quality: DataQuality = DataQuality.MEASURED
    activity_uncertainty: float | None = None
    basis: Literal["PCS", "PCI"] | None = None
    scope2_method: Scope2Method | None = None
    site: str = ""
    group: str = ""
    note: str = ""
    quality_scores: QualityScores | None = field(default=None, compare=False)
    _quantity: pint.Quantity[Any] | None = field(default=None, init=False, compare=False, repr=False)

    def __init__(
        self,
        quantity: pint.Quantity[Any] | str | None = None,
        factor_id: str | None = None,
        label: str = "",
        scope: int | None = None,
        ghg_category: int | None = None,
        beges_post: str | None = None,
        domain: str = "other",
        data_quality: DataQuality | str = DataQuality.MEASURED,
        activity_uncertainty: float | None = None,
        basis: Literal["PCS", "PCI"] | None = None,
        scope2_method: Scope2Method | None = None,
        site: str = "",
        group: str = "",
        note: str = "",
        quality_scores: QualityScores | None = None,
        *,
        magnitude: Any = None,
        unit: str | None = None,
    ) -> None:
        if factor_id is None:
            raise TypeError("ActivityLine() missing required argument: 'factor_id'")
        magnitude, unit, parsed = _quantity_fields(quantity, magnitude, unit)
        put = object.__setattr__
        put(self, "magnitude", magnitude)
        put(self, "unit", unit)
        put(self, "_quantity", parsed)
        put(self, "factor_id", factor_id)
        put(self, "label", label)
        put(self, "scope", scope)
        put(self, "ghg_category", ghg_category)
        put(self, "beges_post", beges_post)
        put(self, "domain", domain)
        put(self, "data_quality", _QUALITIES.get(data_quality) or DataQuality(data_quality))
        put(self, "activity_uncertainty", activity_uncertainty)
        put(self, "basis", basis)
        put(self, "scope2_method", scope2_method)
        put(self, "site", site)
        put(self, "group", group)
        put(self, "note", note)
        put(self, "quality_scores", quality_scores)
        self._check()

    @property
    def quantity(self) -> pint.Quantity[Any]:
        """The activity as a pint quantity [``unit``]."""
        quantity = self._quantity
        if quantity is None:
            quantity = units.Quantity(self.magnitude, parse_unit(self.unit))
            object.__setattr__(self, "_quantity", quantity)
        return quantity

    def _check(self) -> None:
        magnitude = self.magnitude
        if isinstance(magnitude, (int, float)) and not math.isfinite(magnitude):
            raise InputError([Problem("<activity>", None, None, "quantity",
                                      f"{self.label or self.factor_id}: {magnitude} is not finite",
                                      "a finite number")])
        if self.domain not in DOMAINS:
            raise InputError([Problem("<activity>", None, None, "domain",
                                      f"unknown domain {self.domain!r}", ", ".join(DOMAINS))])
        if self.scope is not None or self.ghg_category is not None or self.beges_post is not None:
            self._check_categories()
        if self.activity_uncertainty is not None and not 0 <= self.activity_uncertainty <= 1:
            raise InputError([Problem("<activity>", None, None, "activity_uncertainty",
                                      f"{self.activity_uncertainty} is out of range",
                                      "a fraction between 0 and 1 (0.1 = ±10 %)")])

    def _check_categories(self) -> None:
        """Scope, GHG Protocol category and BEGES post must be those of the nomenclature."""
        problems = []
        if self.scope is not None and (isinstance(self.scope, bool) or self.scope not in (1, 2, 3)):
            problems.append(Problem("<activity>", None, None, "scope", f"unknown scope {self.scope!r}",
                                    "1, 2 or 3"))
        if self.ghg_category is not None and (isinstance(self.ghg_category, bool)
                                              or self.ghg_category not in GHG_CATEGORIES):
            problems.append(Problem("<activity>", None, None, "ghg_category",
                                    f"unknown GHG Protocol category {self.ghg_category!r}", "1 to 15"))
        if self.beges_post is not None and self.beges_post not in BEGES_POSTS:
            problems.append(Problem("<activity>", None, None, "beges_post",
                                    f"unknown BEGES post {self.beges_post!r}",
                                    "a BEGES v5 post: " + ", ".join(BEGES_POSTS)))
        if problems:
            raise InputError(problems)

    @property
    def relative_uncertainty(self) -> float:
        """Relative half-width (95 %) of the activity figure."""
        if self.activity_uncertainty is not None:
            return self.activity_uncertainty
        if self.quality_scores is not None:
            return pedigree_uncertainty(self.quality_scores)
        return self.data_quality.uncertainty


def _quantity_fields(quantity: pint.Quantity[Any] | str | None, magnitude: Any, unit: str | None
                     ) -> tuple[Any, str, pint.Quantity[Any] | None]:
    """``(magnitude, unit text, the pint quantity if one was given)`` of a line's quantity."""
    if is_quantity(quantity):
        if quantity._REGISTRY is not units.ureg:
            quantity = Q(quantity)
        return quantity.magnitude, _unit_text(quantity), quantity
    if isinstance(quantity, str):
        number, text = quantity_text_parts(quantity)
        return number, text, None
    if quantity is None and magnitude is not None and isinstance(unit, str):
        return magnitude, _canonical_unit(unit), None
    raise InputError([Problem("<activity>", None, None, "quantity",
                              f"{quantity if quantity is not None else magnitude!r} has no unit",
                              "a quantity such as '12 km'")])


def lines_from_columns(
    magnitudes: Sequence[float] | npt.NDArray[np.float64],
    units: Sequence[str] | str,
    factor_ids: Sequence[str] | str,
    labels: Sequence[str] | str = "",
    *,
    scope: int | None = None,
    ghg_category: int | None = None,
    beges_post: str | None = None,
    domain: str = "other",
    data_quality: DataQuality | str = DataQuality.MEASURED,
    activity_uncertainty: float | None = None,
    basis: Literal["PCS", "PCI"] | None = None,
    scope2_method: Scope2Method | None = None,
    site: str = "",
    group: str = "",
    note: str = "",
) -> list[ActivityLine]:
    """Many activity lines at once, from columns: the fast way to build a large ledger.

    ``ActivityLine(cc.Q(12, "km"), ...)`` builds a pint quantity and checks every field for
    each line, about ten microseconds a line; here each distinct (unit, factor id) is checked
    once, no quantity is built, and the garbage collector is paused while the lines are made
    (:func:`coopcarbon.io.gcpause.collection_paused`): a million lines take a second or two.
    Give the lines to :meth:`Bilan.add <coopcarbon.Bilan.add>`.

    Parameters
    ----------
    magnitudes
        Quantity of each line [in the unit of the same row of ``units``].
    units
        Unit text of each line (``"passenger_km"``, ``"kWh"``...), or one unit for all.
    factor_ids
        Factor id of each line, or one id for all.
    labels
        Label of each line, or one label for all.
    scope, ghg_category, beges_post, domain, data_quality, activity_uncertainty, basis, scope2_method, site, group, note
        As for :class:`ActivityLine`, one value for every line.

    Returns
    -------
    list[ActivityLine]
        One line per magnitude, in order, equal to the lines ``ActivityLine(magnitude=...,
        unit=..., factor_id=..., label=..., ...)`` would make.

    Raises
    ------
    InputError
        A column of another length than ``magnitudes``, a magnitude that is not finite, or a
        unit, category or other field that :class:`ActivityLine` refuses.

    Examples
    --------
    >>> from coopcarbon.activities import ActivityLine, lines_from_columns
    >>> lines = lines_from_columns([1200.0, 80.0], ["passenger_km", "vehicle_km"],
    ...                            ["mobility.train.tgv", "mobility.car.petrol"], ["Lyon", "Car"])
    >>> lines[1] == ActivityLine(magnitude=80.0, unit="vehicle_km", factor_id="mobility.car.petrol", label="Car")
    True
    """
    values = np.asarray(magnitudes, dtype=np.float64)
    n = values.shape[0]
    columns = [_column(units, n, "units"), _column(factor_ids, n, "factor_ids"), _column(labels, n, "labels")]
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        i = int(bad[0])
        raise InputError([Problem("<activity>", None, None, "quantity",
                                  f"line {i + 1}: {values[i]} is not finite", "a finite number")])
    common: dict[str, Any] = {"scope": scope, "ghg_category": ghg_category, "beges_post": beges_post, "domain": domain,
              "data_quality": data_quality, "activity_uncertainty": activity_uncertainty, "basis": basis,
              "scope2_method": scope2_method, "site": site, "group": group, "note": note}
    templates = {key: ActivityLine(magnitude=0.0, unit=key[0], factor_id=key[1], **common)  # the checks, once
                 for key in dict.fromkeys(zip(columns[0], columns[1], strict=True))}
    with collection_paused():
        return [line_like(templates[unit, factor_id], magnitude, label)
                for magnitude, unit, factor_id, label in zip(values.tolist(), *columns, strict=True)]


def _column(values: Sequence[str] | str, n: int, name: str) -> Sequence[str]:
    """A column of ``n`` texts (one text stands for all)."""
    if isinstance(values, str):
        return [values] * n
    if len(values) != n:
        raise InputError([Problem("<activity>", None, None, name, f"{len(values)} values for {n} magnitudes",
                                  "one value per magnitude, or one value for all")])
    return values


#: The slots' setters of :class:`ActivityLine`, for :func:`line_like` (a call to each is the fastest copy).
_SET_MAGNITUDE, _SET_UNIT, _SET_FACTOR_ID, _SET_LABEL, _SET_SCOPE, _SET_GHG_CATEGORY, _SET_BEGES_POST, _SET_DOMAIN, \
    _SET_DATA_QUALITY, _SET_ACTIVITY_UNCERTAINTY, _SET_BASIS, _SET_SCOPE2_METHOD, _SET_SITE, _SET_GROUP, _SET_NOTE, \
    _SET_QUALITY_SCORES, _SET_QUANTITY = (getattr(ActivityLine, name).__set__ for name in ActivityLine.__slots__)


def line_like(template: ActivityLine, magnitude: float, label: str) -> ActivityLine:
    """A copy of ``template`` (a checked line) with another magnitude and label, without ``__init__``."""
    line: ActivityLine = object.__new__(ActivityLine)
    _SET_MAGNITUDE(line, magnitude)
    _SET_UNIT(line, template.unit)
    _SET_FACTOR_ID(line, template.factor_id)
    _SET_LABEL(line, label)
    _SET_SCOPE(line, template.scope)
    _SET_GHG_CATEGORY(line, template.ghg_category)
    _SET_BEGES_POST(line, template.beges_post)
    _SET_DOMAIN(line, template.domain)
    _SET_DATA_QUALITY(line, template.data_quality)
    _SET_ACTIVITY_UNCERTAINTY(line, template.activity_uncertainty)
    _SET_BASIS(line, template.basis)
    _SET_SCOPE2_METHOD(line, template.scope2_method)
    _SET_SITE(line, template.site)
    _SET_GROUP(line, template.group)
    _SET_NOTE(line, template.note)
    _SET_QUALITY_SCORES(line, None)
    _SET_QUANTITY(line, None)
    return line


class IndicatorValues(Mapping[str, "pint.Quantity[Any]"]):
    """A line's other indicators as plain ``(magnitude, unit)`` pairs, read as quantities.

    ``values["adpe"]`` is a quantity such as ``0.0123 kgSbeq``; :meth:`amount` gives the pair
    without building one (totals over many lines add the magnitudes). The pairs are kept as
    amounts per unit of activity, shared by the lines of a factor, times the line's quantity.
    """

    __slots__ = ("_per_unit", "_times")

    def __init__(self, amounts: Mapping[str, tuple[float, str]]) -> None:
        self._per_unit: Mapping[str, tuple[float, str]] = dict(amounts)
        self._times = 1.0

    @classmethod
    def scaled(cls, per_unit: Mapping[str, tuple[float, str]], times: float) -> IndicatorValues:
        """The amounts ``per_unit`` (shared, not copied: never change it) times ``times``."""
        values = cls.__new__(cls)
        values._per_unit, values._times = per_unit, times
        return values

    def amount(self, name: str) -> tuple[float, str]:
        """``(magnitude, unit)`` of indicator ``name``."""
        magnitude, unit = self._per_unit[name]
        return self._times * magnitude, unit

    def __getitem__(self, name: str) -> pint.Quantity[Any]:
        return Q(*self.amount(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self._per_unit)

    def __len__(self) -> int:
        return len(self._per_unit)

    def __repr__(self) -> str:
        return f"IndicatorValues({ {name: self.amount(name) for name in self}!r})"


@dataclass(frozen=True, slots=True)
class EmissionLine:
    """An activity line converted to emissions, with its uncertainty and provenance.

    ``kg`` is the emissions in kgCO2e (``co2e`` the same as a quantity); ``kg_without_non_co2``
    (``co2e_without_non_co2``) leaves out aviation's non-CO2 effects (contrails, ozone...)
    where the factor has such a variant (equal to ``kg`` elsewhere).
    ``uncertainty`` is the relative half-width of the 95 % interval (factor and activity
    combined); ``factor_uncertainty`` is the factor's part, shared by lines using that factor.
    """

    activity: ActivityLine
    factor: Factor
    kg: float
    kg_without_non_co2: float
    uncertainty: float
    factor_uncertainty: float
    scope: int
    ghg_category: int | None
    beges_post: str
    indicators: Mapping[str, pint.Quantity[Any]] = field(default_factory=dict)

    @property
    def co2e(self) -> pint.Quantity[Any]:
        """Emissions as a quantity [kgCO2e]."""
        return Q(self.kg, "kgCO2e")

    @property
    def co2e_without_non_co2(self) -> pint.Quantity[Any]:
        """Emissions without aviation's non-CO2 effects, as a quantity [kgCO2e]."""
        return Q(self.kg_without_non_co2, "kgCO2e")

    @property
    def scope_key(self) -> str:
        """``"1"``, ``"2-location"``, ``"2-market"`` or ``"3"``."""
        if self.scope == 2:
            return f"2-{self.activity.scope2_method or 'location'}"
        return str(self.scope)

    @property
    def in_main_total(self) -> bool:
        """False for market-based scope 2 lines (reported beside the total, not in it)."""
        return not (self.scope == 2 and self.activity.scope2_method == "market")

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON and CSV reports."""
        a = self.activity
        provenance = self.factor.provenance()
        provenance["factor_uncertainty"] = self.factor_uncertainty
        provenance["factor_stated_uncertainty"] = provenance.pop("uncertainty")
        return {
            **provenance,
            "label": a.label, "domain": a.domain, "group": a.group, "site": a.site,
            "quantity": float(a.magnitude), "quantity_unit": pretty_unit(a.unit),
            "basis": a.basis, "data_quality": a.data_quality.value,
            "activity_uncertainty": a.relative_uncertainty,
            "scope": self.scope, "scope_key": self.scope_key, "scope2_method": a.scope2_method,
            "ghg_category": self.ghg_category, "beges_post": self.beges_post,
            "co2e_kg": self.kg, "co2e_without_non_co2_kg": self.kg_without_non_co2,
            "uncertainty": self.uncertainty, "in_main_total": self.in_main_total,
            "note": a.note,
            "indicators": {name: _indicator_dict(self.indicators, name) for name in self.indicators},
        }


def _indicator_dict(indicators: Mapping[str, pint.Quantity[Any]], name: str) -> dict[str, Any]:
    if isinstance(indicators, IndicatorValues):
        magnitude, unit = indicators.amount(name)
        return {"value": float(magnitude), "unit": pretty_unit(unit)}
    quantity = indicators[name]
    return {"value": float(quantity.magnitude), "unit": pretty_units_of(quantity)}
