"""Cash and profit-bridge views: cached queries of metrics.accounts.cash / accounts_bridge and their charts."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from metrics.accounts import bridge as accounts_bridge
from metrics.accounts import cash as accounts_cash
from ui import charts, data
from ui import format as fmt
from ui.chart_labels import PAGE_CHART_PX
from ui.i18n import lang, t
from ui.plan_editors import Col

TTL = 3600
# headers of the cash tables in both languages (money in the base currency)
COLUMNS = {
    "period": Col("期间", "Period", "date"),
    "cash_received": Col("回款", "Cash received", "money"),
    "cash_gap": Col("回款 − 净利润", "Cash − net profit", "money"),
    "days_to_cash": Col("回款天数（天）", "Days to cash (days)", "num", digits=1),  # one decimal, the unit named
    # gross sales of the lines paid in the period, whatever their order date: not the period's net sales (cash_paid_note)
    "paid_sales": Col("已回款订单总销售额", "Gross sales paid", "money"),
    "lines": Col("订单行", "Order lines", "int"),
    "first_sale": Col("最早下单", "First sale", "date"),
    "last_paid": Col("最近到账", "Last paid", "date"),
    "store": Col("店铺", "Store", "choice", {"default": ("默认店铺", "Default store")}),  # as ui.tables.STORES
    "payout_id": Col("结算/打款编号", "Settlement / payout"),
    "reserve_as_of": Col("结算截止", "Settlement end", "date"),
    # under "Reserves held": short English heads, so the table (store, marketplace, currency …) fits a 1440 px page
    "reserve_held": Col("预留金（原币）", "Held (original)", "num"),
    "reserve_released": Col("释放上期预留（原币）", "Released", "num"),  # the previous reserve, in the row's currency
    "reserve_held_base": Col("预留金", "Held", "money"),
}


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _cash(db: str, key: tuple, grain: str, by: str | None) -> pl.DataFrame:
    return accounts_cash.cash_vs_profit(data.warehouse().con, data._f(key), grain, by)


def cash_vs_profit(f, grain: str, by: str | None) -> pl.DataFrame:
    """Returns cash received vs net profit per week/month (and group) for the filter."""
    return _cash(data.db_key(), data.filters_key(f), grain, by)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _timing(db: str, key: tuple, by: str) -> pl.DataFrame:
    return accounts_cash.days_to_cash(data.warehouse().con, data._f(key), by)


def days_to_cash(f, by: str = "channel") -> pl.DataFrame:
    """Returns days from sale to cash per channel (or marketplace / store)."""
    return _timing(data.db_key(), data.filters_key(f), by)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _reserves(db: str, key: tuple) -> pl.DataFrame:
    return accounts_cash.reserves_frame(data.warehouse().con, data._f(key))


def reserves(f) -> pl.DataFrame:
    """Returns the Amazon reserves held at the period end."""
    return _reserves(data.db_key(), data.filters_key(f))


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def _bridge(db: str, key: tuple) -> dict | None:
    b = accounts_bridge.profit_bridge(data.warehouse().con, data._f(key))
    return None if b is None else b.model_dump()


def bridge(f) -> accounts_bridge.Bridge | None:
    """Returns the profit bridge of the filter against its comparison period (None without one)."""
    raw = _bridge(data.db_key(), data.filters_key(f))
    return None if raw is None else accounts_bridge.Bridge(**raw)


def partial_periods(frame: pl.DataFrame, f, grain: str) -> list[tuple]:
    """Returns (period, days inside f's period, days of the whole week / month) for each period of a cash table
    that f's period cuts (`ui.periods.partial_buckets`, as the P&L's `partial_months`): its cash and profit cover
    fewer days than a whole one's."""
    from ui.periods import partial_buckets

    if frame.is_empty() or f is None:
        return []
    return partial_buckets(frame["period"].unique().sort().to_list(), f.start, f.end, grain)


def partial_captions(cut: list[tuple], grain: str) -> None:
    """Writes one caption per cut period (how many of its days the period holds, zh/en): a month in the P&L's words
    (its pale bar), a week in the same words for the week."""
    lg = lang()
    for p, n, whole in cut:
        if grain == "month":
            st.caption(t("pnl_partial_month", day=fmt.month(p, lg), n=n, of=whole))
        else:
            st.caption(t("cash_partial_week", day=fmt.day(p, lg), n=n, of=whole))


PALE = 0.35  # a cut period's bar fill, as the P&L's (ui.pnl.PALE)


@charts.cached
def cash_chart(frame: pl.DataFrame, cash_label: str, profit_label: str, title: str = "",
               axis_title: str | None = None, partial: tuple = (), grain: str = "month",
               lg: str = "en") -> alt.LayerChart:  # fmt: skip
    """Returns bars of cash received per period with net profit as a line over them; a period in `partial` (one the
    filter's period cuts, `partial_periods`) is a pale bar with a dashed outline, as the P&L draws a cut month. The
    periods are named as the table names them in `lg`: 2026年10月 / Oct 2026 by month, the week's first day by week."""
    name = (lambda p: fmt.month(p, lg)) if grain == "month" else (lambda p: fmt.day(p, lg))
    order = [name(p) for p in frame["period"].to_list()]
    long = frame.select("period", "cash_received", "net_profit").unpivot(
        index="period", variable_name="m", value_name="v"
    )
    long = long.with_columns(pl.col("period").map_elements(name, return_dtype=pl.String).alias("label"))
    long = long.with_columns(pl.col("m").replace_strict({"cash_received": cash_label, "net_profit": profit_label}))
    cut = pl.col("period").is_in(list(partial)) if partial else pl.lit(False)
    long = long.with_columns(cut.alias("partial"), pl.when(cut).then(PALE).otherwise(1.0).alias("fill"))
    base = alt.Chart(long.to_pandas(), title=title).encode(
        x=alt.X("label:N", sort=order, title=None, axis=alt.Axis(labelAngle=0 if grain == "month" else -35)),
        y=alt.Y("v:Q", title=axis_title, axis=alt.Axis(format=",.0f")),  # the amounts' currency ("Amount (CNY)")
        color=alt.Color("m:N", title=None, sort=[cash_label, profit_label]),
        tooltip=[
            alt.Tooltip("label:N", title=""),
            alt.Tooltip("m:N", title=""),
            alt.Tooltip("v:Q", title="", format=",.2f"),
        ],
    )
    bars = (
        base.transform_filter(alt.datum.m == cash_label)
        .mark_bar(strokeWidth=1.5)
        .encode(
            fillOpacity=alt.FillOpacity("fill:Q", scale=None, legend=None),  # the value itself, no scale
            stroke=alt.condition("datum.partial", alt.value("#555555"), alt.value(None)),
            strokeDash=alt.condition("datum.partial", alt.value([4, 3]), alt.value([1, 0])),
        )
    )
    line = base.transform_filter(alt.datum.m == profit_label).mark_line(point=True)
    return (bars + line).properties(height=300)


def reserves_view(held: pl.DataFrame, stores: int) -> pl.DataFrame:
    """Returns the reserves table as the page shows it: without the settlement id (its end date names it; the
    download keeps the id) and without the store when the company has one (`stores`), so its last column, the
    reserve in the base currency, fits the page (at 1440 px it was cut)."""
    drop = ["payout_id"] + (["store"] if stores < 2 else [])
    return held.drop([c for c in drop if c in held.columns])


def waterfall(rows: list[dict], lg: str | None = None) -> dict:
    """Returns the bridge waterfall (Vega-Lite spec) from bridge rows {"step": id, "amount"} (start, steps, end)."""
    i = 0 if (lg or lang()) == "zh" else 1
    labels = accounts_bridge.LABELS
    body = [(labels[r["step"]][i], float(r["amount"])) for r in rows if r["step"] != "end"]
    total = sum(a for _, a in body)  # the waterfall's last bar: the running sum
    short = tuple(short_amount(a, lg or lang()) for a in [*(a for _, a in body), total])
    return charts.waterfall(body, labels["end"][i], "", width_px=PAGE_CHART_PX, short=short)  # at the page's width


def short_amount(value: float, lg: str) -> str:
    """Returns an amount in three or four figures for a bar's label: 12.3万 / 1.23亿 in Chinese, 12.3K / 1.23M in
    English, whole units below that (-850)."""
    sign, v = ("-" if value < 0 else ""), abs(value)
    steps = ((1e8, "亿"), (1e4, "万")) if lg == "zh" else ((1e9, "B"), (1e6, "M"), (1e3, "K"))
    for size, unit in steps:
        if round(v / size, 2) >= 1:
            n = v / size
            return f"{sign}{n:.3g}{unit}" if n < 1000 else f"{sign}{n:,.0f}{unit}"
    return f"{sign}{v:,.0f}"


def show_meeting_bridge(rows: list[dict], lg: str) -> list[dict]:
    """Draws the frozen profit bridge of a meeting's finance view as a waterfall; returns its rows with each step
    named in `lg` (for the table under it)."""
    if not rows:
        return rows
    charts.show(waterfall(rows, lg))
    i = 0 if lg == "zh" else 1
    return [{"step": accounts_bridge.LABELS[r["step"]][i], "amount": r["amount"]} for r in rows]


def glossary_rows(terms=None, sources: str = "money") -> list[dict]:
    """Returns glossary terms that are no registry metric as glossary rows (columns of ui.glossary.dictionary):
    `terms` (metrics.accounts.cash.Term), by default the cash and bridge terms."""
    zh = lang() == "zh"
    terms = accounts_cash.GLOSSARY + accounts_bridge.GLOSSARY if terms is None else terms
    return [
        {"id": g.id, "zh": g.zh, "en": g.en, "definition": g.def_zh if zh else g.def_en, "formula": g.formula,
         "unit": t(f"u_{g.unit}"), "good": t("yes"), "kind": t("g_component"), "sources": sources, "sql": g.formula}
        for g in terms
    ]  # fmt: skip


def columns(frame: pl.DataFrame, currency: str) -> dict:
    """Returns st.column_config for a cash or bridge table (headers in the page's language, money in the base)."""
    from ui.tables import columns as shared

    spec = dict(COLUMNS)
    if "currency" in frame.columns and frame.height:  # amounts in their own currency: that currency's decimals (JPY 0)
        places = max(fmt.decimals(c or "") for c in frame["currency"].unique().to_list())
        spec |= {
            k: Col(c.zh, c.en, "num", digits=places)
            for k, c in COLUMNS.items()
            if c.kind == "num" and k != "days_to_cash"
        }
    return shared(frame, currency, spec)
