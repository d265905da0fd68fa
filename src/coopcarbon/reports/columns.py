"""Column headers of the tabular reports (French CSV, Excel workbook), in French and English.

The English names are the keys of :data:`coopcarbon.reports.data.CSV_COLUMNS` (what scripts
read); the French ones are what a person reads in a spreadsheet, units in brackets.

Examples
--------
>>> header("co2e_kg", "fr"), header("co2e_kg", "en")
('Émissions [kgCO2e]', 'co2e_kg')
"""

from __future__ import annotations

from typing import Final

__all__ = ["COLUMNS_FR", "FRENCH_WORDS", "header"]

#: Column key → French header.
COLUMNS_FR: Final[dict[str, str]] = {
    "label": "Libellé",
    "domain": "Domaine",
    "group": "Groupe",
    "site": "Site",
    "quantity": "Quantité",
    "quantity_unit": "Unité",
    "factor_id": "Identifiant du facteur",
    "factor_value": "Valeur du facteur",
    "factor_unit": "Unité du facteur",
    "source": "Source",
    "source_id": "Identifiant à la source",
    "factor_year": "Année du facteur",
    "license": "Licence",
    "scope": "Scope",
    "scope_key": "Scope (détail)",
    "scope2_method": "Méthode scope 2",
    "ghg_category": "Catégorie GHG Protocol",
    "beges_post": "Poste BEGES",
    "co2e_kg": "Émissions [kgCO2e]",
    "in_total": "Dans le total",
    "uncertainty": "Incertitude (±, 95 %)",
    "low_kg": "Bas de l'intervalle 95 % [kgCO2e]",
    "high_kg": "Haut de l'intervalle 95 % [kgCO2e]",
    "data_quality": "Qualité de la donnée",
    "note": "Note",
}

#: Words of coded cells, in French (data quality, booleans).
FRENCH_WORDS: Final[dict[object, str]] = {
    "measured": "mesuré", "estimated": "estimé", "extrapolated": "extrapolé",
    "location": "localisation", "market": "marché", True: "oui", False: "non",
}


def header(key: str, lang: str) -> str:
    """The header of column ``key`` in ``lang`` (``"fr"``: :data:`COLUMNS_FR`, else the key)."""
    return COLUMNS_FR.get(key, key) if lang == "fr" else key
