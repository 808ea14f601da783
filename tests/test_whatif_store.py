"""What-if inputs persist in app.events / app.kpi_bands / app.lead_times (migration 2), defaults seeded once."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest

from metrics.planning.events import default_events
from metrics.planning.store import get_events, get_kpi_bands, get_lead_times, set_events, set_kpi_bands, set_lead_times
from warehouse.core.migrations import MIGRATIONS


@pytest.fixture
def wh():
    """An in-memory DuckDB with the app tables of every migration (views are not needed here)."""
    con = duckdb.connect()
    for _, sql in MIGRATIONS:
        con.execute(sql)
    yield con
    con.close()


def rows(con, sql: str) -> list[tuple]:
    cur = con.cursor()
    try:
        return cur.sql(sql).fetchall()
    finally:
        cur.close()


def test_defaults_are_seeded_and_edits_persist(wh):
    ev = get_events(wh)
    assert ev.height == default_events().height
    edited = ev.with_columns(
        start_date=pl.when(pl.col("event_id") == "prime_day_2026").then(date(2026, 7, 14)).otherwise("start_date"),
        end_date=pl.when(pl.col("event_id") == "prime_day_2026").then(date(2026, 7, 15)).otherwise("end_date"),
    )
    set_events(wh, edited)
    got = rows(wh, "select distinct start_date from app.events where event_id = 'prime_day_2026'")
    assert got == [(date(2026, 7, 14),)]
    lt = get_lead_times(wh)
    assert lt.filter(pl.col("lane") == "sea")["first_mile_days"].to_list() == [35]
    set_lead_times(wh, lt.with_columns(moq=pl.lit(500)))
    assert rows(wh, "select sum(moq)::BIGINT from app.lead_times") == [(1500,)]


def test_bad_edits_change_nothing(wh):
    ev = get_events(wh)
    bad = ev.with_columns(
        end_date=pl.when(pl.col("event_id") == "bfcm_2026").then(date(2020, 1, 1)).otherwise("end_date")
    )
    with pytest.raises(ValueError, match="bfcm_2026"):
        set_events(wh, bad)
    assert rows(wh, "select count(*) from app.events")[0][0] == ev.height
    with pytest.raises(ValueError, match="service level"):
        set_lead_times(wh, get_lead_times(wh).with_columns(service_level=pl.lit(1.5)))
    assert rows(wh, "select max(service_level) from app.lead_times") == [(0.95,)]


def test_kpi_band_overrides_round_trip(wh):
    assert get_kpi_bands(wh).height == 0
    ov = pl.DataFrame({"kpi": ["acos"], "marketplace": [None], "month": [11], "event_kind": [None],
                       "red_low": [None], "amber_low": [None], "amber_high": [0.3], "red_high": [0.4]},
                      schema_overrides={"marketplace": pl.String, "event_kind": pl.String, "red_low": pl.Float64,
                                        "amber_low": pl.Float64})  # fmt: skip
    set_kpi_bands(wh, ov)
    assert get_kpi_bands(wh).row(0) == ("acos", "*", 11, "", None, None, 0.3, 0.4)
    with pytest.raises(ValueError, match="amber_high must not exceed red_high"):
        set_kpi_bands(wh, ov.with_columns(red_high=pl.lit(0.2)))
