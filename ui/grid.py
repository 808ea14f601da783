"""Grid column widths for st.dataframe / st.data_editor: every shown column wide enough for its header and, for text
columns, its longest label, so P&L lines, reasons and long headers are not cut off. A leaf module (streamlit and polars
only): ui.tables and ui.widgets both use it."""

from __future__ import annotations

import polars as pl
import streamlit as st

MAX_TEXT_PX, MAX_HEADER_PX = 400, 260  # 400 = Streamlit's "large"; longer text shows in full on hover


def text_px(text: str) -> int:
    """Returns the width in pixels a grid cell needs for `text` (≈ 8 px per Latin character, 15 per CJK one,
    plus the cell's padding)."""
    import unicodedata

    return 24 + sum(15 if unicodedata.east_asian_width(ch) in ("W", "F") else 8 for ch in str(text))


def fit_widths(frame: pl.DataFrame, config: dict) -> dict:
    """Returns `config` with a pixel width on every shown column that sets none: wide enough for its header (up to
    MAX_HEADER_PX) and, for text columns, its longest value (up to MAX_TEXT_PX), so labels such as P&L lines, reasons
    or long headers are not cut off. A column hidden (None) stays hidden."""
    out = dict(config)
    for name, dtype in frame.schema.items():
        spec = out.get(name, name)
        if spec is None:
            continue
        if isinstance(spec, str):
            spec = st.column_config.Column(spec)
        if spec.get("width") is not None:
            continue
        header = spec.get("label") or name
        need = min(text_px(header) + 20, MAX_HEADER_PX)  # + the sort arrow
        if dtype == pl.String and frame.height:
            longest = frame[name].drop_nulls().head(200).str.len_chars().arg_max()
            if longest is not None:
                need = max(need, min(text_px(frame[name].drop_nulls()[longest]), MAX_TEXT_PX))
        out[name] = {**spec, "width": need}
    return out


def id_like(column: str) -> bool:
    """Returns True for an integer column that names a thing or a calendar number, shown without grouping."""
    return column == "id" or column.endswith(("_id", "_no")) or column in ("year", "month", "week", "day", "rank")
