"""The ad-budget what-if's per-SKU inputs for a filter, read from the metric layer (never Streamlit)."""

from __future__ import annotations

import polars as pl

from metrics.core import api
from metrics.core.history import ads_history, sku_economics_daily
from metrics.core.periods import period_days
from metrics.whatif.ads import anchor_on_reported, attach_economics, fit_spend_response


def sku_curves(con, f: api.Filters) -> pl.DataFrame:
    """Returns one row per advertised master SKU of f's period: the fitted curve (`fit_spend_response` columns),
    its baseline spend and ad sales per day anchored on the Ads page's figures for the same period and filter
    (`anchor_on_reported`: today's ACoS = ad_spend / ad_sales, the data dictionary's, as on the Ads, SKU Profit
    and meeting pages) and the SKU's daily economics (`attach_economics`). Money in base currency."""
    days = period_days(f.start, f.end)
    fitted = fit_spend_response(ads_history(con, f), n_days=days)
    fitted = anchor_on_reported(fitted, api.ad_skus(con, f), days)
    return attach_economics(fitted, sku_economics_daily(con, f))
