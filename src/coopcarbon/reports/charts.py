"""Charts as inline SVG text, drawn with matplotlib (the optional ``plot`` extra).

matplotlib is imported inside these functions only, never at import of coopcarbon. Figures are
built with :class:`matplotlib.figure.Figure` directly (no pyplot, no global backend or state;
raster output would go through Agg), saved as SVG with text kept as text, and returned without
the XML prologue so they can be inlined in an HTML page. Without matplotlib each function
raises :class:`~coopcarbon.errors.MissingDependencyError` naming the extra to install.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import Any

from ..categories import BEGES_CATEGORIES, beges_category, label
from ..errors import MissingDependencyError
from ..result import BilanResult
from ..trajectory import TrajectoryPoint
from .labels import format_significant, format_tonnes, text

__all__ = ["drawable", "history_chart", "posts_chart", "require_matplotlib", "scopes_chart"]

# Colours of BEGES categories 1–6 (colour-blind-safe Okabe–Ito palette).
_CATEGORY_COLOURS = {"1": "#D55E00", "2": "#E69F00", "3": "#0072B2", "4": "#009E73",
                     "5": "#CC79A7", "6": "#56B4E9"}
_SCOPE_COLOURS = {"1": "#D55E00", "2-location": "#E69F00", "2-market": "#F5D9A0",
                  "3": "#0072B2"}
_TEXT = "#222222"


def require_matplotlib() -> Any:
    """Return :class:`matplotlib.figure.Figure`, or raise naming the ``plot`` extra."""
    try:
        import matplotlib  # noqa: F401  # the package itself must be importable
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingDependencyError("matplotlib", "plot", "charts") from None
    return Figure


def _svg(fig: Any, name: str) -> str:
    from matplotlib import rc_context

    buffer = io.StringIO()
    # a salt per chart keeps the SVG ids of several inline charts distinct on one page, and the
    # same from one run to the next; without a date, the same result gives the same bytes
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": f"coopcarbon-{name}"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    start = svg.find("<svg")
    svg = svg[start:]
    return svg.replace("<svg ", f'<svg role="img" class="chart chart-{name}" ', 1)


def _style(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_TEXT, labelsize=9)
    ax.xaxis.label.set_color(_TEXT)


def _axis_formatter(lang: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: format_significant(x, lang, 3))


def _error_bar(length: float) -> float:
    """An error bar's length, none when the interval overflowed (its figures say so in the tables)."""
    return max(length, 0.0) if math.isfinite(length) else 0.0


def drawable(result: BilanResult) -> bool:
    """Whether every total the charts draw is a finite number (not so after an overflow)."""
    totals = [result.total_tonnes(), result.total_tonnes("market"), *result.tonnes_by("beges_post").values(),
              *result.tonnes_by("scope").values()]
    return all(map(math.isfinite, totals))


def _wrap(text_: str, width: int = 42) -> str:
    return "\n".join(textwrap.wrap(text_, width)) or text_


def posts_chart(result: BilanResult, lang: str = "fr") -> str:
    """Horizontal bars by BEGES v5 post (location-based) with 95 % error bars, as SVG.

    Parameters
    ----------
    result
        The computed bilan.
    lang
        ``"fr"`` or ``"en"``.

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    figure_class = require_matplotlib()
    posts = result.tonnes_by("beges_post")
    keys = list(posts)
    lows, highs = [], []
    intervals = result.intervals_by("beges_post")
    for k in keys:
        interval = intervals[k]
        t = posts[k]
        lows.append(_error_bar(t - interval.low / 1000.0))
        highs.append(_error_bar(interval.high / 1000.0 - t))
    names = [_wrap(f"{k}  {label('beges_post', k, lang)}") for k in keys]
    height = 0.9 + 0.55 * max(len(keys), 1) + 0.12 * sum(n.count("\n") for n in names)
    fig = figure_class(figsize=(9.0, height))
    ax = fig.add_subplot()
    y = list(range(len(keys)))
    ax.barh(y, [posts[k] for k in keys], xerr=[lows, highs], height=0.6,
            color=[_CATEGORY_COLOURS.get(beges_category(k), "#999999") for k in keys],
            error_kw={"ecolor": _TEXT, "elinewidth": 1, "capsize": 3})
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlabel("tCO2e")
    ax.xaxis.set_major_formatter(_axis_formatter(lang))
    right = max((posts[k] + h for k, h in zip(keys, highs, strict=True)), default=1.0)
    for yi, k, h in zip(y, keys, highs, strict=True):
        ax.text(posts[k] + h + right * 0.01, yi, format_tonnes(posts[k], lang, unit=False),
                va="center", fontsize=9, color=_TEXT)
    ax.set_xlim(0, right * 1.12 or 1.0)
    _style(ax)
    return _svg(fig, "posts")


def scopes_chart(result: BilanResult, lang: str = "fr") -> str:
    """Bars by GHG Protocol scope, scope 2 shown with both methods (market-based hatched)."""
    figure_class = require_matplotlib()
    scopes = result.tonnes_by("scope")
    keys = list(scopes)
    fig = figure_class(figsize=(9.0, 2.9))
    ax = fig.add_subplot()
    y = list(range(len(keys)))
    bars = ax.barh(y, [scopes[k] for k in keys], height=0.6,
                   color=[_SCOPE_COLOURS[k] for k in keys], edgecolor=_TEXT, linewidth=0.5)
    bars[keys.index("2-market")].set_hatch("//")
    ax.set_yticks(y, [label("scope", k, lang) for k in keys])
    ax.invert_yaxis()
    ax.set_xlabel("tCO2e")
    ax.xaxis.set_major_formatter(_axis_formatter(lang))
    right = max(scopes.values(), default=0.0) or 1.0
    for yi, k in zip(y, keys, strict=True):
        ax.text(scopes[k] + right * 0.01, yi, format_tonnes(scopes[k], lang, unit=False),
                va="center", fontsize=9, color=_TEXT)
    ax.set_xlim(0, right * 1.12)
    _style(ax)
    return _svg(fig, "scopes")


def history_chart(results: Sequence[BilanResult], lang: str = "fr") -> str:
    """Stacked bars of the total by BEGES v5 category, one bar per year, as SVG."""
    figure_class = require_matplotlib()
    ordered = sorted(results, key=lambda r: r.year)
    years = [str(r.year) for r in ordered]
    by_cat = [r.tonnes_by("beges_category") for r in ordered]
    fig = figure_class(figsize=(9.0, 3.6))
    ax = fig.add_subplot()
    bottom = [0.0] * len(ordered)
    for cat in BEGES_CATEGORIES:
        values = [c.get(cat, 0.0) for c in by_cat]
        if not any(values):
            continue
        ax.bar(years, values, bottom=bottom, width=0.6, color=_CATEGORY_COLOURS[cat],
               label=_wrap(f"{cat}. {label('beges_category', cat, lang)}", 50))
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    top = max(bottom, default=0.0) or 1.0
    for x, total in zip(years, bottom, strict=True):
        ax.text(x, total + top * 0.02, format_tonnes(total, lang, unit=False), ha="center",
                fontsize=9, color=_TEXT)
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel("tCO2e")
    ax.yaxis.set_major_formatter(_axis_formatter(lang))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              title=text("category", lang), title_fontsize=8)
    _style(ax)
    return _svg(fig, "history")


def trajectory_chart(points: Sequence[TrajectoryPoint], lang: str = "fr") -> str:
    """The target line and the actual totals with their 95 % bars, as SVG (sized for A4)."""
    figure_class = require_matplotlib()
    fig = figure_class(figsize=(7.5, 3.2))
    ax = fig.add_subplot()
    ax.plot([p.year for p in points], [p.target for p in points], color="#0072B2", label=text("target", lang))
    known = [p for p in points if p.actual is not None]
    if known:
        actual = [p.actual or 0.0 for p in known]
        low = [max(0.0, a - (p.low if p.low is not None else a)) for a, p in zip(actual, known, strict=True)]
        high = [max(0.0, (p.high if p.high is not None else a) - a) for a, p in zip(actual, known, strict=True)]
        ax.errorbar([p.year for p in known], actual, yerr=[low, high], fmt="o", color="#D55E00", capsize=3,
                    label=text("actual", lang))
    ax.set_ylim(bottom=0)
    ax.set_ylabel("tCO2e")
    ax.yaxis.set_major_formatter(_axis_formatter(lang))
    ax.legend(fontsize=8, frameon=False)
    _style(ax)
    return _svg(fig, "trajectory")
