"""A meeting of a month still running (November 2026 reviewed on 2 December; the demo's data end on 20 November)
reads the Management P&L's figures and says it is a part month.

One company, one month, one operating profit: the meeting's key figures, its P&L table, its profit bridge and its
budget table read November's 20 days with data, as the P&L page does (`metrics.accounts.pnl.pnl` over 1-20 Nov: a
month-only expense spread evenly over its 30 days, 20/30 of it in the part month). The key figures took all 30 days
of expenses (−¥87.9K, operating profit ¥40.0K) while the budget table said 68,984.86. Its headline compared 20 days
of November with all 31 days of October ("net profit ¥128K, -32.5% vs previous period": a fake crash); it now says
"(20 of 30 days)" and names the 20 days it is compared with (12-31 Oct, the P&L's previous period for 1-20 Nov).
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.core.locale_format import unwrapped
from metrics.meeting.headlines import HeadlineFacts, headline

TODAY = date(2026, 12, 2)
NOV, NOV_END, THROUGH = date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 20)

# the demo's expenses template (data/demo/templates/expenses.csv), November 2026, month-only CNY entries × 20/30:
#   salaries 30,240 (运营) + 12,960 (供应链) + 8,640 (财务) + 9,720 (设计) = 61,560 × 20 / 30 = 41,040.00
#   rent 6,500 × 20 / 30 = 4,333.33;  agency (TikTok 代运营) 8,000 × 20 / 30 = 5,333.33
HAND = {"expense:salaries": -41_040.00, "expense:rent": -4_333.33, "expense:agency": -5_333.33}
# the P&L page's November (the walk's reading): expenses (58,936.78), operating profit 68,984.86
PNL_EXPENSES, PNL_OPERATING = 58_936.78, 68_984.86


@pytest.fixture(scope="module")
def november(demo_warehouse_file):
    import duckdb

    from metrics.accounts.pnl import pnl, summary
    from metrics.core.api import Filters, kpis
    from metrics.meeting.views import build_views

    mp = pytest.MonkeyPatch()
    mp.setenv("SELLER_COCKPIT_TODAY", TODAY.isoformat())
    con = duckdb.connect(str(demo_warehouse_file), read_only=True)
    try:
        views = build_views(con, NOV, NOV_END)
        page = summary(pnl(con, Filters(start=NOV, end=THROUGH)))  # the P&L page's November (data to the 20th)
        october = kpis(con, Filters(start=date(2026, 10, 12), end=date(2026, 10, 31)))  # 20 days before 21 Nov
    finally:
        con.close()
        mp.undo()
    return views, page, october


def test_the_meetings_operating_profit_is_the_pnls(november):
    views, page, _ = november
    fin = views["finance"]
    pnl_rows = {r["pnl_line"]: r["amount"] for r in fin["tables"]["pnl"]}
    for line, amount in HAND.items():  # expenses prorated as the P&L does, by hand
        assert pnl_rows[line] == pytest.approx(amount, abs=0.01), line
        assert page[line] == pytest.approx(amount, abs=0.01), line
    assert page["expenses"] == pytest.approx(-PNL_EXPENSES, abs=0.01)
    assert page["operating_profit"] == pytest.approx(PNL_OPERATING, abs=0.01)
    # key figures (costs stored ≥ 0), the P&L table, the bridge's end and the budget's actual: one operating profit
    figs = fin["figures"]
    assert figs["expenses"]["value"] == pytest.approx(PNL_EXPENSES, abs=0.01)
    assert figs["operating_profit"]["value"] == pytest.approx(PNL_OPERATING, abs=0.01)
    assert pnl_rows["expenses"] == pytest.approx(-PNL_EXPENSES, abs=0.01)
    assert pnl_rows["operating_profit"] == pytest.approx(PNL_OPERATING, abs=0.01)
    assert fin["tables"]["profit_bridge"][-1]["amount"] == pytest.approx(PNL_OPERATING, abs=0.01)
    budget = next(r for r in fin["tables"]["budget_variance"] if r["budget_line"] == "operating_profit")
    assert budget["actual"] == pytest.approx(PNL_OPERATING, abs=0.01)
    # operating profit = net profit − expenses (127,921.64 − 58,936.78 = 68,984.86)
    assert figs["net_profit"]["value"] - figs["expenses"]["value"] == pytest.approx(PNL_OPERATING, abs=0.01)
    # the meeting's period stays the month; its figures read the days with data
    assert fin["period"] == {"start": "2026-11-01", "end": "2026-11-30"} and fin["data_through"] == "2026-11-20"


@pytest.mark.parametrize(
    ("lang", "expenses", "operating"), [("en", "-¥58.9K", "¥69.0K"), ("zh", "-¥5.89万", "¥6.90万")]
)
def test_the_key_figures_say_the_pnls_amounts(november, lang, expenses, operating):
    from metrics.meeting.report import key_figures

    shown = {f["metric"]: f["value"] for f in key_figures(november[0]["finance"], lang)}
    assert (shown["expenses"], shown["operating_profit"]) == (expenses, operating)


def test_part_month_headlines_compare_like_with_like(november):
    from metrics.meeting.report import section_headline

    views, _, october = november
    fin = views["finance"]
    # previous = the 20 days before 21 Nov (12-31 Oct), the P&L's previous period for 1-20 Nov; not all of October
    assert fin["compared"]["previous"] == ["2026-10-12", "2026-10-31"]
    assert fin["figures"]["net_profit"]["previous"] == pytest.approx(october["net_profit"])
    expected = {
        "sales": ("November (20 of 30 days) net sales ¥1.33M,", "11月（30 天中已有 20 天数据）净销售额 ¥133万，"),
        "marketing": ("November (20 of 30 days) ad spend ¥208K,", "11月（30 天中已有 20 天数据）广告花费 ¥20.8万，"),
        "finance": ("November (20 of 30 days) net profit ¥128K,", "11月（30 天中已有 20 天数据）净利润 ¥12.8万，"),
    }
    for key, (en, zh) in expected.items():
        text_en = unwrapped(section_headline(key, views[key], "en", [], today=TODAY))
        text_zh = unwrapped(section_headline(key, views[key], "zh", [], today=TODAY))
        assert text_en.startswith(en) and " vs 12 Oct–31 Oct" in text_en, text_en
        assert text_zh.startswith(zh) and "较10月12日–10月31日 " in text_zh, text_zh
        assert "vs previous period" not in text_en and "环比" not in text_zh
    # the old headline's fake crash: 20 days of November against 31 of October
    assert "-32.5%" not in unwrapped(section_headline("finance", fin, "en", [], today=TODAY))


def test_a_closed_month_reads_as_before():
    facts = dict(name_zh="净利润", name_en="Net profit", value=190_000.0, unit="money", period_start=date(2026, 10, 1),
                 period_end=date(2026, 10, 31), data_through=date(2026, 10, 31), compare_value=200_000.0)  # fmt: skip
    closed = HeadlineFacts(**facts, compared=(date(2026, 9, 1), date(2026, 9, 30)))
    assert headline(closed, "en") == "October net profit ¥190K, -5.0% vs previous period"
    assert headline(closed, "zh") == "10月净利润 ¥19.0万，环比 -5.0%"
    # a part month frozen before the comparison dates were stored: it still says it is a part month
    part = HeadlineFacts(**(facts | {"data_through": date(2026, 10, 20)}))
    assert headline(part, "en").startswith("October (20 of 31 days) net profit ¥190K, -5.0% vs previous period")
    assert headline(part, "zh").startswith("10月（31 天中已有 20 天数据）净利润 ¥19.0万，环比 -5.0%")


@pytest.mark.parametrize(
    ("lang", "headers"),
    [
        ("en", ["Budget (¥)", "Actual to date (¥)", "Month-end forecast (¥)", "Forecast vs budget (¥)",
                "Verdict (forecast vs budget)"]),
        ("zh", ["预算 (¥)", "至今实际 (¥)", "月底预测 (¥)", "预测较预算 (¥)", "判断（按预测较预算）"]),
    ],
)  # fmt: skip
def test_the_budget_table_shows_the_forecast_its_verdict_reads(november, monkeypatch, lang, headers):
    """November's Amazon ad spend: actual to date (172,799.35) under the budget (186,120.00) read favourable, yet
    the verdict is unfavourable: it reads the month-end forecast, 172,799.35 × 30 / 20 = (259,199.03), which is
    (73,079.03) over budget. The table shows that forecast and its variance beside the verdict, in brackets."""
    import pages.meeting_parts as parts
    from ui import tables

    shown = []
    monkeypatch.setattr(parts.tables, "show", lambda frame, key, *a, **kw: shown.append((key, frame, kw)))
    parts.department("finance", november[0]["finance"], lang, [], hide_costs=False)
    (frame, kw) = next((f, kw) for k, f, kw in shown if k.startswith("mtg_finance_budget_variance"))
    money = ["budget", "actual", "forecast", "forecast_variance", "verdict"]
    assert [c for c in frame.columns if c in money] == money  # in reading order, the verdict after its forecast
    ads = next(r for r in frame.iter_rows(named=True) if r["budget_line"] == "ad_spend" and r["channel"] == "amazon")
    assert ads["actual"] == pytest.approx(-172_799.35, abs=0.01) and ads["budget"] == pytest.approx(-186_120.0)
    assert ads["forecast"] == pytest.approx(-172_799.35 * 30 / 20, abs=0.01)  # -259,199.03
    assert ads["forecast_variance"] == pytest.approx(-259_199.03 + 186_120.0, abs=0.01)  # -73,079.03
    assert ads["verdict"] == "unfavourable" and kw["brackets"] is True
    monkeypatch.setattr("ui.plan_editors.lang", lambda: lang)  # the page's language (a session's view state)
    config = tables.columns(frame, "CNY", kw["spec"])
    assert [config[c]["label"] for c in money] == headers


def test_the_key_figures_say_which_days_they_compare(november):
    from pages.meeting_parts import cut_caption

    fin = november[0]["finance"]
    en, zh = (unwrapped(cut_caption(fin, lang)) for lang in ("en", "zh"))
    assert "the 20 days with data (Nov 1, 2026 to Nov 20, 2026) of its 30" in en, en
    assert "previous period = the 20 days before (Oct 12, 2026 to Oct 31, 2026)" in en, en
    assert "有数据的 20 天（2026年11月1日 至 2026年11月20日，本期共 30 天）" in zh, zh
    assert "上期 = 之前的 20 天（2026年10月12日 至 2026年10月31日）" in zh, zh
    assert cut_caption(fin | {"data_through": "2026-11-30"}, "en") is None  # a closed month: no note
