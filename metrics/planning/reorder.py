"""Reorder planning: lead times, a seasonal demand forecast, safety stock, reorder-by dates and quantities.

Model and assumptions (shown on the page):
- lead time = production + first-mile (sea / air / rail) + receiving days, per SKU and lane, with a standard
  deviation σ_LT in days;
- demand forecast for a future day t = the SKU's in-stock daily sales around the same weekday last year
  (t − 364 days, 7-day centred mean) × the recent trend (in-stock daily sales over the last `window` days ÷ the
  same days last year); without last year's data, the recent in-stock velocity, flat. Stock-out days are left
  out of every velocity (a day with no stock says nothing about demand) — `metrics.planning.forecast`;
- safety stock = z · √(LT · σ_d² + d² · σ_LT²), z the normal quantile of the service level, d and σ_d the mean and
  standard deviation of daily demand, LT in days;
- the order must arrive on the first day the projected stock (on hand + inbound + units on order arrived by then −
  forecast) falls below the safety stock; reorder-by = that day − lead time. Quantity = forecast demand over
  `cover_days` after arrival + safety stock − projected stock at arrival − units on order arriving in those
  `cover_days`, raised to the MOQ and rounded up to whole cases. Units on order are the seller's open purchase
  batches, each counted from its expected arrival date (`metrics.planning.on_order`: how a batch counts once).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import NormalDist

import numpy as np
import polars as pl

from metrics.planning.stockout import stockout_day


@dataclass(frozen=True)
class LeadTime:
    """Lead time of one SKU on one lane, in days."""

    production_days: int
    first_mile_days: int
    receiving_days: int
    sd_days: float = 0.0
    lane: str = "sea"

    @property
    def total(self) -> int:
        return self.production_days + self.first_mile_days + self.receiving_days


def lead_row(lead_times: pl.DataFrame, sku: str, lane: str | None = None) -> dict | None:
    """Returns the SKU's lead-time row on `lane` (or its preferred lane); '*' rows are the default for every SKU."""
    for key in (sku, "*"):
        rows = lead_times.filter(pl.col("master_sku") == key)
        rows = rows.filter(pl.col("lane") == lane) if lane else rows.sort("is_preferred", descending=True)
        if rows.height:
            return rows.row(0, named=True)
    return None


def lead_time_for(lead_times: pl.DataFrame, sku: str, lane: str | None = None) -> LeadTime | None:
    """Returns the SKU's LeadTime on `lane` (or its preferred lane), from `lead_row`."""
    return _lead_time(lead_row(lead_times, sku, lane))


def lead_rows_for(lead_times: pl.DataFrame, skus: list[str], lane: str | None = None) -> dict[str, dict | None]:
    """Returns {sku: `lead_row`} for many SKUs, looking the '*' default up once instead of once per SKU (2,000 SKUs
    that share the default took ~1 s one by one)."""
    own = set(lead_times["master_sku"].to_list())
    default = lead_row(lead_times, "*", lane)
    return {s: lead_row(lead_times, s, lane) if s in own else default for s in skus}


def _lead_time(r: dict | None) -> LeadTime | None:
    if r is None:
        return None
    return LeadTime(r["production_days"], r["first_mile_days"], r["receiving_days"], r["lead_time_sd_days"], r["lane"])


def lead_times_for(lead_times: pl.DataFrame, skus: list[str], lane: str | None = None) -> dict[str, LeadTime | None]:
    """Returns {sku: LeadTime} for many SKUs (`lead_rows_for`)."""
    return {s: _lead_time(r) for s, r in lead_rows_for(lead_times, skus, lane).items()}


@functools.lru_cache(maxsize=64)
def z_for(service_level: float) -> float:
    """Returns the standard normal quantile for a cycle service level (0.95 → 1.645)."""
    return NormalDist().inv_cdf(service_level)


def safety_stock(service_level: float, lt_days: float, sigma_d: float, d: float, sigma_lt: float) -> float:
    """Returns z·√(LT·σ_d² + d²·σ_LT²) units."""
    return z_for(service_level) * math.sqrt(lt_days * sigma_d**2 + d**2 * sigma_lt**2)


def round_quantity(need: float, moq: int, case_pack: int) -> int:
    """Returns the order quantity: at least the MOQ, rounded up to whole cases (0 when nothing is needed)."""
    if need <= 0:
        return 0
    q = max(need, moq or 0)
    pack = max(int(case_pack or 1), 1)
    return int(math.ceil(round(q, 9) / pack) * pack)


def plan_sku(
    daily_forecast: list[float] | np.ndarray,
    on_hand: float,
    inbound: float,
    lead: LeadTime,
    today: date,
    *,
    sigma_d: float,
    service_level: float = 0.95,
    moq: int = 0,
    case_pack: int = 1,
    cover_days: int = 60,
    out_since: date | None = None,
    order_day: date | None = None,
    on_order=None,
) -> dict:
    """Returns the SKU's plan: safety_stock, stockout_date, need_by, reorder_by, order_now, overdue_days, arrival,
    quantity.

    `daily_forecast[i]` is the forecast for today + i; dates beyond the horizon are None. stockout_date comes from
    `metrics.planning.stockout.stockout_day` (the date shared with Inventory, the what-if and the meeting; `out_since` when
    the SKU is already out). When the order should have been placed before today, `order_now` is True,
    reorder_by is that missed date (a seller sees which day it was), overdue_days says by how much, and arrival is
    the earliest possible one (order day + lead time), which may fall after the stock-out date. reorder_by is None
    only when no order is needed in the horizon.

    `today` is the stock's first projected day (the day after the stock data); `order_day` the day an order placed
    now is placed (`metrics.core.clock.order_day`: the clock's date, later than `today` when the data is a few days
    old), default `today`, never before it. "Order now", days overdue and the earliest arrival count from it.
    `on_order[i]`: units of open purchase batches arriving on today + i (none when None).
    """
    f = np.asarray(daily_forecast, dtype=float)
    lt = lead.total
    d = float(f[:lt].mean()) if lt and f.size else float(f.mean() if f.size else 0.0)
    ss = safety_stock(service_level, lt, sigma_d or 0.0, d, lead.sd_days)
    arriving = np.zeros(f.size)
    if on_order is not None:
        a = np.asarray(on_order, dtype=float)[: f.size]
        arriving[: a.size] = a
    stock_after = on_hand + inbound + np.cumsum(arriving) - np.cumsum(f)  # stock at the end of day i
    low = np.nonzero(stock_after < ss)[0]
    out_day = stockout_day(f, on_hand, inbound, today, out_since=out_since, on_order=arriving)
    plan = {"safety_stock": ss, "lead_time_days": lt, "demand_per_day": d, "stockout_date": out_day}
    plan |= {"need_by": None, "reorder_by": None, "order_now": False, "overdue_days": 0, "arrival": None}
    plan["quantity"] = 0
    if not low.size:
        return plan
    now = max(order_day or today, today)
    need_by = today + timedelta(days=int(low[0]))
    reorder_by = need_by - timedelta(days=lt)
    overdue = max((now - reorder_by).days, 0)
    arrival = max(reorder_by, now) + timedelta(days=lt)
    a = (arrival - today).days  # forecast days from the stock's day to the arrival
    at_arrival = on_hand + inbound + float(arriving[:a].sum()) - float(f[:a].sum())  # at the arrival day's start
    # units on order arriving with or after this order, within the days it covers, cover that demand too
    need = float(f[a : a + cover_days].sum()) + ss - max(at_arrival, 0.0) - float(arriving[a : a + cover_days].sum())
    plan.update(
        need_by=need_by,
        reorder_by=reorder_by,  # the last day to order: past (by overdue_days) when it is an order to place now
        order_now=reorder_by <= now,
        overdue_days=overdue,
        arrival=arrival,
        quantity=round_quantity(need, moq, case_pack),
    )
    return plan


def peak_check(event_start: date, event_end: date, lead: LeadTime, *, pre_event_days: int = 30) -> dict[str, date]:
    """Returns the dates stock for an event must be sellable, at the overseas warehouse and ordered by.

    sellable_by = event start − `pre_event_days` (stock sells through the run-up, and ranking needs it in stock);
    at_warehouse_by = sellable_by − receiving days; order_by = at_warehouse_by − first-mile − production days.
    """
    sellable_by = event_start - timedelta(days=pre_event_days)
    at_warehouse_by = sellable_by - timedelta(days=lead.receiving_days)
    ship_by = at_warehouse_by - timedelta(days=lead.first_mile_days)
    order_by = ship_by - timedelta(days=lead.production_days)
    return {
        "sellable_by": sellable_by,
        "at_warehouse_by": at_warehouse_by,
        "ship_by": ship_by,
        "order_by": order_by,
        "event_end": event_end,
    }


def peak_quantity(
    daily_forecast: list[float] | np.ndarray,
    on_hand: float,
    inbound: float,
    today: date,
    dates: dict[str, date],
    safety: float,
    moq: int = 0,
    case_pack: int = 1,
) -> int:
    """Returns the units to order for an event: forecast from sellable_by to the event's end + safety stock −
    projected stock at sellable_by, rounded to MOQ and cases (0 when the stock already covers it)."""  # fmt: skip
    f = np.asarray(daily_forecast, dtype=float)
    s = max((dates["sellable_by"] - today).days, 0)
    e = (dates["event_end"] - today).days + 1
    return peak_quantity_from_sums(float(f[:s].sum()), float(f[s:e].sum()), on_hand, inbound, safety, moq, case_pack)


def peak_quantity_from_sums(
    before: float, during: float, on_hand: float, inbound: float, safety: float, moq: int = 0, case_pack: int = 1
) -> int:
    """Returns `peak_quantity` from the forecast summed before sellable_by (`before`) and from sellable_by to the
    event's end (`during`)."""
    projected = max(on_hand + inbound - (before or 0.0), 0.0)
    return round_quantity((during or 0.0) + safety - projected, moq, case_pack)


def due_now(plan: pl.DataFrame) -> pl.DataFrame:
    """Returns the rows of a reorder plan (`metrics.planning.plan.reorder_plan`) whose order is due now
    (`order_now`), soonest expected stock-out first (SKUs already out first, by the day they ran out), then the
    earliest arrival, then the SKU; rows without a stock-out date last. Same columns as `plan`."""
    return plan.filter(pl.col("order_now")).sort(["stockout_date", "arrival", "sku"], nulls_last=True)
