"""The calendar day "now" for the pages that count from it, and the day an order placed now is placed.

`today()` is the machine's date unless SELLER_COCKPIT_TODAY (YYYY-MM-DD) pins it (tests, demos replayed on a fixed
day). `order_day` is the one rule for "an order placed now": the reorder plan, the ad what-if's stock-out dates and
every "earliest arrival" count from it.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

TODAY_ENV = "SELLER_COCKPIT_TODAY"


def today() -> date:
    """Returns the clock's date: SELLER_COCKPIT_TODAY when set, else the machine's date."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    return date.fromisoformat(pinned) if pinned else date.today()


def order_day(clock: date, data_end: date | None) -> date:
    """Returns the day an order placed now is placed: the clock's date, but never before the day after the last day
    with data (`data_end`, the warehouse's data end, not a chosen period's end: a seller reading October on 2 Dec
    still orders on 2 Dec; a clock behind the data, as when the data's dates are ahead of the machine, cannot order
    before the data's next day). Data to 20 Nov read on 2 Dec: 2 Dec; read on 15 Nov: 21 Nov."""
    if data_end is None:
        return clock
    return max(clock, data_end + timedelta(days=1))
