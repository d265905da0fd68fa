"""The columns of ADEME's export and what their cells become in a factor of ours.

Every function here reads the text of cells as the CSV gives them (not stripped: surrounding
spaces are ignored) and is called once per distinct text or combination of texts
(:mod:`coopcarbon.factors.ademe_columns` keeps the results). The mapping: :data:`UNITS`
(denominators) and :data:`NUMERATORS`, :data:`CATEGORY_DEFAULTS` (scope, GHG category, BEGES post
by category), the regions, gas columns, quality ratings, names, dates and notes below (see
:mod:`coopcarbon.factors.ademe` for what each column becomes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..io.numbers import parse_number
from ..pedigree import PedigreeScores

__all__ = ["CATEGORY_DEFAULTS", "ELEMENT_COLUMNS", "NUMERATORS", "POST_COLUMNS", "REQUIRED", "UNITS", "ademe_unit"]

#: Columns that identify an ADEME export (names as the CSV readers give them: lower case).
REQUIRED = ("type ligne", "identifiant de l'élément", "statut de l'élément", "nom base français",
            "unité français", "total poste non décomposé")

#: Denominators of ADEME's units (lower case, spaces removed) → (our unit, heating-value basis).
UNITS: Mapping[str, tuple[str, str | None]] = {
    **dict.fromkeys(("unité", "unite", "unit", "appareil", "device", "équipement"), ("device", None)),
    **dict.fromkeys(("peq.km", "passager.km", "passagers.km", "p.km", "pkm", "passenger.km",
                     "voyageur.km", "voy.km"), ("passenger_km", None)),
    **dict.fromkeys(("km", "véhicule.km", "vehicule.km", "véh.km", "veh.km", "vkm"), ("vehicle_km", None)),
    **dict.fromkeys(("t.km", "tonne.km", "tkm", "t.kmparcouru"), ("tonne_km", None)),
    "kwh": ("kWh", None), "kwhpci": ("kWh", "PCI"), "kwhpcs": ("kWh", "PCS"),
    "mwh": ("MWh", None), "mwhpci": ("MWh", "PCI"), "mwhpcs": ("MWh", "PCS"),
    "gj": ("GJ", None), "gjpci": ("GJ", "PCI"), "gjpcs": ("GJ", "PCS"), "mj": ("MJ", None),
    **dict.fromkeys(("litre", "litres", "l", "liter"), ("liter", None)),
    **dict.fromkeys(("m3", "m³"), ("m3", None)), **dict.fromkeys(("m2", "m²"), ("m2", None)),
    **dict.fromkeys(("kg", "kgdedéchets", "kgdedechets", "kgdematière"), ("kg", None)),
    **dict.fromkeys(("tonne", "tonnes", "t", "ton", "tonnededéchets", "tonnededechets",
                     "tondewaste", "tonofwaste", "tonnedematière"), ("tonne", None)),
    **dict.fromkeys(("keuro", "k€", "keur", "keurosht", "keuroht", "k€ht", "keuro(ht)"), ("kEUR", None)),
    **dict.fromkeys(("euro", "€", "eur", "€ht", "euroht"), ("EUR", None)),
    **dict.fromkeys(("repas", "meal"), ("meal", None)),
    **dict.fromkeys(("nuitée", "nuitee", "nuit", "night"), ("night", None)),
    **dict.fromkeys(("personne", "pers", "person"), ("person", None)),
    **dict.fromkeys(("heure", "h", "hour"), ("hour", None)),
    **dict.fromkeys(("go", "gb"), ("GB", None)),
}

#: Numerators of ADEME's units (lower case, spaces removed) → ours.
NUMERATORS = {"kgco2e": "kgCO2e", "kgco2eq": "kgCO2e", "kgéq.co2": "kgCO2e", "kgeqco2": "kgCO2e",
              "tco2e": "tCO2e", "gco2e": "gCO2e"}

#: First level of ``Code de la catégorie`` → default (scope, GHG Protocol category, BEGES post).
CATEGORY_DEFAULTS: Mapping[str, tuple[int, int | None, str]] = {
    "combustibles": (1, None, "1.1"),
    "process et émissions fugitives": (1, None, "1.4"),
    "electricité": (2, None, "2.1"),
    "électricité": (2, None, "2.1"),
    "réseaux de chaleur / froid": (2, None, "2.2"),
    "transport de personnes": (3, 6, "3.5"),
    "transport de marchandises": (3, 4, "3.1"),
    "achats de biens": (3, 1, "4.1"),
    "achats de services": (3, 1, "4.5"),
    "traitement des déchets": (3, 5, "4.3"),
}
_OTHER = (3, 1, "6.1")
_REGIONS = {"france continentale": "FR", "france": "FR", "monde": "World", "europe": "Europe"}
#: (column, gas name) of the gas columns of a row.
GASES = (("co2f", "CO2f"), ("ch4f", "CH4f"), ("ch4b", "CH4b"), ("n2o", "N2O"), ("autres ges", "other"),
         ("co2b", "CO2b"))
#: (code column, value column) of the five "other gas" pairs.
EXTRA_GASES = tuple((f"code gaz supplémentaire {i}", f"valeur gaz supplémentaire {i}") for i in range(1, 6))
GAS_COLUMNS = (*(column for column, _ in GASES), *(column for pair in EXTRA_GASES for column in pair))
#: (field of the quality scores, column) of ADEME's ratings.
QUALITY = (("reliability", "qualité p"), ("completeness", "qualité c"), ("temporal", "qualité tir"),
           ("geographic", "qualité gr"), ("technological", "qualité ter"))
#: The columns joined into the French and the English name.
NAMES = (("nom base français", "nom attribut français", "nom frontière français"),
         ("nom base anglais", "nom attribut anglais", "nom frontière anglais"))
#: The columns of an ``Elément`` row that are read (the export has about 70: Spanish names, tags,
#: programmes are not read), and those of a ``Poste`` row.
ELEMENT_COLUMNS = (*REQUIRED, "type de l'élément", *NAMES[0][1:], *NAMES[1], "code de la catégorie", "source",
                   "localisation géographique", "date de création", "date de modification", "période de validité",
                   "incertitude", *(column for _, column in QUALITY), "commentaire français", *GAS_COLUMNS)
POST_COLUMNS = ("identifiant de l'élément", "type poste", "nom poste français", "nom poste anglais",
                "total poste non décomposé", *GAS_COLUMNS)
ELEMENT_ROWS = frozenset(("elément", "élément", "element"))
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"[a-zéû.]+[- ](\d\d)$")
ID_PART = re.compile(r"[a-z0-9][a-z0-9_]*")  # one part of a dotted factor id (schema.FACTOR_ID_PATTERN)
GAS_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.,()-]{0,39}")  # the schema's gas names
EXPECTED_NUMBER = "a number such as 0.0317 or 5,92E-3"
UNCERTAINTY_SOURCE = "ADEME Base Empreinte export, column 'Incertitude' (read as a relative 95 % half-width)"


def ademe_unit(text: str) -> tuple[str, str | None] | None:
    """ADEME's unit text → (our unit, basis), or ``None`` when it has no mapping.

    Examples
    --------
    >>> ademe_unit("kgCO2e/kWh PCI"), ademe_unit("kgCO2e/peq.km"), ademe_unit("kgCO2e/ml")
    (('kgCO2e/kWh', 'PCI'), ('kgCO2e/passenger_km', None), None)
    """
    numerator, slash, denominator = text.partition("/")
    ours = NUMERATORS.get("".join(numerator.split()).lower())
    mapped = UNITS.get("".join(denominator.split()).lower()) if slash else None
    if ours is None or mapped is None:
        return None
    return f"{ours}/{mapped[0]}", mapped[1]


def join_names(base: str, attribute: str, boundary: str) -> str:
    """A factor's name: ``Nom base``, ``Nom attribut`` and ``Nom frontière`` joined by `` - ``."""
    if not attribute and not boundary and base == base.strip():  # most elements: the base name alone
        return base
    return " - ".join(filter(None, (base.strip(), attribute.strip(), boundary.strip())))


def _one_line(text: str) -> str:
    return " ".join(text.replace('"', "").split())


def source_suffix(text: str) -> str:
    """What a factor's source says after "element 27025": the export's ``Source`` in parentheses."""
    return f" ({_one_line(text)})" if text.strip() else ""


def category(code: str) -> tuple[int, int | None, str]:
    """(scope, GHG Protocol category, BEGES post) of a ``Code de la catégorie``."""
    return CATEGORY_DEFAULTS.get(code.split(">")[0].strip().lower(), _OTHER)


def region(location: str) -> str:
    """Our region of a ``Localisation géographique`` (``France continentale`` → ``FR``)."""
    location = location.strip()
    return _REGIONS.get(location.lower(), location or "FR")


#: What :func:`quality` gives when a rating is not a number.
NOT_NUMBERS: tuple[int, ...] = ()


def quality(*ratings: str) -> PedigreeScores | tuple[int, ...] | None:
    """ADEME's PEF-style ratings P, C, TiR, GR, TeR (1 = excellent ... 5 = very poor), when all are given.

    ``None`` when one is missing or not a whole number from 1 to 5; :data:`NOT_NUMBERS` when one
    is not a number.
    """
    try:
        scores = [parse_number(r) for r in map(str.strip, ratings) if r]
    except ValueError:
        return NOT_NUMBERS
    if len(scores) == len(ratings) and all(1 <= q <= 5 and q == int(q) for q in scores):
        return PedigreeScores(*(int(q) for q in scores))
    return None


def notes(status: str, comment: str, validity: str) -> str:
    """A factor's notes: the element's status, ADEME's comment and the validity period."""
    validity = validity.strip()
    parts = [status.strip(), _one_line(comment), f"Période de validité: {validity}" if validity else ""]
    return " ".join(f"{n}." for n in parts if n)


def dates(validity: str, created: str, modified: str) -> tuple[int, int | None]:
    """``year`` and ``valid_to`` of an element (``valid_to`` ``None`` when there is none).

    ``year`` is the data year when the validity says ``Année 2022``, else the year of creation
    (or modification); ``valid_to`` any other year in the validity, when it is not before
    ``year`` (so it is within the schema's bounds whenever ``year`` is: the years read are 19xx
    or 20xx). ``year`` is 0 when no cell gives one.
    """
    year = _data_year(validity) or _year(created) or _year(modified)
    valid_to = _valid_to(validity)
    return year, valid_to if valid_to is not None and valid_to >= year else None


def _year(text: str) -> int:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else 0


def _data_year(validity: str) -> int:
    """The data year ADEME writes as ``Année 2022`` in ``Période de validité`` (else 0)."""
    return _year(validity) if validity.strip().lower().startswith("année") else 0


def _valid_to(text: str) -> int | None:
    """The year in ADEME's ``Période de validité`` (``déc-18``, ``31-mars-21``, ``2026``...)."""
    text = text.strip().lower()
    if text.startswith("année"):  # "Année 2022": the data year, not an end of validity
        return None
    found = _YEAR.search(text)
    if found:
        return int(found.group(1))
    short = _SHORT_YEAR.search(text)
    return 2000 + int(short.group(1)) if short else None
