"""补货计划 Reorder planning: reorder-by dates, quantities, stock-out dates, the peak-season check, lead times."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from metrics import api
from metrics.whatif_events import KINDS, events_for, next_event
from metrics.whatif_inputs import demand_history, stock_position
from metrics.whatif_plan import peak_horizon, peak_plan, plan_inputs, reorder_plan
from metrics.whatif_store import get_events, get_lead_times
from ui import data, filters
from ui import format as fmt
from ui.i18n import lang, placeholder
from ui.plan_editors import LANES, Col, lead_times_editor, table_columns
from ui.router import ensure_router
from ui.state import keep_choice
from ui.widgets import arrow, empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py

PEAKS = ["bfcm", "prime_day", "prime_big_deal_days", "christmas"]
TX = {
    "title": ("补货计划", "Reorder planning"),
    "model": ("模型说明", "About the model"),
    "model_text": (
        "**这是模型。** 交期 = 生产 + 头程（海运/空运/铁路）+ 入仓上架天数。需求预测 = 去年同期（前后 7 天、只算有货日）× 近期趋势"
        "（最近 28 天有货日的日均 ÷ 去年同期日均）；没有去年数据时用近期日均。断货日不计入销速。安全库存 = z·√(交期·σ²+日均²·σ交期²)，"
        "z 由服务水平决定。补货截止日 = 预计库存跌破安全库存的日期 − 交期；数量 = 到货后 {c} 天的预测需求 + 安全库存 − 到货时库存，"
        "不低于 MOQ 并按箱规向上取整。",
        "**A model.** Lead time = production + first-mile (sea / air / rail) + receiving days. Demand forecast = the "
        "same days last year (7-day window, in-stock days only) × the recent trend (in-stock daily sales of the "
        "last 28 days ÷ the same days last year); without last year, the recent daily average. Stock-out days "
        "never count towards velocity. Safety stock = z·√(LT·σ² + d²·σ_LT²), z from the service level. Reorder-by "
        "= the day projected stock falls below safety stock − lead time; quantity = forecast demand for {c} days "
        "after arrival + safety stock − stock at arrival, at least the MOQ, rounded up to whole cases.",
    ),
    "empty": ("没有销量历史：请先上传订单或交易报告。", "No sales history yet: upload order or transaction reports."),
    "due": ("需立即下单的 SKU", "SKUs to order now"),
    "plan": ("各 SKU 补货计划", "Reorder plan by SKU"),
    "peak": ("大促备货检查", "Peak-season check"),
    "event": ("活动", "Event"),
    "pre": ("活动前需可售天数", "Days sellable before the event"),
    "peak_line": (
        "{sku}：{ev} 的库存须于 {wh} 前到达海外仓；请于 {order} 前下单（{q} 件）。",
        "{sku}: stock for {ev} must be at the overseas warehouse by {wh}; order by {order} ({q} units).",
    ),  # fmt: skip
    "late": (
        "{sku}：{ev} 的下单截止日 {order} 已过，考虑空运。",
        "{sku}: the order date for {ev} ({order}) has passed; consider air freight.",
    ),  # fmt: skip
    "no_event": ("日历中没有即将到来的该活动。", "No upcoming event of this kind in the calendar."),
    "running": (
        "{ev}（{s}–{e}）已在进行，现在下单已赶不上；以下为下一次同类活动的备货检查。",
        "{ev} ({s}–{e}) is under way: an order now cannot arrive for it; the check below is for the next one.",
    ),
    "order_now": (
        "{sku}：立即下单 {q} 件；最早到货 {arr}；预计断货 {out}",
        "{sku}: order now ({q} units); earliest arrival {arr}; expected stock-out {out}",
    ),  # fmt: skip
    "order_now_out": (
        "{sku}：立即下单 {q} 件；最早到货 {arr}；自 {out} 起已断货",
        "{sku}: order now ({q} units); earliest arrival {arr}; out of stock since {out}",
    ),  # fmt: skip
    "nothing_due": ("目前没有需要立即下单的 SKU。", "No SKU needs an order now."),
    "more_due": ("另有 {n} 个 SKU 需立即下单，见下表。", "{n} more SKUs need an order now: see the table below."),
    "leads": (
        "交期、MOQ、箱规与服务水平（可编辑；也在「设置」页）",
        "Lead times, MOQ, case pack and service level (editable; also in Settings)",
    ),  # fmt: skip
}
COVER_DAYS = 60
METHODS = {
    "last_year_x_trend": ("去年同期 × 趋势", "Last year × trend"),
    "recent_velocity": ("近期日均", "Recent daily rate"),
}
COLUMNS = {
    "sku": Col("SKU", "SKU"), "lane": Col("线路", "Lane", "choice", LANES),
    "lead_time_days": Col("交期（天）", "Lead time (days)", "int"), "available": Col("可售库存", "Available", "int"),
    "inbound": Col("在途", "Inbound", "int"), "demand_per_day": Col("日均需求", "Demand per day", "num"),
    "safety_stock": Col("安全库存", "Safety stock", "int"), "stockout_date": Col("预计断货日", "Stock-out date", "date"),
    "reorder_by": Col("最晚下单日", "Reorder by", "date"),
    "order_now": Col("立即下单", "Order now", "bool"), "overdue_days": Col("已逾期（天）", "Days overdue", "int"),
    "arrival": Col("最早到货日", "Earliest arrival", "date"), "quantity": Col("建议数量", "Quantity", "int"),
    "method": Col("预测方法", "Forecast method", "choice", METHODS),
    "sellable_by": Col("最晚可售日", "Sellable by", "date"),
    "at_warehouse_by": Col("最晚到达海外仓", "At overseas warehouse by", "date"),
    "ship_by": Col("最晚发货日", "Ship by", "date"), "order_by": Col("最晚下单日", "Order by", "date"),
    "event_end": Col("活动结束", "Event ends", "date"), "late": Col("已错过下单日", "Order date passed", "bool"),
}  # fmt: skip


def show(frame: pl.DataFrame, key: str) -> None:
    """Renders a plan table with its columns labelled in the page's language."""
    st.dataframe(arrow(frame), hide_index=True, placeholder="—", key=key, column_config=table_columns(frame, COLUMNS))


def tx(key: str, **v) -> str:
    text = TX[key][0 if lang() == "zh" else 1]
    return text.format(**v) if v else text


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
def _plan(db: str, key: tuple) -> pl.DataFrame:
    """Returns the reorder plan as of the day after the period's end (cached: the inputs change only on save)."""
    history, stock, leads, _ = _inputs(db, key)
    return reorder_plan(history, stock, leads, api.Filters(**dict(key)).end + timedelta(days=1), cover_days=COVER_DAYS)


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _peak_inputs(db: str, key: tuple, end) -> tuple:
    """Returns the forecast through an event's end (the costly part of a peak check, ~1 s at 2,000 SKUs)."""
    history, stock, _, _ = _inputs(db, key)
    today = api.Filters(**dict(key)).end + timedelta(days=1)
    return plan_inputs(history, stock, today, peak_horizon(today, end))


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _peak(db: str, key: tuple, start, end, pre: int) -> pl.DataFrame:
    """Returns the peak-season check for an event window and days sellable before it (a slider move re-plans from
    the cached forecast)."""
    history, stock, leads, _ = _inputs(db, key)
    today = api.Filters(**dict(key)).end + timedelta(days=1)
    return peak_plan(history, stock, leads, today, start, end, pre_event_days=pre, inputs=_peak_inputs(db, key, end))


f = filters.current()
st.title(tx("title"))
if f is None:
    empty_state("empty_inventory")
    st.stop()
with st.expander(tx("model"), icon=":material/functions:"):
    st.markdown(tx("model_text", c=COVER_DAYS))
has_history, events = _overview(data.db_key(), data.filters_key(f))
if not has_history:
    st.info(tx("empty"))
    st.stop()
today = f.end + timedelta(days=1)
plan = _plan(data.db_key(), data.filters_key(f))
due = plan.filter(pl.col("order_now"))
st.subheader(tx("due"))
if due.is_empty():
    st.success(tx("nothing_due"), icon=":material/check_circle:")
for r in due.head(10).iter_rows(named=True):
    gone = r["available"] <= 0 and r["stockout_date"] is not None and r["stockout_date"] < today
    st.warning(tx("order_now_out" if gone else "order_now", sku=r["sku"], q=fmt.count(r["quantity"]),
                  arr=fmt.day(r["arrival"], lang()), out=fmt.day(r["stockout_date"], lang())))  # fmt: skip
if due.height > 10:
    st.caption(tx("more_due", n=due.height - 10))
st.subheader(tx("plan"))
show(plan, "ro_plan")


@st.fragment
def peak_check() -> None:
    """The peak-season check for one event; changing the event reruns only this part."""
    names = {(KINDS[k][0] if lang() == "zh" else KINDS[k][1]): k for k in PEAKS}
    left, right = st.columns(2)
    keep_choice("ro_event", names)  # a label of the other language after a switch: back to the first event
    kind = names[left.selectbox(tx("event"), list(names), placeholder=placeholder(list(names)), key="ro_event")]
    pre = right.slider(tx("pre"), 0, 60, 30, 5, key="ro_pre")
    running = events_for(events, f.marketplace).filter(
        (pl.col("kind") == kind) & (pl.col("start_date") < today) & (pl.col("end_date") >= today)
    )
    if running.height:  # too late to stock for this one: say so, and plan the next
        r = running.row(0, named=True)
        st.caption(tx("running", ev=r["name_zh"] if lang() == "zh" else r["name_en"], s=fmt.day(r["start_date"], lang()),
                      e=fmt.day(r["end_date"], lang())))  # fmt: skip
    ev = next_event(events, kind, f.marketplace, today)
    if ev is None:
        st.info(tx("no_event"))
        return
    name = ev["name_zh"] if lang() == "zh" else ev["name_en"]
    peak = _peak(data.db_key(), data.filters_key(f), ev["start_date"], ev["end_date"], pre)
    lg = lang()
    for r in peak.head(8).iter_rows(named=True):
        key = "late" if r["late"] else "peak_line"
        text = tx(key, sku=fmt.plain(r["sku"]), ev=name, wh=fmt.day(r["at_warehouse_by"], lg), order=fmt.day(r["order_by"], lg),
                  q=fmt.count(r["quantity"]))  # fmt: skip
        (st.warning if r["late"] else st.info)(text)
    show(peak, "ro_peak")


st.subheader(tx("peak"))
peak_check()

with st.expander(tx("leads"), icon=":material/local_shipping:"):
    lead_times_editor("ro")
