"""Rows shared by the Markdown and HTML reports: figures in tCO2e, shares and intervals.

Nothing here formats: rows carry floats; :mod:`coopcarbon.reports.labels` rounds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np

from ..activity_columns import codes_of
from ..categories import beges_category, label
from ..emissions import EmissionColumns
from ..result import BilanResult
from .french import line_label
from .labels import TEXTS, format_significant, text


@dataclass(frozen=True)
class Row:
    """One row of a breakdown: key, label, tonnes, share of the main total, relative ±95 %."""

    key: str
    label: str
    tonnes: float
    share: float | None
    uncertainty: float
    level: int = 1  # 0: a category subtotal, 1: a post or a plain row
    in_total: bool = True


def _share(tonnes: float, total: float) -> float | None:
    return tonnes / total if total else None


def _rows_by(result: BilanResult, groups: dict[str, float], breakdown: str, name: Callable[[str], str],
             level: int = 1) -> list[Row]:
    """One row per group of ``breakdown`` (see :meth:`BilanResult.intervals_by`), in ``groups``' order."""
    total = result.total_tonnes()
    intervals = {str(k): v for k, v in result.intervals_by(breakdown).items()}
    return [Row(k, name(k), t, _share(t, total), intervals[k].relative if k in intervals else 0.0, level)
            for k, t in groups.items()]


def beges_rows(result: BilanResult, lang: str) -> list[Row]:
    """BEGES v5 categories (level 0) each followed by its posts (level 1), location-based."""
    categories = result.tonnes_by("beges_category")
    posts = result.tonnes_by("beges_post")
    cat_rows = _rows_by(result, categories, "beges_category", lambda k: label("beges_category", k, lang), level=0)
    post_rows = _rows_by(result, posts, "beges_post", lambda k: label("beges_post", k, lang))
    rows: list[Row] = []
    for cat in cat_rows:
        rows.append(cat)
        rows.extend(r for r in post_rows if beges_category(r.key) == cat.key)
    return rows


def post_rows(result: BilanResult, lang: str) -> list[Row]:
    """BEGES v5 posts only (location-based)."""
    return [r for r in beges_rows(result, lang) if r.level == 1]


def scope_rows(result: BilanResult, lang: str) -> list[Row]:
    """Scopes 1, 2 location-based, 2 market-based (outside the main total) and 3."""
    total = result.total_tonnes()
    intervals = result.intervals_by("scope")
    rows = []
    for k, t in result.tonnes_by("scope").items():
        in_total = k != "2-market"
        rows.append(Row(k, label("scope", k, lang), t, _share(t, total) if in_total else None,
                        intervals[k].relative if k in intervals else 0.0, in_total=in_total))
    return rows


def ghg_category_rows(result: BilanResult, lang: str) -> list[Row]:
    """Scope 3 by GHG Protocol category 1–15."""
    groups = {str(k): t for k, t in result.tonnes_by("ghg_category").items()}
    return _rows_by(result, groups, "ghg_category", lambda k: label("ghg_category", int(k), lang))


def domain_rows(result: BilanResult, lang: str) -> list[Row]:
    """By domain, largest first."""
    groups = result.tonnes_by("domain")
    groups = dict(sorted(groups.items(), key=lambda kv: -kv[1]))
    return _rows_by(result, groups, "domain", lambda k: domain_label(k, lang))


def domain_label(domain: str, lang: str) -> str:
    """Name of a domain in ``lang`` (the domain itself when unknown)."""
    return text(f"domain.{domain}", lang) if f"domain.{domain}" in TEXTS else domain


#: The organisational boundaries (GHG Protocol Corporate Standard, chapter 3) as notes name them.
_BOUNDARIES_FR = (("operational control", "contrôle opérationnel"), ("financial control", "contrôle financier"),
                  ("equity share", "quote-part du capital"))

_NOTES_FR: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"commute survey: (\S+) of (\S+) employees answered; extrapolated ×(\S+)"),
     r"enquête domicile-travail : \1 réponses pour \2 salariés ; extrapolée ×\3"),
    (re.compile(r"IT hardware: amortised convention .*"),
     "matériel informatique : convention d'amortissement (empreinte de fabrication répartie sur les années "
     "de détention)"),
    (re.compile(r"IT hardware: purchase_year convention .*"),
     "matériel informatique : empreinte de fabrication comptée l'année d'achat (GHG Protocol)"),
    # warnings (coopcarbon.bilan), also given as notes
    (re.compile(r"factor (\S+) is valid (\S+)–(\S+), used for (\d+)"),
     r"le facteur \1 est valable \2–\3, utilisé pour \4"),
    (re.compile(r"factor (\S+) is for (\S+), used for site (.+) \((\S+)\): check the site's country "
                r"\(grid mixes differ up to twentyfold between countries\)"),
     r"le facteur \1 est celui de \2, utilisé pour le site \3 (\4) : vérifiez le pays du site "
     r"(les mix électriques varient jusqu'à un facteur vingt d'un pays à l'autre)"),
    (re.compile(r"factor (\S+) is for (\S+), used for the sites \((\S+)\): check the site's country "
                r"\(grid mixes differ up to twentyfold between countries\)"),
     r"le facteur \1 est celui de \2, utilisé pour les sites (\3) : vérifiez le pays des sites "
     r"(les mix électriques varient jusqu'à un facteur vingt d'un pays à l'autre)"),
    (re.compile(r"(.+): electricity\[(\d+)\] repeats electricity\[(\d+)\] \((.+)\): same site (.+) and energy "
                r"(.+); a bill counted twice\? Give each meter or period once"),
     r"\1 : electricity[\2] répète electricity[\3] (\4) : même site \5 et même énergie \6 ; une facture "
     r"comptée deux fois ? Indiquez chaque compteur ou période une seule fois"),
    (re.compile(r"(.+): electricity of site (.+) valued with (\S+) while the electricity section already counts "
                r"this site's meter: counted twice\? Remove one \(the electricity section gives both scope 2 "
                r"methods\)"),
     r"\1 : l'électricité du site \2 est valorisée avec \3 alors que la section electricity compte déjà ce "
     r"compteur : comptée deux fois ? Supprimez l'une des deux (la section electricity donne les deux "
     r"méthodes du scope 2)"),
    # how spreadsheets and accounting files were read (coopcarbon.io.spreadsheet, coopcarbon.bilanfile.fec)
    (re.compile(r"(.+): read as (.+?): the file is not valid UTF-8"),
     r"\1 : lu comme \2 : le fichier n'est pas en UTF-8 valide"),
    (re.compile(r"(.+): (\d+) empty row\(s\) skipped: (.+)"), r"\1 : \2 ligne(s) vide(s) ignorée(s) : \3"),
    (re.compile(r"FEC accounts not valued \(no ratio\): (.+)"),
     r"comptes du FEC non valorisés (sans ratio monétaire) : \1"),
    (re.compile(r"FEC accounts replaced by physical data: (.+)"),
     r"comptes du FEC remplacés par des données physiques : \1"),
    (re.compile(r"FEC accounts excluded \(not purchases\): (.+)"),
     r"comptes du FEC exclus (pas des achats) : \1"),
    # the organisational boundary (coopcarbon.bilanfile.boundary)
    *((re.compile(rf"boundary {en}: entity (.+) counted at 0% \(left out\)"),
       rf"périmètre {fr} : entité \1 laissée hors du bilan (0 %)") for en, fr in _BOUNDARIES_FR),
    *((re.compile(rf"boundary {en}: entity (.+) counted at (\d+)%"), rf"périmètre {fr} : entité \1 comptée à \2 %")
      for en, fr in _BOUNDARIES_FR),
)


def translate_note(note: str, lang: str) -> str:
    """A result note in ``lang``: the library's standard notes have a French version."""
    if lang != "fr":
        return note
    for pattern, french in _NOTES_FR:
        if pattern.fullmatch(note):
            if "×" in note:  # the commute survey's ratio: a decimal comma
                return pattern.sub(french, note).replace(".", ",")
            return _EUROS.sub(r"\1,\2 EUR", pattern.sub(french, note))
    return note


_EUROS = re.compile(r"(\d)\.(\d\d) EUR")  # amounts of the FEC notes, written 1 200.00 EUR


def notes(result: BilanResult, lang: str) -> list[str]:
    """List the notes of a report: the result's own, overrides, extrapolations, conventions."""
    out = [translate_note(note, lang) for note in result.notes]
    if result.overridden:
        by_file: dict[str, list[str]] = {}
        for fid, file in result.overridden.items():
            by_file.setdefault(file, []).append(fid)
        for file, ids in by_file.items():  # the file's name: a report does not show local folders
            out.append(text("note_overridden", lang, n=len(ids), files=PurePath(file).name or file,
                            ids=", ".join(sorted(ids))))
    columns = result.columns if result.columns is not None else EmissionColumns.from_lines(result.lines)
    qualities: dict[str, int] = {}  # the data quality of a kind of line: read once per kind
    quality = codes_of(columns.activities, lambda a: a.data_quality.value, qualities)
    extrapolated = [line_label(columns.line(i), lang)
                    for i in np.flatnonzero(quality == qualities.get("extrapolated", -1)).tolist()]
    if extrapolated:
        out.append(text("note_extrapolated", lang, n=len(extrapolated),
                        labels=", ".join(dict.fromkeys(extrapolated))))
    estimated = int(np.count_nonzero(quality == qualities.get("estimated", -1)))
    if estimated:
        out.append(text("note_estimated", lang, n=estimated))
    out.append(text("note_scope2", lang))
    out.append(text("note_uncertainty", lang))
    return out


def indicator_rows(result: BilanResult, lang: str) -> list[list[str]]:
    """Rows (name, total with unit, lines covered) of the other indicators, unescaped."""
    coverage = result.indicator_coverage()
    rows = []
    for name, (magnitude, unit) in result.indicator_amounts().items():
        key = f"indicator.{name}"
        label = text(key, lang) if key in TEXTS else name
        rows.append([label, f"{format_significant(magnitude, lang)} {unit}",
                     f"{coverage[name][0]} / {coverage[name][1]}"])
    return rows
