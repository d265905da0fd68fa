"""Bilan files: the YAML format holding a year's activity data, and CSV activity lists.

A bilan file holds the organisation, the year, the headcount, its sites and the domain inputs
(commute survey, trips, fleet, heating bills, electricity contracts, solar, refrigerants,
buildings, hardware inventory) plus raw activity lines. Every entry is validated (pydantic,
unknown fields refused) and turned into activity lines by the domain helpers; any error names
the file, the line and the field. ``coopcarbon schema`` prints the JSON Schema for editors.
See ``docs/reference/bilan-file.md``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from ..activities import ActivityLine, DataQuality
from ..errors import CoopCarbonError, InputError, Problem, UnitMismatchError, UnknownFactorError
from ..io.yamlfile import Document, dotted, load_yaml
from ..units import Q

if TYPE_CHECKING:
    from ..bilan import Bilan
    from ..factors.library import FactorLibrary
    from .activity_csv import CsvActivities

__all__ = ["BILAN_SCHEMA_VERSION", "BilanFile", "BilanInputs", "bilan_json_schema", "dump_bilan",
           "read_bilan"]

#: Version of the bilan file format.
BILAN_SCHEMA_VERSION: Literal["1"] = "1"

QuantityText = Annotated[str, Field(description="a number and a unit, e.g. '12 km'", min_length=1)]
Quality = Literal["measured", "estimated", "extrapolated"]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Site(_Entry):
    """A site: office, agency or subsidiary."""

    name: str = Field(min_length=1)
    country: str = "FR"
    floor_area: QuantityText | None = Field(default=None, description="floor area, e.g. '450 m2'")
    share: float = Field(default=1.0, gt=0, le=1, description="share of the building occupied")


class Respondent(_Entry):
    """One commute-survey answer (or a group of identical answers with ``count``)."""

    mode: str
    one_way_distance: QuantityText
    days_on_site_per_week: float = Field(ge=0, le=7)
    weeks_per_year: float = Field(default=46.0, gt=0, le=53)
    telework_days_per_week: float = Field(default=0.0, ge=0, le=7)
    count: float = Field(default=1, gt=0, description="people giving this answer")
    occupants: int = Field(default=1, ge=1)
    fuel: str | None = None
    size: str | None = None


class Commute(_Entry):
    """Employee commuting from a survey, extrapolated to the headcount."""

    respondents: list[Respondent] = Field(min_length=1)
    headcount: int | None = Field(default=None, ge=1, description="default: the bilan's headcount")
    telework_home_energy: bool = Field(default=True, description="count home energy of telework days")
    site: str = ""


class Trip(_Entry):
    """A business trip: by mode and distance, or a flight between two coordinates."""

    mode: str
    distance: QuantityText | None = None
    origin: tuple[float, float] | None = None
    destination: tuple[float, float] | None = None
    travellers: int = Field(default=1, ge=1)
    occupants: int | None = Field(default=None, ge=1)
    round_trip: bool = False
    contrails: bool = True
    label: str = ""
    data_quality: Quality = "measured"


class FleetFuel(_Entry):
    """Fuel bought for company vehicles (litres), scope 1."""

    fuel: str
    volume: QuantityText
    label: str = ""


class FleetDistance(_Entry):
    """Distance driven by company vehicles of a type (vehicle km), scope 1."""

    vehicle: str
    distance: QuantityText
    label: str = ""


class Fleet(_Entry):
    """The company fleet, by fuel bought or by distance driven."""

    fuel: list[FleetFuel] = Field(default_factory=list)
    distance: list[FleetDistance] = Field(default_factory=list)


class Heating(_Entry):
    """Heating of a site from bills, or estimated from its floor area when there is no bill."""

    site: str = ""
    carrier: str
    energy: QuantityText | None = Field(default=None, description="billed energy; omit to estimate")
    basis: Literal["PCS", "PCI"] | None = None
    share: float | None = Field(default=None, gt=0, le=1, description="default: the site's share")
    label: str = ""


class SupplierMixContract(_Entry):
    """A supplier's declared production mix (shares by technology)."""

    type: Literal["supplier_mix"]
    supplier: str
    shares: dict[str, float]
    source: str = Field(min_length=1)


class DeclaredFactorContract(_Entry):
    """A supplier's declared factor, as a factor id of a (user) table."""

    type: Literal["declared_factor"]
    factor_id: str
    supplier: str = ""


class GuaranteesOfOriginContract(_Entry):
    """A green offer backed only by guarantees of origin of one technology."""

    type: Literal["guarantees_of_origin"]
    technology: str
    supplier: str = ""


ContractEntry = Annotated[SupplierMixContract | DeclaredFactorContract | GuaranteesOfOriginContract,
                          Field(discriminator="type")]


class Electricity(_Entry):
    """Electricity bought by a site, with its contract (none: residual mix)."""

    site: str = ""
    energy: QuantityText
    country: str | None = Field(default=None, description="default: the site's country, else FR")
    contract: ContractEntry | None = None
    data_quality: Quality = "measured"


class Solar(_Entry):
    """Rooftop solar of a site."""

    site: str = ""
    produced: QuantityText
    self_consumed: QuantityText | None = None


class Refrigerant(_Entry):
    """Refrigerant leaks: refilled mass, or charge × annual leak rate."""

    site: str = ""
    refrigerant: str
    refilled: QuantityText | None = None
    charge: QuantityText | None = None
    leak_rate: float | None = Field(default=None, gt=0, le=1)
    gwp: Literal["AR5", "AR6"] = "AR6"


class Building(_Entry):
    """Construction or renovation of a building, as a capital good."""

    site: str = ""
    floor_area: QuantityText | None = Field(default=None, description="default: the site's floor area")
    year_built: int = Field(ge=1800, le=2100)
    kind: Literal["construction", "renovation"] = "construction"
    lifetime: float | None = Field(default=None, gt=0)
    convention: Literal["amortised", "full"] = "amortised"
    share: float | None = Field(default=None, gt=0, le=1)


class DeviceEntry(_Entry):
    """Devices of one kind bought the same year."""

    kind: str
    count: int = Field(ge=0)
    purchase_year: int = Field(ge=1990, le=2100)
    lifetime: float | None = Field(default=None, gt=0)
    refurbished: bool = False
    screen_size: QuantityText | None = None


class Hardware(_Entry):
    """The IT hardware inventory."""

    convention: Literal["amortised", "purchase_year"] = "amortised"
    devices: list[DeviceEntry] = Field(default_factory=list)
    site: str = ""


class Activity(_Entry):
    """A raw activity line: a quantity and a factor id (for anything the domains don't cover)."""

    quantity: QuantityText
    factor_id: str
    label: str = ""
    domain: Literal["mobility", "buildings", "energy", "hardware", "purchases", "other"] = "other"
    scope: Literal[1, 2, 3] | None = None
    ghg_category: int | None = Field(default=None, ge=1, le=15)
    beges_post: str | None = None
    data_quality: Quality = "measured"
    uncertainty: float | None = Field(default=None, ge=0, le=1)
    basis: Literal["PCS", "PCI"] | None = None
    scope2_method: Literal["location", "market"] | None = None
    group: str = ""
    site: str = ""
    note: str = ""


class PurchaseEntry(_Entry):
    """Money spent in a sector, valued with its monetary ratio (excluding VAT)."""

    category: str = Field(description="a key of coopcarbon.domains.purchases.CATEGORIES or a purchases.* id")
    amount: QuantityText = Field(description="amount excluding VAT, e.g. '12000 EUR'")
    year: int | None = Field(default=None, ge=1990, le=2100, description="default: the bilan's year")
    label: str = ""
    capital: bool = Field(default=False, description="a fixed asset: capital goods (post 4.2)")


class MealEntry(_Entry):
    """Meals paid by the organisation, by kind (canteen count, receipts or survey)."""

    kind: str
    count: float = Field(ge=0)
    label: str = ""
    data_quality: Quality = "measured"


class WasteEntry(_Entry):
    """Waste of a year, by material and treatment (weighings, or estimates from bin volumes)."""

    material: str = Field(description="residual, paper_cardboard, plastics, glass, food, weee")
    treatment: str = Field(default="average", description="average, incineration, landfill, recycling...")
    mass: QuantityText = Field(description="mass over the year, e.g. '350 kg'")
    site: str = ""
    label: str = ""
    data_quality: Quality = "estimated"


class DigitalEntry(_Entry):
    """Digital services: cloud by spend, storage and video calls by usage."""

    cloud_spend: QuantityText | None = Field(default=None, description="cloud/SaaS bills excl. VAT, e.g. '4800 EUR'")
    storage: QuantityText | None = Field(default=None, description="data stored all year, e.g. '500 GB'")
    videoconference_hours: float | None = Field(default=None, ge=0)
    videoconference_participants: float = Field(default=1, gt=0)


class FecEntryFile(_Entry):
    """A FEC accounting export to import (paths relative to the bilan file, inside its folder)."""

    file: str = Field(min_length=1)
    mapping: str | None = Field(default=None, description="a mapping YAML; default: the bundled PCG mapping")
    year: int | None = Field(default=None, ge=1990, le=2100, description="fiscal year; default: the bilan's year")


class BilanInputs(_Entry):
    """Domain inputs of a bilan file."""

    sites: list[Site] = Field(default_factory=list)
    commute: Commute | None = None
    trips: list[Trip] = Field(default_factory=list)
    fleet: Fleet | None = None
    heating: list[Heating] = Field(default_factory=list)
    electricity: list[Electricity] = Field(default_factory=list)
    solar: list[Solar] = Field(default_factory=list)
    refrigerants: list[Refrigerant] = Field(default_factory=list)
    buildings: list[Building] = Field(default_factory=list)
    hardware: Hardware | None = None
    activities: list[Activity] = Field(default_factory=list)
    purchases: list[PurchaseEntry] = Field(default_factory=list)
    meals: list[MealEntry] = Field(default_factory=list)
    waste: list[WasteEntry] = Field(default_factory=list)
    digital: DigitalEntry | None = None
    fec: FecEntryFile | None = None

    _document: Document | None = PrivateAttr(default=None)
    _csv: list[CsvActivities] = PrivateAttr(default_factory=list)  # `activities_csv:` files, read
    _fec_notes: list[str] = PrivateAttr(default_factory=list)  # accounts of the FEC not valued

    # -- lines --------------------------------------------------------------------------------
    def to_lines(self, bilan: Bilan, library: FactorLibrary) -> list[ActivityLine]:
        """Every activity line of these inputs; all problems are reported at once, located.

        Each entry's lines are checked against ``library`` here (factor ids, units, heating-value
        basis, categories), so that a problem the engine would find is reported at the entry's
        file:line rather than at a line number of the computation.
        """
        from ..engine import compute_lines

        lines: list[ActivityLine] = []
        problems: list[Problem] = self._site_problems()
        checked: set[tuple[Any, ...]] = set()
        for path, make in self._makers(bilan, library):
            try:
                made = make()
                for line in made:
                    key = (line.factor_id, str(line.quantity.units), line.basis, line.scope,
                           line.ghg_category, line.beges_post)
                    if key not in checked:
                        compute_lines([line], library)
                        checked.add(key)
            except CoopCarbonError as exc:
                problems.extend(self._locate(exc, path))
            else:
                lines.extend(made)
        for table in self._csv:  # problems are located in the CSV file (row, column)
            csv_problems = table.check_against(library)
            problems.extend(csv_problems)
            lines.extend([] if csv_problems else table)
        if problems:
            problems.sort(key=lambda p: (p.line or 0, p.column or 0))
            raise InputError(problems, f"{len(problems)} problem(s) in {self._file()}")
        return lines

    def _site_problems(self) -> list[Problem]:
        """Entries naming a site that ``sites`` does not declare (a typo loses its share and country)."""
        import difflib

        if not self.sites:
            return []
        names = [site.name for site in self.sites]
        problems = []
        doc = self._document
        for section in ("heating", "electricity", "solar", "refrigerants", "buildings", "activities",
                        "commute", "hardware"):
            value = getattr(self, section)
            entries = value if isinstance(value, list) else [value] if value is not None else []
            for i, entry in enumerate(entries):
                site = getattr(entry, "site", "")
                if not site or site in names:
                    continue
                path: tuple[str | int, ...] = ((section, i, "site") if isinstance(value, list)
                                               else (section, "site"))
                close = difflib.get_close_matches(site, names, n=3, cutoff=0.5)
                line, column = doc.mark(path) if doc is not None else (None, None)
                problems.append(Problem(
                    self._file(), line, column, dotted(path), f"unknown site {site!r}",
                    "one of the names under sites: " + ", ".join(repr(n) for n in names),
                    ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close
                    else "add it under sites (its share and country are used)"))
        return problems

    def notes(self, bilan: Bilan) -> list[str]:
        """Conventions applied, for the report."""
        notes = []
        if self.commute is not None:
            answered = sum(r.count for r in self.commute.respondents)
            headcount = self.commute.headcount or bilan.headcount
            if answered != headcount:
                notes.append(f"commute survey: {answered:g} of {headcount:g} employees answered; "
                             f"extrapolated ×{headcount / answered:.2f}")
        if self.hardware is not None and self.hardware.devices:
            notes.append(f"IT hardware: {self.hardware.convention} convention"
                         + (" (embodied emissions spread over the years the devices are kept)"
                            if self.hardware.convention == "amortised" else
                            " (embodied emissions counted in the purchase year, GHG Protocol)"))
        notes += [note for table in self._csv for note in table.notes()]
        notes += self._fec_notes
        return notes

    def _file(self) -> str:
        return self._document.file if self._document is not None else "<bilan>"

    def _locate(self, exc: CoopCarbonError, path: tuple[str | int, ...]) -> list[Problem]:
        """The problems of ``exc`` (raised for the entry at ``path``) at the entry's file:line.

        A domain helper names the parameter (``distance``, ``shares``, ``respondents[2].mode``);
        it is found under the entry in the document, so the line is the field's own line.
        """
        file = self._file()
        if isinstance(exc, InputError) and exc.problems:
            located = []
            for p in exc.problems:
                full = self._find(path, p.field)
                line, column = self._mark(full)
                located.append(Problem(file, line, column, dotted(full), p.message, p.expected,
                                       p.suggestion))
            return located
        if isinstance(exc, UnknownFactorError):
            full = self._find_value(path, exc.factor_id)
            line, column = self._mark(full)
            suggestion = ("did you mean " + ", ".join(repr(n) for n in exc.nearest) + "?"
                          if exc.nearest else "search the library: `coopcarbon factors search WORD`")
            return [Problem(file, line, column, dotted(full), f"unknown factor id {exc.factor_id!r}",
                            "a factor id of the library (`coopcarbon factors search`)", suggestion)]
        if isinstance(exc, UnitMismatchError):
            full = self._find(path, exc.parameter)
            line, column = self._mark(full)
            value = self._value(full)
            shown = repr(value) if isinstance(value, str) else exc.parameter or "the quantity"
            wanted = str(exc.units2)
            expected = wanted if wanted.startswith("[") else f"{wanted} ({exc.dim2})"
            if exc.dim1 in ("dimensionless", ""):
                message = f"{shown} has no unit"
            else:
                message = f"{shown} has the wrong unit: {exc.units1} is {exc.dim1}"
            hint = exc.extra_msg
            if hint.startswith(("line ", "lines ")) and " uses factor " in hint:
                hint = "uses factor " + hint.split(" uses factor ", 1)[1]
            suggestion = "; ".join(t for t in (hint, f"for example {exc.example!r}" if exc.example
                                                else "") if t)
            return [Problem(file, line, column, dotted(full), message, "a quantity in " + expected,
                            suggestion)]
        line, column = self._mark(path)
        return [Problem(file, line, column, dotted(path), str(exc))]

    def where(self, path: tuple[str | int, ...]) -> str:
        """``file:line`` of the entry at ``path`` (for warnings)."""
        line = self._mark(path)[0]
        return f"{self._file()}:{line}" if line is not None else self._file()

    def _mark(self, path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        return self._document.mark(path) if self._document is not None else (None, None)

    def _value(self, path: tuple[str | int, ...]) -> Any:
        node: Any = self._document.data if self._document is not None else None
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def _find(self, path: tuple[str | int, ...], field: str) -> tuple[str | int, ...]:
        """Path of ``field`` (dotted, as a domain helper names it) under the entry at ``path``."""
        sub = _undotted(field)
        if not sub:
            return path
        if sub[: len(path)] == path:  # already a full path
            return sub
        doc = self._document
        if doc is None or (*path, *sub) in doc.marks:
            return (*path, *sub)
        # the helper's parameter may sit deeper (contract.shares) or carry a sub-key (shares['x'])
        for tail in (sub, sub[-1:], sub[:1]):
            found = [k for k in doc.marks if k[: len(path)] == path and k[-len(tail):] == tail
                     and len(k) > len(path)]
            if found:
                return min(found, key=len)
        return (*path, *sub)

    def _find_value(self, path: tuple[str | int, ...], text: str) -> tuple[str | int, ...]:
        """Path of the first value equal to ``text`` under ``path`` (e.g. a factor id)."""
        doc = self._document
        if doc is None:
            return path
        for key in sorted((k for k in doc.marks if k[: len(path)] == path), key=len):
            if self._value(key) == text:
                return key
        return path

    def _site(self, name: str) -> Site | None:
        for site in self.sites:
            if site.name == name:
                return site
        return None

    def _makers(self, bilan: Bilan, library: FactorLibrary
                ) -> list[tuple[tuple[str | int, ...], Callable[[], list[ActivityLine]]]]:
        from ..domains import buildings, energy, hardware, mobility

        makers: list[tuple[tuple[str | int, ...], Callable[[], list[ActivityLine]]]] = []
        year = bilan.year

        def add(path: tuple[str | int, ...], make: Callable[[], list[ActivityLine]]) -> None:
            makers.append((path, make))

        for i, heat in enumerate(self.heating):
            add(("heating", i), partial(self._heating, heat, library, buildings))
        for i, elec in enumerate(self.electricity):
            add(("electricity", i), partial(self._electricity, elec, year, library, energy))
        for i, sol in enumerate(self.solar):
            add(("solar", i), partial(energy.solar, sol.produced, self_consumed=sol.self_consumed,
                                      site=sol.site))
        for i, ref in enumerate(self.refrigerants):
            add(("refrigerants", i), partial(
                buildings.refrigerant_leak, ref.refrigerant, refilled=ref.refilled,
                charge=ref.charge, leak_rate=ref.leak_rate, gwp=ref.gwp, site=ref.site))
        for i, bld in enumerate(self.buildings):
            add(("buildings", i), partial(self._building, bld, year, library, buildings))
        if self.commute is not None:
            c = self.commute
            respondents = [mobility.CommuteRespondent(
                mode=r.mode, one_way_distance=r.one_way_distance,
                days_on_site_per_week=r.days_on_site_per_week, weeks_per_year=r.weeks_per_year,
                telework_days_per_week=r.telework_days_per_week, count=r.count,
                occupants=r.occupants, fuel=r.fuel, size=r.size) for r in c.respondents]
            headcount = c.headcount or bilan.headcount
            add(("commute",), partial(mobility.commute, respondents, headcount, site=c.site))
            if c.telework_home_energy:
                add(("commute", "telework_home_energy"), partial(
                    self._telework, respondents, headcount, year, library, mobility))
        for i, trip in enumerate(self.trips):
            add(("trips", i), partial(self._trip, trip, mobility))
        if self.fleet is not None:
            for i, ff in enumerate(self.fleet.fuel):
                add(("fleet", "fuel", i), partial(mobility.fleet_fuel, ff.volume, ff.fuel, label=ff.label))
            for i, fd in enumerate(self.fleet.distance):
                add(("fleet", "distance", i),
                    partial(mobility.fleet_distance, fd.distance, fd.vehicle, label=fd.label))
        if self.hardware is not None:
            hw = self.hardware
            for i, dev in enumerate(hw.devices):
                add(("hardware", "devices", i), partial(self._device, dev, hw, year, library, hardware))
        self._add_purchases(add, year, library)
        for i, act in enumerate(self.activities):
            add(("activities", i), partial(_activity_lines, act))
        return makers

    # -- purchases, meals, digital, FEC (coopcarbon.domains.purchases, coopcarbon.bilanfile.fec) ----------
    def _add_purchases(self, add: Callable[[tuple[str | int, ...], Callable[[], list[ActivityLine]]], None],
                       year: int, library: FactorLibrary) -> None:
        from ..domains import purchases

        for i, pe in enumerate(self.purchases):
            add(("purchases", i), partial(purchases.spend, pe.amount, pe.category, year=pe.year or year,
                                          label=pe.label, capital=pe.capital, library=library))
        for i, we in enumerate(self.waste):
            add(("waste", i), partial(purchases.waste, we.mass, we.material, we.treatment, label=we.label,
                                      data_quality=DataQuality(we.data_quality), site=we.site, library=library))
        for i, me in enumerate(self.meals):
            add(("meals", i), partial(purchases.meals, me.count, me.kind, label=me.label,
                                      data_quality=DataQuality(me.data_quality)))
        d = self.digital
        if d is not None:
            if d.cloud_spend is not None:
                add(("digital", "cloud_spend"), partial(purchases.cloud, d.cloud_spend, year=year,
                                                        library=library))
            if d.storage is not None:
                add(("digital", "storage"), partial(purchases.storage, d.storage))
            if d.videoconference_hours is not None:
                add(("digital", "videoconference_hours"), partial(
                    purchases.videoconference, d.videoconference_hours,
                    participants=d.videoconference_participants))
        if self.fec is not None:
            add(("fec", "file"), partial(self._fec, self.fec, year, library))

    def physical_tags(self) -> set[str]:
        """Tags of what this bilan measures physically, for the FEC double-count rule."""
        tags: set[str] = set()
        if self.electricity:
            tags |= {"energy", "electricity"}
        if self.heating:
            tags |= {"energy", "heating"}
        if self.trips:
            tags.add("travel")
        if self.fleet is not None and (self.fleet.fuel or self.fleet.distance):
            tags.add("fleet")
        if self.hardware is not None and self.hardware.devices:
            tags.add("hardware")
        if self.meals:
            tags.add("meals")
        return tags

    def _fec(self, f: FecEntryFile, year: int, library: FactorLibrary) -> list[ActivityLine]:
        from .fec import import_fec

        base = Path(self._file()).resolve().parent if self._document is not None else Path.cwd()
        paths = {}
        for key, name in (("file", f.file), ("mapping", f.mapping)):
            if name is None:
                continue
            resolved = (base / name).resolve()
            if not resolved.is_relative_to(base):
                raise InputError([Problem("<bilan>", None, None, key, f"{name!r} is outside the bilan's folder",
                                          "a path inside the folder of the bilan file")])
            if not resolved.is_file():
                raise InputError([Problem("<bilan>", None, None, key, f"{name!r} not found",
                                          f"a file relative to {base}")])
            paths[key] = resolved
        result = import_fec(paths["file"], year=f.year or year, mapping=paths.get("mapping"),
                            physical=self.physical_tags(), library=library)
        self._fec_notes = result.notes()
        return result.lines

    def _heating(self, h: Heating, library: FactorLibrary, buildings: Any) -> list[ActivityLine]:
        site = self._site(h.site)
        share = h.share if h.share is not None else (site.share if site else 1.0)
        if h.energy is None:
            if site is None or site.floor_area is None:
                raise InputError([Problem("<bilan>", None, None, "energy",
                                          "no energy billed and no floor area to estimate from",
                                          "energy such as '42000 kWh', or a site with floor_area")])
            return list(buildings.heating_estimate(site.floor_area, h.carrier, share=share,
                                                   library=library, site=h.site, label=h.label))
        return list(buildings.heating(h.energy, h.carrier, basis=h.basis, site=h.site, share=share,
                                      label=h.label))

    def _electricity(self, e: Electricity, year: int, library: FactorLibrary, energy: Any
                     ) -> list[ActivityLine]:
        site = self._site(e.site)
        country = e.country or (site.country if site else "FR")
        contract: Any = None
        c = e.contract
        if isinstance(c, SupplierMixContract):
            contract = energy.SupplierMix(c.supplier, c.shares, c.source)
        elif isinstance(c, DeclaredFactorContract):
            contract = energy.DeclaredFactor(c.factor_id, c.supplier)
        elif isinstance(c, GuaranteesOfOriginContract):
            contract = energy.GuaranteesOfOrigin(c.technology, c.supplier)
        return list(energy.electricity(e.energy, year=year, country=country, contract=contract,
                                       site=e.site, library=library,
                                       data_quality=DataQuality(e.data_quality)))

    def _building(self, b: Building, year: int, library: FactorLibrary, buildings: Any
                  ) -> list[ActivityLine]:
        site = self._site(b.site)
        area = b.floor_area or (site.floor_area if site else None)
        if area is None:
            raise InputError([Problem("<bilan>", None, None, "floor_area", "no floor area",
                                      "floor_area such as '450 m2' here or on the site")])
        share = b.share if b.share is not None else (site.share if site else 1.0)
        return list(buildings.construction(area, year_built=b.year_built, reporting_year=year,
                                           kind=b.kind, lifetime=b.lifetime, convention=b.convention,
                                           share=share, library=library, site=b.site))

    def _telework(self, respondents: Sequence[Any], headcount: int, year: int,
                  library: FactorLibrary, mobility: Any) -> list[ActivityLine]:
        days = mobility.telework_days(respondents, headcount)
        if days <= 0:
            return []
        mix = _electricity_mix_id(library, year)
        return list(mobility.telework(f"{days} day", electricity=mix, library=library))

    @staticmethod
    def _device(d: DeviceEntry, hw: Hardware, year: int, library: FactorLibrary, hardware: Any
                ) -> list[ActivityLine]:
        device = hardware.Device(d.kind, d.count, d.purchase_year, lifetime=d.lifetime,
                                 refurbished=d.refurbished, screen_size=d.screen_size)
        return list(hardware.inventory([device], reporting_year=year, convention=hw.convention,
                                       site=hw.site, library=library))

    @staticmethod
    def _trip(t: Trip, mobility: Any) -> list[ActivityLine]:
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


def _undotted(field: str) -> tuple[str | int, ...]:
    """``"respondents[2].mode"`` → ``("respondents", 2, "mode")`` (inverse of :func:`dotted`)."""
    import re

    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _electricity_mix_id(library: FactorLibrary, year: int) -> str:
    """The French consumption mix of ``year``, else the latest earlier vintage, else the earliest."""
    import re

    vintages = sorted(int(m.group(1)) for fid in library
                      if (m := re.fullmatch(r"energy\.electricity\.fr\.mix_(\d{4})", fid)))
    if not vintages:
        raise UnknownFactorError("energy.electricity.fr.mix_" + str(year), library.nearest("energy.electricity.fr.mix"))
    earlier = [v for v in vintages if v <= year]
    return f"energy.electricity.fr.mix_{earlier[-1] if earlier else vintages[0]}"


def _activity_lines(a: Activity) -> list[ActivityLine]:
    return [_activity_line(a)]


def _activity_line(a: Activity) -> ActivityLine:
    try:
        quantity = Q(a.quantity)
    except InputError as exc:  # the unit (or the number) of `quantity` cannot be read
        raise InputError([Problem("<bilan>", None, None, "quantity", p.message, p.expected,
                                  p.suggestion) for p in exc.problems]) from None
    if not quantity.magnitude >= 0 or quantity.magnitude == float("inf"):
        raise InputError([Problem("<bilan>", None, None, "quantity",
                                  f"{a.quantity!r} is negative or not a number", "a quantity >= 0")])
    return ActivityLine(quantity, a.factor_id, label=a.label, scope=a.scope,
                        ghg_category=a.ghg_category, beges_post=a.beges_post, domain=a.domain,
                        data_quality=DataQuality(a.data_quality), activity_uncertainty=a.uncertainty,
                        basis=a.basis, scope2_method=a.scope2_method, group=a.group, site=a.site,
                        note=a.note)


class BilanFile(BilanInputs):
    """A whole bilan file: who, when, the factor tables to add, and the domain inputs."""

    schema_version: Literal["1"] = "1"
    organisation: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    headcount: int = Field(ge=1)
    factors: list[str] = Field(default_factory=list,
                               description="extra factor tables, relative to this file")
    activities_csv: list[str] = Field(
        default_factory=list,
        description="CSV files of activity lines (quantity;unit;factor_id;label...), relative to this file")
    description: str = ""


_INPUT_FIELDS = tuple(BilanInputs.model_fields)


def read_bilan(path: str | Path, *, allow_outside: bool = False) -> Bilan:
    """Read a bilan file into a :class:`~coopcarbon.bilan.Bilan`.

    Factor tables listed under ``factors:`` are resolved relative to the file and may not
    leave its folder unless ``allow_outside`` is true.
    """
    from ..bilan import Bilan

    document = load_yaml(path, error=InputError)
    data = document.data
    if not isinstance(data, dict):
        raise InputError([document.problem((), "the file is empty or is not a mapping",
                                           "a mapping with organisation, year, headcount...",
                                           "see examples/ or `coopcarbon schema`")])
    try:
        parsed = BilanFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problems(exc, document), f"problem(s) in bilan file {document.file}") from None
    base = Path(path).resolve().parent
    tables, problems = _resolve_files(document, "factors", parsed.factors, base, allow_outside,
                                      "factor table")
    csv_files, csv_problems = _resolve_files(document, "activities_csv", parsed.activities_csv, base,
                                             allow_outside, "CSV file")
    problems += csv_problems
    csv_tables = []
    if not csv_problems:
        from .activity_csv import read_activities_csv

        for csv_file in csv_files:
            try:
                csv_tables.append(read_activities_csv(csv_file))
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    inputs = BilanInputs.model_validate({k: getattr(parsed, k) for k in _INPUT_FIELDS
                                         if k in parsed.model_fields_set})
    inputs._document = document
    inputs._csv = csv_tables
    bilan = Bilan(organisation=parsed.organisation, year=parsed.year, headcount=parsed.headcount,
                  inputs=inputs, factors=tables, source_file=Path(path))
    bilan._file_extras = {"description": parsed.description, "factors": list(parsed.factors),  # type: ignore[attr-defined]
                          "activities_csv": list(parsed.activities_csv)}
    return bilan


def _resolve_files(document: Document, key: str, names: Sequence[str], base: Path, allow_outside: bool,
                   what: str) -> tuple[list[Path], list[Problem]]:
    """Files listed under ``key``, relative to ``base``; inside it unless ``allow_outside``."""
    files: list[Path] = []
    problems: list[Problem] = []
    for i, name in enumerate(names):
        try:
            resolved = (base / name).resolve()
            found = resolved.is_file()
        except (OSError, ValueError) as exc:  # a NUL byte, a name too long...
            problems.append(document.problem((key, i), f"{name!r} is not a usable path ({exc})",
                                             "a path relative to the bilan file"))
            continue
        if not allow_outside and not resolved.is_relative_to(base):
            problems.append(document.problem((key, i), f"{name!r} is outside the bilan's folder",
                                             "a path inside the folder of the bilan file",
                                             f"copy the {what} next to the bilan, or pass allow_outside=True"))
        elif not found:
            problems.append(document.problem((key, i), f"{what} {name!r} not found",
                                             f"a file relative to {base}"))
        files.append(resolved)
    return files, problems


def _problems(exc: ValidationError, document: Document) -> list[Problem]:
    import difflib

    problems = []
    for error in exc.errors(include_url=False):
        path = tuple(p for p in error["loc"] if not (isinstance(p, str) and p in {
            "supplier_mix", "declared_factor", "guarantees_of_origin"}))
        message = error["msg"]
        suggestion = ""
        if error["type"] == "extra_forbidden":
            name = str(path[-1])
            message = f"unknown field {name!r}"
            model = _model_at(path[:-1])
            if model is not None:
                close = difflib.get_close_matches(name, list(model.model_fields), n=3, cutoff=0.5)
                suggestion = ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ""
                message += f" (known: {', '.join(model.model_fields)})"
        elif error["type"] == "missing":
            message = f"missing field {str(path[-1])!r}"
        else:
            given = error.get("input")
            if isinstance(given, (str, int, float, bool)) or given is None:
                message += f" (got {given!r})"
        problems.append(document.problem(path, message, _expected(error), suggestion))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def _expected(error: Any) -> str:
    """What a pydantic error type expects, in words (empty when the message says it)."""
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if kind.startswith(("greater_than", "less_than")):
        words = {"gt": "greater than", "ge": "at least", "lt": "less than", "le": "at most"}
        return "a number " + " and ".join(f"{words.get(k, k)} {v:g}" if isinstance(v, (int, float))
                                          else f"{words.get(k, k)} {v}" for k, v in ctx.items())
    if kind == "literal_error":
        return "one of " + str(ctx.get("expected", ""))
    if kind in {"float_parsing", "float_type"}:
        return "a number"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "a whole number"
    if kind in {"string_type", "string_too_short"}:
        return "text; a quantity needs its unit, e.g. '12 km'" if kind == "string_type" else "non-empty text"
    if kind in {"bool_parsing", "bool_type"}:
        return "true or false"
    if kind in {"list_type", "tuple_type"}:
        return "a list (one '- ' item per line, or [a, b])"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "a mapping (key: value lines)"
    if kind.startswith("union_tag") or kind == "union_tag_invalid":
        return "type: supplier_mix, declared_factor or guarantees_of_origin"
    if kind == "too_short":
        return "at least one item"
    return ""


def _model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    model: Any = BilanFile
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            return None
        annotation = field.annotation
        for candidate in _models_in(annotation):
            model = candidate
            break
        else:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def dump_bilan(bilan: Bilan) -> str:
    """The bilan file of ``bilan`` (what was given, defaults left out): file → Bilan → file."""
    extras = getattr(bilan, "_file_extras", {})
    data: dict[str, Any] = {"schema_version": BILAN_SCHEMA_VERSION,
                            "organisation": bilan.organisation, "year": bilan.year,
                            "headcount": bilan.headcount}
    if extras.get("description"):
        data["description"] = extras["description"]
    factors = extras.get("factors") or [str(p) for p in bilan.factors]
    if factors:
        data["factors"] = list(factors)
    if extras.get("activities_csv"):
        data["activities_csv"] = list(extras["activities_csv"])
    if bilan.inputs is not None:
        data.update(bilan.inputs.model_dump(mode="json", exclude_unset=True))
    if bilan.lines:
        activities = data.setdefault("activities", [])
        for line in bilan.lines:
            activities.append(_line_entry(line))
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """Safe dumper whose strings read back identical (PyYAML folds a plain NEL into a space)."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if not value.isprintable():  # line breaks (\n, \r, NEL, U+2028...), tabs, controls: escaped
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def _line_entry(line: ActivityLine) -> dict[str, Any]:
    entry: dict[str, Any] = {"quantity": f"{line.quantity.magnitude!r} {line.quantity.units:D}",
                             "factor_id": line.factor_id}
    optional = {"label": line.label, "domain": line.domain if line.domain != "other" else "",
                "scope": line.scope, "ghg_category": line.ghg_category, "beges_post": line.beges_post,
                "data_quality": line.data_quality.value if line.data_quality != DataQuality.MEASURED else "",
                "uncertainty": line.activity_uncertainty, "basis": line.basis,
                "scope2_method": line.scope2_method, "group": line.group, "site": line.site,
                "note": line.note}
    entry.update({k: v for k, v in optional.items() if v not in (None, "")})
    return entry


def bilan_json_schema() -> dict[str, Any]:
    """JSON Schema of the bilan file (for editors: VS Code YAML, JetBrains...)."""
    schema = BilanFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "coopcarbon bilan file"
    return schema


def bilan_json_schema_text() -> str:
    """:func:`bilan_json_schema` as indented JSON."""
    return json.dumps(bilan_json_schema(), indent=2, ensure_ascii=False)

