"""French for what the domains generate in English: line labels, unit names and line notes.

The domain helpers write labels and notes in English (``"Heating — natural_gas"``,
``"8 × laptop (bought 2020, kept 5 y)"``); a French report shows them in French. Labels that
name a key (a fuel, a mode, a device) take the factor's French name, so a new factor needs no
new translation. Units that name a count are written in French (``passager·km``, ``appareil``).
A label the user wrote stays as written. Nothing here changes a figure.

Examples
--------
>>> unit_name("passenger_km", "fr")
'passager·km'
>>> unit_name("kgCO2e/vehicle_km", "fr")
'kgCO2e/véhicule·km'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..activities import EmissionLine

__all__ = ["line_label", "line_note", "unit_name"]

#: Unit names in French (whole words of a unit string; the others are symbols: kWh, kgCO2e...).
_UNITS_FR: dict[str, str] = {
    "passenger_km": "passager·km", "vehicle_km": "véhicule·km", "tonne_km": "tonne·km",
    "device": "appareil", "meal": "repas", "night": "nuitée", "item": "article",
    "person": "personne", "year": "an", "day": "jour", "hour": "heure", "liter": "L", "l": "L",
}
_UNITS_EN: dict[str, str] = {"passenger_km": "passenger·km", "vehicle_km": "vehicle·km", "tonne_km": "tonne·km",
                             "liter": "L", "l": "L"}
_UNIT_WORD = re.compile(r"[A-Za-z_]+")


@cache
def unit_name(unit: str, lang: str) -> str:
    """A unit string as a report in ``lang`` writes it (``passenger_km`` → ``passager·km``)."""
    names = _UNITS_FR if lang == "fr" else _UNITS_EN
    return _UNIT_WORD.sub(lambda m: names.get(m.group(), m.group()), unit)


def _haul(band: str) -> str:
    return {"short": "court", "medium": "moyen", "long": "long"}.get(band, band) + "-courrier"


def _market(rest: str) -> str:
    """The contract part of a market-based electricity label, in French."""
    return (rest.replace("(residual mix)", "(mix résiduel)").replace("declared factor", "facteur déclaré")
            .replace("guarantees of origin", "garanties d'origine"))


_Maker = Callable[[re.Match[str], str], str]

#: Generated English labels (see the domain helpers) → French; ``name`` is the factor's French name.
_LABELS: tuple[tuple[re.Pattern[str], _Maker], ...] = (
    (re.compile(r"Commute — \S+"), lambda m, name: f"Domicile-travail — {name}"),
    (re.compile(r"Heating \(estimate\) — \S+"), lambda m, name: f"Chauffage (estimation) — {name}"),
    (re.compile(r"Heating — \S+"), lambda m, name: f"Chauffage — {name}"),
    (re.compile(r"Fleet fuel — \S+"), lambda m, name: f"Carburant de la flotte — {name}"),
    (re.compile(r"Fleet — \S+"), lambda m, name: f"Flotte — {name}"),
    (re.compile(r"Refrigerant leak — (\S+)"), lambda m, name: f"Fuite de fluide frigorigène — {m[1]}"),
    (re.compile(r"Telework — extra home energy"),
     lambda m, name: "Télétravail — énergie supplémentaire au domicile"),
    (re.compile(r"Building construction \((\d+)\)"), lambda m, name: f"Construction du bâtiment ({m[1]})"),
    (re.compile(r"Building renovation \((\d+)\)"), lambda m, name: f"Rénovation du bâtiment ({m[1]})"),
    (re.compile(r"(\d+) × (refurbished )?\S+?( [\d.]+ in)? \(bought (\d+), kept ([\d.]+) y(, .+)?\)"),
     lambda m, name: (f"{m[1]} × {name}{' reconditionné(s)' if m[2] else ''}"
                      f"{(' ' + m[3].strip().replace(' in', ' pouces').replace('.', ',')) if m[3] else ''}"
                      f" (achat {m[4]}, gardé(s) {m[5].replace('.', ',')} ans{m[6] or ''})")),
    (re.compile(r"Electricity (\S+) (\d+)( \(.+?\))?, location-based"),
     lambda m, name: f"Électricité {m[1]} {m[2]}{m[3] or ''}, méthode location"),
    (re.compile(r"Electricity (\S+) (\d+)( \(.+?\))?, market-based(.*)"),
     lambda m, name: f"Électricité {m[1]} {m[2]}{m[3] or ''}, méthode marché{_market(m[4])}"),
    (re.compile(r"Rooftop solar panels( \(.+\))?, per kWh produced"),
     lambda m, name: f"Panneaux solaires en toiture{m[1] or ''}, par kWh produit"),
    (re.compile(r"flight ([\d\s.,\u202f]+) km \((short|medium|long)-haul\)( round trip)?( \(without contrails\))?"),
     lambda m, name: (f"vol {m[1].replace('.', ',')} km ({_haul(m[2])}){' aller-retour' if m[3] else ''}"
                      f"{' (sans traînées)' if m[4] else ''}")),
    (re.compile(r"car \(.+\) ([\d\s.,\u202f]+) km( round trip)?"),
     lambda m, name: f"{name} {m[1].replace('.', ',')} km{' aller-retour' if m[2] else ''}"),
    (re.compile(r"\S+ ([\d\s.,\u202f]+) km( round trip)?( × (\S+) travellers)?"),
     lambda m, name: (f"{name} {m[1].replace('.', ',')} km{' aller-retour' if m[2] else ''}"
                      f"{f' × {m[4]} voyageurs' if m[3] else ''}")),
    (re.compile(r"(.+) — meals \(.+\)"), lambda m, name: f"{m[1]} — repas ({name})"),
    (re.compile(r"(.+) — hotel nights"), lambda m, name: f"{m[1]} — nuitées d'hôtel"),
    (re.compile(r"(.+) — travel \(.+\)"), lambda m, name: f"{m[1]} — déplacement ({name})"),
    (re.compile(r"(.+) — venue"), lambda m, name: f"{m[1]} — lieu"),
    (re.compile(r"Meals — .+"), lambda m, name: f"Repas — {name}"),
    (re.compile(r"Hotel nights"), lambda m, name: "Nuitées d'hôtel"),
    (re.compile(r"Furniture — .+"), lambda m, name: f"Mobilier — {name}"),
    (re.compile(r"Waste — .+"), lambda m, name: f"Déchets — {name}"),
    (re.compile(r"Purchases — .+"), lambda m, name: f"Achats — {name}"),
    (re.compile(r"Cloud and hosting \(spend\)"), lambda m, name: "Cloud et hébergement (dépenses)"),
    (re.compile(r"Cloud storage"), lambda m, name: "Stockage en ligne"),
    (re.compile(r"Video conferencing"), lambda m, name: "Visioconférence"),
)


#: Any generated label (one regular expression: most labels, the user's own, match none).
_ANY_LABEL = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _LABELS))


#: Parts of a split line (``coopcarbon.domains.parts``), as its label's suffix says them.
_PARTS_FR = {"combustion": "combustion", "upstream": "amont", "upstream (electricity)": "amont (électricité)",
             "manufacture": "fabrication", "use": "usage", "generation": "production",
             "grid losses": "pertes en ligne"}
#: The parts' names as a pattern, longest first (``upstream (electricity)`` before ``upstream``).
_PART_NAMES = "|".join(re.escape(part) for part in sorted(_PARTS_FR, key=len, reverse=True))
_PART_SUFFIX = re.compile(rf"(.+) — ({_PART_NAMES})")


def line_label(line: EmissionLine, lang: str) -> str:
    """The label of an emission line in ``lang`` (a generated English label made French)."""
    label = line.activity.label or line.factor.name(lang)
    if lang != "fr":
        return label
    split = _PART_SUFFIX.fullmatch(label)
    if split is not None:  # "<label> — upstream": the label, then its part
        return f"{_french_label(split.group(1), line)} — {_PARTS_FR[split.group(2)]}"
    return _french_label(label, line)


def _french_label(label: str, line: EmissionLine) -> str:
    if not _ANY_LABEL.fullmatch(label):
        return label
    name = line.factor.name("fr")
    for pattern, make in _LABELS:
        match = pattern.fullmatch(label)
        if match:
            return make(match, name)
    return label


_POST = re.compile(r"(?<=poste BEGES )(\d),(\d)")  # a post number keeps its point: "2.1"


def _number(text: str) -> str:
    return re.sub(r"(\d)\.(\d)", r"\1,\2", text)


#: Generated English notes (the common ones) → French, by parts separated by "; ".
_NOTES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"amortised linearly over (\S+) years \(Bilan Carbone / ISO 14064-1 convention\): "
                r"(\S+) of the footprint in (\d+)"),
     r"amorti linéairement sur \1 ans (convention Bilan Carbone / ISO 14064-1) : \2 de l'empreinte en \3"),
    (re.compile(r"counted in full in the purchase year .*"),
     "compté entièrement l'année d'achat (convention GHG Protocol, scope 3 catégorie 2)"),
    (re.compile(r"use phase excluded: .*"), "phase d'utilisation exclue (l'électricité des appareils est "
                                            "comptée dans les consommations du site)"),
    (re.compile(r"survey: (\S+) respondent\(s\)"), r"enquête : \1 réponse(s)"),
    (re.compile(r"2 × one-way distance × days on site × weeks a year"),
     "2 × distance aller × jours sur site × semaines par an"),
    (re.compile(r"cars per vehicle_km ÷ occupants"), "voitures par véhicule·km ÷ occupants"),
    (re.compile(r"extrapolated ×(\S+) from (\S+) of (\S+) employees"),
     r"extrapolé ×\1 à partir de \2 salariés sur \3"),
    (re.compile(r"all (\S+) employees answered"), r"les \1 salariés ont répondu"),
    (re.compile(r"(\S+) kEUR excl\. VAT spent in (\d+) × (\S+) = (\S+) kEUR of (\d+) "
                r"\(INSEE consumer price index, annual averages\)"),
     r"\1 kEUR HT dépensés en \2 × \3 = \4 kEUR de \5 (ramenés à l'année du ratio par l'indice des prix "
     r"à la consommation de l'INSEE, moyennes annuelles)"),
    (re.compile(r"(\S+) kEUR excl\. VAT spent in (\d+), not deflated: .*"),
     r"\1 kEUR HT dépensés en \2, non corrigés de l'inflation : ratio ancien sans année monétaire "
     r"(ordre de grandeur seulement)"),
    (re.compile(r"monetary ratio, estimate"), "ratio monétaire, estimation"),
    (re.compile(r"bill × share (\S+)"), r"facture × part \1"),
    (re.compile(r"from bills"), "d'après les factures"),
    (re.compile(r"energy in kWh PCS"), "énergie en kWh PCS"),
    (re.compile(r"charge (.+) × leak rate (\S+)/year"), r"charge \1 × taux de fuite \2/an"),
    (re.compile(r"(.+) refilled \(maintenance records\)"), r"\1 rechargés (registre d'entretien)"),
    (re.compile(r"GWP100 (AR\d)"), r"PRG à 100 ans \1"),
    (re.compile(r"(.+) km × (\S+) traveller\(s\)( × 2 \(round trip\))?"),
     r"\1 km × \2 voyageur(s)\3"),
    (re.compile(r"(.+) km driven"), r"\1 km parcourus"),
    (re.compile(rf"({_PART_NAMES}) part \(scope (\d)(?: category (\d+))?, BEGES post (\S+)\)"),
     lambda m: (f"part {_PARTS_FR[m.group(1)]} (scope {m.group(2)}"
                + (f" catégorie {m.group(3)}" if m.group(3) else "") + f", poste BEGES {m.group(4)})")),
    (re.compile(r"GHG Protocol Scope 2 location-based: French consumption mix \(ADEME\) of (\d+)"),
     r"GHG Protocol, scope 2 méthode location : mix de consommation français (ADEME) de \1"),
    (re.compile(r"GHG Protocol Scope 2 location-based: no French consumption mix \(ADEME\) for (\d+): "
                r"the (earlier|later) vintage (\d+) is used \((.+)\)"),
     lambda m: (f"GHG Protocol, scope 2 méthode location : pas de mix de consommation français (ADEME) pour "
                f"{m.group(1)} : le millésime {'antérieur' if m.group(2) == 'earlier' else 'postérieur'} "
                f"{m.group(3)} est utilisé ({m.group(4)})")),
    (re.compile(r"GHG Protocol Scope 2 location-based: French average consumption mix of (\d+) \(ADEME\)"),
     r"GHG Protocol, scope 2 méthode location : mix moyen de consommation français \1 (ADEME)"),
    (re.compile(r"GHG Protocol Scope 2 location-based: (\S+) grid average, data year (\d+) \((.+)\)"),
     r"GHG Protocol, scope 2 méthode location : mix moyen du réseau \1, données \2 (\3)"),
    (re.compile(r"GHG Protocol Scope 2 location-based: (.+)"), r"GHG Protocol, scope 2 méthode location : \1"),
    (re.compile(r"GHG Protocol Scope 2 market-based: factor declared by (.+) \((\S+), data year (\d+)"),
     r"GHG Protocol, scope 2 méthode marché : facteur déclaré par \1 (\2, données \3"),
    (re.compile(r"source: (.+)"), r"source : \1"),
    (re.compile(r"ESTIMATE from floor area (.+?) m²( × share \S+)? × (.+)"),
     r"ESTIMATION d'après la surface \1 m²\2 × \3"),
    (re.compile(r"±(\d+)%"), r"±\1 %"),
    (re.compile(r"intensity read as kWh (PCS|PCI)( \(assumed: the source does not state it\))?"),
     lambda m: (f"intensité lue en kWh {m.group(1)}"
                + (" (hypothèse : la source ne le précise pas)" if m.group(2) else ""))),
    (re.compile(r"rooftop PV: panels' life-cycle footprint counted per kWh produced \(not as amortised capital "
                r"goods\)"),
     "photovoltaïque en toiture : empreinte de cycle de vie des panneaux comptée par kWh produit (et non comme "
     "immobilisation amortie)"),
    (re.compile(r"(\S+) kWh self-consumed, already absent from the grid meter \(not subtracted again\)"),
     r"\1 kWh autoconsommés, déjà absents du compteur (non retranchés une seconde fois)"),
    (re.compile(r"(.+) L of (\S+) bought \(receipts\)"), r"\1 L de \2 achetés (tickets de caisse)"),
    (re.compile(r"network gear counted with the internet box / modem factor \(proxy: no switch or access-point "
                r"factor in the tables\)"),
     "équipement réseau compté avec le facteur de la box internet (approximation : aucun facteur de commutateur "
     "ou de borne wifi dans les tables)"),
    (re.compile(r"router counted with the internet box / modem factor \(proxy\)"),
     "routeur compté avec le facteur de la box internet (approximation)"),
    (re.compile(r"used by BEGES post (\S+)"), r"retenu pour le poste BEGES \1"),
    (re.compile(r"GHG Protocol Scope 2 market-based: no contractual instrument: residual mix of (\S+) "
                r"\(AIB, data year (\d+)\)"),
     r"GHG Protocol, scope 2 méthode marché : sans instrument contractuel, mix résiduel \1 (AIB, données \2)"),
    (re.compile(r"GHG Protocol Scope 2 market-based: (.+)"), r"GHG Protocol, scope 2 méthode marché : \1"),
    (re.compile(r"no (\S+) residual mix for (\d+): the earlier vintage (\d+) is used \((.+)\)"),
     r"pas de mix résiduel \1 pour \2 : le millésime \3 est utilisé (\4)"),
    (re.compile(r"amortised over (\S+) years \(factor's lifetime\): year (\d+) of (\d+), (\S+) of (.+?)"
                r"( × share (\S+))?"),
     r"amorti sur \1 ans (durée de vie du facteur) : année \2 sur \3, \4 de \5\6"),
    (re.compile(r"telework days given: (.+) days × (\S+) kWh/d \(ADEME/IFPEB 2023, electricity \+ gas at home, "
                r"valued with (\S+): coopcarbon convention\)"),
     r"jours de télétravail déclarés : \1 jours × \2 kWh/j (ADEME/IFPEB 2023, électricité et gaz au domicile, "
     r"valorisés avec \3 : convention coopcarbon)"),
    (re.compile(r"great-circle distance (.+) km between (.+) and (.+)"),
     r"distance orthodromique \1 km entre \2 et \3"),
    (re.compile(r"no detour added \(ADEME's factors are per great-circle km: DGAC TARMAAC\)"),
     "sans détour ajouté (facteurs de l'ADEME par km orthodromique : DGAC TARMAAC)"),
    (re.compile(r"\+ (\S+) km detour \(EU ETS convention: Directive 2003/87/EC, Annex IV, part B\)"),
     r"+ \1 km de détour (convention du SEQE-UE : directive 2003/87/CE, annexe IV, partie B)"),
    (re.compile(r"\+ (\S+) km detour"), r"+ \1 km de détour"),
    (re.compile(r"contrails and other non-CO2 effects included"), "traînées et autres effets hors CO2 inclus"),
    (re.compile(r"the per-km factor includes fuel upstream and vehicle manufacture \(life cycle\), "
                r"reported in scope 1 here"),
     "le facteur par km inclut l'amont du carburant et la fabrication du véhicule (cycle de vie), déclaré ici "
     "en scope 1"),
)


def line_note(note: str, lang: str) -> str:
    """A line's note in ``lang``: the common generated notes are translated part by part."""
    if lang != "fr" or not note:
        return note
    parts = []
    for part in note.split("; "):
        for pattern, french in _NOTES:
            if pattern.fullmatch(part):
                part = (_number(pattern.sub(french, part)).replace("(round trip)", "(aller-retour)")
                        .replace(" × share ", " × part "))
                part = _POST.sub(r"\1.\2", part)
                break
        parts.append(part)
    return " ; ".join(parts)
