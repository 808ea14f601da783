"""A base switch in Settings keeps the books (cost) currency once batches with an FX rate paid exist.

The golden company's inbound batches (tests/fixtures/exports/golden/inbound_batches.csv):
  B1, CAM-A, 3 units, USD: purchase 20 + first mile 2 + duty 1 + other 0 = 23 USD a unit, FX rate paid 6.5
  B2, CAM-A, 10 units, CNY, no rate paid.
B1's rate paid is CNY per USD: it was entered while the books were in CNY (the default). Storing USD as the base must
not turn those 23 USD into the anchor: B1 stays 23 × 6.5 = 149.5 CNY a unit, and COGS in USD is the same whether USD
is picked in the sidebar (a query's base) or stored in Settings.
"""

from __future__ import annotations

import math
import shutil
from datetime import date

from metrics.core.api import Filters, kpis
from metrics.core.settings import books_currency, set_settings
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.ingest.importer import Warehouse
from warehouse.marts.refresh import refresh


def _one(wh, sql):
    cur = wh.cursor()
    try:
        return cur.sql(sql).fetchall()
    finally:
        cur.close()


def test_settings_base_switch_keeps_the_books_currency(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        wh.ingest_path(EXPORTS / "golden/transactions_us.csv")
        refresh(wh.con)  # fresh() opens the warehouse without refreshing on import
        period = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
        in_sidebar_usd = kpis(wh.con, period.model_copy(update={"base_currency": "USD"}))
        state = _one(wh, "select quick, conv, gfp from marts_mat.refresh_state")
        assert books_currency(wh.con) == ("CNY", False)  # Settings says: follows the base until fixed

        set_settings(wh.con, base_currency="USD")

        assert _one(wh, "select value from app.settings where key = 'cost_currency'") == [("CNY",)]
        assert books_currency(wh.con) == ("CNY", True)  # Settings says: fixed at CNY
        # B1 anchors at its rate paid into CNY: 23 USD × 6.5 = 149.5 CNY a unit
        b1 = _one(wh, "select anchor_currency, anchor_factor, unit_cost from marts.batch_queue where batch_id = 'B1'")
        assert b1[0][0] == "CNY" and b1[0][1] == 6.5 and b1[0][2] * b1[0][1] == 149.5
        # the heavy marts did not depend on the switch: the refresh key is unchanged, nothing was rebuilt
        assert _one(wh, "select quick, conv, gfp from marts_mat.refresh_state") == state
        in_settings_usd = kpis(wh.con, period)
        assert in_settings_usd["cogs"] is not None and in_sidebar_usd["cogs"] is not None
        for key, value in in_sidebar_usd.items():
            other = in_settings_usd[key]
            assert (value is None and other is None) or math.isclose(value, other, rel_tol=1e-9, abs_tol=1e-9), key
        # a second switch keeps the pin (it was stored, not re-derived)
        set_settings(wh.con, base_currency="EUR")
        assert _one(wh, "select value from app.settings where key = 'cost_currency'") == [("CNY",)]
    finally:
        wh.close()


def test_without_rates_paid_the_cost_currency_follows_the_base(tmp_path, empty_warehouse_file):
    shutil.copyfile(empty_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        wh.ingest_path(EXPORTS / "golden/sku_map.csv")
        set_settings(wh.con, base_currency="USD")
        assert _one(wh, "select count(*) from app.settings where key = 'cost_currency'") == [(0,)]
        assert _one(wh, "select cost_currency from marts.conventions") == [("USD",)]
        assert books_currency(wh.con) == ("USD", False)
    finally:
        wh.close()
