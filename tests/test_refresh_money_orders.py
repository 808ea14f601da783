"""The money bookkeeping of a day refresh reads only the imports holding the changed partitions, and no fewer.

marts_mat.money_orders (the orders per store × marketplace × posting day, deciding which days an order's change
reaches) is replaced for the changed partitions from inputs.changed's temp table money_cand_rows: the staging.money
rows of the candidate partitions, read with a literal list of the imports marts_mat.money_import_parts records there
(partitions.orders_bookkeeping). An import that added nothing new but holds rows of a changed day must stay in it, or
its orders of that day drop out. Files: the golden amazon.com all-orders report's order 113-0000008 (purchased and so
posted Mar 31, 2026), then a one-row cut of the golden transaction report: order 113-0000003's sale moved to Mar 31.
Different formats, so the second import shares no rows with the first (not in its import scope): the first is one
of the partition's other holders only.

The same refresh reads money_facts' scope through scoped_money.money_rows: the definition's text over temp table
scope_money (planning marts_def.money_facts expands staging.money in three views: most of a day refresh's money
seconds at 5M), and still gives a full rebuild's rows; a scope over scoped_money.SCOPE_ROWS rows (here: over 0)
reads through the views (cheaper to run for a month's rows), with the same rows.
"""

from __future__ import annotations

import re

import pytest

from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from tests.test_refresh_money_scope import BODY, _write
from warehouse.marts import partitions as parts
from warehouse.marts import scoped_money
from warehouse.marts.refresh import refresh

ALL_ORDERS = (EXPORTS / "golden" / "all_orders_us.txt").read_text(encoding="utf-8").splitlines()
SALE = [r.replace('"Mar 20, 2026', '"Mar 31, 2026') for r in BODY if '"113-0000003-0000003"' in r and '"Order"' in r]


@pytest.mark.parametrize("limit", [scoped_money.SCOPE_ROWS, 0])
def test_a_changed_day_keeps_the_orders_of_its_other_imports(tmp_path, empty_warehouse_file, monkeypatch, limit):
    monkeypatch.setattr(scoped_money, "SCOPE_ROWS", limit)
    assert len(SALE) == 1 and SALE[0].startswith('"Mar 31, 2026')
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        path = tmp_path / "all_orders.txt"
        path.write_text("\n".join([ALL_ORDERS[0]] + [r for r in ALL_ORDERS if r.startswith("113-0000008")]) + "\n",
                        encoding="utf-8")  # fmt: skip
        wh.ingest_path(path, refresh=False)
        refresh(wh.con)
        wh.ingest_path(_write(tmp_path, "tx_sale.csv", SALE), refresh=False)
        scoped, money_rows = [], scoped_money.money_rows
        monkeypatch.setattr(scoped_money, "money_rows", lambda *a: scoped.append(money_rows(*a)) or scoped[-1])
        assert refresh(wh.con).mode == "incremental"  # changed: the Mar 31 partition (both imports hold rows there)
        got = wh.con.sql("select order_id from marts_mat.money_orders where k like '%2026-03-31' order by 1")
        # Mar 31 holds 2 orders: 113-0000008 (all-orders report, first import) and 113-0000003 (transaction report)
        assert [r[0] for r in got.fetchall()] == ["113-0000003-0000003", "113-0000008-0000008"]
        # the scoped read was planned over scope_money: no view that expands staging.money but settled_fee_rates
        assert len(scoped) == 1 and (scoped[0] is None) == (limit == 0)  # the day holds 2 rows
        assert limit == 0 or "scope_money" in scoped[0]
        assert limit == 0 or not re.search(r"staging\.money\b|marts\.(channel_money|shopify_fees)\b", scoped[0])
        stored = wh.con.sql("select * from marts_mat.money_orders").fetchall()
        assert sorted(stored) == sorted(wh.con.sql(parts.money_orders_sql()).fetchall())  # = a whole read
        incremental = marts(wh.con)
        refresh(wh.con, full=True)
        assert_same(incremental, marts(wh.con))
    finally:
        wh.close()
