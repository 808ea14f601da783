"""A day's refund of an older order recomputes its own day, not its order's day, unless another source lies there.

warehouse.marts.order_spread: money_facts keeps an order line from the best source that holds it
(`order_rank`, over every posting day of the order). When the imports added since the last refresh are of one Amazon
money format, the order's other days change only where lines of another format lie; the refund's own posting day
is the one partition to recompute. A real day's transaction report refunds ~3 % of the lines of the 3-27 days
before it, so this is most of a daily refresh's money work at 5M order lines (BENCHMARKS.md).
Files: cuts of the golden amazon.com transaction report (tests/fixtures/exports/golden/transactions_us.csv) and the
golden All Orders report (rank 3 below the transaction report's rank 1): order 113-0000001-0000001 is posted on
Mar 5, 2026 (2 × CAM-A-US, 200.00) and refunded on Mar 22 (1 unit, -100.00); order 113-0000007-0000007 is in both.
"""

from __future__ import annotations

from datetime import date

from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from tests.test_refresh_money_scope import BODY, _write
from warehouse.marts.refresh import refresh

REFUND = [r for r in BODY if '"Refund","113-0000001-0000001"' in r]
BEFORE = [r for r in BODY if r not in REFUND]
ORDER7 = [r for r in BODY if '"Order","113-0000007-0000007"' in r]
SALES = "select sum(product_sales)::DECIMAL(12, 2) from marts_mat.money_facts where order_id = ?"


def _same_as_full(wh) -> None:
    incremental = marts(wh.con)
    refresh(wh.con, full=True)
    assert_same(incremental, marts(wh.con))


def test_a_refund_of_an_older_order_recomputes_its_own_day_only(tmp_path, empty_warehouse_file):
    assert len(REFUND) == 1 and REFUND[0].startswith('"Mar 22, 2026')
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        wh.ingest_path(_write(tmp_path, "tx_before.csv", BEFORE), refresh=False)
        refresh(wh.con)
        wh.ingest_path(_write(tmp_path, "tx_refund.csv", REFUND), refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        # one partition: amazon.com on Mar 22 (the order's Mar 5 day holds transaction-report lines only)
        assert stats.partitions["money_facts"] == 1
        # the order's money: 200.00 sold on Mar 5, -100.00 refunded on Mar 22
        assert wh.con.sql(SALES, params=["113-0000001-0000001"]).fetchall()[0][0] == 100
        _same_as_full(wh)
    finally:
        wh.close()


def test_another_sources_line_of_the_order_is_recomputed_too(tmp_path, empty_warehouse_file):
    # All Orders first (rank 3): order 113-0000007-0000007 counted from it; then the transaction report's line of
    # the same order (rank 1) arrives on another day and must take its place there: the All Orders day is recomputed
    assert len(ORDER7) == 1 and ORDER7[0].startswith('"Mar 2, 2026')
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        wh.ingest_path(EXPORTS / "golden" / "all_orders_us.txt", refresh=False)
        refresh(wh.con)
        days = "select distinct posted_date from marts_mat.money_facts where order_id = '113-0000007-0000007'"
        before = {r[0] for r in wh.con.sql(days).fetchall()}
        wh.ingest_path(_write(tmp_path, "tx_order7.csv", ORDER7), refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        after = {r[0] for r in wh.con.sql(days).fetchall()}
        # All Orders posts the order on Feb 28 (a month it alone covers); the transaction report's line on Mar 2
        # replaces it: Feb 28 is recomputed although no import changed it
        assert before == {date(2026, 2, 28)} and after == {date(2026, 3, 2)}
        # the order counted once: the transaction report's 80.00 (Action Cam B, 1 unit)
        assert wh.con.sql(SALES, params=["113-0000007-0000007"]).fetchall()[0][0] == 80
        _same_as_full(wh)
    finally:
        wh.close()


def test_an_order_with_another_sources_day_is_read_whole(tmp_path, empty_warehouse_file):
    # order 113-0000007-0000007: All Orders' line on Feb 28 (rank 3), the transaction report's on Mar 2 (rank 1),
    # and a second shipment of the same SKU in another transaction report on Mar 9. Undoing that second report
    # recomputes Mar 9 and Feb 28 (another format's day); Feb 28's line must stay dropped because of Mar 2's line,
    # a day outside the scope that the scoped read still takes (the order has a day of another format)
    second = [ORDER7[0].replace('"Mar 2, 2026', '"Mar 9, 2026', 1)]
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        wh.ingest_path(EXPORTS / "golden" / "all_orders_us.txt", refresh=False)
        wh.ingest_path(_write(tmp_path, "tx_order7.csv", ORDER7), refresh=False)
        refresh(wh.con)
        undo = wh.ingest_path(_write(tmp_path, "tx_order7_second.csv", second), refresh=False).import_id
        refresh(wh.con)
        # two shipments of 80.00 each
        assert wh.con.sql(SALES, params=["113-0000007-0000007"]).fetchall()[0][0] == 160
        wh.undo(undo, refresh=False)
        assert refresh(wh.con).mode == "incremental"
        # the Mar 2 shipment alone, 80.00; All Orders' Feb 28 line is not counted again
        assert wh.con.sql(SALES, params=["113-0000007-0000007"]).fetchall()[0][0] == 80
        _same_as_full(wh)
    finally:
        wh.close()
