"""Returns the profit bridge: a period's net (or operating) profit against its comparison period, step by step.

All amounts in base currency, from marts.sku_days (the Profit by SKU page's facts) and marts.expense_days when it
exists. Period 0 = the comparison period at its actual rates; period 1 = the current period. FX comes first:
fx = P1 − P1*, where P1* restates period 1's money facts (net sales, marketplace fees, other fees, other income, ad
spend, expenses) at period 0's average rate per currency (mean of the daily FX-table rates over period 0's days);
landed cost keeps its batch arrival-date rate (the COGS convention) and is not restated. The other steps explain
P1* − P0 with one textbook form (sales-mix variance at standard unit contribution, per master SKU):

  unit contribution m = (net sales + marketplace fees − COGS) / units, over SKUs with units in the period;
  M0 = Σ m0·q0 / Q0 (period 0's average unit contribution);  Q = Σ units
  volume      = (Q1 − Q0) · M0
  mix         = Σ q1·m0 − Q1·M0        (a SKU sold only in period 1 enters at its own m1*)
  price       = Σ q1·(p1* − p0)        p = net sales / units   (SKUs sold in both periods)
  fees        = Σ q1·(f1* − f0)        f = marketplace fees / units
  landed_cost = −Σ q1·(c1 − c0)        c = COGS / units
  ads         = −(ad spend1* − ad spend0)
  other       = O1* − O0, O = profit − SKU unit contribution + ad spend: other fees, other income, money
                without a SKU, and a SKU's money in a period it sold no units (late refunds of a discontinued SKU)
  expenses    = −(expenses1* − expenses0)

volume + mix + price + fees + landed_cost = U1* − U0 (U = Σ q·m), so the steps sum exactly to the change.

Size: the steps, the facts and rates they are computed from and the rows they print are one definition, read best
side by side (the labels and the model take ~60 lines).
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel

from metrics.accounts.cash import Term
from metrics.core import query
from metrics.core.locale_format import ratio

STEPS = ("volume", "price", "mix", "fees", "landed_cost", "ads", "fx", "other", "expenses")
LABELS = {
    "start": ("对比期经营利润", "Operating profit, comparison"), "end": ("本期经营利润", "Operating profit, this period"),
    "volume": ("销量", "Volume"), "price": ("价格", "Price"), "mix": ("产品结构", "Mix"),
    "fees": ("平台费用", "Fees"), "landed_cost": ("落地成本", "Landed cost"), "ads": ("广告", "Ads"),
    "fx": ("汇率", "FX"), "other": ("其他", "Other"), "expenses": ("经营费用", "Expenses"),
}  # fmt: skip
_MONEY = query.BRIDGE_MONEY  # net sales, marketplace fees, other fees, other income, ad spend

GLOSSARY: list[Term] = [
    Term(id="bridge_volume", zh="利润桥·销量", en="Profit bridge: volume",
         def_zh="总销量变化 × 对比期平均单件贡献（广告前）", def_en="Change in total units × the comparison period's "
         "average unit contribution before ads", formula="(Q1 − Q0) × M0, M0 = Σ q0·m0 / Q0"),
    Term(id="bridge_mix", zh="利润桥·产品结构", en="Profit bridge: mix",
         def_zh="按对比期单件贡献计，本期各 SKU 销量结构与对比期平均的差；本期新品按其本期单件贡献（对比期汇率）计",
         def_en="Period 1's units per SKU at period 0's unit contribution, minus the same units at the average one; a "
         "SKU new in period 1 enters at its own unit contribution at comparison rates",
         formula="Σ q1·m0 − Q1·M0"),
    Term(id="bridge_price", zh="利润桥·价格", en="Profit bridge: price",
         def_zh="两期都有销量的 SKU：本期销量 × 单件净销售额变化（本期按对比期平均汇率）",
         def_en="SKUs sold in both periods: period 1 units × the change in net sales per unit (period 1 at "
         "comparison rates)", formula="Σ q1·(p1* − p0)"),
    Term(id="bridge_fees", zh="利润桥·平台费用", en="Profit bridge: fees",
         def_zh="两期都有销量的 SKU：本期销量 × 单件平台费用变化（佣金、FBA/配送、支付、达人佣金）",
         def_en="SKUs sold in both periods: period 1 units × the change in marketplace fees per unit (referral, "
         "FBA/fulfilment, payment, affiliate)", formula="Σ q1·(f1* − f0)"),
    Term(id="bridge_landed_cost", zh="利润桥·落地成本", en="Profit bridge: landed cost",
         def_zh="两期都有销量的 SKU：−本期销量 × 单件销货成本变化（按批次到货日汇率，不重估）",
         def_en="SKUs sold in both periods: −period 1 units × the change in COGS per unit (at batch arrival rates, "
         "never restated)", formula="−Σ q1·(c1 − c0)"),
    Term(id="bridge_ads", zh="利润桥·广告", en="Profit bridge: ads",
         def_zh="−广告花费变化（本期按对比期平均汇率）", def_en="−the change in ad spend (period 1 at comparison rates)",
         formula="−(ad_spend1* − ad_spend0)"),
    Term(id="bridge_fx", zh="利润桥·汇率", en="Profit bridge: FX",
         def_zh="本期实际本位币金额 − 同样事实按对比期平均汇率（对比期每日汇率的平均）折算的金额；销货成本不重估",
         def_en="Period 1's actual base amounts − the same facts at the comparison period's average rates (mean of "
         "its daily FX-table rates); COGS is not restated", formula="profit1 − profit1 at comparison average rates"),
    Term(id="bridge_other", zh="利润桥·其他", en="Profit bridge: other",
         def_zh="其他费用、其他收入、无 SKU 的金额，以及 SKU 在无销量期间的金额（如停售 SKU 的退款）的变化",
         def_en="The change in other fees, other income, money without a SKU and a SKU's money in a period it sold no "
         "units (e.g. late refunds of a discontinued SKU)", formula="O1* − O0, O = profit − Σ q·m + ad_spend"),
    Term(id="bridge_expenses", zh="利润桥·经营费用", en="Profit bridge: expenses",
         def_zh="−经营费用变化（无费用表时为 0；此时桥解释净利润，否则解释经营利润）",
         def_en="−the change in expenses (0 without an expenses table; the bridge then explains net profit, else "
         "operating profit)", formula="−(expenses1* − expenses0)"),
]  # fmt: skip


class BridgeStep(BaseModel):
    step: str  # one of STEPS
    amount: float  # base currency, signed by its effect on profit
    cents: int  # amount in cents, rounded so that the steps' cents sum exactly to the change's


class Bridge(BaseModel):
    """The `bridge` section of `python -m metrics report`."""

    measure: str  # net_profit, or operating_profit when expenses exist in either period
    start: str
    end: str
    compare_start: str
    compare_end: str
    previous: float
    current: float
    change: float
    steps: list[BridgeStep]
    avg_rates: dict[str, float | None]  # comparison-period average rate per currency into the base


def _has_expenses(cur) -> bool:
    return query.has_expenses(cur)


def _avg_rates(cur, f0, extra: list[str], f=None) -> dict[str, float | None]:
    """Returns {currency: mean of the daily ASOF rates into the base over f0's days} for every currency with facts
    in f0's period or `f`'s (the two periods bridged; only their facts are restated) and the `extra` ones (e.g. of
    expenses); None for a currency with no rate on any of those days."""
    lo, hi = (min(f0.start, f.start), max(f0.end, f.end)) if f is not None else (f0.start, f0.end)
    rows = cur.sql(
        "with days as (select unnest(generate_series(?::DATE, ?::DATE, interval 1 day))::DATE as day), "
        "cur as (select distinct currency from marts.sku_days where currency is not null and day between ? and ? "
        "union select unnest(?::VARCHAR[])), "
        "grid as (select c.currency, d.day, b.base_currency from cur as c cross join days as d "
        "cross join marts.conventions as b) "
        "select g.currency, case when g.currency = g.base_currency then 1.0 else avg(fx.rate) end "
        "from grid as g asof left join marts.fx_pairs as fx on fx.currency = g.currency "
        "and fx.base_currency = g.base_currency and g.day >= fx.rate_date group by g.currency, g.base_currency "
        "order by g.currency",  # a stable key order: the report's JSON is byte-identical for the same warehouse
        params=[f0.start, f0.end, lo, hi, extra],
    ).fetchall()
    return {c: r for c, r in rows}


def _facts(cur, f) -> pl.DataFrame:
    """Returns per master SKU (NULL = no SKU) × currency: units, the money columns in original and base currency,
    cogs_base. The report's period in its session: added up from its one read of sku_days (query.bridge_facts)."""
    if query.in_session(cur, f):
        return query.bridge_facts(cur, f)
    cond, params = query.where(f, "sku_days")
    cols = ", ".join(f"sum({c}_base) as {c}_base, sum(case when {c}_base is not null then {c} end) as {c}"
                     for c in _MONEY)  # fmt: skip
    return cur.sql(
        f"select master_sku, currency, coalesce(sum(units), 0)::BIGINT as units, {cols}, "
        f"coalesce(sum(cogs_base), 0) as cogs_base from marts.sku_days where {cond} group by all",
        params=params,
    ).pl()


def compared(cur, f) -> None:
    """Asks on `cur` the comparison period's facts `profit_bridge(con, f)` reads: a report's second cursor computes
    them meanwhile (metrics.core.prefetch), the report then reads them."""
    f0 = f.comparison()
    if f0 is not None:
        _facts(cur, f0)


def _expenses(cur, f, rates: dict | None) -> tuple[float, float]:
    """Returns (expenses in base, expenses at `rates`) for f's days and channel/marketplace/store filters."""
    parts, params = ["day between ? and ?", "amount_base is not null"], [f.start, f.end]
    for col in ("channel", "marketplace", "store"):
        if getattr(f, col, None):
            parts.append(f"{col} = ?")
            params.append(getattr(f, col))
    rows = cur.sql(f"select currency, sum(amount_base)::DOUBLE, sum(amount)::DOUBLE from marts.expense_days "
                   f"where {' and '.join(parts)} group by all", params=params).fetchall()  # fmt: skip
    actual = sum(r[1] or 0.0 for r in rows)
    restated = (
        actual
        if rates is None
        else sum((r[2] or 0.0) * rates[r[0]] if rates.get(r[0]) is not None else (r[1] or 0.0) for r in rows)
    )
    return actual, restated


def _restate(facts: pl.DataFrame, rates: dict[str, float | None]) -> pl.DataFrame:
    """Returns facts with each money column's base amount replaced by original × rates[currency] (kept when the
    currency has no comparison rate)."""
    rate = pl.col("currency").replace_strict(rates, default=None, return_dtype=pl.Float64)
    return facts.with_columns(
        pl.when(rate.is_not_null() & pl.col(c).is_not_null()).then(pl.col(c) * rate).otherwise(pl.col(f"{c}_base"))
        .alias(f"{c}_base")
        for c in _MONEY
    )  # fmt: skip


def _totals(facts: pl.DataFrame) -> tuple[float, pl.DataFrame, float]:
    """Returns (net profit, per-SKU unit economics of SKUs with units: master_sku, q, s, fee, c, ad spend)."""
    f = facts.fill_null(0.0)
    profit = float(sum(f[f"{c}_base"].sum() for c in _MONEY if c != "ad_spend") - f["ad_spend_base"].sum()
                   - f["cogs_base"].sum())  # fmt: skip
    sku = (
        f.lazy()
        .filter(pl.col("master_sku").is_not_null())
        .group_by("master_sku")
        .agg(pl.col("units").sum().alias("q"), pl.col("net_sales_base").sum().alias("s"),
             pl.col("marketplace_fees_base").sum().alias("fee"), pl.col("cogs_base").sum().alias("c"))
        .filter(pl.col("q") > 0)
        .collect()  # one plan, not one per step: a report builds three of these
    )  # fmt: skip
    return profit, sku, float(f["ad_spend_base"].sum())


def balanced_cents(amounts: list[float], total: float) -> list[int]:
    """Returns the amounts in cents, rounded so that they sum exactly to round(total × 100): the steps whose
    rounding lost the most take the missing cents (largest remainder; ties go to the earlier step of STEPS)."""
    target = round(total * 100)
    cents = [round(a * 100) for a in amounts]
    gap = target - sum(cents)
    # remainders compared to 1e-6 of a cent: float noise in the sums must not decide which step takes the cent
    lost = [round((a * 100 - c) * (1 if gap > 0 else -1), 6) for a, c in zip(amounts, cents)]
    order = sorted(range(len(amounts)), key=lambda i: (-lost[i], i))
    for i in order[: abs(gap)]:
        cents[i] += 1 if gap > 0 else -1
    return cents


def profit_bridge(con, f) -> Bridge | None:
    """Returns the bridge of f's period against f.comparison() (None when f compares with nothing).

    Money in base currency; see the module docstring for each step's definition."""
    f0 = f.comparison()
    if f0 is None:
        return None
    with query.cursor(con, f) as cur:
        has_exp = _has_expenses(cur)
        extra = [r[0] for r in cur.sql("select distinct currency from marts.expense_days where currency is not null"
                                        ).fetchall()] if has_exp else []  # fmt: skip
        rates = _avg_rates(cur, f0, extra, f)
        now, before = _facts(cur, f), _facts(cur, f0)
        e1, e1r = _expenses(cur, f, rates) if has_exp else (0.0, 0.0)
        e0, _ = _expenses(cur, f0, None) if has_exp else (0.0, 0.0)
    p1, _, _ = _totals(now)
    p1r, sku1, a1 = _totals(_restate(now, rates))
    p0, sku0, a0 = _totals(before)
    measure = "operating_profit" if has_exp and (e0 or e1) else "net_profit"
    u0 = float((sku0["s"] + sku0["fee"] - sku0["c"]).sum())
    q0 = float(sku0["q"].sum())
    m_avg = u0 / q0 if q0 else 0.0
    j = sku1.join(sku0, on="master_sku", how="left", suffix="0").with_columns(
        ((pl.col("s") + pl.col("fee") - pl.col("c")) / pl.col("q")).alias("m1"),
        ((pl.col("s0") + pl.col("fee0") - pl.col("c0")) / pl.col("q0")).alias("m0"),
    )
    q1 = float(j["q"].sum())
    u1r = float((sku1["s"] + sku1["fee"] - sku1["c"]).sum())
    # per-unit changes over the SKUs sold in both periods (q × (this period's per unit − the comparison's)), and
    # Σ q1 × m0: one select (one plan) for the four sums
    both = pl.col("q0").is_not_null()
    per_unit = lambda a, b: (pl.col("q") * (pl.col(a) / pl.col("q") - pl.col(b) / pl.col("q0"))).filter(both).sum()  # noqa: E731
    sums = j.select(
        (pl.col("q") * pl.coalesce("m0", "m1")).sum().alias("q1_m0"), per_unit("s", "s0").alias("price"),
        per_unit("fee", "fee0").alias("fees"), per_unit("c", "c0").alias("landed_cost"),
    ).row(0, named=True)  # fmt: skip
    value = lambda k: float(sums[k] or 0.0)  # noqa: E731
    steps = {
        "volume": (q1 - q0) * m_avg,
        "price": value("price"),
        "mix": value("q1_m0") - q1 * m_avg,
        "fees": value("fees"),
        "landed_cost": -value("landed_cost"),
        "ads": -(a1 - a0),
        "fx": (p1 - e1) - (p1r - e1r),
        "other": (p1r - u1r + a1) - (p0 - u0 + a0),
        "expenses": -(e1r - e0),
    }
    previous, current = p0 - e0, p1 - e1
    amounts = [steps[s] for s in STEPS]
    cents = balanced_cents(amounts, current - previous)
    return Bridge(
        measure=measure, start=f.start.isoformat(), end=f.end.isoformat(), compare_start=f0.start.isoformat(),
        compare_end=f0.end.isoformat(), previous=previous, current=current, change=current - previous,
        steps=[BridgeStep(step=s, amount=a, cents=c) for s, a, c in zip(STEPS, amounts, cents)], avg_rates=rates,
    )  # fmt: skip


def bridge_rows(bridge: Bridge, lang: str = "zh") -> list[dict]:
    """Returns the bridge as table rows (step label, amount in base currency): the comparison period's profit, each
    step, this period's profit; step amounts from the balanced cents, so the rows add up exactly."""
    i = 0 if lang == "zh" else 1
    rows = [{"step": LABELS["start"][i], "amount": round(bridge.previous, 2)}]
    rows += [{"step": LABELS[s.step][i], "amount": s.cents / 100} for s in bridge.steps]
    rows.append({"step": LABELS["end"][i], "amount": round(bridge.current, 2)})
    return rows


def meeting_bridge(con, f) -> list[dict]:
    """Returns the meeting's profit-bridge rows ({"step": step id, "amount"}) for f against its previous period:
    `start`, the STEPS, `end` ([] when there is nothing to compare)."""
    g = f.model_copy(update={"compare": "previous"})
    b = profit_bridge(con, g)
    if b is None:
        return []
    rows = [{"step": "start", "amount": round(b.previous, 2)}]
    rows += [{"step": s.step, "amount": s.cents / 100} for s in b.steps]
    return rows + [{"step": "end", "amount": round(b.current, 2)}]


def minutes_lines(payload: dict, lang: str) -> list[tuple[str, str]]:
    """Returns the profit bridge of a frozen finance payload as minutes lines (label, signed amount with currency)."""
    rows = (payload.get("tables") or {}).get("profit_bridge") or []
    i = 0 if lang == "zh" else 1
    name = "利润桥" if i == 0 else "Profit bridge"
    cur = payload.get("currency", "")
    out = []
    for r in rows:
        sign = "" if r["step"] in ("start", "end") else "+" if r["amount"] >= 0 else ""
        amount = f"{sign}{ratio(r['amount'], 2, lang)} {cur}"  # grouped per locale (metrics.core.locale_format)
        out.append((f"{name} · {LABELS.get(r['step'], (r['step'],) * 2)[i]}", amount))
    return out


def meeting_tables(con, f) -> dict[str, list[dict]]:
    """Returns the finance view's extra tables for f: `profit_bridge` (meeting_bridge rows, vs the previous period)
    and `cash` (one row per channel: channel, cash_received in base, days_to_cash)."""
    from metrics.accounts.cash import cash_section

    cash = cash_section(con, f.model_copy(update={"compare": None}))
    return {
        "profit_bridge": meeting_bridge(con, f),
        "cash": [{"channel": c.channel, "cash_received": c.cash_received, "days_to_cash": c.days_to_cash}
                 for c in cash.channels],
    }  # fmt: skip
