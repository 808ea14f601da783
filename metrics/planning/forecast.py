"""Returns the demand forecast per SKU and day: last year's in-stock units around the day × the recent trend, or the
recent velocity when there is no last year (in-stock days only). Reorder planning, the stock-out outlook, the
what-ifs and the inventory view all forecast through it.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl


def velocity(history: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Returns per SKU the mean and standard deviation of daily units on in-stock days in [start, end)."""
    return (
        history.filter(pl.col("date").is_between(start, end, closed="left") & pl.col("in_stock"))
        .group_by("sku")
        .agg(d=pl.col("units").cast(pl.Float64).mean(), sigma_d=pl.col("units").cast(pl.Float64).std(), n=pl.len())
    )


def forecast(history: pl.DataFrame, today: date, horizon: int, *, window: int = 28) -> pl.DataFrame:
    """Returns per SKU and future day (today … today + horizon − 1) the forecast units and the method used.

    `history` has one row per SKU and day: sku, date, units, in_stock (False on stock-out days).
    """
    recent = velocity(history, today - timedelta(days=window), today)
    ly = velocity(history, today - timedelta(days=364 + window), today - timedelta(days=364))
    trend = recent.join(ly.select("sku", ly_d="d"), on="sku", how="left").with_columns(
        trend=pl.when(pl.col("ly_d") > 0).then(pl.col("d") / pl.col("ly_d"))
    )
    # Last year's in-stock units around each day: 7-day centred mean over in-stock days only, on a dense daily
    # grid per SKU (missing days count as neither sales nor in-stock days).
    h = history.with_columns(
        u_in=pl.when(pl.col("in_stock")).then(pl.col("units").cast(pl.Float64)).otherwise(0.0),
        n_in=pl.col("in_stock").cast(pl.Float64),
    ).select("sku", "date", "u_in", "n_in")
    span = h.group_by("sku").agg(lo=pl.col("date").min(), hi=pl.col("date").max(), n=pl.len())
    dense = span.select(((pl.col("hi") - pl.col("lo")).dt.total_days() + 1 == pl.col("n")).all()).item()
    if not dense:  # the join is the costly step, so it only runs when days are missing
        grid = span.select("sku", date=pl.date_ranges("lo", "hi")).explode("date")
        h = grid.join(h, on=["sku", "date"], how="left").with_columns(pl.col("u_in", "n_in").fill_null(0.0))
    h = (
        h.sort("sku", "date")
        .with_columns(
            s_u=pl.col("u_in").rolling_sum(7, center=True, min_samples=1).over("sku"),
            s_n=pl.col("n_in").rolling_sum(7, center=True, min_samples=1).over("sku"),
        )
        .select("sku", ly_date="date", ly_mean=pl.when(pl.col("s_n") > 0).then(pl.col("s_u") / pl.col("s_n")))
        .filter(pl.col("ly_date").is_between(today - timedelta(days=364), today + timedelta(days=horizon - 364)))
    )
    days = pl.DataFrame({"date": [today + timedelta(days=i) for i in range(horizon)]})
    grid = trend.select("sku").join(days, how="cross").with_columns(ly_date=pl.col("date") - pl.duration(days=364))
    out = grid.join(h, on=["sku", "ly_date"], how="left").join(trend, on="sku", how="left")
    seasonal = pl.col("ly_mean").is_not_null() & pl.col("trend").is_not_null()
    return out.select(
        "sku",
        "date",
        units=pl.when(seasonal).then(pl.col("ly_mean") * pl.col("trend")).otherwise(pl.col("d")),
        method=pl.when(seasonal).then(pl.lit("last_year_x_trend")).otherwise(pl.lit("recent_velocity")),
        trend="trend",
        sigma_d="sigma_d",
    ).sort("sku", "date")


def backtest(history: pl.DataFrame, today: date, days: int = 28) -> tuple[pl.DataFrame, dict]:
    """Returns how the forecast would have done over the last `days` days: the forecast made on today − days from
    the history before that day, against the units sold on the in-stock days since (out-of-stock days are left out
    on both sides: they say nothing about demand).

    Per SKU (sku, forecast_units, actual_units, bias = Σforecast ÷ Σactual − 1: +0.10 = 10 % too high over the
    window; null when nothing sold) and overall {start, days, skus, forecast_units, actual_units, bias, wape =
    Σ|daily forecast − daily actual| ÷ Σactual over every SKU-day (the daily error, weighted by units sold; null
    when nothing sold)}. `history`: sku, date, units, in_stock, as for `forecast`.
    """
    start = today - timedelta(days=days)
    per = pl.DataFrame(schema={"sku": pl.String, "forecast_units": pl.Float64, "actual_units": pl.Float64,
                               "bias": pl.Float64})  # fmt: skip
    overall = {"start": start, "days": days, "skus": 0, "forecast_units": 0.0, "actual_units": 0.0, "bias": None,
               "wape": None}  # fmt: skip
    before = history.filter(pl.col("date") < start)
    if before.is_empty():
        return per, overall
    made = forecast(before, start, days).select("sku", "date", f="units")
    sold = history.filter(pl.col("date").is_between(start, today, closed="left") & pl.col("in_stock"))
    pairs = made.join(sold.select("sku", "date", a=pl.col("units").cast(pl.Float64)), on=["sku", "date"])
    pairs = pairs.with_columns(pl.col("f").fill_null(0.0))
    if pairs.is_empty():
        return per, overall
    per = (
        pairs.group_by("sku")
        .agg(forecast_units=pl.col("f").sum(), actual_units=pl.col("a").sum())
        .with_columns(
            bias=pl.when(pl.col("actual_units") > 0).then(pl.col("forecast_units") / pl.col("actual_units") - 1)
        )
        .sort("sku")
    )
    f_sum, a_sum = float(pairs["f"].sum()), float(pairs["a"].sum())
    err = float((pairs["f"] - pairs["a"]).abs().sum())
    overall |= {"skus": per.height, "forecast_units": f_sum, "actual_units": a_sum,
                "bias": f_sum / a_sum - 1 if a_sum > 0 else None, "wape": err / a_sum if a_sum > 0 else None}  # fmt: skip
    return per, overall
