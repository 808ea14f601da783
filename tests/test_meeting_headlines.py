"""Conclusion-first headlines from fixed facts, exact sentences in both languages."""

from datetime import date

import pytest

from metrics.core.locale_format import NBSP, WORD_JOINER, unwrapped
from metrics.meeting.headlines import HeadlineFacts, data_headline, format_money, headline, risk_text

OCT = (date(2026, 10, 1), date(2026, 10, 31))
STOCKOUT = {"kind": "stockout", "sku": "CAM-4K-BLK", "days": 9}


def facts(**kw) -> HeadlineFacts:
    base = dict(name_zh="净利润", name_en="Net profit", value=1_230_000.0, unit="money", period_start=OCT[0],
                period_end=OCT[1], data_through=date(2026, 10, 26), target=1_500_000.0, risk=STOCKOUT)  # fmt: skip
    base.update(kw)
    return HeadlineFacts(**base)


def test_running_month_with_target_forecast_gap_and_risk():
    f = facts()
    # 1,230,000 / 1,500,000 = 82 %; run-rate 1,230,000 × 31 / 26 = 1,466,538 -> 97.8 % -> "97.8 %" (one decimal in sentences); gap 1,500,000 − 1,466,538 = 33,462 -> ¥33.5K / ¥3.35万;
    # gap 1,500,000 - 1,466,538 = 33,462 -> ¥33K / ¥3.3万 (Babel: en_US compact K, percent without a space)
    assert headline(f, "en") == (
        "October (26 of 31 days) net profit ¥1.23M, 82.0% of target; at this pace 97.8% by month end, gap ¥33.5K; "
        "main risk: CAM-4K-BLK stocks out in 9 days"
    )
    assert headline(f, "zh") == (
        "10月（31 天中已有 26 天数据）净利润 ¥123万，完成目标 82.0%；按当前节奏月底完成 97.8%，缺口 ¥3.35万；"
        "主要风险：CAM-4K-BLK 预计 9 天后断货"
    )
    assert headline(f, "en") == headline(facts(), "en")  # reproducible


def test_closed_month_has_no_forecast():
    f = facts(data_through=OCT[1])
    # closed: gap = 1,500,000 - 1,230,000 = 270,000 -> ¥270k / ¥27万
    assert headline(f, "en") == (
        "October net profit ¥1.23M, 82.0% of target; gap ¥270K; main risk: CAM-4K-BLK stocks out in 9 days"
    )
    assert headline(f, "zh") == "10月净利润 ¥123万，完成目标 82.0%；缺口 ¥27.0万；主要风险：CAM-4K-BLK 预计 9 天后断货"
    ahead = facts(data_through=OCT[1], value=1_650_000.0, risk=None)
    # 1.65M / 1.5M = 110 %; ahead by 150,000
    assert headline(ahead, "en") == "October net profit ¥1.65M, 110.0% of target; ahead of target by ¥150K"
    assert headline(ahead, "zh") == "10月净利润 ¥165万，完成目标 110.0%；超出目标 ¥15.0万"


def test_without_target_compares_with_previous_period():
    f = facts(name_zh="净销售额", name_en="Net sales", value=500_000.0, target=None, compare_value=400_000.0,
              risk={"kind": "loss_sku", "sku": "DRONE-MINI", "net_profit": -12_345.0}, currency="USD")  # fmt: skip
    # (500,000 - 400,000) / 400,000 = +25 %; a month with data to the 26th says so (26 of its 31 days)
    assert headline(f, "en") == (
        "October (26 of 31 days) net sales $500K, +25.0% vs previous period; main risk: DRONE-MINI loses $12.3K"
    )
    assert (
        headline(f, "zh")
        == "10月（31 天中已有 26 天数据）净销售额 $50.0万，环比 +25.0%；主要风险：DRONE-MINI 亏损 $1.23万"
    )
    # and, given the dates its comparison read (the 26 days before: 5-30 Sep), names them
    named = facts(name_en="Net sales", value=500_000.0, target=None, compare_value=400_000.0, risk=None,
                  compared=(date(2026, 9, 5), date(2026, 9, 30)))  # fmt: skip
    assert headline(named, "en") == "October (26 of 31 days) net sales ¥500K, +25.0% vs 5 Sep–30 Sep"
    # a closed month keeps "vs previous period" (the previous whole month)
    assert headline(facts(data_through=OCT[1], target=None, compare_value=1_000_000.0, risk=None,
                          compared=(date(2026, 9, 1), date(2026, 9, 30))), "en") == (
        "October net profit ¥1.23M, +23.0% vs previous period"
    )  # fmt: skip


def test_ratio_metric_and_partial_period():
    f = facts(name_zh="ACoS", name_en="ACoS", value=0.32, unit="pct", additive=False, target=0.25,
              period_start=date(2026, 10, 1), period_end=date(2026, 10, 15), data_through=date(2026, 10, 15),
              risk={"kind": "above_breakeven", "name": "CAM-4K-BLK", "acos": 0.32, "breakeven_acos": 0.21})  # fmt: skip
    assert (
        headline(f, "en")
        == "1 Oct–15 Oct ACoS 32.0%, target 25.0%; main risk: CAM-4K-BLK ACoS 32.0% above break-even 21.0%"
    )
    assert (
        headline(f, "zh")
        == "10月1日–10月15日ACoS 32.0%，目标 25.0%；主要风险：CAM-4K-BLK ACoS 32.0% 高于盈亏平衡 21.0%"
    )


def test_data_headline_and_money_format():
    # the day by locale, as everywhere else in the app (it was ISO in both languages)
    en = data_headline(date(2026, 10, 28), OCT[1], 0.955, "en", {"kind": "missing_fx", "currency": "EUR"})
    assert unwrapped(en) == (
        "Data through Oct 28, 2026, 3 days short of the period end, cost coverage 95.5%; main risk: no FX rate for EUR"
    )
    assert unwrapped(data_headline(OCT[1], OCT[1], None, "zh")) == "数据截至 2026年10月31日，覆盖整个期间"
    assert format_money(-1234.0, "EUR", "en") == "-€1.23K"  # 1,234 / 1,000 = 1.234 -> 1.23K (3 significant digits)
    assert format_money(250_000_000.0, "CNY", "zh") == "¥2.50亿"  # 250,000,000 / 1e8 = 2.50 (3 significant digits)
    assert format_money(850.0, "CNY", "zh") == "¥850"


# the walk's SKU: stock data of 20 Nov 2026, stock-out projected for 14 Dec 2026 (23 days after the model's first day,
# 21 Nov); the meeting is projected on 1 Dec 2026
CHG_DUAL = {"kind": "stockout", "sku": "CHG-DUAL", "days": 23, "date": "2026-12-14"}


@pytest.mark.parametrize(
    ("today", "zh", "en"),
    [
        # 14 Dec − 1 Dec = 13 days from the day the room reads it (not the 23 days from the stock data's day)
        (
            date(2026, 12, 1),
            "CHG-DUAL 预计 2026年12月14日 断货（13 天后）",
            "CHG-DUAL stocks out on Dec 14, 2026 (in 13 days)",
        ),
        (
            date(2026, 12, 13),
            "CHG-DUAL 预计 2026年12月14日 断货（1 天后）",
            "CHG-DUAL stocks out on Dec 14, 2026 (in 1 day)",
        ),
        (
            date(2026, 12, 14),
            "CHG-DUAL 预计 2026年12月14日 断货（今天）",
            "CHG-DUAL stocks out on Dec 14, 2026 (today)",
        ),
        # stale stock data: the projected day is already past on the meeting day (20 Dec > 14 Dec): a projection of
        # older stock (a frozen meeting's record without its stock day), never "6 days ago" as if a forecast
        (
            date(2026, 12, 20),
            "CHG-DUAL 按较早的库存数据推算 2026年12月14日 断货，该日已过",
            "CHG-DUAL: projected from older stock data to stock out on Dec 14, 2026, a day already past",
        ),
    ],
)
def test_stockout_risk_reads_its_date_by_locale_and_counts_days_from_today(today, zh, en):
    assert unwrapped(risk_text(CHG_DUAL, "zh", today=today)) == zh
    assert unwrapped(risk_text(CHG_DUAL, "en", today=today)) == en
    # the same sentence in a headline
    f = facts(risk=CHG_DUAL, today=today)
    assert unwrapped(headline(f, "en")).endswith("main risk: " + en)
    assert unwrapped(headline(f, "zh")).endswith("主要风险：" + zh)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_past_projected_stockout_names_the_stock_it_was_projected_from(lang):
    """The walk: October's stock (31 Oct) projected CHG-DUAL out on 24 Nov, read on 2 Dec as "stocks out on Nov 24
    (8 days ago)" — as if a forecast. A day before the meeting day is a projection from that stock, already past."""
    risk = {**CHG_DUAL, "date": "2026-11-24", "stock": "2026-10-31"}
    text = unwrapped(risk_text(risk, lang, today=date(2026, 12, 2)))
    want = {
        "zh": "CHG-DUAL 按 2026年10月31日 的库存推算 2026年11月24日 断货，该日已过",
        "en": "CHG-DUAL: projected from the stock of Oct 31, 2026 to stock out on Nov 24, 2026, a day already past",
    }[lang]
    assert text == want
    assert "ago" not in text and "已过 8 天" not in text and "预计" not in text
    # the meeting's supply view keeps the stock day it projected from in the risk record
    assert unwrapped(risk_text(risk, lang, today=date(2026, 11, 24))) == (
        "CHG-DUAL 预计 2026年11月24日 断货（今天）" if lang == "zh" else "CHG-DUAL stocks out on Nov 24, 2026 (today)"
    )


def test_a_projected_date_never_breaks_across_lines():
    """Presenter mode wrapped "Dec 14, / 2026" and "2026年12月 / 14日": the date's spaces are non-breaking; a
    Chinese date is kept whole by the page's nowrap span (pages.meeting_parts.nowrap_html), not by invisible word
    joiners in the text (a copied headline carried them into e-mails)."""
    from pages.meeting_parts import nowrap_html

    en = risk_text(CHG_DUAL, "en", today=date(2026, 12, 1))
    assert f"Dec{NBSP}14,{NBSP}2026" in en
    zh = risk_text(CHG_DUAL, "zh", today=date(2026, 12, 1))
    assert "2026年12月14日" in zh and WORD_JOINER not in zh and WORD_JOINER not in en
    assert '<span style="white-space:nowrap">2026年12月14日</span>' in nowrap_html(zh)
    since = {"kind": "out_of_stock", "sku": "ACC-REMOTE", "since": "2026-11-05"}
    assert unwrapped(risk_text(since, "en")) == "ACC-REMOTE out of stock since Nov 5, 2026"
    assert unwrapped(risk_text(since, "zh")) == "ACC-REMOTE 自 2026年11月5日 起断货"
    assert f"Nov{NBSP}5,{NBSP}2026" in risk_text(since, "en")
