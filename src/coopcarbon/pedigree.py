"""The data-quality (pedigree) scores of a factor and the uncertainty they give, by kind of process.

Apart from :mod:`coopcarbon.uncertainty` (which re-exports them) so that loading factor tables,
whose factors carry these scores, does not import numpy.

References
----------
B. P. Weidema et al., *Overview and methodology. Data quality guideline for the ecoinvent
database version 3*, ecoinvent Report 1 (v3) (2013): table 10.3, default basic uncertainties
by kind of exchange; table 10.5, the variances of the pedigree matrix's scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["BASIC_UNCERTAINTY", "DEFAULT_KIND_BY_DOMAIN", "PedigreeScores", "ProcessKind", "Scores",
           "default_process_kind", "pedigree_uncertainty"]


class Scores(Protocol):
    """Five pedigree scores, 1 (best) to 5 (worst): a :class:`PedigreeScores` or a table's quality scores."""

    @property
    def reliability(self) -> int:
        """Score 1..5 of reliability."""
    @property
    def completeness(self) -> int:
        """Score 1..5 of completeness."""
    @property
    def temporal(self) -> int:
        """Score 1..5 of temporal."""
    @property
    def geographic(self) -> int:
        """Score 1..5 of geographic."""
    @property
    def technological(self) -> int:
        """Score 1..5 of technological."""


@dataclass(frozen=True)
class PedigreeScores:
    """The five data-quality scores of a factor, 1 (best) to 5 (worst).

    Bilan Carbone's five criteria, scored as in the ecoinvent pedigree matrix.
    """

    reliability: int
    completeness: int
    temporal: int
    geographic: int
    technological: int


#: Kind of process a factor stands for, named after the rows of the table of default basic
#: uncertainties of Weidema et al. 2013 (table 10.3); see :data:`BASIC_UNCERTAINTY`.
ProcessKind = Literal["energy_demand", "product_demand", "waste_treatment", "transport_service",
                      "infrastructure", "fuel_combustion", "gas_release", "monetary_ratio"]

#: Default basic uncertainty of each kind of process: variance σ_b² of the underlying normal
#: distribution (of the log-transformed data) and the row of Weidema et al. 2013, table 10.3, it
#: is taken from. ``gas_release`` and ``monetary_ratio`` match no row of that table: they keep
#: 0.0006, the smallest basic variance of the table, an estimate said as such in the docs
#: (``docs/explanations/uncertainty.md``).
BASIC_UNCERTAINTY: dict[str, tuple[float, str]] = {
    "energy_demand": (0.0006, "demand of thermal energy or electricity"),
    "product_demand": (0.0006, "demand of semi-finished products or working materials"),
    "waste_treatment": (0.0006, "demand of waste treatment services"),
    "transport_service": (0.12, "demand of transport services"),
    "infrastructure": (0.3, "demand of infrastructure (capital goods)"),
    "fuel_combustion": (0.0006, "emission to air of CO2 from combustion"),
    "gas_release": (0.0006, "no row of the table (a greenhouse gas released, at its GWP): 0.0006 kept"),
    "monetary_ratio": (0.0006, "no row of the table (a monetary ratio): 0.0006 kept"),
}
#: Basic variance used when no kind is given (an activity figure's own scores): 0.0006, the
#: table's value for demands of energy and products and for combustion CO2.
_DEFAULT_BASIC = 0.0006

#: Kind of a factor whose table states none, by its id's first word (the domain); ``energy``
#: factors of scope 1 are ``fuel_combustion``; any other domain is ``product_demand``.
DEFAULT_KIND_BY_DOMAIN: dict[str, ProcessKind] = {
    "energy": "energy_demand", "mobility": "transport_service", "hardware": "infrastructure",
    "furniture": "infrastructure", "buildings": "infrastructure", "waste": "waste_treatment",
    "refrigerant": "gas_release", "ghg": "gas_release", "purchases": "monetary_ratio",
}

# Pedigree matrix: variance of the underlying normal distribution added by each score 1..5 of
# each indicator, Weidema et al. 2013, table 10.5.
_PEDIGREE = {
    "reliability": (0.0, 0.0006, 0.002, 0.008, 0.04),
    "completeness": (0.0, 0.0001, 0.0006, 0.002, 0.008),
    "temporal": (0.0, 0.0002, 0.002, 0.008, 0.04),
    "geographic": (0.0, 0.000025, 0.0001, 0.0006, 0.002),
    "technological": (0.0, 0.0006, 0.008, 0.04, 0.12),
}


def default_process_kind(factor_id: str, scope: int) -> ProcessKind:
    """The kind of process of a factor whose table states none, from its domain (see above).

    Examples
    --------
    >>> default_process_kind("mobility.train.tgv", 3), default_process_kind("energy.gas.natural", 1)
    ('transport_service', 'fuel_combustion')
    """
    domain = factor_id.partition(".")[0]
    if domain == "energy" and scope == 1:
        return "fuel_combustion"
    return DEFAULT_KIND_BY_DOMAIN.get(domain, "product_demand")


def pedigree_uncertainty(scores: Scores, kind: str | None = None) -> float:
    """Relative 95 % uncertainty from the five quality scores (1 best, 5 worst) and the kind of process.

    Parameters
    ----------
    scores
        The five pedigree scores.
    kind
        The kind of process (a key of :data:`BASIC_UNCERTAINTY`), which sets the basic
        uncertainty; ``None``: the basic variance 0.0006.

    Notes
    -----
    ``σ² = σ_b² + Σ σ_i²`` over the basic variance of the kind and the variances of the five
    scores (Weidema et al. 2013, tables 10.3 and 10.5); the 95 % geometric range is
    ``exp(2σ)`` (the square of the geometric standard deviation) and the relative half-width
    returned is ``exp(2σ) − 1``. With uncertainty factors ``U = exp(2·sqrt(σ²))`` this is the
    ecoinvent v2 form ``exp(sqrt(Σ ln²(U_i))) − 1``.
    """
    total = BASIC_UNCERTAINTY[kind][0] if kind is not None else _DEFAULT_BASIC
    for name, variances in _PEDIGREE.items():
        total += variances[getattr(scores, name) - 1]
    return math.exp(2.0 * math.sqrt(total)) - 1.0
