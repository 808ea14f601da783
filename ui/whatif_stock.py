"""The ad what-if's stock-out box: one warning naming the advertised SKUs that run out at the new budget, with each
SKU's stock-out and arrival dates in an expander (the rows come from metrics.whatif.ads.stockout_warnings), and under
it how the box meets Inventory's list of stock-out risks (`inventory_note`)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import streamlit as st

from metrics.planning.stockout import SAFETY_DAYS
from ui import format as fmt
from ui.i18n import lang, t, tr

MAX_LINES = 20  # the most urgent first; the warning names every SKU listed


def stock_lines(
    warnings: pl.DataFrame, order_day: date, lg: str, stock_day: date | None = None, older: bool = False
) -> list[tuple[str, str]]:
    """Returns (SKU, sentence) for the first MAX_LINES rows of `warnings` (stockout_warnings' frame: sku,
    available, stockout_date, base_date, lead_days); `order_day` is the day an order placed "now" is placed
    (`metrics.core.clock.order_day`), so it arrives `lead_days` after it. A stock-out at this budget projected
    before `order_day` (an older period's stock, of `stock_day`) is said to be a projection already past; with
    `older` stock (`ui.inventory.older_stock`) a later one is said to be a projection from it too."""
    out = []
    stock = fmt.day(stock_day, lg) if stock_day else "—"
    for r in warnings.head(MAX_LINES).iter_rows(named=True):
        arr = fmt.day(order_day + timedelta(days=r["lead_days"]), lg)
        key = "wa_stockout_line_out" if r["available"] <= 0 else "wa_stockout_line"
        if r["available"] > 0 and r["stockout_date"] is not None and r["stockout_date"] < order_day:
            key = "wa_stockout_line_past"
        elif older and key == "wa_stockout_line":
            key = "wa_stockout_line_older"
        sku = fmt.plain(r["sku"])
        d, d0 = fmt.day(r["stockout_date"], lg), fmt.day(r["base_date"], lg)
        out.append((sku, tr(key, lg, sku=sku, d=d, d0=d0, arr=arr, stock=stock)))
    return out


def inventory_note(listed: list[str], risks: pl.DataFrame, lg: str, in_box: frozenset[str] = frozenset()) -> str | None:
    """Returns the sentences that set the what-if beside Inventory: how many SKUs Inventory lists at stock-out risk
    (`listed`, its list at the current sales rate), how many of them are advertised here and how many not (a budget
    does not move those), then, by the same rule at this budget's sales (`risks`: budget_stock_risks' sku, risk_new),
    the advertised SKUs it adds to the list and those it takes off, and which of Inventory's SKUs still at risk the
    box above (`in_box`: SKUs that run out before a reorder placed now arrives) leaves out: they run out within the
    safety days. None when neither list holds a SKU."""
    advertised = set(risks["sku"].to_list())
    new = set(risks.filter(pl.col("risk_new"))["sku"].to_list())
    added = sorted(new - set(listed))
    dropped = sorted(s for s in listed if s in advertised and s not in new)
    if not listed and not added:
        return None
    sep = "、" if lg == "zh" else ", "
    a = sum(s in advertised for s in listed)
    out = [tr("wa_stock_inventory", lg, n=len(listed), a=a, b=len(listed) - a, safety=SAFETY_DAYS)]
    if added:
        out.append(tr("wa_stock_added", lg, c=len(added), skus=sep.join(fmt.plain(s) for s in added)))
    if dropped:
        out.append(tr("wa_stock_dropped", lg, c=len(dropped), skus=sep.join(fmt.plain(s) for s in dropped)))
    if not added and not dropped:
        out.append(tr("wa_stock_same", lg))
    margin = [s for s in listed if s in new and s not in in_box]
    if margin and in_box:  # no box above (no SKU runs out before arrival): nothing to set beside it
        out.append(tr("wa_stock_margin", lg, c=len(margin), skus=sep.join(fmt.plain(s) for s in margin),
                      safety=SAFETY_DAYS))  # fmt: skip
    return ("" if lg == "zh" else " ").join(out)


def stock_box(
    lines: list[tuple[str, str]], extra: bool = True, note: str | None = None, counted: str | None = None,
    stock: str = "—",
) -> None:  # fmt: skip
    """One warning naming every SKU of `lines`, their dates in an expander under it; `extra` False (no SKU sells
    extra units: the budget unchanged or cut) says they run out without extra sales. `note` (`inventory_note`) sets
    the list beside Inventory's, under the box (or alone when no SKU runs out before a reorder could arrive).
    `counted`: the sentence saying from which day an order placed now counts, under the dates; `stock`: the stock day
    the dates are projected from, shown on the closed expander's label."""
    if not lines:
        if note:
            st.caption(":material/inventory_2: " + note)
        return
    names = ("、" if lang() == "zh" else ", ").join(sku for sku, _ in lines)
    more = {} if extra else {"safety": SAFETY_DAYS}
    st.warning(t("wa_stockout" if extra else "wa_stockout_now", n=len(lines), skus=names, **more),
               icon=":material/inventory:")  # fmt: skip
    with st.expander(t("wa_stockout_dates", stock=stock)):
        st.markdown("\n".join(f"- {line}" for _, line in lines))
        if counted:
            st.caption(counted)
    if note:
        st.caption(":material/inventory_2: " + note)
