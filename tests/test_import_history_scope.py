"""The import history (Data page table and its CSV) names, per import, the marketplace(s) and the days its rows
cover: Amazon payments and ads reports name no marketplace in options or preamble, so the column was empty and a
seller could not tell that the ₹ files went to amazon.in, and no import showed a period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "fixtures" / "cases"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"


def _history(wh: Warehouse, *paths: Path) -> dict[str, dict]:
    for path in paths:
        assert wh.ingest_path(path).ok, path.name
    return {r["file_name"]: r for r in wh.imports().iter_rows(named=True)}


def test_ads_and_payments_imports_name_their_marketplace_and_days(wh):
    names = ["min_ads_sp_advertised_product_asin_only_14day.xlsx", "min_ads_sp_campaign_rupee_14day.csv",
             "min_ads_sp_search_term_14day.xlsx", "min_ads_sp_targeting_report.xlsx",
             "amazon_date_range_us_service_fees.csv"]  # fmt: skip
    got = _history(wh, *(CASES / n for n in names))
    # the files' own Date columns: advertised product, search term and targeting rows on 1 and 2 Feb 2020, the
    # campaign CSV's two rows both on "Feb 1, 2020"; every one is an amazon.in (₹) report
    want = {names[0]: date(2020, 2, 2), names[1]: date(2020, 2, 1), names[2]: date(2020, 2, 2),
            names[3]: date(2020, 2, 2)}  # fmt: skip
    for name, last in want.items():
        row = got[name]
        assert (row["marketplace"], row["period_start"], row["period_end"]) == ("amazon.in", date(2020, 2, 1), last)
    # the US date-range report: amazon.com, its transactions dated 3 to 12 July 2026
    pay = got["amazon_date_range_us_service_fees.csv"]
    assert (pay["marketplace"], pay["period_start"], pay["period_end"]) == (
        "amazon.com", date(2026, 7, 3), date(2026, 7, 12))  # fmt: skip


def test_an_import_of_several_marketplaces_lists_them(wh):
    # the US all-orders file holds six Amazon.com lines and one Amazon.ca line (sales-channel column)
    got = _history(wh, EXPORTS / "amazon_all_orders" / "us_all_orders.txt")
    assert got["us_all_orders.txt"]["marketplace"] == "amazon.ca, amazon.com"


def test_a_period_given_at_import_is_kept(wh):
    # the German business report names no dates: the period the seller gives is the import's period
    path = CASES / "amazon_business_report_de_german_ui.csv"
    assert wh.ingest_path(path, {"period": "2026-10-01:2026-10-31"}).ok
    row = wh.imports().row(0, named=True)
    assert (row["period_start"], row["period_end"]) == (date(2026, 10, 1), date(2026, 10, 31))
    assert row["marketplace"] == "amazon.de"
