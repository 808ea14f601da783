"""OKR 目标与关键结果: objectives with key results bound to a registry metric (scored live) or typed in."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics import okr
from metrics.meeting_okrs import score_all
from metrics.meeting_report import kr_display_rows
from metrics.registry import KPI_IDS, label
from ui import data, tables
from ui.i18n import lang, placeholder
from ui.router import ensure_router
from ui.state import keep_choice

ensure_router()  # a deep link opened before the app's first run must go through app.py

TEXT = {
    "title": ("OKR 目标与关键结果", "OKRs"), "objective": ("新目标", "New objective"), "name": ("名称", "Title"),
    "owner": ("负责人", "Owner"), "start": ("开始", "Start"), "end": ("结束", "End"), "add": ("添加", "Add"),
    "kr": ("新关键结果", "New key result"), "of": ("所属目标", "Objective"), "metric": ("绑定指标", "Bound metric"),
    "manual": ("手动填写", "Manual value"), "target": ("目标值", "Target"), "baseline": ("基线（可空）", "Baseline (optional)"),
    "direction": ("方向", "Direction"), "marketplace": ("站点筛选（可空）", "Marketplace filter (optional)"),
    "value": ("当前值（手动KR）", "Current value (manual KR)"), "none": ("还没有目标。", "No objectives yet."),
    "thresholds": ("状态按预测完成率：≥95% 正常，≥75% 有风险，其余落后。",
                   "Status from the forecast attainment: ≥ 95 % on track, ≥ 75 % at risk, below that off track."),
}  # fmt: skip
lg = lang()
tx = lambda k: TEXT[k][0 if lg == "zh" else 1]  # noqa: E731
con = data.warehouse().con
currency = data.settings().base_currency

st.title(tx("title"))
st.caption(tx("thresholds"))
rows = score_all(con)
if rows:
    tables.show(pl.DataFrame(kr_display_rows(rows, lg, currency)), "okr_table", currency)
else:
    st.info(tx("none"))

with st.form("okr_objective", clear_on_submit=True):
    st.subheader(tx("objective"))
    c = st.columns(4)
    title = c[0].text_input(tx("name"), key="okr_obj_title")
    owner = c[1].text_input(tx("owner"), key="okr_obj_owner")
    today = date.today()
    start = c[2].date_input(tx("start"), value=today.replace(day=1), key="okr_obj_start")
    end = c[3].date_input(tx("end"), value=today, key="okr_obj_end")
    if st.form_submit_button(tx("add")) and title.strip():
        okr.create_objective(con, title, start, end, owner or None)
        st.rerun()

objs = okr.objectives(con)
if objs:
    with st.form("okr_kr", clear_on_submit=True):
        st.subheader(tx("kr"))
        c = st.columns(3)
        oids = [o["objective_id"] for o in objs]
        oid = c[0].selectbox(tx("of"), oids, placeholder=placeholder(oids), key="okr_kr_obj",
                             format_func=lambda i: next(o["title"] for o in objs if o["objective_id"] == i))  # fmt: skip
        kr_title = c[1].text_input(tx("name"), key="okr_kr_title")
        keep_choice("okr_kr_metric", ["", *KPI_IDS])
        metric = c[2].selectbox(tx("metric"), ["", *KPI_IDS], placeholder=placeholder(KPI_IDS), key="okr_kr_metric",
                                format_func=lambda m: tx("manual") if not m else label(m, lg))  # fmt: skip
        c = st.columns(4)
        target = c[0].number_input(tx("target"), value=0.0, key="okr_kr_target")
        baseline = c[1].text_input(tx("baseline"), key="okr_kr_baseline")
        direction = c[2].selectbox(
            tx("direction"), list(okr.DIRECTIONS), placeholder=placeholder(list(okr.DIRECTIONS)), key="okr_kr_direction"
        )
        market = c[3].text_input(tx("marketplace"), key="okr_kr_market")
        manual = st.number_input(tx("value"), value=0.0, key="okr_kr_manual")
        if st.form_submit_button(tx("add")) and kr_title.strip():
            try:
                okr.add_key_result(
                    con, oid, kr_title, target=target, direction=direction, metric_id=metric or None,
                    baseline=float(baseline) if baseline.strip() else None,
                    filters={"marketplace": market.strip()} if market.strip() else None,
                    manual_value=None if metric else manual,
                )  # fmt: skip
                st.rerun()
            except ValueError as exc:
                st.error(str(exc))
