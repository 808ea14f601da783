"""Number formatting for both languages (Babel, zh_CN / en_US, via metrics.core.locale_format): money with its currency
symbol, percentages, days, counts, dates; plus `plain` for values from files shown in Markdown."""

from __future__ import annotations

import re

from metrics.core import locale_format as lf
from metrics.core.locale_format import DASH, day, days, decimals, missing, month, number_short, symbol

__all__ = [
    "DASH",
    "by_unit",
    "count",
    "day",
    "days",
    "decimals",
    "money",
    "month",
    "number_short",
    "pct",
    "plain",
    "ratio",
    "signed_money",
    "symbol",
]
_missing = missing


def money(value, currency: str, lang: str = "zh", short: bool = False) -> str:
    """Returns money with the locale's symbol and grouping (`¥1,234.56`; `¥12.35万` / `CN¥12.35K` when short);
    — when missing. See metrics.core.locale_format.money."""
    return lf.money(value, currency, lang, short)


def signed_money(value, currency: str, lang: str = "zh", short: bool = True) -> str:
    """Returns a money change with its sign: `+¥1.23万` / `-$98.8K`; a change that reads as zero is `¥0`, unsigned
    and without decimals (as a tile's zero change reads `0.0%`, never a precise-looking `¥0.00`); — when missing.
    The what-ifs' changes use it, so a rise never reads like a level."""
    text = money(value, currency, lang, short)
    if not missing(value) and not re.search(r"[1-9]", text):
        return symbol(currency, lang) + "0"
    return "+" + text if not missing(value) and value > 0 else text


def pct(value, digits: int = 1, lang: str = "zh") -> str:
    """Returns a fraction as a percentage (0.1234 -> 12.3%); — when missing."""
    return lf.pct(value, digits, lang)


def signed_pct(value, digits: int = 1, lang: str = "zh") -> str:
    """Returns a fractional change as a signed percentage (0.2 -> `+20.0%`, -0.05 -> `-5.0%`); no sign when it reads
    as zero (`0.0%`); — when missing. A change in a table reads like the tiles' changes, never like a level."""
    text = pct(value, digits, lang)
    return "+" + text if not missing(value) and value > 0 and re.search(r"[1-9]", text) else text


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


_EVENT_WINDOW = re.compile(r"([a-z_]+) (\d{4}-\d{2}-\d{2})…(\d{4}-\d{2}-\d{2})")
_WEEK_WINDOW = re.compile(r"(\d{4})-W(\d{2})")


def window(text: str | None, lang: str = "zh") -> str:
    """Returns a seasonal band's reference window (metrics.planning.seasonal: `bfcm 2025-11-21…2025-12-01` or
    `2025-W47`) for people: the event's name and its dates in the locale (`黑五网一 2025年11月21日–2025年12月1日` /
    `Black Friday / Cyber Monday Nov 21, 2025–Dec 1, 2025`), a week as `2025年第47周` / `week 47 of 2025`; any other
    text as it is."""
    from datetime import date

    from metrics.planning.events import KINDS

    text = text or ""
    if m := _EVENT_WINDOW.fullmatch(text):
        kind, start, end = m.group(1), date.fromisoformat(m.group(2)), date.fromisoformat(m.group(3))
        name = KINDS[kind][0 if lang == "zh" else 1] if kind in KINDS else kind
        return f"{name} {day(start, lang)}–{day(end, lang)}"
    if m := _WEEK_WINDOW.fullmatch(text):
        year, week = int(m.group(1)), int(m.group(2))
        from ui.i18n import tr

        return tr("window_week", lang, year=year, week=week)
    return text


NO_SKU = "(no SKU) "  # the prefix staging gives a Shopify line without a SKU (sql/staging/shopify_order_lines.sql)


def sku(value, lang: str = "zh") -> str:
    """Returns a SKU for a sentence (`plain`), a Shopify line without one as `（无SKU）<line name>` /
    `(no SKU) <line name>` (catalog `no_sku`)."""
    from ui.i18n import tr

    text = "" if value is None else str(value)
    if text.startswith(NO_SKU):
        return tr("no_sku", lang, name=plain(text[len(NO_SKU) :]))
    return plain(text)


UNALLOCATED = "(unallocated)"  # the line of money no SKU carries (metrics.sales.sku.UNALLOCATED)


def sku_label(value, lang: str = "zh") -> str:
    """Returns a SKU as a table or chart shows it (typed text, not Markdown): the line of money no SKU carries
    ("(unallocated)": charges, fees, ad spend without a SKU) as `（无SKU）` / `(no SKU)` (catalog `sku_none`), a
    Shopify line without a SKU as `（无SKU）<line name>` / `(no SKU) <line name>` (catalog `no_sku`), any other SKU as
    it is."""
    from ui.i18n import tr

    text = "" if value is None else str(value)
    if text == UNALLOCATED:
        return tr("sku_none", lang)
    if text.startswith(NO_SKU):
        return tr("no_sku", lang, name=text[len(NO_SKU) :])
    return text
