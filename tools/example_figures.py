#!/usr/bin/env python
"""Totals and 95 % intervals of the examples, post by post, before and after a change of factors.

Computes the examples (``examples/scop-lyon/bilan-2024.yaml``, ``examples/software-publisher/
bilan-2024.yaml``, ``examples/web-agency/build.py`` and ``examples/scop-lyon/bilan-2023.yaml``,
the one with diesel company cars by distance) with the coopcarbon found on ``PYTHONPATH``
and its bundled tables, and writes their figures as JSON; given the JSON of an earlier run
(``--before``), prints a Markdown table per example: BEGES post, kgCO2e and analytic 95 %
half-width before and after, and the change. The "before" JSON is made by running this script
with an older checkout's ``src`` on ``PYTHONPATH``::

    PYTHONPATH=<old checkout>/src python tools/example_figures.py --json before.json
    PYTHONPATH=src python tools/example_figures.py --before before.json > figures.md

Figures are in kgCO2e, rounded to 0.1 kg; half-widths in % of the post's total.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import warnings
from pathlib import Path
from typing import Any

import coopcarbon as cc  # the coopcarbon of PYTHONPATH: the old or the new checkout

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = {
    "scop-lyon 2024": REPO / "examples" / "scop-lyon" / "bilan-2024.yaml",
    "software-publisher 2024": REPO / "examples" / "software-publisher" / "bilan-2024.yaml",
    "web-agency 2024": REPO / "examples" / "web-agency" / "build.py",
    # the example with petrol or diesel company cars by distance (two diesel cars in 2023)
    "scop-lyon 2023": REPO / "examples" / "scop-lyon" / "bilan-2023.yaml",
}


def _result(path: Path) -> Any:
    if path.suffix == ".py":
        bilan = runpy.run_path(str(path))["build"]()
    else:
        bilan = cc.Bilan.from_yaml(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return bilan.compute()


def figures() -> dict[str, Any]:
    """Every example's total and posts: ``{"total": [kg, low, high], "posts": {post: [...]}}``."""
    out: dict[str, Any] = {}
    for name, path in EXAMPLES.items():
        result = _result(path)
        total = result.interval
        posts = result.intervals_by("beges_post")
        out[name] = {
            "total": [total.central, total.low, total.high],
            "posts": {str(post): [i.central, i.low, i.high] for post, i in sorted(posts.items())},
        }
    return out


def _cell(entry: list[float] | None) -> str:
    if not entry or not entry[0]:
        return "—"
    central, low, high = entry
    return f"{central:,.1f} ± {(high - low) / 2 / central:.0%}".replace(",", " ")


def _change(before: list[float] | None, after: list[float] | None) -> str:
    old = before[0] if before else 0.0
    new = after[0] if after else 0.0
    if abs(new - old) < 0.05:
        return "="
    return f"{new - old:+,.1f}".replace(",", " ")


def markdown(before: dict[str, Any], after: dict[str, Any]) -> str:
    """One table per example: post, before, after, change (kgCO2e, ± 95 % half-width)."""
    lines: list[str] = []
    for name in after:
        old, new = before.get(name, {"posts": {}, "total": None}), after[name]
        lines += [f"### {name}", "", "| BEGES post | before (kgCO2e ± 95 %) | after | change |",
                  "|---|---|---|---|"]
        for post in sorted(set(old["posts"]) | set(new["posts"]), key=lambda p: tuple(map(int, p.split(".")))):
            b, a = old["posts"].get(post), new["posts"].get(post)
            lines.append(f"| {post} | {_cell(b)} | {_cell(a)} | {_change(b, a)} |")
        lines.append(f"| **total** | {_cell(old['total'])} | {_cell(new['total'])} | "
                     f"{_change(old['total'], new['total'])} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write this run's figures to this JSON file")
    parser.add_argument("--before", type=Path, help="JSON of an earlier run: print the comparison")
    args = parser.parse_args(argv)
    now = figures()
    if args.json:
        args.json.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if args.before:
        sys.stdout.write(markdown(json.loads(args.before.read_text(encoding="utf-8")), now) + "\n")
    elif not args.json:
        sys.stdout.write(json.dumps(now, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
