"""Period presets resolved against the latest date with data (not the wall clock), so views show full periods."""

from __future__ import annotations

from datetime import date, timedelta

PRESETS = ("last_7", "last_30", "last_90", "mtd", "last_month", "qtd", "ytd", "custom")
COMPARES = ("none", "previous", "yoy")
CALENDARS = ("operational", "financial")


def resolve(preset: str, anchor: date, custom: tuple[date, date] | None = None) -> tuple[date, date]:
    """Returns (start, end), both inclusive, of `preset` ending at `anchor` (the latest date with data)."""
    if preset.startswith("last_") and preset[5:].isdigit():
        return anchor - timedelta(days=int(preset[5:]) - 1), anchor
    if preset == "mtd":
        return anchor.replace(day=1), anchor
    if preset == "last_month":
        end = anchor.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if preset == "qtd":
        return date(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 1), anchor
    if preset == "ytd":
        return date(anchor.year, 1, 1), anchor
    if preset == "custom" and custom:
        start, end = custom
        return (start, end) if start <= end else (end, start)
    return anchor - timedelta(days=29), anchor


def parse_date(text: str | None) -> date | None:
    """Returns the ISO date in `text`, or None when it is missing or malformed."""
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def partial_buckets(periods, start: date, end: date, grain: str) -> list[tuple[date, int, int]]:
    """Returns (label, days inside [start, end], days of the whole bucket) for each week / month bucket of a trend
    (`metrics.core.kpi.trend_frame` labels: a bucket's Monday / first of month, or `start` for one cut by it) that
    the period cuts — its sums then cover fewer days than its neighbours'. Empty for days or when all are whole."""
    out = []
    for p in periods:
        if p is None or grain not in ("week", "month"):
            continue
        if grain == "week":
            first = p - timedelta(days=p.weekday())
            last = first + timedelta(days=6)
        else:
            first = p.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        whole = (last - first).days + 1
        inside = (min(last, end) - max(first, start)).days + 1
        if 0 < inside < whole:
            out.append((p, inside, whole))
    return out
