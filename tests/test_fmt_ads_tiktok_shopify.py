"""Golden fixtures for the advertising reports (classic and new console), TikTok Shop and Shopify order exports."""

from datetime import date, datetime

import pytest

from tests.conftest import FIXTURES, rows
from warehouse.formats import by_id


def ingest(wh, fmt_dir: str, name: str, options: dict | None = None):
    r = wh.ingest_path(FIXTURES / fmt_dir / name, options)
    assert r.status == "imported", r.message
    return r


# -- classic Sponsored Products reports ------------------------------------------------------------------------
def test_ads_products_daily_csv_values_and_totals(wh):
    r = ingest(wh, "amazon_ads_products", "sp_advertised_product_daily_us.csv")
    assert (r.format_id, r.variant, r.rows_added) == ("amazon_ads_products", "SP Daily CSV, 7-day", 4)
    first = rows(
        wh,
        'select "date", campaign, ad_group, sku, asin, impressions, clicks, round(ctr, 6), cpc, spend, sales, '
        "round(acos, 6), roas, orders, units, round(conversion_rate, 6), advertised_sales, "
        "marketplace, currency from raw.amazon_ads_products where row_no = 1",
    )[0]
    assert first == (
        date(2026, 3, 1), "SP - CAM-4K - Auto", "Auto", "CAM-4K-BLK", "B0CAM4K001", 1302, 10, 0.00768, 1.11, 11.10,
        129.99, 0.085391, 11.71, 1, 1, 0.1, 129.99, "amazon.com", "USD",
    )  # fmt: skip
    # a blank ACOS (no sales) stays empty; `$1,019.80` keeps its thousands
    assert rows(wh, "select acos, spend from raw.amazon_ads_products where row_no = 2")[0] == (None, 5.70)
    assert rows(wh, "select sales, impressions from raw.amazon_ads_products where row_no = 4")[0] == (1019.80, 12480)
    # spend 11.10 + 5.70 + 38.44 + 30.16 = 85.40; sales 129.99 + 0 + 349.97 + 1019.80 = 1499.76;
    # units 1 + 0 + 3 + 20 = 24; clicks 10 + 6 + 31 + 58 = 105
    totals = rows(
        wh,
        "select round(sum(spend), 2), round(sum(ad_sales), 2), sum(ad_units)::BIGINT, sum(clicks)::BIGINT, "
        "min(level), count(distinct ad_date) from staging.ads",
    )[0]
    assert totals == (85.40, 1499.76, 24, 105, "product", 2)
    day2 = rows(wh, "select period_start, period_end, ad_sku_sales from staging.ads where row_no = 3")[0]
    assert day2 == (date(2026, 3, 2), date(2026, 3, 2), 259.98)


def test_ads_search_terms_summary_csv(wh):
    r = ingest(wh, "amazon_ads_search_terms", "sp_search_term_summary_us.csv")
    assert (r.format_id, r.variant) == ("amazon_ads_search_terms", "SP Summary CSV, 7-day")
    got = rows(
        wh,
        "select level, ad_date, period_start, period_end, search_term, match_type, impressions, spend, ad_sales "
        "from staging.ads where row_no = 1",
    )[0]
    assert got == ("search_term", None, date(2026, 3, 1), date(2026, 3, 31), "4k action camera", "EXACT", 5210, 75.52,
                   649.95)  # fmt: skip
    # spend 75.52 + 10.80 + 20.00 = 106.32; sales 649.95 + 0 + 458.91 = 1108.86; units 5 + 0 + 9 = 14
    totals = rows(wh, "select round(sum(spend), 2), round(sum(ad_sales), 2), sum(ad_units)::BIGINT from staging.ads")
    assert totals[0] == (106.32, 1108.86, 14)


def test_ads_campaigns_csv_marketplace_from_country(wh):
    r = ingest(wh, "amazon_ads_campaigns", "sp_campaign_daily.csv")
    assert r.format_id == "amazon_ads_campaigns"
    first = rows(
        wh,
        "select budget_amount, targeting_type, last_year_impressions, last_year_spend, round(ctr, 6), acos is not null "
        "from raw.amazon_ads_campaigns where row_no = 1",
    )[0]
    assert first == (50.0, "AUTOMATIC", 1980, 15.40, 0.007452, True)
    # US rows: 16.80 + 38.44 = 55.24 USD, sales 129.99 + 349.97 = 479.96; the DE row (Country DE) is in EUR
    by_mp = rows(
        wh,
        "select marketplace, currency, round(sum(spend), 2), round(sum(ad_sales), 2), min(level) from staging.ads "
        "group by all order by 1",
    )
    assert by_mp == [("amazon.com", "USD", 55.24, 479.96, "campaign"), ("amazon.de", "EUR", 7.20, 119.99, "campaign")]


def test_ads_xlsx_on_second_sheet_typed_cells(wh):
    r = ingest(wh, "amazon_ads_products", "sp_advertised_product_summary_jp.xlsx")
    assert (r.format_id, r.variant) == ("amazon_ads_products", "SP Summary XLSX, 7-day")
    assert rows(wh, "select sheet from meta.imports")[0][0] == "Sponsored Products Advertised p"
    first = rows(
        wh,
        "select start_date, end_date, sku, impressions, clicks, round(ctr, 6), cpc, spend, sales, round(acos, 6), "
        "marketplace, currency from raw.amazon_ads_products where row_no = 1",
    )[0]
    # typed percentage cells are fractions already (0.008501 = 87 / 10234), not divided again
    assert first == (date(2026, 3, 1), date(2026, 3, 31), "CAM-4K-BLK-JP", 10234, 87, 0.008501, 42.5, 3697.5, 59800.0,
                     0.061831, "amazon.co.jp", "JPY")  # fmt: skip
    # spend 3697.5 + 570 = 4267.5 JPY; sales 59800; units 4
    assert rows(wh, "select sum(spend), sum(ad_sales), sum(ad_units)::BIGINT from staging.ads")[0] == (
        4267.5, 59800.0, 4)  # fmt: skip


def test_ads_chinese_headers_period_from_file_name(wh):
    r = ingest(wh, "amazon_ads_products", "推广的商品报告_20260301-20260307.csv")
    assert r.format_id == "amazon_ads_products"
    assert any("file name" in w for w in r.warnings) and any("USD" in w for w in r.warnings)
    got = rows(
        wh,
        "select campaign, sku, asin, impressions, clicks, spend, ad_sales, ad_orders, ad_units, period_start, "
        "period_end, marketplace, currency from staging.ads where row_no = 1",
    )[0]
    assert got == ("SP-运动相机-自动", "CAM-4K-BLK", "B0CAM4K001", 3480, 29, 30.45, 389.97, 3, 3, date(2026, 3, 1),
                   date(2026, 3, 7), "amazon.com", "USD")  # fmt: skip
    raw = rows(wh, "select round(ctr, 6), cpc, round(acos, 6), round(conversion_rate, 6) from raw.amazon_ads_products")
    assert raw[0] == (0.008333, 1.05, 0.078083, 0.103448)
    # spend 30.45 + 4.80 = 35.25; sales 389.97 + 50.99 = 440.96; units 3 + 1 = 4
    assert rows(wh, "select round(sum(spend), 2), round(sum(ad_sales), 2), sum(ad_units)::BIGINT from staging.ads")[
        0] == (35.25, 440.96, 4)  # fmt: skip
    imp = rows(wh, "select period_start, period_end from meta.imports")[0]
    assert imp == (date(2026, 3, 1), date(2026, 3, 7))


def test_ads_report_without_country_currency_or_symbol_is_refused(wh, tmp_path):
    path = tmp_path / "ads.csv"
    path.write_text(
        "Date,Campaign Name,Advertised SKU,Impressions,Clicks,Spend\n2026-03-01,C1,SKU1,100,2,1.50\n", encoding="utf-8"
    )
    r = wh.ingest_path(path)
    assert r.status == "rejected"
    assert r.message.startswith("ads.csv:") and "--marketplace" in r.message
    assert rows(wh, "select count(*) from raw.amazon_ads_products")[0][0] == 0
    assert wh.ingest_path(path, {"marketplace": "amazon.de"}).status == "imported"
    assert rows(wh, "select marketplace, currency, spend from staging.ads")[0] == ("amazon.de", "EUR", 1.5)


def test_ads_decimal_comma_and_day_first_dates(wh, tmp_path):
    path = tmp_path / "sp_search_terms_de.csv"
    path.write_text(
        "Start Date,End Date,Currency,Campaign Name,Ad Group Name,Country,Customer Search Term,Impressions,Clicks,"
        'Spend,7 Day Total Sales \n01.03.2026,31.03.2026,EUR,DE Auto,Auto,DE,actionkamera,"1.204",31,"24,80 €",'
        '"1.079,91 €"\n',
        encoding="utf-8",
    )
    assert wh.ingest_path(path).status == "imported"
    got = rows(
        wh, "select period_start, period_end, impressions, spend, ad_sales, marketplace, currency from staging.ads"
    )
    assert got == [(date(2026, 3, 1), date(2026, 3, 31), 1204, 24.80, 1079.91, "amazon.de", "EUR")]


def test_classic_ads_detection_is_unambiguous():
    products = ["Date", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN", "Impressions", "Clicks",
                "Spend", "7 Day Total Sales "]  # fmt: skip
    terms = ["Start Date", "End Date", "Campaign Name", "Ad Group Name", "Customer Search Term", "Impressions",
             "Clicks", "Spend", "7 Day Total Sales "]  # fmt: skip
    campaigns = ["Date", "Campaign Name", "Impressions", "Clicks", "Spend", "7 Day Total Sales "]
    ids = ("amazon_ads_products", "amazon_ads_search_terms", "amazon_ads_campaigns", "amazon_ads_new_console")
    scores = {h: [by_id(i).match_score(header) for i in ids] for h, header in
              (("p", products), ("s", terms), ("c", campaigns))}  # fmt: skip
    assert [s == 1.0 for s in scores["p"]] == [True, False, False, False]
    assert [s == 1.0 for s in scores["s"]] == [False, True, False, False]
    assert [s == 1.0 for s in scores["c"]] == [False, False, True, False]


# -- new Ads console -------------------------------------------------------------------------------------------
def test_new_console_csv_guards_date_range_and_totals(wh):
    r = ingest(wh, "amazon_ads_new_console", "Sponsored_products_advertised_product_Mar_2026.csv")
    assert (r.format_id, r.variant, r.rows_added) == ("amazon_ads_new_console", "SP product CSV", 3)
    first = rows(
        wh,
        "select advertiser_account_id, portfolio_id, campaign_id, ad_group_id, asin, sku, period_start, period_end, "
        "impressions, clicks, round(ctr, 6), total_cost, purchases, sales, units_sold, round(purchase_rate, 6), "
        "sales_promoted, sales_halo, marketplace, currency from raw.amazon_ads_new_console where row_no = 1",
    )[0]
    assert first == (
        "ENTITY2ABCDEF1", None, "301857730912244", "412345678901234", "B0CAM4K001", "CAM-4K-BLK", date(2026, 3, 1),
        date(2026, 3, 31), 25410, 198, 0.0078, 221.76, 14, 1819.86, 14, 0.0707, 1559.88, 259.98, "amazon.com", "USD",
    )  # fmt: skip
    # USD: spend 221.76 + 135.20 = 356.96, sales 1819.86 + 2294.55 = 4114.41, units 14 + 45 = 59; EUR row: amazon.de
    by_cur = rows(
        wh,
        "select marketplace, currency, level, round(sum(spend), 2), round(sum(ad_sales), 2), sum(ad_units)::BIGINT, "
        "round(sum(ad_sku_sales), 2), count(ad_date) from staging.ads group by all order by 1",
    )
    assert by_cur == [
        ("amazon.com", "USD", "product", 356.96, 4114.41, 59, 3854.43, 0),  # 1559.88 + 2294.55
        ("amazon.de", "EUR", "product", 56.00, 359.97, 3, 359.97, 0),
    ]


def test_new_console_currency_in_headers(wh):
    r = ingest(wh, "amazon_ads_new_console", "ad_group_report_2026-03-09.csv")
    assert r.variant == "SP ad group CSV" and r.warnings
    got = rows(
        wh,
        "select campaign_id, ad_group, total_cost, sales, default_bid, currency, marketplace "
        "from raw.amazon_ads_new_console where row_no = 1",
    )[0]
    assert got == ("301857730912244", "Auto", 16.65, 129.99, 1.20, "USD", "amazon.com")
    # one-day range -> a daily row; spend 16.65 + 10.92 = 27.57, sales 129.99 + 203.96 = 333.95
    totals = rows(
        wh,
        "select min(level), min(ad_date), max(ad_date), round(sum(spend), 2), round(sum(ad_sales), 2) from staging.ads",
    )[0]
    assert totals == ("ad_group", date(2026, 3, 9), date(2026, 3, 9), 27.57, 333.95)


# -- TikTok Shop -----------------------------------------------------------------------------------------------
TIKTOK_CSV = "All order-2026-03-16-09_10.csv"


def test_tiktok_csv_bom_description_row_and_tabs(wh):
    r = ingest(wh, "tiktok_orders", TIKTOK_CSV)
    assert (r.format_id, r.rows_added) == ("tiktok_orders", 5)  # the description row is not data
    first = rows(
        wh,
        "select order_id, order_status, sku_id, seller_sku, quantity, subtotal_before_discount, platform_discount, "
        "seller_discount, shipping_fee_after_discount, taxes, order_amount, created_time, cancelled_time, "
        "tracking_id, marketplace, currency from raw.tiktok_orders order by row_no limit 1",
    )[0]
    assert first == (
        "576918402733115201", "Completed", "1729384756102345678", "CAM-4K-BLK", 1, 129.99, 10.0, 13.0, 5.99, 11.85,
        169.81, datetime(2026, 3, 2, 10, 15, 22), None, "9400111899223344556677", "tiktok.us", "USD",
    )  # fmt: skip
    # order amounts repeat per line in the raw table: 169.81 x 2 + 139.09 + 172.17 x 2 = 823.05
    assert rows(wh, "select round(sum(order_amount), 2) from raw.tiktok_orders")[0][0] == 823.05


def test_tiktok_money_counts_order_amounts_once(wh):
    ingest(wh, "tiktok_orders", TIKTOK_CSV)
    orders = rows(
        wh,
        "select sum(units)::BIGINT, round(sum(product_sales), 2), round(sum(shipping_credits), 2), "
        "round(sum(promotions), 2), round(sum(taxes), 2), count(*) from staging.money "
        "where source = 'tiktok_orders' and txn_type = 'order'",
    )[0]
    # units 1 + 2 + 1 (cancelled order excluded); sales 129.99 + 49.98 + 129.99 = 309.96; shipping 5.99 once
    # (not 5.99 x 2 lines); seller discounts -13.00 - 5.00 (platform discount 10.00 excluded); taxes 11.85 + 9.10
    assert orders == (4, 309.96, 5.99, -18.0, 20.95, 5)
    refunds = rows(
        wh,
        "select order_id, event_date, units, round(product_sales, 2), round(taxes, 2), round(total, 2), source_rank "
        "from staging.money where source = 'tiktok_orders' and txn_type = 'refund'",
    )
    # 139.09 refunded = 129.99 principal + 9.10 tax, dated by its return; the cancelled order has no refund row
    assert refunds == [("576918402733115202", date(2026, 3, 12), 1, -129.99, -9.1, -139.09, 1)]
    lines = rows(
        wh,
        "select count(*), sum(units)::BIGINT, round(sum(shipping_price), 2), count(*) filter (where is_cancelled) "
        "from staging.orders where source = 'tiktok_orders'",
    )[0]
    # shipping once per order: 5.99 (…201) + 0 (…202) + 5.99 (…203, cancelled) = 11.98
    assert lines == (5, 6, 11.98, 2)
    statuses = rows(
        wh,
        "select order_id, min(order_status), min(purchase_date) from staging.orders group by 1 order by 1",
    )
    assert statuses == [
        ("576918402733115201", "completed", date(2026, 3, 2)),
        ("576918402733115202", "completed", date(2026, 3, 4)),
        ("576918402733115203", "cancelled", date(2026, 3, 5)),  # printed `Canceled`
    ]


def test_tiktok_xlsx_overlap_and_reexport_with_changes(wh):
    ingest(wh, "tiktok_orders", TIKTOK_CSV)
    r = ingest(wh, "tiktok_orders", "All order-2026-03-20-08_00.xlsx")
    # order …202 is unchanged (already present); …204 is new
    assert (r.variant, r.rows_added, r.rows_present) == ("US XLSX", 1, 1)
    new = rows(wh, "select order_id, created_time, order_amount from raw.tiktok_orders where import_id = ?", [2])
    assert new == [("576918402733115204", datetime(2026, 3, 18, 21, 45), 28.88)]
    # a later CSV export where order …201 now shows a 20.00 refund: its lines replace the earlier version
    text = (FIXTURES / "tiktok_orders" / TIKTOK_CSV).read_text(encoding="utf-8-sig").splitlines()
    later = "\n".join(text[:4]).replace("169.81,0,", "169.81,20.00,") + "\n"
    r3 = wh.ingest_bytes(("\ufeff" + later).encode("utf-8"), "All order-2026-03-21.csv")
    assert (r3.status, r3.rows_added) == ("imported", 2)
    totals = rows(
        wh,
        "select (sum(units) filter (where txn_type = 'order'))::BIGINT, count(*) filter (where txn_type = 'order'), "
        "round(sum(shipping_credits) filter (where txn_type = 'order'), 2) from staging.money "
        "where source = 'tiktok_orders'",
    )[0]
    # units 1 + 2 + 1 + 1 (…204); six order lines (not eight); shipping 5.99 + 3.99
    assert totals == (5, 6, 9.98)
    refund = rows(
        wh,
        "select round(product_sales, 4), round(shipping_credits, 4), round(taxes, 4) from staging.money "
        "where txn_type = 'refund' and order_id = '576918402733115201'",
    )[0]
    # share 20 / 169.81; shipping -20 x 5.99 / 169.81 = -0.7055, tax -20 x 11.85 / 169.81 = -1.3957,
    # principal -(20 - 0.7055 - 1.3957) = -17.8988
    assert refund == pytest.approx((-17.8988, -0.7055, -1.3957), abs=1e-4)


# -- Shopify ---------------------------------------------------------------------------------------------------
def test_shopify_first_row_fields_and_values(wh):
    r = ingest(wh, "shopify_orders", "orders_export_1.csv")
    assert (r.format_id, r.rows_added) == ("shopify_orders", 5)
    first = rows(
        wh,
        "select order_name, financial_status, currency, subtotal, shipping, taxes, total, discount_amount, created_at, "
        "lineitem_quantity, lineitem_price, lineitem_sku, lineitem_discount, lineitem_requires_shipping, "
        "shipping_zip, marketplace from raw.shopify_orders where row_no = 1",
    )[0]
    assert first == (
        "#1001", "paid", "USD", 161.97, 5.99, 10.50, 178.46, 18.0, datetime(2026, 3, 2, 10, 15, 22), 1, 129.99,
        "CAM-4K-BLK", 13.0, True, "02108", "shopify",
    )  # fmt: skip
    # continuation rows carry only the line item
    second = rows(
        wh, "select financial_status, currency, shipping, lineitem_sku from raw.shopify_orders where row_no = 2"
    )
    assert second == [(None, None, None, "MNT-HELMET")]
    money = rows(
        wh,
        "select sum(units)::BIGINT, round(sum(product_sales), 2), round(sum(shipping_credits), 2), "
        "round(sum(promotions), 2), round(sum(taxes), 2), min(currency) from staging.money "
        "where source = 'shopify_orders' and txn_type = 'order'",
    )[0]
    # units 1 + 2 + 1 (#1003 cancelled); sales 129.99 + 2 x 24.99 + 129.99 = 309.96; shipping 5.99 once;
    # discounts -13.00 - 5.00; taxes 10.50 + 8.12
    assert money == (4, 309.96, 5.99, -18.0, 18.62, "USD")
    refunds = rows(
        wh,
        "select order_id, units, round(product_sales, 2), round(taxes, 2), event_date from staging.money "
        "where source = 'shopify_orders' and txn_type = 'refund'",
    )
    # #1002 fully refunded: 138.11 = 129.99 + 8.12 tax
    assert refunds == [("#1002", 1, -129.99, -8.12, date(2026, 3, 4))]
    statuses = rows(wh, "select order_id, min(order_status), bool_and(is_cancelled) from staging.orders group by 1 "
                        "order by 1")  # fmt: skip
    assert statuses == [("#1001", "paid", False), ("#1002", "refunded", False), ("#1003", "cancelled", True)]


def test_shopify_later_export_replaces_changed_order_and_undo(wh):
    ingest(wh, "shopify_orders", "orders_export_1.csv")
    r = ingest(wh, "shopify_orders", "orders_export_2.csv")
    assert (r.rows_added, r.rows_present) == (2, 1)  # #1001 first row changed, its second row did not
    totals = rows(
        wh,
        "select sum(units)::BIGINT, round(sum(product_sales), 2), count(*) from staging.money "
        "where source = 'shopify_orders' and txn_type = 'order'",
    )[0]
    # 4 + 3 (#1004); 309.96 + 3 x 33.99 = 411.93; six order lines, #1001 counted once
    assert totals == (7, 411.93, 6)
    refund = rows(
        wh,
        "select units, round(product_sales, 4), round(shipping_credits, 4), round(taxes, 4) from staging.money "
        "where txn_type = 'refund' and order_id = '#1001'",
    )[0]
    # 40.00 of 178.46 refunded: shipping -40 x 5.99 / 178.46 = -1.3426, tax -40 x 10.50 / 178.46 = -2.3535,
    # principal -(40 - 1.3426 - 2.3535) = -36.3039 (rounded from the unrounded parts)
    assert refund == pytest.approx((0, -36.3039, -1.3426, -2.3535), abs=1e-4)
    wh.undo(r.import_id)
    assert rows(wh, "select count(*) from staging.money where txn_type = 'refund' and order_id = '#1001'")[0][0] == 0


def test_shopify_excel_serial_dates(wh):
    ingest(wh, "shopify_orders", "orders_export_excel.csv")
    got = rows(wh, "select cast(created_at as date), hour(created_at), order_name from raw.shopify_orders")[0]
    assert got == (date(2026, 3, 12), 18, "#1005")
    money = rows(wh, "select event_date, product_sales, shipping_credits, taxes from staging.money")[0]
    assert money == (date(2026, 3, 12), 129.99, 5.99, 8.5)


def test_a_refunded_shopify_row_counts_its_units_and_cost_once(wh, tmp_path):
    """One Shopify row (#1002, 1 × CAM-4K-SLV, fully refunded) gives an order line and a refund line with the same
    (source, import_id, row_no): the line grain includes txn_type, so neither line is counted twice."""
    from metrics.core import api
    from metrics.core.settings import set_settings

    (tmp_path / "map.csv").write_text("Master SKU,Chinese name,English name,Category,Channel,Marketplace,Channel SKU,"
                                      "ASIN\nCAM-S,相机S,Cam S,camera,shopify,shopify,CAM-4K-SLV,\n")  # fmt: skip
    (tmp_path / "costs.csv").write_text("Master SKU,Effective from,Currency,Purchase cost,First-mile freight,Duty,"
                                        "Other cost\nCAM-S,2026-01-01,USD,30,3,2,0\n")  # fmt: skip
    for path in (tmp_path / "map.csv", tmp_path / "costs.csv", FIXTURES / "golden" / "fx_rates.csv"):
        assert wh.ingest_path(path).ok, path
    ingest(wh, "shopify_orders", "orders_export_1.csv")
    set_settings(wh.con, base_currency="CNY", restock_rate=0.5, allocation_rule="net_sales_share")
    f = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), sku="CAM-S")
    k = api.kpis(wh.con, f)
    # order 4 Mar: 1 unit at the SKU cost (30 + 3 + 2 + 0) USD × 7.0 (USD rate in force since 1 Mar) = 245.00 CNY;
    # refund 4 Mar: 1 unit, half returns to stock (restock rate 0.5): −0.5 × 245.00 = −122.50; COGS = 122.50
    assert (k["units"], k["refund_units"]) == (1, 1)
    assert k["cogs"] == pytest.approx(122.5)
    assert k["landed_cost_unit"] == pytest.approx(245.0)
    assert rows(wh, "select count(*) from marts.order_lines where order_id = '#1002'")[0][0] == 2
