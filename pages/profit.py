"""SKU利润 Profit by SKU: unit-economics table, per-unit waterfall, Pareto of profit, SKU detail with lineage."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import charts, data, filters
from ui.chart_labels import PAGE_CHART_PX
from ui.format import sku_label
from ui.i18n import lang, metric_name, placeholder, t
from ui.overview import cost_banner, fx_gap_notice, no_rate_chart
from ui.profit import detail, flagged, missing_cost_note, sku_table, waterfall_steps
from ui.state import keep_choice
from ui.widgets import empty_state, header

f = filters.current()
header("page_profit", f)
if f is None:
    empty_state("empty_profit")
    st.stop()

cur = filters.currency()
skus = data.sku_economics(f)
if skus.is_empty():
    empty_state("empty_profit")
    st.stop()
fx_gap_notice(f)  # sales without a rate to the base: their SKUs read "no rate", the totals are partial
cost_banner(data.kpi_compare(f), f)

st.subheader(t("sku_table"))
losers_only = st.toggle(t("losers_only"), key="pf_losers")
no_rate = data.unconverted_skus(f)
gaps = data.fx_gaps(f)
no_ad_rate = data.unrated_ad_skus(f)  # ads without a rate: their ad spend "—", not 0.00
sku_table(skus, cur, losers_only, no_rate, no_ad_rate)

real = skus.filter(~pl.col("sku").str.starts_with("("))  # "(unallocated)" has no units to chart
names = dict(zip(real["sku"], real["name_zh" if lang() == "zh" else "name_en"])) if "name_en" in real.columns else {}
choices = real["sku"].to_list()
# the waterfall and the Pareto each take the page's width: in half a page at 1280 px the waterfall's amounts ran
# into each other and the Pareto's right axis title was cut
st.subheader(t("waterfall"))
keep_choice("pf_sku", choices)
sku = st.columns([1, 2])[0].selectbox(t("choose_sku"), choices, placeholder=placeholder(choices), key="pf_sku",
                                      format_func=lambda s: f"{s} · {names.get(s) or ''}".rstrip(" ·"))  # fmt: skip
if sku:
    row = real.filter(pl.col("sku") == sku).row(0, named=True)
    if sku in no_rate:  # none of its sales converted to the base: every step would read 0.00, the rate is missing
        no_rate_chart(gaps)
    else:
        steps = waterfall_steps(row)
        # brackets for a loss, as the table above shows money: "(28.22)", never "−28.22" beside "(2,390.13)"
        charts.show(charts.waterfall(steps, t("w_profit"), t("per_unit_in", cur=cur), width_px=PAGE_CHART_PX,
                                     accounting=True))  # fmt: skip
        missing_cost_note(row)  # cost steps of 0.00 say why: no landed cost, and where to enter it
st.subheader(t("pareto"))
lg = lang()  # read here: polars may run the lambda off the page's thread
# every line, "(no SKU)" (money no SKU carries) included: the shares are of the whole company's positive profit
# a SKU none of whose sales converted has no known profit (flagged: None), not 0
bars = flagged(skus, no_rate, no_ad_rate).select(
    pl.col("sku").map_elements(lambda s: sku_label(s, lg), return_dtype=pl.String), "net_profit"
)
if gaps.whole or bars["net_profit"].drop_nulls().is_empty():
    if gaps.gaps:
        no_rate_chart(gaps)
    else:  # sales, but no SKU's profit known (no landed cost yet), or no line at all
        st.info(t("pareto_unknown") if bars.height else t("empty_period"))
else:
    charts.show(
        charts.pareto(
            bars.drop_nulls("net_profit"),
            "sku",
            "net_profit",
            t("cumulative_share"),
            axis_title=t("axis_named", label=metric_name("net_profit"), cur=cur),
            accounting=True,
        )
    )
    st.caption(t("pareto_note"))

if sku:
    st.subheader(f"{t('sku_detail')} · {sku}")
    detail(f, sku, cur, gaps if sku in no_rate else None)
