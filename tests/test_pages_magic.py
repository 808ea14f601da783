"""No page statement is a bare expression whose value Streamlit's "magic" would print.

Streamlit writes the value of every expression statement of a page script outside functions. A bare conditional
such as `chart(x) if x else st.info(...)` printed the Profit page's source line and Streamlit's help text for a store
with no landed costs (tester finding, 2026-12-02). Calls, docstrings and `...` are fine: a call's value is None or
an element Streamlit does not print again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").glob("*.py")) + [ROOT / "app.py"]


def _printed(tree: ast.Module) -> list[int]:
    """Lines of expression statements outside function and class bodies that are not calls, constants or awaits."""
    out: list[int] = []

    def walk(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            if isinstance(node, ast.Expr) and not isinstance(node.value, (ast.Call, ast.Constant, ast.Await)):
                out.append(node.lineno)
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(node, field, None)
                if isinstance(inner, list):
                    walk([s for s in inner if isinstance(s, ast.stmt)])
            for handler in getattr(node, "handlers", []):
                walk(handler.body)

    walk(tree.body)
    return out


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_no_page_prints_an_expressions_value(path):
    lines = _printed(ast.parse(path.read_text(encoding="utf-8")))
    assert not lines, f"{path.name}: bare expressions Streamlit would print on lines {lines}"


def test_the_rule_catches_a_bare_conditional():
    src = "if x:\n    chart(a) if a else st.info('n')\nwith c:\n    y or z\nst.write(1)\n'''doc'''\n"
    assert _printed(ast.parse(src)) == [2, 4]
