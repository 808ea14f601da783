"""Returns comparison periods: the previous period of equal length, or the same dates one year earlier."""

from __future__ import annotations

from datetime import date, timedelta


def _year_earlier(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February -> 28 February
        return d.replace(year=d.year - 1, day=28)


def comparison_period(start: date, end: date, mode: str) -> tuple[date, date]:
    """Returns (start, end) of the comparison period for mode "previous" or "yoy"."""
    if mode == "previous":
        length = (end - start).days + 1
        return start - timedelta(days=length), start - timedelta(days=1)
    if mode == "yoy":
        return _year_earlier(start), _year_earlier(end)
    raise ValueError(f"unknown comparison {mode!r}; use 'previous' or 'yoy'")


def period_days(start: date, end: date) -> int:
    """Returns the number of calendar days in [start, end]."""
    return (end - start).days + 1
