"""The layers of boxguard: no two of its packages import each other, even through others.

Each subpackage and top-level module (``boxguard.kinds``, ``boxguard.text``...) is one
node; an import from any module of one node to another is an edge. A cycle among the
nodes means two layers can no longer be told apart (kinds ↔ synth, policy ↔ transform).
"""

from __future__ import annotations

from collections.abc import Mapping, Set

import grimp
import pytest

#: The core: what must never import the synthetic-data generator.
CORE = ("kinds", "detect", "transform", "crypto", "audit", "clock", "errors", "text")


def _node(module: str) -> str | None:
    """The package or top-level module ``module`` belongs to (None for ``boxguard``)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else None


def _edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        a = _node(module)
        if a is None:
            continue
        edges.setdefault(a, set())
        for imported in graph.find_modules_directly_imported_by(module):
            b = _node(imported)
            if b is not None and b != a:
                edges[a].add(b)
    return edges


def cycles(edges: Mapping[str, Set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted.

    >>> cycles({"a": {"b"}, "b": {"a", "c"}, "c": set()})
    [['a', 'b']]
    >>> cycles({"a": {"b"}, "b": {"c"}, "c": set()})
    []
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("boxguard")


def test_cycles_finds_a_cycle_through_a_third_package() -> None:
    assert cycles({"x.a": {"x.b"}, "x.b": {"x.c"}, "x.c": {"x.a"}, "x.d": {"x.a"}}) == [
        ["x.a", "x.b", "x.c"]
    ]


def test_no_cycle_between_boxguard_packages(graph: grimp.ImportGraph) -> None:
    edges = _edges(graph)
    assert {"boxguard.kinds", "boxguard.transform", "boxguard.synth"} <= set(edges)
    assert cycles(edges) == []


@pytest.mark.parametrize("core", CORE)
def test_the_core_never_imports_the_synthetic_generator(
    graph: grimp.ImportGraph, core: str
) -> None:
    importer = f"boxguard.{core}"
    assert importer in graph.modules
    assert not graph.chain_exists(importer, "boxguard.synth", as_packages=True)
