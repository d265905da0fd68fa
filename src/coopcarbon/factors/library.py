"""The records of emission factors: :class:`Factor`, :class:`Parameter`, :class:`FactorLibrary`.

Plain, frozen values: reading them has no side effect. Loading, merging and caching tables is
:mod:`coopcarbon.factors.loading`.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from ..pedigree import BASIC_UNCERTAINTY, PedigreeScores, default_process_kind, pedigree_uncertainty
from ..problems import UnknownFactorError
from ..units import Q

if TYPE_CHECKING:  # pint is imported when a factor's value is first asked for
    import pint

__all__ = ["Factor", "FactorLibrary", "Indicator", "Parameter", "Part", "cite", "pedigree_text"]


def cite(source_key: str | None, source_id: str, verified: bool, lang: str = "en") -> str:
    """A short citation: ``[ADEME-BE] 27025``; ``(unverified)`` marks a second-hand value.

    ``lang="fr"`` writes ``(non vérifié)``.

    Examples
    --------
    >>> cite("ADEME-BE", "43256", False), cite("ADEME-BE", "42513", True), cite(None, "", False)
    ('[ADEME-BE] 43256 (unverified)', '[ADEME-BE] 42513', '')
    >>> cite("ADEME-BE", "43256", False, lang="fr")
    '[ADEME-BE] 43256 (non vérifié)'
    """
    if not source_key:
        return ""
    text = f"[{source_key}] {source_id}".rstrip()
    return text if verified else f"{text} ({'non vérifié' if lang == 'fr' else 'unverified'})"


def pedigree_text(scores: PedigreeScores, kind: str) -> str:
    """A pedigree uncertainty and how it was found.

    E.g. ``±105 % (95 %) from the pedigree matrix, basic uncertainty of a transport service
    (Weidema et al. 2013, table 10.3: demand of transport services)``.
    """
    row = BASIC_UNCERTAINTY[kind][1]
    words = kind.replace("_", " ")
    if kind != "infrastructure":  # a mass noun: "of infrastructure"
        words = ("an " if words[0] in "aeiou" else "a ") + words
    return (f"±{pedigree_uncertainty(scores, kind):.0%} (95 %) from the pedigree matrix, basic uncertainty of "
            f"{words} (Weidema et al. 2013, table 10.3: {row})")


@dataclass(frozen=True)
class Indicator:
    """Another environmental indicator of a factor's activity (never added to CO2e).

    ``value`` is per unit of the factor's activity, e.g. ``0.0123 kgSbeq/device``.
    """

    name: str
    magnitude: float
    unit: str
    source: str
    source_id: str = ""

    @property
    def value(self) -> pint.Quantity[Any]:
        """The indicator per unit of activity, as a quantity."""
        return Q(self.magnitude, self.unit)


class Part(NamedTuple):
    """One part of a factor's decomposition as its source publishes it (combustion, upstream...).

    ``value`` is in the factor's own unit (e.g. ``kgCO2e/kWh``); ``gases`` splits it by gas
    (``CO2f``, ``CH4f``, ``N2O``...), in CO2e of the factor's unit, when the source does.
    A named tuple: a library of ADEME's export holds some 44 000 of them, made at C speed
    (``tuple.__new__(Part, fields)``) and kept as they are in the rows of the library and its cache.
    """

    kind: str
    value: float
    name_fr: str = ""
    name_en: str = ""
    gases: Mapping[str, float] = MappingProxyType({})  # read only, as every mapping a factor holds


@dataclass(frozen=True)
class Factor:
    """One emission factor with its provenance.

    ``value`` is a pint quantity such as ``0.00293 kgCO2e/passenger_km``; ``uncertainty``
    is the relative half-width of its 95 % interval (``None`` when the source gives none).
    """

    id: str
    magnitude: float
    unit: str
    name_fr: str
    name_en: str
    source: str
    source_id: str
    year: int
    uncertainty: float | None
    uncertainty_source: str
    quality: PedigreeScores | None
    region: str
    gwp: str
    basis: str | None
    pcs_pci_ratio: float | None
    scope: int
    ghg_category: int | None
    beges_post: str
    without_non_co2: str | None
    lifetime_years: float | None
    estimated: bool
    license: str
    notes: str
    valid_from: int | None
    valid_to: int | None
    source_url: str
    table: str
    table_version: str
    file: str
    line: int | None
    indicators: Mapping[str, Indicator] = field(default_factory=dict)
    overrides: str | None = None
    source_key: str | None = None  # key of the publication in the bibliography, e.g. "ADEME-BE"
    verified: bool = False  # the value was checked in that publication (not second-hand)
    parts: tuple[Part, ...] = ()  # the source's decomposition, each in the factor's unit
    gases: Mapping[str, float] = field(default_factory=dict)  # split by gas [factor's unit, CO2e]
    process_kind: str | None = None  # as the table states it; see `kind`

    @cached_property
    def value(self) -> pint.Quantity[Any]:
        """The factor as a quantity, e.g. ``0.00293 kgCO2e/passenger_km`` (built on first use)."""
        return Q(self.magnitude, self.unit)

    @property
    def kind(self) -> str:
        """The kind of process the factor stands for: as its table states it, else by its domain.

        It sets the basic uncertainty of the pedigree matrix (:func:`coopcarbon.uncertainty.pedigree_uncertainty`).
        """
        return self.process_kind or default_process_kind(self.id, self.scope)

    def name(self, lang: str = "en") -> str:
        """The factor's name in French (``"fr"``) or English."""
        return self.name_fr if lang == "fr" else self.name_en

    def __str__(self) -> str:
        text = f"{self.id} = {self.value.magnitude:g} {self.value.units:~P} ({self.name_en} / {self.name_fr})"
        text += f"\n  source: {self.source}"
        if self.source_id:
            text += f", id {self.source_id}"
        text += f", {self.year}; license: {self.license}"
        if self.source_key:
            text += f"\n  cited as: {self.citation()}"
        if self.uncertainty is not None:
            text += f"\n  uncertainty: ±{self.uncertainty:.0%} (95 %)"
        elif self.quality is not None:
            q = self.quality
            text += (f"\n  uncertainty: not given by the source; {pedigree_text(q, self.kind)}, quality scores "
                     f"{q.reliability}/{q.completeness}/{q.temporal}/{q.geographic}/{q.technological}")
        else:
            text += "\n  uncertainty: not given by the source (counted as ±50 %)"
        text += f"\n  scope {self.scope}" + (f", category {self.ghg_category}" if self.ghg_category else "")
        text += f"; BEGES post {self.beges_post}; region {self.region}; GWP {self.gwp}"
        if self.basis:
            text += f"; per kWh {self.basis}"
        if self.notes:
            text += f"\n  notes: {self.notes}"
        text += f"\n  table: {self.table} {self.table_version} ({self.file}:{self.line})"
        return text

    def provenance(self) -> dict[str, Any]:
        """Plain-data provenance of this factor, as recorded on every emission line."""
        return {
            "factor_id": self.id, "value": self.magnitude, "unit": self.unit,
            "source": self.source, "source_id": self.source_id, "year": self.year,
            "license": self.license, "table": self.table, "table_version": self.table_version,
            "uncertainty": self.uncertainty, "overrides": self.overrides,
            "source_key": self.source_key, "verified": self.verified,
        }

    def citation(self, lang: str = "en") -> str:
        """The short citation of this factor's source, e.g. ``[ADEME-BE] 43256 (unverified)``.

        Empty when the factor names no publication of the bibliography (``source_key``).
        """
        return cite(self.source_key, self.source_id, self.verified, lang)


@dataclass(frozen=True)
class Parameter:
    """A sourced parameter (not an emission factor), e.g. office energy use per m² per year."""

    id: str
    magnitude: float
    unit: str
    name_fr: str
    name_en: str
    source: str
    source_id: str
    year: int
    uncertainty: float | None
    estimated: bool
    license: str
    notes: str
    table: str
    file: str
    line: int | None

    @cached_property
    def value(self) -> pint.Quantity[Any]:
        """The parameter as a quantity (built on first use)."""
        return Q(self.magnitude, self.unit)

    def __str__(self) -> str:
        text = f"{self.id} = {self.value:~P} ({self.name_en} / {self.name_fr})"
        text += f"\n  source: {self.source}" + (f", id {self.source_id}" if self.source_id else "")
        text += f", {self.year}" + ("; ESTIMATED" if self.estimated else "")
        if self.notes:
            text += f"\n  notes: {self.notes}"
        return text


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class FactorLibrary(Mapping[str, Factor]):
    """Emission factors by id, from the bundled tables and any user tables.

    Use it as a read-only mapping: ``lib["mobility.train.tgv"]``, ``"id" in lib``,
    iteration over ids (in id order). ``fingerprint`` is a hash of the content every result
    records (values, units, uncertainties and quality scores, sources, reporting categories,
    conversions, links, indicators, parts and gases); :func:`~coopcarbon.factors.load_factors`
    computes it.
    A library is a plain value: reading it never writes anything.
    """

    factors: Mapping[str, Factor]
    tables: tuple[tuple[str, str, str], ...]  # (name, version, file)
    digests: tuple[str, ...]
    fingerprint: str  # SHA-256 (hex) of what every figure depends on, computed by the loader
    overridden: Mapping[str, str] = field(default_factory=dict)  # id -> file that replaced it
    parameters: Mapping[str, Parameter] = field(default_factory=dict)

    def parameter(self, parameter_id: str) -> Parameter:
        """A sourced parameter by id (raises :class:`UnknownFactorError` with nearest ids)."""
        try:
            return self.parameters[parameter_id]
        except KeyError:
            close = difflib.get_close_matches(parameter_id, list(self.parameters), n=5, cutoff=0.5)
            raise UnknownFactorError(parameter_id, close) from None

    def __getitem__(self, factor_id: str) -> Factor:
        try:
            return self.factors[factor_id]
        except KeyError:
            raise UnknownFactorError(factor_id, self.nearest(factor_id)) from None

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self.factors  # not through __getitem__: a miss computes no suggestion

    def get(self, factor_id: str, default: Any = None) -> Any:
        """The factor ``factor_id``, or ``default`` when there is none (no suggestion is computed)."""
        return self.factors[factor_id] if factor_id in self.factors else default

    def __iter__(self) -> Iterator[str]:
        return iter(self.factors)

    def __len__(self) -> int:
        return len(self.factors)

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FactorLibrary) and other.fingerprint == self.fingerprint

    def __repr__(self) -> str:
        return f"<FactorLibrary {len(self)} factors, fingerprint {self.fingerprint[:12]}>"

    def nearest(self, factor_id: str, n: int = 5) -> list[str]:
        """Ids closest to ``factor_id`` (spelling, then shared prefix)."""
        ids = list(self.factors)
        close = difflib.get_close_matches(factor_id, ids, n=n, cutoff=0.5)
        if len(close) < n:
            prefix = factor_id.rsplit(".", 1)[0]
            close += [i for i in ids if i.startswith(prefix) and i not in close][: n - len(close)]
        return close

    def search(self, text: str) -> list[Factor]:
        """Factors whose id or French/English name contains every word of ``text``.

        Case and accents are ignored: ``search("electricite")`` finds ``Électricité``.
        """
        words = _fold(text).split()
        found = []
        for factor in self.factors.values():
            haystack = _fold(f"{factor.id} {factor.name_fr} {factor.name_en} {factor.source_id}")
            if all(w in haystack for w in words):
                found.append(factor)
        return sorted(found, key=lambda f: f.id)

    @property
    def version(self) -> str:
        """Versions of the tables, e.g. ``"energy 2026.11, mobility 2026.11"``."""
        return ", ".join(f"{name} {version}" for name, version, _ in self.tables)
