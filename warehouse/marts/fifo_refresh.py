"""The incremental refresh's FIFO step: cost pieces from each touched master SKU's earliest changed line on.

FIFO's running sum of an order line (sql/marts/cost_pieces.sql) depends only on its master SKU's earlier lines
(ordered by event date, order id, line key) and on the SKU's batch queue. So when a SKU's batches and landed costs
did not change, the pieces of its lines dated before its earliest changed line stay as they are: an order line added,
removed (undo) or edited (old or new version in delta_money_facts), or an order line whose effective-dated SKU cost
changed (delta_sku_cost_lines). Its lines from that date on are recomputed by the one definition, scoped through the
session variable `cost_pieces_from` ({master_sku, from_date}), which resumes the running sum after the earlier
lines' units. A SKU whose batches or landed costs changed (d_batches, d_landed) is recomputed whole (from_date NULL).
An undated line sorts last, so a changed undated line bounds its SKU after every dated line.

batch_takes (units per batch = the sum of the SKU's FIFO pieces per batch) is then updated by the pieces' delta
(new scoped pieces minus old ones) instead of re-summing the touched SKUs' whole history.

Called by warehouse/marts/refresh.py inside its transaction, after sku_cost_lines; reads its temp tables
delta_money_facts, delta_sku_cost_lines, d_batches, d_landed and leaves old_/new_/delta_cost_pieces for the next marts.
"""

from __future__ import annotations

from warehouse.marts.partitions import delta

_LAST = "date '9999-12-31'"  # the boundary of a SKU whose only changed lines are undated (sorted after all dates)

BOUNDS = f"""
select master_sku, case when bool_or(whole) then null else min(coalesce(event_date, {_LAST})) end as from_date
from (
    select master_sku, event_date, false as whole from delta_money_facts
        where txn_type = 'order' and order_id is not null
    union all
    select l.master_sku, l.event_date, false from marts_mat.money_facts as l
        semi join delta_sku_cost_lines as d using (source, import_id, row_no, txn_type)
        where l.txn_type = 'order' and l.order_id is not null
    union all
    select nullif(k, '~'), null, true from d_batches
    union all
    select nullif(k, '~'), null, true from d_landed
)
group by all
"""
# a stored piece in the recomputed part: its SKU is bounded and its line is dated from the boundary on (or undated)
_IN_SCOPE = ("b.master_sku is not distinct from p.master_sku and "
             "(b.from_date is null or p.line_date is null or p.line_date >= b.from_date)")  # fmt: skip


def pieces(cur) -> tuple[int, int]:
    """Recomputes marts_mat.cost_pieces from each touched SKU's boundary on; returns (SKUs, pieces recomputed).

    Leaves temp tables cost_bounds (master_sku, from_date), old_cost_pieces / new_cost_pieces (the replaced part,
    before and after) and delta_cost_pieces (the rows that changed, both ways).
    """
    cur.execute(f"create or replace temp table cost_bounds as {BOUNDS}")
    n = cur.sql("select count(*) from cost_bounds").fetchall()[0][0]
    scope = _IN_SCOPE + _earliest(cur)
    cur.execute("create or replace temp table old_cost_pieces as select p.* from marts_mat.cost_pieces as p "
                f"inner join cost_bounds as b on {scope}")  # fmt: skip
    if n:
        cur.execute("set variable cost_pieces_from = (select list(struct_pack(master_sku := master_sku, "
                    "from_date := from_date)) from cost_bounds)")  # fmt: skip
        try:
            cur.execute("create or replace temp table new_cost_pieces as select * from marts_def.cost_pieces")
        finally:
            cur.execute("reset variable cost_pieces_from")
        cur.execute(f"delete from marts_mat.cost_pieces as p using cost_bounds as b where {scope}")
        cur.execute("insert into marts_mat.cost_pieces by name select * from new_cost_pieces order by line_date")
    else:
        cur.execute("create or replace temp table new_cost_pieces as select * from old_cost_pieces")
    delta(cur, "cost_pieces")
    return n, cur.sql("select count(*) from new_cost_pieces").fetchall()[0][0]


def _earliest(cur) -> str:
    """Returns ' and (p.line_date is null or p.line_date >= <the earliest boundary>)' when no bounded SKU is
    recomputed whole: a constant the scan of 5M stored pieces takes before the join (a day's import bounds its SKUs
    at that day; the join alone probed every stored piece, 0.6 s at 5M order lines), else ''."""
    whole, first = cur.sql("select bool_or(from_date is null), min(from_date) from cost_bounds").fetchall()[0]
    if whole or first is None:
        return ""
    return f" and (p.line_date is null or p.line_date >= DATE '{first}')"


def takes(cur) -> int:
    """Updates marts_mat.batch_takes by the FIFO units the replaced pieces gained or lost per batch (after `pieces`);
    returns the number of SKUs whose takes moved. A batch left with no units loses its row (as in the definition)."""
    cur.execute(
        "create or replace temp table takes_moved as select master_sku, batch_id, sum(units)::bigint as units from ("
        "select master_sku, batch_id, units from new_cost_pieces where piece = 'fifo' union all "
        "select master_sku, batch_id, -units from old_cost_pieces where piece = 'fifo') group by all "
        "having sum(units) <> 0"
    )
    n = cur.sql("select count(distinct master_sku) from takes_moved").fetchall()[0][0]
    if not n:
        return 0
    same = "t.master_sku is not distinct from d.master_sku and t.batch_id is not distinct from d.batch_id"
    cur.execute(
        "create or replace temp table takes_next as select d.master_sku, d.batch_id, "
        "(coalesce(t.units, 0) + d.units)::bigint as units from takes_moved as d "
        f"left join marts_mat.batch_takes as t on {same}"
    )
    cur.execute(f"delete from marts_mat.batch_takes as t using takes_moved as d where {same}")
    cur.execute("insert into marts_mat.batch_takes by name select * from takes_next where units <> 0")
    return n
