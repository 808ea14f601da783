"""Cached queries, column headings and charts of the Returns & logistics and Customers pages."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from metrics.core import api
from metrics.sales import customers, logistics, returns
from metrics.sales.return_reasons import GROUPS
from ui import data
from ui.charts import cached
from ui.plan_editors import Col

TTL = 3600
# short English headers and whole units: the logistics tables hold nine columns and must fit the page in English
# (the page's "about" text says what each cost holds)
GROUP_CHOICES = GROUPS
COLUMNS: dict[str, Col] = {
    "sku": Col("SKU", "SKU"), "units": Col("销量", "Sold", "int"),
    "returned_units": Col("退货件数", "Returns", "int"), "return_rate": Col("退货率", "Return rate", "pct"),
    "refund_units": Col("退款件数", "Refunded units", "int"), "refund_rate": Col("退款率", "Refund rate", "pct"),
    "top_reason": Col("主要原因", "Top reason"), "label": Col("原因", "Reason"),
    "group": Col("归类", "Group", "choice", GROUP_CHOICES), "share": Col("占比", "Share", "pct"),
    "disposition_label": Col("仓库判定", "Graded as"), "marketplace": Col("站点", "Marketplace"),
    "month": Col("月份", "Month", "date"), "net_sales": Col("净销售额", "Net sales", "money", digits=0),
    "first_mile": Col("头程", "First mile", "money", digits=0), "fulfilment": Col("配送费", "Fulfilment", "money", digits=0),
    "shipping_services": Col("购买配送", "Shipping", "money", digits=0),
    "warehouse_3pl": Col("海外仓/3PL", "3PL", "money", digits=0),
    "logistics": Col("物流成本", "Logistics", "money", digits=0), "logistics_share": Col("占净销售额", "% of sales", "pct"),
    "channel": Col("渠道", "Channel", "choice", {"shopify": ("Shopify", "Shopify"), "tiktok": ("TikTok Shop", "TikTok Shop")}),
    "customers": Col("客户数", "Customers", "int"), "orders": Col("订单数", "Orders", "int"),
    "repeat_customers": Col("复购客户", "Repeat customers", "int"), "repeat_rate": Col("复购率", "Repeat rate", "pct"),
    "orders_per_customer": Col("人均订单", "Orders per customer", "num"),
    "cohort": Col("首购月份", "First-order month", "date"), "value_12m": Col("12个月价值/人", "12-month value per customer", "money"),
    **{f"m{k}": Col(f"第{k + 1}月", f"Month {k + 1}", "money") for k in range(customers.MONTHS)},
}  # fmt: skip


# the SKU table at 1280 px: the reason next to the SKU, the refunded units left to the refund rate (tile and column)
SKU_TABLE = ("sku", "top_reason", "returned_units", "return_rate", "units", "refund_rate")


def logistics_tables(by_market: pl.DataFrame, monthly: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Returns the (by marketplace, by marketplace × month) logistics tables as the page shows them at 1280 px:
    a cost kind no row paid (all zero: e.g. no 3PL) is left out of both; the monthly table keeps the trend
    (net sales, logistics cost, share) and leaves the cost kinds to the marketplace table above it."""
    paid = [
        c for c in logistics.PARTS if c in by_market.columns and by_market.get_column(c).fill_null(0).abs().sum() > 0
    ]
    unpaid = [c for c in logistics.PARTS if c in by_market.columns and c not in paid]
    keep = [c for c in ("marketplace", "month", "net_sales", "logistics", "logistics_share") if c in monthly.columns]
    return by_market.drop(unpaid), monthly.select(keep)


def _f(key: tuple) -> api.Filters:
    return api.Filters(**dict(key))


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def _returns(db: str, key: tuple, lang: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    con = data.warehouse().con
    f = _f(key)
    return returns.returns_by_sku(con, f), returns.reasons(con, f, lang), returns.dispositions(con, f, lang)


def returns_frames(f: api.Filters, lang: str) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Returns (by SKU, reasons, dispositions) for the filter, reason names in `lang`."""
    return _returns(data.db_key(), data.filters_key(f), lang)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def _logistics(db: str, key: tuple) -> pl.DataFrame:
    return logistics.logistics_by_month(data.warehouse().con, _f(key))


def logistics_frame(f: api.Filters) -> pl.DataFrame:
    """Returns logistics cost per marketplace × month for the filter."""
    return _logistics(data.db_key(), data.filters_key(f))


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def _customers(db: str, key: tuple) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
    con = data.warehouse().con
    f = _f(key)
    return customers.summary(con, f), customers.by_channel(con, f), customers.cohorts(con, f)


def customer_frames(f: api.Filters) -> tuple[dict, pl.DataFrame, pl.DataFrame]:
    """Returns (summary, by channel, cohorts) for the filter."""
    return _customers(data.db_key(), data.filters_key(f))


@cached
def cohort_heatmap(frame: pl.DataFrame, x_title: str, y_title: str, title: str = "") -> alt.Chart:
    """Returns a cohort × month heatmap of cumulative value per customer (long frame: cohort, month 0..11, value).

    Months are counted from 1 (1 = the first-order month), as the cohort table's headers 第1月 … 第12月 and the
    12-month value (= month 12) count them. Each cohort row is 28 px high, the chart at least 260 px, so one or two
    cohorts still read as a grid rather than a strip."""
    return (
        alt.Chart(frame.to_pandas(), title=title)
        .transform_calculate(n="datum.month + 1")
        .mark_rect()
        .encode(
            x=alt.X("n:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("cohort:O", title=y_title),
            color=alt.Color("value:Q", title=None, scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("cohort:O", title=y_title),
                alt.Tooltip("n:O", title=x_title),
                alt.Tooltip("value:Q", format=",.2f"),
            ],
        )
        .properties(height=max(260, 28 * frame.get_column("cohort").n_unique()))
    )
