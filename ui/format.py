"""Number formatting for both languages (Babel, zh_CN / en_US, via metrics.core.locale_format): money with its currency
symbol, percentages, days, counts, dates; plus `plain` for values from files shown in Markdown."""

from __future__ import annotations

import re

from metrics.core import locale_format as lf
from metrics.core.locale_format import DASH, day, days, decimals, missing, symbol

__all__ = ["DASH", "by_unit", "count", "day", "days", "decimals", "money", "pct", "plain", "ratio", "symbol"]
_missing = missing


def money(value, currency: str, lang: str = "zh", short: bool = False) -> str:
    """Returns money with the locale's symbol and grouping (`¥1,234.56`; `¥12.35万` / `CN¥12.35K` when short);
    — when missing. See metrics.core.locale_format.money."""
    return lf.money(value, currency, lang, short)


def pct(value, digits: int = 1, lang: str = "zh") -> str:
    """Returns a fraction as a percentage (0.1234 -> 12.3%); — when missing."""
    return lf.pct(value, digits, lang)


def count(value, lang: str = "zh") -> str:
    """Returns a whole number with thousands separators; — when missing."""
    return lf.count(value, lang)


def ratio(value, digits: int = 2, lang: str = "zh") -> str:
    """Returns a plain ratio (ROAS 3.25, turnover 4.10); — when missing."""
    return lf.ratio(value, digits, lang)


def by_unit(value, unit: str, currency: str, lang: str = "zh", short: bool = False) -> str:
    """Returns `value` formatted by a registry unit: money, pct, days, count, ratio."""
    if unit == "money":
        return money(value, currency, lang, short)
    if unit in ("pct", "percent", "fraction"):
        return pct(value)
    if unit == "days":
        return days(value, lang)
    if unit in ("count", "units", "int"):
        return count(value, lang)
    return ratio(value, lang=lang)


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
