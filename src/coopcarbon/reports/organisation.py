"""The organisation section of a report: totals by site and entity, intensities, comparable indicator.

A Markdown section any report can include (``organisation_section(result, lang)``); it prints
the comparable indicator's name and version, so two organisations' figures compare.
"""

from __future__ import annotations

from ..result import BilanResult
from ..uncertainty import Interval
from .markdown import escape

__all__ = ["organisation_section"]

_WORDS = {
    "fr": {"title": "Organisation", "site": "Site", "entity": "Entité", "total": "tCO2e", "interval": "IC 95 %",
           "none": "(sans site)", "intensities": "Intensités", "comparable": "Indicateur comparable",
           "deviations": "écarts aux conventions", "boundary": "Périmètre organisationnel"},
    "en": {"title": "Organisation", "site": "Site", "entity": "Entity", "total": "tCO2e", "interval": "95 % CI",
           "none": "(no site)", "intensities": "Intensities", "comparable": "Comparable indicator",
           "deviations": "deviations from its conventions", "boundary": "Organisational boundary"},
}


def _interval(i: Interval) -> str:
    return f"{i.low / 1000:,.1f} – {i.high / 1000:,.1f}"


def organisation_section(result: BilanResult, lang: str = "fr") -> str:
    """Markdown: boundary, totals and intervals by site and entity, intensities, comparable indicator."""
    w = _WORDS["fr" if lang == "fr" else "en"]
    out = [f"## {w['title']}\n"]
    if result.profile is not None:
        out.append(f"{w['boundary']}: {result.profile.boundary.replace('_', ' ')}\n")
    for key, by in (("site", result.by_site()), ("entity", result.by_entity())):
        intervals = result.intervals_by(key)
        out += [f"| {w[key]} | {w['total']} | {w['interval']} |", "|---|---:|---:|"]
        for name, total in by.items():
            shown = escape(name) if name else w["none"]
            out.append(f"| {shown} | {total.to('tCO2e').magnitude:,.1f} | {_interval(intervals[name])} |")
        out.append("")
    out.append(f"{w['intensities']}: " + "; ".join(f"{q.magnitude:,.3g} {q.units:~P}"
                                                   for q in result.intensities().values()) + "\n")
    indicator = result.comparable()
    out.append(f"{w['comparable']} ({indicator.perimeter.label}): {indicator.total.to('tCO2e').magnitude:,.1f} tCO2e"
               + (f"; {w['deviations']}: " + "; ".join(indicator.deviations) if indicator.deviations else "") + "\n")
    return "\n".join(out)
