"""The data-quality (pedigree) scores of a factor and the uncertainty they give.

Apart from :mod:`coopcarbon.uncertainty` (which re-exports them) so that loading factor tables,
whose factors carry these scores, does not import numpy.

References
----------
B. P. Weidema et al., *Overview and methodology. Data quality guideline for the ecoinvent
database version 3* (2013), table 10.4: basic uncertainty factors of the pedigree matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .factors.schema import QualityScores

__all__ = ["PedigreeScores", "pedigree_uncertainty"]


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


# Pedigree matrix uncertainty factors (geometric standard deviation contributions, 95 %),
# Weidema et al. 2013, table 10.4, scores 1..5 for each indicator.
_PEDIGREE = {
    "reliability": (1.00, 1.05, 1.10, 1.20, 1.50),
    "completeness": (1.00, 1.02, 1.05, 1.10, 1.20),
    "temporal": (1.00, 1.03, 1.10, 1.20, 1.50),
    "geographic": (1.00, 1.01, 1.02, 1.05, 1.10),
    "technological": (1.00, 1.05, 1.20, 1.50, 2.00),
}
# Basic uncertainty added to every pedigree combination (Weidema et al. 2013: 1.05 for
# most exchanges); a perfect score still leaves ±5 %.
_BASIC = 1.05


def pedigree_uncertainty(scores: QualityScores | PedigreeScores) -> float:
    """Relative 95 % uncertainty from the five quality scores (1 best, 5 worst).

    Notes
    -----
    ``σ_ln² = Σ ln(U_i)²`` over the basic factor and the five pedigree factors, and the 95 %
    geometric range ``exp(σ_ln)``, as in ecoinvent's pedigree approach; the symmetric
    relative half-width returned is ``exp(σ_ln) − 1``.
    """
    total = math.log(_BASIC) ** 2
    for name, factors in _PEDIGREE.items():
        total += math.log(factors[getattr(scores, name) - 1]) ** 2
    return math.exp(math.sqrt(total)) - 1.0
