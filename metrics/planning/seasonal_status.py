"""Returns where the latest day of a period stands against each KPI's seasonal band (for tiles and alerts).

The band in force on that day comes from `metrics.planning.seasonal` (same ISO week or same event last year ± σ, or the
seller's override); the value is the KPI's daily value that day. Only bands with a known direction count against
the good side, as in `seasonal.classify`.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from metrics.core import api
from metrics.core.registry import REGISTRY
from metrics.planning.seasonal import band_for, classify

# KPIs whose daily value is meaningful on its own (sums and ratios of one day's sums)
STATUS_KPIS = ["net_sales", "units", "net_profit", "acos", "tacos", "refund_rate"]


def day_status(
    history: pl.DataFrame,
    kpis: list[str],
    marketplace: str | None,
    day: date,
    *,
    events: pl.DataFrame | None = None,
    overrides: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Returns one row per KPI: day, value, band bounds, window and green/amber/red status (None: no band).

    `history` is long: date, kpi, value (daily values covering at least the same period last year).
    """
    rows = []
    for kpi in kpis:
        h = history.filter(pl.col("kpi") == kpi)
        today = h.filter(pl.col("date") == day)["value"]
        value = today[0] if today.len() else None
        band = band_for(h, kpi, None, day, events=events, overrides=overrides)
        direction = REGISTRY[kpi].good if kpi in REGISTRY else "both"
        rows.append(
            {
                "kpi": kpi,
                "date": day,
                "value": value,
                "center": band["center"] if band else None,
                "amber_low": band["amber_low"] if band else None,
                "amber_high": band["amber_high"] if band else None,
                "window": band["window"] if band else None,
                "status": classify(value, band, direction),
                "marketplace": marketplace,
            }
        )
    schema = {"kpi": pl.String, "date": pl.Date, "value": pl.Float64, "center": pl.Float64, "amber_low": pl.Float64,
              "amber_high": pl.Float64, "window": pl.String, "status": pl.String, "marketplace": pl.String}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def latest_day_status(con, f: api.Filters, events=None, overrides=None, kpis: list[str] | None = None) -> pl.DataFrame:
    """Returns `day_status` for the period's last day, from the metric layer's daily trend of the past year."""
    kpis = kpis or STATUS_KPIS
    g = f.model_copy(update={"start": f.end - timedelta(days=372), "compare": None})
    trend = api.trend(con, g, kpis, "day")
    if trend.is_empty():
        return day_status(pl.DataFrame(schema={"date": pl.Date, "kpi": pl.String, "value": pl.Float64}), kpis,
                          f.marketplace, f.end)  # fmt: skip
    history = trend.unpivot(index="period", on=[k for k in kpis if k in trend.columns], variable_name="kpi")
    history = history.select(date="period", kpi="kpi", value=pl.col("value").cast(pl.Float64))
    return day_status(history, kpis, f.marketplace, f.end, events=events, overrides=overrides)
