"""退货与物流 Returns & logistics: return rate and reasons by SKU, logistics cost share of net sales."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.logistics import logistics_by_marketplace, logistics_total
from metrics.return_reasons import reason_label
from ui import charts, filters, tables
from ui import format as fmt
from ui.i18n import lang
from ui.returns import COLUMNS, logistics_frame, returns_frames
from ui.router import ensure_router
from ui.widgets import empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py

TX = {
    "title": ("退货与物流", "Returns & logistics"),
    "returns": ("退货", "Returns"),
    "rate": ("退货率", "Return rate"), "returned": ("退货件数", "Returned units"), "sold": ("销量", "Units sold"),
    "refund_rate": ("退款率", "Refund rate"),
    "about": ("口径说明", "Definitions"),
    "about_text": (
        "**退货率** = 退货报告中的退货件数（按退货日期）÷ 同期销量。**退款率** = 付款报告中的退款件数 ÷ 同期销量。"
        "二者不同：仅退款不退货（或包裹丢失）只计入退款率；在途退货或换货只计入退货率；退款与退货入库的日期也不同。"
        "退货原因来自亚马逊 FBA 买家退货报告（原因代码已译成中文）和 TikTok Shop 订单导出的取消/退货原因（按原文显示）；"
        "Shopify 订单导出没有退货原因。\n\n"
        "**物流成本** = 销货成本中的头程运费 + 配送费（FBA/平台）+ 购买配送服务费 + 第三方仓/海外仓费用（费用模板中的 "
        "warehouse_3pl 类别）；**物流成本占比** = 物流成本 ÷ 净销售额。未指定站点的仓储费用只计入合计。",
        "**Return rate** = units returned in the returns reports (by return date) ÷ units sold in the same period. "
        "**Refund rate** = refunded units in the payment reports ÷ units sold. They differ: a refund without a "
        "return (or a lost parcel) counts only in the refund rate; a return in transit or a replacement only in "
        "the return rate; and refunds and returns are dated differently. Reasons come from Amazon's FBA customer "
        "returns report (reason codes translated) and TikTok Shop's cancel/return reason (as printed); Shopify's "
        "orders export names none.\n\n"
        "**Logistics cost** = the first-mile freight in COGS + fulfilment fees (FBA / platform) + shipping "
        "services + 3PL / overseas-warehouse expenses (category warehouse_3pl of the expenses template); "
        "**logistics share** = logistics cost ÷ net sales. Expenses without a marketplace count in the total only.",
    ),
    "reasons": ("退货原因", "Return reasons"), "by_sku": ("各 SKU 退货", "Returns by SKU"),
    "dispositions": ("退货商品仓库判定（亚马逊）", "How returned units were graded (Amazon)"),
    "no_returns": ("本期没有退货记录：请在「数据」页上传亚马逊 FBA 买家退货报告或 TikTok Shop 订单导出。",
                   "No returns in this period: upload Amazon's FBA customer returns report or a TikTok Shop order export on the Data page."),
    "logistics": ("物流成本占比", "Logistics cost share"), "share": ("物流成本占净销售额", "Logistics cost / net sales"),
    "total_cost": ("物流成本合计", "Logistics cost"), "by_market": ("按站点", "By marketplace"),
    "by_month": ("按站点和月份", "By marketplace and month"), "company": ("公司级（未指定站点）", "Company-wide (no marketplace)"),
    "units_axis": ("退货件数", "Returned units"),
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

by_sku, reasons, dispositions = returns_frames(f, lg)
st.subheader(tx("returns"))
sold = int(by_sku.get_column("units").sum()) if by_sku.height else 0
back = int(by_sku.get_column("returned_units").sum()) if by_sku.height else 0
refunded = int(by_sku.get_column("refund_units").sum()) if by_sku.height else 0
cols = st.columns(4)
cols[0].metric(tx("rate"), fmt.pct(back / sold if sold else None))
cols[1].metric(tx("returned"), fmt.count(back))
cols[2].metric(tx("sold"), fmt.count(sold))
cols[3].metric(tx("refund_rate"), fmt.pct(refunded / sold if sold else None))
if reasons.is_empty():
    st.info(tx("no_returns"))
else:
    left, right = st.columns(2)
    with left:
        st.caption(tx("reasons"))
        charts.show(charts.bars(reasons.head(10), "label", "returned_units", "count", tx("units_axis")))
        tables.show(reasons.drop("reason"), "rt_reasons", spec=COLUMNS)
    with right:
        st.caption(tx("by_sku"))
        shown = by_sku.filter(pl.col("returned_units") > 0).with_columns(
            pl.col("top_reason").map_elements(lambda c: reason_label(c, lg), return_dtype=pl.String)
        )
        tables.show(shown, "rt_by_sku", spec=COLUMNS)
        if not dispositions.is_empty():
            st.caption(tx("dispositions"))
            graded = dispositions.select(pl.col("label").alias("disposition_label"), "returned_units")
            tables.show(graded, "rt_dispositions", spec=COLUMNS)

st.subheader(tx("logistics"))
monthly = logistics_frame(f)
total = logistics_total(monthly)
cols = st.columns(2)
share = total["logistics_share"]
cols[0].metric(tx("share"), fmt.pct(share))
cols[1].metric(tx("total_cost"), fmt.money(total["logistics"], cur, lg))
named = lambda frame: frame.with_columns(pl.col("marketplace").replace({"*": tx("company")}))  # noqa: E731
st.caption(tx("by_market"))
tables.show(named(logistics_by_marketplace(monthly)), "rt_logistics_market", cur, spec=COLUMNS)
st.caption(tx("by_month"))
tables.show(named(monthly), "rt_logistics_month", cur, spec=COLUMNS)
