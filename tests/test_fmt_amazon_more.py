"""Golden fixtures for Amazon settlement V2, business report, all orders and FBA customer returns."""

from datetime import date, datetime

import pytest

from tests.conftest import FIXTURES, rows, table_state
from warehouse.core.textio import norm_header
from warehouse.formats import all_formats
from warehouse.ingest.detect import detect

PERIOD = {"period": "2026-03-01:2026-03-31"}


# -- settlement V2 -------------------------------------------------------------------------------------------
def test_settlement_us_rows_totals_and_local_dates(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_settlement", "us_settlement.txt"))
    assert r.status == "imported", r.message
    assert (r.format_id, r.variant, r.rows_added, r.rows_present) == ("amazon_settlement", "US", 23, 0)
    summary = rows(
        wh,
        "select settlement_id, settlement_start, settlement_end, deposit_date, total_amount, currency, amount_type, "
        "marketplace from raw.amazon_settlement where row_no = 1",
    )[0]
    # 2026-03-01 08:00 UTC is midnight PST; 2026-03-15 08:00 UTC is 01:00 PDT (DST began on 8 March)
    assert summary == (
        "12345678901", datetime(2026, 3, 1, 0, 0), datetime(2026, 3, 15, 1, 0), datetime(2026, 3, 17, 1, 0),
        18.62, "USD", None, "amazon.com",
    )  # fmt: skip
    principal = rows(
        wh,
        "select transaction_type, order_id, amount_type, amount_description, amount, posted_at, posted_date_text, "
        "sku, quantity_purchased, currency, marketplace from raw.amazon_settlement where row_no = 2",
    )[0]
    # posted 2026-03-02 03:14:07 UTC = 2026-03-01 19:14:07 in Los Angeles (PST, UTC-8)
    assert principal == (
        "Order", "113-1111111-1111111", "ItemPrice", "Principal", 129.99, datetime(2026, 3, 1, 19, 14, 7),
        "03/02/26", "CAM-4K-BLK", 1, "USD", "amazon.com",
    )  # fmt: skip
    # the components add up to the settlement's total-amount:
    # 103.47 + 22.08 - 113.67 - 45.30 - 12.34 - 39.99 + 104.37 = 18.62
    assert rows(wh, "select round(sum(amount), 2) from raw.amazon_settlement")[0][0] == pytest.approx(18.62)
    # storage and subscription rows name no marketplace: they take the file's
    assert rows(wh, "select count(*) from raw.amazon_settlement where marketplace <> 'amazon.com'")[0][0] == 0


def test_settlement_us_money_pivot(wh, fixture_path):
    wh.ingest_path(fixture_path("amazon_settlement", "us_settlement.txt"))
    money = "(select * from staging.money where source = 'amazon_settlement')"
    # 129.99 + 39.98 - 129.99 (refund) + 129.99 = 169.97; the summary row is no money row
    assert rows(wh, f"select round(sum(product_sales), 2), count(*) from {money}")[0] == (pytest.approx(169.97), 7)
    assert rows(wh, f"select round(sum(total), 2) from {money}")[0][0] == pytest.approx(18.62)
    types = dict(rows(wh, f"select txn_type, count(*) from {money} group by 1"))
    assert types == {"order": 3, "refund": 1, "ad_charge": 1, "fba_inventory_fee": 1, "subscription": 1}
    first = rows(
        wh,
        "select event_date, posted_date, settlement_id, units, product_sales, shipping_credits, promotions, "
        "selling_fees, fulfillment_fees, other_txn_fees, other_amount, taxes, total, source_rank, currency "
        f"from {money} where order_id = '113-1111111-1111111' and txn_type = 'order'",
    )[0]
    # tax 10.40 and withheld tax -10.40 net to 0; 129.99 + 5.99 - 5.99 - 20.40 - 6.12 = 103.47
    assert first == (
        date(2026, 3, 1), date(2026, 3, 1), "12345678901", 1, 129.99, 5.99, -5.99, -20.40, -6.12, 0.0, 0.0,
        0.0, pytest.approx(103.47), 2, "USD",
    )  # fmt: skip
    refund = rows(wh, f"select units, product_sales, selling_fees, total from {money} where txn_type = 'refund'")[0]
    # commission back 20.40 minus refund commission 4.08 = 16.32; -129.99 + 16.32 = -113.67
    assert refund == (0, -129.99, pytest.approx(16.32), pytest.approx(-113.67))
    # exactly, in every build: the line's amounts are summed as decimals. Summed as DOUBLE, the order the rows reach
    # the sum picks the last bits (the seven amounts above give 103.46999999999997 … 103.47000000000003 by order;
    # the refund's three -113.67000000000002 or -113.67), and the line's fingerprint with them
    assert (first[12], refund[3]) == (103.47, -113.67)
    other = dict(rows(wh, f"select txn_type, other_amount from {money} where order_id is null"))
    assert other == {"ad_charge": -45.30, "fba_inventory_fee": -12.34, "subscription": -39.99}
    assert rows(wh, f"select sum(units)::BIGINT from {money}")[0][0] == 4  # 1 + 2 + 1 ordered
    settlement = rows(
        wh,
        "select settlement_id, marketplace, currency, deposit_date, total_amount, settlement_start "
        "from staging.settlements",
    )
    assert settlement == [("12345678901", "amazon.com", "USD", date(2026, 3, 17), 18.62, datetime(2026, 3, 1))]


def test_settlement_line_sums_are_exact(wh, fixture_path, tmp_path):
    """A line's amounts add up exactly, whatever order the rows reach the sum: the US fixture with the first order's
    tax 10.40 / withheld tax -10.40 rows as 0.10 and 0.20. By hand: taxes 0.10 + 0.20 = 0.30; total 129.99 + 0.10
    + 0.20 + 5.99 - 5.99 - 20.40 - 6.12 = 103.77. Summed as DOUBLE in file order they were 0.30000000000000004 and
    103.76999999999998 (another build, another order: other last bits, another fingerprint of the same line)."""
    text = fixture_path("amazon_settlement", "us_settlement.txt").read_text(encoding="utf-8")
    assert "\tTax\t10.40\t" in text and "\t-10.40\t" in text
    path = tmp_path / "us_settlement_cents.txt"
    path.write_text(text.replace("\tTax\t10.40\t", "\tTax\t0.10\t").replace("\t-10.40\t", "\t0.20\t"), "utf-8")
    assert wh.ingest_path(path).status == "imported"
    money = "(select * from staging.money where source = 'amazon_settlement')"
    line = rows(wh, f"select taxes, total from {money} where order_id = '113-1111111-1111111' and txn_type = 'order'")
    assert line == [(0.3, 103.77)]


def test_settlement_de_decimal_comma_and_promotion_id(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_settlement", "de_settlement.txt"))
    assert r.status == "imported", r.message
    assert (r.variant, r.rows_added) == ("DE decimal comma", 12)
    order = rows(
        wh,
        "select posted_at, amount, currency, marketplace, posted_date_text from raw.amazon_settlement where row_no = 2",
    )[0]
    # 2026-03-01 23:30 UTC is 00:30 on 2 March in Berlin (CET, UTC+1); `1092,44` is 1092.44
    assert order == (datetime(2026, 3, 2, 0, 30), 1092.44, "EUR", "amazon.de", "02.03.2026")
    assert rows(wh, "select promotion_id, amount from raw.amazon_settlement where row_no = 4")[0] == (
        "PROMO-DE-1",
        -10.0,
    )
    # day-first period dates: 01.03.2026 08:00 UTC = 09:00 CET
    assert rows(wh, "select settlement_start, total_amount from raw.amazon_settlement where row_no = 1")[0] == (
        datetime(2026, 3, 1, 9, 0),
        948.96,
    )
    # 1153.71 + 54.00 - 250.00 - 8.75 = 948.96
    assert rows(wh, "select round(sum(amount), 2) from raw.amazon_settlement")[0][0] == pytest.approx(948.96)
    money = "(select * from staging.money where source = 'amazon_settlement')"
    # product sales 1092.44 + 59.97 = 1152.41; taxes 207.56 + 11.39 = 218.95
    assert rows(wh, f"select round(sum(product_sales), 2), round(sum(taxes), 2) from {money}")[0] == (
        pytest.approx(1152.41),
        pytest.approx(218.95),
    )
    assert rows(wh, f"select other_amount, event_date from {money} where txn_type = 'ad_charge'")[0] == (
        -250.0,
        date(2026, 3, 10),
    )
    assert rows(wh, f"select sum(units)::BIGINT from {money}")[0][0] == 4  # 1 + 3


# -- business report -----------------------------------------------------------------------------------------
BR_COLS = (
    "asin, sku, sessions, sessions_b2b, session_pct, page_views, buy_box_pct, units_ordered, unit_session_pct, "
    "ordered_sales, ordered_sales_b2b, order_items, period_start, period_end, marketplace, currency"
)


def test_business_report_without_period_is_refused(wh, fixture_path):
    before = table_state(wh)
    r = wh.ingest_path(fixture_path("amazon_business_report", "us_current.csv"))
    assert r.status == "rejected"
    assert r.message.startswith("us_current.csv: ")
    assert "--period YYYY-MM-DD:YYYY-MM-DD" in r.message
    assert table_state(wh) == before


def test_business_report_us_with_period(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_business_report", "us_current.csv"), PERIOD)
    assert r.status == "imported", r.message
    assert (r.format_id, r.variant, r.rows_added, r.warnings) == ("amazon_business_report", "US", 3, [])
    first = rows(wh, f"select {BR_COLS} from raw.amazon_business_report where row_no = 1")[0]
    assert first == (
        "B0CAM4KBLK", "CAM-4K-BLK", 1320, 12, pytest.approx(0.5523), 2104, pytest.approx(0.985), 46,
        pytest.approx(0.0348), 5979.54, 129.99, 44, date(2026, 3, 1), date(2026, 3, 31), "amazon.com", "USD",
    )  # fmt: skip
    # sessions 1320 + 800 + 270 = 2390; units 46 + 20 + 15 = 81; sales 5979.54 + 2599.80 + 299.85 = 8879.19
    totals = rows(
        wh,
        "select sum(sessions)::BIGINT, sum(units_ordered)::BIGINT, round(sum(ordered_sales), 2) "
        "from staging.traffic where source = 'amazon_business_report'",
    )[0]
    assert totals == (2390, 81, pytest.approx(8879.19))
    assert rows(wh, "select period_start, period_end from meta.imports")[0] == (date(2026, 3, 1), date(2026, 3, 31))


def test_business_report_uk_en_dash_period_from_file_name(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_business_report", "BusinessReport-15-03-2026.csv"))
    assert r.status == "imported", r.message
    assert r.variant == "UK"
    assert r.warnings == ["period taken from the file name: 2026-03-15 (one day)"]
    first = rows(wh, f"select {BR_COLS} from raw.amazon_business_report where row_no = 1")[0]
    assert first == (
        "B0CAM4KBLK", "CAM-4K-BLK-UK", 1045, 5, pytest.approx(0.70), 1630, pytest.approx(0.991), 38,
        pytest.approx(0.0364), 4179.62, 109.99, 37, date(2026, 3, 15), date(2026, 3, 15), "amazon.co.uk", "GBP",
    )  # fmt: skip
    # 4179.62 + 215.88 = 4395.50; units 38 + 12 = 50
    assert rows(wh, "select round(sum(ordered_sales), 2), sum(units_ordered)::BIGINT from staging.traffic")[0] == (
        pytest.approx(4395.50),
        50,
    )


def test_business_report_chinese_gbk(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_business_report", "zh_gbk.csv"), PERIOD)
    assert r.status == "imported", r.message
    assert (r.variant, r.rows_added) == ("ZH", 2)
    assert rows(wh, "select encoding from meta.imports")[0][0] == "gb18030"
    first = rows(wh, f"select title, parent_asin, {BR_COLS} from raw.amazon_business_report where row_no = 1")[0]
    assert first == (
        "运动相机 4K 黑色", "B0PARENT01", "B0CAM4KBLK", "CAM-4K-BLK", 2210, 20, pytest.approx(0.60), 3500,
        pytest.approx(0.99), 75, pytest.approx(0.0339), 9749.25, 259.98, 72, date(2026, 3, 1), date(2026, 3, 31),
        "amazon.com", "USD",
    )  # fmt: skip
    # US$9,749.25 + US$799.60 = 10548.85; units 75 + 40 = 115; sessions 2210 + 1473 = 3683
    assert rows(
        wh,
        "select round(sum(ordered_sales), 2), sum(units_ordered)::BIGINT, sum(sessions)::BIGINT from staging.traffic",
    )[0] == (pytest.approx(10548.85), 115, 3683)


def test_business_report_japanese_shift_jis_older_names(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_business_report", "BusinessReport_2026-03-01_2026-03-31_jp.csv"))
    assert r.status == "imported", r.message
    assert (r.variant, r.rows_added, r.warnings) == ("JP", 2, [])
    assert rows(wh, "select encoding from meta.imports")[0][0] == "cp932"
    first = rows(wh, f"select title, {BR_COLS} from raw.amazon_business_report where row_no = 1")[0]
    assert first == (
        "アクションカメラ 4K ブラック", "B0CAM4KJP1", None, 1200, None, pytest.approx(0.60), 1850,
        pytest.approx(0.975), 30, pytest.approx(0.025), 599400.0, None, 29, date(2026, 3, 1), date(2026, 3, 31),
        "amazon.co.jp", "JPY",
    )  # fmt: skip
    # ￥599,400 + ￥47,760 = 647160
    assert rows(wh, "select sum(ordered_sales) from staging.traffic")[0][0] == 647160.0


def test_business_report_euro_warns_and_marketplace_option_wins(wh, fixture_path, tmp_path):
    euro = tmp_path / "eu_report.csv"
    euro.write_bytes(fixture_path("amazon_business_report", "us_current.csv").read_bytes().replace(b"$", "€".encode()))
    r = wh.ingest_path(euro, PERIOD)
    assert r.status == "imported", r.message
    assert len(r.warnings) == 1 and "assumed amazon.de" in r.warnings[0] and "--marketplace" in r.warnings[0]
    assert rows(wh, "select distinct marketplace, currency from raw.amazon_business_report")[0] == ("amazon.de", "EUR")
    r = wh.ingest_path(fixture_path("amazon_business_report", "us_current.csv"), {**PERIOD, "marketplace": "amazon.ca"})
    assert (r.status, r.warnings) == ("imported", [])
    got = rows(
        wh, f"select distinct marketplace, currency from raw.amazon_business_report where import_id = {r.import_id}"
    )
    assert got == [("amazon.ca", "CAD")]


# -- all orders ----------------------------------------------------------------------------------------------
def test_all_orders_us_rows_and_zones(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_all_orders", "us_all_orders.txt"))
    assert r.status == "imported", r.message
    assert (r.format_id, r.variant, r.rows_added) == ("amazon_all_orders", "US", 8)
    cols = "order_id, purchase_at, order_status, marketplace, currency, quantity, item_price, ship_promotion_discount"
    got = {row[0]: row for row in rows(wh, f"select row_no, {cols} from raw.amazon_all_orders")}
    # 2026-03-02T03:10:00+00:00 = 1 March 19:10 PST
    assert got[1][1:] == ("113-1111111-1111111", datetime(2026, 3, 1, 19, 10), "Shipped", "amazon.com", "USD", 1,
                          129.99, -5.99)  # fmt: skip
    # 2026-03-15T02:00:00-07:00 is already Los Angeles time (PDT)
    assert got[5][2] == datetime(2026, 3, 15, 2, 0)
    # a pending order has no prices and no currency yet: the marketplace gives the currency
    assert got[3][3:] == ("Pending", "amazon.com", "USD", 1, None, None)
    assert got[7][4] is None  # Non-Amazon (multi-channel fulfilment): no Amazon marketplace
    assert got[8][2:6] == (datetime(2026, 3, 4, 4, 0), "Shipped", "amazon.ca", "CAD")
    # 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 = 9 units; 129.99 + 39.98 + 129.99 + 129.99 + 19.99 + 169.99 = 619.93
    assert rows(wh, "select sum(quantity)::BIGINT, round(sum(item_price), 2) from raw.amazon_all_orders")[0] == (
        9,
        pytest.approx(619.93),
    )


def test_all_orders_staging_orders_and_fallback_money(wh, fixture_path):
    wh.ingest_path(fixture_path("amazon_all_orders", "us_all_orders.txt"))
    orders = rows(
        wh,
        "select count(*), count(*) filter (where is_cancelled), sum(units)::BIGINT from staging.orders "
        "where source = 'amazon_all_orders'",
    )[0]
    assert orders == (7, 1, 8)  # the Non-Amazon row is left out; 9 - 1 = 8 units
    first = rows(
        wh,
        "select purchase_date, order_status, item_price, item_promotion, shipping_price from staging.orders "
        "where order_id = '113-2222222-2222222'",
    )[0]
    assert first == (date(2026, 3, 5), "shipped", 39.98, -4.0, 0.0)
    money = "(select * from staging.money where source = 'amazon_all_orders')"
    by_currency = dict(
        (cur, (units, sales, promos, fees))
        for cur, units, sales, promos, fees in rows(
            wh,
            "select currency, sum(units)::BIGINT, round(sum(product_sales), 2), round(sum(promotions), 2), "
            f"sum(selling_fees + fulfillment_fees) from {money} group by 1",
        )
    )
    # cancelled 113-4444444 excluded: 129.99 + 39.98 + 0 (pending) + 129.99 + 19.99 = 319.95; units 1+2+1+1+1 = 6
    # promotions: ship promotion -5.99 + item promotion -4.00 = -9.99
    assert by_currency == {
        "USD": (6, pytest.approx(319.95), pytest.approx(-9.99), 0.0),
        "CAD": (1, 169.99, 0.0, 0.0),
    }
    assert rows(wh, f"select distinct source_rank, txn_type from {money}") == [(3, "order")]


# -- FBA customer returns ------------------------------------------------------------------------------------
def test_returns_default_marketplace_with_warning(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_returns", "us_returns.txt"))
    assert r.status == "imported", r.message
    assert (r.format_id, r.variant, r.rows_added) == ("amazon_returns", "US", 3)
    assert len(r.warnings) == 1 and "assumed amazon.com" in r.warnings[0]
    second = rows(
        wh,
        "select returned_at, order_id, sku, quantity, detailed_disposition, reason, status, marketplace "
        "from raw.amazon_returns where row_no = 2",
    )[0]
    # 2026-03-14T06:20:00+00:00 = 13 March 23:20 PDT
    assert second == (
        datetime(2026, 3, 13, 23, 20), "113-2222222-2222222", "MOUNT-KIT", 2, "CUSTOMER_DAMAGED", "DEFECTIVE",
        "Unit returned to inventory", "amazon.com",
    )  # fmt: skip
    assert rows(wh, "select customer_comments from raw.amazon_returns where row_no = 3")[0][0] == (
        "Screen flickers; battery hot"
    )
    # 1 + 2 + 1 = 4 units returned
    assert rows(wh, "select sum(units)::BIGINT, count(*) from staging.returns where source = 'amazon_returns'")[0] == (
        4,
        3,
    )
    assert rows(wh, "select return_date from staging.returns where row_no = 2")[0][0] == date(2026, 3, 13)


def test_returns_marketplace_option(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_returns", "us_returns.txt"), {"marketplace": "amazon.de"})
    assert (r.status, r.variant, r.warnings) == ("imported", "DE", [])
    # 2026-03-14 06:20 UTC = 07:20 in Berlin: still 14 March
    assert rows(wh, "select marketplace, return_date from staging.returns where row_no = 2")[0] == (
        "amazon.de",
        date(2026, 3, 14),
    )


# -- detection -----------------------------------------------------------------------------------------------
MY_FIXTURES = [
    ("amazon_settlement", "us_settlement.txt"),
    ("amazon_settlement", "de_settlement.txt"),
    ("amazon_business_report", "us_current.csv"),
    ("amazon_business_report", "BusinessReport-15-03-2026.csv"),
    ("amazon_business_report", "zh_gbk.csv"),
    ("amazon_business_report", "BusinessReport_2026-03-01_2026-03-31_jp.csv"),
    ("amazon_all_orders", "us_all_orders.txt"),
    ("amazon_returns", "us_returns.txt"),
]


@pytest.mark.parametrize(("format_id", "name"), MY_FIXTURES)
def test_fixture_detected_as_its_format_only(format_id, name):
    fmt, ctx = detect((FIXTURES / format_id / name).read_bytes(), name, PERIOD)
    assert fmt.id == format_id
    # no other registered format recognises the header in full: detection is unambiguous
    others = [f.id for f in all_formats() if f.id != format_id and f.match_score(ctx.header) == 1.0]
    assert others == []
    # every header cell of the fixture feeds a declared column (nothing silently dropped), bar the one
    # all-orders column the format does not keep
    mapped = set(fmt.header_map(ctx.header).values())
    unmapped = [h for i, h in enumerate(ctx.header) if i not in mapped]
    assert [norm_header(h) for h in unmapped] in ([], ["signature-confirmation-recommended"])
