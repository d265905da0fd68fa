"""Foreign grids by year (issue 13, point 5): Ember's carbon intensity of every country, per year.

Known answers, read in ``tools/reference-data/ember_carbon_intensity.csv`` (Ember, Yearly
Electricity Data, 2025 release, via Our World in Data's grapher "carbon-intensity-electricity",
CC BY 4.0) and converted by hand from gCO2e/kWh to kgCO2e/kWh:

- Spain 2023 169.2753 → 0.1692753; Spain 2024 146.15356 → 0.14615356;
- Belgium 2024 117.57641 → 0.11757641; Netherlands 2024 253.31152 → 0.25331152;
- Germany 2023 371.31064 → 0.37131064; France 2024 44.179085 → 0.044179085;
- Central African Republic 2018 to 2022: 0 (left out: not a life-cycle figure).

The single 2019 values kept in energy.yaml: Spain 0.279, Belgium 0.23, Netherlands 0.45
(Boavizta's copy of a study).
"""

from __future__ import annotations

import csv
import importlib.util
import warnings
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

import coopcarbon as cc
from coopcarbon.domains import energy, grids
from coopcarbon.domains.iso3166 import ISO_COUNTRIES
from coopcarbon.errors import CoopCarbonWarning

REPO = Path(__file__).resolve().parents[1]
CSV = REPO / "tools" / "reference-data" / "ember_carbon_intensity.csv"
CURATION = REPO / "tools" / "curation"
VALUE = "Carbon intensity of electricity - gCO2/kWh"
LIB = cc.load_factors()


def _rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_tables", REPO / "tools" / "build_tables.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------------
# The vendored data and the table built from it
# ------------------------------------------------------------------------------------------------

def test_the_csv_holds_countries_from_2018_only() -> None:
    assert CSV.read_text(encoding="utf-8").splitlines()[0] == f"Entity,Code,Year,{VALUE}"
    rows = _rows()
    iso3 = {alpha3 for alpha3, _, _ in ISO_COUNTRIES.values()}
    assert len(rows) == 1318
    assert {r["Code"] for r in rows} <= iso3 and len({r["Code"] for r in rows}) == 212
    assert {int(r["Year"]) for r in rows} == set(range(2018, 2025))
    assert "\r" not in CSV.read_text(encoding="utf-8")


@pytest.mark.parametrize(("factor_id", "kg_per_kwh"), [
    ("energy.electricity.esp.grid_2023", 0.1692753),
    ("energy.electricity.esp.grid_2024", 0.14615356),
    ("energy.electricity.bel.grid_2024", 0.11757641),
    ("energy.electricity.nld.grid_2024", 0.25331152),
    ("energy.electricity.deu.grid_2023", 0.37131064),
    ("energy.electricity.fra.grid_2024", 0.044179085),
])
def test_cited_values(factor_id: str, kg_per_kwh: float) -> None:
    factor = LIB[factor_id]
    assert factor.value.magnitude == kg_per_kwh  # the published digits, shifted by 3 places
    assert factor.value.units == cc.Q("1 kgCO2e/kWh").units
    assert (factor.scope, factor.beges_post, factor.process_kind) == (2, "2.1", "energy_demand")
    assert factor.table == "electricity_countries"


def test_every_row_is_a_factor_with_its_provenance() -> None:
    built = {fid: f for fid, f in LIB.items() if f.table == "electricity_countries"}
    rows = _rows()
    assert len(built) == len(rows) - 5 == 1313  # the 5 rows of 0 are left out
    for row in rows:
        factor_id = f"energy.electricity.{row['Code'].lower()}.grid_{row['Year']}"
        if row[VALUE] == "0":
            assert factor_id not in LIB
            continue
        factor = built[factor_id]
        assert Decimal(str(factor.value.magnitude)) == Decimal(row[VALUE]).scaleb(-3), factor_id
        assert factor.year == int(row["Year"]) and factor.region == row["Code"], factor_id
        assert (factor.source_key, factor.source_id, factor.verified) == (
            "EMBER-YEARLY-2025", f"{row['Code']} {row['Year']}", False), factor_id
        assert factor.quality is not None and factor.license.startswith("CC BY 4.0"), factor_id
        assert "Life-cycle" in factor.notes and "generated" in factor.notes, factor_id


def test_the_old_2019_factors_are_kept() -> None:
    # users may cite them; the chooser prefers the yearly ones
    assert LIB["energy.electricity.esp.grid"].value.magnitude == 0.279
    assert LIB["energy.electricity.bel.grid"].value.magnitude == 0.23
    assert LIB["energy.electricity.nld.grid"].value.magnitude == 0.45


def test_the_source_is_in_the_bibliography() -> None:
    entry = yaml.safe_load((REPO / "emission_factors" / "bibliography.yml").read_text(encoding="utf-8"))[
        "EMBER-YEARLY-2025"]
    assert entry["publisher"] == "Ember" and entry["license"].startswith("CC BY 4.0")
    assert entry["url"] == "https://ourworldindata.org/grapher/carbon-intensity-electricity"


# ------------------------------------------------------------------------------------------------
# The builder's dataset section
# ------------------------------------------------------------------------------------------------

def _dataset(rows: list[tuple[str, str, str, str]]) -> tuple[Any, dict[str, Any], list[str]]:
    module = _builder()
    reference = {"ember_carbon_intensity.csv": {
        f"line {n}": dict(zip(("Entity", "Code", "Year", VALUE), row, strict=True))
        for n, row in enumerate(rows, start=2)}}
    common = yaml.safe_load((CURATION / "common.yaml").read_text(encoding="utf-8"))
    curation = yaml.safe_load((CURATION / "electricity_countries.yaml").read_text(encoding="utf-8"))
    builder = module.Builder(reference, common)
    factors, notes = builder.dataset(curation["dataset"], curation, "test")
    return builder, factors, notes


def test_the_builder_keeps_the_digits_and_leaves_zeros_out() -> None:
    builder, factors, notes = _dataset([("Spain", "ESP", "2024", "146.15356"), ("Aruba", "ABW", "2021", "550"),
                                        ("Central African Republic", "CAF", "2019", "0")])
    assert list(factors) == ["energy.electricity.esp.grid_2024", "energy.electricity.abw.grid_2021"]
    assert factors["energy.electricity.esp.grid_2024"]["value"] == 0.14615356
    assert factors["energy.electricity.abw.grid_2021"]["value"] == 0.55
    assert factors["energy.electricity.esp.grid_2024"]["name_fr"] == "Électricité, réseau Espagne (Ember, 2024)"
    assert factors["energy.electricity.esp.grid_2024"]["name_en"] == "Electricity, Spain grid (Ember, 2024)"
    assert len(notes) == 1 and notes[0].endswith(": CAF 2019.")
    assert ("ember_carbon_intensity.csv", "line 4") in builder.skipped


@pytest.mark.parametrize(("row", "message"), [
    (("Kosovo", "OWID_KOS", "2020", "700"), "not an ISO 3166 alpha-3 code"),
    (("Spain", "ESP", "2024", "n/a"), "is not a number"),
])
def test_the_builder_refuses_a_row_it_cannot_use(row: tuple[str, str, str, str], message: str) -> None:
    with pytest.raises(Exception, match=message) as caught:
        _dataset([row])
    assert type(caught.value).__name__ == "BuildError"


# ------------------------------------------------------------------------------------------------
# The chooser
# ------------------------------------------------------------------------------------------------

def _location(country: str, year: int) -> cc.ActivityLine:
    """The location-based line (for France, the generation post of ADEME's split mix)."""
    location = energy.electricity("1000 kWh", year=year, country=country, library=LIB)[0]
    assert location.scope2_method == "location"
    return location


def _kg(line: cc.ActivityLine) -> float:
    return float(line.quantity.to("kWh").magnitude * LIB[line.factor_id].value.magnitude)


def test_the_year_of_the_bilan_is_taken() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoopCarbonWarning)
        choice = grids.location_factor("ES", "ESP", 2023, LIB)
        line = _location("Spain", 2023)
    assert choice == grids.GridChoice("energy.electricity.esp.grid_2023", choice.note, "")
    assert "ESP grid average, data year 2023 (Ember" in choice.note
    assert line.factor_id == "energy.electricity.esp.grid_2023"
    assert _kg(line) == pytest.approx(169.2753)  # 1000 kWh × 0.1692753


@pytest.mark.parametrize(("year", "taken"), [(2025, 2024), (2026, 2024), (2015, 2018)])
def test_the_nearest_year_is_taken_and_said(year: int, taken: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", CoopCarbonWarning)  # a yearly table lags: a note, not a warning
        choice = grids.location_factor("ES", "ESP", year, LIB)
    assert choice.factor_id == f"energy.electricity.esp.grid_{taken}"
    assert choice.fallback == "year"
    assert f"data year {taken}" in choice.note


def test_france_keeps_ademe_s_mix() -> None:
    assert _location("FR", 2024).factor_id == "energy.electricity.fr.mix_2024.generation"
    assert grids.location_factor("FR", "FRA", 2025, LIB).factor_id == "energy.electricity.fr.mix_2025"


def test_a_country_left_out_takes_the_world_average_with_a_warning() -> None:
    with pytest.warns(CoopCarbonWarning, match=r"no grid factor for CF \(CAF\).*world average"):
        choice = grids.location_factor("CF", "CAF", 2020, LIB)
    assert choice.factor_id == grids.WORLD_GRID and choice.fallback == "world"


def test_the_belgian_site_of_the_multisite_example() -> None:
    # Brussels: 16 000 kWh, entity 60 % owned (equity share) → 9 600 × 0.11757641 = 1 128.733536;
    # Nantes and Rennes: (38 000 + 14 000) × 0.035 (ADEME 2024, the generation post of 0.0519) = 1 820;
    # post 2.1 = 2 948.733536
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = cc.Bilan.from_yaml(REPO / "examples" / "groupe-multisite" / "bilan-2024.yaml").compute()
    assert result.by_beges_post()["2.1"].to("kgCO2e").magnitude == pytest.approx(2948.733536, rel=1e-9)
    assert "energy.electricity.bel.grid_2024" in {line.factor.id for line in result.lines}
