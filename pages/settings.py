"""设置 Settings: edit SKU map, landed costs, inbound batches, FX rates; base currency, restock rate, allocation;
lead times, the event calendar and seasonal band overrides (the planning inputs)."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from metrics.core.settings import books_currency, get_settings, set_settings
from ui import data
from ui.editor import editor
from ui.filters import currency_choices
from ui.i18n import lang, placeholder, t
from ui.plan_editors import bands_editor, events_editor, lead_times_editor
from ui.widgets import header
from warehouse.formats import by_id

TABLES = ("tpl_sku_map", "tpl_landed_costs", "tpl_inbound_batches", "tpl_fx_rates", "tpl_expenses", "tpl_budget",
          "tpl_targets")  # fmt: skip
PLAN = {"tab_lead_times": lead_times_editor, "tab_events": events_editor, "tab_bands": bands_editor}

header("page_settings")
st.caption(t("settings_intro"))
zh = lang() == "zh"
# only the open tab runs (seven editors at ~20 ms each would make every rerun of this page slow)
tabs = st.tabs([by_id(tid).label_zh.removesuffix("（模板）") if zh else by_id(tid).label_en.removesuffix(" (template)")
                for tid in TABLES] + [t(k) for k in ("tab_conventions", *PLAN)], key="set_tab", on_change="rerun")  # fmt: skip
for tab, tid in zip(tabs, TABLES):
    if tab.open:
        with tab:
            editor(tid)
for tab, show in zip(tabs[len(TABLES) + 1 :], PLAN.values()):
    if tab.open:
        with tab:
            show("set")

if tabs[len(TABLES)].open:
    with tabs[len(TABLES)]:
        current = get_settings(data.warehouse().con)
        with st.form("conventions"):
            options = currency_choices(current.base_currency)
            base = st.selectbox(t("base_currency"), options, placeholder=placeholder(options), index=0, key="set_base")
            books, pinned = books_currency(data.warehouse().con)
            st.caption(t("books_currency_pinned" if pinned else "books_currency_follows", cur=books))
            restock = st.slider(t("restock_rate"), 0, 100, int(round(current.restock_rate * 100)), format="%d%%",
                                key="set_restock")  # fmt: skip
            rules = ["net_sales_share", "unallocated"]
            rule = st.radio(t("allocation_rule"), rules, index=rules.index(current.allocation_rule), key="set_alloc",
                            format_func={"net_sales_share": t("net_sales_share"), "unallocated": t("unallocated_rule")}.get)  # fmt: skip
            if st.form_submit_button(t("save"), type="primary"):
                try:
                    set_settings(
                        data.warehouse().con, base_currency=base, restock_rate=restock / 100, allocation_rule=rule
                    )
                except ValidationError as exc:
                    st.error("; ".join(e["msg"] for e in exc.errors()))
                else:
                    data.clear_caches()
                    st.session_state["view_state"]["base"] = ""
                    st.session_state.pop("w_base", None)
                    st.success(t("settings_saved"))
