"""sku_day_facts in the incremental refresh recomputes only the changed days (store × marketplace × day keys,
`sku_day_facts_parts`), and a whole month's lines only when that month's ad coverage (marts.ad_coverage) changed.

The small company of test_refresh_incremental (golden templates) with the golden amazon.com and amazon.de transaction
reports and the golden Sponsored Products report (amazon.com ads on 2026-03-05 and 03-18: March is covered), then
files in the same real layouts:
1. a day inside a month whose rules do not change: one CAM-A sale posted 2026-03-20 (March stays covered);
2. a later month without ads: one CAM-A sale posted 2026-05-15 (May is not covered: its ad charges would count);
3. a day that changes its month's rule input: an ad day on 2026-05-20 (May becomes covered: every May line again);
4. the undo of that ad day (May uncovered again: every May line again).
After each, the incremental marts equal a full rebuild row for row.
"""

from __future__ import annotations

from tests.test_refresh_fifo import _check_equals_full, _count, _report, _row
from tests.test_refresh_incremental import EXPORTS, fresh
from tests.test_refresh_scoped import _ads
from warehouse.marts.refresh import refresh

US_DAY = "select count(*) from marts_mat.sku_day_facts where marketplace = 'amazon.com' and day in ({})"


def test_sku_day_facts_recompute_changed_days_and_months_whose_coverage_changed(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        for name in ("golden/transactions_us.csv", "golden/transactions_de.csv", "golden/ads_products_us.csv"):
            assert wh.ingest_path(EXPORTS / name, refresh=False).status == "imported"
        assert refresh(wh.con).mode == "incremental"
        _check_equals_full(wh)
        march = _count(wh.con, "select count(*) from marts_mat.sku_day_facts where day >= date '2026-03-01' "
                       "and day < date '2026-04-01' and marketplace = 'amazon.com'")  # fmt: skip

        # 1. one sale on 2026-03-20, a day the golden report already has (order 113-0000003 of 2 CAM-A, and a
        # 45.00 FBA storage fee without a SKU): only that day's rows, both calendars (the posting day is the event
        # day without an orders report): money rows = 2 calendars × (CAM-A, holding the old and the new sale; no
        # SKU, the fee) = 4, plus the day's order-cost rows; none of March's other days
        sale = _report(tmp_path / "march.csv", [
            _row("Mar 20, 2026 12:00:00 PM PDT", "Order", "113-0000050-0000050", "CAM-A-US", 1, 100.0)])  # fmt: skip
        assert wh.ingest_path(sale, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["sku_day_facts"] == 1
        on_day = _count(wh.con, US_DAY.format("date '2026-03-20'"))
        money = _count(wh.con, US_DAY.format("date '2026-03-20'") + " and kind = 'money'")
        assert money == 4 and stats.rows["sku_day_facts"] == on_day
        assert on_day < march
        _check_equals_full(wh)

        # 2. a sale in May (no May rows at all): May 15's rows only
        may = _report(tmp_path / "may.csv", [
            _row("May 15, 2026 12:00:00 PM PDT", "Order", "113-0000051-0000051", "CAM-A-US", 1, 100.0)])  # fmt: skip
        assert wh.ingest_path(may, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.partitions["sku_day_facts"] == 1
        assert stats.rows["sku_day_facts"] == _count(wh.con, US_DAY.format("date '2026-05-15'")) > 0
        _check_equals_full(wh)

        # 3. an ad day on May 20: May becomes covered, so every May line's days (05-15) are recomputed with the new
        # day (05-20): 2 keys; rows = 05-15's rows + 05-20's ad rows (1 ad row per calendar = 2)
        ads = wh.ingest_path(_ads(tmp_path / "may_ads.csv", [("May 20, 2026", "CAM-A-US", 12.0)]), refresh=False)
        assert ads.status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["sku_day_facts"] == 2
        ad_rows = _count(wh.con, US_DAY.format("date '2026-05-20'"))
        assert ad_rows == 2
        assert stats.rows["sku_day_facts"] == _count(wh.con, US_DAY.format("date '2026-05-15', date '2026-05-20'"))
        _check_equals_full(wh)

        # 4. undo of the ad day: May uncovered again: 05-15 recomputed, 05-20's rows gone (2 keys, no new rows there)
        wh.undo(ads.import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["sku_day_facts"] == 2
        assert _count(wh.con, US_DAY.format("date '2026-05-20'")) == 0
        assert stats.rows["sku_day_facts"] == _count(wh.con, US_DAY.format("date '2026-05-15'"))
        _check_equals_full(wh)
    finally:
        wh.close()
