"""The organisation section of a report: totals by site and entity, intensities, comparable indicator.

:func:`organisation_parts` gathers the section's figures as plain text, in French or English;
:func:`organisation_section` lays them out in Markdown, and the HTML report lays out the same
parts. A report includes the section only when the bilan declares legal entities, a revenue or
lines on several sites (:func:`has_organisation`), so a simple bilan's report is unchanged.
The section prints the comparable indicator's name and version, so two organisations' figures
compare.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..comparable import deviating_conventions
from ..result import BilanResult
from .labels import NBSP, format_number
from .text import escape

__all__ = ["OrganisationParts", "has_organisation", "organisation_parts", "organisation_section"]

_WORDS = {
    "fr": {"title": "Organisation", "total": "tCO2e", "interval": "IC 95 %",
           "none": "(sans site)", "intensities": "Intensités", "comparable": "Indicateur comparable",
           "deviations": "écarts à ses conventions", "asks": "le périmètre demande",
           "boundary": "Périmètre organisationnel", "by_site": "Par site", "by_entity": "Par entité juridique",
           "per_employee": "tCO2e par salarié", "per_revenue": "tCO2e par M€ de chiffre d'affaires",
           "per_floor_area": "kgCO2e par m² de surface"},
    "en": {"title": "Organisation", "total": "tCO2e", "interval": "95 % CI",
           "none": "(no site)", "intensities": "Intensities", "comparable": "Comparable indicator",
           "deviations": "deviations from its conventions", "asks": "the perimeter asks",
           "boundary": "Organisational boundary", "by_site": "By site", "by_entity": "By legal entity",
           "per_employee": "tCO2e per employee", "per_revenue": "tCO2e per M€ of revenue",
           "per_floor_area": "kgCO2e per m² of floor area"},
}

#: French names of the boundaries (GHG Protocol Corporate Standard, chapter 3) and conventions.
_FRENCH = {
    "operational_control": "contrôle opérationnel", "financial_control": "contrôle financier",
    "equity_share": "quote-part du capital",
    "scope2": "scope 2", "non_co2_aviation": "effets hors CO2 de l'aérien", "hardware": "matériel informatique",
    "buildings": "bâtiments", "location": "méthode location", "market": "méthode marché", "included": "inclus",
    "excluded for some trips": "exclus pour certains vols", "amortised": "amorti(s)",
    "full": "compté(s) en entier l'année de construction", "purchase_year": "compté(s) l'année d'achat",
}


def _say(word: str, lang: str) -> str:
    """A boundary or convention word in ``lang`` (English: as written, underscores as spaces)."""
    return _FRENCH.get(word, word) if lang == "fr" else word.replace("_", " ")


@dataclass(frozen=True)
class OrganisationParts:
    """The organisation section as plain (unescaped) text, for any report format.

    ``tables`` holds (heading, [(name, tCO2e, 95 % interval)]) for the sites (when lines have
    one) and the entities (when the bilan declares some); the heading names their first column,
    ``header`` the other two.
    """

    title: str
    boundary: str
    header: tuple[str, str]
    tables: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]
    intensities: str
    comparable: str


def has_organisation(result: BilanResult) -> bool:
    """Whether the bilan declares legal entities, a revenue or lines on several sites.

    A floor area alone (one office) does not: such a report stays as it was.
    """
    profile = result.profile
    if profile is None:
        return False
    if profile.entities or profile.revenue:
        return True
    return len([site for site in result.tonnes_by("site") if site]) > 1  # from the columns, no line objects


def _rows(result: BilanResult, key: str, lang: str) -> tuple[tuple[str, str, str], ...]:
    """(name, tCO2e, 95 % interval in tCO2e) of each group of the breakdown ``key``."""
    intervals = result.intervals_by(key)
    none = _WORDS["fr" if lang == "fr" else "en"]["none"]
    return tuple((name or none, format_number(total, lang, 1),
                  f"{format_number(intervals[name].low / 1000, lang, 1)} – "
                  f"{format_number(intervals[name].high / 1000, lang, 1)}")
                 for name, total in result.tonnes_by(key).items())


def organisation_parts(result: BilanResult, lang: str = "fr") -> OrganisationParts:
    """Boundary, totals and 95 % intervals by site and entity [tCO2e], intensities, comparable indicator."""
    w = _WORDS["fr" if lang == "fr" else "en"]
    colon, semicolon = (f"{NBSP}:", f"{NBSP}; ") if lang == "fr" else (":", "; ")
    boundary = f"{w['boundary']}{colon} {_say(result.profile.boundary, lang)}" if result.profile else ""
    sites = result.tonnes_by("site")
    tables = [(w["by_site"], _rows(result, "site", lang))] if set(sites) - {""} else []
    if result.profile is not None and result.profile.entities:
        tables.append((w["by_entity"], _rows(result, "entity", lang)))
    intensities = f"{w['intensities']}{colon} " + semicolon.join(
        f"{format_number(q.magnitude, lang, 2)} {w[name]}" for name, q in result.intensities().items())
    indicator = result.comparable()
    comparable = (f"{w['comparable']} ({indicator.perimeter.label}){colon} "
                  f"{format_number(indicator.total.to('tCO2e').magnitude, lang, 1)} tCO2e")
    conventions = result.profile.conventions if result.profile is not None else {}
    deviations = deviating_conventions(indicator.perimeter, conventions)
    if deviations:
        comparable += f"{semicolon}{w['deviations']}{colon} " + semicolon.join(
            f"{_say(key, lang)}{colon} {_say(found, lang)} ({w['asks']} {_say(asked, lang)})"
            for key, (found, asked) in deviations.items())
    return OrganisationParts(w["title"], boundary, (w["total"], w["interval"]), tuple(tables),
                             intensities, comparable)


def organisation_section(result: BilanResult, lang: str = "fr") -> str:
    """Markdown: boundary, totals and intervals by site and entity, intensities, comparable indicator."""
    parts = organisation_parts(result, lang)
    out = [f"## {parts.title}", ""]
    if parts.boundary:
        out += [escape(parts.boundary), ""]
    for heading, rows in parts.tables:
        out += [f"| {heading} | {parts.header[0]} | {parts.header[1]} |", "|:---|---:|---:|"]
        out += [f"| {escape(name)} | {total} | {interval} |" for name, total, interval in rows]
        out.append("")
    out += [escape(parts.intensities), "", escape(parts.comparable), ""]
    return "\n".join(out)
