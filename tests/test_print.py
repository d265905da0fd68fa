"""Printed to A4 in headless Chromium, each example's report keeps every column of its lines table.

The HTML report has a print stylesheet (A4, tables that wrap, page breaks between sections). This
test prints the French report of each example to PDF with headless Chromium and reads the words
back with their positions (``pdftotext -bbox``, poppler-utils): every header of the lines table
is on the page, no word lies beyond the page's right edge, and every line's kgCO2e is printed.
Without Chromium or pdftotext the test is skipped locally; on CI (``CI`` set) it fails instead,
so CI must install them (Debian: ``apt-get install -y chromium poppler-utils``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest

import coopcarbon as cc
from coopcarbon.bilanfile.plan import read_plan
from coopcarbon.reports.beges import beges_html
from coopcarbon.reports.labels import format_number

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / name / "bilan-2024.yaml" for name in ("scop-lyon", "software-publisher", "web-agency")]
#: The lines table's headers, one word of each (the French report).
HEADERS = ["#", "Libellé", "Poste", "Scope", "Quantité", "Facteur", "Valeur", "Source", "kgCO2e", "±", "Note"]


def _tools() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    pdftotext = shutil.which("pdftotext")
    if chromium is None or pdftotext is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install chromium and poppler-utils (pdftotext) for the print test")
        pytest.skip("headless Chromium or pdftotext not installed (apt-get install -y chromium poppler-utils)")
    return chromium, pdftotext


def _print(html: str, tmp_path: Path) -> list[tuple[float, list[tuple[str, float]]]]:
    """Print ``html`` to PDF; each page's width and its words with their right edge [pt]."""
    chromium, pdftotext = _tools()
    page, pdf = tmp_path / "report.html", tmp_path / "report.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    text = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode("utf-8")
    pages = []
    for page in _PAGE.finditer(text):
        words = [(unescape(w["text"]), float(w["right"])) for w in _WORD.finditer(page["body"])]
        pages.append((float(page["width"]), words))
    return pages


_PAGE = re.compile(r'<page width="(?P<width>[\d.]+)"[^>]*>(?P<body>.*?)</page>', re.DOTALL)
_WORD = re.compile(r'<word [^>]*xMax="(?P<right>[\d.]+)"[^>]*>(?P<text>[^<]*)</word>')


def _normal(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_printed_lines_table_keeps_every_column(path: Path, tmp_path: Path) -> None:
    result = cc.Bilan.from_yaml(path).compute()
    pages = _print(result.to_html("fr"), tmp_path)
    table_pages = [words for _, words in pages if {"Libellé", "Quantité", "kgCO2e"} <= {w for w, _ in words}]
    assert table_pages, "the lines table is not in the PDF"
    for words in table_pages:
        present = {w for w, _ in words}
        missing = [h for h in HEADERS if h not in present and not any(w.startswith(h) for w in present)]
        assert not missing, f"{path.parent.name}: columns lost on paper: {missing}"
    for width, words in pages:
        beyond = [w for w, right in words if right > width + 0.5]
        assert not beyond, f"{path.parent.name}: words beyond the page edge: {beyond[:5]}"
    text = _normal(" ".join(w for _, words in pages for w, _ in words))
    for line in result.lines:
        assert _normal(format_number(line.kg, "fr", 1)) in text, f"{line.activity.label}: kgCO2e not printed"


def test_printed_regulatory_report_fits_the_page(tmp_path: Path) -> None:
    path = EXAMPLES[0]
    pages = _print(beges_html(cc.Bilan.from_yaml(path).compute(), read_plan(path), "fr"), tmp_path)
    words = {w for _, page in pages for w, _ in page}
    for header in ("CO2", "CH4", "N2O", "biogénique", "Indicateur", "Statut"):
        assert header in words, f"{header} lost on paper"
    for width, page in pages:
        assert all(right <= width + 0.5 for _, right in page)
