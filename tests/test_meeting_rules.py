"""Meeting rules: best and worst SKU lists never share a SKU, waterfall cost lines are negative and add up to net
profit, a new review's default agenda fits its planned time, the minutes hold the decision just recorded, and
presenter mode enlarges the text and keeps the tables inside the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

import metrics.meeting.minutes
from metrics.core.settings import set_settings
from metrics.meeting import store
from metrics.meeting.agenda import default_agenda, plan_summary, total_minutes
from metrics.meeting.views import _finance, best_and_worst
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 1500


def test_best_and_worst_are_disjoint_by_hand():
    # 7 SKUs; the three largest sellers lose money (the case the review showed in both lists)
    skus = pl.DataFrame(
        {
            "sku": ["L1", "L2", "L3", "P1", "P2", "P3", "P4"],
            "net_sales": [900.0, 800.0, 700.0, 600.0, 500.0, 400.0, 300.0],
            "net_profit": [-50.0, -40.0, -30.0, 60.0, 50.0, 0.0, 20.0],
        }
    )
    best, worst = best_and_worst(skus, n=5)
    # best = profitable SKUs (>= 0) by net profit: P1 60, P2 50, P4 20, P3 0
    assert best["sku"].to_list() == ["P1", "P2", "P4", "P3"]
    # worst = the rest by net profit: L1 −50, L2 −40, L3 −30
    assert worst["sku"].to_list() == ["L1", "L2", "L3"]
    best, worst = best_and_worst(skus, n=2)
    assert best["sku"].to_list() == ["P1", "P2"] and worst["sku"].to_list() == ["L1", "L2"]


def test_waterfall_costs_are_negative_and_add_up():
    # registry signs: promotions, refunds, fees already negative; COGS and ad spend stored as positive costs
    values = {"gross_sales": 1000.0, "promotions": -50.0, "refunds": -30.0, "marketplace_fees": -150.0, "cogs": 400.0,
              "other_fees": -20.0, "ad_spend": 100.0, "net_profit": 250.0}  # fmt: skip
    figures = {k: {"value": v} for k, v in values.items()}
    empty = pl.DataFrame(schema={"sku": pl.String, "net_sales": pl.Float64, "net_profit": pl.Float64})
    steps = {r["step"]: r["amount"] for r in _finance(empty, figures, None)["tables"]["waterfall"]}
    assert steps["cogs"] == -400.0 and steps["ad_spend"] == -100.0 and steps["marketplace_fees"] == -150.0
    # 1000 − 50 − 30 − 150 − 400 − 20 − 100 = 250 = net profit
    assert sum(v for k, v in steps.items() if k != "net_profit") == pytest.approx(steps["net_profit"]) == 250.0


def test_default_agenda_fits_the_planned_time():
    # 295 minutes by default; 55 to cut from 210 discussion minutes, shared in proportion
    items = default_agenda("en", 240)
    assert total_minutes(items) == 240
    assert [i.report_minutes for i in items] == [i.report_minutes for i in default_agenda("en")]
    assert "over" not in plan_summary(items, 240, "en")
    assert total_minutes(default_agenda("en", 300)) == 295  # a longer slot keeps the full agenda


@pytest.fixture
def small(tmp_path, fixture_path) -> Path:
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    assert wh.ingest_path(fixture_path("amazon_transactions", "us_2025.csv")).status == "imported"
    set_settings(wh.con, base_currency="USD")
    wh.close()
    return tmp_path / "wh.duckdb"


def _app(path: Path, monkeypatch, params: dict) -> AppTest:
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    return at.switch_page("pages/meeting.py").run()


def _submit(at: AppTest, form: str) -> AppTest:
    return next(b for b in at.button if b.proto.form_id == form).click().run()


def test_new_review_opens_within_time_and_minutes_hold_the_last_decision(small, monkeypatch):
    written: list[str] = []
    original = metrics.meeting.minutes.minutes_markdown

    def recording(m):
        text = original(m)
        written.append(text)
        return text

    monkeypatch.setattr(metrics.meeting.minutes, "minutes_markdown", recording)
    at = _app(small, monkeypatch, {"lang": "en"})
    at.text_input(key="mtg_name").input("March review")
    at.date_input(key="mtg_start").set_value(date(2026, 3, 1))
    at.date_input(key="mtg_end").set_value(date(2026, 3, 31))
    at = _submit(at, "mtg_create")
    assert not at.exception, [e.value for e in at.exception]
    # planned 4 h by default: the agenda opens at 4 h, with no over-time warning
    assert any("exactly the planned duration" in i.value for i in at.info)
    assert not any("over" in i.value for i in at.info)
    meeting = int(at.query_params["meeting"])
    at = _app(small, monkeypatch, {"lang": "en", "meeting": str(meeting), "section": "summary"})
    at.text_input(key="mtg_decision_text").input("Cut CAM-B ads by 20 %")
    at = _submit(at, "mtg_decision")
    assert not at.exception, [e.value for e in at.exception]
    # the Markdown offered for download right after the decision holds it
    assert written and "1. Cut CAM-B ads by 20 %" in written[-1]
    at.text_input(key="mtg_decision_text").input("Air-freight 200 units")
    at = _submit(at, "mtg_decision")
    assert "2. Air-freight 200 units" in written[-1]
    w = Warehouse(small, small.parent / "archive")
    try:
        assert [n["text"] for n in store.notes(w.con, meeting, "decision")] == [
            "Cut CAM-B ads by 20 %", "Air-freight 200 units",
        ]  # fmt: skip
    finally:
        w.close()


def test_presenter_mode_enlarges_text_and_keeps_tables_in_the_page(small, monkeypatch):
    w = Warehouse(small, small.parent / "archive")
    try:
        meeting = store.create_meeting(w.con, "March", date(2026, 3, 1), date(2026, 3, 31), language="en")
    finally:
        w.close()
    at = _app(small, monkeypatch, {"lang": "en", "meeting": str(meeting), "section": "sales"})
    at.button(key="mtg_start_btn").click().run()
    at = _app(small, monkeypatch, {"lang": "en", "meeting": str(meeting), "section": "sales"})

    def grids(at: AppTest) -> list:  # the agenda planner stays an editor
        return [d for d in at.dataframe if d.key != "mtg_agenda_editor"]

    assert grids(at) and not at.table
    at.toggle(key="mtg_presenter").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    # the grids stay (labelled and formatted by ui.tables); the presenter style enlarges the text and hides the
    # sidebar, and zooms nothing: a grid is sized from the unzoomed page and a zoomed one ran past its right edge
    # (the browser sees it: tests/browser/test_fit_browser.py)
    assert grids(at)
    style = [m.value for m in at.markdown if "stSidebar" in m.value]
    assert style and "font-size" in style[0] and "zoom" not in style[0]
    # the projector font (1.25 rem) makes a grid row round(35 × 1.25) = 44 px: every grid is drawn with 44 px rows
    # and sized for them (ui.grid.fit_height), so its last rows are not hidden below a frame sized for 35 px rows
    assert "font-size: 1.25rem" in style[0]
    assert {d.proto.row_height for d in grids(at)} == {44}, [(d.key, d.proto.row_height) for d in grids(at)]
    at.toggle(key="mtg_presenter").set_value(False).run()
    assert not [m for m in at.markdown if "stSidebar" in m.value], "presenter style still on"
    assert {d.proto.row_height for d in grids(at)} == {0}, [(d.key, d.proto.row_height) for d in grids(at)]


def test_finance_risk_is_the_larger_money_threat():
    skus = pl.DataFrame({"sku": ["BIG", "ACC"], "net_sales": [50_000.0, 3_100.0], "net_profit": [-10_000.0, 400.0]})
    figures = {"net_profit": {"value": 1.0}}
    # ACC runs out in 25 days: 5 of the next 30 days without it at 3,100 / 31 = 100 a day → 500 of net sales
    small = {"kind": "stockout", "sku": "ACC", "days": 25, "sales_at_risk": 500.0}
    assert _finance(skus, figures, small)["risk"]["sku"] == "BIG"  # a 10,000 loss outweighs 500 at risk
    big = {"kind": "stockout", "sku": "CAM", "days": 2, "sales_at_risk": 28_000.0}
    assert _finance(skus, figures, big)["risk"] == big
    assert _finance(skus.head(0), figures, small)["risk"] == small  # nothing loses money: the stock-out it is


def test_out_of_stock_risk_reads_since_in_both_languages():
    from metrics.core.locale_format import unwrapped
    from metrics.meeting.headlines import risk_text

    risk = {"kind": "out_of_stock", "sku": "CAM-B", "since": "2026-10-05"}
    # the day by locale (kept on one line by invisible no-break marks)
    assert unwrapped(risk_text(risk, "en")) == "CAM-B out of stock since Oct 5, 2026"
    assert unwrapped(risk_text(risk, "zh")) == "CAM-B 自 2026年10月5日 起断货"
