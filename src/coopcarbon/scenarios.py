"""Scenarios: the same bilan with changes, and the saving of each action.

A scenario is a name and a list of changes; each change turns a bilan's inputs (as read from a
bilan file, :class:`~coopcarbon.bilanfile.schema.BilanInputs`), given the reporting year and
the factor library, into new inputs. The original bilan is never
modified. :func:`evaluate` computes the reference and every scenario with the same factor library
and reports the saving of each in tCO2e and %.

>>> from coopcarbon import scenarios
>>> s = scenarios.Scenario("Enercoop", [scenarios.switch_supplier(
...     {"type": "declared_factor", "factor_id": "energy.electricity.supplier.enercoop"})])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .bilan import Bilan
from .bilanfile.schema import BilanInputs, Electricity, ScenarioEntry
from .domains.hardware import factor_id_of
from .errors import InputError, Problem
from .factors.library import FactorLibrary
from .result import BilanResult
from .units import Q

if TYPE_CHECKING:
    import pint

#: Rebound of telework: the share of the avoided commute emissions given back by extra trips,
#: home relocation, videoconferencing and home energy. ADEME (Greenworking), *Caractérisation
#: des effets rebond induits par le télétravail*, September 2020: "les effets rebond
#: (déplacements supplémentaires, relocalisation du domicile, usage de la visioconférence,
#: consommations énergétiques du domicile) peuvent réduire en moyenne de 31 % les bénéfices
#: environnementaux du télétravail" (corporate real estate effects excluded).
TELEWORK_REBOUND = 0.31

__all__ = [
    "TELEWORK_REBOUND",
    "Change",
    "Scenario",
    "ScenarioResult",
    "evaluate",
    "fleet_to",
    "from_entry",
    "keep_devices",
    "shift_commute",
    "switch_supplier",
    "telework",
]

#: A change: inputs, reporting year and factor library in, new inputs out.
Change = Callable[[BilanInputs, int, FactorLibrary], BilanInputs]


@dataclass(frozen=True)
class Scenario:
    """A named set of changes applied to a bilan's inputs."""

    name: str
    changes: Sequence[Change]
    rebound: float = 0.0  # share of the avoided commute emissions given back (telework: TELEWORK_REBOUND)

    def apply(self, bilan: Bilan, library: FactorLibrary | None = None) -> Bilan:
        """A copy of ``bilan`` with the changes applied (the original is untouched).

        ``library`` is given to the changes that read factors (default: the bilan's library).
        """
        if bilan.inputs is None:
            raise InputError([Problem("<scenario>", None, None, "inputs",
                                      f"scenario {self.name!r} needs a bilan with domain inputs",
                                      "a bilan read with Bilan.from_yaml or built with inputs=BilanInputs(...)")])
        library = library if library is not None else bilan.library()
        new = bilan.copy()  # keeps the bilan file's source: error locations of the original file
        inputs = bilan.inputs
        for change in self.changes:
            inputs = change(inputs, bilan.year, library)
        new.inputs = inputs
        return new


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's result and its saving against the reference."""

    name: str
    result: BilanResult
    saving: pint.Quantity[Any]
    relative_saving: float
    saving_market: pint.Quantity[Any] | None = None  # on the market-based total
    relative_saving_market: float = 0.0
    rebound: pint.Quantity[Any] | None = None  # commute emissions given back by rebound effects


def evaluate(bilan: Bilan, scenarios: Iterable[Scenario], *, samples: int = 0,
             seed: int | None = None) -> tuple[BilanResult, list[ScenarioResult]]:
    """Compute the reference bilan and each scenario with the same factor library.

    Returns the reference result and, per scenario, its result and saving
    (reference total − scenario total, in tCO2e; positive is a reduction).
    """
    library = bilan.library()
    reference = bilan.compute(factors=library, samples=samples, seed=seed)
    results = []
    for scenario in scenarios:
        result = scenario.apply(bilan, library).compute(factors=library, samples=samples, seed=seed)
        rebound = Q(scenario.rebound * (_commute_kg(reference) - _commute_kg(result)) / 1000.0, "tCO2e")
        saving = reference.total - result.total - rebound
        saving_market = reference.total_market_based - result.total_market_based - rebound
        results.append(ScenarioResult(scenario.name, result, saving, _ratio(saving, reference.total),
                                      saving_market, _ratio(saving_market, reference.total_market_based),
                                      rebound))
    return reference, results


def _ratio(saving: pint.Quantity[Any], total: pint.Quantity[Any]) -> float:
    base = float(total.to("tCO2e").magnitude)
    return float(saving.to("tCO2e").magnitude) / base if base else 0.0


def _commute_kg(result: BilanResult) -> float:
    """Emissions of the commute journeys (post 3.3, mobility factors) [kgCO2e]."""
    return sum(line.kg for line in result.lines
               if line.beges_post == "3.3" and line.factor.id.startswith("mobility."))


def switch_supplier(contract: Mapping[str, Any] | None, *, site: str | None = None) -> Change:
    """Every electricity entry (of ``site``, or all) gets ``contract`` (a bilan-file contract).

    ``None`` removes the contract (residual mix). Only the market-based scope 2 changes: the
    location-based result, and so the BEGES total, does not depend on the supplier.
    """
    def change(inputs: BilanInputs, year: int, library: FactorLibrary) -> BilanInputs:
        entries = []
        for entry in inputs.electricity:
            if site is None or entry.site == site:
                data = entry.model_dump(exclude_unset=True)
                data["contract"] = dict(contract) if contract is not None else None
                entry = Electricity.model_validate(data)
            entries.append(entry)
        return inputs.model_copy(update={"electricity": entries})

    return change


def keep_devices(lifetime: float, *, kinds: Sequence[str] | None = None) -> Change:
    """Devices in service this year are kept ``lifetime`` years (amortised over it).

    Devices already past their original lifetime keep it: they have been replaced, and
    counting them again would not describe the same company. A device's original lifetime is
    its own ``lifetime``, else its factor's ``lifetime_years`` in the library the change is given
    (the bilan's, its own tables included, as when the bilan is computed).
    """
    if not lifetime > 0:
        raise InputError([Problem("<scenario>", None, None, "lifetime", f"{lifetime!r} is not positive",
                                  "a lifetime in years, e.g. 5")])

    def change(inputs: BilanInputs, year: int, library: FactorLibrary) -> BilanInputs:
        if inputs.hardware is None:
            return inputs
        devices = []
        for device in inputs.hardware.devices:
            if kinds is None or device.kind in kinds:
                current = device.lifetime or library[factor_id_of(device.kind)].lifetime_years or lifetime
                if device.purchase_year + current > year:
                    device = device.model_copy(update={"lifetime": float(lifetime)})
            devices.append(device)
        return inputs.model_copy(update={"hardware": inputs.hardware.model_copy(update={"devices": devices})})

    return change


def shift_commute(from_mode: str, to_mode: str, share: float) -> Change:
    """Move ``share`` (0–1) of the ``from_mode`` commuters to ``to_mode``.

    Each group of ``from_mode`` respondents is split: ``count × (1 − share)`` keep their mode,
    ``count × share`` travel the same distance by ``to_mode`` (alone: one occupant). The number
    of respondents, and so the extrapolation to the headcount, is unchanged.
    """
    if not 0 <= share <= 1:
        raise InputError([Problem("<scenario>", None, None, "share", f"{share!r} is not in [0, 1]",
                                  "a fraction, e.g. 0.3 for 30 %")])

    def change(inputs: BilanInputs, year: int, library: FactorLibrary) -> BilanInputs:
        if inputs.commute is None:
            return inputs
        respondents = []
        for r in inputs.commute.respondents:
            if r.mode != from_mode or share == 0:
                respondents.append(r)
                continue
            if share < 1:
                respondents.append(r.model_copy(update={"count": r.count * (1 - share)}))
            respondents.append(r.model_copy(update={
                "mode": to_mode, "count": r.count * share, "occupants": 1, "fuel": None, "size": None}))
        return inputs.model_copy(update={"commute": inputs.commute.model_copy(update={"respondents": respondents})})

    return change


def fleet_to(vehicle: str) -> Change:
    """Company vehicles counted by distance become ``vehicle`` (e.g. ``"hybrid"``).

    Fleet entries given as litres of fuel cannot be converted without consumption data and are
    left as they are.
    """
    def change(inputs: BilanInputs, year: int, library: FactorLibrary) -> BilanInputs:
        if inputs.fleet is None:
            return inputs
        distance = [d.model_copy(update={"vehicle": vehicle}) for d in inputs.fleet.distance]
        return inputs.model_copy(update={"fleet": inputs.fleet.model_copy(update={"distance": distance})})

    return change


def telework(days: float) -> Change:
    """Each commuter teleworks ``days`` more a week (at most the days they come on site).

    Used in a :class:`Scenario` with ``rebound=TELEWORK_REBOUND``: :func:`evaluate` then gives
    back 31 % of the avoided commute emissions (ADEME 2020). The home energy of the new telework
    days is also counted by the commute lines (when ``telework_home_energy`` is on), though the
    31 % includes it: the saving is a cautious (low) estimate.
    """
    if not 0 < days <= 5:
        raise InputError([Problem("<scenario>", None, None, "telework_days", f"{days!r} is not in (0, 5]",
                                  "days a week, e.g. 1")])

    def change(inputs: BilanInputs, year: int, library: FactorLibrary) -> BilanInputs:
        if inputs.commute is None:
            return inputs
        respondents = []
        for r in inputs.commute.respondents:
            moved = min(days, r.days_on_site_per_week)
            respondents.append(r.model_copy(update={
                "days_on_site_per_week": r.days_on_site_per_week - moved,
                "telework_days_per_week": min(7.0, r.telework_days_per_week + moved)}))
        return inputs.model_copy(update={"commute": inputs.commute.model_copy(update={"respondents": respondents})})

    return change


def supplier_contract(name: str) -> dict[str, str] | None:
    """The contract of ``--switch-supplier NAME``.

    ``residual`` (no contract), a factor id, or a supplier of the bundled tables (``enercoop`` →
    ``energy.electricity.supplier.enercoop``).
    """
    if name in ("residual", "none"):
        return None
    factor_id = name if "." in name else f"energy.electricity.supplier.{name}"
    return {"type": "declared_factor", "factor_id": factor_id}


def parse_shift(text: str) -> tuple[str, str, float]:
    """``"car:bike:20%"`` → ``("car", "bike", 0.2)`` (a share in % or as a fraction)."""
    parts = text.split(":")
    share_text = parts[-1].strip() if len(parts) == 3 else ""
    try:
        share = float(share_text.rstrip("%")) / (100 if share_text.endswith("%") else 1)
    except ValueError:
        share = -1.0
    if len(parts) != 3 or not parts[0] or not parts[1] or not 0 <= share <= 1:
        raise InputError([Problem("<scenario>", None, None, "commute_shift", f"{text!r} is not FROM:TO:SHARE",
                                  "e.g. car:bike:20%")])
    return parts[0].strip(), parts[1].strip(), share


def from_entry(entry: ScenarioEntry) -> Scenario:
    """The scenario of a ``scenarios:`` entry of a bilan file (or of the command's options)."""
    changes: list[Change] = []
    if entry.switch_supplier is not None:
        changes.append(switch_supplier(supplier_contract(entry.switch_supplier)))
    if entry.keep_devices is not None:
        changes.append(keep_devices(entry.keep_devices))
    changes += [shift_commute(*parse_shift(text)) for text in entry.commute_shift]
    if entry.telework_days is not None:
        changes.append(telework(entry.telework_days))
    if entry.fleet_to is not None:
        changes.append(fleet_to(entry.fleet_to))
    return Scenario(entry.name, changes, TELEWORK_REBOUND if entry.telework_days is not None else 0.0)
