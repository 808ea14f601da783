"""退货与物流 Returns & logistics: return rate and reasons by SKU, logistics cost share of net sales."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.sales.logistics import logistics_by_marketplace, logistics_total
from metrics.sales.return_reasons import reason_label
from ui import charts, filters, tables
from ui import format as fmt
from ui.i18n import lang, t
from ui.returns import COLUMNS, SKU_TABLE, logistics_frame, logistics_tables, returns_frames
from ui.router import ensure_router
from ui.widgets import empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py


f = filters.current()
st.title(t("ret_title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
lg, cur = lang(), filters.currency()
with st.expander(t("ret_about"), icon=":material/functions:"):
    st.markdown(t("ret_about_text"))

by_sku, reasons, dispositions = returns_frames(f, lg)
st.subheader(t("ret_returns"))
sold = int(by_sku.get_column("units").sum()) if by_sku.height else 0
back = int(by_sku.get_column("returned_units").sum()) if by_sku.height else 0
refunded = int(by_sku.get_column("refund_units").sum()) if by_sku.height else 0
cols = st.columns(4)
cols[0].metric(t("ret_rate"), fmt.pct(back / sold if sold else None))
cols[1].metric(t("ret_returned"), fmt.count(back))
cols[2].metric(t("ret_sold"), fmt.count(sold))
cols[3].metric(t("ret_refund_rate"), fmt.pct(refunded / sold if sold else None))
if reasons.is_empty():
    st.info(t("ret_no_returns"))
else:
    # the chart and the graded units side by side, the reasons table under them at the page's width: four columns
    # in half of it ran off its right edge at 1280 px in English
    left, right = st.columns(2)
    with left:
        st.caption(t("ret_reasons"))
        charts.show(charts.bars(reasons.head(10), "label", "returned_units", "count", t("ret_units_axis")))
    with right:
        if not dispositions.is_empty():
            st.caption(t("ret_dispositions"))
            graded = dispositions.select(pl.col("label").alias("disposition_label"), "returned_units")
            tables.show(graded, "rt_dispositions", spec=COLUMNS)
    tables.show(reasons.drop("reason"), "rt_reasons", spec=COLUMNS)
    # the SKU table takes the page's width: seven columns in half of it ran off its right edge in English
    st.caption(t("ret_by_sku"))
    shown = by_sku.filter(pl.col("returned_units") > 0).with_columns(
        pl.col("top_reason").map_elements(lambda c: reason_label(c, lg), return_dtype=pl.String)
    )
    tables.show(shown.select(c for c in SKU_TABLE if c in shown.columns), "rt_by_sku", spec=COLUMNS)

st.subheader(t("ret_logistics"))
monthly = logistics_frame(f)
total = logistics_total(monthly)
cols = st.columns(2)
share = total["logistics_share"]
cols[0].metric(t("ret_share"), fmt.pct(share))
cols[1].metric(t("ret_total_cost"), fmt.money(total["logistics"], cur, lg, short=True))  # compact, as every headline
named = lambda frame: frame.with_columns(pl.col("marketplace").replace({"*": t("ret_company")}))  # noqa: E731
by_market, by_month = logistics_tables(logistics_by_marketplace(monthly), monthly)
# amounts in whole units of the base currency, named once here: a symbol in every header pushed the tables wider
# than the page at 1280 px
amounts = t("ret_amounts_in", cur=fmt.symbol(cur, lg), code=cur)
semi = "；" if lg == "zh" else "; "
st.caption(f"{t('ret_by_market')} · {amounts}{semi}{t('ret_unpaid_hidden')}")
tables.show(named(by_market), "rt_logistics_market", spec=COLUMNS)
st.caption(f"{t('ret_by_month')} · {amounts}{semi}{t('ret_kinds_above')}")
tables.show(named(by_month), "rt_logistics_month", spec=COLUMNS)
