"""Golden values for returns, logistics cost share and customers, computed by hand from real-layout files, plus
the privacy invariant (no buyer e-mail or name anywhere in the warehouse) and the meeting / report parts.

Returns + logistics: the golden company of tests/test_metrics_golden.py (amazon.com + amazon.de, March 2026, base
CNY) plus `amazon_returns/us_returns_march_golden.txt` (FBA customer returns report, amazon.com, times in UTC,
converted to Los Angeles dates):
  12 Mar 19:20Z  CAM-A-US 1  DEFECTIVE         (disposition DEFECTIVE)
  23 Mar 16:02Z  CAM-A-US 1  UNWANTED_ITEM     (SELLABLE)
  25 Mar 21:40Z  CAM-B-US 1  SWITCHEROO        (CUSTOMER_DAMAGED)
  1 Apr 05:00Z = 31 Mar 22:00 PDT: CAM-B-US 1  DEFECTIVE (DEFECTIVE)   <- March in the marketplace's calendar
  2 Apr 18:00Z   CAM-A-US 1  NOT_AS_DESCRIBED  <- April, outside the period
Units sold in March (operational): CAM-A 2 (O1) + 2 (O3) + 1 (O8, purchased 31 Mar) on amazon.com + 2 (O2) on
amazon.de = 7; CAM-B 1 (O4) + 1 (O5) = 2; MOUNT-C 3 (O6): 12 in all. Refunded: O1 1 unit of CAM-A.
Customers: `shopify_orders/orders_export_repeat_buyers.csv` (USD, base USD for the value test):
  June: #3001 alice 50, #3002 bob 30, #3003 Alice@Example.com (= alice) 2 × 20 = 40, #3004 carol cancelled
  July: #3005 alice 60, #3006 dave 25, #3007 bob 20 + 2 × 10 = 40 (two lines; e-mail on the first row only)
"""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import api
from metrics.core.report import build_report
from metrics.core.settings import set_settings
from metrics.meeting.returns import figures, headline_note, localise
from metrics.meeting.views import build_views
from metrics.sales import customers, logistics, returns
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
GOLDEN = EXPORTS / "golden"
RETURNS = EXPORTS / "amazon_returns" / "us_returns_march_golden.txt"
REPEAT = EXPORTS / "shopify_orders" / "orders_export_repeat_buyers.csv"
TIKTOK = EXPORTS / "tiktok_orders" / "All order-2026-03-16-09_10.csv"
MARCH = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
approx = pytest.approx


@pytest.fixture(scope="module")
def golden_wh(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("returns_golden")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        for path in [*sorted(GOLDEN.iterdir()), RETURNS]:
            assert wh.ingest_path(path, {"marketplace": "amazon.com"}).ok, path.name
    finally:
        wh.close()
    return folder / "wh.duckdb"


@pytest.fixture
def golden(golden_wh, tmp_path):
    shutil.copyfile(golden_wh, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    yield wh
    wh.close()


@pytest.fixture
def buyers(wh):
    assert wh.ingest_path(REPEAT).ok
    set_settings(wh.con, base_currency="USD")
    return wh


# -- returns ------------------------------------------------------------------------------------------------------
def test_return_rate_and_reasons_by_sku(golden):
    by_sku = {r["sku"]: r for r in returns.returns_by_sku(golden.con, MARCH).to_dicts()}
    # CAM-A: 2 returned (12 and 23 Mar) / 7 sold; refunded 1 / 7
    assert by_sku["CAM-A"]["returned_units"] == 2 and by_sku["CAM-A"]["units"] == 7
    assert by_sku["CAM-A"]["return_rate"] == approx(2 / 7) and by_sku["CAM-A"]["refund_rate"] == approx(1 / 7)
    # CAM-B: 25 Mar + 31 Mar 22:00 Los Angeles (1 Apr 05:00 UTC) = 2 returned / 2 sold; no refund line
    assert by_sku["CAM-B"]["return_rate"] == approx(1.0) and by_sku["CAM-B"]["refund_rate"] == 0
    assert by_sku["MOUNT-C"]["returned_units"] == 0 and by_sku["MOUNT-C"]["return_rate"] == 0
    # whole company: 4 returned / 12 sold
    assert returns.return_rate(golden.con, MARCH) == approx(4 / 12)
    reasons = {r["reason"]: r for r in returns.reasons(golden.con, MARCH, "en").to_dicts()}
    assert {k: v["returned_units"] for k, v in reasons.items()} == {"DEFECTIVE": 2, "UNWANTED_ITEM": 1, "SWITCHEROO": 1}
    assert reasons["DEFECTIVE"]["share"] == approx(0.5) and reasons["SWITCHEROO"]["group"] == "abuse"
    assert reasons["UNWANTED_ITEM"]["label"] == "No longer needed"
    zh = {r["reason"]: r["label"] for r in returns.reasons(golden.con, MARCH, "zh").to_dicts()}
    assert zh["SWITCHEROO"] == "退回的不是原商品"
    # the detailed disposition is kept: DEFECTIVE 2, SELLABLE 1, CUSTOMER_DAMAGED 1
    graded = {r["disposition"]: r["returned_units"] for r in returns.dispositions(golden.con, MARCH).to_dicts()}
    assert graded == {"DEFECTIVE": 2, "SELLABLE": 1, "CUSTOMER_DAMAGED": 1}


def test_return_filters_follow_the_marketplace_and_the_period(golden):
    us = MARCH.model_copy(update={"marketplace": "amazon.com"})
    by_sku = {r["sku"]: r for r in returns.returns_by_sku(golden.con, us).to_dicts()}
    assert by_sku["CAM-A"]["return_rate"] == approx(2 / 5)  # 2 returned / 5 sold on amazon.com
    april = api.Filters(start=date(2026, 4, 1), end=date(2026, 4, 30))
    assert {r["reason"] for r in returns.reasons(golden.con, april).to_dicts()} == {"NOT_AS_DESCRIBED"}


def test_buyer_e_mail_in_a_return_comment_is_masked(golden):
    cur = golden.cursor()
    comments = [r[0] for r in cur.sql("select customer_comments from raw.amazon_returns").fetchall() if r[0]]
    cur.close()
    assert "Stopped charging, write me at [e-mail]" in comments and not any("@" in c for c in comments)


# -- logistics ----------------------------------------------------------------------------------------------------
def test_logistics_share_by_marketplace(golden):
    by_mp = {
        r["marketplace"]: r
        for r in logistics.logistics_by_marketplace(logistics.logistics_by_month(golden.con, MARCH)).to_dicts()
    }
    us, de = by_mp["amazon.com"], by_mp["amazon.de"]
    # amazon.com FBA fees: O1 10 × 7.0 + O4 6 × 7.0 + O5 6 × 7.2 + O3 10 × 7.2 + O8 5 × 7.2 = 70 + 42 + 43.2 + 72 + 36
    assert us["fulfilment"] == approx(263.2)
    # first mile: O1 2 × (2 USD × 6.5 paid) = 26; O4 3 USD × 7.0 = 21; O5 3 × 7.2 = 21.6; O3 2 × 10 CNY; O8 10
    assert us["first_mile"] == approx(98.6)
    assert us["net_sales"] == approx(3978.0) and us["shipping_services"] == 0 and us["warehouse_3pl"] == 0
    assert us["logistics_share"] == approx((263.2 + 98.6) / 3978)
    # amazon.de: FBA O2 10 EUR × 8.0 + O6 9 × 7.5 = 147.5; first mile O2 13 (last B1 unit) + 10 (first B2 unit)
    assert de["fulfilment"] == approx(147.5) and de["first_mile"] == approx(23.0)
    assert de["logistics_share"] == approx(170.5 / 1890)
    total = logistics.logistics_total(logistics.logistics_by_month(golden.con, MARCH))
    assert total["logistics_share"] == approx((361.8 + 170.5) / (3978 + 1890))


def test_logistics_adds_3pl_expenses_from_the_expenses_mart(golden, tmp_path):
    # three rows of the expenses template, imported as a seller does (marts.expense_days spreads them): 3PL 360 CNY
    # on amazon.com on 31 Mar, 3PL 100 CNY without a marketplace on 15 Mar, rent 999 CNY on amazon.com
    sheet = tmp_path / "expenses.csv"
    sheet.write_text(
        "月份,日期,费用类别,金额,币种,部门,渠道,站点,每月重复,结束月份,备注\n"
        ",2026-03-31,海外仓,360,CNY,ops,,amazon.com,,,\n"
        ",2026-03-15,海外仓,100,CNY,ops,,,,,\n"
        ",2026-03-15,房租,999,CNY,ops,,amazon.com,,,\n",
        encoding="utf-8",
    )
    assert golden.ingest_path(sheet).status == "imported"
    monthly = logistics.logistics_by_month(golden.con, MARCH)
    by_mp = {r["marketplace"]: r for r in logistics.logistics_by_marketplace(monthly).to_dicts()}
    # 3PL 360 CNY on amazon.com (rent is no logistics cost): (263.2 + 98.6 + 360) / 3978
    assert by_mp["amazon.com"]["warehouse_3pl"] == approx(360) and by_mp["amazon.com"]["logistics_share"] == approx(
        721.8 / 3978
    )
    # the 100 CNY without a marketplace is company-wide: in the total only
    assert by_mp["*"]["warehouse_3pl"] == approx(100) and by_mp["*"]["logistics_share"] is None
    assert logistics.logistics_total(monthly)["logistics"] == approx(361.8 + 170.5 + 360 + 100)


# -- customers ----------------------------------------------------------------------------------------------------
def test_repeat_rate_and_orders_per_customer(buyers):
    june = api.Filters(start=date(2026, 6, 1), end=date(2026, 6, 30))
    # June: alice 2 orders (#3001, #3003 with the address in capitals), bob 1; carol's order was cancelled
    assert customers.summary(buyers.con, june) == {
        "customers": 2, "orders": 3, "repeat_customers": 1, "repeat_rate": 0.5, "orders_per_customer": 1.5,
    }  # fmt: skip
    both = api.Filters(start=date(2026, 6, 1), end=date(2026, 7, 31))
    s = customers.summary(buyers.con, both)  # alice 3, bob 2, dave 1: 6 orders, 2 of 3 buyers came back
    assert (s["customers"], s["orders"], s["repeat_customers"]) == (3, 6, 2)
    assert s["repeat_rate"] == approx(2 / 3) and s["orders_per_customer"] == approx(2.0)


def test_cohort_value_per_customer(buyers):
    frame = customers.cohorts(buyers.con, api.Filters(start=date(2026, 6, 1), end=date(2026, 7, 31)))
    rows = {r["cohort"]: r for r in frame.to_dicts()}
    june, july = rows[date(2026, 6, 1)], rows[date(2026, 7, 1)]
    # June cohort alice + bob: month 0 = (50 + 30 + 40) / 2 = 60; month 1 adds alice 60 + bob 40: 220 / 2 = 110
    assert june["customers"] == 2 and june["m0"] == approx(60.0) and june["m1"] == approx(110.0)
    assert june["m2"] is None and june["value_12m"] is None  # July is the data's last month
    assert july["customers"] == 1 and july["m0"] == approx(25.0) and july["m1"] is None  # dave


def test_no_e_mail_or_name_anywhere_in_the_warehouse(buyers):
    assert buyers.ingest_path(TIKTOK).ok
    assert buyers.ingest_path(RETURNS, {"marketplace": "amazon.com"}).ok
    personal = set()
    with REPEAT.open(newline="") as fh:
        for r in csv.DictReader(fh):
            personal |= {r[c] for c in ("Email", "Billing Name", "Shipping Name", "Billing Phone", "Phone") if r[c]}
    lines = TIKTOK.read_text(encoding="utf-8-sig").splitlines()
    head = next(csv.reader([lines[0]]))
    for r in csv.reader(lines[2:]):
        personal |= {
            r[head.index(c)].strip() for c in ("Buyer Username", "Recipient", "Phone #") if r[head.index(c)].strip()
        }
    assert len(personal) >= 10
    cur = buyers.cursor()
    tables = cur.sql(
        "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' "
        "and table_schema not in ('information_schema', 'pg_catalog')"
    ).fetchall()
    found = []
    for schema, table in tables:
        cols = cur.sql(
            "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ?",
            params=[schema, table],
        ).fetchall()
        for col, typ in cols:
            if (table, col) == ("amazon_all_orders", "buyer_company_name"):
                continue  # a business buyer's company (Amazon Business orders), not a person
            assert not any(w in col.lower() for w in ("email", "buyer", "recipient", "phone", "billing_name",
                                                      "shipping_name")), f"{schema}.{table}.{col}"  # fmt: skip
            if typ != "VARCHAR":
                continue
            for (value,) in cur.sql(
                f'select distinct "{col}" from {schema}.{table} where "{col}" is not null'
            ).fetchall():
                if "@" in value or value in personal:
                    found.append(f"{schema}.{table}.{col}: {value}")
    cur.close()
    assert found == []


def test_the_hash_is_salted_per_warehouse(buyers, tmp_path, empty_warehouse_file):
    other = Warehouse(tmp_path / "other.duckdb", tmp_path / "other_archive")
    try:
        assert other.ingest_path(REPEAT).ok
        first = lambda w: w.cursor().sql("select customer_hash from raw.shopify_orders where customer_hash is not null "  # noqa: E731
                                         "order by row_no limit 1").fetchall()[0][0]  # fmt: skip
        assert first(buyers) != first(other) and len(first(buyers)) == 64
    finally:
        other.close()


# -- report, meeting, pages ---------------------------------------------------------------------------------------
def test_report_and_meeting_carry_returns_and_logistics(golden):
    report = build_report(golden.con, MARCH)
    assert report.returns.returned_units == 4 and report.returns.return_rate == approx(4 / 12)
    assert (
        report.returns.reasons[0].reason == "DEFECTIVE" and report.returns.reasons[0].label_zh == "有缺陷/无法正常使用"
    )
    assert report.logistics.total.logistics_share == approx(532.3 / 5868)
    assert report.customers.customers == 0 and report.customers.repeat_rate is None
    views = build_views(golden.con, MARCH.start, MARCH.end)
    sales, supply = views["sales"], views["supply_chain"]
    assert sales["extra"]["return_rate"]["value"] == approx(4 / 12) and sales["extra"]["new_product_share"] is not None
    assert [r["reason"] for r in sales["tables"]["return_reasons"]] == ["DEFECTIVE", "SWITCHEROO", "UNWANTED_ITEM"]
    assert localise("return_reasons", sales["tables"]["return_reasons"], "zh")[0]["reason"] == "有缺陷/无法正常使用"
    assert supply["extra"]["logistics_share"]["value"] == approx(532.3 / 5868)
    # previous period = February: 1 unit sold (O7), none returned = 0 %; March 2025 holds no data
    assert figures("sales", sales, "en")[0] == {"metric": "return_rate", "label": "Return rate", "value": "33.3%",
                                                 "previous": "0.0%", "yoy": "–"}  # fmt: skip
    assert figures("supply_chain", supply, "zh")[0]["label"] == "物流成本占比"
    # the sales headline ends with the return rate and the top reason (4 / 12 = 33.3 %)
    assert headline_note("sales", sales, "en") == "; return rate 33.3%, top reason: Defective / does not work"
    assert headline_note("sales", sales, "zh") == "；退货率 33.3%，主要原因：有缺陷/无法正常使用"
    assert headline_note("finance", views["finance"], "en") == ""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_show_returns_logistics_and_customers(golden_wh, tmp_path, monkeypatch, lang):
    shutil.copyfile(golden_wh, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        assert wh.ingest_path(REPEAT).ok
    finally:
        wh.close()
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    for k, v in {"period": "custom", "start": "2026-03-01", "end": "2026-07-31", "lang": lang}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/returns.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    # the tiles and tables render in the page's language (the values are the metric layer's, tested above)
    rate = "退货率" if lang == "zh" else "Return rate"
    assert rate in shown and shown[rate].endswith("%")
    assert ("退货与物流" if lang == "zh" else "Returns & logistics") == at.title[0].value
    at.switch_page("pages/customers.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {m.label: m.value for m in at.metric}
    # June–July buyers (the period covers both): 3 customers, 2 repeat = 66.7 %, 2.00 orders each
    assert shown["客户数" if lang == "zh" else "Customers"] == "3"
    assert shown["复购率" if lang == "zh" else "Repeat rate"] == "66.7%"


def test_every_reason_code_has_both_names_and_a_known_group():
    from metrics.sales.return_reasons import DISPOSITIONS, GROUPS, REASONS, reason_group, reason_label

    for code, (zh, en, group) in REASONS.items():
        assert zh and en and group in GROUPS and reason_label(code, "zh") == zh and reason_label(code, "en") == en
    assert all(zh and en for zh, en in DISPOSITIONS.values())
    # an unlisted code reads as words; a printed TikTok reason keeps its text and is grouped by its words
    assert reason_label("APPAREL_STYLE_NEW", "en") == "Apparel style new"
    assert reason_label("Damaged item", "zh") == "Damaged item" and reason_group("Damaged item") == "logistics"
    assert reason_group("Item doesn't match description") == "product" and reason_group(None) == "unknown"


def test_printed_tiktok_reasons_count_with_the_returns_report_code_they_name():
    from metrics.sales.return_reasons import canonical_reason, reason_label

    assert canonical_reason("Item doesn't match description") == "NOT_AS_DESCRIBED"
    assert canonical_reason("Damaged item") == "DAMAGED_BY_CARRIER"
    assert canonical_reason("not_as_described") == "NOT_AS_DESCRIBED"
    assert canonical_reason("") == canonical_reason(None) == "NO_REASON_GIVEN"
    assert canonical_reason("Gift for a friend") == "Gift for a friend"  # no code named: kept as printed
    assert reason_label(canonical_reason("Item doesn't match description"), "zh") == "与描述不符"
