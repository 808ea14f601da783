"""ad_facts and allocation_shares in the incremental refresh read only their changed partitions' rows (scope variables
`ad_facts_parts` and `allocation_shares_parts` of sql/marts/, set by warehouse/marts/refresh.py).

The small company of test_refresh_incremental (golden templates) with the golden amazon.com and amazon.de transaction
reports and the golden Sponsored Products report (CAM-A 2026-03-05 20.00 USD, CAM-B 2026-03-18 30.00 USD), then files
in the same real layouts: a later day (2026-05-15: a sale and an ad day), a back-dated ad day (2026-03-20, the month of
the golden ads) and the undo of the later day. After each, the incremental marts equal a full rebuild row for row, and
the scoped marts recomputed only their months' rows.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_refresh_fifo import _check_equals_full, _count, _report, _row
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.marts.refresh import refresh

GOLDEN_ADS = EXPORTS / "golden" / "ads_products_us.csv"


def _ads(path: Path, rows: list[tuple[str, str, float]]) -> Path:
    """A Sponsored Products advertised-product report in the golden file's layout: (day 'Mar 20, 2026', SKU, spend);
    20 clicks, 1 order of 2 units and 100.00 USD sales per row."""
    header = GOLDEN_ADS.read_text(encoding="utf-8").splitlines()[0]
    body = [f'"{day}",Cameras,USD,SP - {sku[:5]},Auto,Amazon,US,{sku},B0GOLDEN{sku[4]}1,"1,000",20,2.0000%,'
            f"${spend / 20:.2f},${spend:.2f},$100.00,{spend:.4f}%,{100 / spend:.2f},1,2,5.0000%,2,0,$100.00,$0.00"
            for day, sku, spend in rows]  # fmt: skip
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


def test_ads_and_shares_scoped_to_their_months_equal_full_rebuild(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        for name in ("golden/transactions_us.csv", "golden/transactions_de.csv", "golden/ads_products_us.csv"):
            assert wh.ingest_path(EXPORTS / name, refresh=False).status == "imported"
        assert refresh(wh.con).mode == "incremental"
        _check_equals_full(wh)

        # a later day: one CAM-A sale and one CAM-A ad day in May (neither month had rows)
        sale = _report(tmp_path / "later.csv", [
            _row("May 15, 2026 12:00:00 PM PDT", "Order", "113-0000040-0000040", "CAM-A-US", 1, 100.0)])  # fmt: skip
        ads = _ads(tmp_path / "later_ads.csv", [("May 15, 2026", "CAM-A-US", 12.0)])
        later = [wh.ingest_path(p, refresh=False).import_id for p in (sale, ads)]
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        # ad_facts: May's amazon.com ads only, 1 row (CAM-A on 05-15)
        assert stats.partitions["ad_facts"] == 1 and stats.rows["ad_facts"] == 1
        # allocation_shares: amazon.com May only: CAM-A is May's only SKU with sales (share 1 in each base), not the
        # March/April rows of both marketplaces
        may = _count(wh.con, "select count(*) from marts_mat.allocation_shares where month = date '2026-05-01'")
        assert 0 < stats.rows["allocation_shares"] == may
        assert may < _count(wh.con, "select count(*) from marts_mat.allocation_shares")
        _check_equals_full(wh)

        # a back-dated ad day in March: March's ads recomputed (the golden rows and the new one), nothing else
        assert wh.ingest_path(_ads(tmp_path / "back_ads.csv", [("Mar 20, 2026", "CAM-B-US", 8.0)]),
                              refresh=False).status == "imported"  # fmt: skip
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["ad_facts"] == 1
        assert (
            stats.rows["ad_facts"]
            == 3
            == _count(wh.con, "select count(*) from marts_mat.ad_facts where day < date '2026-04-01'")
        )
        _check_equals_full(wh)

        # undo of the later day's two files: May's rows go
        for import_id in later:
            wh.undo(import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.rows["ad_facts"] == 0
        assert _count(wh.con, "select count(*) from marts_mat.allocation_shares where month = date '2026-05-01'") == 0
        _check_equals_full(wh)
    finally:
        wh.close()
