"""Reorder planning as a seller reads it on a laptop (the walk: at 1440 px the plan ended at "Safety stock", the
order's dates and quantity off-screen; "Reorder by" blank for every order-now SKU beside "Days overdue 70"; the
table sorted by days overdue, the order-now list above it by stock-out date). The plan table starts with the order
(SKU, order now, days overdue, the missed or coming reorder-by date, quantity, earliest arrival, stock-out date), an
order to place now shows the date it should have been placed, and the table lists the orders in the list's order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import open_app_page

FIRST = ["sku", "order_now", "overdue_days", "reorder_by", "quantity", "arrival", "stockout_date"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_starts_with_the_order_and_shows_the_missed_date(demo_warehouse_file, monkeypatch, lang):
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-12-02")
    at = open_app_page(demo_warehouse_file, monkeypatch, "pages/reorder.py", {"lang": lang}, copy="reorder_order_")
    plan = next(d.value for d in at.dataframe if "order_now" in d.value.columns and "lane" in d.value.columns)
    assert list(plan.columns[: len(FIRST)]) == FIRST, list(plan.columns)
    now = plan[plan["order_now"]]
    assert len(now), "the demo has orders to place now"
    # an order placed now is placed on 2 Dec 2026 (the clock, after the data's 20 Nov): its reorder-by date is that
    # day less the days overdue, never blank
    order_day = date(2026, 12, 2)
    missed = [order_day - timedelta(days=int(d)) for d in now["overdue_days"]]
    assert [d.date() if hasattr(d, "date") else d for d in now["reorder_by"]] == missed
    # the order-now lines above the table name the same SKUs in the same order (soonest stock-out first)
    lines = [w.value for w in at.warning if any(s in w.value for s in now["sku"])]
    named = [next(s for s in now["sku"] if w.startswith(s) or f" {s}" in w or f"{s}：" in w) for w in lines]
    assert named == list(now["sku"][: len(named)]) and len(named) == min(len(now), 10), (named, list(now["sku"]))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_says_how_its_forecast_did_before_its_advice(demo_warehouse_file, monkeypatch, lang):
    # no model advice without fit quality: the forecast made 28 days before the stock's first projected day (the day
    # after the data's 20 Nov: 21 Nov − 28 = 24 Oct) against what sold since, overall and per SKU
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-12-02")
    at = open_app_page(demo_warehouse_file, monkeypatch, "pages/reorder.py", {"lang": lang}, copy="reorder_fit_")
    start = "2026年10月24日" if lang == "zh" else "Oct 24, 2026"
    fit = [c.value for c in at.caption if c.value.startswith("预测检验：" if lang == "zh" else "Forecast fit:")]
    assert len(fit) == 1 and start in fit[0] and "WAPE" in fit[0] and "%" in fit[0], fit
    plan = next(d for d in at.dataframe if "order_now" in d.value.columns and "lane" in d.value.columns)
    assert plan.value["forecast_bias"].notna().sum() >= 20  # the demo's selling SKUs each have their own
    import json

    label = json.loads(plan.proto.columns)["forecast_bias"]["label"]
    assert label == ("近28天预测偏差" if lang == "zh" else "Forecast vs sales, 28 days"), label


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_order_now_list_says_why_it_is_longer_than_the_risk_list(demo_warehouse_file, monkeypatch, lang):
    # the walk: Inventory listed 11 SKUs at stock-out risk, Reorder 16 to order now, and neither said why
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-12-02")
    at = open_app_page(demo_warehouse_file, monkeypatch, "pages/reorder.py", {"lang": lang}, copy="reorder_why_")
    plan = next(d.value for d in at.dataframe if "order_now" in d.value.columns and "lane" in d.value.columns)
    n = int(plan["order_now"].sum())
    m = 11  # Inventory's stock-out risks on the demo (tests/test_on_order.py: 11 of 31)
    want = (f"{n} 个 SKU 需要立即下单，而库存页列出 {m} 个断货风险" if lang == "zh"
            else f"{n} SKUs need an order now, while Inventory lists {m} at stock-out risk")  # fmt: skip
    assert any(c.value.startswith(want) for c in at.caption), [c.value for c in at.caption]
