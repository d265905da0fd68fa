"""A result in a notebook: its lines as a pandas DataFrame, and the HTML report's summary card.

pandas is the optional ``dataframe`` extra: it is imported when a DataFrame is asked for, and
a missing pandas raises :class:`~coopcarbon.errors.MissingDependencyError` naming the extra.
"""

from __future__ import annotations

from html import escape
from typing import Any

import numpy as np

from ..errors import MissingDependencyError
from ..result import BilanResult
from . import html as html_report

__all__ = ["DATAFRAME_COLUMNS", "result_to_dataframe", "summary_card"]

#: Columns of :func:`result_to_dataframe`, in order.
DATAFRAME_COLUMNS: tuple[str, ...] = (
    "label", "domain", "group", "site", "quantity", "quantity_unit", "factor_id", "factor_value",
    "factor_unit", "source", "source_id", "factor_year", "scope", "scope_key", "ghg_category",
    "beges_post", "co2e_kg", "in_total", "uncertainty", "low_kg", "high_kg", "data_quality", "note",
)


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
    columns: dict[str, Any] = {
        "label": [line.activity.label for line in lines],
        "domain": [line.activity.domain for line in lines],
        "group": [line.activity.group for line in lines],
        "site": [line.activity.site for line in lines],
        "quantity": [float(line.activity.quantity.magnitude) for line in lines],
        "quantity_unit": [f"{line.activity.quantity.units:~P}" for line in lines],
        "factor_id": [line.factor.id for line in lines],
        "factor_value": [line.factor.magnitude for line in lines],
        "factor_unit": [line.factor.unit for line in lines],
        "source": [line.factor.source for line in lines],
        "source_id": [line.factor.source_id for line in lines],
        "factor_year": [line.factor.year for line in lines],
        "scope": [line.scope for line in lines],
        "scope_key": [line.scope_key for line in lines],
        "ghg_category": pd.array([line.ghg_category for line in lines], dtype="Int64"),
        "beges_post": [line.beges_post for line in lines],
        "co2e_kg": kg,
        "in_total": [line.in_main_total for line in lines],
        "uncertainty": uncertainty,
        "low_kg": kg * (1 - uncertainty),
        "high_kg": kg * (1 + uncertainty),
        "data_quality": [line.activity.data_quality.value for line in lines],
        "note": [line.activity.note for line in lines],
    }
    frame = pd.DataFrame(columns, columns=list(DATAFRAME_COLUMNS))
    frame.attrs.update(organisation=result.organisation, year=result.year, headcount=result.headcount)
    return frame


def _card_css() -> str:
    """The card rules of the HTML report's style sheet, scoped to the summary."""
    rules = [line for line in html_report._CSS.splitlines() if line.startswith((".card", ".cards"))]
    return "\n".join(f".coopcarbon {rule}" for rule in rules)


def summary_card(result: BilanResult, lang: str = "en") -> str:
    """The summary cards of the HTML report (total, interval, per employee...), as an HTML fragment."""
    title = escape(f"{result.organisation} – {result.year}")
    return (f'<div class="coopcarbon"><style>{_card_css()}</style><strong>{title}</strong>'
            f"{html_report._summary(result, lang)}</div>")
