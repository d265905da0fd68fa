"""The factor table format, validated with pydantic (strict, frozen, no unknown fields).

A table is a YAML mapping with two keys::

    table:                     # metadata of the whole table
      name: mobility
      version: "2026.11"
      source: ADEME Base Empreinte (via Impact CO2)
      license: Licence Ouverte / Etalab 2.0
      retrieved: 2026-07-01
    factors:
      mobility.train.tgv:      # dotted id, namespaced by domain
        name_fr: TGV
        name_en: High-speed train (TGV)
        value: 0.00293
        unit: kgCO2e/passenger_km
        uncertainty: 0.2       # relative half-width of the 95 % interval (0.2 = ±20 %)
        source: ADEME Base Empreinte via Impact CO2 (deplacement.ts)
        source_id: "43256"
        year: 2022
        region: FR
        scope: 3
        ghg_category: 6
        beges_post: "3.5"
        source_key: ADEME-BE-23      # key of emission_factors/bibliography.yml
        verified: false              # true only when the value was checked in that publication
        process_kind: transport_service  # sets the pedigree's basic uncertainty (when no uncertainty)

See ``docs/reference/factor-table-format.md`` for every field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from ..io.words import boolean_word
from ..pedigree import ProcessKind
from .tableformat import FACTOR_ID_PATTERN, SOURCE_KEY_PATTERN, BegesPost

__all__ = [
    "FACTOR_ID_PATTERN",
    "GAS_CODES",
    "SOURCE_KEY_PATTERN",
    "FactorEntry",
    "IndicatorEntry",
    "ParameterEntry",
    "PartEntry",
    "QualityScores",
    "TableFile",
    "TableMeta",
]

#: Gas columns of a decomposition by gas, as ADEME's export names them: fossil CO2, fossil and
#: biogenic CH4, N2O, other GHGs (CO2e), biogenic CO2 (reported apart, not in the total). Other
#: gases go by their own code (``SF6``, ``HFC-134a``...).
GAS_CODES = ("CO2f", "CH4f", "CH4b", "N2O", "other", "CO2b")

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class QualityScores(_Strict):
    """Bilan Carbone / pedigree-matrix data-quality scores, 1 (best) to 5 (worst)."""

    reliability: int = Field(ge=1, le=5)
    completeness: int = Field(ge=1, le=5)
    temporal: int = Field(ge=1, le=5)
    geographic: int = Field(ge=1, le=5)
    technological: int = Field(ge=1, le=5)


class TableMeta(_Strict):
    """Metadata of a whole table."""

    name: NonEmpty
    version: NonEmpty
    source: NonEmpty
    license: NonEmpty
    retrieved: dt.date
    title_fr: str = ""
    title_en: str = ""
    url: str = ""
    notes: str = ""
    generated_by: str = ""

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value


class IndicatorEntry(_Strict):
    """Another environmental indicator of the same activity (never added to CO2e).

    ``unit`` is the indicator's unit per unit of activity, with the factor's own denominator:
    ``kgSbeq/device`` (abiotic resource depletion, elements), ``MJ/device`` (primary energy),
    ``m3/device`` (water use).
    """

    value: float
    unit: NonEmpty
    source: NonEmpty
    source_id: str = ""
    year: int | None = Field(default=None, ge=1990, le=2100)
    notes: str = ""

    @field_validator("value")
    @classmethod
    def _finite_non_negative(cls, value: float) -> float:
        if not math.isfinite(value) or value < 0:
            raise ValueError("must be a finite number >= 0")
        return value


GasName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.,()-]*$", max_length=40)]
#: A finite number (NaN and infinities refused by pydantic itself: fast on large imported tables).
Finite = Annotated[float, Field(allow_inf_nan=False)]


class PartEntry(_Strict):
    """One part of a factor's decomposition as its source publishes it (a "poste" in ADEME's bases).

    ``value`` is in the factor's own unit; the parts of a factor add up to its value (the
    source's rounding aside). ``kind`` is the source's type of part (``Combustion``, ``Amont``,
    ``Fabrication``, ``Intrants``, ``Transport``, ``Fin de vie``...); ``gases`` its split by gas,
    in CO2e of the factor's unit, when the source gives one. A part may be negative (an avoided
    or stored emission shown by the source), the factor's value may not.
    """

    kind: NonEmpty
    value: Finite
    name_fr: str = ""
    name_en: str = ""
    gases: dict[GasName, Finite] = Field(default_factory=dict)


class FactorEntry(_Strict):
    """One emission factor as written in a table."""

    @field_validator("estimated", "override", mode="before")
    @classmethod
    def _yes_no_words(cls, value: Any) -> Any:
        """``oui``/``non`` as the CSV tables take them (:mod:`coopcarbon.io.words`)."""
        return boolean_word(value)

    name_fr: NonEmpty
    name_en: NonEmpty
    value: float
    unit: NonEmpty
    source: NonEmpty
    year: int = Field(ge=1990, le=2100)
    uncertainty: float | None = Field(default=None, ge=0.0, le=1.0)
    uncertainty_source: str = ""
    quality: QualityScores | None = None
    process_kind: ProcessKind | None = None
    source_id: str = ""
    source_key: Annotated[str, StringConstraints(pattern=SOURCE_KEY_PATTERN)] | None = None
    verified: bool = False
    source_url: str = ""
    valid_from: int | None = Field(default=None, ge=1990, le=2100)
    valid_to: int | None = Field(default=None, ge=1990, le=2100)
    region: str = "FR"
    gwp: Literal["AR4", "AR5", "AR6"] = "AR5"
    basis: Literal["PCI", "PCS"] | None = None
    pcs_pci_ratio: float | None = Field(default=None, gt=1.0, lt=1.2)
    scope: Literal[1, 2, 3] = 3
    ghg_category: int | None = Field(default=None, ge=1, le=15)
    beges_post: BegesPost = "6.1"
    without_non_co2: str | None = None
    lifetime_years: float | None = Field(default=None, gt=0)
    estimated: bool = False
    license: str = ""
    notes: str = ""
    override: bool = False
    indicators: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], IndicatorEntry] = Field(
        default_factory=dict)
    parts: tuple[PartEntry, ...] = ()
    gases: dict[GasName, Finite] = Field(default_factory=dict)

    @field_validator("source_id", mode="before")
    @classmethod
    def _id_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value

    @field_validator("value")
    @classmethod
    def _finite_non_negative(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number, not NaN or infinite")
        if value < 0:
            raise ValueError("must not be negative (emission factors are >= 0; model removals as separate lines)")
        return value

    @field_validator("without_non_co2")
    @classmethod
    def _id_format(cls, value: str | None) -> str | None:
        if value is not None and not re.match(FACTOR_ID_PATTERN, value):
            raise ValueError("must be a factor id such as 'mobility.plane.short_haul.without_contrails'")
        return value

    @model_validator(mode="after")
    def _coherent(self) -> FactorEntry:
        if self.scope == 3 and self.ghg_category is None:
            raise ValueError("scope 3 factors need ghg_category (1 to 15)")
        if self.scope != 3 and self.ghg_category is not None:
            raise ValueError("ghg_category is only for scope 3 factors")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError("valid_from is after valid_to")
        if self.verified and not self.source_key:
            raise ValueError("verified: true needs source_key (the publication the value was checked in)")
        if self.basis is not None and self.pcs_pci_ratio is None and self.basis == "PCI":
            # a PCI factor without ratio cannot take PCS quantities: allowed, the engine refuses them
            pass
        return self


class ParameterEntry(_Strict):
    """A sourced parameter that is not an emission factor (a PCS/PCI ratio, kWh per m²...)."""

    @field_validator("estimated", "override", mode="before")
    @classmethod
    def _yes_no_words(cls, value: Any) -> Any:
        """``oui``/``non`` as the CSV tables take them (:mod:`coopcarbon.io.words`)."""
        return boolean_word(value)

    name_fr: NonEmpty
    name_en: NonEmpty
    value: float
    unit: NonEmpty
    source: NonEmpty
    year: int = Field(ge=1990, le=2100)
    uncertainty: float | None = Field(default=None, ge=0.0, le=1.0)
    uncertainty_source: str = ""
    source_id: str = ""
    source_url: str = ""
    region: str = "FR"
    estimated: bool = False
    license: str = ""
    notes: str = ""
    override: bool = False

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("must be a finite number, not NaN or infinite")
        return value


FactorId = Annotated[str, StringConstraints(pattern=FACTOR_ID_PATTERN)]
SourceKey = Annotated[str, StringConstraints(pattern=SOURCE_KEY_PATTERN)]


class TableFile(_Strict):
    """A whole table file: metadata, factors by id, and optional sourced parameters by id."""

    table: TableMeta
    factors: dict[FactorId, FactorEntry] = Field(default_factory=dict)
    parameters: dict[FactorId, ParameterEntry] = Field(default_factory=dict)
