"""The default event calendar per marketplace (retail peaks, lulls, factory closures), 2024–2027, editable.

Dates that Amazon had announced (Prime Day and Prime Big Deal Days 2024–2025) are used as announced; later
years follow the usual pattern and are flagged `is_estimated` so the seller corrects them in Settings once Amazon
announces them. Black Friday is the day after the fourth Thursday of November; the window runs from the Friday a
week before (Amazon's Black Friday week) to Cyber Monday. Chinese New Year closures run 10 days before to 20 days
after the festival (factories stop before it and restart slowly): a supply-side event, so it moves reorder dates
but is not used to align sales bands.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

NA = ["amazon.com", "amazon.ca", "amazon.com.mx"]
EU = ["amazon.co.uk", "amazon.de", "amazon.fr", "amazon.it", "amazon.es"]
JP = ["amazon.co.jp"]
AMAZON = NA + EU + JP
ALL = "*"

# kind -> (中文, English, affects demand)
KINDS = {
    "prime_day": ("Prime会员日", "Prime Day", True),
    "prime_big_deal_days": ("秋季Prime大促", "Prime Big Deal Days", True),
    "bfcm": ("黑五网一", "Black Friday / Cyber Monday", True),
    "christmas": ("圣诞季", "Christmas", True),
    "back_to_school": ("返校季", "Back to school", True),
    "summer_lull": ("夏季淡季", "Summer lull", True),
    "cny_closure": ("春节工厂停工", "Chinese New Year factory closure", False),
}
EVENT_COLUMNS = ["event_id", "marketplace", "kind", "name_zh", "name_en", "start_date", "end_date", "is_estimated"]

# Announced dates (start, end inclusive).
_PRIME_DAY = {2024: (date(2024, 7, 16), date(2024, 7, 17)), 2025: (date(2025, 7, 8), date(2025, 7, 11))}
_PBDD = {2024: (date(2024, 10, 8), date(2024, 10, 9)), 2025: (date(2025, 10, 7), date(2025, 10, 8))}
_CNY = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6)}


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """Returns the n-th (1-based) given weekday (Mon=0) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def black_friday(year: int) -> date:
    """Returns Black Friday: the day after the fourth Thursday of November."""
    return nth_weekday(year, 11, 3, 4) + timedelta(days=1)


def _rows(kind: str, year: int, start: date, end: date, markets: list[str], estimated: bool) -> list[dict]:
    zh, en, _ = KINDS[kind]
    return [
        {
            "event_id": f"{kind}_{year}",
            "marketplace": m,
            "kind": kind,
            "name_zh": f"{zh} {year}",
            "name_en": f"{en} {year}",
            "start_date": start,
            "end_date": end,
            "is_estimated": estimated,
        }
        for m in markets
    ]


def default_events(years: range = range(2024, 2028)) -> pl.DataFrame:
    """Returns the default event calendar (columns EVENT_COLUMNS), one row per event and marketplace ('*' = all)."""
    rows: list[dict] = []
    for y in years:
        pd_start = nth_weekday(y, 7, 1, 2)  # usual pattern: second Tuesday of July, two days
        pd = _PRIME_DAY.get(y, (pd_start, pd_start + timedelta(days=1)))
        rows += _rows("prime_day", y, *pd, AMAZON, y not in _PRIME_DAY)
        pb_start = nth_weekday(y, 10, 1, 2)
        pb = _PBDD.get(y, (pb_start, pb_start + timedelta(days=1)))
        rows += _rows("prime_big_deal_days", y, *pb, NA + EU, y not in _PBDD)
        bf = black_friday(y)
        rows += _rows("bfcm", y, bf - timedelta(days=7), bf + timedelta(days=3), [ALL], False)
        rows += _rows("christmas", y, date(y, 12, 1), date(y, 12, 24), [ALL], False)
        rows += _rows("back_to_school", y, date(y, 7, 20), date(y, 9, 5), NA, False)
        rows += _rows("back_to_school", y, date(y, 8, 26), date(y, 9, 15), EU, False)
        rows += _rows("back_to_school", y, date(y, 3, 15), date(y, 4, 10), JP, False)
        rows += _rows("summer_lull", y, date(y, 8, 1), date(y, 8, 25), EU, False)
        if y in _CNY:
            rows += _rows("cny_closure", y, _CNY[y] - timedelta(days=10), _CNY[y] + timedelta(days=20), [ALL], False)
    return pl.DataFrame(rows, schema={c: _dtype(c) for c in EVENT_COLUMNS})


def _dtype(col: str):
    return {"start_date": pl.Date, "end_date": pl.Date, "is_estimated": pl.Boolean}.get(col, pl.String)


def events_for(events: pl.DataFrame, marketplace: str | None) -> pl.DataFrame:
    """Returns the events that apply to a marketplace (its own rows and the '*' rows), sorted by start date."""
    if marketplace is None:
        return events.unique("event_id", keep="first").sort("start_date")
    return events.filter(pl.col("marketplace").is_in([marketplace, ALL])).unique("event_id").sort("start_date")


def next_event(events: pl.DataFrame, kind: str, marketplace: str | None, after: date) -> dict | None:
    """Returns the first event of `kind` for the marketplace starting on or after `after` (None if none)."""
    ev = events_for(events, marketplace).filter((pl.col("kind") == kind) & (pl.col("start_date") >= after))
    return ev.row(0, named=True) if ev.height else None


def is_demand_event(kind: str) -> bool:
    """Returns whether an event kind moves demand (used to align seasonal bands); unknown kinds do."""
    return KINDS.get(kind, ("", "", True))[2]
