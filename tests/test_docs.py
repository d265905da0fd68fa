"""Every code example of the documentation runs, and the reference pages match the code.

* Each ```python block of docs/**/*.md and README.md is executed; the blocks of a page run in
  order in one namespace, from the repository root. ```pycon blocks (``>>>``) run with doctest
  in the same namespace. A block preceded by ``<!-- no-test -->`` is illustrative only.
* docs/domains/*.md are run by their own tests (tests/test_mobility.py, test_buildings.py,
  test_energy.py, test_hardware.py, which also check their tables of results): not run twice.
* The tutorial's commands run, and their output contains the lines the page shows.
* The reference pages document every field of the bilan file and factor table models, and the
  reporting-layouts page lists every BEGES v5 post and GHG Protocol category.
"""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: Pages whose examples are run by other tests (see the module docstring).
TESTED_ELSEWHERE = {DOCS / "domains" / name for name in
                    ("mobility.md", "buildings.md", "energy.md", "hardware.md")}
NO_TEST = "<!-- no-test -->"
FENCE = re.compile(r"^(?P<indent>[ ]*)(?P<fence>```+|~~~+)(?P<info>[^\n`]*)$")


@dataclass(frozen=True)
class Block:
    """A fenced code block of a Markdown page."""

    page: Path
    number: int          # 1-based, counting every fenced block of the page
    language: str
    line: int            # 1-based line of the opening fence
    code: str
    skip: bool

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}, block {self.number} (line {self.line})"


def blocks(page: Path) -> list[Block]:
    """Every fenced code block of ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        language = match["info"].strip().split(" ")[0].lower()
        start = i
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:])
            i += 1
        previous = next((lines[j].strip() for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        found.append(Block(page, len(found) + 1, language, start + 1, "\n".join(body) + "\n",
                           previous == NO_TEST))
        i += 1
    return found


def pages() -> list[Path]:
    candidates = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]
    return [p for p in candidates if p not in TESTED_ELSEWHERE
            and any(b.language in {"python", "pycon"} for b in blocks(p))]


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_code_blocks_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    parser = doctest.DocTestParser()
    for block in blocks(page):
        if block.skip or block.language not in {"python", "pycon"}:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a factor outside its years warns; not the point here
            if block.language == "python":
                try:
                    exec(compile(block.code, block.where(), "exec"), namespace)  # noqa: S102  # our own docs
                except Exception as exc:  # report which block failed
                    pytest.fail(f"{block.where()} raised {type(exc).__name__}: {exc}")
            else:
                test = parser.get_doctest(block.code, namespace, block.where(), str(page), block.line)
                outcome = runner.run(test, clear_globs=False)
                assert outcome.failed == 0, f"{block.where()}: doctest failed (see output above)"


def test_no_test_marker_is_rare() -> None:
    skipped = [b.where() for p in pages() for b in blocks(p) if b.skip]
    assert len(skipped) <= 3, skipped


# ------------------------------------------------------------------ the tutorial's commands
TUTORIAL = DOCS / "tutorial" / "first-audit.md"


def _run(command: str) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0] == "coopcarbon", command
    return subprocess.run([sys.executable, "-m", "coopcarbon", *words[1:]], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, check=False)


def _commands(page: Path) -> list[tuple[Block, str, Block | None]]:
    """(sh block, its command, the text block right after it showing its output, if any).

    Commands that write a file (``-o``, ``>``) are left out: they are shown, not run.
    """
    found = []
    all_blocks = blocks(page)
    for i, block in enumerate(all_blocks):
        if block.language != "sh":
            continue
        following = all_blocks[i + 1] if i + 1 < len(all_blocks) else None
        shown = following if following is not None and following.language == "text" else None
        for command in block.code.splitlines():
            command = command.split("#", 1)[0].strip()
            if command.startswith("coopcarbon ") and " -o " not in command and ">" not in command:
                found.append((block, command, shown))
    return found


def _tutorial_commands() -> list[tuple[Block, str, Block | None]]:
    return _commands(TUTORIAL)


def _other_commands() -> list[tuple[Block, str, Block | None]]:
    return [c for p in sorted(DOCS.rglob("*.md")) if p != TUTORIAL and p not in TESTED_ELSEWHERE
            for c in _commands(p)]


def test_tutorial_shows_commands() -> None:
    commands = [c for _, c, _ in _tutorial_commands()]
    assert any(c.startswith("coopcarbon report") for c in commands)
    assert any(c.startswith("coopcarbon factors check") for c in commands)


@pytest.mark.parametrize(("block", "command", "shown"), _tutorial_commands(),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_tutorial_command_output(block: Block, command: str, shown: Block | None) -> None:
    done = _run(command)
    assert done.returncode == 0, f"{block.where()}: {command}\n{done.stderr}"
    output = _plain(done.stdout + done.stderr)
    if shown is not None:
        for line in shown.code.splitlines():
            if line.strip():
                assert _plain(line) in output, f"{shown.where()}: {line!r} not in the output of {command}"


def _plain(text: str) -> str:
    """French typography's narrow and no-break spaces read as plain spaces in the docs."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(("block", "command", "shown"), _other_commands(),
                         ids=lambda x: x if isinstance(x, str) else "")
def test_docs_commands_run(block: Block, command: str, shown: Block | None) -> None:
    done = _run(command)
    assert done.returncode == 0, f"{block.where()}: {command}\n{done.stderr}"


# ------------------------------------------------------------------ reference pages
def _fields(*models: type) -> set[str]:
    return {name for model in models for name in model.model_fields}  # type: ignore[attr-defined]


def test_bilan_file_reference_documents_every_field() -> None:
    from coopcarbon.bilanfile import schema as inputs

    text = (DOCS / "reference" / "bilan-file.md").read_text(encoding="utf-8")
    models = [inputs.BilanFile, inputs.Site, inputs.Respondent, inputs.Commute, inputs.Trip,
              inputs.FleetFuel, inputs.FleetDistance, inputs.Fleet, inputs.Heating,
              inputs.SupplierMixContract, inputs.DeclaredFactorContract,
              inputs.GuaranteesOfOriginContract, inputs.Electricity, inputs.Solar,
              inputs.Refrigerant, inputs.Building, inputs.DeviceEntry, inputs.Hardware,
              inputs.Activity]
    missing = sorted(f for f in _fields(*models) if f"`{f}`" not in text)
    assert not missing, f"docs/reference/bilan-file.md does not document {missing}"


def test_factor_table_reference_documents_every_field() -> None:
    from coopcarbon.factors import schema

    text = (DOCS / "reference" / "factor-table-format.md").read_text(encoding="utf-8")
    models = [schema.TableFile, schema.TableMeta, schema.FactorEntry, schema.ParameterEntry,
              schema.QualityScores, schema.IndicatorEntry]
    missing = sorted(f for f in _fields(*models) if f"`{f}" not in text and f not in text)
    assert not missing, f"docs/reference/factor-table-format.md does not document {missing}"


def test_reporting_layouts_match_categories() -> None:
    from coopcarbon import categories

    text = (DOCS / "explanations" / "reporting-layouts.md").read_text(encoding="utf-8")
    for post, (french, english) in categories.BEGES_POSTS.items():
        assert f"| {post} | {english} | *{french}* |" in text, post
    for number, (french, english) in categories.GHG_CATEGORIES.items():
        default = categories.default_beges_post(3, number)
        row = (f"| {number} | {english} (*{french}*) | {default} "
               f"{categories.BEGES_POSTS[default][1]} |")
        assert row in text, number


def test_every_page_is_in_the_nav() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def walk(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [p for item in node for p in walk(item)]
        if isinstance(node, dict):
            return [p for value in node.values() for p in walk(value)]
        return []

    in_nav = set(walk(config["nav"]))
    on_disk = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert on_disk - in_nav == set(), "pages missing from mkdocs.yml nav"
    assert in_nav - on_disk == set(), "nav entries without a page"


def test_docs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    pytest.importorskip("mkdocstrings")
    # no --quiet: it hides the warnings from --strict, which then lets a broken site pass
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "-d", str(tmp_path / "site")], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, check=False, env=_env())
    assert done.returncode == 0, done.stderr[-3000:]


def _env() -> dict[str, str]:
    import os

    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
