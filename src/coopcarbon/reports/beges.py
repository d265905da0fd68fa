"""The regulatory report: a BEGES v5 (or Bilan Carbone) with its transition plan.

:func:`beges_sections` lays out what a regulatory BEGES holds (décret n° 2022-982 and ADEME's
*Méthode pour la réalisation des bilans d'émissions de gaz à effet de serre*, version 5): the
legal person, reporting and reference years, organisational and operational perimeters, the
posts included and those excluded with their reasons, results by category and post with gases
and uncertainty, the GWP set, the method and its version, the action plan against the target,
and the bibliography. :func:`beges_markdown` and :func:`beges_html` write them;
:func:`declaration_csv` writes the table ADEME's publication platform asks for.

Gases. A line's CO2e is split into CO2, CH4, N2O and other gases only where its factor's source
splits it (:meth:`~coopcarbon.result.BilanResult.by_gas`: natural gas and ADEME elements read
with their gases); a post none of whose lines is split says "not split by the source" and gives
only its total, a post partly split gives the split part and says how much is not split — a
split is never invented.

GWP set. One report states one set: the set of most of the emissions. Lines whose factor uses
another set are counted as their source gives them and listed in a note (their share of the
total); converting them needs the gas split their sources do not give.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any

import pint

from ..bilanfile.plan import Plan
from ..categories import BEGES_CATEGORIES, BEGES_POSTS, beges_category, label
from ..errors import CoopCarbonError, InputError, Problem
from ..gases import NOT_SPLIT
from ..io.cells import neutralise
from ..result import BilanResult
from ..trajectory import SBTI_1_5C_RATE
from ..units import Q
from .bibliography import bibliography
from .html import PAGE_CSS
from .labels import check_lang, format_percent, format_tonnes, phrase
from .markdown import escape

__all__ = ["Section", "action_reductions", "beges_html", "beges_markdown", "beges_sections", "declaration_csv",
           "gwp_sets"]

#: The report's own words, (French, English).
_T: dict[str, tuple[str, str]] = {
    "title": ("Bilan d'émissions de gaz à effet de serre {year} – {organisation}",
              "Greenhouse gas emissions report {year} – {organisation}"),
    "person": ("Personne morale", "Legal person"),
    "name": ("Raison sociale", "Registered name"), "legal_form": ("Forme juridique", "Legal form"),
    "siren": ("SIREN", "SIREN"), "naf": ("Code NAF", "NAF code"), "address": ("Adresse", "Address"),
    "contact": ("Responsable du bilan", "Person in charge"), "activity": ("Activité", "Activity"),
    "headcount": ("Effectif", "Headcount"),
    "years": ("Années", "Years"),
    "reporting_year": ("Année de reporting", "Reporting year"),
    "reference_year": ("Année de référence", "Reference year"),
    "perimeter": ("Périmètres", "Boundaries"),
    "organisational": ("Périmètre organisationnel : approche contrôle opérationnel ; sites : {sites}.",
                       "Organisational boundary: operational control; sites: {sites}."),
    "operational": ("Périmètre opérationnel : les postes évalués et les postes exclus sont listés "
                    "ci-dessous.",
                    "Operational boundary: the posts assessed and those excluded are listed below."),
    "no_site": ("un seul établissement", "a single establishment"),
    "included": ("Postes inclus", "Posts included"),
    "excluded": ("Postes exclus et motifs", "Posts excluded and reasons"),
    "reason": ("Motif", "Reason"),
    "no_reason": ("non évalué, aucun motif déclaré dans le fichier du bilan",
                  "not assessed, no reason declared in the bilan file"),
    "gwp": ("Pouvoirs de réchauffement global (PRG)", "Global warming potentials (GWP)"),
    "gwp_one": ("Jeu de PRG du rapport : {gwp} (GIEC), à 100 ans.", "GWP set of the report: {gwp} (IPCC), 100-year."),
    "gwp_mixed": ("{n} ligne(s) ({share} du total) utilisent des facteurs en {other} : leurs sources ne "
                  "ventilent pas les gaz, ils ne peuvent être convertis ; ils sont comptés tels que "
                  "publiés.",
                  "{n} line(s) ({share} of the total) use factors in {other}: their sources give no gas "
                  "split, so they cannot be converted; they are counted as published."),
    "results": ("Émissions par catégorie et poste (tCO2e)", "Emissions by category and post (tCO2e)"),
    "co2": ("CO2", "CO2"), "ch4": ("CH4", "CH4"), "n2o": ("N2O", "N2O"), "other": ("Autres gaz", "Other gases"),
    "total": ("Total", "Total"), "co2b": ("CO2 biogénique", "Biogenic CO2"),
    "uncertainty": ("± (95 %)", "± (95 %)"),
    "not_split": ("n.v.", "n.s."),
    "not_split_note": ("n.v. : non ventilé par la source (le facteur ne donne que le total en CO2e ; "
                       "aucune ventilation n'est inventée).",
                       "n.s.: not split by the source (the factor gives only the CO2e total; no split is "
                       "invented)."),
    "split_note": ("Les colonnes des gaz donnent la part ventilée par les sources des facteurs ; les lignes des "
                   "catégories et du total additionnent les parts ventilées de leurs postes.",
                   "The gas columns give the part split by the factors' sources; the rows of the categories "
                   "and the total add up the split parts of their posts."),
    "partly_split": ("Postes ventilés en partie : {posts}.", "Posts partly split: {posts}."),
    "partly_split_post": ("{post} ({split} ventilées sur {total})", "{post} ({split} split of {total})"),
    "not_split_csv": ("non ventilé par la source", "not split by the source"),
    "partly_split_csv": ("{amount} tCO2e non ventilées par la source", "{amount} tCO2e not split by the source"),
    "method": ("Méthode", "Method"),
    "method_text": ("Méthode BEGES version 5 (ADEME, 2022), scope 2 méthode location ; calcul par "
                    "coopcarbon {version}, bibliothèque de facteurs {library} (empreinte {fingerprint}). "
                    "Incertitudes : propagation analytique à 95 %.",
                    "BEGES method version 5 (ADEME, 2022), scope 2 location-based; computed with "
                    "coopcarbon {version}, factor library {library} (fingerprint {fingerprint}). "
                    "Uncertainties: analytic propagation, 95 %."),
    "actions": ("Plan de transition", "Transition plan"),
    "action": ("Action", "Action"), "posts": ("Postes", "Posts"),
    "reduction": ("Réduction attendue (tCO2e/an)", "Expected reduction (tCO2e/yr)"),
    "period": ("Période", "Period"), "cost": ("Coût", "Cost"), "owner": ("Responsable", "Owner"),
    "status": ("Statut", "Status"), "indicator": ("Indicateur", "Indicator"),
    "status.planned": ("prévue", "planned"), "status.in_progress": ("en cours", "in progress"),
    "status.done": ("réalisée", "done"), "status.abandoned": ("abandonnée", "abandoned"),
    "no_actions": ("Aucune action déclarée (section actions: du fichier du bilan).",
                   "No action declared (actions: section of the bilan file)."),
    "actions_sum": ("Réductions prévues (hors actions abandonnées) : {planned} par an, contre {target} à "
                    "réduire d'ici {year} pour rejoindre la trajectoire SBTi 1,5 °C (−4,2 % par an des "
                    "émissions de {base}) : {cover} de l'objectif.",
                    "Planned reductions (abandoned actions left out): {planned} a year, against {target} to "
                    "cut by {year} to reach the SBTi 1.5 °C path (−4.2 % a year of {base} emissions): "
                    "{cover} of the target."),
    "bibliography": ("Bibliographie", "Bibliography"),
}


def _t(key: str, lang: str, **fields: object) -> str:
    return phrase(_T, key, lang, **fields)


@dataclass(frozen=True)
class Section:
    """A titled part of the report: paragraphs, then a table (cells are plain text)."""

    title: str
    paragraphs: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: str = ""  # one letter per column: "n" right-aligned number, "l" text
    subtotals: frozenset[int] = frozenset()  # rows that are a category's subtotal or the total


def gwp_sets(result: BilanResult) -> dict[str, tuple[int, float]]:
    """GWP set → (lines, kgCO2e in the main total), the largest emissions first."""
    sets: dict[str, tuple[int, float]] = {}
    for line in result.lines:
        n, kg = sets.get(line.factor.gwp, (0, 0.0))
        sets[line.factor.gwp] = (n + 1, kg + (line.kg if line.in_main_total else 0.0))
    return dict(sorted(sets.items(), key=lambda kv: -kv[1][1]))


def action_reductions(plan: Plan, result: BilanResult) -> list[float]:
    """Each action's expected reduction [tCO2e/yr]: given, or its share of its posts' emissions.

    Raises
    ------
    InputError
        A reduction that is not an emission (``3 tCO2e``), or an action with a share but no post.
    """
    by_post = {k: float(v.magnitude) for k, v in result.by_beges_post().items()}
    out, problems = [], []
    for i, action in enumerate(plan.actions):
        tonnes = 0.0
        if action.reduction is not None:
            try:
                tonnes = float(Q(action.reduction).to("tCO2e").magnitude)
            except (CoopCarbonError, pint.PintError, ValueError):  # not an emission: said, with the action
                problems.append(Problem("<bilan>", None, None, f"actions[{i}].reduction",
                                        f"{action.reduction!r} is not an emission", "e.g. '3 tCO2e'"))
        elif action.reduction_share is not None:
            if not action.posts:
                problems.append(Problem("<bilan>", None, None, f"actions[{i}].posts",
                                        "a reduction_share needs the posts it applies to", "e.g. ['3.3']"))
            tonnes = action.reduction_share * sum(by_post.get(p, 0.0) for p in action.posts)
        out.append(tonnes)
    if problems:
        raise InputError(problems)
    return out


def _person(plan: Plan, result: BilanResult, lang: str) -> Section:
    person = plan.legal_person
    rows = [(_t("name", lang), (person.name if person and person.name else result.organisation))]
    if person is not None:
        rows += [(_t(k, lang), getattr(person, k)) for k in ("legal_form", "siren", "naf", "address", "contact",
                                                               "activity") if getattr(person, k)]
    rows.append((_t("headcount", lang), str(result.headcount)))
    paragraphs = (plan.description,) if plan.description else ()
    return Section(_t("person", lang), paragraphs, ("", ""), tuple(rows), "ll")


def _perimeter(plan: Plan, result: BilanResult, lang: str) -> list[Section]:
    sites = sorted({line.activity.site for line in result.lines if line.activity.site})
    by_post = result.by_beges_post()
    included = tuple((p, label("beges_post", p, lang), format_tonnes(float(q.magnitude), lang, unit=False))
                     for p, q in sorted(by_post.items(), key=lambda kv: _post_order(kv[0])))
    declared = {e.post: e.reason for e in plan.excluded_posts}
    excluded = tuple((p, label("beges_post", p, lang), declared.get(p, _t("no_reason", lang)))
                     for p in BEGES_POSTS if p not in by_post)
    text_ = (_t("organisational", lang, sites=", ".join(sites) or _t("no_site", lang)), _t("operational", lang))
    return [Section(_t("perimeter", lang), text_),
            Section(_t("included", lang), (), ("#", _t("posts", lang), "tCO2e"), included, "lln"),
            Section(_t("excluded", lang), (), ("#", _t("posts", lang), _t("reason", lang)), excluded, "lll")]


def _post_order(post: str) -> tuple[int, int]:
    major, minor = post.split(".")
    return int(major), int(minor)


def _gwp(result: BilanResult, lang: str) -> Section:
    sets = gwp_sets(result)
    if not sets:
        return Section(_t("gwp", lang))
    main, *others = sets
    total = sum(kg for _, kg in sets.values()) or 1.0
    paragraphs = [_t("gwp_one", lang, gwp=main)]
    for other in others:
        n, kg = sets[other]
        paragraphs.append(_t("gwp_mixed", lang, n=n, share=format_percent(kg / total, lang), other=other))
    return Section(_t("gwp", lang), tuple(paragraphs))


def _gas_tonnes(by_gas: Mapping[str, Any]) -> tuple[float, float, float, float, float, float]:
    """CO2, CH4 (fossil and biogenic), N2O, other gases, biogenic CO2 and the part not split [tCO2e]."""
    t = {gas: float(q.magnitude) for gas, q in by_gas.items()}
    return t["CO2f"], t["CH4f"] + t["CH4b"], t["N2O"], t["other"], t["CO2b"], t[NOT_SPLIT]


def _gas_cells(by_gas: Mapping[str, Any] | None, total: float, lang: str) -> tuple[str, ...]:
    """The CO2, CH4, N2O, other gases and biogenic CO2 cells of a row (``n.v.`` where nothing is split)."""
    if by_gas is None or _gas_tonnes(by_gas)[-1] >= total - 1e-9:
        return (_t("not_split", lang),) * 5
    return tuple(format_tonnes(t, lang, unit=False) for t in _gas_tonnes(by_gas)[:5])


def _summed(groups: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The gases of several posts added up (``None`` for none)."""
    if not groups:
        return None
    return {gas: sum((g[gas] for g in groups[1:]), groups[0][gas]) for gas in groups[0]}


def _partly_split(gases: Mapping[str, Mapping[str, Any]], posts: Mapping[str, Any], lang: str) -> tuple[str, ...]:
    """The notes on the split: none when no post is split, the posts split only in part."""
    split, parts = False, []
    for post, by_gas in gases.items():
        total, not_split = float(posts[post].magnitude), _gas_tonnes(by_gas)[-1]
        split = split or not_split < total - 1e-9
        if 1e-9 < not_split < total - 1e-9:
            parts.append(_t("partly_split_post", lang, post=post, split=format_tonnes(total - not_split, lang),
                            total=format_tonnes(total, lang)))
    if not split:
        return ()
    return (_t("split_note", lang), *((_t("partly_split", lang, posts=", ".join(parts)),) if parts else ()))


def _result_row(key: str, name: str, by_gas: Mapping[str, Any] | None, total: float, uncertainty: str,
                lang: str) -> tuple[str, ...]:
    """A row of the results: the gases (or ``n.v.``), the total, biogenic CO2 and the uncertainty."""
    cells = _gas_cells(by_gas, total, lang)
    return (key, name, *cells[:4], format_tonnes(total, lang, unit=False), cells[4], uncertainty)


def _results(result: BilanResult, lang: str) -> Section:
    posts = result.by_beges_post()
    gases = result.by_gas("beges_post")
    intervals = {str(k): v for k, v in result.intervals_by("beges_post").items()}
    cat_intervals = {str(k): v for k, v in result.intervals_by("beges_category").items()}
    rows: list[tuple[str, ...]] = []
    for cat in BEGES_CATEGORIES:
        cat_posts = [p for p in sorted(posts, key=_post_order) if beges_category(p) == cat]
        rows.append(_result_row(cat, label("beges_category", cat, lang), _summed([gases[p] for p in cat_posts]),
                                sum(float(posts[p].magnitude) for p in cat_posts),
                                _pm(cat_intervals[cat].relative, lang) if cat in cat_intervals else "", lang))
        rows += [_result_row(p, label("beges_post", p, lang), gases[p], float(posts[p].magnitude),
                             _pm(intervals[p].relative, lang) if p in intervals else "", lang) for p in cat_posts]
    rows.append(_result_row("", _t("total", lang), _summed(list(gases.values())), float(result.total.magnitude),
                            _pm(result.interval.relative, lang), lang))
    header = ("#", _t("posts", lang), *(_t(k, lang) for k in ("co2", "ch4", "n2o", "other", "total", "co2b",
                                                            "uncertainty")))
    subtotals = frozenset(i for i, row in enumerate(rows) if "." not in row[0])
    notes = (_t("not_split_note", lang), *_partly_split(gases, posts, lang))
    return Section(_t("results", lang), notes, header, tuple(rows), "llnnnnnnn", subtotals)


def _pm(relative: float, lang: str) -> str:
    return "±" + format_percent(relative, lang, 0)


def _actions(plan: Plan, result: BilanResult, base: BilanResult, lang: str) -> Section:
    if not plan.actions:
        return Section(_t("actions", lang), (_t("no_actions", lang),))
    reductions = action_reductions(plan, result)
    rows = tuple((a.action, ", ".join(a.posts), format_tonnes(t, lang, unit=False),
                  f"{a.start or ''}–{a.end or ''}", a.cost or "", a.owner, _t(f"status.{a.status}", lang), a.indicator)
                 for a, t in zip(plan.actions, reductions, strict=True))
    planned = sum(t for a, t in zip(plan.actions, reductions, strict=True) if a.status != "abandoned")
    horizon = max([a.end for a in plan.actions if a.end] or [result.year + 5])
    level = float(base.total.magnitude) * max(0.0, 1.0 - SBTI_1_5C_RATE * (horizon - base.year))
    target = max(0.0, float(result.total.magnitude) - level)
    summary = _t("actions_sum", lang, planned=format_tonnes(planned, lang), target=format_tonnes(target, lang),
                 year=horizon, base=base.year,
                 cover=format_percent(planned / target, lang) if target > 0 else "–")
    header = tuple(_t(k, lang) for k in ("action", "posts", "reduction", "period", "cost", "owner", "status",
                                         "indicator"))
    return Section(_t("actions", lang), (summary,), header, rows, "llnlllll")


def beges_sections(result: BilanResult, plan: Plan, lang: str = "fr",
                   base: BilanResult | None = None) -> list[Section]:
    """The sections of the regulatory report, in order (see the module docstring).

    ``base`` is the reference year's result, for the target of the action plan (default:
    ``result``).
    """
    check_lang(lang)
    references, _ = bibliography(result.lines)
    reference = plan.reference_year or (base or result).year
    years = Section(_t("years", lang), (), ("", ""),
                    ((_t("reporting_year", lang), str(result.year)), (_t("reference_year", lang), str(reference))),
                    "ll")
    method = Section(_t("method", lang), (_t("method_text", lang, version=result.coopcarbon_version,
                                             library=result.factors_version or "–",
                                             fingerprint=result.factors_fingerprint[:12]),))
    bib = Section(_t("bibliography", lang), (), ("", ""), tuple((f"[{r.key}]", r.text(lang)) for r in references),
                  "ll")
    return [_person(plan, result, lang), years, *_perimeter(plan, result, lang), _gwp(result, lang),
            _results(result, lang), method, _actions(plan, result, base or result, lang), bib]


def beges_markdown(result: BilanResult, plan: Plan, lang: str = "fr", base: BilanResult | None = None) -> str:
    """The regulatory report as Markdown (``base``: the reference year's result)."""
    out = [f"# {escape(_t('title', lang, year=result.year, organisation=result.organisation))}", ""]
    for s in beges_sections(result, plan, lang, base):
        out += [f"## {escape(s.title)}", ""]
        for p in s.paragraphs:
            out += [escape(p), ""]
        if s.rows:
            out.append("| " + " | ".join(escape(h) for h in s.header) + " |")
            out.append("|" + "|".join("---:" if n == "n" else ":---" for n in s.numeric) + "|")
            out += ["| " + " | ".join(f"**{escape(c)}**" if i in s.subtotals and c else escape(c) for c in row) + " |"
                    for i, row in enumerate(s.rows)]
            out.append("")
    return "\n".join(out)


def beges_html(result: BilanResult, plan: Plan, lang: str = "fr", *, extra: Sequence[str] = (),
               base: BilanResult | None = None) -> str:
    """The regulatory report as one HTML page, with the print stylesheet of the HTML report.

    ``extra`` is HTML inserted before the bibliography (e.g. a trajectory section with its chart);
    ``base`` is the reference year's result.
    """
    title = html_escape(_t("title", lang, year=result.year, organisation=result.organisation))
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
           f"<title>{title}</title><style>{PAGE_CSS}</style></head>", "<body><main>", f"<h1>{title}</h1>"]
    sections = beges_sections(result, plan, lang, base)
    for i, s in enumerate(sections):
        if i == len(sections) - 1:
            out += list(extra)
        out.append(f'<h2 class="{"page" if i == len(sections) - 1 else ""}">{html_escape(s.title)}</h2>')
        out += [f"<p>{html_escape(p)}</p>" for p in s.paragraphs]
        if s.rows:
            out.append(_html_table(s))
    out += ["</main></body></html>", ""]
    return "\n".join(out)


def _html_table(s: Section) -> str:
    head = "".join(f'<th class="{"n" if n == "n" else ""}">{html_escape(h)}</th>'
                   for h, n in zip(s.header, s.numeric, strict=True))
    body = "".join(f'<tr class="{"sub" if i in s.subtotals else ""}">'
                   + "".join(f'<td class="{"n" if n == "n" else ""}">{html_escape(c)}</td>'
                             for c, n in zip(row, s.numeric, strict=True)) + "</tr>" for i, row in enumerate(s.rows))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


#: Columns of the declaration table (ADEME's BEGES publication platform: posts × gases, tCO2e).
DECLARATION_COLUMNS = ("categorie", "poste", "libelle", "co2_t", "ch4_t", "n2o_t", "autres_gaz_t", "total_t",
                       "co2_biogenique_t", "incertitude_relative", "note")


def declaration_csv(result: BilanResult, plan: Plan | None = None) -> str:
    """The declaration table: one row per BEGES v5 post (all 22), gases and total in tCO2e.

    French CSV (``;`` separated, decimal comma) as a French spreadsheet opens it. Posts with no
    emission have a total of 0 and, when declared excluded, the reason in ``note``; gas cells are
    empty with the note "non ventilé par la source" where the factors give no split. Text cells
    are neutralised (:func:`coopcarbon.io.cells.neutralise`).
    """
    posts = {k: float(v.magnitude) for k, v in result.by_beges_post().items()}
    gases = result.by_gas("beges_post")
    intervals = {str(k): v for k, v in result.intervals_by("beges_post").items()}
    declared = {e.post: e.reason for e in plan.excluded_posts} if plan is not None else {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(DECLARATION_COLUMNS)
    for post in BEGES_POSTS:
        total = posts.get(post, 0.0)
        cells, note = ["", "", "", ""], ""
        biogenic = ""
        if total:
            co2, ch4, n2o, other, co2b, not_split = _gas_tonnes(gases[post])
            if not_split >= total - 1e-9:
                note = _t("not_split_csv", "fr")
            else:
                cells, biogenic = [_decimal(co2), _decimal(ch4), _decimal(n2o), _decimal(other)], _decimal(co2b)
                note = _t("partly_split_csv", "fr", amount=_decimal(not_split)) if not_split > 1e-9 else ""
        note = declared.get(post, note)
        uncertainty = intervals[post].relative if post in intervals else 0.0
        row: list[Any] = [beges_category(post), post, label("beges_post", post, "fr"), *cells,
                          _decimal(total), biogenic, _decimal(uncertainty), note]
        writer.writerow([neutralise(c) if isinstance(c, str) else c for c in row])
    return buffer.getvalue()


def _decimal(value: float) -> str:
    return repr(round(value, 6)).replace(".", ",")
