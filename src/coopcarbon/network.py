"""Many bilans of one year: consolidation and an anonymised benchmark of a network's members.

A network (a federation of cooperatives, a cooperative review) gathers its members' bilan files
or JSON results of one year. :func:`consolidate` reads them, and a :class:`Network` gives the
members' total and the distribution of each intensity (median, quartiles, deciles) overall, by
sector (NAF division, the two first digits) and by size band, and by BEGES post; each member
also gets its own position (:meth:`Network.position`).

Anonymity by default: a member is named only when its file says it consents
(``publish_name: true``); any group of fewer than :data:`MIN_GROUP` members is not shown.
Members' emission lines can go to an analytical store (Parquet files queried with DuckDB, the
``network`` extra): :mod:`coopcarbon.network_store`.

Quantiles are numpy's default (linear interpolation between order statistics, Hyndman and
Fan's type 7): for the values 1 to 10, the median is 5.5, the quartiles 3.25 and 7.75, the
first and ninth deciles 1.9 and 9.1.

References
----------
1. INSEE, size categories of firms (décret n° 2008-1354): micro-enterprises under 10 persons,
   SMEs under 250; the bands below split SMEs at 50 as the European recommendation 2003/361/EC.
2. INSEE, Nomenclature d'activités française (NAF rév. 2, 2008): divisions are the first two
   digits of the code.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .bilan import Bilan
from .errors import CoopCarbonWarning, InputError, Problem
from .network_store import write_results
from .reports.data import result_from_json
from .result import BilanResult

__all__ = ["INTENSITIES", "MIN_GROUP", "QUANTILES", "SIZE_BANDS", "Member", "Network", "consolidate",
           "member_of", "size_band"]

#: Smallest group shown in a network's report.
MIN_GROUP = 5

#: Quantiles of every distribution: name → probability.
QUANTILES: Mapping[str, float] = {"d1": 0.1, "q1": 0.25, "median": 0.5, "q3": 0.75, "d9": 0.9}

#: Intensities compared: key → unit.
INTENSITIES: Mapping[str, str] = {"per_employee": "tCO2e/person", "per_revenue": "tCO2e/MEUR",
                                  "per_floor_area": "kgCO2e/m2"}

#: Size bands by headcount: (label, smallest headcount), reference 1.
SIZE_BANDS: tuple[tuple[str, int], ...] = (("1-9", 1), ("10-49", 10), ("50-249", 50), ("250+", 250))


def size_band(headcount: int) -> str:
    """The size band of a headcount (``"10-49"``)."""
    return [label for label, low in SIZE_BANDS if headcount >= low][-1]


@dataclass(frozen=True)
class Member:
    """One member's figures (its lines stay in its result or the store).

    ``key`` is its anonymous id (``"M007"``); ``name`` is shown only when ``publish_name``.
    Totals in tCO2e; ``intensities`` as :data:`INTENSITIES`; ``by_post`` by BEGES post.
    """

    key: str
    name: str
    publish_name: bool
    sector: str
    headcount: int
    total: float
    intensities: Mapping[str, float] = field(default_factory=dict)
    by_post: Mapping[str, float] = field(default_factory=dict)
    comparable: float = 0.0
    conforms: bool = True

    @property
    def shown_name(self) -> str:
        """Its name if it consents, else its anonymous key."""
        return self.name if self.publish_name else self.key

    @property
    def division(self) -> str:
        """NAF division (``"62"``), or ``"?"``."""
        return self.sector[:2] if self.sector[:2].isdigit() else "?"

    @property
    def size_band(self) -> str:
        """Size band of its headcount."""
        return size_band(self.headcount)


def member_of(result: BilanResult, key: str) -> Member:
    """The figures of one member's result."""
    profile = result.profile
    comparable = result.comparable()
    return Member(
        key=key, name=result.organisation, publish_name=bool(profile and profile.publish_name),
        sector=profile.sector if profile is not None else "", headcount=result.headcount,
        total=float(result.total.to("tCO2e").magnitude),
        intensities={k: float(v.to(INTENSITIES[k]).magnitude) for k, v in result.intensities().items()},
        by_post={k: float(v.to("tCO2e").magnitude) for k, v in result.by_beges_post().items()},
        comparable=float(comparable.total.to("tCO2e").magnitude), conforms=comparable.conforms)


def quantiles(values: Sequence[float]) -> dict[str, float]:
    """:data:`QUANTILES` of ``values`` and their count ``n`` (type 7, see the module)."""
    found = np.quantile(np.asarray(values, dtype=np.float64), list(QUANTILES.values()))
    return {"n": len(values), **dict(zip(QUANTILES, found.tolist(), strict=True))}


@dataclass(frozen=True)
class Network:
    """The members of a network for one year, and their anonymised distributions."""

    year: int
    members: tuple[Member, ...]
    min_group: int = MIN_GROUP

    @property
    def total(self) -> float:
        """Members' total [tCO2e] (each member's own boundary)."""
        return sum(m.total for m in self.members)

    def _groups(self, key: str) -> dict[str, list[Member]]:
        groups: dict[str, list[Member]] = {}
        for m in self.members:
            label = "all" if key == "all" else m.division if key == "sector" else m.size_band
            groups.setdefault(label, []).append(m)
        return dict(sorted(groups.items()))

    def distributions(self, by: str = "all") -> dict[str, dict[str, dict[str, float] | None]]:
        """Group → intensity → quantiles; ``None`` for a group under :attr:`min_group` members.

        ``by`` is ``"all"``, ``"sector"`` (NAF division) or ``"size"`` (size band).
        """
        found: dict[str, dict[str, dict[str, float] | None]] = {}
        for label, members in self._groups(by).items():
            found[label] = {}
            for name in INTENSITIES:
                values = [m.intensities[name] for m in members if name in m.intensities]
                found[label][name] = quantiles(values) if len(values) >= self.min_group else None
        return found

    def by_post(self) -> dict[str, dict[str, float] | None]:
        """BEGES post → quantiles of the members' tCO2e per employee in that post (0 where absent)."""
        posts = sorted({p for m in self.members for p in m.by_post}, key=lambda p: tuple(map(int, p.split("."))))
        if len(self.members) < self.min_group:
            return dict.fromkeys(posts)
        return {p: quantiles([m.by_post.get(p, 0.0) / m.headcount for m in self.members]) for p in posts}

    def position(self, member: Member) -> dict[str, dict[str, float | None]]:
        """Intensity → the member's value and its rank in the network and its sector [0–1].

        The rank is the share of members (the member included) whose value is at or below its
        own; a sector under :attr:`min_group` members gives ``None``.
        """
        found: dict[str, dict[str, float | None]] = {}
        sector = [m for m in self.members if m.division == member.division]
        for name in INTENSITIES:
            if name not in member.intensities:
                continue
            value = member.intensities[name]
            found[name] = {"value": value, "rank": _rank(value, self.members, name),
                           "sector_rank": _rank(value, sector, name) if len(sector) >= self.min_group else None}
        return found

    def shown_members(self) -> list[Member]:
        """Members who consent to be named."""
        return [m for m in self.members if m.publish_name]


def _rank(value: float, members: Iterable[Member], name: str) -> float:
    values = np.asarray([m.intensities[name] for m in members if name in m.intensities])
    return float((values <= value).mean()) if values.size else float("nan")


def _read(path: Path) -> BilanResult:
    if path.suffix.lower() == ".json":
        return result_from_json(path.read_bytes(), source=path.name)
    return Bilan.from_yaml(path).compute()


def consolidate(folder: str | Path, *, year: int | None = None,
                store: str | Path | None = None) -> Network:
    """Read every bilan file (``*.yaml``) or JSON result (``*.json``) of ``folder`` for one year.

    Parameters
    ----------
    folder
        Folder of the members' files (not searched recursively).
    year
        The network's year (default: the year most files give); files of another year are
        skipped with a warning.
    store
        A folder where the members' lines are written as Parquet (``network`` extra).

    Raises
    ------
    InputError
        No member file in ``folder``, or every problem of every member file at once.
    """
    paths = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in {".yaml", ".yml", ".json"})
    results: list[tuple[Path, BilanResult]] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            results.append((path, _read(path)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems, f"{len(problems)} problem(s) in the network's files")
    if not results:
        raise InputError([Problem(str(folder), None, None, "", "no bilan file or JSON result",
                                  "*.yaml bilan files or *.json results of one year")])
    years = [r.year for _, r in results]
    chosen = year if year is not None else max(set(years), key=years.count)
    for path, r in results:
        if r.year != chosen:
            warnings.warn(f"{path.name}: year {r.year} left out of the network of {chosen}", CoopCarbonWarning,
                          stacklevel=2)
    kept = [r for _, r in results if r.year == chosen]
    if store is not None:
        write_results(kept, Path(store))
    return Network(chosen, tuple(member_of(r, f"M{i + 1:03d}") for i, r in enumerate(kept)))


def summary(network: Network) -> dict[str, Any]:
    """The network's report as plain data (JSON-ready), anonymised."""
    return {
        "year": network.year, "members": len(network.members), "total_tco2e": network.total,
        "min_group": network.min_group, "quantiles": "numpy type 7 (linear)",
        "intensity_units": dict(INTENSITIES),
        "distributions": {by: network.distributions(by) for by in ("all", "sector", "size")},
        "by_post_per_employee": network.by_post(),
        "named_members": [{"name": m.name, "total_tco2e": m.total} for m in network.shown_members()],
    }
