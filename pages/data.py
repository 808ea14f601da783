"""数据 Data: multi-file upload with a result line per file, import history with undo, templates, data health."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import data
from ui.data_health import coverage_table, sku_labels, template_downloads
from ui.grid import whole_width
from ui.i18n import t
from ui.stores import labelled, store_picker
from ui.tables import readable_ids
from ui.upload import (
    forget_refusals,
    import_uploads,
    options_form,
    show_results,
    undo_form,
    uploader_css,
)
from ui.widgets import column_labels, header, table

header("page_data")

st.subheader(t("upload"))
st.caption(t("upload_help"))
ready, store = store_picker(on_change=forget_refusals)  # a refusal was about the store chosen before
st.html(uploader_css())
options = options_form()
files = st.file_uploader(t("upload"), accept_multiple_files=True, key="data_files", label_visibility="collapsed",
                         type=["csv", "txt", "tsv", "xlsx"], disabled=not ready)  # fmt: skip
if files and ready:
    area = st.empty()  # the progress bar, then the result lines: a bar replaces the last run's lines at once
    if import_uploads(files, options, store, area):
        st.rerun()  # redraw the sidebar and every figure with the new data
    show_results(files, options, store, area)

st.subheader(t("history"))
history = data.imports()
if history.is_empty():
    st.info(t("no_imports"))
else:
    shown = readable_ids(labelled(history.drop("sha256").with_columns(pl.col("warnings").list.join(" | "))))
    # on screen the columns a seller reads first (fifteen ran past the page at 1280 px); the download keeps them all
    order = ["import_id", "imported_at", "file_name", "format_id", "rows_added", "period_start", "period_end",
             "marketplace", "store", "status", "warnings"]  # fmt: skip
    config = column_labels(shown) | {"file_name": st.column_config.Column(t("col_file_name"), pinned=True)}
    # a report's format whole ("Amazon Ads advertised product report (Sponsored Products / Display)" was cut at the
    # grid's text cap): the table scrolls sideways with the file pinned instead
    config["format_id"] = st.column_config.Column(t("col_format_id"), width=whole_width(shown, "format_id"))
    table(shown, "imports", "data_history", column_config=config, column_order=[c for c in order if c in shown.columns])
    undo_form(history)

with st.expander(t("templates"), icon=":material/description:"):
    st.caption(t("templates_help"))
    template_downloads()

st.subheader(t("health"))
health = data.health()
for key in (
    "coverage",
    "missing_costs",
    "missing_fx",
    "unmapped_skus",
    "unknown_charges",
    "unmapped_ad_asins",
    "channel_notes",
):
    frame = coverage_table(health.get(key)) if key == "coverage" else health.get(key)
    st.markdown(f"**{t(key)}**")
    if frame is None or frame.is_empty():
        st.caption(t("all_good"))
    else:
        frame = sku_labels(frame) if key in ("missing_costs", "unmapped_skus") else frame
        table(frame, key, f"data_{key}", column_config=column_labels(frame))
