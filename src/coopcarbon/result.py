"""BilanResult: the plain-data result of a yearly bilan, read by every report.

Totals follow two layouts: GHG Protocol (scopes 1, 2 location-based, 2 market-based, 3 and the
15 scope 3 categories) and BEGES v5 (6 categories, 22 posts; location-based scope 2 only).
The main total is location-based (BEGES convention); the market-based total is reported beside
it (GHG Protocol Scope 2 dual reporting). All totals are sums of emission lines, rounded only
when formatted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pint

from .activities import EmissionLine
from .categories import beges_category
from .engine import factor_uncertainty
from .uncertainty import Interval, analytic_interval, monte_carlo_interval
from .units import Q

__all__ = ["RESULT_SCHEMA_VERSION", "BilanResult", "Comparison"]

#: Version of the JSON layout written by :meth:`BilanResult.to_json`.
RESULT_SCHEMA_VERSION = "1.0"

K = TypeVar("K", bound=Hashable)


def _t(kg: float) -> pint.Quantity[Any]:
    return Q(kg / 1000.0, "tCO2e")


@dataclass(frozen=True)
class BilanResult:
    """Every emission line of a year and the totals computed from them.

    Attributes
    ----------
    organisation, year, headcount
        Who and when.
    lines
        Every emission line (kgCO2e each), in input order.
    factors_fingerprint, factors_version
        The factor library used, so the same file gives the same report years later.
    overridden
        Factor ids replaced by a user table (id → file).
    notes
        Conventions applied and extrapolations made (free text, one per entry).
    monte_carlo
        Monte Carlo 95 % interval in kgCO2e when ``compute(samples=...)`` asked for one.
    """

    organisation: str
    year: int
    headcount: int
    lines: tuple[EmissionLine, ...]
    factors_fingerprint: str
    factors_version: str
    coopcarbon_version: str
    overridden: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    monte_carlo: Interval | None = None
    samples: int = 0
    seed: int | None = None

    # -- totals ---------------------------------------------------------------------------
    def _main(self) -> list[EmissionLine]:
        return [line for line in self.lines if line.in_main_total]

    def _sum(self, key: Callable[[EmissionLine], K | None],
             lines: Iterable[EmissionLine] | None = None) -> dict[K, pint.Quantity[Any]]:
        sums: dict[K, float] = defaultdict(float)
        for line in (self._main() if lines is None else lines):
            k = key(line)
            if k is not None:
                sums[k] += line.kg
        return {k: _t(v) for k, v in sums.items()}

    @property
    def total(self) -> pint.Quantity[Any]:
        """Total in tCO2e: scopes 1 + 2 (location-based) + 3, aviation non-CO2 effects included."""
        return _t(sum(line.kg for line in self._main()))

    @property
    def total_market_based(self) -> pint.Quantity[Any]:
        """Total in tCO2e with scope 2 market-based instead of location-based."""
        kg = sum(line.kg for line in self.lines if line.scope != 2 or line.scope_key == "2-market")
        return _t(kg)

    @property
    def total_without_non_co2(self) -> pint.Quantity[Any]:
        """Total in tCO2e without aviation's non-CO2 effects (contrails...)."""
        return _t(sum(line.kg_without_non_co2 for line in self._main()))

    @property
    def per_employee(self) -> pint.Quantity[Any]:
        """Total per employee [tCO2e/person]."""
        per: pint.Quantity[Any] = self.total / Q(self.headcount, "person")
        return per

    def by_scope(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by scope: ``"1"``, ``"2-location"``, ``"2-market"``, ``"3"`` [tCO2e].

        Both scope 2 methods are always present (zero when there is no electricity line).
        """
        sums = self._sum(lambda line: line.scope_key, self.lines)
        return {key: sums.get(key, _t(0.0)) for key in ("1", "2-location", "2-market", "3")}

    def by_ghg_category(self) -> dict[int, pint.Quantity[Any]]:
        """Scope 3 totals by GHG Protocol category 1–15 [tCO2e]."""
        return dict(sorted(self._sum(lambda line: line.ghg_category if line.scope == 3 else None).items()))

    def by_beges_post(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by BEGES v5 post (``"3.3"``) [tCO2e], location-based."""
        return dict(sorted(self._sum(lambda line: line.beges_post).items(), key=lambda kv: _post_key(kv[0])))

    def by_beges_category(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by BEGES v5 category ``"1"``–``"6"`` [tCO2e], location-based."""
        return dict(sorted(self._sum(lambda line: beges_category(line.beges_post)).items()))

    def by_category(self, layout: str = "beges") -> dict[Any, pint.Quantity[Any]]:
        """Totals by BEGES v5 category (``layout="beges"``) or GHG scope 3 category (``"ghg"``)."""
        return self.by_beges_category() if layout == "beges" else dict(self.by_ghg_category())

    def by_domain(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by domain (mobility, buildings, energy, hardware, purchases, other) [tCO2e]."""
        return self._sum(lambda line: line.activity.domain)

    def by_group(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by group (commute, business_travel, heating, ...) [tCO2e]."""
        return self._sum(lambda line: line.activity.group or line.activity.domain)

    def indicators(self) -> dict[str, pint.Quantity[Any]]:
        """Totals of the other indicators (ADPe, primary energy, water...), never added to CO2e.

        Only lines whose factor gives the indicator contribute: see
        :meth:`indicator_coverage` for how many lines that is.
        """
        totals: dict[str, pint.Quantity[Any]] = {}
        for line in self._main():
            for name, quantity in line.indicators.items():
                totals[name] = totals[name] + quantity if name in totals else quantity
        return dict(sorted(totals.items()))

    def indicator_coverage(self) -> dict[str, tuple[int, int]]:
        """Indicator name → (lines giving it, lines in the total)."""
        main = self._main()
        counts: dict[str, int] = {}
        for line in main:
            for name in line.indicators:
                counts[name] = counts.get(name, 0) + 1
        return {name: (n, len(main)) for name, n in sorted(counts.items())}

    def by_factor(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by factor id [tCO2e]."""
        return self._sum(lambda line: line.factor.id)

    # -- uncertainty ----------------------------------------------------------------------
    def _uncertainty_inputs(self) -> tuple[Any, Any, Any, Any]:
        main = self._main()
        ids = sorted({line.factor.id for line in main})
        index = {fid: i for i, fid in enumerate(ids)}
        u_factor = np.zeros(len(ids))
        for line in main:
            u_factor[index[line.factor.id]] = factor_uncertainty(line.factor)
        e = np.array([line.kg for line in main])
        idx = np.array([index[line.factor.id] for line in main], dtype=np.intp)
        ua = np.array([line.activity.relative_uncertainty for line in main])
        return e, idx, u_factor, ua

    @property
    def interval(self) -> Interval:
        """Analytic 95 % interval of the total [kgCO2e]; factors correlated across lines."""
        e, idx, uf, ua = self._uncertainty_inputs()
        return analytic_interval(e, idx, uf, ua)

    def monte_carlo_interval(self, samples: int = 10_000, seed: int | None = None) -> Interval:
        """Monte Carlo 95 % interval of the total [kgCO2e] (one draw per factor per iteration)."""
        e, idx, uf, ua = self._uncertainty_inputs()
        return monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=seed)[0]

    def group_interval(self, key: Callable[[EmissionLine], Hashable], value: Hashable) -> Interval:
        """Analytic 95 % interval [kgCO2e] of the lines whose ``key(line) == value``."""
        chosen = [line for line in self._main() if key(line) == value]
        ids = sorted({line.factor.id for line in chosen})
        index = {fid: i for i, fid in enumerate(ids)}
        uf = np.zeros(len(ids))
        for line in chosen:
            uf[index[line.factor.id]] = line.factor_uncertainty
        return analytic_interval([line.kg for line in chosen],
                                 [index[line.factor.id] for line in chosen], uf,
                                 [line.activity.relative_uncertainty for line in chosen])

    # -- comparison -----------------------------------------------------------------------
    def compare(self, other: BilanResult) -> Comparison:
        """This result against ``other`` (a previous year or a scenario), post by post."""
        return Comparison(before=other, after=self)

    def changed_factors(self, library: Mapping[str, Any]
                        ) -> dict[str, tuple[float, float | None, float | None]]:
        """Factors of this result whose value differs in ``library`` (e.g. this year's tables).

        Compares the factor values recorded on this result's lines (so it works on a result
        read back from JSON) with ``library``'s, to explain why recomputing a saved bilan with
        newer tables changes it; :meth:`Bilan.compute(factors=...) <coopcarbon.Bilan.compute>`
        with the old library reproduces the old result.

        Returns
        -------
        dict
            Factor id → ``(old value, new value, relative change)``, values in the factor's unit
            as recorded here (``kgCO2e/passenger_km``...); the new value is ``None`` when the id
            is gone from ``library`` or its unit no longer converts, and the relative change
            ``(new − old) / old`` is ``None`` then or when the old value is zero.
        """
        changes: dict[str, tuple[float, float | None, float | None]] = {}
        for factor in {line.factor.id: line.factor for line in self.lines}.values():
            old = float(factor.value.magnitude)
            new_factor = library.get(factor.id)  # a FactorLibrary gives None for an unknown id
            try:
                new = (float(new_factor.value.to(factor.value.units).magnitude)
                       if new_factor is not None else None)
            except pint.DimensionalityError:
                new = None
            if new is not None and new == old:
                continue
            relative = (new - old) / old if new is not None and old else None
            changes[factor.id] = (old, new, relative)
        return dict(sorted(changes.items()))

    # -- reports --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain data (JSON-ready); see :data:`RESULT_SCHEMA_VERSION`."""
        from .reports.data import result_to_dict

        return result_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """JSON report: every line and every total, schema-versioned."""
        from .reports.data import result_to_json

        return result_to_json(self, indent=indent)

    def to_csv(self) -> str:
        """CSV report: one row per emission line, with factor id, source, value and unit."""
        from .reports.data import result_to_csv

        return result_to_csv(self)

    def to_markdown(self, lang: str = "fr") -> str:
        """Markdown report in French (``"fr"``) or English (``"en"``)."""
        from .reports.markdown import to_markdown

        return to_markdown(self, lang=lang)

    def to_html(self, lang: str = "fr", *, compare_with: Sequence[BilanResult] = ()) -> str:
        """Self-contained HTML report with charts (needs the ``plot`` extra for charts)."""
        from .reports.html import to_html

        return to_html(self, lang=lang, history=compare_with)


def _post_key(post: str) -> tuple[int, int]:
    major, minor = post.split(".")
    return int(major), int(minor)


@dataclass(frozen=True)
class Comparison:
    """Two results side by side: change per BEGES post, scope and domain, in tCO2e and %."""

    before: BilanResult
    after: BilanResult

    @staticmethod
    def _diff(a: dict[Any, pint.Quantity[Any]], b: dict[Any, pint.Quantity[Any]]
              ) -> dict[Any, tuple[float, float, float, float | None]]:
        keys = list(dict.fromkeys([*a, *b]))
        rows = {}
        for k in keys:
            x = float(a[k].to("tCO2e").magnitude) if k in a else 0.0
            y = float(b[k].to("tCO2e").magnitude) if k in b else 0.0
            rows[k] = (x, y, y - x, ((y - x) / x) if x else None)
        return rows

    def by_beges_post(self) -> dict[str, tuple[float, float, float, float | None]]:
        """Post → (before, after, change in tCO2e, relative change or None)."""
        return dict(sorted(self._diff(self.before.by_beges_post(), self.after.by_beges_post()).items(),
                           key=lambda kv: _post_key(kv[0])))

    def by_scope(self) -> dict[str, tuple[float, float, float, float | None]]:
        """Scope → (before, after, change in tCO2e, relative change or None)."""
        return self._diff(self.before.by_scope(), self.after.by_scope())

    def by_domain(self) -> dict[str, tuple[float, float, float, float | None]]:
        """Domain → (before, after, change in tCO2e, relative change or None)."""
        return self._diff(self.before.by_domain(), self.after.by_domain())

    @property
    def change(self) -> pint.Quantity[Any]:
        """Change of the total, after − before [tCO2e]."""
        change: pint.Quantity[Any] = self.after.total - self.before.total
        return change

    @property
    def relative_change(self) -> float:
        """Relative change of the total (−0.1 = −10 %)."""
        before = float(self.before.total.magnitude)
        return float(self.change.magnitude) / before if before else float("nan")

    def factor_changes(self) -> dict[str, tuple[float, float]]:
        """Factors used in both whose value changed: id → (before, after) in their units."""
        old = {line.factor.id: line.factor for line in self.before.lines}
        new = {line.factor.id: line.factor for line in self.after.lines}
        return {fid: (float(old[fid].value.magnitude), float(new[fid].value.to(old[fid].value.units).magnitude))
                for fid in old.keys() & new.keys()
                if not np.isclose(float(old[fid].value.magnitude),
                                  float(new[fid].value.to(old[fid].value.units).magnitude), rtol=1e-12)}
