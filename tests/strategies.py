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
