"""Network benchmark: 4 000 members x 10 000 lines consolidated on one machine (issue 15).

Synthetic lines (seeded numpy draws: BEGES posts, scopes, kgCO2e) are written column-wise to
Parquet in batches of ``--batch`` members (memory bounded by one batch), then one DuckDB scan
gives each member's total, and numpy the quantiles of the intensities per employee. Prints the
time of each step, the total, and the peak resident memory. Needs the ``network`` extra.

    python benchmarks/network.py [--members 4000] [--lines 10000] [--batch 100]

Goal: under 60 s for 4 000 x 10 000 lines, with peak memory bounded by one batch.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from coopcarbon.network import quantiles
from coopcarbon.network_store import member_totals, write_batch

POSTS = np.array(["1.1", "1.2", "1.4", "2.1", "2.2", "3.3", "3.5", "4.1", "4.2", "4.3", "4.5", "5.4"])
SCOPES = np.array([1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 3], dtype=np.int8)


def generate(folder: Path, members: int, lines: int, batch: int, seed: int = 15) -> None:
    """Write ``members`` x ``lines`` synthetic lines, ``batch`` members per Parquet file."""
    rng = np.random.default_rng(seed)
    for number, first in enumerate(range(0, members, batch)):
        count = min(batch, members - first)
        post = rng.integers(0, len(POSTS), count * lines, dtype=np.int32)
        write_batch(folder, number, {
            "member": np.repeat(np.arange(first + 1, first + count + 1, dtype=np.int32), lines),
            "beges_post": (post, POSTS.tolist()), "scope": SCOPES[post],
            "site": (np.zeros(count * lines, dtype=np.int32), [""]),
            "kg": rng.lognormal(2.0, 1.5, count * lines), "main": rng.random(count * lines) > 0.02,
        })


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=4000)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        generate(folder, args.members, args.lines, args.batch)
        written = time.perf_counter()
        totals = member_totals(folder)
        scanned = time.perf_counter()
        headcount = np.random.default_rng(1).integers(2, 120, len(totals["member"]))
        q = quantiles((totals["kg"] / 1000.0 / headcount).tolist())
        done = time.perf_counter()
        size = sum(p.stat().st_size for p in folder.iterdir())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"network: {args.members} members x {args.lines} lines = {args.members * args.lines:,} lines")
    print(f"  generate + write Parquet : {written - start:6.1f} s ({size / 1e6:,.0f} MB on disk)")
    print(f"  DuckDB scan, totals      : {scanned - written:6.1f} s")
    print(f"  quantiles                : {done - scanned:6.3f} s (median {q['median']:.3g} tCO2e/person)")
    print(f"  total                    : {done - start:6.1f} s (goal: < 60 s)")
    print(f"  peak resident memory     : {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
