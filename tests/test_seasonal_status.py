"""The latest day against its seasonal band: fixed history, status worked out by hand."""

from datetime import date, timedelta

import polars as pl

from metrics.planning.seasonal_status import day_status


def _history() -> pl.DataFrame:
    # same ISO week last year (2025-W47: 17..23 Nov 2025): net sales 90, 100, 110, 90, 100, 110, 100 -> mean 100,
    # sample sigma = sqrt((100+0+100+100+0+100+0)/6) = sqrt(400/6) = 8.165; amber band 91.84..108.16, red 83.67..116.33
    last_year = [90, 100, 110, 90, 100, 110, 100]
    rows = [(date(2025, 11, 17) + timedelta(days=i), "net_sales", float(v)) for i, v in enumerate(last_year)]
    # ACoS the same week: 0.20 every day but one 0.26 -> mean 0.2086, sigma 0.0227 (amber high 0.2312, red 0.2540)
    acos = [0.2, 0.2, 0.2, 0.26, 0.2, 0.2, 0.2]
    rows += [(date(2025, 11, 17) + timedelta(days=i), "acos", v) for i, v in enumerate(acos)]
    # this year, Fri 20 Nov 2026 is in 2026-W47 -> reference 2025-W47
    rows += [(date(2026, 11, 20), "net_sales", 80.0), (date(2026, 11, 20), "acos", 0.24)]
    return pl.DataFrame(rows, schema=["date", "kpi", "value"], orient="row")


def test_day_status_against_same_week_last_year():
    out = {r["kpi"]: r for r in day_status(_history(), ["net_sales", "acos"], None, date(2026, 11, 20)).to_dicts()}
    ns = out["net_sales"]
    assert round(ns["center"], 2) == 100.0 and round(ns["amber_low"], 2) == 91.84
    assert ns["status"] == "red"  # 80 < 83.67, and lower net sales is the bad side
    assert ns["window"] == "2025-W47"
    # ACoS 0.24 is above amber high 0.2312 but below red high 0.2540: amber (higher ACoS is the bad side)
    assert out["acos"]["status"] == "amber"


def test_no_history_means_no_band_and_no_status():
    empty = pl.DataFrame(schema={"date": pl.Date, "kpi": pl.String, "value": pl.Float64})
    row = day_status(empty, ["net_sales"], None, date(2026, 11, 20)).row(0, named=True)
    assert row["status"] is None and row["value"] is None
