"""The meeting's supply-chain stock-out dates are the Inventory page's: one stock-out date per SKU everywhere.

The tester's walk: the 2026-10 review said "ACC-REMOTE 预计 23 天后断货" (2026-11-24, counted from 31 Oct stock) while
Inventory, Reorder planning and the what-if said 2026-12-25 (counted from the latest stock, 20 Nov). The meeting now
reads stock as of the latest data day, through the same `api.inventory_status` the Inventory page calls, and says so.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import polars as pl

from metrics.core import api
from metrics.core import locale_format as lf
from metrics.core.locale_format import unwrapped
from metrics.meeting.report import section_headline
from metrics.meeting.views import build_views
from metrics.planning.stockout import SAFETY_DAYS


def test_meeting_stockout_dates_equal_the_inventory_pages(demo_warehouse_file):
    con = duckdb.connect(str(demo_warehouse_file))
    try:
        supply = build_views(con, date(2026, 10, 1), date(2026, 10, 31))["supply_chain"]
        last = api.data_bounds(con)["last"]
        # the Inventory page: as_of = the sidebar's end, by default the last data day (its start does not matter)
        page = api.inventory_status(con, last, api.Filters(start=date(2026, 10, 22), end=last))
    finally:
        con.close()
    # the demo's data end on 20 Nov 2026 (its last order/ad day), after the 31 Oct end of the meeting's period
    assert last == date(2026, 11, 20)
    assert supply["stock_as_of"] == "2026-11-20"
    # payload rows are JSON-ready: dates as ISO strings
    want = {
        r["sku"]: r["stockout_date"] and r["stockout_date"].isoformat()
        for r in page.select("sku", "stockout_date").unique().iter_rows(named=True)
    }
    stock = supply["tables"]["stock"]
    assert stock and {r["sku"]: r["stockout_date"] for r in stock} == want  # every SKU, the same date
    # and the same units on order (open purchase batches, on the row of each batch's destination): the stock table's
    # rows are Inventory's, and the risk list's SKU totals their sums
    on_order = {(r["sku"], r["location"]): r["on_order"] for r in page.iter_rows(named=True)}
    assert {(r["sku"], r["location"]): r["on_order"] for r in stock} == on_order and sum(on_order.values()) > 0
    per_sku = page.group_by("sku").agg(pl.col("on_order").sum())
    per_sku = dict(zip(per_sku["sku"], per_sku["on_order"]))
    assert all(r["on_order"] == per_sku[r["sku"]] for r in supply["tables"]["stockout_risks"])
    risks = supply["tables"]["stockout_risks"]
    assert risks, "the demo has SKUs whose cover is shorter than their lead time + safety days"
    for r in risks:
        assert r["stockout_date"] == want[r["sku"]]
        day = date.fromisoformat(r["stockout_date"])
        # a stock-out risk (metrics.planning.stockout): cover < lead time (the demo's default sea lane, 75 days) + 14
        assert r["lead_time_days"] == 75
        assert date(2026, 11, 21) <= day < date(2026, 11, 21) + timedelta(days=75 + SAFETY_DAYS)
        assert (day - date(2026, 11, 21)).days == r["days_of_cover"]
    # the headline names the SKU that runs out first, with its date
    first = min(risks, key=lambda r: r["stockout_date"])
    risk = supply["risk"]
    assert risk["sku"] == first["sku"] and risk["date"] == first["stockout_date"]
    # read on 1 Dec 2026: the date by locale, its days counted from that day (not from the stock data's 20 Nov)
    today = date(2026, 12, 1)
    zh = unwrapped(section_headline("supply_chain", supply, "zh", [], today=today))
    en = unwrapped(section_headline("supply_chain", supply, "en", [], today=today))
    out = date.fromisoformat(risk["date"])
    ahead = (out - today).days
    assert ahead > 0, "the demo's first stock-out is after 1 Dec 2026"
    # October's meeting reads 20 Nov's stock, after its period: the headline names that stock day
    stock_day = {"zh": lf.day(date(2026, 11, 20), "zh"), "en": lf.day(date(2026, 11, 20), "en")}
    assert f"{first['sku']} 按 {stock_day['zh']} 的库存推算 {lf.day(out, 'zh')} 断货（{ahead} 天后）" in zh, zh
    assert (f"{first['sku']}: projected from the stock of {stock_day['en']} to stock out on {lf.day(out, 'en')} "
            f"(in {ahead} day{'s' * (ahead != 1)})") in en, en  # fmt: skip
    # the tester's SKU: one date, the Inventory page's
    remote = pl.DataFrame(stock).filter(pl.col("sku") == "ACC-REMOTE")["stockout_date"].unique().to_list()
    assert remote == [want["ACC-REMOTE"]]
