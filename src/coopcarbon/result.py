"""BilanResult: the plain-data result of a yearly bilan, read by every report.

Totals follow two layouts: GHG Protocol (scopes 1, 2 location-based, 2 market-based, 3 and the
15 scope 3 categories) and BEGES v5 (6 categories, 22 posts; location-based scope 2 only).
The main total is location-based (BEGES convention); the market-based total is reported beside
it (GHG Protocol Scope 2 dual reporting). All totals are sums of emission lines, rounded only
when formatted.
"""

from __future__ import annotations

import math
import os
from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .activities import EmissionLine
from .activity_columns import codes_of
from .breakdowns import BREAKDOWNS, ResultColumns
from .comparable import ComparableIndicator, comparable_indicator, intensities
from .display import QuantityInterval, shown
from .emissions import EmissionColumns
from .factors.library import Factor
from .gases import COLUMNS
from .organisation import OrganisationProfile
from .uncertainty import Interval, analytic_interval, monte_carlo_interval
from .units import Q, pretty_unit, pretty_units_of

if TYPE_CHECKING:
    import pint

__all__ = ["RESULT_SCHEMA_VERSION", "BilanResult", "Comparison", "read_result"]

#: Version of the JSON layout written by :meth:`BilanResult.to_json`.
RESULT_SCHEMA_VERSION = "1.0"

K = TypeVar("K", bound=Hashable)


def _t(kg: float) -> pint.Quantity[Any]:
    return shown(kg / 1000.0, "tCO2e")


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
    columns
        The engine's columns (:class:`~coopcarbon.emissions.EmissionColumns`): totals,
        breakdowns, intervals and reports read them. Given with ``lines=()``, the line objects
        are made only when :attr:`lines` is first read; given with lines, they are left out.
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
    profile: OrganisationProfile | None = None
    columns: EmissionColumns | None = field(default=None, compare=False, repr=False)

    # -- storage: the engine's columns; the line objects made when ``lines`` is first read ---------
    def __post_init__(self) -> None:
        if self.columns is None:
            return
        if self.__dict__["lines"]:  # lines given (``replace(result, lines=...)``): they win
            object.__setattr__(self, "columns", None)
        else:
            del self.__dict__["lines"]  # made from the columns by __getattr__, on first access

    if not TYPE_CHECKING:  # for mypy, ``lines`` is the field above and nothing else is dynamic

        def __getattr__(self, name: str) -> Any:
            columns = self.__dict__.get("columns")
            if name != "lines" or columns is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            lines = columns.lines()
            self.__dict__["lines"] = lines
            return lines

    @property
    def line_count(self) -> int:
        """Number of emission lines, without making the line objects of a large result."""
        columns = self.__dict__.get("columns")
        return len(columns) if columns is not None and "lines" not in self.__dict__ else len(self.lines)

    # -- totals ---------------------------------------------------------------------------
    @cached_property
    def _columns(self) -> ResultColumns:
        return ResultColumns(self.columns if self.columns is not None else EmissionColumns.from_lines(self.lines))

    def total_tonnes(self, kind: str = "location") -> float:
        """A total [tCO2e] as a plain float, no pint quantity made (the reports read these).

        ``kind`` is ``"location"`` (:attr:`total`), ``"market"`` (:attr:`total_market_based`) or
        ``"without_non_co2"`` (:attr:`total_without_non_co2`).
        """
        columns = self._columns
        found = columns.totals.get(kind)
        if found is None:
            if kind == "location":
                kg = columns.kg[columns.main]
            elif kind == "market":
                kg = columns.kg[(columns.scope != 2) | columns.market]
            elif kind == "without_non_co2":
                kg = columns.kg_without[columns.main]
            else:
                raise ValueError(f"unknown total {kind!r}: 'location', 'market' or 'without_non_co2'")
            found = columns.totals[kind] = float(sum(kg.tolist())) / 1000.0  # summed in line order
        return found

    def tonnes_by(self, key: str) -> dict[Any, float]:
        """Totals [tCO2e] by breakdown ``key`` as plain floats: the groups, in the order, of its ``by_...`` method.

        ``key`` is one of those of :meth:`intervals_by`; no pint quantity is made (the reports read these).
        """
        self._check_breakdown(key)
        sums = {k: kg / 1000.0 for k, kg in self._columns.sums(key).items()}
        if key == "scope":
            return {scope: sums.get(scope, 0.0) for scope in ("1", "2-location", "2-market", "3")}
        if key == "beges_post":
            return dict(sorted(sums.items(), key=lambda kv: _post_key(kv[0])))
        if key in ("ghg_category", "beges_category"):
            return dict(sorted(sums.items()))
        return sums

    def _in_tonnes(self, key: str) -> dict[Any, pint.Quantity[Any]]:
        return {k: shown(t, "tCO2e") for k, t in self.tonnes_by(key).items()}

    @property
    def total(self) -> pint.Quantity[Any]:
        """Total in tCO2e: scopes 1 + 2 (location-based) + 3, aviation non-CO2 effects included."""
        return shown(self.total_tonnes(), "tCO2e")

    @property
    def total_market_based(self) -> pint.Quantity[Any]:
        """Total in tCO2e with scope 2 market-based instead of location-based."""
        return shown(self.total_tonnes("market"), "tCO2e")

    @property
    def total_without_non_co2(self) -> pint.Quantity[Any]:
        """Total in tCO2e without aviation's non-CO2 effects (contrails...)."""
        return shown(self.total_tonnes("without_non_co2"), "tCO2e")

    @property
    def per_employee(self) -> pint.Quantity[Any]:
        """Total per employee [tCO2e/person]."""
        per: pint.Quantity[Any] = self.total / Q(self.headcount, "person")
        return per

    def by_scope(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by scope: ``"1"``, ``"2-location"``, ``"2-market"``, ``"3"`` [tCO2e].

        Both scope 2 methods are always present (zero when there is no electricity line).
        """
        return self._in_tonnes("scope")

    def by_ghg_category(self) -> dict[int, pint.Quantity[Any]]:
        """Scope 3 totals by GHG Protocol category 1–15 [tCO2e]."""
        return self._in_tonnes("ghg_category")

    def by_beges_post(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by BEGES v5 post (``"3.3"``) [tCO2e], location-based."""
        return self._in_tonnes("beges_post")

    def by_gas(self, key: str = "beges_post") -> dict[Any, dict[str, pint.Quantity[Any]]]:
        """Totals by gas in each group of breakdown ``key`` (a BEGES post by default) [tCO2e].

        Keys :data:`coopcarbon.gases.COLUMNS`: ``CO2f``, ``CH4f``, ``CH4b``, ``N2O``, ``other``,
        ``CO2b`` (biogenic CO2, outside the total) where the factors' sources split their CO2e,
        and ``not_split``, the CO2e of lines whose factor gives no split (:mod:`coopcarbon.gases`).
        """
        sums = self._columns.gas_sums(key)
        order = sorted(sums, key=_post_key) if key == "beges_post" else list(sums)
        return {k: {gas: _t(kg) for gas, kg in zip(COLUMNS, sums[k], strict=True)} for k in order}

    def by_beges_category(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by BEGES v5 category ``"1"``–``"6"`` [tCO2e], location-based."""
        return self._in_tonnes("beges_category")

    def by_category(self, layout: str = "beges") -> dict[Any, pint.Quantity[Any]]:
        """Totals by BEGES v5 category (``layout="beges"``) or GHG scope 3 category (``"ghg"``)."""
        return self.by_beges_category() if layout == "beges" else dict(self.by_ghg_category())

    def by_domain(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by domain (mobility, buildings, energy, hardware, purchases, other) [tCO2e]."""
        return self._in_tonnes("domain")

    def by_group(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by group (commute, business_travel, heating, ...) [tCO2e]."""
        return self._in_tonnes("group")

    def indicators(self) -> dict[str, pint.Quantity[Any]]:
        """Totals of the other indicators (ADPe, primary energy, water...), never added to CO2e.

        Only lines whose factor gives the indicator contribute: see
        :meth:`indicator_coverage` for how many lines that is.
        """
        found = self._columns.indicators
        parts: dict[str, list[pint.Quantity[Any]]] = defaultdict(list)
        for (name, unit), magnitude in found.sums.items():  # in order of first appearance
            parts[name].append(Q(magnitude, unit))
        for name, quantities in found.quantities.items():
            parts[name].extend(quantities)
        totals: dict[str, pint.Quantity[Any]] = {}
        for name, quantities in parts.items():
            total = quantities[0]
            for quantity in quantities[1:]:
                total = total + quantity  # pint converts a different unit of the same dimension
            totals[name] = total
        return dict(sorted(totals.items()))

    def indicator_amounts(self) -> dict[str, tuple[float, str]]:
        """The totals of :meth:`indicators` as (magnitude, unit as reports write it, ``"kgSbeq"``).

        When each indicator's lines all give it in one unit (the usual case) no pint quantity is
        made: the magnitudes are added in the same order, so the figures are those of
        :meth:`indicators` to the last bit.
        """
        found = self._columns.indicators
        units: dict[str, set[str]] = defaultdict(set)
        for name, unit in found.sums:
            units[name].add(unit)
        if found.quantities or any(len(each) > 1 for each in units.values()):
            return {name: (float(q.magnitude), pretty_units_of(q)) for name, q in self.indicators().items()}
        totals: dict[str, tuple[float, str]] = {}
        for (name, unit), magnitude in found.sums.items():  # one unit per name
            totals[name] = (magnitude, pretty_unit(unit))
        return dict(sorted(totals.items()))

    def indicator_coverage(self) -> dict[str, tuple[int, int]]:
        """Indicator name → (lines giving it, lines in the total)."""
        counts = self._columns.indicators.lines
        main = int(np.count_nonzero(self._columns.main))
        return {name: (n, main) for name, n in sorted(counts.items())}

    def by_factor(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by factor id [tCO2e]."""
        return self._in_tonnes("factor")

    # -- uncertainty ----------------------------------------------------------------------
    def _uncertainty_inputs(self) -> tuple[Any, Any, Any, Any]:
        """Inputs of the total's intervals: lines in the main total, factors sorted by id.

        Emissions, factor index, factor uncertainties and activity uncertainties.
        """
        columns = self._columns
        main = columns.main
        present = np.unique(columns.factor_index[main])
        order = present[np.argsort([columns.factor_ids[i] for i in present.tolist()], kind="stable")]
        remap = np.zeros(len(columns.factor_ids), dtype=np.intp)
        remap[order] = np.arange(len(order))
        return (columns.kg[main], remap[columns.factor_index[main]], columns.factor_uncertainty[order],
                columns.activity_uncertainty[main])

    @property
    def interval(self) -> Interval:
        """Analytic 95 % interval of the total [kgCO2e floats]; factors correlated across lines.

        :attr:`total_interval` gives the same interval as quantities in tCO2e, for display.
        """
        e, idx, uf, ua = self._uncertainty_inputs()
        return analytic_interval(e, idx, uf, ua)

    def intervals_by(self, key: str) -> dict[Any, Interval]:
        """Analytic 95 % interval [kgCO2e] of every total of a breakdown, at once.

        ``key`` is one of ``"scope"``, ``"ghg_category"``, ``"beges_post"``,
        ``"beges_category"``, ``"domain"``, ``"group"``, ``"factor"``, ``"site"``, ``"entity"``;
        the groups are those of the matching ``by_...`` method (``"scope"`` includes the
        market-based scope 2 lines).
        """
        self._check_breakdown(key)
        return self._columns.intervals(key)

    def _check_breakdown(self, key: str) -> None:
        if key not in BREAKDOWNS:
            raise ValueError(f"unknown breakdown {key!r}: one of {', '.join(BREAKDOWNS)}")
        if key == "entity":
            self._entity_codes()

    def monte_carlo_interval(self, samples: int = 10_000, seed: int | None = None) -> Interval:
        """Monte Carlo 95 % interval of the total [kgCO2e] (one draw per factor per iteration)."""
        e, idx, uf, ua = self._uncertainty_inputs()
        return monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=seed)[0]

    def group_interval(self, key: Callable[[EmissionLine], Hashable], value: Hashable) -> Interval:
        """Analytic 95 % interval [kgCO2e] of the lines whose ``key(line) == value``.

        For the breakdowns of the reports, :meth:`intervals_by` gives every group at once.
        """
        columns = self._columns
        chosen = columns.main & np.fromiter((key(line) == value for line in self.lines), dtype=np.bool_,
                                            count=len(self.lines))
        return analytic_interval(columns.kg[chosen], columns.factor_index[chosen], columns.factor_uncertainty,
                                 columns.activity_uncertainty[chosen])

    # -- organisation: sites, entities, intensities --------------------------------------------
    def by_site(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by site [tCO2e] (``""``: lines without a site), location-based."""
        return self._in_tonnes("site")

    def by_entity(self) -> dict[str, pint.Quantity[Any]]:
        """Totals by legal entity [tCO2e], after the boundary.

        The organisation's own lines (no site, or a site without entity) are under its name.
        """
        return self._in_tonnes("entity")

    def _entity_codes(self) -> None:
        """Group code of each line by its site's entity, registered as breakdown ``"entity"``."""
        columns = self._columns
        if "entity" in columns._codes:
            return
        owner = self.profile.site_entity if self.profile is not None else {}
        index: dict[str, int] = {}
        codes = codes_of(columns.emissions.activities, lambda a: owner.get(a.site, "") or self.organisation, index)
        columns._codes["entity"] = (list(index), codes, columns.main.copy())

    def intensities(self) -> dict[str, pint.Quantity[Any]]:
        """Total per employee [tCO2e/person], per M€ of revenue [tCO2e/MEUR] and per m² [kgCO2e/m2].

        Revenue and floor area come from the bilan file (``revenue``, ``floor_area`` or its
        sites'); an intensity whose denominator is unknown is left out.
        """
        return intensities(self.total, self.headcount, self.profile)

    def comparable(self) -> ComparableIndicator:
        """The comparable indicator: a named, versioned perimeter two organisations compare on."""
        return comparable_indicator(self.by_beges_post(), self.headcount, self.profile)

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
        import pint  # lazy start-up: factor values are compared as quantities

        changes: dict[str, tuple[float, float | None, float | None]] = {}
        for factor in self._factors().values():
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

    def _factors(self) -> dict[str, Factor]:
        """The factors of the lines, by id, in order of first use."""
        return {r.factor.id: r.factor for r in self._columns.emissions.reportings}

    # -- reports --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Everything, as plain data (JSON-ready); see :data:`RESULT_SCHEMA_VERSION`."""
        from .reports.data import result_to_dict

        return result_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """JSON report: every line and every total, schema-versioned."""
        from .reports.data import result_to_json

        return result_to_json(self, indent=indent)

    def to_csv(self, lang: str = "en") -> str:
        """CSV report: one row per emission line, with factor id, source, value and unit.

        ``lang="fr"`` writes it for a French spreadsheet: ``;``, decimal comma, French headers
        (write it with the encoding ``utf-8-sig``, as the command does, so Excel reads the accents).
        """
        from .reports.data import result_to_csv, result_to_french_csv

        return result_to_french_csv(self) if lang == "fr" else result_to_csv(self)

    def to_markdown(self, lang: str = "fr") -> str:
        """Markdown report in French (``"fr"``) or English (``"en"``)."""
        from .reports.markdown import to_markdown

        return to_markdown(self, lang=lang)

    def to_html(self, lang: str = "fr", *, compare_with: Sequence[BilanResult] = ()) -> str:
        """Self-contained HTML report with charts (needs the ``plot`` extra for charts)."""
        from .reports.html import to_html

        return to_html(self, lang=lang, history=compare_with)

    # -- notebooks and spreadsheets -------------------------------------------------------------
    @property
    def total_interval(self) -> QuantityInterval:
        """Analytic 95 % interval of the total as quantities [tCO2e] (``interval`` gives kgCO2e floats).

        Printed as ``21.42 tCO2e (95 % interval 18.9 – 24 tCO2e, ±12 %)``.
        """
        interval = self.interval
        return QuantityInterval.of_kg(interval.central, interval.low, interval.high, interval.method)

    def __repr__(self) -> str:
        spread = f" ±{self.interval.relative * 100:.0f} %" if self.lines else ""
        return (f"<BilanResult {self.organisation!r} {self.year}: {self.total}{spread}, "
                f"{self.headcount} employees, {len(self.lines)} lines>")

    def _repr_html_(self) -> str:
        """The summary card of the HTML report, for notebooks (English)."""
        from .reports.notebook import summary_card

        return summary_card(self, lang="en")

    def to_dataframe(self) -> Any:
        """One row per emission line, as a :class:`pandas.DataFrame` (needs the ``dataframe`` extra).

        Columns: ``label``, ``domain``, ``group``, ``site``, ``quantity`` and ``quantity_unit``,
        ``factor_id``, ``factor_value``, ``factor_unit``, ``source``, ``source_id``,
        ``factor_year``, ``scope``, ``scope_key`` (``"2-market"``...), ``ghg_category``,
        ``beges_post``, ``co2e_kg`` [kgCO2e], ``in_total`` (``False`` for market-based scope 2
        lines, reported beside the total), ``uncertainty`` (relative 95 % half-width), ``low_kg``
        and ``high_kg`` (the line's 95 % interval [kgCO2e]), ``data_quality`` and ``note``.
        ``df.loc[df.in_total, "co2e_kg"].sum() / 1000`` is :attr:`total` in tCO2e.
        """
        from .reports.notebook import result_to_dataframe

        return result_to_dataframe(self)

    def to_xlsx(self, path: Any = None, lang: str = "fr") -> bytes:
        """Excel workbook: summary, posts, scopes, lines with sources, bibliography (``xlsx`` extra).

        Returns the workbook's bytes, also written to ``path`` when given.
        """
        from .reports.xlsx import result_to_xlsx

        return result_to_xlsx(self, path, lang=lang)

    @classmethod
    def from_json(cls, text: str | bytes, source: str = "<json>") -> BilanResult:
        """A result saved with :meth:`to_json`, read back (every total equal to the original's)."""
        from .reports.data import result_from_json

        return result_from_json(text, source=source)


def read_result(path: str | os.PathLike[str]) -> BilanResult:
    """Read a result saved as JSON (``coopcarbon report --format json``, :meth:`BilanResult.to_json`).

    Raises
    ------
    InputError
        When the file is not a coopcarbon result, naming the file and the wrong field.
    """
    file = Path(path)
    return BilanResult.from_json(file.read_bytes(), source=file.name)


def _post_key(post: str) -> tuple[int, int]:
    major, minor = post.split(".")
    return int(major), int(minor)


@dataclass(frozen=True)
class Comparison:
    """Two results side by side: change per BEGES post, scope and domain, in tCO2e and %."""

    before: BilanResult
    after: BilanResult

    @staticmethod
    def _diff(a: dict[Any, float], b: dict[Any, float]) -> dict[Any, tuple[float, float, float, float | None]]:
        keys = list(dict.fromkeys([*a, *b]))
        rows = {}
        for k in keys:
            x = a.get(k, 0.0)
            y = b.get(k, 0.0)
            rows[k] = (x, y, y - x, ((y - x) / x) if x else None)
        return rows

    def by_beges_post(self) -> dict[str, tuple[float, float, float, float | None]]:
        """Post → (before, after, change in tCO2e, relative change or None)."""
        return dict(sorted(self._diff(self.before.tonnes_by("beges_post"), self.after.tonnes_by("beges_post")).items(),
                           key=lambda kv: _post_key(kv[0])))

    def by_scope(self) -> dict[str, tuple[float, float, float, float | None]]:
        """Scope → (before, after, change in tCO2e, relative change or None)."""
        return self._diff(self.before.tonnes_by("scope"), self.after.tonnes_by("scope"))

    def by_domain(self) -> dict[str, tuple[float, float, float, float | None]]:
        """Domain → (before, after, change in tCO2e, relative change or None)."""
        return self._diff(self.before.tonnes_by("domain"), self.after.tonnes_by("domain"))

    @property
    def change(self) -> pint.Quantity[Any]:
        """Change of the total, after − before [tCO2e]."""
        change: pint.Quantity[Any] = self.after.total - self.before.total
        return change

    @property
    def relative_change(self) -> float:
        """Relative change of the total (−0.1 = −10 %)."""
        before = self.before.total_tonnes()
        return (self.after.total_tonnes() - before) / before if before else float("nan")

    def factor_changes(self) -> dict[str, tuple[float, float]]:
        """Factors used in both whose value changed: id → (before, after) in the before unit.

        ``after`` is NaN when the factor's unit changed dimension (not comparable).
        """
        import pint  # lazy start-up: factor values are compared as quantities

        old, new = self.before._factors(), self.after._factors()
        changes = {}
        for fid in old.keys() & new.keys():
            before = float(old[fid].value.magnitude)
            try:
                after = float(new[fid].value.to(old[fid].value.units).magnitude)
            except pint.DimensionalityError:
                after = math.nan
            if not np.isclose(before, after, rtol=1e-12):
                changes[fid] = (before, after)
        return changes
