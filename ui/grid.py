"""Grid column widths for st.dataframe / st.data_editor: every shown column wide enough for its header and, for text
columns, its longest label, so P&L lines, reasons and long headers are not cut off. A leaf module (streamlit and polars
only): ui.tables and ui.widgets both use it."""

from __future__ import annotations

import polars as pl
import streamlit as st

MAX_TEXT_PX, MAX_HEADER_PX = 260, 260  # a longer label shows in full on hover
# a number column is as wide as its longest formatted value and its header up to MAX_NUMBER_HEADER_PX; a longer header
# is cut and shows in full on hover (its `help`), so a table's last number columns stay on screen
# the page's width for a table at a 1280 px window: 1280 − the sidebar (18.75rem = 300 px) − the wide layout's side
# padding (2 × 5rem = 160 px) − the grid's border; a wider table scrolls sideways with its row label pinned
PAGE_PX = 816
MAX_NUMBER_HEADER_PX = 180  # "Net profit (¥)", "vs last year (¥)", "Ad sales now (¥)" whole


def text_px(text: str) -> int:
    """Returns the width in pixels a grid cell needs for `text` (≈ 8 px per Latin character, 15 per CJK one,
    plus the cell's padding)."""
    import unicodedata

    return 24 + sum(15 if unicodedata.east_asian_width(ch) in ("W", "F") else 8 for ch in str(text))


def fit_widths(frame: pl.DataFrame, config: dict) -> dict:
    """Returns `config` with a pixel width on every shown column that sets none: wide enough for its header (up to
    MAX_HEADER_PX) and, for text columns, its longest value (up to MAX_TEXT_PX); a number column as wide as its
    longest formatted value and its header up to MAX_NUMBER_HEADER_PX (a longer header shows in full on hover). A
    column given only a label that holds dates shows as dates (ui.grid.date_column), never as epoch milliseconds.
    A column hidden (None) stays hidden."""
    out = dict(config)
    for name, dtype in frame.schema.items():
        spec = out.get(name, name)
        if spec is None:
            continue
        if isinstance(spec, str):  # a plain label: a date keeps its date display (a bare Column may show epoch ms)
            is_date = dtype == pl.Date or isinstance(dtype, pl.Datetime)
            spec = date_column(name, spec, dtype, frame[name]) if is_date else st.column_config.Column(spec)
        if spec.get("width") is not None:
            continue
        header = spec.get("label") or name
        need = min(text_px(header) + 20, MAX_HEADER_PX)  # + the sort arrow
        if dtype == pl.String and frame.height:
            longest = frame[name].drop_nulls().head(200).str.len_chars().arg_max()
            if longest is not None:
                need = max(need, min(text_px(frame[name].drop_nulls()[longest]), MAX_TEXT_PX))
        elif dtype.is_numeric():
            need = max(min(need, MAX_NUMBER_HEADER_PX), value_px(frame[name], spec))
            if need < text_px(header) + 20 and not spec.get("help"):
                spec = {**spec, "help": header}  # the cut header in full on hover
        out[name] = {**spec, "width": need}
    return pin_label(frame, out)


def pin_label(frame: pl.DataFrame, config: dict) -> dict:
    """Returns `config` with the first text or date column pinned when the table is wider than PAGE_PX and pins none: its
    last columns scroll into view at 1280 px while each row keeps its name (SKU, line, file, month) on screen."""
    shown = {n: c for n, c in config.items() if n in frame.columns and isinstance(c, dict)}
    total = sum(c.get("width") for c in shown.values() if isinstance(c.get("width"), int))
    if total <= PAGE_PX or any(c.get("pinned") for c in shown.values()):
        return config
    label = next((n for n, dt in frame.schema.items() if not dt.is_numeric() and n in shown), None)
    return config if label is None else {**config, label: {**shown[label], "pinned": True}}


def value_px(values: pl.Series, spec: dict) -> int:
    """Returns the width in pixels the longest value of a number column needs as its format shows it (grouped, with
    the format's decimals; a percent with one decimal)."""
    values = values.drop_nulls()
    if values.dtype.is_float():
        values = values.drop_nans()
    if values.is_empty():
        return 0
    fmt = str((spec.get("type_config") or {}).get("format") or "")
    places = int(fmt.split(".")[1][0]) if "." in fmt and fmt.split(".")[1][:1].isdigit() else 0
    widest = max(abs(float(values.max())), abs(float(values.min())))
    if fmt == "percent":
        return text_px(f"-{widest * 100:,.1f}%")
    return text_px(f"-{widest:,.{places}f}")


ROW_PX = 35  # a grid row (and its header) in Streamlit's data grid
MAX_ROWS = 20  # a longer table scrolls inside its frame


def fit_height(frame) -> int:
    """Returns the pixel height of a grid showing every row of `frame` (a frame or a row count) up to MAX_ROWS: a
    table sized to its rows, so a P&L's last line (operating profit) is never hidden below a fixed height."""
    n = frame if isinstance(frame, int) else frame.height
    return ROW_PX * (max(1, min(n, MAX_ROWS)) + 1) + 3  # + the header, + the frame's border


MONTH_COLUMNS = ("month", "cohort")  # date columns holding a month's first day: shown as 2026-10


def date_column(name: str, label: str, dtype: pl.DataType, values: pl.Series | None = None, **edit):
    """Returns the column_config of a date or timestamp column: a date (YYYY-MM-DD), a month (YYYY-MM) for the
    MONTH_COLUMNS and for a `period` column whose `values` are all first days of a month (a monthly grain), a
    date and time (YYYY-MM-DD HH:mm) for a timestamp."""
    cc = st.column_config
    monthly = values is not None and name == "period" and dtype == pl.Date and values.drop_nulls().len() > 0
    if monthly:
        monthly = bool((values.drop_nulls().dt.day() == 1).all())
    if name in MONTH_COLUMNS or name.endswith("_month") or monthly:
        return cc.DateColumn(label, format="YYYY-MM", **edit)
    if isinstance(dtype, pl.Datetime):
        return cc.DatetimeColumn(label, format="YYYY-MM-DD HH:mm", **edit)
    return cc.DateColumn(label, format="YYYY-MM-DD", **edit)


def id_like(column: str) -> bool:
    """Returns True for an integer column that names a thing or a calendar number, shown without grouping."""
    return column == "id" or column.endswith(("_id", "_no")) or column in ("year", "month", "week", "day", "rank")


PCT_STEP = 0.001  # a fraction's step of 0.1 %: Streamlit's "percent" then shows exactly one decimal (24.0%, 20.2%)


def pct_column(label: str, **edit) -> st.column_config.NumberColumn:
    """Returns a number column showing a fraction as a percentage with one decimal, the rule of every screen (KPI
    tiles and sentences use `ui.format.pct`, one decimal too). Without a step Streamlit shows 0–2 decimals, so
    "24%" sat beside "20.18%". `edit` adds editor settings (min_value, default …)."""
    return st.column_config.NumberColumn(label, format="percent", **({"step": PCT_STEP} | edit))


def number_format(spec) -> str:
    """Returns the number format of a column_config `spec` ("percent", "%,.2f" …; "" when it sets none)."""
    return str(((spec.get("type_config") or {}) if isinstance(spec, dict) else {}).get("format") or "")


def places(spec) -> int | None:
    """Returns the decimals a number column shows by its column_config `spec`: a percent's fraction keeps three
    (12.3 % = 0.123), "%,.2f" two, "%,d" none; None when the spec sets no number format."""
    fmt = number_format(spec)
    if fmt == "percent":
        return 3
    if fmt.endswith("d") and fmt.startswith("%"):
        return 0
    if "." in fmt and fmt.split(".")[1][:1].isdigit():
        return int(fmt.split(".")[1][0])
    return None
