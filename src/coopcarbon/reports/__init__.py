"""Reports of a :class:`~coopcarbon.result.BilanResult`: Markdown, HTML with charts, JSON, CSV.

Each module reads the result's plain data and formats it; nothing here computes emissions.

- :mod:`~coopcarbon.reports.labels`: every report string in French and English, number formats
- :mod:`~coopcarbon.reports.data`: dict, JSON (and back) and CSV
- :mod:`~coopcarbon.reports.markdown`: Markdown reports, comparisons and trajectories
- :mod:`~coopcarbon.reports.html` and :mod:`~coopcarbon.reports.charts`: one self-contained
  HTML page with inline SVG charts (matplotlib, the optional ``plot`` extra) and an A4 print stylesheet
- :mod:`~coopcarbon.reports.french`: generated labels, unit names and line notes in French
- :mod:`~coopcarbon.reports.bibliography`: short sources (a key and the element id) and the bibliography
- :mod:`~coopcarbon.reports.beges`: the regulatory BEGES report and the declaration table
- :mod:`~coopcarbon.reports.significance` and :mod:`~coopcarbon.reports.transition`: changes tested
  against the uncertainty, scenarios, trajectories, the comparison as HTML
"""
