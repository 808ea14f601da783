"""The package layout holds (docs/ARCHITECTURE.md): no import cycle, one-way layers, no Streamlit below `ui/`, and no
module over 300 lines without a stated reason.

The import graph is read from the source (ast), not by importing: every `import` and `from … import` statement of
a first-party module counts, at module level or inside a function (a lazy import still ties the two modules
together), except under `if TYPE_CHECKING:`. `from pkg import name` counts as an edge to `pkg.name` when that is a
module, else to `pkg`. Importing a submodule runs its parent packages' `__init__` first; that implicit edge is not
counted (a package's `__init__` importing its own submodules is no cycle).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("warehouse", "metrics", "ui", "pages")  # lowest layer first
LAYER = {"warehouse": 0, "metrics": 1, "ui": 2, "pages": 3, "app": 3}
MAX_LINES = 300
SIZE_MARKER = "Size:"  # a module docstring line starting with this states why the module is longer
# modules another change is about to replace; each with the reason (keep this list empty when it can be)
SIZE_PENDING: dict[str, str] = {}  # path -> why it is over the limit for now (empty: every long module says why)


def _modules() -> dict[str, Path]:
    out = {"app": ROOT / "app.py"}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = _modules()


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def _imports(name: str, path: Path) -> dict[str, int]:
    """Returns {imported module (first-party or the top-level name of a library): first line} of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    is_pkg = path.name == "__init__.py"
    out: dict[str, int] = {}
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skip:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against this module's package
                pkg = name if is_pkg else name.rpartition(".")[0]
                for _ in range(node.level - 1):
                    pkg = pkg.rpartition(".")[0]
                base = f"{pkg}.{base}" if base else pkg
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            found = target
            while found and found not in MODULES:
                found = found.rpartition(".")[0]
            key = found or target.split(".")[0]
            if key != name:
                out.setdefault(key, node.lineno)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Returns the strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in GRAPH:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(GRAPH)))
    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_every_package_and_lazy_imports():
    # the walker must find the layers and a function-level import (metrics.core.settings imports the refresh lazily)
    assert {m.split(".")[0] for m in GRAPH} == {"app", *PACKAGES}
    assert len(GRAPH) > 150
    assert any(dep.startswith("warehouse.") and dep.endswith(".refresh") for dep in GRAPH[_named("settings")])


def _named(leaf: str) -> str:
    (hit,) = [m for m in MODULES if m.startswith("metrics.") and m.rsplit(".", 1)[-1] == leaf]
    return hit


def test_no_import_cycle():
    described = []
    for comp in _cycles():
        edges = [f"{a} -> {b} (line {GRAPH[a][b]})" for a in comp for b in sorted(GRAPH[a]) if b in comp]
        described.append(" / ".join(comp) + ":\n    " + "\n    ".join(edges))
    assert not described, "import cycles:\n  " + "\n  ".join(described)


def test_layers_point_one_way():
    # pages -> ui -> metrics -> warehouse: a module imports its own layer or lower ones only
    wrong = [
        f"{a} imports {b} (line {line})"
        for a, deps in GRAPH.items()
        for b, line in deps.items()
        if b in GRAPH and LAYER[b.split(".")[0]] > LAYER[a.split(".")[0]]
    ]
    assert not wrong, "\n".join(wrong)


def test_metrics_and_warehouse_import_no_streamlit():
    direct = [
        f"{m} imports {dep}"
        for m, deps in GRAPH.items()
        if m.split(".")[0] in ("metrics", "warehouse")
        for dep in deps
        if dep.split(".")[0] == "streamlit"
    ]
    assert not direct, "\n".join(direct)
    # transitively, libraries included: import every module of both packages in a fresh interpreter
    names = [m for m in MODULES if m.split(".")[0] in ("metrics", "warehouse") and not m.endswith("__main__")]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({n!r})\n" for n in names)
    code += "print(sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit'))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]", f"streamlit loaded by metrics/warehouse: {done.stdout[:500]}"


def _size_cases() -> list[Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "bench").glob("*.py"))]
    return files + [p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize("path", _size_cases(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_long_modules_state_why(path):
    text = path.read_text(encoding="utf-8")
    lines = text.count("\n") + (not text.endswith("\n") and bool(text))
    rel = path.relative_to(ROOT).as_posix()
    if lines <= MAX_LINES or rel in SIZE_PENDING:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    reasons = [line for line in doc.splitlines() if line.strip().startswith(SIZE_MARKER)]
    assert reasons, (
        f"{rel} has {lines} lines (> {MAX_LINES}): split it along a seam, or add a docstring line "
        f"'{SIZE_MARKER} <why it is one module>'"
    )
