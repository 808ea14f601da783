"""The previous period a finance lead expects: the month(s) before for whole months, else the equally long days before.

One rule for every view (Overview KPIs, the meeting's headlines, bridge and key figures, the P&L's previous column):
a review of October compares with September on every slide, never with 31 August–30 September on one and
September on another.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.accounts.pnl import previous_period
from metrics.core import api
from metrics.core.periods import comparison_period


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # whole months: the same number of whole months right before
        (date(2026, 10, 1), date(2026, 10, 31), (date(2026, 9, 1), date(2026, 9, 30))),  # Oct (31 d) → Sep (30 d)
        (date(2026, 3, 1), date(2026, 3, 31), (date(2026, 2, 1), date(2026, 2, 28))),  # Mar → Feb (28 d, 2026)
        (date(2024, 3, 1), date(2024, 3, 31), (date(2024, 2, 1), date(2024, 2, 29))),  # leap year: Feb 29 days
        (date(2026, 1, 1), date(2026, 1, 31), (date(2025, 12, 1), date(2025, 12, 31))),  # across the year end
        (date(2026, 10, 1), date(2026, 12, 31), (date(2026, 7, 1), date(2026, 9, 30))),  # Q4 → Q3
        (date(2026, 2, 1), date(2026, 2, 28), (date(2026, 1, 1), date(2026, 1, 31))),  # Feb → Jan (31 d)
        # not whole months: the equally long period right before
        (date(2026, 10, 22), date(2026, 11, 20), (date(2026, 9, 22), date(2026, 10, 21))),  # last 30 days
        (date(2026, 11, 1), date(2026, 11, 20), (date(2026, 10, 12), date(2026, 10, 31))),  # month to date: 20 d
        (date(2026, 10, 2), date(2026, 10, 31), (date(2026, 9, 2), date(2026, 10, 1))),  # starts on the 2nd: 30 d
    ],
)
def test_previous_period(start, end, expected):
    assert comparison_period(start, end, "previous") == expected
    assert previous_period(start, end) == expected  # the P&L's previous column: the same period
    f = api.Filters(start=start, end=end, compare="previous")
    assert (f.comparison().start, f.comparison().end) == expected  # the Overview, meeting and bridge


def test_year_over_year_keeps_the_dates():
    assert comparison_period(date(2026, 10, 1), date(2026, 10, 31), "yoy") == (date(2025, 10, 1), date(2025, 10, 31))
    assert comparison_period(date(2028, 2, 29), date(2028, 2, 29), "yoy") == (date(2027, 2, 28), date(2027, 2, 28))
    with pytest.raises(ValueError):
        comparison_period(date(2026, 1, 1), date(2026, 1, 31), "last_week")
