"""Loading factor tables: read, validate, merge, fingerprint, memoise and cache.

:func:`load_factors` is the one entry point. A set of tables is identified by a key, the
SHA-256 of the coopcarbon version, the layout of the records, ``units.txt`` and the bytes of
every table; a library is memoised in the process by that key and kept on disk by
:mod:`coopcarbon.factors.cache` (JSON, checked before use).

Factors are kept as rows (tuples of a :class:`Factor`'s fields) and built into
:class:`Factor` objects on first access, without the frozen dataclass's field-by-field
``__init__``: a 20 000-factor table loads from the cache in milliseconds when a bilan uses a
few factors. The cyclic garbage collector is paused while a library is built
(:func:`~coopcarbon.io.gcpause.collection_paused`): hundreds of thousands of fresh objects,
and no reference cycle.
"""

from __future__ import annotations

import atexit
import csv
import difflib
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from .. import __version__
from ..io.files import read_bytes
from ..io.gcpause import collection_paused
from ..problems import OverrideError, Problem, TableError
from ..units import same_unit
from . import cache, shipped
from .checked import CheckedTable, RowTable
from .library import Factor, FactorLibrary, Parameter
from .rows import FACTOR_FIELDS, RowFactors, column_texts, entry_pieces, library_of, rows_of

__all__ = ["bundled_tables_dir", "check_table", "load_factors", "shipped_library_bytes"]


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


_MEMO: dict[str, FactorLibrary] = {}  # libraries of this process, by key
_CHECKED: dict[str, CheckedTable] = {}  # valid tables of this process, by digest and path


@atexit.register
def _forget_at_exit() -> None:
    """Free the libraries and tables kept by this module when the interpreter exits.

    Its last garbage collections would otherwise walk each of their records, every time: 0.13 s
    at the end of a process that loaded a 20 000-factor export (benchmark B10), against 0.03 s
    to free them here (a library the program still holds is freed later, as before).
    """
    _MEMO.clear()
    _CHECKED.clear()


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
    Results are memoised by the content hash of the files, so a second call is nearly free, and
    cached on disk (see :mod:`coopcarbon.factors.cache`), so a new process loads them fast.
    """
    tables = _table_files(paths, bundled)
    raw = [(path, is_bundled, read_bytes(path, TableError)) for path, is_bundled in tables]
    digests = [hashlib.sha256(data).hexdigest() for _, _, data in raw]
    key = _key([(path, is_bundled, digest) for (path, is_bundled, _), digest in zip(raw, digests, strict=True)])
    library = _MEMO.get(key)
    if library is not None:
        return library
    # user tables are laid over the bundled library, itself memoised and cached on its own
    base = load_factors() if bundled and paths else None
    with collection_paused():
        library = _from_shipped([(path, digest) for (path, _, _), digest in zip(raw, digests, strict=True)]) \
            if bundled and not paths else None
        if library is None:
            library = _from_cache(key)
        if library is None:  # the validated tables are freed before the collector runs again
            library, texts = _merge(_validated(raw, digests, base), base)
            if cache.cache_dir() is not None:
                cache.write_entry(key, entry_pieces(library, texts))
    _MEMO[key] = library
    return library


def _validated(raw: Sequence[tuple[Path, bool, bytes]], digests: Sequence[str],
               base: FactorLibrary | None) -> list[tuple[RowTable, bool]]:
    """The tables to merge over ``base`` (the bundled ones only when there is no base), each checked.

    ``digests`` are the SHA-256 of the tables' bytes ``raw``.

    Raises
    ------
    TableError
        Listing every problem of the first invalid table.
    """
    return [(_row_table(path, data, digest), is_bundled)
            for (path, is_bundled, data), digest in zip(raw, digests, strict=True) if base is None or not is_bundled]


def _row_table(path: Path, raw: bytes, digest: str) -> RowTable:
    """A valid table's rows, checked by the quick checks when they take it, else by :func:`check_table`'s.

    The quick checks (:func:`~coopcarbon.factors.tablerows.quick_rows`) take YAML tables only;
    ADEME's export comes with the rows its reader made. ``digest`` is the SHA-256 of ``raw``.

    Raises
    ------
    TableError
        Listing every problem of the table.
    """
    if str(path).lower().endswith(".csv"):
        checked = check_table(path, raw, remember=False, digest=digest)
        if checked.rows is not None:  # rows made by the table's reader (ADEME's export), located on demand
            checked.raise_for_problems()
            return RowTable(checked.file, checked.digest, checked.rows.name, checked.rows.version,
                            checked.rows.rows, None, checked=checked)
    else:
        # lazy start-up: PyYAML is imported when a YAML table has to be read, pydantic when the quick
        # checks do not take it
        from .tablerows import quick_rows, read_yaml_table

        document = read_yaml_table(path, raw)
        quick = None if isinstance(document, list) else quick_rows(document, digest)
        if quick is not None:
            return quick
        from .validate import validate_document

        checked = CheckedTable(str(path), digest, None, None, document) if isinstance(document, list) \
            else validate_document(document, digest)
    return _rows_of_checked(checked)


def _rows_of_checked(checked: CheckedTable) -> RowTable:
    """The rows of a table :func:`check_table` checked.

    Raises
    ------
    TableError
        Listing every problem of the table.
    """
    from .tablerows import checked_rows  # lazy start-up, as in _row_table

    checked.raise_for_problems()
    assert checked.table is not None and checked.document is not None  # noqa: S101  # no problem: both are there
    return checked_rows(checked.file, checked.digest, checked.table, checked.document)


def _table_files(paths: Sequence[str | Path], bundled: bool) -> list[tuple[Path, bool]]:
    """The table files to read, in order, each with whether it is a bundled table."""
    found: list[tuple[Path, bool]] = []
    if bundled:
        found += [(p, True) for p in sorted(bundled_tables_dir().glob("*.yaml"))]
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found += [(q, False) for q in sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml"))]
        else:
            found.append((path, False))
    return found


def _key(entries: list[tuple[Path, bool, str]]) -> str:
    """SHA-256 of what a library depends on: version, record layout, units and tables."""
    digest = _layout_digest()
    for path, is_bundled, file_digest in entries:
        digest.update(f"{path.resolve()}|{is_bundled}|{file_digest}\n".encode())
    return digest.hexdigest()


def _layout_digest() -> hashlib._Hash:
    """A SHA-256 fed with the version, the layout of the records and ``units.txt``.

    The layout's number changes with the cache entry's encoding or the fingerprint's: an entry
    written by another one is then never read.
    """
    digest = hashlib.sha256(f"coopcarbon {__version__} cache 11 {FACTOR_FIELDS} {_FINGERPRINT_FIELDS}\n".encode())
    digest.update(files("coopcarbon").joinpath("units.txt").read_bytes())
    return digest


def _shipped_key(tables: Sequence[tuple[Path, str]]) -> str:
    """The key of the shipped library of the bundled ``tables`` (path, SHA-256): names and bytes, not folder."""
    digest = _layout_digest()
    for path, file_digest in tables:
        digest.update(f"{path.name}|{file_digest}\n".encode())
    return digest.hexdigest()


def _from_shipped(tables: Sequence[tuple[Path, str]]) -> FactorLibrary | None:
    """The shipped library (:mod:`coopcarbon.factors.shipped`) when it matches the bundled ``tables``."""
    return shipped.read_shipped(_shipped_key(tables), bundled_tables_dir())


def shipped_library_bytes() -> bytes:
    """The shipped library of the bundled tables, validated from them now (``tools/build_tables.py`` writes it).

    Raises
    ------
    TableError
        When a bundled table has a problem.
    """
    raw = [(path, True, read_bytes(path, TableError)) for path, _ in _table_files((), bundled=True)]
    with collection_paused():
        checked = [check_table(path, data) for path, _, data in raw]
        library, _ = _merge((_rows_of_checked(table), True) for table in checked)
    return shipped.shipped_bytes(library, _shipped_key([(path, table.digest) for (path, _, _), table
                                                        in zip(raw, checked, strict=True)]))


def check_table(path: str | Path, raw: bytes | None = None, *, remember: bool = True,
                digest: str | None = None) -> CheckedTable:
    """Read a factor table and return a :class:`~coopcarbon.factors.checked.CheckedTable`.

    Never raises for bad content: every problem is listed. A path ending in ``.csv`` is read as
    ADEME's Base Empreinte export by :func:`coopcarbon.factors.ademe.read_ademe_export` when its
    header is that of the export, else as a spreadsheet table by
    :func:`coopcarbon.factors.csvtable.check_factor_table_csv` (metadata from the file name); any
    other as YAML by :func:`coopcarbon.factors.validate.check_yaml_table`.

    A valid table is remembered by its content hash for the rest of the process, unless
    ``remember=False``: :func:`load_factors` keeps the merged library instead (a validated table
    of 20 000 factors holds some 60 000 objects that every full garbage collection would walk).
    ``digest`` is the SHA-256 (hex) of ``raw``, when already computed.
    """
    file = str(path)
    if raw is None:
        try:
            raw = read_bytes(path, TableError)
        except TableError as exc:
            return CheckedTable(file, "", None, None, list(exc.problems))
    digest = digest or hashlib.sha256(raw).hexdigest()
    checked = _CHECKED.get(digest + file)
    if checked is None:
        checked = _check_csv_table(path, raw, digest) if file.lower().endswith(".csv") else _check_yaml_table(path, raw)
        if remember and not checked.problems:
            _CHECKED[digest + file] = checked
    return checked


def _check_yaml_table(path: str | Path, raw: bytes) -> CheckedTable:
    # lazy start-up: pydantic is imported only when a table has to be validated
    from .validate import check_yaml_table

    return check_yaml_table(path, raw)


def _check_csv_table(path: str | Path, raw: bytes, digest: str) -> CheckedTable:
    """Check a CSV table: ADEME's export when its header is that of the export, else a spreadsheet table."""
    # lazy start-up: the CSV readers are imported only when a CSV table has to be validated
    from .ademe import is_ademe_export, read_ademe_export

    if is_ademe_export(_csv_header(raw)):  # read without pydantic
        return read_ademe_export(path, raw, digest=digest)
    from .csvtable import check_factor_table_csv  # a table of ours: validated by pydantic

    return check_factor_table_csv(path, raw)


def _csv_header(raw: bytes) -> list[str]:
    """The cells of a CSV file's first line, split on ``;`` (enough to recognise ADEME's export)."""
    head = raw[:65536].split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head.decode("cp1252", errors="replace")
    return next(csv.reader([text], delimiter=";"), [])


# -- rows ---------------------------------------------------------------------------------------
_LINK = FACTOR_FIELDS.index("without_non_co2")
_FILE = FACTOR_FIELDS.index("file")
_OVERRIDES = FACTOR_FIELDS.index("overrides")
_FINGERPRINT_FIELDS = tuple(FACTOR_FIELDS.index(name) for name in (
    "id", "magnitude", "unit", "uncertainty", "quality", "source", "source_id", "year", "scope",
    "ghg_category", "beges_post", "basis", "pcs_pci_ratio", "without_non_co2", "lifetime_years",
    "indicators", "source_key", "verified", "process_kind", "parts", "gases"))


def _fingerprint(rows: Mapping[str, tuple[Any, ...]]) -> str:
    """SHA-256 (hex) of what every figure depends on: the fingerprinted fields of every factor, in id order."""
    return _fingerprint_of(column_texts({factor_id: rows[factor_id] for factor_id in sorted(rows)}))


def _fingerprint_of(texts: Sequence[str]) -> str:
    """The fingerprint of rows in id order, from their columns' JSON texts (:func:`.rows.column_texts`).

    The texts the cache keeps: each fingerprinted column's values in id order, encoded
    losslessly (:mod:`~coopcarbon.factors.plaincolumns`; the parts as their counts and each
    part's fields and gases, the quality scores as their five integers); each column's text ends
    with a byte that no ASCII JSON text holds.
    """
    digest = hashlib.sha256()
    for index in _FINGERPRINT_FIELDS:
        digest.update(texts[index].encode())
        digest.update(b"\xff")
    return digest.hexdigest()


# -- merging ------------------------------------------------------------------------------------
@dataclass
class _Merged:
    """The library being merged: rows, parameters, and where each id came from."""

    factors: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    parameters: dict[str, Parameter] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    overridden: dict[str, str] = field(default_factory=dict)
    tables: list[tuple[str, str, str]] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)

    @classmethod
    def over(cls, base: FactorLibrary | None) -> _Merged:
        if base is None:
            return cls()
        factors = dict(rows_of(base.factors))
        return cls(factors, dict(base.parameters), {fid: row[_FILE] for fid, row in factors.items()},
                   dict(base.overridden), list(base.tables), list(base.digests))

    def library(self) -> tuple[FactorLibrary, list[str]]:
        """The library, its factors in id order, and the JSON texts of its columns (for the cache)."""
        factors = {factor_id: self.factors[factor_id] for factor_id in sorted(self.factors)}
        texts = column_texts(factors)
        return FactorLibrary(RowFactors(factors), tuple(self.tables), tuple(self.digests), _fingerprint_of(texts),
                             self.overridden, self.parameters), texts


def _merge(tables: Iterable[tuple[RowTable, bool]], base: FactorLibrary | None = None
           ) -> tuple[FactorLibrary, list[str]]:
    """Merge valid tables, in order, over ``base`` (a library already merged), if any.

    Returns the library (its factors in id order) and the JSON texts of its columns, which give
    its fingerprint and its cache entry.
    """
    merged = _Merged.over(base)
    for table, is_bundled in tables:
        merged.tables.append((table.name, table.version, table.file))
        merged.digests.append(table.digest)
        problems = _merge_factors(merged, table, is_bundled) + _merge_parameters(merged, table)
        if problems:
            error = OverrideError if any("override" in p.expected or "override" in p.message
                                         for p in problems) else TableError
            raise error(problems, f"{len(problems)} problem(s) in factor table {table.file}")
    library, texts = merged.library()
    _check_links(library.factors, [row[0] for row in merged.factors.values() if row[_LINK] is not None])
    return library, texts


def _merge_factors(merged: _Merged, table: RowTable, is_bundled: bool) -> list[Problem]:
    factors, origin, overriding = merged.factors, merged.origin, table.overriding
    problems: list[Problem] = []
    if factors.keys().isdisjoint(table.rows) and not overriding:  # only new ids: the common case, at C speed
        factors.update(table.rows)
        origin.update(dict.fromkeys(table.rows, table.file))
        return problems
    for factor_id, row in table.rows.items():
        if factor_id in factors:
            if is_bundled or factor_id not in overriding:
                document = table.located()
                problems.append(document.problem(
                    ("factors", factor_id), f"id {factor_id!r} is defined twice in the bundled tables "
                    f"(also in {origin[factor_id]})") if is_bundled else document.problem(
                    ("factors", factor_id), f"id {factor_id!r} already exists (in {origin[factor_id]})",
                    "a new id, or `override: true` to replace it on purpose",
                    "add `override: true` to this factor, or rename it"))
                continue
            row = (*row[:_OVERRIDES], origin[factor_id], *row[_OVERRIDES + 1:])
            merged.overridden[factor_id] = table.file
        elif factor_id in overriding:
            close = difflib.get_close_matches(factor_id, list(factors), n=3, cutoff=0.6)
            problems.append(table.located().problem(
                ("factors", factor_id, "override"), f"`override: true` but no earlier table defines {factor_id!r}",
                "an existing id to replace",
                ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close
                else "remove `override: true` to add a new factor"))
            continue
        factors[factor_id] = row
        origin[factor_id] = table.file
    return problems


def _merge_parameters(merged: _Merged, table: RowTable) -> list[Problem]:
    problems: list[Problem] = []
    for parameter, override in table.parameters:
        if parameter.id in merged.parameters and not override:
            problems.append(table.located().problem(
                ("parameters", parameter.id), f"parameter {parameter.id!r} already exists",
                "a new id, or `override: true` to replace it on purpose"))
            continue
        merged.parameters[parameter.id] = parameter
    return problems


def _check_links(factors: Mapping[str, Factor], linked: Iterable[str]) -> None:
    problems = []
    for factor in (factors[i] for i in linked):
        link = factor.without_non_co2
        if link is not None and link not in factors:
            problems.append(Problem(factor.file, factor.line, None,
                                    f"factors.{factor.id}.without_non_co2",
                                    f"refers to unknown factor {link!r}", "an existing factor id"))
        elif link is not None and not same_unit(factors[link].unit, factor.unit):
            problems.append(Problem(factor.file, factor.line, None,
                                    f"factors.{factor.id}.without_non_co2",
                                    f"{link!r} has unit {factors[link].unit}, not {factor.unit}",
                                    "a factor with the same unit"))
    if problems:
        raise TableError(problems)


def _from_cache(key: str) -> FactorLibrary | None:
    """The library cached under ``key``, or ``None`` when there is none or it is not consistent."""
    entry = cache.read_entry(key)
    if entry is None:
        return None
    try:
        return library_of(entry)
    except (TypeError, ValueError, KeyError, AttributeError):  # well-formed JSON of the wrong shape
        return None
