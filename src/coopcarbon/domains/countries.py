"""Countries by ISO 3166 code or English or French name, for the electricity grid of each site.

Any of the 249 ISO 3166-1 countries is known (:mod:`coopcarbon.domains.iso3166`, with English
and French short names); the European Union as a whole is accepted as ``"EU"``, ``"EU27"``,
``"EU-27"`` or ``"UE"`` (codes ``("EU", "EEE")``, the key of its grid factor in the tables).
A country without factors is not refused here: :mod:`coopcarbon.domains.grids` falls back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from ._checks import argument_error, suggest
from .iso3166 import ISO_COUNTRIES

__all__ = ["country_code"]

#: ISO 3166 alpha-2 → (alpha-3, English name, French name) of the countries the tables cover.
_COUNTRIES: Mapping[str, tuple[str, str, str]] = MappingProxyType({
    "AT": ("AUT", "Austria", "Autriche"), "BE": ("BEL", "Belgium", "Belgique"),
    "BG": ("BGR", "Bulgaria", "Bulgarie"), "CA": ("CAN", "Canada", "Canada"),
    "CH": ("CHE", "Switzerland", "Suisse"), "CN": ("CHN", "China", "Chine"),
    "CY": ("CYP", "Cyprus", "Chypre"), "CZ": ("CZE", "Czechia", "Tchéquie"),
    "DE": ("DEU", "Germany", "Allemagne"), "DK": ("DNK", "Denmark", "Danemark"),
    "EE": ("EST", "Estonia", "Estonie"), "ES": ("ESP", "Spain", "Espagne"),
    "FI": ("FIN", "Finland", "Finlande"), "FR": ("FRA", "France", "France"),
    "GB": ("GBR", "United Kingdom", "Royaume-Uni"), "GR": ("GRC", "Greece", "Grèce"),
    "HR": ("HRV", "Croatia", "Croatie"), "HU": ("HUN", "Hungary", "Hongrie"),
    "IE": ("IRL", "Ireland", "Irlande"), "IN": ("IND", "India", "Inde"),
    "IT": ("ITA", "Italy", "Italie"), "LT": ("LTU", "Lithuania", "Lituanie"),
    "LU": ("LUX", "Luxembourg", "Luxembourg"), "LV": ("LVA", "Latvia", "Lettonie"),
    "MA": ("MAR", "Morocco", "Maroc"), "MT": ("MLT", "Malta", "Malte"),
    "NL": ("NLD", "Netherlands", "Pays-Bas"), "NO": ("NOR", "Norway", "Norvège"),
    "PL": ("POL", "Poland", "Pologne"), "PT": ("PRT", "Portugal", "Portugal"),
    "RO": ("ROU", "Romania", "Roumanie"), "SE": ("SWE", "Sweden", "Suède"),
    "SI": ("SVN", "Slovenia", "Slovénie"), "SK": ("SVK", "Slovakia", "Slovaquie"),
    "TN": ("TUN", "Tunisia", "Tunisie"), "US": ("USA", "United States", "États-Unis"),
})
_EXTRA_NAMES: Mapping[str, str] = MappingProxyType({
    "UK": "GB", "UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND": "GB",
    "GREAT BRITAIN": "GB", "ENGLAND": "GB", "USA": "US", "UNITED STATES OF AMERICA": "US",
    "CZECH REPUBLIC": "CZ", "HOLLAND": "NL", "THE NETHERLANDS": "NL", "EL": "GR",
})
#: Regions accepted where a country is expected: spelling → (code, key of its factors).
_REGIONS: Mapping[str, tuple[str, str]] = MappingProxyType({
    name: ("EU", "EEE") for name in ("EU", "EU27", "EU-27", "EU 27", "UE", "UE27", "UE-27", "EEE",
                                     "EUROPEAN UNION", "UNION EUROPEENNE")})


def country_code(country: str) -> tuple[str, str]:
    """ISO 3166 alpha-2 and alpha-3 codes of a country given by code or name.

    Parameters
    ----------
    country
        ``"FR"``, ``"FRA"``, ``"France"`` or ``"Allemagne"`` (case and accents ignored for
        names in the mapping).

    Returns
    -------
    tuple of str
        ``(alpha2, alpha3)``, upper case, e.g. ``("DE", "DEU")``.

    Raises
    ------
    InputError
        When the text is neither an ISO 3166-1 country nor a known region; lists the nearest names.
    """
    if not isinstance(country, str) or not country.strip():
        raise argument_error("country", f"{country!r} is not a country", "an ISO code such as 'FR'")
    text = _fold(country)
    text = _EXTRA_NAMES.get(text, text)
    if text in _REGIONS:
        return _REGIONS[text]
    for table in (_COUNTRIES, ISO_COUNTRIES):
        if text in table:
            return text, table[text][0]
        for alpha2, (alpha3, english, french) in table.items():
            if text in (alpha3, _fold(english), _fold(french)):
                return alpha2, alpha3
    names = [*ISO_COUNTRIES, *(v[0] for v in ISO_COUNTRIES.values()),
             *(v[1] for v in ISO_COUNTRIES.values()), *(v[2] for v in ISO_COUNTRIES.values())]
    raise argument_error("country", f"unknown country {country!r}",
                         "an ISO 3166 alpha-2 or alpha-3 code ('DE', 'DEU') or an English or French name",
                         suggest(country.strip(), names))


def _fold(text: str) -> str:
    """Upper case without accents: ``"Allemagne "`` → ``"ALLEMAGNE"``."""
    decomposed = unicodedata.normalize("NFKD", text.strip().upper())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
