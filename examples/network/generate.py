"""Generate the FICTIONAL members of the example network: 36 bilan files of 2024.

Every member, figure and name is invented (seeded draws, so the files are the same on every
run); the draws only aim at plausible orders of magnitude for small digital-service
cooperatives: 2 to 120 employees, 6 to 14 m2 of office per person, 500 to 2 500 kWh of
electricity per person, monetary purchases of 20 to 90 kEUR per person. Four members consent to
be named (``publish_name: true``); two have a 60 %-owned subsidiary abroad (equity share).

Run from the repository root, then consolidate::

    python examples/network/generate.py
    coopcarbon network examples/network/members --format md -o docs/how-to/network-example.md
"""

from __future__ import annotations

import random
from pathlib import Path

MEMBERS = 36
FOLDER = Path(__file__).parent / "members"
SECTORS = ("62.01Z", "62.02A", "63.11Z", "73.11Z", "70.22Z", "58.29C")
NAMED = {3, 11, 20, 29}
ABROAD = {7: ("DE", "Berlin"), 18: ("ES", "Valencia")}


def member(number: int, rng: random.Random) -> str:
    """The bilan file of member ``number`` (YAML text)."""
    headcount = rng.choice([rng.randint(2, 9), rng.randint(10, 49), rng.randint(50, 120)])
    area = round(headcount * rng.uniform(6, 14))
    kwh = round(headcount * rng.uniform(500, 2500), -2)
    purchases = round(headcount * rng.uniform(20, 90))
    train = round(headcount * rng.uniform(300, 3000), -2)
    lines = [
        f"# FICTIONAL member {number} of the example network (examples/network/generate.py)",
        'schema_version: "1"', f"organisation: Coop numérique {number:02d} (fictional)", "year: 2024",
        f"headcount: {headcount}", f"sector: {rng.choice(SECTORS)}",
        f"revenue: {round(headcount * rng.uniform(55, 95))} kEUR",
        f"publish_name: {'true' if number in NAMED else 'false'}",
        "sites:", f"  - {{name: Siège, country: FR, floor_area: {area} m2}}",
        "electricity:", f"  - {{site: Siège, energy: {kwh:.0f} kWh}}",
        "heating:",
        f"  - {{site: Siège, carrier: natural_gas, energy: {round(area * rng.uniform(60, 140))} kWh, basis: PCS}}",
        "trips:", f"  - {{mode: train.tgv, distance: {train:.0f} km, label: Train trips}}",
        "hardware:", "  site: Siège", "  devices:",
        f"    - {{kind: laptop, count: {headcount}, purchase_year: {rng.randint(2020, 2024)}}}",
        f"    - {{kind: monitor, count: {headcount}, purchase_year: {rng.randint(2019, 2024)}}}",
        "purchases:",
        f"  - {{category: it_services, amount: {purchases} kEUR, label: Subcontracting and software}}",
    ]
    if number in ABROAD:
        country, city = ABROAD[number]
        lines[8:8] = ["boundary: equity_share", "entities:",
                      f"  - {{name: Coop numérique {number:02d}}}",
                      f"  - {{name: Filiale {city}, country: {country}, share: 0.6, operational_control: false}}"]
        lines.insert(lines.index("electricity:"),
                     f"  - {{name: {city}, country: {country}, floor_area: 80 m2, entity: Filiale {city}}}")
        lines.append("activities:")
        grid = "deu" if country == "DE" else "esp"
        lines.append(f"  - {{quantity: 9000 kWh, factor_id: energy.electricity.{grid}.grid, site: {city}, "
                     f"scope: 2, beges_post: '2.1', domain: energy, label: {city} office electricity}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the members' files."""
    rng = random.Random(15)  # noqa: S311 -- reproducible fictional figures, not secrets
    FOLDER.mkdir(exist_ok=True)
    for number in range(1, MEMBERS + 1):
        (FOLDER / f"member-{number:02d}.yaml").write_text(member(number, rng), encoding="utf-8")


if __name__ == "__main__":
    main()
