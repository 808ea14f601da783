"""The inventory fingerprints are re-hashed only on the snapshot dates an import can have changed, and stay equal to
a whole hash (warehouse/marts/inventory_inputs.py).

An incremental refresh re-hashes the staging.inventory_snapshots partitions (store × location × snapshot date) on the
dates the imports added or undone since the last refresh occupy now or occupied at the last refresh. Each step checks
the invariant that matters: the stored inventory fingerprints and the per-import dates
(marts_mat.inventory_import_parts) equal a whole re-hash, and the marts equal a full rebuild.
Files: FBA inventory reports (the fixture's Manage FBA Inventory layout) and own-stock sheets (the golden template's
layout); the company of test_refresh_incremental (own stock at Shenzhen on 2026-03-01 and 2026-03-31).
"""

from __future__ import annotations

from datetime import date

from tests.test_refresh_fifo import _check_equals_full
from tests.test_refresh_incremental import fresh
from tests.test_refresh_stock import _fba, _own
from warehouse.marts import inputs, inventory_inputs
from warehouse.marts.refresh import refresh


def _check(wh) -> None:
    """Stored inventory fingerprints and per-import dates = a whole re-hash; the marts = a full rebuild's."""
    cur = wh.cursor()
    try:
        stored = cur.sql("select k, h, n, tiktok, r from marts_mat.fingerprints where input = 'inventory'").fetchall()
        assert sorted(stored) == sorted(cur.sql(inputs.INPUTS["inventory"]).fetchall())
        parts = cur.sql("select import_id, d from marts_mat.inventory_import_parts").fetchall()
        assert sorted(parts) == sorted(cur.sql(inventory_inputs.PARTS_SQL).fetchall())
    finally:
        cur.close()
    _check_equals_full(wh)


def _scope(wh) -> list[int] | None:
    cur = wh.cursor()
    try:
        return inputs.inventory_scope(cur, inputs.view_texts(cur))
    finally:
        cur.close()


def _dates(wh, import_id: int) -> list[date]:
    q = "select d from marts_mat.inventory_import_parts where import_id = ? order by d"
    return [r[0] for r in wh.con.sql(q, params=[import_id]).fetchall()]


def _units(wh, sku: str, day: str) -> int:
    q = "select on_hand from marts_mat.inventory_stock where master_sku = ? and location = 'Shenzhen' and day = ?"
    return wh.con.sql(q, params=[sku, day]).fetchall()[0][0]


def test_inventory_fingerprints_rehash_only_the_imports_dates(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        # the template's own stock (03-01, 03-31) was recorded whole by the first refresh
        assert sorted(d for (d,) in wh.con.sql("select distinct d from marts_mat.inventory_import_parts").fetchall()) \
            == [date(2026, 3, 1), date(2026, 3, 31)]  # fmt: skip
        fba = _fba(tmp_path / "fba_2026-04-10.txt", {"CAM-A-US": 30, "CAM-B-US": 12})
        first = wh.ingest_path(fba, {"marketplace": "amazon.com", "as_of": "2026-04-10"}, refresh=False).import_id
        assert _scope(wh) == [first]  # one snapshot report shares rows with no other import
        assert refresh(wh.con).mode == "incremental"
        assert _dates(wh, first) == [date(2026, 4, 10)]
        _check(wh)

        # own stock counted twice on 04-15: the later sheet's count of CAM-A (4 -> 6) replaces the earlier one
        a = wh.ingest_path(_own(tmp_path / "own_a.csv", [("2026-04-15", "Shenzhen", "CAM-A", 4),
                                                         ("2026-04-15", "Shenzhen", "MOUNT-C", 2)]),
                           refresh=False).import_id  # fmt: skip
        assert refresh(wh.con).mode == "incremental"
        _check(wh)
        b = wh.ingest_path(_own(tmp_path / "own_b.csv", [("2026-04-15", "Shenzhen", "CAM-A", 6)]),
                           refresh=False).import_id  # fmt: skip
        assert refresh(wh.con).mode == "incremental"
        assert _dates(wh, b) == [date(2026, 4, 15)] and _units(wh, "CAM-A", "2026-04-15") == 6
        _check(wh)

        # undoing the later sheet brings the earlier count back (4): its date is re-hashed from the recorded dates
        wh.undo(b, refresh=False)
        assert refresh(wh.con).mode == "incremental"
        assert _dates(wh, b) == [] and _units(wh, "CAM-A", "2026-04-15") == 4
        _check(wh)
        wh.undo(a, refresh=False)
        wh.undo(first, refresh=False)
        assert refresh(wh.con).mode == "incremental"
        assert _dates(wh, a) == [] and _dates(wh, first) == []
        _check(wh)
    finally:
        wh.close()
