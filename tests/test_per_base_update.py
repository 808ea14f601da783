"""What an incremental refresh spares in the per-base copies (warehouse.marts.per_base, per_base_update):

- a copy rebuilt whole keeps its plain view and switch when they already hold the text it would write (the views
  are not made again: their catalog oids stay), and makes them again when they do not;
- fx_warnings is left as it is when no changed fact lacks a rate to the base, and rebuilt when one does;
- inventory_days is a view over the kept stock rows, with no slower way: the file's shape must allow it.

The small company of tests/test_refresh_incremental.py (templates first: FX rates from 27 February 2026 on).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_copy_inputs import _assert_copies_are_plain, _import, _rows
from tests.test_refresh_fifo import _check_equals_full
from tests.test_refresh_fifo import _row as _tx_row  # one amazon.com transaction row, real layout
from tests.test_refresh_incremental import EXPORTS, fresh
from warehouse.core.config import SQL_DIR
from warehouse.marts import copy_inputs, per_base_update
from warehouse.marts.refresh import refresh

_OIDS = ("select schema_name, view_name, view_oid from duckdb_views() where schema_name in ('marts', 'marts_plain') "
         "and view_name in ('cash_receipts', 'cash_timing') order by all")  # fmt: skip


def _one(con, sql: str):
    cur = con.cursor()
    try:
        return cur.sql(sql).fetchall()
    finally:
        cur.close()


def _sale(wh, tmp_path, when: str, order: str) -> object:
    """Imports one amazon.com order (1 unit of CAM-A-US, 100.00 USD of sales) posted `when`; returns the result."""
    head = (EXPORTS / "golden" / "transactions_us.csv").read_text(encoding="utf-8").splitlines()[:4]
    path = tmp_path / f"{order}.csv"
    path.write_text("\n".join([*head, _tx_row(when, "Order", order, "CAM-A-US", 1, 100.0)]) + "\n", encoding="utf-8")
    res = wh.ingest_path(path, refresh=False)
    assert res.status == "imported", res.line()
    return res


def test_a_copy_rebuilt_whole_keeps_views_that_hold_its_text(tmp_path, empty_warehouse_file):
    """A settlement rebuilds cash_receipts and cash_timing whole (-1): their tables only. The plain views and the
    switches already hold the text the rebuild would write, so they are not made again (same catalog oids; making a
    view again gives it a new oid), and the copies still equal their plain views. A plain view made with another text
    since (here: one that gives no rows) is made again by the next rebuild."""
    wh = fresh(tmp_path, empty_warehouse_file)
    try:
        _import(wh, "golden/transactions_us.csv")
        before = _one(wh.con, _OIDS)
        assert len(before) == 4, before
        stats = _import(wh, "amazon_settlement/us_settlement.txt")
        assert stats.per_base["cash_receipts"] == -1 and stats.per_base["cash_timing"] == -1, stats.per_base
        assert _one(wh.con, _OIDS) == before
        _assert_copies_are_plain(wh.con)
        body = (SQL_DIR / "marts" / "cash_receipts.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
        wh.con.execute(f"create or replace view marts_plain.cash_receipts as select * from (\n{body}\n) where false")
        stats = _import(wh, "tiktok_statement/statement_20260401-20260430(UTC).csv")
        assert stats.per_base["cash_receipts"] == -1, stats.per_base
        assert _one(wh.con, "select count(*) from marts_plain.cash_receipts")[0][0] > 0  # the file's text again
        _assert_copies_are_plain(wh.con)
    finally:
        wh.close()


def test_fx_warnings_moves_only_with_a_fact_without_a_rate(tmp_path, empty_warehouse_file):
    """(a) A sale on 10 March 2026 in USD (rate 7.0 from 1 March): no warning can move, the copy is left as it was
    (0) and equals its plain view. (b) A sale on 20 February 2026, before the first USD rate (27 February): the copy
    is rebuilt and gains exactly one row: money × amazon.com × USD × CNY × February 2026, 1 line, amount = the
    line's total 100.00 sales − 15.00 selling fee (15 %) − 5.00 FBA fee (5 per unit) = 80.00 USD. (c) Undoing
    that import takes the row away again."""
    wh = fresh(tmp_path, empty_warehouse_file)
    feb = ("select family, marketplace, currency, base_currency, month, rows, amount from marts_base.fx_warnings "
           "where month = date '2026-02-01' and family = 'money'")  # fmt: skip
    try:
        _import(wh, "golden/transactions_us.csv")
        cur = wh.cursor()
        before = _rows(cur, "select * from marts_base.fx_warnings")
        cur.close()
        assert _one(wh.con, feb) == []
        _sale(wh, tmp_path, "Mar 10, 2026 12:00:00 PM PDT", "113-9100001-0000001")
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.per_base["fx_warnings"] == 0, stats.per_base
        cur = wh.cursor()
        assert _rows(cur, "select * from marts_base.fx_warnings") == before
        cur.close()
        _assert_copies_are_plain(wh.con, ["fx_warnings"])

        res = _sale(wh, tmp_path, "Feb 20, 2026 12:00:00 PM PST", "113-9100002-0000002")
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.per_base["fx_warnings"] == -1, stats.per_base
        got = _one(wh.con, feb)
        assert got == [("money", "amazon.com", "USD", "CNY", dt.date(2026, 2, 1), 1, pytest.approx(80.0))], got
        _assert_copies_are_plain(wh.con, ["fx_warnings"])

        wh.undo(res.import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.per_base["fx_warnings"] == -1, stats.per_base
        assert _one(wh.con, feb) == []
        _assert_copies_are_plain(wh.con, ["fx_warnings"])
    finally:
        wh.close()


def test_the_files_allow_the_fast_paths():
    """inventory_days.sql names marts.inventory_stock and marts.sku_unit_costs once each (the view over the kept
    stock rows: there is no slower way, so an edit that breaks this must fail here, not at a refresh), and
    fx_warnings / money_lines / ad_days still read the facts as copy_inputs.FX_SHAPE says (else fx_warnings is
    rebuilt whole on every refresh with money or ads)."""
    body = per_base_update.stock_body("marts_base_alt")
    assert "marts_base.stock_rows" in body and "marts_base_alt.sku_unit_costs" in body
    assert "marts.inventory_stock" not in body and "marts.sku_unit_costs" not in body
    text = (SQL_DIR / "marts" / "inventory_days.sql").read_text(encoding="utf-8")
    read = "select * from marts.inventory_stock"
    assert read in text
    twice = text.replace(read, f"{read} union all {read}")
    with pytest.raises(ValueError, match="inventory_stock 2 times"):
        per_base_update.stock_body("marts_base", twice)
    assert copy_inputs.fx_shape()


def test_a_sale_moves_the_month_s_shares_and_only_the_days_they_spread(tmp_path, empty_warehouse_file, monkeypatch):
    """The per-base sku_days copy is replaced per day. March 2026 of golden/transactions_us.csv holds two charges
    without a SKU, spread by the SKUs' shares of March net sales in the base (CNY; USD 7.0 from 1 March, 7.2 from 15
    March): the FBA storage fee on 20 March and the Cost of Advertising on 25 March (-50.00 USD; no advertising report
    covers March, so it is ad spend). Net sales: CAM-A 190 x 7.0 (5 Mar, 200 - 10 promotion) + 200 x 7.2 (20 Mar)
    - 95 x 7.2 (refund 22 Mar, -100 + 5) = 2,086 CNY; CAM-B 80 x 7.0 + 80 x 7.0 + 85 x 7.2 = 1,732 CNY; total 3,818.
    CAM-A's part of the 25 March ad spend: 50 x 2,086 / 3,818 = 27.317968 USD.

    A sale of CAM-A on 12 March (100.00 USD x 7.0 = 700 CNY) moves the shares: 50 x 2,786 / 4,518 = 30.832226 USD on
    25 March, though nothing was imported for that day. The copy then equals its plain view and a full rebuild, and
    the refresh rewrote only 12, 20 and 25 March (both calendars), not the month (RESORT 1: on a copy this small
    any update passes its quarter and rebuilds the copy whole)."""
    monkeypatch.setattr(per_base_update, "RESORT", 1)
    wh = fresh(tmp_path, empty_warehouse_file)
    ad = ("select ad_spend from marts_base.sku_days where calendar = 'operational' and day = DATE '2026-03-25' "
          "and master_sku = 'CAM-A'")  # fmt: skip
    days = ("select count(*) from marts_base.sku_days where day in (DATE '2026-03-12', DATE '2026-03-20', "
            "DATE '2026-03-25')")  # fmt: skip
    try:
        _import(wh, "golden/transactions_us.csv")
        assert _one(wh.con, ad)[0][0] == pytest.approx(50 * 2086 / 3818, abs=1e-9)
        before = _one(wh.con, days)[0][0]
        month = _one(wh.con, "select count(*) from marts_base.sku_days where day between DATE '2026-03-01' and "
                              "DATE '2026-03-31'")[0][0]  # fmt: skip
        _sale(wh, tmp_path, "Mar 12, 2026 12:00:00 PM PDT", "113-0000099-0000099")
        stats = refresh(wh.con)
        assert stats.mode == "incremental", stats
        assert _one(wh.con, ad)[0][0] == pytest.approx(50 * 2786 / 4518, abs=1e-9)
        after = _one(wh.con, days)[0][0]
        assert stats.per_base["sku_days"] == before + after  # those days' rows deleted, then inserted
        assert before + after < 2 * month  # not the month's rows
        _assert_copies_are_plain(wh.con, names=("sku_days",))
        _check_equals_full(wh)
    finally:
        wh.close()
