"""A network's analytical store: members' emission lines as Parquet files, queried with DuckDB.

Lines are written column-wise in batches (one Parquet file per batch, a few columns of numbers
and dictionary-encoded text), so memory stays bounded by one batch however many members there
are; DuckDB then aggregates the whole folder in one scan (``read_parquet('folder/*.parquet')``).
Both come with the ``network`` extra (``pip install 'coopcarbon[network]'``).

Columns (Arrow type names): ``member`` (int32, the member's number), ``beges_post`` (text), ``scope`` (int8),
``site`` (text), ``kg`` (float64, kgCO2e), ``main`` (bool, in the main total: not a
market-based scope 2 line).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .errors import MissingDependencyError
from .result import BilanResult

__all__ = ["COLUMNS", "member_totals", "post_totals", "write_batch", "write_results"]

#: Columns of the store and their Arrow types (see the module).
COLUMNS: Mapping[str, str] = {"member": "int32", "beges_post": "string", "scope": "int8", "site": "string",
                              "kg": "float64", "main": "bool_"}


def _pyarrow() -> Any:
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:
        raise MissingDependencyError("pyarrow", "network", "the network's Parquet store") from None
    return pa, pq


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        raise MissingDependencyError("duckdb", "network", "queries of the network's store") from None
    return duckdb


Column = Sequence[Any] | np.ndarray | tuple[np.ndarray, Sequence[str]]


def write_batch(folder: Path, number: int, columns: Mapping[str, Column]) -> Path:
    """Write one batch of lines (a mapping of :data:`COLUMNS` to equal-length arrays) as Parquet.

    A text column may also be given already encoded, as ``(codes, labels)``: integer codes into
    a list of labels (the fast path for generated or grouped data).
    """
    pa, pq = _pyarrow()
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for name, kind in COLUMNS.items():
        values = columns[name]
        if kind == "string" and isinstance(values, tuple):
            codes, labels = values
            arrays[name] = pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()),
                                                          pa.array(labels, type=pa.string()))
        elif kind == "string":
            arrays[name] = pa.array(values, type=pa.string()).dictionary_encode()
        else:
            arrays[name] = pa.array(values, type=getattr(pa, kind)())
    path = folder / f"lines-{number:05d}.parquet"
    pq.write_table(pa.table(arrays), path, compression="zstd")
    return path


def write_results(results: Iterable[BilanResult], folder: Path, batch_lines: int = 1_000_000) -> list[Path]:
    """Write the members' lines (member ``i`` is the ``i``-th result) in batches of about ``batch_lines``."""
    written: list[Path] = []
    batch: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for i, result in enumerate(results):
        for line in result.lines:
            batch["member"].append(i + 1)
            batch["beges_post"].append(line.beges_post)
            batch["scope"].append(line.scope)
            batch["site"].append(line.activity.site)
            batch["kg"].append(line.kg)
            batch["main"].append(line.in_main_total)
        if len(batch["kg"]) >= batch_lines:
            written.append(write_batch(folder, len(written), batch))
            batch = {name: [] for name in COLUMNS}
    if batch["kg"] or not written:
        written.append(write_batch(folder, len(written), batch))
    return written


def member_totals(folder: Path, threads: int | None = None) -> dict[str, np.ndarray]:
    """Per member: its main total [kgCO2e] and its lines, from one DuckDB scan of the store.

    Returns arrays ``member``, ``kg`` and ``lines`` sorted by member.
    """
    duckdb = _duckdb()
    connection = duckdb.connect()
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    pattern = str(folder / "*.parquet").replace("'", "''")
    query = f"SELECT member, sum(kg) FILTER (WHERE main) AS kg, count(*) AS lines FROM read_parquet('{pattern}') "  # noqa: S608
    table = connection.execute(query + "GROUP BY member ORDER BY member").fetchnumpy()
    connection.close()
    return {name: np.asarray(values) for name, values in table.items()}


def post_totals(folder: Path) -> dict[tuple[int, str], float]:
    """(member, BEGES post) → kgCO2e of its main-total lines, from one DuckDB scan."""
    duckdb = _duckdb()
    pattern = str(folder / "*.parquet").replace("'", "''")
    rows = duckdb.sql(f"SELECT member, beges_post, sum(kg) FROM read_parquet('{pattern}') WHERE main "  # noqa: S608
                      "GROUP BY member, beges_post").fetchall()
    return {(int(m), str(p)): float(kg) for m, p, kg in rows}
