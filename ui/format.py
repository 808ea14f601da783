"""Number formatting for both languages: money with its currency symbol, percentages, days, counts."""

from __future__ import annotations

import math
import re
from datetime import date

SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "CAD": "CA$", "INR": "₹", "MXN": "MX$",
           "HKD": "HK$", "AUD": "A$"}  # fmt: skip
DASH = "—"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def compact(value: float, lang: str) -> str:
    """Returns `value` shortened: 万/亿 in Chinese, K/M/B in English (no currency)."""
    a = abs(value)
    if lang == "zh":
        for size, unit in ((1e8, "亿"), (1e4, "万")):
            if a >= size:
                return f"{value / size:,.2f}{unit}"
    else:
        for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if a >= 10 * size or (unit != "K" and a >= size):
                return f"{value / size:,.1f}{unit}"
    return f"{value:,.0f}" if a >= 100 else f"{value:,.2f}"


def money(value, currency: str, lang: str = "zh", short: bool = False) -> str:
    """Returns money as `¥1,234.56` (or `¥12.35万` / `¥12.3K` when short); — when missing."""
    if _missing(value):
        return DASH
    symbol = SYMBOLS.get(currency.upper(), currency.upper() + " ")
    sign = "-" if value < 0 else ""
    body = (
        compact(abs(value), lang)
        if short
        else f"{abs(value):,.0f}"
        if currency.upper() == "JPY"
        else f"{abs(value):,.2f}"
    )
    return f"{sign}{symbol}{body}"


def pct(value, digits: int = 1) -> str:
    """Returns a fraction as a percentage (0.1234 -> 12.3%); — when missing."""
    return DASH if _missing(value) else f"{value * 100:,.{digits}f}%"


def days(value, lang: str = "zh") -> str:
    """Returns a number of days (`45 天` / `45 days`); — when missing."""
    if _missing(value):
        return DASH
    n = f"{value:,.0f}"
    return f"{n} 天" if lang == "zh" else f"{n} day" + ("" if n == "1" else "s")


def count(value) -> str:
    """Returns a whole number with thousands separators; — when missing."""
    return DASH if _missing(value) else f"{value:,.0f}"


def ratio(value, digits: int = 2) -> str:
    """Returns a plain ratio (ROAS 3.25, turnover 4.10); — when missing."""
    return DASH if _missing(value) else f"{value:,.{digits}f}"


def day(value: date | None, lang: str = "zh") -> str:
    """Returns a date as 2026年11月20日 or 20 Nov 2026; — when missing."""
    if value is None:
        return DASH
    return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" else f"{value.day} {value:%b %Y}"


def by_unit(value, unit: str, currency: str, lang: str = "zh", short: bool = False) -> str:
    """Returns `value` formatted by a registry unit: money, pct, days, count, ratio."""
    if unit == "money":
        return money(value, currency, lang, short)
    if unit in ("pct", "percent", "fraction"):
        return pct(value)
    if unit == "days":
        return days(value, lang)
    if unit in ("count", "units", "int"):
        return count(value)
    return ratio(value)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(value) -> str:
    """Returns a value from a file (SKU, name, file name) escaped so Markdown and HTML show it as typed text.

    `![p](http://…)` in a SKU stays those characters instead of an image the browser fetches; line breaks become
    spaces so a value cannot start a second line. None -> "".
    """
    if value is None:
        return ""
    text = re.sub(r"[\r\n\t\x00-\x1f\x7f]+", " ", str(value))
    return _MD_SPECIAL.sub(r"\\\1", text)
