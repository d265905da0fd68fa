"""Scenarios: the same bilan with changes, and the saving of each action.

A scenario is a name and a list of changes; each change turns a bilan's inputs (as read from a
bilan file, :class:`~coopcarbon.bilanfile.reader.BilanInputs`) into new inputs. The original bilan is never
modified. :func:`evaluate` computes the reference and every scenario with the same factor library
and reports the saving of each in tCO2e and %.

>>> from coopcarbon import scenarios
>>> s = scenarios.Scenario("Enercoop", [scenarios.switch_supplier(
...     {"type": "declared_factor", "factor_id": "energy.electricity.supplier.enercoop"})])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import pint

from .bilan import Bilan
from .bilanfile.reader import BilanInputs, Electricity
from .errors import InputError, Problem
from .result import BilanResult

__all__ = [
    "Change",
    "Scenario",
    "ScenarioResult",
    "evaluate",
    "fleet_to",
    "keep_devices",
    "shift_commute",
    "switch_supplier",
]

#: A change: inputs and reporting year in, new inputs out.
Change = Callable[[BilanInputs, int], BilanInputs]

#: The bilan a scenario is being applied to, for changes that read its factor library.
_APPLYING: ContextVar[Bilan | None] = ContextVar("coopcarbon_scenario_bilan", default=None)


@dataclass(frozen=True)
class Scenario:
    """A named set of changes applied to a bilan's inputs."""

    name: str
    changes: Sequence[Change]

    def apply(self, bilan: Bilan) -> Bilan:
        """A copy of ``bilan`` with the changes applied (the original is untouched)."""
        if bilan.inputs is None:
            raise InputError([Problem("<scenario>", None, None, "inputs",
                                      f"scenario {self.name!r} needs a bilan with domain inputs",
                                      "a bilan read with Bilan.from_yaml or built with inputs=BilanInputs(...)")])
        new = bilan.copy()
        inputs = bilan.inputs
        token = _APPLYING.set(bilan)
        try:
            for change in self.changes:
                inputs = change(inputs, bilan.year)
        finally:
            _APPLYING.reset(token)
        inputs._document = bilan.inputs._document  # keep error locations of the original file
        new.inputs = inputs
        return new


@dataclass(frozen=True)
class ScenarioResult:
    """A scenario's result and its saving against the reference."""

    name: str
    result: BilanResult
    saving: pint.Quantity[Any]
    relative_saving: float


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
        result = scenario.apply(bilan).compute(factors=library, samples=samples, seed=seed)
        saving = reference.total - result.total
        base = float(reference.total.magnitude)
        results.append(ScenarioResult(scenario.name, result, saving,
                                      float(saving.magnitude) / base if base else 0.0))
    return reference, results


def switch_supplier(contract: Mapping[str, Any] | None, *, site: str | None = None) -> Change:
    """Every electricity entry (of ``site``, or all) gets ``contract`` (a bilan-file contract).

    ``None`` removes the contract (residual mix). Only the market-based scope 2 changes: the
    location-based result, and so the BEGES total, does not depend on the supplier.
    """
    def change(inputs: BilanInputs, year: int) -> BilanInputs:
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
    its own ``lifetime``, else its factor's ``lifetime_years`` in the bilan's library (its own
    tables included, as when the bilan is computed).
    """
    if not lifetime > 0:
        raise InputError([Problem("<scenario>", None, None, "lifetime", f"{lifetime!r} is not positive",
                                  "a lifetime in years, e.g. 5")])

    def change(inputs: BilanInputs, year: int) -> BilanInputs:
        if inputs.hardware is None:
            return inputs
        from .domains.hardware import factor_id_of
        from .factors.loading import load_factors

        bilan = _APPLYING.get()
        library = bilan.library() if bilan is not None else load_factors()
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

    def change(inputs: BilanInputs, year: int) -> BilanInputs:
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
    def change(inputs: BilanInputs, year: int) -> BilanInputs:
        if inputs.fleet is None:
            return inputs
        distance = [d.model_copy(update={"vehicle": vehicle}) for d in inputs.fleet.distance]
        return inputs.model_copy(update={"fleet": inputs.fleet.model_copy(update={"distance": distance})})

    return change
