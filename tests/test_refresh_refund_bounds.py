"""Refund costs of a refresh read only the date-ordered rows from their orders' earliest dates on
(warehouse/marts/order_days.py: marts_mat.order_first_days; sql/marts/refund_cost_facts.sql's two bounds).

The golden amazon.com transaction report (order 113-0000001-0000001: 2 × CAM-A-US posted "Mar 5, 2026 12:00:00 PM
PST", costed FIFO from batch B1 of the golden templates; refunded 1 unit on Mar 22), restock rate 1.0, then a report in the same layout refunding 1 unit of that
order on Oct 20, 2026, seven months later. The refresh must bound the scans at 2026-03-05 (the order's only line),
find the March cost pieces and credit the cost back exactly as a full rebuild does; a bound taken from the refund's
own date would miss them (the negative control below shows the comparison then fails).
"""

from __future__ import annotations

from datetime import date

import pytest

from metrics.core.settings import set_settings
from tests.test_refresh_fifo import _report, _row
from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from warehouse.marts import order_days
from warehouse.marts.refresh import refresh

ORDER = "113-0000001-0000001"
REFUND = _row("Oct 20, 2026 9:00:00 AM PDT", "Refund", ORDER, "CAM-A-US", 1, 100.0)


def _refund_rows(con) -> list[tuple]:
    return con.sql(
        "select base_currency, units, cost_method, round(cogs, 6) from marts_mat.refund_cost_facts "
        "where order_id = ? order by all",
        params=[ORDER],
    ).fetchall()


def _base(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    set_settings(wh.con, restock_rate=1.0)  # every refunded unit back in stock: its cost is credited
    assert wh.ingest_path(EXPORTS / "golden" / "transactions_us.csv", refresh=False).status == "imported"
    refresh(wh.con)
    return wh


def test_late_refund_of_a_march_order_costs_as_a_full_rebuild(tmp_path, empty_warehouse_file):
    wh = _base(tmp_path, empty_warehouse_file)
    try:
        # the order's one line: posted and dated Mar 5, 2026 (12:00 PM PST is the same day in UTC-8)
        dirty = "(select '113-0000001-0000001' as k)"
        assert order_days.bounds(wh.con, dirty) == (date(2026, 3, 5), date(2026, 3, 5))
        refund_id = wh.ingest_path(_report(tmp_path / "oct.csv", [REFUND]), refresh=False).import_id
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["refund_cost_facts"] == 1
        got = _refund_rows(wh.con)
        # both refunds (Mar 22 and Oct 20) restocked at the March line's unit cost: B1 = (20 purchase + 2 first mile +
        # 1 duty + 0 other) USD x 6.5 CNY/USD paid = 149.5 CNY a unit; 1 unit x restock 1.0 -> cogs -149.5 CNY each
        # (the batch is costed in CNY; bases without a CNY rate list the units as missing)
        cny = [r for r in got if r[0] == "CNY"]
        assert cny == [("CNY", 1, "restocked", -149.5)] * 2, got
        incremental = marts(wh.con)
        assert refresh(wh.con, full=True).mode == "full"
        assert_same(incremental, marts(wh.con))
        # the bookkeeping after the full rebuild gives the same bound; undo the refund: still equal to a rebuild
        assert order_days.bounds(wh.con, dirty) == (date(2026, 3, 5), date(2026, 3, 5))
        wh.undo(refund_id, refresh=True)
        incremental = marts(wh.con)
        assert refresh(wh.con, full=True).mode == "full"
        assert_same(incremental, marts(wh.con))
    finally:
        wh.close()


def test_bound_from_the_refund_date_would_lose_the_cost(tmp_path, empty_warehouse_file, monkeypatch):
    """Negative control: with the refund's own date as the bound the March pieces are skipped and the refund falls
    back to the SKU cost or none, so the rows differ from a full rebuild; the real bound keeps them equal (above)."""
    wh = _base(tmp_path, empty_warehouse_file)
    try:
        full_rows = None
        monkeypatch.setattr(order_days, "bounds", lambda cur, dirty: (date(2026, 10, 20), date(2026, 10, 20)))
        wh.ingest_path(_report(tmp_path / "oct.csv", [REFUND]), refresh=False)
        assert refresh(wh.con).mode == "incremental"
        wrong = _refund_rows(wh.con)
        monkeypatch.undo()
        assert refresh(wh.con, full=True).mode == "full"
        full_rows = _refund_rows(wh.con)
        assert wrong != full_rows
    finally:
        wh.close()


def test_older_warehouse_without_the_table_builds_it_and_undated_lines_give_no_bound(tmp_path, empty_warehouse_file):
    wh = _base(tmp_path, empty_warehouse_file)
    try:
        wh.con.execute("drop table marts_mat.order_first_days")  # as a warehouse written before this table
        wh.ingest_path(_report(tmp_path / "oct.csv", [REFUND]), refresh=False)
        assert refresh(wh.con).mode == "incremental"
        stored = wh.con.sql("select count(*) from marts_mat.order_first_days").fetchall()[0][0]
        assert (
            stored
            >= wh.con.sql(
                "select count(distinct order_id) from marts_mat.money_facts where order_id is not null"
            ).fetchall()[0][0]
        )
        # every stored line's dates are on or after its order's bound (the invariant the scans rely on)
        late = wh.con.sql(
            "select count(*) from marts_mat.money_facts as m where m.order_id is not null and exists (select 1 "
            "from marts_mat.order_first_days as o where o.h = md5_number_lower(m.order_id)) and ("
            "m.posted_date < (select min(posted_from) from marts_mat.order_first_days "
            "where h = md5_number_lower(m.order_id)) or m.event_date < (select min(event_from) "
            "from marts_mat.order_first_days where h = md5_number_lower(m.order_id)))"
        ).fetchall()[0][0]
        assert late == 0
        # an order with an undated line has no bound (the scans read everything)
        wh.con.execute(
            "insert into marts_mat.order_first_days values (md5_number_lower('X-1'), DATE '0001-01-01', "
            "DATE '2026-01-01'), (md5_number_lower('X-1'), DATE '2026-02-01', DATE '2026-02-01')"
        )
        assert order_days.bounds(wh.con, "(select 'X-1' as k)") == (None, date(2026, 1, 1))
    finally:
        wh.close()


@pytest.mark.parametrize("ids", [[], ["never-sold"]])
def test_unknown_orders_give_no_bound(tmp_path, empty_warehouse_file, ids):
    wh = _base(tmp_path, empty_warehouse_file)
    try:
        wh.con.execute("create or replace temp table d (k VARCHAR)")
        for k in ids:
            wh.con.execute("insert into d values (?)", [k])
        assert order_days.bounds(wh.con, "d") == (None, None)
    finally:
        wh.close()
