"""Dates by locale where the walk found ISO or cut ones: the meeting's sentences (risk, data-through, period, frozen-at,
stock-as-of) read `2026年12月14日` / `Dec 14, 2026`, never break inside a date, and a stock-out's days count from the
day the page is read (Inventory's stock-out list too); the import history shows its dates and report formats whole;
date fields take each language's order.

The walk's numbers: stock data of 20 Nov 2026, CHG-DUAL projected out on 14 Dec 2026 — "23 天后" was counted from the
stock model's first day (21 Nov), read in a meeting on 1 Dec it is 13 days away.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime

import duckdb
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import locale_format as lf
from metrics.meeting import store
from metrics.meeting.snapshot import frozen_views, start_meeting
from tests.conftest import open_app_page
from ui.grid import fit_widths, text_px
from ui.i18n import date_format
from ui.inventory import stockout_note

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.mark.parametrize(
    ("lang", "want"),
    [
        # 14 Dec − 1 Dec = 13 days; the lead time as Inventory writes days
        ("zh", "CHG-DUAL 预计 2026年12月14日 断货（13 天后，交期 75 天）"),
        ("en", "CHG-DUAL runs out around Dec 14, 2026 (in 13 days; lead time 75 days)"),
    ],
)
def test_inventory_stockout_line_counts_days_from_today(lang, want):
    """The list said "23 days of cover" from the 20 Nov stock without saying so; read on 1 Dec it meant 13."""
    row = {"sku": "CHG-DUAL", "stockout_date": date(2026, 12, 14), "out_of_stock": False, "days_of_cover": 23,
           "lead_time_days": 75}  # fmt: skip
    assert re.sub(r"\\(.)", r"\1", stockout_note(row, lang, date(2026, 12, 1))) == want
    # one day left reads singular; a day already past (stale stock data) is a projection from the stock of its day,
    # never "3 days ago" as if a forecast
    one = stockout_note(row, lang, date(2026, 12, 13))
    assert ("（1 天后，" if lang == "zh" else "(in 1 day;") in one, one
    past = re.sub(r"\\(.)", r"\1", stockout_note({**row, "stock_day": date(2026, 11, 20)}, lang, date(2026, 12, 17)))
    assert (
        past
        == {
            "zh": "CHG-DUAL：按 2026年11月20日 的库存推算约 2026年12月14日 断货，该日已过（交期 75 天）",
            "en": "CHG-DUAL: projected from the stock of Nov 20, 2026 to run out around Dec 14, 2026, a day already past "
            "(lead time 75 days)",
        }[lang]
    ), past


def test_date_fields_take_each_languages_order():
    # st.date_input offers only numeric formats: Chinese writes year/month/day, en_US month/day/year
    assert date_format("zh") == "YYYY/MM/DD"
    assert date_format("en") == "MM/DD/YYYY"


def test_grid_dates_are_never_cut_at_their_headers_width():
    """The import history read "2026-12-01 12:4…" (header 导入时间) and "2026-10-" (header 起始日)."""
    frame = pl.DataFrame(
        {"imported_at": [datetime(2026, 12, 1, 12, 45)], "period_start": [date(2026, 10, 1)]},
        schema={"imported_at": pl.Datetime("us"), "period_start": pl.Date},
    )
    out = fit_widths(frame, {"imported_at": "导入时间", "period_start": "起始日"})
    # ui.grid.CHAR_PX + 20 px padding: "2026-12-01 12:45" = twelve digits × 7.2 + "--" 2 × 5 + " " 3 + ":" 3.6 = 103
    # + 20 = 123; "2026-10-01" = 8 × 7.2 + 2 × 5 = 67.6 → 68 + 20 = 88
    assert out["imported_at"]["width"] >= 123 == text_px("2026-12-01 12:45")
    assert out["period_start"]["width"] >= 88 == text_px("2026-10-01")


@pytest.fixture(scope="module")
def demo_copy(demo_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dates15")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    con = duckdb.connect(str(folder / "wh.duckdb"))
    try:  # the walk's review: October 2026, frozen (the demo's stock data end on 20 Nov 2026)
        mid = store.create_meeting(con, "2026-10 经营会议", date(2026, 10, 1), date(2026, 10, 31))
        start_meeting(con, mid, datetime(2026, 12, 1, 9, 30))
        risk = frozen_views(con, mid)[1]["supply_chain"]["risk"]
    finally:
        con.close()
    return folder / "wh.duckdb", mid, risk


def _open(path, monkeypatch, lang: str, page: str, **params) -> AppTest:
    return open_app_page(path, monkeypatch, page, {"lang": lang, **params}, copy=None, timeout=1500)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_meeting_supply_chain_reads_dates_by_locale_and_days_from_today(demo_copy, monkeypatch, lang):
    path, mid, risk = demo_copy
    at = _open(path, monkeypatch, lang, "pages/meeting.py", meeting=str(mid), section="supply_chain")
    assert risk["kind"] == "stockout", risk  # the demo's first stock-out risk
    out = date.fromisoformat(risk["date"])
    ahead = (out - date.today()).days
    when = lf.days(ahead, lang) if ahead > 0 else None  # the room's "in N days": from the day it is read
    heads = [m.value for m in at.markdown if m.value.startswith("### ")]
    (head,) = [h for h in heads if risk["sku"] in lf.unwrapped(h)]
    shown = lf.unwrapped(head)
    assert not ISO.search(shown), shown
    assert lf.day_nowrap(out, lang) in head, head  # by locale and on one line (no-break marks inside)
    if when is not None:
        assert (f"（{ahead} 天后）" if lang == "zh" else f"(in {when})") in shown, shown
    # copied text is clean: no invisible word joiners anywhere the page draws text (a Chinese date stays on one line
    # in a nowrap span instead)
    drawn = [m.value for m in at.markdown] + [c.value for c in at.caption]
    assert not [t for t in drawn if "\u2060" in t], drawn
    captions = [lf.unwrapped(re.sub(r"<[^>]+>", "", c.value)) for c in at.caption]  # as read: without the spans
    # the period and the frozen-at time, the stock day: by locale (they were 2026-10-01 – 2026-10-31, 2026-11-20)
    period = f"{lf.day(date(2026, 10, 1), lang)} – {lf.day(date(2026, 10, 31), lang)} · "
    assert any(c.startswith(period) and lf.day(date(2026, 12, 1), lang) + " 09:30" in c for c in captions), captions
    # the data's last day (October's review: data to 20 Nov, so through the period end 31 Oct) apart from the freeze
    through = "数据截至 2026年10月31日 · 冻结于 2026年12月1日 09:30" if lang == "zh" else (
        "Data through Oct 31, 2026 · frozen Dec 1, 2026 09:30")  # fmt: skip
    assert any(c.endswith(through) for c in captions), captions
    assert any(lf.day(date(2026, 11, 20), lang) in c for c in captions), captions
    assert not [c for c in captions if ISO.search(c)], captions


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_history_shows_dates_and_formats_whole(demo_copy, monkeypatch, lang):
    """Cells were cut: "2026-12-01 12:4…", report formats ("Amazon Ads advertised product report (Sponsored
    Products / Disp…"), "2026-10-"."""
    path, _, _ = demo_copy
    at = _open(path, monkeypatch, lang, "pages/data.py")
    grid = next(d for d in at.dataframe if "format_id" in d.value.columns)
    widths = {k: v.get("width") for k, v in json.loads(grid.proto.columns).items()}
    longest = max(grid.value["format_id"].dropna(), key=text_px)
    assert widths["format_id"] >= text_px(longest), (widths["format_id"], longest)
    assert widths["imported_at"] >= text_px("2026-12-01 12:45")
    for col in ("period_start", "period_end"):
        assert widths[col] >= text_px("2026-10-01"), (col, widths[col])
