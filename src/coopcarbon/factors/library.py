"""FactorLibrary: the validated, merged, searchable and fingerprinted set of emission factors."""

from __future__ import annotations

import difflib
import gc
import hashlib
import json
import operator
import os
import pickle
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pint

from ..errors import OverrideError, Problem, TableError, UnknownFactorError
from ..uncertainty import PedigreeScores
from ..units import Q, parse_unit

if TYPE_CHECKING:  # pydantic is imported only when a table has to be validated
    from .schema import FactorEntry, TableMeta
    from .validate import CheckedTable

__all__ = ["Factor", "FactorLibrary", "Indicator", "Parameter", "bundled_tables_dir", "cache_dir", "load_factors"]


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

    @cached_property
    def value(self) -> pint.Quantity[Any]:
        """The factor as a quantity, e.g. ``0.00293 kgCO2e/passenger_km`` (built on first use)."""
        return Q(self.magnitude, self.unit)

    def name(self, lang: str = "en") -> str:
        """The factor's name in French (``"fr"``) or English."""
        return self.name_fr if lang == "fr" else self.name_en

    def __str__(self) -> str:
        text = f"{self.id} = {self.value.magnitude:g} {self.value.units:~P} ({self.name_en} / {self.name_fr})"
        text += f"\n  source: {self.source}"
        if self.source_id:
            text += f", id {self.source_id}"
        text += f", {self.year}; license: {self.license}"
        if self.uncertainty is not None:
            text += f"\n  uncertainty: ±{self.uncertainty:.0%} (95 %)"
        elif self.quality is not None:
            from ..uncertainty import pedigree_uncertainty

            q = self.quality
            text += (f"\n  uncertainty: not given by the source; ±{pedigree_uncertainty(q):.0%} (95 %) from its "
                     f"quality scores {q.reliability}/{q.completeness}/{q.temporal}/{q.geographic}/"
                     f"{q.technological} (pedigree matrix)")
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


def _factor_fields() -> tuple[str, ...]:
    from dataclasses import fields

    return tuple(f.name for f in fields(Factor))


def _factor_row(factor_id: str, entry: FactorEntry, meta: TableMeta, file: str,
                line: int | None) -> tuple[Any, ...]:
    """The fields of a :class:`Factor`, in order, as a tuple (Factors are built lazily)."""
    values = dict(entry.__dict__)  # the entry's fields that a Factor keeps as they are
    q = entry.quality
    values.update(
        id=factor_id, magnitude=float(entry.value), license=entry.license or meta.license,
        quality=PedigreeScores(q.reliability, q.completeness, q.temporal, q.geographic, q.technological)
        if q is not None else None,
        indicators={name: Indicator(name, float(i.value), i.unit, i.source, i.source_id)
                    for name, i in entry.indicators.items()} if entry.indicators else {},
        table=meta.name, table_version=meta.version, file=file, line=line, overrides=None)
    row: tuple[Any, ...] = _ROW_FIELDS(values)
    return row


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
        """SHA-256 (hex) of what every figure depends on.

        Values, units, uncertainties and quality scores, sources, reporting categories,
        conversions, links and indicators.
        """
        rows = _rows_of(self.factors)
        records = [_FINGERPRINT_RECORD(rows[factor_id]) for factor_id in sorted(rows)]
        digest = hashlib.sha256(json.dumps(records, default=_plain).encode()).hexdigest()
        _fingerprint_store(self.__dict__.get("_cache_key", ""), digest)
        return digest

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


_CACHE: dict[str, FactorLibrary] = {}
_CHECKED: dict[str, CheckedTable] = {}


def _read(path: Path) -> tuple[bytes | None, str]:
    try:
        raw = path.read_bytes()
    except OSError:
        return None, ""
    return raw, hashlib.sha256(raw).hexdigest()


def _read_checked(path: Path, raw: bytes | None, digest: str) -> CheckedTable:
    from .validate import check_table

    key = digest + str(path) if raw is not None else ""
    if key and key in _CHECKED:
        return _CHECKED[key]
    checked = check_table(path, raw)
    if key and not checked.problems:
        _CHECKED[key] = checked
    return checked


def cache_dir() -> Path | None:
    """Folder of the on-disk cache of validated libraries, or ``None`` when disabled.

    ``COOPCARBON_CACHE_DIR`` sets it; ``COOPCARBON_NO_CACHE=1`` disables it; the default is
    ``$XDG_CACHE_HOME/coopcarbon`` (``~/.cache/coopcarbon``).
    """
    if os.environ.get("COOPCARBON_NO_CACHE"):
        return None
    if os.environ.get("COOPCARBON_CACHE_DIR"):
        return Path(os.environ["COOPCARBON_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopcarbon"


def _cache_key(entries: list[tuple[Path, bool, str]]) -> str:
    from .. import __version__

    # the layout of the cached rows and of the fingerprint is part of the key
    digest = hashlib.sha256(f"coopcarbon {__version__} cache 6 {_FACTOR_FIELDS} {_FINGERPRINT_FIELDS}\n".encode())
    digest.update(files("coopcarbon").joinpath("units.txt").read_bytes())
    for path, bundled, file_digest in entries:
        digest.update(f"{path.resolve()}|{bundled}|{file_digest}\n".encode())
    return digest.hexdigest()


def _cache_load(key: str) -> FactorLibrary | None:
    folder = cache_dir()
    if folder is None:
        return None
    collecting = gc.isenabled()
    try:
        data = (folder / f"library-{key}.pickle").read_bytes()
        gc.disable()  # tens of thousands of small objects: no collection while they are built
        try:
            tables, digests, overridden, rows, parameters = pickle.loads(data)  # noqa: S301  # our own cache file, named by content hash
        finally:
            if collecting:
                gc.enable()
    except Exception:  # a missing, stale or corrupt cache is rebuilt
        return None
    library = FactorLibrary(_RowFactors({row[0]: row for row in rows}), tables, digests, overridden,
                            parameters)
    library.__dict__["_cache_key"] = key
    try:  # the fingerprint is computed on first use, then kept beside the cached library
        fingerprint = (folder / f"library-{key}.fingerprint").read_text(encoding="ascii").strip()
    except OSError:
        return library
    if len(fingerprint) == 64:
        library.__dict__["fingerprint"] = fingerprint
    return library


class _RowFactors(Mapping[str, Factor]):
    """Factors by id, built from rows on first access.

    A 20 000-factor table loads from the cache in milliseconds when only a few factors are used.
    """

    def __init__(self, rows: dict[str, tuple[Any, ...]]) -> None:
        self._rows = rows
        self._built: dict[str, Factor] = {}

    def __getitem__(self, factor_id: str) -> Factor:
        factor = self._built.get(factor_id)
        if factor is None:
            factor = _factor_from_row(self._rows[factor_id])
            self._built[factor_id] = factor
        return factor

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, factor_id: object) -> bool:
        return factor_id in self._rows


def _factor_from_row(row: tuple[Any, ...]) -> Factor:
    """A Factor from a cached row, without the frozen dataclass's slow field-by-field __init__."""
    factor = object.__new__(Factor)
    factor.__dict__.update(zip(_FACTOR_FIELDS, row, strict=True))
    return factor


def _cache_store(key: str, library: FactorLibrary) -> None:
    folder = cache_dir()
    if folder is None:
        return
    library.__dict__["_cache_key"] = key
    rows = list(_rows_of(library.factors).values())
    payload = pickle.dumps((library.tables, library.digests, dict(library.overridden), rows,
                            dict(library.parameters)), protocol=pickle.HIGHEST_PROTOCOL)
    _write_atomically(folder, f"library-{key}.pickle", payload)


def _fingerprint_store(key: str, fingerprint: str) -> None:
    folder = cache_dir() if key else None
    if folder is not None:
        _write_atomically(folder, f"library-{key}.fingerprint", fingerprint.encode("ascii"))


def _write_atomically(folder: Path, name: str, payload: bytes) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(payload)
        tmp.replace(folder / name)
    except OSError:  # a read-only home: work without the cache
        return


def load_factors(*paths: str | Path, bundled: bool = True) -> FactorLibrary:
    """Load the bundled factor tables plus user tables, validated and merged.

    Parameters
    ----------
    *paths
        User tables (YAML files, CSV files as a spreadsheet saves them -- see
        :mod:`coopcarbon.factors.csvtable` -- or folders of ``*.yaml``) laid over the bundled ones, in order.
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
    raw = [(p, is_bundled, *_read(p)) for p, is_bundled in files_]
    key = _cache_key([(p, b, digest) for p, b, _, digest in raw]) if all(r[2] for r in raw) else ""
    if key and key in _CACHE:
        return _CACHE[key]
    library = _cache_load(key) if key else None
    if library is None:
        # user tables are laid over the bundled library, itself memoised and cached on its own
        base = load_factors() if bundled and paths else None
        collecting = gc.isenabled()
        gc.disable()  # validation builds many objects and no reference cycles: no collection until stored
        try:
            checked = [(_read_checked(p, data, digest), b) for p, b, data, digest in raw
                       if base is None or not b]
            for table, _ in checked:
                table.raise_for_problems()
            library = _merge(checked, base)
            if key:
                _cache_store(key, library)
        finally:
            if collecting:
                gc.enable()
    if key:
        _CACHE[key] = library
    return library


def _merge(checked: Iterable[tuple[CheckedTable, bool]], base: FactorLibrary | None = None) -> FactorLibrary:
    """Merge checked tables, in order, over ``base`` (a library already merged), if any."""
    factors: dict[str, tuple[Any, ...]] = dict(_rows_of(base.factors)) if base is not None else {}
    parameters: dict[str, Parameter] = dict(base.parameters) if base is not None else {}
    origin: dict[str, str] = {factor_id: row[_FILE] for factor_id, row in factors.items()}
    overridden: dict[str, str] = dict(base.overridden) if base is not None else {}
    tables: list[tuple[str, str, str]] = list(base.tables) if base is not None else []
    digests: list[str] = list(base.digests) if base is not None else []
    for table, is_bundled in checked:
        assert table.table is not None and table.document is not None  # noqa: S101  # checked above
        meta = table.table.table
        tables.append((meta.name, meta.version, table.file))
        digests.append(table.digest)
        problems: list[Problem] = []
        for factor_id, entry in table.table.factors.items():
            line = table.document.mark(("factors", factor_id))[0]
            factor = _factor_row(factor_id, entry, meta, table.file, line)
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
                factor = (*factor[:-1], origin[factor_id])  # `overrides` is the last field
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
    library = FactorLibrary(_RowFactors(factors), tuple(tables), tuple(digests), overridden, parameters)
    _check_links(library.factors, [row[0] for row in factors.values() if row[_LINK] is not None])
    return library


def _check_links(factors: Mapping[str, Factor], linked: Iterable[str]) -> None:
    problems = []
    for factor in (factors[i] for i in linked):
        link = factor.without_non_co2
        if link is not None and link not in factors:
            problems.append(Problem(factor.file, factor.line, None,
                                    f"factors.{factor.id}.without_non_co2",
                                    f"refers to unknown factor {link!r}", "an existing factor id"))
        elif link is not None and parse_unit(factors[link].unit) != parse_unit(factor.unit):
            problems.append(Problem(factor.file, factor.line, None,
                                    f"factors.{factor.id}.without_non_co2",
                                    f"{link!r} has unit {factors[link].unit}, not {factor.unit}",
                                    "a factor with the same unit"))
    if problems:
        raise TableError(problems)


_FACTOR_FIELDS = _factor_fields()
_LINK = _FACTOR_FIELDS.index("without_non_co2")
_FILE = _FACTOR_FIELDS.index("file")
assert _FACTOR_FIELDS[-1] == "overrides"  # noqa: S101  # _merge relies on it
_ROW_FIELDS = operator.itemgetter(*_FACTOR_FIELDS)
_FINGERPRINT_FIELDS = tuple(_FACTOR_FIELDS.index(name) for name in (
    "id", "magnitude", "unit", "uncertainty", "quality", "source", "source_id", "year", "scope",
    "ghg_category", "beges_post", "basis", "pcs_pci_ratio", "without_non_co2", "lifetime_years",
    "indicators"))
_FINGERPRINT_RECORD = operator.itemgetter(*_FINGERPRINT_FIELDS)


def _rows_of(factors: Mapping[str, Factor]) -> Mapping[str, tuple[Any, ...]]:
    """Factor fields as tuples by id, without building Factor objects when they are rows already."""
    if isinstance(factors, _RowFactors):
        return factors._rows  # same module
    return {fid: tuple(getattr(f, name) for name in _FACTOR_FIELDS) for fid, f in factors.items()}


def _plain(value: Any) -> Any:
    """JSON form of the dataclasses inside factor rows (quality scores, indicators)."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return str(value)
