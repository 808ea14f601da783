"""Lineage ("where the numbers come from"): one row per source file × marketplace, amounts in the file's own
currency (no "—" for payment rows even without FX rates), a marketplace column."""

from datetime import date

import pytest

from metrics.core import api


def _lineage(wh, metric, sku=None):
    f = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
    return api.lineage(wh.con, f, sku, metric)


def test_money_rows_carry_marketplace_and_own_currency_amounts(wh, fixture_path):
    us = wh.ingest_path(fixture_path("amazon_transactions", "us_2025.csv"))
    de = wh.ingest_path(fixture_path("amazon_transactions", "de_2025.csv"))
    assert us.ok and de.ok
    frame = _lineage(wh, "net_sales")
    assert "marketplace" in frame.columns
    money = frame.filter(frame["family"] == "money")
    got = {(r["import_id"], r["marketplace"], r["currency"]): r["amount"] for r in money.iter_rows(named=True)}
    # US: 129.99 + 259.98 (orders) − 13.00 (promotion) − 129.99 + 13.00 (refund of the first order) = 259.98 USD
    # DE: 1.092,44 − 10,00 (order) − 1.092,44 + 10,00 (its full refund) = 0.00 EUR
    # no FX rates are loaded: amounts in the base currency would all be missing ("—")
    assert got == {
        (us.import_id, "amazon.com", "USD"): pytest.approx(259.98),
        (de.import_id, "amazon.de", "EUR"): pytest.approx(0.0),
    }


def test_one_row_per_file_and_marketplace_and_no_missing_money_amount(wh, fixture_path):
    for name in ("us_2025.csv", "de_2025.csv", "jp_sjis.csv"):
        assert wh.ingest_path(fixture_path("amazon_transactions", name)).ok
    for metric in ("net_sales", "marketplace_fees", "units", "cogs", "ad_spend"):
        frame = _lineage(wh, metric)
        keys = frame.select("import_id", "marketplace", "family")
        assert keys.n_unique() == frame.height, (metric, frame)
        money = frame.filter(frame["family"].is_in(["money", "ads"]))
        assert money["amount"].null_count() == 0, (metric, money)
        assert money["marketplace"].null_count() == 0, (metric, money)
        if metric != "units":  # money metrics name their currency; units are a count
            assert money["currency"].null_count() == 0, (metric, money)


def test_lineage_adds_up_to_the_skus_figures_on_the_demo(demo_warehouse_file):
    """Invariant over every SKU of the demo company (three channels, four marketplaces, two years): the payment rows
    of a SKU's lineage add up to that SKU's COGS (base currency) and units in the Profit table for the same filter,
    one row per file × marketplace, no missing amount."""
    from warehouse.core.db import connect

    con = connect(demo_warehouse_file)
    try:
        f = api.Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
        table = api.sku_economics(con, f)
        assert table.height >= 5
        for row in table.iter_rows(named=True):
            for metric in ("cogs", "units"):
                lin = api.lineage(con, f, row["sku"], metric)
                money = lin.filter(lin["family"] == "money")
                assert money.select("import_id", "marketplace").n_unique() == money.height
                assert money["amount"].null_count() == 0, (row["sku"], metric)
                assert money["amount"].sum() == pytest.approx(row[metric] or 0, abs=0.01), (row["sku"], metric)
    finally:
        con.close()
