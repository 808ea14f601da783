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

Fit quality and refusals: a SKU's own curve is used only when it is supported — enough days (`min_days`), spend
that varied (max/min >= `min_range`, coefficient of variation >= FLAT_CV; flat spend shows no slope), log spend
explaining >= R2_MIN of log ad sales, and a slope inside [B_MIN, B_MAX]. Only such a curve gives a
profit-maximising spend. Otherwise `reason` names the failure (short | flat | poor_fit | clipped) and the SKU
borrows the pooled elasticity of the supported SKUs — the within-SKU slope of all of them together (fixed
effects: each SKU's logs centred on its own means), with its own scale a — for a forecast without a recommended
spend, or has no curve at all when no pooled slope explains >= R2_MIN either: then a budget change moves its
spend only, its ad sales are held flat (the convention: no sales response assumed) and the page lists it as not
modelled, while it still counts in the account's totals.

Assumptions of `predict` (shown on the page): organic sales do not move with the ad budget; an extra unit of sales
earns the SKU's contribution before ads per unit of sales (fees and landed cost scale with sales); ad orders and
ad units move in proportion to ad sales.

Size: the model and its reasoning (fit, optimal budget, predict, account totals, stock check) read as one argument;
the next seam is the stock check (`stockout_warnings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

import numpy as np
import polars as pl

from metrics.planning.stockout import (
    SAFETY_DAYS,
    StockMatrix,
    outlook_frame,
    prepare,
    stockout_index,
    with_stockout_risk,
)

B_MIN, B_MAX = 0.05, 0.95
R2_MIN = 0.3  # log spend must explain at least 30 % of the day-to-day variation of log ad sales
FLAT_CV = 0.1  # spend whose standard deviation is under 10 % of its mean barely varied

PARAM_COLUMNS = ["sku", "a", "b", "b_fit", "r2", "r2_log", "n_days", "n_spend_days", "spend_min", "spend_max"]
STATUSES = ("fitted", "pooled", "no_curve", "no_spend")
REASONS = ("short", "flat", "poor_fit", "clipped")


UNATTRIBUTED = "(unattributed)"  # the "SKU" of ad spend no SKU carries, in account_totals' unmodelled list


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


def fit_spend_response(
    daily: pl.DataFrame, *, min_days: int = 14, min_range: float = 1.5, n_days: int | None = None
) -> pl.DataFrame:
    """Returns one row per SKU: the curve used (a, b), the SKU's own slope `b_fit` and its fit quality (r2_log on
    logs; r2 of the curve used, in levels), n days, spend range, `status` and `reason`.

    `daily` has columns sku, date, spend, ad_sales (one row per SKU and day, money in one currency). A SKU's own
    curve is used (status `fitted`, the only one that supports a recommended spend) when it has >= `min_days`
    days with spend and sales, its spend varied (max/min >= `min_range` and coefficient of variation >=
    FLAT_CV), log spend explains >= R2_MIN of log sales, and the slope lies in [B_MIN, B_MAX]. Otherwise `reason`
    says why (short | flat | poor_fit | clipped) and the SKU borrows the pooled slope of the fitted SKUs
    (`pooled`, forecast only) when one exists and itself explains >= R2_MIN, else it has no curve (`no_curve`:
    a and b null). `no_spend`: no day with spend. Extra columns: `spend_day` / `ad_sales_day` (per calendar day:
    the sums over `n_days` days when given, else means over the rows), `is_pooled`, `b_clipped`, and the shared
    curve's fit: `r2_pool` (log R² of the pooled slope; null when there is none) over `n_pool` fitted SKUs.
    """
    d = daily.select("sku", "date", pl.col("spend").cast(pl.Float64), pl.col("ad_sales").cast(pl.Float64))
    per_day = (lambda c: pl.col(c).sum() / n_days) if n_days else (lambda c: pl.col(c).mean())
    on = pl.col("spend").filter(pl.col("spend") > 0)
    base = d.group_by("sku").agg(
        n_days=pl.len(),
        n_spend_days=(pl.col("spend") > 0).sum(),
        spend_min=on.min(),
        spend_max=pl.col("spend").max(),
        spend_cv=on.std() / on.mean(),
        spend_day=per_day("spend"),
        ad_sales_day=per_day("ad_sales"),
    )
    spend_days = d.filter(pl.col("spend") > 0)
    pos = spend_days.filter(pl.col("ad_sales") > 0).with_columns(lx=pl.col("spend").log(), ly=pl.col("ad_sales").log())
    own = _slope_frame(pos)
    fits = base.join(own.select("sku", "n", "b_raw", "r2_log", "sxx", "sxy", "syy"), on="sku", how="left")
    reason = (
        pl.when(pl.col("n").fill_null(0) < min_days)
        .then(pl.lit("short"))
        .when(
            (pl.col("spend_max") < min_range * pl.col("spend_min"))
            | (pl.col("spend_cv").fill_null(0) < FLAT_CV)
            | pl.col("b_raw").is_null()  # every spend day at the same spend: no slope exists
        )
        .then(pl.lit("flat"))
        .when(pl.col("r2_log").fill_null(0) < R2_MIN)
        .then(pl.lit("poor_fit"))
        .when((pl.col("b_raw") < B_MIN) | (pl.col("b_raw") > B_MAX))
        .then(pl.lit("clipped"))
    )
    fits = fits.with_columns(reason=pl.when(pl.col("n_spend_days") > 0).then(reason))
    fits = fits.with_columns(supported=(pl.col("n_spend_days") > 0) & pl.col("reason").is_null())
    # Pooled (fixed-effects) slope over the fitted SKUs: within-SKU sums of squares and cross-products.
    ok = fits.filter(pl.col("supported"))
    sxx, sxy, syy = ok["sxx"].sum(), ok["sxy"].sum(), ok["syy"].sum()
    pooled_ok = bool(sxx and syy and sxx > 0 and sxy**2 / (sxx * syy) >= R2_MIN)
    b_pool = min(max(sxy / sxx, B_MIN), B_MAX) if pooled_ok else None
    r2_pool = sxy**2 / (sxx * syy) if pooled_ok else None  # the shared slope's own fit quality (log R²)
    fits = fits.with_columns(
        b=pl.when(pl.col("supported"))
        .then(pl.col("b_raw"))
        .when(pl.col("n_spend_days") > 0)
        .then(pl.lit(b_pool, dtype=pl.Float64)),
        b_fit=pl.col("b_raw"),
        is_pooled=~pl.col("supported") & (pl.col("n_spend_days") > 0) & pl.lit(b_pool is not None),
        b_clipped=pl.col("reason") == "clipped",
        r2_pool=pl.lit(r2_pool, dtype=pl.Float64),
        n_pool=pl.lit(ok.height, dtype=pl.Int64),
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
        status=pl.when(pl.col("n_spend_days") == 0)
        .then(pl.lit("no_spend"))
        .when(pl.col("supported"))
        .then(pl.lit("fitted"))
        .when(pl.col("is_pooled"))
        .then(pl.lit("pooled"))
        .otherwise(pl.lit("no_curve")),
    )
    cols = [*PARAM_COLUMNS, "spend_day", "ad_sales_day", "is_pooled", "b_clipped", "r2_pool", "n_pool", "status",
            "reason"]  # fmt: skip
    return out.select(cols).sort("sku")


def optimal_budget(params: Mapping, margin: float) -> float:
    """Returns the profit-maximising daily spend s* = (m·a·b)^(1/(1−b)); 0 when the SKU earns nothing per sale.

    `params` holds the curve's `a` and `b`; `margin` is the contribution before ads per unit of sales (m).
    """
    a, b = params["a"], params["b"]
    if a is None or b is None or margin is None or margin <= 0 or a <= 0:
        return 0.0
    return (margin * a * b) ** (1.0 / (1.0 - b))


def extrapolation(optimal_day: float | None, spend_min: float | None, spend_max: float | None) -> str | None:
    """Returns "below" / "above" when a recommended spend per day lies outside the daily spend range the curve was
    fitted on (an extrapolation of the curve, to be flagged), else None (inside, or nothing to compare)."""
    if optimal_day is None or spend_min is None or spend_max is None:
        return None
    return "below" if optimal_day < spend_min else "above" if optimal_day > spend_max else None


def attach_economics(params: pl.DataFrame, econ: pl.DataFrame) -> pl.DataFrame:
    """Returns params joined with the SKU's daily economics and the derived margin, price and order size.

    `econ` columns: sku, gross_sales, units, orders, contribution_before_ads (per day, all sales incl. organic),
    ad_orders, ad_units (per day), and optionally net_profit (per day, the SKU Profit page's: every ad cost the
    SKU carries, SKU-less spend allocated; without it net profit = contribution before ads − the fitted spend). margin = contribution before ads per unit of sales (the break-even ACoS).
    """
    e = econ.with_columns(
        margin=pl.when(pl.col("gross_sales") > 0).then(pl.col("contribution_before_ads") / pl.col("gross_sales")),
        price=pl.when(pl.col("units") > 0).then(pl.col("gross_sales") / pl.col("units")),
    )
    return params.join(e, on="sku", how="left")


def anchor_on_reported(params: pl.DataFrame, reported: pl.DataFrame, days: int) -> pl.DataFrame:
    """Returns params with each SKU's `spend_day` / `ad_sales_day` set to the period's reported figures per day.

    `reported` has columns sku, ad_spend, ad_sales (base currency, sums over the period of `days` days): the Ads
    and SKU Profit pages' figures (`metrics.sales.ads.sku_ads_frame`, registry metrics `ad_spend` / `ad_sales`
    on marts.sku_days, SKU-less spend and attributed sales allocated to SKUs by the allocation rule). The curve is
    fitted on the SKU's own daily ad rows; anchoring its baseline on the reported figures makes the what-if's
    current spend, ad sales and ACoS the same numbers the other pages show for the same period (data dictionary:
    ACoS = ad_spend / ad_sales). SKUs `reported` does not name keep their fitted daily means.
    """
    r = reported.select(
        "sku",
        rep_spend=pl.col("ad_spend").cast(pl.Float64) / days,
        rep_sales=pl.col("ad_sales").cast(pl.Float64) / days,
    )
    return (
        params.join(r, on="sku", how="left")
        .with_columns(
            spend_day=pl.coalesce("rep_spend", "spend_day"),
            ad_sales_day=pl.coalesce("rep_sales", "ad_sales_day"),
        )
        .drop("rep_spend", "rep_sales")
    )


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
    sku → fraction (SKUs not named get `default_change`). Spend always follows the change (−100 % spends 0).
    Scaling every day's spend by (1+x) scales every day's expected ad sales by (1+x)^b, so the prediction is
    anchored on the ad sales actually seen. A SKU without a curve (status no_curve) is held flat: its spend follows
    the change, its ad sales, orders and units stay as seen, its profit moves by −Δspend only (the model does not
    know its sales response, so it assumes none; `account_totals` lists it as not modelled). `optimal_spend`
    is given only for a SKU's own supported curve (status fitted), never for a borrowed or missing one.
    """
    if isinstance(budget_change, Mapping):
        change = pl.col("sku").replace_strict(dict(budget_change), default=default_change, return_dtype=pl.Float64)
    else:
        change = pl.lit(float(budget_change))
    p = params.with_columns(x=change.clip(-1.0, None), n=pl.lit(float(days)))
    g = pl.col("x") + 1.0
    # no curve: the sales response is held flat (spend moves, ad sales stay as seen) — a stated convention
    ratio = pl.when(pl.col("b").is_not_null()).then(g ** pl.col("b")).otherwise(1.0)
    p = p.with_columns(
        spend=pl.col("spend_day") * pl.col("n"),
        ad_sales=pl.col("ad_sales_day") * pl.col("n"),
        new_spend=pl.col("spend_day") * g * pl.col("n"),
        new_ad_sales=pl.col("ad_sales_day") * ratio * pl.col("n"),
        ratio=ratio,
    ).with_columns(delta_sales=pl.col("new_ad_sales") - pl.col("ad_sales"))
    # today's net profit: the SKU Profit page's when given (allocated SKU-less ad spend included), else
    # contribution before ads − the fitted spend; the budget change moves it by the change in spend and margin
    fallback = pl.col("contribution_before_ads") * pl.col("n") - pl.col("spend")
    now_profit = (pl.col("net_profit") * pl.col("n")).fill_null(fallback) if "net_profit" in p.columns else fallback
    p = p.with_columns(
        new_ad_orders=pl.col("ad_orders") * pl.col("ratio") * pl.col("n"),
        new_ad_units=pl.col("ad_units") * pl.col("ratio") * pl.col("n"),
        gross=pl.col("gross_sales") * pl.col("n"),
        new_gross=pl.col("gross_sales") * pl.col("n") + pl.col("delta_sales"),
        new_units=pl.col("units") * pl.col("n") + pl.col("ad_units") * (pl.col("ratio") - 1) * pl.col("n"),
        net_profit=now_profit,
        new_net_profit=now_profit + pl.col("margin") * pl.col("delta_sales") - (pl.col("new_spend") - pl.col("spend")),
    )
    opt = (pl.col("margin") * pl.col("a") * pl.col("b")) ** (1 / (1 - pl.col("b")))
    can_recommend = (pl.col("status") == "fitted") & (pl.col("margin") > 0) & (pl.col("a") > 0)
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
        optimal_spend=pl.when(can_recommend).then(opt * pl.col("n")),
        extra_units_day=pl.col("ad_units") * (pl.col("ratio") - 1),
        units_day="units",
    )


def _ratio(num: str, den: str) -> pl.Expr:
    return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den))


def _div(a, b):
    return None if a is None or b is None or not b else a / b


def account_totals(
    pred: pl.DataFrame, baseline: Mapping | None = None, account_change: float = 0.0
) -> dict[str, float | list | None]:
    """Returns the account's figures now and at the new budget: spend, ad_sales, gross, net_profit, acos, tacos
    and their `new_` values (ratios of sums; None for a zero denominator), plus `unmodelled` (SKUs whose budget
    changed without a curve, and "(unattributed)" for ad spend no SKU carries: they still count in every total,
    held flat — their spend follows the change, their ad sales stay as seen, profit moves by −Δspend).

    `baseline`: the dashboard's figures for the same filter (`metrics.core.api.kpis`: ad_spend, ad_sales, gross_sales,
    net_profit). With it, "now" is exactly those figures and "new" = now + the model's per-SKU changes, so the
    what-if and the Overview agree on the same period; ad spend no SKU carries (baseline ad_spend − Σ SKU spend)
    follows `account_change`, held flat (its ad sales stay, profit moves by −Δspend). Without it, "now" is the sum
    over the SKUs of `pred`.
    """
    sums = {c: float(pred[c].fill_null(0).sum()) for c in ("spend", "ad_sales", "gross", "net_profit")}
    d = pred.select(
        spend=(pl.col("new_spend") - pl.col("spend")).sum(),
        sales=(pl.col("new_ad_sales") - pl.col("ad_sales")).fill_null(0).sum(),
        profit=(pl.col("new_net_profit") - pl.col("net_profit")).fill_null(0).sum(),
    ).row(0, named=True)
    unmodelled = pred.filter(pl.col("b").is_null() & (pl.col("x") != 0))["sku"].to_list()
    now = sums
    if baseline is not None:
        now = {k: float(baseline.get(m) or 0.0) for k, m in
               (("spend", "ad_spend"), ("ad_sales", "ad_sales"), ("gross", "gross_sales"), ("net_profit", "net_profit"))}  # fmt: skip
        rest = now["spend"] - sums["spend"]
        if abs(rest) > 0.005 and account_change:
            moved = rest * max(account_change, -1.0)
            d["spend"] += moved
            d["profit"] -= moved  # held flat: no sales response, the spend saved or added is profit
            unmodelled.append(UNATTRIBUTED)
    out: dict = {**now, "new_spend": now["spend"] + d["spend"], "unmodelled": unmodelled}
    out |= {"new_ad_sales": now["ad_sales"] + d["sales"], "new_gross": now["gross"] + d["sales"],
            "new_net_profit": now["net_profit"] + d["profit"]}  # fmt: skip
    out["acos"], out["tacos"] = _div(now["spend"], now["ad_sales"]), _div(now["spend"], now["gross"])
    out["new_acos"] = _div(out["new_spend"], out["new_ad_sales"])
    out["new_tacos"] = _div(out["new_spend"], out["new_gross"])
    return out


def stockout_warnings(
    pred: pl.DataFrame,
    stock: pl.DataFrame,
    forecasts: pl.DataFrame | None,
    today: date,
    matrix: StockMatrix | None = None,
    order_day: date | None = None,
) -> pl.DataFrame:
    """Returns the advertised SKUs that, at the new budget, are out of stock or run out before a reorder placed
    now could arrive (stock-out date < order day + lead time): sku, stockout_date (new budget), base_date (today's
    budget: the date Reorder planning shows), available, lead_days, sorted by stockout_date. `today` is the stock's
    first projected day (the day after the data), `order_day` the day an order placed now is placed
    (`metrics.core.clock.order_day`; default `today`, never before it).

    Both dates come from `metrics.planning.stockout` on the reorder plan's forecast (`forecasts`: sku, units list from
    today) plus the extra units per day the new budget sells (`extra_units_day`; none when unmodelled).
    `stock`: sku, available, inbound, out_since, lead_days. `matrix`: `metrics.planning.stockout.prepare` of the advertised
    SKUs' stock and forecasts, when already computed (it does not depend on the budget; a slider move then costs
    one matrix addition).
    """
    m = matrix or prepare(stock.filter(pl.col("sku").is_in(pred["sku"].implode())), forecasts)
    extra_of = dict(zip(pred["sku"].to_list(), pred["extra_units_day"].fill_null(0.0).to_list()))
    lead = dict(zip(stock["sku"].to_list(), stock["lead_days"].to_list()))
    now = max(order_day or today, today)
    wait = (now - today).days  # days from the stock's day to the order's
    # only a stock-out before arrival counts
    horizon = max((v for v in lead.values() if v is not None), default=0) + wait
    new = stockout_index(m, np.array([float(extra_of.get(s, 0.0)) for s in m.skus]), horizon)
    base = stockout_index(m, None, horizon)
    stock_units = m.available + m.inbound
    rows = []
    for i, sku in enumerate(m.skus):
        lt = lead.get(sku)
        if lt is None or sku not in extra_of:
            continue
        if m.available[i] <= 0:
            d = d0 = m.out_since[i] or today
        else:
            k0 = base[i]
            if k0 < 0 and new[i] >= 0:  # at today's budget it runs out later: look over the whole horizon
                later = np.nonzero(stock_units[i] - m.cum[i] < 0)[0]
                k0 = int(later[0]) if later.size else -1
            d, d0 = (None if k < 0 else today + timedelta(days=int(k)) for k in (new[i], k0))
        if d is not None and d < now + timedelta(days=int(lt)):
            rows.append((sku, d, d0, int(m.available[i]), int(lt)))
    schema = {"sku": pl.String, "stockout_date": pl.Date, "base_date": pl.Date, "available": pl.Int64,
              "lead_days": pl.Int64}  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row").sort("stockout_date", "sku")


def stock_risks_now(stock: pl.DataFrame, today: date, matrix: StockMatrix) -> pl.DataFrame:
    """Returns Inventory's stock-out risk (`metrics.planning.stockout.with_stockout_risk`: it sells and is out of stock
    or its days of cover < lead time + SAFETY_DAYS) of each advertised SKU of `matrix` at the current sales rate, no
    budget extra: sku (str), risk_now (bool), one row per SKU of `matrix`, sorted by SKU. It does not depend on the
    budget, so the page computes it once per data state with `matrix` and hands it to every `budget_stock_risks`.

    `stock`: sku, lead_days (days, Int64; null: the safety days alone, as on Inventory), one row per SKU;
    `matrix`: `prepare` of the advertised SKUs' stock and the reorder plan's forecast; `today`: the day after the
    data."""
    return _risk(stock, today, matrix, None).rename({"stockout_risk": "risk_now"})


def _risk(stock: pl.DataFrame, today: date, matrix: StockMatrix, extra: np.ndarray | None) -> pl.DataFrame:
    """sku, stockout_risk of the SKUs of `matrix` with `extra` units per day (one per SKU of `matrix`), sorted.

    The rule only asks whether days of cover < lead time + SAFETY_DAYS, so stock-outs are looked for over the
    longest such limit only (a later one is no risk either way; the SKUs already out do not depend on it)."""
    lead = stock.select("sku", pl.col("lead_days").alias("lead_time_days"))
    horizon = max(int(stock["lead_days"].fill_null(0).max() or 0), 0) + SAFETY_DAYS  # ≥ every SKU's limit
    frame = outlook_frame(matrix, today, extra, horizon).rename({"demand_per_day": "daily_units"})
    return with_stockout_risk(frame.join(lead, on="sku", how="left")).select("sku", "stockout_risk")


def budget_stock_risks(
    pred: pl.DataFrame, stock: pl.DataFrame, today: date, matrix: StockMatrix, now: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Returns Inventory's stock-out risk (`metrics.planning.stockout.with_stockout_risk`: it sells and is out of stock
    or its days of cover < lead time + SAFETY_DAYS) of each advertised SKU of `matrix` at the current sales rate
    (`risk_now`, Inventory's own list) and with the extra units per day the new budget sells (`risk_new`; fewer units
    at a cut): sku (str), risk_now (bool), risk_new (bool), one row per SKU of `matrix`, sorted by SKU. The same rule
    on both sides, so a marketer can set the what-if's list beside Inventory's: which of its SKUs the budget puts at
    risk or takes off.

    `pred`: predict's frame (sku, extra_units_day: units a day; null or absent: none); `stock`: sku, lead_days (days;
    null: the safety days alone, as on Inventory), one row per SKU; `matrix`: `prepare` of the advertised SKUs' stock
    and the reorder plan's forecast; `now`: `stock_risks_now(stock, today, matrix)` when already computed (it does
    not depend on the budget; computed here otherwise).

    Only the SKUs whose extra is not exactly 0 are re-evaluated: with extra 0.0 `outlook_frame` adds nothing (demand
    = demand_30 + 0.0, cumulative forecast + 0.0·k), so such a SKU's row, and its risk, is its `risk_now`."""
    if now is None:
        now = stock_risks_now(stock, today, matrix)
    extra_of = dict(zip(pred["sku"].to_list(), pred["extra_units_day"].fill_null(0.0).to_list()))
    extra = np.array([float(extra_of.get(s, 0.0)) for s in matrix.skus])
    moved = np.flatnonzero(extra != 0.0)  # NaN != 0: re-evaluated too
    if not moved.size:
        return now.with_columns(risk_new=pl.col("risk_now"))
    sub = matrix if moved.size == len(matrix.skus) else matrix.take(moved)
    new = _risk(stock, today, sub, extra[moved]).rename({"stockout_risk": "risk_new"})
    out = now.join(new, on="sku", how="left", maintain_order="left")
    return out.with_columns(risk_new=pl.coalesce("risk_new", "risk_now"))
