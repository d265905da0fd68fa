"""An Excel workbook of a result: summary, BEGES posts, scopes, lines with sources, bibliography.

One sheet each; numbers are written as numbers (tCO2e or kgCO2e, full precision, shown rounded
by the cell format), so the workbook can be summed, filtered and charted. Text cells that a
spreadsheet would run as formulas are neutralised (:mod:`coopcarbon.io.cells`). openpyxl is the
optional ``xlsx`` extra, imported when a workbook is written.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..io.cells import neutralise
from ..result import BilanResult
from ._rows import Row, notes, post_rows, scope_rows
from .columns import FRENCH_WORDS, header
from .data import CSV_COLUMNS, line_to_dict
from .labels import check_lang, phrase, text

__all__ = ["SHEETS", "result_to_xlsx"]

#: Sheet names, (French, English), in order.
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Synthèse", "Summary"),
    "posts": ("Postes BEGES", "BEGES posts"),
    "scopes": ("Scopes", "Scopes"),
    "lines": ("Lignes", "Lines"),
    "sources": ("Bibliographie", "Bibliography"),
}

_WORDS: dict[str, tuple[str, str]] = {
    "value": ("Valeur", "Value"),
    "unit": ("Unité", "Unit"),
    "low": ("Bas de l'intervalle 95 %", "95 % interval, low"),
    "high": ("Haut de l'intervalle 95 %", "95 % interval, high"),
    "market": ("Total scope 2 méthode marché", "Total, scope 2 market-based"),
    "without": ("Total sans effets hors CO2 de l'aviation", "Total without aviation non-CO2 effects"),
    "library": ("Bibliothèque de facteurs", "Factor library"),
    "fingerprint": ("Empreinte de la bibliothèque", "Library fingerprint"),
    "version": ("Version de coopcarbon", "coopcarbon version"),
    "factors": ("Facteurs utilisés", "Factors used"),
    "url": ("Adresse", "URL"),
    "license": ("Licence", "License"),
    "years": ("Années des facteurs", "Factor years"),
}


def _w(key: str, lang: str) -> str:
    return phrase(_WORDS, key, lang)


def _cell(value: Any) -> Any:
    """A value as a cell: text neutralised against formulas, ``None`` left empty."""
    return neutralise(value) if isinstance(value, str) else value


def _sheet(book: Any, key: str, lang: str, head: Sequence[str], rows: Iterable[Sequence[Any]],
           number_format: dict[int, str] | None = None) -> None:
    """A sheet with a bold, frozen header row and one row per item."""
    from openpyxl.styles import Font

    fr, en = SHEETS[key]
    sheet = book.create_sheet(fr if lang == "fr" else en)
    sheet.append([_cell(h) for h in head])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_cell(v) for v in row])
    for column, fmt in (number_format or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = fmt
    for i, title in enumerate(head, start=1):
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(max(len(title) + 2, 10), 48)


def _summary_rows(result: BilanResult, lang: str) -> list[list[Any]]:
    t = "tCO2e"
    rows: list[list[Any]] = [
        [text("organisation", lang), result.organisation, ""],
        [text("year", lang), result.year, ""],
        [text("headcount", lang), result.headcount, ""],
        [text("total_location", lang), float(result.total.magnitude), t],
    ]
    if result.line_count:
        interval = result.interval
        rows += [[_w("low", lang), interval.low / 1000, t], [_w("high", lang), interval.high / 1000, t]]
    rows += [
        [_w("market", lang), float(result.total_market_based.magnitude), t],
        [_w("without", lang), float(result.total_without_non_co2.magnitude), t],
        [text("per_employee", lang), float(result.per_employee.to("tCO2e/person").magnitude),
         text("per_employee_unit", lang)],
        [_w("library", lang), result.factors_version, ""],
        [_w("fingerprint", lang), result.factors_fingerprint, ""],
        [_w("version", lang), result.coopcarbon_version, ""],
    ]
    rows += [[text("notes", lang) if i == 0 else "", note, ""] for i, note in enumerate(notes(result, lang))]
    return rows


def _breakdown(rows: Sequence[Row]) -> list[list[Any]]:
    return [[r.key, r.label, r.tonnes, r.share, r.uncertainty] for r in rows]


def _line_rows(result: BilanResult, lang: str) -> list[list[Any]]:
    rows = []
    for line in result.lines:
        d = line_to_dict(line)
        d.update(factor_value=d["value"], factor_unit=d["unit"], factor_year=d["year"],
                 in_total=line.in_main_total)
        row = [d.get(c) for c in CSV_COLUMNS]
        if lang == "fr":
            row = [FRENCH_WORDS.get(v, v) if c in ("data_quality", "scope2_method", "in_total") else v
                   for c, v in zip(CSV_COLUMNS, row, strict=True)]
        rows.append(row)
    return rows


def _sources(result: BilanResult) -> list[list[Any]]:
    """One row per source: its URL, license, factor years, factors used and emissions [tCO2e]."""
    found: dict[str, dict[str, Any]] = {}
    for line in result.lines:
        f = line.factor
        entry = found.setdefault(f.source, {"url": f.source_url, "license": f.license, "years": set(),
                                            "factors": set(), "t": 0.0})
        entry["years"].add(f.year)
        entry["factors"].add(f.id)
        entry["t"] += line.kg / 1000 if line.in_main_total else 0.0
    return [[source, e["url"], e["license"], ", ".join(str(y) for y in sorted(e["years"])), len(e["factors"]), e["t"]]
            for source, e in sorted(found.items(), key=lambda kv: -kv[1]["t"])]


def result_to_xlsx(result: BilanResult, path: str | Path | None = None, lang: str = "fr") -> bytes:
    """Write ``result`` as an Excel workbook; returns its bytes (and writes ``path`` if given).

    Sheets (:data:`SHEETS`): the summary (totals [tCO2e], 95 % interval, per employee, library
    and notes); BEGES v5 posts and GHG Protocol scopes (tCO2e, share of the total, relative
    ±95 %); every emission line with its factor and source (the CSV report's columns, headers in
    ``lang``); the bibliography (each source with its URL, license, years, factors used and
    tCO2e in the total).

    Raises
    ------
    MissingDependencyError
        When openpyxl (the ``xlsx`` extra) is not installed.
    """
    check_lang(lang)
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingDependencyError("openpyxl", "xlsx", "an Excel workbook") from None
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "summary", lang, [text("summary", lang), _w("value", lang), _w("unit", lang)],
           _summary_rows(result, lang))
    breakdown_head = [text("post", lang), text("label", lang), text("emissions_t", lang), text("share", lang),
                      text("uncertainty", lang)]
    percent = {4: "0.0%", 5: "0%"}
    _sheet(book, "posts", lang, breakdown_head, _breakdown(post_rows(result, lang)), {3: "0.000", **percent})
    _sheet(book, "scopes", lang, [text("scope", lang), *breakdown_head[1:]], _breakdown(scope_rows(result, lang)),
           {3: "0.000", **percent})
    _sheet(book, "lines", lang, [header(c, lang) for c in CSV_COLUMNS], _line_rows(result, lang),
           {CSV_COLUMNS.index("co2e_kg") + 1: "0.00", CSV_COLUMNS.index("uncertainty") + 1: "0%"})
    _sheet(book, "sources", lang, [text("source", lang), _w("url", lang), _w("license", lang), _w("years", lang),
                                   _w("factors", lang), text("emissions_t", lang)], _sources(result), {6: "0.000"})
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    if path is not None:
        Path(path).write_bytes(data)
    return data
