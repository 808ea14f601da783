"""marts.channel_money (the TikTok Shop / Shopify merge over staging.money) reads only money_facts' scope during an
incremental refresh, and the result equals a full rebuild.

The small company of test_refresh_incremental (golden templates) with a TikTok Shop statement and orders export
(merged per order), a Shopify orders export and Payments transactions, and the golden amazon.com transaction report;
then one later Amazon day (a file in the golden layout), its undo, and the undo of the TikTok orders export (the
statement's orders fall back to the statement's own rows). After each refresh: every materialised mart equals a full
rebuild row for row, and for every money partition the scoped channel_money holds exactly the whole view's rows of
that partition and of its orders (the invariant of the scope, checked over all partitions, not one example).
"""

from __future__ import annotations

from collections import Counter

from tests.test_refresh_fifo import _check_equals_full, _report, _row
from tests.test_refresh_incremental import EXPORTS, _key, fresh
from warehouse.marts.refresh import refresh

FILES = ["golden/transactions_us.csv", "tiktok_statement/statement_20260401-20260430(UTC).csv",
         "tiktok_orders/All order-2026-03-16-09_10.csv", "shopify_orders/orders_export_2026-05.csv",
         "shopify_payments/payment_transactions_export_1.csv"]  # fmt: skip
KEY = ("concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'), "
       "coalesce(strftime(posted_date, '%Y-%m-%d'), '~'))")  # fmt: skip


def _rows(cur, sql: str) -> list:
    return sorted(cur.sql(sql).fetchall(), key=lambda r: repr(tuple(_key(v) for v in r)))


def _check_scope(con) -> int:
    """For every money partition k, channel_money with `money_facts_parts = [k]`:
    - equals the whole view's rows keyed k or of an order read in scope (an order with a staging.money row keyed k or
      a Payments refund posted in k): each order's rows exactly as in the whole view;
    - holds every whole-view row money_facts needs: keyed k, or of an order with a row keyed k.
    Returns the number of partitions checked."""
    cur = con.cursor()
    try:
        cur.execute("reset variable money_facts_parts")
        cur.execute(f"create or replace temp table cm_whole as select *, {KEY} as k_ from marts.channel_money")
        keys = [k for (k,) in cur.sql("select distinct k_ from cm_whole order by 1").fetchall()]
        for k in keys:
            cur.execute(f"""create or replace temp table scope_orders as
                select store, marketplace, order_id from staging.money where order_id is not null and {KEY} = '{k}'
                union select store, marketplace, order_id from staging.shopify_refund_dates
                where {KEY.replace("posted_date", "refund_posted_date")} = '{k}'""")  # fmt: skip
            read = _rows(
                cur,
                f"""
                select * exclude (k_) from cm_whole as w
                where k_ = '{k}' or exists (select 1 from scope_orders as o where o.order_id = w.order_id
                    and o.marketplace is not distinct from w.marketplace and o.store is not distinct from w.store)""",
            )
            needed = _rows(cur, f"""
                select * exclude (k_) from cm_whole as w
                where k_ = '{k}' or (order_id is not null and exists (select 1 from cm_whole as o where o.k_ = '{k}'
                    and o.order_id = w.order_id and o.marketplace is not distinct from w.marketplace
                    and o.store is not distinct from w.store))""")  # fmt: skip
            cur.execute(f"set variable money_facts_parts = ['{k}']")
            try:
                got = _rows(cur, "select * from marts.channel_money")
            finally:
                cur.execute("reset variable money_facts_parts")
            assert got == read, k
            # the refresh lists the scope's orders itself (from marts_mat.money_orders, in marts_mat.scope_orders
            # inside its transaction): same rows
            cur.execute("begin")
            cur.execute(f"set variable money_facts_parts = ['{k}']")
            cur.execute("set variable money_facts_orders = true")
            cur.execute("insert into marts_mat.scope_orders select distinct concat_ws(chr(31), coalesce(store::VARCHAR, "
                        "'~'), coalesce(marketplace::VARCHAR, '~'), order_id), order_id from scope_orders")  # fmt: skip
            try:
                assert _rows(cur, "select * from marts.channel_money") == read, k
            finally:
                cur.execute("rollback")
                cur.execute("reset variable money_facts_parts")
                cur.execute("reset variable money_facts_orders")
            assert not (Counter(map(repr, needed)) - Counter(map(repr, got))), k
            assert len(got) < len(cur.sql("select * from cm_whole").fetchall()), k
        return len(keys)
    finally:
        cur.close()


def test_channel_money_scoped_after_tiktok_shopify_amazon_day_and_undo_equals_full(tmp_path, empty_warehouse_file):
    wh = fresh(tmp_path / "wh", empty_warehouse_file)
    try:
        ids = {}
        for name in FILES:
            r = wh.ingest_path(EXPORTS / name, refresh=False)
            assert r.status == "imported", name
            ids[name.split("/")[0]] = r.import_id
        refresh(wh.con)  # Payments refunds are read whole (staging.shopify_refund_dates): a full rebuild here
        _check_equals_full(wh)
        sources = {s for (s,) in wh.con.cursor().sql("select distinct source from marts_mat.money_facts").fetchall()}
        assert {"tiktok_statement", "tiktok_orders", "shopify_orders", "amazon_transactions"} <= sources
        assert _check_scope(wh.con) > 3

        # one later Amazon day: order 113-0000040-0000040, May 15 (no amazon.com money in May before). money_facts
        # recomputes the one day default × amazon.com × 2026-05-15 and reads 1 row (that order's one line), not the TikTok/Shopify
        # or March/April rows
        day = _report(tmp_path / "day.csv", [
            _row("May 15, 2026 12:00:00 PM PDT", "Order", "113-0000040-0000040", "CAM-A-US", 1, 100.0)])  # fmt: skip
        imp = wh.ingest_path(day, refresh=False)
        assert imp.status == "imported"
        stats = refresh(wh.con)
        assert stats.mode == "incremental"
        assert stats.partitions["money_facts"] == 1 and stats.rows["money_facts"] == 1
        # the scope's orders are listed inside the refresh's transaction only: every reader sees the table empty
        assert wh.con.sql("select count(*) from marts_mat.scope_orders").fetchall()[0][0] == 0
        _check_equals_full(wh)
        _check_scope(wh.con)

        # undo of the day: the partition is recomputed and holds no row
        wh.undo(imp.import_id, refresh=False)
        stats = refresh(wh.con)
        assert stats.mode == "incremental" and stats.rows["money_facts"] == 0
        _check_equals_full(wh)

        # undo of the TikTok orders export: the statement's orders are its own rows again
        wh.undo(ids["tiktok_orders"], refresh=False)
        assert refresh(wh.con).mode == "incremental"
        _check_equals_full(wh)
        _check_scope(wh.con)
    finally:
        wh.close()
