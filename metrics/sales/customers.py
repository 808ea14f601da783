"""Customers where the channel names them (Shopify: buyer e-mail; TikTok Shop: buyer user name), by salted hash.

The warehouse holds only `customer_hash` (warehouse/core/customer_ids.py); no e-mail or name exists anywhere in it.
Definitions (cancelled orders excluded; an order = store × channel × order id in marts.customer_orders):
- customers = distinct buyers with ≥ 1 order in the period; orders = their orders in the period;
- repeat_rate = buyers with ≥ 2 orders in the period / customers;
- orders_per_customer = orders / customers;
- cohort = the month of a buyer's first order ever (in the channel data held); value of month k = the cohort's net
  sales (order lines' net sales incl. their refunds, base currency) in months 0..k after the first month, per
  cohort customer; `value_12m` = month 11's cumulative value, empty until 12 months of data have passed.
A buyer is counted per channel: the same person on Shopify and TikTok has two unrelated ids.
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel

from metrics.core import query

MONTHS = 12
COHORT_SCHEMA = {"cohort": pl.Date, "customers": pl.Int64, **{f"m{k}": pl.Float64 for k in range(MONTHS)},
                 "value_12m": pl.Float64}  # fmt: skip


def _where(f, alias: str = "o") -> tuple[str, list]:
    parts, params = [], []
    for column, value in (("channel", f.channel), ("marketplace", f.marketplace), ("store", f.store)):
        if value:
            parts.append(f"{alias}.{column} = ?")
            params.append(value)
    return (" and ".join(parts) or "true"), params


def summary(con, f) -> dict:
    """Returns {customers, orders, repeat_customers, repeat_rate, orders_per_customer} for f's period (ratios
    None without customers)."""
    cond, params = _where(f)
    with query.cursor(con, f) as cur:
        row = cur.sql(
            "select count(*)::BIGINT, coalesce(sum(n), 0)::BIGINT, count(*) filter (where n >= 2)::BIGINT from ("
            "select o.channel, o.customer_hash, count(*) as n from marts.customer_orders as o "
            f"where o.order_date between ? and ? and {cond} group by all)",
            params=[f.start, f.end, *params],
        ).fetchall()[0]
    customers, orders, repeat = (int(v) for v in row)
    return {
        "customers": customers, "orders": orders, "repeat_customers": repeat,
        "repeat_rate": repeat / customers if customers else None,
        "orders_per_customer": orders / customers if customers else None,
    }  # fmt: skip


def by_channel(con, f) -> pl.DataFrame:
    """Returns summary()'s figures per channel: channel, customers, orders, repeat_customers, repeat_rate,
    orders_per_customer."""
    rows = []
    for channel in ("shopify", "tiktok"):
        if f.channel and f.channel != channel:
            continue
        s = summary(con, f.model_copy(update={"channel": channel}))
        if s["customers"]:
            rows.append({"channel": channel, **s})
    schema = {"channel": pl.String, "customers": pl.Int64, "orders": pl.Int64, "repeat_customers": pl.Int64,
              "repeat_rate": pl.Float64, "orders_per_customer": pl.Float64}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def cohorts(con, f) -> pl.DataFrame:
    """Returns one row per cohort month (first order between f.start and f.end): cohort (DATE, first of month),
    customers, m0..m11 (cumulative net sales per customer, base currency; None for months after the data's last
    month) and value_12m (= m11)."""
    cond, params = _where(f)
    with query.cursor(con, f) as cur:
        frame = cur.sql(
            f"""
            with orders as (
                select o.* from marts.customer_orders as o where {cond}
            ),
            firsts as (
                select channel, customer_hash, date_trunc('month', min(order_date))::DATE as cohort
                from orders group by all
            ),
            values_per_order as (
                select store, channel, order_id, sum(net_sales_base) as value
                from marts.order_lines group by all
            ),
            joined as (
                select f.cohort, f.customer_hash, f.channel,
                    datediff('month', f.cohort, date_trunc('month', o.order_date)) as k,
                    coalesce(v.value, 0) as value
                from orders as o
                join firsts as f using (channel, customer_hash)
                left join values_per_order as v using (store, channel, order_id)
            )
            select cohort, k, count(distinct channel || customer_hash) as active, sum(value) as value,
                (select count(*) from firsts as x where x.cohort = j.cohort) as customers,
                (select max(order_date) from marts.customer_orders) as last_day
            from joined as j
            where cohort between date_trunc('month', ?::DATE) and ? and k < {MONTHS}
            group by cohort, k
            """,
            params=[*params, f.start, f.end],
        ).pl()
    if frame.is_empty():
        return pl.DataFrame(schema=COHORT_SCHEMA)
    last = frame.get_column("last_day").max()
    rows = []
    for cohort, group in frame.group_by("cohort", maintain_order=True):
        cohort = cohort[0]
        customers = int(group.get_column("customers")[0])
        by_k = dict(zip(group.get_column("k").to_list(), group.get_column("value").to_list(), strict=True))
        elapsed = (last.year - cohort.year) * 12 + last.month - cohort.month
        row, total = {"cohort": cohort, "customers": customers}, 0.0
        for k in range(MONTHS):
            total += by_k.get(k) or 0.0
            row[f"m{k}"] = total / customers if k <= elapsed else None
        row["value_12m"] = row[f"m{MONTHS - 1}"]
        rows.append(row)
    return pl.DataFrame(rows, schema=COHORT_SCHEMA).sort("cohort")


def heatmap_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns cohorts() in long form for a heatmap: cohort (YYYY-MM text), month (0..11), value (None dropped)."""
    if frame.is_empty():
        return pl.DataFrame(schema={"cohort": pl.String, "month": pl.Int64, "value": pl.Float64})
    long = frame.with_columns(pl.col("cohort").dt.strftime("%Y-%m")).unpivot(
        index="cohort", on=[f"m{k}" for k in range(MONTHS)], variable_name="month", value_name="value"
    )
    return long.with_columns(pl.col("month").str.slice(1).cast(pl.Int64)).drop_nulls("value")


class CustomersSection(BaseModel):
    """The report's `customers` section (Shopify / TikTok buyers by salted hash): customers, orders, repeat
    customers, repeat_rate (fraction) and orders_per_customer in the period."""

    customers: int
    orders: int
    repeat_customers: int
    repeat_rate: float | None
    orders_per_customer: float | None


def report_section(con, f) -> CustomersSection:
    """Returns the customers section of `python -m metrics report` for f."""
    return CustomersSection(**summary(con, f))
