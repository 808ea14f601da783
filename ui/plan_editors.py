"""Editors of the planning inputs the seller keeps (lead times per SKU and lane, the event calendar per marketplace,
seasonal band overrides) and the bilingual column set-up of the planning pages' tables.

The Settings page shows each editor in a tab; the reorder and seasonal pages show the same editor in an expander
(pass a different `key` prefix per page). Saving checks the whole table, stores it through metrics.planning.store
(validated, replaced in one transaction), clears the cached queries and reruns, so every plan and band updates.

Size: three planning editors share one check-and-save path and the planning tables' bilingual column set-up
(`table_columns`), the next seam.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
import polars as pl
import streamlit as st

from metrics.planning.events import KINDS
from metrics.planning.store import get_events, get_kpi_bands, get_lead_times, set_events, set_kpi_bands, set_lead_times
from ui import data
from ui import format as fmt
from ui.grid import date_column, pct_column
from ui.i18n import both, lang, metric_name, placeholder, t

LANES = {"sea": ("海运", "Sea"), "rail": ("铁路", "Rail"), "air": ("空运", "Air")}
EVENT_KINDS = {k: (zh, en) for k, (zh, en, _) in KINDS.items()}
# KPIs whose seasonal band the seller may set (the seasonal page's picker; the Overview alerts use a subset)
BAND_KPIS = ["net_sales", "units", "orders", "gross_sales", "aov", "net_profit", "net_margin", "ad_spend", "acos",
             "tacos", "refund_rate"]  # fmt: skip


# the store's validation messages (metrics.planning.store raises them in English) in both languages
STORE_MESSAGES = {
    "days must be 0 or more": ("天数不能为负", "days must be 0 or more"),
    "case pack must be at least 1": ("箱规至少为 1", "case pack must be at least 1"),
    "service level must be between 0.5 and 0.999": (
        "服务水平须在 0.5 到 0.999 之间",
        "service level must be between 0.5 and 0.999",
    ),  # fmt: skip
    "events with a missing date or an end before the start": (
        "以下活动缺少日期或结束早于开始",
        "events with a missing date or an end before the start",
    ),  # fmt: skip
    "every event needs an id and a kind": ("每个活动都需要编号和类型", "every event needs an id and a kind"),
    "month must be 0 (any month) or 1–12": ("月份须为 0（所有月份）或 1–12", "month must be 0 (any month) or 1–12"),
}


# -- table columns -------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    """One column's header in both languages and how its values show (kind: text, money, pct, int, num, date,
    bool, choice; `choices` translates codes for kind choice; `digits` for kind num)."""

    zh: str
    en: str
    kind: str = "text"
    choices: dict[str, tuple[str, str]] | None = None
    digits: int = 2
    help: tuple[str, str] | None = None  # the header's tooltip (中文, English)


def _column(name: str, c: Col, frame: pl.DataFrame, currency: str | None = None, **edit):
    """Returns the column_config of one column; `edit` adds editor settings (min_value, default, required …)."""
    config = _column_kind(name, c, frame, currency, **edit)
    if c.help and isinstance(config, dict):
        config["help"] = c.help[0] if lang() == "zh" else c.help[1]
    return config


def _column_kind(name: str, c: Col, frame: pl.DataFrame, currency: str | None = None, **edit):
    """Returns the column_config of one column by its kind (`_column` adds the tooltip)."""
    zh = lang() == "zh"
    label = c.zh if zh else c.en
    dtype = frame.schema[name]
    cc = st.column_config
    if c.kind == "money":
        # whole units when the spec asks (digits=0: wide summary tables), else the currency's decimals (JPY none)
        symbol, places = fmt.symbol(currency or "", lang()), 0 if c.digits == 0 else fmt.decimals(currency or "")
        return cc.NumberColumn(f"{label} ({symbol})" if symbol else label, format=f"%,.{places}f", **edit)
    if c.kind == "pct":
        return pct_column(label, **edit)
    if c.kind == "int":
        return cc.NumberColumn(label, format="%,d" if dtype.is_integer() else "%,.0f", **edit)
    if c.kind == "num":
        return cc.NumberColumn(label, format=f"%,.{c.digits}f", **edit)
    if c.kind == "date" or dtype == pl.Date or isinstance(dtype, pl.Datetime):  # a text column shows epoch ms
        return date_column(name, label, dtype, frame[name], **edit)
    if c.kind == "bool":
        return cc.CheckboxColumn(label, **edit)
    if c.kind == "choice":
        choices = c.choices or {}
        seen = [v for v in frame[name].unique(maintain_order=True).to_list() if v is not None and v not in choices]
        names = {k: v[0] if zh else v[1] for k, v in choices.items()}
        return cc.SelectboxColumn(label, options=[*choices, *seen], format_func=lambda v: names.get(v, v), **edit)
    return cc.TextColumn(label, **edit)


def table_columns(frame: pl.DataFrame, spec: dict[str, Col], currency: str | None = None) -> dict:
    """Returns st.column_config for `frame`: each column in `spec` with its header in the page's language, money
    to 2 decimals with the currency symbol, fractions as %, units as whole numbers, dates as dates, codes translated.
    The data keeps its column names (tests and downloads read those)."""
    return {name: _column(name, spec[name], frame, currency) for name in frame.columns if name in spec}


# -- editors -------------------------------------------------------------------------------------------------------
LEAD_COLS = {
    "master_sku": Col("SKU（* = 所有 SKU）", "SKU (* = every SKU)"),
    "lane": Col("线路", "Lane", "choice", LANES),
    "production_days": Col("生产（天）", "Production (days)", "int"),
    "first_mile_days": Col("头程（天）", "First mile (days)", "int"),
    "receiving_days": Col("入仓上架（天）", "Receiving (days)", "int"),
    "lead_time_sd_days": Col("交期波动 σ（天）", "Lead-time σ (days)", "num", digits=1),
    "moq": Col("最小起订量", "MOQ (units)", "int"),
    "case_pack": Col("箱规（件/箱）", "Case pack (units)", "int"),
    "service_level": Col("服务水平", "Service level", "num", digits=3),
    "is_preferred": Col("首选线路", "Preferred lane", "bool"),
}
LEAD_EDIT = {
    "master_sku": {"required": True, "default": "*"},
    "lane": {"required": True, "default": "sea"},
    "production_days": {"required": True, "min_value": 0, "step": 1},
    "first_mile_days": {"required": True, "min_value": 0, "step": 1},
    "receiving_days": {"required": True, "min_value": 0, "step": 1},
    "lead_time_sd_days": {"min_value": 0.0, "step": 0.5, "default": 0.0},
    "moq": {"min_value": 0, "step": 1, "default": 0},
    "case_pack": {"min_value": 1, "step": 1, "default": 1},
    "service_level": {"min_value": 0.5, "max_value": 0.999, "step": 0.005, "default": 0.95},
    "is_preferred": {"default": False},
}
EVENT_COLS = {
    "event_id": Col("活动编号", "Event id"),
    "marketplace": Col("站点（* = 所有站点）", "Marketplace (* = every one)"),
    "kind": Col("类型", "Kind", "choice", EVENT_KINDS),
    "name_zh": Col("中文名称", "Name (Chinese)"),
    "name_en": Col("英文名称", "Name (English)"),
    "start_date": Col("开始日期", "Start date", "date"),
    "end_date": Col("结束日期", "End date", "date"),
    "is_estimated": Col("日期为估计", "Estimated dates", "bool"),
}
EVENT_EDIT = {
    "event_id": {"required": True},
    "marketplace": {"required": True, "default": "*"},
    "kind": {"required": True},
    "start_date": {"required": True},
    "end_date": {"required": True},
    "is_estimated": {"default": False},
}
BAND_COLS = {
    "kpi": Col("指标", "KPI", "choice"),
    "marketplace": Col("站点（* = 所有站点）", "Marketplace (* = every one)"),
    "month": Col("月份（0 = 所有）", "Month (0 = every)", "int"),
    "event_kind": Col("活动类型", "Event kind", "choice"),
    "red_low": Col("红色下限", "Red below", "num", digits=4),
    "amber_low": Col("黄色下限", "Amber below", "num", digits=4),
    "amber_high": Col("黄色上限", "Amber above", "num", digits=4),
    "red_high": Col("红色上限", "Red above", "num", digits=4),
}
BAND_EDIT = {
    "kpi": {"required": True},
    "marketplace": {"required": True, "default": "*"},
    "month": {"min_value": 0, "max_value": 12, "step": 1, "default": 0},
    "event_kind": {"default": ""},
}
KEYS = {"leads": ["master_sku", "lane"], "events": ["event_id", "marketplace"],
        "bands": ["kpi", "marketplace", "month", "event_kind"]}  # fmt: skip
REQUIRED = {"leads": ["master_sku", "lane", "production_days", "first_mile_days", "receiving_days"],
            "events": ["event_id", "kind", "start_date", "end_date"], "bands": ["kpi"]}  # fmt: skip
READERS = {"leads": get_lead_times, "events": get_events, "bands": get_kpi_bands}
WRITERS = {"leads": set_lead_times, "events": set_events, "bands": set_kpi_bands}
SPECS = {"leads": LEAD_COLS, "events": EVENT_COLS, "bands": BAND_COLS}


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def stored(db: str, which: str) -> pl.DataFrame:
    """Returns the stored table `which` (leads, events, bands); `db` only keys the cache."""
    return READERS[which](data.warehouse().con)


def _typed(edited: pd.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """Returns the editor's table with the stored table's column types."""
    frame = pl.from_pandas(edited) if len(edited) else pl.DataFrame(schema=schema)
    return frame.select(
        pl.col(c).cast(t) if c in frame.columns else pl.lit(None, dtype=t).alias(c) for c, t in schema.items()
    )


def _problem(which: str, frame: pl.DataFrame, edited: pl.DataFrame) -> str | None:
    """Returns what stops `frame` from being saved (a missing required cell in the `edited` rows, a duplicate key)
    or None."""
    spec = SPECS[which]
    zh = lang() == "zh"
    for i, row in enumerate(edited.iter_rows(named=True), start=1):
        for c in REQUIRED[which]:
            if row[c] is None or (isinstance(row[c], str) and not row[c].strip()):
                return t("pe_missing", row=i, col=spec[c].zh if zh else spec[c].en)
    keys = KEYS[which]
    dup = frame.filter(pl.struct(keys).is_duplicated()).select(keys).unique(maintain_order=True)
    if dup.height:
        cols = " + ".join(spec[c].zh if zh else spec[c].en for c in keys)
        return t("pe_duplicate", cols=cols, keys="; ".join(" / ".join(str(v) for v in r) for r in dup.head(5).rows()))
    return None


def _translated(which: str, exc: Exception) -> str:
    """Returns the store's validation message in the page's language (other errors as they are)."""
    text = str(exc)
    if which == "bands" and " must not exceed " in text:
        lo, hi = text.split(" must not exceed ")
        return t("pe_must_not_exceed", lo=_label(BAND_COLS, lo), hi=_label(BAND_COLS, hi.strip()))
    for key, pair in STORE_MESSAGES.items():
        if text.startswith(key):
            return pair[0 if lang() == "zh" else 1] + text[len(key) :]
    return text


def _label(spec: dict[str, Col], name: str) -> str:
    c = spec.get(name)
    return name if c is None else c.zh if lang() == "zh" else c.en


def _save(which: str, edited: pl.DataFrame, rest: pl.DataFrame | None, editor_key: str, flag: str) -> None:
    """Stores the edited rows (plus the `rest` not shown) and reruns with a fresh editor, or says why nothing was
    saved."""
    frame = edited if rest is None else pl.concat([rest, edited])
    problem = _problem(which, frame, edited)
    if problem is None:
        try:
            WRITERS[which](data.warehouse().con, frame)
        except (ValueError, TypeError, pl.exceptions.PolarsError, duckdb.Error) as exc:
            problem = _translated(which, exc)
    if problem is not None:
        st.error(t("pe_not_saved", msg=problem))
        return
    data.clear_caches()
    st.session_state.pop(editor_key, None)  # the edits are stored: start the editor again from the stored table
    st.session_state[flag] = True
    st.rerun()


def _edit(which: str, key: str, shown: pl.DataFrame, edit: dict, editor_key: str, rest: pl.DataFrame | None = None,
          spec: dict[str, Col] | None = None) -> None:  # fmt: skip
    """Renders the editor of `shown` and its Save button; `rest` holds stored rows not shown (kept on save)."""
    spec = spec or SPECS[which]
    config = {c: _column(c, spec[c], shown, **edit.get(c, {})) for c in shown.columns}
    from ui.grid import fit_widths

    edited = st.data_editor(shown.to_pandas(), num_rows="dynamic", hide_index=True, key=editor_key, placeholder="—",
                            column_config=fit_widths(shown, config), width="stretch")  # fmt: skip
    flag = f"{key}_{which}_saved"
    if st.button(t("pe_save"), key=f"{key}_{which}_save", type="primary", icon=":material/save:"):
        _save(which, _typed(edited, shown.schema), rest, editor_key, flag)
    if st.session_state.pop(flag, False):
        st.success(t("pe_saved"))


def lead_times_editor(key: str = "set") -> None:
    """Renders the lead-time table (production + first mile by lane + receiving, MOQ, case pack, service level)."""
    st.caption(t("pe_leads_help") + " " + t("pe_direct"))
    _edit("leads", key, stored(data.db_key(), "leads"), LEAD_EDIT, f"{key}_leads_editor")


def events_editor(key: str = "set", marketplace: str | None = None) -> None:
    """Renders the event calendar, one marketplace at a time or all of them (`marketplace` preselects one)."""
    st.caption(t("pe_events_help") + " " + t("pe_direct"))
    events = stored(data.db_key(), "events")
    options = [None, *sorted(set(events["marketplace"].to_list()))]
    zh = lang() == "zh"
    names = {
        None: both("pe_all_markets")[not zh],
        "*": both("pe_every_market")[not zh],
    }  # bound now: AppTest formats later
    index = options.index(marketplace) if marketplace in options else 0
    mp = st.selectbox(t("pe_marketplace"), options, placeholder=placeholder(options), index=index,
                      format_func=lambda m: names.get(m, m), key=f"{key}_events_mp")  # fmt: skip
    if mp is None:
        _edit("events", key, events, EVENT_EDIT, f"{key}_events_editor")
        return
    edit = EVENT_EDIT | {"marketplace": {"required": True, "default": mp}}
    shown = events.filter(pl.col("marketplace") == mp)
    rest = events.filter(pl.col("marketplace") != mp)
    _edit("events", key, shown, edit, f"{key}_events_editor_{mp}", rest)


def bands_editor(key: str = "set") -> None:
    """Renders the seller's seasonal band overrides (by KPI, marketplace, month and event kind)."""
    st.caption(t("pe_bands_help") + " " + t("pe_direct"))
    kpis = {k: (metric_name(k), metric_name(k)) for k in BAND_KPIS}  # already in the page's language
    kinds = {"": both("pe_any_kind")} | EVENT_KINDS
    spec = BAND_COLS | {
        "kpi": Col("指标", "KPI", "choice", kpis),
        "event_kind": Col("活动类型", "Event kind", "choice", kinds),
    }
    _edit("bands", key, stored(data.db_key(), "bands"), BAND_EDIT, f"{key}_bands_editor", spec=spec)
