"""Bilan carbone 2024 of Scop Exemple (a fictional IT consulting cooperative in Lyon).

Reads ``bilan-2024.yaml`` next to this script, prints the French Markdown report (with a text
chart) and the change since 2023. Writes nothing, unless an output path is given::

    python examples/scop-lyon/report.py                 # print the report
    python examples/scop-lyon/report.py rapport.md      # also write it to rapport.md
    python examples/scop-lyon/report.py rapport.html    # or as HTML with charts (2023 → 2024)
"""

from __future__ import annotations

import sys
from pathlib import Path

import coopcarbon as cc

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    result = cc.Bilan.from_yaml(HERE / "bilan-2024.yaml").compute()
    previous = cc.Bilan.from_yaml(HERE / "bilan-2023.yaml").compute()
    report = result.to_markdown(lang="fr")
    print(report)

    change = result.compare(previous)
    tonnes = f"{change.change.to('tCO2e').magnitude:+.1f}".replace(".", ",")
    percent = f"{change.relative_change * 100:+.1f}".replace(".", ",")
    print(f"Évolution 2023 → 2024 : {tonnes} tCO2e ({percent} %)")
    if argv:
        output = Path(argv[0])
        if output.suffix.lower() in {".html", ".htm"}:
            report = result.to_html(lang="fr", compare_with=[previous])
        output.write_text(report, encoding="utf-8")
        print(f"Rapport écrit dans {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
