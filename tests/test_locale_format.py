"""Golden strings of the Babel helper (metrics.core.locale_format, re-exported by ui.format) in zh_CN and en_US.

Each expected string is written out by hand from the number: grouping every 3 digits, the currency's decimals (JPY
none), CLDR's compact units (万 = 10^4, 亿 = 10^8; K = 10^3, M = 10^6), half-even rounding of the decimal shown.
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.core import locale_format as lf
from ui import format as fmt

NAN = float("nan")


@pytest.mark.parametrize(
    ("value", "currency", "lang", "expected"),
    [
        (1234567.891, "CNY", "zh", "¥1,234,567.89"),  # .891 -> .89
        (1234567.891, "CNY", "en", "¥1,234,567.89"),  # one symbol for CNY in both languages (module docstring)
        (-1234.5, "USD", "en", "-$1,234.50"),
        (-1234.5, "USD", "zh", "-$1,234.50"),
        (1234567.891, "JPY", "en", "JP¥1,234,568"),  # yen: no decimals, .891 rounds up
        (1500, "JPY", "zh", "JP¥1,500"),
        (12.5, "EUR", "en", "€12.50"),
        (5, "BRL", "en", "R$5.00"),  # not in SYMBOLS: CLDR's symbol
        (0, "GBP", "zh", "£0.00"),
    ],
)
def test_money(value, currency, lang, expected):
    assert lf.money(value, currency, lang) == expected
    assert fmt.money(value, currency, lang) == expected  # the ui helper is the same function


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (1_700_000, "zh", "¥170万"),  # 1,700,000 / 10,000 = 170 (3 significant digits)
        (1_700_000, "en", "¥1.70M"),  # 1,700,000 / 1,000,000 = 1.70 (3 significant digits, as zh)
        (123_456, "zh", "¥12.3万"),  # 123,456 / 10,000 = 12.3456 -> 3 significant digits
        (123_456, "en", "¥123K"),  # 123,456 / 1,000 = 123.456 -> 3 significant digits
        (999_600, "en", "¥1.00M"),  # 999.6K rounds to 1,000K: one unit up, 0.9996M -> 1.00M
        (999_600, "zh", "¥100万"),  # 99.96万 -> 100万 (3 significant digits, not 100.0万)
        (-98_765.4, "en", "-¥98.8K"),  # 98,765.4 / 1,000 = 98.7654 -> 3 significant digits
        (250_000_000, "zh", "¥2.50亿"),  # 2.5 × 10^8, 3 significant digits
        (9_876.4, "zh", "¥9,876"),  # under 10,000: whole yuan
        (85.5, "en", "¥85.50"),  # under 100: the full form
    ],
)
def test_short_money_for_tiles(value, lang, expected):
    assert fmt.money(value, "CNY", lang, short=True) == expected


def test_percent_counts_ratios_days_dates():
    assert fmt.pct(0.30688) == "30.7%" and fmt.pct(0.30688, lang="en") == "30.7%"  # 30.688 -> 30.7
    assert fmt.pct(-0.05, 0) == "-5%"
    assert fmt.pct(1.5) == "150.0%"
    assert fmt.count(1234567.4) == "1,234,567" and fmt.count(-12345, "en") == "-12,345"
    assert fmt.ratio(3.256) == "3.26" and fmt.ratio(1234.5, 1, "en") == "1,234.5"
    assert fmt.days(77.5, "zh") == "78 天" and fmt.days(1, "en") == "1 day" and fmt.days(1234, "en") == "1,234 days"
    assert fmt.day(date(2026, 11, 20), "zh") == "2026年11月20日"
    assert fmt.day(date(2026, 11, 20), "en") == "Nov 20, 2026"


@pytest.mark.parametrize("missing", [None, NAN, float("inf"), float("-inf")])
def test_missing_values_show_a_dash(missing):
    for lang in ("zh", "en"):
        shown = {
            fmt.money(missing, "CNY", lang),
            fmt.money(missing, "CNY", lang, short=True),
            fmt.pct(missing),
            fmt.count(missing, lang),
            fmt.ratio(missing),
            fmt.days(missing, lang),
        }
        assert shown == {"—"}
    assert fmt.day(None) == "—"


def test_symbols_and_decimals():
    assert [fmt.symbol(c, "en") for c in ("CNY", "USD", "JPY", "CAD")] == ["¥", "$", "JP¥", "CA$"]
    assert fmt.symbol("CHF", "en") == "CHF"  # CLDR writes the Swiss franc as its code
    assert [fmt.decimals(c) for c in ("CNY", "USD", "EUR", "JPY")] == [2, 2, 2, 0]


def test_headlines_use_the_same_helper():
    from metrics.meeting.headlines import format_money, format_value

    assert format_money(1_234_567, "CNY", "zh") == "¥123万"  # 1,234,567 / 10,000 = 123.46 -> 3 significant digits
    assert format_money(1_234_567, "CNY", "en") == "¥1.23M"
    assert format_money(33_462, "CNY", "en") == "¥33.5K"  # 33.462K -> 3 significant digits
    assert format_value(0.1234, "pct", "CNY", "en") == "12.3%"
    assert format_value(12345, "count", "CNY", "zh") == "12,345"
    assert format_value(None, "pct", "CNY", "zh") == "–"
