"""Golden months for TikTok Shop (finance statement + orders export) and Shopify (orders + Payments transactions).

Fixtures in the real layouts: tests/fixtures/exports/tiktok_statement and shopify_payments (written by
tests/fixtures/make_fee_fixtures.py). Every expected value is worked out by hand from those files in the comments.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.core import query
from metrics.core.health import health_tables
from tests.conftest import FIXTURES, ROOT

TT = FIXTURES / "tiktok_statement"
SP = FIXTURES / "shopify_payments"
CASES = ROOT / "tests" / "fixtures" / "cases"


def ingest(wh, path, options=None):
    r = wh.ingest_path(path, options)
    assert r.status == "imported", r.message
    return r


def q(wh, sql, params=()):
    with query.cursor(wh.con) as cur:
        return cur.sql(sql, params=list(params)).fetchall()


def line(wh, order_id, txn_type="order"):
    cols = "units, product_sales, promotions, shipping_credits, selling_fees, fulfillment_fees, payment_fees, " \
           "affiliate_fees, other_txn_fees, total, is_estimated, event_date, posted_date"  # fmt: skip
    got = q(wh, f"select {cols} from marts.money_lines where order_id = ? and txn_type = ?", [order_id, txn_type])
    assert len(got) == 1, got
    return tuple(round(v, 4) if isinstance(v, float) else v for v in got[0])


@pytest.fixture
def tiktok(wh):
    ingest(wh, TT / "statement_20260401-20260430(UTC).csv")
    ingest(wh, FIXTURES / "tiktok_orders" / "All order-2026-04-30-08_00.csv")
    return wh


# -- TikTok Shop: April 2026, order A settled, B not settled, C refunded with creator commission ------------------
def test_settled_order_takes_its_money_from_the_statement(tiktok):
    # A: statement row 1 — Gross sales 100.00, Seller discount -10.00, Customer-paid shipping fee 5.99 (credit),
    # TikTok Shop shipping fee -7.20 (seller's label; Shipping -1.21 = 5.99 - 7.20 is their net, not added again),
    # Referral fee -5.40, Transaction fee -2.61 (Fees -8.01 is their total, never added), Total settlement 80.78
    # = 90.00 - 1.21 - 8.01. Units (1) and the order date (04/02) come from the orders export.
    assert line(tiktok, "577000000000000001") == (
        1,
        100.0,
        -10.0,
        5.99,
        -5.4,
        -7.2,
        -2.61,
        0.0,
        0.0,
        80.78,
        False,
        date(2026, 4, 2),
        date(2026, 4, 15),
    )


def test_refunded_creator_order_keeps_its_commission_and_refunds_the_sale(tiktok):
    # C: Gross sales 100.00 and Gross sales refund -100.00 on one statement row: an order line and a refund line.
    # Order part = Total settlement -25.81 minus the refund part (-100.00) = 74.19
    #   = 100.00 - 6.50 (label) - 1.20 (refund administration fee, 20 % of the 6.00 referral fee) - 3.11
    #   (transaction fee) - 15.00 (affiliate commission, 15 % creator rate, not refunded).
    assert line(tiktok, "577000000000000003") == (
        1,
        100.0,
        0.0,
        0.0,
        -1.2,
        -6.5,
        -3.11,
        -15.0,
        0.0,
        74.19,
        False,
        date(2026, 4, 5),
        date(2026, 4, 22),
    )
    # the refund line: -100.00 of sales, 1 unit returned (from the export's `Sku Quantity of return`)
    assert line(tiktok, "577000000000000003", "refund")[:2] == (1, -100.0)


def test_unsettled_order_carries_fees_at_the_settled_rate(tiktok):
    # settled history (order parts of A and C): product sales 100 + 100 = 200
    #   selling (-5.40 - 1.20) / 200 = -3.30 %; fulfilment (-7.20 - 6.50) / 200 = -6.85 %;
    #   payment (-2.61 - 3.11) / 200 = -2.86 %; affiliate -15.00 / 200 = -7.50 %; together -20.51 %
    # B: 2 × 25.00 = 50.00 of sales -> -1.65, -3.425, -1.43, -3.75 (-10.255); total 50.00 + 3.63 tax - 10.255
    assert line(tiktok, "577000000000000002") == (
        2,
        50.0,
        0.0,
        0.0,
        -1.65,
        -3.425,
        -1.43,
        -3.75,
        0.0,
        43.375,
        True,
        date(2026, 4, 25),
        date(2026, 4, 25),
    )
    notes = health_tables(tiktok.con)["channel_notes"].filter(kind="estimated_fees").row(0, named=True)
    assert (notes["lines"], round(notes["fee_rate"], 4), round(notes["amount"], 3)) == (1, -0.2051, -10.255)
    from metrics.core.api import Filters
    from metrics.core.report import build_report

    warnings = build_report(tiktok.con, Filters(start=date(2026, 4, 1), end=date(2026, 4, 30))).warnings
    assert any("1 order is not settled yet; its fees" in w and "(20.5%)" in w for w in warnings), warnings


def test_revenue_counted_once_and_adjustments_by_type(tiktok):
    # order sales: A 100 + B 50 + C 100 = 250 (statement and export both know A and C: counted once, not 450)
    assert q(tiktok, "select sum(product_sales) from marts.money_lines where txn_type = 'order'") == [(250.0,)]
    # GMV Payment for TikTok Ads: -50.00 in both `Total settlement amount` and `Adjustment amount`: counted once
    # as an ad charge; the logistics reimbursement +4.00 is a reimbursement (other income), not a fee
    got = q(tiktok, "select txn_type, sum(other_amount), sum(total) from marts.money_lines "
                    "where txn_type not in ('order', 'refund') group by 1 order by 1")  # fmt: skip
    assert got == [("ad_charge", -50.0, -50.0), ("reimbursement", 4.0, 4.0)]
    # statement cash of the month: 80.78 - 25.81 - 50.00 + 4.00 = 8.97 (B is estimated, not settled)
    cash = q(tiktok, "select round(sum(total), 2) from marts.money_lines where not is_estimated")[0][0]
    assert cash == round(80.78 - 25.81 - 50.00 + 4.00 + 0, 2)


@pytest.mark.parametrize("name", ["channel_lines_add_up", "channel_order_counted_once"])
def test_channel_invariants_hold_on_both_months(wh, name):
    for path in (
        TT / "statement_20260401-20260430(UTC).csv",
        FIXTURES / "tiktok_orders" / "All order-2026-04-30-08_00.csv",
        FIXTURES / "shopify_orders" / "orders_export_2026-05.csv",
        SP / "payment_transactions_export_1.csv",
    ):
        ingest(wh, path)
    body = (ROOT / "sql" / "tests" / f"{name}.sql").read_text(encoding="utf-8")
    assert q(wh, body) == []
    # the invariant catches the kind: the export's own money for a covered order counted again
    if name == "channel_order_counted_once":
        broken = body.replace(
            "marts.money_lines",
            "(select * from marts.money_lines union all by name "
            "select * from staging.money where source = 'tiktok_statement')",
        )
        assert q(wh, broken) != []


def test_overlapping_statement_download_counts_once(tiktok, tmp_path):
    src = (TT / "statement_20260401-20260430(UTC).csv").read_text(encoding="utf-8-sig").splitlines()
    later = src[0:1] + src[2:5] + [src[4].replace("7350000000000000012", "7350000000000000013")]
    path = tmp_path / "statement_20260415-20260515(UTC).csv"
    path.write_text("\n".join(later) + "\n", encoding="utf-8")
    ingest(tiktok, path)
    # rows 2-4 repeat the first download and count once; only the new reimbursement (+4.00) is added
    cash = q(tiktok, "select round(sum(total), 2) from marts.money_lines where not is_estimated")[0][0]
    assert cash == round(80.78 - 25.81 - 50.00 + 4.00 + 4.00, 2)


def test_orders_without_any_statement_are_flagged_not_estimated(wh):
    from metrics.core.api import Filters
    from metrics.core.report import build_report

    ingest(wh, FIXTURES / "tiktok_orders" / "All order-2026-04-30-08_00.csv")
    # no statement: no settled rate, so no estimate; the three orders (A, B, C, all with sales) are flagged
    notes = health_tables(wh.con)["channel_notes"].filter(kind="fees_missing")
    assert notes["lines"].to_list() == [3]
    report = build_report(wh.con, Filters(start=date(2026, 4, 1), end=date(2026, 4, 30)))
    assert any("3 orders carry no platform fees" in w for w in report.warnings), report.warnings


def test_statement_without_orders_export_stands_alone(wh):
    ingest(wh, TT / "statement_20260401-20260430(UTC).csv")
    # no export: the statement's own order lines count (SKU ID as the SKU), nothing is estimated
    assert q(wh, "select sum(product_sales), sum(units), bool_or(is_estimated) from marts.money_lines "
                 "where txn_type = 'order'") == [(200.0, 2, False)]  # fmt: skip


def test_sea_income_xlsx_order_details_sheet(wh):
    r = ingest(wh, TT / "income_20260415120000(UTC+7).xlsx")
    assert (r.format_id, r.rows_added) == ("tiktok_statement", 2)  # `Order details`, not `Reports`
    # IDR order: Subtotal before discounts 220000, Seller discounts -20000, Customer shipping fee 12000 (credit),
    # Seller shipping fee 0 (net: -12000 actual + 12000 platform discount) + SFP -4000 -> fulfilment -16000,
    # commission -16000, transaction -4000, affiliate -5000 (Total Fees -29000 is their total, not added);
    # 220000 - 20000 + 12000 - 16000 - 16000 - 4000 - 5000 = 171000 = Total settlement amount
    got = q(wh, "select marketplace, currency, product_sales, promotions, shipping_credits, fulfillment_fees, "
                "selling_fees, payment_fees, affiliate_fees, other_txn_fees, total from marts.money_lines "
                "where txn_type = 'order'")  # fmt: skip
    assert got == [("tiktok.id", "IDR", 220000.0, -20000.0, 12000.0, -16000.0, -16000.0, -4000.0, -5000.0, 0.0,
                    171000.0)]  # fmt: skip
    # `GMV payment for TikTok Ads` (lower-case p) with `Ajustment amount` -30000 and total -30000: once
    assert q(wh, "select txn_type, other_amount from marts.money_lines where txn_type <> 'order'") == [
        ("ad_charge", -30000.0)
    ]


def test_statement_header_drift_is_recognised(wh, tmp_path):
    src = (TT / "statement_20260401-20260430(UTC).csv").read_text(encoding="utf-8-sig").splitlines()
    header = (src[0].replace("Order/adjustment ID", "ORDER\\ADJUSTMENT ID  ").replace("Type,", "Transaction type ,")
              .replace("Statement date (UTC)", "Statement date"))  # fmt: skip
    path = tmp_path / "statement_drift.csv"
    path.write_text("\n".join([header] + src[1:]) + "\n", encoding="utf-8")
    assert ingest(wh, path).format_id == "tiktok_statement"
    assert q(wh, "select round(sum(total), 2) from marts.money_lines") == [(round(80.78 - 25.81 - 50.00 + 4.00, 2),)]


def test_brazil_amounts_with_currency_prefix_and_decimal_comma(wh, tmp_path):
    path = tmp_path / "income_20260501(UTC-3).csv"
    path.write_text(
        "Order/adjustment ID,Type,Order created time,Currency,Total settlement amount,Subtotal before discounts,"
        "Total Fees,Transaction fee,TikTok Shop commission fee,Affiliate Commission\n"
        '590000000000000001\t,Order,2026/05/02,BRL,"BRL 1.010,50","BRL 1.200,00","BRL -189,50",'
        '"BRL -36,00","BRL -153,50",/\n'
        '590000000000000002\t,Seller penalty voucher,2026/05/03,BRL,"BRL -10,00",/,/,/,/,/\n',
        encoding="utf-8",
    )
    r = ingest(wh, path)
    assert any("Seller penalty voucher" in w for w in r.warnings)
    # 1.200,00 - 36,00 - 153,50 = 1.010,50 (Total Fees -189,50 not added again); `/` = 0
    got = q(wh, "select marketplace, currency, product_sales, payment_fees, selling_fees, affiliate_fees, total "
                "from marts.money_lines where txn_type = 'order'")  # fmt: skip
    assert got == [("tiktok.br", "BRL", 1200.0, -36.0, -153.5, 0.0, 1010.5)]
    assert q(wh, "select txn_type, total from marts.money_lines where txn_type <> 'order'") == [("other", -10.0)]


def test_affiliate_orders_export_is_recognised_not_imported(wh, tmp_path):
    path = tmp_path / "affiliate_orders_202604.csv"
    path.write_text(
        "Order ID,Product ID,Product Name,SKU ID,Price,Payment Amount,Currency,Quantity,Fully returned or refunded,"
        "Payment method,Order Status,Creator Username,Content Type,Content ID,commission model,"
        "Standard commission rate,Est. Commission Base,Est. standard commission payment,Actual Commission Base,"
        "Actual Commission Payment,Time Created\n"
        "577000000000000003,1729,4K Action Camera,1729384756102345678,100.00,100.00,USD,1,Yes,Card,Settled,"
        "creator1,Video,1,Standard,15%,100.00,15.00,100.00,15.00,05/04/2026 09:00:00\n",
        encoding="utf-8",
    )
    r = wh.ingest_path(path)
    assert r.status == "rejected"
    assert "affiliate" in r.message.lower() and "statement" in r.message.lower()


# -- Shopify: May 2026, EUR store, Payments transactions + orders with VAT-inclusive prices -------------------------
@pytest.fixture
def shopify(wh):
    ingest(wh, FIXTURES / "shopify_orders" / "orders_export_2026-05.csv")
    ingest(wh, SP / "payment_transactions_export_1.csv")
    return wh


def test_payment_fees_matched_to_orders_and_spread_by_value(shopify):
    # #2001 charge Fee 16.38 (2.9 % × 554.40 + 0.30 = 16.38): lines 268.00 and 348.00 of 616.00
    #   16.38 × 268 / 616 = 7.1264, 16.38 × 348 / 616 = 9.2536
    got = q(shopify, "select sku, round(payment_fees, 4) from marts.money_lines where order_id = '#2001' order by 1")
    assert got == [("JKT-SUEDE-L", -7.1264), ("SHT-SILK-L", -9.2536)]
    # #2002 Fee 2.77 (2.9 % × 85.00 + 0.30); its refund row has Fee 0.00 and brings nothing new;
    # #2003 was paid by PayPal: no Shopify Payments fee. All fees: 16.38 + 2.77 = 19.15 = the payout's `Fees`
    assert q(shopify, "select round(sum(payment_fees), 2) from marts.money_lines") == [(-19.15,)]


def test_vat_inclusive_orders_lose_their_vat(shopify):
    # #2002: Subtotal 85.00 = Total, Taxes 15.89 -> prices include VAT: sales 85.00 - 15.89 = 69.11, refunded
    # in full (-69.11); #2003: 40.00 - 7.48 = 32.52; #2001 (no tax): 268.00 - 26.80 + 348.00 - 34.80 = 554.40
    # net sales = 554.40 + 69.11 - 69.11 + 32.52 = 586.92
    got = q(shopify, "select round(sum(product_sales + promotions + shipping_credits), 2) from marts.money_lines "
                     "where txn_type in ('order', 'refund')")  # fmt: skip
    assert got == [(586.92,)]


def test_other_payment_types_by_what_they_are(shopify):
    # chargeback: -40.00 taken back and a 15.00 fee (Net -55.00), a cost; the payout is a transfer; the unknown
    # `tax_adjustment` stays visible as 'other' and is listed in data health
    got = q(shopify, "select txn_type, sum(total) from marts.money_lines "
                     "where txn_type not in ('order', 'refund') group by 1 order by 1")  # fmt: skip
    assert got == [("other", -1.1), ("service_fee", -55.0), ("transfer", -620.25)]
    notes = health_tables(shopify.con)["channel_notes"].filter(kind="unknown_type")
    assert notes["item"].to_list() == ["unknown Shopify Payments type: tax_adjustment"]


def test_payouts_export_is_recognised_for_reconciliation(wh):
    r = ingest(wh, FIXTURES / "shopify_payouts" / "payouts_export.csv")
    assert r.format_id == "shopify_payouts"
    assert any("transactions export" in w for w in r.warnings)
    assert q(wh, "select count(*) from marts.money_lines") == [(0,)]


# -- the three Shopify cases of ../shared/cases (README's right values) ------------------------------------------
def test_case_vat_inclusive_net_sales(wh):
    ingest(wh, CASES / "min_shopify_vat_inclusive.csv")
    # Subtotal 85.00 = Total 85.00 with Taxes 15.89: net sales 85.00 - 15.89 = 69.11
    assert q(wh, "select round(sum(net_sales), 2) from marts.money_lines") == [(69.11,)]


def test_case_line_without_sku_is_kept(wh):
    ingest(wh, CASES / "min_shopify_line_without_sku.csv")
    # two orders, two units: 65.00 + 85.00 = 150.00 as charged (VAT-inclusive PT prices), of which
    # 12.15 + 15.89 = 28.04 VAT: gross sales without VAT 121.96
    got = q(wh, "select sum(units), round(sum(gross_sales + taxes), 2), round(sum(gross_sales), 2) "
                "from marts.money_lines where txn_type = 'order'")  # fmt: skip
    assert got == [(2, 150.0, 121.96)]
    assert q(wh, "select sku from marts.money_lines where order_id = '#1003'") == [
        ("(no SKU) Jetski Rental - 30 minutes",)
    ]
    notes = health_tables(wh.con)["channel_notes"].filter(kind="no_sku")
    assert notes["item"].to_list() == ["(no SKU) Jetski Rental - 30 minutes"]


def test_case_order_discount_split_by_line_value(wh):
    ingest(wh, CASES / "min_shopify_order_discount_two_lines.csv")
    # discount 61.60 over 268.00 + 348.00 = 616.00: 26.80 and 34.80 -> 241.20 and 313.20
    got = q(wh, "select sku, round(net_sales, 2) from marts.money_lines order by 1")
    assert got == [("801S_STEELBLUE_L", 241.2), ("912V_STEELBLUE_L", 313.2)]
    items = q(wh, "select sku, round(item_price + item_promotion, 2) from staging.orders order by 1")
    assert items == [("801S_STEELBLUE_L", 241.2), ("912V_STEELBLUE_L", 313.2)]
