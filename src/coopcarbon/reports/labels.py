r"""Report strings in French and English, and number formatting for each language.

Every word a report shows comes from :data:`TEXTS` through :func:`text`; category names come
from :mod:`coopcarbon.categories`. Numbers are rounded here and only here: the results carry
full precision and reports round when they format.

Conventions
-----------
French (``lang="fr"``)
    Decimal comma; thousands grouped with a NARROW NO-BREAK SPACE (U+202F), as recommended by
    the Imprimerie nationale's *Lexique des règles typographiques* and used by Unicode CLDR for
    ``fr``; a NO-BREAK SPACE (U+00A0) between a number and its unit or ``%`` so they never split
    across lines: ``1 234,5 tCO2e``, ``12,3 %``.
English (``lang="en"``)
    Decimal point, comma thousands separator, a no-break space before a unit and none before
    ``%``: ``1,234.5 tCO2e``, ``12.3%``.

Examples
--------
>>> format_number(1234.5, "fr") == "1\u202f234,5"
True
>>> format_number(1234.5, "en")
'1,234.5'
>>> format_percent(0.123, "en")
'12.3%'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final

__all__ = [
    "LANGS",
    "NBSP",
    "NNBSP",
    "TEXTS",
    "check_lang",
    "format_change",
    "format_number",
    "format_percent",
    "format_quantity",
    "format_significant",
    "format_tonnes",
    "phrase",
    "text",
]

#: Languages of the reports.
LANGS: Final = ("fr", "en")

#: NARROW NO-BREAK SPACE, the French thousands separator.
NNBSP: Final = "\u202f"

#: NO-BREAK SPACE, between a number and its unit (both languages) and before ``%`` (French).
NBSP: Final = "\u00a0"

#: Every report string: key → (French, English). Placeholders use :meth:`str.format`.
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # titles and headings
    "title": ("Bilan carbone {year} – {organisation}", "Carbon footprint {year} – {organisation}"),
    "comparison_title": ("Comparaison {before} → {after} – {organisation}",
                         "Comparison {before} → {after} – {organisation}"),
    "trajectory_title": ("Trajectoire de réduction", "Reduction trajectory"),
    "summary": ("Synthèse", "Summary"),
    "organisation": ("Organisation", "Organisation"),
    "year": ("Année", "Year"),
    "headcount": ("Effectif", "Headcount"),
    "people": ("{n} salariés", "{n} employees"),
    "total": ("Total", "Total"),
    "total_location": ("Total (scope 2 méthode location, convention BEGES)",
                       "Total (scope 2 location-based, BEGES convention)"),
    "total_market": ("Total avec le scope 2 méthode marché", "Total with scope 2 market-based"),
    "total_without_non_co2": ("Total sans les effets hors CO2 de l'aviation (traînées...)",
                              "Total without aviation non-CO2 effects (contrails...)"),
    "per_employee": ("Par salarié", "Per employee"),
    "per_employee_unit": ("tCO2e/salarié", "tCO2e/employee"),
    "interval_analytic": ("Intervalle à 95 % (propagation analytique)",
                          "95 % interval (analytic propagation)"),
    "interval_mc": ("Intervalle à 95 % (Monte Carlo, {samples} tirages)",
                    "95 % interval (Monte Carlo, {samples} draws)"),
    "by_beges": ("Par catégorie et poste BEGES v5 (scope 2 méthode location)",
                 "By BEGES v5 category and post (scope 2 location-based)"),
    "by_scope": ("Par scope du GHG Protocol", "By GHG Protocol scope"),
    "by_ghg_category": ("Scope 3 par catégorie du GHG Protocol",
                        "Scope 3 by GHG Protocol category"),
    "by_domain": ("Par domaine", "By domain"),
    "chart_title": ("Répartition par catégorie BEGES v5 (tCO2e)", "Breakdown by BEGES v5 category (tCO2e)"),
    "indicators": ("Autres indicateurs environnementaux (non additionnés au CO2e)",
                   "Other environmental indicators (not added to CO2e)"),
    "indicator": ("Indicateur", "Indicator"),
    "indicator_total": ("Total", "Total"),
    "indicator_lines": ("Lignes couvertes", "Lines covered"),
    "indicator_note": ("Seules les lignes dont le facteur donne l'indicateur y contribuent ; ces totaux sont "
                       "donc partiels et ne se comparent pas au CO2e.",
                       "Only lines whose factor gives the indicator contribute: these totals are partial and "
                       "are not comparable with CO2e."),
    "indicator.adpe": ("Épuisement des ressources abiotiques (éléments)", "Abiotic resource depletion (elements)"),
    "indicator.pe": ("Énergie primaire", "Primary energy"),
    "indicator.adpf": ("Épuisement des ressources fossiles", "Fossil resource use"),
    "indicator.water": ("Consommation d'eau", "Water use"),
    "notes": ("Notes et conventions", "Notes and conventions"),
    "lines": ("Lignes d'émission (traçabilité de chaque chiffre)",
              "Emission lines (where each figure comes from)"),
    "footer": ("Calculé avec coopcarbon {version} ; bibliothèque de facteurs : {library} ; "
               "empreinte {fingerprint}.",
               "Computed with coopcarbon {version}; factor library: {library}; "
               "fingerprint {fingerprint}."),
    "charts": ("Graphiques", "Charts"),
    "chart_posts": ("Émissions par poste BEGES v5 (barres : intervalle à 95 %)",
                    "Emissions by BEGES v5 post (bars: 95 % interval)"),
    "chart_scopes": ("Émissions par scope (les deux méthodes du scope 2)",
                     "Emissions by scope (both scope 2 methods)"),
    "chart_history": ("Évolution d'une année sur l'autre", "Year over year"),
    "charts_not_finite": ("Graphiques non tracés : un total n'est pas un nombre fini (dépassement de capacité ?)",
                          "Charts not drawn: a total is not a finite number (an overflow?)"),
    "no_charts": ("Graphiques indisponibles : installez coopcarbon[plot] pour les graphiques "
                  "(pip install 'coopcarbon[plot]').",
                  "Charts unavailable: install coopcarbon[plot] for charts "
                  "(pip install 'coopcarbon[plot]')."),
    # table headers
    "category": ("Catégorie", "Category"),
    "post": ("Poste", "Post"),
    "category_post": ("Catégorie / poste", "Category / post"),
    "scope": ("Scope", "Scope"),
    "domain": ("Domaine", "Domain"),
    "emissions_t": ("tCO2e", "tCO2e"),
    "share": ("Part", "Share"),
    "uncertainty": ("± (95 %)", "± (95 %)"),
    "label": ("Libellé", "Label"),
    "quantity": ("Quantité", "Quantity"),
    "factor": ("Facteur", "Factor"),
    "factor_value": ("Valeur du facteur", "Factor value"),
    "source": ("Source", "Source"),
    "emissions_kg": ("kgCO2e", "kgCO2e"),
    "before": ("Avant", "Before"),
    "after": ("Après", "After"),
    "change_t": ("Écart (tCO2e)", "Change (tCO2e)"),
    "change_pct": ("Écart (%)", "Change (%)"),
    "target": ("Cible (tCO2e)", "Target (tCO2e)"),
    "actual": ("Réel (tCO2e)", "Actual (tCO2e)"),
    "gap": ("Écart à la cible", "Gap to target"),
    "subtotal": ("Sous-total", "Subtotal"),
    "scope3_category": ("Catégorie scope 3", "Scope 3 category"),
    "not_in_total": ("hors total, déclaré à côté", "not in the total, reported beside it"),
    "factor_changes": ("Facteurs dont la valeur a changé", "Factors whose value changed"),
    "new": ("nouveau", "new"),
    # notes
    "note_overridden": ("{n} facteur(s) remplacé(s) par {files} : {ids}.",
                        "{n} factor(s) overridden by {files}: {ids}."),
    "note_scope2": ("Le total principal utilise le scope 2 méthode location (convention BEGES) ; "
                    "le total méthode marché est donné à côté (GHG Protocol, Scope 2 Guidance).",
                    "The main total uses scope 2 location-based (BEGES convention); the "
                    "market-based total is given beside it (GHG Protocol Scope 2 Guidance)."),
    "note_uncertainty": ("Incertitudes : demi-largeurs relatives des intervalles à 95 % ; les "
                         "lignes qui partagent un facteur partagent son erreur.",
                         "Uncertainties: relative half-widths of 95 % intervals; lines sharing "
                         "a factor share its error."),
    "note_extrapolated": ("{n} ligne(s) extrapolée(s) (incertitude d'activité ±50 %) : {labels}.",
                          "{n} extrapolated line(s) (activity uncertainty ±50 %): {labels}."),
    "note_estimated": ("{n} ligne(s) estimée(s) (incertitude d'activité ±30 %).",
                       "{n} estimated line(s) (activity uncertainty ±30 %)."),
    "no_lines": ("Aucune ligne d'émission.", "No emission lines."),
    "on_track": ("dans la trajectoire", "on track"),
    "off_track": ("au-dessus de la trajectoire", "above the trajectory"),
    "trajectory_note": ("Réduction linéaire de {rate} par an des émissions de l'année de "
                        "référence {base_year} ({base}).",
                        "Linear reduction of {rate} a year of base-year {base_year} emissions "
                        "({base})."),
    # domains
    "domain.mobility": ("Mobilité", "Mobility"),
    "domain.buildings": ("Bâtiments", "Buildings"),
    "domain.energy": ("Énergie", "Energy"),
    "domain.hardware": ("Matériel informatique", "IT hardware"),
    "domain.purchases": ("Achats", "Purchases"),
    "domain.other": ("Autres", "Other"),
    # data quality
    "quality.measured": ("mesuré", "measured"),
    "quality.estimated": ("estimé", "estimated"),
    "quality.extrapolated": ("extrapolé", "extrapolated"),
    # transition plan (issue 16)
    "line_note": ("Note", "Note"),
    "line_notes": ("Notes des lignes", "Line notes"),
    "bibliography": ("Bibliographie", "Bibliography"),
    # large reports: lines grouped (reports/grouping.py)
    "lines_grouped": ("{n} lignes d'émission, regroupées ici en {groups} par facteur{label} ; la liste complète "
                      "est dans l'export CSV ou JSON (coopcarbon report --format csv|json).",
                      "{n} emission lines, grouped here into {groups} by factor{label}; the full list is in "
                      "the CSV or JSON export (coopcarbon report --format csv|json)."),
    "lines_grouped_label": (" et libellé", " and label"),
    "group_of_lines": ("{label} ({n} lignes)", "{label} ({n} lines)"),
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a report language, else raise :class:`ValueError`."""
    if lang not in LANGS:
        raise ValueError(f"unknown report language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str = "fr", **fields: object) -> str:
    """Return the report string ``key`` in ``lang``, with ``fields`` filled in.

    Parameters
    ----------
    key
        A key of :data:`TEXTS` (``"total"``, ``"domain.mobility"``...).
    lang
        ``"fr"`` or ``"en"``.
    **fields
        Values for the string's placeholders.

    Examples
    --------
    >>> text("people", "en", n=40)
    '40 employees'
    """
    return phrase(TEXTS, key, lang, **fields)


def phrase(table: Mapping[str, tuple[str, str]], key: str, lang: str, **fields: object) -> str:
    """The (French, English) pair ``table[key]`` in ``lang``, with ``fields`` filled in.

    :func:`text` reads :data:`TEXTS`; a report module with words of its own keeps them in its own
    table and reads them through this function.
    """
    fr, en = table[key]
    template = fr if check_lang(lang) == "fr" else en
    return template.format(**fields) if fields else template


def format_number(value: float, lang: str = "fr", decimals: int = 1) -> str:
    """Format a number with ``decimals`` decimals in the style of ``lang``.

    Examples
    --------
    >>> format_number(-1234567.891, "en", 2)
    '-1,234,567.89'
    >>> format_number(0.04, "fr", 1)
    '0,0'
    """
    check_lang(lang)
    if not math.isfinite(value):
        return "–"
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0,0"
    english = f"{rounded:,.{decimals}f}"
    if lang == "en":
        return english
    return english.replace(",", NNBSP).replace(".", ",")


def format_significant(value: float, lang: str = "fr", digits: int = 4) -> str:
    """Format with ``digits`` significant digits (for factor values such as 0.00293).

    Examples
    --------
    >>> format_significant(0.002931, "fr")
    '0,002931'
    >>> format_significant(156.0, "en")
    '156'
    >>> format_significant(12345.678, "en")
    '12,346'
    """
    if value == 0 or not math.isfinite(value):
        return format_number(value, lang, 0)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(digits - 1 - magnitude, 0)
    text_ = format_number(value, lang, decimals)
    if decimals:
        sep = "," if lang == "fr" else "."
        text_ = text_.rstrip("0").rstrip(sep)
    return text_


def format_tonnes(value: float, lang: str = "fr", unit: bool = True) -> str:
    r"""Format an emission in tCO2e: 1 decimal, 2 below 1 t, 3 below 0.1 t.

    Examples
    --------
    >>> format_tonnes(1234.5, "en")
    '1,234.5\xa0tCO2e'
    >>> format_tonnes(0.468, "en", unit=False)
    '0.47'
    """
    size = abs(value)
    decimals = 1 if size >= 1 or size == 0 else 2 if size >= 0.1 else 3
    number = format_number(value, lang, decimals)
    return f"{number}{NBSP}tCO2e" if unit else number


def format_quantity(value: float, unit: str, lang: str = "fr", decimals: int = 1) -> str:
    """Format a number and its unit, joined by a no-break space (``1 234,5 tCO2e``)."""
    return f"{format_number(value, lang, decimals)}{NBSP}{unit}"


def format_percent(fraction: float, lang: str = "fr", decimals: int = 1) -> str:
    """Format a fraction as a percentage: ``12,3 %`` in French, ``12.3%`` in English."""
    number = format_number(fraction * 100.0, lang, decimals)
    return f"{number}{NBSP}%" if lang == "fr" else f"{number}%"


def format_change(fraction: float | None, lang: str = "fr", decimals: int = 1) -> str:
    """Format a relative change with its sign (``+12,3 %``, ``−4.2%``); ``None`` gives "new"."""
    if fraction is None:
        return text("new", lang)
    sign = "+" if fraction > 0 else "−" if fraction < 0 else ""
    return sign + format_percent(abs(fraction), lang, decimals)


