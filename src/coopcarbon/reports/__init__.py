"""Reports of a :class:`~coopcarbon.result.BilanResult`: Markdown, HTML with charts, JSON, CSV.

Each module reads the result's plain data and formats it; nothing here computes emissions.

- :mod:`~coopcarbon.reports.labels`: every report string in French and English, number formats
- :mod:`~coopcarbon.reports.data`: dict, JSON (and back) and CSV
- :mod:`~coopcarbon.reports.markdown`: Markdown reports, comparisons and trajectories
- :mod:`~coopcarbon.reports.html` and :mod:`~coopcarbon.reports.charts`: one self-contained
  HTML page with inline SVG charts (matplotlib, the optional ``plot`` extra)
"""
