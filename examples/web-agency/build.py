"""Bilan carbone 2024 of Studio Exemple, a fictional 7-person web agency, built in Python.

The same bilan as ``bilan-2024.yaml`` next to this script, written with the Python API
instead of a bilan file: a :class:`coopcarbon.Bilan` and activity lines from the domain
helpers (``cc.mobility``, ``cc.buildings``, ``cc.energy``, ``cc.hardware``). Prints the
English report; writes nothing unless an output path is given, where it saves the bilan as a
bilan file (``Bilan.to_yaml``)::

    python examples/web-agency/build.py                    # print the report
    python examples/web-agency/build.py studio-2024.yaml   # also save the bilan file
"""

from __future__ import annotations

import sys

import coopcarbon as cc
from coopcarbon.domains.mobility import CommuteRespondent

YEAR = 2024
HEADCOUNT = 7

# The team works from home four days a week and meets at a small rented office in Bordeaux on
# Tuesdays. Commute survey: all 7 answered.
SURVEY = [
    CommuteRespondent("tram", "6 km", days_on_site_per_week=1, telework_days_per_week=4, count=2),
    CommuteRespondent("bike", "4 km", days_on_site_per_week=1, telework_days_per_week=4, count=2),
    CommuteRespondent("car", "25 km", days_on_site_per_week=1, telework_days_per_week=4,
                      fuel="petrol"),
    CommuteRespondent("train.ter", "40 km", days_on_site_per_week=1, telework_days_per_week=4),
    CommuteRespondent("walk", "1 km", days_on_site_per_week=1, telework_days_per_week=4),
]

# Airports (latitude, longitude): Bordeaux-Mérignac, Lisbon Humberto Delgado.
BORDEAUX = (44.8283, -0.7156)
LISBON = (38.7742, -9.1342)


def build() -> cc.Bilan:
    """The 2024 bilan of Studio Exemple, line by line."""
    b = cc.Bilan(organisation="Studio Exemple", year=YEAR, headcount=HEADCOUNT)

    # Commute and the extra home energy of telework days (1.4 kWh a day, see docs/domains).
    b.add(cc.mobility.commute(SURVEY, HEADCOUNT))
    b.add(cc.mobility.telework(SURVEY, headcount=HEADCOUNT))

    # Business travel: train tickets (travel expense reports) and the team seminar flight.
    b.add(cc.mobility.trip("585 km", "train.tgv", travellers=14, round_trip=True,
                           label="Bordeaux–Paris (clients)"))
    b.add(cc.mobility.flight(origin=BORDEAUX, destination=LISBON, travellers=7, round_trip=True,
                             label="Séminaire d'équipe à Lisbonne"))
    b.add(cc.ActivityLine(cc.Q("21 night"), "accommodation.hotel_night", label="Nuitées d'hôtel",
                          domain="mobility", group="business_travel"))

    # The office: 70 m² in a shared building; heating is in the service charges with no figure,
    # so it is estimated from the floor area. Electricity: the office's own meter, 12 bills.
    b.add(cc.buildings.heating_estimate("70 m2", "natural_gas", site="Bordeaux"))
    b.add(cc.energy.electricity("5200 kWh", year=YEAR, site="Bordeaux"))

    # IT inventory (asset register): laptops kept 5 years; 2 more lent to freelancers.
    b.add(cc.hardware.inventory([
        cc.hardware.Device("laptop", 5, purchase_year=2021, lifetime=5),
        cc.hardware.Device("laptop", 4, purchase_year=2023, lifetime=5),
        cc.hardware.Device("monitor", 10, purchase_year=2021),
        cc.hardware.Device("smartphone", 7, purchase_year=2023, lifetime=3),
        cc.hardware.Device("tablet", 3, purchase_year=2022),
    ], reporting_year=YEAR, site="Bordeaux"))

    # Lunches on office days (7 people × 46 Tuesdays) and team lunches.
    b.add(cc.ActivityLine(cc.Q("200 meal"), "meal.white_meat", label="Déjeuners — viande blanche",
                          data_quality=cc.DataQuality.ESTIMATED))
    b.add(cc.ActivityLine(cc.Q("90 meal"), "meal.red_meat", label="Déjeuners — viande rouge",
                          data_quality=cc.DataQuality.ESTIMATED))
    b.add(cc.ActivityLine(cc.Q("110 meal"), "meal.vegetarian", label="Déjeuners — végétarien",
                          data_quality=cc.DataQuality.ESTIMATED))

    # Purchases from the general ledger, excluding VAT (ADEME monetary ratios).
    purchases = [
        ("170 kEUR", "purchases.services.it_programming_consulting",
         "Développeurs et designers indépendants"),
        ("26 kEUR", "purchases.services.it_programming_consulting",
         "Hébergement, noms de domaine et abonnements logiciels"),
        ("14 kEUR", "purchases.services.other_professional_scientific_technical",
         "Publicité en ligne et photographie"),
        ("9 kEUR", "purchases.services.legal_accounting_management_consulting",
         "Honoraires de l'expert-comptable et juridiques"),
        ("3 kEUR", "purchases.services.insurance", "Assurances"),
    ]
    for quantity, factor_id, label in purchases:
        b.add(cc.ActivityLine(cc.Q(quantity), factor_id, label=label, domain="purchases"))
    return b


def main(argv: list[str]) -> int:
    bilan = build()
    result = bilan.compute()
    print(result.to_markdown(lang="en"))
    if argv:
        bilan.to_yaml(argv[0])
        print(f"Bilan file written to {argv[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
