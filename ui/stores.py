"""Stores (seller accounts) in the UI: their labels, the list for the sidebar filter and the Data page's picker.

A store's id (as in meta.imports.store) is what the URL and the filters hold; only the label is translated
(`default` shows as 默认店铺 / Default store).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import data
from ui.i18n import t

DEFAULT = "default"
NEW = "\u0000new"  # picker value of "New store…" (never a store id: ids are trimmed printable text)


def label(store: str | None) -> str:
    """Returns the store's name in the current language; None (company-wide facts, e.g. templates) as such."""
    if store is None:
        return t("company_wide")
    return t("store_default") if store == DEFAULT else store


def labelled(frame: pl.DataFrame, column: str = "store") -> pl.DataFrame:
    """Returns `frame` with its store ids replaced by their labels (for tables; ids stay in the data)."""
    if column not in frame.columns:
        return frame
    names = {s: label(s) for s in frame[column].drop_nulls().unique().to_list()}
    col = pl.col(column)
    shown = pl.when(col.is_null()).then(pl.lit(label(None))).otherwise(col.replace(names))
    return frame.with_columns(shown.alias(column))


def store_picker(on_change=None) -> tuple[bool, str | None]:
    """Renders the Data page's store choice; returns (ready, store id) — not ready while a new name is blank.
    `on_change` runs when the choice or the new store's name changes (the Data page drops the refusals of the
    choice before: `ui.upload.forget_refusals`).

    Default: the only store; with two or more nothing is preselected (a report in the wrong account would mix them):
    templates (company-wide) still import, a store's report is refused with a sentence asking for the store.
    "New store…" with a name creates one. A new warehouse (only `default`, nothing imported yet) says where the
    first files go and how to name the store instead.
    """
    stores = data.stores()
    a, b = st.columns(2)
    options = [*stores, NEW]
    pick = a.selectbox(t("upload_store"), options, key="data_store", help=t("upload_store_help"),
                       index=0 if len(stores) == 1 else None, placeholder=t("store_pick"), on_change=on_change,
                       format_func=lambda s, names={s: label(s) for s in stores}, new=t("store_new"):
                       new if s == NEW else names.get(s, s))  # fmt: skip
    if len(stores) == 1 and stores[0] == DEFAULT and data.imports().is_empty():  # a new seller's first visit
        st.caption(t("store_first_time", store=label(DEFAULT), new=t("store_new"), box=t("upload_store")))
    if pick is None:
        st.caption(t("store_pick_first"))
        return True, None
    if pick != NEW:
        return True, pick
    name = " ".join((b.text_input(t("store_new_name"), key="data_store_new", max_chars=60, on_change=on_change)
                     or "").split())  # fmt: skip
    if not name:
        st.caption(t("store_new_missing"))
        return False, None
    return True, name
