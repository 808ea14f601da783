"""广告预算模拟 Ad-budget what-if: a fitted spend → ad-sales curve per SKU; sliders for the account and per SKU."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from metrics import api
from metrics.reorder import lead_times_for
from metrics.whatif_ads import account_totals, attach_economics, fit_spend_response, predict, stockout_dates
from metrics.whatif_inputs import ads_history, sku_economics_daily, stock_position
from metrics.whatif_store import get_lead_times
from ui import charts, data, filters
from ui import format as fmt
from ui.i18n import lang
from ui.plan_editors import Col, table_columns
from ui.router import ensure_router
from ui.widgets import arrow, empty_state

ensure_router()  # a deep link opened before the app's first run must go through app.py

DAYS = 30
STATUS = ("fitted", "pooled", "no_spend", "insufficient")
TX = {
    "title": ("广告预算模拟", "Ad-budget what-if"),
    "model": ("模型说明", "About the model"),
    "model_text": (
        "**这是模型，不是保证。** 每个 SKU 用幂函数 广告销售额 = a·花费^b（0<b<1，边际递减）拟合所选期间的每日广告数据："
        "b 是弹性（花费 +10% → 广告销售额约 +b·10%）。历史不足 14 天或花费区间太窄的 SKU 使用所有 SKU 的共同弹性（合并曲线），"
        "并单独估计规模 a。假设：自然销量不随广告变化；新增销售额带来与现在相同比例的广告前利润；预测为未来 30 天（按所选期间的日均）。"
        "利润最大化的花费 s* = (m·a·b)^(1/(1−b))，m 为广告前利润率（盈亏平衡 ACoS）；此时边际 ACoS = 盈亏平衡 ACoS。",
        "**A model, not a promise.** Each SKU's daily ad data in the period is fitted with a power curve "
        "ad sales = a·spend^b (0<b<1, diminishing returns): b is the elasticity (+10 % spend → about +b·10 % ad "
        "sales). SKUs with under 14 days or too narrow a spend range use the elasticity shared by all SKUs (pooled "
        "curve) with their own scale a. Assumptions: organic sales do not move with ads; extra sales earn today's "
        "contribution-before-ads margin; the forecast covers the next 30 days at the period's daily averages. The "
        "profit-maximising spend is s* = (m·a·b)^(1/(1−b)), m the contribution margin (break-even ACoS), where the "
        "marginal ACoS equals the break-even ACoS.",
    ),
    "empty": (
        "所选期间没有按 SKU 的每日广告数据：请在数据页上传“商品推广 – 推广的商品”日报。",
        "No daily ad data by SKU in this period: upload the Sponsored Products advertised-product daily report "
        "on the Data page.",
    ),  # fmt: skip
    "account": ("全账户预算变化", "Whole-account budget change"),
    "sku": ("SKU", "SKU"),
    "sku_change": ("该 SKU 预算变化", "This SKU's budget change"),
    "reset": ("清除单个 SKU 设置", "Clear per-SKU settings"),
    "overrides": ("单独设置的 SKU：{v}", "SKUs set individually: {v}"),
    "spend": ("广告花费 (30天)", "Ad spend (30 days)"),
    "ad_sales": ("广告销售额 (30天)", "Ad sales (30 days)"),
    "acos": ("ACoS", "ACoS"),
    "tacos": ("TACoS", "TACoS"),
    "profit": ("净利润 (30天)", "Net profit (30 days)"),
    "units": ("销量 (30天)", "Units (30 days)"),
    "sku_acos": ("该 SKU ACoS", "SKU ACoS"),
    "marginal": ("边际 ACoS", "Marginal ACoS"),
    "breakeven": ("盈亏平衡 ACoS", "Break-even ACoS"),
    "optimal": ("利润最大化花费 (30天)", "Profit-maximising spend (30 days)"),
    "fit": (
        "拟合：{status} · b={b} · R²={r2} · {n} 天有花费 · 日花费 {lo}–{hi}",
        "Fit: {status} · b={b} · R²={r2} · {n} spend days · daily spend {lo}–{hi}",
    ),  # fmt: skip
    "fitted": ("单独拟合", "own curve"),
    "pooled": ("合并曲线（历史不足）", "pooled curve (short history)"),
    "no_spend": ("无花费", "no spend"),
    "insufficient": ("数据不足，不做预测", "too little data, no forecast"),
    "stockout": (
        "{sku}：按新预算将于 {d} 断货（早于补货到货，交期 {lt} 天）",
        "{sku}: at the new budget stocks out on {d} (before a reorder could arrive, lead time {lt} days)",
    ),  # fmt: skip
    "curve": ("花费-销售曲线（每日）", "Spend → sales curve (daily)"),
    "now": ("当前", "now"),
    "new": ("新预算", "new"),
    "best": ("最优", "optimum"),
    "table": ("各 SKU 预测（30 天）", "Forecast by SKU (30 days)"),
    "daily_sales": ("广告销售额/天", "Ad sales / day"),
    "daily_profit": ("净利润/天", "Net profit / day"),
}
COLUMNS = {
    "sku": Col("SKU", "SKU"), "status": Col("拟合", "Fit", "choice", {k: TX[k] for k in STATUS}),
    "x": Col("预算变化", "Budget change", "pct"), "spend": Col("当前花费", "Spend now", "money"),
    "new_spend": Col("新花费", "New spend", "money"), "ad_sales": Col("当前广告销售额", "Ad sales now", "money"),
    "new_ad_sales": Col("新广告销售额", "New ad sales", "money"), "new_acos": Col("新 ACoS", "New ACoS", "pct"),
    "marginal_acos": Col("边际 ACoS", "Marginal ACoS", "pct"),
    "breakeven_acos": Col("盈亏平衡 ACoS", "Break-even ACoS", "pct"),
    "net_profit": Col("当前净利润", "Net profit now", "money"),
    "new_net_profit": Col("新净利润", "New net profit", "money"),
    "optimal_spend": Col("利润最大化花费", "Profit-maximising spend", "money"),
}  # fmt: skip


def tx(key: str, **v) -> str:
    text = TX[key][0 if lang() == "zh" else 1]
    return text.format(**v) if v else text


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _model(db: str, key: tuple) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Returns (curve params with economics, stock per SKU with lead time) for the filter."""
    f = api.Filters(**dict(key))
    con = data.warehouse().con
    params = attach_economics(fit_spend_response(ads_history(con, f)), sku_economics_daily(con, f))
    stock = stock_position(con, f.end)
    leads = get_lead_times(con)
    skus = stock["sku"].to_list()
    lt = lead_times_for(leads, skus)
    stock = stock.with_columns(lead_days=pl.Series([lt[s].total if lt[s] else None for s in skus], dtype=pl.Int64))
    return params, stock


f = filters.current()
st.title(tx("title"))
if f is None:
    empty_state("empty_ads")
    st.stop()
cur = filters.currency()
params, stock = _model(data.db_key(), data.filters_key(f))
with st.expander(tx("model"), icon=":material/functions:"):
    st.markdown(tx("model_text"))
if params.is_empty():
    st.info(tx("empty"))
    st.stop()
skus = params.sort("spend_day", descending=True)["sku"].to_list()
st.session_state.setdefault("wa_overrides", {})


def _remember(sku: str) -> None:
    st.session_state.wa_overrides[sku] = st.session_state[f"wa_sku_{sku}"]


def _money(v) -> str:
    return fmt.money(v, cur, lang(), short=True)


def _curve(row: dict) -> dict:
    s0, s1 = row["spend"] / DAYS, row["new_spend"] / DAYS
    top = max(3 * s0, 1.5 * (row["optimal_spend"] or 0) / DAYS, 1.0)
    a, b, m = row["a"], row["b"], row["breakeven_acos"] or 0.0
    grid = (
        pl.DataFrame({"spend": [top * i / 60 for i in range(61)]})
        .with_columns(sales=a * pl.col("spend") ** b)
        .with_columns(profit=m * pl.col("sales") - pl.col("spend"))
    )
    long = grid.unpivot(index="spend", variable_name="k", value_name="v").with_columns(
        k=pl.col("k").replace_strict({"sales": tx("daily_sales"), "profit": tx("daily_profit")})
    )
    marks = pl.DataFrame({"spend": [s0, s1, (row["optimal_spend"] or 0) / DAYS],
                          "label": [tx("now"), tx("new"), tx("best")]})  # fmt: skip
    return charts.response_curve(long, marks, tx("curve"))


@st.fragment
def simulator() -> None:
    """Sliders and everything they change; a slider move reruns only this fragment."""
    left, right = st.columns(2)
    account = left.slider(tx("account"), -100, 200, 0, 5, format="%d%%", key="wa_account")
    sku = right.selectbox(tx("sku"), skus, key="wa_sku")
    key = f"wa_sku_{sku}"
    if sku not in st.session_state.wa_overrides:
        st.session_state[key] = account  # a SKU not set on its own follows the account slider
    right.slider(tx("sku_change"), -100, 200, step=5, format="%d%%", key=key, on_change=_remember, args=(sku,))
    if st.session_state.wa_overrides:
        left.caption(tx("overrides", v=", ".join(sorted(st.session_state.wa_overrides))))
        if left.button(tx("reset"), key="wa_reset"):
            st.session_state.wa_overrides = {}
            st.rerun(scope="fragment")
    changes = {s: v / 100 for s, v in st.session_state.wa_overrides.items()}
    pred = predict(params, changes, days=DAYS, default_change=account / 100)
    tot = account_totals(pred)
    cols = st.columns(5)
    cols[0].metric(tx("spend"), _money(tot["new_spend"]), _money(tot["new_spend"] - tot["spend"]), delta_color="off")
    cols[1].metric(tx("ad_sales"), _money(tot["new_ad_sales"]), _money(tot["new_ad_sales"] - tot["ad_sales"]))
    cols[2].metric(tx("acos"), fmt.pct(tot["new_acos"]), None if tot["acos"] is None or tot["new_acos"] is None
                   else f"{(tot['new_acos'] - tot['acos']) * 100:+.1f} pp", delta_color="inverse")  # fmt: skip
    cols[3].metric(tx("tacos"), fmt.pct(tot["new_tacos"]))
    cols[4].metric(tx("profit"), _money(tot["new_net_profit"]), _money(tot["new_net_profit"] - tot["net_profit"]))
    row = pred.join(params.select("sku", "a", "r2", "n_spend_days", "spend_min", "spend_max"), on="sku")
    row = row.filter(pl.col("sku") == sku).row(0, named=True)
    st.caption(tx("fit", status=tx(row["status"]), b=fmt.ratio(row["b"]), r2=fmt.ratio(row["r2"]),
                  n=row["n_spend_days"], lo=_money(row["spend_min"]), hi=_money(row["spend_max"])))  # fmt: skip
    c = st.columns(4)
    c[0].metric(tx("sku_acos"), fmt.pct(row["new_acos"]))
    c[1].metric(tx("marginal"), fmt.pct(row["marginal_acos"]))
    c[2].metric(tx("breakeven"), fmt.pct(row["breakeven_acos"]))
    c[3].metric(tx("optimal"), _money(row["optimal_spend"]))
    for line in _stock_warnings(pred):
        st.warning(line, icon=":material/inventory:")
    if row["b"] is not None and row["a"] is not None:
        charts.show(_curve(row))
    st.subheader(tx("table"))
    shown = pred.select("sku", "status", "x", "spend", "new_spend", "ad_sales", "new_ad_sales", "new_acos",
                        "marginal_acos", "breakeven_acos", "net_profit", "new_net_profit", "optimal_spend")  # fmt: skip
    st.dataframe(
        arrow(shown), hide_index=True, placeholder="—", key="wa_table", column_config=table_columns(shown, COLUMNS, cur)
    )


def _stock_warnings(pred: pl.DataFrame) -> list[str]:
    """Returns one line per SKU whose extra units run it out of stock before a reorder could arrive."""
    out = stockout_dates(pred, stock, f.end + timedelta(days=1))
    return [
        tx("stockout", sku=fmt.plain(r["sku"]), d=fmt.day(r["stockout_date"], lang()), lt=r["lead_days"])
        for r in out.head(20).iter_rows(named=True)
    ]


simulator()
