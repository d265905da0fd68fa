"""coopcarbon benchmarks: each prints its figures, the ratio against a baseline measured in the same
run (the best a competent user would write without coopcarbon), and the target the issue sets.

Run: ``make bench`` (or ``python benchmarks/run.py [--quick] [--only B1 B6 ...]``). Needs the
``bench`` extra (pandas) and, for B9, the ``network`` extra (DuckDB, pyarrow). Start-up, table
loading, the report command, the network and the memory benchmarks run as whole processes, so
imports, caches and peak memory are those a user meets.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np
from ademe_export import write_export  # benchmarks/ademe_export.py, beside this script

import coopcarbon as cc
from coopcarbon.activities import ActivityLine
from coopcarbon.engine import compute_columns
from coopcarbon.uncertainty import Z95, monte_carlo_interval

RESULTS: list[tuple[str, bool]] = []
MIB = 2**20


def timed(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs [s]."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed_in_turn(fns: dict[str, Callable[[], object]], rounds: int = 5) -> dict[str, float]:
    """Median wall time of each function [s], run in turn ``rounds`` times.

    In turn, so that a change in the machine's load hits every contender alike.
    """
    times: dict[str, list[float]] = {label: [] for label in fns}
    for _ in range(rounds):
        for label, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[label].append(time.perf_counter() - start)
    return {label: statistics.median(runs) for label, runs in times.items()}


def report(name: str, value: float, target: str, ok: bool) -> None:
    """Print one figure against its target; a missed target says MISSED with the figure."""
    RESULTS.append((name, ok))
    print(f"  {name:<62} {value:>10.3g}   target {target:<9} {'OK' if ok else 'MISSED'}")


def info(name: str, value: float) -> None:
    """Print a figure the issue sets no target for."""
    print(f"  {name:<62} {value:>10.3g}   (no target)")


def spread(runs: list[float]) -> str:
    return f"median {statistics.median(runs):.3f} s, runs {min(runs):.3f}-{max(runs):.3f}"


# Runs a command and writes its wall time [s], peak resident memory [KiB] and CPU time (user +
# system) [s] to the file argv[1]. On a loaded machine the CPU time is close to what the wall time
# would be on a quiet one (a single-threaded process waits for a core, it does not work longer).
# The command is the launcher's child, not ours: a child forked from this big process would count
# this process's pages in its peak (Linux keeps the high-water mark across fork and exec).
_LAUNCHER = """import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.write(f"{code} {seconds} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime}")
"""


class Process(NamedTuple):
    """Figures of one whole process."""

    seconds: float  # wall time [s]
    peak_mib: float  # peak resident memory [MiB]
    out: str  # standard output
    cpu: float  # CPU time, user + system [s]


def run_process(args: list[str], env: dict[str, str] | None = None) -> Process:
    """Wall time, peak resident memory, standard output and CPU time of one whole process.

    Measured by a small launcher process (about 10 MiB: an upper bound of what its child's peak
    may include from it). ``PYTHONDONTWRITEBYTECODE`` is dropped from the child's environment: an
    installed package has its bytecode, and without it every process would compile coopcarbon
    again (0.03-0.07 s), a cost users do not pay.
    """
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "figures"
        out = subprocess.run([sys.executable, "-c", _LAUNCHER, str(figures), *args], env=env, check=True,
                             stdout=subprocess.PIPE).stdout.decode()
        code, seconds, peak_kib, cpu = figures.read_text().split()
    if int(code):
        raise SystemExit(f"{' '.join(args[:4])}... failed with exit code {code}")
    return Process(float(seconds), int(peak_kib) / 1024, out, float(cpu))


def resident_mib() -> float:
    """Resident memory of this process now [MiB] (Linux ``/proc``; else its peak so far)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return pages * os.sysconf("SC_PAGE_SIZE") / MIB


def python(code: str, env: dict[str, str] | None = None) -> Process:
    return run_process([sys.executable, "-c", code], env)


START_UP = "import coopcarbon; coopcarbon.load_factors()"


def fresh_env(cache: Path) -> dict[str, str]:
    """Environment with every cache (pint's definitions, coopcarbon's tables) in empty ``cache``."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    env.pop("COOPCARBON_CACHE_DIR", None)
    env.pop("COOPCARBON_NO_CACHE", None)
    return env


# --- a synthetic library of 300 factors with three kinds of units ------------------------------
UNIT_KINDS = [("kgCO2e/passenger_km", ("passenger_km", "passenger_mile")),
              ("kgCO2e/kWh", ("kWh", "MWh")),
              ("kgCO2e/kEUR", ("EUR", "kEUR"))]
TO_BASE = {"passenger_km": 1.0, "passenger_mile": 1.609344, "kWh": 1.0, "MWh": 1000.0, "EUR": 0.001,
           "kEUR": 1.0}  # what a baseline hard-codes: one mile is 1.609344 km (exact by definition)
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
    """Factor ids, magnitudes and unit strings of ``n_lines`` lines (object arrays of str)."""
    rng = np.random.default_rng(seed)
    f = rng.integers(0, n_factors, n_lines)
    ids = np.array([f"bench.f{i:05d}.x" for i in range(n_factors)], dtype=object)[f]
    unit_table = np.array([UNIT_KINDS[i % 3][1] for i in range(n_factors)], dtype=object)
    units = unit_table[f, rng.integers(0, 2, n_lines)]
    return ids, rng.uniform(0.1, 1000.0, n_lines), units


def b1_engine(quick: bool) -> None:
    n = 100_000 if quick else 1_000_000
    print(f"B1 engine: {n:,} activity lines over 300 factors, mixed units → total and totals by post")
    try:
        import pandas as pd  # the bench extra; imported here so that B7 and B8 children do not load it
    except ImportError:
        sys.exit("B1 needs pandas: pip install -e '.[bench]' (make bench installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "bench.yaml"
        write_table(table, 300)
        lib = cc.load_factors(table, bundled=False)
    ids, values, units = make_columns(n, 300)
    factor_post = {fid: lib[fid].beges_post for fid in lib}
    factor_value = {fid: lib[fid].value.magnitude for fid in lib}  # kgCO2e per unit of TO_BASE
    post_codes = {p: i for i, p in enumerate(sorted(set(factor_post.values())))}

    def ours() -> tuple[float, np.ndarray]:
        cols = compute_columns(ids, values, units, lib)
        per_factor_post = np.array([post_codes[factor_post[f]] for f in cols.factor_ids])
        by_post = np.bincount(per_factor_post[cols.factor_index], weights=cols.co2e_kg, minlength=len(post_codes))
        return cols.total_kg(), by_post

    def numpy_floor() -> tuple[float, np.ndarray]:
        # no unit checks at all: hash-factorise the two string columns, look up, multiply, bincount
        f_codes, f_unique = pd.factorize(ids)
        u_codes, u_unique = pd.factorize(units)
        u_mult = np.array([TO_BASE[u] for u in u_unique])
        f_val = np.array([factor_value[f] for f in f_unique])
        f_post = np.array([post_codes[factor_post[f]] for f in f_unique])
        e = values * u_mult[u_codes] * f_val[f_codes]
        return float(e.sum()), np.bincount(f_post[f_codes], weights=e, minlength=len(post_codes))

    # pandas with categorical columns: from the same string columns (the conversion is timed, as
    # coopcarbon's factorisation is), and, for information, on categoricals built beforehand (as
    # read_csv(dtype="category") would hand them over)
    value_map, post_map, unit_map = pd.Series(factor_value), pd.Series(factor_post), pd.Series(TO_BASE)
    built = pd.DataFrame({"factor_id": pd.Categorical(ids), "value": values, "unit": pd.Categorical(units)})

    def pandas_on(frame: pd.DataFrame) -> tuple[float, object]:
        co2e = (frame["value"] * frame["unit"].map(unit_map).astype(float)
                * frame["factor_id"].map(value_map).astype(float))
        return float(co2e.sum()), co2e.groupby(frame["factor_id"].map(post_map), observed=True).sum()

    def pandas_way() -> tuple[float, object]:
        return pandas_on(pd.DataFrame({"factor_id": pd.Categorical(ids), "value": values,
                                       "unit": pd.Categorical(units)}))

    sample = 5000
    kg = cc.ureg.Unit("kgCO2e")

    def pint_scalar() -> float:
        # pint line by line, each distinct unit parsed once and each factor looked up once
        parsed: dict[str, object] = {}
        factors: dict[str, object] = {}
        total = 0.0
        for i in range(sample):
            unit = parsed.get(units[i]) or parsed.setdefault(units[i], cc.ureg.Unit(units[i]))
            factor = factors.get(ids[i]) or factors.setdefault(ids[i], lib[ids[i]].value)
            total += (cc.ureg.Quantity(values[i], unit) * factor).m_as(kg)
        return total

    times = timed_in_turn({"ours": ours, "floor": numpy_floor, "pandas": pandas_way,
                           "built": lambda: pandas_on(built), "pint": pint_scalar})
    t_ours, t_floor, t_pandas, t_built = times["ours"], times["floor"], times["pandas"], times["built"]
    t_pint = times["pint"] / sample
    (total, posts), (total_floor, posts_floor) = ours(), numpy_floor()
    total_pandas, posts_pandas = pandas_way()
    assert np.isclose(total, total_floor, rtol=1e-9) and np.isclose(total, total_pandas, rtol=1e-9)
    assert np.allclose(posts, posts_floor, rtol=1e-9) and np.allclose(posts, np.asarray(posts_pandas), rtol=1e-9)
    per_line = t_ours / n
    print(f"  coopcarbon {t_ours:.3f} s ({per_line * 1e9:.0f} ns/line); numpy floor (pandas.factorize) "
          f"{t_floor:.3f} s; pandas categorical map + groupby {t_pandas:.3f} s ({t_built:.3f} s on categoricals "
          f"built beforehand); pint per line, units "
          f"parsed once {t_pint * 1e6:.1f} µs/line (sample of {sample})")
    report("speed-up vs pint per line (×)", t_pint / per_line, ">= 200", t_pint / per_line >= 200)
    report("time vs pandas, categorical columns (×)", t_ours / t_pandas, "<= 1", t_ours / t_pandas <= 1)
    report("time vs numpy floor, hash-factorised (×)", t_ours / t_floor, "<= 2", t_ours / t_floor <= 2)
    info("time vs pandas on categoricals built beforehand (×)", t_ours / t_built)


def b2_monte_carlo(_quick: bool) -> None:
    print("B2 Monte Carlo: 10 000 draws, 2 000 lines, 300 factors → 95 % interval")
    rng = np.random.default_rng(1)
    n_lines, n_factors, samples = 2000, 300, 10_000
    e = rng.uniform(1, 500, n_lines)
    idx = rng.integers(0, n_factors, n_lines)
    uf = rng.uniform(0.05, 0.5, n_factors)
    ua = rng.choice([0.05, 0.3, 0.5], n_lines)
    t = timed(lambda: monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0), 3)
    t_exact = timed(lambda: monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0, method="exact"), 3)
    start = time.perf_counter()
    low, high = per_draw_loop(e, idx, uf, ua, samples)
    t_loop = time.perf_counter() - start
    ours = monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0)[0]
    exact = monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0, method="exact")[0]
    for interval in (ours, exact):
        assert np.isclose(interval.low, low, rtol=5e-3) and np.isclose(interval.high, high, rtol=5e-3)
    print(f"  coopcarbon {t:.3f} s (Fenton-Wilkinson, the default), {t_exact:.3f} s (method='exact'); "
          f"per-draw loop vectorised over lines {t_loop:.3f} s; intervals [{ours.low:,.0f}, {ours.high:,.0f}], "
          f"[{exact.low:,.0f}, {exact.high:,.0f}] and [{low:,.0f}, {high:,.0f}] kgCO2e")
    report("Monte Carlo time (s)", t, "< 1", t < 1)
    report("speed-up vs per-draw loop vectorised over lines (×)", t_loop / t, ">= 5", t_loop / t >= 5)
    info("speed-up of method='exact' vs per-draw loop (×)", t_loop / t_exact)


def per_draw_loop(e: np.ndarray, idx: np.ndarray, uf: np.ndarray, ua: np.ndarray,
                  draws: int) -> tuple[float, float]:
    """Baseline: one numpy draw per factor and per line in each iteration, a loop over iterations."""
    rng = np.random.default_rng(0)
    sf, sa = np.sqrt(np.log1p((uf / Z95) ** 2)), np.sqrt(np.log1p((ua / Z95) ** 2))
    mf, ma = -sf**2 / 2, -sa**2 / 2
    totals = np.empty(draws)
    for k in range(draws):
        totals[k] = np.dot(e * rng.lognormal(mf, sf)[idx], rng.lognormal(ma, sa))
    low, high = np.percentile(totals, [2.5, 97.5])
    return float(low), float(high)


def b3_startup(rounds: int = 9) -> None:
    print("B3 start-up: python -c 'import coopcarbon; coopcarbon.load_factors()' vs 'import pint' "
          "(whole processes, measured in turn)")
    python(START_UP)  # warm: pint's definition cache and the library cache exist
    with tempfile.TemporaryDirectory() as tmp:
        for label, env_of in (("warm caches", lambda _: None),
                              ("cold caches (new empty XDG_CACHE_HOME)", lambda i: fresh_env(Path(tmp) / str(i)))):
            pint_runs, our_runs = [], []
            for i in range(rounds):  # in turn, so that a change in the machine's load hits both alike
                pint_runs.append(python("import pint", env_of(f"p{i}"))[0])
                our_runs.append(python(START_UP, env_of(f"c{i}"))[0])
            ratio = statistics.median(our_runs) / statistics.median(pint_runs)
            print(f"  {label}: import pint {spread(pint_runs)}; coopcarbon {spread(our_runs)}")
            report(f"start-up vs import pint, {label.split(' (')[0]} (×)", ratio, "<= 1.5", ratio <= 1.5)


def b4_tables(runs: int = 5) -> None:
    print("B4 loading tables: python -c 'import coopcarbon; coopcarbon.load_factors(); "
          "coopcarbon.load_factors(TABLE)' (whole processes), TABLE a generated 20 000-factor user table, "
          "as YAML and as CSV")
    from coopcarbon.factors import check_table
    from coopcarbon.factors.csvtable import write_factor_table_csv

    with tempfile.TemporaryDirectory() as tmp:
        yaml_table = Path(tmp) / "big.yaml"
        write_table(yaml_table, 20_000, prefix="user")
        checked = check_table(yaml_table)
        assert checked.table is not None, checked.problems
        csv_table = Path(tmp) / "big.csv"  # the same factors, as a spreadsheet saves them
        write_factor_table_csv(checked.table, csv_table)
        tables = {"YAML": yaml_table, "CSV": csv_table}
        code = {label: "import time, coopcarbon; coopcarbon.load_factors(); start = time.perf_counter(); "
                       f"coopcarbon.load_factors({str(table)!r}); print(time.perf_counter() - start)"
                for label, table in tables.items()}
        warm_env = {**os.environ, "COOPCARBON_CACHE_DIR": f"{tmp}/warm"}
        for label in tables:
            python(code[label], warm_env)
        base: list[float] = []
        cold: dict[str, list[float]] = {label: [] for label in tables}
        cold_cpu: dict[str, list[float]] = {label: [] for label in tables}
        warm: dict[str, list[float]] = {label: [] for label in tables}
        inside: dict[str, list[float]] = {label: [] for label in tables}  # load_factors(TABLE) after the bundled
        for i in range(runs):  # in turn, so that a change in the machine's load hits all alike
            base.append(python(START_UP)[0])
            for label in tables:  # nothing cached: parse, validate, merge, write the cache
                cold_env = {**warm_env, "COOPCARBON_CACHE_DIR": f"{tmp}/cold{label}{i}"}
                process = python(code[label], cold_env)
                cold[label].append(process.seconds)
                cold_cpu[label].append(process.cpu)
                seconds, _, out, _ = python(code[label], warm_env)
                warm[label].append(seconds)
                inside[label].append(float(out))
        print(f"  baseline, bundled tables only, cached: {spread(base)}")
        for label, table in tables.items():
            print(f"  {label} ({table.stat().st_size / 1e6:.1f} MB): nothing cached {spread(cold[label])}; "
                  f"cached {spread(warm[label])}, of which load_factors(TABLE) {spread(inside[label])}")
            cold_s, inside_s = statistics.median(cold[label]), statistics.median(inside[label])
            report(f"{label}: whole process, nothing cached (s)", cold_s, "< 1", cold_s < 1)
            info(f"{label}: whole process, nothing cached, CPU time (s)", statistics.median(cold_cpu[label]))
            info(f"{label}: whole process, nothing cached, vs the baseline process (×)",
                 cold_s / statistics.median(base))
            report(f"{label}: cached, load_factors(TABLE) in the process (s)", inside_s, "< 0.1", inside_s < 0.1)
            info(f"{label}: cached, whole process vs the baseline process (×)",
                 statistics.median(warm[label]) / statistics.median(base))


def b5_ledger(quick: bool) -> None:
    """Informational (the issue sets no target): a ledger through the object API to the reports."""
    n = 10_000 if quick else 100_000
    print(f"B5 (no target) {n:,} lines through the object API: Bilan.add, compute, totals, reports")
    start = time.perf_counter()
    bilan = cc.Bilan("Ledger", 2024, 100).add(ledger_lines(n))
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


# bundled factors of a ledger; laptops also carry ADPe and other indicators
LEDGER_KINDS = [("mobility.train.tgv", "passenger_km"), ("energy.electricity.fr.mix_2024", "kWh"),
                ("purchases.services.insurance", "EUR"), ("hardware.laptop", "device"),
                ("mobility.car.petrol", "vehicle_km")]


def ledger_rows(n: int) -> tuple[list[int], list[float]]:
    rng = np.random.default_rng(2)
    return rng.integers(0, len(LEDGER_KINDS), n).tolist(), (rng.random(n) * 100).tolist()


def ledger_lines(n: int) -> list[ActivityLine]:
    """One ActivityLine per entry, each with a pint quantity (``cc.Q``), as most scripts write it."""
    picks, amounts = ledger_rows(n)
    return [ActivityLine(cc.Q(a, LEDGER_KINDS[k][1]), LEDGER_KINDS[k][0], label=f"entry {i}")
            for i, (k, a) in enumerate(zip(picks, amounts, strict=True))]


def ledger_lines_plain(n: int) -> list[ActivityLine]:
    """One ActivityLine per entry, given as magnitude and unit text (the object API without pint objects)."""
    picks, amounts = ledger_rows(n)
    return [ActivityLine(magnitude=a, unit=LEDGER_KINDS[k][1], factor_id=LEDGER_KINDS[k][0], label=f"entry {i}")
            for i, (k, a) in enumerate(zip(picks, amounts, strict=True))]


def write_ledger_bilan(folder: Path, n: int) -> Path:
    """A bilan file whose ``activities_csv`` is an ``n``-line ledger in French spreadsheet CSV."""
    picks, amounts = ledger_rows(n)
    rows = ["quantity;unit;factor_id;label"]
    rows += [f"{a:.4f}".replace(".", ",") + f";{LEDGER_KINDS[k][1]};{LEDGER_KINDS[k][0]};entry {i}"
             for i, (k, a) in enumerate(zip(picks, amounts, strict=True))]
    (folder / "ledger.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    bilan = folder / "bilan.yaml"
    bilan.write_text('schema_version: "1"\norganisation: Ledger\nyear: 2024\nheadcount: 100\n'
                     "activities_csv: [ledger.csv]\n", encoding="utf-8")
    return bilan


#: B6's floor: what any report of the bilan file must do with the project's stack, and nothing more.
#: Import coopcarbon and load the library (the baseline), import numpy (the engine) and the bilan
#: file's pydantic models, validate the bilan file, and read the ledger with csv.reader, the
#: collector paused: no line checked, computed or reported.
B6_FLOOR = """
import csv, gc, sys
import numpy, yaml
import coopcarbon
from coopcarbon.bilanfile.schema import BilanFile
coopcarbon.load_factors()
BilanFile.model_validate(yaml.safe_load(open(sys.argv[1], encoding="utf-8")))
gc.disable()
with open(sys.argv[2], encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, delimiter=";"))
"""


def b6_report_command(quick: bool, runs: int = 3) -> None:
    n = 10_000 if quick else 100_000
    print(f"B6 `coopcarbon report bilan.yaml` (Markdown to stdout), a bilan file with a {n:,}-line CSV ledger; "
          "whole processes, caches warm")
    with tempfile.TemporaryDirectory() as tmp:
        bilan = write_ledger_bilan(Path(tmp), n)
        command = [sys.executable, "-m", "coopcarbon", "report", str(bilan)]
        floor_command = [sys.executable, "-c", B6_FLOOR, str(bilan), str(Path(tmp) / "ledger.csv")]
        python(START_UP)
        base, ours, peaks, floor = [], [], [], []
        for _ in range(runs):
            base.append(python(START_UP)[0])
            seconds, peak, _out, _ = run_process(command)
            ours.append(seconds)
            peaks.append(peak)
            floor.append(run_process(floor_command)[0])
    ratio = statistics.median(ours) / statistics.median(base)
    print(f"  report {spread(ours)}, peak RSS {max(peaks):.0f} MiB; import coopcarbon + load_factors() "
          f"{spread(base)}; floor (that, numpy, the bilan file's models, csv.reader over the ledger) "
          f"{spread(floor)}")
    report("report time vs import coopcarbon + load_factors() (×)", ratio, "<= 5", ratio <= 5)
    info("floor vs import coopcarbon + load_factors() (×)", statistics.median(floor) / statistics.median(base))
    info("report time vs the floor (×)", statistics.median(ours) / statistics.median(floor))
    report("report peak resident memory (MiB)", max(peaks), "<= 300", max(peaks) <= 300)


def b7_object_api(quick: bool) -> None:
    n = 100_000 if quick else 1_000_000
    print(f"B7 object API, {n:,} lines: ActivityLine objects, Bilan.add, compute (a new process)")
    _, peak, out, _ = run_process([sys.executable, __file__, "--child", "B7", str(n)])
    figures = json.loads(out)
    total = figures["objects"] + figures["add"] + figures["compute"]
    print(f"  ActivityLine(magnitude=..., unit=...) objects {figures['objects']:.2f} s, Bilan.add "
          f"{figures['add']:.2f} s, compute {figures['compute']:.2f} s; the same objects built with a pint "
          f"quantity each (cc.Q) {figures['objects_q']:.2f} s; compute_columns on the same lines as columns "
          f"{figures['columns']:.3f} s; peak RSS {peak:.0f} MiB (before the lines {figures['rss_before']:.0f} MiB)")
    report("objects + add + compute (s)", total, "<= 5", total <= 5)
    info("the same with a cc.Q per line (s)", figures["objects_q"] + figures["add"] + figures["compute"])
    info("objects + add + compute vs compute_columns (×)", total / figures["columns"])
    report("peak resident memory (GiB)", peak / 1024, "<= 1.5", peak <= 1.5 * 1024)


def b7_child(n: int) -> dict[str, float]:
    cc.load_factors()
    rss_before = resident_mib()
    start = time.perf_counter()
    with_q = ledger_lines(n)
    objects_q = time.perf_counter() - start
    del with_q
    start = time.perf_counter()
    lines = ledger_lines_plain(n)
    objects = time.perf_counter() - start
    start = time.perf_counter()
    bilan = cc.Bilan("Ledger", 2024, 100).add(lines)
    added = time.perf_counter() - start
    start = time.perf_counter()
    bilan.compute()
    computed = time.perf_counter() - start
    picks, amounts = ledger_rows(n)
    ids = np.array([k for k, _ in LEDGER_KINDS], dtype=object)[picks]
    units = np.array([u for _, u in LEDGER_KINDS], dtype=object)[picks]
    columns = timed(lambda: compute_columns(ids, amounts, units, cc.load_factors()), 3)
    return {"objects": objects, "objects_q": objects_q, "add": added, "compute": computed, "columns": columns,
            "rss_before": rss_before}


def b8_monte_carlo_memory(quick: bool) -> None:
    samples = 1000 if quick else 10_000
    print(f"B8 Monte Carlo, {samples:,} draws over 100 000 lines and 300 factors (a new process)")
    _, peak, out, _ = run_process([sys.executable, __file__, "--child", "B8", str(samples)])
    figures = json.loads(out)
    print(f"  coopcarbon {figures['seconds']:.2f} s (Fenton-Wilkinson, the default), {figures['exact']:.2f} s "
          f"(method='exact'), peak RSS {peak:.0f} MiB, of which the lines {figures['rss_before']:.0f} MiB (with "
          f"the interpreter and numpy); per-draw loop vectorised over lines {figures['loop']:.2f} s (extrapolated "
          "from 50 draws); the former chunks of 1 000 draws peaked at +1 154 MiB")
    above = peak - figures["rss_before"]
    report("peak memory above the lines, either method (MiB)", above, "<= 200", above <= 200)
    info("speed-up vs per-draw loop vectorised over 10⁵ lines (×)", figures["loop"] / figures["seconds"])
    info("speed-up of method='exact' vs the same loop (×)", figures["loop"] / figures["exact"])


def b8_child(samples: int) -> dict[str, float]:
    rng = np.random.default_rng(1)
    e, idx = rng.uniform(1, 500, 100_000), rng.integers(0, 300, 100_000)
    uf, ua = rng.uniform(0.05, 0.5, 300), rng.choice([0.05, 0.3, 0.5], 100_000)
    rss_before = resident_mib()
    start = time.perf_counter()
    monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0, method="exact")  # the larger peak
    exact = time.perf_counter() - start
    start = time.perf_counter()
    monte_carlo_interval(e, idx, uf, ua, samples=samples, seed=0)
    seconds = time.perf_counter() - start
    loop = timed(lambda: per_draw_loop(e, idx, uf, ua, 50), 1) / 50 * samples  # a few MiB
    return {"seconds": seconds, "exact": exact, "rss_before": rss_before, "loop": loop}


def b9_network(quick: bool) -> None:
    members = 400 if quick else 4000
    print(f"B9 network: {members:,} members × 10 000 lines to Parquet in batches of 100 members, totals by one "
          "DuckDB scan, intensity quantiles (benchmarks/network.py, a new process; the network extra)")
    if importlib.util.find_spec("duckdb") is None or importlib.util.find_spec("pyarrow") is None:
        sys.exit("B9 needs duckdb and pyarrow: pip install -e '.[network]' (make bench installs it)")
    script = str(Path(__file__).with_name("network.py"))
    seconds, peak, out, _ = run_process([sys.executable, script, "--members", str(members)])
    print("    " + out.strip().replace("\n", "\n    "))
    # A quarter of the members in the same batches: memory bounded by one batch means the same peak.
    _, quarter_peak, _, _ = run_process([sys.executable, script, "--members", str(members // 4)])
    report("whole process, generation, Parquet, scan and quantiles (s)", seconds, "< 60", seconds < 60)
    ratio = peak / quarter_peak
    print(f"  peak resident memory {peak:.0f} MiB; with a quarter of the members {quarter_peak:.0f} MiB")
    report("peak memory, all members / a quarter of them (×)", ratio, "<= 1.25", ratio <= 1.25)


def b10_ademe_export(quick: bool, runs: int = 5) -> None:
    elements = 2_000 if quick else 20_000
    print(f"B10 ADEME's export: python -c 'import coopcarbon; coopcarbon.load_factors(); "
          f"coopcarbon.load_factors(EXPORT)' (whole processes, nothing cached), EXPORT a synthetic Base Carbone "
          f"export of {elements:,} elements with their posts (benchmarks/ademe_export.py), Windows-1252 and UTF-8")
    with tempfile.TemporaryDirectory() as tmp:
        exports = {encoding: write_export(Path(tmp) / f"export-{encoding}.csv", elements, encoding)
                   for encoding in ("cp1252", "utf-8")}
        # does anything build pint's registry on the way? (it costs about 0.3 s; its answers for the
        # export's units come from the table of resolved units)
        code = {encoding: "import time, coopcarbon; from coopcarbon import units; coopcarbon.load_factors(); "
                          f"start = time.perf_counter(); coopcarbon.load_factors({str(path)!r}); "
                          "print(units.registry.cache_info().currsize, time.perf_counter() - start)"
                for encoding, path in exports.items()}
        base: list[float] = []
        whole: dict[str, list[float]] = {encoding: [] for encoding in exports}
        registry: list[float] = []
        inside: dict[str, list[float]] = {encoding: [] for encoding in exports}
        for i in range(runs):  # in turn, so that a change in the machine's load hits all alike
            base.append(python(START_UP)[0])
            for encoding in exports:
                process = python(code[encoding], {**os.environ, "COOPCARBON_CACHE_DIR": f"{tmp}/cold{encoding}{i}"})
                whole[encoding].append(process.seconds)
                built, loaded = map(float, process.out.split())
                registry.append(built)  # 1 if the registry was built, else 0
                inside[encoding].append(loaded)
    print(f"  baseline, bundled library only: {spread(base)}; pint's registry built in "
          f"{int(sum(registry))} of {len(registry)} processes")
    for encoding, path_runs in whole.items():
        print(f"  {encoding}: whole process {spread(path_runs)}; load_factors(EXPORT) {spread(inside[encoding])}")
    seconds = statistics.median(whole["cp1252"])
    report("Windows-1252: whole process, nothing cached (s)", seconds, "< 1", seconds < 1)
    info("load_factors(EXPORT) in the process (s)", statistics.median(inside["cp1252"]))
    info("whole process vs the baseline process (×)", seconds / statistics.median(base))
    info("UTF-8: whole process, nothing cached (s)", statistics.median(whole["utf-8"]))


BENCHMARKS: dict[str, Callable[[bool], None]] = {
    "B1": b1_engine, "B2": b2_monte_carlo, "B3": lambda _quick: b3_startup(),
    "B4": lambda _quick: b4_tables(), "B5": b5_ledger, "B6": b6_report_command, "B7": b7_object_api,
    "B8": b8_monte_carlo_memory, "B9": b9_network, "B10": b10_ademe_export,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--only", choices=list(BENCHMARKS), nargs="+", type=str.upper, metavar="B1..B10")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # B7/B8 in a new process
    args = parser.parse_args()
    if args.child:
        child = {"B7": b7_child, "B8": b8_child}[args.child[0]]
        print(json.dumps(child(int(args.child[1]))))
        return 0
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, numpy {np.__version__}, "
          f"load average {os.getloadavg()[0]:.2f}")
    for name in args.only or list(BENCHMARKS):
        BENCHMARKS[name](args.quick)
    if args.quick:
        print("quick run: smaller sizes, so fixed costs weigh more; the targets are set for the full sizes")
    missed = [name for name, ok in RESULTS if not ok]
    print(f"{len(RESULTS) - len(missed)} of {len(RESULTS)} targets met" + (f"; MISSED: {missed}" if missed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
