"""The package's imports run one way, bottom to top, and hold no cycle: read from the source (AST), not by importing it.

Every `import` counts, at module level, inside a function or under TYPE_CHECKING: an upward import kept
inside a function is still an upward dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "analyser"

# Each unit of the package (a top-level module or subpackage) and its layer: a unit imports only from lower layers,
# or from itself. gate, evaluation and series share a layer and so cannot import each other; corrections measure their
# agreement with evaluation's figures.
LAYERS = {
    "textnorm": 0,
    "errors": 0,
    "labels": 0,
    "phrases": 0,
    "domain": 1,
    "cue_grammar": 1,
    "resources": 2,
    "messages": 3,
    "read": 4,
    "nlp": 5,
    "coding": 6,
    "profile": 7,
    "session": 8,
    "rows": 9,
    "redact": 10,
    "pipeline": 11,
    "batch": 12,
    "gate": 13,
    "evaluation": 13,
    "series": 13,
    "corrections": 14,
    "render": 15,
    "cli": 16,
}
TOP = ("__init__", "__main__", "__version__")  # the package and its version, and `python -m analyser`


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    """The analyser modules a file imports, with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("analyser."):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module == "analyser" or module.startswith("analyser."):
                # "from analyser.evaluation import agreement" imports a module of the package, not its __init__.
                submodules = [f"{module}.{alias.name}" for alias in node.names if _is_module(f"{module}.{alias.name}")]
                if submodules:
                    yield from ((name, node.lineno) for name in submodules)
                elif module != "analyser":
                    yield module, node.lineno


def _is_module(name: str) -> bool:
    path = REPO.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _unit(module: str) -> str:
    return module.split(".")[1]


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_unit_of_the_package_has_a_layer():
    units = {_unit(_module_name(path)) for path in _sources() if path != PACKAGE / "__init__.py"}
    assert units - set(TOP) == set(LAYERS)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    name = _module_name(path)
    if name == "analyser" or _unit(name) in TOP:
        return
    unit = _unit(name)
    upward = [
        f"line {line}: {target}"
        for target, line in _imports(path)
        if _unit(target) not in TOP and _unit(target) != unit and LAYERS[_unit(target)] >= LAYERS[unit]
    ]
    assert not upward, f"{name} ({unit}, layer {LAYERS[unit]}) imports from its layer or above: {upward}"


def test_no_import_cycle():
    graph = {_module_name(path): set() for path in _sources()}
    for path in _sources():
        for target, _ in _imports(path):
            # "from analyser.read import txt" names a module of a package: the edge goes to the module.
            graph[_module_name(path)].add(target if target in graph else target.rpartition(".")[0])
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if nxt == node or nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = trail[trail.index(nxt) :] + [nxt] if nxt in trail else [node, nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
