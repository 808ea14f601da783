"""The per-base conversion copies (warehouse/marts/per_base.py) change speed, never a number.

On the demo company (CNY batches, USD/EUR/JPY/INR sales, TikTok Shop, Shopify, ads): the report (stable JSON) and
the data of the Overview, Profit, Ads and Inventory pages for the last 30 days, in CNY and in USD, are the same read
through the per-base tables as through the plain views; and switching the base setting prepares the new base in the
writer's refresh, so the first read in the new base already reads the prepared table.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import timedelta

import polars as pl

from metrics.__main__ import stable_json
from metrics.core import api, query
from metrics.core.report import build_report
from metrics.core.settings import set_settings
from warehouse.core.config import SQL_DIR
from warehouse.ingest.importer import Warehouse
from warehouse.marts import per_base
from warehouse.marts.refresh import HEAVY


def _open(demo_warehouse_file, tmp_path) -> Warehouse:
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    return Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")  # opening refreshes: prepares the stored base


def _filters(con, base: str) -> api.Filters:
    last = api.data_bounds(con)["last"]
    return api.Filters(start=last - timedelta(days=29), end=last, base_currency=base, compare="previous")


def _pages(con, f: api.Filters) -> dict:
    """The report and the page data, as plain values (floats to 6 decimals through stable_json)."""
    frames = {
        "trend": api.trend(con, f, ["net_sales", "units", "ad_spend", "net_profit", "acos", "tacos"], "day"),
        "breakdown": api.breakdown(con, f, "marketplace"),
        "profit": api.sku_economics(con, f),
        "campaigns": api.ad_campaigns(con, f),
        "ad_skus": api.ad_skus(con, f),
        "ad_channels": api.ad_channels(con, f, "channel"),
        "ad_programs": api.ad_programs(con, f),
        "inventory": api.inventory_status(con, f.end, f),
    }
    out = {name: frame.to_dicts() for name, frame in frames.items() if isinstance(frame, pl.DataFrame)}
    out["kpi_compare"] = api.kpi_compare(con, f)
    out["report"] = build_report(con, f).model_dump(mode="json")
    return {k: stable_json(json.loads(json.dumps({"v": v}, default=str))) for k, v in out.items()}


def _reads_table(con, base: str) -> bool:
    """True when a reader in `base` plans marts.sku_days over the per-base table (not the conversion view)."""
    with query.cursor(con, api.Filters(start="2026-01-01", end="2026-01-31", base_currency=base)) as cur:
        plan = "\n".join(str(r[1]) for r in cur.sql("explain select count(*) from marts.sku_days").fetchall())
    return "sku_day_facts" not in plan


def test_report_and_pages_equal_with_and_without_per_base(demo_warehouse_file, tmp_path):
    wh = _open(demo_warehouse_file, tmp_path)
    try:
        assert _reads_table(wh.con, "CNY") and not _reads_table(wh.con, "USD")  # CNY prepared, USD plain
        fast = {"CNY": _pages(wh.con, _filters(wh.con, "CNY"))}
        per_base.drop(wh.con)
        assert not _reads_table(wh.con, "CNY")
        plain = {"CNY": _pages(wh.con, _filters(wh.con, "CNY"))}
        # stored base USD (the cost currency follows it when unset, so USD under a CNY setting is another figure)
        set_settings(wh.con, base_currency="USD")  # the writer prepares USD
        assert _reads_table(wh.con, "USD")
        fast["USD"] = _pages(wh.con, _filters(wh.con, "USD"))
        per_base.drop(wh.con)
        plain["USD"] = _pages(wh.con, _filters(wh.con, "USD"))
    finally:
        wh.close()
    for base in ("CNY", "USD"):
        for name in plain[base]:
            assert fast[base][name] == plain[base][name], (base, name)
    assert fast["CNY"]["report"] != fast["USD"]["report"]  # the two bases really differ


def test_base_switch_prepares_the_new_base_for_the_first_read(demo_warehouse_file, tmp_path):
    wh = _open(demo_warehouse_file, tmp_path)
    try:
        assert not _reads_table(wh.con, "EUR")
        set_settings(wh.con, base_currency="EUR")
        cur = wh.con.cursor()
        state = cur.sql("select base from marts_base.state").fetchall()
        cur.close()
        assert state == [("EUR",)]
        assert _reads_table(wh.con, "EUR")  # the first read after the switch is warm
        assert not _reads_table(wh.con, "CNY")  # the old base reads the plain views: still right, just slower
    finally:
        wh.close()


def test_no_heavy_mart_reads_a_per_base_copy():
    """The refresh builds the heavy marts before it prepares the copies: a heavy mart's definition reading a kept view
    (directly or through other views) would read the previous refresh's copy. Read from the sql/marts files."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (SQL_DIR / "marts").glob("*.sql")}
    code = {name: "\n".join(line.split("--")[0] for line in text.splitlines()) for name, text in texts.items()}
    reads = {name: set(re.findall(r"\bmarts\.(\w+)", text)) & set(texts) for name, text in code.items()}
    for heavy in HEAVY:
        seen, todo = set(), [heavy]
        while todo:
            for dep in reads[todo.pop()] - seen:
                seen.add(dep)
                todo.append(dep)
        assert not seen & set(per_base.PER_BASE), (heavy, seen & set(per_base.PER_BASE))
    assert "ad_days" in reads["ad_coverage"]  # the walk sees a real dependency (ad_coverage feeds sku_day_facts)
