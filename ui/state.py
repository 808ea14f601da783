"""The whole view state: kept in st.session_state["view_state"] and mirrored to st.query_params (deep links)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from ui.periods import CALENDARS, COMPARES, PRESETS, parse_date, resolve

# view-state field -> query parameter name
PARAMS = {
    "period": "period", "start": "start", "end": "end", "compare": "compare", "channel": "channel",
    "marketplace": "marketplace", "sku": "sku", "base": "base", "lang": "lang", "calendar": "calendar",
}  # fmt: skip
PARAMS["store"] = "store"  # the store's stable id (meta.imports.store), never its translated label
CHANNELS = ("amazon", "tiktok", "shopify")
# link fields whose unknown value falls back to a default (period: the last 30 days; compare: the previous period;
# channel: all; calendar: operational; start/end: the preset) — said once in the sidebar, never silently
LINK_CHECKED = ("period", "start", "end", "compare", "channel", "calendar")


def defaults(language: str, base: str) -> dict:
    """Returns the view state of a first visit."""
    return {"period": "last_30", "start": None, "end": None, "compare": "previous", "channel": "",
            "marketplace": "", "sku": "", "base": base, "lang": language, "calendar": "operational",
            "store": ""}  # fmt: skip


def _clean(field: str, raw: str | None):
    """Returns a query-parameter value checked for `field`, or None when it is not acceptable."""
    if raw is None:
        return None
    raw = str(raw).strip()
    if field == "period":
        return raw if raw in PRESETS else None
    if field in ("start", "end"):
        return parse_date(raw)
    if field == "compare":
        return raw if raw in COMPARES else None
    if field == "channel":
        return raw if raw in CHANNELS or raw == "" else None
    if field == "lang":
        return raw if raw in ("zh", "en") else None
    if field == "calendar":
        return raw if raw in CALENDARS else None
    if field == "base":
        return raw.upper() if len(raw) == 3 and raw.isalpha() else None
    return raw[:80]  # marketplace, sku: free text, bounded


def init(language: str, base: str) -> dict:
    """Returns the view state, created on a session's first run from the defaults and the link's query params."""
    if "view_state" not in st.session_state:
        vs = defaults(language, base)
        refused = {}  # link values the app does not know: the sidebar says which, and what it shows instead
        for field, name in PARAMS.items():
            value = _clean(field, st.query_params.get(name))
            if value is not None:
                vs[field] = value
            elif field in LINK_CHECKED and str(st.query_params.get(name) or "").strip():
                refused[field] = str(st.query_params.get(name)).strip()[:40]
        st.session_state["link_refused"] = refused
        if vs["start"] and vs["end"] and "period" not in st.query_params:
            vs["period"] = "custom"  # a link with dates only means those dates
        st.session_state["view_state"] = vs
    return st.session_state["view_state"]


def view() -> dict:
    """Returns the current view state (defaults when the app has not initialised it)."""
    return st.session_state.get("view_state") or defaults("zh", "CNY")


def seed(widget_key: str, value) -> None:
    """Gives a widget its value from the view state when the widget is (re)created."""
    if widget_key not in st.session_state:
        st.session_state[widget_key] = value


def period_bounds(anchor: date | None) -> tuple[date, date] | None:
    """Returns (start, end) of the view's period anchored on the latest date with data; None without data."""
    vs = view()
    if anchor is None:
        return None
    custom = (vs["start"], vs["end"]) if vs["start"] and vs["end"] else None
    return resolve(vs["period"], anchor, custom)


def sync_query_params(page: str | None = None) -> None:
    """Writes the view state into the address bar so a copied link reopens the same view."""
    vs = view()
    wanted: dict[str, str] = {}
    for field, name in PARAMS.items():
        value = vs.get(field)
        if field in ("start", "end") and vs["period"] != "custom":
            value = None  # presets stay relative: the link follows new data
        if value in (None, ""):
            continue
        wanted[name] = value.isoformat() if isinstance(value, date) else str(value)
    for name in list(st.query_params.keys()):
        if name in PARAMS.values() and name not in wanted:
            del st.query_params[name]
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    if page:
        vs["page"] = page


def keep_choice(key: str, choices) -> None:
    """Carries a choice widget's value over a language switch by its id; call it just before drawing the widget.

    A select widget hands back the label it showed, which the other language's labels cannot read (the page would
    get that label instead of the id); re-setting the id here lets the widget show it in the new language. A value
    that is no longer among `choices` is dropped, so the widget falls back to its default."""
    if key in st.session_state:
        value = st.session_state[key]
        if value in list(choices):
            st.session_state[key] = value
        else:
            del st.session_state[key]
