"""Open purchase batches count as units on order, arriving on their expected arrival date, once.

The stock-out rule saw only available + Amazon-inbound units: a SKU whose next batch was in production or at sea read
"at stock-out risk" (30 of the demo's 31 SKUs). Fixture: the inbound-batches template in its real layout (Chinese
headers, BOM, CRLF: tests/fixtures/exports/inbound_batches/open_batches.csv), Manage FBA Inventory as of 20 April 2026
(CAM-4K-BLK 412 available + 150 inbound, CAM-4K-SLV 87 + 200, BAT-2PK 1530 + 545, MNT-BIKE 0) and the own-stock count
of Shenzhen (31 March, carried to 20 April: CAM-A 6, CAM-B 8, MOUNT-C 17; Shenzhen is no batch's destination).
The stock day is 20 April; the projection's first day ("today") 21 April.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.planning.on_order import arrival_days
from metrics.planning.reorder import LeadTime, plan_sku
from metrics.planning.stockout import sku_outlook, with_stockout_risk

ON = date(2026, 4, 20)
TODAY = date(2026, 4, 21)
FILES = (
    ("golden", "own_stock.csv", None),
    ("amazon_fba_inventory", "manage_fba_inventory.txt", {"as_of": "2026-04-20"}),
    ("inbound_batches", "open_batches.csv", None),
)


def _stock(wh, fixture_path) -> dict[str, dict]:
    from metrics.core.history import stock_position

    for fmt, name, options in FILES:
        r = wh.ingest_path(fixture_path(fmt, name), options)
        assert r.status == "imported", r.message
    wh.refresh()
    con = wh.con.cursor()
    try:
        return {r["sku"]: r for r in stock_position(con, ON).iter_rows(named=True)}
    finally:
        con.close()


def test_open_batches_are_on_order_once(wh, fixture_path):
    got = _stock(wh, fixture_path)
    # CAM-4K-BLK: PO…0310 (10 Apr) and PO…0312 (20 Apr, the stock day) are received (in the 412 available). Open,
    # earliest first: 120 (5 May) + 300 (15 Jun). Amazon shows 150 inbound: 120 of it is the 5 May batch (0 left on
    # order), the other 30 comes off the 15 Jun batch: 300 − 30 = 270 on order, arriving 15 Jun = day 55 from
    # 21 Apr (9 days to 30 Apr + 31 in May + 15)
    blk = got["CAM-4K-BLK"]
    assert (blk["available"], blk["inbound"], blk["on_order"]) == (412, 150, 270)
    assert blk["arrivals"] == [{"day": 55, "arrival_date": date(2026, 6, 15), "units": 270}]
    # CAM-4K-SLV: its 200-unit batch (20 May) is the 200 Amazon already shows inbound: nothing left on order
    assert (got["CAM-4K-SLV"]["on_order"], got["CAM-4K-SLV"]["arrivals"]) == (0, None)
    # CAM-A: 50 to LA-3PL on 10 May, less the 6 packed at Shenzhen (a warehouse no batch goes to): 44 on day 19
    assert got["CAM-A"]["arrivals"] == [{"day": 19, "arrival_date": date(2026, 5, 10), "units": 44}]
    # MOUNT-C: 40 on 25 Apr less Shenzhen's 17 = 23 (day 4), then 30 on 1 Jun (day 9 + 31 + 1 = 41): 53 on order
    assert got["MOUNT-C"]["on_order"] == 23 + 30
    assert [(a["day"], a["units"]) for a in got["MOUNT-C"]["arrivals"]] == [(4, 23), (41, 30)]
    # no batch: nothing on order
    assert got["BAT-2PK"]["on_order"] == got["CAM-B"]["on_order"] == got["MNT-BIKE"]["on_order"] == 0


def test_on_order_moves_the_stockout_date_from_its_arrival(wh, fixture_path):
    got = _stock(wh, fixture_path)
    stock = pl.DataFrame([got[s] for s in ("CAM-4K-BLK", "CAM-A", "MOUNT-C")])
    forecasts = pl.DataFrame({"sku": ["CAM-4K-BLK", "CAM-A", "MOUNT-C"], "units": [[8.0] * 365, [1.0] * 365,
                                                                                   [2.0] * 365]})  # fmt: skip
    out = sku_outlook(None, stock, TODAY, forecasts=forecasts)
    out = with_stockout_risk(out.rename({"demand_per_day": "daily_units"}).with_columns(lead_time_days=pl.lit(75)))
    rows = {r["sku"]: r for r in out.iter_rows(named=True)}
    # CAM-4K-BLK at 8/day: 412 + 150 = 562 lasts to day 55 (562 − 8·55 = 122 left), then + 270 = 832 − 8(k + 1) < 0
    # first at k = 104 → 3 Aug, 104 days of cover ≥ lead time 75 + 14 safety days: not at risk. Without the batch:
    # 562 − 8(k + 1) < 0 at k = 70 (30 Jun), 70 < 89 → at risk
    blk = rows["CAM-4K-BLK"]
    assert (blk["on_order"], blk["stockout_date"], blk["days_of_cover"]) == (270, date(2026, 8, 3), 104)
    assert blk["stockout_risk"] is False
    # CAM-A at 1/day: 6 − (k + 1) < 0 at k = 6 (27 Apr), before its 44 arrive on day 19: no help, at risk
    assert (rows["CAM-A"]["stockout_date"], rows["CAM-A"]["days_of_cover"]) == (date(2026, 4, 27), 6)
    assert rows["CAM-A"]["stockout_risk"] is True
    # MOUNT-C at 2/day: 17 − 2·4 = 9 before day 4, + 23 = 40 − 2(k + 1) < 0 at k = 20 (11 May); the 30 of 1 Jun
    # (day 41) come too late: 20 days of cover
    assert (rows["MOUNT-C"]["stockout_date"], rows["MOUNT-C"]["days_of_cover"]) == (date(2026, 5, 11), 20)


def test_the_reorder_plan_counts_what_is_on_order(wh, fixture_path):
    blk = _stock(wh, fixture_path)["CAM-4K-BLK"]
    lead = LeadTime(30, 35, 10, 0.0)  # 75 days, no spread: with σ_d = 0 the safety stock is 0
    f = [8.0] * 365
    on_order = arrival_days(blk["arrivals"], 365)
    new = plan_sku(f, 412, 150, lead, TODAY, sigma_d=0.0, on_order=on_order)
    # stock falls below 0 first on day 104 (3 Aug, as above): reorder by 3 Aug − 75 days = 20 May, not now;
    # arrival 3 Aug with 832 − 8·104 = 0 units left; quantity = 60 days × 8 + 0 safety − 0 − 0 on order after = 480
    assert (new["need_by"], new["reorder_by"], new["order_now"]) == (date(2026, 8, 3), date(2026, 5, 20), False)
    assert (new["stockout_date"], new["arrival"], new["quantity"]) == (date(2026, 8, 3), date(2026, 8, 3), 480)
    # the plan without the batch: below 0 on day 70 (30 Jun), reorder by 16 Apr → order now, 5 days overdue
    old = plan_sku(f, 412, 150, lead, TODAY, sigma_d=0.0)
    assert (old["need_by"], old["order_now"], old["overdue_days"]) == (date(2026, 6, 30), True, 5)
    # a batch arriving inside the new order's 60 days of cover lowers its quantity: 100 units on day 120 → 380
    later = on_order.copy()
    later[120] += 100
    assert plan_sku(f, 412, 150, lead, TODAY, sigma_d=0.0, on_order=later)["quantity"] == 480 - 100


def test_inventory_and_reorder_show_the_units_on_order(wh, fixture_path):
    from metrics.core import api
    from metrics.planning.plan import reorder_plan
    from metrics.planning.store import DEFAULT_LEAD_TIMES

    got = _stock(wh, fixture_path)
    con = wh.con.cursor()
    try:
        inv = api.inventory_status(con, ON, api.Filters(start=date(2026, 4, 1), end=ON))
    finally:
        con.close()
    per_sku = dict(inv.select("sku", "on_order").unique().iter_rows())
    assert per_sku["CAM-4K-BLK"] == 270 and per_sku["MOUNT-C"] == 53 and per_sku["BAT-2PK"] == 0
    # Reorder planning: 28 days of 8 units a day before 21 Apr (flat forecast 8/day), the plan's on-order column
    days = pl.date_range(date(2026, 3, 24), date(2026, 4, 20), eager=True)
    history = pl.DataFrame({"sku": "CAM-4K-BLK", "date": days, "units": 8, "in_stock": True})
    stock = pl.DataFrame([got["CAM-4K-BLK"]])
    plan = reorder_plan(history, stock, DEFAULT_LEAD_TIMES, TODAY).row(0, named=True)
    # 75-day sea lane, safety stock 1.645 × √(75 × 0 + 8² × 7²) = 1.645 × 56 = 92.1: 562 − 8(k + 1) stays above it
    # to day 55, then 832 − 8(k + 1) < 92.1 first at k = 92 (22 Jul): reorder by 22 Jul − 75 days = 8 May, not now
    # (without the batch: 562 − 8(k + 1) < 92.1 at k = 58, 18 Jun, reorder by 4 Apr: order now)
    assert (plan["on_order"], plan["order_now"], plan["reorder_by"]) == (270, False, date(2026, 5, 8))


def test_the_demo_lists_only_the_skus_its_open_orders_do_not_cover(demo_warehouse_file):
    """The demo had no batch ordered at the end of its data (each batch was written once it arrived): 30 of its 31
    SKUs read "at stock-out risk". Its batch sheet now lists what the seller has ordered (at sea, packed at the
    Shenzhen DC, in production: warehouse/demo_gen/open_orders.py); every SKU left at risk is one whose stock and
    open orders run out before a reorder placed now could arrive."""
    import duckdb

    from metrics.core import api

    con = duckdb.connect(str(demo_warehouse_file), read_only=True)
    try:
        last = api.data_bounds(con)["last"]
        rows = api.inventory_status(con, last, api.Filters(start=date(2026, 10, 22), end=last))
    finally:
        con.close()
    stock = rows.unique("sku")
    risks = set(stock.filter(pl.col("stockout_risk"))["sku"])
    # 11 of 31 on 20 Nov 2026 (the story's CAM-5K-PRO, no sea batch since October, and the charger that runs out
    # in December among them); before: 30
    assert stock.height == 31 and len(risks) == 11, sorted(risks)
    assert {"CAM-5K-PRO", "CHG-DUAL", "CASE-SOFT"} <= risks
    # the best seller is covered by what it has on order (its batches at sea are Amazon's inbound)
    blk = stock.filter(pl.col("sku") == "CAM-4K-BLK").row(0, named=True)
    assert blk["on_order"] > 0 and not blk["stockout_risk"]
    assert rows.filter(pl.col("sku") == "CAM-4K-BLK")["inbound"].sum() > 0
