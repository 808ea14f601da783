"""money_facts' scoped read takes only the imports holding the scope's rows (`money_facts_imports`), and no fewer.

The refresh lists the imports that marts_mat.money_import_parts records in the scope's posting-day partitions or in
any posting day of the scope's orders (warehouse.marts.partitions.money_imports); sql/marts/channel_money.sql tests
import_id against that list so each raw scan skips the other imports' row groups. The rule must keep an import whose
rows on a scoped day belong to no order (fees, transfers): they are reached by their day only.
Files: two one-row cuts of the golden amazon.com transaction report, both posted on Mar 20, 2026: its FBA storage fee
(no order id) and its Cost of Advertising service fee moved from Mar 25 to Mar 20 (no order id).
"""

from __future__ import annotations

from tests.test_refresh_incremental import assert_same, fresh, marts
from tests.test_refresh_money_scope import BODY, _write
from warehouse.marts.refresh import refresh

FEE = [r for r in BODY if '"FBA Inventory Fee"' in r]
ADS = [r.replace('"Mar 25, 2026', '"Mar 20, 2026') for r in BODY if '"Cost of Advertising"' in r]


def test_a_scoped_day_keeps_the_older_imports_rows_without_an_order(tmp_path, empty_warehouse_file):
    assert len(FEE) == 1 and FEE[0].startswith('"Mar 20, 2026') and len(ADS) == 1
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        wh.ingest_path(_write(tmp_path, "tx_fee.csv", FEE), refresh=False)
        refresh(wh.con)
        wh.ingest_path(_write(tmp_path, "tx_ads.csv", ADS), refresh=False)
        assert refresh(wh.con).mode == "incremental"  # scope: the Mar 20 partition, no orders
        rows = wh.con.sql("select count(*) from marts_mat.money_facts where posted_date = DATE '2026-03-20'")
        # Mar 20 holds 2 money lines: the storage fee (first import) and the advertising charge (second import)
        assert rows.fetchall()[0][0] == 2
        incremental = marts(wh.con)
        refresh(wh.con, full=True)
        assert_same(incremental, marts(wh.con))
    finally:
        wh.close()
