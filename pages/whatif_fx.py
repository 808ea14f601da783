"""汇率敏感性 FX sensitivity: a slider per currency, profit under the scenario, tornado, flips, break-even rates."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics import api
from metrics.whatif_fx import breakeven_rates, currency_rates, exposures, flip_list, scenario, tornado, totals
from metrics.whatif_inputs import fx_facts
from ui import charts, data, filters
from ui import format as fmt
from ui.i18n import lang
from ui.router import ensure_router
from ui.widgets import arrow, change_metric, empty_state, number_formats

ensure_router()  # a deep link opened before the app's first run must go through app.py

RISK_PCT = 0.05
TX = {
    "title": ("汇率敏感性", "FX sensitivity"),
    "model": ("模型说明", "About the model"),
    "model_text": (
        "**这是模型：只改变汇率，其他一切不变。** 每个 SKU 的净利润按原币拆分（销售、平台费用、其他费用、广告费用按站点币种；"
        "落地成本按最近一批入库的采购币种）。滑块把该币种对本位币的汇率改变 ±x%，对应金额同比例变化。"
        "盈亏平衡汇率：其他汇率不变时使该 SKU 净利润为 0 的汇率。风险利润：某币种 ±5% 时较差一侧的利润减少额。",
        "**A model: only the exchange rates move, everything else stays.** Each SKU's net profit is split by the "
        "currency it is earned or paid in (sales, marketplace and other fees, ad spend in the marketplace "
        "currency; landed cost in the purchase currency of the latest inbound batch). A slider moves that "
        "currency's rate to the base currency by ±x %, and its amounts with it. Break-even rate: the rate at which "
        "the SKU's net profit is 0, other rates unchanged. Profit at risk: the profit lost on the worse side of a "
        "±5 % move of one currency.",
    ),
    "empty": (
        "所选期间没有可换算为本位币的利润数据（需要交易报告和汇率表）。",
        "No profit facts with an FX rate in this period (upload transaction reports and the FX-rate template).",
    ),  # fmt: skip
    "base_only": (
        "所有金额都是本位币 {b}，没有汇率风险。",
        "Every amount is in the base currency {b}: no FX exposure.",
    ),
    "slider": ("{c} 兑 {b}（当前 {r}）", "{c} vs {b} (now {r})"),
    "profit": ("净利润", "Net profit"),
    "scenario": ("情景净利润", "Scenario net profit"),
    "flips": ("转为亏损的 SKU", "SKUs turning to loss"),
    "flip_list": ("情景下转亏的 SKU", "SKUs that turn to a loss in the scenario"),
    "no_flips": ("情景下没有 SKU 转为亏损。", "No SKU turns to a loss in this scenario."),
    "by_sku": ("各 SKU 净利润：实际 vs 情景", "Net profit by SKU: actual vs scenario"),
    "tornado": ("龙卷风图：各币种 ±5% 时的净利润", "Tornado: net profit at ±5 % per currency"),
    "at_risk": ("风险利润（±5%）", "Profit at risk (±5 %)"),
    "breakeven": ("盈亏平衡汇率", "Break-even exchange rates"),
    "low": ("−5%", "−5 %"),
    "high": ("+5%", "+5 %"),
}


COLUMNS = {
    "sku": ("SKU", "SKU"), "currency": ("币种", "Currency"), "profit": ("实际净利润", "Net profit"),
    "scenario_profit": ("情景净利润", "Scenario net profit"), "change": ("变化", "Change"),
    "flips_to_loss": ("转为亏损", "Turns to loss"), "exposure": ("敞口", "Exposure"),
    "profit_low": ("-5% 时净利润", "Net profit at -5 %"), "profit_high": ("+5% 时净利润", "Net profit at +5 %"),
    "profit_at_risk": ("风险利润", "Profit at risk"), "amount": ("原币金额", "Amount"), "rate": ("汇率", "Rate"),
    "breakeven_rate": ("盈亏平衡汇率", "Break-even rate"), "breakeven_change": ("距盈亏平衡", "To break-even"),
}  # fmt: skip


def labels(frame: pl.DataFrame) -> dict:
    """Returns column labels in the page's language plus readable number formats for a table."""
    config = number_formats(frame)
    for c in frame.columns:
        if c in COLUMNS:
            label = COLUMNS[c][lang() != "zh"]
            digits = "%.4f" if c in ("rate", "breakeven_rate") else "%,.2f"  # JPY is ¥0.0446 per yen
            config[c] = st.column_config.NumberColumn(label, format=digits) if frame.schema[c].is_numeric() else label
    return config


def tx(key: str, **v) -> str:
    text = TX[key][0 if lang() == "zh" else 1]
    return text.format(**v) if v else text


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _exposures(db: str, key: tuple) -> tuple[pl.DataFrame, str]:
    """Returns (exposure per SKU × currency, base currency) for the filter."""
    facts = fx_facts(data.warehouse().con, api.Filters(**dict(key)))
    base = facts["base_currency"][0] if facts.height else filters.currency()
    return exposures(facts, None, base), base


f = filters.current()
st.title(tx("title"))
if f is None:
    empty_state("empty_overview")
    st.stop()
exp, base = _exposures(data.db_key(), data.filters_key(f))
with st.expander(tx("model"), icon=":material/functions:"):
    st.markdown(tx("model_text"))
if exp.is_empty():
    st.info(tx("empty"))
    st.stop()
rates = currency_rates(exp)
foreign = sorted(c for c in rates if c != base)
if not foreign:
    st.info(tx("base_only", b=base))
    st.stop()


def _money(v) -> str:
    return fmt.money(v, base, lang(), short=True)


@st.fragment
def simulator() -> None:
    """Currency sliders and the numbers they move; a slider move reruns only this fragment."""
    cols = st.columns(min(len(foreign), 4))
    shocks = {}
    for i, c in enumerate(foreign):
        label = tx("slider", c=c, b=base, r=f"{rates[c]:.4g}")
        shocks[c] = cols[i % len(cols)].slider(label, -20, 20, 0, 1, format="%d%%", key=f"fx_{c}") / 100
    scn = scenario(exp, shocks, base)
    tot = totals(scn)
    m = st.columns(3)
    m[0].metric(tx("profit"), _money(tot["profit"]))
    change_metric(m[1], tx("scenario"), _money(tot["scenario_profit"]), _money(tot["change"]))
    m[2].metric(tx("flips"), str(tot["flips"]))
    flips = flip_list(scn)
    st.subheader(tx("flip_list"))
    if flips.is_empty():
        st.caption(tx("no_flips"))
    else:
        shown = flips.select("sku", "profit", "scenario_profit", "change")
        st.dataframe(arrow(shown), hide_index=True, placeholder="—", key="fx_flips", column_config=labels(shown))
    st.subheader(tx("by_sku"))
    shown = scn.sort("change")
    st.dataframe(arrow(shown), hide_index=True, placeholder="—", key="fx_table", column_config=labels(shown))


simulator()

st.subheader(tx("tornado"))
tor = tornado(exp, base, RISK_PCT)
bars = tor.select("currency", low="profit_low", high="profit_high", profit="profit")
charts.show(charts.tornado(bars, tuple(tor["currency"].to_list()), tx("low"), tx("high")))
shown = tor.select("currency", "exposure", "profit_low", "profit_high", "profit_at_risk")
st.dataframe(arrow(shown), hide_index=True, placeholder="—", key="fx_tornado", column_config=labels(shown))
st.subheader(tx("breakeven"))
shown = breakeven_rates(exp, base)
pct = {"breakeven_change": st.column_config.NumberColumn(COLUMNS["breakeven_change"][lang() != "zh"], format="percent")}
st.dataframe(arrow(shown), hide_index=True, placeholder="—", key="fx_breakeven", column_config=labels(shown) | pct)
