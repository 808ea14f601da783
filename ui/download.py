"""CSV and XLSX downloads of any table, with spreadsheet-formula injection neutralised."""

from __future__ import annotations

import io
from datetime import date, datetime

import polars as pl
import streamlit as st

from ui.grid import number_format as _format
from ui.grid import places

# a cell starting with one of these is run as a formula by Excel/LibreOffice/Sheets (OWASP CSV injection)
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns `frame` with a leading apostrophe on every text cell that a spreadsheet would run as a formula."""
    text_cols = [c for c, t in frame.schema.items() if t == pl.String]
    if not text_cols:
        return frame
    starts = (
        "^[" + "".join("\\" + c if c in "-+" else c for c in DANGEROUS).replace("\t", "\\t").replace("\r", "\\r") + "]"
    )
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(starts)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_cols
    )


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns `frame` with list/struct columns turned into text (CSV and XLSX hold only scalars)."""
    nested = [c for c, t in frame.schema.items() if isinstance(t, (pl.List, pl.Struct, pl.Array))]
    if not nested:
        return frame
    return frame.with_columns(pl.col(c).map_elements(str, return_dtype=pl.String) for c in nested)


def _shared_label(column: str, dtype: pl.DataType) -> str | None:
    """Returns the page-language header ui.tables gives `column` (shared columns, registry, catalog), or None."""
    from ui.i18n import lang
    from ui.tables import spec_of

    spec = spec_of(column, dtype)
    return None if spec is None else spec.zh if lang() == "zh" else spec.en


def _options(spec) -> dict:
    """Returns {value: label} of a choice column's spec (a SelectboxColumn shows codes by their names)."""
    kind = (spec.get("type_config") or {}) if isinstance(spec, dict) else {}
    opts = kind.get("options") or [] if kind.get("type") == "selectbox" else []
    return {o["value"]: o.get("label", o["value"]) for o in opts if isinstance(o, dict) and "value" in o}


def _days_unit(column: str) -> bool:
    """Returns True for a column counted in days (a registry metric of unit days, days_of_cover …)."""
    from metrics.core.registry import REGISTRY

    m = REGISTRY.get(column)
    return (m is not None and m.unit == "days") or column in ("days_of_cover", "overdue_days", "lead_time_days")


def _no_negative_zero(rounded: pl.Expr) -> pl.Expr:
    """Returns `rounded` with −0.0 (−0.001 rounded to 2 decimals) written 0.0, as the screen shows it."""
    return pl.when(rounded == 0).then(pl.lit(0.0)).otherwise(rounded)


def as_shown(frame: pl.DataFrame, config: dict | None) -> pl.DataFrame:
    """Returns `frame` with the values a download holds: the screen's values, machine-readable. Numbers rounded to
    the decimals the screen shows (money to its 2), a count as a whole number (12, not 12.0), a percentage as the
    percent number the screen shows (12.3 for 12.3 %; the header says "%", `headed`); codes the screen shows by name
    (channels, budget lines, verdicts, statuses) in the page's words; yes/no columns as 是/否, Yes/No."""
    from ui.i18n import t

    out = []
    for c, dtype in frame.schema.items():
        spec = (config or {}).get(c)
        if dtype == pl.Boolean:
            word = pl.when(pl.col(c)).then(pl.lit(t("cell_yes"))).when(~pl.col(c)).then(pl.lit(t("cell_no")))
            out.append(word.alias(c))
        elif dtype == pl.String and (names := _options(spec)):
            out.append(pl.col(c).replace(names).alias(c))
        elif dtype.is_numeric() and _format(spec) == "percent":
            out.append(_no_negative_zero((pl.col(c).cast(pl.Float64) * 100).round(1)).alias(c))
        elif dtype.is_float() and (n := places(spec)) is not None:
            rounded = _no_negative_zero(pl.col(c).round(n))
            out.append((rounded.cast(pl.Int64) if n == 0 else rounded).alias(c))
    return frame.with_columns(out) if out else frame


def _unit(column: str, spec, lang: str) -> str:
    """Returns the unit a download's header adds to `column`'s label: " (%)" for a percentage, " (天)" / " (days)" for
    a count of days; "" for others (money's header names its currency already)."""
    if _format(spec) == "percent":
        return " (%)"
    if _days_unit(column):
        return " (天)" if lang == "zh" else " (days)"
    return ""


def headed(frame: pl.DataFrame, config: dict | None) -> pl.DataFrame:
    """Returns `frame` as a download holds it: each column headed by its label in `config` (the st.column_config
    the table is shown with, so the file reads like the screen: 净销售额 (¥), ACoS (%) …) with the unit of a number
    shown with one (%, days), a column the screen hides (config None) left out; values as the screen shows them
    but machine-readable (`as_shown`: plain numbers rounded to the screen's decimals, whole counts, percent
    numbers, codes by name, ISO dates, yes/no words). A column `config` leaves unlabelled takes the shared header
    (ui.tables.spec_of); one with none, or whose label another column already took, keeps its id."""
    from ui.i18n import lang

    frame = as_shown(frame, config)
    if not config:
        return frame
    keep, names = [], {}
    for c in frame.columns:
        if c in config and config[c] is None:  # hidden on screen
            continue
        spec = config.get(c)
        label = spec if isinstance(spec, str) else (spec.get("label") if isinstance(spec, dict) else None)
        label = label or _shared_label(c, frame.schema[c])
        keep.append(c)
        if label:
            unit = _unit(c, spec, lang())
            label = label if label.endswith(unit) else label + unit
        if label and label != c and label not in names.values() and label not in frame.columns:
            names[c] = label
    return frame.select(keep).rename(names)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """Returns the table as UTF-8 CSV with a BOM (so Excel shows Chinese text), formulas neutralised."""
    return b"\xef\xbb\xbf" + neutralise(_flat(frame)).write_csv().encode("utf-8")


def xlsx_bytes(frame: pl.DataFrame, sheet: str = "data") -> bytes:
    """Returns the table as an XLSX workbook whose text cells are never read as formulas or links."""
    import xlsxwriter

    frame = neutralise(_flat(frame))
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    stamps = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    ws = book.add_worksheet(sheet[:31])
    for c, name in enumerate(frame.columns):
        ws.write_string(0, c, name, bold)
        ws.set_column(c, c, min(40, max(10, len(name) + 2)))
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, datetime):
                ws.write_datetime(r, c, v, stamps)
            elif isinstance(v, date):
                ws.write_datetime(r, c, datetime(v.year, v.month, v.day), dates)
            elif isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, (int, float)):
                if v == v:  # NaN stays an empty cell
                    ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, str(v))
    ws.freeze_panes(1, 0)
    book.close()
    return buf.getvalue()


def download_buttons(
    frame: pl.DataFrame, name: str, key: str, labels: tuple[str, str] = ("CSV", "XLSX"), config: dict | None = None
) -> None:
    """Renders CSV and XLSX download buttons for `frame` side by side (built lazily on click); `config` (the table's
    column_config) heads the file's columns as the screen does (`headed`)."""
    from ui.i18n import t

    frame = headed(frame, config)
    sheet = t("xlsx_sheet")  # the sheet is named in the page's language (read now: the lambda runs on click)
    # a horizontal row sized to the buttons: fixed column shares cut the labels off inside half-width columns
    with st.container(horizontal=True, gap="small"):
        st.download_button(labels[0], data=lambda: csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
                           key=f"{key}_csv", icon=":material/download:", on_click="ignore")  # fmt: skip
        st.download_button(
            labels[1], data=lambda: xlsx_bytes(frame, sheet), file_name=f"{name}.xlsx", key=f"{key}_xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", icon=":material/download:",
            on_click="ignore",
        )  # fmt: skip
