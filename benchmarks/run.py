"""coopcarbon benchmarks: each prints its timings and its ratio against baselines run in the same
process (or, for start-up, as whole processes), with the target the issue sets.

Run: ``make bench`` (or ``python benchmarks/run.py [--quick]``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import coopcarbon as cc
from coopcarbon.engine import compute_columns
from coopcarbon.uncertainty import monte_carlo_interval

RESULTS: list[tuple[str, bool]] = []


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs [s]."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def report(name: str, value: float, target: str, ok: bool) -> None:
    RESULTS.append((name, ok))
    print(f"  {name:<58} {value:>12.3g}   target {target:<14} {'OK' if ok else 'MISSED'}")


# --- a synthetic library of 300 factors with three kinds of units ------------------------------
UNIT_KINDS = [("kgCO2e/passenger_km", ("passenger_km", "passenger_mile")),
              ("kgCO2e/kWh", ("kWh", "MWh")),
              ("kgCO2e/kEUR", ("EUR", "kEUR"))]
POSTS = ["1.1", "2.1", "3.3", "3.5", "4.1", "4.2", "4.5"]


def write_table(path: Path, n: int, prefix: str = "bench") -> None:
    lines = ["table:", "  name: bench", '  version: "1"', "  source: synthetic benchmark table",
             "  license: CC0-1.0", "  retrieved: 2026-01-01", "factors:"]
    for i in range(n):
        unit = UNIT_KINDS[i % 3][0]
        post = POSTS[i % len(POSTS)]
        scope, cat = (1, None) if post == "1.1" else (2, None) if post == "2.1" else (3, 1)
        lines += [f"  {prefix}.f{i:05d}.x:", f"    name_fr: facteur {i}", f"    name_en: factor {i}",
                  f"    value: {0.001 * (1 + i % 97)}", f"    unit: {unit}",
                  "    uncertainty: 0.2", "    source: synthetic", "    year: 2024",
                  f"    scope: {scope}", f'    beges_post: "{post}"']
        if cat:
            lines.append(f"    ghg_category: {cat}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_columns(n_lines: int, n_factors: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    f = rng.integers(0, n_factors, n_lines)
    ids = np.array([f"bench.f{i:05d}.x" for i in range(n_factors)], dtype=object)[f]
    units = np.array([UNIT_KINDS[i % 3][1][j] for i in f.tolist()[:0] for j in (0,)], dtype=object)
    alt = rng.integers(0, 2, n_lines)
    unit_table = np.array([[UNIT_KINDS[i % 3][1][0], UNIT_KINDS[i % 3][1][1]] for i in range(n_factors)],
                          dtype=object)
    units = unit_table[f, alt]
    values = rng.uniform(0.1, 1000.0, n_lines)
    return ids, values, units


def b1_engine(quick: bool) -> None:
    print("B1 engine: activity lines over 300 factors with mixed units → total and totals by post")
    n = 100_000 if quick else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "bench.yaml"
        write_table(table, 300)
        lib = cc.load_factors(table, bundled=False)
        ids, values, units = make_columns(n, 300)
        factor_post = {fid: lib[fid].beges_post for fid in lib}
        post_codes = {p: i for i, p in enumerate(sorted(set(factor_post.values())))}

        def ours() -> tuple[float, np.ndarray]:
            cols = compute_columns(ids, values, units, lib)
            per_factor_post = np.array([post_codes[factor_post[f]] for f in cols.factor_ids])
            by_post = np.bincount(per_factor_post[cols.factor_index], weights=cols.co2e_kg,
                                  minlength=len(post_codes))
            return cols.total_kg(), by_post

        def numpy_floor() -> tuple[float, np.ndarray]:
            f_unique, f_inv = np.unique(ids.astype(str), return_inverse=True)
            u_unique, u_inv = np.unique(units.astype(str), return_inverse=True)
            to_base = {"passenger_km": 1.0, "passenger_mile": 1.609344, "kWh": 1.0, "MWh": 1000.0,
                       "EUR": 0.001, "kEUR": 1.0}
            u_mult = np.array([to_base[u] for u in u_unique])
            f_val = np.array([lib[f].value.magnitude for f in f_unique])
            f_post = np.array([post_codes[factor_post[f]] for f in f_unique])
            e = values * u_mult[u_inv] * f_val[f_inv]
            return float(e.sum()), np.bincount(f_post[f_inv], weights=e, minlength=len(post_codes))

        sample = 2000

        def pint_scalar() -> float:
            total = 0.0
            for i in range(sample):
                q = cc.ureg.Quantity(values[i], units[i])
                factor = lib[ids[i]].value
                total += (q * factor).to("kgCO2e").magnitude
            return total

        t_ours = timed(ours, 3)
        t_floor = timed(numpy_floor, 3)
        t_pint = timed(pint_scalar, 1) / sample
        total_ours, posts_ours = ours()
        total_floor, posts_floor = numpy_floor()
        assert np.isclose(total_ours, total_floor, rtol=1e-9), (total_ours, total_floor)
        assert np.allclose(posts_ours, posts_floor, rtol=1e-9)
        per_line = t_ours / n
        print(f"  {n:,} lines: coopcarbon {t_ours:.3f} s ({per_line * 1e9:.0f} ns/line), numpy floor "
              f"{t_floor:.3f} s, pint scalar {t_pint * 1e6:.0f} µs/line (sample of {sample})")
        report("speed-up vs pint scalar per line (×)", t_pint / per_line, ">= 200", t_pint / per_line >= 200)
        report("time vs numpy floor (×)", t_ours / t_floor, "<= 5", t_ours / t_floor <= 5)
        try:
            import pandas as pd
        except ImportError:
            print("  pandas baseline skipped: pandas is not installed (pip install pandas)")
            return
        frame = pd.DataFrame({"factor_id": ids, "value": values, "unit": units})
        factors = pd.DataFrame({"factor_id": list(lib), "fvalue": [lib[f].value.magnitude for f in lib],
                                "post": [factor_post[f] for f in lib]})
        to_base = pd.Series({"passenger_km": 1.0, "passenger_mile": 1.609344, "kWh": 1.0, "MWh": 1000.0,
                             "EUR": 0.001, "kEUR": 1.0})

        def pandas_way() -> object:
            merged = frame.merge(factors, on="factor_id")
            merged["co2e"] = merged["value"] * merged["unit"].map(to_base) * merged["fvalue"]
            return merged["co2e"].sum(), merged.groupby("post")["co2e"].sum()

        t_pandas = timed(pandas_way, 3)
        print(f"  pandas merge + multiply + groupby: {t_pandas:.3f} s")
        report("time vs pandas (×)", t_ours / t_pandas, "<= 1", t_ours / t_pandas <= 1)


def b2_monte_carlo(quick: bool) -> None:
    print("B2 Monte Carlo: 10 000 draws, 2 000 lines, 300 factors → 95 % interval")
    rng = np.random.default_rng(1)
    n_lines, n_factors, samples = 2000, 300, 10_000
    e = rng.uniform(1, 500, n_lines)
    idx = rng.integers(0, n_factors, n_lines)
    uf = rng.uniform(0.05, 0.5, n_factors)
    ua = rng.choice([0.05, 0.3, 0.5], n_lines)
    t = timed(lambda: monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0), 3)

    def loop(draws: int) -> None:
        r = np.random.default_rng(0)
        sf = np.sqrt(np.log1p((uf / 1.96) ** 2))
        sa = np.sqrt(np.log1p((ua / 1.96) ** 2))
        for _ in range(draws):
            fd = np.exp(r.standard_normal(n_factors) * sf - sf**2 / 2)
            total = 0.0
            for i in range(n_lines):
                total += e[i] * fd[idx[i]] * np.exp(r.standard_normal() * sa[i] - sa[i] ** 2 / 2)

    draws = 5 if quick else 20
    t_loop = timed(lambda: loop(draws), 1) / draws * samples
    print(f"  vectorised {t:.3f} s; per-draw Python loop over lines {t_loop:.1f} s (extrapolated from {draws} draws)")
    report("Monte Carlo time (s)", t, "< 1", t < 1)
    report("speed-up vs per-draw loop (×)", t_loop / t, ">= 50", t_loop / t >= 50)


def b3_startup() -> None:
    print("B3 start-up: import coopcarbon + load_factors() vs import pint (whole processes)")
    subprocess.run([sys.executable, "-c", "import coopcarbon; coopcarbon.load_factors()"], check=True)

    def proc(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    # the two are measured in turn, so that a change in the machine's load hits both alike
    pint_runs, our_runs = [], []
    for _ in range(9):
        pint_runs.append(proc("import pint"))
        our_runs.append(proc("import coopcarbon; coopcarbon.load_factors()"))
    t_pint, t_ours = statistics.median(pint_runs), statistics.median(our_runs)
    print(f"  import pint {t_pint:.3f} s; import coopcarbon + load_factors() {t_ours:.3f} s")
    report("start-up vs import pint (×)", t_ours / t_pint, "<= 1.5", t_ours / t_pint <= 1.5)


def _load_time(table: Path, cache: Path) -> float:
    """Seconds to load ``table`` over the bundled tables, in a new process with ``cache``."""
    code = ("import time, coopcarbon; coopcarbon.load_factors(); t=time.perf_counter(); "
            f"coopcarbon.load_factors({str(table)!r}); print(time.perf_counter()-t)")
    env = {**os.environ, "COOPCARBON_CACHE_DIR": str(cache)}
    env.pop("COOPCARBON_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
    return float(out.stdout.strip())


def b4_tables(runs: int = 5) -> None:
    print("B4 loading tables: bundled + a generated 20 000-factor user table, as YAML and as CSV")
    from coopcarbon.factors import check_table
    from coopcarbon.factors.csvtable import write_factor_table_csv

    with tempfile.TemporaryDirectory() as tmp:
        yaml_table = Path(tmp) / "big.yaml"
        write_table(yaml_table, 20_000, prefix="user")
        checked = check_table(yaml_table)
        assert checked.table is not None, checked.problems
        csv_table = Path(tmp) / "big.csv"  # the same factors, as a spreadsheet saves them
        write_factor_table_csv(checked.table, csv_table)
        for label, table in (("YAML", yaml_table), ("CSV", csv_table)):
            cold = [_load_time(table, Path(tmp) / f"cold-{label}-{i}") for i in range(runs)]
            warm_cache = Path(tmp) / f"warm-{label}"
            _load_time(table, warm_cache)
            warm = [_load_time(table, warm_cache) for _ in range(runs)]
            print(f"  {label} table ({table.stat().st_size / 1e6:.1f} MB): new process, cold cache "
                  f"{statistics.median(cold):.3f} s (runs {min(cold):.3f}-{max(cold):.3f}); from the disk "
                  f"cache {statistics.median(warm):.3f} s")
            report(f"{label}: cold load (s)", statistics.median(cold), "< 1", statistics.median(cold) < 1)
            report(f"{label}: load from the cache (s)", statistics.median(warm), "< 0.1",
                   statistics.median(warm) < 0.1)
        start = time.perf_counter()
        cc.load_factors(yaml_table)
        first = time.perf_counter() - start
        memo = timed(lambda: cc.load_factors(yaml_table), 5)
        print(f"  same process (YAML): first load {first:.3f} s, memoised {memo * 1e3:.2f} ms")


def b5_ledger(quick: bool) -> None:
    """Informational (the issue sets no target): a ledger through the object API end to end."""
    from coopcarbon.activities import ActivityLine

    n = 10_000 if quick else 100_000
    print(f"B5 (no target) {n:,} lines through the object API: Bilan.add, compute, totals, reports")
    kinds = [("mobility.train.tgv", "passenger_km"), ("energy.electricity.fr.mix_2024", "kWh"),
             ("purchases.services.insurance", "EUR"), ("hardware.laptop", "device"),
             ("mobility.car.petrol", "vehicle_km")]  # laptops also carry ADPe and other indicators
    rng = np.random.default_rng(2)
    picks = rng.integers(0, len(kinds), n).tolist()
    amounts = (rng.random(n) * 100).tolist()
    start = time.perf_counter()
    bilan = cc.Bilan("Ledger", 2024, 100)
    bilan.add([ActivityLine(cc.Q(a, kinds[k][1]), kinds[k][0], label=f"entry {i}")
               for i, (k, a) in enumerate(zip(picks, amounts, strict=True))])
    built = time.perf_counter() - start
    start = time.perf_counter()
    result = bilan.compute()
    computed = time.perf_counter() - start
    start = time.perf_counter()
    result.by_beges_post(), result.by_scope(), result.interval, result.indicators()
    totals = time.perf_counter() - start
    timings = []
    for name in ("to_markdown", "to_html", "to_csv", "to_json"):
        start = time.perf_counter()
        getattr(result, name)()
        timings.append(f"{name} {time.perf_counter() - start:.2f} s")
    print(f"  ActivityLine objects {built:.2f} s; compute {computed:.2f} s; totals, interval and indicators "
          f"{totals * 1e3:.1f} ms; " + ", ".join(timings))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--only", choices=["b1", "b2", "b3", "b4", "b5"], nargs="*")
    args = parser.parse_args()
    import platform

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numpy {np.__version__}")
    chosen = args.only or ["b1", "b2", "b3", "b4", "b5"]
    if "b1" in chosen:
        b1_engine(args.quick)
    if "b2" in chosen:
        b2_monte_carlo(args.quick)
    if "b3" in chosen:
        b3_startup()
    if "b4" in chosen:
        b4_tables()
    if "b5" in chosen:
        b5_ledger(args.quick)
    if args.quick:
        print("quick run: B1 and B5 use 10 times fewer lines, so fixed costs weigh more; the targets are "
              "set for the full sizes (run without --quick)")
    missed = [name for name, ok in RESULTS if not ok]
    print(f"{len(RESULTS) - len(missed)} of {len(RESULTS)} targets met" + (f"; missed: {missed}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
