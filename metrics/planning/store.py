"""Returns and stores the seller-edited what-if inputs: event calendar, KPI band overrides, lead times.

Tables (migration 2): app.events, app.kpi_bands, app.lead_times. Reads seed the defaults when a table is empty
(the event calendar of metrics.planning.events; one default lead time per lane for every SKU, master_sku '*'),
so a fresh warehouse shows working plans that the seller then corrects. Writes replace the whole table in one
transaction after validation: nothing is saved half-way.
"""

from __future__ import annotations

import polars as pl

from metrics.planning.events import EVENT_COLUMNS, default_events

BAND_COLUMNS = ["kpi", "marketplace", "month", "event_kind", "red_low", "amber_low", "amber_high", "red_high"]
LEAD_COLUMNS = [
    "master_sku", "lane", "production_days", "first_mile_days", "receiving_days", "lead_time_sd_days", "moq",
    "case_pack", "service_level", "is_preferred",
]  # fmt: skip

# Starting values for every SKU, per lane (days): typical China → US/EU lanes, replaced by the seller's own.
DEFAULT_LEAD_TIMES = pl.DataFrame(
    {
        "master_sku": ["*", "*", "*"],
        "lane": ["sea", "rail", "air"],
        "production_days": [30, 30, 30],
        "first_mile_days": [35, 25, 7],
        "receiving_days": [10, 10, 7],
        "lead_time_sd_days": [7.0, 5.0, 2.0],
        "moq": [0, 0, 0],
        "case_pack": [1, 1, 1],
        "service_level": [0.95, 0.95, 0.95],
        "is_preferred": [True, False, False],
    }
)


def _read(con, table: str, columns: list[str]) -> pl.DataFrame:
    cur = con.cursor()
    try:
        return cur.sql(f"select {', '.join(columns)} from {table} order by all").pl()
    finally:
        cur.close()


def _replace(con, table: str, frame: pl.DataFrame, columns: list[str]) -> None:
    cur = con.cursor()
    try:
        cur.register("incoming", frame.select(columns))
        cur.execute("begin")
        cur.execute(f"delete from {table}")
        cur.execute(f"insert into {table} ({', '.join(columns)}) select {', '.join(columns)} from incoming")
        cur.execute("commit")
    except Exception:
        cur.execute("rollback")
        raise
    finally:
        cur.unregister("incoming")
        cur.close()


def get_events(con) -> pl.DataFrame:
    """Returns the event calendar (seeding the defaults into app.events when it is empty)."""
    ev = _read(con, "app.events", EVENT_COLUMNS)
    if ev.height == 0:
        set_events(con, default_events())
        ev = _read(con, "app.events", EVENT_COLUMNS)
    return ev


def set_events(con, events: pl.DataFrame) -> None:
    """Stores the event calendar after checking dates (start ≤ end) and required fields."""
    bad = events.filter(
        pl.col("start_date").is_null() | pl.col("end_date").is_null() | (pl.col("end_date") < pl.col("start_date"))
    )
    if bad.height:
        raise ValueError(f"events with a missing date or an end before the start: {bad['event_id'].to_list()}")
    if events.select(pl.col("event_id", "kind").is_null().any()).row(0) != (False, False):
        raise ValueError("every event needs an id and a kind")
    ev = events.with_columns(
        pl.col("marketplace").fill_null("*"),
        pl.col("name_zh").fill_null(pl.col("kind")),
        pl.col("name_en").fill_null(pl.col("kind")),
        pl.col("is_estimated").fill_null(False),
    )
    _replace(con, "app.events", ev, EVENT_COLUMNS)


def get_kpi_bands(con) -> pl.DataFrame:
    """Returns the seller's KPI band overrides (empty by default: bands come from history)."""
    return _read(con, "app.kpi_bands", BAND_COLUMNS)


def set_kpi_bands(con, bands: pl.DataFrame) -> None:
    """Stores KPI band overrides after checking months (0 = any, 1–12) and bound order."""
    b = bands.with_columns(
        pl.col("marketplace").fill_null("*"), pl.col("month").fill_null(0), pl.col("event_kind").fill_null("")
    )
    if b.filter(~pl.col("month").is_between(0, 12)).height:
        raise ValueError("month must be 0 (any month) or 1–12")
    order = ["red_low", "amber_low", "amber_high", "red_high"]
    for lo, hi in zip(order, order[1:], strict=False):
        if b.filter(pl.col(lo).is_not_null() & pl.col(hi).is_not_null() & (pl.col(lo) > pl.col(hi))).height:
            raise ValueError(f"{lo} must not exceed {hi}")
    _replace(con, "app.kpi_bands", b, BAND_COLUMNS)


def get_lead_times(con) -> pl.DataFrame:
    """Returns lead times per SKU and lane, MOQ, case pack and service level (seeding '*' defaults when empty)."""
    lt = _read(con, "app.lead_times", LEAD_COLUMNS)
    if lt.height == 0:
        set_lead_times(con, DEFAULT_LEAD_TIMES)
        lt = _read(con, "app.lead_times", LEAD_COLUMNS)
    return lt


def read_lead_times(con) -> pl.DataFrame:
    """Returns the stored lead times, or DEFAULT_LEAD_TIMES while none are stored (a read that writes nothing)."""
    lt = _read(con, "app.lead_times", LEAD_COLUMNS)
    return lt if lt.height else DEFAULT_LEAD_TIMES.select(LEAD_COLUMNS)


def set_lead_times(con, lead_times: pl.DataFrame) -> None:
    """Stores lead times after checking days ≥ 0, case pack ≥ 1 and 0.5 ≤ service level < 1."""
    lt = lead_times
    checks = {
        "days must be 0 or more": (pl.col("production_days") < 0)
        | (pl.col("first_mile_days") < 0)
        | (pl.col("receiving_days") < 0),
        "case pack must be at least 1": pl.col("case_pack") < 1,
        "service level must be between 0.5 and 0.999": ~pl.col("service_level").is_between(0.5, 0.999),
    }
    for msg, cond in checks.items():
        if lt.filter(cond).height:
            raise ValueError(msg)
    _replace(con, "app.lead_times", lt, LEAD_COLUMNS)
