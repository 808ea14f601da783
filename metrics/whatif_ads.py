"""Ad-budget what-if: a spend → ad-sales response curve per SKU with diminishing returns.

Model (a model, not a forecast of the market): on each day, expected ad sales = a · spend^b with 0 < b < 1.

Why a power curve rather than a Hill/saturation curve:
- b is the elasticity of ad sales to spend (+10 % spend → about +b·10 % ad sales), a number a marketer can read;
- it is fitted by an ordinary least-squares line on log(sales) vs log(spend), closed form, so 2,000 SKUs fit in
  milliseconds and the fit never fails to converge;
- a Hill curve needs its ceiling, which daily history identifies only when spend was pushed far beyond the usual
  range; sellers rarely do that, so the ceiling would be a guess;
- it gives the profit-maximising spend in closed form: daily profit = m·a·s^b − s, so d/ds = m·a·b·s^(b−1) − 1 = 0
  and s* = (m·a·b)^(1/(1−b)) (a maximum because the second derivative m·a·b·(b−1)·s^(b−2) < 0 for 0 < b < 1).

Fitting: b is the slope of log(ad sales) on log(spend) over days with spend > 0 and ad sales > 0. Zero-spend days
carry no information on the curve (the model already says 0 spend → 0 ad sales) and are left out. The scale a is
then set so that the curve reproduces the ad sales actually seen on all spend days, zero-sales days included:
a = Σ sales / Σ spend^b. This ratio estimator removes the bias of exponentiating a log-fit intercept. Slopes
outside [B_MIN, B_MAX] are clipped (b ≥ 1 would mean no diminishing returns and an unbounded optimum) and flagged.

Pooled fallback: a SKU with fewer than `min_days` spend days, or whose spend range is too narrow to show a slope
(max/min < `min_range`), gets the pooled elasticity — the within-SKU slope of all SKUs together (fixed effects:
each SKU's logs are centred on its own means) — with its own scale a by the same ratio estimator; `is_pooled`
says so. A SKU with no spend day at all has no curve (a and b are null).

Assumptions of `predict` (shown on the page): organic sales do not move with the ad budget; an extra unit of sales
earns the SKU's contribution before ads per unit of sales (fees and landed cost scale with sales); ad orders and
ad units move in proportion to ad sales.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta

import polars as pl

B_MIN, B_MAX = 0.05, 0.95

PARAM_COLUMNS = ["sku", "a", "b", "r2", "r2_log", "n_days", "n_spend_days", "spend_min", "spend_max"]


def _slope_frame(pos: pl.DataFrame) -> pl.DataFrame:
    """Returns per SKU the OLS slope, intercept and log-R² of log sales on log spend (positive days only)."""
    g = pos.group_by("sku").agg(
        n=pl.len(),
        mx=pl.col("lx").mean(),
        my=pl.col("ly").mean(),
        sxx=((pl.col("lx") - pl.col("lx").mean()) ** 2).sum(),
        sxy=((pl.col("lx") - pl.col("lx").mean()) * (pl.col("ly") - pl.col("ly").mean())).sum(),
        syy=((pl.col("ly") - pl.col("ly").mean()) ** 2).sum(),
    )
    return g.with_columns(
        b_raw=pl.when(pl.col("sxx") > 0).then(pl.col("sxy") / pl.col("sxx")),
        r2_log=pl.when((pl.col("sxx") > 0) & (pl.col("syy") > 0)).then(
            pl.col("sxy") ** 2 / (pl.col("sxx") * pl.col("syy"))
        ),
    )


def fit_spend_response(daily: pl.DataFrame, *, min_days: int = 14, min_range: float = 1.5) -> pl.DataFrame:
    """Returns one row per SKU: fitted a, b, fit quality (r2 in levels, r2_log), n days, spend range, is_pooled.

    `daily` has columns sku, date, spend, ad_sales (one row per SKU and day, money in one currency). Extra
    columns returned: `spend_day` / `ad_sales_day` (means per calendar day of the history, zero-spend days
    included: the baseline the budget change applies to), `b_clipped` and `status` (fitted | pooled | no_spend | insufficient: no SKU has enough days for a slope).
    """
    d = daily.select("sku", "date", pl.col("spend").cast(pl.Float64), pl.col("ad_sales").cast(pl.Float64))
    base = d.group_by("sku").agg(
        n_days=pl.len(),
        n_spend_days=(pl.col("spend") > 0).sum(),
        spend_min=pl.col("spend").filter(pl.col("spend") > 0).min(),
        spend_max=pl.col("spend").max(),
        spend_day=pl.col("spend").mean(),
        ad_sales_day=pl.col("ad_sales").mean(),
    )
    spend_days = d.filter(pl.col("spend") > 0)
    pos = spend_days.filter(pl.col("ad_sales") > 0).with_columns(lx=pl.col("spend").log(), ly=pl.col("ad_sales").log())
    own = _slope_frame(pos)
    ok = own.filter(pl.col("b_raw").is_not_null())
    # Pooled (fixed-effects) slope: sums of within-SKU squares and cross-products over every SKU with a slope.
    sxx, sxy = ok["sxx"].sum(), ok["sxy"].sum()
    b_pool = min(max(sxy / sxx, B_MIN), B_MAX) if sxx and sxx > 0 else None

    fits = base.join(own.select("sku", "n", "b_raw", "r2_log"), on="sku", how="left").with_columns(
        own_ok=(pl.col("n").fill_null(0) >= min_days)
        & (pl.col("spend_max") >= min_range * pl.col("spend_min"))
        & pl.col("b_raw").is_not_null()
    )
    fits = fits.with_columns(
        b=pl.when(pl.col("own_ok"))
        .then(pl.col("b_raw").clip(B_MIN, B_MAX))
        .when(pl.col("n_spend_days") > 0)
        .then(pl.lit(b_pool, dtype=pl.Float64)),
        is_pooled=~pl.col("own_ok") & (pl.col("n_spend_days") > 0) & pl.lit(b_pool is not None),
        b_clipped=pl.col("own_ok") & ((pl.col("b_raw") < B_MIN) | (pl.col("b_raw") > B_MAX)),
    )
    # Ratio estimator for a on all spend days (zero-sales days included), then R² of the curve in levels.
    sd = (
        spend_days.join(fits.select("sku", "b"), on="sku")
        .filter(pl.col("b").is_not_null())
        .with_columns(sb=pl.col("spend") ** pl.col("b"))
    )
    sd = sd.with_columns(a=(pl.col("ad_sales").sum() / pl.col("sb").sum()).over("sku"))
    scale = (
        sd.group_by("sku")
        .agg(
            a=pl.col("a").first(),
            sse=((pl.col("ad_sales") - pl.col("a") * pl.col("sb")) ** 2).sum(),
            sst=((pl.col("ad_sales") - pl.col("ad_sales").mean()) ** 2).sum(),
        )
        .with_columns(r2=pl.when(pl.col("sst") > 0).then(1 - pl.col("sse") / pl.col("sst")))
    )
    out = fits.join(scale.select("sku", "a", "r2"), on="sku", how="left").with_columns(
        r2_log=pl.when(pl.col("is_pooled")).then(None).otherwise(pl.col("r2_log")),
        status=pl.when(pl.col("n_spend_days") == 0)
        .then(pl.lit("no_spend"))
        .when(pl.col("b").is_null())
        .then(pl.lit("insufficient"))
        .when(pl.col("is_pooled"))
        .then(pl.lit("pooled"))
        .otherwise(pl.lit("fitted")),
    )
    return out.select(*PARAM_COLUMNS, "spend_day", "ad_sales_day", "is_pooled", "b_clipped", "status").sort("sku")


def optimal_budget(params: Mapping, margin: float) -> float:
    """Returns the profit-maximising daily spend s* = (m·a·b)^(1/(1−b)); 0 when the SKU earns nothing per sale.

    `params` holds the curve's `a` and `b`; `margin` is the contribution before ads per unit of sales (m).
    """
    a, b = params["a"], params["b"]
    if a is None or b is None or margin is None or margin <= 0 or a <= 0:
        return 0.0
    return (margin * a * b) ** (1.0 / (1.0 - b))


def attach_economics(params: pl.DataFrame, econ: pl.DataFrame) -> pl.DataFrame:
    """Returns params joined with the SKU's daily economics and the derived margin, price and order size.

    `econ` columns: sku, gross_sales, units, orders, contribution_before_ads (per day, all sales incl. organic),
    ad_orders, ad_units (per day). margin = contribution before ads per unit of sales (the break-even ACoS).
    """
    e = econ.with_columns(
        margin=pl.when(pl.col("gross_sales") > 0).then(pl.col("contribution_before_ads") / pl.col("gross_sales")),
        price=pl.when(pl.col("units") > 0).then(pl.col("gross_sales") / pl.col("units")),
    )
    return params.join(e, on="sku", how="left")


def predict(
    params: pl.DataFrame,
    budget_change: float | Mapping[str, float] = 0.0,
    *,
    days: int = 30,
    default_change: float = 0.0,
) -> pl.DataFrame:
    """Returns per SKU the baseline and predicted spend, ad sales, ad orders, ad units, units, ACoS, TACoS and net
    profit over `days`, with marginal and break-even ACoS and the profit-maximising spend.

    `params` comes from `attach_economics`. `budget_change` is a fraction (−1 … +2) for every SKU, or a mapping
    sku → fraction (SKUs not named get `default_change`). Scaling every day's spend by (1+x) scales every day's
    expected ad sales by (1+x)^b, so the prediction is anchored on the ad sales actually seen.
    """
    if isinstance(budget_change, Mapping):
        change = pl.col("sku").replace_strict(dict(budget_change), default=default_change, return_dtype=pl.Float64)
    else:
        change = pl.lit(float(budget_change))
    # a SKU without a curve (no spend, or too little history even for the pooled slope) keeps its budget
    x = pl.when(pl.col("b").is_null()).then(0.0).otherwise(change.clip(-1.0, None))
    p = params.with_columns(x=x, n=pl.lit(float(days)))
    g = pl.col("x") + 1.0
    ratio = g ** pl.col("b").fill_null(1.0)
    p = p.with_columns(
        spend=pl.col("spend_day") * pl.col("n"),
        ad_sales=pl.col("ad_sales_day") * pl.col("n"),
        new_spend=pl.col("spend_day") * g * pl.col("n"),
        new_ad_sales=pl.col("ad_sales_day") * ratio * pl.col("n"),
        ratio=ratio,
    ).with_columns(delta_sales=pl.col("new_ad_sales") - pl.col("ad_sales"))
    p = p.with_columns(
        new_ad_orders=pl.col("ad_orders") * pl.col("ratio") * pl.col("n"),
        new_ad_units=pl.col("ad_units") * pl.col("ratio") * pl.col("n"),
        gross=pl.col("gross_sales") * pl.col("n"),
        new_gross=pl.col("gross_sales") * pl.col("n") + pl.col("delta_sales"),
        new_units=pl.col("units") * pl.col("n") + pl.col("ad_units") * (pl.col("ratio") - 1) * pl.col("n"),
        net_profit=pl.col("contribution_before_ads") * pl.col("n") - pl.col("spend"),
        new_net_profit=(pl.col("contribution_before_ads") * pl.col("n") + pl.col("margin") * pl.col("delta_sales"))
        - pl.col("new_spend"),
    )
    opt = (pl.col("margin") * pl.col("a") * pl.col("b")) ** (1 / (1 - pl.col("b")))
    return p.select(
        "sku",
        "x",
        "status",
        "b",
        "spend",
        "new_spend",
        "ad_sales",
        "new_ad_sales",
        "new_ad_orders",
        "new_ad_units",
        "new_units",
        "gross",
        "new_gross",
        acos=_ratio("spend", "ad_sales"),
        new_acos=_ratio("new_spend", "new_ad_sales"),
        tacos=_ratio("spend", "gross"),
        new_tacos=_ratio("new_spend", "new_gross"),
        net_profit="net_profit",
        new_net_profit="new_net_profit",
        # d spend / d ad sales at the new spend = s / (b · sales(s)) = ACoS / b
        marginal_acos=pl.when(pl.col("new_ad_sales") > 0).then(
            pl.col("new_spend") / (pl.col("b") * pl.col("new_ad_sales"))
        ),
        breakeven_acos="margin",
        optimal_spend=pl.when((pl.col("margin") > 0) & (pl.col("a") > 0)).then(opt * pl.col("n")).otherwise(0.0),
        extra_units_day=pl.col("ad_units") * (pl.col("ratio") - 1),
        units_day="units",
    )


def _ratio(num: str, den: str) -> pl.Expr:
    return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den))


def account_totals(pred: pl.DataFrame) -> dict[str, float | None]:
    """Returns the account totals of a `predict` frame (ratios of sums; None for a zero denominator)."""
    cols = ("spend", "new_spend", "ad_sales", "new_ad_sales", "gross", "new_gross", "new_ad_units", "new_units")
    s = {c: float(pred[c].fill_null(0).sum()) for c in cols}
    s["net_profit"] = float(pred["net_profit"].fill_null(0).sum())
    s["new_net_profit"] = float(pred["new_net_profit"].fill_null(0).sum())
    s["acos"] = s["spend"] / s["ad_sales"] if s["ad_sales"] else None
    s["new_acos"] = s["new_spend"] / s["new_ad_sales"] if s["new_ad_sales"] else None
    s["tacos"] = s["spend"] / s["gross"] if s["gross"] else None
    s["new_tacos"] = s["new_spend"] / s["new_gross"] if s["new_gross"] else None
    return s


def stockout_check(
    extra_units_per_day: float, available_units: float, daily_units: float, lead_time_days: int, today: date
) -> date | None:
    """Returns the stock-out date when the stock runs out before a reorder placed today could arrive, else None.

    Days of cover at the new rate = available / (daily units + extra units); the stock runs out on
    today + floor(cover). A date at or after today + lead time is left to reorder planning (None).
    """
    rate = daily_units + extra_units_per_day
    if rate <= 0:
        return None
    cover = max(available_units, 0) / rate
    if cover >= lead_time_days:
        return None
    return today + timedelta(days=math.floor(cover))


def stockout_dates(pred: pl.DataFrame, stock: pl.DataFrame, today: date) -> pl.DataFrame:
    """Returns the SKUs whose extra units run them out before a reorder could arrive: sku, stockout_date, lead_days.

    Vectorised `stockout_check` over a `predict` frame joined to `stock` (sku, available, inbound, lead_days).
    """
    rate = pl.col("units_day").fill_null(0.0) + pl.col("extra_units_day")
    cover = (pl.col("available") + pl.col("inbound").fill_null(0)).clip(0, None) / rate
    return (
        pred.filter(pl.col("extra_units_day") > 0)
        .join(stock, on="sku")
        .filter((rate > 0) & pl.col("lead_days").is_not_null() & (cover < pl.col("lead_days")))
        .select("sku", "lead_days", stockout_date=pl.lit(today) + pl.duration(days=cover.floor().cast(pl.Int64)))
        .sort("stockout_date")
    )
