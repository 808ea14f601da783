"""Selectbox/multiselect placeholders ("Choose an option", "No options to select" in Streamlit's English) are
written in the page's language: every such widget on every page passes `placeholder=`."""

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.state import defaults

ROOT = Path(__file__).resolve().parent.parent
WIDGETS = ("selectbox", "multiselect")


def _calls_without_placeholder() -> list[str]:
    found = []
    for path in sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py"), ROOT / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WIDGETS:
                if not any(k.arg == "placeholder" for k in node.keywords):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_selectbox_and_multiselect_passes_a_placeholder():
    assert _calls_without_placeholder() == []


def _boxes():
    import streamlit as st

    from ui.i18n import placeholder

    st.selectbox("a", ["x", "y"], index=None, placeholder=placeholder(["x", "y"]), key="some")
    st.selectbox("b", [], placeholder=placeholder([]), key="none")
    st.multiselect("c", ["x"], placeholder=placeholder(["x"]), key="multi")
    st.selectbox("d", [], placeholder=placeholder([], "en"), key="meeting_en")  # a meeting held in English


@pytest.mark.parametrize(
    ("lang", "choose", "empty"), [("zh", "请选择", "没有可选项"), ("en", "Choose an option", "No options to select")]
)
def test_placeholders_follow_the_page_language(lang, choose, empty):
    at = AppTest.from_function(_boxes)
    at.session_state["view_state"] = defaults(lang, "CNY")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="some").proto.placeholder == choose
    assert at.selectbox(key="none").proto.placeholder == empty
    assert at.multiselect(key="multi").proto.placeholder == choose
    assert at.selectbox(key="meeting_en").proto.placeholder == "No options to select"
