"""季节阈值 Seasonal thresholds: a KPI against its moving green/amber/red band; event calendar and band editors."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from metrics.core import api
from metrics.core.registry import REGISTRY
from metrics.planning.seasonal import bands, classify_series
from metrics.planning.store import get_events, get_kpi_bands
from ui import charts, data, filters
from ui import format as fmt
from ui.i18n import both, lang, metric_name, metric_unit, placeholder, t
from ui.plan_editors import BAND_KPIS, Col, bands_editor, events_editor, table_columns
from ui.router import ensure_router
from ui.state import keep_choice
from ui.widgets import arrow, empty_state, fit_height, fit_widths

ensure_router()  # a deep link opened before the app's first run must go through app.py

# "better": beyond the band on the KPI's good side (net sales above it, TACoS below it): no shortfall, not red
STATUS_COLOR = {"green": charts.GOOD, "better": "#0969da", "amber": "#bf8700", "red": charts.BAD}
SIGNED = {"net_profit", "net_margin"}  # the band KPIs that can be negative; the others' bands stop at zero
UNIT_KIND = {"money": "money", "pct": "pct", "count": "int"}  # registry unit → column kind; others 2 decimals


def flagged_columns(frame: pl.DataFrame, kpi: str) -> dict:
    """Returns the flagged-days table's columns: labels in the page's language, values in the KPI's unit."""
    kind = UNIT_KIND.get(metric_unit(kpi), "num")
    status = {k: both(f"sea_{k}") for k in STATUS_COLOR}
    spec = {
        "date": Col("日期", "Date", "date"), "value": Col(metric_name(kpi), metric_name(kpi), kind),
        "status": Col("状态", "Status", "choice", status), "center": Col("中心", "Centre", kind),
        "amber_low": Col("黄色下限", "Amber below", kind), "amber_high": Col("黄色上限", "Amber above", kind),
        "window": Col("参照窗口", "Reference window"),
        "source": Col("阈值来源", "Band from", "choice", {k: both(f"sea_{k}") for k in ("history", "override")}),
    }  # fmt: skip
    return table_columns(frame, spec, filters.currency())


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
    # both sides: the chart draws both red edges, so a day beyond either one is listed; coloured by direction (above
    # the band is good for sales, bad for ACoS / TACoS): the good side reads "better", never a red shortfall
    return classify_series(fr, "both", REGISTRY[kpi].good if kpi in REGISTRY else None)


f = filters.current()
st.title(t("sea_title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
with st.expander(t("sea_model"), icon=":material/functions:"):
    st.markdown(t("sea_model_text"))


@st.fragment
def band_chart() -> None:
    """The KPI picker and its band chart; changing the KPI reruns only this part."""
    names = {k: metric_name(k) for k in BAND_KPIS}
    keep_choice("se_kpi", BAND_KPIS)
    kpi = st.selectbox(
        t("sea_kpi"),
        list(BAND_KPIS),
        placeholder=placeholder(list(BAND_KPIS)),
        key="se_kpi",
        format_func=lambda k: names.get(k, k),
    )
    fr = _band_frame(data.db_key(), data.filters_key(f), kpi, f.marketplace)
    last = fr.filter(pl.col("value").is_not_null()).tail(1)
    if last.height:
        r = last.row(0, named=True)
        st.metric(t("sea_status_now", d=fmt.day(r["date"], lang())), t("sea_" + (r["status"] or "none")))
    if fr["source"].is_null().all():
        st.info(t("sea_no_history"))
    colours = tuple((k, t(f"sea_{k}"), c) for k, c in STATUS_COLOR.items())
    tips = (
        ("date", t("sea_date")),
        ("value", metric_name(kpi)),
        ("center", t("sea_center")),
        ("status", t("sea_status")),
    )
    charts.show(charts.band_chart(fr, metric_name(kpi), colours, lang(), tips))
    st.subheader(t("sea_flagged"))
    shown = fr.filter(pl.col("status").is_in(["amber", "red", "better"])).select(
        "date", "value", "status", "center", "amber_low", "amber_high", "window", "source")  # fmt: skip
    lg = lang()  # the event's name and dates in the page's language (never the event kind id `bfcm`)
    shown = shown.with_columns(pl.Series("window", [fmt.window(w, lg) for w in shown["window"]], dtype=pl.String))
    config = fit_widths(shown, flagged_columns(shown, kpi))
    st.dataframe(
        arrow(shown, config),
        hide_index=True,
        placeholder="—",
        key="se_flagged",
        column_config=config,
        height=fit_height(shown),
    )


band_chart()


with st.expander(t("sea_events"), icon=":material/event:"):
    events_editor("se", f.marketplace)
with st.expander(t("sea_bands"), icon=":material/tune:"):
    bands_editor("se")
