r"""The engine: the only place that multiplies an activity by an emission factor.

Lines are grouped by (factor, unit, heating-value basis); each group's conversion is worked out
once with pint, then the magnitudes of all lines are multiplied as one numpy array. The same
core serves the object API (:func:`compute_lines`) and the columnar API (:func:`compute_columns`)
used for ledgers of a million lines.

Notes
-----
For a line of quantity :math:`q` (unit :math:`u`) and a factor :math:`f` (kgCO2e per unit
:math:`d`), :math:`E = q \cdot c_{u \to d} \cdot f`, where :math:`c_{u \to d}` is pint's
conversion factor; it exists only when :math:`u` and :math:`d` have the same dimension, so
``kWh`` given to a per-km factor, or ``passenger_km`` to a per-``vehicle_km`` factor, is an
error. For energy, a quantity in kWh PCS given to a factor per kWh PCI is divided by the
factor's PCS/PCI ratio (and multiplied when the other way round); without a ratio it is an
error, never an assumption.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from . import errors
from .activities import ACTIVITY_UNCERTAINTY, ActivityLine, EmissionLine
from .activity_columns import ActivityColumns
from .categories import default_beges_post
from .emissions import EmissionColumns, Reporting
from .errors import CoopCarbonError, InputError, Problem
from .factors.library import Factor, FactorLibrary
from .uncertainty import pedigree_uncertainty
from .units import Q, describe_dimension, dimension_powers, parse_unit, registry, tabled_ratio, unit_dimensions

__all__ = [
    "UNSTATED_FACTOR_UNCERTAINTY",
    "Columns",
    "LineFailure",
    "check_and_compute",
    "check_and_compute_columns",
    "compute_columns",
    "compute_lines",
    "factor_uncertainty",
]

#: Relative uncertainty (95 %) used for a factor whose table gives none. A conservative
#: coopcarbon convention (an estimate, not a published figure), flagged in reports.
UNSTATED_FACTOR_UNCERTAINTY = 0.5

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

_KG = "kgCO2e"


def factor_uncertainty(factor: Factor) -> float:
    """Relative 95 % uncertainty of a factor: stated, else from its quality scores, else the default.

    The quality scores go through the pedigree matrix with the basic uncertainty of the factor's
    kind of process (:attr:`Factor.kind`).
    """
    if factor.uncertainty is not None:
        return factor.uncertainty
    if factor.quality is not None:
        return pedigree_uncertainty(factor.quality, factor.kind)
    return UNSTATED_FACTOR_UNCERTAINTY


@dataclass(frozen=True)
class Columns:
    """Result of :func:`compute_columns`: one entry per input line, and the groups used.

    ``co2e_kg[i]`` is line ``i``'s emissions in kgCO2e; ``factor_index[i]`` indexes
    ``factor_ids`` (the distinct factors, sorted) so totals by factor are a ``bincount``.
    """

    co2e_kg: FloatArray
    co2e_without_non_co2_kg: FloatArray
    factor_index: IntArray
    factor_ids: tuple[str, ...]

    def total_kg(self) -> float:
        """Sum of all lines in kgCO2e."""
        return float(self.co2e_kg.sum())

    def totals_by(self, codes: IntArray, size: int | None = None) -> FloatArray:
        """Totals in kgCO2e by an integer code per line (``np.bincount``)."""
        return np.bincount(codes, weights=self.co2e_kg, minlength=size or 0).astype(np.float64)


def _conversion(factor: Factor, unit: str, basis: str | None, where: str) -> float:
    """kgCO2e per one ``unit`` of activity with ``factor`` (pint does the dimension check).

    For common units the ratio comes from pint's precomputed answers
    (:func:`~coopcarbon.units.tabled_ratio`), without building the registry: exactly 1 for an
    activity in the factor's own unit (``kWh`` with ``kgCO2e/kWh``), 0.001 for ``EUR`` with
    ``kgCO2e/kEUR``. Other units, and any mismatch (to explain it), go through pint.
    """
    ratio = tabled_ratio(unit, factor.unit, _KG, powers=(1, 1, -1))
    if ratio is not None:
        per_unit = float(factor.magnitude) * ratio
        if unit_dimensions(unit) == dimension_powers("[energy]"):
            per_unit *= _basis_ratio(factor, basis, where)
        return per_unit
    try:
        activity_unit = parse_unit(unit)
    except InputError as exc:
        raise InputError([Problem(where, None, None, "quantity", exc.problems[0].message,
                                  f"a unit of {_den_dims(factor)}", exc.problems[0].suggestion)]) from None
    import pint  # lazy start-up: the registry is built by now (parse_unit)

    denominator = factor.value.units / parse_unit(_KG)
    try:
        per_unit = float((Q(1.0, activity_unit) * factor.value).to(_KG).magnitude)
    except pint.DimensionalityError:
        hint = ""
        dims = activity_unit.dimensionality
        if "[passenger]" in str(denominator.dimensionality) and "[vehicle]" in str(dims):
            hint = "this factor is per passenger: give passenger_km (vehicle_km × occupants)"
        elif "[vehicle]" in str(denominator.dimensionality) and "[passenger]" in str(dims):
            hint = "this factor is per vehicle: give vehicle_km (a shared car counts once)"
        elif dims == registry().get_dimensionality("[length]") and "[passenger]" in str(denominator.dimensionality):
            hint = "a distance is not a passenger distance: use 'passenger_km' (km × travellers)"
        raise errors.UnitMismatchError(
            f"{activity_unit:~P}", _denominator_text(factor), describe_dimension(dims), _den_dims(factor),
            f"{where} uses factor {factor.id!r} ({factor.unit}){'; ' + hint if hint else ''}",
            parameter="quantity", example=f"12 {_denominator_text(factor)}",
        ) from None
    if activity_unit.dimensionality == registry().get_dimensionality("[energy]"):
        per_unit *= _basis_ratio(factor, basis, where)
    return per_unit


def _denominator_text(factor: Factor) -> str:
    unit = str(factor.value.units)
    return unit.split("/", 1)[1].strip() if "/" in unit else unit


def _den_dims(factor: Factor) -> str:
    emissions = registry().get_dimensionality("[emissions]")
    return describe_dimension(emissions / factor.value.units.dimensionality)


def _basis_ratio(factor: Factor, basis: str | None, where: str) -> float:
    if factor.basis is None or basis is None or basis == factor.basis:
        if factor.basis is not None and basis is None:
            raise InputError([Problem(
                where, None, None, "basis",
                f"factor {factor.id!r} is per kWh {factor.basis}: the energy's heating-value basis "
                "must be stated", "basis 'PCS' or 'PCI'",
                "French gas bills are in kWh PCS (higher heating value)")])
        return 1.0
    if factor.pcs_pci_ratio is None:
        raise InputError([Problem(
            where, None, None, "basis",
            f"energy in kWh {basis} but factor {factor.id!r} is per kWh {factor.basis} and its table "
            "gives no pcs_pci_ratio to convert", f"energy in kWh {factor.basis}",
            "add pcs_pci_ratio to the factor, citing its source")])
    # kWh PCS → kWh PCI: divide by PCS/PCI; kWh PCI → kWh PCS: multiply.
    return 1.0 / factor.pcs_pci_ratio if basis == "PCS" else factor.pcs_pci_ratio


@dataclass(frozen=True)
class LineFailure:
    """A problem the engine found, with the indices of the lines it concerns.

    A group of lines (same factor, unit and basis) that cannot be converted fails as a whole;
    a line whose emissions are not finite, or that lacks a category, fails alone.
    """

    indices: tuple[int, ...]
    error: CoopCarbonError


def compute_columns(
    factor_ids: Sequence[str] | npt.NDArray[Any],
    magnitudes: Sequence[float] | FloatArray,
    units: Sequence[str] | npt.NDArray[Any] | str,
    library: FactorLibrary,
    bases: Sequence[str | None] | npt.NDArray[Any] | None = None,
    labels: Sequence[str] | None = None,
) -> Columns:
    """Emissions of many lines given as columns, grouped by factor and unit, vectorised.

    Parameters
    ----------
    factor_ids
        Factor id of each line.
    magnitudes
        Quantity of each line, in the unit of the same row of ``units``.
    units
        Unit string of each line, or one unit for all.
    library
        The factor library.
    bases
        Heating-value basis (``"PCS"``/``"PCI"``/``None``) of each line's energy, if any.
    labels
        Names of the lines, for error messages.

    Returns
    -------
    Columns
        kgCO2e per line, with and without aviation non-CO2 effects.

    Raises
    ------
    UnknownFactorError, UnitMismatchError, InputError
        On the first group that cannot be converted, or the first line whose emissions are
        not finite; the message names a line of it.
    """
    columns, failures = _columns(factor_ids, magnitudes, units, library, bases,
                                 labels.__getitem__ if labels is not None else None)
    if failures:
        raise failures[0].error
    return columns


def _columns(
    factor_ids: Sequence[str] | npt.NDArray[Any],
    magnitudes: Sequence[float] | FloatArray,
    units: Sequence[str] | npt.NDArray[Any] | str,
    library: FactorLibrary,
    bases: Sequence[str | None] | npt.NDArray[Any] | None,
    label: Callable[[int], str] | None,
) -> tuple[Columns, list[LineFailure]]:
    """:func:`compute_columns` collecting every failure instead of raising the first.

    ``label(i)`` names line ``i`` in error messages (called only when something fails); without
    it, a line is named by its number and a group by its factor.
    """

    def name(index: int) -> str:
        return (label(index) if label is not None else "") or f"line {index + 1}"

    values = np.asarray(magnitudes, dtype=np.float64)
    n = values.shape[0]
    failures = [LineFailure((i,), _not_finite(name(i), float(values[i]), "quantity"))
                for i in np.flatnonzero(~np.isfinite(values) | (values < 0)).tolist()]
    f_unique, f_codes = _factorize(factor_ids)
    u_unique, u_codes = (([units], np.zeros(n, dtype=np.intp)) if isinstance(units, str)
                         else _factorize(units))
    b_unique, b_codes = ((["-"], np.zeros(n, dtype=np.intp)) if bases is None
                         else _factorize([b or "-" for b in bases]))
    combined = f_codes.astype(np.int64) * len(u_unique) + u_codes
    if bases is not None:
        combined = combined * len(b_unique) + b_codes
    groups, g_codes = _dense_codes(combined, len(f_unique) * len(u_unique) * len(b_unique))
    first = _first_indices(g_codes, len(groups)) if label is not None else None
    with_nc = np.zeros(len(groups))
    without_nc = np.zeros(len(groups))
    for g, key in enumerate(groups.tolist()):
        rest, b = divmod(key, len(b_unique))
        f, u = divmod(rest, len(u_unique))
        basis = None if b_unique[b] == "-" else b_unique[b]
        try:
            with_nc[g], without_nc[g] = _group_conversion(
                library, f_unique[f], u_unique[u], basis,
                name(int(first[g])) if first is not None else f"lines using {f_unique[f]!r}")
        except CoopCarbonError as exc:
            failures.append(LineFailure(tuple(np.flatnonzero(g_codes == g).tolist()), exc))
    with np.errstate(over="ignore"):  # an overflow is reported below, naming its line
        co2e = values * with_nc[g_codes]
        # without aviation's non-CO2 effects: the same figures unless a factor has them
        without = co2e.copy() if np.array_equal(with_nc, without_nc) else values * without_nc[g_codes]
    columns = Columns(co2e, without, f_codes, tuple(f_unique))
    if not failures:
        for i in np.flatnonzero(~np.isfinite(columns.co2e_kg)).tolist():
            failures.append(LineFailure((i,), _not_finite(name(i), float(columns.co2e_kg[i]), "emissions")))
    return columns, failures


def _dense_codes(keys: npt.NDArray[np.int64], size: int) -> tuple[npt.NDArray[np.int64], IntArray]:
    """Distinct ``keys`` (ascending) and each key's group code.

    ``keys`` lie in ``[0, size)``, where ``size`` (factors × units × bases) is small: a dense
    remap through an array of that size, in linear time (``np.unique`` sorts: its time grows
    faster than the number of lines).
    """
    if size > max(4 * keys.shape[0], 1 << 16):  # too sparse for an array: sort after all
        groups, codes = np.unique(keys, return_inverse=True)
        return groups, codes.astype(np.intp, copy=False)
    seen = np.zeros(size, dtype=bool)
    seen[keys] = True
    remap = np.cumsum(seen, dtype=np.intp) - 1
    return np.flatnonzero(seen).astype(np.int64), remap[keys]


def _first_indices(codes: IntArray, size: int) -> IntArray:
    """Index of the first line of each of the ``size`` groups numbered by ``codes``."""
    first = np.empty(size, dtype=np.intp)
    first[codes[::-1]] = np.arange(codes.shape[0] - 1, -1, -1, dtype=np.intp)  # the last write wins
    return first


def _group_conversion(library: FactorLibrary, factor_id: str, unit: str, basis: str | None,
                      where: str) -> tuple[float, float]:
    """kgCO2e per one ``unit`` with the factor, with and without aviation non-CO2 effects."""
    factor = library[factor_id]
    with_nc = _conversion(factor, unit, basis, where)
    if factor.without_non_co2:
        return with_nc, _conversion(library[factor.without_non_co2], unit, basis, where)
    return with_nc, with_nc


def _not_finite(name: str, value: float, what: str) -> InputError:
    if what == "quantity":
        return InputError([Problem(name, None, None, "quantity",
                                   f"{value} is not a finite non-negative number", "a quantity >= 0")])
    return InputError([Problem(name, None, None, "quantity",
                               f"its emissions are not a finite number ({value} kgCO2e): the quantity is too large",
                               "a quantity whose emissions a float can hold")])


def _factorize(values: Sequence[str] | npt.NDArray[Any]) -> tuple[list[str], IntArray]:
    """Distinct values (in order of appearance) and each element's code.

    One pass of dictionary look-ups: a missing key gets the next code (``__missing__`` of a
    ``defaultdict`` whose factory is its own length). About twenty times faster than
    ``np.unique`` on strings, which sorts.
    """
    items = values.tolist() if isinstance(values, np.ndarray) else values
    index: defaultdict[str, int] = defaultdict()
    index.default_factory = index.__len__
    codes = np.fromiter(map(index.__getitem__, items), dtype=np.intp, count=len(items))
    return [str(key) for key in index], codes


def compute_lines(lines: Sequence[ActivityLine], library: FactorLibrary) -> list[EmissionLine]:
    """Convert activity lines into emission lines (kgCO2e, uncertainty, provenance).

    The lines go through :func:`compute_columns`: one pint conversion per (factor, unit)
    group, one numpy multiplication for all lines.

    Raises
    ------
    UnknownFactorError, UnitMismatchError, InputError
        The first problem found (:func:`check_and_compute` gives them all, by line).
    """
    emissions, failures = check_and_compute(lines, library)
    if failures:
        raise failures[0].error
    return emissions


def check_and_compute(lines: Sequence[ActivityLine], library: FactorLibrary
                      ) -> tuple[list[EmissionLine], list[LineFailure]]:
    """Check and compute ``lines`` in one pass: emission lines, or every failure by line.

    Returns
    -------
    tuple[list[EmissionLine], list[LineFailure]]
        The emission lines (empty when anything failed) and the failures, each naming the
        indices of its lines in ``lines``, so a reader can report them at their file and line.
    """
    columns, failures = check_and_compute_columns(lines, library)
    return ([], failures) if columns is None else (list(columns.iter_lines()), [])


def check_and_compute_columns(lines: Sequence[ActivityLine], library: FactorLibrary
                              ) -> tuple[EmissionColumns | None, list[LineFailure]]:
    """As :func:`check_and_compute`, giving the emissions as columns (no object per line).

    Lines given as :class:`~coopcarbon.activity_columns.ActivityColumns` (a CSV ledger) are read
    kind by kind: the fields of each kind of line once, spread to its lines as arrays.

    Returns
    -------
    tuple[EmissionColumns | None, list[LineFailure]]
        The columns (``None`` when anything failed) and the failures.
    """

    def label(i: int) -> str:
        return lines[i].label or f"line {i + 1} ({lines[i].factor_id})"

    kinds: Sequence[ActivityLine] = lines
    if isinstance(lines, ActivityColumns):  # a field of a kind of line, spread to its lines
        kinds = lines.kinds
        columns, failures = _columns(lines.per_line([k.factor_id for k in kinds], object), lines.magnitudes,
                                     lines.per_line([k.unit for k in kinds], object), library,
                                     lines.per_line([k.basis for k in kinds], object), label)
    else:
        columns, failures = _columns([line.factor_id for line in lines], [line.magnitude for line in lines],
                                     [line.unit for line in lines], library, [line.basis for line in lines], label)
    if failures:
        return None, failures
    codes, reportings, u_activity = _reportings(kinds, library)
    if isinstance(lines, ActivityColumns):
        codes, u_activity = lines.per_line(codes, np.intp), lines.per_line(u_activity, np.float64)
    failures = [LineFailure((i,), InputError([Problem(
        label(i), None, None, "ghg_category", "a scope 3 line needs a GHG Protocol category", "1 to 15")]))
        for i in np.flatnonzero(np.array([r is None for r in reportings], dtype=np.bool_)[codes]).tolist()]
    if failures:
        return None, failures
    return EmissionColumns(lines, columns.co2e_kg, columns.co2e_without_non_co2_kg, codes,
                           [r for r in reportings if r is not None], u_activity), []


def _reportings(lines: Sequence[ActivityLine], library: FactorLibrary
                ) -> tuple[IntArray, list[Reporting | None], FloatArray]:
    """Each line's code into the distinct ways the lines are reported, those ways, and its activity uncertainty."""
    known: dict[tuple[str, int | None, int | None, str | None, str | None], int] = {}
    reportings: list[Reporting | None] = []
    code_list: list[int] = []
    u_list: list[float] = []
    uncertainty = ACTIVITY_UNCERTAINTY
    for line in lines:  # a million lines pay for every attribute read: lists, then arrays
        key = (line.factor_id, line.scope, line.ghg_category, line.beges_post, line.scope2_method)
        code = known.get(key)
        if code is None:
            code = known[key] = len(reportings)
            reportings.append(_reporting(line, library[line.factor_id]))
        code_list.append(code)
        u = line.activity_uncertainty
        if u is None:  # the property's common case inline
            u = uncertainty[line.data_quality] if line.quality_scores is None else line.relative_uncertainty
        u_list.append(u)
    return np.array(code_list, dtype=np.intp), reportings, np.array(u_list, dtype=np.float64)


def _reporting(line: ActivityLine, factor: Factor) -> Reporting | None:
    """How lines like ``line`` (same factor and categories) are reported; ``None``: no category."""
    scope, category, post = _categories(line, factor)
    if scope == 3 and category is None:
        return None
    return Reporting(factor, factor_uncertainty(factor), scope, category, post, line.scope2_method)


def _categories(line: ActivityLine, factor: Factor) -> tuple[int, int | None, str]:
    """The line's scope, GHG Protocol category and BEGES post: its own, else its factor's."""
    scope = line.scope if line.scope is not None else factor.scope
    if line.ghg_category is not None:
        category: int | None = line.ghg_category
    elif scope == 3:
        category = factor.ghg_category if factor.scope == 3 else None
    else:
        category = None
    post = line.beges_post or (factor.beges_post if scope == factor.scope and line.ghg_category is None
                               else default_beges_post(scope, category))
    return scope, category, post
