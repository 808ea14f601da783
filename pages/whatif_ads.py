"""广告预算模拟 Ad-budget what-if: a fitted spend → ad-sales curve per SKU; sliders for the account and per SKU.

Size: one page script (account slider, per-SKU sliders, curve, tables); the stock-out box is ui/whatif_stock.py.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import streamlit as st

from metrics.core import api
from metrics.core.history import demand_history, spend_by_channel, stock_position
from metrics.core.periods import period_days
from metrics.planning.forecast import forecast
from metrics.planning.reorder import lead_times_for
from metrics.planning.stockout import COVER_CAP_DAYS, StockMatrix, prepare
from metrics.planning.store import get_lead_times
from metrics.whatif.ads import (
    R2_MIN,
    UNATTRIBUTED,
    account_totals,
    budget_stock_risks,
    extrapolation,
    predict,
    stock_risks_now,
    stockout_warnings,
)
from metrics.whatif.ads_inputs import sku_curves
from ui import charts, data, filters
from ui import format as fmt
from ui.i18n import lang, placeholder, t
from ui.inventory import newer_stock_note, older_stock, stockout_risks
from ui.overview import base_note
from ui.plan_editors import Col, table_columns
from ui.router import ensure_router
from ui.whatif_stock import MAX_LINES, inventory_note, stock_box, stock_lines
from ui.widgets import arrow, change_metric, empty_state, fit_height, fit_widths

ensure_router()  # a deep link opened before the app's first run must go through app.py

STATUS = ("fitted", "pooled", "no_curve", "no_spend")
TX = {
    "title": ("广告预算模拟", "Ad-budget what-if"),
    "model": ("模型说明", "About the model"),
    "model_text": (
        "**这是模型，不是保证。** 每个 SKU 用幂函数 广告销售额 = a·花费^b（0<b<1，边际递减）拟合所选期间的每日广告数据："
        "b 是弹性（花费 +10% → 广告销售额约 +b·10%）。只有当该 SKU 至少有 14 天数据、花费确有变化、对数花费能解释至少 {r2} "
        "的对数广告销售额变化（R²）且 0.05≤b≤0.95 时，才使用它自己的曲线并给出利润最大化花费 s* = (m·a·b)^(1/(1−b))"
        "（m 为广告前利润率，即盈亏平衡 ACoS）。否则借用已拟合 SKU 的共同弹性（只做预测，不给建议）；连共同弹性也没有时，"
        "调整预算只改变花费，不预测销售额。假设：自然销量不随广告变化；新增销售额带来与现在相同比例的广告前利润。"
        "所有数字与总览使用同一期间与筛选。",
        "**A model, not a promise.** Each SKU's daily ad data in the period is fitted with a power curve "
        "ad sales = a·spend^b (0<b<1, diminishing returns): b is the elasticity (+10 % spend → about +b·10 % ad "
        "sales). A SKU's own curve is used, and a profit-maximising spend s* = (m·a·b)^(1/(1−b)) given (m the "
        "contribution margin, i.e. the break-even ACoS), only when it has 14+ days, its spend actually varied, log "
        "spend explains at least {r2} of the variation in log ad sales (R²) and 0.05 ≤ b ≤ 0.95. Otherwise it "
        "borrows the elasticity shared by the fitted SKUs (a forecast, no recommendation); without that either, a "
        "budget change moves spend only and sales are not forecast. Assumptions: organic sales do not move with "
        "ads; extra sales earn today's contribution-before-ads margin. Every figure uses the Overview's period and "
        "filters.",
    ),
    "empty": (
        "所选期间没有按 SKU 的每日广告数据：请在数据页上传“商品推广 – 推广的商品”日报，或 TikTok / Meta / Google 广告报表（可配合广告活动归属表）。",
        "No daily ad data by SKU in this period: upload the Sponsored Products advertised-product daily report, "
        "or TikTok / Meta / Google ads reports (with an ad campaign map), on the Data page.",
    ),  # fmt: skip
    "account": ("全账户预算变化", "Whole-account budget change"),
    "sku": ("SKU", "SKU"),
    "own": ("单独设置该 SKU", "Set this SKU on its own"),
    "follows": ("该 SKU 跟随全账户：{v}%", "This SKU follows the account: {v}%"),
    "sku_change": ("该 SKU 预算变化", "This SKU's budget change"),
    "reset": ("清除单个 SKU 设置", "Clear per-SKU settings"),
    "overrides": ("单独设置的 SKU：{v}", "SKUs set individually: {v}"),
    "scope": (
        "所选期间 {s} – {e}（{n} 天）的数字，与总览相同；“新”为同一期间按新预算的模型结果。",
        "Figures for the selected period {s} – {e} ({n} days), the same as on the Overview; 'new' is the model's "
        "result for the same period at the new budget.",
    ),  # fmt: skip
    "spend": ("广告花费", "Ad spend"),
    "ad_sales": ("广告销售额", "Ad sales"),
    "acos": ("ACoS", "ACoS"),
    "tacos": ("TACoS", "TACoS"),
    "profit": ("净利润", "Net profit"),
    "unattributed": ("未归属任何 SKU 的广告费", "ad spend no SKU carries"),
    "unmodelled": (
        "{n} 项未建模（{skus}）：没有可用曲线，其花费随预算变化，广告销售额按现状保持不变（假设无销售响应），"
        "省下或多花的花费直接计入净利润；它们仍计入合计。",
        "{n} not modelled ({skus}): no usable curve, so their spend follows the budget while their ad sales are held "
        "as they are (no sales response assumed) and the spend saved or added goes straight to net profit; they "
        "still count in the totals.",
    ),  # fmt: skip
    "none_fitted": (
        "所选期间没有任何 SKU 的花费与广告销售额呈现可拟合的关系：本页不给出任何建议花费。",
        "No SKU's spend and ad sales in this period show a relationship a curve can fit: this page recommends no "
        "spend.",
    ),  # fmt: skip
    "sku_acos": ("该 SKU ACoS", "SKU ACoS"),
    "marginal": ("边际 ACoS", "Marginal ACoS"),
    "breakeven": ("盈亏平衡 ACoS", "Break-even ACoS"),
    "optimal": ("利润最大化花费", "Profit-maximising spend"),
    "fit": (
        "拟合：{status} · b={b} · R²={r2} · {n} 天有花费 · 日花费 {lo}–{hi}",
        "Fit: {status} · b={b} · R²={r2} · {n} spend days · daily spend {lo}–{hi}",
    ),  # fmt: skip
    "fitted": ("单独拟合", "own curve"),
    "pooled": ("共同弹性（仅预测）", "shared curve (forecast only)"),
    "no_curve": ("无可用曲线", "no usable curve"),
    "no_spend": ("无花费", "no spend"),
    "short": (
        "只有 {n} 天有花费和销售（至少需 14 天），无法拟合曲线",
        "only {n} days with spend and sales (14 needed); no curve can be fitted",
    ),
    "flat": (
        "花费几乎没有变化（日花费 {lo}–{hi}），无法拟合曲线",
        "spend barely varied (daily {lo}–{hi}); no curve can be fitted",
    ),
    "poor_fit": (
        "广告销售额没有随花费变化（R²={r2}），无法拟合曲线",
        "ad sales did not follow spend (R²={r2}); no curve can be fitted",
    ),
    "clipped": (
        "拟合弹性 b={b} 超出 0.05–0.95，曲线不可信",
        "the fitted elasticity b={b} is outside 0.05–0.95; the curve cannot be trusted",
    ),
    "then_pooled": (
        "；预测借用已拟合 SKU 的共同弹性，不给出建议花费。",
        "; the forecast borrows the elasticity shared by the fitted SKUs and recommends no spend.",
    ),
    "then_none": (
        "；调整预算只改变花费，不预测销售额，也不给出建议花费。",
        "; a budget change moves spend only: no sales forecast and no recommended spend.",
    ),
    "curve": ("花费-销售曲线（每日）", "Spend → sales curve (daily)"),
    "now": ("当前", "now"),
    "new": ("新预算", "new"),
    "best": ("最优", "optimum"),
    "table": ("各 SKU 预测（所选期间）", "Forecast by SKU (selected period)"),
    "daily_sales": ("广告销售额/天", "Ad sales / day"),
    "daily_profit": ("净利润/天", "Net profit / day"),
    "channels": ("本期各渠道广告花费（模型按SKU计入）", "Ad spend by channel this period (the model counts it by SKU)"),
    "channel_line": (
        "{ch}：{spend}（计入模型 {model}，无SKU {rest}）",
        "{ch}: {spend} ({model} in the model, {rest} without a SKU)",
    ),
}
OPTIMAL_HELP = ("利润最大化花费（所选期间）", "Profit-maximising spend (over the period)")
COLUMNS = {
    "sku": Col("SKU", "SKU"), "status": Col("拟合", "Fit", "choice", {k: TX[k] for k in STATUS}),
    "x": Col("预算变化", "Budget change", "pct"), "spend": Col("当前花费", "Spend now", "money"),
    "new_spend": Col("新花费", "New spend", "money"), "ad_sales": Col("当前广告销售额", "Ad sales now", "money"),
    "new_ad_sales": Col("新广告销售额", "New ad sales", "money"), "new_acos": Col("新 ACoS", "New ACoS", "pct"),
    "marginal_acos": Col("边际 ACoS", "Marginal ACoS", "pct"),
    "breakeven_acos": Col("盈亏平衡 ACoS", "Break-even ACoS", "pct"),
    "net_profit": Col("当前净利润", "Net profit now", "money"),
    "new_net_profit": Col("新净利润", "New net profit", "money"),
    "optimal_spend": Col("最优花费", "Best spend", "money"),  # help: the whole name (OPTIMAL_HELP)
}  # fmt: skip


def tx(key: str, **v) -> str:
    text = TX[key][0 if lang() == "zh" else 1]
    return text.format(**v) if v else text


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _model(db: str, key: tuple) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, dict, StockMatrix, pl.DataFrame]:
    """Returns (curve params with economics, stock per SKU with lead time, the reorder plan's demand forecast per
    SKU, the Overview's figures, the advertised SKUs' stock matrix, their Inventory stock-out risk at the current
    sales rate: `stock_risks_now`, the budget-free side of the note beside Inventory's list) for the filter; the
    stock-out inputs are the Reorder planning page's."""
    f = api.Filters(**dict(key))
    con = data.warehouse().con
    params = sku_curves(con, f)  # baseline = the Ads page's spend and ad sales: one ACoS on every page
    today = f.end + timedelta(days=1)
    stock = stock_position(con, f.end)
    skus = stock["sku"].to_list()
    lt = lead_times_for(get_lead_times(con), skus)
    stock = stock.with_columns(lead_days=pl.Series([lt[s].total if lt[s] else None for s in skus], dtype=pl.Int64))
    fc = forecast(demand_history(con, f, today), today, COVER_CAP_DAYS)
    forecasts = fc.group_by("sku", maintain_order=True).agg(units=pl.col("units"))
    k = api.kpis(con, f)
    baseline = {m: k.get(m) for m in ("ad_spend", "ad_sales", "gross_sales", "net_profit")}
    matrix = prepare(stock.filter(pl.col("sku").is_in(params["sku"].implode())), forecasts)
    return params, stock, forecasts, baseline, matrix, stock_risks_now(stock, today, matrix)


@st.cache_data(ttl=3600, max_entries=32, show_spinner=False)
def _channels(db: str, key: tuple) -> pl.DataFrame:
    """Returns the period's ad spend per channel, in and outside the model."""
    return spend_by_channel(data.warehouse().con, api.Filters(**dict(key)))


def _money(v) -> str:
    return fmt.money(v, cur, lang(), short=True)


f = filters.current()
st.title(tx("title"))
if f is None:
    empty_state("empty_ads")
    st.stop()
cur = filters.currency()
params, stock, forecasts, baseline, matrix, risk_now = _model(data.db_key(), data.filters_key(f))
DAYS = period_days(f.start, f.end)
with st.expander(tx("model"), icon=":material/functions:"):
    st.markdown(tx("model_text", r2=fmt.pct(R2_MIN, 1)))
base_note(None, f, "net_margin", "wa_fx_caption")  # in another base than the books' its margins move with the rates
channel_spend = _channels(data.db_key(), data.filters_key(f))
if not channel_spend.is_empty():
    st.caption(
        tx("channels")
        + " · "
        + " · ".join(
            tx("channel_line", ch=t(r["channel"] or "unallocated"), spend=_money(r["spend"]),
               model=_money(r["in_model"]), rest=_money(r["without_sku"]))
            for r in channel_spend.iter_rows(named=True)
        )
    )  # fmt: skip
if params.is_empty():
    st.info(tx("empty"))
    st.stop()
skus = params.sort("spend_day", descending=True)["sku"].to_list()
st.session_state.setdefault("wa_overrides", {})


def _remember(sku: str) -> None:
    """A move of a SKU's own slider (never written by the page, so a fast account slider cannot fire it)."""
    st.session_state.wa_overrides[sku] = st.session_state[f"wa_sku_{sku}"]


def _own(sku: str) -> None:
    """The SKU's own-setting toggle: on starts from the account's change, off follows the account again."""
    if st.session_state[f"wa_own_{sku}"]:
        st.session_state.wa_overrides[sku] = st.session_state.get("wa_account", 0)
    else:
        st.session_state.wa_overrides.pop(sku, None)


def _reset() -> None:
    for sku in st.session_state.wa_overrides:
        for k in (f"wa_own_{sku}", f"wa_sku_{sku}"):
            st.session_state.pop(k, None)
    st.session_state.wa_overrides = {}


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
    spends, labels = [s0, s1], [tx("now"), tx("new")]
    if row["optimal_spend"] is not None:  # an optimum only where the SKU's own curve supports one
        spends, labels = [*spends, row["optimal_spend"] / DAYS], [*labels, tx("best")]
    marks = pl.DataFrame({"spend": spends, "label": labels})
    return charts.response_curve(long, marks, tx("curve"))


def _why(row: dict) -> str | None:
    """Returns why a SKU gets no recommendation (its reason, then what the model does instead), or None."""
    if row["status"] in ("fitted", "no_spend") or row["reason"] is None:
        return None
    text = tx(row["reason"], n=row["n_spend_days"], lo=_money(row["spend_min"]), hi=_money(row["spend_max"]),
              r2=fmt.ratio(row["r2_log"]), b=fmt.ratio(row["b_fit"]))  # fmt: skip
    return text + tx("then_pooled" if row["status"] == "pooled" else "then_none")


@st.fragment
def simulator() -> None:
    """Sliders and everything they change; a slider move reruns only this fragment."""
    left, right = st.columns(2)
    account = left.slider(tx("account"), -100, 200, 0, 5, format="%d%%", key="wa_account")
    sku = right.selectbox(tx("sku"), skus, placeholder=placeholder(skus), key="wa_sku")
    overrides = st.session_state.wa_overrides
    own = right.toggle(tx("own"), value=sku in overrides, key=f"wa_own_{sku}", on_change=_own, args=(sku,))
    if own and sku in overrides:
        right.slider(tx("sku_change"), -100, 200, value=overrides[sku], step=5, format="%d%%", key=f"wa_sku_{sku}",
                     on_change=_remember, args=(sku,))  # fmt: skip
    else:
        right.caption(tx("follows", v=f"{account:+d}"))
    if overrides:
        left.caption(tx("overrides", v=", ".join(sorted(overrides))))
        left.button(tx("reset"), key="wa_reset", on_click=_reset)
    changes = {s: v / 100 for s, v in overrides.items()}
    pred = predict(params, changes, days=DAYS, default_change=account / 100)
    tot = account_totals(pred, baseline, account / 100)
    st.caption(tx("scope", s=fmt.day(f.start, lang()), e=fmt.day(f.end, lang()), n=DAYS))
    _tiles(tot)
    if tot["unmodelled"]:
        names = [tx("unattributed") if n == UNATTRIBUTED else n for n in tot["unmodelled"]]
        st.info(tx("unmodelled", n=len(names), skus=", ".join(names[:5]) + ("…" if len(names) > 5 else "")))
    if not (params["status"] == "fitted").any():
        st.warning(tx("none_fitted"), icon=":material/block:")
    row = pred.join(params.select("sku", "a", "b_fit", "r2_log", "n_spend_days", "spend_min", "spend_max", "reason",
                                  "r2_pool", "n_pool"), on="sku").filter(pl.col("sku") == sku).row(0, named=True)  # fmt: skip
    spend = {"n": row["n_spend_days"], "lo": _money(row["spend_min"]), "hi": _money(row["spend_max"])}
    if row["status"] == "pooled":  # the curve drawn is the shared one: its b and fit, the SKU's own rejected fit beside
        st.caption(t("wa_fit_pooled", b=fmt.ratio(row["b"]), r2=fmt.ratio(row["r2_pool"]), k=row["n_pool"],
                     own_b=fmt.ratio(row["b_fit"]), own_r2=fmt.ratio(row["r2_log"]), **spend))  # fmt: skip
    else:
        st.caption(tx("fit", status=tx(row["status"]), b=fmt.ratio(row["b_fit"]), r2=fmt.ratio(row["r2_log"]), **spend))
    why = _why(row)
    if why:
        st.warning(why, icon=":material/info:")
    c = st.columns(4)
    c[0].metric(tx("sku_acos"), fmt.pct(row["new_acos"]))
    c[1].metric(tx("marginal"), fmt.pct(row["marginal_acos"]))
    c[2].metric(tx("breakeven"), fmt.pct(row["breakeven_acos"]))
    opt = row["optimal_spend"]  # over the period: shown a day, as the curve, the fit and the warnings say spend
    c[3].metric(
        tx("optimal"),
        fmt.DASH if opt is None else t("wa_per_day", v=_money(opt / DAYS)),
        help=None if opt is None else t("wa_optimal_help", total=_money(opt), n=DAYS),
    )
    side = extrapolation(None if opt is None else opt / DAYS, row["spend_min"], row["spend_max"])
    if side:
        lo, hi = _money(row["spend_min"]), _money(row["spend_max"])
        key = "wa_extrapolated_below" if side == "below" else "wa_extrapolated_above"
        st.warning(t(key, day=_money(opt / DAYS), lo=lo, hi=hi), icon=":material/warning:")
    if row["b"] is not None and row["a"] is not None:
        charts.show(_curve(row))
    # under the curve: one box, however many SKUs run out; worded by whether the budget sells extra units at all
    extra = bool((pred["extra_units_day"].fill_null(0.0) > 1e-6).any())
    today = f.end + timedelta(days=1)  # the stock's first projected day
    # an order placed now: today by the clock, never before the day after the warehouse's last data day
    now = data.order_day(f)
    warnings = stockout_warnings(pred, stock, forecasts, today, matrix, order_day=now)
    stock_day = data.stock_days(f.end).get("view") or f.end  # the stock row the projection starts from
    lines = stock_lines(warnings, now, lang(), stock_day, older_stock(f.end))
    # Inventory's list (lead time + safety days at the current sales rate) beside this one: which of its SKUs are
    # advertised here, and which the budget adds to it or takes off by the same rule
    listed = stockout_risks(data.inventory(f.end, f))["sku"].to_list()
    risks = budget_stock_risks(pred, stock, today, matrix, risk_now)  # the "now" side cached with the model
    boxed = frozenset(warnings["sku"].head(MAX_LINES).to_list())  # the SKUs the box above names
    note = inventory_note(listed, risks, lang(), boxed)
    newer_stock_note(f.end)  # a past period projects from its own stock day: say newer stock exists, up to when
    shown_day = fmt.day(stock_day, lang())
    stock_box(lines, extra, note, t("wa_order_day", day=fmt.day(now, lang()), stock=shown_day), stock=shown_day)
    st.subheader(tx("table"))
    shown = pred.select("sku", "status", "x", "spend", "new_spend", "ad_sales", "new_ad_sales", "new_acos",
                        "marginal_acos", "breakeven_acos", "net_profit", "new_net_profit", "optimal_spend")  # fmt: skip
    config = table_columns(shown, COLUMNS, cur)
    # the budget change signed as every change on the page (+20.0%, -10.0%, 0.0%): a bare 20.0% read like a level
    lg = lang()  # read here: polars may run the function off the page's thread
    shown = shown.with_columns(pl.col("x").map_elements(lambda v: fmt.signed_pct(v, 1, lg), pl.String))
    config["x"] = st.column_config.TextColumn(config["x"]["label"], alignment="right")
    config["sku"] = {**config["sku"], "pinned": True}  # the SKU stays in view when the table scrolls sideways
    config["optimal_spend"] = {**config["optimal_spend"], "help": OPTIMAL_HELP[lg != "zh"]}
    config = fit_widths(shown, config)  # every header whole (the last one read "利润最…")
    st.dataframe(
        arrow(shown, config),
        hide_index=True,
        placeholder="—",
        key="wa_table",
        column_config=config,
        height=fit_height(shown),
    )


def _tiles(tot: dict) -> None:
    """The account tiles: the Overview's figures now, and the new budget's (— where the model cannot say)."""

    def delta(new, old):
        return None if new is None or old is None else fmt.signed_money(new - old, cur, lang())

    def pp(new, old):  # a ratio's change in percentage points, "0.0 pp" when it does not move
        return None if new is None or old is None else f"{(new - old) * 100:+.1f} pp"

    cols = st.columns(5)
    change_metric(cols[0], tx("spend"), _money(tot["new_spend"]), delta(tot["new_spend"], tot["spend"]), None)
    change_metric(cols[1], tx("ad_sales"), _money(tot["new_ad_sales"]), delta(tot["new_ad_sales"], tot["ad_sales"]))
    change_metric(cols[2], tx("acos"), fmt.pct(tot["new_acos"]), pp(tot["new_acos"], tot["acos"]), False)
    change_metric(cols[3], tx("tacos"), fmt.pct(tot["new_tacos"]), pp(tot["new_tacos"], tot["tacos"]), False)
    change_metric(cols[4], tx("profit"), _money(tot["new_net_profit"]), delta(tot["new_net_profit"], tot["net_profit"]))


simulator()
