"""Seasonal bands from a fixed history: same ISO week last year, event alignment, overrides, classification."""

from __future__ import annotations

import math
from datetime import date, timedelta

import polars as pl
import pytest

from metrics.planning.events import black_friday, default_events, next_event
from metrics.planning.seasonal import band_for, bands, classify

MP = "amazon.com"


def _history() -> pl.DataFrame:
    week = [100, 110, 90, 100, 105, 95, 100]  # 2025-W10, Mon 3 Mar … Sun 9 Mar 2025
    prime = [500, 520, 480, 500]  # Prime Day 2025, 8–11 Jul
    rows = [(date(2025, 3, 3) + timedelta(days=i), v) for i, v in enumerate(week)]
    rows += [(date(2025, 7, 8) + timedelta(days=i), v) for i, v in enumerate(prime)]
    return pl.DataFrame(
        [(d, MP, "net_sales", float(v)) for d, v in rows], schema=["date", "marketplace", "kpi", "value"], orient="row"
    )


def _events() -> pl.DataFrame:
    ev = default_events(range(2025, 2027))
    # Prime Day 2026 moved to 14–15 July
    return ev.with_columns(
        start_date=pl.when(pl.col("event_id") == "prime_day_2026").then(date(2026, 7, 14)).otherwise("start_date"),
        end_date=pl.when(pl.col("event_id") == "prime_day_2026").then(date(2026, 7, 15)).otherwise("end_date"),
    )


def test_band_is_same_iso_week_last_year_mean_and_sigma():
    # 4 Mar 2026 lies in the Chinese New Year closure (7 Feb – 9 Mar): a supply event, so no event alignment
    band = band_for(_history(), "net_sales", MP, date(2026, 3, 4), events=_events())  # 2026-W10 → 2025-W10
    # mean 700/7 = 100; squared deviations 0+100+100+0+25+25+0 = 250; σ = √(250/6) = 6.4550
    sigma = math.sqrt(250 / 6)
    assert band["center"] == pytest.approx(100.0) and band["sigma"] == pytest.approx(sigma)
    assert band["amber_low"] == pytest.approx(100 - sigma) and band["red_high"] == pytest.approx(100 + 2 * sigma)
    assert band["window"] == "2025-W10" and band["source"] == "history"
    assert classify(95, band, "up") == "green"  # 95 > 93.55
    assert classify(92, band, "up") == "amber"  # 87.09 < 92 < 93.55
    assert classify(85, band, "up") == "red"
    assert classify(120, band, "up") == "green"  # above the band is good news for an 'up' KPI
    assert classify(120, band, "down") == "red"  # > 112.91
    assert classify(108, band, "both") == "amber"  # > 106.45
    assert classify(None, band, "up") is None


def test_event_window_follows_the_event_when_its_dates_move():
    # 14 Jul 2026 is Prime Day 2026; the reference is Prime Day 2025 (8–11 Jul), not 2025-W29 (no data)
    band = band_for(_history(), "net_sales", MP, date(2026, 7, 14), events=_events())
    # mean 2000/4 = 500; squared deviations 0+400+400+0 = 800; σ = √(800/3) = 16.330
    assert band["center"] == pytest.approx(500.0) and band["sigma"] == pytest.approx(math.sqrt(800 / 3))
    assert band["event_kind"] == "prime_day"
    # without the event calendar the same date has no band (2025-W29 holds no values)
    assert band_for(_history(), "net_sales", MP, date(2026, 7, 14)) is None


def test_overrides_layer_event_over_month_over_history():
    ov = pl.DataFrame(
        {
            "kpi": ["acos", "acos"],
            "marketplace": ["*", MP],
            "month": [11, 0],
            "event_kind": ["", "bfcm"],
            "red_low": [None, None],
            "amber_low": [None, None],
            "amber_high": [0.30, 0.35],
            "red_high": [0.40, None],
        },
        schema_overrides={"red_low": pl.Float64, "amber_low": pl.Float64},
    )
    hist = _history().head(0)
    nov = band_for(hist, "acos", MP, date(2026, 11, 10), events=_events(), overrides=ov)
    assert nov["amber_high"] == 0.30 and nov["red_high"] == 0.40 and nov["source"] == "override"
    bf = band_for(hist, "acos", MP, black_friday(2026), events=_events(), overrides=ov)
    # the event override sets amber_high; red_high comes from the November override
    assert bf["amber_high"] == 0.35 and bf["red_high"] == 0.40
    assert classify(0.33, bf, "down") == "green" and classify(0.33, nov, "down") == "amber"
    assert classify(0.45, bf, "down") == "red"


def test_bands_frame_covers_every_day():
    fr = bands(_history(), "net_sales", MP, date(2026, 3, 2), date(2026, 3, 15), events=_events())
    assert fr.height == 14
    # 2026-W10 is 2–8 Mar → band from 2025-W10; 2026-W11 (9–15 Mar) → 2025-W11 has no values
    assert fr.filter(pl.col("center").is_not_null())["date"].to_list() == [
        date(2026, 3, 2) + timedelta(i) for i in range(7)
    ]


def test_default_calendar():
    ev = default_events()
    assert black_friday(2026) == date(2026, 11, 27)  # fourth Thursday 26 Nov + 1
    bf = next_event(ev, "bfcm", "amazon.de", date(2026, 1, 1))
    assert (bf["start_date"], bf["end_date"]) == (date(2026, 11, 20), date(2026, 11, 30))
    pd = next_event(ev, "prime_day", MP, date(2025, 1, 1))
    assert (pd["start_date"], pd["is_estimated"]) == (date(2025, 7, 8), False)
    assert next_event(ev, "prime_day", MP, date(2026, 1, 1))["is_estimated"] is True
    assert next_event(ev, "prime_day", "tiktok.us", date(2025, 1, 1)) is None
    cny = next_event(ev, "cny_closure", "shopify", date(2026, 1, 1))
    assert cny["start_date"] == date(2026, 2, 7)  # festival 17 Feb 2026 − 10 days
