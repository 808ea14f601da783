"""Returns cash received from settlements and payouts against profit earned, reserves held and days from sale to cash.

Sources (marts.cash_receipts, marts.cash_timing; docs/DATA_MODEL.md "Cash"): Amazon settlement V2 deposits (else the
transaction report's transfers), TikTok Shop paid statements, Shopify paid payouts. Cash is dated by the day it was
paid out (deposit / transfer / statement / payout date) and converted to the base currency at that day's rate (the
latest FX-table rate on or before it); profit is the registry's net profit of the same weeks or months in the
filter's calendar. A payout with no usable rate is left out of base totals and counted in `unconverted`.
"""

from __future__ import annotations

from datetime import date

import polars as pl
from pydantic import BaseModel

from metrics.core import kpi, query

GRAINS = {"week": "week", "month": "month"}
GROUPS = ("channel", "marketplace", "store")


class Term(BaseModel, frozen=True):
    """One glossary entry that is no registry metric (cash and bridge terms)."""

    id: str
    zh: str
    en: str
    def_zh: str
    def_en: str
    formula: str
    unit: str = "money"


GLOSSARY: list[Term] = [
    Term(id="cash_received", zh="回款", en="Cash received",
         def_zh="平台实际打入银行账户的钱：亚马逊结算报告（V2）的 total-amount（按 deposit-date），无结算报告时取交易报告的"
         "Transfer 行；TikTok Shop 已付款结算单的结算总金额（按结算日期）；Shopify 已付款 payout 的 Net 合计（按 payout 日期）。"
         "按到账当天的汇率（汇率表中当天或之前最近一天）折算为本位币",
         def_en="Money the platforms actually paid into the seller's bank: the Amazon settlement V2 total-amount (on its "
         "deposit date), else the transaction report's Transfer lines; the Total settlement amount of each paid TikTok "
         "Shop statement (statement date); the Net of each paid Shopify payout (payout date). Converted to the base "
         "currency at the payout date's rate (the FX table's latest rate on or before that day)",
         formula="Σ payouts paid in the period × rate(payout date)"),
    Term(id="cash_gap", zh="回款与利润差", en="Cash minus profit",
         def_zh="同一周/月的回款 − 净利润：为正表示收回了以前赚的钱，为负表示利润还压在平台（未结算、预留金）或成本已付",
         def_en="Cash received − net profit of the same week or month: positive = money earned earlier came in; "
         "negative = profit still held by the platform (unsettled, reserves)",
         formula="cash_received − net_profit"),
    Term(id="reserve_held", zh="预留金", en="Reserve held",
         def_zh="亚马逊结算报告中“Current Reserve Amount”扣留的金额（取期末前最近一份有预留行的结算），下期以"
         "“Previous Reserve Amount Balance”释放", def_en="What Amazon held back from a settlement as its Current "
         "Reserve Amount (the latest settlement with reserve lines on or before the period end); released in the next "
         "one as Previous Reserve Amount Balance", formula="− Current Reserve Amount of the latest settlement"),
    Term(id="days_to_cash", zh="回款天数", en="Days from sale to cash",
         def_zh="本期到账的订单，从下单日到到账日（结算/打款日）的天数，按订单销售额（本位币）加权平均",
         def_en="For the order lines paid out in the period: days from the order date to the deposit / payout date, "
         "averaged weighted by each line's gross sales (base currency)",
         formula="Σ (paid_date − sale_date) × gross sales / Σ gross sales", unit="days"),
]  # fmt: skip


def _where(f, date_col: str = "paid_date") -> tuple[str, list]:
    parts, params = [f"{date_col} between ? and ?"], [f.start, f.end]
    for col in ("channel", "marketplace", "store"):
        value = getattr(f, col, None)
        if value:
            parts.append(f"{col} = ?")
            params.append(value)
    return " and ".join(parts), params


_RATED = """
    select r.*, case when r.currency = c.base_currency then 1.0 else fx.rate end as fx_rate
    from (select * from marts.{mart} where {cond}) as r
    cross join marts.conventions as c
    asof left join marts.fx_pairs as fx
        on fx.currency = r.currency and fx.base_currency = c.base_currency and r.{day} >= fx.rate_date
"""


def receipts_frame(con, f) -> pl.DataFrame:
    """Returns one row per payout paid in f's period: source, channel, store, marketplace, currency, payout_id,
    paid_date, received (original currency), fx_rate, received_base (None without a rate), reserve_held,
    reserve_released (Amazon settlement V2 only, original currency)."""
    cond, params = _where(f)
    sql = _RATED.format(mart="cash_receipts", cond=cond, day="paid_date")
    with query.cursor(con, f) as cur:
        frame = cur.sql(
            f"select *, received * fx_rate as received_base from ({sql}) order by paid_date, channel, payout_id",
            params=params,
        ).pl()
    return frame


def _bucket(day: pl.Expr, grain: str) -> pl.Expr:
    return day.dt.truncate("1w" if grain == "week" else "1mo")


def cash_vs_profit(con, f, grain: str = "month", by: str | None = None) -> pl.DataFrame:
    """Returns per week or month (`period`, Monday / first of month) [× `by`]: cash_received (base), net_profit
    (registry, base, f's calendar) and cash_gap = cash_received − net_profit; sorted by period.

    Raises ValueError for an unknown grain or group."""
    if grain not in GRAINS:
        raise ValueError("grain must be 'week' or 'month'")
    if by is not None and by not in GROUPS:
        raise ValueError(f"by must be one of {GROUPS}")
    keys = ["period"] + ([by] if by else [])
    receipts = receipts_frame(con, f)
    cash = (
        receipts.with_columns(_bucket(pl.col("paid_date"), grain).alias("period"))
        .group_by(keys)
        .agg(pl.col("received_base").sum().alias("cash_received"))
    )
    values = (
        [None]
        if by is None
        else sorted({v for v in receipts[by].to_list() if v is not None} | set(_profit_keys(con, f, by)))
    )
    profits = []
    for value in values:
        g = f if value is None else f.model_copy(update={by: value})
        # trend labels a bucket cut by the period's start with that start: back to the bucket's Monday / 1st, as cash
        trend = kpi.trend_frame(con, g, ["net_profit"], grain).with_columns(_bucket(pl.col("period"), grain))
        if by:
            trend = trend.with_columns(pl.lit(value).alias(by))
        profits.append(trend)
    schema = {"period": pl.Date, **({by: pl.String} if by else {})}
    profit = pl.concat(profits) if profits else pl.DataFrame(schema=schema | {"net_profit": pl.Float64})
    cash = cash.cast(schema | {"cash_received": pl.Float64})
    profit = profit.cast(schema | {"net_profit": pl.Float64}).select(keys + ["net_profit"])
    out = cash.join(profit, on=keys, how="full", coalesce=True).with_columns(
        pl.col("cash_received").fill_null(0.0), pl.col("net_profit").fill_null(0.0)
    )
    return out.with_columns((pl.col("cash_received") - pl.col("net_profit")).alias("cash_gap")).sort(keys)


def _profit_keys(con, f, by: str) -> list[str]:
    """Returns the channels / marketplaces / stores with profit facts in f's period."""
    cond, params = query.where(f, "sku_days")
    with query.cursor(con, f) as cur:
        rows = cur.sql(f"select distinct {by} from marts.sku_days where {cond} and {by} is not null",
                       params=params).fetchall()  # fmt: skip
    return [r[0] for r in rows]


def reserves_frame(con, f) -> pl.DataFrame:
    """Returns the reserve each Amazon store × marketplace × currency held at f's end: from its latest settlement
    (paid on or before f.end) that shows reserve lines: payout_id, reserve_as_of (settlement end), reserve_held and
    reserve_released (original currency), reserve_held_base (rate of the settlement end; None without a rate)."""
    g = f.model_copy(update={"start": date(1900, 1, 1)})
    cond, params = _where(g)
    sql = _RATED.format(mart="cash_receipts", cond=f"{cond} and reserve_held is not null", day="reserve_as_of")
    with query.cursor(con, f) as cur:
        return cur.sql(
            f"select store, marketplace, currency, payout_id, reserve_as_of, reserve_held, reserve_released, "
            f"reserve_held * fx_rate as reserve_held_base from ({sql}) "
            "qualify row_number() over (partition by store, marketplace, currency order by paid_date desc, payout_id desc) = 1 "
            "order by store, marketplace",
            params=params,
        ).pl()  # fmt: skip


def days_to_cash(con, f, by: str = "channel") -> pl.DataFrame:
    """Returns per channel (or marketplace / store) the days from sale to cash of the order lines paid in f's
    period, weighted by gross sales in base currency (rate of the sale date): `by`, days_to_cash, paid_sales (base),
    lines, first_sale, last_paid. Lines without a rate are left out."""
    if by not in GROUPS:
        raise ValueError(f"by must be one of {GROUPS}")
    cond, params = _where(f)
    sql = _RATED.format(mart="cash_timing", cond=cond, day="sale_date")
    with query.cursor(con, f) as cur:
        return cur.sql(
            f"select {by}, sum(days_to_cash * amount * fx_rate) / nullif(sum(amount * fx_rate), 0) as days_to_cash, "
            f"sum(amount * fx_rate) as paid_sales, count(*)::BIGINT as lines, min(sale_date) as first_sale, "
            f"max(paid_date) as last_paid from ({sql}) where fx_rate is not null group by all order by {by}",
            params=params,
        ).pl()


class CashChannel(BaseModel):
    """One channel's cash in the period (base currency) and its days from sale to cash."""

    channel: str
    cash_received: float
    days_to_cash: float | None = None


class CashSection(BaseModel):
    """The `cash` section of `python -m metrics report`: money paid out in the period (base currency, rate of each
    payout date) against net profit earned in it, the reserves held at the period end and days from sale to cash."""

    cash_received: float
    net_profit: float | None
    cash_gap: float | None
    payouts: int
    unconverted_payouts: int  # payouts without a usable FX rate, left out of cash_received
    reserve_held: float | None  # Amazon reserves held at the period end (base), None when no settlement shows any
    days_to_cash: float | None  # all channels, weighted by gross sales
    channels: list[CashChannel]


def cash_section(con, f, net_profit: float | None = None) -> CashSection:
    """Returns the report's cash section for f (net_profit given by the caller when already computed)."""
    receipts = receipts_frame(con, f)
    received = float(receipts["received_base"].sum() or 0.0) if receipts.height else 0.0
    if net_profit is None:
        net_profit = kpi.compute_kpis(con, f)["net_profit"]
    timing = days_to_cash(con, f)
    reserves = reserves_frame(con, f)
    by_channel = receipts.group_by("channel").agg(pl.col("received_base").sum()) if receipts.height else None
    days = dict(zip(timing["channel"], timing["days_to_cash"])) if timing.height else {}
    channels = sorted({*days, *(by_channel["channel"].to_list() if by_channel is not None else [])})
    cash_of = dict(zip(by_channel["channel"], by_channel["received_base"])) if by_channel is not None else {}
    paid = timing["paid_sales"].sum() if timing.height else 0
    overall = (timing["days_to_cash"] * timing["paid_sales"]).sum() / paid if paid else None
    return CashSection(
        cash_received=received,
        net_profit=net_profit,
        cash_gap=None if net_profit is None else received - net_profit,
        payouts=receipts.height,
        unconverted_payouts=receipts.filter(pl.col("received_base").is_null()).height,
        reserve_held=float(reserves["reserve_held_base"].sum()) if reserves.height else None,
        days_to_cash=overall,
        channels=[CashChannel(channel=c, cash_received=float(cash_of.get(c) or 0.0), days_to_cash=days.get(c))
                  for c in channels],
    )  # fmt: skip
