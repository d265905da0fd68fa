"""Hypothesis strategies shared by the property tests."""

from __future__ import annotations

from hypothesis import strategies as st

#: Positive, finite magnitudes spanning everyday activity sizes (1 m to 100 000 km, 1 Wh to GWh...).
magnitudes = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)

#: Non-negative magnitudes including zero.
non_negative = st.one_of(st.just(0.0), magnitudes)

#: Scale factors for linearity tests.
scales = st.floats(min_value=1e-3, max_value=1e3, allow_nan=False, allow_infinity=False)

#: Units of the same dimension, for unit-invariance tests.
DISTANCE_UNITS = ("km", "m", "mile", "ft")
ENERGY_UNITS = ("kWh", "MWh", "Wh", "GJ", "MJ")
MONEY_UNITS = ("EUR", "kEUR")
MASS_UNITS = ("kg", "g", "tonne", "lb")

distance_units = st.sampled_from(DISTANCE_UNITS)
energy_units = st.sampled_from(ENERGY_UNITS)


# -- factor tables and activity lists (tests/test_factor_roundtrip.py, tests/test_csv.py) ------
#: Units a user factor may have: emissions per activity unit, as students write them.
FACTOR_UNITS = ("kgCO2e/kWh", "gCO2e/kWh", "kgCO2e/passenger_km", "kgCO2e/vehicle_km", "kgCO2e/EUR",
                "kgCO2e/kEUR", "tCO2e/tonne", "kgCO2e/device", "kgCO2e/meal", "kgCO2e/night",
                "kgCO2e/L", "kgCO2e/m3", "kgCO2e/tonne_km", "kgCO2e/(m2*year)")
BEGES_POSTS = ("1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5",
               "4.1", "4.2", "4.3", "4.4", "4.5", "5.1", "5.2", "5.3", "5.4", "6.1")

#: Factor ids matching FACTOR_ID_PATTERN (dotted lower-case words, two to four parts).
factor_ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}(\.[a-z0-9][a-z0-9_]{0,8}){1,3}", fullmatch=True)

#: Text a user types in a cell: accents, digits, punctuation (; , " ' %), inner spaces.
texts = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=24).filter(
    lambda s: s == s.strip() and s != "")

#: Factor values: zero, tiny, everyday and very large numbers (thousands separators in CSV).
factor_values = st.one_of(st.just(0.0), st.floats(min_value=0, max_value=1e18, allow_nan=False,
                                                    allow_infinity=False))


@st.composite
def factor_entries(draw: st.DrawFn, *, with_quality: bool = True) -> dict[str, object]:
    """A valid factor entry as a plain dict (what a YAML or CSV table holds)."""
    scope = draw(st.sampled_from([1, 2, 3]))
    entry: dict[str, object] = {
        "name_fr": draw(texts), "name_en": draw(texts), "value": draw(factor_values),
        "unit": draw(st.sampled_from(FACTOR_UNITS)), "source": draw(texts),
        "year": draw(st.integers(1990, 2100)), "scope": scope,
    }
    if scope == 3:
        entry["ghg_category"] = draw(st.integers(1, 15))
    optional: dict[str, st.SearchStrategy[object]] = {
        "uncertainty": st.floats(0, 1), "source_id": texts, "source_url": texts,
        "uncertainty_source": texts, "region": st.sampled_from(["FR", "DE", "EU", "World"]),
        "beges_post": st.sampled_from(BEGES_POSTS), "notes": texts, "license": texts,
        "estimated": st.booleans(), "gwp": st.sampled_from(["AR4", "AR5", "AR6"]),
        "basis": st.sampled_from(["PCI", "PCS"]),
        "pcs_pci_ratio": st.floats(1.0, 1.2, exclude_min=True, exclude_max=True),
        "lifetime_years": st.floats(0.5, 50),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            entry[key] = draw(strategy)
    if draw(st.booleans()):  # a publication of the bibliography; verified only with a key
        entry["source_key"] = draw(st.from_regex(r"[A-Z][A-Z0-9]{1,5}(-[A-Z0-9]{1,4})?", fullmatch=True))
        entry["verified"] = draw(st.booleans())
    if draw(st.booleans()):
        first, last = sorted(draw(st.lists(st.integers(1990, 2100), min_size=2, max_size=2)))
        entry["valid_from"], entry["valid_to"] = first, last
    if with_quality and draw(st.booleans()):
        entry["quality"] = {k: draw(st.integers(1, 5)) for k in (
            "reliability", "completeness", "temporal", "geographic", "technological")}
    return entry


def factor_tables(*, with_quality: bool = True) -> st.SearchStrategy[dict[str, dict[str, object]]]:
    """Factors by id: one to five valid entries."""
    return st.dictionaries(factor_ids, factor_entries(with_quality=with_quality), min_size=1, max_size=5)
