"""Safe YAML reading that keeps line marks, for factor tables and bilan files.

PyYAML's loaders keep the last of two equal keys silently and forget where each value came
from. :func:`load_yaml` composes the document with the (C, when available) safe loader, then
builds plain Python data itself so that it can:

- refuse duplicate keys, naming both lines;
- refuse every tag that is not a plain YAML type (``!!python/object`` and friends);
- bound the expanded size and depth (alias bombs, deep nesting) before building anything big;
- record the ``(line, column)`` of every value, by path, so validation errors point into the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem, TableError

__all__ = ["MAX_DEPTH", "MAX_NODES", "Document", "load_yaml", "read_text"]

#: Most nodes a document may expand to (aliases counted each time they are used).
MAX_NODES = 2_000_000
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
    """Plain data read from a YAML file, with the position of every value by path."""

    data: Any
    file: str
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: Path_) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of the value at ``path`` or of its nearest parent."""
        probe = tuple(path)
        while True:
            if probe in self.marks:
                return self.marks[probe]
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
    """Read a UTF-8 text file (a BOM is accepted), refusing binary and other encodings."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise error([Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")]) from None
    return decode_text(raw, file, error)


def decode_text(raw: bytes, file: str, error: type[TableError] | type[InputError] = InputError) -> str:
    """Decode UTF-8 bytes (BOM accepted); binary or non-UTF-8 bytes give a located error."""
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
) -> Document:
    """Read a YAML file (or ``text`` named ``source``) into a :class:`Document`.

    Raises ``error`` (an :class:`InputError` or :class:`TableError`) naming file, line and
    column for syntax errors, duplicate keys, unsafe tags, oversized or too deep documents.
    """
    file = str(source)
    if text is None:
        text = read_text(source, error)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise error([Problem(file, line, column, "", f"YAML syntax error: {message}",
                             "valid YAML", "check indentation and quotes around ':' and '#'")]) from None
    except yaml.YAMLError as exc:
        raise error([Problem(file, None, None, "", f"YAML error: {exc}", "valid YAML")]) from None
    except RecursionError:
        raise error([Problem(file, None, None, "", "document nested too deeply",
                             f"at most {MAX_DEPTH} levels")]) from None
    document = Document(None, file)
    if node is None:
        return document
    builder = _Builder(document, error)
    document.data = builder.build(node, (), 0)
    return document


class _Builder:
    def __init__(self, document: Document, error: type[TableError] | type[InputError]) -> None:
        self.document = document
        self.error = error
        self.count = 0
        self.constructor = yaml.SafeLoader("")  # only its scalar constructors are used

    def fail(self, node: yaml.Node, path: Path_, message: str, expected: str = "",
             suggestion: str = "") -> InputError | TableError:
        return self.error([Problem(self.document.file, node.start_mark.line + 1,
                                   node.start_mark.column + 1, dotted(path), message,
                                   expected, suggestion)])

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, path, "document expands to too many values (alias bomb?)",
                            f"at most {MAX_NODES:,} values")
        if depth > MAX_DEPTH:
            raise self.fail(node, path, "document nested too deeply", f"at most {MAX_DEPTH} levels")
        if node.tag not in _SAFE_TAGS:
            raise self.fail(node, path, f"tag {node.tag!r} is not allowed",
                            "plain YAML values (text, numbers, lists, mappings)",
                            "remove the tag: data files never run code")
        self.document.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise self.fail(node, path, f"cannot read value {node.value!r}: {exc}") from None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in _flatten_merge(node):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SAFE_TAGS:
                raise self.fail(key_node, path, "mapping keys must be plain text or numbers")
            key = self.constructor.construct_object(key_node)
            key = str(key) if not isinstance(key, (str, int)) or isinstance(key, bool) else key
            if key in seen:
                raise self.fail(
                    key_node, (*path, key),
                    f"duplicate key {key!r} (first defined at line {seen[key]})",
                    "each key once per mapping",
                    "YAML would silently keep only the last one: merge or rename them",
                )
            seen[key] = key_node.start_mark.line + 1
            child_path = (*path, key)
            self.document.marks[child_path] = (key_node.start_mark.line + 1,
                                               key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child_path, depth + 1)
        return result


def _flatten_merge(node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            merged = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for item in merged:
                if isinstance(item, yaml.MappingNode):
                    yield from _flatten_merge(item)
            continue
        yield key_node, value_node
