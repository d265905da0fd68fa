"""Markdown reports, in French or English, for a board, a general assembly or an auditor.

:func:`to_markdown` lays out a year's result: the total with its 95 % interval, per employee,
the market-based total and the total without aviation's non-CO2 effects; tables by BEGES v5
category and post, by GHG Protocol scope and scope 3 category, by domain; notes; and every
emission line with the factor, value, source and identifier it comes from. The footer names the
coopcarbon version and the factor library's version and fingerprint, so a figure can be
reproduced years later. :func:`comparison_to_markdown` compares two results post by post;
:func:`trajectory_to_markdown` compares results with a reduction trajectory.

Every user string (organisation, labels, notes, file names) is escaped so it cannot break a
table or inject HTML into a rendered page.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ..activities import EmissionLine
from ..categories import label
from ..result import BilanResult, Comparison
from ..trajectory import SBTI_1_5C_RATE, TrajectoryPoint
from ..units import pretty_unit
from ._rows import (
    Row,
    beges_rows,
    domain_label,
    domain_rows,
    ghg_category_rows,
    indicator_rows,
    notes,
    scope_rows,
)
from .bibliography import Reference, bibliography, citation
from .french import line_label, line_note, unit_name
from .grouping import lines_note, shown_lines
from .labels import (
    NBSP,
    check_lang,
    format_change,
    format_number,
    format_percent,
    format_significant,
    format_tonnes,
    text,
)
from .organisation import has_organisation, organisation_section
from .significance import post_significance, signed_tonnes, total_change_sentence, total_significance
from .text import escape, visible_controls

#: ``escape`` and ``visible_controls`` live in :mod:`.text` (shared with the organisation section);
#: they are re-exported here for the modules that import them from this one.
__all__ = ["comparison_to_markdown", "escape", "to_markdown", "trajectory_to_markdown", "visible_controls"]


def _code(value: str) -> str:
    """A code span that cannot end early nor break a table row."""
    return "`" + visible_controls(" ".join(value.split())).replace("`", "'").replace("|", "\\|") + "`"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> list[str]:
    """Build a Markdown table; ``align`` has one letter per column, ``l`` or ``r``."""
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(":---" if a == "l" else "---:" for a in align) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _pm(uncertainty: float, lang: str) -> str:
    return "±" + format_percent(uncertainty, lang, 0)


def _share(row: Row, lang: str) -> str:
    return format_percent(row.share, lang) if row.share is not None else ""


def _interval_text(low_kg: float, high_kg: float, lang: str) -> str:
    return (f"{format_tonnes(low_kg / 1000, lang, unit=False)} – "
            f"{format_tonnes(high_kg / 1000, lang)}")


def _summary(result: BilanResult, lang: str) -> list[str]:
    total = result.total_tonnes()
    colon = f"{NBSP}:" if lang == "fr" else ":"
    out = [
        f"- **{text('organisation', lang)}**{colon} {escape(result.organisation)}",
        f"- **{text('year', lang)}**{colon} {result.year}",
        f"- **{text('headcount', lang)}**{colon} {text('people', lang, n=result.headcount)}",
    ]
    if result.line_count:
        interval = result.interval
        out.append(f"- **{text('total_location', lang)}**{colon} **{format_tonnes(total, lang)}** "
                   f"{_pm(interval.relative, lang)}")
        out.append(f"  - {text('interval_analytic', lang)}{colon} "
                   f"{_interval_text(interval.low, interval.high, lang)}")
    else:
        out.append(f"- **{text('total_location', lang)}**{colon} **{format_tonnes(0.0, lang)}**")
    mc = result.monte_carlo
    if mc is not None:
        samples = format_number(result.samples, lang, 0)
        out.append(f"  - {text('interval_mc', lang, samples=samples)}{colon} "
                   f"{_interval_text(mc.low, mc.high, lang)}")
    per = total / result.headcount  # tCO2e/person, as result.per_employee
    per_text = format_number(per, lang, 2 if per >= 0.1 else 3)
    out.append(f"- **{text('per_employee', lang)}**{colon} "
               f"{per_text}{NBSP}{text('per_employee_unit', lang)}")
    out.append(f"- **{text('total_market', lang)}**{colon} "
               f"{format_tonnes(result.total_tonnes('market'), lang)}")
    out.append(f"- **{text('total_without_non_co2', lang)}**{colon} "
               f"{format_tonnes(result.total_tonnes('without_non_co2'), lang)}")
    return out


def _beges_table(result: BilanResult, lang: str) -> list[str]:
    rows = []
    for row in beges_rows(result, lang):
        cells = [row.key, row.label, format_tonnes(row.tonnes, lang, unit=False),
                 _share(row, lang), _pm(row.uncertainty, lang)]
        if row.level == 0:
            cells = [f"**{c}**" if c else c for c in cells]
        rows.append(cells)
    total = result.total_tonnes()
    rows.append([f"**{text('total', lang)}**", "", f"**{format_tonnes(total, lang, unit=False)}**",
                 f"**{format_percent(1.0 if total else 0.0, lang)}**", ""])
    return _table(["#", text("category_post", lang), text("emissions_t", lang), text("share", lang),
                   text("uncertainty", lang)], rows, "llrrr")


def _scope_table(result: BilanResult, lang: str) -> list[str]:
    rows = []
    for row in scope_rows(result, lang):
        name = row.label if row.in_total else f"{row.label} ({text('not_in_total', lang)})"
        rows.append([name, format_tonnes(row.tonnes, lang, unit=False), _share(row, lang),
                     _pm(row.uncertainty, lang)])
    return _table([text("scope", lang), text("emissions_t", lang), text("share", lang),
                   text("uncertainty", lang)], rows, "lrrr")


def _simple_table(rows: Sequence[Row], first: str, lang: str, key: bool = False) -> list[str]:
    body = [[*([row.key] if key else []), row.label, format_tonnes(row.tonnes, lang, unit=False),
             _share(row, lang), _pm(row.uncertainty, lang)] for row in rows]
    header = [*(["#"] if key else []), first, text("emissions_t", lang), text("share", lang),
              text("uncertainty", lang)]
    return _table(header, body, ("r" if key else "") + "lrrr")


def _lines_table(lines: Sequence[EmissionLine], lang: str, keys: Sequence[str]) -> list[str]:
    """Every line with its factor, short source (bibliography key, element id) and note number."""
    numbers = note_numbers(lines)
    by_factor: dict[str, tuple[str, str, str]] = {}  # the cells a factor gives, written once
    rows = []
    for i, line in enumerate(lines, 1):
        a, f = line.activity, line.factor
        name = escape(line_label(line, lang))
        if a.site and a.site not in name:
            name += f" ({escape(a.site)})"
        if not line.in_main_total:
            name += f" – {text('not_in_total', lang)}"
        unit = escape(unit_name(pretty_unit(a.unit), lang))
        quantity = f"{format_significant(float(a.magnitude), lang, 6)}{NBSP}{unit}"
        if a.basis:
            quantity += f" {escape(a.basis)}"
        cells = by_factor.get(f.id)
        if cells is None:
            value = f"{format_significant(float(f.magnitude), lang)}{NBSP}{escape(unit_name(f.unit, lang))}"
            if f.basis:
                value += f" {escape(f.basis)}"
            cells = by_factor[f.id] = (_code(f.id), value, escape(citation(keys[i - 1], line, lang)))
        note = f"[{numbers[i - 1]}]" if numbers[i - 1] else ""
        rows.append([str(i), name, escape(line.beges_post), escape(line.scope_key), quantity, *cells,
                     format_number(line.kg, lang, 1), _pm(line.uncertainty, lang), note])
    return _table(["#", text("label", lang), text("post", lang), text("scope", lang),
                   text("quantity", lang), text("factor", lang), text("factor_value", lang),
                   text("source", lang), text("emissions_kg", lang), text("uncertainty", lang),
                   text("line_note", lang)],
                  rows, "rlllrlrlrrl")


def note_numbers(lines: Sequence[EmissionLine]) -> list[int]:
    """The footnote number of each line's note (0: no note); lines with the same note share it."""
    index: dict[str, int] = {}
    return [index.setdefault(line.activity.note, len(index) + 1) if line.activity.note else 0
            for line in lines]


def line_notes_section(lines: Sequence[EmissionLine], lang: str) -> list[str]:
    """The lines' notes as numbered footnotes (how each quantity was obtained)."""
    seen: dict[str, int] = {}
    for line, number in zip(lines, note_numbers(lines), strict=True):
        if number:
            seen.setdefault(line.activity.note, number)
    if not seen:
        return []
    return [f"### {text('line_notes', lang)}", "",
            *(f"{n}. {escape(line_note(note, lang))}" for note, n in seen.items()), ""]


def bibliography_section(references: Sequence[Reference], lang: str) -> list[str]:
    """The sources cited by the lines, once each, under their keys."""
    if not references:
        return []
    return [f"## {text('bibliography', lang)}", "",
            *(f"- **[{escape(r.key)}]** {escape(r.text(lang))}" + (f" <{escape(r.url)}>" if r.url else "")
              for r in references), ""]


def footer(result: BilanResult, lang: str) -> str:
    """Write the provenance footer: coopcarbon version, factor library version and fingerprint."""
    return text("footer", lang, version=escape(result.coopcarbon_version),
                library=escape(result.factors_version or "–"),
                fingerprint=_code(result.factors_fingerprint[:12]))


_EIGHTHS = " ▏▎▍▌▋▊▉"


def _bar(value: float, largest: float, width: int = 32) -> str:
    """A horizontal bar of Unicode block characters, ``width`` cells for ``largest``.

    No bar when a value is not finite (an overflow): its figure beside the bar says so.
    """
    cells = max(0.0, value) / largest * width if largest > 0 else 0.0
    if not math.isfinite(cells):
        return ""
    full = int(cells)
    part = round((cells - full) * 8)
    if part == 8:
        full, part = full + 1, 0
    return "█" * full + (_EIGHTHS[part] if part else "")


def text_chart(result: BilanResult, lang: str) -> list[str]:
    """A bar chart of the BEGES v5 categories in plain text (shows in a terminal and in Markdown)."""
    rows = [r for r in beges_rows(result, lang) if r.level == 0]
    if not rows:
        return []
    largest = max(r.tonnes for r in rows)
    name_width = min(48, max(len(r.label) for r in rows) + 3)
    out = [f"## {text('chart_title', lang)}", "", "```text"]
    for r in rows:
        name = f"{r.key} {r.label}"
        name = name if len(name) <= name_width else name[: name_width - 1] + "…"
        out.append(f"{name:<{name_width}} {_bar(r.tonnes, largest):<33} "
                   f"{format_number(r.tonnes, lang, 1):>8} t  ({format_percent(r.share or 0.0, lang)})")
    out += ["```", ""]
    return out


def _indicators_section(result: BilanResult, lang: str) -> list[str]:
    """Other indicators (ADPe, primary energy...) beside CO2e, never added to it."""
    rows = [[escape(cell) for cell in row] for row in indicator_rows(result, lang)]
    if not rows:
        return []
    header = [text("indicator", lang), text("indicator_total", lang), text("indicator_lines", lang)]
    return [f"## {text('indicators', lang)}", "", text("indicator_note", lang), "",
            *_table(header, rows, "lrr"), ""]


def to_markdown(result: BilanResult, lang: str = "fr") -> str:
    """Write a year's result as a Markdown report.

    Parameters
    ----------
    result
        The computed bilan.
    lang
        ``"fr"`` (default) or ``"en"``.

    Returns
    -------
    str
        Markdown text (CommonMark with pipe tables), ending with a newline.
    """
    check_lang(lang)
    out = [f"# {text('title', lang, year=result.year, organisation=escape(result.organisation))}",
           "", f"## {text('summary', lang)}", "", *_summary(result, lang), ""]
    if not result.line_count:
        out += [text("no_lines", lang), ""]
    else:
        out += text_chart(result, lang)
        out += [f"## {text('by_beges', lang)}", "", *_beges_table(result, lang), ""]
        out += [f"## {text('by_scope', lang)}", "", *_scope_table(result, lang), ""]
        ghg = ghg_category_rows(result, lang)
        if ghg:
            out += [f"### {text('by_ghg_category', lang)}", "",
                    *_simple_table(ghg, text("scope3_category", lang), lang, key=True), ""]
        out += [f"## {text('by_domain', lang)}", "",
                *_simple_table(domain_rows(result, lang), text("domain", lang), lang), ""]
        if has_organisation(result):
            out.append(organisation_section(result, lang))
        out += _indicators_section(result, lang)
    out += [f"## {text('notes', lang)}", ""]
    out += [f"- {escape(note)}" for note in notes(result, lang)]
    out.append("")
    if result.line_count:
        lines = shown_lines(result, lang)  # every line, or groups of lines for a large bilan
        references, keys = bibliography(lines)
        out += [f"## {text('lines', lang)}", "", *(f"{escape(n)}\n" for n in lines_note(result, lang)),
                *_lines_table(lines, lang, keys), ""]
        out += line_notes_section(lines, lang)
        out += bibliography_section(references, lang)
    out += ["---", "", footer(result, lang), ""]
    return "\n".join(out)


def _change_rows(rows: dict[str, tuple[float, float, float, float | None]], name: dict[str, str],
                 lang: str) -> list[list[str]]:
    return [[name.get(k, escape(k)), format_tonnes(before, lang, unit=False),
             format_tonnes(after, lang, unit=False),
             signed_tonnes(change, lang), format_change(rel, lang)]
            for k, (before, after, change, rel) in rows.items()]


def comparison_to_markdown(comparison: Comparison, lang: str = "fr") -> str:
    """Two results compared: total, and change per BEGES post, scope and domain.

    Parameters
    ----------
    comparison
        ``after.compare(before)``.
    lang
        ``"fr"`` (default) or ``"en"``.
    """
    check_lang(lang)
    before, after = comparison.before, comparison.after
    header = [text("post", lang), f"{text('before', lang)} ({before.year})",
              f"{text('after', lang)} ({after.year})", text("change_t", lang),
              text("change_pct", lang)]
    b_total, a_total = before.total_tonnes(), after.total_tonnes()
    total_row = [[f"**{text('total', lang)}**", format_tonnes(b_total, lang, unit=False),
                  format_tonnes(a_total, lang, unit=False),
                  signed_tonnes(a_total - b_total, lang),
                  format_change((a_total - b_total) / b_total if b_total else None, lang)]]
    organisation = escape(after.organisation)
    if before.organisation != after.organisation:
        organisation = f"{escape(before.organisation)} / {organisation}"
    posts = {k: f"{k} {label('beges_post', k, lang)}" for k in comparison.by_beges_post()}
    scopes = {k: label("scope", k, lang) for k in comparison.by_scope()}
    domains = {k: domain_label(k, lang) for k in comparison.by_domain()}
    title = text("comparison_title", lang, before=before.year, after=after.year,
                 organisation=organisation)
    flags = post_significance(comparison)
    yes_no = {True: "oui" if lang == "fr" else "yes", False: "non" if lang == "fr" else "no"}
    post_rows = [[*row, yes_no[flags[post]]]
                 for post, row in zip(comparison.by_beges_post(), _change_rows(comparison.by_beges_post(), posts, lang),
                                      strict=True)]
    out = [f"# {title}", "", escape(total_change_sentence(comparison, lang)),
           "", *_table([*header, "Significatif" if lang == "fr" else "Significant"],
                       [[*total_row[0], yes_no[total_significance(comparison)]], *post_rows], "lrrrrl"), "",
           f"## {text('by_scope', lang)}", "",
           *_table([text("scope", lang), *header[1:]],
                   _change_rows(comparison.by_scope(), scopes, lang), "lrrrr"), "",
           f"## {text('by_domain', lang)}", "",
           *_table([text("domain", lang), *header[1:]],
                   _change_rows(comparison.by_domain(), domains, lang), "lrrrr"), ""]
    changed = comparison.factor_changes()
    if changed:
        out += [f"## {text('factor_changes', lang)}", ""]
        out += _table([text("factor", lang), text("before", lang), text("after", lang),
                       text("change_pct", lang)],
                      [[_code(fid), format_significant(old, lang), format_significant(new, lang),
                        format_change((new - old) / old if old else None, lang)]
                       for fid, (old, new) in sorted(changed.items())], "lrrr")
        out.append("")
    out += ["---", "", footer(after, lang), ""]
    return "\n".join(out)


def trajectory_to_markdown(points: Sequence[TrajectoryPoint], lang: str = "fr",
                           rate: float = SBTI_1_5C_RATE) -> str:
    """Write a trajectory table: year, target, actual, gap (from ``compare_to_trajectory``)."""
    check_lang(lang)
    if not points:
        raise ValueError("empty trajectory")
    base = points[0]
    rows = []
    for p in points:
        actual = format_tonnes(p.actual, lang, unit=False) if p.actual is not None else ""
        gap = ""
        if p.gap is not None:
            sign = "+" if p.gap > 0 else ""
            state = text("on_track", lang) if p.on_track else text("off_track", lang)
            gap = f"{sign}{format_tonnes(p.gap, lang, unit=False)} ({state})"
        rows.append([str(p.year), format_tonnes(p.target, lang, unit=False), actual, gap])
    note = text("trajectory_note", lang, rate=format_percent(rate, lang),
                base_year=base.year, base=format_tonnes(base.target, lang))
    return "\n".join([f"## {text('trajectory_title', lang)}", "", note, "",
                      *_table([text("year", lang), text("target", lang), text("actual", lang),
                               text("gap", lang)], rows, "rrrl"), ""])
