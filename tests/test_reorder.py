"""Reorder planning worked by hand: forecast with trend and stock-out exclusion, safety stock, dates, quantities."""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl
import pytest

from metrics.planning.forecast import forecast
from metrics.planning.reorder import (
    LeadTime,
    lead_time_for,
    lead_times_for,
    peak_check,
    peak_quantity,
    plan_sku,
    round_quantity,
    safety_stock,
)

TODAY = date(2026, 6, 1)


def _days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


def _history() -> pl.DataFrame:
    rows = []
    for d in _days(date(2025, 5, 5), date(2025, 8, 31)):
        out = d == date(2025, 6, 12)  # a stock-out day last year: 0 sold, excluded
        rows.append(("S", d, 0 if out else (10 if d < date(2025, 6, 2) else 20), not out))
    for d in _days(date(2026, 5, 4), date(2026, 5, 31)):
        out = d.day in (10, 11, 12, 13)  # four stock-out days this May: excluded from velocity
        rows.append(("S", d, 0 if out else 15, not out))
        rows.append(("N", d, 4, True))  # a new SKU: no history last year
    return pl.DataFrame(rows, schema=["sku", "date", "units", "in_stock"], orient="row")


def test_forecast_is_last_year_scaled_by_trend():
    fc = forecast(_history(), TODAY, 30)
    s = {r["date"]: r for r in fc.filter(pl.col("sku") == "S").iter_rows(named=True)}
    # trend = 15 (in-stock days of 4–31 May 2026) / 10 (5 May – 1 Jun 2025) = 1.5
    # 10 Jun 2026 − 364 = 11 Jun 2025; 8–14 Jun 2025 in stock = 20/day (12 Jun out, excluded) → 20·1.5 = 30
    assert s[date(2026, 6, 10)]["units"] == pytest.approx(30.0)
    assert s[date(2026, 6, 10)]["method"] == "last_year_x_trend"
    # 1 Jun 2026 − 364 = 2 Jun 2025; 30 May – 5 Jun 2025 = (3·10 + 4·20)/7 = 110/7 → ·1.5 = 23.571
    assert s[TODAY]["units"] == pytest.approx(110 / 7 * 1.5)
    n = fc.filter(pl.col("sku") == "N")
    assert n["units"].to_list() == [4.0] * 30 and n["method"][0] == "recent_velocity"


def test_safety_stock_formula():
    # z(95 %) = 1.644854; √(20·2² + 5²·3²) = √305 = 17.4642 → 28.726
    assert safety_stock(0.95, 20, 2.0, 5.0, 3.0) == pytest.approx(1.6448536 * math.sqrt(305))
    assert safety_stock(0.95, 20, 2.0, 5.0, 0.0) == pytest.approx(1.6448536 * math.sqrt(80))


LEAD = LeadTime(production_days=10, first_mile_days=8, receiving_days=2)  # 20 days, σ_LT 0


def test_plan_by_hand():
    p = plan_sku([5.0] * 120, 200, 0, LEAD, TODAY, sigma_d=2.0, moq=250, case_pack=24)
    ss = 1.6448536 * math.sqrt(80)  # 14.712
    assert p["safety_stock"] == pytest.approx(ss)
    # end of day k: 200 − 5(k+1) < 14.712 first at k = 37 → needed by 8 Jul; order 20 days before: 18 Jun
    assert p["need_by"] == date(2026, 7, 8) and p["reorder_by"] == date(2026, 6, 18) and p["overdue_days"] == 0
    # 200 − 5(k+1) < 0 first at k = 40 → 11 Jul
    assert p["stockout_date"] == date(2026, 7, 11)
    # at arrival 200 − 37·5 = 15; need 60·5 + 14.712 − 15 = 299.71 → ≥ MOQ 250 → 13 cases of 24 = 312
    assert p["quantity"] == 312


def test_plan_overdue_and_moq():
    p = plan_sku([5.0] * 120, 100, 0, LEAD, TODAY, sigma_d=2.0, moq=400, case_pack=24)
    # 100 − 5(k+1) < 14.712 first at k = 17 → need by 18 Jun, reorder by 29 May: 3 days late → order now, the
    # missed reorder-by date shown; earliest arrival 1 Jun + 20 = 21 Jun, after the stock-out: 100 − 5(k+1) < 0 at k = 20
    assert p["overdue_days"] == 3 and p["order_now"] and p["reorder_by"] == date(2026, 5, 29)
    assert p["arrival"] == date(2026, 6, 21) and p["stockout_date"] == date(2026, 6, 21)
    # at arrival 100 − 100 = 0; need 300 + 14.712 = 314.7 → MOQ 400 → 17 cases of 24 = 408
    assert p["quantity"] == 408
    assert plan_sku([1.0] * 30, 500, 0, LEAD, TODAY, sigma_d=0.0)["reorder_by"] is None


def test_rounding():
    assert round_quantity(299.7, 250, 24) == 312
    assert round_quantity(10, 0, 1) == 10
    assert round_quantity(-5, 100, 10) == 0


def test_peak_check_black_friday():
    lead = LeadTime(production_days=30, first_mile_days=35, receiving_days=14)
    dates = peak_check(date(2026, 11, 20), date(2026, 11, 30), lead)
    # sellable 30 days before 20 Nov = 21 Oct; − 14 receiving = 7 Oct; − 35 sea = 2 Sep; − 30 production = 3 Aug
    assert dates["sellable_by"] == date(2026, 10, 21)
    assert dates["at_warehouse_by"] == date(2026, 10, 7)
    assert dates["order_by"] == date(2026, 8, 3)
    # today 1 Aug: stock 300 lasts 60 days < 81 days to 21 Oct → 0 left; 21 Oct – 30 Nov = 41 days · 5 = 205
    # + safety 15 = 220 → 19 cases of 12 = 228
    q = peak_quantity([5.0] * 150, 200, 100, date(2026, 8, 1), dates, 15.0, case_pack=12)
    assert q == 228


def test_lead_time_lookup_falls_back_to_default_row():
    lt = pl.DataFrame(
        {
            "master_sku": ["*", "S", "S"],
            "lane": ["sea", "sea", "air"],
            "production_days": [30, 20, 20],
            "first_mile_days": [35, 30, 7],
            "receiving_days": [10, 10, 5],
            "lead_time_sd_days": [5.0, 4.0, 1.0],
            "is_preferred": [True, False, True],
        }
    )
    assert lead_time_for(lt, "S").lane == "air" and lead_time_for(lt, "S").total == 32
    assert lead_time_for(lt, "S", "sea").total == 60
    assert lead_time_for(lt, "X").total == 75
    # many SKUs at once: own rows where they exist (S by air: 20 + 7 + 5 = 32), the '*' default otherwise (75)
    many = lead_times_for(lt, ["S", "X", "Y"])
    assert {k: v.total for k, v in many.items()} == {"S": 32, "X": 75, "Y": 75}
    assert lead_times_for(lt, ["S"], "sea")["S"].total == 60


def test_reorder_plan_for_every_sku():
    from metrics.planning.plan import peak_plan, reorder_plan

    hist = pl.DataFrame(
        [("S", TODAY - timedelta(days=i), 5, True) for i in range(1, 29)],
        schema=["sku", "date", "units", "in_stock"],
        orient="row",
    )
    stock = pl.DataFrame({"sku": ["S"], "available": [150], "inbound": [50]})
    lt = pl.DataFrame({"master_sku": ["*"], "lane": ["sea"], "production_days": [10], "first_mile_days": [8],
                       "receiving_days": [2], "lead_time_sd_days": [0.0], "moq": [250], "case_pack": [24],
                       "service_level": [0.95], "is_preferred": [True]})  # fmt: skip
    row = reorder_plan(hist, stock, lt, TODAY).row(0, named=True)
    # flat 5/day, σ_d = 0 → safety 0; 200 − 5(k+1) < 0 first at k = 40 → out 11 Jul, order by 21 Jun (−20 days)
    assert row["safety_stock"] == pytest.approx(0.0) and row["stockout_date"] == date(2026, 7, 11)
    assert row["reorder_by"] == date(2026, 6, 21) and row["arrival"] == date(2026, 7, 11)
    # need 60·5 = 300 (nothing left at arrival) → ≥ MOQ 250 → 13 cases of 24 = 312
    assert row["quantity"] == 312 and row["method"] == "recent_velocity"
    peak = peak_plan(hist, stock, lt, TODAY, date(2026, 11, 20), date(2026, 11, 30)).row(0, named=True)
    # sellable 21 Oct (30 days before) → at warehouse 19 Oct (−2) → order 1 Oct (−8 −10)
    assert (peak["at_warehouse_by"], peak["order_by"], peak["late"]) == (date(2026, 10, 19), date(2026, 10, 1), False)
    # 1 Jun → 21 Oct = 142 days; stock 200 gone; 21 Oct – 30 Nov = 41 days · 5 = 205 → MOQ 250 → 11 cases = 264
    assert peak["quantity"] == 264


def test_due_now_lists_soonest_stockout_first():
    # reorder_plan orders by days overdue (A 10, B 2, D 0); the page's lines show stock-out dates, so the list reads
    # by that date: D (out since 1 Nov), then B (5 Dec), then A (20 Dec); C is not due; E is due without a date
    from metrics.planning.plan import PLAN_SCHEMA
    from metrics.planning.reorder import due_now

    def row(sku, now, overdue, out):
        return {
            "sku": sku,
            "order_now": now,
            "overdue_days": overdue,
            "stockout_date": out,
            "arrival": date(2027, 1, 5),
        }

    rows = [row("A", True, 10, date(2026, 12, 20)), row("B", True, 2, date(2026, 12, 5)),
            row("C", False, 0, date(2026, 11, 20)), row("D", True, 0, date(2026, 11, 1)), row("E", True, 30, None)]  # fmt: skip
    plan = pl.DataFrame([{c: r.get(c) for c in PLAN_SCHEMA} for r in rows], schema=PLAN_SCHEMA)
    assert due_now(plan)["sku"].to_list() == ["D", "B", "A", "E"]


def test_an_order_placed_now_counts_from_the_clock_not_the_data_end():
    """Data to 31 May (stock projected from E + 1 = 1 Jun = TODAY), lead time L = 20 days. Read on 12 Jun (clock C
    later than E + 1): an order placed now is placed 12 Jun and arrives C + L = 2 Jul, not 1 Jun + 20 = 21 Jun. Read
    with the clock behind the data (20 May): it cannot be placed before E + 1, so 1 Jun + 20 = 21 Jun."""
    from metrics.core.clock import order_day
    from metrics.planning.plan import peak_plan, reorder_plan

    end = date(2026, 5, 31)
    late, early = date(2026, 6, 12), date(2026, 5, 20)
    assert order_day(late, end) == late and order_day(early, end) == TODAY and order_day(late, None) == late
    p = plan_sku([5.0] * 120, 100, 0, LEAD, TODAY, sigma_d=2.0, moq=400, case_pack=24, order_day=order_day(late, end))
    # reorder by 29 May (test_plan_overdue_and_moq) → on 12 Jun 14 days overdue; arrival 12 Jun + 20 = 2 Jul; the
    # stock-out stays 21 Jun (projected from the stock's day); need 60·5 + 14.712 − 0 → MOQ 400 → 17 cases = 408
    assert p["order_now"] and p["reorder_by"] == date(2026, 5, 29) and p["overdue_days"] == 14
    assert p["arrival"] == date(2026, 7, 2) and p["stockout_date"] == date(2026, 6, 21) and p["quantity"] == 408
    p = plan_sku([5.0] * 120, 100, 0, LEAD, TODAY, sigma_d=2.0, moq=400, case_pack=24, order_day=order_day(early, end))
    assert p["arrival"] == date(2026, 6, 21) and p["overdue_days"] == 3  # 1 Jun + 20; 1 Jun − 29 May
    # a reorder-by date between the data end and the clock is due now: 200 units, 5/day, σ 0 → order by 21 Jun
    # (test_reorder_plan_for_every_sku); on 25 Jun it is 4 days overdue and arrives 25 Jun + 20 = 15 Jul
    hist = pl.DataFrame([("S", TODAY - timedelta(days=i), 5, True) for i in range(1, 29)],
                        schema=["sku", "date", "units", "in_stock"], orient="row")  # fmt: skip
    stock = pl.DataFrame({"sku": ["S"], "available": [150], "inbound": [50]})
    lt = pl.DataFrame({"master_sku": ["*"], "lane": ["sea"], "production_days": [10], "first_mile_days": [8],
                       "receiving_days": [2], "lead_time_sd_days": [0.0], "moq": [250], "case_pack": [24],
                       "service_level": [0.95], "is_preferred": [True]})  # fmt: skip
    row = reorder_plan(hist, stock, lt, TODAY, order_day=date(2026, 6, 25)).row(0, named=True)
    assert (row["order_now"], row["overdue_days"], row["arrival"]) == (True, 4, date(2026, 7, 15))
    # a peak order-by date (1 Oct) is late once the order day is past it, whatever the data's end
    peak = peak_plan(hist, stock, lt, TODAY, date(2026, 11, 20), date(2026, 11, 30), order_day=date(2026, 10, 2))
    assert peak.row(0, named=True)["late"]
