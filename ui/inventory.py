"""Inventory-page helpers: stock-out list, aged stock and value per SKU from the metric layer's stock frame."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import streamlit as st

from ui import format as fmt
from ui.i18n import lang, metric_name, t
from ui.widgets import money_column, pct_column

HORIZON_DAYS = 90
COLUMNS = ["sku", "location", "available", "inbound", "reserved", "total_units", "aged_181_plus", "avg_daily_units",
           "days_of_cover", "stockout_date", "landed_cost_unit", "inventory_value", "inventory_turnover",
           "days_of_inventory"]  # fmt: skip


def column_config(columns: list[str], currency: str) -> dict:
    """Returns labels and formats of the stock table."""
    config = {}
    for c in columns:
        if c in ("landed_cost_unit", "inventory_value"):
            config[c] = money_column(metric_name(c), currency)
        elif c in ("days_of_cover", "days_of_inventory", "avg_daily_units", "inventory_turnover"):
            config[c] = st.column_config.NumberColumn(metric_name(c) if c != "avg_daily_units" else t(c), format="%.1f")
        elif c == "sell_through":
            config[c] = pct_column(c)
        else:
            config[c] = t(c) if c not in ("sku",) else t("sku")
    return config


def stockouts(stock: pl.DataFrame, as_of: date) -> None:
    """Lists the SKU × locations expected to run out within 90 days, soonest first."""
    if "stockout_date" not in stock.columns:
        return
    soon = stock.filter(
        pl.col("stockout_date").is_not_null() & (pl.col("stockout_date") <= as_of + timedelta(days=HORIZON_DAYS))
    )
    soon = soon.sort("stockout_date")
    if soon.is_empty():
        st.success(t("no_stockouts"), icon=":material/check_circle:")
        return
    lg = lang()
    with st.container(border=True):
        for r in soon.head(10).iter_rows(named=True):
            st.markdown(":material/event_busy: " + t("stockout_note", sku=fmt.plain(r["sku"]), loc=fmt.plain(r.get("location")),
                        date=fmt.day(r["stockout_date"], lg), days=fmt.days(r.get("days_of_cover"), lg)))  # fmt: skip


def aged(stock: pl.DataFrame) -> pl.DataFrame:
    """Returns the rows holding stock older than 180 days, most units first."""
    if "aged_181_plus" not in stock.columns:
        return stock.head(0)
    return stock.filter(pl.col("aged_181_plus").fill_null(0) > 0).sort("aged_181_plus", descending=True)


def value_by_sku(stock: pl.DataFrame) -> pl.DataFrame:
    """Returns inventory value per SKU (summed over locations), largest first."""
    return (
        stock.group_by("sku").agg(pl.col("inventory_value").sum()).sort("inventory_value", descending=True)
        if "inventory_value" in stock.columns
        else stock.head(0)
    )


def cover_by_row(stock: pl.DataFrame, limit: int = 30) -> pl.DataFrame:
    """Returns the `limit` SKU × locations with the least days of cover, labelled `sku · location`."""
    f = stock.filter(pl.col("days_of_cover").is_not_null()).sort("days_of_cover").head(limit)
    return f.select((pl.col("sku") + " · " + pl.col("location").fill_null("")).alias("item"), "days_of_cover")
