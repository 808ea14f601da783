"""Refunds land on the refund's date, not the order's (Shopify via the Payments export, TikTok via the statement).

Fixtures in the real layouts under tests/fixtures/exports/refund_dates; every expected value is worked out by hand
from those files in the comments.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from metrics.core import query
from metrics.core.health import health_tables
from tests.conftest import FIXTURES
from warehouse.ingest.importer import Warehouse

RD = FIXTURES / "refund_dates"


def ingest(wh, name):
    r = wh.ingest_path(RD / name)
    assert r.status == "imported", r.message
    return r


def q(wh, sql, params=()):
    with query.cursor(wh.con) as cur:
        return cur.sql(sql, params=list(params)).fetchall()


def refunds_by_month(wh, channel):
    return q(
        wh,
        "select date_trunc('month', event_date)::date, sum(units)::bigint, "
        "round(sum(product_sales + shipping_credits + promotions), 2) "
        "from marts.money_lines where channel = ? and txn_type = 'refund' group by 1 order by 1",
        [channel],
    )


@pytest.fixture
def shopify(wh):
    ingest(wh, "orders_export_refunds.csv")
    ingest(wh, "payment_transactions_refunds.csv")
    return wh


def test_shopify_refund_dated_by_the_payments_refund(shopify):
    # #3001 ordered 2026-05-28 (120.00 + 10.00 shipping, no tax, Total 130.00), `refunded`, Refunded Amount 130.00;
    # the Payments export refunds it in two parts: -30.00 on 06-10 and -100.00 on 06-30 (33 days after the order),
    # paid out 07-02. The orders export holds one refund amount, so the line takes the latest refund's date.
    # share = 130 / 130 = 1 -> product -(130 - 1 × 10) = -120.00, shipping -10.00, units 1 (fully refunded).
    got = q(
        shopify,
        "select units, round(product_sales, 2), round(shipping_credits, 2), event_date, posted_date "
        "from marts.money_lines where order_id = '#3001' and txn_type = 'refund'",
    )
    assert got == [(1, -120.0, -10.0, date(2026, 6, 30), date(2026, 7, 2))]
    # the sale itself stays on its order date
    sale = q(shopify, "select event_date from marts.money_lines where order_id = '#3001' and txn_type = 'order'")
    assert sale == [(date(2026, 5, 28),)]


def test_shopify_refund_months(shopify):
    # May: only #3002's refund (no Payments refund -> its order date 05-29): share 20 / 50 = 0.4, product
    # -(20 - 0.4 × 0) = -20.00, units 0 (partially refunded). June: #3001's -130.00, 1 unit. Nothing of #3001 in May.
    assert refunds_by_month(shopify, "shopify") == [(date(2026, 5, 1), 0, -20.0), (date(2026, 6, 1), 1, -130.0)]


def test_shopify_refund_without_a_date_is_listed(shopify):
    # #3002 has no `refund` transaction in the Payments export: dated by its order and named in data health
    notes = health_tables(shopify.con)["channel_notes"].filter(kind="refund_order_date")
    assert notes.select("marketplace", "lines", "amount", "first_day").rows() == [
        ("shopify", 1, -20.0, date(2026, 5, 29))
    ]


@pytest.fixture
def tiktok(wh):
    ingest(wh, "statement_20260401-20260531(UTC).csv")
    ingest(wh, "All order-2026-05-31-08_00.csv")
    return wh


def test_tiktok_refund_dated_by_the_statement_refund_row(tiktok):
    # Order 578…001 created 04/10 (Gross sales 100.00, Referral fee -6.00, settled 94.00 on 2026/04/20); the
    # statement's Refund row (Gross sales refund -100.00) is dated 2026/05/18. The export returns 1 unit and has no
    # Cancelled Time. Refund line: product -100.00 × share 1, units 1, event and posted date 05-18.
    got = q(
        tiktok,
        "select units, round(product_sales, 2), event_date, posted_date from marts.money_lines "
        "where order_id like '578000000000000001%' and txn_type = 'refund'",
    )
    assert got == [(1, -100.0, date(2026, 5, 18), date(2026, 5, 18))]
    sale = q(
        tiktok,
        "select units, round(product_sales, 2), round(selling_fees, 2), event_date "
        "from marts.money_lines where order_id like '578000000000000001%' and txn_type = 'order'",
    )
    # the sale stays on its order date
    assert sale == [(1, 100.0, -6.0, date(2026, 4, 10))]


def test_tiktok_refund_month(tiktok):
    # April holds no refund of the order; May holds its -100.00 and 1 unit
    assert refunds_by_month(tiktok, "tiktok") == [(date(2026, 5, 1), 1, -100.0)]


def test_tiktok_statement_alone_dates_the_refund_by_its_row(wh):
    # without the orders export the statement rows stay as printed: the Refund row's line is on 05-18
    ingest(wh, "statement_20260401-20260531(UTC).csv")
    got = q(wh, "select event_date, round(product_sales, 2) from marts.money_lines where txn_type = 'refund'")
    assert got == [(date(2026, 5, 18), -100.0)]


def test_demo_refunds_on_their_payments_refund_date(demo_warehouse_file, tmp_path):
    # Demo orders export: #LU3028 created 2026-10-19, `refunded`, Total 246.13 = Subtotal 229.49 (after WELCOME10
    # −25.50) + Taxes 16.64, no shipping; Payments export: `refund` #LU3028 −246.13 on 2026-11-08 -> share 1, net refund
    # −(246.13 − 1 × 16.64) = −229.49 on 2026-11-08, not on the order date. #LU2876 (ordered 2026-09-04, Subtotal
    # 134.99, Taxes 9.79, Total 144.78) refunded −144.78 on 2026-10-04 -> −134.99 on 2026-10-04.
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    w = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        got = q(
            w,
            "select order_id, event_date, round(product_sales + shipping_credits, 2) from marts.money_lines "
            "where order_id in ('#LU3028', '#LU2876') and txn_type = 'refund' order by 1",
        )
    finally:
        w.close()
    assert got == [("#LU2876", date(2026, 10, 4), -134.99), ("#LU3028", date(2026, 11, 8), -229.49)]
