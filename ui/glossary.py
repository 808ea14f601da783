"""Glossary helpers: the data-dictionary table and the conventions in force, both generated from metrics/."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.core.registry import METRICS
from metrics.core.settings import get_settings
from metrics.planning.glossary import GLOSSARY as PLANNING
from ui import data
from ui import format as fmt
from ui.cash import glossary_rows as cash_terms
from ui.i18n import lang, t


def dictionary(search: str = "") -> pl.DataFrame:
    """Returns one row per registry metric: names in both languages, definition, formula, unit, sources, SQL."""
    zh = lang() == "zh"
    rows = [
        {
            "id": m.id, "zh": m.zh, "en": m.en, "definition": m.def_zh if zh else m.def_en, "formula": m.formula,
            "unit": t(f"u_{m.unit}"), "good": t("yes") if m.good == "up" else t("no"),
            "kind": t("g_component") if m.component else t("g_headline"), "sources": ", ".join(m.sources),
            "sql": m.expression(),
        }
        for m in METRICS
    ]  # fmt: skip
    rows += cash_terms()  # cash and profit-bridge terms (metrics.accounts.cash / accounts_bridge)
    rows += cash_terms(PLANNING, "inventory")  # planning terms (metrics.planning.glossary)
    frame = pl.DataFrame(rows)
    if search:
        needle = search.lower()
        hit = pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains(needle, literal=True)
                                for c in ("id", "zh", "en", "definition", "formula"))  # fmt: skip
        frame = frame.filter(hit)
    return frame


def column_config() -> dict:
    """Returns the localised headers of the dictionary table."""
    return {"id": t("g_id"), "zh": t("g_zh"), "en": t("g_en"), "definition": st.column_config.TextColumn(
        t("g_definition"), width="large"), "formula": t("formula"), "unit": t("g_unit"), "good": t("g_good"),
        "kind": t("g_kind"), "sources": t("g_sources"), "sql": st.column_config.TextColumn(t("g_sql"), width="large")}  # fmt: skip


def conventions(calendar: str, view_base: str) -> list[tuple[str, str]]:
    """Returns (label, text) of every convention in force: base currency, FX, calendar, restock, allocation, charge
    classification."""
    s = get_settings(data.warehouse().con)
    base = view_base or s.base_currency
    alloc = t("net_sales_share") if s.allocation_rule == "net_sales_share" else t("unallocated_rule")
    return [
        (t("conv_base"), base if base == s.base_currency else t("conv_base_view", view=base, home=s.base_currency)),
        (t("conv_fx"), t("conv_fx_text")),
        (t("conv_calendar"), t(calendar)),
        (t("conv_restock"), t("conv_restock_text", pct=fmt.pct(s.restock_rate, 1))),
        (t("conv_alloc"), alloc),
        (t("conv_charges"), t("conv_charges_text")),
        (t("conv_external_ads"), t("conv_external_ads_text", rule=alloc)),
    ]
