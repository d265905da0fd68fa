"""Reports of the transition plan: scenarios, trajectories, and whether a change is significant.

- :func:`significant`: is a change between two years larger than the uncertainty of both?
- :func:`scenarios_to_markdown`: each scenario's saving on the location- and market-based totals,
  with a sentence saying which total moves (a green electricity contract moves only the
  market-based one).
- :func:`trajectory_section_markdown` / :func:`trajectory_section_html`: targets, actual totals
  with their 95 % intervals, and a chart (HTML, ``plot`` extra).
- :func:`comparison_to_html`: the comparison of two years as an HTML page.

Signs are written with the minus sign (U+2212) and ``+``, tonnes with the precision of
:func:`~coopcarbon.reports.labels.format_tonnes`, percentages with one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape as html_escape

from ..categories import label
from ..errors import MissingDependencyError
from ..result import BilanResult, Comparison
from ..scenarios import ScenarioResult
from ..trajectory import TrajectoryPoint
from . import charts
from .html import PAGE_CSS
from .labels import check_lang, format_tonnes, phrase
from .markdown import escape
from .significance import (
    post_significance,
    signed_percent,
    signed_tonnes,
    total_change_sentence,
    total_significance,
)

__all__ = ["comparison_to_html", "scenarios_to_markdown", "trajectory_page_html", "trajectory_section_html",
           "trajectory_section_markdown"]

_T: dict[str, tuple[str, str]] = {
    "scenarios": ("Scénarios", "Scenarios"),
    "scenario": ("Scénario", "Scenario"),
    "saving_location": ("Gain, total méthode location (tCO2e)", "Saving, location-based total (tCO2e)"),
    "saving_market": ("Gain, total méthode marché (tCO2e)", "Saving, market-based total (tCO2e)"),
    "rebound": ("Effet rebond déduit (tCO2e)", "Rebound deducted (tCO2e)"),
    "which": ("Quel total bouge", "Which total moves"),
    "both": ("les deux totaux bougent d'autant", "both totals move alike"),
    "market_only": ("seul le total méthode marché bouge : le total principal (méthode location, convention "
                    "BEGES) ne dépend pas du contrat d'électricité",
                    "only the market-based total moves: the main total (location-based, BEGES convention) "
                    "does not depend on the electricity contract"),
    "location_only": ("seul le total méthode location bouge", "only the location-based total moves"),
    "differ": ("les deux totaux bougent, différemment", "both totals move, differently"),
    "none": ("aucun total ne bouge (rien à changer dans ce bilan)", "no total moves (nothing to change here)"),
    "rebound_note": ("Télétravail : 31 % des émissions de trajets évitées sont rendues par les effets rebond "
                     "(ADEME, « Caractérisation des effets rebond induits par le télétravail », 2020).",
                     "Telework: 31 % of the avoided commute emissions are given back by rebound effects "
                     "(ADEME, 'Caractérisation des effets rebond induits par le télétravail', 2020)."),
    "reference": ("Référence {year} : {location} (méthode location), {market} (méthode marché).",
                  "Reference {year}: {location} (location-based), {market} (market-based)."),
    "trajectory": ("Trajectoire : {name}", "Trajectory: {name}"),
    "year": ("Année", "Year"), "target": ("Cible (tCO2e)", "Target (tCO2e)"),
    "actual": ("Réel (tCO2e)", "Actual (tCO2e)"), "interval": ("Intervalle à 95 %", "95 % interval"),
    "gap": ("Écart à la cible", "Gap to target"),
    "within": ("cible dans l'incertitude", "target within the uncertainty"),
    "above": ("au-dessus", "above"), "below": ("en dessous", "below"),
    "significant": ("Significatif", "Significant"),
    "yes": ("oui", "yes"), "no": ("non", "no"),
    "comparison": ("Comparaison {y0} → {y1} – {organisation}", "Comparison {y0} → {y1} – {organisation}"),
    "post": ("Poste", "Post"), "before": ("Avant", "Before"), "after": ("Après", "After"),
    "change_t": ("Écart (tCO2e)", "Change (tCO2e)"), "change_pct": ("Écart (%)", "Change (%)"),
    "total": ("Total", "Total"),
}


def _t(key: str, lang: str, **fields: object) -> str:
    return phrase(_T, key, lang, **fields)


def comparison_to_html(comparison: Comparison, lang: str = "fr") -> str:
    """Two results compared post by post, as one HTML page, each change tested for significance."""
    check_lang(lang)
    before, after = comparison.before, comparison.after
    flags = post_significance(comparison)
    rows = [[f"{post} {label('beges_post', post, lang)}", format_tonnes(x, lang, unit=False),
             format_tonnes(y, lang, unit=False), signed_tonnes(change, lang), signed_percent(rel, lang),
             _t("yes" if flags[post] else "no", lang)]
            for post, (x, y, change, rel) in comparison.by_beges_post().items()]
    b_total, a_total = float(before.total.magnitude), float(after.total.magnitude)
    rows.append([_t("total", lang), format_tonnes(b_total, lang, unit=False), format_tonnes(a_total, lang, unit=False),
                 signed_tonnes(a_total - b_total, lang), signed_percent(comparison.relative_change, lang),
                 _t("yes" if total_significance(comparison) else "no", lang)])
    title = _t("comparison", lang, y0=before.year, y1=after.year, organisation=after.organisation)
    header = [_t(k, lang) for k in ("post", "before", "after", "change_t", "change_pct", "significant")]
    return "\n".join(["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
                      f"<title>{html_escape(title)}</title><style>{PAGE_CSS}</style></head><body><main>",
                      f"<h1>{html_escape(title)}</h1>",
                      f"<p>{html_escape(total_change_sentence(comparison, lang))}</p>",
                      _table(header, rows, "lnnnnl"), "</main></body></html>", ""])


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: str) -> str:
    head = "".join(f'<th class="{"n" if n == "n" else ""}">{html_escape(h)}</th>'
                   for h, n in zip(header, numeric, strict=True))
    body = "".join("<tr>" + "".join(f'<td class="{"n" if n == "n" else ""}">{html_escape(c)}</td>'
                                    for c, n in zip(row, numeric, strict=True)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _which(result: ScenarioResult) -> str:
    location = float(result.saving.to("tCO2e").magnitude)
    market = float(result.saving_market.to("tCO2e").magnitude) if result.saving_market is not None else location
    tolerance = 1e-9 * max(1.0, abs(location), abs(market))
    if abs(location) <= tolerance and abs(market) <= tolerance:
        return "none"
    if abs(location) <= tolerance:
        return "market_only"
    if abs(market) <= tolerance:
        return "location_only"
    return "both" if math.isclose(location, market, rel_tol=1e-6) else "differ"


def scenarios_to_markdown(reference: BilanResult, results: Sequence[ScenarioResult], lang: str = "fr") -> str:
    """Each scenario's saving on both totals, the rebound deducted, and which total moves."""
    check_lang(lang)
    out = [f"## {_t('scenarios', lang)}", "",
           _t("reference", lang, year=reference.year, location=format_tonnes(float(reference.total.magnitude), lang),
              market=format_tonnes(float(reference.total_market_based.magnitude), lang)), "",
           "| " + " | ".join(_t(k, lang) for k in ("scenario", "saving_location", "saving_market", "rebound",
                                                   "which")) + " |",
           "|:---|---:|---:|---:|:---|"]
    for r in results:
        market = r.saving_market if r.saving_market is not None else r.saving
        rebound = float(r.rebound.to("tCO2e").magnitude) if r.rebound is not None else 0.0
        out.append(f"| {escape(r.name)} | {signed_tonnes(float(r.saving.to('tCO2e').magnitude), lang)} "
                   f"({signed_percent(r.relative_saving, lang)}) | "
                   f"{signed_tonnes(float(market.to('tCO2e').magnitude), lang)} "
                   f"({signed_percent(r.relative_saving_market, lang)}) | "
                   f"{format_tonnes(rebound, lang, unit=False)} | {_t(_which(r), lang)} |")
    if any(r.rebound is not None and r.rebound.magnitude for r in results):
        out += ["", _t("rebound_note", lang)]
    return "\n".join([*out, ""])


def _point_cells(p: TrajectoryPoint, lang: str) -> list[str]:
    actual = format_tonnes(p.actual, lang, unit=False) if p.actual is not None else ""
    interval = (f"{format_tonnes(p.low, lang, unit=False)} – {format_tonnes(p.high, lang, unit=False)}"
                if p.low is not None and p.high is not None else "")
    gap = ""
    if p.gap is not None:
        state = "within" if p.within_uncertainty else "above" if p.gap > 0 else "below"
        gap = f"{signed_tonnes(p.gap, lang)} ({_t(state, lang)})"
    return [str(p.year), format_tonnes(p.target, lang, unit=False), actual, interval, gap]


def trajectory_section_markdown(points: Sequence[TrajectoryPoint], name: str, lang: str = "fr") -> str:
    """A trajectory as a Markdown section: targets, actual totals, intervals and gaps."""
    check_lang(lang)
    header = [_t(k, lang) for k in ("year", "target", "actual", "interval", "gap")]
    out = [f"## {escape(_t('trajectory', lang, name=name))}", "", "| " + " | ".join(header) + " |",
           "|---:|---:|---:|---:|:---|"]
    out += ["| " + " | ".join(_point_cells(p, lang)) + " |" for p in points]
    return "\n".join([*out, ""])


def trajectory_section_html(points: Sequence[TrajectoryPoint], name: str, lang: str = "fr") -> str:
    """A trajectory as an HTML section with its chart (past years with 95 % bars, target line)."""
    check_lang(lang)
    title = html_escape(_t("trajectory", lang, name=name))
    try:
        chart = f"<figure>{charts.trajectory_chart(points, lang)}</figure>"
    except MissingDependencyError as exc:  # no matplotlib: the table is the section
        chart = f'<p class="notice">{html_escape(str(exc))}</p>'
    header = [_t(k, lang) for k in ("year", "target", "actual", "interval", "gap")]
    return "\n".join([f"<h2>{title}</h2>", chart,
                      _table(header, [_point_cells(p, lang) for p in points], "nnnnl")])


def trajectory_page_html(points: Sequence[TrajectoryPoint], name: str, result: BilanResult, lang: str = "fr") -> str:
    """A trajectory as one HTML page (title: the organisation; chart and table)."""
    title = html_escape(f"{result.organisation} – {_t('trajectory', lang, name=name)}")
    return "\n".join(["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
                      f"<title>{title}</title><style>{PAGE_CSS}</style></head><body><main>", f"<h1>{title}</h1>",
                      trajectory_section_html(points, name, lang), "</main></body></html>", ""])
