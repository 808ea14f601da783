"""汇率敏感性 FX sensitivity: a slider per currency, profit under the scenario, tornado, flips, break-even rates."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.core import api
from metrics.core.history import fx_facts
from metrics.whatif.fx import breakeven_rates, currency_rates, exposures, flip_list, scenario, tornado, totals
from ui import charts, data, filters
from ui import format as fmt
from ui.grid import negatives_in_brackets
from ui.i18n import lang, t, tr
from ui.router import ensure_router
from ui.widgets import arrow, change_metric, empty_state, fit_height, fit_widths, number_formats, pct_column

ensure_router()  # a deep link opened before the app's first run must go through app.py

RISK_PCT = 0.05


COLUMNS = {
    "sku": ("SKU", "SKU"), "currency": ("币种", "Currency"), "profit": ("实际净利润", "Net profit"),
    "scenario_profit": ("情景净利润", "Scenario net profit"), "change": ("变化", "Change"),
    "flips_to_loss": ("转为亏损", "Turns to loss"), "exposure": ("敞口", "Exposure"),
    "profit_low": ("-5% 时净利润", "Net profit at -5 %"), "profit_high": ("+5% 时净利润", "Net profit at +5 %"),
    "profit_at_risk": ("风险利润", "Profit at risk"), "amount": ("原币金额", "Amount"), "rate": ("汇率", "Rate"),
    "breakeven_rate": ("盈亏平衡汇率", "Break-even rate"), "breakeven_change": ("距盈亏平衡", "To break-even"),
    "breakeven_note": ("说明", "Note"),
}  # fmt: skip


MONEY = ("profit", "scenario_profit", "change", "exposure", "profit_low", "profit_high", "profit_at_risk")


def unit_of(c: str) -> str:
    """Returns the currency words a column's header ends in: the base for amounts in it ("Net profit (CNY)"), the
    row's own currency for `amount` (its rows are in USD, EUR …, never the base), base units per unit for rates."""
    if c in MONEY:
        return tr("fx_unit_base", lang(), b=base)
    if c == "amount":
        return tr("fx_unit_own", lang())
    if c in ("rate", "breakeven_rate"):
        return tr("fx_unit_rate", lang(), b=base)
    return ""


def labels(frame: pl.DataFrame) -> dict:
    """Returns column labels in the page's language plus readable number formats for a table; every amount names
    its currency in its header (unit_of) and a loss reads in brackets, (24,096.71), as on Profit by SKU and the P&L."""
    config = number_formats(frame)
    for c in frame.columns:
        if c in COLUMNS:
            label = COLUMNS[c][lang() != "zh"] + unit_of(c)
            digits = "%.4f" if c in ("rate", "breakeven_rate") else "%,.2f"  # JPY is ¥0.0446 per yen
            config[c] = st.column_config.NumberColumn(label, format=digits) if frame.schema[c].is_numeric() else label
    return negatives_in_brackets(config)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _exposures(db: str, key: tuple) -> tuple[pl.DataFrame, str]:
    """Returns (exposure per SKU × currency, base currency) for the filter."""
    facts = fx_facts(data.warehouse().con, api.Filters(**dict(key)))
    base = facts["base_currency"][0] if facts.height else filters.currency()
    return exposures(facts, None, base), base


f = filters.current()
st.title(t("fx_title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
exp, base = _exposures(data.db_key(), data.filters_key(f))
with st.expander(t("fx_model"), icon=":material/functions:"):
    st.markdown(t("fx_model_text"))
if exp.is_empty():
    st.info(t("fx_empty"))
    st.stop()
rates = currency_rates(exp)
foreign = sorted(c for c in rates if c != base)
if not foreign:
    st.info(t("fx_base_only", b=base))
    st.stop()


def breakeven_notes(frame: pl.DataFrame, lg: str) -> pl.DataFrame:
    """Returns the break-even table with its note (metrics.whatif.fx.breakeven_rates: why a row has no break-even
    rate) as words in `lg`, so a "—" never stands without its reason."""
    words = {"no_exposure": tr("fx_be_no_exposure", lg), "no_crossing": tr("fx_be_no_crossing", lg)}
    return frame.with_columns(pl.col("breakeven_note").replace_strict(words, default=None, return_dtype=pl.String))


def _money(v) -> str:
    return fmt.money(v, base, lang(), short=True)


@st.fragment
def simulator() -> None:
    """Currency sliders and the numbers they move; a slider move reruns only this fragment."""
    cols = st.columns(min(len(foreign), 4))
    shocks = {}
    for i, c in enumerate(foreign):
        # the period's rate on average (Σ base ÷ Σ amount of its amounts), not the latest: named as such
        label = t("fx_slider", c=c, b=base, r=f"{rates[c]:.4g}")
        shocks[c] = cols[i % len(cols)].slider(label, -20, 20, 0, 1, format="%d%%", key=f"fx_{c}",
                                               help=t("fx_slider_help", c=c, b=base)) / 100  # fmt: skip
    scn = scenario(exp, shocks, base)
    tot = totals(scn)
    m = st.columns(3)
    m[0].metric(t("fx_profit"), _money(tot["profit"]))
    change_metric(m[1], t("fx_scenario"), _money(tot["scenario_profit"]), fmt.signed_money(tot["change"], base, lang()))
    m[2].metric(t("fx_flips"), str(tot["flips"]))
    flips = flip_list(scn)
    st.subheader(t("fx_flip_list"))
    if flips.is_empty():
        st.caption(t("fx_no_flips"))
    else:
        shown = flips.select("sku", "profit", "scenario_profit", "change")
        st.dataframe(
            arrow(shown),
            hide_index=True,
            placeholder="—",
            key="fx_flips",
            height=fit_height(shown),
            column_config=fit_widths(shown, labels(shown)),
        )
    st.subheader(t("fx_by_sku"))
    shown = scn.sort("change")
    st.dataframe(
        arrow(shown),
        hide_index=True,
        placeholder="—",
        key="fx_table",
        column_config=fit_widths(shown, labels(shown)),
        height=fit_height(shown),
    )
    st.caption(t("negatives_note_tables"))


simulator()

st.subheader(t("fx_tornado"))
tor = tornado(exp, base, RISK_PCT)
bars = tor.select("currency", low="profit_low", high="profit_high", profit="profit")
charts.show(charts.tornado(bars, tuple(tor["currency"].to_list()), t("fx_low"), t("fx_high"), t("fx_profit_up"),
                           t("fx_profit_down"), lang(), t("fx_profit") + unit_of("profit")))  # fmt: skip
shown = tor.select("currency", "exposure", "profit_low", "profit_high", "profit_at_risk")
st.dataframe(
    arrow(shown),
    hide_index=True,
    placeholder="—",
    key="fx_tornado",
    column_config=fit_widths(shown, labels(shown)),
    height=fit_height(shown),
)
st.subheader(t("fx_breakeven"))
shown = breakeven_notes(breakeven_rates(exp, base), lang())
pct = {"breakeven_change": pct_column(COLUMNS["breakeven_change"][lang() != "zh"])}
config = fit_widths(shown, labels(shown) | pct)
st.dataframe(
    arrow(shown, config),
    hide_index=True,
    placeholder="—",
    key="fx_breakeven",
    height=fit_height(shown),
    column_config=config,
)
