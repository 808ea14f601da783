"""Returns values written the way each portal writes them: locale numbers, date/times with zones, CSV lines."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from warehouse.core.marketplaces import MARKETPLACES

UTC = ZoneInfo("UTC")


def zone(mp: str) -> ZoneInfo:
    return ZoneInfo(MARKETPLACES[mp].tz)


def money(x: float, style: str = "us", zero: str = "0") -> str:
    """Returns an amount as `1,234.56` (us), `1.234,56` (de) or `1,235` (jp, whole yen); zero as `zero`."""
    if style == "jp":
        n = int(round(x))
        return zero if n == 0 else f"{n:,}"
    if round(x, 2) == 0:
        return zero
    s = f"{x:,.2f}"
    if style == "de":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s


def us_ts(local: datetime, mp: str = "amazon.com") -> str:
    """Returns `Mar 9, 2026 4:37:26 PM PDT` for a local wall-clock time (PST/PDT by the date)."""
    abbr = local.replace(tzinfo=zone(mp)).tzname()
    h = local.hour % 12 or 12
    return f"{local:%b} {local.day}, {local.year} {h}:{local:%M:%S} {'AM' if local.hour < 12 else 'PM'} {abbr}"


def de_ts(local: datetime) -> str:
    """Returns `01.03.2026 23:30:00 UTC` for a Berlin wall-clock time."""
    u = local.replace(tzinfo=zone("amazon.de")).astimezone(UTC)
    return f"{u:%d.%m.%Y %H:%M:%S} UTC"


def jp_ts(local: datetime) -> str:
    return f"{local:%Y/%m/%d %H:%M:%S} JST"


def iso_offset(local: datetime, mp: str) -> str:
    """Returns `2026-03-06T00:00:00-0800` for a local wall-clock time."""
    return local.replace(tzinfo=zone(mp)).strftime("%Y-%m-%dT%H:%M:%S%z")


def quoted(cells) -> str:
    """Returns one CSV line with every field double-quoted (Amazon's payments and ledger downloads)."""
    return ",".join('"' + str(c).replace('"', '""') + '"' for c in cells)


def csv_line(cells) -> str:
    """Returns one CSV line quoting only fields that need it."""
    out = []
    for c in cells:
        s = str(c)
        out.append('"' + s.replace('"', '""') + '"' if ("," in s or '"' in s or "\n" in s) else s)
    return ",".join(out)


def months(start: date, end: date) -> list[tuple[date, date]]:
    """Returns (first day, last day) of every calendar month touching [start, end], clipped to it."""
    out, d = [], start.replace(day=1)
    while d <= end:
        nxt = (d.replace(day=28) + timedelta(4)).replace(day=1)
        out.append((max(d, start), min(nxt - timedelta(1), end)))
        d = nxt
    return out


def month_end(d: date) -> date:
    return (d.replace(day=28) + timedelta(4)).replace(day=1) - timedelta(1)
