"""FIFO in the incremental refresh resumes from each touched SKU's earliest changed line (warehouse/marts/fifo_refresh.py).

The small company of test_refresh_incremental (golden templates: CAM-A has batches B1 3 units 2026-02-01 and B2 10
units 2026-03-12; CAM-B has effective-dated SKU costs only) with the golden amazon.com and amazon.de transaction
reports, then transaction reports written in the real amazon.com layout (the golden file's preamble and header):
a later day (2026-05-15), a back-dated day (2026-03-01, before every CAM-A sale), a day of two SKUs bounded on
different dates (CAM-A 03-05, CAM-B 05-16) and an undo. After each, the
incremental marts must equal a full rebuild row for row, and after the later day only that day's pieces are recomputed.
"""

from __future__ import annotations

from pathlib import Path

from tests.test_refresh_incremental import EXPORTS, assert_same, fresh, marts
from warehouse.marts.refresh import refresh

GOLDEN_TX = EXPORTS / "golden" / "transactions_us.csv"


def _row(when: str, kind: str, order: str, sku: str, units: int, sales: float) -> str:
    """One amazon.com transaction row (posted `when`, e.g. 'May 15, 2026 12:00:00 PM PDT'); fees 15 % + 5 per unit."""
    fee, fba = -round(sales * 0.15, 2), -5.0 * units
    sign = -1 if kind == "Refund" else 1
    vals = [when, "S-US-9", kind, order, sku, sku, str(units), "amazon.com", "Standard Orders", "Amazon", "AUSTIN",
            "TX", "78701", "MarketplaceFacilitator", f"{sign * sales:.2f}", "0", "0", "0", "0", "0", "0", "0", "0",
            "0", "0", f"{sign * fee:.2f}", f"{fba if sign > 0 else 0:.2f}", "0", "0",
            f"{sign * (sales + fee) + (fba if sign > 0 else 0):.2f}", "Released", when]  # fmt: skip
    return ",".join(f'"{v}"' for v in vals)


def _report(path: Path, rows: list[str]) -> Path:
    """Writes a transaction report in the golden file's layout (its 3 preamble lines and header) with `rows`."""
    head = GOLDEN_TX.read_text(encoding="utf-8").splitlines()[:4]
    path.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    return path


def _count(con, sql: str) -> int:
    cur = con.cursor()
    try:
        return cur.sql(sql).fetchall()[0][0]
    finally:
        cur.close()


def _check_equals_full(wh) -> None:
    incremental = marts(wh.con)
    assert refresh(wh.con, full=True).mode == "full"
    assert_same(incremental, marts(wh.con))


def test_later_day_back_dated_day_and_undo_equal_full_rebuild(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        for name in ("golden/transactions_us.csv", "golden/transactions_de.csv"):
            assert wh.ingest_path(EXPORTS / name, refresh=False).status == "imported"
        assert refresh(wh.con).mode == "incremental"
        total_before = _count(wh.con, "select count(*) from marts_mat.cost_pieces")

        # a later day: 3 CAM-A units (FIFO continues in B2), 1 CAM-B unit (SKU cost), and a refund of a March order
        later = _report(tmp_path / "later.csv", [
            _row("May 15, 2026 12:00:00 PM PDT", "Order", "113-0000020-0000020", "CAM-A-US", 3, 300.0),
            _row("May 15, 2026 1:00:00 PM PDT", "Order", "113-0000021-0000021", "CAM-B-US", 1, 80.0),
            _row("May 15, 2026 2:00:00 PM PDT", "Refund", "113-0000003-0000003", "CAM-A-US", 1, 100.0),
        ])  # fmt: skip
        later_id = wh.ingest_path(later, refresh=False).import_id
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        # only the two new lines' pieces are recomputed (before: every piece of CAM-A and CAM-B, all history)
        new_pieces = _count(wh.con, "select count(*) from marts_mat.cost_pieces where line_date >= date '2026-05-15'")
        assert stats.partitions["cost_pieces"] == 2
        assert 2 <= stats.rows["cost_pieces"] == new_pieces < total_before
        # refund costs of the day's orders only: the refunded March order and the two new ones (no refunds); before,
        # every refund of the touched SKUs
        refund_rows = _count(wh.con, "select count(*) from marts_mat.refund_cost_facts")
        own = _count(wh.con, "select count(*) from marts_mat.refund_cost_facts where order_id = '113-0000003-0000003'")
        assert stats.partitions["refund_cost_facts"] == 3
        assert 0 < stats.rows["refund_cost_facts"] == own < refund_rows
        _check_equals_full(wh)

        # a back-dated day before every CAM-A sale: CAM-A's whole FIFO shifts by 2 units, CAM-B is untouched
        earlier = _report(tmp_path / "earlier.csv", [
            _row("Mar 1, 2026 12:00:00 PM PST", "Order", "113-0000030-0000030", "CAM-A-US", 2, 200.0),
        ])  # fmt: skip
        assert wh.ingest_path(earlier, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["cost_pieces"] == 1
        cam_a = _count(
            wh.con,
            "select count(*) from marts_mat.cost_pieces where master_sku = 'CAM-A' and line_date >= date '2026-03-01'",
        )
        assert stats.rows["cost_pieces"] == cam_a
        _check_equals_full(wh)

        # two SKUs bounded on different days in one refresh: CAM-A from 03-05 (its later pieces shift), CAM-B from
        # 05-16; the stored pieces taken out are each SKU's from its own boundary (not from the later one, 05-16)
        both = _report(tmp_path / "both.csv", [
            _row("Mar 5, 2026 12:00:00 PM PST", "Order", "113-0000040-0000040", "CAM-A-US", 1, 100.0),
            _row("May 16, 2026 12:00:00 PM PDT", "Order", "113-0000041-0000041", "CAM-B-US", 1, 80.0),
        ])  # fmt: skip
        assert wh.ingest_path(both, refresh=False).status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.partitions["cost_pieces"] == 2
        _check_equals_full(wh)

        # undo of the later day: its lines' pieces go, earlier ones stay; the refund's cost row goes. CAM-B's 05-16
        # line comes after the undone 05-15 line: its one piece is recomputed (the only new row)
        wh.undo(later_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.rows["cost_pieces"] == 1
        assert _count(wh.con, "select count(*) from marts_mat.cost_pieces where line_date >= date '2026-05-15'") == 1
        _check_equals_full(wh)
    finally:
        wh.close()
