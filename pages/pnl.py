"""经营利润表 Management P&L: month columns × P&L lines (sales down to operating profit), per scope, with downloads."""

from __future__ import annotations

import streamlit as st

from ui import charts, filters, tables
from ui import format as fmt
from ui import pnl as view
from ui.download import download_buttons
from ui.i18n import lang, placeholder, t
from ui.overview import fx_gap_notice
from ui.state import keep_choice
from ui.widgets import empty_state, header

f = filters.current()
header("page_pnl", f)
if f is None:
    empty_state("empty_pnl")
    st.stop()
fx_gap_notice(f)  # sales and fees without a rate to the base: the P&L holds only the converted part, or none

BY = ("total", "channel", "marketplace", "store")
by = st.radio(t("pnl_by"), BY, format_func=lambda b: t(f"pnl_by_{b}"), horizontal=True, key="pnl_by")
s = view.section(f, by or "total")
scopes = ["total", *(x for x in dict.fromkeys(r.scope for r in s.rows) if x != "total")]
for c, base, n, a, b in s.missing_fx:
    st.warning(t("pnl_missing_fx", n=n, cur=c, base=base, a=a, b=b), icon=":material/currency_exchange:")
if not view.has_expenses(s):
    company = view.company_expenses(f)  # the whole company's, when the filters leave the view without any
    # a SKU filter alone: expenses are never booked to a SKU (say so, not "clear the channel filter")
    by_place = f.channel or f.marketplace or f.store
    key = ("pnl_expenses_elsewhere" if by_place else "pnl_expenses_sku") if company else "pnl_no_expenses"
    st.info(t(key, n=fmt.money(company, s.base_currency, lang())), icon=":material/receipt_long:")

scope = "total"
if len(scopes) > 1:
    keep_choice("pnl_scope", scopes)
    scope = st.selectbox(t("pnl_scope"), scopes, format_func=view.scope_label,
                         placeholder=placeholder(scopes), key="pnl_scope") or "total"  # fmt: skip

charts.show(view.monthly_chart(s, scope))
view.partial_captions(s)  # a month the period cuts is a pale bar on the chart
pnl_rows = view.table(s, scope)
if pnl_rows["pnl_last_year"].null_count() == pnl_rows.height:  # no data a year back: no empty column pair
    pnl_rows = pnl_rows.drop("pnl_last_year", "pnl_vs_last_year")
# tall enough for every line down to operating profit (the bottom line must not hide behind a scroll bar)
tables.show(
    pnl_rows,
    "pnl_table",
    s.base_currency,
    spec=view.spec(s),
    width="stretch",
    height=36 * (len(pnl_rows) + 1) + 3,
    brackets=True,  # a loss reads (65,367.66), as Profit by SKU and the FX what-if write it
    column_config={
        "step": st.column_config.Column(
            (tables.COLUMNS["step"].zh if lang() == "zh" else tables.COLUMNS["step"].en), pinned=True
        )
    },  # in view
)
st.caption(t("negatives_note_tables"))
st.caption(t("pnl_note", cur=s.base_currency, cal=t(f.calendar)))
st.caption(t("pnl_download"))
download_buttons(view.accountant_frame(s), f"pnl_{f.start}_{f.end}", "pnl_dl")
