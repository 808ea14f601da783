"""Returns unit economics per master SKU (every KPI, a per-unit waterfall, loss flags) and one SKU's detail."""

from __future__ import annotations

import polars as pl

from metrics.core import query
from metrics.core.kpi import breakdown_frame, compute_kpis, grouped_frame, trend_frame
from metrics.core.registry import REGISTRY
from metrics.planning.inventory import sku_inventory_metrics

UNALLOCATED = query.UNALLOCATED  # "(unallocated)": money without a SKU
# per-unit waterfall: component -> (metric id, sign so that costs show negative)
WATERFALL = {
    "u_gross_sales": ("gross_sales", 1),
    "u_promotions": ("promotions", 1),
    "u_refunds": ("refunds", 1),
    "u_marketplace_fees": ("marketplace_fees", 1),
    "u_cogs": ("cogs", -1),
    "u_purchase": ("cogs_purchase", -1),
    "u_first_mile": ("cogs_first_mile", -1),
    "u_duty": ("cogs_duty", -1),
    "u_cost_other": ("cogs_other", -1),
    "u_other_fees": ("other_fees", 1),
    "u_other_income": ("other_income", 1),
    "u_ad_spend": ("ad_spend", -1),
    "u_net_profit": ("net_profit", 1),
}


def sku_frame(con, f) -> pl.DataFrame:
    """Returns one row per master SKU with every KPI, per-unit components and loss flags (see api.sku_economics)."""
    sums = grouped_frame(con, f, query.SKU_GROUP)  # in a report's session: from query.period_cube
    with query.cursor(con, f) as cur:
        names = cur.sql("select master_sku as sku, name_zh, name_en from marts.sku_master").pl()
        names = _with_shop_titles(cur, names)
        inv = sku_inventory_metrics(cur, f)
    ids = [k for k in REGISTRY if REGISTRY[k].mart != "inventory_days"]

    def col(i: str) -> pl.Expr:
        return pl.col(i).cast(pl.Float64) if i in sums.columns else pl.lit(None, pl.Float64)

    units, np_, cba = col("units"), col("net_profit"), col("contribution_before_ads")
    per_unit = [
        pl.when(units.is_not_null() & (units != 0) & col(mid).is_not_null())
        .then((col(mid) if sign == 1 else -col(mid)) / units)
        .otherwise(None)
        .alias(c)
        for c, (mid, sign) in WATERFALL.items()
    ]
    frame = sums.select(
        pl.col("key").cast(pl.String).alias("sku"),
        *[col(i).alias(i) for i in ids],
        *per_unit,
        (np_ < 0).fill_null(False).alias("is_loss"),
        ((cba >= 0) & (np_ < 0)).fill_null(False).alias("is_loss_after_ads"),
    )
    frame = names.join(frame, on="sku", how="right")
    frame = frame.join(inv, on="sku", how="left")
    first = ["sku", "name_zh", "name_en"]
    return frame.select(first + [c for c in frame.columns if c not in first]).sort(
        "net_sales", descending=True, nulls_last=True
    )


def _with_shop_titles(cur, names: pl.DataFrame) -> pl.DataFrame:
    """Returns `names` with a Shopify SKU the SKU map does not name named by its orders' product title (`Lineitem
    name`, the latest export's), in both languages: a seller knows a Shopify SKU by that title (it read "—")."""
    # no Shopify order export imported: skip the staging view (planning it costs ~30 ms a report at 5M order lines).
    # The imports first (an active import of the format, which writes raw.shopify_orders: ~0.5 ms; duckdb_tables
    # ~2 ms, information_schema renders every view, ~5 ms), the raw rows and the staging view only for a seller with
    # Shopify orders
    shopify = cur.sql(
        "select exists (select 1 from meta.imports where format_id = 'shopify_orders' and status = 'active')"
    ).fetchall()[0][0]
    if not shopify or not cur.sql("select 1 from raw.shopify_orders limit 1").fetchall():
        return names
    held = cur.sql(
        "select 1 from information_schema.tables where table_schema = 'staging' and table_name = 'shopify_order_lines'"
    ).fetchall()
    if not held:
        return names
    titles = cur.sql(
        "select coalesce(any_value(k.master_sku), s.lineitem_sku) as sku, max(s.lineitem_name) as title "
        "from staging.shopify_order_lines as s left join marts.sku_lookup as k on k.channel_sku = s.lineitem_sku "
        "where s.lineitem_sku is not null and s.lineitem_name is not null group by s.lineitem_sku"
    ).pl()
    if titles.is_empty():
        return names
    titles = titles.group_by("sku").agg(pl.col("title").max())
    out = names.join(titles, on="sku", how="full", coalesce=True)
    return out.select(
        "sku",
        pl.coalesce("name_zh", "title").alias("name_zh"),
        pl.coalesce("name_en", "title").alias("name_en"),
    )


# the inbound batches one SKU's sales in view consumed: FIFO over all its sales (as marts.order_costs does), then
# the units each batch gave to the lines in view and what was left of it at the end of the period
BATCHES_SQL = """
with sold as (
    select
        *,
        (sum(units) over (
            order by event_date, order_id, source, import_id, row_no rows unbounded preceding
        ))::bigint as cum_end
    from marts.order_lines
    where master_sku = ? and txn_type = 'order' and units > 0
),
batches as (
    select * from marts.cost_batches where master_sku = ?
),
taken as (
    select
        b.batch_id, s.event_date, ({cond}) as in_view,
        least(s.cum_end, b.cum_end) - greatest(s.cum_end - s.units, b.cum_start) as units
    from sold as s
    inner join batches as b on b.cum_start < s.cum_end and b.cum_end > s.cum_end - s.units
),
per_batch as (
    select
        batch_id,
        coalesce(sum(units) filter (where in_view), 0)::bigint as units_in_view,
        coalesce(sum(units) filter (where event_date <= ?), 0)::bigint as units_used
    from taken
    group by batch_id
)
select
    b.batch_id, b.arrival_date, b.destination, b.units as batch_units, b.currency, b.unit_fx as fx_rate,
    b.purchase_base, b.first_mile_base, b.duty_base, b.other_base, b.unit_cost_base, p.units_in_view,
    b.units - p.units_used as units_left
from batches as b
inner join per_batch as p using (batch_id)
where p.units_in_view > 0
order by b.arrival_date, b.batch_id
"""
# every order/refund line in view with its landed cost, how it was costed and the batches it drew on
COST_LINES_SQL = """
select l.event_date, l.posted_date, l.marketplace, l.order_id, l.txn_type, c.units, c.fifo_units, c.missing_units,
    c.cost_method, c.batch_ids, c.cogs, c.cogs / nullif(c.units - c.missing_units, 0) as unit_cost
from marts.line_costs as c
inner join marts.order_lines as l using (source, import_id, row_no, txn_type)
where {cond}
order by l.event_date, l.order_id
"""
# units in view that no batch covered: costed at the effective-dated SKU cost, or missing a cost; and units whose
# batches have a cost but no rate to the base (their cost is unknown in the base, not missing: the rate is)
NON_FIFO_SQL = """
select
    coalesce(sum(c.units - c.fifo_units - c.missing_units), 0)::bigint as sku_cost_units,
    coalesce(sum(c.missing_units) filter (where c.cost_method <> 'fifo_without_fx'), 0)::bigint as missing_units,
    coalesce(sum(c.missing_units) filter (where c.cost_method = 'fifo_without_fx'), 0)::bigint as unrated_units
from marts.line_costs as c
inner join marts.order_lines as l using (source, import_id, row_no, txn_type)
where c.txn_type = 'order' and {cond}
"""


def sku_detail_dict(con, f, sku: str) -> dict:
    """Returns {"kpis", "trend", "by_marketplace", "cost_layers", "cost_lines", "non_fifo"} for one master SKU (see
    api.sku_detail)."""
    g = f.model_copy(update={"sku": sku, "sku_search": None})
    with query.cursor(con, g) as cur:
        cond, params = query.where(g, "order_lines", "s")
        layers = cur.sql(BATCHES_SQL.format(cond=cond), params=[sku, sku, *params, g.end]).pl()
        cond, params = query.where(g, "order_lines", "l")
        lines = cur.sql(COST_LINES_SQL.format(cond=cond), params=params).pl()
        sku_cost_units, missing_units, unrated_units = cur.sql(
            NON_FIFO_SQL.format(cond=cond), params=params
        ).fetchall()[0]
    return {
        "kpis": compute_kpis(con, g),
        "trend": trend_frame(con, g, ["units", "net_sales", "net_profit", "ad_spend"], "day"),
        "by_marketplace": breakdown_frame(con, g, "marketplace"),
        "cost_layers": layers,
        "cost_lines": lines,
        "non_fifo": {"sku_cost_units": sku_cost_units, "missing_units": missing_units, "unrated_units": unrated_units},
    }
