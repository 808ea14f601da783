"""The other base's copies (warehouse/marts/other_base.py, schema marts_base_alt) kept current by every refresh.

A small company (the golden files: amazon.com sales in USD, CNY batches and costs, FX rates to CNY; stored base CNY)
with USD prepared as the other base (a page's currency override). After a day's import, its undo and a month's
import, each refreshed incrementally, every copy in marts_base_alt equals its plain view evaluated under USD, row for
row (EXCEPT ALL both ways), and a USD reader still reads the copies directly; a settings change (allocation rule: a
full refresh) drops them in the same transaction, so no stale copy is ever read. A reader on another cursor during
an import sees the old or the new USD numbers, never a mix.
"""

from __future__ import annotations

import shutil
import threading
from datetime import date

from metrics.core import api, query
from metrics.core.settings import set_settings
from tests.test_refresh_fifo import _report, _row
from tests.test_refresh_readers import EXPORTS, GOLDEN
from warehouse.core.conventions import apply_to_cursor, get_settings
from warehouse.ingest.importer import Warehouse
from warehouse.marts import other_base, per_base, per_base_update
from warehouse.marts.refresh import refresh

MARCH = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), base_currency="USD")


def _company(tmp_path, empty_warehouse_file) -> Warehouse:
    shutil.copyfile(empty_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    for name in GOLDEN:
        assert wh.ingest_path(EXPORTS / "golden" / name).status == "imported"
    assert get_settings(wh.con).base_currency == "CNY"
    assert other_base.prepare(wh.con, "USD")
    return wh


def _in_usd(con):
    cur = con.cursor()
    apply_to_cursor(cur, get_settings(con), "USD")
    return cur


def _assert_alt_equals_plain(con) -> None:
    """Every copy of marts_base_alt = marts_plain.<name> under USD, row for row (EXCEPT ALL both ways), and current."""
    cur = _in_usd(con)
    try:
        cur.execute("begin")
        assert other_base.current(cur)
        for name in per_base.PER_BASE:
            a, p = f"marts_base_alt.{name}", f"marts_plain.{name}"
            extra = cur.sql(f"select * from {a} except all select * from {p}").fetchall()
            gone = cur.sql(f"select * from {p} except all select * from {a}").fetchall()
            assert not extra and not gone, (name, extra[:2], gone[:2])
        cur.execute("commit")
    finally:
        cur.close()


def _changed(stats) -> dict:
    return {k: v for k, v in stats.per_base.items() if k.startswith("alt.")}


def test_other_base_copies_follow_a_day_its_undo_and_a_month(tmp_path, empty_warehouse_file, monkeypatch):
    # a small company's copies are a few rows: any change exceeds 1/RESORT of them and would rebuild them whole;
    # 0.01 makes the threshold 100× a copy, so the in-place SQL is what is checked here
    monkeypatch.setattr(per_base_update, "RESORT", 0.01)
    wh = _company(tmp_path, empty_warehouse_file)
    try:
        _assert_alt_equals_plain(wh.con)
        # a day after the golden file's last (Mar 2026): two sales, a refund of a golden order, a SKU without cost
        when = "Mar 30, 2026 12:00:00 PM PDT"
        day = _report(tmp_path / "day.csv", [
            _row(when, "Order", "113-9000001-0000001", "CAM-A-US", 2, 200.0),
            _row(when, "Refund", "113-0000001-0000001", "CAM-A-US", 1, 100.0),
            _row(when, "Order", "113-9000002-0000002", "NEW-SKU", 1, 19.99),
        ])  # fmt: skip
        res = wh.ingest_path(day, refresh=False)
        assert res.status == "imported", res.line()
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and "alt.dropped" not in stats.per_base, stats.per_base
        assert _changed(stats)["alt.order_lines"] >= 3, stats.per_base  # the day's 3 lines (at least) replaced
        _assert_alt_equals_plain(wh.con)
        wh.undo(res.import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and _changed(stats)["alt.order_lines"] >= 3, stats.per_base
        _assert_alt_equals_plain(wh.con)
        # a month: amazon.de's March (EUR) and a generated April on amazon.com (one sale a day)
        assert wh.ingest_path(EXPORTS / "golden" / "transactions_de.csv", refresh=False).status == "imported"
        april = [_row(f"Apr {d}, 2026 12:00:00 PM PDT", "Order", f"113-9100{d:03d}-0000001", "CAM-B-US", 1, 80.0)
                 for d in range(1, 30)]  # fmt: skip
        assert wh.ingest_path(_report(tmp_path / "april.csv", april), refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and "alt.dropped" not in stats.per_base, stats.per_base
        assert _changed(stats)["alt.sku_days"] > 0, stats.per_base  # in place, not whole (-1)
        _assert_alt_equals_plain(wh.con)
        with query.cursor(wh.con, MARCH) as cur:  # a USD reader reads the kept copies directly
            assert query.reads_copies(cur) and "marts_base_alt" in cur._to
        # a setting every heavy mart reads: a full refresh drops the copies (never readable stale)
        set_settings(wh.con, allocation_rule="unallocated")
        cur = _in_usd(wh.con)
        try:
            assert not other_base.current(cur)
            gone = "select count(*) from duckdb_schemas() where schema_name = 'marts_base_alt'"
            assert cur.sql(gone).fetchall()[0][0] == 0
        finally:
            cur.close()
        with query.cursor(wh.con, MARCH) as cur:
            assert not query.reads_copies(cur)  # plain views until the sidebar prepares USD again
        assert other_base.prepare(wh.con, "USD")
        _assert_alt_equals_plain(wh.con)
    finally:
        wh.close()


def _kpis(con) -> tuple:
    values = api.kpis(con, MARCH)
    return tuple(sorted((k, None if v is None else round(v, 6)) for k, v in values.items()))


def test_reader_in_the_other_base_sees_old_or_new_numbers(tmp_path, empty_warehouse_file):
    wh = _company(tmp_path, empty_warehouse_file)
    try:
        old = _kpis(wh.con)
        seen, errors, stop = [], [], threading.Event()

        def reader():
            while not stop.is_set():
                try:
                    seen.append(_kpis(wh.con))
                except Exception as exc:  # noqa: BLE001 - the test asserts there are none
                    errors.append(repr(exc))

        thread = threading.Thread(target=reader)
        thread.start()
        try:  # amazon.de's March sales: the USD copies of March move in the import's refresh
            assert wh.ingest_path(EXPORTS / "golden" / "transactions_de.csv").status == "imported"
        finally:
            stop.set()
            thread.join()
        new = _kpis(wh.con)
        assert errors == [] and seen, errors
        assert old != new
        for values in seen:
            assert values in (old, new), "a USD reader saw numbers of no committed state"
        with query.cursor(wh.con, MARCH) as cur:
            assert query.reads_copies(cur)  # still the kept copies, not the plain views
        _assert_alt_equals_plain(wh.con)
    finally:
        wh.close()


def test_copies_prepared_by_the_previous_version_are_dropped_by_the_next_import(tmp_path, empty_warehouse_file):
    """A state row without refund_base (as other_base wrote it before the refresh kept the copies): the copies were
    current until the import; its refresh cannot tell whether they can be updated in place, so it drops them."""
    wh = _company(tmp_path, empty_warehouse_file)
    try:
        cur = wh.con.cursor()
        cur.execute(
            "create or replace table marts_base_alt.state as select base, rule, stored from marts_base_alt.state"
        )
        cur.close()
        assert not other_base.needed(wh.con, "USD")  # still read: the stored copies did not change
        assert wh.ingest_path(EXPORTS / "golden" / "transactions_de.csv", refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.per_base.get("alt.dropped") == 1, stats.per_base
        assert other_base.needed(wh.con, "USD")  # the next switch prepares them again
    finally:
        wh.close()
