"""Import warnings read in the page's language: every warning sentence the warehouse can write (found in its source,
each `….warnings.append(…)`, values filled with a stand-in) is recognised by ui.import_warnings and rendered from
ui/locales in Chinese, and rendered back word for word in English (the CLI's sentence). A new warning without a
translation fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ui.import_warnings import warning_text

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def _render(node: ast.AST) -> str | None:
    """Returns the warning's text with every {value} as VAL1, VAL2 … (None when it is not a string literal)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        out, n = [], 0
        for part in node.values:
            if isinstance(part, ast.Constant):
                out.append(part.value)
            else:
                n += 1
                out.append(f"VAL{n}")
        return "".join(out)
    return None


def warnings_in_source() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "warehouse").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "warnings"):  # fmt: skip
                text = _render(node.args[0])
                assert text is not None, f"{path}: a warning that is not a string literal"
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


WARNINGS = warnings_in_source()


def test_the_source_holds_the_warnings():
    assert len(WARNINGS) >= 20


@pytest.mark.parametrize(("where", "text"), WARNINGS, ids=[w for w, _ in WARNINGS])
def test_every_warning_in_both_languages(where, text):
    zh = warning_text(text, "zh")
    assert zh != text and CJK.search(zh), f"{where}: no zh text for {text!r}"
    assert warning_text(text, "en") == text
    values = re.findall(r"VAL\d", text)
    assert all(v in zh for v in values), (where, zh)


def test_a_real_warning_with_values():
    # tests/fixtures ads file names give the period: "period taken from the file name: 2026-03-01 to 2026-03-31"
    zh = warning_text("period taken from the file name: 2026-03-01 to 2026-03-31", "zh")
    assert zh == "期间取自文件名：2026-03-01 至 2026-03-31"
    assert warning_text("something new happened", "zh") == "something new happened"  # unknown: as written


@pytest.mark.parametrize(
    "stored",
    [
        "no row names its marketplace; assumed amazon.de from the currency EUR (give --marketplace to choose another)",
        "the export names no marketplace; rows were assigned by currency (USD: amazon.com, EUR: amazon.de); "
        "use --marketplace to choose",
        "EUR amounts without a Country column were assigned to amazon.de; re-import with --marketplace "
        "if they belong to another euro marketplace",
        "no currency symbol in the sales column: assumed amazon.com; give --marketplace if wrong",
    ],
)
def test_warnings_stored_by_earlier_imports_still_read_in_chinese(stored):
    """The import history keeps each import's warnings as written then: the sentences from before the Data page's
    Marketplace field was named in them still render in Chinese (now pointing to that field)."""
    zh = warning_text(stored, "zh")
    assert CJK.search(zh) and "数据页" in zh, zh
