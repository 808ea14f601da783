"""Returns the inventory metrics of the registry (mart `inventory_days`) per master SKU × location and in total.

Definitions are the registry's: inventory_value at the last stock day on or before the period end;
inventory_turnover = cogs / average daily inventory value over the period's days with stock data;
days_of_inventory = period days / unit turnover (units sold / average units on hand; units, so the same in every
base currency); days_of_cover = available / Σ per SKU (units in the trailing 30 days /
in-stock days among them); sell_through_cn = SKUs sold / SKUs in stock; sell_through_amz = units in 90 days /
average units on hand in those 90 days. Sales are counted by event date (units leave stock when ordered).

Valuation: stock is worth on_hand × the SKU's landed_cost_unit (marts.sku_unit_costs), as in marts.inventory_days.
The per-SKU sums read the unit stock rows (marts.inventory_stock) and value them once per SKU (value over the
period's days = landed_cost_unit × Σ on_hand): joining every stock row of the 90 days to its cost was ~7 ms of a
report at 5M order lines. tests/test_warm_report.py checks both ways give the same values.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.core import query
from metrics.core.periods import period_days

# the stock rows (marts.inventory_stock: units, base-free) valued per SKU at the end (module doc: Valuation); the text
# starts with `with`: query._Memo keeps only SELECTs' rows
PER_SKU_SQL = """
with all_days as not materialized (
    select * from marts.inventory_stock
    where master_sku ilike $sku escape '\\' and ($store::VARCHAR is null or store = $store)
),
-- the days every sum below reads (the period and the trailing 90 days); not materialized: each part scans only its
-- days of the date-ordered per-base copy instead of the whole stock history being copied once
inv as not materialized (select * from all_days where day between least($start, $end - 89) and $end),
stock_day as (select max(day) as d from all_days where day <= $end),
at_end as (
    select master_sku, location, available, inbound, reserved, on_hand, aged_181_plus
    from all_days, stock_day where day = stock_day.d
),
period_value as (
    select master_sku, (sum(on_hand) filter (where day >= $start))::DOUBLE as oh_days,
        sum(on_hand) filter (where day > $end - 90) as oh_90
    from inv group by all
),
stock_days as (
    -- the distinct days first: a 90-value group, then counted (count(distinct) over every row costs ~40 % more)
    select count(*) filter (where day >= $start) as n, count(*) filter (where day > $end - 90) as n90
    from (select distinct day from inv)
),
daily_stock as (
    select master_sku, day, sum(available) as available from inv where day > $end - 30 and day <= $end group by all
),
stockouts as (
    select master_sku, count(*) filter (where available <= 0) as out_days from daily_stock group by all
),
sales as (
    select master_sku,
        -- units leave stock when ordered (operational calendar); cogs follows the calendar in force
        sum(units) filter (where day > $end - 30 and calendar = 'operational')::BIGINT as units_30,
        sum(units) filter (where day > $end - 90 and calendar = 'operational')::BIGINT as units_90,
        sum(units) filter (where day >= $start and calendar = 'operational')::BIGINT as units_period,
        sum(cogs_base) filter (where day >= $start and calendar = $calendar) as cogs
    from marts.sku_days
    where day between least($start, $end - 89) and $end and master_sku ilike $sku escape '\\'
        and ($store::VARCHAR is null or store = $store)
        -- the rows of the calendars read above only: one of the two when the calendar in force is 'operational'
        and calendar in ('operational', $calendar)
    group by all
),
skus as (
    select master_sku from at_end union select master_sku from sales where units_period > 0
)
select
    s.master_sku as sku,
    count(e.master_sku) > 0 as has_stock,
    coalesce(sum(e.available), 0)::BIGINT as available,
    coalesce(sum(e.inbound), 0)::BIGINT as inbound,
    coalesce(sum(e.on_hand), 0)::BIGINT as on_hand,
    coalesce(sum(e.aged_181_plus), 0)::BIGINT as aged_181_plus,
    any_value(c.landed_cost_unit) as landed_cost_unit,
    sum(e.on_hand * c.landed_cost_unit) as inventory_value,
    any_value(p.oh_days) * any_value(c.landed_cost_unit) as value_days,
    any_value(p.oh_days) as oh_days,
    any_value(p.oh_90) as oh_90,
    any_value(d.n) as stock_days,
    any_value(d.n90) as stock_days_90,
    coalesce(any_value(x.out_days), 0) as out_days,
    coalesce(any_value(sa.units_30), 0) as units_30,
    coalesce(any_value(sa.units_90), 0) as units_90,
    coalesce(any_value(sa.units_period), 0) as units_period,
    coalesce(any_value(sa.cogs), 0) as cogs
from skus as s
cross join stock_days as d
left join at_end as e using (master_sku)
left join marts.sku_unit_costs as c using (master_sku)
left join period_value as p using (master_sku)
left join stockouts as x using (master_sku)
left join sales as sa using (master_sku)
group by s.master_sku
order by s.master_sku
"""


def _div(a, b):
    return None if a is None or not b else a / b


def _params(f, end: date | None = None) -> dict:
    sku = f"%{f.sku_search.strip()}%" if f.sku_search else "%"
    if getattr(f, "sku", None):  # exact master SKU: escape the LIKE wildcards it may contain
        sku = f.sku.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    store = getattr(f, "store", None)
    return {"start": f.start, "end": end or f.end, "sku": sku, "calendar": f.calendar, "store": store}


# the last stock day on or before the end, asked first on the date-ordered copy so the end-day stock is read by a
# constant (zone maps skip every other day's rows) rather than through a subquery that scans the whole history.
# Asked within the quarter before the end first ($since = end - STOCK_DAY_WINDOW: zone maps skip the older row groups,
# 28 -> ~3 ms at 5M order lines), then, when that quarter has no snapshot, over the whole history ($since = NULL):
# the same day either way, since every day of the window is on or before the end.
STOCK_DAY_SQL = PER_SKU_SQL.split("-- the days every sum below reads")[0].rstrip().rstrip(",") + (
    "\nselect max(day) from all_days where day <= $end and ($since::DATE is null or day >= $since)"
)
STOCK_DAY_WINDOW = 92
# a filter without a SKU search matches every SKU: the `ilike '%'` test is left out of the SQL (it costs a string
# match per stock and sales row: ~15 ms of the per-SKU query at 5M order lines)
_SKU_TEST = "master_sku ilike $sku escape '\\'"


def _rewritten(sql: str, swaps: dict[str, str]) -> str:
    """Returns sql with each key replaced by its value; raises AssertionError at import when a key is not in sql,
    so an edit of PER_SKU_SQL that breaks a rewrite fails loudly instead of silently reading the slow path."""
    for old, new in swaps.items():
        assert sql.count(old) == 1, f"PER_SKU_SQL rewrite target not found exactly once: {old!r}"
        sql = sql.replace(old, new)
    return sql


# the same query on the date-ordered copies, the end-day stock read at $stock_day (asked first by STOCK_DAY_SQL)
PER_SKU_AT_DAY_SQL = _rewritten(
    PER_SKU_SQL,
    {
        "stock_day as (select max(day) as d from all_days where day <= $end),": "",
        "from all_days, stock_day where day = stock_day.d": "from all_days where day = $stock_day",
    },
)
# on the plain conversion view (another base, no copies) each scan would evaluate the view again: materialise
PER_SKU_PLAIN_SQL = PER_SKU_SQL.replace(" as not materialized (", " as (")


def per_sku(cur, f, end: date | None = None) -> pl.DataFrame:
    """Returns one row per master SKU with stock at the end day and the period/trailing sums behind the metrics."""
    params = _params(f, end)
    every_sku = params["sku"] == "%"

    def text(sql: str) -> str:
        return sql.replace(_SKU_TEST, "true") if every_sku else sql

    def args(sql: str, extra: dict | None = None) -> dict:  # DuckDB refuses a named parameter the SQL does not use
        return {k: v for k, v in (params | (extra or {})).items() if f"${k}" in sql}

    if query.reads_copies(cur):
        sql = text(PER_SKU_AT_DAY_SQL)
        ask = text(STOCK_DAY_SQL)
        since = params["end"] - timedelta(days=STOCK_DAY_WINDOW)
        day = cur.sql(ask, params=args(ask, {"since": since})).fetchall()[0][0]
        if day is None:  # no snapshot in the quarter before the end: the whole history's last one (or none)
            day = cur.sql(ask, params=args(ask, {"since": None})).fetchall()[0][0]
        params["stock_day"] = day
    else:
        sql = text(PER_SKU_PLAIN_SQL)
    frame = cur.sql(sql, params=args(sql)).pl()
    rate = pl.col("units_30") / (30 - pl.col("out_days"))
    return frame.with_columns(daily_units=pl.when(pl.col("out_days") < 30).then(rate).otherwise(None))


def _metrics(rows: pl.DataFrame, f) -> dict[str, float | None]:
    if rows.is_empty():
        return dict.fromkeys(
            ["inventory_value", "inventory_turnover", "days_of_inventory", "days_of_cover", "sell_through_cn",
             "sell_through_amz"]
        )  # fmt: skip
    n = rows["stock_days"][0]
    n90 = rows["stock_days_90"][0]
    value_days = rows["value_days"].sum() if rows["value_days"].null_count() < len(rows) else None
    turnover = _div(rows["cogs"].sum(), _div(value_days, n))
    in_stock = rows.filter(pl.col("on_hand") > 0)
    stocked = rows.filter(pl.col("has_stock")) if "has_stock" in rows.columns else rows
    oh_90 = rows["oh_90"].sum() if rows["oh_90"].null_count() < len(rows) else None
    oh_days = rows["oh_days"].sum() if rows["oh_days"].null_count() < len(rows) else None
    return {
        "inventory_value": rows["inventory_value"].sum() if rows["inventory_value"].null_count() < len(rows) else None,
        "inventory_turnover": turnover,
        # units, never money: the same in every base currency (period days × average units on hand / units sold)
        "days_of_inventory": _div(period_days(f.start, f.end), _div(rows["units_period"].sum(), _div(oh_days, n))),
        # over the SKUs with stock data: a SKU that sells but has no stock report has no cover to count (its demand
        # over 0 assumed units read "0 days" beside "—" days on hand)
        "days_of_cover": _div(stocked["available"].sum(), stocked["daily_units"].sum()) if stocked.height else None,
        "sell_through_cn": _div(in_stock.filter(pl.col("units_period") > 0).height, in_stock.height),
        "sell_through_amz": _div(rows["units_90"].sum(), _div(oh_90, n90)),
    }


def inventory_kpis(cur, f, values: dict | None = None) -> dict[str, float | None]:
    """Returns the six inventory metrics for filter f (all SKUs matching its search) on cursor `cur`."""
    return _metrics(per_sku(cur, f), f)


def sku_inventory_metrics(cur, f) -> pl.DataFrame:
    """Returns one row per master SKU (`sku`) with the six inventory metrics (same definitions, per SKU)."""
    rows = per_sku(cur, f)

    def div(a: pl.Expr, b: pl.Expr) -> pl.Expr:
        return pl.when(b.is_not_null() & (b != 0)).then(a / b).otherwise(None)

    turnover = div(pl.col("cogs"), div(pl.col("value_days"), pl.col("stock_days").cast(pl.Float64)))
    unit_turnover = div(pl.col("units_period").cast(pl.Float64), div(pl.col("oh_days"), pl.col("stock_days")))
    in_stock = pl.col("on_hand") > 0
    return rows.select(
        "sku",
        pl.col("inventory_value").cast(pl.Float64),
        turnover.alias("inventory_turnover"),
        div(pl.lit(float(period_days(f.start, f.end))), unit_turnover).alias("days_of_inventory"),
        div(pl.col("available").cast(pl.Float64), pl.col("daily_units")).alias("days_of_cover"),
        pl.when(in_stock).then((pl.col("units_period") > 0).cast(pl.Float64)).otherwise(None).alias("sell_through_cn"),
        div(pl.col("units_90").cast(pl.Float64), div(pl.col("oh_90"), pl.col("stock_days_90").cast(pl.Float64))).alias(
            "sell_through_amz"
        ),
    )


def stock_days(con, as_of: date) -> dict[str, date | None]:
    """Returns {"view": the latest stock day on or before `as_of` (the stock row `inventory_frame` reads), "latest":
    the latest stock day of the warehouse}: a view ending 31 Oct of data to 20 Nov reads 31 Oct's stock, and newer
    stock exists (20 Nov). None without stock data."""
    with query.cursor(con) as cur:
        view, latest = cur.sql(
            "select max(day) filter (where day <= $end), max(day) from marts.inventory_days", params={"end": as_of}
        ).fetchall()[0]
    return {"view": view, "latest": latest}


def inventory_frame(con, as_of: date, f) -> pl.DataFrame:
    """Returns stock per master SKU × store × location on `as_of` with value, SKU turnover and the SKU's stock outlook.

    on_order: units of open purchase batches not yet in the stock (`metrics.planning.on_order`), on the row of the
    location each batch goes to (`on_order_rows`: a SKU's rows sum to its units on order, which the outlook counts
    from their arrival). The outlook columns are per SKU (all locations together) and repeated on each of its rows,
    from
    `metrics.planning.stockout.sku_outlook` — the same stock-out date Reorder planning, the what-if and the meeting show:
    daily_units (forecast units per day, next 30 days), out_of_stock, out_since,
    stockout_date, days_of_cover (days to the stock-out; null when `cover_capped`, i.e. more than 365 days or
    never), lead_time_days (the preferred lane's, as in Reorder planning) and stockout_risk
    (`metrics.planning.stockout.with_stockout_risk`: the one stock-out risk Inventory and the meeting list).
    """
    from metrics.core.history import demand_history, stock_position
    from metrics.planning.on_order import on_order_rows
    from metrics.planning.reorder import lead_times_for
    from metrics.planning.stockout import sku_outlook, with_stockout_risk
    from metrics.planning.store import read_lead_times

    g = f.model_copy(update={"end": as_of, "start": min(f.start, as_of)})
    with query.cursor(con, g) as cur:
        params = _params(g, as_of)
        at = cur.sql(
            "select master_sku as sku, store, location, day as stock_day, available, inbound, reserved, on_hand, "
            "aged_181_plus, landed_cost_unit, inventory_value from marts.inventory_days "
            "where master_sku ilike $sku escape '\\' and day = (select max(day) from marts.inventory_days where day <= $end) "
            "and ($store::VARCHAR is null or store = $store) order by sku, store, location",
            params={"sku": params["sku"], "end": as_of, "store": params["store"]},
        ).pl()
        turn = sku_inventory_metrics(cur, g).select("sku", "inventory_turnover", "days_of_inventory")
    today = as_of + timedelta(days=1)
    skus = at["sku"].unique().to_list()
    stock = stock_position(con, as_of).filter(pl.col("sku").is_in(skus))
    outlook = sku_outlook(demand_history(con, g, today), stock, today).select(
        "sku", "on_order", pl.col("demand_per_day").alias("daily_units"), "out_of_stock", "out_since",
        "stockout_date", "days_of_cover", "cover_capped",
    )  # fmt: skip
    leads = lead_times_for(read_lead_times(con), outlook["sku"].to_list())
    lead = pl.Series([leads[s].total if leads[s] else None for s in outlook["sku"]], dtype=pl.Int64)
    outlook = with_stockout_risk(outlook.with_columns(lead_time_days=lead))
    frame = at.join(outlook.drop("on_order"), on="sku", how="left").join(turn, on="sku", how="left")
    # on order per row: by the batches' destinations, not the SKU's total on each of its rows (module doc)
    return frame.with_columns(on_order_rows(con, as_of, frame))
