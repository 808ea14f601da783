"""The zh/en catalog (ui/locales/*.toml): every visible string goes through `t()` (or `tr()` for an explicit
language); metric names and definitions come from the registry."""

from __future__ import annotations

import streamlit as st

from metrics.core.locale_format import plural as lf_plural
from ui.catalog import CATALOG

LANGS = ("zh", "en")


def lang() -> str:
    """Returns the language of the current view (zh or en)."""
    vs = st.session_state.get("view_state") or {}
    return vs.get("lang", "zh") if vs.get("lang") in LANGS else "zh"


def t(key: str, **values) -> str:
    """Returns the catalog text of `key` in the current language, with `{name}` fields filled in."""
    return tr(key, lang(), **values)


def tr(key: str, lg: str, **values) -> str:
    """Returns the catalog text of `key` in language `lg` (zh or en), with `{name}` fields filled in and each plural
    mark `{n|row|rows}` agreeing with its count (`plural`); the key itself when the catalog has no such key (a
    missing key shows itself rather than crashing a page)."""
    entry = CATALOG.get(key)
    if entry is None:
        return key
    text = entry[0] if lg == "zh" else entry[1]
    return plural(text, values).format(**values) if values else plural(text, {})


def plural(text: str, values: dict) -> str:
    """Returns a catalog text with each plural mark `{field|one|other}` replaced by the form agreeing with the count
    values[field]: "{n} {n|row|rows} added" reads "1 row added", "2 rows added" (metrics.core.locale_format.plural;
    the count may be a number or the text a formatter made of it, "1,234")."""
    return lf_plural(text, values)


# st.date_input's field in each language's own order (its only formats are numeric: no 年/月/日, no month names);
# its calendar's month and weekday names are Streamlit's English whatever the page's language (no locale setting)
DATE_FORMATS = {"zh": "YYYY/MM/DD", "en": "MM/DD/YYYY"}


def date_format(lg: str | None = None) -> str:
    """Returns the st.date_input `format=` of `lg` (default: the page's language): `YYYY/MM/DD` in Chinese (2026/12/14,
    as Chinese writes a date in figures), `MM/DD/YYYY` in English (en_US: 12/14/2026)."""
    return DATE_FORMATS.get(lg or lang(), DATE_FORMATS["zh"])


# a grid's dates as the page's sentences write them (ui.format.day: 2026年11月20日 / Nov 20, 2026; months as the P&L
# heads them: 2026年1月 / Jan 2026), as momentJS display formats of st.column_config: the column stays a date (sorted
# by date, downloaded as ISO) and only its display follows the language. "localized" would follow the browser's
# locale, not the page's language.
GRID_DATE_FORMATS = {
    "zh": {"day": "YYYY年M月D日", "month": "YYYY年M月", "time": "YYYY年M月D日 HH:mm"},
    "en": {"day": "MMM D, YYYY", "month": "MMM YYYY", "time": "MMM D, YYYY HH:mm"},
}


def grid_date_format(kind: str, lg: str | None = None) -> str:
    """Returns the display format of a grid's `kind` of date column (day, month or time: a timestamp to the minute)
    in `lg` (default: the page's language)."""
    return GRID_DATE_FORMATS.get(lg or lang(), GRID_DATE_FORMATS["zh"])[kind]


def placeholder(options, lg: str | None = None) -> str:
    """Returns a selectbox/multiselect placeholder in `lg` (default: the page's language): "请选择" / "Choose an
    option", or "没有可选项" / "No options to select" when `options` is empty (pass as `placeholder=`)."""
    zh, en = CATALOG["ph_choose" if len(list(options)) else "ph_none"]
    return zh if (lg or lang()) == "zh" else en


def both(key: str) -> tuple[str, str]:
    """Returns the (zh, en) pair of `key`."""
    return CATALOG.get(key, (key, key))


def _metric(metric_id: str):
    from metrics.core.registry import REGISTRY

    return REGISTRY.get(metric_id)


def metric_name(metric_id: str) -> str:
    """Returns the registry's name of a metric in the current language (catalog text or the id otherwise)."""
    m = _metric(metric_id)
    if m is None:
        return t(metric_id)
    return m.zh if lang() == "zh" else m.en


def metric_help(metric_id: str) -> str:
    """Returns the tooltip of a metric: its definition and formula from the registry, in the current language."""
    m = _metric(metric_id)
    if m is None:
        return ""
    definition = m.def_zh if lang() == "zh" else m.def_en
    return f"{definition}\n\n" + t("label_value", label=t("formula"), value=f"`{m.formula}`")


def metric_unit(metric_id: str) -> str:
    """Returns how a metric is displayed: money, pct (a fraction shown as %), days, count or ratio."""
    m = _metric(metric_id)
    if m is None:
        return "ratio"
    return "pct" if m.fmt.endswith("%") else m.unit


def metric_good_up(metric_id: str) -> bool:
    """Returns True when a rise of the metric is good (drives the colour of its change arrow)."""
    m = _metric(metric_id)
    return m is None or m.good == "up"


def labeler():
    """Returns a format_func bound to the current language (widgets may call it outside the script run)."""
    current = lang()

    def label(key: str) -> str:
        entry = CATALOG.get(key)
        return key if entry is None else entry[0 if current == "zh" else 1]

    return label
