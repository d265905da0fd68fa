"""Emissions by gas, where the factors' sources give the split.

A factor's ``gases`` (``coopcarbon.factors.library.Factor.gases``) split its CO2e by gas as its
source publishes it: fossil CO2 (``CO2f``), fossil and biogenic CH4 (``CH4f``, ``CH4b``), N2O,
other gases (``other``; named gases such as ``SF6`` are counted there) and biogenic CO2 (``CO2b``,
reported apart: it is not in the CO2e total), each in CO2e per unit of the factor's activity
(ADEME Base Carbone export, columns « CO2f; CH4f; CH4b; N2O; Code gaz supplémentaire; Autres
GES; CO2b »). A line's emissions are split in the same shares; the CO2e of a line whose factor
gives no split is counted as ``not_split``: a split is never invented.

Examples
--------
>>> import coopcarbon as cc
>>> from coopcarbon.domains import buildings
>>> r = cc.Bilan(organisation="X", year=2024, headcount=1).add(buildings.heating("1000 kWh", "natural_gas")).compute()
>>> {gas: round(float(t.to("kgCO2e").magnitude), 1) for gas, t in r.by_gas()["4.1"].items() if t.magnitude}
{'CO2f': 24.3, 'CH4f': 10.1}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from .emissions import EmissionColumns
    from .factors.library import Factor

__all__ = ["COLUMNS", "GASES", "NOT_SPLIT", "gas_shares", "gas_totals"]

#: The gases of a split, as ADEME's export names them; ``CO2b`` is outside the CO2e total.
GASES: Final = ("CO2f", "CH4f", "CH4b", "N2O", "other", "CO2b")
#: CO2e of lines whose factor gives no split by gas.
NOT_SPLIT: Final = "not_split"
#: Columns of :func:`gas_totals`.
COLUMNS: Final = (*GASES, NOT_SPLIT)


def gas_shares(factor: Factor) -> tuple[float, ...]:
    """The share of each column of :data:`COLUMNS` in one kgCO2e of ``factor``'s emissions.

    ``(0, ..., 0, 1)`` (all not split) when the factor gives no gases; other named gases
    (``SF6``...) count as ``other``.
    """
    if not factor.gases or factor.magnitude == 0:
        return (0.0,) * len(GASES) + (1.0,)
    shares = dict.fromkeys(GASES, 0.0)
    for code, value in factor.gases.items():
        shares[code if code in shares else "other"] += value / factor.magnitude
    return (*shares.values(), 0.0)


def gas_totals(emissions: EmissionColumns, codes: npt.NDArray[np.intp], chosen: npt.NDArray[np.bool_],
               size: int) -> npt.NDArray[np.float64]:
    """Emissions [kg] of each column of :data:`COLUMNS` (columns) in each of ``size`` groups (rows).

    ``codes`` is each line's group, ``chosen`` the lines counted. Emissions are summed by group
    and factor first (one ``bincount``), then split by the factors' shares.
    """
    reportings = len(emissions.reportings)
    pairs = codes[chosen] * reportings + emissions.reporting[chosen]
    kg = np.bincount(pairs, weights=emissions.kg[chosen], minlength=size * reportings)
    shares = np.array([gas_shares(r.factor) for r in emissions.reportings], dtype=np.float64)
    table: npt.NDArray[np.float64] = kg.reshape(size, reportings) @ shares.reshape(reportings, len(COLUMNS))
    return table
