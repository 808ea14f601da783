"""The ad what-if's stock-out box: one warning naming the advertised SKUs that run out at the new budget, with each
SKU's stock-out and arrival dates in an expander (the rows come from metrics.whatif.ads.stockout_warnings)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import streamlit as st

from metrics.planning.stockout import SAFETY_DAYS
from ui import format as fmt
from ui.i18n import lang, t

MAX_LINES = 20  # the most urgent first; the warning names every SKU listed


def stock_lines(warnings: pl.DataFrame, end: date, lg: str) -> list[tuple[str, str]]:
    """Returns (SKU, sentence) for the first MAX_LINES rows of `warnings` (stockout_warnings' frame: sku,
    available, stockout_date, base_date, lead_days); `end` is the view's last day, so an order placed "now" is
    placed the day after it."""
    today = end + timedelta(days=1)
    out = []
    for r in warnings.head(MAX_LINES).iter_rows(named=True):
        arr = fmt.day(today + timedelta(days=r["lead_days"]), lg)
        key = "wa_stockout_line_out" if r["available"] <= 0 else "wa_stockout_line"
        sku = fmt.plain(r["sku"])
        d, d0 = fmt.day(r["stockout_date"], lg), fmt.day(r["base_date"], lg)
        out.append((sku, t(key, sku=sku, d=d, d0=d0, arr=arr)))
    return out


def stock_box(lines: list[tuple[str, str]], extra: bool = True) -> None:
    """One warning naming every SKU of `lines`, their dates in an expander under it; `extra` False (no SKU sells
    extra units: the budget unchanged or cut) says they run out without extra sales."""
    if not lines:
        return
    names = ("、" if lang() == "zh" else ", ").join(sku for sku, _ in lines)
    more = {} if extra else {"safety": SAFETY_DAYS}
    st.warning(t("wa_stockout" if extra else "wa_stockout_now", n=len(lines), skus=names, **more),
               icon=":material/inventory:")  # fmt: skip
    with st.expander(t("wa_stockout_dates")):
        st.markdown("\n".join(f"- {line}" for _, line in lines))
