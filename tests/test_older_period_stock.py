"""An older period's stock on Inventory, Reorder planning and the ad what-if.

The fresh-eyes walk of the demo (data to Fri 20 Nov 2026, read on Wed 2 Dec 2026) with October 2026 chosen: the
Inventory page said "ACC-REMOTE runs out around Nov 24 (8 days ago)" and Reorder "expected stock-out Nov 24" — a
projection from 31 Oct's stock, while newer stock data (to 20 Nov) shows stock to late December. Now both pages say
the stock is the period's (31 Oct) and that newer stock exists (to 20 Nov), and a projected date already past is
said to be a projection from 31 Oct's stock, never "expected" nor "N days ago". The what-if's caption says from
which day's stock it projects (as Reorder's does), and in another base than the books' why its margins move.
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
from tests.conftest import scratch_dir
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
    copy = scratch_dir("older_period_app_") / "wh.duckdb"  # the app keeps its own connection open
    shutil.copyfile(demo, copy)
    monkeypatch.setenv("WAREHOUSE_PATH", str(copy))
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", TODAY)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _past_risk(demo: Path) -> tuple[str, date]:
    """Returns the first SKU at stock-out risk on October's stock whose projected stock-out is before 2 Dec."""
    con = duckdb.connect(str(demo))
    try:
        stock = api.inventory_status(con, STOCK_DAY, api.Filters(start=date(2026, 10, 1), end=STOCK_DAY))
    finally:
        con.close()
    assert set(stock["stock_day"].to_list()) == {STOCK_DAY}  # the demo has a stock row every day
    past = stock.filter(stock["stockout_risk"] & ~stock["out_of_stock"] & (stock["stockout_date"] < date(2026, 12, 2)))
    assert past.height, "the walk's case: a projected stock-out before today"
    r = past.sort("stockout_date", "sku").row(0, named=True)
    return r["sku"], r["stockout_date"]


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
    # the latest period reads the latest stock: nothing to say
    latest = _page(demo, "pages/inventory.py", monkeypatch, {"lang": lang})
    assert not any(newer in c.value or ":material/history:" in c.value for c in latest.caption)


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
    # a projected day still ahead keeps its forecast wording
    ahead = [w.value for w in at.warning if expected in w.value]
    assert ahead, [w.value for w in at.warning]


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_whatif_says_why_its_margins_move_with_the_base(demo, monkeypatch, lang):
    """In USD (books in CNY) the what-if's profits rest on margins that differ between the bases, as the Overview
    and the Ads page say of theirs; in the books currency nothing is said."""
    note = tr("wa_fx_caption", lang, base="USD", home="CNY")
    usd = _page(demo, "pages/whatif_ads.py", monkeypatch, {**OCTOBER, "lang": lang, "base": "USD"})
    assert any(note in c.value for c in usd.caption), [c.value for c in usd.caption]
    cny = _page(demo, "pages/whatif_ads.py", monkeypatch, {**OCTOBER, "lang": lang})
    assert not any(note in c.value for c in cny.caption)
