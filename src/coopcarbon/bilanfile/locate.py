"""Where a problem is in a bilan file: entry paths mapped back to file:line:column.

A bilan file is read with the position of every node (:class:`coopcarbon.io.yamlfile.Document`).
A problem found later (by pydantic, by a domain helper naming its parameter, by the engine
naming a line) is attached to the entry it came from and located at the field's own line.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import errors
from ..categories import BEGES_POSTS
from ..errors import CoopCarbonError, InputError, Problem, UnknownFactorError
from ..io.messages import expected_bounds, human_message
from ..io.yamlfile import Document, dotted
from .schema import BilanFile

__all__ = ["EntryPath", "Locator", "validation_problems"]

#: Path of an entry in a bilan document: ``("electricity", 0)``, ``("commute", "respondents", 2)``.
EntryPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Locator:
    """Locates problems in one bilan document (``document`` ``None``: a bilan built in Python)."""

    document: Document | None

    @property
    def file(self) -> str:
        """The bilan file's name as read (``<bilan>`` without a file)."""
        return self.document.file if self.document is not None else "<bilan>"

    def locate(self, exc: CoopCarbonError, path: EntryPath, *, keep_files: bool = False) -> list[Problem]:
        """The problems of ``exc`` (raised for the entry at ``path``) at the entry's file:line.

        A domain helper names the parameter (``distance``, ``shares``, ``respondents[2].mode``);
        it is found under the entry in the document, so the line is the field's own line. With
        ``keep_files``, a problem already in a file of its own (a FEC, a FEC mapping: not a
        ``<placeholder>``) is kept there.
        """
        file = self.file
        if isinstance(exc, InputError) and exc.problems:
            located = []
            for p in exc.problems:
                if keep_files and not p.file.startswith("<"):
                    located.append(p)
                    continue
                full = self._find(path, p.field)
                line, column = self.mark(full)
                located.append(Problem(file, line, column, dotted(full), p.message, p.expected,
                                       p.suggestion))
            return located
        if isinstance(exc, UnknownFactorError):
            full = self._find_value(path, exc.factor_id)
            line, column = self.mark(full)
            suggestion = ("did you mean " + ", ".join(repr(n) for n in exc.nearest) + "?"
                          if exc.nearest else "search the library: `coopcarbon factors search WORD`")
            return [Problem(file, line, column, dotted(full), f"unknown factor id {exc.factor_id!r}",
                            "a factor id of the library (`coopcarbon factors search`)", suggestion)]
        if isinstance(exc, errors.UnitMismatchError):
            full = self._find(path, exc.parameter)
            line, column = self.mark(full)
            value = self.value(full)
            shown = repr(value) if isinstance(value, str) else exc.parameter or "the quantity"
            wanted = str(exc.units2)
            expected = wanted if wanted.startswith("[") else f"{wanted} ({exc.dim2})"
            if exc.dim1 in ("dimensionless", ""):
                message = f"{shown} has no unit"
            else:
                message = f"{shown} has the wrong unit: {exc.units1} is {exc.dim1}"
            hint = exc.extra_msg
            if hint.startswith(("line ", "lines ")) and " uses factor " in hint:
                hint = "uses factor " + hint.split(" uses factor ", 1)[1]
            suggestion = "; ".join(t for t in (hint, f"for example {exc.example!r}" if exc.example
                                                else "") if t)
            return [Problem(file, line, column, dotted(full), message, "a quantity in " + expected,
                            suggestion)]
        line, column = self.mark(path)
        return [Problem(file, line, column, dotted(path), str(exc))]

    def where(self, path: EntryPath) -> str:
        """``file:line`` of the entry at ``path`` (for warnings)."""
        line = self.mark(path)[0]
        return f"{self.file}:{line}" if line is not None else self.file

    def problem(self, path: EntryPath, message: str, expected: str = "", suggestion: str = "") -> Problem:
        """A problem of the value at ``path``, at its file:line:column."""
        line, column = self.mark(path)
        return Problem(self.file, line, column, dotted(path), message, expected, suggestion)

    def mark(self, path: EntryPath) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the node at ``path``, ``(None, None)`` when unknown."""
        return self.document.mark(path) if self.document is not None else (None, None)

    def value(self, path: EntryPath) -> Any:
        """The value at ``path`` in the document (``None`` when there is none)."""
        node: Any = self.document.data if self.document is not None else None
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def _find(self, path: EntryPath, field: str) -> EntryPath:
        """Path of ``field`` (dotted, as a domain helper names it) under the entry at ``path``."""
        sub = _undotted(field)
        if not sub:
            return path
        if sub[: len(path)] == path:  # already a full path
            return sub
        doc = self.document
        if doc is None or (*path, *sub) in doc.marks:
            return (*path, *sub)
        # the helper's parameter may sit deeper (contract.shares) or carry a sub-key (shares['x'])
        for tail in (sub, sub[-1:], sub[:1]):
            found = [k for k in doc.marks if k[: len(path)] == path and k[-len(tail):] == tail
                     and len(k) > len(path)]
            if found:
                return min(found, key=len)
        return (*path, *sub)

    def _find_value(self, path: EntryPath, text: str) -> EntryPath:
        """Path of the first value equal to ``text`` under ``path`` (e.g. a factor id)."""
        doc = self.document
        if doc is None:
            return path
        for key in sorted((k for k in doc.marks if k[: len(path)] == path), key=len):
            if self.value(key) == text:
                return key
        return path


def _undotted(field: str) -> tuple[str | int, ...]:
    """``"respondents[2].mode"`` → ``("respondents", 2, "mode")`` (inverse of :func:`dotted`)."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


def validation_problems(exc: ValidationError, document: Document) -> list[Problem]:
    """Pydantic's errors as problems at their file:line:column, with what was expected."""
    problems = []
    for error in exc.errors(include_url=False):
        path = tuple(p for p in error["loc"] if not (isinstance(p, str) and p in {
            "supplier_mix", "declared_factor", "guarantees_of_origin"}))
        message = error["msg"]
        suggestion = ""
        if error["type"] == "extra_forbidden":
            name = str(path[-1])
            message = f"unknown field {name!r}"
            model = _model_at(path[:-1])
            if model is not None:
                close = difflib.get_close_matches(name, list(model.model_fields), n=3, cutoff=0.5)
                suggestion = ("did you mean " + ", ".join(repr(c) for c in close) + "?") if close else ""
                message += f" (known: {', '.join(model.model_fields)})"
        elif error["type"] == "missing":
            message = f"missing field {str(path[-1])!r}"
        else:
            message, suggestion = human_message(error)
        problems.append(document.problem(path, message, _expected(error), suggestion))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems


def _expected(error: Any) -> str:
    """What a pydantic error type expects, in words (empty when the message says it)."""
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    if kind.startswith(("greater_than", "less_than")):
        return expected_bounds(ctx)
    if kind == "literal_error":
        return "one of " + str(ctx.get("expected", ""))
    if kind in {"float_parsing", "float_type"}:
        return "a number"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return "a whole number"
    if kind in {"string_type", "string_too_short"}:
        return "text; a quantity needs its unit, e.g. '12 km'" if kind == "string_type" else "non-empty text"
    if kind in {"bool_parsing", "bool_type"}:
        return "true or false"
    if kind in {"list_type", "tuple_type"}:
        return "a list (one '- ' item per line, or [a, b])"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return "a mapping (key: value lines)"
    if kind.startswith("union_tag") or kind == "union_tag_invalid":
        return "type: supplier_mix, declared_factor or guarantees_of_origin"
    if kind == "bool_not_number":
        return "a number"
    if kind == "beges_post":
        return "a BEGES v5 post: " + ", ".join(BEGES_POSTS)
    if kind == "too_short":
        return "at least one item"
    return ""


def _model_at(path: Sequence[str | int]) -> type[BaseModel] | None:
    model: Any = BilanFile
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field is None:
            return None
        annotation = field.annotation
        for candidate in _models_in(annotation):
            model = candidate
            break
        else:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found
