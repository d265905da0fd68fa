"""Griffe extension for the API reference: Sphinx roles and doctests in docstrings, as Markdown.

coopcarbon's docstrings are numpy style and name other objects with Sphinx roles
(``:class:`~coopcarbon.result.BilanResult```); mkdocstrings renders Markdown, where such a role
would show literally. Before the docstrings are rendered, this extension rewrites:

- a role naming an object of a module shown on the API page into a cross-reference
  (``[BilanResult][coopcarbon.result.BilanResult]``), its target resolved from where the
  docstring is (``:data:`MODES``` in ``coopcarbon.domains.mobility.modes``); any other target,
  and ``:math:``, into inline code;
- a doctest (``>>>`` lines and their output) outside a code block into a ``pycon`` block, so it
  is shown as code and not as a quotation;
- a parameter entry naming several parameters (``scope, ghg_category, beges_post``) into one
  entry each, so that each shows its own type.

Configured in ``mkdocs.yml`` (``extensions: [tools/griffe_roles.py]``); the API page's modules
are read from ``docs/reference/api.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?P<role>class|mod|func|meth|data|attr|exc|obj|const|math):`(?P<body>[^`]+)`")
TITLED = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")
API_PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "api.md"


def rendered_modules(page: Path = API_PAGE) -> tuple[str, ...]:
    """Modules the API page renders (its ``::: module`` lines)."""
    return tuple(m.group(1) for m in re.finditer(r"^::: ([\w.]+)\s*$", page.read_text(encoding="utf-8"), re.M))


class SphinxRoles(griffe.Extension):
    """Rewrites the roles and doctests of every docstring of the package (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.modules = rendered_modules()

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = split_names(fence_doctests(self.rewrite(obj.docstring.value, obj)))

    def rewrite(self, text: str, obj: griffe.Object) -> str:
        """``text`` with every role as a cross-reference or inline code."""
        return ROLE.sub(lambda m: self._role(m["role"], m["body"], obj), text)

    def _role(self, role: str, body: str, obj: griffe.Object) -> str:
        if role == "math":
            return f"`{body}`"
        titled = TITLED.match(body)
        target = (titled["target"] if titled else body).strip()
        short = target.startswith("~")
        target = target.lstrip("~.").removesuffix("()")
        title = titled["title"] if titled else (target.rsplit(".", 1)[-1] if short else target)
        path = self._resolve(target, obj)
        if path is None:
            return f"`{title}`"
        return f"[`{title}`][{path}]"

    def _resolve(self, target: str, obj: griffe.Object) -> str | None:
        """Canonical path of ``target`` seen from ``obj``, if a rendered module holds it."""
        scope: griffe.Object | None = obj
        found: Any = None
        while scope is not None and found is None:
            try:
                found = scope.modules_collection[target] if target.startswith("coopcarbon") else None
                if found is None:
                    found = scope.modules_collection[scope.resolve(target)]
            except (KeyError, ValueError, griffe.NameResolutionError, griffe.AliasResolutionError):
                found = None
            scope = scope.parent
        if found is None:
            return None
        try:
            path = str(found.canonical_path)
            if found.is_attribute and found.docstring is None:  # not rendered (no docstring): no anchor
                return None
        except griffe.AliasResolutionError:
            return None
        if any(path == m or path.startswith(m + ".") for m in self.modules):
            module = next(m for m in self.modules if path == m or path.startswith(m + "."))
            return path if _is_public(path, module) else None
        return None


def _is_public(path: str, module: str) -> bool:
    """Whether the API page shows ``path`` (no private part after its module)."""
    return not any(part.startswith("_") for part in path[len(module):].split(".") if part)


def _walk(obj: griffe.Object) -> list[griffe.Object]:
    found = [obj]
    for member in obj.members.values():
        if not member.is_alias:
            found.extend(_walk(member))
    return found


def fence_doctests(text: str) -> str:
    """Doctest lines outside code blocks, fenced as ``pycon`` blocks."""
    out: list[str] = []
    in_fence = in_doctest = False
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and not in_doctest and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            in_doctest = True
        elif in_doctest and not stripped:
            out.append(f"{indent}```")
            in_doctest = False
        out.append(line)
    if in_doctest:
        out.append(f"{indent}```")
    return "\n".join(out)


NAMES = re.compile(r"^(?P<indent>\s*)(?P<names>\*{0,2}\w+(?:\s*,\s*\*{0,2}\w+)+)\s*$")
SECTIONS = {"parameters", "other parameters", "attributes", "returns", "raises"}


def split_names(text: str) -> str:
    """``a, b`` entries of the parameters and attributes sections, one entry per name."""
    lines = text.splitlines()
    out: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if i + 1 < len(lines) and set(lines[i + 1].strip()) == {"-"}:
            section = line.strip().lower()
        match = NAMES.match(line) if section in {"parameters", "other parameters", "attributes"} else None
        if match is None:
            out.append(line)
            i += 1
            continue
        indent = match["indent"]
        body: list[str] = []
        i += 1
        while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > len(indent)):
            body.append(lines[i])
            i += 1
        while body and not body[-1].strip():
            i -= 1
            body.pop()
        for name in (n.strip() for n in match["names"].split(",")):
            out.extend([indent + name, *body])
    return "\n".join(out)
