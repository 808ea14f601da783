"""The heavy marts are stored in date order (warehouse.marts.refresh.ORDER), so the zone maps of a date-bounded scan
skip the other days' row groups: a full rebuild writes each sorted, and an incremental refresh of a later day appends
its rows after the earlier days, sorted.

Counted in storage order (rowid): the rows whose date is earlier than the row stored before them. At 5M order lines
the unsorted tables had every row group spanning the full two years (BENCHMARKS.md); this checks the rule, not speed.
Data: the small company of test_refresh_incremental, the golden amazon.com and amazon.de transaction reports, then a
Sponsored Products advertised-product report (Mar 1-2 2026), then a
later day (2026-05-15) in the real amazon.com layout with an order of each SKU and a refund.
"""

from __future__ import annotations

from tests.test_refresh_fifo import _report, _row
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.marts.refresh import ORDER, refresh


def _out_of_order(con, name: str) -> int:
    """Rows of marts_mat.<name> stored after a row of a later date (ORDER's first column; NULLs compare as unknown)."""
    col = ORDER[name].split(",")[0].strip()
    q = (f"select count(*) from (select {col} as d, lag({col}) over (order by rowid) as prev "
         f"from marts_mat.{name}) where d < prev")  # fmt: skip
    return con.sql(q).fetchall()[0][0]


def _check(con) -> None:
    for name in ORDER:
        rows = con.sql(f"select count(*) from marts_mat.{name}").fetchall()[0][0]
        assert rows > 0, name  # the company has rows in every dated mart
        assert _out_of_order(con, name) == 0, name


def test_full_rebuild_and_a_later_day_keep_each_mart_in_date_order(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        for name in ("golden/transactions_us.csv", "golden/transactions_de.csv",
                     "amazon_ads_products/sp_advertised_product_daily_us.csv"):  # fmt: skip
            assert wh.ingest_path(EXPORTS / name, refresh=False).status == "imported"
        assert refresh(wh.con, full=True).mode == "full"
        _check(wh.con)
        later = _report(tmp_path / "later.csv", [
            _row("May 15, 2026 12:00:00 PM PDT", "Order", "113-0000020-0000020", "CAM-A-US", 3, 300.0),
            _row("May 15, 2026 1:00:00 PM PDT", "Order", "113-0000021-0000021", "CAM-B-US", 1, 80.0),
            _row("May 15, 2026 2:00:00 PM PDT", "Refund", "113-0000003-0000003", "CAM-A-US", 1, 100.0),
        ])  # fmt: skip
        assert wh.ingest_path(later, refresh=False).status == "imported"
        assert refresh(wh.con).mode == "incremental"
        _check(wh.con)
    finally:
        wh.close()
