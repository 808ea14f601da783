"""What-if inputs reshape mart rows correctly: stand-in mart tables with hand rows in a real DuckDB.

The marts are replaced by tables of the same names and columns (the views need a full warehouse build, which
other tests cover); the queries under test only read these columns.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from metrics.core import history as wi
from metrics.core.api import Filters
from tests.conftest import order_key_sql
from warehouse.core.migrations import MIGRATIONS

MONEY_COLS = [
    "units", "refund_units", "missing_cost_units", "costed_units", "cogs_sold_base", "promotions", "selling_fees",
    "fulfillment_fees", "gross_sales", "refunds", "net_sales", "gross_sales_base", "promotions_base", "refunds_base",
    "net_sales_base", "selling_fees_base", "fulfillment_fees_base", "other_txn_fees", "marketplace_fees",
    "other_fees", "other_txn_fees_base", "marketplace_fees_base", "other_fees_base", "other_income",
    "other_income_base", "ad_spend", "ad_spend_base",
    "cogs_base", "cogs_purchase_base", "cogs_first_mile_base", "cogs_duty_base", "cogs_other_base",
    "net_sales_costed_base", "net_sales_ordered_base", "money_rows", "ad_sales", "ad_sales_base", "allocated_base",
]  # fmt: skip


def _sku_day(day, mp, cur, sku, units, net, net_base, fees, fees_base, ad, ad_base, cogs_base):
    row = dict.fromkeys(MONEY_COLS, 0.0)
    row.update(units=units, costed_units=units, gross_sales=net, net_sales=net, gross_sales_base=net_base)
    row.update(
        net_sales_base=net_base, net_sales_costed_base=net_base, net_sales_ordered_base=net_base, marketplace_fees=fees
    )
    row.update(marketplace_fees_base=fees_base, ad_spend=ad, ad_spend_base=ad_base, cogs_base=cogs_base)
    row.update(cogs_sold_base=cogs_base)
    return {"calendar": "operational", "day": day, "store": "default", "channel": "amazon", "marketplace": mp, "currency": cur,
            "master_sku": sku, **row, "base_currency": "CNY"}  # fmt: skip


@pytest.fixture(scope="module")
def con():
    c = duckdb.connect()
    for _, sql in MIGRATIONS:
        c.execute(sql)
    sku_days = pl.DataFrame(
        [
            # A on amazon.com: 2 units, $100 net at 7.0, −$30 fees, $10 ads, cost ¥300
            _sku_day(date(2026, 3, 1), "amazon.com", "USD", "A", 2, 100.0, 700.0, -30.0, -210.0, 10.0, 70.0, 300.0),
            # A on amazon.de: 1 unit, €50 at 8.0, −€10 fees, no ads, cost ¥150
            _sku_day(date(2026, 3, 2), "amazon.de", "EUR", "A", 1, 50.0, 400.0, -10.0, -80.0, 0.0, 0.0, 150.0),
            _sku_day(date(2026, 3, 3), "amazon.com", "USD", "B", 1, 40.0, 280.0, -8.0, -56.0, 20.0, 140.0, 100.0),
            # an ads-only row: money columns NULL, $5 of spend at 7.0
            _sku_day(date(2026, 3, 4), "amazon.com", "USD", "B", 0, None, None, None, None, 5.0, 35.0, None),
        ]
    )
    ad_days = pl.DataFrame(
        {
            "marketplace": ["amazon.com"] * 3,
            "channel": ["amazon"] * 3,
            "master_sku": ["A", "A", "B"],
            "campaign": ["c1", "c2", "c1"],
            "day": [date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 3)],
            "ad_spend_base": [49.0, 21.0, 140.0],
            "ad_sales_base": [350.0, 0.0, 280.0],
            "ad_orders": [1.0, 0.0, 1.0],
            "ad_units": [1.0, 0.0, 1.0],
        }
    )
    order_lines = pl.DataFrame(
        {"event_date": [date(2026, 3, 1)] * 2 + [date(2026, 3, 2), date(2026, 3, 3)],
         "posted_date": [date(2026, 3, 1)] * 4, "store": ["default"] * 4, "channel": ["amazon"] * 4,
         "marketplace": ["amazon.com", "amazon.com", "amazon.de", "amazon.com"], "master_sku": ["A", "A", "A", "B"],
         "order_id": ["o1", "o2", "o3", "o4"], "txn_type": ["order"] * 4, "units": [1, 1, 1, 1]}
    )  # fmt: skip
    inv = pl.DataFrame(
        {"master_sku": ["A", "A", "A", "A", "B"], "location": ["FBA US", "FBA US", "FBA DE", "FBA DE", "FBA US"],
         "day": [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 2)],
         "available": [5, 0, 7, 0, 3], "inbound": [0, 10, 0, 0, 0], "store": ["default"] * 5}
    )  # fmt: skip
    # stock_position's units on order read the batch queue: B's 4 units arrive 9 Mar, after the stock day (2 Mar)
    queue = pl.DataFrame(
        {"master_sku": ["B"], "batch_id": ["b3"], "arrival_date": [date(2026, 3, 9)], "units": [4],
         "destination": ["amazon.com"]}
    )  # fmt: skip
    batches = pl.DataFrame(
        {"master_sku": ["A", "A"], "batch_id": ["b1", "b2"], "arrival_date": [date(2026, 1, 1), date(2026, 2, 1)],
         "currency": ["USD", "USD"], "unit_fx": [6.5, 7.5]}
    )  # fmt: skip
    for name, frame in [("sku_days", sku_days), ("ad_days", ad_days), ("order_lines", order_lines),
                        ("inventory_days", inv), ("cost_batches", batches), ("batch_queue", queue)]:  # fmt: skip
        c.register("frame_in", frame)
        c.execute(f"create table marts.{name} as select * from frame_in")
        c.unregister("frame_in")
    # the Orders metric counts order_key: the pair as one number, made as sql/marts/money_facts.sql makes it
    c.execute("alter table marts.order_lines add column order_key HUGEINT")
    c.execute(f"update marts.order_lines set order_key = {order_key_sql()}")
    c.execute("create view marts.conventions as select 'CNY' as base_currency")
    yield c
    c.close()


F = Filters(start=date(2026, 3, 1), end=date(2026, 3, 10))


def test_ads_history_sums_campaigns_per_sku_day(con):
    h = wi.ads_history(con, F)
    assert h.select("sku", "spend", "ad_sales").rows() == [("A", 70.0, 350.0), ("B", 140.0, 280.0)]  # 49 + 21


def test_sku_economics_daily_uses_registry_definitions(con):
    e = {r["sku"]: r for r in wi.sku_economics_daily(con, F).iter_rows(named=True)}
    # A over 10 days: gross 700 + 400 = 1100 → 110/day; contribution = net 1100 − fees 290 − cogs 450 = 360 → 36/day
    assert e["A"]["gross_sales"] == pytest.approx(110.0)
    assert e["A"]["contribution_before_ads"] == pytest.approx(36.0)
    assert e["A"]["units"] == pytest.approx(0.3) and e["A"]["orders"] == pytest.approx(0.3)
    assert e["B"]["ad_units"] == pytest.approx(0.1)


def test_fx_facts_split_revenue_and_cost_currencies(con):
    fx = {(r["sku"], r["currency"], r["side"]): r for r in wi.fx_facts(con, F).iter_rows(named=True)}
    # A USD: 100 − 30 − 10 = 60 USD = 700 − 210 − 70 = 420 CNY
    assert fx[("A", "USD", "revenue")]["amount"] == pytest.approx(60.0)
    assert fx[("A", "USD", "revenue")]["base_amount"] == pytest.approx(420.0)
    # A cost: ¥450 of cogs in the latest batch's currency (USD at 7.5) = −60 USD
    assert fx[("A", "USD", "cost")]["amount"] == pytest.approx(-60.0)
    assert fx[("A", "USD", "cost")]["base_amount"] == pytest.approx(-450.0)
    assert fx[("B", "CNY", "cost")]["amount"] == pytest.approx(-100.0)  # no batch → base currency
    # B USD: 40 − 8 − 20 − 5 (the ads-only row counts too) = 7 USD = 280 − 56 − 140 − 35 = 49 CNY
    assert fx[("B", "USD", "revenue")]["amount"] == pytest.approx(7.0)
    assert fx[("B", "USD", "revenue")]["base_amount"] == pytest.approx(49.0)
    # per-SKU base total = net profit: A 420 + (400 − 80) − 450 = 290
    total_a = sum(v["base_amount"] for k, v in fx.items() if k[0] == "A")
    assert total_a == pytest.approx(290.0)


def test_demand_history_and_stock_position(con):
    h = wi.demand_history(con, F, date(2026, 3, 4), days=3)  # 1–3 March
    a = h.filter(pl.col("sku") == "A")
    # 2 Mar: A has 0 available in FBA US and 0 in FBA DE that day → summed 0 → out of stock
    assert a.select("date", "units", "in_stock").rows() == [
        (date(2026, 3, 1), 2, True),
        (date(2026, 3, 2), 1, False),
        (date(2026, 3, 3), 0, True),
    ]
    pos = {
        r["sku"]: (r["available"], r["inbound"]) for r in wi.stock_position(con, date(2026, 3, 5)).iter_rows(named=True)
    }
    # the stock day's rows (2 Mar, as Inventory reads them; the mart carries every location's count to it):
    # A: FBA US 0 + 10 inbound, FBA DE 0 -> (0, 10); B: 3. Each location's own latest row summed 7 for A (DE's 1 Mar)
    assert pos == {"A": (0, 10), "B": (3, 0)}
    # B's open batch: 4 units on order (nothing inbound to net), arriving 9 Mar = day 3 from 6 Mar (`as_of` + 1)
    on_order = {r["sku"]: (r["on_order"], r["arrivals"]) for r in wi.stock_position(con, date(2026, 3, 5)).to_dicts()}
    assert on_order == {"A": (0, None), "B": (4, [{"day": 3, "arrival_date": date(2026, 3, 9), "units": 4}])}
