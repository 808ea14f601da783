"""Returns the reorder plan and the peak-season check for every SKU (metrics.planning.reorder applied SKU by SKU)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.planning.forecast import forecast
from metrics.planning.on_order import arrival_days
from metrics.planning.reorder import (
    LeadTime,
    lead_rows_for,
    peak_check,
    peak_quantity_from_sums,
    plan_sku,
    safety_stock,
)

PLAN_SCHEMA = {
    "sku": pl.String, "lane": pl.String, "lead_time_days": pl.Int64, "available": pl.Int64, "inbound": pl.Int64,
    "on_order": pl.Int64,
    "demand_per_day": pl.Float64, "safety_stock": pl.Float64, "stockout_date": pl.Date, "reorder_by": pl.Date,
    "order_now": pl.Boolean, "overdue_days": pl.Int64, "arrival": pl.Date, "quantity": pl.Int64, "method": pl.String,
}  # fmt: skip


def plan_inputs(history: pl.DataFrame, stock: pl.DataFrame, today: date, horizon: int):
    """Returns (per-SKU forecast lists, stock position) for `horizon` days from `today`: the costly part of a plan
    (the forecast), worth keeping when only a plan parameter such as the pre-event days changes."""
    fc = forecast(history, today, horizon)
    per_sku = fc.group_by("sku", maintain_order=True).agg(
        units=pl.col("units"), sigma_d=pl.col("sigma_d").first(), method=pl.col("method").first()
    )
    pos = {
        r["sku"]: (r["available"] or 0, r["inbound"] or 0, arrival_days(r.get("arrivals"), horizon))
        for r in stock.iter_rows(named=True)
    }
    return per_sku, pos


def _out_since(stock: pl.DataFrame) -> dict:
    return dict(zip(stock["sku"], stock["out_since"])) if "out_since" in stock.columns else {}


def reorder_plan(
    history: pl.DataFrame,
    stock: pl.DataFrame,
    lead_times: pl.DataFrame,
    today: date,
    *,
    horizon: int = 365,
    cover_days: int = 60,
    lane: str | None = None,
    order_day: date | None = None,
) -> pl.DataFrame:
    """Returns one row per SKU with history: lane, lead time, stock, demand per day (next lead time), safety
    stock, projected stock-out date, reorder-by date, days overdue, arrival and order quantity (MOQ, cases).
    Stock is projected from `today` (the day after the stock data); an order placed now is placed on `order_day`
    (`metrics.core.clock.order_day`, default `today`: `plan_sku`).

    `history`: sku, date, units, in_stock; `stock`: sku, available, inbound and optionally out_since, on_order and
    arrivals (`metrics.core.history.stock_position`: open purchase batches, counted from their arrival);
    `lead_times`: app.lead_times rows.
    """
    per_sku, pos = plan_inputs(history, stock, today, horizon)
    leads = lead_rows_for(lead_times, per_sku["sku"].to_list(), lane)
    since = _out_since(stock)
    on_orders = dict(zip(stock["sku"], stock["on_order"])) if "on_order" in stock.columns else {}
    rows = []
    for r in per_sku.iter_rows(named=True):
        lt = leads[r["sku"]]
        if lt is None:
            continue
        lead = LeadTime(lt["production_days"], lt["first_mile_days"], lt["receiving_days"], lt["lead_time_sd_days"],
                        lt["lane"])  # fmt: skip
        avail, inbound, arriving = pos.get(r["sku"], (0, 0, None))
        p = plan_sku(r["units"], avail, inbound, lead, today, sigma_d=r["sigma_d"] or 0.0,
                     service_level=lt["service_level"], moq=lt["moq"], case_pack=lt["case_pack"],
                     cover_days=cover_days, out_since=since.get(r["sku"]), order_day=order_day,
                     on_order=arriving)  # fmt: skip
        on_order = int(on_orders.get(r["sku"]) or 0)
        rows.append({"sku": r["sku"], "lane": lead.lane, "lead_time_days": lead.total, "available": avail,
                     "inbound": inbound, "on_order": on_order, "method": r["method"],
                     **{k: p[k] for k in PLAN_SCHEMA if k in p}})  # fmt: skip
    # orders due now first, soonest stock-out first (the order of the page's order-now list, reorder.due_now), then
    # by reorder-by date; SKUs with nothing to order last
    plan = pl.DataFrame(rows, schema=PLAN_SCHEMA)
    first = plan.filter(pl.col("order_now")).sort(["stockout_date", "arrival", "sku"], nulls_last=True)
    rest = plan.filter(~pl.col("order_now")).sort(["reorder_by", "sku"], nulls_last=True)
    return pl.concat([first, rest])


def peak_horizon(today: date, event_end: date) -> int:
    """Returns the forecast horizon a peak check needs: through the event's last day."""
    return max((event_end - today).days + 1, 1)


def peak_plan(
    history: pl.DataFrame,
    stock: pl.DataFrame,
    lead_times: pl.DataFrame,
    today: date,
    event_start: date,
    event_end: date,
    *,
    pre_event_days: int = 30,
    lane: str | None = None,
    inputs: tuple | None = None,
    order_day: date | None = None,
) -> pl.DataFrame:
    """Returns per SKU the dates stock for the event must be sellable / at the overseas warehouse / ordered by,
    whether that order date has passed (`late`), and the units to order for it (MOQ and cases applied).

    `inputs`: `plan_inputs(history, stock, today, peak_horizon(today, event_end))` computed earlier (optional);
    `order_day`: the day an order placed now is placed (default `today`): an order-by date before it is late."""
    per_sku, pos = inputs or plan_inputs(history, stock, today, peak_horizon(today, event_end))
    leads = lead_rows_for(lead_times, per_sku["sku"].to_list(), lane)
    now = max(order_day or today, today)
    # the forecast sums every SKU needs (the same window for all: today → sellable_by → event end), in one pass
    # instead of SKU by SKU in Python: `peak_quantity` on these sums
    s = max((event_start - timedelta(days=pre_event_days) - today).days, 0)
    e = (event_end - today).days + 1
    sums = per_sku.select(
        "sku",
        "sigma_d",
        d=pl.col("units").list.mean().fill_null(0.0),
        before=pl.col("units").list.head(s).list.sum(),
        during=pl.col("units").list.slice(s, max(e - s, 0)).list.sum(),
    )
    rows = []
    for r in sums.iter_rows(named=True):
        lt = leads[r["sku"]]
        if lt is None:
            continue
        lead = LeadTime(lt["production_days"], lt["first_mile_days"], lt["receiving_days"], lt["lead_time_sd_days"],
                        lt["lane"])  # fmt: skip
        dates = peak_check(event_start, event_end, lead, pre_event_days=pre_event_days)
        avail, inbound, arriving = pos.get(r["sku"], (0, 0, None))
        # units on order arriving before the stock must be sellable count as stock then (later ones miss the run-up)
        ready = float(arriving[:s].sum()) if arriving is not None else 0.0
        ss = safety_stock(lt["service_level"], lead.total, r["sigma_d"] or 0.0, r["d"], lead.sd_days)
        qty = peak_quantity_from_sums(r["before"], r["during"], avail, inbound + ready, ss, lt["moq"], lt["case_pack"])
        rows.append({"sku": r["sku"], "lane": lead.lane, **dates, "late": dates["order_by"] < now, "quantity": qty})
    schema = {"sku": pl.String, "lane": pl.String, "sellable_by": pl.Date, "at_warehouse_by": pl.Date,
              "ship_by": pl.Date, "order_by": pl.Date, "event_end": pl.Date, "late": pl.Boolean, "quantity": pl.Int64}  # fmt: skip
    return pl.DataFrame(rows, schema=schema).sort("order_by", "sku")
