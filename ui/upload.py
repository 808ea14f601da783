"""Data-page helpers: import uploaded files with a progress bar each, remember their result lines, undo imports."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from ui import data
from ui import format as fmt
from ui.i18n import lang, t
from warehouse.marketplaces import MARKETPLACES

RESULTS = "data_results"  # session key: file id -> (status, line)


def options_form() -> dict:
    """Renders the optional period / snapshot date / marketplace fields; returns the import options given."""
    opts: dict = {}
    with st.expander(t("upload_options")):
        st.caption(t("upload_options_help"))
        a, b, c = st.columns(3)
        period = a.date_input(t("opt_period"), value=[], key="data_period", format="YYYY-MM-DD")
        as_of = b.date_input(t("opt_as_of"), value=None, key="data_as_of", format="YYYY-MM-DD")
        market = c.selectbox(t("opt_marketplace"), ["", *MARKETPLACES], key="data_marketplace",
                             format_func=lambda m, auto=t("opt_auto"): m or auto)  # fmt: skip
    if isinstance(period, (tuple, list)) and len(period) == 2:
        opts["period"] = (period[0], period[1])
    if isinstance(as_of, date):
        opts["as_of"] = as_of
    if market:
        opts["marketplace"] = market
    return opts


def import_uploads(files: list, options: dict) -> bool:
    """Imports files not seen before in this session, one progress bar each; returns True when data changed."""
    results: dict = st.session_state.setdefault(RESULTS, {})
    changed = False
    for up in files:
        if up.file_id in results:
            continue
        bar = st.progress(0.05, text=t("importing", name=up.name))
        result = data.ingest(up.getvalue(), up.name, options)
        bar.progress(1.0, text=t("imported", name=up.name))
        results[up.file_id] = (result.status, result.line())
        changed = changed or result.status == "imported"
    return changed


def show_results(files: list) -> None:
    """Shows one result line per uploaded file: green imported, blue already present, red refused."""
    results: dict = st.session_state.get(RESULTS, {})
    for up in files:
        if up.file_id not in results:
            continue
        status, line = results[up.file_id]
        {"imported": st.success, "duplicate": st.info}.get(status, st.error)(fmt.plain(line))


def undo_form(history) -> None:
    """Renders the undo picker for active imports and runs the undo on request."""
    active = history.filter(history["status"] == "active")
    if active.is_empty():
        return
    labels = {r["import_id"]: f"#{r['import_id']} · {r['file_name']}" for r in active.iter_rows(named=True)}
    a, b = st.columns([4, 1], vertical_alignment="bottom")
    pick = a.selectbox(t("undo_pick"), list(labels), format_func=labels.get, key="data_undo_pick")
    if b.button(t("undo_button"), key="data_undo", icon=":material/undo:") and pick is not None:
        st.session_state["data_undo_msg"] = data.undo(int(pick))
        st.rerun()
    if msg := st.session_state.pop("data_undo_msg", None):
        st.success(fmt.plain(msg))


def template_downloads() -> None:
    """Renders CSV and XLSX download buttons of every blank seller template in the current language."""
    from warehouse.formats import by_id
    from warehouse.templates import TEMPLATE_IDS, blank_template

    lg = lang()
    for tid in TEMPLATE_IDS:
        fmt = by_id(tid)
        a, b, c = st.columns([4, 1, 1], vertical_alignment="center")
        a.markdown(fmt.label_zh if lg == "zh" else fmt.label_en)
        b.download_button("CSV", data=lambda tid=tid: blank_template(tid, lg, "csv"), file_name=f"{tid}.csv",
                          mime="text/csv", key=f"tpl_{tid}_csv", on_click="ignore")  # fmt: skip
        c.download_button("XLSX", data=lambda tid=tid: blank_template(tid, lg, "xlsx"), file_name=f"{tid}.xlsx",
                          key=f"tpl_{tid}_xlsx", on_click="ignore")  # fmt: skip


def coverage_table(coverage):
    """Returns coverage as one row per marketplace × month with a row-count column per fact family."""
    needed = {"family", "marketplace", "month", "rows"}
    if coverage is None or coverage.is_empty() or not needed <= set(coverage.columns):
        return coverage
    wide = coverage.pivot(on="family", index=["marketplace", "month"], values="rows", aggregate_function="sum")
    # facts without a marketplace (own-warehouse stock) show "—" and come after the marketplaces
    wide = wide.with_columns(
        pl.when(pl.col("marketplace") == "").then(None).otherwise(pl.col("marketplace")).alias("marketplace")
    )
    return wide.sort(["marketplace", "month"], descending=[False, True], nulls_last=True)
