"""A result in a notebook: its lines as a pandas DataFrame, and the HTML report's summary card.

pandas is the optional ``dataframe`` extra: it is imported when a DataFrame is asked for, and
a missing pandas raises :class:`~coopcarbon.errors.MissingDependencyError` naming the extra.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import numpy as np

from ..activities import EmissionLine
from ..errors import MissingDependencyError
from ..result import BilanResult
from ..units import pretty_units_of
from . import html as html_report

__all__ = ["DATAFRAME_COLUMNS", "result_to_dataframe", "summary_card"]

#: Columns of :func:`result_to_dataframe`, in order.
DATAFRAME_COLUMNS: tuple[str, ...] = (
    "label", "domain", "group", "site", "quantity", "quantity_unit", "factor_id", "factor_value",
    "factor_unit", "source", "source_id", "factor_year", "scope", "scope_key", "ghg_category",
    "beges_post", "co2e_kg", "in_total", "uncertainty", "low_kg", "high_kg", "data_quality", "note",
)


#: How each column other than the emissions is read from a line.
_TEXT_COLUMNS: dict[str, Callable[[EmissionLine], Any]] = {
    "label": lambda line: line.activity.label,
    "domain": lambda line: line.activity.domain,
    "group": lambda line: line.activity.group,
    "site": lambda line: line.activity.site,
    "quantity": lambda line: float(line.activity.quantity.magnitude),
    "quantity_unit": lambda line: pretty_units_of(line.activity.quantity),
    "factor_id": lambda line: line.factor.id,
    "factor_value": lambda line: line.factor.magnitude,
    "factor_unit": lambda line: line.factor.unit,
    "source": lambda line: line.factor.source,
    "source_id": lambda line: line.factor.source_id,
    "factor_year": lambda line: line.factor.year,
    "scope": lambda line: line.scope,
    "scope_key": lambda line: line.scope_key,
    "ghg_category": lambda line: line.ghg_category,
    "beges_post": lambda line: line.beges_post,
    "in_total": lambda line: line.in_main_total,
    "data_quality": lambda line: line.activity.data_quality.value,
    "note": lambda line: line.activity.note,
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError("pandas", "dataframe", "a DataFrame of the result") from None
    return pandas


def result_to_dataframe(result: BilanResult) -> Any:
    """One row per emission line of ``result`` (see :meth:`BilanResult.to_dataframe`).

    ``low_kg`` and ``high_kg`` are ``co2e_kg × (1 ∓ uncertainty)``, the line's own 95 % interval
    (factor and activity uncertainties combined); ``ghg_category`` is a nullable integer.
    """
    pd = _pandas()
    lines = result.lines
    kg = np.fromiter((line.kg for line in lines), dtype=np.float64, count=len(lines))
    uncertainty = np.fromiter((line.uncertainty for line in lines), dtype=np.float64, count=len(lines))
    columns: dict[str, Any] = {name: [get(line) for line in lines] for name, get in _TEXT_COLUMNS.items()}
    columns.update(co2e_kg=kg, uncertainty=uncertainty, low_kg=kg * (1 - uncertainty), high_kg=kg * (1 + uncertainty),
                   ghg_category=pd.array(columns["ghg_category"], dtype="Int64"))
    frame = pd.DataFrame(columns, columns=list(DATAFRAME_COLUMNS))
    frame.attrs.update(organisation=result.organisation, year=result.year, headcount=result.headcount)
    return frame


def _card_css() -> str:
    """The card rules of the HTML report's style sheet, scoped to the summary."""
    rules = [line for line in html_report.PAGE_CSS.splitlines() if line.startswith((".card", ".cards"))]
    return "\n".join(f".coopcarbon {rule}" for rule in rules)


def summary_card(result: BilanResult, lang: str = "en") -> str:
    """The summary cards of the HTML report (total, interval, per employee...), as an HTML fragment."""
    title = escape(f"{result.organisation} – {result.year}")
    return (f'<div class="coopcarbon"><style>{_card_css()}</style><strong>{title}</strong>'
            f"{html_report.summary_cards(result, lang)}</div>")
