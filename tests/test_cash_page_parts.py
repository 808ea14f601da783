"""The Cash page on the demo (22 Oct – 20 Nov 2026, both languages): a week or month the period cuts is marked as
the P&L marks a cut month (a pale bar and "… has only n of its m days in the period"); the reserves table fits a
1440 px page (its base-currency column was cut at the right edge); and the days-to-cash table says its paid sales
are gross sales of the lines paid in the period, whatever their order date — not the period's net sales (Amazon's
¥1.94M of paid sales beside ¥1.33M of net sales: three 14-day settlements paid 22 Oct, 5 Nov and 19 Nov pay for
sales of 9 Oct – 19 Nov, before promotions and refunds)."""

from __future__ import annotations

import json

import polars as pl
import pytest

from metrics.core.locale_format import day, month
from tests.conftest import open_app_page
from ui.cash import reserves_view
from ui.i18n import tr

VIEW = {"period": "custom", "start": "2026-10-22", "end": "2026-11-20", "compare": "previous"}
# the grid's width at a 1440 px window: 1440 − the sidebar (300) − the wide layout's side padding (2 × 80) − border
PAGE_1440_PX = 976


def _cash(demo_warehouse_file, monkeypatch, lang: str):
    return open_app_page(demo_warehouse_file, monkeypatch, "pages/cash.py", {**VIEW, "lang": lang}, copy="cash_")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cut_months_and_weeks_are_marked_and_the_reserves_fit(demo_warehouse_file, monkeypatch, lang):
    from datetime import date

    at = _cash(demo_warehouse_file, monkeypatch, lang)
    captions = [c.value for c in at.caption]
    # October: 22–31 = 31 − 22 + 1 = 10 of its 31 days; November: 1–20 = 20 of its 30 days
    for first, n, whole in ((date(2026, 10, 1), 10, 31), (date(2026, 11, 1), 20, 30)):
        assert tr("pnl_partial_month", lang, day=month(first, lang), n=n, of=whole) in captions, captions
    assert tr("cash_paid_note", lang) in captions
    # the reserves table: no settlement id on screen (its end date names it), every column within 1440 px
    (grid,) = [d for d in at.dataframe if "reserve_held_base" in d.value.columns]
    shown = list(grid.value.columns)
    assert "payout_id" not in shown and "reserve_held_base" in shown, shown
    config = json.loads(grid.proto.columns)
    widths = {c: config[c]["width"] for c in shown}
    assert sum(widths.values()) <= PAGE_1440_PX, widths
    # weeks: Thu 22 Oct sits in the week of Mon 19 Oct (22–25 Oct: 4 of 7 days); Fri 20 Nov in the week of Mon 16 Nov
    # (16–20 Nov: 5 of 7 days)
    at.radio(key="cash_grain").set_value("week").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    for monday, n in ((date(2026, 10, 19), 4), (date(2026, 11, 16), 5)):
        assert tr("cash_partial_week", lang, day=day(monday, lang), n=n, of=7) in captions, captions


def test_reserves_view_drops_the_settlement_id_and_a_lone_store():
    held = pl.DataFrame({"store": ["default"], "marketplace": ["amazon.com"], "currency": ["USD"],
                         "payout_id": ["24508790053"], "reserve_held": [4074.59]})  # fmt: skip
    assert reserves_view(held, 1).columns == ["marketplace", "currency", "reserve_held"]
    assert reserves_view(held, 2).columns == ["store", "marketplace", "currency", "reserve_held"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_chart_names_its_periods_as_the_table_does(lang):
    """The chart's axis read ISO dates (2026-10-01, slanted) beside the table's and the P&L's 2026年10月 / Oct 2026:
    its bars are now named by the month, in order (October before November), and a week by its first day."""
    from datetime import date

    from ui.cash import cash_chart

    frame = pl.DataFrame({"period": [date(2026, 10, 1), date(2026, 11, 1)], "cash_received": [10.0, 20.0],
                          "net_profit": [1.0, 2.0]})  # fmt: skip
    spec = cash_chart(frame, "Cash", "Profit", grain="month", lg=lang)
    values = next(iter(spec["datasets"].values()))
    assert {v["label"] for v in values} == {month(date(2026, 10, 1), lang), month(date(2026, 11, 1), lang)}
    assert spec["layer"][0]["encoding"]["x"]["sort"] == [month(date(2026, 10, 1), lang), month(date(2026, 11, 1), lang)]
    assert month(date(2026, 10, 1), lang) == ("2026年10月" if lang == "zh" else "Oct 2026")
    week = cash_chart(frame, "Cash", "Profit", grain="week", lg=lang)
    assert next(iter(week["datasets"].values()))[0]["label"] == day(date(2026, 10, 1), lang)
