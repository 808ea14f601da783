"""money_facts is recomputed per store × marketplace × posting DAY; a whole month only when its winning source moves.

The small company of test_refresh_incremental (golden templates) with the amazon.com settlement report
tests/fixtures/exports/amazon_settlement/us_settlement.txt (source rank 2; March 2026). Its money rows, by posting day
(one staging.money row per order item / refund item / charge; `posted-date` column):
    03-02 order 113-1111111 · 03-05 order 113-2222222 · 03-08 Cost of Advertising · 03-09 Storage Fee
    03-10 refund 113-1111111 · 03-12 Subscription Fee · 03-14 order 113-3333333
  = 7 rows on 7 days, all in March, no other amazon.com money.
Then transaction-report days (source rank 1, the better source), one new order each, in the golden layout:
  1. May 15: a month with no money before → its one day, 1 row.
  2. May 20: May's winner stays rank 1 → only May 20 is recomputed (1 partition, 1 row), not May 15.
  3. Mar 28: March's winner flips from the settlement (2) to the transaction report (1) → every March day is
     recomputed: the 7 settlement days + Mar 28 = 8 partitions; the settlement's 7 rows leave the mart, 1 row stays.
  4. undo of step 3: March flips back to the settlement → the same 8 days; 7 rows (Mar 28 now holds none).
After each step every heavy mart equals a full rebuild row for row.
"""

from __future__ import annotations

from tests.test_refresh_fifo import _check_equals_full, _count, _report, _row
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.marts.refresh import refresh

MARCH = ("select count(*) from marts_mat.money_facts where marketplace = 'amazon.com' "
         "and date_trunc('month', posted_date) = DATE '2026-03-01'")  # fmt: skip


def _day(wh, tmp_path, name: str, when: str, order: str):
    imp = wh.ingest_path(_report(tmp_path / f"{name}.csv", [_row(when, "Order", order, "CAM-A-US", 1, 100.0)]),
                         refresh=False)  # fmt: skip
    assert imp.status == "imported", imp.line()
    return imp, refresh(wh.con)


def test_money_per_day_and_month_winner_flip_equal_full(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        assert wh.ingest_path(EXPORTS / "amazon_settlement" / "us_settlement.txt", refresh=False).status == "imported"
        refresh(wh.con)
        _check_equals_full(wh)
        assert _count(wh.con, MARCH) == 7  # the settlement's 7 rows (module doc)

        # 1. a day of a month with no money before: that one day
        _, stats = _day(wh, tmp_path, "may15", "May 15, 2026 12:00:00 PM PDT", "113-0000040-0000040")
        assert stats.mode == "incremental"
        assert (stats.partitions["money_facts"], stats.rows["money_facts"]) == (1, 1)
        _check_equals_full(wh)

        # 2. a day inside a month whose winner stays (rank 1): May 20 alone, May 15's row is not read again
        _, stats = _day(wh, tmp_path, "may20", "May 20, 2026 12:00:00 PM PDT", "113-0000041-0000041")
        assert stats.mode == "incremental"
        assert (stats.partitions["money_facts"], stats.rows["money_facts"]) == (1, 1)
        _check_equals_full(wh)

        # 3. a transaction-report day in the settlement's month: March's winner flips 2 -> 1, all 8 March days
        imp, stats = _day(wh, tmp_path, "mar28", "Mar 28, 2026 12:00:00 PM PDT", "113-0000042-0000042")
        assert stats.mode == "incremental"
        assert (stats.partitions["money_facts"], stats.rows["money_facts"]) == (8, 1)
        assert _count(wh.con, MARCH) == 1
        _check_equals_full(wh)

        # 4. its undo: March's winner is the settlement again, the same 8 days, its 7 rows back
        wh.undo(imp.import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        assert (stats.partitions["money_facts"], stats.rows["money_facts"]) == (8, 7)
        assert _count(wh.con, MARCH) == 7
        _check_equals_full(wh)
    finally:
        wh.close()
