"""Returns comparison periods: the previous period (the months before when the period is whole calendar months, else
the equally long period before), or the same dates one year earlier."""

from __future__ import annotations

import calendar as cal
from datetime import date, timedelta


def _year_earlier(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February -> 28 February
        return d.replace(year=d.year - 1, day=28)


def comparison_period(start: date, end: date, mode: str) -> tuple[date, date]:
    """Returns (start, end) of the comparison period for mode "previous" or "yoy".

    "previous": when [start, end] is whole calendar months, the same number of whole months right before (October ->
    September, Q4 -> Q3: the previous month or quarter, as the P&L's previous column shows it); otherwise the equally
    long period right before (the last 30 days -> the 30 days before them). "yoy": the same dates one year earlier
    (29 February -> 28 February). Raises ValueError for another mode."""
    if mode == "previous":
        if start.day == 1 and end.day == cal.monthrange(end.year, end.month)[1]:  # whole months: the months before
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            first = start
            for _ in range(months):
                first = (first - timedelta(days=1)).replace(day=1)
            return first, start - timedelta(days=1)
        length = (end - start).days + 1
        return start - timedelta(days=length), start - timedelta(days=1)
    if mode == "yoy":
        return _year_earlier(start), _year_earlier(end)
    raise ValueError(f"unknown comparison {mode!r}; use 'previous' or 'yoy'")


def period_days(start: date, end: date) -> int:
    """Returns the number of calendar days in [start, end]."""
    return (end - start).days + 1
