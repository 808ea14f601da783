"""Data-page helpers besides the upload (ui.upload): the seller templates' download buttons (blank documents, not table
downloads) and the coverage table."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui.i18n import lang


def template_downloads() -> None:
    """Renders CSV and XLSX download buttons of every blank seller template in the current language."""
    from warehouse.formats import by_id
    from warehouse.ingest.templates import TEMPLATE_IDS, blank_template

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


def sku_labels(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns a health table with its SKU columns (sku, master_sku) as the other tables show them in the page's
    language: a Shopify line without a SKU as `（无SKU）<line name>` / `(no SKU) <line name>` (ui.format.sku_label)."""
    from ui.format import sku_label

    lg = lang()  # read here: polars may call the function off the page's thread (no session there)
    cols = [c for c in ("sku", "master_sku") if c in frame.columns and frame.schema[c] == pl.String]
    return frame.with_columns(pl.col(c).map_elements(lambda s: sku_label(s, lg), return_dtype=pl.String) for c in cols)
