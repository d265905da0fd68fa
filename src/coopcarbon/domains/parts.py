"""Scope split of an activity: one line per part of a factor (combustion, upstream, manufacture).

A fuel burnt by the company emits in scope 1 only when it burns; its extraction, refining and
transport (the *upstream*) are GHG Protocol scope 3 category 3, which the BEGES v5 method books
in post 4.1 (energy not counted in categories 1 and 2); the manufacture of a company car is a
capital good (scope 3 category 2, post 4.2). Purchased electricity likewise: its generation is
scope 2 (post 2.1), the upstream of the generation and the generation of the electricity lost in
the grid are scope 3 category 3 (post 4.1), where the source splits the grid factor (ADEME's
French consumption mixes 2022-2024). The bundled tables give, for the fuels and cars
whose source publishes the split, one factor per part; the helpers here turn one quantity into
one activity line per part, sharing the caller's ``group``, so that the lines add up to the
undivided factor and each lands in its own scope, category and post.

References
----------
.. [1] Arrêté du 26 avril 2017 (information GES des prestations de transport), annex: upstream
   and operation phases of road fuels.
.. [2] ADEME Base Carbone, posts « Combustion », « Amont », « Fabrication » of its elements.
.. [3] Ministère de la Transition écologique, *Méthode pour la réalisation des bilans
   d'émissions de GES*, version 5 (2022): categories and posts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

from ..activities import ActivityLine

__all__ = ["COMBUSTION_MOBILE", "COMBUSTION_STATIONARY", "ELECTRICITY_PARTS", "GENERATION", "GRID_LOSSES",
           "MANUFACTURE", "UPSTREAM", "Part", "split_line"]


@dataclass(frozen=True)
class Part:
    """Where one part of a split factor is reported: its name, scope, category and post."""

    name: str
    scope: int
    ghg_category: int | None
    beges_post: str


#: Combustion in the company's boilers (scope 1, BEGES post 1.1).
COMBUSTION_STATIONARY: Final = Part("combustion", 1, None, "1.1")
#: Combustion in the company's vehicles (scope 1, BEGES post 1.2).
COMBUSTION_MOBILE: Final = Part("combustion", 1, None, "1.2")
#: Upstream of a fuel: GHG Protocol scope 3 category 3, BEGES v5 post 4.1.
UPSTREAM: Final = Part("upstream", 3, 3, "4.1")
#: Manufacture of a company vehicle: capital goods, scope 3 category 2, BEGES post 4.2.
MANUFACTURE: Final = Part("manufacture", 3, 2, "4.2")
#: Generation of purchased electricity (combustion at the plant): scope 2, BEGES post 2.1.
GENERATION: Final = Part("generation", 2, None, "2.1")
#: Generation of the electricity lost in the grid: scope 3 category 3 (activity d), BEGES v5 post 4.1.
GRID_LOSSES: Final = Part("grid losses", 3, 3, "4.1")
#: The parts of a grid factor whose source splits it, by the suffix of their factor ids.
ELECTRICITY_PARTS: Final = (("generation", GENERATION), ("upstream", UPSTREAM), ("td_losses", GRID_LOSSES))


def split_line(line: ActivityLine, parts: tuple[tuple[str, Part], ...]) -> list[ActivityLine]:
    """One activity line per part: same quantity and group, the part's factor and place.

    Parameters
    ----------
    line
        The undivided line (its quantity, label, group, site, note are kept).
    parts
        ``(factor_id, Part)`` pairs; the factors' values add up to the undivided factor's.

    Returns
    -------
    list[ActivityLine]
        One line per part, labelled ``"<label> — <part name>"``.
    """
    return [replace(line, factor_id=factor_id, scope=part.scope, ghg_category=part.ghg_category,
                    beges_post=part.beges_post, label=f"{line.label} — {part.name}",
                    scope2_method=line.scope2_method if part.scope == 2 else None,
                    note=f"{line.note}; {part.name} part ({_place(part)})")
            for factor_id, part in parts]


def _place(part: Part) -> str:
    category = f" category {part.ghg_category}" if part.ghg_category else ""
    return f"scope {part.scope}{category}, BEGES post {part.beges_post}"
