"""The forecast's fit quality on Reorder planning (no model advice without it): the forecast made 28 days ago from
the history before, against what sold on the in-stock days since (metrics.planning.forecast.backtest)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from metrics.planning.forecast import backtest

TODAY = date(2026, 6, 1)
START = TODAY - timedelta(days=28)  # 4 May 2026


def _days(sku: str, first: date, last: date, units, in_stock=True) -> list[dict]:
    n = (last - first).days + 1
    return [{"sku": sku, "date": first + timedelta(days=i), "units": units(i) if callable(units) else units,
             "in_stock": in_stock(i) if callable(in_stock) else in_stock} for i in range(n)]  # fmt: skip


def test_bias_and_wape_by_hand():
    rows = []
    # A: 10 a day for over a year before the window (last year's days and the trend both 10: the forecast is 10 a
    # day), then 12 a day in it, but out of stock on 10 May (0 sold: left out on both sides)
    rows += _days("A", date(2025, 3, 1), START - timedelta(days=1), 10)
    rows += _days("A", START, TODAY - timedelta(days=1), lambda i: 0 if i == 6 else 12, lambda i: i != 6)
    # B: only the 28 days before the window, 4 a day (no last year: the recent rate, 4 a day); in the window 2 a day
    # for 14 days, then 6 a day for 14
    rows += _days("B", START - timedelta(days=28), START - timedelta(days=1), 4)
    rows += _days("B", START, TODAY - timedelta(days=1), lambda i: 2 if i < 14 else 6)
    history = pl.DataFrame(rows, schema={"sku": pl.String, "date": pl.Date, "units": pl.Int64, "in_stock": pl.Boolean})
    per, overall = backtest(history, TODAY)
    got = {r["sku"]: r for r in per.iter_rows(named=True)}
    # A: 27 in-stock days: forecast 27 × 10 = 270, sold 27 × 12 = 324 → bias 270 / 324 − 1 = −1/6
    assert (got["A"]["forecast_units"], got["A"]["actual_units"]) == pytest.approx((270, 324))
    assert got["A"]["bias"] == pytest.approx(-1 / 6)
    # B: forecast 28 × 4 = 112, sold 14 × 2 + 14 × 6 = 112 → bias 0 (the total is right, each day off by 2)
    assert got["B"]["bias"] == pytest.approx(0.0)
    # overall: forecast 270 + 112 = 382, sold 324 + 112 = 436 → bias 382 / 436 − 1 = −0.1239; daily errors
    # A 27 × 2 = 54, B 28 × 2 = 56 → WAPE 110 / 436 = 0.2523
    assert overall["start"] == START and overall["skus"] == 2
    assert overall["bias"] == pytest.approx(382 / 436 - 1) and overall["wape"] == pytest.approx(110 / 436)


def test_no_history_before_the_window_gives_no_score():
    history = pl.DataFrame(_days("A", START, TODAY - timedelta(days=1), 5))
    per, overall = backtest(history, TODAY)
    assert per.is_empty() and overall["wape"] is None and overall["bias"] is None
