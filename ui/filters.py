"""The sidebar's global filters (period, comparison, slice, currency, calendar, language) and the Filters they make."""

from __future__ import annotations

from datetime import date

import streamlit as st

from metrics.core.api import Filters
from ui import data
from ui import format as fmt
from ui.catalog import CATALOG
from ui.i18n import LANGS, labeler, lang, placeholder, t
from ui.periods import CALENDARS, COMPARES, PRESETS
from ui.state import CHANNELS, period_bounds, seed, view
from warehouse.core.marketplaces import MARKETPLACES

# view-state field -> widget key (widgets are seeded from the view state, then copied back each run)
WIDGETS = {"lang": "w_lang", "period": "w_period", "compare": "w_compare", "channel": "w_channel",
           "marketplace": "w_marketplace", "sku": "w_sku", "base": "w_base", "calendar": "w_calendar"}  # fmt: skip
WIDGETS["store"] = "w_store"
CURRENCIES = ("CNY", "USD", "EUR", "GBP", "JPY", "CAD", "HKD")


def currency_choices(*first: str) -> list[str]:
    """Returns the base-currency choices: `first` (the ones in force), the usual CURRENCIES, then every other ISO
    currency the seller's FX template holds a rate for (INR, AUD …: a base needs rates to every other currency)."""
    iso = sorted(c for c in rate_currencies() if len(c) == 3 and c.isalpha())
    return list(dict.fromkeys([*(c for c in first if c), *CURRENCIES, *iso]))


def rate_currencies() -> set[str]:
    """Returns every currency the seller's FX template names (as a currency or as a base). A base outside it has no
    rate from any other currency, so every amount in another currency is left out of its totals."""
    rates = data.template_rows("tpl_fx_rates")
    return {str(c).strip().upper() for col in ("currency", "base_currency") if col in rates.columns
            for c in rates[col].drop_nulls().to_list()}  # fmt: skip


def _marketplace_ids() -> tuple[str, ...]:
    return ("", *MARKETPLACES, *data.marketplaces())


# view-state field -> the stable ids its widget may hold (what the view state and the address keep). A filter
# with a fixed list of choices adds one entry here and one in WIDGETS; free-text fields (sku) have none.
CHOICES = {
    "lang": lambda: LANGS,
    "period": lambda: PRESETS,
    "compare": lambda: COMPARES,
    "calendar": lambda: CALENDARS,
    "channel": lambda: ("", *CHANNELS),
    "marketplace": _marketplace_ids,
    "store": lambda: ("", *data.stores()),
}


def labels_of(choice: str) -> tuple[str, ...]:
    """Returns every label a choice id is shown with, in both languages ("" is "全部"/"All")."""
    key = {"": "all", "default": "store_default"}.get(choice, choice)  # the first store is named by the catalog
    return tuple(CATALOG.get(key, ())) or (choice,)


def as_id(field: str, value):
    """Returns the stable id for a widget value of `field`: the value itself when it is an id, the id whose zh or en
    label it is (a selectbox can hand back the label it showed before a language switch), else None."""
    if value is None or field not in CHOICES:
        return value
    ids = CHOICES[field]()
    if value in ids:
        return value
    return next((i for i in ids if value in labels_of(i)), None)


def absorb_widgets(before_widgets: bool = True) -> None:
    """Copies the widgets' values into the view state as stable ids, never labels. Called at the start of a run
    (before any widget exists: the widgets are also reset to their ids, so a widget drawn in the other language
    next starts from the id) and after the sidebar (a value that is no id leaves the view state as it was)."""
    vs = view()
    for field, key in WIDGETS.items():
        if key not in st.session_state or st.session_state[key] is None:
            continue
        value = as_id(field, st.session_state[key])
        if value is None:
            value = vs[field]
        vs[field] = value
        if before_widgets:  # always: a selectbox re-reads the label its browser holds with the new language's labels
            st.session_state[key] = value
    if "w_range" in st.session_state and vs["period"] == "custom":
        picked = st.session_state["w_range"]
        if isinstance(picked, (tuple, list)) and len(picked) == 2:
            vs["start"], vs["end"] = picked


def setting_base() -> str:
    """Returns the base currency in force (the stored setting, else the .env default)."""
    from metrics.core.settings import get_settings

    try:
        return get_settings(data.warehouse().con).base_currency
    except Exception:  # noqa: BLE001 - a warehouse without the settings table yet
        return data.settings().base_currency


def render_sidebar() -> None:
    """Renders the global filters in the sidebar and keeps the view state in step with them."""
    vs = view()
    bounds = data.bounds()
    last = bounds.get("last")
    lg = lang()
    lab = labeler()
    all_ = lab("all")
    with st.sidebar:
        seed("w_lang", vs["lang"])
        st.segmented_control(
            t("language"), ["zh", "en"], key="w_lang", format_func={"zh": "中文", "en": "English"}.get,
            selection_mode="single", label_visibility="collapsed",
        )  # fmt: skip
        st.caption(t("data_as_of", date=fmt.day(last, lg)) if last else t("no_data_yet"))
        seed("w_period", vs["period"])
        st.selectbox(t("period"), PRESETS, placeholder=placeholder(PRESETS), key="w_period", format_func=lab)
        link_note(st.session_state.get("link_refused") or {})
        if st.session_state["w_period"] == "custom":
            start, end = period_bounds(last) or (date.today(), date.today())
            if "w_range" not in st.session_state:
                wanted = (vs["start"] or start, vs["end"] or end)
                shown = _clamp(wanted, bounds.get("first"), last)
                st.session_state["period_moved"] = (wanted, shown) if shown != wanted else None
                seed("w_range", shown)
            st.date_input(t("date_range"), key="w_range", min_value=bounds.get("first"), max_value=last)
            moved_note(st.session_state.get("period_moved"), bounds)
        seed("w_compare", vs["compare"])
        st.selectbox(
            t("compare"),
            COMPARES,
            placeholder=placeholder(COMPARES),
            key="w_compare",
            format_func=lab,
            help=t("compare_help"),
        )
        seed("w_channel", vs["channel"])
        st.selectbox(
            t("channel"),
            ("", *CHANNELS),
            placeholder=placeholder(("", *CHANNELS)),
            key="w_channel",
            format_func=lambda c: lab(c) if c else all_,
        )
        markets = [m for m in data.marketplaces() if not vs["channel"] or _channel_of(m) == vs["channel"]]
        if vs["marketplace"] and vs["marketplace"] not in markets:
            markets.append(vs["marketplace"])  # a deep link keeps its marketplace even before data arrives
        seed("w_marketplace", vs["marketplace"])
        st.selectbox(
            t("marketplace"),
            ("", *markets),
            placeholder=placeholder(("", *markets)),
            key="w_marketplace",
            format_func=lambda m: m or all_,
        )
        _store_filter(vs, all_)
        seed("w_sku", vs["sku"])
        st.text_input(t("sku_search"), key="w_sku", placeholder="CAM-")
        base = setting_base()
        seed("w_base", vs["base"] or base)
        options = currency_choices(base, *CURRENCIES, st.session_state["w_base"])
        st.selectbox(t("base_currency"), options, placeholder=placeholder(options), key="w_base")
        chosen = as_id("base", st.session_state["w_base"]) or vs["base"] or base
        if chosen != base and chosen not in rate_currencies():
            st.warning(t("base_no_rates", base=chosen, home=base))
        seed("w_calendar", vs["calendar"])
        st.radio(t("calendar"), CALENDARS, key="w_calendar", format_func=lab)
        st.caption(t("copy_link"))
    absorb_widgets(before_widgets=False)


def _store_filter(vs: dict, all_: str) -> None:
    """Renders the store (seller account) filter when the warehouse has two or more stores; the URL keeps the id."""
    from ui.stores import label

    stores = data.stores()
    if len(stores) < 2:
        return
    names = {s: label(s) for s in stores}
    options = ["", *stores]
    if vs.get("store") and vs["store"] not in stores:
        options.append(vs["store"])  # a deep link keeps its store even before its data arrives
    seed("w_store", vs.get("store") or "")
    st.selectbox(
        t("store"),
        options,
        placeholder=placeholder(options),
        key="w_store",
        format_func=lambda s: names.get(s, s) if s else all_,
    )


def _store_of_view(vs: dict) -> str | None:
    """Returns the store the view narrows to: the view's store id when the warehouse has two or more stores."""
    store = vs.get("store") or None
    return store if store and len(data.stores()) >= 2 else None


def _clamp(span: tuple[date, date], first: date | None, last: date | None) -> tuple[date, date]:
    """Returns `span` moved inside [first, last] (the date picker refuses values outside its limits)."""
    lo, hi = first or span[0], last or span[1]
    return tuple(min(max(d, lo), hi) for d in span)  # type: ignore[return-value]


def _channel_of(marketplace: str) -> str | None:
    m = MARKETPLACES.get(marketplace)
    return m.channel if m else None


def current() -> Filters | None:
    """Returns the Filters of the current view, or None when the warehouse has no dated data yet."""
    vs = view()
    span = period_bounds(data.bounds().get("last"))
    if span is None:
        return None
    compare = vs["compare"] if vs["compare"] in ("previous", "yoy") else None
    calendar = vs["calendar"] if vs["calendar"] in CALENDARS else "operational"
    if vs["base"]:
        _prepare_base(vs["base"])
    return Filters(
        start=span[0], end=span[1], compare=compare, channel=vs["channel"] or None,
        marketplace=vs["marketplace"] or None, sku_search=(vs["sku"] or "").strip() or None,
        base_currency=vs["base"] or None, calendar=calendar, store=_store_of_view(vs),
    )  # fmt: skip


def _prepare_base(base: str) -> None:
    """Lets the writer prepare the conversion copies of a base currency the view switches to (warehouse.marts.
    other_base; later reruns in that base read them warm). Once per base: every import's or undo's refresh keeps them
    current; a full refresh (a settings change) drops them and another base replaces them; this prepares them
    again on the next switch. Skipped while an import runs."""
    from warehouse.marts import other_base

    con = data.warehouse().con
    if other_base.needed(con, base):
        with st.spinner(t("preparing_base", base=base)):
            other_base.prepare(con, base, wait=False)


LINK_NOTES = {
    "period": "link_bad_period",
    "start": "link_bad_date",
    "end": "link_bad_date",
    "compare": "link_bad_compare",
    "channel": "link_bad_channel",
    "calendar": "link_bad_calendar",
}


def link_note(refused: dict[str, str]) -> None:
    """Says, under the period choice, which values of the page link the app did not know and what it shows instead
    (an unknown period shows the last 30 days: one sentence, not a silent fallback)."""
    for field, raw in refused.items():
        st.caption(":material/link_off: " + t(LINK_NOTES[field], value=fmt.plain(raw)))


def moved_note(moved, bounds: dict) -> None:
    """Says, under the date range, that the requested dates (a link's or an earlier choice's) lay outside the data
    and were moved inside it: the picker refuses days outside [first, last], so the page shows the moved period."""
    if not moved or tuple(st.session_state.get("w_range") or ()) != tuple(moved[1]):
        return  # none moved, or the seller has since picked other dates
    lg = lang()
    (a, b), (c, d) = moved
    st.caption(":material/event_busy: " + t(
        "period_moved", start=fmt.day(a, lg), end=fmt.day(b, lg), first=fmt.day(bounds.get("first"), lg),
        last=fmt.day(bounds.get("last"), lg), shown_start=fmt.day(c, lg), shown_end=fmt.day(d, lg)))  # fmt: skip


def currency() -> str:
    """Returns the base currency the view shows money in."""
    return view().get("base") or setting_base()
