"""The reader of plain block mappings gives what the event reader gives, or gives up.

Generated documents mix lines of the subset with lines just outside it (lists, flow values,
comments after a value, tabs, quotes with escapes, keys read as numbers, bad indentation,
duplicate keys...): whenever :func:`read_block` gives a document, it is the event reader's, value
for value and type for type, with the same marks for the first two levels; whenever the event
reader refuses a text, :func:`read_block` gives up on it.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from coopcarbon.errors import InputError
from coopcarbon.io import yamlblock
from coopcarbon.io.yamlblock import read_block
from coopcarbon.io.yamlfile import MAX_DEPTH, load_yaml

SAFE_SCALARS = [
    "1", "-2", "0", "0.5", "-.5", ".5", "+1", "1.", "1.5e+3", "1e3", "010", "1_000", "0x1F", "0o17", "0b101",
    "1:20", ".inf", "-.inf", ".nan", "yes", "No", "on", "OFF", "y", "n", "~", "null", "True", "false",
    "2024-01-31", "2024-01-31 10:00:00", "2024-1-5", "fioul domestique", "facteur 12", "kgCO2e/passenger_km",
    "https://example.org/a:b", "a:b", "a::b", "l'ADEME", 'say "hi"', "a  b", "é à ü", "1.5.2", "'quoted'",
    '"double"', "''", '""', "'it has # and : inside'", '"a: b # c"', "Yesterday", "nullable", "onion",
    "1,5", "not [a] list", "a{b}", "x!y", "x&y", "x*y", "x|y", "a 'b' c",
]
TRICKY_SCALARS = [
    "a: b", "a #b", "#x", "'it''s'", '"esc\\n"', "[1, 2]", "{a: 1}", "&a x", "*a", "!!str 1", "|", ">",
    "%x", "@x", "`x", "? x", ": x", "<<", "x\ty", "\ttab", "2024-02-30", "x\u2028y", "\u00a0x", "x\u0085y",
    "a:", "'open", '"open', "a ", "- ", "-", "[not] a list", "C#", "-x", "- x",
]
SAFE_KEYS = ["a", "b", "name_fr", "x.y", "a-b", "a/b", "_x", "user.f00001.x", "value", "unit", "year", "Yes_no",
             "nothing", "t"]
TRICKY_KEYS = ["1", "yes", "null", "2024", "<<", "a b", "~", "1.5", "'q'", "-a", "on", "a:b", "é"]

Tree = dict[str, Any]


def trees(keys: list[str], scalars: list[str]) -> st.SearchStrategy[Tree]:
    leaves = st.sampled_from(scalars)
    return st.recursive(st.dictionaries(st.sampled_from(keys), leaves, min_size=1, max_size=4),
                        lambda children: st.dictionaries(st.sampled_from(keys), leaves | children | st.none(),
                                                         min_size=1, max_size=4), max_leaves=25)


def render(tree: Tree, step: int, indent: int = 0) -> list[str]:
    lines = []
    for key, value in tree.items():
        if isinstance(value, dict):
            lines.append(" " * indent + f"{key}:")
            lines += render(value, step, indent + step)
        else:
            lines.append(" " * indent + f"{key}:" + ("" if value is None else f" {value}"))
    return lines


JUNK = ["", "# a comment", "  # indented comment", "- item", "  - item", "---", "...", "%YAML 1.1", "\tk: v",
        "k: v # comment", "k: [1, 2]", "   odd: 1", "a: 1", "a:", "   ", "k: &x 1", "k: *x", "'q': 1", "? k",
        "k:v", "k : v", "k: |", "  folded text", "a.b: 2"]


@st.composite
def documents(draw: st.DrawFn, tricky: bool) -> str:
    keys = SAFE_KEYS + (TRICKY_KEYS if tricky else [])
    scalars = SAFE_SCALARS + (TRICKY_SCALARS if tricky else [])
    lines = render(draw(trees(keys, scalars)), draw(st.sampled_from([1, 2, 3, 4])))
    if tricky:
        for _ in range(draw(st.integers(0, 3))):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(JUNK)))
    else:
        for _ in range(draw(st.integers(0, 2))):
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "# note", "   # note"])))
    end = draw(st.sampled_from(["\n", "\r\n"])) if not tricky else draw(st.sampled_from(["\n", "\r\n", "\r"]))
    trailing = draw(st.sampled_from(["", " "])) if tricky else ""
    return end.join(line + trailing for line in lines) + draw(st.sampled_from(["", end]))


def typed(value: Any) -> Any:
    """``value`` with the type of every scalar beside it: 1, 1.0 and True are told apart."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    return (type(value).__name__, repr(value))


def shallow_marks(text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    marks = load_yaml("t.yaml", text=text, marks="all").marks
    return {path: mark for path, mark in marks.items() if len(path) <= 2}


def events_data(text: str) -> Any:
    """What the event reader builds (``None`` when it refuses the text)."""
    try:
        return load_yaml("t.yaml", text=text, marks="all").data
    except InputError:
        return None


@settings(max_examples=150, deadline=None)
@given(documents(tricky=False))
def test_documents_of_the_subset_are_read_as_the_events_read_them(text: str) -> None:
    block = read_block(text)
    assert block is not None, text
    data, marks = block
    assert typed(data) == typed(events_data(text))
    assert typed(data) == typed(yaml.safe_load(text))
    assert marks == shallow_marks(text)


@settings(max_examples=300, deadline=None)
@given(documents(tricky=True))
def test_documents_near_the_subset_are_read_alike_or_left_to_the_events(text: str) -> None:
    block = read_block(text)
    expected = events_data(text)
    if expected is None:
        assert block is None, text
    elif block is not None:
        assert typed(block[0]) == typed(expected), text
        assert block[1] == shallow_marks(text)


def test_a_table_is_read_by_the_block_reader_and_located_lazily() -> None:
    text = ("# a table\ntable:\n  name: t\n  version: \"1\"\nfactors:\n  a.b:\n    value: 0.5\n"
            "    unit: kgCO2e/kWh\n\n  a.c:\n    value: 1\n")
    block = read_block(text)
    assert block is not None
    assert block[0] == {"table": {"name": "t", "version": "1"},
                        "factors": {"a.b": {"value": 0.5, "unit": "kgCO2e/kWh"}, "a.c": {"value": 1}}}
    assert block[1] == {(): (2, 1), ("table",): (2, 1), ("table", "name"): (3, 3), ("table", "version"): (4, 3),
                        ("factors",): (5, 1), ("factors", "a.b"): (6, 3), ("factors", "a.c"): (10, 3)}
    document = load_yaml("t.yaml", text=text, marks="lazy")
    assert document.mark(("factors", "a.c", "value")) == (11, 5)  # the deeper marks, read on demand


def test_what_the_subset_leaves_out_goes_to_the_events() -> None:
    for text in ("a: 1\na: 2\n", "a:\n  - 1\n", "a: 1 # note\n", "a: {b: 1}\n", "1: a\n", "a: 'it''s'\n",
                 "a:\n\tb: 1\n", "a: b\n  c\n", "a: &x 1\nb: *x\n", "---\na: 1\n", "a: |\n  text\n", "", "# only\n",
                 "  a: 1\n", "a:\n    b: 1\n  c: 2\n", "a: 2024-02-30\n", "<<: {a: 1}\n"):
        assert read_block(text) is None, text


def test_too_deep_a_document_is_left_to_the_events_which_refuse_it() -> None:
    assert yamlblock._MAX_DEPTH == MAX_DEPTH
    text = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 1)) + " " * (MAX_DEPTH + 1) + "v: 1\n"
    assert read_block(text) is None
    with pytest.raises(InputError, match="nested too deeply"):
        load_yaml("deep.yaml", text=text, marks="lazy")
    shallower = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 2)) + " " * (MAX_DEPTH - 2) + "v: 1\n"
    assert read_block(shallower) is not None
