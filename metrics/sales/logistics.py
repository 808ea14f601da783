"""Logistics cost share: what moving goods costs per unit of net sales, by marketplace and month.

logistics = first-mile freight in COGS (the batch's first-mile part of the units sold, `cogs_first_mile_base`)
          + fulfilment fees (FBA / platform fulfilment on order and refund lines, `fulfillment_fees_base`)
          + shipping services (Amazon "Buy Shipping" and similar service charges, money lines of that type)
          + 3PL / overseas-warehouse expenses (`marts.expense_days`, category warehouse_3pl; 0 when there is none)
logistics_share = logistics / net sales (ratio of sums; empty when net sales are 0). Costs are shown as positive
amounts in base currency; 3PL expenses without a marketplace are company-wide (marketplace `*`) and count only in
the total. The month is the calendar month of each fact's date on f's calendar (expenses by their own date).
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel

from metrics.core import query

PARTS = ("first_mile", "fulfilment", "shipping_services", "warehouse_3pl")
COMPANY_WIDE = "*"


def _has_expenses(cur) -> bool:
    return query.has_expenses(cur)


def _money_where(f) -> tuple[str, list]:
    day = "event_date" if f.calendar == "operational" else "posted_date"
    parts, params = [f"{day} between ? and ?"], [f.start, f.end]
    for column, value in (("channel", f.channel), ("marketplace", f.marketplace), ("store", f.store)):
        if value:
            parts.append(f"{column} = ?")
            params.append(value)
    return " and ".join(parts), params


def logistics_by_month(con, f) -> pl.DataFrame:
    """Returns one row per marketplace × month (`month` = first day) in f's period: net_sales, first_mile,
    fulfilment, shipping_services, warehouse_3pl, logistics (their sum; costs > 0) and logistics_share, base
    currency. SKU filters narrow first-mile and fulfilment only (shipping services and 3PL carry no SKU)."""
    cond, params = query.where(f, "sku_days")
    mcond, mparams = _money_where(f)
    day = "event_date" if f.calendar == "operational" else "posted_date"
    with query.cursor(con, f) as cur:
        frames = [
            cur.sql(
                "select marketplace, date_trunc('month', day)::DATE as month, sum(net_sales_base) as net_sales, "
                "sum(cogs_first_mile_base) as first_mile, -sum(fulfillment_fees_base) as fulfilment "
                f"from marts.sku_days where {cond} group by all",
                params=params,
            ).pl(),
            cur.sql(
                f"select marketplace, date_trunc('month', {day})::DATE as month, "
                "-sum(other_fees_base) as shipping_services from marts.money_lines "
                f"where txn_type = 'shipping_services' and {mcond} group by all",
                params=mparams,
            ).pl(),
        ]
        if _has_expenses(cur) and not f.channel and not f.store:
            econd = ["day between ? and ?", "category = 'warehouse_3pl'"]
            eparams: list = [f.start, f.end]
            if f.marketplace:
                econd.append("marketplace = ?")
                eparams.append(f.marketplace)
            frames.append(
                cur.sql(
                    f"select coalesce(marketplace, '{COMPANY_WIDE}') as marketplace, month::DATE as month, "
                    f"sum(amount_base) as warehouse_3pl from marts.expense_days where {' and '.join(econd)} "
                    "group by all",
                    params=eparams,
                ).pl()
            )
    out = frames[0]
    for extra in frames[1:]:
        out = out.join(extra, on=["marketplace", "month"], how="full", coalesce=True)
    for c in ("net_sales", *PARTS):
        if c not in out.columns:
            out = out.with_columns(pl.lit(0.0).alias(c))
    out = out.with_columns([pl.col(c).cast(pl.Float64).fill_null(0.0) for c in ("net_sales", *PARTS)])
    out = out.with_columns(pl.sum_horizontal(*PARTS).alias("logistics"))
    return _with_share(out).sort(["month", "marketplace"])


def _with_share(frame: pl.DataFrame) -> pl.DataFrame:
    share = pl.col("logistics") / pl.when(pl.col("net_sales") != 0).then(pl.col("net_sales"))
    return frame.with_columns(share.alias("logistics_share"))


def logistics_by_marketplace(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns `logistics_by_month`'s rows summed per marketplace (ratio of sums), largest net sales first."""
    if frame.is_empty():
        return frame.drop("month") if "month" in frame.columns else frame
    summed = frame.group_by("marketplace").agg(pl.col("net_sales", *PARTS, "logistics").sum())
    return _with_share(summed).sort(["net_sales", "marketplace"], descending=[True, False])


def logistics_total(frame: pl.DataFrame) -> dict:
    """Returns {net_sales, each part, logistics, logistics_share} over every row of `logistics_by_month`."""
    sums = {c: float(frame.get_column(c).sum()) if frame.height else 0.0 for c in ("net_sales", *PARTS, "logistics")}
    sums["logistics_share"] = sums["logistics"] / sums["net_sales"] if sums["net_sales"] else None
    return sums


class LogisticsRow(BaseModel):
    marketplace: str
    net_sales: float
    first_mile: float
    fulfilment: float
    shipping_services: float
    warehouse_3pl: float
    logistics: float
    logistics_share: float | None


class LogisticsSection(BaseModel):
    """The report's `logistics` section: logistics cost (first mile + fulfilment + shipping services + 3PL,
    positive, base currency) and its share of net sales, per marketplace and in total."""

    total: LogisticsRow
    marketplaces: list[LogisticsRow]


def report_section(con, f) -> LogisticsSection:
    """Returns the logistics section of `python -m metrics report` for f."""
    monthly = logistics_by_month(con, f)
    rows = [LogisticsRow(**r) for r in logistics_by_marketplace(monthly).iter_rows(named=True)]
    return LogisticsSection(total=LogisticsRow(marketplace="total", **logistics_total(monthly)), marketplaces=rows)


def meeting_supply_part(con, f) -> dict:
    """Returns what the meeting's supply-chain view adds: table `logistics_share` (per marketplace) and extra
    `logistics_share` (the total share of net sales)."""
    monthly = logistics_by_month(con, f)
    rows = logistics_by_marketplace(monthly).to_dicts()
    return {
        "tables": {"logistics_share": rows},
        "extra": {"logistics_share": logistics_total(monthly)["logistics_share"]},
    }
