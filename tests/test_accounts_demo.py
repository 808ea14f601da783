"""Invariants of cash and the profit bridge on whole companies: the golden scenario and the demo company.

The bridge's steps add up to the change in profit exactly (in cents, and in float to 1e-6) and start and end on the
registry's net profit; every channel the demo sells on shows cash paid out and a plausible days-to-cash.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from metrics import api
from metrics.accounts_bridge import profit_bridge
from metrics.accounts_cash import cash_vs_profit, days_to_cash, receipts_frame
from tests.test_metrics_golden import build_golden
from warehouse.importer import Warehouse


def assert_bridge_adds_up(con, f) -> None:
    b = profit_bridge(con, f)
    # the demo ships expenses: the bridge then explains operating profit (net profit − expenses), the registry's too
    assert b.previous == pytest.approx(api.kpis(con, f.comparison())[b.measure], abs=1e-6)
    assert b.current == pytest.approx(api.kpis(con, f)[b.measure], abs=1e-6)
    assert abs(sum(s.amount for s in b.steps) - b.change) < 1e-6
    assert sum(s.cents for s in b.steps) == round(b.change * 100)


def test_golden_company_bridge_adds_up(tmp_path):
    wh = build_golden(tmp_path)
    try:
        # March 2026 against 29 Jan – 28 Feb (one order, O7, and USD rates 6.9 / EUR 7.9 from 27 Feb)
        for compare in ("previous", "yoy"):
            assert_bridge_adds_up(wh.con, api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), compare=compare))
    finally:
        wh.close()


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo_cash")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    w = Warehouse(folder / "wh.duckdb", folder / "archive")
    yield w
    w.close()


@pytest.mark.parametrize("compare", ["previous", "yoy"])
def test_demo_bridge_adds_up(demo, compare):
    oct_vs_sep = api.Filters(start=date(2026, 10, 1), end=date(2026, 10, 31), compare="previous")
    assert profit_bridge(demo.con, oct_vs_sep).measure == ("operating_profit")
    assert_bridge_adds_up(demo.con, api.Filters(start=date(2026, 10, 1), end=date(2026, 10, 31), compare=compare))


def test_demo_cash_on_every_channel(demo):
    october = api.Filters(start=date(2026, 10, 1), end=date(2026, 10, 31))
    receipts = receipts_frame(demo.con, october)
    by_channel = {
        c: receipts.filter(receipts["channel"] == c)["received_base"].sum() for c in ("amazon", "tiktok", "shopify")
    }
    assert all(v > 0 for v in by_channel.values()), by_channel
    assert receipts["received_base"].null_count() == 0  # the demo's FX table covers every payout date
    timing = days_to_cash(demo.con, october)
    assert set(timing["channel"]) == {"amazon", "tiktok", "shopify"}
    assert all(0 < d < 60 for d in timing["days_to_cash"]), timing
    months = cash_vs_profit(demo.con, october, "month", "channel")
    assert months.height == 3 and (months["net_profit"] != 0).all()
