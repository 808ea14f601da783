"""季节阈值 Seasonal thresholds: a KPI against its moving green/amber/red band; event calendar and band editors."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from metrics import api
from metrics.seasonal import bands, classify_series
from metrics.whatif_store import get_events, get_kpi_bands
from ui import charts, data, filters
from ui import format as fmt
from ui.i18n import lang, metric_name, metric_unit, placeholder
from ui.plan_editors import BAND_KPIS, Col, bands_editor, events_editor, table_columns
from ui.router import ensure_router
from ui.state import keep_choice
from ui.widgets import arrow, empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py

STATUS_COLOR = {"green": charts.GOOD, "amber": "#bf8700", "red": charts.BAD}
TX = {
    "title": ("季节阈值", "Seasonal thresholds"),
    "model": ("阈值如何得出", "How the bands are set"),
    "model_text": (
        "**默认阈值来自历史，是模型。** 某天的参照窗口 = 去年同一 ISO 周；若该天处于需求事件（Prime会员日、黑五网一、圣诞季等）内，"
        "则参照去年同一事件的窗口，事件日期变动时阈值跟随事件。中心 = 参照窗口日值的平均；σ = 其标准差；偏离中心超过 1σ 为黄，"
        "超过 2σ 为红；本页两个方向都标出，总览的指标卡只在不利方向提示（越高越好的指标只看低于中心）。销售额、单量、费率等不会为负的指标，阈值下限不低于 0。下方可按月份或事件类型手动设定阈值，手动设定优先。",
        "**The default bands come from history: a model.** A day's reference window is the same ISO week last "
        "year; inside a demand event (Prime Day, Black Friday / Cyber Monday, Christmas …) it is the same event's "
        "window last year, so the band follows the event when its dates move. Centre = mean of the daily values in "
        "the window; σ = their standard deviation; amber beyond 1σ, red beyond 2σ. This page flags both sides; the "
        "Overview's KPI tiles warn on the bad side only (for a KPI where higher is better, only values below the "
        "centre). For KPIs that cannot be negative (sales, units, rates) the band stops at zero. Bands set below by "
        "month or event kind win.",
    ),
    "kpi": ("指标", "KPI"),
    "date": ("日期", "Date"),
    "center": ("中心", "Centre"),
    "status": ("状态", "Status"),
    "value": ("数值", "Value"),
    "band": ("正常范围", "Normal range"),
    "status_now": ("{d} 状态", "Status on {d}"),
    "green": ("正常", "normal"),
    "amber": ("注意", "watch"),
    "red": ("异常", "alert"),
    "none": ("无阈值", "no band"),
    "flagged": ("超出阈值的日子", "Days outside the band"),
    "no_history": (
        "去年同期没有足够数据，暂无阈值（可在下方手动设定）。",
        "Not enough data for the same period last year, so no band yet (set one below).",
    ),  # fmt: skip
    "events": ("事件日历（可编辑；也在「设置」页）", "Event calendar (editable; also in Settings)"),
    "bands": ("手动阈值（可编辑；也在「设置」页）", "Band overrides (editable; also in Settings)"),
    "history": ("历史", "history"),
    "override": ("手动设定", "override"),
}
SIGNED = {"net_profit", "net_margin"}  # the band KPIs that can be negative; the others' bands stop at zero
UNIT_KIND = {"money": "money", "pct": "pct", "count": "int"}  # registry unit → column kind; others 2 decimals


def flagged_columns(frame: pl.DataFrame, kpi: str) -> dict:
    """Returns the flagged-days table's columns: labels in the page's language, values in the KPI's unit."""
    kind = UNIT_KIND.get(metric_unit(kpi), "num")
    status = {k: TX[k] for k in ("green", "amber", "red")}
    spec = {
        "date": Col("日期", "Date", "date"), "value": Col(metric_name(kpi), metric_name(kpi), kind),
        "status": Col("状态", "Status", "choice", status), "center": Col("中心", "Centre", kind),
        "amber_low": Col("黄色下限", "Amber below", kind), "amber_high": Col("黄色上限", "Amber above", kind),
        "window": Col("参照窗口", "Reference window"),
        "source": Col("阈值来源", "Band from", "choice", {k: TX[k] for k in ("history", "override")}),
    }  # fmt: skip
    return table_columns(frame, spec, filters.currency())


def tx(key: str, **v) -> str:
    text = TX[key][0 if lang() == "zh" else 1]
    return text.format(**v) if v else text


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _history(db: str, key: tuple, kpi: str) -> pl.DataFrame:
    """Returns the KPI's daily values from a year and a week before the period to its end (long format)."""
    f = api.Filters(**dict(key))
    g = f.model_copy(update={"start": f.start - timedelta(days=372), "compare": None})
    tr = api.trend(data.warehouse().con, g, [kpi], "day")
    return tr.select(date="period", kpi=pl.lit(kpi), value=pl.col(kpi).cast(pl.Float64))


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _calendar(db: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    con = data.warehouse().con
    return get_events(con), get_kpi_bands(con)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _band_frame(db: str, key: tuple, kpi: str, marketplace: str | None) -> pl.DataFrame:
    """Returns the period's days with the KPI's value, its band in force and the green/amber/red status."""
    f = api.Filters(**dict(key))
    events, overrides = _calendar(db)
    hist = _history(db, key, kpi)
    fr = bands(hist, kpi, marketplace, f.start, f.end, events=events, overrides=overrides)
    fr = fr.join(hist.select("date", "value"), on="date", how="left")
    if kpi not in SIGNED:  # a count, an amount or a rate of these cannot fall below zero, nor can its band
        fr = fr.with_columns(pl.col(c).clip(lower_bound=0) for c in ("center", "amber_low", "red_low"))
    # both sides: the chart draws both red edges, so a day beyond either one is drawn red and listed
    return classify_series(fr, "both")


f = filters.current()
st.title(tx("title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
with st.expander(tx("model"), icon=":material/functions:"):
    st.markdown(tx("model_text"))


@st.fragment
def band_chart() -> None:
    """The KPI picker and its band chart; changing the KPI reruns only this part."""
    names = {k: metric_name(k) for k in BAND_KPIS}
    keep_choice("se_kpi", BAND_KPIS)
    kpi = st.selectbox(
        tx("kpi"),
        list(BAND_KPIS),
        placeholder=placeholder(list(BAND_KPIS)),
        key="se_kpi",
        format_func=lambda k: names.get(k, k),
    )
    fr = _band_frame(data.db_key(), data.filters_key(f), kpi, f.marketplace)
    last = fr.filter(pl.col("value").is_not_null()).tail(1)
    if last.height:
        r = last.row(0, named=True)
        st.metric(tx("status_now", d=fmt.day(r["date"], lang())), tx(r["status"] or "none"))
    if fr["source"].is_null().all():
        st.info(tx("no_history"))
    colours = tuple((k, tx(k), c) for k, c in STATUS_COLOR.items())
    tips = (("date", tx("date")), ("value", metric_name(kpi)), ("center", tx("center")), ("status", tx("status")))
    charts.show(charts.band_chart(fr, metric_name(kpi), colours, lang(), tips))
    st.subheader(tx("flagged"))
    shown = fr.filter(pl.col("status").is_in(["amber", "red"])).select(
        "date", "value", "status", "center", "amber_low", "amber_high", "window", "source")  # fmt: skip
    st.dataframe(
        arrow(shown), hide_index=True, placeholder="—", key="se_flagged", column_config=flagged_columns(shown, kpi)
    )


band_chart()


with st.expander(tx("events"), icon=":material/event:"):
    events_editor("se", f.marketplace)
with st.expander(tx("bands"), icon=":material/tune:"):
    bands_editor("se")
