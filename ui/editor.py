"""Settings-page table editors: seller templates edited in st.data_editor, validated row by row with pydantic,
saved as a template file through the normal (archived, undoable) import path."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd
import polars as pl
import streamlit as st
from pydantic import ValidationError, create_model, field_validator

from ui import data
from ui import format as fmt
from ui.i18n import grid_date_format, labeler, lang, t
from ui.state import CHANNELS
from warehouse.formats import by_id
from warehouse.formats.sheets.master import SPEC
from warehouse.ingest.templates import write_template

PY_TYPES = {"text": str, "date": date, "num": float, "int": int}
NON_NEGATIVE = {"purchase_cost", "first_mile", "duty", "other", "units", "amount"}  # amount: an expense
POSITIVE = {"rate", "fx_rate_paid"}
CURRENCY_FIELDS = {"currency", "base_currency"}


def label(field: str) -> str:
    """Returns a template column's header in the current language."""
    _, en, zh, _ = SPEC[field]
    return zh if lang() == "zh" else en


def row_model(format_id: str):
    """Returns a pydantic model of one template row (required fields, types, signs, currency codes)."""
    fmt = by_id(format_id)
    fields = {}
    for f in fmt.fields:
        typ = PY_TYPES.get(SPEC[f][0], str)
        fields[f] = (typ, ...) if f in fmt.required_fields else (typ | None, None)

    def check_sign(cls, v, info):
        if v is not None and info.field_name in NON_NEGATIVE and v < 0:
            raise ValueError(t("must_be_positive"))
        if v is not None and info.field_name in POSITIVE and v <= 0:
            raise ValueError(t("must_be_rate"))
        return v

    def check_currency(cls, v):
        if v is not None and not (len(v.strip()) == 3 and v.strip().isalpha()):
            raise ValueError(t("currency_code"))
        return v.strip().upper() if v else v

    validators = {}
    signed = [f for f in fmt.fields if f in NON_NEGATIVE | POSITIVE]
    if signed:
        validators["sign"] = field_validator(*signed)(check_sign)
    cur = [f for f in fmt.fields if f in CURRENCY_FIELDS]
    if cur:
        validators["cur"] = field_validator(*cur)(check_currency)
    return create_model(f"Row_{format_id}", __validators__=validators, **fields)


def _cell(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp | datetime):
        return v.date()
    if isinstance(v, str) and not v.strip():
        return None
    return v


def validate(format_id: str, edited: pd.DataFrame) -> tuple[pl.DataFrame | None, list[str]]:
    """Returns (clean rows, []) or (None, one message per bad cell): all rows valid or nothing at all."""
    model = row_model(format_id)
    fields = list(by_id(format_id).fields)
    clean, problems = [], []
    for i, rec in enumerate(edited.to_dict("records"), start=1):
        values = {f: _cell(rec.get(f)) for f in fields}
        if all(v is None for v in values.values()):
            continue  # an empty row added by the editor
        try:
            clean.append(model(**values).model_dump())
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else ""
                empty = err["type"] == "missing" or values.get(field) is None
                msg = t("required") if empty else err["msg"].removeprefix("Value error, ")
                problems.append(t("bad_cell", row=i, col=label(field) if field in SPEC else field, msg=msg))
    if problems:
        return None, problems
    schema = {f: {"text": pl.String, "date": pl.Date, "num": pl.Float64, "int": pl.Int64}[SPEC[f][0]] for f in fields}
    return pl.DataFrame(clean, schema=schema), []


def column_config(format_id: str, seen: dict[str, list] | None = None) -> dict:
    """Returns editor columns: localised headers, date pickers, number inputs, required marks; a channel column picks
    from the channels by name (the file keeps the id); `seen`: column -> values already in the table (kept as
    options)."""
    fmt = by_id(format_id)
    config = {}
    for f in fmt.fields:
        kind = SPEC[f][0]
        name = label(f) + (" *" if f in fmt.required_fields else "")
        if f == "channel":
            options = list(dict.fromkeys([*CHANNELS, *[v for v in (seen or {}).get(f, []) if v]]))
            config[f] = st.column_config.SelectboxColumn(name, options=options, format_func=labeler())
        elif kind == "date":
            config[f] = st.column_config.DateColumn(name, format=grid_date_format("day"))
        elif kind in ("num", "int"):
            config[f] = st.column_config.NumberColumn(name, step=1 if kind == "int" else 0.0001)
        else:
            config[f] = st.column_config.TextColumn(name)
    return config


def _seen(rows) -> dict[str, list]:
    return {"channel": rows["channel"].unique().to_list()} if "channel" in rows.columns else {}


def editor(format_id: str) -> None:
    """Renders one template's editor with a Save button; saving imports the table as a template file."""
    from ui.grid import fit_widths

    rows = data.template_rows(format_id)
    frame = rows.to_pandas()
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, key=f"ed_{format_id}", placeholder="—",
                            column_config=fit_widths(rows, column_config(format_id, _seen(rows))), width="stretch")  # fmt: skip
    st.caption(t("deleted_rows_note"))
    if st.button(t("save"), key=f"save_{format_id}", type="primary", icon=":material/save:"):
        rows, problems = validate(format_id, edited)
        if problems:
            st.error(t("not_saved", n=len(problems)) + "\n\n" + "\n".join(f"- {fmt.plain(p)}" for p in problems[:20]))
            return
        raw = write_template(format_id, rows)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        result = data.ingest(raw, f"{format_id}_{stamp}.csv")
        kind, text = saved_message(result)
        if kind == "success":
            st.session_state[f"saved_{format_id}"] = text
            st.rerun()
        (st.info if kind == "info" else st.error)(text)
    if msg := st.session_state.pop(f"saved_{format_id}", None):
        st.success(msg)


def saved_message(result) -> tuple[str, str]:
    """Returns (kind: 'success' | 'info' | 'error', text in the page's language) for a Save's import result: the
    result line of the Data page (ui.upload.result_line), not the command line's English one."""
    from ui.upload import result_line

    if result.status == "imported":
        return "success", t("saved", line=fmt.plain(result_line(result)))
    if result.status == "duplicate":
        return "info", t("nothing_changed")
    return "error", fmt.plain(result_line(result))
