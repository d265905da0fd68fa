"""FactorLibrary: the validated, merged, searchable and fingerprinted set of emission factors."""

from __future__ import annotations

import difflib
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import pint

from ..errors import OverrideError, Problem, TableError, UnknownFactorError
from ..units import Q
from .schema import FactorEntry, QualityScores, TableMeta
from .validate import CheckedTable, check_table

__all__ = ["Factor", "FactorLibrary", "Parameter", "bundled_tables_dir", "load_factors"]


@dataclass(frozen=True)
class Factor:
    """One emission factor with its provenance.

    ``value`` is a pint quantity such as ``0.00293 kgCO2e/passenger_km``; ``uncertainty``
    is the relative half-width of its 95 % interval (``None`` when the source gives none).
    """

    id: str
    value: pint.Quantity[Any]
    name_fr: str
    name_en: str
    source: str
    source_id: str
    year: int
    uncertainty: float | None
    uncertainty_source: str
    quality: QualityScores | None
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
    overrides: str | None = None

    @property
    def unit(self) -> str:
        """The factor's unit as written in its table."""
        return str(self.value.units)

    def name(self, lang: str = "en") -> str:
        """The factor's name in French (``"fr"``) or English."""
        return self.name_fr if lang == "fr" else self.name_en

    def __str__(self) -> str:
        text = f"{self.id} = {self.value.magnitude:g} {self.value.units:~P} ({self.name_en} / {self.name_fr})"
        text += f"\n  source: {self.source}"
        if self.source_id:
            text += f", id {self.source_id}"
        text += f", {self.year}; license: {self.license}"
        text += "\n  uncertainty: " + (f"±{self.uncertainty:.0%} (95 %)" if self.uncertainty is not None
                                       else "not given by the source")
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
            "factor_id": self.id, "value": self.value.magnitude, "unit": self.unit,
            "source": self.source, "source_id": self.source_id, "year": self.year,
            "license": self.license, "table": self.table, "table_version": self.table_version,
            "uncertainty": self.uncertainty, "overrides": self.overrides,
        }


@dataclass(frozen=True)
class Parameter:
    """A sourced parameter (not an emission factor), e.g. office energy use per m² per year."""

    id: str
    value: pint.Quantity[Any]
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

    def __str__(self) -> str:
        text = f"{self.id} = {self.value:~P} ({self.name_en} / {self.name_fr})"
        text += f"\n  source: {self.source}" + (f", id {self.source_id}" if self.source_id else "")
        text += f", {self.year}" + ("; ESTIMATED" if self.estimated else "")
        if self.notes:
            text += f"\n  notes: {self.notes}"
        return text


def _factor_from_entry(factor_id: str, entry: FactorEntry, meta: TableMeta, file: str,
                       line: int | None) -> Factor:
    return Factor(
        id=factor_id, value=Q(entry.value, entry.unit), name_fr=entry.name_fr,
        name_en=entry.name_en, source=entry.source, source_id=entry.source_id, year=entry.year,
        uncertainty=entry.uncertainty, uncertainty_source=entry.uncertainty_source,
        quality=entry.quality, region=entry.region, gwp=entry.gwp, basis=entry.basis,
        pcs_pci_ratio=entry.pcs_pci_ratio, scope=entry.scope, ghg_category=entry.ghg_category,
        beges_post=entry.beges_post, without_non_co2=entry.without_non_co2,
        lifetime_years=entry.lifetime_years, estimated=entry.estimated,
        license=entry.license or meta.license, notes=entry.notes, valid_from=entry.valid_from,
        valid_to=entry.valid_to, source_url=entry.source_url, table=meta.name,
        table_version=meta.version, file=file, line=line,
    )


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class FactorLibrary(Mapping[str, Factor]):
    """Emission factors by id, from the bundled tables and any user tables.

    Use it as a read-only mapping: ``lib["mobility.train.tgv"]``, ``"id" in lib``,
    iteration over ids. ``fingerprint`` is a hash of the content every result records.
    """

    factors: Mapping[str, Factor]
    tables: tuple[tuple[str, str, str], ...]  # (name, version, file)
    digests: tuple[str, ...]
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

    @cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the factors' values, units, uncertainties and sources (hex)."""
        digest = hashlib.sha256()
        for factor_id in sorted(self.factors):
            f = self.factors[factor_id]
            record = [factor_id, repr(float(f.value.magnitude)), f.unit, f.uncertainty, f.source,
                      f.source_id, f.year, f.scope, f.ghg_category, f.beges_post, f.basis,
                      f.pcs_pci_ratio, f.without_non_co2, f.lifetime_years]
            digest.update(json.dumps(record, default=str).encode())
        return digest.hexdigest()

    @property
    def version(self) -> str:
        """Versions of the tables, e.g. ``"energy 2026.11, mobility 2026.11"``."""
        return ", ".join(f"{name} {version}" for name, version, _ in self.tables)


def bundled_tables_dir() -> Path:
    """Folder of the bundled tables: inside the installed package, else the source checkout."""
    packaged = files("coopcarbon").joinpath("emission_factors")
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[3] / "emission_factors"
    if checkout.is_dir():
        return checkout
    raise TableError([Problem("emission_factors", None, None, "",
                              "the bundled factor tables are missing from this installation",
                              "coopcarbon/emission_factors/*.yaml",
                              "reinstall coopcarbon with `pip install --force-reinstall coopcarbon`")])


_CACHE: dict[tuple[str, ...], FactorLibrary] = {}
_CHECKED: dict[str, CheckedTable] = {}


def _read_checked(path: Path) -> CheckedTable:
    raw = path.read_bytes() if path.is_file() else None
    key = hashlib.sha256(raw).hexdigest() + str(path) if raw is not None else ""
    if key and key in _CHECKED:
        return _CHECKED[key]
    checked = check_table(path, raw)
    if key and not checked.problems:
        _CHECKED[key] = checked
    return checked


def load_factors(*paths: str | Path, bundled: bool = True) -> FactorLibrary:
    """Load the bundled factor tables plus user tables, validated and merged.

    Parameters
    ----------
    *paths
        User tables (YAML files, or folders of ``*.yaml``) laid over the bundled ones, in order.
        A user factor may add a new id freely; replacing an existing id needs ``override: true``.
    bundled
        Include the bundled tables (default). ``False`` builds a library from ``paths`` only.

    Raises
    ------
    TableError
        Listing every problem of the first invalid file (file, line, field, expected).
    OverrideError
        When a user table reuses an existing id without ``override: true``.

    Notes
    -----
    Results are memoised by the content hash of the files, so a second call is nearly free.
    """
    files_: list[tuple[Path, bool]] = []
    if bundled:
        files_ += [(p, True) for p in sorted(bundled_tables_dir().glob("*.yaml"))]
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files_ += [(q, False) for q in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))]
        else:
            files_.append((path, False))
    checked = [(_read_checked(p), is_bundled) for p, is_bundled in files_]
    for table, _ in checked:
        table.raise_for_problems()
    key = tuple(f"{c.digest}:{b}" for c, b in checked)
    if key in _CACHE:
        return _CACHE[key]
    library = _merge(checked)
    _CACHE[key] = library
    return library


def _merge(checked: Iterable[tuple[CheckedTable, bool]]) -> FactorLibrary:
    factors: dict[str, Factor] = {}
    parameters: dict[str, Parameter] = {}
    origin: dict[str, str] = {}
    overridden: dict[str, str] = {}
    tables: list[tuple[str, str, str]] = []
    digests: list[str] = []
    for table, is_bundled in checked:
        assert table.table is not None and table.document is not None  # noqa: S101  # checked above
        meta = table.table.table
        tables.append((meta.name, meta.version, table.file))
        digests.append(table.digest)
        problems: list[Problem] = []
        for factor_id, entry in table.table.factors.items():
            line = table.document.mark(("factors", factor_id))[0]
            factor = _factor_from_entry(factor_id, entry, meta, table.file, line)
            if factor_id in factors:
                if is_bundled:
                    problems.append(table.document.problem(
                        ("factors", factor_id), f"id {factor_id!r} is defined twice in the bundled "
                        f"tables (also in {origin[factor_id]})"))
                    continue
                if not entry.override:
                    problems.append(table.document.problem(
                        ("factors", factor_id),
                        f"id {factor_id!r} already exists (in {origin[factor_id]})",
                        "a new id, or `override: true` to replace it on purpose",
                        "add `override: true` to this factor, or rename it"))
                    continue
                factor = _replace_overrides(factor, origin[factor_id])
                overridden[factor_id] = table.file
            elif entry.override:
                library_ids = list(factors)
                close = difflib.get_close_matches(factor_id, library_ids, n=3, cutoff=0.6)
                problems.append(table.document.problem(
                    ("factors", factor_id, "override"),
                    f"`override: true` but no earlier table defines {factor_id!r}",
                    "an existing id to replace",
                    ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close
                    else "remove `override: true` to add a new factor"))
                continue
            factors[factor_id] = factor
            origin[factor_id] = table.file
        for parameter_id, p in table.table.parameters.items():
            if parameter_id in parameters and not p.override:
                problems.append(table.document.problem(
                    ("parameters", parameter_id), f"parameter {parameter_id!r} already exists",
                    "a new id, or `override: true` to replace it on purpose"))
                continue
            parameters[parameter_id] = Parameter(
                parameter_id, Q(p.value, p.unit), p.name_fr, p.name_en, p.source, p.source_id,
                p.year, p.uncertainty, p.estimated, p.license or meta.license, p.notes, meta.name,
                table.file, table.document.mark(("parameters", parameter_id))[0])
        if problems:
            error = OverrideError if any("override" in p.expected or "override" in p.message
                                         for p in problems) else TableError
            raise error(problems, f"{len(problems)} problem(s) in factor table {table.file}")
    _check_links(factors)
    return FactorLibrary(factors, tuple(tables), tuple(digests), overridden, parameters)


def _replace_overrides(factor: Factor, previous_file: str) -> Factor:
    from dataclasses import replace

    return replace(factor, overrides=previous_file)


def _check_links(factors: Mapping[str, Factor]) -> None:
    problems = []
    for factor in factors.values():
        link = factor.without_non_co2
        if link is not None and link not in factors:
            problems.append(Problem(factor.file, factor.line, None,
                                    f"factors.{factor.id}.without_non_co2",
                                    f"refers to unknown factor {link!r}", "an existing factor id"))
        elif link is not None and factors[link].value.units != factor.value.units:
            problems.append(Problem(factor.file, factor.line, None,
                                    f"factors.{factor.id}.without_non_co2",
                                    f"{link!r} has unit {factors[link].unit}, not {factor.unit}",
                                    "a factor with the same unit"))
    if problems:
        raise TableError(problems)
