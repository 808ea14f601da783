"""AppTest of the management P&L page in both languages on the P&L fixture company (tests/test_pnl_golden.py):
the page shows the metric layer's numbers, names every column and line for people and offers both downloads."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.accounts.pnl import pnl
from metrics.core.api import Filters
from tests.test_pnl_golden import FILES, FOLDER
from tests.test_table_labels import RAW_ID, unreadable
from ui.download import xlsx_bytes
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
JAN_FEB = {"period": "custom", "start": "2026-01-01", "end": "2026-02-28", "compare": "previous"}


@pytest.fixture(scope="module")
def pnl_wh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pnl_page")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for name in FILES:
            assert wh.ingest_path(FOLDER / name).ok, name
    finally:
        wh.close()
    return folder / "wh.duckdb"


def open_pnl(path: Path, monkeypatch, lang: str) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in {**JAN_FEB, "lang": lang}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/pnl.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(("lang", "title", "line", "op"), [
    ("zh", "经营利润表", "净销售额", "▸ 经营利润"), ("en", "Management P&L", "Net sales", "▸ Operating profit"),
])  # fmt: skip
def test_pnl_page_in_both_languages(pnl_wh, monkeypatch, lang, title, line, op):
    at = open_pnl(pnl_wh, monkeypatch, lang)
    assert at.title[0].value == title
    assert not unreadable(at), unreadable(at)
    frame = at.dataframe[0].value
    lines = list(frame["step"])
    assert lines[0] == line and lines[-1] == op
    assert not any(RAW_ID.fullmatch(x.strip()) for x in lines)  # no line id shown raw (net_sales, expense:rent …)
    # the page's period is the filter's, clamped to the data (10 Jan – 25 Feb): the month entries hold their days'
    # share. Jan: net profit 758.5 − (salaries 31,000 × 22/31 = 22,000 + software 700 + samples 500) = −22,441.5;
    # Feb: 452.4 − (31,000 × 25/28 + software 720 + 3PL 2,160 × 25/28) = 452.4 − 30,327.142857 = −29,874.742857
    wh = Warehouse(pnl_wh, pnl_wh.parent / "archive")
    try:
        want = pnl(wh.con, Filters(start=date(2026, 1, 10), end=date(2026, 2, 25)))
    finally:
        wh.close()
    got = frame.iloc[-1]
    assert [got["2026-01"], got["2026-02"]] == pytest.approx([-22441.5, 452.4 - 31000 * 25 / 28 - 720 - 2160 * 25 / 28])
    assert got["pnl_total"] == pytest.approx(next(r.total for r in want.rows if r.line == "operating_profit"))
    assert len(at.get("download_button")) == 2


def test_pnl_page_by_channel_and_accountant_download(pnl_wh, monkeypatch):
    # in Chinese: AppTest formats a set value with the widget's format_func outside the page (its language is zh)
    at = open_pnl(pnl_wh, monkeypatch, "zh")
    at.radio(key="pnl_by").set_value("channel").run()
    assert not at.exception, [e.value for e in at.exception]
    options = at.selectbox(key="pnl_scope").options
    assert options == ["合计", "亚马逊", "Shopify", "公司整体费用"]
    at.selectbox(key="pnl_scope").set_value("shopify").run()
    frame = at.dataframe[0].value
    assert frame.iloc[-1]["2026-02"] == pytest.approx(664 - 2160 * 25 / 28)  # Shopify: net profit − its 3PL to 25 Feb


def test_accountant_frame_layout(pnl_wh):
    from ui.pnl import accountant_frame

    wh = Warehouse(pnl_wh, pnl_wh.parent / "archive")
    try:
        s = pnl(wh.con, Filters(start=date(2026, 1, 1), end=date(2026, 2, 28)), by="channel")
    finally:
        wh.close()
    frame = accountant_frame(s, "zh")
    assert frame.columns[:4] == ["范围", "项目", "2026-01 (CNY)", "2026-02 (CNY)"]
    assert "本期合计 (CNY)" in frame.columns and "去年同期 (CNY)" in frame.columns
    total = frame.filter(frame["范围"] == "合计")
    assert total["项目"].to_list()[0] == "净销售额" and total["项目"].to_list()[-1] == "经营利润"
    assert total["2026-01 (CNY)"].to_list()[2] == -400.0  # COGS negative: 3 + 1 units × 100
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    assert sheet.cell(1, 3).value == "2026-01 (CNY)"


@pytest.mark.parametrize(("lang", "tab"), [("zh", "费用"), ("en", "Expenses")])
def test_expenses_are_editable_in_settings(tmp_path, monkeypatch, empty_warehouse_file, lang, tab):
    """The expenses tab lists the rows in force; a row added in the editor is saved as an import (undoable)."""
    import shutil

    from ui.state import defaults

    path = tmp_path / "wh.duckdb"
    shutil.copyfile(empty_warehouse_file, path)
    wh = Warehouse(path, tmp_path / "archive")
    try:
        assert wh.ingest_path(FOLDER / "expenses.csv").ok
    finally:
        wh.close()
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "pages" / "settings.py"), default_timeout=300)
    at.session_state["view_state"] = defaults(lang, "CNY")
    at.session_state["set_tab"] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    ed = at.data_editor(key="ed_tpl_expenses")
    assert sorted(ed.value["expense_category"]) == ["salaries", "samples", "software", "warehouse_3pl"]
    header = json.loads(ed.proto.columns)["expense_category"]["label"]
    assert header == ("费用类别 *" if lang == "zh" else "Category *")
    added = {"expense_month": "2026-02", "expense_category": "rent", "amount": 6500.0, "currency": "CNY",
             "department": "admin"}  # fmt: skip
    at.session_state["ed_tpl_expenses"] = {"edited_rows": {}, "added_rows": [added], "deleted_rows": []}
    at.button(key="save_tpl_expenses").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    wh = Warehouse(path, tmp_path / "archive")
    try:
        cur = wh.cursor()
        got = cur.sql("select sum(amount_base) from marts.expense_days where category = 'rent'").fetchall()
        total = cur.sql("select sum(amount_base) from marts.expense_days").fetchall()[0][0]
        n = cur.sql("select count(*) from staging.expenses").fetchall()[0][0]
    finally:
        wh.close()
    assert got == [(pytest.approx(6500.0),)]
    # the sheet saved back replaces the rows it repeats (4 + rent = 5 rows in force, none twice); this warehouse has
    # no FX table, so only CNY counts: salaries 31,000 × 2 + samples 500 + rent 6,500 = 69,000 (USD left out)
    assert n == 5 and total == pytest.approx(31000 * 2 + 500 + 6500)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_months_the_period_cuts_are_marked_like_the_trend_charts(pnl_wh, monkeypatch, lang):
    # the period is clamped to the data: 10 Jan – 25 Feb 2026. January holds 31 − 9 = 22 of its 31 days, February
    # 25 of its 28: both bars are drawn pale with a dashed outline and the page says why (ui/trends.py's rule), naming
    # the pale bar it draws (the trend charts' "Dashed:" spoke of a line the P&L does not draw for them)
    import json

    from ui.i18n import tr

    at = open_pnl(pnl_wh, monkeypatch, lang)
    shown = [c.value for c in at.caption]
    months = {"zh": ("2026年1月", "2026年2月"), "en": ("Jan 2026", "Feb 2026")}[lang]  # months read by locale
    jan, feb = (tr("pnl_partial_month", lang, day=d, n=n, of=o) for d, n, o in zip(months, (22, 25), (31, 28)))
    assert jan in shown and feb in shown, shown
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert "strokeDash" in json.dumps(spec) and "fillOpacity" in json.dumps(spec)
