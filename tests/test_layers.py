"""The architecture's rules, checked over every module rather than a hand-kept list.

Arrows point down only. Each module belongs to a layer; it may import modules of lower
layers and of its own package, never of a higher layer or of a sibling package in its own
layer. Every import counts, those inside functions too (an import moved into a function
to dodge a cycle is still an arrow); only ``if TYPE_CHECKING:`` blocks are left out, as
they never run. And no two modules import each other, however indirectly.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"

#: Layer of each package or top-level module, lowest first (see docs/architecture.md).
LAYERS: dict[str, int] = {
    # Neutral helpers: nothing of ours below them.
    "workbench": 0, "workbench.atomic": 0, "workbench.text": 0,
    "workbench.terminal_text": 0, "workbench.errors": 0,
    # The domain: dataclasses and vocabularies, rating scales, then the user's settings.
    "workbench.model": 1, "workbench.scales": 1,
    "workbench.config": 2, "workbench.sections": 2,
    "workbench.casefile": 3,
    "workbench.analysis": 4,
    "workbench.formats": 5,
    # Operations on a case: the review workflow, edits, fields named as scripts name them.
    "workbench.review": 6, "workbench.editing": 6, "workbench.fields": 6,
    # The two front ends; the command line may start the TUI, never the other way round.
    "workbench.tui": 7,
    "workbench.cli": 8,
    "workbench.__main__": 9,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _group(module: str) -> str:
    """The entry of LAYERS a module falls under: its package, or itself."""
    candidates = [name for name in LAYERS if module == name or module.startswith(name + ".")]
    return max(candidates, key=len)


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:``."""
    nodes: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        nodes.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def imports_of(module: str) -> set[str]:
    """The modules of ours that ``module`` imports, wherever in it the import stands."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(MODULES[module].read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            # ``from workbench.tui import autosave`` imports the module autosave.
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES
                     else node.module for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in MODULES and name != module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_has_a_layer() -> None:
    assert all(_group(module) for module in MODULES)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_arrows_point_down(module: str) -> None:
    group = _group(module)
    upward = sorted(
        target for target in GRAPH[module]
        if _group(target) != group and LAYERS[_group(target)] >= LAYERS[group]
        and _group(target) != "workbench"
    )
    assert upward == [], f"{module} ({group}) imports {upward}"


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components: any with two modules or more is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in GRAPH[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in GRAPH:
        if module not in index:
            visit(module)
    assert cycles == []


def test_the_check_can_fail() -> None:
    """The walk sees imports inside functions: the TUI launcher the CLI calls lazily."""
    assert "workbench.tui.app" in {target for module, targets in GRAPH.items()
                                   if module.startswith("workbench.cli")
                                   for target in targets}


CORE = sorted(module for module in MODULES
              if LAYERS[_group(module)] < LAYERS["workbench.tui"] and module != "workbench")


def test_core_modules_do_not_load_textual() -> None:
    """Below the front ends nothing loads Textual, even indirectly: imported in a fresh
    interpreter, each in turn."""
    probe = ("import importlib, sys\n"
             "for name in sys.argv[1:]:\n"
             "    importlib.import_module(name)\n"
             "    assert 'textual' not in sys.modules, name\n")
    result = subprocess.run([sys.executable, "-c", probe, *CORE], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_textual_probe_can_fail() -> None:
    probe = "import sys, workbench.tui.app; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "True"


def test_no_test_module_imports_another() -> None:
    """Shared test code lives in tests/support.py (and strategies.py): a test module that
    imports another runs that module's fixtures and tests' imports in its own."""
    tests = Path(__file__).resolve().parent
    importing = sorted(
        path.name for path in tests.glob("test_*.py")
        if re.search(r"^\s*(from tests\.test_\w+ import|import tests\.test_)",
                     path.read_text("utf-8"), re.M)
    )
    assert importing == []
