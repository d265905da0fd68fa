"""A generated ledger-sized bilan file, for measuring the input path end to end.

``python tests/ledger.py OUT.yaml [N]`` writes a bilan file whose ``activities:`` list holds ``N``
entries (default 100 000, the size of a 200-person company's accounting ledger): invented but
plausible amounts on a few factors with mixed units, repeated quantity texts as in a real ledger
(rounded amounts), some lines with a site, a data quality or an uncertainty. The same lines are
available as :class:`~coopcarbon.activities.ActivityLine` objects (:func:`ledger_lines`) and as
CSV (``--csv``).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

#: (factor id, unit) pairs of the generated lines; laptops also carry ADPe and other indicators.
KINDS = (
    ("mobility.train.tgv", "passenger_km"), ("energy.electricity.fr.mix_2024", "kWh"),
    ("energy.electricity.fr.mix_2024", "MWh"), ("purchases.services.insurance", "EUR"),
    ("purchases.services.insurance", "kEUR"), ("hardware.laptop", "device"),
    ("mobility.car.petrol", "vehicle_km"), ("mobility.car.petrol", "vehicle_mile"),
)


def ledger_entries(n: int, seed: int = 18) -> list[dict[str, object]]:
    """``n`` activity entries of a bilan file (plain data, as YAML would give them)."""
    rng = random.Random(seed)  # noqa: S311 - invented amounts, not secrets
    entries: list[dict[str, object]] = []
    for i in range(n):
        factor_id, unit = KINDS[rng.randrange(len(KINDS))]
        amount = rng.choice((round(rng.uniform(1, 500)), round(rng.uniform(1, 5000), 2)))
        entry: dict[str, object] = {"quantity": f"{amount} {unit}", "factor_id": factor_id,
                                    "label": f"entry {i}"}
        if i % 7 == 0:
            entry["data_quality"] = "estimated"
        if i % 11 == 0:
            entry["uncertainty"] = 0.2
        entries.append(entry)
    return entries


def ledger_yaml(n: int, seed: int = 18) -> str:
    """A bilan file with ``n`` activity entries, one flow mapping per line."""
    head = ("schema_version: \"1\"\norganisation: Ledger\nyear: 2024\nheadcount: 200\n"
            "sites:\n  - {name: Lyon, country: FR}\nactivities:\n")
    rows = []
    for entry in ledger_entries(n, seed):
        cells = ", ".join(f"{k}: {v}" for k, v in entry.items())
        rows.append(f"  - {{{cells}}}\n")
    return head + "".join(rows)


def ledger_csv(n: int, seed: int = 18) -> str:
    """The same entries as a French-spreadsheet CSV (``;`` separated)."""
    rows = ["quantity;unit;factor_id;label;data_quality;uncertainty"]
    for e in ledger_entries(n, seed):
        amount, unit = str(e["quantity"]).split(" ")
        rows.append(";".join((amount.replace(".", ","), unit, str(e["factor_id"]), str(e["label"]),
                              str(e.get("data_quality", "")), str(e.get("uncertainty", "")).replace(".", ","))))
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    out = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    out.write_text(ledger_csv(size) if out.suffix == ".csv" else ledger_yaml(size), encoding="utf-8")
