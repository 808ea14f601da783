"""经营总览 Overview: KPI tiles vs comparison, trends, breakdown by channel and marketplace, alerts."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.accounts.targets import view_krs
from metrics.core.fx_gaps import SALES_MONEY, blank
from ui import charts, data, filters
from ui import format as fmt
from ui import trends as trend_charts
from ui.budget import with_targets
from ui.i18n import labeler, lang, metric_name, t
from ui.overview import alerts, cost_banner, fx_gap_notice, no_rate_chart
from ui.profit import column_config
from ui.state import keep_choice, seed
from ui.stores import labelled
from ui.widgets import empty_state, header, kpi_grid, table

KPIS = ["net_sales", "units", "orders", "aov", "net_profit", "net_margin",
        "acos", "tacos", "refund_rate", "days_of_inventory", "days_of_cover", "gross_profit"]  # fmt: skip
MONEY_TREND = ["net_sales", "gross_profit", "net_profit", "ad_spend"]
RATIO_TREND = ["net_margin", "acos", "tacos"]

f = filters.current()
header("page_overview", f)
if f is None:
    empty_state("empty_overview")
    st.stop()

cur = filters.currency()
fx_gap_notice(f)  # amounts without a rate to the base: said above the tiles, with where to add the rate
gaps = data.fx_gaps(f)
values = blank(data.kpi_compare(f), gaps)  # no sale converted: money tiles "—", not ¥0.00 beside units
cost_banner(values, f)
# each tile carries the status of the period's last day against the KPI's seasonal band (when it has one)
bands = {r["kpi"]: r for r in data.seasonal_status(f).iter_rows(named=True)}
# a key result bound to a tile's metric (the view's filters, its period covering the view's last day) adds its target;
# one for a wider scope than the view (a company KR on a SKU filter) is named, not compared
targets = with_targets(f, KPIS, view_krs(data.kr_scores(f), f, KPIS))  # the targets sheet fills the other tiles
kpi_grid(KPIS, values, cur, bands=bands, targets=targets, view=(f.start, f.end))


@st.fragment
def trends() -> None:
    """Trend charts; only this part reruns when the grain changes."""
    top = st.columns([3, 1])
    top[0].subheader(t("trend"))
    days = (f.end - f.start).days + 1
    natural = "day" if days <= 45 else "week" if days <= 200 else "month"  # daily ratios over a year are noise
    seed("ov_grain", natural)  # seeded, not default=: the value is re-set by id after a language switch
    keep_choice("ov_grain", ["day", "week", "month"])
    grain = top[1].segmented_control(t("grain"), ["day", "week", "month"], format_func=labeler(),
                                     key="ov_grain", label_visibility="collapsed") or natural  # fmt: skip
    frame = data.trend(f, MONEY_TREND + RATIO_TREND, grain)
    if frame.is_empty():
        st.info(t("empty_period"))
        return
    cut = trend_charts.cut_buckets(frame, f, grain)
    left, right = st.columns(2)
    # no sale converted to the base: its money lines (and the ratios over net sales) would be a flat 0, said instead
    # (ACoS stays when its ads converted)
    ratios = [m for m in RATIO_TREND if m in frame.columns and not (gaps.whole and (
        m in SALES_MONEY or frame[m].drop_nulls().is_empty()))]  # fmt: skip
    with left:
        if gaps.whole:
            no_rate_chart(gaps)
        else:
            charts.show(trend_charts.trend_lines(frame, {m: metric_name(m) for m in MONEY_TREND}, "money", partial=cut,
                                                 axis_title=t("axis_amount", cur=cur)))  # fmt: skip
    with right:
        if not ratios:  # ACoS alone and no ad spend converted either: nothing to draw
            no_rate_chart(gaps)
            return
        # one spike day (1,200 % ACoS on a few cents of ad sales) flattened every other day: a robust scale, said
        cap, beyond = trend_charts.outliers(frame, ratios)
        charts.show(trend_charts.trend_lines(frame, {m: metric_name(m) for m in ratios}, "pct", partial=cut,
                                             clip=cap))  # fmt: skip
        if cap:
            points = "; ".join(f"{metric_name(m)} {fmt.day(p, lang())} {fmt.pct(v)}" for m, p, v in beyond[:3])
            st.caption(t("trend_clipped", cap=fmt.pct(cap, 0), points=points, n=len(beyond)))


trends()

# the two breakdown charts side by side, their tables below at the page's width: in half a page a table's last
# columns (net profit at 1280 px) were cut; ad spend, ROAS and break-even ACoS per channel are on the Ads page
BREAKDOWN = ("net_sales", "units", "net_profit", "net_margin", "acos", "tacos")
frames = {by: data.breakdown(f, by) for by in ("channel", "marketplace")}
if gaps.whole:  # no sale converted: the breakdowns' sales money is unknown ("—"), not 0.00
    frames = {by: fr.with_columns(pl.lit(None, pl.Float64).alias(c) for c in fr.columns if c in SALES_MONEY)
              for by, fr in frames.items()}  # fmt: skip
for col, (by, key) in zip(st.columns(2), (("channel", "by_channel"), ("marketplace", "by_marketplace"))):
    with col:
        st.subheader(t(key))
        frame = frames[by]
        if frame.is_empty():
            st.info(t("empty_period"))
            continue
        if gaps.whole:
            no_rate_chart(gaps)
            continue
        name = labeler()  # channel ids (amazon, tiktok …) as names on the chart's axis
        named = frame.with_columns(pl.col(by).map_elements(name, return_dtype=pl.String)) if by == "channel" else frame
        charts.show(charts.bars(named, by, "net_sales", "money", metric_name("net_sales")))  # channel names on the axis
for by, key in (("channel", "by_channel"), ("marketplace", "by_marketplace")):
    if not frames[by].is_empty():
        shown = [c for c in (by, *BREAKDOWN) if c in frames[by].columns]
        st.caption(t(key))
        table(frames[by].select(shown), f"breakdown_{by}", f"ov_{by}", column_config=column_config(shown, cur))

if len(data.stores()) >= 2:  # sellers running several accounts compare their stores side by side
    st.subheader(t("by_store"))
    frame = data.breakdown(f, "store")
    if gaps.whole:
        frame = frame.with_columns(pl.lit(None, pl.Float64).alias(c) for c in frame.columns if c in SALES_MONEY)
    shown = [
        c for c in ("store", "net_sales", "units", "net_profit", "net_margin", "acos", "tacos") if c in frame.columns
    ]
    table(labelled(frame.select(shown)), "breakdown_store", "ov_store",
          column_config=column_config(shown, cur) | {"store": t("store")})  # fmt: skip

st.subheader(t("alerts"))
alerts(f)
