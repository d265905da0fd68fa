"""Reporting categories: GHG Protocol scopes and scope 3 categories, BEGES v5 categories and posts.

Every activity line carries a GHG Protocol scope (and, in scope 3, a category 1-15) and a BEGES
v5 post; a report can be laid out either way.

References
----------
1. WRI/WBCSD, *GHG Protocol Corporate Standard* (2004) and *Corporate Value Chain (Scope 3)
   Standard* (2011), table 5.4 (the 15 scope 3 categories).
2. WRI/WBCSD, *GHG Protocol Scope 2 Guidance* (2015): location-based and market-based methods.
3. Ministère de la Transition écologique / ADEME, *Méthode pour la réalisation des bilans
   d'émissions de gaz à effet de serre*, version 5 (2022): 6 categories of posts (table 1),
   and its correspondence with ISO 14064-1:2018 and the GHG Protocol.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "BEGES_CATEGORIES",
    "BEGES_POSTS",
    "GHG_CATEGORIES",
    "SCOPES",
    "beges_category",
    "default_beges_post",
    "label",
]

#: GHG Protocol scopes, with Scope 2 split into its two methods.
SCOPES: Final[dict[str, tuple[str, str]]] = {
    "1": ("Scope 1 – émissions directes", "Scope 1 – direct emissions"),
    "2-location": ("Scope 2 – énergie (méthode location)", "Scope 2 – energy (location-based)"),
    "2-market": ("Scope 2 – énergie (méthode marché)", "Scope 2 – energy (market-based)"),
    "3": ("Scope 3 – autres émissions indirectes", "Scope 3 – other indirect emissions"),
}

#: The 15 scope 3 categories of the GHG Protocol (French, English).
GHG_CATEGORIES: Final[dict[int, tuple[str, str]]] = {
    1: ("Achats de biens et services", "Purchased goods and services"),
    2: ("Biens d'équipement", "Capital goods"),
    3: ("Activités liées aux combustibles et à l'énergie", "Fuel- and energy-related activities"),
    4: ("Transport et distribution amont", "Upstream transportation and distribution"),
    5: ("Déchets générés par les activités", "Waste generated in operations"),
    6: ("Déplacements professionnels", "Business travel"),
    7: ("Déplacements domicile-travail", "Employee commuting"),
    8: ("Actifs loués en amont", "Upstream leased assets"),
    9: ("Transport et distribution aval", "Downstream transportation and distribution"),
    10: ("Transformation des produits vendus", "Processing of sold products"),
    11: ("Utilisation des produits vendus", "Use of sold products"),
    12: ("Fin de vie des produits vendus", "End-of-life treatment of sold products"),
    13: ("Actifs loués en aval", "Downstream leased assets"),
    14: ("Franchises", "Franchises"),
    15: ("Investissements", "Investments"),
}

#: BEGES v5 categories (French, English).
BEGES_CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "1": ("Émissions directes de GES", "Direct GHG emissions"),
    "2": ("Émissions indirectes associées à l'énergie", "Indirect emissions from imported energy"),
    "3": ("Émissions indirectes associées au transport", "Indirect emissions from transportation"),
    "4": ("Émissions indirectes associées aux produits achetés",
          "Indirect emissions from products used by the organisation"),
    "5": ("Émissions indirectes associées aux produits vendus",
          "Indirect emissions associated with the use of products from the organisation"),
    "6": ("Autres émissions indirectes", "Other indirect emissions"),
}

#: BEGES v5 posts (French, English).
BEGES_POSTS: Final[dict[str, tuple[str, str]]] = {
    "1.1": ("Émissions directes des sources fixes de combustion",
            "Direct emissions from stationary combustion"),
    "1.2": ("Émissions directes des sources mobiles de combustion",
            "Direct emissions from mobile combustion"),
    "1.3": ("Émissions directes des procédés hors énergie", "Direct process emissions"),
    "1.4": ("Émissions directes fugitives", "Direct fugitive emissions"),
    "1.5": ("Émissions issues de la biomasse (sols et forêts)",
            "Emissions from biomass (soils and forests)"),
    "2.1": ("Émissions indirectes liées à la consommation d'électricité",
            "Indirect emissions from imported electricity"),
    "2.2": ("Émissions indirectes liées à la consommation d'énergie autre que l'électricité",
            "Indirect emissions from imported energy other than electricity"),
    "3.1": ("Transport de marchandise amont", "Upstream freight transport"),
    "3.2": ("Transport de marchandise aval", "Downstream freight transport"),
    "3.3": ("Déplacements domicile-travail", "Employee commuting"),
    "3.4": ("Transport des visiteurs et des clients", "Visitor and customer transport"),
    "3.5": ("Déplacements professionnels", "Business travel"),
    "4.1": ("Achats de biens", "Purchased goods"),
    "4.2": ("Immobilisations de biens", "Capital goods"),
    "4.3": ("Gestion des déchets", "Waste disposal"),
    "4.4": ("Actifs en leasing amont", "Upstream leased assets"),
    "4.5": ("Achats de services", "Purchased services"),
    "5.1": ("Utilisation des produits vendus", "Use of sold products"),
    "5.2": ("Actifs en leasing aval", "Downstream leased assets"),
    "5.3": ("Fin de vie des produits vendus", "End of life of sold products"),
    "5.4": ("Investissements", "Investments"),
    "6.1": ("Autres émissions indirectes", "Other indirect emissions"),
}

#: Default BEGES v5 post of each GHG Protocol scope 3 category (BEGES v5 correspondence table).
_GHG_TO_BEGES: Final[dict[int, str]] = {
    1: "4.1", 2: "4.2", 3: "6.1", 4: "3.1", 5: "4.3", 6: "3.5", 7: "3.3", 8: "4.4",
    9: "3.2", 10: "5.1", 11: "5.1", 12: "5.3", 13: "5.2", 14: "5.4", 15: "5.4",
}


def default_beges_post(scope: int, ghg_category: int | None, *, mobile: bool = False) -> str:
    """The BEGES v5 post a GHG Protocol scope/category falls in by default."""
    if scope == 1:
        return "1.2" if mobile else "1.1"
    if scope == 2:
        return "2.1"
    if ghg_category is None:
        return "6.1"
    return _GHG_TO_BEGES[ghg_category]


def beges_category(post: str) -> str:
    """The BEGES v5 category ("1" to "6") of a post ("3.3")."""
    return post.split(".", 1)[0]


def label(kind: str, key: object, lang: str = "en") -> str:
    """Label of a scope, GHG category, BEGES category or post in French or English."""
    tables: dict[str, Mapping[Any, tuple[str, str]]] = {
        "scope": SCOPES, "ghg_category": GHG_CATEGORIES,
        "beges_category": BEGES_CATEGORIES, "beges_post": BEGES_POSTS,
    }
    names = tables[kind].get(key)
    if names is None:
        return str(key)
    return names[0] if lang == "fr" else names[1]
