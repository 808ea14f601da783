"""Returns the data the what-if models need, read from the marts (one cursor per query, conventions applied).

Metric definitions come from the registry through `metrics.core.query.sums` and `metrics.core.derive.derive`; the queries
here only reshape mart rows (per SKU and day, per SKU and currency) for the models. Money is in base currency
unless a column says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.core import query
from metrics.core.derive import derive
from metrics.planning.on_order import open_orders


def _ad_where(f) -> tuple[str, list]:
    """f's filters on marts.ad_days (`query.slice_where`) for the SKU-level models: rows carried by a master SKU."""
    cond, params = query.slice_where(f)
    return cond + " and master_sku is not null", params


def ads_history(con, f) -> pl.DataFrame:
    """Returns one row per master SKU × day of f's period with ads: spend, ad_sales, ad_orders, ad_units (base)."""
    cond, params = _ad_where(f)
    sql = f"""
        select master_sku as sku, day as date, sum(ad_spend_base) as spend, sum(ad_sales_base) as ad_sales,
            sum(ad_orders) as ad_orders, sum(ad_units) as ad_units
        from marts.ad_days where {cond} and ad_spend_base is not null
        group by all order by all"""
    with query.cursor(con, f) as cur:
        return cur.sql(sql, params=params).pl()


def spend_by_channel(con, f) -> pl.DataFrame:
    """Returns one row per channel with ad spend in f's period (base currency): `spend` (every console: Amazon,
    TikTok Ads, GMV Max, Meta, Google), `in_model` (the part carried by a master SKU, which the what-if fits) and
    `without_sku` (spend no SKU carries: unmapped campaigns in a month without sales, or rule `unallocated`)."""
    cond, params = _ad_where(f)
    cond = cond.replace(" and master_sku is not null", "")
    sql = f"""
        select channel, sum(ad_spend_base) as spend,
            coalesce(sum(ad_spend_base) filter (where master_sku is not null), 0) as in_model,
            coalesce(sum(ad_spend_base) filter (where master_sku is null), 0) as without_sku
        from marts.ad_days where {cond} and ad_spend_base is not null
        group by all having sum(ad_spend_base) > 0 order by spend desc"""
    with query.cursor(con, f) as cur:
        return cur.sql(sql, params=params).pl()


def sku_economics_daily(con, f) -> pl.DataFrame:
    """Returns per master SKU the daily averages over f's period of gross_sales, units, orders,
    contribution_before_ads, net_profit (registry definitions: the SKU Profit page's figures, SKU-less ad spend
    allocated as there), ad_orders and ad_units — the `econ` input of `metrics.whatif.ads.attach_economics`."""
    n_days = (f.end - f.start).days + 1
    with query.cursor(con, f) as cur:
        sums = query.sums(cur, f, "master_sku")
        cond, params = _ad_where(f)
        ads = cur.sql(
            f"select master_sku as key, sum(ad_orders) as ad_orders, sum(ad_units) as ad_units "
            f"from marts.ad_days where {cond} group by all",
            params=params,
        ).pl()
    rows = [derive(r) for r in sums.filter(pl.col("key").is_not_null()).iter_rows(named=True)]
    keep = ["gross_sales", "units", "orders", "contribution_before_ads", "net_profit"]
    econ = pl.DataFrame(
        [{"sku": r["key"], **{k: float(r.get(k) or 0.0) / n_days for k in keep}} for r in rows],
        schema={"sku": pl.String} | dict.fromkeys(keep, pl.Float64),
    )
    ads = ads.select(
        sku="key", ad_orders=pl.col("ad_orders").cast(pl.Float64) / n_days, ad_units=pl.col("ad_units") / n_days
    )
    return econ.join(ads, on="sku", how="left").with_columns(pl.col("ad_orders", "ad_units").fill_null(0.0))


def fx_facts(con, f) -> pl.DataFrame:
    """Returns per master SKU × currency the net-profit components in original currency and in base currency.

    Revenue side (side = 'revenue', the marketplace currency): net sales + marketplace fees + other fees + other
    income − ad spend;
    facts without an FX rate are left out, as in every base total. Cost side (side = 'cost'): landed cost of the
    period, expressed in the currency of the SKU's latest inbound batch at that batch's rate (base currency when
    the SKU has no batch, or its latest batch has no usable rate).
    """
    cond, params = query.where(f, "sku_days")
    parts = [
        ("net_sales", "+"),
        ("marketplace_fees", "+"),
        ("other_fees", "+"),
        ("other_income", "+"),
        ("ad_spend", "-"),
    ]
    # an original amount counts only where it has a base-currency counterpart (a rate on its date)
    orig = " ".join(f"{sign} case when {c}_base is null then 0 else coalesce({c}, 0) end" for c, sign in parts)
    conv = " ".join(f"{sign} coalesce({c}_base, 0)" for c, sign in parts)
    rev = f"""
        select master_sku as sku, currency, 'revenue' as side, sum(0 {orig}) as amount, sum(0 {conv}) as base_amount
        from marts.sku_days
        where {cond} and master_sku is not null and currency is not null
        group by all"""
    cost = f"""
        with cogs as (
            select master_sku, sum(coalesce(cogs_base, 0)) as cogs, any_value(base_currency) as base
            from marts.sku_days where {cond} and master_sku is not null group by all
        ),
        latest as (
            select master_sku, currency, unit_fx from marts.cost_batches
            qualify row_number() over (partition by master_sku order by arrival_date desc, batch_id desc) = 1
        )
        select c.master_sku as sku, case when l.unit_fx > 0 then l.currency else c.base end as currency,
            'cost' as side,
            -c.cogs / coalesce(nullif(l.unit_fx, 0), 1.0) as amount, -c.cogs as base_amount
        from cogs as c left join latest as l on l.master_sku = c.master_sku
        where c.cogs <> 0"""
    with query.cursor(con, f) as cur:
        frames = [cur.sql(rev, params=params).pl(), cur.sql(cost, params=params).pl()]
        base = cur.sql("select getvariable('base_currency')").fetchall()[0][0]
    out = pl.concat(frames, how="vertical_relaxed")
    return out.with_columns(base_currency=pl.lit(base)).sort("sku", "side", "currency")


def demand_history(con, f, today: date, days: int = 400) -> pl.DataFrame:
    """Returns one row per master SKU × day in [today − days, today): units sold (operational calendar, all
    marketplaces of f) and in_stock (False on days the SKU had stock data and 0 available units everywhere)."""
    start = today - timedelta(days=days)
    g = f.model_copy(update={"start": start, "end": today - timedelta(days=1), "calendar": "operational"})
    cond, params = query.where(g, "sku_days")
    sql = f"""
        with sales as (
            select master_sku, day, sum(units)::BIGINT as units from marts.sku_days
            where {cond} and master_sku is not null group by all
        ),
        skus as (select distinct master_sku from sales),
        grid as (
            select s.master_sku, d::DATE as day
            from skus as s cross join generate_series(?::DATE, ?::DATE, interval 1 day) as t(d)
        ),
        stock as (
            select master_sku, day, sum(available) as available from marts.inventory_days
            where day between ? and ? group by all
        )
        select g.master_sku as sku, g.day as date, coalesce(s.units, 0)::BIGINT as units,
            coalesce(k.available > 0, true) as in_stock
        from grid as g
        left join sales as s using (master_sku, day)
        left join stock as k using (master_sku, day)
        order by all"""
    dates = [start, today - timedelta(days=1)]
    with query.cursor(con, g) as cur:
        return cur.sql(sql, params=params + dates + dates).pl()


# the stock day's rows (the latest stock day on or before the day), as Inventory reads them: marts.inventory_stock
# carries each location's last count to that day (up to 45 days), so every location's latest stock is on it
_LATEST = """
    with inv as (select * from marts.inventory_days where day <= ? and master_sku is not null)
    select master_sku as sku, available, inbound from inv where day = (select max(day) from inv)"""


def stock_position(con, as_of: date) -> pl.DataFrame:
    """Returns per master SKU the available and inbound units on `as_of` (the stock day on or before it, every
    location's latest count carried to it: the stock Inventory shows)
    and `out_since`: the day after the last day its available units (all locations) were above 0 — the first
    stock day when they never were; null while it has stock; `on_order` and `arrivals`: its open purchase batches
    (`with_on_order`, days counted from `as_of` + 1, the projection's first day). The input of
    `metrics.planning.stockout.sku_outlook` and the reorder plan.

    Reads the whole stock history once per question, but only what it needs: the stock day's rows, and the daily
    history only of the SKUs out of stock on `as_of`."""
    sql = f"""
        with latest as ({_LATEST}),
        pos as (select sku, sum(available)::BIGINT as available, sum(inbound)::BIGINT as inbound from latest group by 1),
        daily as (
            select master_sku as sku, day, sum(available) as available from marts.inventory_days
            where day <= ? and master_sku in (select sku from pos where available <= 0) group by all
        ),
        since as (
            select sku, coalesce(max(day) filter (where available > 0) + 1, min(day))::DATE as out_since
            from daily group by 1
        )
        select p.sku, p.available, p.inbound, case when p.available <= 0 then s.out_since end as out_since
        from pos as p left join since as s using (sku) order by p.sku"""
    with query.cursor(con) as cur:
        stock = cur.sql(sql, params=[as_of, as_of]).pl()
    return with_on_order(stock, open_orders(con, as_of), as_of + timedelta(days=1))


ARRIVAL = pl.Struct({"day": pl.Int64, "arrival_date": pl.Date, "units": pl.Int64})


def with_on_order(stock: pl.DataFrame, orders: pl.DataFrame, today: date) -> pl.DataFrame:
    """Returns `stock` with `on_order` (units of the SKU's open purchase batches not yet in its stock, 0 when none)
    and `arrivals` (their list of {day: days from `today`, 0 when past; arrival_date; units}, null when none) from
    `orders` (`metrics.planning.on_order.open_orders`: sku, arrival_date, units)."""
    per_sku = orders.group_by("sku").agg(
        on_order=pl.col("units").sum().cast(pl.Int64),
        arrivals=pl.struct(
            day=pl.max_horizontal((pl.col("arrival_date") - pl.lit(today)).dt.total_days(), pl.lit(0)).cast(pl.Int64),
            arrival_date="arrival_date",
            units=pl.col("units").cast(pl.Int64),
        ).sort_by("arrival_date"),
    )
    out = stock.join(per_sku, on="sku", how="left")
    return out.with_columns(pl.col("on_order").fill_null(0), pl.col("arrivals").cast(pl.List(ARRIVAL)))
