"""利润桥 Profit bridge: the change in profit against the comparison period, step by step, as a waterfall."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.accounts.bridge import GLOSSARY
from ui import cash, charts, filters
from ui.i18n import lang, metric_name, t
from ui.widgets import empty_state, header, table

f = filters.current()
header("page_bridge", f)
if f is None:
    empty_state("empty_profit")
    st.stop()
if f.comparison() is None:
    st.info(t("bridge_no_compare"))
    st.stop()

cur = filters.currency()
b = cash.bridge(f)
zh = lang() == "zh"
measure = t("operating_profit_label") if b.measure == "operating_profit" else metric_name("net_profit")
st.subheader(t("bridge_chart", measure=measure, start=f"{b.previous:,.2f}", end=f"{b.current:,.2f} {cur}"))
rows = [{"step": "start", "amount": round(b.previous, 2)}]
rows += [{"step": s.step, "amount": s.cents / 100} for s in b.steps]
rows.append({"step": "end", "amount": round(b.current, 2)})
charts.show(cash.waterfall(rows))

rates = ", ".join(f"{c} {r:,.4f}" for c, r in sorted(b.avg_rates.items()) if r is not None and c != cur) or "—"
st.caption(t("bridge_note", rates=rates))
st.subheader(t("bridge_steps"))
labels = cash.accounts_bridge.LABELS
frame = pl.DataFrame([{"step": labels[r["step"]][0 if zh else 1], "amount": r["amount"]} for r in rows])
table(frame, "profit_bridge", "bridge_tbl", column_config=cash.columns(frame, cur), height="content")  # every step

with st.expander(t("bridge_definitions")):
    for g in GLOSSARY:
        st.markdown(f"**{g.zh if zh else g.en}** · {g.def_zh if zh else g.def_en}  \n`{g.formula}`")
