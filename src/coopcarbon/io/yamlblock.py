r"""A fast reader for the plain subset of YAML that large factor tables are written in.

A 20 000-factor table is some 200 000 lines of ``key: value`` in nested block mappings; PyYAML's
parser hands them over as 450 000 event objects, which costs more than everything else of
loading the table. :func:`read_block` reads that subset with one regular expression over the
whole text and a loop over its lines, and gives up (``None``) on the first thing outside it:

- every line is blank, a comment, ``key:`` or ``key: value`` (spaces only, no tab);
- keys are plain words (letters, digits, ``_ . - /``) that YAML reads as text;
- values are one-line plain scalars without ``#`` and without ``:`` followed by a space, or
  one-line quoted strings without escapes (no ``\`` in double quotes, no ``''`` in single);
- no list, flow collection, anchor, alias, tag, block scalar, document marker or directive;
  no duplicate key; no character outside the printable ones (nor YAML's other line breaks).

Inside the subset the data is what :func:`coopcarbon.io.yamlfile.load_yaml` builds from the
events (plain scalars resolved by :func:`plain_scalar`, PyYAML's own YAML 1.1 resolvers);
``tests/test_yamlblock.py`` checks it on generated documents. Anything else -- including every
error -- is left to the event reader, which reports it with its line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["SAFE_TAGS", "implicit_tag", "plain_scalar", "read_block"]

#: Tags of the plain YAML types, the only ones accepted.
SAFE_TAGS = frozenset({
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp",
})
RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
STR = "tag:yaml.org,2002:str"
MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# First characters whose only implicit types are YAML 1.1 bools and nulls (yes/no/on/off/
# true/false/null and case variants, ~): none of those words is longer than _LONGEST_WORD.
_WORD_STARTS = frozenset(
    start for start, candidates in RESOLVERS.items()
    if start and all(tag.endswith((":bool", ":null")) for tag, _ in candidates))
_LONGEST_WORD = 5
# Decimal spellings that Python's int()/float() read exactly as YAML 1.1 does (no "_", no
# sexagesimal, no hex/octal/binary, no .inf/.nan); anything else goes to PyYAML's constructor.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
_CONSTRUCTOR = yaml.SafeLoader("")  # only its scalar constructors are used


def implicit_tag(value: str) -> str:
    """The tag YAML 1.1 gives the plain scalar ``value``: str, int, float, bool, null, timestamp or merge.

    A tag that is not a plain type (PyYAML resolves none) reads as text.
    """
    if value[:1] not in RESOLVERS or (len(value) > _LONGEST_WORD and value[0] in _WORD_STARTS):
        return STR  # the common case: text that cannot be anything else, e.g. "fioul domestique"
    for candidate, regexp in RESOLVERS.get(value[:1] if value else "", ()):
        if regexp.match(value):
            return str(candidate) if candidate in SAFE_TAGS or candidate == MERGE else STR
    return STR


def plain_scalar(value: str, tag: str, start: Any = None, end: Any = None) -> Any:
    """The value of the scalar ``value`` tagged ``tag`` (not the merge tag), as PyYAML's safe loader builds it.

    ``start`` and ``end`` are the parser's marks of the scalar, quoted by PyYAML's errors.

    Raises
    ------
    yaml.YAMLError, ValueError, ArithmeticError...
        When the text is not a valid value of its tag (e.g. ``!!timestamp 2024-13-45``).
    """
    if tag == STR:
        return value
    if tag == _INT and _PLAIN_INT.fullmatch(value):
        return int(value)
    if tag == _FLOAT and _PLAIN_FLOAT.fullmatch(value):
        return float(value)
    return _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, value, start, end), deep=True)


# One line of the subset: indentation, then a key and its value, or a comment, or nothing.
_KEY = r"[A-Za-z0-9_][A-Za-z0-9_./-]*+"
_PLAIN = r"""(?:[^\s#'"&*!|>%@`,\[\]{}?:-]|-(?=[0-9.]))[^\s#:]*+(?:(?: ++|:++)[^\s#:]++)*+"""
_QUOTED = r""""[^"\\\n]*+"|'[^'\n]*+'"""
_LINE = re.compile(rf"^( *+)(?:({_KEY}):(?: +({_PLAIN}|{_QUOTED}))? *+|#.*|)$", re.MULTILINE)
# Characters outside the printable ones YAML reads the same everywhere: tabs, other line breaks
# (\r, \x85, \u2028, \u2029), byte-order marks, controls, surrogates, \ufffe and \uffff.
_OUTSIDE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_LIST_ITEM = re.compile(r"\n *-")  # a line no key starts
_MAX_DEPTH = 60  # as yamlfile.MAX_DEPTH; deeper documents go to the event reader, which refuses them


def read_block(text: str, mark_depth: int = 2) -> tuple[dict[str, Any], dict[tuple[Any, ...], tuple[int, int]]] | None:
    r"""The mapping written in ``text`` and the ``(line, column)`` of its keys, or ``None`` outside the subset.

    Parameters
    ----------
    text
        A YAML document (``\r\n`` line ends accepted).
    mark_depth
        Keys are marked down to this depth (2: the top-level keys and those of their mappings),
        as :func:`coopcarbon.io.yamlfile.load_yaml` does with ``marks="lazy"``; the path ``()``
        is marked at the first key.
    """
    lines = _lines(text)
    if lines is None:
        return None
    levels = _Levels(mark_depth)
    indent, mapping, path, marked = levels.top
    pending: str | None = None  # a key without value: a mapping follows, or it is null
    text_keys: set[str] = set()  # keys seen to be text (not numbers, dates, yes/no...)
    resolved: dict[str, Any] = {}  # each distinct plain value that may not be text, resolved once
    for number, (spaces, key, value) in enumerate(lines, 1):
        if not key:
            continue  # blank or comment
        if pending is not None or len(spaces) != indent:  # a new level, or back to an outer one
            if not levels.move(len(spaces), pending, number):
                return None
            indent, mapping, path, marked = levels.top
            pending = None
        if key not in text_keys:
            if implicit_tag(key) != STR:
                return None  # a key read as a number, a date, yes/no...: left to the event reader
            text_keys.add(key)
        if key in mapping:
            return None  # a duplicate: the event reader names both lines
        if marked:
            levels.marks[(*path, key)] = (number, indent + 1)
        if not value:
            pending = key
            mapping[key] = None
        elif value[0] in _QUOTES:
            mapping[key] = value[1:-1]
        elif value[0] not in RESOLVERS or (value[0] in _WORD_STARTS and len(value) > _LONGEST_WORD):
            mapping[key] = value  # text that cannot be anything else, e.g. "fioul domestique"
        else:
            plain = resolved.get(value, _INVALID)
            if plain is _INVALID:
                plain = resolved[value] = _resolved(value)
                if plain is _INVALID:
                    return None  # a merge key, or not a valid value of its type: the event reader says why
            mapping[key] = plain
    return (levels.root, levels.marks) if levels.top[0] >= 0 else None


def _lines(text: str) -> list[tuple[str, str, str]] | None:
    """Indentation, key and value of every line of ``text`` (empty for blank lines and comments), or ``None``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _LIST_ITEM.search(text) or _OUTSIDE.search(text):  # a list (bilan files): given up before the long scan
        return None
    lines: list[tuple[str, str, str]] = _LINE.findall(text)
    return lines if len(lines) == text.count("\n") + 1 else None  # else a line outside the subset


class _Levels:
    """The mappings open at a line of a block document: the innermost one, and those around it."""

    def __init__(self, mark_depth: int) -> None:
        self.root: dict[str, Any] = {}
        self.marks: dict[tuple[Any, ...], tuple[int, int]] = {}
        self.mark_depth = mark_depth
        #: indentation, mapping, path and whether its keys are marked, of the innermost mapping
        self.top: tuple[int, dict[str, Any], tuple[Any, ...], bool] = (-1, self.root, (), mark_depth > 0)
        self.outer: list[tuple[int, dict[str, Any], tuple[Any, ...], bool]] = []

    def move(self, at: int, pending: str | None, number: int) -> bool:
        """Go to the mapping of a key indented by ``at`` on line ``number``; ``False`` if it has none.

        ``pending`` is the previous key when it had no value: a deeper key opens its mapping.
        """
        indent, mapping, path, _ = self.top
        if pending is not None and at > indent:
            child: dict[str, Any] = {}
            mapping[pending] = child
            self.outer.append(self.top)
            self.top = (at, child, (*path, pending), len(self.outer) < self.mark_depth)
            return len(self.outer) <= _MAX_DEPTH
        if indent < 0 and not at:  # the first key
            self.top, self.marks[()] = (0, mapping, path, self.mark_depth > 0), (number, 1)
        while at < self.top[0] and self.outer:
            self.top = self.outer.pop()
        return at == self.top[0]  # else deeper than its siblings, or between two levels


_INVALID = object()
_QUOTES = frozenset("'\"")


def _resolved(value: str) -> Any:
    """The value of the plain scalar ``value``, or ``_INVALID`` (a merge key, a bad date...)."""
    tag = implicit_tag(value)
    if tag == MERGE:
        return _INVALID
    try:
        return plain_scalar(value, tag)
    except (yaml.YAMLError, ValueError, OverflowError, ArithmeticError, AttributeError, KeyError,
            TypeError, IndexError):
        return _INVALID
