"""The package's shape: module size, function complexity, import graph, imports inside functions.

These checks read the source (``ast`` and radon), they import nothing from coopcarbon. The rules
come from the design notes: a module stays under 600 lines, no function is worse than radon's
rank C (cyclomatic complexity above 20), imports point down the package's floors with a single
allowed loop (``result`` ↔ ``reports``: the ``r.to_markdown()`` facade), and a function imports
nothing except an optional dependency or an import listed below with its reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

radon_complexity = pytest.importorskip("radon.complexity", reason="radon is in the test extra")

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "coopcarbon"
MAX_LINES = 600
WORST_RANK = "C"

#: Optional dependencies: imported where used, so that ``import coopcarbon`` stays light and a
#: missing one raises MissingDependencyError naming its extra.
OPTIONAL = frozenset({"matplotlib", "pandas", "openpyxl", "pyarrow", "duckdb", "airportsdata"})

#: Imports allowed inside a function, (importing module, imported module) → why.
LAZY: dict[tuple[str, str], str] = {
    # the facade: reports import result (BilanResult), so result imports them when called
    ("coopcarbon.result", "coopcarbon.reports.data"): "r.to_dict/to_json/to_csv facade",
    ("coopcarbon.result", "coopcarbon.reports.markdown"): "r.to_markdown facade",
    ("coopcarbon.result", "coopcarbon.reports.html"): "r.to_html facade",
    # start-up of the command: building the bilan file's pydantic models takes about 0.3 s,
    # which `coopcarbon --help`, `factors ...` and reports of JSON results do without
    ("coopcarbon.cli", "coopcarbon.bilan"): "command start-up",
    ("coopcarbon.cli", "coopcarbon.bilanfile.reader"): "command start-up",
    ("coopcarbon.cli", "coopcarbon.bilanfile.writer"): "command start-up",
    # the library comes from the disk cache without pydantic; the validators (pydantic models)
    # are imported only when a table has to be checked
    ("coopcarbon.factors.loading", "coopcarbon.factors.csvtable"): "validation on demand",
    ("coopcarbon.factors.loading", "coopcarbon.factors.validate"): "validation on demand",
    ("coopcarbon.factors.loading", "coopcarbon.factors.tablerows"): "reading on demand (PyYAML)",
    ("coopcarbon.cli", "coopcarbon.network"): "command start-up (network reads bilan files)",
    ("coopcarbon.cli", "coopcarbon.reports.network"): "command start-up (imports coopcarbon.network)",
    ("coopcarbon.cli", "coopcarbon.reports.transition"): "command start-up (it reads the scenarios)",
    ("coopcarbon.cli_plan", "coopcarbon.bilanfile.plan"): "command start-up",
    ("coopcarbon.cli_plan", "coopcarbon.bilanfile.schema"): "command start-up",
    ("coopcarbon.cli_plan", "coopcarbon.bilan"): "command start-up",
    ("coopcarbon.cli_plan", "coopcarbon.scenarios"): "command start-up",
    ("coopcarbon.cli_plan", "coopcarbon.reports.beges"): "command start-up (it reads the bilan file's models)",
    ("coopcarbon.cli_plan", "coopcarbon.reports.transition"): "command start-up (it reads the scenarios)",
    ("coopcarbon.cli", "coopcarbon.bilanfile.workbook"): "command start-up",
    ("coopcarbon.result", "coopcarbon.reports.notebook"): "r.to_dataframe / notebook display facade",
    ("coopcarbon.result", "coopcarbon.reports.xlsx"): "r.to_xlsx facade",
    ("coopcarbon.factors.loading", "coopcarbon.factors.ademe"): "validation on demand",
    # ADEME's export loads as the library's rows, without pydantic: its models, the document that
    # locates a factor, and PyYAML (import_export) are imported when asked for
    ("coopcarbon.factors.ademe", "coopcarbon.factors.ademe_models"): "models on first use",
    ("coopcarbon.factors.ademe", "coopcarbon.factors.csvtable"): "located problems on first use",
    ("coopcarbon.factors.ademe", "yaml"): "writing a YAML table on demand",
    ("coopcarbon.cli_factors", "coopcarbon.factors.ademe"): "command start-up (pydantic models)",
    ("coopcarbon.cli_factors", "coopcarbon.factors.bibliography"): "command start-up (pydantic models)",
    ("coopcarbon.cli_factors", "coopcarbon.factors.plausibility"): "command start-up (pydantic models)",
    # pint (0.15 s) is imported when the unit registry is first built: checking factor tables with
    # common units needs neither (coopcarbon.unitstable); coopcarbon.errors imports pint
    ("coopcarbon.units", "pint"): "unit registry on first use",
    ("coopcarbon.units", "coopcarbon.errors"): "UnitMismatchError, raised once pint is in use",
    ("coopcarbon.engine", "pint"): "converting units that do not cancel, once the registry is built",
    ("coopcarbon.emissions", "pint"): "converting indicator units that do not cancel",
    ("coopcarbon.result", "pint"): "comparing factor values as quantities",
    ("coopcarbon.domains.mobility.commute", "pint"): "telework parameter per day or per year",
    ("coopcarbon.cli_factors", "pint"): "comparing a user table's values with the bundled ones",
    ("coopcarbon.checks", "pint"): "energy bills compared in kWh",
    ("coopcarbon.bilanfile.entries", "coopcarbon.bilanfile.fec"): "start-up: the FEC reader, for bilans with a FEC",
    ("coopcarbon.bilan", "coopcarbon.bilanfile.workbook"): "start-up: the workbook reader, for workbooks",
    ("coopcarbon.cli", "coopcarbon.reports.data"): "start-up: the result schema, for JSON results",
    ("coopcarbon.errors", "coopcarbon.mismatch"): "UnitMismatchError (a pint error) on first use",
    ("coopcarbon.units", "numpy"): "checking a quantity's magnitude, once pint (which imports numpy) is in use",
}

#: Import edges allowed to close a loop: the result → reports facade.
LOOP_EDGES = frozenset(edge for edge in LAZY if edge[0] == "coopcarbon.result")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute module of ``from ... import`` in ``module``."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if _is_package(module) else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """Modules an import statement loads (a ``from P import sub`` loads the submodule)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    source = _resolve(module, node)
    targets = {f"{source}.{alias.name}" for alias in node.names}
    yield from sorted({t if t in MODULES else source for t in targets})


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:`` (never run)."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            ids.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return ids


def _imports(module: str, *, type_checking: bool = False) -> Iterator[tuple[str, bool, int]]:
    """(imported module, inside a function, line) of every import that runs (and, with
    ``type_checking``, of those under ``if TYPE_CHECKING:`` too)."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    skipped = set() if type_checking else _type_checking_only(tree)
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            in_function.update(id(sub) for sub in ast.walk(node) if sub is not node)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
            for target in _targets(module, node):
                yield target, id(node) in in_function, node.lineno


def _graph() -> dict[str, set[str]]:
    """Internal import edges, type-only ones included (a reader follows them too), without a
    package's ``__init__`` re-exporting its own submodules."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module in MODULES:
        for target, _, _ in _imports(module, type_checking=True):
            if target not in MODULES or target == module:
                continue
            if _is_package(module) and target.startswith(module + "."):
                continue  # a package re-exports the names of its own submodules
            if (module, target) in LOOP_EDGES:
                continue
            graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_package_is_found() -> None:
    assert "coopcarbon.result" in MODULES and "coopcarbon.reports.markdown" in MODULES
    assert len(MODULES) > 30


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_under_600_lines(module: str) -> None:
    lines = MODULES[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines; split it into modules named after what they hold"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_function_worse_than_c(module: str) -> None:
    blocks = radon_complexity.cc_visit(MODULES[module].read_text(encoding="utf-8"))
    worse = [f"{b.fullname} (line {b.lineno}): {b.complexity}, rank {radon_complexity.cc_rank(b.complexity)}"
             for b in blocks if radon_complexity.cc_rank(b.complexity) > WORST_RANK]
    assert not worse, f"{module}: " + "; ".join(worse)


def test_no_import_loop() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import loops: " + " | ".join(" ↔ ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_inside_functions(module: str) -> None:
    bad = [f"line {line}: {target}" for target, inside, line in _imports(module)
           if inside and target.split(".")[0] not in OPTIONAL and (module, target) not in LAZY]
    assert not bad, f"{module} imports inside functions: " + ", ".join(bad)


# -- the checks themselves, on small known cases --------------------------------------------


def test_cycles_found_in_a_known_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_relative_imports_resolved() -> None:
    node = ast.parse("from ..units import Q").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _resolve("coopcarbon.reports.markdown", node) == "coopcarbon.units"
    package_node = ast.parse("from . import charts").body[0]
    assert isinstance(package_node, ast.ImportFrom)
    assert list(_targets("coopcarbon.reports.html", package_node)) == ["coopcarbon.reports.charts"]
    assert _resolve("coopcarbon.reports", ast.parse("from .labels import text").body[0]) == (  # type: ignore[arg-type]
        "coopcarbon.reports.labels")


def test_the_facade_loop_is_the_allowed_one() -> None:
    """result imports reports inside its methods, and reports import result: that loop only."""
    result_imports = {target for target, inside, _ in _imports("coopcarbon.result") if inside}
    assert {"coopcarbon.reports.markdown", "coopcarbon.reports.html"} <= result_imports
    assert "coopcarbon.result" in {t for t, _, _ in _imports("coopcarbon.reports.markdown")}


def test_complexity_rank_of_a_known_function() -> None:
    source = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(21)) + "    return -1\n"
    [block] = radon_complexity.cc_visit(source)
    assert block.complexity == 22 and radon_complexity.cc_rank(block.complexity) == "D"
