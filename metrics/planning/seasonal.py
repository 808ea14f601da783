"""Seasonal KPI bands: green / amber / red ranges per KPI and marketplace that move with the season.

Default derivation, for a date d:
1. reference window = the same ISO week last year (ISO week 53 uses week 52); but when d falls inside a demand
   event (Prime Day, Black Friday week, …; see metrics.planning.events) the window is that event's window last
   year, so the band follows the event when its dates move;
2. centre = mean of the KPI's daily values in the reference window; σ = their sample standard deviation;
3. amber beyond centre ± 1·σ, red beyond centre ± 2·σ (k_amber, k_red), only on the bad side for a KPI with a
   good direction (up: low is bad; down: high is bad; both sides otherwise);
4. a seller override (app.kpi_bands) replaces the bounds it sets: an override for the event kind wins over one
   for the month, which wins over one for any month; a marketplace's own override wins over '*' (bounds a more
   specific override leaves empty come from the less specific ones).
A window with fewer than `min_points` values gives no band (no colour rather than a made-up one).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

import polars as pl

from metrics.planning.events import KINDS, events_for

Direction = Literal["up", "down", "both"]
BOUNDS = ("red_low", "amber_low", "amber_high", "red_high")
SUPPLY_KINDS = [k for k, (_, _, demand) in KINDS.items() if not demand]  # never used to align sales bands


def _ref_week(d: date) -> tuple[int, int]:
    y, w, _ = d.isocalendar()
    return y - 1, min(w, 52)


def _window_stats(h: pl.DataFrame, start: date, end: date) -> tuple[float | None, float | None, int]:
    v = h.filter(pl.col("date").is_between(start, end))["value"].drop_nulls()
    if v.len() == 0:
        return None, None, 0
    return float(v.mean()), (float(v.std()) if v.len() > 1 else None), v.len()


def _override_for(ov: pl.DataFrame | None, kpi: str, marketplace: str | None, d: date, kind: str | None) -> dict:
    """Returns the most specific override bounds for the KPI, marketplace, month and event kind ({} if none)."""
    if ov is None or ov.height == 0:
        return {}
    cand = ov.filter(
        (pl.col("kpi") == kpi)
        & pl.col("marketplace").is_in([marketplace or "*", "*"])
        & pl.col("month").is_in([0, d.month])
        & pl.col("event_kind").is_in(["", kind or ""])
    )
    if cand.height == 0:
        return {}
    ranked = cand.with_columns(
        rank=(pl.col("event_kind") != "").cast(pl.Int32) * 4
        + (pl.col("month") != 0).cast(pl.Int32) * 2
        + (pl.col("marketplace") != "*").cast(pl.Int32)
    ).sort("rank")
    merged: dict = {}
    for row in ranked.iter_rows(named=True):  # least specific first, so the more specific bounds win
        merged.update({k: row[k] for k in BOUNDS if row.get(k) is not None})
    return merged


def bands(
    history: pl.DataFrame,
    kpi: str,
    marketplace: str | None,
    start: date,
    end: date,
    *,
    events: pl.DataFrame | None = None,
    overrides: pl.DataFrame | None = None,
    k_amber: float = 1.0,
    k_red: float = 2.0,
    min_points: int = 3,
) -> pl.DataFrame:
    """Returns one row per date in [start, end]: centre, sigma, the four bounds, the reference window and source.

    `history` is long: date, marketplace, kpi, value (daily values; marketplace None/'*' rows = all marketplaces).
    `overrides` has the app.kpi_bands columns (kpi, marketplace, month, event_kind, red_low … red_high).
    """
    h = history.filter(pl.col("kpi") == kpi)
    if marketplace is not None and "marketplace" in h.columns:
        h = h.filter(pl.col("marketplace") == marketplace)
    h = h.select("date", pl.col("value").cast(pl.Float64)).sort("date")
    ev = events_for(events, marketplace) if events is not None else None
    demand = ev.filter(~pl.col("kind").is_in(SUPPLY_KINDS)) if ev is not None else None
    by_kind_year: dict[tuple[str, int], tuple[date, date]] = {}
    spans: list[tuple[date, date, str, int]] = []
    if demand is not None:
        for r in demand.iter_rows(named=True):
            by_kind_year[(r["kind"], r["start_date"].year)] = (r["start_date"], r["end_date"])
            spans.append((r["start_date"], r["end_date"], r["kind"], r["start_date"].year))
    week_cache: dict[tuple[int, int], tuple] = {}
    event_cache: dict[tuple[date, date], tuple] = {}
    out = []
    d = start
    while d <= end:
        inside = [s for s in spans if s[0] <= d <= s[1]]
        inside.sort(key=lambda s: (s[1] - s[0]).days)  # the most specific (shortest) window wins
        kind = inside[0][2] if inside else None
        mean = sigma = None
        n = 0
        window = ""
        if kind is not None and (kind, inside[0][3] - 1) in by_kind_year:
            ws, we = by_kind_year[(kind, inside[0][3] - 1)]
            if (ws, we) not in event_cache:
                event_cache[(ws, we)] = _window_stats(h, ws, we)
            mean, sigma, n = event_cache[(ws, we)]
            window = f"{kind} {ws.isoformat()}…{we.isoformat()}"
        if n < min_points:
            ry, rw = _ref_week(d)
            if (ry, rw) not in week_cache:
                ws = date.fromisocalendar(ry, rw, 1)
                week_cache[(ry, rw)] = (*_window_stats(h, ws, ws + timedelta(days=6)), ws)
            mean, sigma, n, ws = week_cache[(ry, rw)]
            window = f"{ry}-W{rw:02d}"
        row = {"date": d, "center": None, "sigma": None, "window": window, "event_kind": kind, "source": None}
        row.update(dict.fromkeys(BOUNDS))
        if n >= min_points and sigma is not None:
            row.update(
                center=mean,
                sigma=sigma,
                red_low=mean - k_red * sigma,
                amber_low=mean - k_amber * sigma,
                amber_high=mean + k_amber * sigma,
                red_high=mean + k_red * sigma,
                source="history",
            )
        ov = _override_for(overrides, kpi, marketplace, d, kind)
        if ov:
            row.update(ov, source="override")
        out.append(row)
        d += timedelta(days=1)
    schema = {"date": pl.Date, "center": pl.Float64, "sigma": pl.Float64, "window": pl.String}
    schema |= {"event_kind": pl.String, "source": pl.String} | dict.fromkeys(BOUNDS, pl.Float64)
    return pl.DataFrame(out, schema=schema)


def band_for(history: pl.DataFrame, kpi: str, marketplace: str | None, day: date, **kw) -> dict | None:
    """Returns the band in force for the KPI on `day` as a dict (None when neither history nor override gives one)."""
    row = bands(history, kpi, marketplace, day, day, **kw).row(0, named=True)
    return row if row["source"] is not None else None


def classify(value: float | None, band: dict | None, direction: Direction = "both") -> str | None:
    """Returns 'green', 'amber' or 'red' for a value against a band (None when value or band is missing).

    Only the bad side counts for a KPI with a good direction: for 'up' a value above the band is green.
    """
    if value is None or band is None:
        return None
    low_side = direction in ("up", "both")
    high_side = direction in ("down", "both")

    def beyond(bound: str, low: bool) -> bool:
        b = band.get(bound)
        return b is not None and (value < b if low else value > b)

    if (low_side and beyond("red_low", True)) or (high_side and beyond("red_high", False)):
        return "red"
    if (low_side and beyond("amber_low", True)) or (high_side and beyond("amber_high", False)):
        return "amber"
    return "green"


def sided(status: str | None, value: float | None, band: dict | None, good: str | None) -> str | None:
    """Returns a both-sides status (`classify(..., "both")`) with a departure on the KPI's good side (`good`: "up"
    for sales-like KPIs, "down" for cost-like ones such as ACoS / TACoS) as "better": above the band is no shortfall
    for net sales, and below it is none for TACoS. Without a good direction the status stays."""
    if status not in ("amber", "red") or good not in ("up", "down") or band is None:
        return status
    return "better" if classify(value, band, good) == "green" else status


def classify_series(frame: pl.DataFrame, direction: Direction = "both", good: str | None = None) -> pl.DataFrame:
    """Returns `frame` (value + the four bound columns) with a `status` column from `classify`, row by row; with
    `good` (the KPI's good direction) a departure on the good side reads "better" (`sided`)."""
    status = [sided(classify(r["value"], band, direction), r["value"], band, good)
              for r in frame.iter_rows(named=True) for band in [r if r.get("source") else None]]  # fmt: skip
    return frame.with_columns(status=pl.Series(status, dtype=pl.String))
