"""Inventory stock in the incremental refresh: a location from its earliest changed snapshot on
(warehouse/marts/stock_refresh.py).

The small company of test_refresh_incremental (golden templates: own stock at Shenzhen on 2026-03-01 and 2026-03-31
for CAM-A, CAM-B, MOUNT-C), then FBA inventory reports (amazon.com, the real Manage FBA Inventory layout of the
fixture) and own-stock sheets (the golden template's layout): a first FBA snapshot, a later one, an own-stock day
with a SKU never seen at Shenzhen (it gains rows on every earlier date), a back-dated own-stock day and the undo of
the new SKU's day (its rows go everywhere). After each, the incremental marts equal a full rebuild row for row.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_refresh_fifo import _check_equals_full, _count
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.marts.refresh import refresh

FBA = EXPORTS / "amazon_fba_inventory" / "fba_inventory_2026-03-31.txt"


def _fba(path: Path, units: dict[str, int]) -> Path:
    """An FBA inventory report in the fixture's layout: per SKU `units` fulfillable, 2 reserved, 1 unsellable."""
    header = FBA.read_text(encoding="utf-8").splitlines()[0]
    rows = [f"{sku}\tX00{i}\tB0{i}\t{sku} name\tNew\t99.00\tNo\t\tYes\t{n + 3}\t{n}\t1\t2\t{n + 3}\t0.12\t0\t0\t0\t0\t0\t0"
            for i, (sku, n) in enumerate(units.items())]  # fmt: skip
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _own(path: Path, rows: list[tuple[str, str, str, int]]) -> Path:
    """An own-stock sheet in the golden template's layout: (snapshot date, warehouse, master SKU, units)."""
    body = [",".join(map(str, r)) for r in rows]
    path.write_text("\n".join(["Snapshot date,Warehouse,Master SKU,Units", *body]) + "\n", encoding="utf-8")
    return path


def _stock(con, where: str) -> int:
    return _count(con, f"select count(*) from marts_mat.inventory_stock where {where}")


def test_stock_from_the_earliest_changed_snapshot_equals_full_rebuild(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    fba_opts = {"marketplace": "amazon.com"}
    try:
        # a first FBA snapshot: a new location, computed whole (one day: its last snapshot fills one day); the latest
        # stock day moves 03-31 -> 04-10, so Shenzhen's last count (03-31, within 45 days) is carried to it: 2 locations
        first = _fba(tmp_path / "fba_2026-04-10.txt", {"CAM-A-US": 30, "CAM-B-US": 12})
        assert wh.ingest_path(first, fba_opts | {"as_of": "2026-04-10"}, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["inventory_stock"] == 2
        # FBA 2 SKUs × 1 day; Shenzhen from its last snapshot: 3 SKUs × 11 days (03-31..04-10)
        assert stats.rows["inventory_stock"] == 2 + 3 * 11
        _check_equals_full(wh)

        # a later FBA snapshot: the location from 2026-04-10 on (04-10 now fills 10 days); Shenzhen's carried tail
        # from its last snapshot only (not from 03-01)
        later = _fba(tmp_path / "fba_2026-04-20.txt", {"CAM-A-US": 25, "CAM-B-US": 10})
        assert wh.ingest_path(later, fba_opts | {"as_of": "2026-04-20"}, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["inventory_stock"] == 2
        # FBA 2 SKUs × (10 days from 04-10 + 1 day on 04-20) = 22; Shenzhen 3 SKUs × 21 days (03-31..04-20) = 63
        assert stats.rows["inventory_stock"] == 22 + 63 and _stock(wh.con, "store is not null") == 22
        _check_equals_full(wh)

        # own stock on 2026-04-15 with LENS-D, never seen at Shenzhen: it gains rows on 03-01 and 03-31 too
        shenzhen = _stock(wh.con, "location = 'Shenzhen'")
        new_sku = _own(tmp_path / "own_0415.csv", [("2026-04-15", "Shenzhen", "CAM-A", 4),
                                                   ("2026-04-15", "Shenzhen", "LENS-D", 7)])  # fmt: skip
        new_id = wh.ingest_path(new_sku, refresh=False).import_id
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["inventory_stock"] == 1
        assert _stock(wh.con, "master_sku = 'LENS-D' and snapshot_date = date '2026-03-01' and on_hand = 0") == 30
        # the latest stock day stays 04-20 (FBA): Shenzhen alone. Recomputed: 3 kept SKUs × 21 days from 03-31
        # (03-31..04-14, then 04-15 carried to 04-20: 15 + 6) + LENS-D on every day (30 + 15 + 6 = 51)
        assert stats.rows["inventory_stock"] == 3 * 21 + 51 < _stock(wh.con, "location = 'Shenzhen'")
        # the kept SKUs' days are the same (03-01..04-20); LENS-D adds its 51
        assert _stock(wh.con, "location = 'Shenzhen'") == shenzhen + 51
        _check_equals_full(wh)

        # a back-dated own-stock day between the two template snapshots: Shenzhen from 03-01 on
        back = _own(tmp_path / "own_0315.csv", [("2026-03-15", "Shenzhen", "CAM-B", 9)])
        assert wh.ingest_path(back, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["inventory_stock"] == 1
        assert _stock(wh.con, "master_sku = 'CAM-B' and day = date '2026-03-20' and on_hand = 9") == 1
        _check_equals_full(wh)

        # undo of the LENS-D day: LENS-D leaves Shenzhen's SKU set, its rows go on every date
        wh.undo(new_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["inventory_stock"] == 1
        assert _stock(wh.con, "master_sku = 'LENS-D'") == 0
        _check_equals_full(wh)
    finally:
        wh.close()
