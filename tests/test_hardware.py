"""IT hardware inventory: known answers by hand, conventions, errors, properties.

Reference values (kgCO2e per device, manufacture + distribution + end of life, use excluded), as in
the bundled table emission_factors/hardware.yaml: ADEME Base Empreinte (NegaOctet / ADEME-Arcep
2022) via incubateur-ademe/publicodes-acv-numerique src/acv-terminaux.publicodes:
- hardware.laptop = 185.09 (170 + 12.3 + 2.79), lifetime_years 5
- hardware.monitor = 69.84 (64.6 + 1.29 + 3.95), lifetime_years 6
- hardware.smartphone = 79.516, lifetime_years 2.5
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import coopcarbon as cc
from coopcarbon.activities import ActivityLine
from coopcarbon.domains import hardware
from coopcarbon.domains.hardware import Device
from coopcarbon.engine import compute_lines
from coopcarbon.errors import InputError, UnitMismatchError

ROOT = Path(__file__).parent.parent
LIB = cc.load_factors()
REFURBISHED_OVERLAY = Path(__file__).parent / "data" / "refurbished_overlay.yaml"


def kg(lines: list[ActivityLine], library: cc.FactorLibrary = LIB) -> float:
    return sum(e.kg for e in compute_lines(lines, library))


def test_laptops_amortised_known_answer() -> None:
    # 40 laptops bought 2022, kept 5 years, reporting 2024: 40/5 = 8 device × 185.09 = 1480.72
    lines = hardware.inventory([Device("laptop", 40, purchase_year=2022, lifetime=5)],
                               reporting_year=2024, library=LIB)
    [e] = compute_lines(lines, LIB)
    assert e.activity.quantity == cc.Q(8.0, "device")
    assert e.kg == pytest.approx(1480.72, rel=1e-12)
    assert (e.scope, e.ghg_category, e.beges_post) == (3, 2, "4.2")
    assert e.activity.domain == "hardware" and e.activity.group == "laptop"
    assert "amortised linearly over 5 years" in e.activity.note
    assert "use phase excluded" in e.activity.note


def test_lifetime_defaults_to_the_factor_lifetime() -> None:
    # hardware.laptop lifetime_years = 5 → same 1480.72 kgCO2e
    assert LIB["hardware.laptop"].lifetime_years == 5
    lines = hardware.inventory([Device("laptop", 40, purchase_year=2022)], reporting_year=2024,
                               library=LIB)
    assert kg(lines) == pytest.approx(1480.72, rel=1e-12)


@pytest.mark.parametrize(("year", "counted"), [(2022, True), (2026, True), (2027, False),
                                               (2030, False)])
def test_device_counts_only_within_its_lifetime(year: int, counted: bool) -> None:
    lines = hardware.inventory([Device("laptop", 40, purchase_year=2022, lifetime=5)],
                               reporting_year=year, library=LIB)
    assert bool(lines) is counted


def test_purchase_year_convention() -> None:
    # GHG Protocol: 40 × 185.09 = 7403.6 kgCO2e in 2022 only
    fleet = [Device("laptop", 40, purchase_year=2022, lifetime=5)]
    lines = hardware.inventory(fleet, reporting_year=2022, convention="purchase_year", library=LIB)
    assert kg(lines) == pytest.approx(7403.6, rel=1e-12)
    assert "purchase year (GHG Protocol" in lines[0].note
    for year in (2023, 2024):
        assert hardware.inventory(fleet, reporting_year=year, convention="purchase_year",
                                  library=LIB) == []


def test_fractional_lifetime_last_year_gets_its_fraction() -> None:
    # 10 smartphones, lifetime 2.5 y, bought 2022: 4 + 4 + 2 devices in 2022, 2023, 2024
    fleet = [Device("smartphone", 10, purchase_year=2022, lifetime=2.5)]
    q = [sum(line.quantity.magnitude for line in hardware.inventory(
        fleet, reporting_year=y, library=LIB)) for y in (2022, 2023, 2024, 2025)]
    assert q == pytest.approx([4.0, 4.0, 2.0, 0.0])


def test_screens_map_to_the_average_monitor() -> None:
    # 12 screens of 27 in, bought 2023, 6-year lifetime → 2 device × 69.84 = 139.68 kgCO2e
    fleet = [Device("screen", 12, purchase_year=2023, screen_size="27 inch")]
    [line] = hardware.inventory(fleet, reporting_year=2024, library=LIB)
    assert line.factor_id == "hardware.monitor"
    assert "no ADEME by-size data" in line.note and "27 in" in line.label
    assert kg([line]) == pytest.approx(139.68, rel=1e-12)
    with pytest.raises(UnitMismatchError, match="screen_size"):
        Device("monitor", 1, 2023, screen_size="27 kWh")


def test_refurbished_without_a_sourced_ratio_is_counted_as_new() -> None:
    new, refurbished = (hardware.inventory([Device("laptop", 40, 2022, 5, refurbished=r)],
                                           reporting_year=2024, library=LIB) for r in (False, True))
    assert kg(new) == kg(refurbished)
    assert "refurbished: no sourced reduction, counted as new (conservative)" in refurbished[0].note


def test_refurbished_ratio_from_the_tables_multiplies_the_quantity() -> None:
    # Overlay parameter hardware.parameter.refurbished_ratio.smartphone = 0.13 (test value).
    # 10 refurbished smartphones, bought 2024, kept 2 y: 10/2 × 0.13 = 0.65 device × 79.516
    #   = 51.6854 kgCO2e
    library = cc.load_factors(REFURBISHED_OVERLAY)
    [line] = hardware.inventory([Device("smartphone", 10, 2024, 2, refurbished=True)],
                                reporting_year=2024, library=library)
    assert line.quantity.magnitude == pytest.approx(0.65)
    assert kg([line], library) == pytest.approx(51.6854, rel=1e-12)
    assert "hardware.parameter.refurbished_ratio.smartphone" in line.note


def test_keep_longer_saving() -> None:
    # 40 laptops kept 4 → 5 years: 40 × 185.09 × (1/4 − 1/5) = 370.18 kgCO2e a year
    fleet = [Device("laptop", 40, purchase_year=2021, lifetime=4),
             Device("smartphone", 0, purchase_year=2021)]
    now, longer = hardware.keep_longer_saving(fleet, reporting_year=2024, lifetime=5, library=LIB)
    assert kg(now) - kg(longer) == pytest.approx(370.18, rel=1e-9)
    assert "steady state" in now[0].note
    # a mapping changes only the kinds it names
    now, same = hardware.keep_longer_saving(fleet, reporting_year=2024,
                                            lifetime={"smartphone": 4}, library=LIB)
    assert kg(now) == pytest.approx(kg(same))
    with pytest.raises(InputError, match="lifetime"):
        hardware.keep_longer_saving(fleet, reporting_year=2024, lifetime=0, library=LIB)


def test_bad_inputs() -> None:
    with pytest.raises(InputError, match=r"count.*integer >= 0"):
        Device("laptop", -1, 2022)
    with pytest.raises(InputError, match=r"lifetime.*> 0"):
        Device("laptop", 4, 2022, lifetime=0)
    with pytest.raises(InputError, match=r"unknown device kind 'labtop'.*'laptop'"):
        Device("labtop", 4, 2022)
    with pytest.raises(InputError, match=r"purchase_year.*after the reporting year 2024"):
        hardware.inventory([Device("laptop", 4, 2025)], reporting_year=2024, library=LIB)
    with pytest.raises(InputError, match=r"convention.*'amortised'"):
        hardware.inventory([], reporting_year=2024, convention="amortized", library=LIB)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="Device"):
        hardware.inventory(["laptop"], reporting_year=2024, library=LIB)  # type: ignore[list-item]


def test_every_kind_has_a_factor() -> None:
    for kind, factor_id in hardware.KINDS.items():
        assert factor_id in LIB, kind
        lines = hardware.inventory([Device(kind, 3, 2024, 3)], reporting_year=2024, library=LIB)
        [e] = compute_lines(lines, LIB)
        assert e.kg > 0 and (e.scope, e.ghg_category, e.beges_post) == (3, 2, "4.2")
        assert "energy.electricity" not in e.factor.id  # no use-phase line


# --- properties -----------------------------------------------------------------------------

devices = st.builds(
    Device,
    kind=st.sampled_from(["laptop", "desktop", "monitor", "smartphone", "server"]),
    count=st.integers(min_value=0, max_value=500),
    purchase_year=st.integers(min_value=2010, max_value=2024),
    lifetime=st.one_of(st.none(), st.floats(min_value=0.5, max_value=12)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(devices, max_size=5))
def test_amortised_years_sum_to_the_purchase_year_total(fleet: list[Device]) -> None:
    # Over all years, the amortised convention counts each device exactly once.
    years = range(2010, 2040)
    amortised = sum(kg(hardware.inventory([d for d in fleet if d.purchase_year <= y],
                                          reporting_year=y, library=LIB)) for y in years)
    at_purchase = sum(kg(hardware.inventory([d for d in fleet if d.purchase_year <= y],
                                            reporting_year=y, convention="purchase_year",
                                            library=LIB)) for y in years)
    assert amortised == pytest.approx(at_purchase, rel=1e-9, abs=1e-9)
    assert amortised >= 0


@settings(max_examples=60, deadline=None)
@given(st.lists(devices, max_size=6), st.integers(min_value=2024, max_value=2030))
def test_additive_over_groups(fleet: list[Device], year: int) -> None:
    whole = kg(hardware.inventory(fleet, reporting_year=year, library=LIB))
    parts = sum(kg(hardware.inventory([d], reporting_year=year, library=LIB)) for d in fleet)
    assert whole == pytest.approx(parts, rel=1e-9, abs=1e-12)
    assert whole >= 0


# --- documentation --------------------------------------------------------------------------


def test_docs_worked_example() -> None:
    result = doctest.testfile(str(ROOT / "docs" / "domains" / "hardware.md"),
                              module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
