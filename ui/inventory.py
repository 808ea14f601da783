"""Inventory-page helpers: stock-out list, aged stock and value per SKU from the metric layer's stock frame."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.core import clock
from metrics.planning.stockout import SAFETY_DAYS
from ui import data
from ui import format as fmt
from ui.grid import SORT_ARROW_PX, text_px
from ui.i18n import lang, metric_name, t, tr
from ui.widgets import money_column, pct_column

COLUMNS = ["sku", "location", "available", "inbound", "on_order", "reserved", "total_units", "aged_181_plus",
           "avg_daily_units", "days_of_cover", "stockout_date", "landed_cost_unit", "inventory_value",
           "inventory_turnover", "days_of_inventory"]  # fmt: skip


def column_config(columns: list[str], currency: str) -> dict:
    """Returns labels and formats of the stock table."""
    config = {}
    for c in columns:
        if c in ("landed_cost_unit", "inventory_value"):
            # the header whole: "Landed cost per unit ($)" read "Landed cost p…" at the grid's 180 px number header
            spec = money_column(metric_name(c), currency)
            config[c] = {**spec, "width": text_px(spec["label"]) + SORT_ARROW_PX}  # as ui.grid.fit_widths
        elif c == "days_of_cover":  # text: "> 365 days" when capped (`with_cover_text`)
            # the forecast's days to the stock-out (metrics.planning.stockout), not the tile's 30-day pace: named apart
            config[c] = st.column_config.TextColumn(t("cover_forecast"))  # a plain label took the shared "可售天数"
        elif c in ("days_of_inventory", "avg_daily_units", "inventory_turnover"):
            config[c] = st.column_config.NumberColumn(metric_name(c) if c != "avg_daily_units" else t(c), format="%.1f")
        elif c == "sell_through":
            config[c] = pct_column(c)
        else:
            config[c] = t(c) if c not in ("sku",) else t("sku")
    return config


def scope_note(f) -> None:
    """Says, when a channel or marketplace is chosen, that the tiles and stock are the company's (stock is shared by
    every channel) while the stock-out dates and days of cover follow the chosen channel's sales. The store filter
    narrows stock too, so it needs no note."""
    parts = [t(f.channel) if f.channel else None, f.marketplace]
    scope = " · ".join(fmt.plain(p) for p in parts if p)
    if scope:
        st.caption(":material/info: " + t("inventory_scope_note", scope=scope))


def older_stock(as_of: date) -> bool:
    """Returns whether the view reads an older stock day than the warehouse's latest (a past period chosen): its
    projected stock-outs are then projections from that older stock, never forecasts counted from today."""
    days = data.stock_days(as_of)
    view, latest = days.get("view"), days.get("latest")
    return view is not None and latest is not None and view < latest


def newer_stock_note(as_of: date) -> None:
    """Says, when the view reads an older stock day than the warehouse's latest (a past period chosen), that its
    stock is the period's and up to which day newer stock data exists: its stock-out dates are projections from
    that older stock, not today's risks (Inventory and Reorder planning)."""
    days = data.stock_days(as_of)
    view, latest = days.get("view"), days.get("latest")
    if view is not None and latest is not None and view < latest:
        lg = lang()
        st.caption(":material/history: " + t("stock_newer_note", day=fmt.day(view, lg), latest=fmt.day(latest, lg)))


def stockout_risks(stock: pl.DataFrame) -> pl.DataFrame:
    """Returns one row per SKU at stock-out risk (`stockout_risk` of `metrics.planning.stockout.with_stockout_risk`,
    the meeting's list too), soonest stock-out first."""
    if "stockout_risk" not in stock.columns:
        return stock.head(0)
    return stock.filter(pl.col("stockout_risk").fill_null(False)).unique("sku").sort("stockout_date", "sku")


def stockouts(stock: pl.DataFrame, as_of: date) -> None:
    """Lists the SKUs at stock-out risk (out of stock, or days of cover < lead time + safety days at the current
    sales rate; one line per SKU, all locations together), soonest first (`stockout_note`)."""
    if "stockout_date" not in stock.columns:
        return
    st.caption(t("stockout_rule", safety=SAFETY_DAYS))
    soon = stockout_risks(stock)
    if soon.is_empty():
        st.success(t("no_stockouts", safety=SAFETY_DAYS), icon=":material/check_circle:")
        return
    lg, today, older = lang(), clock.today(), older_stock(as_of)
    with st.container(border=True):
        for r in soon.iter_rows(named=True):
            st.markdown(":material/event_busy: " + stockout_note(r, lg, today, older))


def from_today(day: date, today: date, lg: str) -> str:
    """Returns how far `day` is from `today`: `13 天后` / `in 13 days`, `今天` / `today`, `已过 3 天` / `3 days ago`."""
    n = (day - today).days
    if n == 0:
        return tr("when_today", lg)
    return tr("when_ahead", lg, n=n) if n > 0 else tr("when_past", lg, n=-n)


def stockout_note(r: dict, lg: str, today: date, older: bool = False) -> str:
    """Returns a stock-out risk's line: "out of stock since <date>", or "runs out around <date> (in <n> days; lead
    time <lead>)" with the days counted from `today` (the day the page is read, as the meeting's headline counts
    them), not from the stock data's day: "23 days" from a 20 Nov stock report read "in 23 days" on 1 Dec. A
    projected date before `today` (older stock: a past period) is said to be a projection from the stock of its
    `stock_day` that is already past, never "expected" nor "N days ago"; with `older` stock (`older_stock`) a date
    from today on is said to be a projection from that stock too, never "today" nor "in N days"."""
    d = fmt.day(r["stockout_date"], lg)
    if r.get("out_of_stock"):
        return tr("out_since_note", lg, sku=fmt.plain(r["sku"]), date=d)
    if r["stockout_date"] < today:  # projected from older stock and already past: no forecast, no "N days ago"
        stock = fmt.day(r["stock_day"], lg) if r.get("stock_day") else "—"
        return tr("stockout_past_note", lg, sku=fmt.plain(r["sku"]), date=d, stock=stock,
                  lead=fmt.days(r.get("lead_time_days"), lg))  # fmt: skip
    if older:  # a past period's stock: its projection, not a forecast counted from today
        stock = fmt.day(r["stock_day"], lg) if r.get("stock_day") else "—"
        return tr("stockout_older_note", lg, sku=fmt.plain(r["sku"]), date=d, stock=stock,
                  lead=fmt.days(r.get("lead_time_days"), lg))  # fmt: skip
    return tr("stockout_sku_note", lg, sku=fmt.plain(r["sku"]), date=d, when=from_today(r["stockout_date"], today, lg),
              lead=fmt.days(r.get("lead_time_days"), lg))  # fmt: skip


def with_cover_text(stock: pl.DataFrame) -> pl.DataFrame:
    """Returns the frame with days_of_cover as text: "> 365 days" when capped, else the whole days."""
    if "days_of_cover" not in stock.columns or "cover_capped" not in stock.columns:
        return stock
    lg, over = lang(), t("cover_over_cap")
    text = [over if capped else fmt.days(v, lg) for v, capped in zip(stock["days_of_cover"], stock["cover_capped"])]
    return stock.with_columns(days_of_cover=pl.Series(text, dtype=pl.String))


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


COVER_CAP = 365  # days: a longer cover (or none in sight) is capped by metrics.planning.stockout


def cover_by_row(stock: pl.DataFrame, limit: int = 30) -> pl.DataFrame:
    """Returns the `limit` SKUs with the least days of cover (one bar per SKU: cover counts all its locations),
    labelled by SKU in column `item`; a capped SKU (over 365 days: overstock, news too) is kept, beyond the `limit`
    as well (up to 10 of them), as a bar clipped at 365 whose `note` says "> 365" (the others' note is null)."""
    has_cap = "cover_capped" in stock.columns
    capped = pl.col("cover_capped").fill_null(False) if has_cap else pl.lit(False)
    f = stock.filter(pl.col("days_of_cover").is_not_null() | capped).unique("sku")
    f = f.with_columns(
        days_of_cover=pl.when(capped)
        .then(pl.lit(float(COVER_CAP)))
        .otherwise(pl.col("days_of_cover").cast(pl.Float64)),
        note=pl.when(capped).then(pl.lit(t("cover_over_cap"))).otherwise(pl.lit(None, pl.String)),
    )
    f = f.sort("days_of_cover", "sku")
    over = f.filter(pl.col("note").is_not_null())
    f = pl.concat([f.filter(pl.col("note").is_null()).head(limit), over.head(10)])
    return f.select(pl.col("sku").alias("item"), "days_of_cover", "note")
