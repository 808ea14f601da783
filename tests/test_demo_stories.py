"""The demo company's built-in stories are visible in the metric layer (the report CLI's model) for October 2026.

The demo is imported once per session from data/demo through the same path as an upload (tests/conftest.py).
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from metrics.core import api
from metrics.core.api import Filters, ad_campaigns, inventory_status
from metrics.core.report import build_report
from warehouse.ingest.importer import Warehouse

OCTOBER = Filters(start=date(2026, 10, 1), end=date(2026, 10, 31))


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("stories") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    w = Warehouse(path, path.parent / "archive")
    yield w
    w.close()


@pytest.fixture(scope="module")
def report(demo):
    return build_report(demo.con, OCTOBER)


def test_every_demo_file_imports_and_covers_two_years(demo):
    cur = demo.cursor()
    try:
        n, rejected = cur.sql(
            "select count(*), count(*) filter (where status <> 'active') from meta.imports"
        ).fetchall()[0]
        first, last = cur.sql("select min(event_date), max(event_date) from staging.money").fetchall()[0]
    finally:
        cur.close()
    assert n > 400 and rejected == 0
    assert first <= date(2024, 11, 5) and last >= date(2026, 11, 15)


def test_the_best_seller_loses_money_after_ads(demo, report):
    skus = {s.sku: s.model_dump() for s in report.skus}
    best = max(skus.values(), key=lambda s: s["units"] or 0)
    assert best["sku"] == "CAM-4K-BLK"
    # the story is amazon.com's (warehouse/demo_gen/catalog.py): there, with the weekly ad charges counted once (as
    # ad charges, not fees), the best-seller still loses money after ads
    us = build_report(demo.con, OCTOBER.model_copy(update={"marketplace": "amazon.com"}))
    cam = next(s.model_dump() for s in us.skus if s.sku == "CAM-4K-BLK")
    assert cam["gross_profit"] > 0 > cam["net_profit"]


def test_the_company_is_a_profitable_small_brand(demo):
    """Last 30 days and the third quarter of 2026: ads about a tenth of sales (TACoS 8–13.5 %; the last 30 days run up
    to Black Friday), a net margin of 8–15 % after ads and a positive operating profit after the team's expenses —
    while a few cameras lose money after ads (the more of them sold, the more lost)."""
    for f in (
        Filters(start=date(2026, 10, 22), end=date(2026, 11, 20)),
        Filters(start=date(2026, 7, 1), end=date(2026, 9, 30)),
    ):
        k = api.kpis(demo.con, f)
        assert 0.08 <= k["tacos"] <= 0.135, (f, k["tacos"])
        assert 0.08 <= k["net_margin"] <= 0.15, (f, k["net_margin"])
        assert k["operating_profit"] > 0, f
    skus = api.sku_economics(demo.con, Filters(start=date(2026, 10, 22), end=date(2026, 11, 20)))
    losers = set(skus.filter(skus["is_loss_after_ads"])["sku"])
    assert {"CAM-4K-BLK", "CAM-4K-WHT", "CAM-MINI"} <= losers and len(losers) <= 5, losers


def test_a_campaign_runs_far_above_break_even(demo, report):
    campaigns = ad_campaigns(demo.con, OCTOBER)
    worst = campaigns.sort("acos", descending=True, nulls_last=True).row(0, named=True)
    assert "Selfie Stick" in str(worst.get("campaign"))
    # it spends nearly all it sells (ACoS about 95 % in October), against an account break-even ACoS of about 23 %
    assert worst["acos"] > 0.6
    assert worst["acos"] > 3 * report.kpis["breakeven_acos"]


def test_a_best_seller_stocks_out_before_black_friday(demo):
    f = Filters(start=date(2026, 10, 22), end=date(2026, 11, 20))
    stock = inventory_status(demo.con, date(2026, 11, 20), f)
    row = stock.filter(stock["sku"] == "CAM-5K-PRO")
    # the US marketplace's own stock: 4 units at FBA amazon.com against 32 amazon.com units in the last 30 days
    # (about 7.5 a week) → gone before Black Friday (27 Nov), while the SKU still has units elsewhere
    us = row.filter(row["location"] == "FBA amazon.com")["available"].item()
    assert us < 32 / 30 * (date(2026, 11, 27) - date(2026, 11, 20)).days
    # all locations together (the one stock-out date every page shows): out before a reorder placed now arrives
    # (the demo's default sea lane: 75 days)
    out = row["stockout_date"].unique().to_list()
    assert len(out) == 1 and out[0] < date(2026, 11, 21) + timedelta(days=75)


def test_a_slow_mover_holds_aged_stock(demo):
    stock = inventory_status(demo.con, date(2026, 11, 20), Filters(start=date(2026, 10, 22), end=date(2026, 11, 20)))
    key = "master_sku" if "master_sku" in stock.columns else "sku"
    aged_cols = [c for c in stock.columns if "age" in c and ("181" in c or "365" in c or "aged" in c)]
    assert aged_cols, stock.columns
    dog = stock.filter(stock[key] == "MNT-DOG")
    assert sum(dog[c].fill_null(0).sum() for c in aged_cols) > 100


def test_overview_tiles_carry_the_seasonal_band_in_force(demo_warehouse_file, tmp_path, monkeypatch):
    """On 20 Nov 2026, the demo's last day and the first of the Black Friday / Cyber Monday window, the band in force
    is last year's BFCM window (21 Nov – 1 Dec 2025). That day's net profit (6,791 CNY: the Black-Friday-week ad
    budgets of both stores) is below its band (8,333–18,104, amber), its ACoS (31.11 %) beyond 2σ above its band's
    17.17–24.52 % (red), its net sales (81,739 CNY) inside theirs (41,554–94,562, green), so the tiles are marked
    amber and red; every other band KPI on the Overview shows the status of the metric layer."""
    from streamlit.testing.v1 import AppTest

    from metrics.core.registry import REGISTRY
    from metrics.planning.seasonal_status import latest_day_status
    from metrics.planning.store import get_events, get_kpi_bands

    path = tmp_path / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    f = Filters(start=date(2026, 10, 22), end=date(2026, 11, 20))
    w = Warehouse(path, tmp_path / "archive")
    try:
        status = {r["kpi"]: r["status"] for r in latest_day_status(
            w.con, f, events=get_events(w.con), overrides=get_kpi_bands(w.con)).iter_rows(named=True)}  # fmt: skip
    finally:
        w.close()
    assert status["net_profit"] == "amber" and status["acos"] == "red" and status["net_sales"] == "green"
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
    for k, v in {"period": "custom", "start": "2026-10-22", "end": "2026-11-20", "lang": "en"}.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = {m.label for m in at.metric}
    # amber/red tiles carry a coloured dot before the name (and a tint); green ones only a green edge
    dot = {"green": "", "amber": ":orange[●] ", "red": ":red[●] "}
    for kpi in ("net_sales", "units", "net_profit", "acos", "tacos", "refund_rate"):
        assert dot[status[kpi]] + REGISTRY[kpi].en in labels, (kpi, labels)
    acos = next(m for m in at.metric if m.label.endswith("ACoS") and "TACoS" not in m.label)
    assert "Seasonal band: 31.11% on Nov 20, 2026" in acos.proto.help and "→ far off season band" in acos.proto.help
    # KPIs without a daily band (AOV, days of cover…) have no mark
    assert "AOV" in labels  # the tile's short name (the full name is in its help)


@pytest.mark.parametrize(
    "check", sorted(p.name for p in (Path(__file__).resolve().parent.parent / "sql" / "tests").glob("*.sql"))
)
def test_every_sql_invariant_holds_on_the_demo_company(demo, check):
    """The invariants of sql/tests/ on two years of three channels (the golden warehouse alone missed TikTok and
    Shopify rows that carry an order and its refund)."""
    from metrics.core import query

    sql = (Path(__file__).resolve().parent.parent / "sql" / "tests" / check).read_text(encoding="utf-8")
    with query.cursor(demo.con, OCTOBER) as cur:
        assert cur.sql(f"select count(*) from ({sql})").fetchall()[0][0] == 0


def test_reorder_page_says_black_friday_is_under_way_and_plans_the_next(demo_warehouse_file, tmp_path, monkeypatch):
    """The demo's data end on Fri 20 Nov 2026, inside the Black Friday / Cyber Monday window (20–30 Nov): read on
    Mon 23 Nov (the clock pinned), an order placed now cannot arrive for it, so the page says so and checks the 2027
    event instead."""
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-11-23")
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/reorder.py").run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    assert any("(Nov 20, 2026–Nov 30, 2026) is under way" in c for c in captions), captions
    assert any("Black Friday / Cyber Monday 2027" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reorder_page_counts_an_order_placed_now_from_the_clock(demo_warehouse_file, tmp_path, monkeypatch, lang):
    """Data to Fri 20 Nov 2026, read on Wed 2 Dec 2026 (the clock pinned): an order placed now is placed on 2 Dec, so
    with the demo's default sea lane (75 days) it arrives 2 Dec + 75 = 15 Feb 2027 (29 days to 31 Dec, 31 to 31 Jan,
    15 more), not 21 Nov + 75 = 4 Feb 2027, 11 days early while the stock-out lines count from 2 Dec. The page says
    from which day it counts and from which day's stock it projects."""
    from streamlit.testing.v1 import AppTest

    from ui import format as fmt
    from ui.i18n import tr

    path = tmp_path / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    monkeypatch.setenv("SELLER_COCKPIT_TODAY", "2026-12-02")
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/reorder.py").run()
    assert not at.exception, [e.value for e in at.exception]
    arrival, early = fmt.day(date(2027, 2, 15), lang), fmt.day(date(2027, 2, 4), lang)
    due = [w.value for w in at.warning if ("立即下单" if lang == "zh" else "order now") in w.value]
    assert due and all(arrival in w and early not in w for w in due), due
    said = tr("ro_order_day", lang, day=fmt.day(date(2026, 12, 2), lang), stock=fmt.day(date(2026, 11, 20), lang))
    assert said in [c.value for c in at.caption]


def test_ads_page_and_whatif_show_every_channel(demo_warehouse_file, tmp_path, monkeypatch):
    """The demo advertises on Amazon, TikTok Shop (Ads Manager and GMV Max) and Shopify (Meta): the Advertising page's
    per-channel table has a row with ACoS, TACoS, ROAS and break-even ACoS for each, and the ad-budget what-if lists
    all three channels' spend."""
    from streamlit.testing.v1 import AppTest

    path = tmp_path / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
    for k, v in {"period": "custom", "start": "2026-10-01", "end": "2026-10-31", "lang": "en"}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/ads.py").run()
    assert not at.exception, [e.value for e in at.exception]
    channels = next(d.value for d in at.dataframe if "tacos" in d.value.columns and "channel" in d.value.columns)
    assert set(channels["channel"]) == {"Amazon", "TikTok Shop", "Shopify"}
    assert int(channels[["acos", "tacos", "roas", "breakeven_acos"]].isna().sum().sum()) == 0  # pandas in AppTest
    programs = next(d.value for d in at.dataframe if "ad_program" in d.value.columns)
    assert {"TikTok Ads Manager", "TikTok GMV Max", "Meta Ads"} <= set(programs["ad_program"])
    at.switch_page("pages/whatif_ads.py").run()
    assert not at.exception, [e.value for e in at.exception]
    line = next(c.value for c in at.caption if c.value.startswith("Ad spend by channel"))
    assert all(f"{name}: " in line for name in ("Amazon", "TikTok Shop", "Shopify")), line
