"""Golden fixtures for the Amazon Payments transaction report (US 2025+, DE)."""

from datetime import datetime

import pytest

from tests.conftest import rows


def test_us_2025_parses_values_and_totals(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_transactions", "us_2025.csv"))
    assert r.status == "imported", r.message
    assert (r.format_id, r.variant, r.rows_added, r.rows_present) == ("amazon_transactions", "US", 6, 0)
    first = rows(
        wh,
        "select posted_at, txn_type, order_id, sku, quantity, marketplace, currency, product_sales, "
        "promotional_rebates, selling_fees, fba_fees, total, release_date from raw.amazon_transactions where row_no = 1",
    )[0]
    assert first == (
        datetime(2026, 3, 9, 16, 37, 26), "order", "113-1234567-7654321", "CAM-4K-BLK", 1, "amazon.com", "USD",
        129.99, -13.0, -11.7, -6.12, 99.17, datetime(2026, 3, 16, 16, 37, 26),
    )  # fmt: skip
    # file totals: 99.17 + 224.34 - 107.63 - 1200.00 - 45.30 - 1039.92 = -2069.34
    total, units = rows(wh, "select round(sum(total), 2), sum(quantity) from raw.amazon_transactions")[0]
    assert total == pytest.approx(-2069.34)
    assert units == 4  # 1 + 2 + 1 (refund row) ; fee rows carry no quantity
    types = dict(rows(wh, "select txn_type, count(*) from raw.amazon_transactions group by 1"))
    assert types == {"order": 2, "refund": 1, "service_fee": 1, "fba_inventory_fee": 1, "transfer": 1}


def test_de_decimal_comma_and_utc_to_berlin(wh, fixture_path):
    r = wh.ingest_path(fixture_path("amazon_transactions", "de_2025.csv"))
    assert r.status == "imported", r.message
    assert r.variant == "DE"
    order = rows(
        wh,
        "select posted_at, txn_type, product_sales, promotional_rebates, selling_fees, total, currency, marketplace "
        "from raw.amazon_transactions where row_no = 1",
    )[0]
    # 01.03.2026 23:30 UTC is 02.03.2026 00:30 in Berlin (CET, UTC+1): the order belongs to 2 March locally
    assert order == (datetime(2026, 3, 2, 0, 30), "order", 1092.44, -10.0, -131.09, 1153.71, "EUR", "amazon.de")
    # order 1092.44 + 207.56 VAT - 10 - 131.09 - 5.20 = 1153.71; 1153.71 - 1185.13 - 297.50 = -328.92
    assert rows(wh, "select round(sum(total), 2) from raw.amazon_transactions")[0][0] == pytest.approx(-328.92)
