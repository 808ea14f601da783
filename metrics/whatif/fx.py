"""FX sensitivity: net profit in base currency per SKU under exchange-rate shocks (a model: everything else fixed).

Input facts are the SKU's profit components in the currency they are earned or paid in: `sku`, `currency`,
`amount` (signed as in the facts: sales +, fees/refunds/ad spend/landed cost −) and optionally `side`
(revenue | cost, for display). Rates are {currency: base units per 1 unit} in force; the base currency has rate 1
and is never shocked. A shock of +5 % on USD means 1 USD buys 5 % more base currency.

Net profit in base = Σ_currency amount · rate · (1 + shock). Because it is linear in each rate, a SKU's
break-even rate for one currency c (all other rates unchanged) is r* = −(profit − A_c·r_c) / A_c with A_c the
SKU's net amount in c; it exists only when r* > 0 (otherwise no rate of c turns the SKU's sign).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl


def exposures(facts: pl.DataFrame, rates: Mapping[str, float] | None, base: str) -> pl.DataFrame:
    """Returns one row per SKU × currency: amount (original currency), rate in force and base_amount.

    When `facts` already carries `base_amount` (each fact converted at its own date's rate, as in the marts), that
    is kept and `rate` is the SKU's effective rate base_amount / amount; `rates` may then be None. Otherwise
    currencies without a rate are left out (never converted at 1.0); `missing_rates` lists them.
    """
    if "base_amount" in facts.columns:
        return (
            facts.group_by("sku", "currency")
            .agg(amount=pl.col("amount").cast(pl.Float64).sum(), base_amount=pl.col("base_amount").sum())
            .with_columns(
                rate=pl.when(pl.col("currency") == base)
                .then(1.0)
                .when(pl.col("amount") != 0)
                .then(pl.col("base_amount") / pl.col("amount"))
            )
            .select("sku", "currency", "amount", "rate", "base_amount")
            .sort("sku", "currency")
        )
    r = dict(rates or {})
    r[base] = 1.0
    rate_df = pl.DataFrame({"currency": list(r), "rate": [float(v) for v in r.values()]})
    return (
        facts.group_by("sku", "currency")
        .agg(amount=pl.col("amount").cast(pl.Float64).sum())
        .join(rate_df, on="currency", how="inner")
        .with_columns(base_amount=pl.col("amount") * pl.col("rate"))
        .sort("sku", "currency")
    )


def currency_rates(exp: pl.DataFrame) -> dict[str, float]:
    """Returns the effective rate in force per currency (Σ base / Σ original over every SKU)."""
    g = exp.group_by("currency").agg(pl.col("base_amount").sum() / pl.col("amount").sum()).drop_nulls()
    return dict(g.iter_rows())


def missing_rates(facts: pl.DataFrame, rates: Mapping[str, float], base: str) -> list[str]:
    """Returns the currencies in the facts that have no rate in force (their amounts are excluded)."""
    known = set(rates) | {base}
    return sorted(c for c in facts["currency"].unique().to_list() if c not in known)


def _shock_expr(shocks: Mapping[str, float], base: str) -> pl.Expr:
    s = {c: float(v) for c, v in shocks.items() if c != base}
    return pl.col("currency").replace_strict(s, default=0.0, return_dtype=pl.Float64)


def scenario(exp: pl.DataFrame, shocks: Mapping[str, float], base: str) -> pl.DataFrame:
    """Returns per SKU the actual and scenario net profit in base currency, the change and `flips_to_loss`.

    `exp` comes from `exposures`; `shocks` maps currency → fractional change of its rate (−0.2 … +0.2).
    """
    return (
        exp.with_columns(shocked=pl.col("base_amount") * (1.0 + _shock_expr(shocks, base)))
        .group_by("sku")
        .agg(profit=pl.col("base_amount").sum(), scenario_profit=pl.col("shocked").sum())
        .with_columns(
            change=pl.col("scenario_profit") - pl.col("profit"),
            flips_to_loss=(pl.col("profit") >= 0) & (pl.col("scenario_profit") < 0),
        )
        .sort("sku")
    )


def totals(scn: pl.DataFrame) -> dict[str, float]:
    """Returns the total actual and scenario profit of a `scenario` frame and the number of SKUs flipping."""
    return {
        "profit": float(scn["profit"].sum()),
        "scenario_profit": float(scn["scenario_profit"].sum()),
        "change": float(scn["change"].sum()),
        "flips": int(scn["flips_to_loss"].sum()),
    }


def flip_list(scn: pl.DataFrame) -> pl.DataFrame:
    """Returns the SKUs profitable at the rates in force that make a loss under the scenario, worst first."""
    return scn.filter(pl.col("flips_to_loss")).sort("scenario_profit")


def breakeven_rates(exp: pl.DataFrame, base: str) -> pl.DataFrame:
    """Returns per SKU × foreign currency the break-even rate, and its change vs the rate in force (fraction).

    Rows where no positive rate turns the SKU's sign (r* ≤ 0) or the SKU has no net amount in the currency
    get null break-even values, and `breakeven_note` says which: "no_exposure" (no net amount in the currency: its
    rate moves nothing) or "no_crossing" (the profit keeps its sign at every positive rate of the currency); None
    where a break-even rate exists.
    """
    prof = exp.group_by("sku").agg(profit=pl.col("base_amount").sum())
    be = (pl.col("base_amount") - pl.col("profit")) / pl.col("amount")
    return (
        exp.filter(pl.col("currency") != base)
        .join(prof, on="sku")
        .with_columns(be=pl.when(pl.col("amount") != 0).then(be))
        .with_columns(breakeven_rate=pl.when(pl.col("be") > 0).then(pl.col("be")))
        .with_columns(
            breakeven_change=pl.col("breakeven_rate") / pl.col("rate") - 1.0,
            breakeven_note=pl.when(pl.col("amount").fill_null(0) == 0)
            .then(pl.lit("no_exposure"))
            .when(pl.col("breakeven_rate").is_null())
            .then(pl.lit("no_crossing")),
        )
        .select("sku", "currency", "amount", "rate", "profit", "breakeven_rate", "breakeven_change", "breakeven_note")
        .sort("sku", "currency")
    )


def tornado(exp: pl.DataFrame, base: str, pct: float = 0.05) -> pl.DataFrame:
    """Returns per foreign currency the total profit at −pct and +pct (others unchanged), the swing, and the
    profit at risk (the loss of the worse side, ≥ 0), sorted by swing descending."""
    total = float(exp["base_amount"].sum())
    return (
        exp.filter(pl.col("currency") != base)
        .group_by("currency")
        .agg(exposure=pl.col("base_amount").sum())
        .with_columns(
            profit=pl.lit(total),
            profit_low=total - pct * pl.col("exposure"),
            profit_high=total + pct * pl.col("exposure"),
        )
        .with_columns(
            swing=(pl.col("profit_high") - pl.col("profit_low")).abs(),
            profit_at_risk=(pct * pl.col("exposure")).abs(),
        )
        .sort("swing", "currency", descending=[True, False])
    )
