"""客户 Customers: repeat-purchase rate, orders per customer and 12-month value per monthly cohort (Shopify, TikTok)."""

from __future__ import annotations

import streamlit as st

from metrics.sales.customers import heatmap_frame
from ui import charts, filters, tables
from ui import format as fmt
from ui.i18n import lang, t
from ui.returns import COLUMNS, cohort_heatmap, customer_frames
from ui.router import ensure_router
from ui.widgets import empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py


f = filters.current()
st.title(t("cust_title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
lg, cur = lang(), filters.currency()
with st.expander(t("cust_about"), icon=":material/functions:"):
    st.markdown(t("cust_about_text"))
summary, by_channel, cohorts = customer_frames(f)
if not summary["customers"]:
    st.info(t("cust_none"))
    st.stop()
cols = st.columns(4)
cols[0].metric(t("cust_customers"), fmt.count(summary["customers"]))
cols[1].metric(t("cust_repeat"), fmt.pct(summary["repeat_rate"]))
cols[2].metric(t("cust_per_customer"), fmt.ratio(summary["orders_per_customer"]))
cols[3].metric(t("cust_orders"), fmt.count(summary["orders"]))
st.caption(t("cust_by_channel"))
tables.show(by_channel, "cu_by_channel", spec=COLUMNS)
st.subheader(t("cust_cohorts"))
long = heatmap_frame(cohorts)
if not long.is_empty():
    charts.show(cohort_heatmap(long, t("cust_month_axis"), t("cust_cohort_axis")))
tables.show(cohorts, "cu_cohorts", cur, spec=COLUMNS)
