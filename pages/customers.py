"""客户 Customers: repeat-purchase rate, orders per customer and 12-month value per monthly cohort (Shopify, TikTok)."""

from __future__ import annotations

import streamlit as st

from metrics.customers import heatmap_frame
from ui import charts, filters, tables
from ui import format as fmt
from ui.i18n import lang
from ui.returns import COLUMNS, cohort_heatmap, customer_frames
from ui.router import ensure_router
from ui.widgets import empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py

TX = {
    "title": ("客户", "Customers"),
    "about": ("口径说明", "Definitions"),
    "about_text": (
        "客户来自会提供买家标识的渠道：Shopify 订单导出的买家邮箱、TikTok Shop 订单导出的买家用户名。导入时即转换为加盐哈希，"
        "仓库中不保存任何邮箱或姓名；同一人在两个渠道算两位客户。已取消订单不计。\n\n"
        "**复购率** = 本期下单 ≥ 2 次的客户 ÷ 本期下单客户；**人均订单** = 订单数 ÷ 客户数；"
        "**同期群** = 首次下单的月份；第 k 月价值 = 该群客户自首月起 k 个月内的累计净销售额 ÷ 群内客户数（本位币）；"
        "**12 个月价值** = 第 12 月的累计值，数据不足 12 个月时为空。",
        "Customers come from channels that name the buyer: the buyer e-mail of Shopify's orders export and the buyer "
        "user name of TikTok Shop's order export, turned into a salted hash on import; the warehouse keeps no "
        "e-mail or name, and one person on both channels counts as two customers. Cancelled orders are left out.\n\n"
        "**Repeat rate** = customers with ≥ 2 orders in the period ÷ customers with an order in the period; "
        "**orders per customer** = orders ÷ customers; a **cohort** is the month of the first order; month k's "
        "value = the cohort's cumulative net sales from its first month through month k ÷ its customers (base "
        "currency); **12-month value** = month 12's cumulative value, empty until 12 months of data exist.",
    ),
    "customers": ("客户数", "Customers"), "repeat": ("复购率", "Repeat rate"),
    "per_customer": ("人均订单", "Orders per customer"), "orders": ("订单数", "Orders"),
    "by_channel": ("按渠道", "By channel"), "cohorts": ("同期群：每位客户的累计价值", "Cohorts: cumulative value per customer"),
    "month_axis": ("首购后第几月（0 = 首月）", "Months after the first order (0 = first month)"),
    "cohort_axis": ("首购月份", "First-order month"),
    "none": ("本期没有带买家标识的订单：请在「数据」页上传 Shopify 订单导出或 TikTok Shop 订单导出（含 Email / Buyer Username 列）。",
             "No orders with a buyer id in this period: upload a Shopify orders export or a TikTok Shop order export "
             "(with its Email / Buyer Username column) on the Data page."),
}  # fmt: skip


def tx(key: str) -> str:
    return TX[key][0 if lang() == "zh" else 1]


f = filters.current()
st.title(tx("title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
lg, cur = lang(), filters.currency()
with st.expander(tx("about"), icon=":material/functions:"):
    st.markdown(tx("about_text"))
summary, by_channel, cohorts = customer_frames(f)
if not summary["customers"]:
    st.info(tx("none"))
    st.stop()
cols = st.columns(4)
cols[0].metric(tx("customers"), fmt.count(summary["customers"]))
cols[1].metric(tx("repeat"), fmt.pct(summary["repeat_rate"]))
cols[2].metric(tx("per_customer"), fmt.ratio(summary["orders_per_customer"]))
cols[3].metric(tx("orders"), fmt.count(summary["orders"]))
st.caption(tx("by_channel"))
tables.show(by_channel, "cu_by_channel", spec=COLUMNS)
st.subheader(tx("cohorts"))
long = heatmap_frame(cohorts)
if not long.is_empty():
    charts.show(cohort_heatmap(long, tx("month_axis"), tx("cohort_axis")))
tables.show(cohorts, "cu_cohorts", cur, spec=COLUMNS)
