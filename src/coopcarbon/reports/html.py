"""A self-contained HTML report: one file, inline CSS, charts as inline SVG.

The page needs no network and no script: styles are inline and the charts (from
:mod:`coopcarbon.reports.charts`, needing the ``plot`` extra) are SVG elements. Without
matplotlib the report is complete except for the charts, replaced by a notice naming the extra
to install. Every user string is escaped with :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ..activities import EmissionLine
from ..errors import MissingDependencyError
from ..result import BilanResult
from ..units import pretty_unit
from . import charts
from ._rows import Row, beges_rows, domain_rows, ghg_category_rows, indicator_rows, notes, scope_rows
from .bibliography import Reference, bibliography, citation
from .french import line_label, line_note, unit_name
from .grouping import lines_note, shown_lines
from .labels import (
    NBSP,
    check_lang,
    format_number,
    format_percent,
    format_significant,
    format_tonnes,
    text,
)
from .markdown import note_numbers
from .organisation import has_organisation, organisation_parts

__all__ = ["PAGE_CSS", "summary_cards", "to_html"]

#: The page's stylesheet (screen and A4 print), shared by the regulatory report and the notebook card.
PAGE_CSS = """
:root { color-scheme: light; --ink: #222; --muted: #5b6470; --line: #d9dde3; --accent: #0072B2;
  --soft: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
  Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 2rem 1.5rem 3rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.6rem 0 .6rem; }
.meta { color: var(--muted); margin: 0 0 1.5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(185px, 1fr)); gap: .8rem; }
.card { background: var(--soft); border-radius: 8px; padding: .9rem 1rem; }
.card .k { color: var(--muted); font-size: .85rem; }
.card .v { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.card.main { background: #e6f1f8; grid-column: span 2; }
.card.main .v { font-size: 1.8rem; color: var(--accent); }
.card .u { font-size: .95rem; font-weight: 400; }
.card .d { font-size: .85rem; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top;
  text-align: left; }
th { background: var(--soft); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.sub td { font-weight: 600; background: #fafbfc; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
tr.aside td { color: var(--muted); font-style: italic; }
table.lines { font-size: .8rem; }
table.lines td { overflow-wrap: break-word; }
table.lines td:nth-child(2) { min-width: 9rem; }
table.lines td:nth-child(5), table.lines td:nth-child(7) { white-space: normal; }
table.lines td:nth-child(4) { white-space: nowrap; }
code { font-size: .85em; background: var(--soft); padding: 0 .2em; border-radius: 3px; }
figure { margin: 1rem 0 1.5rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-bottom: .3rem; }
.scroll { overflow-x: auto; }
.notice { border-left: 4px solid #E69F00; background: #fff8e6; padding: .6rem .9rem; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem;
  border-top: 1px solid var(--line); padding-top: .8rem; }
dl.bib dt { font-weight: 600; margin-top: .4rem; }
dl.bib dd { margin: 0 0 0 1.5rem; font-size: .85rem; overflow-wrap: anywhere; }
ol.notes { font-size: .85rem; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  h2.page { break-before: page; }
  table, figure { break-inside: auto; }
  tr, figure svg { break-inside: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
  table.lines { table-layout: fixed; width: 100%; font-size: 6.5pt; }
  table.lines th, table.lines td { padding: 1px 2px; white-space: normal; overflow-wrap: anywhere; }
  table.lines td.n, table.lines th.n { white-space: normal; }
  table.lines th:nth-child(1) { width: 4%; } table.lines th:nth-child(2) { width: 17%; }
  table.lines th:nth-child(3) { width: 5%; } table.lines th:nth-child(4) { width: 8%; }
  table.lines th:nth-child(5) { width: 10%; } table.lines th:nth-child(6) { width: 14%; }
  table.lines th:nth-child(7) { width: 11%; } table.lines th:nth-child(8) { width: 12%; }
  table.lines th:nth-child(9) { width: 8%; } table.lines th:nth-child(10) { width: 6%; }
  table.lines th:nth-child(11) { width: 5%; }
  figure svg { max-width: 100%; max-height: 120mm; }
  .card.main { grid-column: span 2; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _table(header: Sequence[str], rows: Iterable[tuple[Sequence[str], str]], numeric: str,
           css: str = "") -> str:
    """Build an HTML table; cells are already escaped; ``numeric``: ``n``/``l`` per column."""
    head = "".join(f'<th class="{"n" if n == "n" else ""}">{h}</th>'
                   for h, n in zip(header, numeric, strict=True))
    body = []
    for cells, row_class in rows:
        tds = "".join(f'<td class="{"n" if n == "n" else ""}">{c}</td>'
                      for c, n in zip(cells, numeric, strict=True))
        body.append(f'<tr class="{row_class}">{tds}</tr>')
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _pm(value: float, lang: str) -> str:
    return "±" + format_percent(value, lang, 0)


def _row_cells(row: Row, lang: str, key: bool = True) -> list[str]:
    share = format_percent(row.share, lang) if row.share is not None else ""
    name = _e(row.label) if row.in_total else f"{_e(row.label)} ({_e(text('not_in_total', lang))})"
    return [*([_e(row.key)] if key else []), name, format_tonnes(row.tonnes, lang, unit=False),
            share, _pm(row.uncertainty, lang)]


def _card(key: str, value: str, detail: str = "", main: bool = False) -> str:
    d = f'<div class="d">{detail}</div>' if detail else ""
    return (f'<div class="card{" main" if main else ""}"><div class="k">{key}</div>'
            f'<div class="v">{value}</div>{d}</div>')


def summary_cards(result: BilanResult, lang: str) -> str:
    """The summary cards (total with its intervals, per employee...) as an HTML fragment (``div.cards``)."""
    total = result.total_tonnes()
    colon = f"{NBSP}:" if lang == "fr" else ":"
    cards = []
    detail = ""
    if result.line_count:
        interval = result.interval
        detail = (f"{_pm(interval.relative, lang)}<br>{_e(text('interval_analytic', lang))}{colon} "
                  f"{format_tonnes(interval.low / 1000, lang, unit=False)} – "
                  f"{format_tonnes(interval.high / 1000, lang)}")
    mc = result.monte_carlo
    if mc is not None:
        samples = format_number(result.samples, lang, 0)
        detail += (f"<br>{_e(text('interval_mc', lang, samples=samples))}"
                   f"{colon} {format_tonnes(mc.low / 1000, lang, unit=False)} – "
                   f"{format_tonnes(mc.high / 1000, lang)}")
    cards.append(_card(_e(text("total_location", lang)), format_tonnes(total, lang), detail,
                       main=True))
    per = result.total_tonnes() / result.headcount  # tCO2e/person, as result.per_employee
    cards.append(_card(_e(text("per_employee", lang)),
                       f"{format_number(per, lang, 2 if per >= 0.1 else 3)}{NBSP}"
                       f'<span class="u">{_e(text("per_employee_unit", lang))}</span>',
                       _e(text("people", lang, n=result.headcount))))
    cards.append(_card(_e(text("total_market", lang)),
                       format_tonnes(result.total_tonnes("market"), lang)))
    cards.append(_card(_e(text("total_without_non_co2", lang)),
                       format_tonnes(result.total_tonnes("without_non_co2"), lang)))
    return f'<div class="cards">{"".join(cards)}</div>'


def _charts(result: BilanResult, lang: str, history: Sequence[BilanResult]) -> str:
    parts = [f"<h2>{_e(text('charts', lang))}</h2>"]
    if not all(charts.drawable(r) for r in [*history, result]):
        parts.append(f'<p class="notice">{_e(text("charts_not_finite", lang))}</p>')
        return "\n".join(parts)
    try:
        figures = [(text("chart_posts", lang), charts.posts_chart(result, lang)),
                   (text("chart_scopes", lang), charts.scopes_chart(result, lang))]
        if history:
            figures.append((text("chart_history", lang),
                            charts.history_chart([*history, result], lang)))
    except MissingDependencyError:
        parts.append(f'<p class="notice">{_e(text("no_charts", lang))}</p>')
        return "\n".join(parts)
    for caption, svg in figures:
        parts.append(f"<figure><figcaption>{_e(caption)}</figcaption>{svg}</figure>")
    return "\n".join(parts)


def _lines_table(lines: Sequence[EmissionLine], lang: str, keys: Sequence[str]) -> str:
    """Every line: factor, short source (bibliography key and element id), note number."""
    numbers = note_numbers(lines)
    by_factor: dict[str, tuple[str, str, str]] = {}  # the cells a factor gives, written once
    rows = []
    for i, line in enumerate(lines, 1):
        a, f = line.activity, line.factor
        label = line_label(line, lang)
        name = _e(label) + (f" ({_e(a.site)})" if a.site and a.site not in label else "")
        quantity = (f"{format_significant(float(a.magnitude), lang, 6)}{NBSP}"
                    f"{_e(unit_name(pretty_unit(a.unit), lang))}" + (f" {_e(a.basis)}" if a.basis else ""))
        cells = by_factor.get(f.id)
        if cells is None:
            value = (f"{format_significant(float(f.magnitude), lang)}{NBSP}{_e(unit_name(f.unit, lang))}"
                     + (f" {_e(f.basis)}" if f.basis else ""))
            cells = by_factor[f.id] = ("<code>" + _e(f.id).replace(".", ".<wbr>") + "</code>", value,
                                       _e(citation(keys[i - 1], line, lang)))
        note = f'<a href="#note-{numbers[i - 1]}">{numbers[i - 1]}</a>' if numbers[i - 1] else ""
        rows.append(([str(i), name, _e(line.beges_post), _e(line.scope_key), quantity, *cells,
                      format_number(line.kg, lang, 1), _pm(line.uncertainty, lang), note],
                     "" if line.in_main_total else "aside"))
    header = ["#", text("label", lang), text("post", lang), text("scope", lang),
              text("quantity", lang), text("factor", lang), text("factor_value", lang),
              text("source", lang), text("emissions_kg", lang), text("uncertainty", lang),
              text("line_note", lang)]
    return _table([_e(h) for h in header], rows, "nlllnlnlnnl", "lines")


def _line_notes(lines: Sequence[EmissionLine], lang: str, references: Sequence[Reference]) -> list[str]:
    """The lines' notes, numbered, and the bibliography."""
    out = []
    seen: dict[str, int] = {}
    for line, number in zip(lines, note_numbers(lines), strict=True):
        if number:
            seen.setdefault(line.activity.note, number)
    if seen:
        out += [f"<h3>{_e(text('line_notes', lang))}</h3>", '<ol class="notes">',
                *(f'<li id="note-{n}" value="{n}">{_e(line_note(note, lang))}</li>' for note, n in seen.items()),
                "</ol>"]
    out += [f'<h2 class="page">{_e(text("bibliography", lang))}</h2>', '<dl class="bib">',
            *(f"<dt>[{_e(r.key)}]</dt><dd>{_e(r.text(lang))}"
              + (f' <a href="{_e(r.url)}">{_e(r.url)}</a>' if r.url.startswith(("https://", "http://")) else "")
              + "</dd>" for r in references), "</dl>"]
    return out


def _organisation(result: BilanResult, lang: str) -> list[str]:
    """The organisation section: boundary, tables by site and entity, intensities, comparable indicator."""
    parts = organisation_parts(result, lang)
    out = [f"<h2>{_e(parts.title)}</h2>"] + ([f"<p>{_e(parts.boundary)}</p>"] if parts.boundary else [])
    for heading, rows in parts.tables:
        out.append(_table([_e(heading), *map(_e, parts.header)],
                          [([_e(cell) for cell in row], "") for row in rows], "lnn"))
    return [*out, f"<p>{_e(parts.intensities)}</p>", f"<p>{_e(parts.comparable)}</p>"]


def to_html(result: BilanResult, lang: str = "fr",
            history: Sequence[BilanResult] = ()) -> str:
    """Write a year's result as one self-contained HTML page.

    Parameters
    ----------
    result
        The computed bilan.
    lang
        ``"fr"`` (default) or ``"en"``; also sets ``<html lang>``.
    history
        Earlier years' results, for a year-over-year chart.

    Returns
    -------
    str
        The HTML document (UTF-8 text).
    """
    check_lang(lang)
    title = text("title", lang, year=result.year, organisation=result.organisation)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title>", f"<style>{PAGE_CSS}</style>", "</head>", "<body>", "<main>",
           f"<header><h1>{_e(title)}</h1>",
           f'<p class="meta">{_e(result.organisation)} · {_e(text("year", lang))} {result.year}'
           f" · {_e(text('people', lang, n=result.headcount))}</p></header>",
           f"<h2>{_e(text('summary', lang))}</h2>", summary_cards(result, lang)]
    if result.line_count:
        out.append(_charts(result, lang, history))
        total = result.total_tonnes()
        beges = [(_row_cells(r, lang), "sub" if r.level == 0 else "")
                 for r in beges_rows(result, lang)]
        beges.append((["", _e(text("total", lang)), format_tonnes(total, lang, unit=False),
                       format_percent(1.0, lang), ""], "total"))
        header = [_e(h) for h in ("#", text("category_post", lang), text("emissions_t", lang),
                                  text("share", lang), text("uncertainty", lang))]
        out += [f"<h2>{_e(text('by_beges', lang))}</h2>", _table(header, beges, "nlnnn")]
        scopes = [(_row_cells(r, lang, key=False), "" if r.in_total else "aside")
                  for r in scope_rows(result, lang)]
        out += [f"<h2>{_e(text('by_scope', lang))}</h2>",
                _table([_e(text("scope", lang)), *header[2:]], scopes, "lnnn")]
        ghg = ghg_category_rows(result, lang)
        if ghg:
            out += [f"<h3>{_e(text('by_ghg_category', lang))}</h3>",
                    _table(["#", _e(text("scope3_category", lang)), *header[2:]],
                           [(_row_cells(r, lang), "") for r in ghg], "nlnnn")]
        out += [f"<h2>{_e(text('by_domain', lang))}</h2>",
                _table([_e(text("domain", lang)), *header[2:]],
                       [(_row_cells(r, lang, key=False), "") for r in domain_rows(result, lang)],
                       "lnnn")]
        if has_organisation(result):
            out += _organisation(result, lang)
        indicators = indicator_rows(result, lang)
        if indicators:
            out += [f"<h2>{_e(text('indicators', lang))}</h2>", f"<p>{_e(text('indicator_note', lang))}</p>",
                    _table([_e(text("indicator", lang)), _e(text("indicator_total", lang)),
                            _e(text("indicator_lines", lang))],
                           [([_e(c) for c in row], "") for row in indicators], "lnn")]
    else:
        out.append(f"<p>{_e(text('no_lines', lang))}</p>")
    out += [f"<h2>{_e(text('notes', lang))}</h2>", "<ul>",
            *(f"<li>{_e(n)}</li>" for n in notes(result, lang)), "</ul>"]
    if result.line_count:
        lines = shown_lines(result, lang)  # every line, or groups of lines for a large bilan
        references, keys = bibliography(lines)
        out += [f'<h2 class="page">{_e(text("lines", lang))}</h2>',
                *(f"<p>{_e(n)}</p>" for n in lines_note(result, lang)),
                f'<div class="scroll">{_lines_table(lines, lang, keys)}</div>',
                *_line_notes(lines, lang, references)]
    footer = text("footer", lang, version=result.coopcarbon_version,
                  library=result.factors_version or "–",
                  fingerprint=result.factors_fingerprint[:12])
    out += [f"<footer>{_e(footer)}</footer>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)
