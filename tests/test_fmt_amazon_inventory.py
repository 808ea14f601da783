"""Golden fixtures for the Amazon FBA inventory family: Manage FBA Inventory, inventory planning (TSV and 2026
CSV), inventory ledger (API and Seller Central), monthly storage fees (US and JP), FBA fee preview (US and EU)."""

from datetime import date, datetime

import duckdb
import pytest

from tests.conftest import FIXTURES, rows, table_state
from warehouse.formats.amazon.storage_fees import month_sql, parse_month
from warehouse.ingest.detect import detect

AS_OF = {"as_of": "2026-03-31"}


def ingest(wh, fixture_path, fmt, name, options=None):
    r = wh.ingest_path(fixture_path(fmt, name), options)
    assert r.status == "imported", r.message
    assert r.format_id == fmt
    return r


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("amazon_fba_inventory", "manage_fba_inventory.txt"),
        ("amazon_fba_inventory", "fba_inventory_2026-03-31.txt"),
        ("amazon_inventory_planning", "inventory_planning_tsv.txt"),
        ("amazon_inventory_planning", "inventory_planning_2026.csv"),
        ("amazon_inventory_ledger", "ledger_api.txt"),
        ("amazon_inventory_ledger", "ledger_seller_central.csv"),
        ("amazon_storage_fees", "storage_fees_us.txt"),
        ("amazon_storage_fees", "storage_fees_jp.txt"),
        ("amazon_fee_preview", "fee_preview_us.txt"),
        ("amazon_fee_preview", "fee_preview_eu_cp1252.txt"),
    ],
)
def test_each_fixture_is_detected_as_its_own_format(fmt, name):
    path = FIXTURES / fmt / name
    detected, _ = detect(path.read_bytes(), name, {})
    assert detected.id == fmt


# -- Manage FBA Inventory ----------------------------------------------------------------------------------------
def test_myi_values_totals_and_staging(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_fba_inventory", "manage_fba_inventory.txt", AS_OF)
    assert (r.variant, r.rows_added) == ("MYI", 4)
    # no marketplace in the report and none given: amazon.com, with a warning naming the option
    assert any("assumed amazon.com" in w and "--marketplace" in w for w in r.warnings)
    first = rows(
        wh,
        "select sku, fnsku, asin, your_price, mfn_listing_exists, mfn_fulfillable_quantity, afn_fulfillable_quantity, "
        "afn_unsellable_quantity, afn_reserved_quantity, afn_warehouse_quantity, afn_total_quantity, per_unit_volume, "
        "snapshot_date, marketplace from raw.amazon_fba_inventory where row_no = 1",
    )[0]
    assert first == (
        "CAM-4K-BLK", "X001ABC123", "B0CAM4KBLK", 129.99, False, None, 412, 3, 25, 440, 590, 0.12,
        date(2026, 3, 31), "amazon.com",
    )  # fmt: skip
    # 412 + 87 + 0 + 1530 = 2029 fulfillable; 590 + 293 + 1 + 2145 = 3029 in total
    assert rows(
        wh,
        "select sum(afn_fulfillable_quantity)::BIGINT, sum(afn_total_quantity)::BIGINT from raw.amazon_fba_inventory",
    )[0] == (2029, 3029)
    bat = rows(
        wh,
        "select location, snapshot_date, available, reserved, inbound, unsellable, total_units, age_0_90, age_365_plus "
        "from staging.inventory_snapshots where source = 'amazon_fba_inventory' and sku = 'BAT-2PK'",
    )
    # inbound = working 0 + shipped 500 + receiving 45 = 545
    assert bat == [("FBA amazon.com", date(2026, 3, 31), 1530, 58, 545, 12, 2145, None, None)]
    # afn-total = fulfillable + reserved + unsellable + inbound on every row: 412+25+3+150 = 590, …
    assert (
        rows(
            wh,
            "select count(*) from staging.inventory_snapshots "
            "where available + reserved + unsellable + inbound <> total_units",
        )[0][0]
        == 0
    )
    # 150 + 200 + 0 + 545 = 895 units on their way in
    assert rows(wh, "select sum(inbound)::BIGINT from staging.inventory_snapshots")[0][0] == 895


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("amazon_fba_inventory", "manage_fba_inventory.txt"), ("amazon_fee_preview", "fee_preview_us.txt")],
)
def test_snapshot_without_any_date_is_refused_naming_as_of(wh, fixture_path, fmt, name):
    before = table_state(wh)
    r = wh.ingest_path(fixture_path(fmt, name))
    assert r.status == "rejected"
    assert r.message.startswith(name + ":")
    assert "--as-of YYYY-MM-DD" in r.message and "on which day" in r.message
    assert table_state(wh) == before


def test_myi_date_from_file_name_and_marketplace_option(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_fba_inventory", "fba_inventory_2026-03-31.txt", {"marketplace": "DE"})
    assert r.warnings == ["snapshot date taken from the file name: 2026-03-31"]
    got = rows(wh, "select distinct snapshot_date, marketplace from raw.amazon_fba_inventory")
    assert got == [(date(2026, 3, 31), "amazon.de")]
    assert rows(wh, "select as_of, marketplace from meta.imports")[0] == (date(2026, 3, 31), "amazon.de")
    # 50 + 288 = 338 fulfillable units at FBA Germany
    assert rows(wh, "select location, sum(available)::BIGINT from staging.inventory_snapshots group by location") == [
        ("FBA amazon.de", 338)
    ]


def test_myi_unknown_marketplace_option_is_refused(wh, fixture_path):
    before = table_state(wh)
    r = wh.ingest_path(fixture_path("amazon_fba_inventory", "manage_fba_inventory.txt"), {**AS_OF, "marketplace": "xx"})
    assert r.status == "rejected"
    assert "'xx' is not one Seller Cockpit knows" in r.message and "amazon.co.jp" in r.message
    assert table_state(wh) == before


# -- FBA inventory planning ----------------------------------------------------------------------------------------
def test_planning_tsv_values_totals_and_staging(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_inventory_planning", "inventory_planning_tsv.txt")
    assert (r.variant, r.rows_added, r.warnings) == ("TSV", 3, [])
    lens = rows(
        wh,
        "select snapshot_date, sku, available, age_0_90, age_91_180, age_181_270, age_271_365, age_365_plus, "
        "age_366_455, your_price, sales_price, days_of_supply, units_shipped_t30, recommended_action, marketplace "
        "from raw.amazon_inventory_planning where row_no = 2",
    )[0]
    assert lens == (
        date(2026, 3, 31), "LENS-ND-SET", 640, 40, 100, 200, 150, 150, None, 29.99, None, None, 4,
        "Create removal order", "amazon.com",
    )  # fmt: skip
    # 412 + 640 + 1530 = 2582 available; 12.34 + 45.67 + 8.02 = 66.03 storage next month
    avail, cost = rows(
        wh,
        "select sum(available)::BIGINT, round(sum(estimated_storage_cost_next_month), 2) "
        "from raw.amazon_inventory_planning",
    )[0]
    assert (avail, cost) == (2582, pytest.approx(66.03))
    assert rows(wh, "select as_of, marketplace from meta.imports")[0] == (date(2026, 3, 31), "amazon.com")
    staged = rows(
        wh,
        "select location, available, reserved, inbound, unsellable, total_units, age_181_270, age_365_plus "
        "from staging.inventory_snapshots where sku = 'LENS-ND-SET'",
    )
    # total = 640 available + 0 reserved + 10 unsellable + 0 inbound = 650
    assert staged == [("FBA amazon.com", 640, 0, 0, 10, 650, 200, 150)]


def test_planning_2026_csv_sums_the_split_oldest_buckets(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_inventory_planning", "inventory_planning_2026.csv")
    assert (r.variant, r.rows_added) == ("2026 CSV", 3)
    lens = rows(
        wh,
        "select age_271_365, age_365_plus, age_366_455, age_456_plus from raw.amazon_inventory_planning "
        "where sku = 'LENS-ND-SET'",
    )[0]
    assert lens == (150, None, 90, 60)
    cam = rows(
        wh,
        "select reserved_quantity, fc_transfer, health_status, inventory_supply_at_fba, inbound_quantity "
        "from raw.amazon_inventory_planning where sku = 'CAM-4K-BLK'",
    )[0]
    assert cam == (27, 5, "Healthy", 437, 150)
    staged = dict(
        (sku, rest)
        for sku, *rest in rows(
            wh,
            "select sku, available, reserved, inbound, unsellable, total_units, age_271_365, age_365_plus "
            "from staging.inventory_snapshots",
        )
    )
    # 365+ = 366-455 (90) + 456-plus (60) = 150; CAM total = 410 + 27 + 150 + 3 = 590
    assert staged["LENS-ND-SET"] == [630, 0, 0, 10, 640, 150, 150]
    assert staged["CAM-4K-BLK"] == [410, 27, 150, 3, 590, 10, 0]
    assert staged["GRIP-FLOAT"] == [0, 0, 300, 0, 300, 0, 0]
    # 410 + 630 + 0 = 1040 available
    assert rows(wh, "select sum(available)::BIGINT from staging.inventory_snapshots")[0][0] == 1040


def test_both_snapshot_reports_of_one_day_stay_side_by_side_in_staging(wh, fixture_path):
    ingest(wh, fixture_path, "amazon_fba_inventory", "manage_fba_inventory.txt", AS_OF)
    ingest(wh, fixture_path, "amazon_inventory_planning", "inventory_planning_2026.csv")
    got = rows(
        wh,
        "select source, snapshot_date, count(*) from staging.inventory_snapshots group by all order by source",
    )
    # staging keeps both sources of 31 March; choosing one per day is the marts' job
    assert got == [("amazon_fba_inventory", date(2026, 3, 31), 4), ("amazon_inventory_planning", date(2026, 3, 31), 3)]


# -- inventory ledger ----------------------------------------------------------------------------------------------
def test_ledger_api_tsv_values_totals_and_staging(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_inventory_ledger", "ledger_api.txt")
    assert (r.variant, r.rows_added) == ("API TSV", 8)
    adj = rows(
        wh,
        "select movement_date, msku, event_type, reference_id, quantity, fulfillment_center, disposition, reason, "
        "country, reconciled_quantity, unreconciled_quantity, marketplace from raw.amazon_inventory_ledger "
        "where row_no = 5",
    )[0]
    assert adj == (
        date(2026, 3, 9), "BAT-2PK", "Adjustments", "9876543210", -3, "ONT8", "WAREHOUSE_DAMAGED", "E", "US", 0, -3,
        "amazon.com",
    )  # fmt: skip
    # -1 - 2 + 120 + 1 - 3 - 12 + 12 - 1 = 114
    assert rows(wh, "select sum(quantity)::BIGINT from raw.amazon_inventory_ledger")[0][0] == 114
    by_type = dict(
        rows(wh, "select event_type, sum(quantity)::BIGINT from staging.inventory_movements group by event_type")
    )
    # shipments: -1 - 2 (US) - 1 (DE) = -4; the warehouse transfer nets to 0
    assert by_type == {"shipments": -4, "receipts": 120, "customerreturns": 1, "adjustments": -3, "whsetransfers": 0}
    by_mp = rows(
        wh,
        "select marketplace, location, sum(quantity)::BIGINT from staging.inventory_movements group by all "
        "order by marketplace",
    )
    assert by_mp == [("amazon.com", "FBA amazon.com", 115), ("amazon.de", "FBA amazon.de", -1)]


def test_ledger_seller_central_csv_with_date_time_and_store(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_inventory_ledger", "ledger_seller_central.csv")
    assert (r.variant, r.rows_added) == ("Seller Central CSV", 5)
    removal = rows(
        wh,
        "select movement_date, event_at, event_type, reference_id, quantity, store, marketplace "
        "from raw.amazon_inventory_ledger where row_no = 4",
    )[0]
    # 2026-03-10T00:00:00-0700: the wall clock as printed (PDT, after the 8 March switch)
    assert removal == (
        date(2026, 3, 10),
        datetime(2026, 3, 10),
        "VendorReturns",
        "RMV-20260310-01",
        -5,
        "TrailCam",
        "amazon.com",
    )
    jp = rows(
        wh,
        "select marketplace, location, sku, event_type, quantity from staging.inventory_movements where row_no = 5",
    )
    assert jp == [("amazon.co.jp", "FBA amazon.co.jp", "CAM-4K-BLK-JP", "receipts", 50)]
    assert rows(wh, "select title from raw.amazon_inventory_ledger where row_no = 5")[0][0] == (
        "TrailCam 4K アクションカメラ ブラック"
    )
    # -1 - 3 - 2 - 5 + 50 = 39
    assert rows(wh, "select sum(quantity)::BIGINT from staging.inventory_movements")[0][0] == 39


# -- monthly storage fees ------------------------------------------------------------------------------------------
def test_storage_fees_us_values_totals_and_staging(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_storage_fees", "storage_fees_us.txt")
    assert (r.variant, r.rows_added) == ("US", 4)
    first = rows(
        wh,
        "select asin, fulfillment_center, country_code, average_quantity_on_hand, estimated_total_item_volume, "
        "month_of_charge, charge_month, storage_rate, currency, estimated_monthly_storage_fee "
        "from raw.amazon_storage_fees where row_no = 1",
    )[0]
    assert first == ("B0CAM4KBLK", "PHX7", "US", 310.5, 15.09, "2026-03", date(2026, 3, 1), 0.78, "USD", 11.77)
    staged = rows(
        wh,
        "select marketplace, month, currency, count(*), count(sku), round(sum(fee), 2), sum(average_units) "
        "from staging.storage_fees group by all",
    )
    # 11.77 + 3.61 + 4.99 + 23.24 = 43.61; 310.5 + 95.2 + 640 + 1490 = 2535.7 average units
    assert staged == [("amazon.com", date(2026, 3, 1), "USD", 4, 0, pytest.approx(43.61), pytest.approx(2535.7))]


def test_storage_fees_jp_hyphen_layout(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_storage_fees", "storage_fees_jp.txt")
    assert (r.variant, r.rows_added) == ("JP", 3)
    last = rows(
        wh,
        "select product_name, fulfillment_center, month_of_charge, charge_month, estimated_monthly_storage_fee "
        "from raw.amazon_storage_fees where row_no = 3",
    )[0]
    # `1,260.00` keeps its thousands separator out of the value
    assert last == ("TrailCam NDフィルターセット", "KIX4", "Mar-2026", date(2026, 3, 1), 1260.0)
    staged = rows(wh, "select marketplace, month, currency, sum(fee) from staging.storage_fees group by all")
    # 333.50 + 630.00 + 1260.00 = 2223.50
    assert staged == [("amazon.co.jp", date(2026, 3, 1), "JPY", pytest.approx(2223.5))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03", date(2026, 3, 1)),
        ("2026/03", date(2026, 3, 1)),
        ("2026-03-15", date(2026, 3, 1)),
        ("Mar-2026", date(2026, 3, 1)),
        ("March 2026", date(2026, 3, 1)),
        ("03/2026", date(2026, 3, 1)),
        ("Dec-25", date(2025, 12, 1)),  # Excel's rendering of a month cell
        ("2026-13", None),
        ("Sept-2026", None),
    ],
)
def test_month_of_charge_spellings_parse_alike_in_python_and_duckdb(text, expected):
    assert parse_month(text) == expected
    assert duckdb.connect().sql(f"select {month_sql('?')}", params=[text]).fetchall()[0][0] == expected


def test_storage_fees_unparsable_month_is_refused_with_its_row(wh, fixture_path, tmp_path):
    lines = fixture_path("amazon_storage_fees", "storage_fees_us.txt").read_text().splitlines()
    lines[2] = lines[2].replace("2026-03", "Q1 2026")
    bad = tmp_path / "storage_fees_bad.txt"
    bad.write_text("\n".join(lines) + "\n")
    before = table_state(wh)
    r = wh.ingest_path(bad)
    assert r.status == "rejected"
    assert r.message.startswith("storage_fees_bad.txt: row 3, column 'month_of_charge': 'Q1 2026' is not a month")
    assert table_state(wh) == before


# -- FBA fee preview -----------------------------------------------------------------------------------------------
def test_fee_preview_us_values_totals_and_staging(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_fee_preview", "fee_preview_us.txt", AS_OF)
    assert (r.variant, r.rows_added, r.warnings) == ("US", 3, [])  # amazon-store names the marketplace
    first = rows(
        wh,
        "select sku, amazon_store, your_price, sales_price, currency, estimated_fee_total, "
        "estimated_referral_fee_per_unit, estimated_pick_pack_fee_per_unit, expected_fulfillment_fee_per_unit, "
        "expected_future_fulfillment_fee_per_unit, snapshot_date, marketplace from raw.amazon_fee_preview "
        "where row_no = 1",
    )[0]
    assert first == (
        "CAM-4K-BLK", "US", 129.99, 119.99, "USD", 15.99, 9.60, None, 6.39, 6.61, date(2026, 3, 31), "amazon.com"
    )  # fmt: skip
    staged = {
        sku: rest
        for sku, *rest in rows(
            wh, "select sku, price, referral_fee, fulfillment_fee, total_fee from staging.fee_estimates"
        )
    }
    # the sale price when one runs (119.99), else the listing price (MNT-BIKE has no sale price: 19.99)
    assert staged["CAM-4K-BLK"] == [119.99, 9.60, 6.39, 15.99]
    assert staged["MNT-BIKE"] == [19.99, 3.00, 3.22, 6.22]
    # 15.99 + 7.42 + 6.22 = 29.63
    assert rows(wh, "select round(sum(total_fee), 2) from staging.fee_estimates")[0][0] == pytest.approx(29.63)


def test_fee_preview_eu_cp1252_decoded_and_efn_dashes_empty(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_fee_preview", "fee_preview_eu_cp1252.txt", AS_OF)
    assert (r.variant, r.rows_added) == ("EU", 2)
    # EUR is priced alike on five marketplaces: amazon.de is a guess the warning says how to correct
    assert any("assumed amazon.de" in w and "--marketplace" in w for w in r.warnings)
    assert rows(wh, "select encoding from meta.imports")[0][0] == "cp1252"
    names = rows(wh, "select product_name from raw.amazon_fee_preview order by row_no")
    assert names == [
        ("TrailCam 4K Action-Kamera, wasserdichtes Gehäuse für Fahrrad",),
        ("Akku 2er-Pack 1350mAh, Größe M",),
    ]
    first = rows(
        wh,
        "select expected_domestic_fulfilment_fee_per_unit, expected_efn_fee_uk, expected_efn_fee_fr, "
        "expected_efn_fee_es, product_size_tier, length_and_girth from raw.amazon_fee_preview where row_no = 1",
    )[0]
    assert first == (9.63, None, 11.23, 11.57, "Standard Parcel", None)
    staged = rows(
        wh,
        "select marketplace, currency, price, fulfillment_fee from staging.fee_estimates order by row_no",
    )
    # BAT-2PK-DE's sale price is `--`: its listing price 22.99 is used
    assert staged == [("amazon.de", "EUR", 129.00, 9.63), ("amazon.de", "EUR", 22.99, 2.79)]
    # 18.66 + 6.24 = 24.90
    assert rows(wh, "select round(sum(total_fee), 2) from staging.fee_estimates")[0][0] == pytest.approx(24.90)


def test_fee_preview_eu_marketplace_option_wins(wh, fixture_path):
    r = ingest(wh, fixture_path, "amazon_fee_preview", "fee_preview_eu_cp1252.txt", {**AS_OF, "marketplace": "FR"})
    assert r.warnings == []
    assert rows(wh, "select distinct marketplace from staging.fee_estimates") == [("amazon.fr",)]
