"""Stock counted once when two Amazon reports describe one FBA location on one day.

Manage FBA Inventory and FBA Inventory Planning both list a SKU's units at "FBA amazon.com" on 31 March 2026 (the
real layouts of tests/fixtures/exports). marts.inventory_stock summed both: the demo's CAM-5K-PRO showed 110 units at
amazon.co.jp against 53 in one report and 57 in the other, and days of cover, stock value and stock-out dates were
inflated with it. Per SKU × location × day the units now come from one report (Manage FBA Inventory first) and the
age buckets from the report that has them (Inventory Planning).
"""

from __future__ import annotations

from datetime import date

from tests.conftest import rows

AS_OF = {"as_of": "2026-03-31"}
DAY = date(2026, 3, 31)
COLS = "available, reserved, inbound, unsellable, on_hand, aged_181_plus"


def _stock(wh) -> dict[str, tuple]:
    got = rows(
        wh,
        f"select master_sku, {COLS} from marts.inventory_stock "
        "where day = $1 and location = 'FBA amazon.com' order by master_sku",
        [DAY],
    )
    return {r[0]: tuple(r[1:]) for r in got}


def _import(wh, fixture_path, *files):
    for fmt, name, options in files:
        r = wh.ingest_path(fixture_path(fmt, name), options)
        assert r.status == "imported", r.message
    wh.refresh()


MANAGE = ("amazon_fba_inventory", "manage_fba_inventory.txt", AS_OF)
PLANNING = ("amazon_inventory_planning", "inventory_planning_tsv.txt", None)


def test_both_reports_of_one_day_count_each_unit_once(wh, fixture_path):
    _import(wh, fixture_path, MANAGE, PLANNING)
    got = _stock(wh)
    # columns: available, reserved, inbound, unsellable, on_hand (= available + reserved + unsellable), aged 181+ days
    # CAM-4K-BLK is in both: units from Manage (afn-fulfillable 412, afn-reserved 25, inbound working 0 + shipped 120
    # + receiving 30 = 150, afn-unsellable 3; on hand 412 + 25 + 3 = 440; the sum of both reports said 824 available);
    # aged from Planning: inv-age-181-to-270 22 + 271-to-365 0 + 365-plus 0 = 22
    assert got["CAM-4K-BLK"] == (412, 25, 150, 3, 440, 22)
    # BAT-2PK in both: Manage 1530 / 58 / 0 + 500 + 45 = 545 / 12; on hand 1530 + 58 + 12 = 1600; Planning ages 0
    assert got["BAT-2PK"] == (1530, 58, 545, 12, 1600, 0)
    # LENS-ND-SET only in Planning: its own units (available 640, reserved 0, inbound 0, unfulfillable 10; on hand
    # 650) and ages 200 + 150 + 150 = 500
    assert got["LENS-ND-SET"] == (640, 0, 0, 10, 650, 500)
    # Manage only: CAM-4K-SLV 87 / 6 / 200 + 0 + 0 / 0 (on hand 93); MNT-BIKE 0 / 0 / 0 / 1 (on hand 1); no ages
    assert got["CAM-4K-SLV"] == (87, 6, 200, 0, 93, 0)
    assert got["MNT-BIKE"] == (0, 0, 0, 1, 1, 0)
    # the location's available stock: 412 + 1530 + 640 + 87 + 0 = 2669 (summing both reports gave 4611)
    assert sum(v[0] for v in got.values()) == 2669


def test_each_report_alone_keeps_its_own_units(wh, fixture_path):
    """The precedence only chooses between reports: a day with one report is that report's figures."""
    _import(wh, fixture_path, PLANNING)
    got = _stock(wh)
    # Planning alone: CAM-4K-BLK 412 / 25 / 150 / 3, on hand 440, aged 22
    assert got["CAM-4K-BLK"] == (412, 25, 150, 3, 440, 22)
    assert sum(v[0] for v in got.values()) == 412 + 640 + 1530


def test_the_order_of_the_imports_does_not_matter(tmp_path, empty_warehouse_file, fixture_path):
    """Planning first, then Manage, through the incremental refresh: the same rows as Manage then Planning."""
    import shutil

    from warehouse.ingest.importer import Warehouse

    got = []
    for order in ((MANAGE, PLANNING), (PLANNING, MANAGE)):
        folder = tmp_path / str(len(got))
        folder.mkdir()
        shutil.copyfile(empty_warehouse_file, folder / "wh.duckdb")
        w = Warehouse(folder / "wh.duckdb", folder / "archive")
        try:
            for one in order:
                _import(w, fixture_path, one)
            got.append(_stock(w))
        finally:
            w.close()
    assert got[0] == got[1]
    assert got[0]["CAM-4K-BLK"] == (412, 25, 150, 3, 440, 22)


OWN = ("golden", "own_stock.csv", None)  # Shenzhen counted 2026-03-01 and 03-31: CAM-A 6, CAM-B 8, MOUNT-C 17 last


def test_a_warehouse_counted_monthly_keeps_its_count_on_later_stock_days(wh, fixture_path):
    """Reorder planning summed each location's latest count (Shenzhen's 31 March), Inventory only the rows of the
    latest stock day (FBA's): 283 against 237 units for one demo SKU. A location's last count is now carried to the
    warehouse's latest stock day for up to 45 days, and both read that day."""
    from metrics.core import api
    from metrics.core.history import stock_position

    _import(wh, fixture_path, OWN, ("amazon_fba_inventory", "manage_fba_inventory.txt", {"as_of": "2026-04-20"}))
    on = date(2026, 4, 20)
    got = rows(wh, "select location, sum(available)::BIGINT from marts.inventory_stock where day = $1 group by 1 "
                   "order by 1", [on])  # fmt: skip
    # FBA on its own day: 412 + 87 + 0 + 1530 = 2029; Shenzhen's 31 March count carried 20 days: 6 + 8 + 17 = 31
    assert got == [("FBA amazon.com", 2029), ("Shenzhen", 31)]
    con = wh.con.cursor()
    try:
        f = api.Filters(start=date(2026, 4, 1), end=on)
        inventory = api.inventory_status(con, on, f)["available"].sum()
        reorder = stock_position(con, on)["available"].sum()
    finally:
        con.close()
    assert inventory == reorder == 2029 + 31


def test_a_count_older_than_45_days_is_no_longer_shown(wh, fixture_path):
    # FBA on 2026-05-16: 46 days after Shenzhen's last count (31 March) -> Shenzhen carried to 05-15 only
    _import(wh, fixture_path, OWN, ("amazon_fba_inventory", "manage_fba_inventory.txt", {"as_of": "2026-05-16"}))
    last = rows(wh, "select max(day) from marts.inventory_stock where location = 'Shenzhen'")[0][0]
    assert last == date(2026, 5, 15)  # 03-31 + 45 days
    assert rows(wh, "select count(*) from marts.inventory_stock where day = date '2026-05-16' "
                    "and location = 'Shenzhen'") == [(0,)]  # fmt: skip
