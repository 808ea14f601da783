"""Advertising-page helpers: the campaign and SKU tables and the organic-vs-ad split of sales over time."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui.i18n import labeler, metric_name, t
from ui.widgets import money_column, pct_column

MONEY = {"ad_spend", "ad_sales", "gross_sales", "cpc", "unallocated_spend"}
PCT = {"acos", "tacos", "breakeven_acos", "ctr", "cvr"}
COUNTS = {"impressions", "clicks", "ad_orders", "ad_units", "orders", "units"}  # whole numbers, even when allocated
OWN_LABELS = {"channel", "marketplace", "ad_program", "attribution", "unallocated_spend"}  # catalog, not registry


def column_config(columns: list[str], currency: str) -> dict:
    """Returns registry names and money/percent formats for an ads table."""
    config = {}
    for c in columns:
        label = t(c) if c in OWN_LABELS else metric_name(c)
        if c in MONEY:
            config[c] = money_column(label, currency)
        elif c in PCT:
            config[c] = pct_column(label)
        elif c in COUNTS:
            config[c] = st.column_config.NumberColumn(label, format="%,.0f")
        elif c == "above_breakeven":
            config[c] = t("above_breakeven_col")
        elif c in ("ad_program", "attribution_days"):
            config[c] = t(f"col_{c}")
        else:
            config[c] = label
    return config


def organic_split(trend: pl.DataFrame) -> pl.DataFrame:
    """Returns per period the ad-attributed sales and the rest of gross sales (organic; never below zero).

    Attributed sales can exceed the SKU's own sales (a click on one SKU buying another), so organic is clipped.
    """
    return trend.select(
        "period",
        pl.col("ad_sales").fill_null(0).alias("ad_sales"),
        (pl.col("gross_sales").fill_null(0) - pl.col("ad_sales").fill_null(0)).clip(lower_bound=0).alias("organic"),
    )


def label_values(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns the frame with channel and ad-program codes shown in the page's language (`tiktok` -> TikTok Shop,
    `gmv_max` -> TikTok GMV Max); codes without a label stay as they are."""
    out = frame
    if "channel" in out.columns:
        name = labeler()  # bound to the page's language: polars may call it off the page's thread
        out = out.with_columns(pl.col("channel").map_elements(name, return_dtype=pl.String))
    if "ad_program" in out.columns:
        names = {p: t(f"program_{p}") for p in ("sp", "sb", "sd", "tiktok_ads", "gmv_max", "meta", "google")}
        names |= {c: t(c) for c in ("amazon", "tiktok", "shopify")}  # reports that name no program
        out = out.with_columns(pl.col("ad_program").replace(names))
    return out
