"""补货计划 Reorder planning: reorder-by dates, quantities, stock-out dates, the peak-season check, lead times."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from metrics.core import api
from metrics.core.history import demand_history, stock_position
from metrics.planning.events import KINDS, events_for, next_event
from metrics.planning.forecast import backtest
from metrics.planning.plan import peak_horizon, peak_plan, plan_inputs, reorder_plan
from metrics.planning.reorder import due_now
from metrics.planning.stockout import SAFETY_DAYS
from metrics.planning.store import get_events, get_lead_times
from ui import data, filters
from ui import format as fmt
from ui.i18n import lang, placeholder, t
from ui.inventory import newer_stock_note, older_stock, stockout_risks
from ui.plan_editors import LANES, Col, lead_times_editor, table_columns
from ui.router import ensure_router
from ui.state import keep_choice
from ui.widgets import arrow, empty_state, fit_height, fit_widths

ensure_router()  # a deep link opened before the app's first run must go through app.py

PEAKS = ["bfcm", "prime_day", "prime_big_deal_days", "christmas"]
COVER_DAYS = 60
METHODS = {
    "last_year_x_trend": ("去年同期 × 趋势", "Last year × trend"),
    "recent_velocity": ("近期日均", "Recent daily rate"),
}
COLUMNS = {
    "sku": Col("SKU", "SKU"), "lane": Col("线路", "Lane", "choice", LANES),
    "lead_time_days": Col("交期（天）", "Lead time (days)", "int"), "available": Col("可售库存", "Available", "int"),
    "inbound": Col("在途", "Inbound", "int"), "on_order": Col("采购未到货", "On order", "int"),
    "demand_per_day": Col("日均需求", "Demand per day", "num"),
    "safety_stock": Col("安全库存", "Safety stock", "int"), "stockout_date": Col("预计断货日", "Stock-out date", "date"),
    "reorder_by": Col("最晚下单日", "Reorder by", "date"),
    "order_now": Col("立即下单", "Order now", "bool"), "overdue_days": Col("已逾期（天）", "Days overdue", "int"),
    "arrival": Col("最早到货日", "Earliest arrival", "date"), "quantity": Col("建议数量", "Quantity", "int"),
    "method": Col("预测方法", "Forecast method", "choice", METHODS),
    "forecast_bias": Col("近28天预测偏差", "Forecast vs sales, 28 days", "pct", help=(
        "28 天前用当时之前的数据做的预测，与此后有货日的实际销量相比：+10% 表示预测多了 10%（建议数量偏多），"
        "-10% 表示少了 10%。没有销量时为空。",
        "The forecast made 28 days ago from the data before, against what sold on the in-stock days since: +10% "
        "means it forecast 10% too much (quantities run high), -10% too little. Blank when nothing sold.",
    )),
    "sellable_by": Col("最晚可售日", "Sellable by", "date"),
    "at_warehouse_by": Col("最晚到达海外仓", "At overseas warehouse by", "date"),
    "ship_by": Col("最晚发货日", "Ship by", "date"), "order_by": Col("最晚下单日", "Order by", "date"),
    "event_end": Col("活动结束", "Event ends", "date"), "late": Col("已错过下单日", "Order date passed", "bool"),
}  # fmt: skip


# what a seller acts on first (on a laptop the rest scroll sideways): the order, its dates and quantity, then why
FIRST = ["sku", "order_now", "overdue_days", "reorder_by", "quantity", "arrival", "stockout_date", "late", "order_by",
         "ship_by", "at_warehouse_by", "sellable_by", "available", "inbound", "on_order"]  # fmt: skip


def show(frame: pl.DataFrame, key: str) -> None:
    """Renders a plan table with its columns labelled in the page's language, the action columns first (FIRST)."""
    first = [c for c in FIRST if c in frame.columns]
    frame = frame.select(*first, *[c for c in frame.columns if c not in first])
    config = fit_widths(frame, table_columns(frame, COLUMNS))
    st.dataframe(
        arrow(frame, config), hide_index=True, placeholder="—", key=key, column_config=config, height=fit_height(frame)
    )


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _inputs(db: str, key: tuple) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Returns (demand history, stock position, lead times, events) as of the period's end."""
    f = api.Filters(**dict(key))
    con = data.warehouse().con
    today = f.end + timedelta(days=1)
    return demand_history(con, f, today), stock_position(con, f.end), get_lead_times(con), get_events(con)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _overview(db: str, key: tuple) -> tuple[bool, pl.DataFrame]:
    """Returns (whether there is sales history, the event calendar): what every rerun needs, without copying the
    whole demand history out of the cache (800,000 SKU-days at 2,000 SKUs cost ~50 ms per rerun)."""
    history, _, _, events = _inputs(db, key)
    return not history.is_empty(), events


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _plan(db: str, key: tuple, now) -> pl.DataFrame:
    """Returns the reorder plan with the stock projected from the day after the period's end and an order placed
    now placed on `now` (`clock.order_day`; cached: the inputs change only on save)."""
    history, stock, leads, _ = _inputs(db, key)
    today = api.Filters(**dict(key)).end + timedelta(days=1)
    return reorder_plan(history, stock, leads, today, cover_days=COVER_DAYS, order_day=now)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _fit(db: str, key: tuple) -> tuple[pl.DataFrame, dict]:
    """Returns the forecast's backtest over the last 28 days (metrics.planning.forecast.backtest): per SKU, overall."""
    history, _, _, _ = _inputs(db, key)
    return backtest(history, api.Filters(**dict(key)).end + timedelta(days=1))


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _peak_inputs(db: str, key: tuple, end) -> tuple:
    """Returns the forecast through an event's end (the costly part of a peak check, ~1 s at 2,000 SKUs)."""
    history, stock, _, _ = _inputs(db, key)
    today = api.Filters(**dict(key)).end + timedelta(days=1)
    return plan_inputs(history, stock, today, peak_horizon(today, end))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _peak(db: str, key: tuple, start, end, pre: int, now) -> pl.DataFrame:
    """Returns the peak-season check for an event window and days sellable before it (a slider move re-plans from
    the cached forecast); an order-by date before `now` (the order day) is late."""
    history, stock, leads, _ = _inputs(db, key)
    today = api.Filters(**dict(key)).end + timedelta(days=1)
    return peak_plan(history, stock, leads, today, start, end, pre_event_days=pre, inputs=_peak_inputs(db, key, end),
                     order_day=now)  # fmt: skip


f = filters.current()
st.title(t("ro_title"))
if f is None:
    empty_state("empty_inventory")
    st.stop()
with st.expander(t("ro_model"), icon=":material/functions:"):
    st.markdown(t("ro_model_text", c=COVER_DAYS))
has_history, events = _overview(data.db_key(), data.filters_key(f))
if not has_history:
    st.info(t("ro_empty"))
    st.stop()
# an order placed now is placed today (the clock), never before the day after the warehouse's last data day; the
# stock is projected from the day after the period's end (its stock day)
today = data.order_day(f)
plan = _plan(data.db_key(), data.filters_key(f), today)
due = due_now(plan)  # soonest stock-out first: the dates each line shows
st.subheader(t("ro_due"))
stock_day = data.stock_days(f.end).get("view") or f.end  # the stock row the projection starts from
st.caption(t("ro_order_day", day=fmt.day(today, lang()), stock=fmt.day(stock_day, lang())))
newer_stock_note(f.end)  # a past period projects from its own stock day: say newer stock exists, up to when
if due.is_empty():
    st.success(t("ro_nothing_due"), icon=":material/check_circle:")
older = older_stock(f.end)  # a past period's stock: every projected stock-out is its projection, no forecast
for r in due.head(10).iter_rows(named=True):
    past = r["stockout_date"] is not None and r["stockout_date"] < today  # before the order day: no forecast
    key = ("ro_order_now_out" if r["available"] <= 0 else "ro_order_now_past") if past else "ro_order_now"
    key = "ro_order_now_older" if older and key == "ro_order_now" and r["available"] > 0 else key
    st.warning(t(key, sku=r["sku"], q=fmt.count(r["quantity"]), arr=fmt.day(r["arrival"], lang()),
                  out=fmt.day(r["stockout_date"], lang()), stock=fmt.day(stock_day, lang())))  # fmt: skip
if due.height > 10:
    st.caption(t("ro_more_due", n=due.height - 10))
if due.height:  # two lists, two questions: say why this one is longer than Inventory's stock-out risks
    at_risk = stockout_risks(data.inventory(f.end, f)).height
    st.caption(t("ro_vs_risk", n=due.height, m=at_risk, safety=SAFETY_DAYS))
st.subheader(t("ro_plan"))
fit, fit_all = _fit(data.db_key(), data.filters_key(f))
if fit_all["wape"] is not None:  # the forecast's fit before its advice: how it did over the last 28 days
    st.caption(t("ro_fit", start=fmt.day(fit_all["start"], lang()), bias=fmt.signed_pct(fit_all["bias"], 0, lang()),
                 wape=fmt.pct(fit_all["wape"], 0, lang()), n=fit_all["skus"], days=fit_all["days"]))  # fmt: skip
else:
    st.caption(t("ro_fit_none"))
show(plan.join(fit.select("sku", forecast_bias="bias"), on="sku", how="left"), "ro_plan")


@st.fragment
def peak_check() -> None:
    """The peak-season check for one event; changing the event reruns only this part."""
    names = {(KINDS[k][0] if lang() == "zh" else KINDS[k][1]): k for k in PEAKS}
    left, right = st.columns(2)
    keep_choice("ro_event", names)  # a label of the other language after a switch: back to the first event
    kind = names[left.selectbox(t("ro_event"), list(names), placeholder=placeholder(list(names)), key="ro_event")]
    pre = right.slider(t("ro_pre"), 0, 60, 30, 5, key="ro_pre")
    running = events_for(events, f.marketplace).filter(
        (pl.col("kind") == kind) & (pl.col("start_date") < today) & (pl.col("end_date") >= today)
    )
    if running.height:  # too late to stock for this one: say so, and plan the next
        r = running.row(0, named=True)
        st.caption(t("ro_running", ev=r["name_zh"] if lang() == "zh" else r["name_en"], s=fmt.day(r["start_date"], lang()),
                      e=fmt.day(r["end_date"], lang())))  # fmt: skip
    ev = next_event(events, kind, f.marketplace, today)
    if ev is None:
        st.info(t("ro_no_event"))
        return
    name = ev["name_zh"] if lang() == "zh" else ev["name_en"]
    peak = _peak(data.db_key(), data.filters_key(f), ev["start_date"], ev["end_date"], pre, today)
    lg = lang()
    for r in peak.head(8).iter_rows(named=True):
        key = "ro_late" if r["late"] else "ro_peak_line"
        text = t(key, sku=fmt.plain(r["sku"]), ev=name, wh=fmt.day(r["at_warehouse_by"], lg), order=fmt.day(r["order_by"], lg),
                  q=fmt.count(r["quantity"]))  # fmt: skip
        (st.warning if r["late"] else st.info)(text)
    show(peak, "ro_peak")


st.subheader(t("ro_peak"))
peak_check()

with st.expander(t("ro_leads"), icon=":material/local_shipping:"):
    lead_times_editor("ro")
