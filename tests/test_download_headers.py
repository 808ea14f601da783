"""Downloads read like the table on screen: headers in the page's language (the table's own labels), values kept
machine-readable (plain numbers, percent numbers under a "%" header, ISO dates); and no page offers a table download without its headers."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import streamlit as st

from ui.download import csv_bytes, headed

ROOT = Path(__file__).resolve().parent.parent
# downloads that are documents with their own headers, not a table of the page: the meeting's minutes (Markdown and
# a workbook in the meeting's language) and the blank import templates (their headers are the import format's)
DOCUMENTS = {("pages/meeting.py", "download_button"), ("ui/data_health.py", "download_button")}
HEADED_ITSELF = {"pages/pnl.py"}  # the accountant's P&L frame arrives headed in the page's language (ui.pnl)


@pytest.fixture(params=["zh", "en"])
def lang(request):
    st.session_state["view_state"] = {"lang": request.param}
    yield request.param
    st.session_state.pop("view_state", None)


def test_a_download_is_headed_like_the_table(lang):
    from ui.profit import column_config

    frame = pl.DataFrame(
        {"sku": ["CAM-A", "=CMD"], "ad_spend": [1234.5, 0.25], "acos": [0.25, 0.125],
         "day": [date(2026, 3, 1), date(2026, 3, 2)], "is_loss": [False, True]}
    )  # fmt: skip
    config = column_config(["ad_spend", "acos"], "CNY") | {"is_loss": None}  # the profit table's config, one hidden
    text = csv_bytes(headed(frame, config)).decode("utf-8-sig").splitlines()
    # by hand: sku → "SKU" (catalog `sku`), ad_spend → the registry's name + the currency symbol, acos → "ACoS (%)"
    # (a percentage: the unit in the header), day has no label anywhere and keeps its id, the hidden is_loss is left
    # out as on screen
    head = "SKU,广告花费 (¥),ACoS (%),day" if lang == "zh" else "SKU,Ad spend (¥),ACoS (%),day"
    assert text[0] == head
    # values are plain numbers (no symbol, no grouping), a percentage as its percent number (0.25 → 25.0, not "25.0%"
    # nor the fraction), an ISO date; a cell a spreadsheet would run as a formula still gets its apostrophe
    assert text[1:] == ["CAM-A,1234.5,25.0,2026-03-01", "'=CMD,0.25,12.5,2026-03-02"]


def test_two_columns_with_one_label_keep_their_ids():
    frame = pl.DataFrame({"a": [1], "b": [2]})
    assert headed(frame, {"a": "Spend", "b": "Spend"}).columns == ["Spend", "b"]  # never a duplicate header


def _calls(path: Path) -> list[tuple[str, ast.Call]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
            if name in ("download_buttons", "download_button"):
                out.append((name, node))
    return out


def test_every_table_download_passes_the_tables_headers():
    """An invariant over every page and ui module: a table download goes through `download_buttons` with the
    table's column_config (5th argument or config=), so its file is headed as the screen is; a bare
    st.download_button serves only the documents named in DOCUMENTS."""
    seen = 0
    for path in sorted([*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel == "ui/download.py":
            continue
        for name, call in _calls(path):
            seen += 1
            if name == "download_button":
                assert (rel, name) in DOCUMENTS, f"{rel}:{call.lineno}: a bare download_button (use download_buttons)"
                continue
            configured = rel in HEADED_ITSELF or len(call.args) >= 5 or any(k.arg == "config" for k in call.keywords)
            assert configured, f"{rel}:{call.lineno}: download_buttons without the table's config (raw ids as headers)"
    assert seen >= 4  # ui.widgets.table, the profit table, the P&L, the meeting's minutes, the templates


def test_a_download_holds_the_values_as_the_screen_shows_them(lang):
    """The Profit page's CSV held 12.3456789 where the screen shows ¥12.35, and the Ads page's wrote true/false
    where the screen shows a tick: money is rounded to its two decimals, a percentage is the percent number the screen
    shows (0.123456 → 12.3 for 12.3 %), counts stay whole, yes/no reads 是/否 (Yes/No); values stay numbers a
    spreadsheet computes with."""
    from ui.profit import column_config

    frame = pl.DataFrame({"net_profit": [12.3456789, -0.005], "net_margin": [0.123456, 0.0996],
                          "above_breakeven": [True, False]})  # fmt: skip
    config = column_config(["net_profit", "net_margin"], "CNY") | {"above_breakeven": "x"}
    text = csv_bytes(headed(frame, config)).decode("utf-8-sig").splitlines()
    yes, no = ("是", "否") if lang == "zh" else ("Yes", "No")
    # by hand: 12.3456789 → 12.35, 0.123456 → 12.3 (%)
    assert text[1] == f"12.35,12.3,{yes}"
    assert text[2].split(",")[1:] == ["10.0", no]  # 0.0996 → 10.0 (%)


def test_the_profit_download_carries_the_status_the_screen_shows(lang):
    """The Profit page's CSV lacked the 状态 / Status column its table shows as a chip: it is the file's first
    column, in the page's words, headed as on screen."""
    from ui.profit import column_config, download_rows
    from ui.widgets import t

    shown = pl.DataFrame({"sku": ["A", "B"], "name": ["a", "b"], "net_profit": [-3.456, 12.0],
                          "is_loss": [True, False]})  # fmt: skip
    config = column_config(["net_profit"], "CNY") | {"status": t("status")}
    text = csv_bytes(headed(download_rows(shown), config)).decode("utf-8-sig").splitlines()
    head = "状态,SKU,名称,净利润 (¥)" if lang == "zh" else "Status,SKU,Name,Net profit (¥)"
    loss, profit = ("亏损", "盈利") if lang == "zh" else ("Loss", "Profit")
    assert text == [head, f"{loss},A,a,-3.46", f"{profit},B,b,12.0"]  # −3.456 → −3.46 as on screen


def test_a_download_never_holds_a_negative_zero():
    """The budget CSV wrote "-0.0" for a variance of −0.001 the screen shows as 0.00: a value that rounds to zero is
    written 0.0 whatever its sign before rounding (money to 2 decimals, a percentage to 1)."""
    from ui.profit import column_config

    frame = pl.DataFrame({"net_profit": [-0.001, -0.004], "net_margin": [-0.0001, -0.0004]})
    config = column_config(["net_profit", "net_margin"], "CNY")
    rows = csv_bytes(headed(frame, config)).decode("utf-8-sig").splitlines()[1:]
    assert rows == ["0.0,0.0", "0.0,0.0"], rows  # −0.001 → 0.00; −0.0001 = −0.01 % → 0.0 (%)
