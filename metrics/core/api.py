"""The public API pages call: every function takes a DuckDB connection and returns polars frames or plain dicts.

Each query runs on its own `con.cursor()`; the base currency, restock rate and allocation rule in force are set
on that cursor (DuckDB variables read by the mart views), so one connection serves any filter at once.
Metric definitions live only in `metrics.core.registry`; this module never re-defines one.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import polars as pl
from pydantic import BaseModel, model_validator

Calendar = Literal["operational", "financial"]
Compare = Literal["previous", "yoy"]
Grain = Literal["day", "week", "month"]


class Filters(BaseModel):
    """The filter a page or the report CLI applies: period, comparison, slice, currency and calendar."""

    start: date
    end: date  # inclusive
    compare: Compare | None = None  # the previous period (metrics.core.periods), or the same period last year
    channel: str | None = None  # amazon | tiktok | shopify
    marketplace: str | None = None  # canonical id, e.g. amazon.com
    store: str | None = None  # store (seller account) id as in meta.imports.store, e.g. default; None = all stores
    sku_search: str | None = None  # case-insensitive substring of the master SKU
    sku: str | None = None  # one master SKU exactly (detail pages)
    base_currency: str | None = None  # None = the setting in force (app.settings, default CNY)
    calendar: Calendar = "operational"  # operational = event date, financial = posted/settlement date

    @model_validator(mode="after")
    def _check(self) -> Filters:
        if self.end < self.start:
            raise ValueError("end must be on or after start")
        return self

    def comparison(self) -> Filters | None:
        """Returns the filter of the comparison period (None when compare is None)."""
        from metrics.core.periods import comparison_period

        if self.compare is None:
            return None
        start, end = comparison_period(self.start, self.end, self.compare)
        return self.model_copy(update={"start": start, "end": end, "compare": None})


def kpis(con, f: Filters) -> dict[str, float | None]:
    """Returns every registry KPI for the filter as {metric id: value}; None when undefined (zero denominator)."""
    from metrics.core.kpi import compute_kpis

    return compute_kpis(con, f)


def kpi_compare(con, f: Filters) -> dict[str, dict[str, float | None]]:
    """Returns {metric id: {"value", "compare", "change", "change_pct"}} for the filter and its comparison period.

    `compare` is the value in the comparison period (None when f.compare is None), `change` = value − compare,
    `change_pct` = change / |compare| (metrics.core.derive.pct_change: None for a missing compare, a compare of 0 or
    a sign change, where a per cent means nothing).
    """
    from metrics.core.kpi import compare_kpis

    return compare_kpis(con, f)


def trend(con, f: Filters, metric_ids: list[str], grain: Grain = "day") -> pl.DataFrame:
    """Returns one row per period bucket (column `period`, a date) with one column per requested metric id."""
    from metrics.core.kpi import trend_frame

    return trend_frame(con, f, metric_ids, grain)


def sku_economics(con, f: Filters) -> pl.DataFrame:
    """Returns one row per master SKU: every KPI, per-unit waterfall and loss flags.

    Columns: `sku`, `name_zh`, `name_en`, every registry id, per-unit components `u_gross_sales`, `u_promotions`,
    `u_refunds`, `u_marketplace_fees`, `u_cogs` (split into `u_purchase`, `u_first_mile`, `u_duty`, `u_cost_other`),
    `u_other_fees`, `u_other_income`, `u_ad_spend`, `u_net_profit` (base currency per unit sold, costs negative), `is_loss`
    (net_profit < 0), `is_loss_after_ads` (contribution_before_ads ≥ 0 and net_profit < 0) and `cost_coverage`. Charges without a SKU appear as sku "(unallocated)" when the allocation
    rule leaves them unallocated. Sorted by net_sales descending.
    """
    from metrics.sales.sku import sku_frame

    return sku_frame(con, f)


def sku_detail(con, f: Filters, sku: str) -> dict:
    """Returns {"kpis", "trend", "by_marketplace", "cost_layers", "cost_lines", "non_fifo"} for one master SKU.

    `cost_layers` lists the inbound batches the SKU's units sold in view consumed (FIFO over all its sales):
    batch_id, arrival_date, destination, batch_units, currency, fx_rate, unit cost parts and unit_cost_base in base
    currency, units_in_view, units_left (at the period's end). `cost_lines` lists each order/refund line in
    view with units, fifo_units, missing_units, cost_method, batch_ids, cogs and unit_cost. `non_fifo` counts the
    units in view that no batch covered: {"sku_cost_units": at the effective-dated SKU cost, "missing_units":
    without a cost, "unrated_units": drawn on batches whose cost has no rate to the base}.
    """
    from metrics.sales.sku import sku_detail_dict

    return sku_detail_dict(con, f, sku)


def breakdown(con, f: Filters, by: Literal["channel", "marketplace", "store"] = "marketplace") -> pl.DataFrame:
    """Returns one row per channel, marketplace or store (column named as `by`) with every KPI as columns."""
    from metrics.core.kpi import breakdown_frame

    return breakdown_frame(con, f, by)


def ad_campaigns(con, f: Filters) -> pl.DataFrame:
    """Returns one row per marketplace × campaign: impressions, clicks, ad_spend, ad_sales, ad_orders, acos, roas,
    ctr, cpc, cvr (base currency), sorted by ad_spend descending."""
    from metrics.sales.ads import campaign_frame

    return campaign_frame(con, f)


def ad_channels(con, f: Filters, by: Literal["channel", "marketplace"] = "channel") -> pl.DataFrame:
    """Returns one row per channel (or marketplace) with ad spend: ad_spend, ad_sales, gross_sales, acos, tacos,
    roas, breakeven_acos and `above_breakeven`, every console's spend included (metrics.sales.ads.channel_ads_frame)."""
    from metrics.sales.ads import channel_ads_frame

    return channel_ads_frame(con, f, by)


def ad_programs(con, f: Filters) -> pl.DataFrame:
    """Returns one row per channel × ad program: spend, attributed sales, ACoS, ROAS, unallocated spend and the
    attribution window (metrics.sales.ads.program_frame)."""
    from metrics.sales.ads import program_frame

    return program_frame(con, f)


def ad_skus(con, f: Filters) -> pl.DataFrame:
    """Returns one row per advertised master SKU: ad_spend, ad_sales, acos, roas, tacos, gross_sales,
    breakeven_acos and `above_breakeven` (acos > breakeven_acos)."""
    from metrics.sales.ads import sku_ads_frame

    return sku_ads_frame(con, f)


def inventory_status(con, as_of: date, f: Filters) -> pl.DataFrame:
    """Returns one row per master SKU × store × location on `as_of` (latest stock on or before it).

    Columns: sku, store (the store whose report holds the stock; None for own warehouses), location, stock_day, available, inbound, reserved, on_hand, aged_181_plus (units aged > 180 days
    when the report has ageing), landed_cost_unit, inventory_value; per SKU, repeated on each of its rows: the stock
    outlook of `metrics.planning.stockout` (daily_units = forecast units per day, out_of_stock, out_since, stockout_date,
    days_of_cover — null when cover_capped, i.e. beyond 365 days) and turnover figures over f's period
    (inventory_turnover, days_of_inventory).
    """
    from metrics.core import query
    from metrics.planning.inventory import inventory_frame

    # one session: its five reads (stock, turnover, demand, stock position, open orders) share one cursor, one
    # snapshot and one check of the marts (~0.15 s of catalog reads fewer at 5M order lines)
    with query.session(con, f):
        return inventory_frame(con, as_of, f)


def stock_days(con, as_of: date) -> dict[str, date | None]:
    """Returns {"view": the stock day a view ending `as_of` reads (the latest stock day on or before it, the
    `stock_day` of `inventory_status`), "latest": the warehouse's latest stock day}; None without stock data."""
    from metrics.planning.inventory import stock_days as days

    return days(con, as_of)


def data_health(con) -> dict[str, pl.DataFrame]:
    """Returns the data-health tables: {"coverage", "missing_costs", "missing_fx", "unmapped_skus", "unknown_charges",
    "unmapped_ad_asins"}.

    coverage: marketplace × month × family (money, orders, ads, traffic, inventory, storage_fees, returns) with
    row counts; missing_costs: master SKUs whose sold units have no landed cost (units, net sales); missing_fx:
    currency × month of facts without an FX rate (rows, amount in original currency); unmapped_skus: channel SKUs
    not in the SKU map; unknown_charges: money lines of an unrecognised type (source, marketplace, currency,
    description, lines, amount in original currency without taxes, first_day, last_day) — counted in other fees.
    not in the SKU map; unmapped_ad_asins: marketplace × advertised ASIN of ASIN-only ad rows that neither the SKU map
    nor a business report links to a SKU (rows, amount = ad spend in `currency`).
    """
    from metrics.core.health import health_tables

    return health_tables(con)


def lineage(con, f: Filters, sku: str | None, metric_id: str) -> pl.DataFrame:
    """Returns the source files behind a metric for the filter (and SKU): import_id, file_name, format_id, family,
    rows used and the amount they contribute in base currency."""
    from metrics.core.health import lineage_frame

    return lineage_frame(con, f, sku, metric_id)


def stores(con) -> list[str]:
    """Returns the store (seller account) ids of the warehouse, `default` first; at least ["default"]."""
    from warehouse.ingest.importer import list_stores

    cur = con.cursor()
    try:
        return list_stores(cur)
    finally:
        cur.close()


def data_bounds(con) -> dict[str, date | None]:
    """Returns {"first": date, "last": date} of the money and ads facts (None for an empty warehouse)."""
    from metrics.core.kpi import bounds

    return bounds(con)


def estimated_fee_orders(con, f: Filters) -> pl.DataFrame:
    """Returns per marketplace × currency the period's TikTok Shop orders whose fees are estimated (no statement yet):
    lines, amount, first_day, last_day, fee_rate (metrics.core.health.estimated_fee_orders)."""
    from metrics.core.health import estimated_fee_orders as frame

    return frame(con, f)


def view_health(con, f: Filters) -> dict[str, pl.DataFrame]:
    """Returns {"missing_costs", "unmapped_skus"} within f's period, channel, marketplace, store and SKU search
    (metrics.core.health.view_health)."""
    from metrics.core.health import view_health as frame

    return frame(con, f)


def payouts(con, f: Filters) -> pl.DataFrame:
    """Returns the payout bridge per settlement whose last posting is in f's period: sales, marketplace_fees,
    other_charges, other_income, ad_charges, taxes, net_proceeds, reserves, transfers, balance, unexplained (0 when the lines
    add up), reported_transfer (settlement file's total, when imported); original currency."""
    from metrics.core.health import payouts_frame

    return payouts_frame(con, f)
