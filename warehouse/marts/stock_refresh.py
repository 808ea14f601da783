"""The incremental refresh's inventory step: each changed store × location from its earliest changed snapshot on.

marts.inventory_stock (sql/marts/inventory_stock.sql) fills each SKU's stock forward from a snapshot of its location to
the location's next snapshot, over a grid of every SKU ever seen at the location × every snapshot date there. Inputs
are fingerprinted per store × location × snapshot date (warehouse/marts/inputs.py), so for each changed location the
earliest changed snapshot date `d0` is known. Rows dated before the location's last snapshot date before `d0`
(`from_date`; `d0` itself when there is none) cannot change for a SKU that is in the location's SKU set both before
and after (`keep`): its snapshots there and their next dates are the same. A SKU that joins the set (first seen in a
changed snapshot) gains rows on every date of the location, and one that leaves it loses all of them: those are
recomputed whole. A location's last snapshot is carried to the warehouse's latest stock day (at most 45 days): when
that day moves, every location whose last snapshot lies within 45 days of it is recomputed from that snapshot too. The definition is scoped by the session variable `inventory_stock_from` ({k, from_date, keep});
the stored rows the same scope covers are replaced.

Called by warehouse/marts/refresh.py inside its transaction, after the fingerprints; reads its temp tables
d_inventory and fp_new_inventory and leaves old_/new_/delta_inventory_stock (warehouse/marts/per_base.py reads the
delta's locations).
"""

from __future__ import annotations

from warehouse.marts.inputs import location_key
from warehouse.marts.partitions import delta

_LOC = "concat_ws(chr(31), split_part(k, chr(31), 1), split_part(k, chr(31), 2))"
_DAY = "try_cast(nullif(split_part(k, chr(31), 3), '~') as DATE)"
# the master SKU of a snapshot row, as the definition's by_sku maps it (the SKU map, then the channel SKU itself)
_SKUS_NOW = f"""
select distinct {location_key("s")} as k,
    coalesce(e.master_sku, w.master_sku, s.sku) as master_sku
from staging.inventory_snapshots as s
left join marts.sku_lookup as e on e.channel_sku = s.sku and e.marketplace_key = s.marketplace
left join marts.sku_lookup as w on w.channel_sku = s.sku and w.marketplace_key = '*'
where s.snapshot_date is not null and s.sku is not null and s.location is not null
    and {{pre_s}}{location_key("s")} in (select k from stock_bounds)
"""
# a stored row in the recomputed part: its location is bounded and it is dated from the bound on, or its SKU is not kept
# (the location compared by its columns, not its string key: no string is built per stored row). The SKUs not kept
# (stock_gone: in the location's stored grid, not in its snapshots now) are usually none: then the date test alone,
# which DuckDB can take into the scan; a correlated test of every stored row cost 1.6 s at 5M (BENCHMARKS.md)
_AT = "b.store is not distinct from t.store and b.location is not distinct from t.location and "
_IN_SCOPE = _AT + ("(t.snapshot_date >= b.from_date or exists (select 1 from stock_gone as p "
                   "where p.k = b.k and p.master_sku = t.master_sku))")  # fmt: skip
_FROM_BOUND = _AT + "t.snapshot_date >= b.from_date"


def stock(cur) -> tuple[int, int]:
    """Recomputes marts_mat.inventory_stock from each changed location's bound on; returns (locations, rows
    recomputed). Leaves temp tables stock_bounds (k, store, location, d0, from_date), stock_pre / stock_keep /
    stock_gone (k, master_sku: the location's stored SKUs, those still in its snapshots, those no longer) and
    old_/new_/delta_inventory_stock."""
    cur.execute(f"""
        create or replace temp table stock_bounds as
        with maxes as (
            select (select max({_DAY}) from marts_mat.fingerprints where input = 'inventory') as o,
                (select max({_DAY}) from fp_new_inventory) as n
        ),
        tails as (  -- the latest stock day moved: last snapshots carried to it (up to 45 days) move with it
            select {_LOC} as k, max({_DAY}) as d0 from fp_new_inventory group by 1
            having max({_DAY}) > (select least(o, n) - 45 from maxes) and (select o is distinct from n from maxes)
        ),
        c as (  -- a tail alone: from its last snapshot (the one before it fills as before)
            select k, min(d0) as d0, bool_and(tail) as tail from (
                select {_LOC} as k, min({_DAY}) as d0, false as tail from d_inventory group by 1
                    having min({_DAY}) is not null
                union all select k, d0, true from tails where d0 is not null
            ) group by k
        )
        select c.k, nullif(split_part(c.k, chr(31), 1), '~') as store, nullif(split_part(c.k, chr(31), 2), '~')
            as location, c.d0, case when c.tail then c.d0 else coalesce(max(f.day), c.d0) end as from_date
        from c left join (select {_LOC} as k, {_DAY} as day from fp_new_inventory) as f on f.k = c.k and f.day < c.d0
        group by c.k, c.d0, c.tail""")
    n = cur.sql("select count(*) from stock_bounds").fetchall()[0][0]
    if not n:
        cur.execute("create or replace temp table new_inventory_stock as select * from marts_mat.inventory_stock "
                    "where false")  # fmt: skip
        cur.execute("create or replace temp table delta_inventory_stock as select * from new_inventory_stock")
        return 0, 0
    # kept SKUs: in the location's set before (the stored grid) and after (the snapshots now)
    pre_t = _locations_first(cur, "t")
    now = _SKUS_NOW.format(pre_s=_locations_first(cur, "s"))
    cur.execute(f"""
        create or replace temp table stock_pre as
        select {location_key("t")} as k, t.master_sku from (select distinct t.store, t.location, t.master_sku
            from marts_mat.inventory_stock as t semi join stock_bounds as b
            on {pre_t}b.store is not distinct from t.store and b.location is not distinct from t.location) as t""")
    cur.execute(f"create or replace temp table stock_keep as select k, master_sku from stock_pre "
                f"intersect select k, master_sku from ({now})")  # fmt: skip
    cur.execute("create or replace temp table stock_gone as select k, master_sku from stock_pre "
                "except select k, master_sku from stock_keep")  # fmt: skip
    gone = cur.sql("select count(*) from stock_gone").fetchall()[0][0]
    scope = pre_t + (_IN_SCOPE if gone else _FROM_BOUND + _earliest(cur, "t"))
    cur.execute("create or replace temp table old_inventory_stock as select t.* from marts_mat.inventory_stock as t "
                f"inner join stock_bounds as b on {scope}")  # fmt: skip
    cur.execute(
        "set variable inventory_stock_from = (select list(struct_pack(k := b.k, from_date := b.from_date, "
        "keep := coalesce((select list(p.master_sku) from stock_keep as p where p.k = b.k), []::VARCHAR[]))) "
        "from stock_bounds as b)"
    )
    try:
        cur.execute("create or replace temp table new_inventory_stock as select * from marts_def.inventory_stock")
    finally:
        cur.execute("reset variable inventory_stock_from")
    cur.execute(f"delete from marts_mat.inventory_stock as t using stock_bounds as b where {scope}")
    cur.execute("insert into marts_mat.inventory_stock by name select * from new_inventory_stock")
    delta(cur, "inventory_stock")
    return n, cur.sql("select count(*) from new_inventory_stock").fetchall()[0][0]


def _earliest(cur, alias: str) -> str:
    """Returns ' and <alias>.snapshot_date >= <the earliest bound>': a literal the scan takes, before the join's own
    per-location test."""
    first = cur.sql("select min(from_date) from stock_bounds").fetchall()[0][0]
    return f" and {alias}.snapshot_date >= DATE '{first}'" if first is not None else ""


def _locations_first(cur, alias: str) -> str:
    """Returns a literal test of the bounded locations on `alias`.location, ending in ' and ' (pushed into the scan
    before the string key test; '' when a bounded location is NULL)."""
    locs = [r[0] for r in cur.sql("select distinct split_part(k, chr(31), 2) from stock_bounds").fetchall()]
    if not locs or "~" in locs:
        return ""
    return f"{alias}.location in ({', '.join(chr(39) + v.replace(chr(39), chr(39) * 2) + chr(39) for v in locs)}) and "
