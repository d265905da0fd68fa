"""A network's consolidated report: Markdown, HTML, JSON, CSV, and one sheet per member.

Anonymised as :mod:`coopcarbon.network` says: members named only with their consent, no group
of fewer than ``network.min_group`` members (its cells read "< 5 members").
"""

from __future__ import annotations

import csv
import html
import io
import json

from ..comparable import PERIMETER
from ..network import INTENSITIES, QUANTILES, Member, Network, summary

__all__ = ["member_sheet", "network_csv", "network_html", "network_json", "network_markdown"]

_BY = {"all": "All members", "sector": "By sector (NAF division)", "size": "By size band (headcount)"}


def _cells(q: dict[str, float] | None, network: Network) -> list[str]:
    if q is None:
        return [f"< {network.min_group} members", *[""] * len(QUANTILES)]
    return [str(int(q["n"])), *[f"{q[k]:.3g}" for k in QUANTILES]]


def _rows(network: Network) -> list[list[str]]:
    """Breakdown, group, intensity, n, quantiles: every distribution as table rows."""
    rows = []
    for by in _BY:
        for group, found in network.distributions(by).items():
            for name, q in found.items():
                rows.append([by, group, f"{name} ({INTENSITIES[name]})", *_cells(q, network)])
    return rows


def network_markdown(network: Network) -> str:
    """The consolidated report in Markdown."""
    head = ["breakdown", "group", "intensity", "n", *QUANTILES]
    out = [f"# Network of {network.year}: consolidated bilan\n",
           f"{len(network.members)} members, total {network.total:,.1f} tCO2e (each member's own boundary). "
           f"Comparable perimeter: {PERIMETER.label}. Groups of fewer than {network.min_group} members are "
           "not shown; members are named only with their consent.\n",
           "## Distributions of the intensities\n", "| " + " | ".join(head) + " |",
           "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row) + " |" for row in _rows(network)]
    out += ["", "## By BEGES post (tCO2e per employee)\n", "| post | n | " + " | ".join(QUANTILES) + " |",
            "|" + "---|" * (len(QUANTILES) + 2)]
    out += [f"| {post} | " + " | ".join(_cells(q, network)) + " |" for post, q in network.by_post().items()]
    named = network.shown_members()
    out += ["", "## Members who agreed to be named\n"]
    out += [f"- {m.name}: {m.total:,.1f} tCO2e" for m in named] or ["(none)"]
    return "\n".join(out) + "\n"


def network_html(network: Network) -> str:
    """The consolidated report as one self-contained HTML page (the Markdown tables, escaped)."""
    body = []
    for line in network_markdown(network).splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [html.escape(c.strip()) for c in line.strip("|").split("|")]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        elif line:
            body.append(f"<p>{html.escape(line)}</p>")
    text = "\n".join(body).replace("</p>\n<tr>", "</p>\n<table>\n<tr>").replace("</tr>\n<h", "</tr>\n</table>\n<h")
    if text.rstrip().endswith("</tr>"):
        text += "\n</table>"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Network "
            f"{network.year}</title><style>table{{border-collapse:collapse}}td{{border:1px solid #ccc;"
            f"padding:2px 6px}}</style></head><body>\n{text}\n</body></html>\n")


def network_json(network: Network) -> str:
    """The consolidated report as JSON (:func:`coopcarbon.network.summary`)."""
    return json.dumps(summary(network), indent=2, ensure_ascii=False, allow_nan=False)


def network_csv(network: Network) -> str:
    """Every distribution as a CSV row (comma-separated, UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["breakdown", "group", "intensity", "n", *QUANTILES])
    writer.writerows(_rows(network))
    return buffer.getvalue()


def member_sheet(network: Network, member: Member) -> str:
    """One member's own sheet (Markdown): its figures and its rank in the network and sector."""
    out = [f"# {member.shown_name}: position in the network of {network.year}\n",
           f"Total {member.total:,.1f} tCO2e; comparable ({PERIMETER.label}) {member.comparable:,.1f} tCO2e"
           + ("" if member.conforms else " (conventions differ from the perimeter's)") + ".\n",
           "| intensity | value | rank in the network | rank in its sector |", "|---|---|---|---|"]
    for name, found in network.position(member).items():
        sector = found["sector_rank"]
        out.append(f"| {name} ({INTENSITIES[name]}) | {found['value']:.3g} | {found['rank']:.0%} | "
                   + (f"{sector:.0%}" if sector is not None else f"< {network.min_group} members") + " |")
    out.append("\nRank: share of members at or below this value (lower is better).")
    return "\n".join(out) + "\n"
