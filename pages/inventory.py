"""库存 Inventory: stock by SKU and location, days of cover, stock-out dates, aged stock, inventory value."""

from __future__ import annotations

import streamlit as st

from ui import charts, data, filters
from ui import format as fmt
from ui.i18n import lang, metric_name, t
from ui.inventory import (
    COLUMNS,
    aged,
    column_config,
    cover_by_row,
    newer_stock_note,
    scope_note,
    stockouts,
    value_by_sku,
    with_cover_text,
)
from ui.widgets import empty_state, header, kpi_grid, table

f = filters.current()
header("page_inventory", f)
if f is None:
    empty_state("empty_inventory")
    st.stop()

cur = filters.currency()
as_of = f.end
stock = data.inventory(as_of, f)
if stock.is_empty():
    empty_state("empty_inventory")
    st.stop()
st.caption(t("label_value", label=t("as_of"), value=fmt.day(as_of, lang())))
newer_stock_note(as_of)  # a past period reads its own stock day: say newer stock exists, and up to when
values = data.kpi_compare(f)
scope_note(f)  # the tiles and stock are company-wide; say so when a channel or marketplace is chosen
kpi_grid(["inventory_value", "inventory_turnover", "days_of_inventory", "days_of_cover", "sell_through_cn",
          "sell_through_amz"], values, cur)  # fmt: skip
st.caption(t("inventory_cover_bases"))  # the tile's cover (30-day pace) and the table's (forecast): two named bases

left, right = st.columns(2)
with left:
    st.subheader(t("stockout_soon"))
    stockouts(stock, as_of)
    cover = cover_by_row(stock)
    if not cover.is_empty():
        # fewest days of cover first: the most urgent SKU on top
        charts.show(charts.bars(cover, "item", "days_of_cover", "days", t("days_of_cover_chart"), note="note",
                                in_order=True))  # fmt: skip
with right:
    st.subheader(t("inventory_value_by_sku"))
    by_value = value_by_sku(stock)
    if not by_value.is_empty():
        charts.show(charts.bars(by_value.head(30), "sku", "inventory_value", "money", metric_name("inventory_value")))

st.subheader(t("stock_by_sku"))
shown = with_cover_text(stock).select([c for c in COLUMNS if c in stock.columns])
numbers = stock.select(shown.columns)  # the files hold days of cover as a number (empty beyond 365 days)
table(shown, "inventory", "inv_stock", column_config=column_config(shown.columns, cur), download=numbers)

st.subheader(t("aged_stock"))
old = aged(shown)
if old.is_empty():
    st.info(t("no_aged"))
else:
    table(old, "aged_stock", "inv_aged", column_config=column_config(old.columns, cur), download=aged(numbers))
