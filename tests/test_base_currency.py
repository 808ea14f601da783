"""Whichever base currency is chosen, the business is the same: with constant FX rates every margin, ACoS/TACoS,
share and count is identical in CNY, USD, EUR and JPY, and every money KPI differs exactly by the rate.

Constant rates (CNY per 1 unit): USD 7.0, EUR 8.0, JPY 0.05; so a figure of X CNY is X / 7.0 USD, X / 8.0 EUR and
X / 0.05 JPY. Costs take the same path as sales: a batch at its own rate paid into the currency it was paid in
(CNY), then through the table's rates to the base — never at 1.0 (a CNY batch with "rate paid 1" stays CNY).
Checked on the golden company (USD batch paid at 6.5, CNY batch, USD SKU costs, USD and EUR sales, ads) and on
the demo company (CNY batches, USD/EUR/JPY sales, TikTok, Shopify), last 30 days.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

import pytest

from metrics.core import api, query
from metrics.core.registry import REGISTRY
from tests.test_metrics_golden import FILES, GOLDEN
from warehouse.ingest.importer import Warehouse

RATES = {"CNY": 1.0, "USD": 7.0, "EUR": 8.0, "JPY": 0.05}


def _assert_same_business(con, period: dict) -> None:
    base = api.kpis(con, api.Filters(**period, base_currency="CNY"))
    assert base["net_sales"] and base["cogs"] and base["ad_spend"]  # a real business in view
    for cur, rate in RATES.items():
        k = api.kpis(con, api.Filters(**period, base_currency=cur))
        for mid, value in base.items():
            if value is None:
                assert k[mid] is None, (cur, mid)
            elif REGISTRY[mid].unit == "money":
                assert k[mid] * rate == pytest.approx(value, rel=1e-9, abs=1e-6), (cur, mid)
            else:  # margins, ACoS/TACoS, shares, counts, days: the same in every base
                assert k[mid] == pytest.approx(value, rel=1e-9, abs=1e-9), (cur, mid)


def test_golden_company_in_any_base(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        fx = tmp_path / "fx_rates.csv"
        fx.write_text(
            "Date,Currency,Base currency,Rate\n2026-01-01,USD,CNY,7.0\n2026-01-01,EUR,CNY,8.0\n"
            "2026-01-01,JPY,CNY,0.05\n",
            encoding="utf-8",
        )
        for path in [fx] + [GOLDEN / n for n in FILES if n != "fx_rates.csv"]:
            assert wh.ingest_path(path).status == "imported", path
        _assert_same_business(wh.con, {"start": date(2026, 3, 1), "end": date(2026, 3, 31)})
        # the USD batch B1 (20 + 2 + 1 USD paid at 6.5 = 149.5 CNY a unit) in USD: 149.5 / 7.0, not 23 at 1.0
        k = api.kpis(wh.con, api.Filters(start=date(2026, 3, 5), end=date(2026, 3, 5), base_currency="USD"))
        assert k["cogs"] == pytest.approx(2 * 149.5 / 7.0)  # O1: 2 units of B1
    finally:
        wh.close()


def test_demo_company_in_any_base(demo_warehouse_file, tmp_path):
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        cur = wh.con.cursor()
        cur.execute(
            "update app.tpl_fx_rates set rate = case upper(currency) when 'USD' then 7.0 when 'EUR' then 8.0 "
            "when 'JPY' then 0.05 end where upper(base_currency) = 'CNY'"
        )
        # the rates were changed behind the import path: marts materialised for the old rates must not be reused
        cur.execute("drop schema if exists marts_mat cascade")
        # and another base's copies (a demo file the app viewed in USD holds some): its state key (imports, settings,
        # code) did not change, so a refresh would keep them, as it rightly does when nothing changed
        cur.execute("drop schema if exists marts_base_alt cascade")
        cur.close()
        last = api.data_bounds(wh.con)["last"]
        _assert_same_business(wh.con, {"start": last - timedelta(days=29), "end": last})
    finally:
        wh.close()


def test_cost_without_rate_is_missing_and_warned(tmp_path):
    """Base USD and no FX table: the USD sales need no rate, but batch B1 (USD paid at 6.5 into CNY) and B2 (CNY)
    have no way from CNY to USD — their units count as missing a cost and data health says so; never 1.0."""
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        for name in ("sku_map.csv", "inbound_batches.csv", "transactions_us.csv"):
            assert wh.ingest_path(GOLDEN / name).status == "imported"
        f = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31), base_currency="USD")
        k = api.kpis(wh.con, f)
        # O7 80 (2 Mar: no all-orders report here) + O1 200 − 10 + O4 80 + O5 85 + O3 200 + refund −100 + 5 (O8 is April)
        assert k["net_sales"] == pytest.approx(540)  # USD = base: no rate needed
        assert k["cogs"] == pytest.approx(0)  # CAM-A's batches have no rate to USD, CAM-B has no cost at all
        assert k["costed_units"] == 0  # 6 CAM-A + 3 CAM-B units sold, none with a cost
        with query.cursor(wh.con, f) as cur:
            warned = cur.sql(
                "select currency, sum(rows) from marts.fx_warnings where family = 'inbound_batches' group by 1 order by 1"
            ).fetchall()
        assert warned == [("CNY", 1), ("USD", 1)]
    finally:
        wh.close()
