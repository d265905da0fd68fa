"""The safe YAML reader agrees with PyYAML's own safe loader on every plain value."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from coopcarbon.errors import InputError
from coopcarbon.io.yamlfile import _LONGEST_WORD, _WORD_STARTS, load_yaml

# YAML 1.1 bool and null words (https://yaml.org/type/bool.html, https://yaml.org/type/null.html)
WORDS = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
         "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL"]


def test_bool_and_null_words_are_read_as_pyyaml_reads_them() -> None:
    text = "".join(f"k{i}: {word}\n" for i, word in enumerate(WORDS))
    for marks in ("all", "lazy"):
        assert load_yaml("w.yaml", text=text, marks=marks).data == yaml.safe_load(text)  # type: ignore[arg-type]
    assert max(len(w) for w in WORDS) <= _LONGEST_WORD


plain_words = st.builds(
    lambda start, rest: start + rest, st.sampled_from(sorted(_WORD_STARTS - {"~"})),
    st.from_regex(r"[A-Za-z0-9_]{5,12}( [A-Za-z0-9_.,;-]{1,8}){0,3}", fullmatch=True))


@given(words=st.lists(plain_words, min_size=1, max_size=20))
def test_long_words_are_text(words: list[str]) -> None:
    """The shortcut for long words starting like a bool or null gives what PyYAML gives: text."""
    text = "".join(f"k{i}: {word}\n" for i, word in enumerate(words))
    expected = yaml.safe_load(text)
    assert all(isinstance(v, str) for v in expected.values())
    assert load_yaml("w.yaml", text=text, marks="lazy").data == expected


def test_lazy_marks_locate_deep_values_and_duplicates() -> None:
    text = "table:\n  name: t\nfactors:\n  a.b:\n    unit: kWh\n    year: 2024\n"
    document = load_yaml("t.yaml", text=text, marks="lazy")
    assert document.mark(("factors", "a.b")) == (4, 3)
    assert document.mark(("factors", "a.b", "year")) == (6, 5)  # read again on demand
    duplicated = text + "    year: 2023\n"
    with pytest.raises(InputError, match=r"duplicate key 'year' \(first defined at line 6\)"):
        load_yaml("t.yaml", text=duplicated, marks="lazy")


AGREE = [
    "a: {<<: {b: 1}, c: 2}", "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2", "a: [&v 1, *v]", "d: 2024-01-31",
    "i: 0x1F\no: 0o17\nb: 0b101\ns: 1_000\nx: 1:20", "f: 1.5e+3\ng: .inf\nh: -.5", "n: ~\nm: null\ne:",
    "t: yes\nu: Off", "s: '12'\nq: \"0.5\"", "l: |\n  two\n  lines\n", "<<: {a: 1}", "- <<: {a: 1}",
]
REFUSED = ["a: {<<: 1}", "{<<: x}", "? <<\n: 1", "a:\n  <<:\n  b: 1", "[<<: 1]", "{? <<}", "a: {<<}"]


def test_plain_documents_read_as_pyyaml_reads_them() -> None:
    for text in AGREE:
        for marks in ("all", "lazy"):
            assert load_yaml("a.yaml", text=text, marks=marks).data == yaml.safe_load(text), text  # type: ignore[arg-type]


def test_merge_keys_without_a_mapping_are_refused_as_pyyaml_refuses_them() -> None:
    for text in REFUSED:
        with pytest.raises(yaml.YAMLError):
            yaml.safe_load(text)
        for marks in ("all", "lazy"):
            with pytest.raises(InputError, match="merge key '<<' needs mappings"):
                load_yaml("m.yaml", text=text, marks=marks)  # type: ignore[arg-type]


def test_a_bad_value_is_located_the_same_with_lazy_marks() -> None:
    """Found by the fuzz: an impossible date under a key named that key in both modes."""
    text = "table:\n  name: 2024-02-30\n"
    for marks in ("all", "lazy"):
        with pytest.raises(InputError) as caught:
            load_yaml("d.yaml", text=text, marks=marks)  # type: ignore[arg-type]
        problem = caught.value.problems[0]
        assert (problem.line, problem.column, problem.field) == (2, 9, "table.name")
        assert "day is out of range" in problem.message
