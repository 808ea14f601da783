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
from tests.test_refresh_fifo import _row as _tx_row  # one amazon.com transaction row, real layout
from tests.test_refresh_incremental import EXPORTS
from warehouse.core.config import SQL_DIR
from warehouse.core.conventions import apply_to_cursor, get_settings
from warehouse.ingest.importer import Warehouse
from warehouse.marts import per_base
from warehouse.marts.refresh import HEAVY, refresh


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
    # the walk sees real dependencies: sku_day_facts reads ad_coverage, which reads the base-free ad_facts
    assert "ad_coverage" in reads["sku_day_facts"] and "ad_facts" in reads["ad_coverage"]


def _copies(con) -> dict[str, list[tuple]]:
    """Every per-base copy's rows, sorted, floats rounded to 6 decimals (a parallel sum adds in any order)."""
    cur = con.cursor()
    try:
        out = {}
        for name in per_base.PER_BASE:
            rows = cur.sql(f"select * from marts_base.{name}").fetchall()
            out[name] = sorted((tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows), key=repr)
        return out
    finally:
        cur.close()


def _whole(con) -> dict[str, list[tuple]]:
    """The copies a whole prepare gives over the same marts (in its own transaction, then rolled back)."""
    cur = con.cursor()
    try:
        apply_to_cursor(cur, get_settings(con))
        cur.execute("begin")
        assert set(per_base.prepare(cur, "full").values()) == {-1}
        out = {}
        for name in per_base.PER_BASE:
            rows = cur.sql(f"select * from marts_base.{name}").fetchall()
            out[name] = sorted((tuple(round(v, 6) if isinstance(v, float) else v for v in r) for r in rows), key=repr)
        cur.execute("rollback")
        return out
    finally:
        cur.close()


def _assert_copies_equal_whole(con) -> None:
    got, want = _copies(con), _whole(con)
    for name in per_base.PER_BASE:
        assert len(got[name]) == len(want[name]), (name, len(got[name]), len(want[name]))
        bad = [(a, b) for a, b in zip(got[name], want[name], strict=True) if a != b][:2]
        assert not bad, (name, bad)


def test_incremental_refresh_updates_the_copies_in_place_and_equals_a_whole_prepare(demo_warehouse_file, tmp_path):
    """One more day of amazon.com transactions (the day after the demo's last, in the real layout: the golden file's
    preamble and header): the incremental refresh replaces only the changed lines of order_lines and the touched
    partitions of sku_days, and every copy then equals what a whole prepare gives; the same after undoing that day and
    after a back-dated day (FIFO moves for the later lines of its SKU)."""
    wh = _open(demo_warehouse_file, tmp_path)
    try:
        cur = wh.cursor()
        last = cur.sql("select max(event_date) from marts_mat.money_facts").fetchall()[0][0]
        refunded = cur.sql(
            "select order_id, sku from marts_mat.money_facts where marketplace = 'amazon.com' and store = 'default' "
            "and txn_type = 'order' and units = 1 and sku = 'CAM-MINI' order by event_date desc, order_id limit 1"
        ).fetchall()[0]
        sizes = {n: cur.sql(f"select count(*) from marts_base.{n}").fetchall()[0][0] for n in per_base.PER_BASE}
        cur.close()
        day = last + timedelta(days=1)
        when = f"{day:%b} {day.day}, {day.year} 12:00:00 PM PST"
        head = (EXPORTS / "golden" / "transactions_us.csv").read_text(encoding="utf-8").splitlines()[:4]
        rows = [
            _tx_row(when, "Order", "113-9000001-0000001", "CAM-4K-BLK", 2, 259.98),
            _tx_row(when, "Order", "113-9000002-0000002", "CAM-MINI", 1, 59.99),
            _tx_row(when, "Refund", refunded[0], refunded[1], 1, 59.99),
            _tx_row(when, "Order", "113-9000003-0000003", "DAY-NEW-SKU", 1, 19.99),  # no cost: a missing_costs row
            # sells every CAM-MINI batch: its unit cost (the FIFO frontier) moves, so do its inventory_days rows
            _tx_row(when, "Order", "113-9000004-0000004", "CAM-MINI", 50000, 99.0),
        ]
        (tmp_path / "day.csv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")
        res = wh.ingest_path(tmp_path / "day.csv", store="default", refresh=False)
        assert res.status == "imported", res.line()
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        # 5 new lines (+ lines whose money_facts row moved with them): a few rows, not the whole copy; the new SKU's
        # line is missing a cost; sku_unit_costs is rebuilt whole; fx_warnings is left as it was (0: every new line
        # is in USD on a day with a USD rate); CAM-MINI's unit cost moves, but
        # inventory_days is a view valuing the stock rows at the kept unit costs: no stock row is rewritten (0)
        assert 5 <= stats.per_base["order_lines"] < sizes["order_lines"] / 10, stats.per_base
        assert 0 < stats.per_base["sku_days"] < sizes["sku_days"] / 10, stats.per_base
        assert stats.per_base["missing_costs"] >= 1 and stats.per_base["fx_warnings"] == 0, stats.per_base
        assert stats.per_base["inventory_days"] == 0 and stats.per_base["sku_unit_costs"] == -1, stats.per_base
        _assert_copies_equal_whole(wh.con)
        cur = wh.cursor()
        assert cur.sql("select count(*) from marts_base.missing_costs").fetchall()[0][0] >= 1
        cur.close()
        wh.undo(res.import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        assert 5 <= stats.per_base["order_lines"] < sizes["order_lines"] / 10, stats.per_base
        assert stats.per_base["missing_costs"] >= 1 and stats.per_base["inventory_days"] == 0, stats.per_base
        _assert_copies_equal_whole(wh.con)
        # a back-dated day (three months before the last): CAM-4K-BLK's FIFO moves from there on (cost pieces of its
        # later lines, sku_days of the later months); still row for row what a whole prepare gives
        back = last - timedelta(days=90)
        when = f"{back:%b} {back.day}, {back.year} 12:00:00 PM PDT"
        rows = [_tx_row(when, "Order", "113-9000005-0000005", "CAM-4K-BLK", 40, 5199.60)]
        (tmp_path / "back.csv").write_text("\n".join(head + rows) + "\n", encoding="utf-8")
        assert wh.ingest_path(tmp_path / "back.csv", store="default", refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and 1 <= stats.per_base["order_lines"] < sizes["order_lines"] / 10
        _assert_copies_equal_whole(wh.con)
    finally:
        wh.close()
