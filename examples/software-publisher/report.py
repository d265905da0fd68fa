"""Bilan carbone 2024 of Logiciels Exemple SA (a fictional 200-person software publisher).

Reads ``bilan-2024.yaml`` next to this script and prints the English Markdown report, then the
two Scope 2 totals (location-based and market-based: the Enercoop contract in Paris, the
residual mixes of the Spanish and German subsidiaries) and the emissions of each site. Writes
nothing, unless an output path is given::

    python examples/software-publisher/report.py              # print the report
    python examples/software-publisher/report.py report.md    # also write it to report.md
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import coopcarbon as cc

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    result = cc.Bilan.from_yaml(HERE / "bilan-2024.yaml").compute()
    report = result.to_markdown(lang="en")
    print(report)

    scopes = result.by_scope()
    print(f"Scope 2, location-based: {scopes['2-location'].magnitude:.1f} tCO2e; "
          f"market-based: {scopes['2-market'].magnitude:.1f} tCO2e")
    by_site: dict[str, float] = defaultdict(float)
    for line in result.lines:
        if line.in_main_total:
            by_site[line.activity.site or "(company-wide)"] += line.kg
    for site, kg in sorted(by_site.items(), key=lambda kv: -kv[1]):
        print(f"  {site:<16} {kg / 1000:8.1f} tCO2e")
    if argv:
        output = Path(argv[0])
        output.write_text(report, encoding="utf-8")
        print(f"Report written to {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
