"""The bilan file's schema: pydantic models of its entries, data only.

Every entry is validated strictly: unknown fields are refused, a boolean is never read as a
number (``headcount: yes`` is an error, not 1), BEGES posts and GHG Protocol categories must
be those of the nomenclature (:mod:`coopcarbon.categories`). How entries become activity
lines is in :mod:`coopcarbon.bilanfile.entries`; see ``docs/reference/bilan-file.md``.
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..categories import BEGES_POSTS
from ..io.words import boolean_word

__all__ = [
    "BILAN_SCHEMA_VERSION",
    "PLAN_FIELDS",
    "ActionEntry",
    "Activity",
    "BilanFile",
    "BilanInputs",
    "Building",
    "Commute",
    "ContractEntry",
    "DeclaredFactorContract",
    "DeviceEntry",
    "DigitalEntry",
    "Electricity",
    "Entity",
    "ExcludedPost",
    "FecEntryFile",
    "Fleet",
    "FleetDistance",
    "FleetFuel",
    "GuaranteesOfOriginContract",
    "Hardware",
    "Heating",
    "InvestmentEntry",
    "LegalPerson",
    "MealEntry",
    "PurchaseEntry",
    "Refrigerant",
    "Respondent",
    "ScenarioEntry",
    "Site",
    "Solar",
    "SupplierMixContract",
    "Trip",
    "WasteEntry",
]

#: Version of the bilan file format.
BILAN_SCHEMA_VERSION: Literal["1"] = "1"

QuantityText = Annotated[str, Field(description="a number and a unit, e.g. '12 km'", min_length=1)]
Quality = Literal["measured", "estimated", "extrapolated"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Entry(_Strict):
    @field_validator("*", mode="before")
    @classmethod
    def _no_boolean_as_number(cls, value: Any, info: ValidationInfo) -> Any:
        """Refuse ``yes``/``true`` where a number is expected (pydantic would read 1)."""
        if _has_bool(value) and info.field_name is not None and not _takes_bool(cls, info.field_name):
            raise PydanticCustomError("bool_not_number", "a boolean (yes/no, true/false) is not a number")
        return value

    @field_validator("*", mode="before")
    @classmethod
    def _french_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        """Read ``oui``/``non`` (and ``vrai``/``faux``) where a yes/no is expected."""
        if info.field_name is not None and _takes_bool(cls, info.field_name):
            return boolean_word(value)
        return value


class Site(_Entry):
    """A site: office, agency or subsidiary."""

    name: str = Field(min_length=1)
    country: str = "FR"
    floor_area: QuantityText | None = Field(default=None, description="floor area, e.g. '450 m2'")
    share: float = Field(default=1.0, gt=0, le=1, description="share of the building occupied")
    entity: str = Field(default="", description="the legal entity it belongs to (default: the organisation)")


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
    """A business trip: by mode and distance, or a flight between two airports (IATA codes or coordinates)."""

    mode: str
    distance: QuantityText | None = None
    origin: tuple[float, float] | str | None = None
    destination: tuple[float, float] | str | None = None
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
    basis: Literal["PCS", "PCI"] | None = Field(
        default=None, description="heating-value basis of a gas quantity: of the bill (default PCS), or of "
                                  "the per-m² intensity of an estimate (default PCI, assumed)")
    share: float | None = Field(default=None, gt=0, le=1, description="default: the site's share")
    label: str = ""


class SupplierMixContract(_Strict):
    """A supplier's declared production mix (shares by technology)."""

    type: Literal["supplier_mix"]
    supplier: str
    shares: dict[str, float]
    source: str = Field(min_length=1)

    @field_validator("shares", mode="before")
    @classmethod
    def _no_boolean_share(cls, value: Any) -> Any:
        """Refuse ``yes``/``true`` as a share (pydantic would read 1)."""
        if isinstance(value, dict) and any(isinstance(v, bool) for v in value.values()):
            raise PydanticCustomError("bool_not_number", "a boolean (yes/no, true/false) is not a number")
        return value


class DeclaredFactorContract(_Strict):
    """A supplier's declared factor, as a factor id of a (user) table."""

    type: Literal["declared_factor"]
    factor_id: str
    supplier: str = ""


class GuaranteesOfOriginContract(_Strict):
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
    beges_post: str | None = Field(default=None, description="a BEGES v5 post such as '3.2'")
    data_quality: Quality = "measured"
    uncertainty: float | None = Field(default=None, ge=0, le=1)
    basis: Literal["PCS", "PCI"] | None = None
    scope2_method: Literal["location", "market"] | None = None
    group: str = ""
    site: str = ""
    note: str = ""


    @field_validator("beges_post")
    @classmethod
    def _known_post(cls, value: str | None) -> str | None:
        if value is not None and value not in BEGES_POSTS:
            raise PydanticCustomError("beges_post", "unknown BEGES post")
        return value


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


class Entity(_Entry):
    """A legal entity of the organisation (the reporting company, a subsidiary, a joint venture).

    What it brings into the bilan depends on the organisational boundary (GHG Protocol
    Corporate Standard, ch. 3): its ``share`` under equity share; all or nothing under
    financial control (its ``share`` when the control is joint); all or nothing under
    operational control.
    """

    name: str = Field(min_length=1)
    country: str = "FR"
    siren: str | None = Field(default=None, pattern=r"^\d{9}$", description="French SIREN (9 digits)")
    foreign_id: str = Field(default="", description="a registration id abroad (e.g. 'HRB 12345 Berlin')")
    share: float = Field(default=1.0, ge=0, le=1, description="ownership (equity) share, 0.6 = 60 %")
    financial_control: bool = Field(default=True, description="the organisation has financial control")
    joint_control: bool = Field(default=False, description="financial control shared with partners")
    operational_control: bool = Field(default=True, description="the organisation operates it")


class InvestmentEntry(_Entry):
    """Savings or an investment held at the end of the year (financed emissions, BEGES 5.4)."""

    product: str = Field(description="a product type of coopcarbon.domains.purchases.FINANCIAL_PRODUCTS")
    amount: QuantityText = Field(description="outstanding amount at year end, e.g. '150000 EUR'")
    factor_id: str = Field(min_length=1, description="the product's intensity per amount held, in a table")
    label: str = ""
    data_quality: Quality = "estimated"


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
    entities: list[Entity] = Field(default_factory=list)
    boundary: Literal["operational_control", "financial_control", "equity_share"] = Field(
        default="operational_control", description="organisational boundary (GHG Protocol ch. 3)")
    revenue: QuantityText | None = Field(default=None, description="revenue of the year, e.g. '2.4 MEUR'")
    floor_area: QuantityText | None = Field(default=None, description="default: the sites' floor areas")
    sector: str = Field(default="", description="NAF rev. 2 code of the main activity, e.g. '62.01Z'")
    publish_name: bool = Field(default=False, description="consent to be named in a network's report")
    investments: list[InvestmentEntry] = Field(default_factory=list)

    price_index: dict[int, Annotated[float, Field(gt=0, allow_inf_nan=False)]] | None = Field(
        default=None,
        description=("consumer-price index levels by year (e.g. INSEE IPC annual averages), covering the "
                     "spending years and the monetary ratios' year; default: the bundled yearly changes"))

class LegalPerson(_Entry):
    """The legal person a regulatory BEGES describes (article R229-47 of the environment code)."""

    name: str = Field(default="", description="registered name; default: the organisation")
    legal_form: str = Field(default="", description="e.g. 'SCOP SA', 'SAS'")
    siren: str = Field(default="", pattern=r"^(\d{9})?$", description="SIREN number, 9 digits")
    naf: str = Field(default="", description="NAF/APE activity code, e.g. '62.02A'")
    address: str = ""
    contact: str = Field(default="", description="person in charge of the bilan")
    activity: str = Field(default="", description="what the organisation does, in a sentence")


class ExcludedPost(_Entry):
    """A BEGES post left out of the bilan, and why (a regulatory report lists them)."""

    post: str = Field(description="a BEGES v5 post such as '3.1'")
    reason: str = Field(min_length=1, description="why it is left out (not relevant, no data...)")

    @field_validator("post")
    @classmethod
    def _known_post(cls, value: str) -> str:
        if value not in BEGES_POSTS:
            raise PydanticCustomError("beges_post", "unknown BEGES post")
        return value


class ActionEntry(_Entry):
    """An action of the transition plan: what, which posts, how much, when, who."""

    action: str = Field(min_length=1)
    posts: list[str] = Field(default_factory=list, description="BEGES v5 posts it reduces")
    reduction: QuantityText | None = Field(default=None, description="expected saving a year, e.g. '3 tCO2e'")
    reduction_share: float | None = Field(default=None, gt=0, le=1,
                                          description="expected saving as a fraction of its posts' emissions")
    start: int | None = Field(default=None, ge=1990, le=2100)
    end: int | None = Field(default=None, ge=1990, le=2100)
    cost: QuantityText | None = Field(default=None, description="e.g. '12000 EUR'")
    owner: str = ""
    status: Literal["planned", "in_progress", "done", "abandoned"] = "planned"
    indicator: str = Field(default="", description="how progress is measured")

    @field_validator("posts")
    @classmethod
    def _known_posts(cls, value: list[str]) -> list[str]:
        if any(post not in BEGES_POSTS for post in value):
            raise PydanticCustomError("beges_post", "unknown BEGES post")
        return value


class ScenarioEntry(_Entry):
    """A scenario of the bilan file: a name and changes (see coopcarbon.scenarios.from_entry)."""

    name: str = Field(min_length=1)
    switch_supplier: str | None = Field(default=None, description="a factor id of a supplier, or 'residual'")
    keep_devices: float | None = Field(default=None, gt=0, description="lifetime of devices [years]")
    commute_shift: list[str] = Field(default_factory=list, description="'car:bike:20%' (from:to:share)")
    telework_days: float | None = Field(default=None, gt=0, le=5,
                                        description="extra telework days a week for those who commute")
    fleet_to: str | None = None


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
    legal_person: LegalPerson | None = None
    reference_year: int | None = Field(default=None, ge=1990, le=2100,
                                       description="base year of the targets; default: the earliest year given")
    excluded_posts: list[ExcludedPost] = Field(default_factory=list)
    actions: list[ActionEntry] = Field(default_factory=list)
    scenarios: list[ScenarioEntry] = Field(default_factory=list)


#: The report and plan sections of :class:`BilanFile`: they do not change the emissions.
PLAN_FIELDS = ("legal_person", "reference_year", "excluded_posts", "actions", "scenarios")


@cache
def _takes_bool(model: type[BaseModel], name: str) -> bool:
    """Whether field ``name`` of ``model`` accepts booleans (its annotation names ``bool``)."""
    field = model.model_fields.get(name)
    return field is None or _mentions_bool(field.annotation)


def _mentions_bool(annotation: Any) -> bool:
    return annotation is bool or any(_mentions_bool(arg) for arg in typing.get_args(annotation))


def _has_bool(value: Any) -> bool:
    """A boolean, or a list of values holding one (a mapping is an entry: its fields check themselves)."""
    kind = type(value)
    if kind is bool:
        return True
    return kind in (list, tuple) and any(isinstance(v, bool) for v in value)
