"""The shared stock outlook (`metrics.planning.stockout`) by hand: out since, stock-out date, capped cover, extra units, and
the same date through Reorder planning's `plan_sku`."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.planning.reorder import LeadTime, plan_sku
from metrics.planning.stockout import prepare, sku_outlook, stockout_index

TODAY = date(2026, 11, 21)
STOCK = pl.DataFrame(
    {
        "sku": ["S1", "S2", "S3", "S4", "S5"],
        "available": [10, 0, 1000, 5, 0],
        "inbound": [5, 20, 0, 0, 0],
        "out_since": [None, date(2026, 10, 5), None, None, None],
    }
)
FORECASTS = pl.DataFrame(
    {"sku": ["S1", "S2", "S3", "S5"], "units": [[3.0] * 365, [2.0] * 365, [1.0] * 365, [1.0] * 365]}
)  # S4 has no sales history


def test_outlook_by_hand():
    rows = {r["sku"]: r for r in sku_outlook(None, STOCK, TODAY, forecasts=FORECASTS).iter_rows(named=True)}
    # S1: 10 + 5 − 3(k+1) < 0 first at k = 5 (18 > 15) → 26 Nov, 5 days of cover
    assert rows["S1"]["stockout_date"] == date(2026, 11, 26) and rows["S1"]["days_of_cover"] == 5
    assert rows["S1"]["out_of_stock"] is False and rows["S1"]["demand_per_day"] == 3.0
    # S2: nothing available (20 inbound do not make it sellable): out of stock since 5 Oct, not "runs out later"
    assert rows["S2"]["out_of_stock"] and rows["S2"]["stockout_date"] == date(2026, 10, 5)
    assert rows["S2"]["out_since"] == date(2026, 10, 5) and rows["S2"]["days_of_cover"] == 0
    # S3: 1,000 units at 1 a day last past the 365-day horizon → capped ("> 365 days"), no date
    assert rows["S3"]["stockout_date"] is None and rows["S3"]["cover_capped"] and rows["S3"]["days_of_cover"] is None
    # S4: no sales history → never runs out; S5: out with no known start → out since today
    assert rows["S4"]["stockout_date"] is None and rows["S4"]["cover_capped"]
    assert rows["S5"]["stockout_date"] == TODAY


def test_extra_units_and_the_reorder_plan_agree():
    more = sku_outlook(None, STOCK, TODAY, forecasts=FORECASTS, extra_per_day={"S1": 2.0})
    # S1 selling 3 + 2 a day: 15 − 5(k+1) < 0 first at k = 3 → 24 Nov
    assert more.filter(pl.col("sku") == "S1")["stockout_date"].item() == date(2026, 11, 24)
    m = prepare(STOCK, FORECASTS)
    assert stockout_index(m)[m.skus.index("S1")] == 5
    assert stockout_index(m, days=5)[m.skus.index("S1")] == -1  # only the first 5 days (indices 0…4) looked at
    # Reorder planning computes the same date for the same stock and forecast
    lead = LeadTime(production_days=10, first_mile_days=8, receiving_days=2)
    assert plan_sku([3.0] * 365, 10, 5, lead, TODAY, sigma_d=0.0)["stockout_date"] == date(2026, 11, 26)
    gone = plan_sku([2.0] * 365, 0, 20, lead, TODAY, sigma_d=0.0, out_since=date(2026, 10, 5))
    assert gone["stockout_date"] == date(2026, 10, 5) and gone["order_now"]
    assert gone["arrival"] == TODAY + timedelta(days=20)


def test_out_since_from_real_stock_reports(wh):
    from metrics.core.history import stock_position

    # Z: 7 at Shenzhen + 4 at Dongguan on 1 Mar; the 15 Mar counts show Shenzhen at 0 and Dongguan without Z (a SKU
    # missing from a later count of its location has 0 there). Y keeps 5 at Dongguan.
    csv = (
        "Snapshot date,Warehouse,Master SKU,Units\n"
        "2026-03-01,Shenzhen,Z,7\n2026-03-01,Dongguan,Z,4\n2026-03-01,Dongguan,Y,5\n"
        "2026-03-15,Shenzhen,Z,0\n2026-03-15,Dongguan,Y,5\n"
    )
    assert wh.ingest_bytes(csv.encode(), "own_stock_march.csv").ok
    pos = {r["sku"]: r for r in stock_position(wh.con, date(2026, 3, 31)).iter_rows(named=True)}
    # Z held 11 units through 14 Mar and none from 15 Mar on → out of stock since 15 Mar
    assert pos["Z"]["available"] == 0 and pos["Z"]["out_since"] == date(2026, 3, 15)
    assert pos["Y"]["available"] == 5 and pos["Y"]["out_since"] is None
    out = sku_outlook(None, pl.DataFrame(list(pos.values())), date(2026, 4, 1), forecasts=FORECASTS.head(0))
    assert out.filter(pl.col("sku") == "Z")["stockout_date"].item() == date(2026, 3, 15)


def test_an_order_placed_now_arrives_lead_time_after_the_order_day():
    """The what-if's stock-out box: a SKU counts when it runs out before an order placed now arrives. Stock from
    21 Nov (data to 20 Nov), lead time 20 days, read on 2 Dec: the order arrives 2 Dec + 20 = 22 Dec; S selling 3 a
    day from 40 units runs out when 40 − 3(k+1) < 0, k = 13 → 4 Dec. The line says "arrives Dec 22, 2026"
    (21 Nov + 20 = 11 Dec before)."""
    from metrics.whatif.ads import stockout_warnings
    from ui import format as fmt
    from ui.i18n import tr
    from ui.whatif_stock import stock_lines

    stock = pl.DataFrame({"sku": ["S"], "available": [40], "inbound": [0], "out_since": [None], "lead_days": [20]},
                         schema_overrides={"out_since": pl.Date})  # fmt: skip
    forecasts = pl.DataFrame({"sku": ["S"], "units": [[3.0] * 365]})
    pred = pl.DataFrame({"sku": ["S"], "extra_units_day": [0.0]})
    now = date(2026, 12, 2)
    got = stockout_warnings(pred, stock, forecasts, TODAY, order_day=now)
    assert got.rows() == [("S", date(2026, 12, 4), date(2026, 12, 4), 40, 20)]
    for lg in ("zh", "en"):
        (line,) = stock_lines(got, now, lg)
        d, arr = fmt.day(date(2026, 12, 4), lg), fmt.day(date(2026, 12, 22), lg)
        assert line == ("S", tr("wa_stockout_line", lg, sku="S", d=d, d0=d, arr=arr))
    # a stock-out after the old arrival (11 Dec) but before the new one (22 Dec) is in the box only when counted
    # from the order day: 60 units at 3 a day → 60 − 3(k+1) < 0 first at k = 20 → 21 Nov + 20 = 11 Dec
    more = stock.with_columns(available=pl.lit(60, dtype=pl.Int64))
    assert stockout_warnings(pred, more, forecasts, TODAY)["sku"].to_list() == []
    assert stockout_warnings(pred, more, forecasts, TODAY, order_day=now)["stockout_date"].to_list() == [
        date(2026, 12, 11)
    ]
