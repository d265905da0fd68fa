"""Neutralising formula cells (OWASP CSV injection) and restoring them losslessly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coopcarbon.io.cells import FORMULA_STARTS, neutralise, restore


def test_formula_starts_get_an_apostrophe() -> None:
    for start in FORMULA_STARTS:
        assert neutralise(start + "1+1") == "'" + start + "1+1"
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"


def test_plain_text_is_unchanged() -> None:
    for text in ("", "Lyon-Paris", "12", "'quoted'", "a=b", "'"):
        assert neutralise(text) == text
        assert restore(text) == text


def test_an_apostrophe_already_there_is_kept() -> None:
    assert neutralise("'=x") == "''=x"
    assert restore("''=x") == "'=x"


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab1 ")))
def test_round_trip_is_lossless(text: str) -> None:
    written = neutralise(text)
    assert restore(written) == text
    assert not written or written[0] not in FORMULA_STARTS
