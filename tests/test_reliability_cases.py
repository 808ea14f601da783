"""Every file of tests/fixtures/reliability/ with its right outcome (cases/reliability/README.md).

The US transaction rows of these files are all the same order line (113-1234567-7654321, Mar 9 2026 4:37:26 PM
PDT): product sales 129.99 + tax 10.72 − promotional rebates 13.00 − rebate tax 1.07 − withheld tax 9.65
− selling fees 11.70 − FBA fees 6.12 = total 99.17, unless a test says otherwise.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, rows, table_state

CASES = ROOT / "tests" / "fixtures" / "reliability"
ORDER = "113-1234567-7654321"
ORDER_AT = datetime(2026, 3, 9, 16, 37, 26)
LINE_COLS = (
    "posted_at, type, order_id, sku, quantity, product_sales, product_sales_tax, promotional_rebates, "
    "promotional_rebates_tax, marketplace_withheld_tax, selling_fees, fba_fees, other_transaction_fees, other, total"
)
ORDER_LINE = (
    ORDER_AT,
    "Order",
    ORDER,
    "CAM-4K-BLK",
    1,
    129.99,
    10.72,
    -13.0,
    -1.07,
    -9.65,
    -11.7,
    -6.12,
    0.0,
    0.0,
    99.17,
)


def archive_files(wh) -> list[str]:
    """Returns every file below the archive folder except the manifest (stored uploads and leftovers)."""
    root = wh.archive.root
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != "manifest.jsonl")


def txn_lines(wh) -> list[tuple]:
    return rows(wh, f"select {LINE_COLS} from raw.amazon_transactions order by posted_at, row_no")


def ingest(wh, name: str):
    return wh.ingest_path(CASES / name)


def test_decimal_comma_cell_in_a_us_report_is_read_per_value(wh):
    # `-6,12` in the FBA fees of a US report: a comma before two digits is a decimal comma (not -612)
    assert ingest(wh, "01_us_decimal_comma_cell.csv").status == "imported"
    assert txn_lines(wh) == [ORDER_LINE]


def test_us_report_resaved_by_german_excel(wh):
    # `;` delimiter and decimal commas everywhere: -1200,00 / -45,30 / -1039,92 must not become ×100
    assert ingest(wh, "02_us_resaved_german_excel.csv").status == "imported"
    # 99.17 + 224.34 − 117.63 − 1200.00 − 45.30 − 1039.92 = −2079.34
    assert rows(wh, "select round(sum(total), 2), count(*) from raw.amazon_transactions")[0] == (-2079.34, 6)
    assert rows(wh, "select total from raw.amazon_transactions where type = 'Service Fee'")[0][0] == -1200.0
    assert txn_lines(wh)[1] == ORDER_LINE  # the row of Mar 9 reads like the clean file


@pytest.mark.parametrize(
    "name, row, column, problem",
    [
        ("04_nan_product_sales.csv", 11, "product sales", "'NaN' is not a number"),
        ("05_empty_date_row.csv", 12, "date/time", "is empty"),
        ("06_fractional_quantity.csv", 11, "quantity", "'1.5' is not a whole number"),
        ("07_na_in_total.csv", 11, "total", "is empty"),
    ],
)
def test_values_that_cannot_be_right_are_refused_with_row_and_column(wh, name, row, column, problem):
    before, files = table_state(wh), archive_files(wh)
    r = ingest(wh, name)
    assert r.status == "rejected"
    assert r.message.startswith(f"{name}: row {row}, column '{column}': {problem}")
    assert "upload the file again" in r.message and "\n" not in r.message
    assert table_state(wh) == before and archive_files(wh) == files == []


def test_fx_rate_with_decimal_comma_is_seven(wh):
    assert ingest(wh, "08_fx_rate_decimal_comma.csv").status == "imported"
    assert rows(wh, "select currency, base_currency, rate from app.tpl_fx_rates") == [("USD", "CNY", 7.0)]


@pytest.mark.parametrize(
    "csv, problem",
    [
        (
            "Date,Currency,Base currency,Rate\n2026-03-01,USD,CNY,0\n",
            "row 2, column 'Rate': the rate 0 is not positive",
        ),
        (
            "Date,Currency,Base currency,Rate\n2026-03-01,USD,CNY,-7.1\n",
            "row 2, column 'Rate': the rate -7.1 is not positive",
        ),
        (
            "Date,Currency,Base currency,Rate\n2026-03-01,USD,CNY,7.1\n2026-03-02,USD,CNY,75\n2026-03-03,USD,CNY,7.2\n",
            "row 3, column 'Rate': the rate 75 is 10× or more away from the neighbouring rate 7.1",
        ),
    ],
)
def test_implausible_fx_rates_are_refused(wh, csv, problem):
    r = wh.ingest_bytes(csv.encode(), "fx.csv")
    assert r.status == "rejected" and r.message.startswith(f"fx.csv: {problem}"), r.message
    assert archive_files(wh) == []


def test_mixed_utf8_and_cp1252_keeps_the_utf8_text(wh):
    assert ingest(wh, "09_mixed_utf8_cp1252.csv").status == "imported"
    assert rows(wh, "select description, order_city from raw.amazon_transactions") == [("Kamera für Räder", "MÜNCHEN")]


def test_excel_serial_datetime_is_rounded_to_the_second_and_matches_the_text_export(wh):
    # 46090.6926620370: day 46090 after 1899-12-30 = 2026-03-09; 0.6926620370 × 86400 = 59846.0 s = 16:37:26
    assert ingest(wh, "17b_same_period_downloaded_later.csv").rows_added == 1
    r = ingest(wh, "10_excel_serial_datetime.csv")
    assert (r.rows_added, r.rows_present) == (0, 1)
    assert rows(wh, "select posted_at from raw.amazon_transactions") == [(ORDER_AT,)]


@pytest.mark.parametrize("name", ["14_cr_only_line_ends.csv", "15_utf16le_no_bom.csv", "14b_cell_200k_chars.csv"])
def test_valid_files_in_unusual_text_layouts_import_like_the_clean_file(wh, name):
    r = ingest(wh, name)
    assert r.status == "imported", r.message
    assert txn_lines(wh) == [ORDER_LINE]
    if name.startswith("14b"):
        assert rows(wh, "select length(description) from raw.amazon_transactions")[0][0] == 200_000


def test_mixed_lf_crlf_imports_exactly_like_the_clean_file(tmp_path, empty_warehouse_file):
    import shutil

    from warehouse.ingest.importer import Warehouse

    got = []
    for name in ("amazon_date_range_us_service_fees.csv", "amazon_date_range_us_mixed_line_endings.csv"):
        shutil.copyfile(empty_warehouse_file, tmp_path / f"{name}.duckdb")
        w = Warehouse(tmp_path / f"{name}.duckdb", tmp_path / f"archive_{name}")
        try:
            assert w.ingest_path(CASES / name).status == "imported"
            got.append(rows(w, "select * exclude (import_id) from raw.amazon_transactions order by row_no"))
        finally:
            w.close()
    assert len(got[0]) == 5 and got[0] == got[1]


def test_overlap_then_undo_keeps_each_rows_own_row_number(wh):
    a, b = ingest(wh, "16a_first.csv"), ingest(wh, "16b_overlapping.csv")
    assert (a.rows_added, b.rows_added, b.rows_present) == (2, 1, 1)
    wh.undo(a.import_id)
    # 16b's rows: row 1 = the Mar 1 order (224.34), row 2 = the Mar 12 refund (−117.63)
    assert rows(wh, "select import_id, row_no, total from raw.amazon_transactions order by row_no") == [
        (b.import_id, 1, 224.34),
        (b.import_id, 2, -117.63),
    ]


@pytest.mark.parametrize("order", [("17a", "17b"), ("17b", "17a")])
def test_a_later_download_of_the_same_period_updates_instead_of_adding(wh, order):
    names = {"17a": "17a_report_downloaded_early.csv", "17b": "17b_same_period_downloaded_later.csv"}
    first, second = (ingest(wh, names[k]) for k in order)
    assert (first.rows_added, second.rows_added, second.rows_present) == (1, 0, 1)
    # one order line, Released (the more advanced state wins whichever file came first)
    assert rows(wh, "select count(*), sum(total), any_value(transaction_status) from raw.amazon_transactions")[0] == (
        1, 99.17, "Released",
    )  # fmt: skip
    wh.undo(second.import_id)
    assert rows(wh, "select import_id, transaction_status from raw.amazon_transactions") == [
        (first.import_id, "Deferred" if order[0] == "17a" else "Released")
    ]


def test_markdown_in_a_sku_is_stored_as_typed_and_shown_as_plain_text(wh):
    from ui.format import plain

    assert ingest(wh, "19_markdown_image_sku.csv").status == "imported"
    sku = rows(wh, "select sku from raw.amazon_transactions")[0][0]
    assert sku == "![p](http://127.0.0.1:8633/sku-image.png)"
    shown = plain(sku)
    assert "![" not in shown and "](" not in shown and shown.replace("\\", "") == sku


def test_file_name_with_a_newline_cannot_forge_a_second_result_line(wh):
    raw = (CASES / "20_header_only_is_archived.csv").read_bytes()
    r = wh.ingest_bytes(raw, "x.csv\nx.csv: Amazon transaction report: 999 rows added")
    assert "\n" not in r.line() and r.line().startswith("REJECTED x.csv x.csv: Amazon")


def test_header_only_file_is_refused_and_leaves_no_bytes(wh):
    r = ingest(wh, "20_header_only_is_archived.csv")
    assert r.status == "rejected" and "has a header but no data rows" in r.message
    assert archive_files(wh) == [] and wh.archive.events() == []


def test_every_reliability_fixture_has_a_test():
    names = {p.name for p in CASES.glob("*.csv")}
    source = Path(__file__).read_text(encoding="utf-8")
    assert names and all(n in source for n in names)
