"""No import cycles among careerrep's modules, counting every import (lazy and type-only ones too).

A cycle hidden behind a function-level or ``TYPE_CHECKING`` import is still a
cycle: the two modules cannot be understood, tested or moved apart. The graph
is built from the source with ``ast``; an edge ``a -> b`` means module ``a``
imports module ``b`` (``from careerrep.x import y`` is an edge to
``careerrep.x.y`` when that is a module, else to ``careerrep.x``). Package
``__init__`` files only re-export, so edges into a package's own submodules
from its ``__init__`` are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "careerrep"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """``{module: modules it imports}`` for every careerrep module."""
    paths = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in paths else node.module
                    for a in node.names
                ]
            for target in targets:
                if target not in paths or target == name:
                    continue
                if is_package and target.startswith(name + "."):
                    continue  # a package re-exporting its own submodules
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
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


def test_the_graph_sees_lazy_and_type_only_imports() -> None:
    graph = import_graph()
    assert "careerrep.signals" in graph["careerrep.table"]  # a function-level import
    assert "careerrep.models.bayes" in graph["careerrep.models.base"]  # lazy, inside sample()


def test_there_are_no_import_cycles() -> None:
    assert cycles(import_graph()) == []
