"""Invariants of cash and the profit bridge on whole companies: the golden scenario and the demo company.

The bridge's steps add up to the change in profit exactly (in cents, and in float to 1e-6) and start and end on the
registry's net profit; every channel the demo sells on shows cash paid out and a plausible days-to-cash.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from metrics.accounts.bridge import profit_bridge
from metrics.accounts.cash import cash_vs_profit, days_to_cash, receipts_frame
from metrics.core import api
from tests.test_metrics_golden import build_golden
from warehouse.ingest.importer import Warehouse

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


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


def _v2(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:]]


def test_demo_cash_shows_amazon_reserves_from_settlement_files(demo):
    """The demo ships settlement V2 files for the last Amazon periods: the Cash page reads each payout and its
    reserve from them, and the payout is the same one the transaction report's Transfer line prints (never both).

    Settlement 24508790053 (amazon.com, deposit 19 Nov 2026): held = 5 % of the period's ItemPrice/Principal on
    Order rows, released = the previous file's held; total-amount = Σ amount of every component row."""
    folder = DEMO / "amazon.com" / "settlements"
    rows, prev = _v2(folder / "24508790053.txt"), _v2(folder / "24508790052.txt")
    summary, parts = rows[0], rows[1:]
    principal = sum(float(r["amount"]) for r in parts if r["transaction-type"] == "Order" and
                    r["amount-type"] == "ItemPrice" and r["amount-description"] == "Principal")  # fmt: skip
    held = round(principal * 0.05, 2)
    prev_held = -sum(float(r["amount"]) for r in prev if r["amount-description"] == "Current Reserve Amount")
    total = float(summary["total-amount"])
    assert sum(float(r["amount"]) for r in parts) == pytest.approx(total, abs=0.005)
    # the transaction report prints the same payout as its Transfer line of that settlement
    tx = (DEMO / "amazon.com" / "transactions" / "2026NovMonthlyTransaction.csv").read_text("utf-8").splitlines()
    transfer = next(line for line in tx if '"24508790053","Transfer"' in line)
    assert f'"-{total:,.2f}"' in transfer
    november = api.Filters(start=date(2026, 11, 1), end=date(2026, 11, 20))
    receipts = receipts_frame(demo.con, november)
    row = receipts.filter(receipts["payout_id"] == "24508790053").row(0, named=True)
    assert row["source"] == "amazon_settlement" and row["paid_date"] == date(2026, 11, 19)
    assert row["received"] == pytest.approx(total)
    assert row["reserve_held"] == pytest.approx(held) and row["reserve_released"] == pytest.approx(prev_held)
    assert held > 0 and prev_held > 0
    # a payout is read once: no transaction-report transfer for a settlement that has its V2 file
    assert receipts["payout_id"].n_unique() == receipts.height
    amazon = receipts.filter((receipts["channel"] == "amazon") & (receipts["store"] == "default"))
    assert set(amazon["source"]) == {"amazon_settlement"}  # the main store's November payouts all have their V2 file
