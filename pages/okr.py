"""OKR 目标与关键结果: objectives with key results bound to a registry metric (scored live) or typed in."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.core.registry import KPI_IDS, label
from metrics.meeting import okr
from metrics.meeting.okr_scores import score_all
from metrics.meeting.report import kr_display_rows
from ui import data, tables
from ui.i18n import lang, placeholder, t, tr
from ui.router import ensure_router
from ui.state import keep_choice

ensure_router()  # a deep link opened before the app's first run must go through app.py

lg = lang()
con = data.warehouse().con
currency = data.settings().base_currency

st.title(t("okr_title"))
st.caption(t("okr_thresholds"))
rows = score_all(con)
if rows:
    tables.show(pl.DataFrame(kr_display_rows(rows, lg, currency)), "okr_table", currency)
else:
    st.info(t("okr_none"))

with st.form("okr_objective", clear_on_submit=True):
    st.subheader(t("okr_objective"))
    c = st.columns(4)
    title = c[0].text_input(t("okr_name"), key="okr_obj_title")
    owner = c[1].text_input(t("okr_owner"), key="okr_obj_owner")
    today = date.today()
    start = c[2].date_input(t("okr_start"), value=today.replace(day=1), key="okr_obj_start")
    end = c[3].date_input(t("okr_end"), value=today, key="okr_obj_end")
    if st.form_submit_button(t("okr_add")) and title.strip():
        okr.create_objective(con, title, start, end, owner or None)
        st.rerun()

objs = okr.objectives(con)
if objs:
    with st.form("okr_kr", clear_on_submit=True):
        st.subheader(t("okr_kr"))
        c = st.columns(3)
        oids = [o["objective_id"] for o in objs]
        oid = c[0].selectbox(t("okr_of"), oids, placeholder=placeholder(oids), key="okr_kr_obj",
                             format_func=lambda i: next(o["title"] for o in objs if o["objective_id"] == i))  # fmt: skip
        kr_title = c[1].text_input(t("okr_name"), key="okr_kr_title")
        keep_choice("okr_kr_metric", ["", *KPI_IDS])
        metric = c[2].selectbox(t("okr_metric"), ["", *KPI_IDS], placeholder=placeholder(KPI_IDS), key="okr_kr_metric",
                                format_func=lambda m: tr("okr_manual", lg) if not m else label(m, lg))  # fmt: skip
        c = st.columns(4)
        target = c[0].number_input(t("okr_target"), value=0.0, key="okr_kr_target")
        baseline = c[1].text_input(t("okr_baseline"), key="okr_kr_baseline")
        direction = c[2].selectbox(
            t("okr_direction"),
            list(okr.DIRECTIONS),
            placeholder=placeholder(list(okr.DIRECTIONS)),
            key="okr_kr_direction",
        )
        market = c[3].text_input(t("okr_marketplace"), key="okr_kr_market")
        manual = st.number_input(t("okr_value"), value=0.0, key="okr_kr_manual")
        if st.form_submit_button(t("okr_add")) and kr_title.strip():
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
