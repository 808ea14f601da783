"""A past period's meeting (October, reviewed on 2 December) shows October's figures — inventory value at its own
stock day, 31 Oct — and its stock risk from the warehouse's latest stock (20 Nov: a meeting acts on today's stock).
The conclusion-first headline names the stock day its risk reads ("projected from the stock of Nov 20, 2026"), as
Inventory's older-period lines do, and the caption under it names both days: the headline and its caption agree."""

from __future__ import annotations

from datetime import date

import pytest

from metrics.core.locale_format import unwrapped
from metrics.meeting.headlines import risk_text

OCT_END = date(2026, 10, 31)
TODAY = date(2026, 12, 2)
STOCKOUT = {"kind": "stockout", "sku": "CHG-DUAL", "days": 12, "date": "2026-12-03", "stock": "2026-11-20"}
OUT = {"kind": "out_of_stock", "sku": "ACC-REMOTE", "since": "2026-11-05", "stock": "2026-11-20"}
AGED = {"kind": "aged_stock", "sku": "MNT-DOG", "units": 40, "stock": "2026-11-20"}


@pytest.mark.parametrize(
    ("risk", "zh", "en"),
    [
        (
            STOCKOUT,  # 3 Dec is 1 day after the meeting day, 2 Dec
            "CHG-DUAL 按 2026年11月20日 的库存推算 2026年12月3日 断货（1 天后）",
            "CHG-DUAL: projected from the stock of Nov 20, 2026 to stock out on Dec 3, 2026 (in 1 day)",
        ),
        (
            OUT,
            "ACC-REMOTE 自 2026年11月5日 起断货（2026年11月20日 的库存）",
            "ACC-REMOTE out of stock since Nov 5, 2026 (stock of Nov 20, 2026)",
        ),
        (
            AGED,
            "MNT-DOG 库龄超180天 40 件（2026年11月20日 的库存）",
            "MNT-DOG has 40 units aged over 180 days (stock of Nov 20, 2026)",
        ),
    ],
)
def test_a_past_periods_stock_risk_names_the_later_stock_it_reads(risk, zh, en):
    assert unwrapped(risk_text(risk, "zh", today=TODAY, period_end=OCT_END)) == zh
    assert unwrapped(risk_text(risk, "en", today=TODAY, period_end=OCT_END)) == en
    # the period's own stock (a December meeting reading 20 Nov's stock): no stock day named, as before
    own = unwrapped(risk_text(risk, "en", today=TODAY, period_end=date(2026, 12, 31)))
    assert "stock of" not in own and "projected" not in own, own


def test_octobers_meeting_on_the_demo_names_the_stock_day_in_headline_and_caption(demo_warehouse_file, monkeypatch):
    import duckdb

    from metrics.meeting.report import section_headline
    from metrics.meeting.views import build_views
    from pages.meeting_parts import stock_caption

    monkeypatch.setenv("SELLER_COCKPIT_TODAY", TODAY.isoformat())
    con = duckdb.connect(str(demo_warehouse_file), read_only=True)
    try:
        views = build_views(con, date(2026, 10, 1), OCT_END)
    finally:
        con.close()
    supply = views["supply_chain"]
    # the figures read October's last stock day, the tables and the risk the warehouse's latest (the demo's 20 Nov)
    assert (supply["period_stock"], supply["stock_as_of"], supply["risk"]["stock"]) == (
        "2026-10-31", "2026-11-20", "2026-11-20",
    )  # fmt: skip
    sku = supply["risk"]["sku"]  # the demo's first stock-out risk (which SKU is the forecast's, not this test's)
    for lang, said, caption in (
        ("en", f"main risk: {sku}: projected from the stock of Nov 20, 2026 to stock out on",
         "The figures above read the period's own stock (Oct 31, 2026); the stock tables, the stock-out dates and the "
         "headline's stock risk read the latest stock data, Nov 20, 2026"),
        ("zh", f"主要风险：{sku} 按 2026年11月20日 的库存推算",
         "上方指标按本期库存（2026年10月31日）计算；库存表、预计断货日与标题中的库存风险按最新库存数据（2026年11月20日）推算"),
    ):  # fmt: skip
        text = unwrapped(section_headline("supply_chain", supply, lang, [], today=TODAY))
        assert said in text, text
        assert unwrapped(stock_caption(supply, lang)).startswith(caption), stock_caption(supply, lang)
    # the finance view weighs the same stock risk against its loss-makers: when it names that risk, it says the same
    # day (with the demo's open orders its main risk is a loss-making SKU; risk_text's cases above cover the wording)
    finance = unwrapped(section_headline("finance", views["finance"], "en", [], today=TODAY))
    assert (f"{sku}: projected from the stock of Nov 20, 2026" in finance) == (f"main risk: {sku}:" in finance), finance
