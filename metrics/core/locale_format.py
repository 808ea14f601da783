"""Locale-aware display of money, percentages, counts, ratios, days and dates through Babel (CLDR data).

One helper for tables, tiles, headlines, minutes and the report: `lang` is the app's language, "zh" (locale zh_CN)
or "en" (en_US). Grouping, decimals per currency (JPY none), compact units (万/亿 in Chinese: `¥170万`; K/M/B in
English: `¥1.7M`), percent and dates come from the locale. Currency symbols: the product shows the base currency
next to marketplace currencies (CNY beside JPY, USD beside CAD), so the common ones keep one unambiguous symbol in
both languages (SYMBOLS: CNY `¥`, JPY `JP¥`, USD `$`, CAD `CA$` …), where CLDR would write CNY as `CN¥` in en_US and
USD as `US$` in zh_CN; any other code takes the locale's CLDR symbol. Missing values (None, NaN, ±inf) show as `—`.
Streamlit-free, so metrics/ (headlines, minutes) and ui/ share it.
"""

from __future__ import annotations

import math
import re
from datetime import date

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from warehouse.core.english import noun

LOCALES = {"zh": "zh_CN", "en": "en_US"}
DASH = "—"
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "CAD": "CA$", "INR": "₹", "MXN": "MX$",
           "HKD": "HK$", "AUD": "A$"}  # fmt: skip


def locale_of(lang: str) -> str:
    """Returns the Babel locale of an app language: zh -> zh_CN, anything else -> en_US."""
    return LOCALES.get(lang, "en_US")


def unsigned_zero(text: str) -> str:
    """Returns a formatted number without its minus sign when it shows no digit but zeros: -0.001 with two decimals is
    `0.00` / `¥0.00`, never `-0.00` (a sign on nothing reads like a loss)."""
    return text.replace("-", "", 1) if "-" in text and not any(c in "123456789" for c in text) else text


def missing(value) -> bool:
    """Returns True for None, NaN and ±inf (shown as —)."""
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def money(value, currency: str, lang: str = "zh", short: bool = False) -> str:
    """Returns an amount with its currency symbol: `¥1,234,567.89`, `-$1,234.50`, `JP¥1,235` (JPY: no decimals).
    `short` (tiles): from the language's first compact unit up (万 = 10,000 in Chinese, K = 1,000 in English) compact
    with three significant digits (`¥12.3万` / `-$98.8K`, `¥170万` / `¥1.70M`, `-$4.45K`; `compact_money`: one row
    of English tiles read "$12.3K" beside "-$4,448"); from 100 up whole units (`¥9,876`); below, the full form. —
    when missing."""
    if missing(value):
        return DASH
    a = abs(value)
    if short and a >= UNITS["zh" if lang == "zh" else "en"][-1][0]:
        return compact_money(value, currency, lang)
    sign = "-" if value < 0 else ""
    places = 0 if short and a >= 100 else decimals(currency)
    return unsigned_zero(sign + symbol(currency, lang) + ratio(a, places, lang))


# compact units per language, largest first (CLDR's short decimal units of zh_CN and en_US)
UNITS = {"zh": ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")), "en": ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))}
SIGNIFICANT = 3  # compact money keeps three significant digits in both languages: ¥170万 / ¥1.70M, ¥12.3万 / $98.8K


def compact_money(value, currency: str, lang: str = "zh", digits: int | None = None) -> str:
    """Returns an amount in the locale's compact units: three significant digits in both languages, trailing zeros
    kept (`¥170万` / `¥1.70M`, `¥12.3万` / `¥123K`, `¥2.50亿` / `¥250M`), or exactly `digits` decimals when given;
    below 1,000 in English / 10,000 in Chinese the whole amount, grouped. — when missing."""
    if missing(value):
        return DASH
    sign, a = ("-" if value < 0 else ""), abs(value)
    units = UNITS["zh" if lang == "zh" else "en"]
    if a < units[-1][0]:  # no compact unit yet: the whole amount, grouped
        return unsigned_zero(sign + symbol(currency, lang) + ratio(a, 0, lang))
    i = next(k for k, (size, _) in enumerate(units) if a >= size)
    size, name = units[i]
    scaled, places = _significant(a / size, digits)
    if i > 0 and scaled * size >= units[i - 1][0]:  # 999.96K rounds to 1,000K: the next unit up (1.00M)
        size, name = units[i - 1]
        scaled, places = _significant(a / size, digits)
    return sign + symbol(currency, lang) + ratio(scaled, places, lang) + name


def _significant(x: float, digits: int | None) -> tuple[float, int]:
    """Returns x rounded to SIGNIFICANT significant digits (or `digits` decimals) and the decimals it keeps."""
    if digits is not None:
        return round(x, digits), digits
    places = max(0, SIGNIFICANT - len(str(int(x))))
    r = round(x, places)
    if len(str(int(r))) > len(str(int(x))):  # 99.96 -> 100.0: one digit fewer after the point
        places = max(0, places - 1)
        r = round(x, places)
    return r, places


def number_short(value, lang: str = "zh") -> str:
    """Returns a plain number shortened: `170万` / `1.7M` from 10,000 up, else grouped (`9,999`). — when missing."""
    if missing(value):
        return DASH
    if abs(value) >= 1e4:
        return format_compact_decimal(value, locale=locale_of(lang), fraction_digits=2)
    return format_decimal(value, "#,##0.##", locale=locale_of(lang))


def pct(value, digits: int = 1, lang: str = "zh") -> str:
    """Returns a fraction as a percentage with `digits` decimals: 0.1234 -> `12.3%`, -0.05 -> `-5.0%`. — when
    missing."""
    if missing(value):
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return unsigned_zero(format_percent(value, pattern, locale=locale_of(lang)))


def count(value, lang: str = "zh") -> str:
    """Returns a whole number with the locale's grouping: 1234567 -> `1,234,567`. — when missing."""
    return DASH if missing(value) else unsigned_zero(format_decimal(round(value), "#,##0", locale=locale_of(lang)))


def ratio(value, digits: int = 2, lang: str = "zh") -> str:
    """Returns a plain ratio with `digits` decimals and grouping (ROAS `3.25`, `1,234.50`). — when missing."""
    if missing(value):
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return unsigned_zero(format_decimal(value, pattern, locale=locale_of(lang)))


def days(value, lang: str = "zh") -> str:
    """Returns a number of days: `45 天` / `45 days` (`1 day`). — when missing."""
    if missing(value):
        return DASH
    n = count(value, lang)
    return f"{n} 天" if lang == "zh" else f"{n} day" + ("" if n == "1" else "s")


def month(value: date | None, lang: str = "zh") -> str:
    """Returns a month (any day of it) in the locale: `2026年11月` / `Nov 2026`. — when missing."""
    if value is None:
        return DASH
    return format_skeleton("yMMM", value, locale=locale_of(lang))


def day(value: date | None, lang: str = "zh") -> str:
    """Returns a date in the locale's long-enough form: `2026年11月20日` / `Nov 20, 2026`. — when missing."""
    if value is None:
        return DASH
    return format_date(value, "medium", locale=locale_of(lang))


NBSP, WORD_JOINER = "\u00a0", "\u2060"


def day_nowrap(value: date | str | None, lang: str = "zh") -> str:
    """Returns `day` (an ISO string too: the meeting's frozen payloads hold dates as text) with its spaces
    non-breaking (`Nov 20, 2026`); — when missing. A Chinese date has no spaces: the meeting page keeps it on one line
    in a `white-space: nowrap` span (pages/meeting_parts.nowrap_html) — no invisible word joiners (U+2060) in the text,
    which a headline copied into an e-mail carried along."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    return day(value, lang).replace(" ", NBSP)


def unwrapped(text: str) -> str:
    """Returns text with `day_nowrap`'s marks as plain spaces and nothing (what a reader sees, for comparisons)."""
    return text.replace(WORD_JOINER, "").replace(NBSP, " ")


def symbol(currency: str, lang: str = "zh") -> str:
    """Returns the currency's symbol: SYMBOLS (same in both languages), else the locale's CLDR symbol (the code
    itself for a code CLDR does not know)."""
    from babel.numbers import get_currency_symbol

    code = (currency or "").upper()
    return SYMBOLS.get(code) or (get_currency_symbol(code, locale=locale_of(lang)) if code else "")


def decimals(currency: str) -> int:
    """Returns how many decimals the currency shows (CLDR): JPY 0, CNY/USD/EUR 2."""
    from babel.numbers import get_currency_precision

    return get_currency_precision((currency or "").upper() or "CNY")


# a plural mark in a catalog text: {n|row|rows} is "row" when the field n is 1, else "rows" (the count itself stays
# in its own {n} field: "{n} {n|row|rows} added"); Chinese needs none
PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def plural(text: str, values: dict) -> str:
    """Returns `text` with each plural mark {field|one|other} replaced by the form that agrees with values[field]
    (a mark naming no given field keeps its plural form)."""
    return PLURAL.sub(lambda m: noun(values.get(m.group(1), 2), m.group(2), m.group(3)), text)
