"""Entries of a bilan file turned into activity lines by the domain helpers.

Each entry (a heating bill, an electricity contract, a commute answer...) becomes the lines of
its domain helper; each line remembers where it came from (its entry's path in the document,
or its CSV row) so that a problem found later by the engine is reported at that place. A
problem raised by a helper is located at the entry's field; every problem of every entry is
collected before anything is computed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..activities import ActivityLine, DataQuality, quantity_text_parts
from ..domains import buildings, energy, hardware, mobility, purchases
from ..engine import LineFailure
from ..errors import CoopCarbonError, InputError, Problem, UnknownFactorError
from ..factors.library import FactorLibrary
from .activity_csv import CsvActivities
from .boundary import apply_boundary, entity_problems
from .locate import EntryPath, Locator
from .schema import (
    Activity,
    BilanInputs,
    Building,
    DeclaredFactorContract,
    DeviceEntry,
    Electricity,
    FecEntryFile,
    GuaranteesOfOriginContract,
    Hardware,
    Heating,
    Site,
    SupplierMixContract,
    Trip,
)

__all__ = ["BilanSource", "CsvRow", "Made", "Origin", "failure_problems", "make_lines"]


@dataclass(frozen=True)
class BilanSource:
    """What a bilan file gives besides its inputs: where it is, its CSV tables, what to write back.

    ``factors`` and ``activities_csv`` are the file names as written in the file (relative to
    it); ``base`` is its folder.
    """

    locator: Locator
    base: Path
    csv: tuple[CsvActivities, ...] = ()
    description: str = ""
    factors: tuple[str, ...] = ()
    activities_csv: tuple[str, ...] = ()
    #: The report and plan sections as given (``legal_person``, ``reference_year``,
    #: ``excluded_posts``, ``actions``, ``scenarios``), checked, as JSON-like data: they do not
    #: change the emissions (:mod:`coopcarbon.bilanfile.plan` reads them) but are written back.
    plan: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class CsvRow:
    """Origin of a line read from an ``activities_csv`` file: its table and index there."""

    table: CsvActivities
    index: int


#: Where an activity line came from: its entry's path in the bilan document, or its CSV row.
Origin = EntryPath | CsvRow


@dataclass
class Made:
    """Lines made from a bilan's inputs, each with its origin, and what was found on the way."""

    lines: list[ActivityLine] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    inputs: BilanInputs
    year: int
    headcount: int
    library: FactorLibrary
    locator: Locator
    base: Path

    def site(self, name: str) -> Site | None:
        return next((site for site in self.inputs.sites if site.name == name), None)


_Maker = Callable[[], Sequence[ActivityLine]]


def make_lines(inputs: BilanInputs, *, year: int, headcount: int, library: FactorLibrary,
               locator: Locator, base: Path) -> Made:
    """Every activity line of ``inputs``, with its origin.

    The lines of the ``activities_csv`` tables stay columns: :class:`~coopcarbon.bilan.Bilan`
    adds them, each at its CSV row (:class:`CsvRow`).

    Parameters
    ----------
    inputs
        The domain inputs of a bilan file.
    year, headcount
        The bilan's reporting year and headcount [person].
    library
        The factor library the lines will be computed with.
    locator
        Locates problems in the bilan file.
    base
        Folder of the bilan file (FEC files are relative to it, and must stay inside it).
    """
    context = _Context(inputs, year, headcount, library, locator, base)
    made = Made(problems=_site_problems(inputs, locator))
    for path, make in _makers(context, made):
        try:
            lines = list(make())
        except CoopCarbonError as exc:
            made.problems.extend(locator.locate(exc, path, keep_files=True))
            continue
        made.lines.extend(lines)
        made.origins.extend([path] * len(lines))
    for i, activity in enumerate(inputs.activities):  # a ledger's many lines: one loop, no maker each
        try:
            made.lines.append(_activity_line(activity))
        except CoopCarbonError as exc:
            made.problems.extend(locator.locate(exc, ("activities", i), keep_files=True))
            continue
        made.origins.append(("activities", i))
    made.notes[:0] = _convention_notes(inputs, headcount)
    made.problems += entity_problems(inputs, locator)
    made.lines, made.origins, boundary_notes = apply_boundary(made.lines, made.origins, inputs)
    made.notes += boundary_notes
    return made


def failure_problems(failures: Sequence[LineFailure], origins: Sequence[Origin | None],
                     locator: Locator) -> list[Problem]:
    """The engine's failures at the places their lines came from (entry, CSV row, or as given).

    ``origins[i]`` is the origin of line ``i`` (``None``: a line added from Python, whose
    problem keeps the engine's wording, naming the line's label).
    """
    problems: list[Problem] = []
    for failure in failures:
        done: set[object] = set()
        for index in failure.indices:
            origin = origins[index] if index < len(origins) else None
            key = (origin.table.file, origin.index) if isinstance(origin, CsvRow) else origin
            if key in done:
                continue
            done.add(key)
            if isinstance(origin, CsvRow):
                problems.append(origin.table.line_problem(origin.index, failure.error))
            elif origin is not None:
                problems.extend(locator.locate(failure.error, origin))
            elif isinstance(failure.error, InputError):
                problems.extend(failure.error.problems)
            else:
                problems.append(Problem("<bilan>", None, None, "", str(failure.error)))
    return problems


def _site_problems(inputs: BilanInputs, locator: Locator) -> list[Problem]:
    """Sites named twice, and entries naming a site that ``sites`` does not declare."""
    problems = []
    names = [site.name for site in inputs.sites]
    for i, name in enumerate(names):
        if name in names[:i]:
            problems.append(locator.problem(("sites", i, "name"), f"site {name!r} is declared twice",
                                     "each site once under sites",
                                     f"merge it with sites[{names.index(name)}] or rename one"))
    if not names:
        return problems
    for section in ("heating", "electricity", "solar", "refrigerants", "buildings", "activities",
                    "commute", "hardware"):
        value = getattr(inputs, section)
        entries = value if isinstance(value, list) else [value] if value is not None else []
        for i, entry in enumerate(entries):
            site = getattr(entry, "site", "")
            if not site or site in names:
                continue
            path: EntryPath = (section, i, "site") if isinstance(value, list) else (section, "site")
            close = difflib.get_close_matches(site, names, n=3, cutoff=0.5)
            problems.append(locator.problem(path, f"unknown site {site!r}",
                "one of the names under sites: " + ", ".join(repr(n) for n in names),
                ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close
                else "add it under sites (its share and country are used)"))
    return problems


def _convention_notes(inputs: BilanInputs, headcount: int) -> list[str]:
    """Conventions applied, for the report (extrapolated survey, hardware convention)."""
    notes = []
    if inputs.commute is not None:
        answered = sum(r.count for r in inputs.commute.respondents)
        total = inputs.commute.headcount or headcount
        if answered != total:
            notes.append(f"commute survey: {answered:g} of {total:g} employees answered; "
                         f"extrapolated ×{total / answered:.2f}")
    if inputs.hardware is not None and inputs.hardware.devices:
        notes.append(f"IT hardware: {inputs.hardware.convention} convention"
                     + (" (embodied emissions spread over the years the devices are kept)"
                        if inputs.hardware.convention == "amortised" else
                        " (embodied emissions counted in the purchase year, GHG Protocol)"))
    return notes


def _makers(c: _Context, made: Made) -> list[tuple[EntryPath, _Maker]]:
    """Each entry's path and the call making its lines, in the order of the file's sections.

    Raw ``activities`` come last, made by :func:`make_lines` itself in one loop.
    """
    inputs = c.inputs
    makers: list[tuple[EntryPath, _Maker]] = []
    for i, heat in enumerate(inputs.heating):
        makers.append((("heating", i), partial(_heating, c, heat)))
    for i, elec in enumerate(inputs.electricity):
        makers.append((("electricity", i), partial(_electricity, c, elec)))
    for i, sol in enumerate(inputs.solar):
        makers.append((("solar", i), partial(
            energy.solar, sol.produced, self_consumed=sol.self_consumed, site=sol.site)))
    for i, ref in enumerate(inputs.refrigerants):
        makers.append((("refrigerants", i), partial(
            buildings.refrigerant_leak, ref.refrigerant, refilled=ref.refilled, charge=ref.charge,
            leak_rate=ref.leak_rate, gwp=ref.gwp, site=ref.site)))
    for i, bld in enumerate(inputs.buildings):
        makers.append((("buildings", i), partial(_building, c, bld)))
    makers += _commute_makers(c, made)
    for i, trip in enumerate(inputs.trips):
        makers.append((("trips", i), partial(_trip, trip)))
    if inputs.fleet is not None:
        for i, ff in enumerate(inputs.fleet.fuel):
            makers.append((("fleet", "fuel", i),
                           partial(mobility.fleet_fuel, ff.volume, ff.fuel, label=ff.label)))
        for i, fd in enumerate(inputs.fleet.distance):
            makers.append((("fleet", "distance", i),
                           partial(mobility.fleet_distance, fd.distance, fd.vehicle, label=fd.label)))
    if inputs.hardware is not None:
        hw = inputs.hardware
        for i, d in enumerate(hw.devices):
            makers.append((("hardware", "devices", i), partial(_device, c, hw, d)))
    makers += _purchase_makers(c, made)
    makers += _investment_makers(c)
    return makers


def _commute_makers(c: _Context, made: Made) -> list[tuple[EntryPath, _Maker]]:
    """The commute survey: each answer checked at its own line, then the survey's lines."""
    survey = c.inputs.commute
    if survey is None:
        return []
    respondents: list[mobility.CommuteRespondent] = []
    for i, answer in enumerate(survey.respondents):
        try:
            respondents.append(mobility.CommuteRespondent(**answer.model_dump()))
        except CoopCarbonError as exc:
            made.problems.extend(c.locator.locate(exc, ("commute", "respondents", i)))
    if len(respondents) < len(survey.respondents):
        return []
    headcount = survey.headcount or c.headcount
    makers: list[tuple[EntryPath, _Maker]] = [
        (("commute",), lambda: mobility.commute(respondents, headcount, site=survey.site))]
    if survey.telework_home_energy:
        makers.append((("commute", "telework_home_energy"), lambda: _telework(c, respondents, headcount)))
    return makers


def _purchase_makers(c: _Context, made: Made) -> list[tuple[EntryPath, _Maker]]:
    """Purchases, waste, meals, digital services and the FEC (:mod:`coopcarbon.domains.purchases`)."""
    inputs, year, library = c.inputs, c.year, c.library
    makers: list[tuple[EntryPath, _Maker]] = []
    for i, pe in enumerate(inputs.purchases):
        makers.append((("purchases", i), partial(
            purchases.spend, pe.amount, pe.category, year=pe.year or year, label=pe.label, capital=pe.capital,
            price_index=inputs.price_index, library=library)))
    for i, we in enumerate(inputs.waste):
        makers.append((("waste", i), partial(
            purchases.waste, we.mass, we.material, we.treatment, label=we.label,
            data_quality=DataQuality(we.data_quality), site=we.site, library=library)))
    for i, me in enumerate(inputs.meals):
        makers.append((("meals", i), partial(
            purchases.meals, me.count, me.kind, label=me.label, data_quality=DataQuality(me.data_quality))))
    d = inputs.digital
    if d is not None:
        if d.cloud_spend is not None:
            spend = d.cloud_spend
            makers.append((("digital", "cloud_spend"),
                           lambda: purchases.cloud(spend, year=year, price_index=inputs.price_index,
                                                   library=library)))
        if d.storage is not None:
            stored = d.storage
            makers.append((("digital", "storage"), lambda: purchases.storage(stored)))
        if d.videoconference_hours is not None:
            hours, participants = d.videoconference_hours, d.videoconference_participants
            makers.append((("digital", "videoconference_hours"),
                           lambda: purchases.videoconference(hours, participants=participants)))
    if inputs.fec is not None:
        fec = inputs.fec
        makers.append((("fec", "file"), lambda: _fec(c, fec, made)))
    return makers


def _investment_makers(c: _Context) -> list[tuple[EntryPath, _Maker]]:
    """Savings and investments (financed emissions, :func:`coopcarbon.domains.purchases.financed`)."""
    return [(("investments", i), partial(purchases.financed, inv.amount, inv.product, factor_id=inv.factor_id,
                                         label=inv.label, data_quality=DataQuality(inv.data_quality)))
            for i, inv in enumerate(c.inputs.investments)]


def physical_tags(inputs: BilanInputs) -> set[str]:
    """Tags of what a bilan measures physically, for the FEC double-count rule."""
    tags: set[str] = set()
    if inputs.electricity:
        tags |= {"energy", "electricity"}
    if inputs.heating:
        tags |= {"energy", "heating"}
    if inputs.trips:
        tags.add("travel")
    if inputs.fleet is not None and (inputs.fleet.fuel or inputs.fleet.distance):
        tags.add("fleet")
    if inputs.hardware is not None and inputs.hardware.devices:
        tags.add("hardware")
    if inputs.meals:
        tags.add("meals")
    return tags


def _fec(c: _Context, f: FecEntryFile, made: Made) -> list[ActivityLine]:
    paths = {}
    for key, name in (("file", f.file), ("mapping", f.mapping)):
        if name is None:
            continue
        resolved = (c.base / name).resolve()
        if not resolved.is_relative_to(c.base):
            raise InputError([Problem("<bilan>", None, None, key, f"{name!r} is outside the bilan's folder",
                                      "a path inside the folder of the bilan file")])
        if not resolved.is_file():
            raise InputError([Problem("<bilan>", None, None, key, f"{name!r} not found",
                                      f"a file relative to {c.base}")])
        paths[key] = resolved
    from .fec import import_fec  # start-up: the ledger reader is imported by the bilans that use it

    year = f.year or c.year
    result = import_fec(paths["file"], year=year, mapping=paths.get("mapping"),
                        physical=physical_tags(c.inputs), library=c.library,
                        period=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if year != c.year:
        made.notes.append(f"FEC of the fiscal year {year} used for the bilan of {c.year}")
    made.notes.extend(result.notes())
    return result.lines


def _heating(c: _Context, h: Heating) -> list[ActivityLine]:
    site = c.site(h.site)
    share = h.share if h.share is not None else (site.share if site else 1.0)
    if h.energy is None:
        if site is None or site.floor_area is None:
            raise InputError([Problem("<bilan>", None, None, "energy",
                                      "no energy billed and no floor area to estimate from",
                                      "energy such as '42000 kWh', or a site with floor_area")])
        return list(buildings.heating_estimate(site.floor_area, h.carrier, share=share, basis=h.basis,
                                               library=c.library, site=h.site, label=h.label))
    return list(buildings.heating(h.energy, h.carrier, basis=h.basis, site=h.site, share=share,
                                  label=h.label))


def _electricity(c: _Context, e: Electricity) -> list[ActivityLine]:
    site = c.site(e.site)
    country = e.country or (site.country if site else "FR")
    contract: energy.Contract | None = None
    entry = e.contract
    if isinstance(entry, SupplierMixContract):
        contract = energy.SupplierMix(entry.supplier, entry.shares, entry.source)
    elif isinstance(entry, DeclaredFactorContract):
        contract = energy.DeclaredFactor(entry.factor_id, entry.supplier)
    elif isinstance(entry, GuaranteesOfOriginContract):
        contract = energy.GuaranteesOfOrigin(entry.technology, entry.supplier)
    return list(energy.electricity(e.energy, year=c.year, country=country, contract=contract,
                                   site=e.site, library=c.library,
                                   data_quality=DataQuality(e.data_quality)))


def _building(c: _Context, b: Building) -> list[ActivityLine]:
    site = c.site(b.site)
    area = b.floor_area or (site.floor_area if site else None)
    if area is None:
        raise InputError([Problem("<bilan>", None, None, "floor_area", "no floor area",
                                  "floor_area such as '450 m2' here or on the site")])
    share = b.share if b.share is not None else (site.share if site else 1.0)
    return list(buildings.construction(area, year_built=b.year_built, reporting_year=c.year,
                                       kind=b.kind, lifetime=b.lifetime, convention=b.convention,
                                       share=share, library=c.library, site=b.site))


def _telework(c: _Context, respondents: Sequence[mobility.CommuteRespondent], headcount: int
              ) -> list[ActivityLine]:
    days = mobility.telework_days(respondents, headcount)
    if days <= 0:
        return []
    mix = electricity_mix_id(c.library, c.year)
    return list(mobility.telework(f"{days} day", electricity=mix, library=c.library))


def _device(c: _Context, hw: Hardware, d: DeviceEntry) -> list[ActivityLine]:
    device = hardware.Device(d.kind, d.count, d.purchase_year, lifetime=d.lifetime,
                             refurbished=d.refurbished, screen_size=d.screen_size)
    return list(hardware.inventory([device], reporting_year=c.year, convention=hw.convention,
                                   site=hw.site, library=c.library))


def _trip(t: Trip) -> list[ActivityLine]:
    quality = DataQuality(t.data_quality)
    if t.mode in {"plane", "flight"} or t.mode.startswith("plane"):
        return list(mobility.flight(t.distance, origin=t.origin, destination=t.destination,
                                    travellers=t.travellers, round_trip=t.round_trip,
                                    contrails=t.contrails, label=t.label, data_quality=quality))
    if t.distance is None:
        raise InputError([Problem("<bilan>", None, None, "distance", "missing",
                                  "a distance such as '460 km' (origin/destination are for flights)")])
    return list(mobility.trip(t.distance, t.mode, travellers=t.travellers, occupants=t.occupants,
                              round_trip=t.round_trip, contrails=t.contrails, label=t.label,
                              data_quality=quality))


def electricity_mix_id(library: FactorLibrary, year: int) -> str:
    """The French consumption mix of ``year``, else the latest earlier vintage, else the earliest."""
    vintages = sorted(int(m.group(1)) for fid in library
                      if (m := re.fullmatch(r"energy\.electricity\.fr\.mix_(\d{4})", fid)))
    if not vintages:
        raise UnknownFactorError("energy.electricity.fr.mix_" + str(year),
                                 library.nearest("energy.electricity.fr.mix"))
    earlier = [v for v in vintages if v <= year]
    return f"energy.electricity.fr.mix_{earlier[-1] if earlier else vintages[0]}"


def _activity_line(a: Activity) -> ActivityLine:
    try:  # parsed once however many entries repeat the text, the unit once per unit
        magnitude, unit = quantity_text_parts(a.quantity)
    except InputError as exc:  # the unit (or the number) of `quantity` cannot be read
        raise InputError([Problem("<bilan>", None, None, "quantity", p.message, p.expected,
                                  p.suggestion) for p in exc.problems]) from None
    if not magnitude >= 0 or magnitude == float("inf"):
        raise InputError([Problem("<bilan>", None, None, "quantity",
                                  f"{a.quantity!r} is negative or not a number", "a quantity >= 0")])
    return ActivityLine(factor_id=a.factor_id, magnitude=magnitude, unit=unit, label=a.label, scope=a.scope,
                        ghg_category=a.ghg_category, beges_post=a.beges_post, domain=a.domain,
                        data_quality=a.data_quality, activity_uncertainty=a.uncertainty,
                        basis=a.basis, scope2_method=a.scope2_method, group=a.group, site=a.site,
                        note=a.note)
