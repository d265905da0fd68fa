"""Safe YAML reading that keeps line marks, for factor tables and bilan files.

PyYAML's loaders keep the last of two equal keys silently and forget where each value came
from. :func:`load_yaml` reads the events of PyYAML's (C, when available) parser and builds
plain Python data itself so that it can:

- refuse duplicate keys, naming both lines;
- refuse every tag that is not a plain YAML type (``!!python/object`` and friends);
- bound the expanded size and depth (alias bombs, deep nesting) before building anything big;
- record the ``(line, column)`` of every value, by path, so validation errors point into the file
  (for large factor tables, on demand: ``marks="lazy"``).

Scalars are resolved with PyYAML's own implicit resolvers (YAML 1.1: ``yes`` is true, ``1_000``
is 1000), so values are what ``yaml.safe_load`` gives; ``tests/test_yamlsafe.py`` checks it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from ..problems import InputError, Problem, TableError
from .files import read_bytes
from .gcpause import collection_paused

__all__ = ["MAX_ALIASED", "MAX_DEPTH", "MAX_NODES", "Document", "load_yaml", "read_text"]

#: Most values a document may hold (aliases counted each time they are used): about 20 times
#: the values of the largest real bilan seen (51 MB); see docs/explanations/security.md.
MAX_NODES = 20_000_000
#: Most values a document may repeat through aliases (``*name``), in total: an "alias bomb"
#: (an anchor repeated hundreds of thousands of times) is refused before it is built.
MAX_ALIASED = 1_000_000
#: Deepest nesting accepted.
MAX_DEPTH = 60

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]


@dataclass
class Document:
    """Plain data read from a YAML file, with the position of every value by path.

    A document read with ``marks="lazy"`` records only the positions of the first two levels
    (a table's factor ids); the first look-up of a deeper position reads the text again with
    every mark, so large valid tables load fast and errors are still located exactly.
    """

    data: Any
    file: str
    _marks: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    _text: str | None = field(default=None, repr=False)  # set while marks are incomplete

    @property
    def marks(self) -> dict[Path_, tuple[int, int]]:
        """``(line, column)``, 1-based, of every value and key, by path."""
        if self._text is not None:
            self._marks = _build(self.file, self._text, InputError, full=True)._marks
            self._text = None
        return self._marks

    def mark(self, path: Path_) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of the value at ``path`` or of its nearest parent."""
        probe = tuple(path)
        found = self._marks.get(probe)
        if found is not None:
            return found
        marks = self.marks
        while True:
            if probe in marks:
                return marks[probe]
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def problem(self, path: Path_, message: str, expected: str = "", suggestion: str = "") -> Problem:
        """A :class:`Problem` located at ``path``."""
        line, column = self.mark(path)
        return Problem(self.file, line, column, dotted(path), message, expected, suggestion)


def dotted(path: Path_) -> str:
    """``("factors", "mobility.car", "unit")`` → ``factors.mobility.car.unit``; ints as ``[i]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def read_text(path: str | Path, error: type[TableError] | type[InputError] = InputError) -> str:
    """Read a UTF-8 (BOM accepted) or UTF-16 (with BOM) text file of at most ``MAX_FILE_BYTES``."""
    return decode_text(read_bytes(path, error), str(path), error)


def decode_text(raw: bytes, file: str, error: type[TableError] | type[InputError] = InputError) -> str:
    """Decode UTF-8 bytes (BOM accepted) or UTF-16 with its BOM; other bytes give a located error."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise error([Problem(file, None, None, "", "the file starts as UTF-16 but is not valid UTF-16",
                                 "a UTF-8 or UTF-16 text file", "re-save it as UTF-8")]) from None
    if b"\x00" in raw[:8192]:
        raise error([Problem(file, None, None, "", "this is a binary file, not a text file",
                             "a UTF-8 text file")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise error([Problem(
            file, line, column, "", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "a UTF-8 text file",
            "the file looks like Latin-1/Windows-1252: re-save it as UTF-8 "
            "(in LibreOffice: Save As, 'Edit filter settings', Unicode (UTF-8))",
        )]) from None


def load_yaml(
    source: str | Path,
    *,
    text: str | None = None,
    error: type[TableError] | type[InputError] = InputError,
    marks: Literal["all", "lazy"] = "all",
) -> Document:
    """Read a YAML file (or ``text`` named ``source``) into a :class:`Document`.

    Raises ``error`` (an :class:`InputError` or :class:`TableError`) naming file, line and
    column for syntax errors, duplicate keys, unsafe tags, oversized or too deep documents.
    ``marks="lazy"`` records positions on demand (see :class:`Document`): for large tables.

    Notes
    -----
    The document is built from the parser's events (the C parser when available), not from
    PyYAML's node graph: plain scalars are resolved with PyYAML's own implicit resolvers, but
    only for the first characters that can start a non-string, which makes loading large
    tables several times faster than ``yaml.safe_load``.
    """
    file = str(source)
    if text is None:
        text = read_text(source, error)
    try:
        try:
            document = _build(file, text, error, full=marks == "all")
        except _Retry:  # a duplicate key or a merge key: the full pass names both lines
            document = _build(file, text, error, full=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise error([Problem(file, line, column, "", f"YAML syntax error: {message}",
                             "valid YAML", "check indentation and quotes around ':' and '#'")]) from None
    except yaml.YAMLError as exc:
        raise error([Problem(file, None, None, "", f"YAML error: {exc}", "valid YAML")]) from None
    if marks == "lazy":
        document._text = text
    return document


def _build(file: str, text: str, error: type[TableError] | type[InputError], *, full: bool) -> Document:
    document = Document(None, file)
    builder = _Builder(document, error, full=full)
    parser = _Loader(text)
    try:
        with collection_paused():  # the document is a tree of fresh objects: no reference cycles
            builder.run(parser.get_event)
    finally:
        parser.dispose()
    document.data = builder.result
    return document


class _Retry(Exception):
    """Raised by a lazy-marks pass that met something only the full pass reports or handles."""


_RESOLVERS = yaml.SafeLoader.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# Decimal spellings that Python's int()/float() read exactly as YAML 1.1 does (no "_", no
# sexagesimal, no hex/octal/binary, no .inf/.nan): the fast path; anything else goes to PyYAML.
# First characters whose only implicit types are YAML 1.1 bools and nulls (yes/no/on/off/
# true/false/null and case variants, ~): none of those words is longer than _LONGEST_WORD.
_WORD_STARTS = frozenset(
    start for start, candidates in _RESOLVERS.items()
    if start and all(tag.endswith((":bool", ":null")) for tag, _ in candidates))
_LONGEST_WORD = 5
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")


class _Frame:
    __slots__ = ("anchor", "container", "is_list", "key", "path", "seen", "start")

    def __init__(self, container: Any, path: Path_, anchor: str | None, start: int) -> None:
        self.container = container
        self.is_list = isinstance(container, list)
        self.path = path
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.seen: dict[Any, int] = {}
        self.start = start  # the node count when the container began: its size is taken at its end


_NO_KEY = object()


class _Builder:
    """Builds plain data from parser events, with marks, limits and duplicate-key checks.

    ``full=False`` records marks for the first two levels only and leaves duplicate keys and
    merge keys to a full pass (it raises :class:`_Retry`).
    """

    def __init__(self, document: Document, error: type[TableError] | type[InputError], *,
                 full: bool = True) -> None:
        self.document = document
        self.error = error
        self.full = full
        self.count = 0
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.result: Any = None
        self.documents = 0
        self.aliased = 0  # values repeated through aliases
        self._handlers: dict[type, Any] = {
            yaml.ScalarEvent: self._on_scalar, yaml.MappingStartEvent: self._on_start,
            yaml.SequenceStartEvent: self._on_start, yaml.MappingEndEvent: self._on_end,
            yaml.SequenceEndEvent: self._on_end, yaml.AliasEvent: self._on_alias,
            yaml.DocumentStartEvent: self._on_document}
        if not full:
            self._handlers[yaml.MappingStartEvent] = self._on_map_start_lazy
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def fail(self, mark: Any, path: Path_, message: str, expected: str = "",
             suggestion: str = "") -> InputError | TableError:
        return self.error([Problem(self.document.file, mark.line + 1, mark.column + 1,
                                   dotted(path), message, expected, suggestion)])

    def _path(self) -> Path_:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        return top.path if top.key is _NO_KEY else (*top.path, top.key)

    def _check_tag(self, event: Any, default: str) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            return default
        if tag not in _SAFE_TAGS:
            raise self.fail(event.start_mark, self._path(), f"tag {tag!r} is not allowed",
                            "plain YAML values (text, numbers, lists, mappings)",
                            "remove the tag: data files never run code")
        return str(tag)

    def _count(self, n: int, mark: Any) -> None:
        self.count += n
        if self.count > MAX_NODES:
            raise self.fail(mark, self._path(), f"the document has too many values (more than "
                            f"{MAX_NODES:,}, aliases counted each time they are used)", f"at most {MAX_NODES:,} values",
                            "split the file in several files")

    def run(self, get_event: Any) -> None:
        """Consume every event.

        Untagged, unanchored scalars inside a mapping or a list take the fast path written out
        below (the top frame's container, kind and pending key live in locals; ``frame.key`` is
        written back before anything else reads the stack); every other event goes through
        its handler (``_on_*``).
        """
        scalar_event, resolvers, no_key = yaml.ScalarEvent, _RESOLVERS, _NO_KEY
        merge: Any = _MERGE_KEY
        stack, marks, full, max_nodes = self.stack, self.document._marks, self.full, MAX_NODES
        handlers = self._handlers
        cache: dict[str, Any] = {}  # plain text resolved once per distinct text
        count = 0
        root = _Frame([], (), None, 0)  # takes a document that is a lone scalar
        frame, container, is_list, key = root, root.container, True, no_key
        shallow = True  # the top frame is at most the second level: its keys' marks are kept
        for event in iter(get_event, None):
            if type(event) is scalar_event and event.tag is None and not event.anchor:
                value: Any = event.value
                if event.implicit[0] and value[:1] in resolvers:
                    value = cache.get(value, cache)
                    if value is cache:
                        frame.key = key  # for the location of an error
                        value = self._resolve_plain(event, cache)
                if value is not merge and key is not merge:
                    count += 1
                    if count > max_nodes:
                        frame.key, self.count = key, count
                        self._count(0, event.start_mark)
                    if is_list:
                        container.append(value)
                        continue
                    if key is not no_key:
                        container[key] = value
                        key = no_key
                        continue
                    if type(value) is str and not full:
                        if value in container:
                            raise _Retry  # a duplicate key: the full pass names both lines
                        if shallow:
                            mark: Any = event.start_mark
                            marks[(*frame.path, value)] = (mark.line + 1, mark.column + 1)
                        key = value
                        continue
                    count -= 1  # counted again by the slow path
            # anything else: through its handler, with the stack up to date
            frame.key = key
            self.count = count
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
            count = self.count
            frame = stack[-1] if stack else root
            container, is_list, key, shallow = frame.container, frame.is_list, frame.key, len(stack) <= 2
        frame.key = key
        if root.container:
            self.result = root.container[0]

    def _resolve_plain(self, event: Any, cache: dict[str, Any]) -> Any:
        """The value of a plain scalar that may be a number, a date, a bool... (kept in ``cache``)."""
        value: str = event.value
        if len(value) > _LONGEST_WORD and value[0] in _WORD_STARTS:
            resolved: Any = value  # a name such as "fioul domestique", not "false"
        else:
            resolved = self._scalar(event)
        if len(cache) < 65536:
            cache[value] = resolved
        return resolved

    def _on_scalar(self, event: Any) -> None:
        self._count(1, event.start_mark)
        value = self._scalar(event)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self._attach(value, event)

    def _on_start(self, event: Any) -> None:
        is_map = type(event) is yaml.MappingStartEvent
        self._count(1, event.start_mark)
        self._check_tag(event, _MAP if is_map else _SEQ)
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event.start_mark, self._path()[:6], "document nested too deeply",
                            f"at most {MAX_DEPTH} levels")
        path = self._path()
        if self.stack and not self.stack[-1].is_list and self.stack[-1].key is _NO_KEY:
            raise self.fail(event.start_mark, path, "mapping keys must be plain text or numbers")
        if self.full or len(self.stack) < 2:
            self.document._marks.setdefault(path, (event.start_mark.line + 1, event.start_mark.column + 1))
        self.stack.append(_Frame({} if is_map else [], path, event.anchor, self.count))

    def _on_map_start_lazy(self, event: Any) -> None:
        """Open a mapping; an untagged, unanchored one under a text key or in a list is quick."""
        stack = self.stack
        top = stack[-1] if stack else None
        if top is None or event.tag is not None or event.anchor or len(stack) >= MAX_DEPTH \
                or not (top.is_list or type(top.key) is str):
            self._on_start(event)
            return
        self._count(1, event.start_mark)
        stack.append(_Frame({}, (*top.path, len(top.container) if top.is_list else top.key), None, self.count))

    def _on_end(self, event: Any) -> None:
        frame = self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if parent is not None and not frame.anchor and (parent.is_list or type(parent.key) is str):
            if parent.is_list:  # the common case, as _attach would do it
                parent.container.append(frame.container)
            else:
                parent.container[parent.key] = frame.container
                parent.key = _NO_KEY
            return
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.container, self.count - frame.start + 1)
        self._attach(frame.container, event)

    def _on_alias(self, event: Any) -> None:
        if event.anchor not in self.anchors:
            raise self.fail(event.start_mark, self._path(), f"unknown alias *{event.anchor}")
        value, size = self.anchors[event.anchor]
        self.aliased += size
        if self.aliased > MAX_ALIASED:
            raise self.fail(event.start_mark, self._path(), f"aliases expand to too many values (more than "
                            f"{MAX_ALIASED:,})", f"at most {MAX_ALIASED:,} values repeated through aliases (*name)",
                            "write the repeated values out, or use fewer aliases")
        self._count(size, event.start_mark)
        self._attach(value, event)

    def _on_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise self.fail(event.start_mark, (), "more than one YAML document in the file",
                            "a single document", "remove the '---' separators")

    def _scalar(self, event: Any) -> Any:
        value: str = event.value
        if event.tag is None and event.implicit[0] and value[:1] not in _RESOLVERS:
            return value  # the common case: plain text that cannot be anything but a string
        if event.tag is not None and event.tag != "!":
            tag = self._check_tag(event, _STR)
        elif event.implicit[0]:
            tag = _STR
            for candidate, regexp in _RESOLVERS.get(value[:1] if value else "", ()):
                if regexp.match(value):
                    tag = candidate
                    break
            if tag not in _SAFE_TAGS and tag != _MERGE:
                tag = _STR
        else:
            return value
        if tag == _STR:
            return value
        if tag == _MERGE:
            return _MERGE_KEY
        if tag == _INT and _PLAIN_INT.fullmatch(value):
            return int(value)
        if tag == _FLOAT and _PLAIN_FLOAT.fullmatch(value):
            return float(value)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, ArithmeticError, AttributeError, KeyError,
                TypeError, IndexError) as exc:  # e.g. `!!timestamp 2024-13-45`, `!!bool maybe`
            reason = str(exc) if isinstance(exc, (yaml.YAMLError, ValueError, ArithmeticError)) else (
                f"not a valid {tag.rsplit(':', 1)[-1]}")
            raise self.fail(event.start_mark, self._path(), f"cannot read value {value!r}: {reason}",
                            f"a valid {tag.rsplit(':', 1)[-1]}", "remove the tag, or fix the value") from None

    def _attach(self, value: Any, event: Any) -> None:
        if not self.stack:
            self.result = "<<" if isinstance(value, _MergeKey) else value
            return
        frame = self.stack[-1]
        container = frame.container
        if frame.key is _NO_KEY and not isinstance(container, list):
            self._attach_key(value, event, frame)
            return
        if isinstance(value, _MergeKey):  # '<<' anywhere but as a key is plain text
            value = "<<"
        if isinstance(container, list):
            container.append(value)
            return
        key = frame.key
        frame.key = _NO_KEY
        if isinstance(key, _MergeKey):
            for item in (value if isinstance(value, list) else [value]):
                if not isinstance(item, dict):
                    raise self.fail(event.start_mark, frame.path, "a merge key '<<' needs mappings")
                for k, v in item.items():
                    container.setdefault(k, v)
            return
        container[key] = value

    def _attach_key(self, value: Any, event: Any, frame: _Frame) -> None:
        if isinstance(value, (dict, list)):
            raise self.fail(event.start_mark, frame.path, "mapping keys must be plain text or numbers")
        key = value if isinstance(value, (str, int, _MergeKey)) and not isinstance(value, bool) else str(value)
        if not self.full and (isinstance(key, _MergeKey) or key in frame.container):
            raise _Retry
        if not isinstance(key, _MergeKey):
            if key in frame.seen:
                raise self.fail(
                    event.start_mark, (*frame.path, key),
                    f"duplicate key {key!r} (first defined at line {frame.seen[key]})",
                    "each key once per mapping",
                    "YAML would silently keep only the last one: merge or rename them",
                )
            line = event.start_mark.line + 1
            frame.seen[key] = line
            if self.full or len(self.stack) <= 2:
                self.document._marks[(*frame.path, key)] = (line, event.start_mark.column + 1)
        frame.key = key


class _MergeKey:
    """Marker for YAML's ``<<`` merge key (one instance, :data:`_MERGE_KEY`); shown as ``<<``."""

    def __repr__(self) -> str:
        return "'<<'"

    def __str__(self) -> str:
        return "<<"

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _MergeKey)


_MERGE_KEY = _MergeKey()
