"""Lineage ("where the numbers come from"): one row per source file × marketplace, amounts in the file's own
currency (no "—" for payment rows even without FX rates), a marketplace column."""

from datetime import date

import pytest

from metrics import api


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
