"""An older period's stock on Inventory, Reorder planning and the ad what-if.

The fresh-eyes walk of the demo (data to Fri 20 Nov 2026, read on Wed 2 Dec 2026) with October 2026 chosen: the
Inventory page said "ACC-REMOTE runs out around Nov 24 (8 days ago)" and Reorder "expected stock-out Nov 24" — a
projection from 31 Oct's stock, while newer stock data (to 20 Nov) shows stock to late December. Now both pages say
the stock is the period's (31 Oct) and that newer stock exists (to 20 Nov), and a projected date already past is
said to be a projection from 31 Oct's stock, never "expected" nor "N days ago". The what-if's caption says from
which day's stock it projects (as Reorder's does), and in another base than the books' why its margins move.
A projected date from today on is October's projection too (the next walk read "MNT-HELMET runs out around Dec 2,
2026 (today; …)" and "expected stock-out Dec 2, 2026"): every such line on the three pages says from which day's
stock it is projected, never "expected", "today" nor "in N days"; the current period keeps today's wording.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from metrics.core import api
from tests.conftest import open_app_page, scratch_dir
from ui import format as fmt
from ui.i18n import tr

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-02"  # the clock of the walk
OCTOBER = {"period": "custom", "start": "2026-10-01", "end": "2026-10-31"}
STOCK_DAY, LATEST = date(2026, 10, 31), date(2026, 11, 20)  # October's last stock day; the demo's last data day


@pytest.fixture(scope="module")
def demo(demo_warehouse_file) -> Path:
    path = scratch_dir("older_period_") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    return path


def _page(demo: Path, page: str, monkeypatch, params: dict) -> AppTest:
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", TODAY)
    return open_app_page(demo, monkeypatch, page, params, copy="older_period_app_")


def _risks(demo: Path, ahead: bool = False) -> list[tuple[str, date, int]]:
    """Returns (SKU, projected stock-out, lead days) of the SKUs at stock-out risk on October's stock, not out of
    stock, whose projected stock-out is before 2 Dec (`ahead`: on 2 Dec or later), soonest first."""
    con = duckdb.connect(str(demo))
    try:
        stock = api.inventory_status(con, STOCK_DAY, api.Filters(start=date(2026, 10, 1), end=STOCK_DAY))
    finally:
        con.close()
    assert set(stock["stock_day"].to_list()) == {STOCK_DAY}  # the demo has a stock row every day
    before = stock["stockout_date"] < date(2026, 12, 2)
    rows = stock.filter(stock["stockout_risk"] & ~stock["out_of_stock"] & (~before if ahead else before))
    assert rows.height, "the walk's case: a projected stock-out " + ("from today on" if ahead else "before today")
    rows = rows.unique("sku").sort("stockout_date", "sku")
    return [(r["sku"], r["stockout_date"], r["lead_time_days"]) for r in rows.iter_rows(named=True)]


def _past_risk(demo: Path) -> tuple[str, date]:
    """Returns the first SKU at stock-out risk on October's stock whose projected stock-out is before 2 Dec."""
    sku, out, _ = _risks(demo)[0]
    return sku, out


def test_stock_days_come_from_the_metric_layer(demo):
    con = duckdb.connect(str(demo))
    try:
        assert api.stock_days(con, STOCK_DAY) == {"view": STOCK_DAY, "latest": LATEST}
        # a period ending past the data reads the latest stock; one ending before any stock reads none
        assert api.stock_days(con, date(2026, 12, 31)) == {"view": LATEST, "latest": LATEST}
        assert api.stock_days(con, date(2000, 1, 1)) == {"view": None, "latest": LATEST}
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_inventory_says_the_period_is_older_and_never_counts_a_past_projection(demo, monkeypatch, lang):
    sku, out = _past_risk(demo)
    at = _page(demo, "pages/inventory.py", monkeypatch, {**OCTOBER, "lang": lang})
    newer = tr("stock_newer_note", lang, day=fmt.day(STOCK_DAY, lang), latest=fmt.day(LATEST, lang))
    assert any(c.value.endswith(newer) for c in at.caption), [c.value for c in at.caption]
    lines = [m.value for m in at.markdown if ":material/event_busy:" in m.value]
    assert lines
    # no line counts a day already past as if a forecast ("8 days ago", "已过 8 天")
    assert not [x for x in lines if re.search(r" ago\b|已过 \d+ 天", x)], lines
    want = tr(
        "stockout_past_note",
        lang,
        sku=fmt.plain(sku),
        date=fmt.day(out, lang),
        stock=fmt.day(STOCK_DAY, lang),
        lead=fmt.days(75, lang),
    )  # fmt: skip  (the demo's default lane: sea, 75 days)
    assert ":material/event_busy: " + want in lines, lines
    # a projected day from today on (MNT-HELMET on 2 Dec, ACC-FLOAT on 3 Dec) is October's projection too: never
    # "today" / "in 1 day" counted from the clock, as if 31 Oct's stock were today's
    for sku_a, out_a, lead in _risks(demo, ahead=True):
        older = tr("stockout_older_note", lang, sku=fmt.plain(sku_a), date=fmt.day(out_a, lang),
                   stock=fmt.day(STOCK_DAY, lang), lead=fmt.days(lead, lang))  # fmt: skip
        assert ":material/event_busy: " + older in lines, lines
    now = [x for x in lines if re.search(r"\(today|\(in \d+ days?|（今天|（\d+ 天后", x)]
    assert not now, now
    # the latest period reads the latest stock: nothing to say
    latest = _page(demo, "pages/inventory.py", monkeypatch, {"lang": lang})
    assert not any(newer in c.value or ":material/history:" in c.value for c in latest.caption)
    # and keeps today's wording: its dates count from today
    current = [m.value for m in latest.markdown if ":material/event_busy:" in m.value]
    assert any(re.search(r"\((today|in \d+ days?);|（(今天|\d+ 天后)，", x) for x in current), current
    assert not any(("projected from the stock" if lang == "en" else "的库存推算") in x for x in current), current


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reorder_says_the_period_is_older_and_never_expects_a_past_stockout(demo, monkeypatch, lang):
    sku, out = _past_risk(demo)
    at = _page(demo, "pages/reorder.py", monkeypatch, {**OCTOBER, "lang": lang})
    captions = [c.value for c in at.caption]
    newer = tr("stock_newer_note", lang, day=fmt.day(STOCK_DAY, lang), latest=fmt.day(LATEST, lang))
    assert any(c.endswith(newer) for c in captions), captions
    # orders count from the clock (2 Dec), the stock from October's stock day
    said = tr("ro_order_day", lang, day=fmt.day(date(2026, 12, 2), lang), stock=fmt.day(STOCK_DAY, lang))
    assert said in captions, captions
    line = next(w.value for w in at.warning if w.value.startswith(sku + ("：" if lang == "zh" else ":")))
    expected = "预计断货" if lang == "zh" else "expected stock-out"
    assert expected not in line and fmt.day(out, lang) in line, line
    assert (f"按 {fmt.day(STOCK_DAY, lang)} 的库存推算" if lang == "zh" else
            f"projected from the stock of {fmt.day(STOCK_DAY, lang)}") in line, line  # fmt: skip
    # a projected day from today on is October's projection too, never "expected" (MNT-HELMET read "expected
    # stock-out Dec 2, 2026")
    warned = [w.value for w in at.warning]
    assert not [w for w in warned if expected in w], warned
    projected = (f"按 {fmt.day(STOCK_DAY, lang)} 的库存推算" if lang == "zh" else
                 f"projected from the stock of {fmt.day(STOCK_DAY, lang)} to run out on")  # fmt: skip
    for sku_a, out_a, _ in _risks(demo, ahead=True):
        mine = [w for w in warned if w.startswith(sku_a + ("：" if lang == "zh" else ":"))]
        for w in mine:
            assert projected in w and fmt.day(out_a, lang) in w and ("该日已过" if lang == "zh" else "past") not in w
    # the current period keeps the forecast wording
    latest = _page(demo, "pages/reorder.py", monkeypatch, {"lang": lang})
    assert [w.value for w in latest.warning if expected in w.value], [w.value for w in latest.warning]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whatif_says_which_days_stock_it_projects_from(demo, monkeypatch, lang):
    at = _page(demo, "pages/whatif_ads.py", monkeypatch, {**OCTOBER, "lang": lang})
    said = tr("wa_order_day", lang, day=fmt.day(date(2026, 12, 2), lang), stock=fmt.day(STOCK_DAY, lang))
    assert said in [c.value for c in at.caption], [c.value for c in at.caption]
    assert fmt.day(STOCK_DAY, lang) in said
    # as on Inventory and Reorder planning: the period's stock is older, and a stock-out at this budget already
    # past is a projection from 31 Oct's stock, not "stocks out on"
    newer = tr("stock_newer_note", lang, day=fmt.day(STOCK_DAY, lang), latest=fmt.day(LATEST, lang))
    assert any(c.value.endswith(newer) for c in at.caption), [c.value for c in at.caption]
    sku, out = _past_risk(demo)
    dates = "\n".join(m.value for m in at.markdown if m.value.startswith("- "))
    line = next(x for x in dates.split("\n") if x.startswith("- " + fmt.plain(sku)))
    past = (f"按 {fmt.day(STOCK_DAY, lang)} 的库存推算" if lang == "zh" else
            f"projected from the stock of {fmt.day(STOCK_DAY, lang)}")  # fmt: skip
    assert past in line and ("该日已过" if lang == "zh" else "a day already past") in line, line
    assert not re.search(r"(?<!would )stocks out on|按此预算 \S+ 断货", line), line
    # no line of October's stock reads as today's forecast ("at this budget stocks out on", "按此预算 <day> 断货")
    assert not re.search(r"(?<!would )stocks out on|按此预算 \S+ 断货", dates), dates


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whatif_lines_from_older_stock_are_projections(lang):
    # a stock-out at this budget on 3 Dec, read on 2 Dec from 31 Oct's stock: a projection from that stock
    import polars as pl

    from ui.whatif_stock import stock_lines

    w = pl.DataFrame({"sku": ["ACC-FLOAT"], "available": [40], "stockout_date": [date(2026, 12, 3)],
                      "base_date": [date(2026, 12, 5)], "lead_days": [75]})  # fmt: skip
    now = date(2026, 12, 2)
    arr = fmt.day(date(2027, 2, 15), lang)  # 2 Dec + 75 days = 29 days of Dec + 31 of Jan + 15 of Feb
    d, d0, stock = fmt.day(date(2026, 12, 3), lang), fmt.day(date(2026, 12, 5), lang), fmt.day(STOCK_DAY, lang)
    sku = fmt.plain("ACC-FLOAT")  # as the page writes it (markdown characters escaped)
    older = stock_lines(w, now, lang, STOCK_DAY, older=True)
    assert older == [(sku, tr("wa_stockout_line_older", lang, sku=sku, d=d, d0=d0, arr=arr, stock=stock))]
    said = "按 2026年10月31日 的库存推算" if lang == "zh" else "projected from the stock of Oct 31, 2026"
    assert said in older[0][1]
    # the current period's stock keeps the forecast
    current = tr("wa_stockout_line", lang, sku=sku, d=d, d0=d0, arr=arr, stock=fmt.day(LATEST, lang))
    assert stock_lines(w, now, lang, LATEST)[0][1] == current


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whatif_says_why_its_margins_move_with_the_base(demo, monkeypatch, lang):
    """In USD (books in CNY) the what-if's profits rest on margins that differ between the bases, as the Overview
    and the Ads page say of theirs; in the books currency nothing is said."""
    note = tr("wa_fx_caption", lang, base="USD", home="CNY")
    usd = _page(demo, "pages/whatif_ads.py", monkeypatch, {**OCTOBER, "lang": lang, "base": "USD"})
    assert any(note in c.value for c in usd.caption), [c.value for c in usd.caption]
    cny = _page(demo, "pages/whatif_ads.py", monkeypatch, {**OCTOBER, "lang": lang})
    assert not any(note in c.value for c in cny.caption)
