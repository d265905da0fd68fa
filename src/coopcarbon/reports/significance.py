"""Changes between two results: signs, precision, and whether a change exceeds the uncertainty.

Signs are written with the minus sign (U+2212) and ``+``; tonnes with the precision of
:func:`~coopcarbon.reports.labels.format_tonnes`, percentages with one decimal.
"""

from __future__ import annotations

import math

from ..result import BilanResult, Comparison
from .labels import format_number, format_percent, phrase

__all__ = ["half_width", "post_significance", "signed_percent", "signed_tonnes", "significant",
           "total_change_sentence", "total_significance"]

_T: dict[str, tuple[str, str]] = {
    "total_change": ("Écart du total : {change} ({pct}) ; incertitudes à 95 % : ±{before} en {y0}, ±{after} en "
                     "{y1} ; {verdict}.",
                     "Change of the total: {change} ({pct}); 95 % uncertainties: ±{before} in {y0}, ±{after} in "
                     "{y1}; {verdict}."),
    "is_significant": ("l'écart dépasse l'incertitude combinée des deux années : il est significatif",
                       "the change exceeds the combined uncertainty of both years: it is significant"),
    "not_significant": ("l'écart reste dans l'incertitude combinée des deux années : il n'est pas significatif",
                        "the change lies within the combined uncertainty of both years: it is not "
                        "significant"),
}


def _t(key: str, lang: str, **fields: object) -> str:
    return phrase(_T, key, lang, **fields)


def signed_tonnes(value: float, lang: str) -> str:
    """A change in tCO2e with its sign and two decimals: ``+1,20``, ``−0,35`` (minus sign U+2212).

    Examples
    --------
    >>> signed_tonnes(-0.046, "fr")
    '−0,05'
    >>> signed_tonnes(4.4, "en")
    '+4.40'
    """
    rounded = round(value, 2)
    sign = "+" if rounded > 0 else "−" if rounded < 0 else ""
    return sign + format_number(abs(rounded), lang, 2)


def signed_percent(fraction: float | None, lang: str) -> str:
    """A relative change with its sign and one decimal (``−3,0 %``); ``–`` when undefined."""
    if fraction is None or not math.isfinite(fraction):
        return "–"
    sign = "+" if fraction > 0 else "−" if fraction < 0 else ""
    return sign + format_percent(abs(fraction), lang, 1)


def significant(change_kg: float, beforehalf_width_kg: float, afterhalf_width_kg: float) -> bool:
    r"""Whether a change exceeds the combined 95 % half-width of the two years.

    Notes
    -----
    Significant when :math:`|\Delta| > \sqrt{h_0^2 + h_1^2}`, the half-widths of the two years'
    95 % intervals combined as if independent. Years that share factors have correlated errors
    that partly cancel in the difference: the test is cautious (it may call a real change not
    significant, not the reverse).

    Examples
    --------
    >>> significant(-3.0, 21.0, 20.0)
    False
    >>> significant(-50.0, 21.0, 20.0)
    True
    """
    return abs(change_kg) > math.hypot(beforehalf_width_kg, afterhalf_width_kg)


def half_width(result: BilanResult) -> float:
    """Half-width of a result's 95 % interval (Monte Carlo when computed, else analytic) [kgCO2e]."""
    interval = result.monte_carlo or result.interval
    return (interval.high - interval.low) / 2


def total_change_sentence(comparison: Comparison, lang: str) -> str:
    """The change of the total, both years' uncertainties, and whether it is significant."""
    before, after = comparison.before, comparison.after
    change = float(comparison.change.to("tCO2e").magnitude)
    verdict = total_significance(comparison)
    return _t("total_change", lang, change=signed_tonnes(change, lang) + "\u00a0tCO2e",
              pct=signed_percent(comparison.relative_change, lang),
              before=format_percent(before.interval.relative, lang, 0),
              after=format_percent(after.interval.relative, lang, 0), y0=before.year, y1=after.year,
              verdict=_t("is_significant" if verdict else "not_significant", lang))


def post_significance(comparison: Comparison) -> dict[str, bool]:
    """BEGES post → whether its change exceeds the combined uncertainty of both years."""
    before = {str(k): v for k, v in comparison.before.intervals_by("beges_post").items()}
    after = {str(k): v for k, v in comparison.after.intervals_by("beges_post").items()}
    out = {}
    for post, (_, _, change, _) in comparison.by_beges_post().items():
        h0 = (before[post].high - before[post].low) / 2 if post in before else 0.0
        h1 = (after[post].high - after[post].low) / 2 if post in after else 0.0
        out[post] = significant(change * 1000, h0, h1)
    return out


def total_significance(comparison: Comparison) -> bool:
    """Whether the change of the total exceeds the combined uncertainty of both years."""
    change = float(comparison.change.to("kgCO2e").magnitude)
    return significant(change, half_width(comparison.before), half_width(comparison.after))
