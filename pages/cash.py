"""回款 Cash: money received from settlements and payouts vs net profit, reserves held, days from sale to cash."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import cash, charts, data, filters
from ui.i18n import lang, metric_name, placeholder, t
from ui.widgets import empty_state, header, table

f = filters.current()
header("page_cash", f)
if f is None:
    empty_state("empty_profit")
    st.stop()

cur = filters.currency()
left, right = st.columns(2)
# labels computed now: a format_func calling t() later would not know the page's language (AppTest reruns)
grain_names = {g: t(f"cash_{g}") for g in ("month", "week")}
grain = left.radio(t("cash_grain"), list(grain_names), horizontal=True, key="cash_grain", format_func=grain_names.get)
group_names = {"total": t("cash_total"), "channel": t("channel"), "marketplace": t("marketplace"), "store": t("store")}
chosen = right.selectbox(t("cash_group"), list(group_names), key="cash_by", format_func=group_names.get,
                         placeholder=placeholder(list(group_names)))  # fmt: skip
by = None if chosen == "total" else chosen
st.caption(t("cash_note", cur=cur))

frame = cash.cash_vs_profit(f, grain, by)
st.subheader(t("cash_vs_profit"))
if frame.filter(frame["cash_received"] != 0).is_empty():
    st.info(t("cash_none"))
if not frame.is_empty():
    total = frame.group_by("period").agg(pl.col("cash_received", "net_profit").sum()) if by else frame
    received = cash.COLUMNS["cash_received"]
    cut = cash.partial_periods(frame, f, grain)  # a month the period cuts (22–31 Oct): a pale bar, said under it
    charts.show(cash.cash_chart(total.sort("period"), received.zh if lang() == "zh" else received.en,
                                metric_name("net_profit"), axis_title=t("axis_amount", cur=cur),
                                partial=tuple(p for p, _, _ in cut), grain=grain, lg=lang()))  # fmt: skip
    cash.partial_captions(cut, grain)
    table(frame, "cash_vs_profit", "cash_tbl", column_config=cash.columns(frame, cur))

st.subheader(t("cash_days"))
timing = cash.days_to_cash(f, by or "channel")
if timing.is_empty():
    st.caption(t("cash_none"))
else:
    table(timing, "days_to_cash", "cash_days_tbl", column_config=cash.columns(timing, cur))
    st.caption(t("cash_paid_note"))  # paid sales above the period's net sales: other days' orders, before refunds

st.subheader(t("cash_reserves"))
held = cash.reserves(f)
if held.is_empty():
    st.caption(t("cash_no_reserves"))
else:
    table(cash.reserves_view(held, len(data.stores())), "reserves", "cash_res_tbl",
          column_config=cash.columns(held, cur), download=held)  # fmt: skip
