"""The incremental refresh's inventory step: each changed store × location from its earliest changed snapshot on.

marts.inventory_stock (sql/marts/inventory_stock.sql) fills each SKU's stock forward from a snapshot of its location to
the location's next snapshot, over a grid of every SKU ever seen at the location × every snapshot date there. Inputs
are fingerprinted per store × location × snapshot date (warehouse/marts/inputs.py), so for each changed location the
earliest changed snapshot date `d0` is known. Rows dated before the location's last snapshot date before `d0`
(`from_date`; `d0` itself when there is none) cannot change for a SKU that is in the location's SKU set both before
and after (`keep`): its snapshots there and their next dates are the same. A SKU that joins the set (first seen in a
changed snapshot) gains rows on every date of the location, and one that leaves it loses all of them: those are
recomputed whole. A location's last snapshot is carried to the warehouse's latest stock day (at most 45 days): when
that day moves, every location whose last snapshot lies within 45 days of it is recomputed from that snapshot too.
The definition is scoped by the session variable `inventory_stock_from` ({k, from_date, keep, whole}); the stored
rows the same scope covers are replaced. A location no SKU joins (`whole` false) reads only its snapshots from
`from_date` on: at 5M, reading every location's whole history took 0.65 s of a day's refresh (BENCHMARKS.md).
Which SKUs join or leave is found as cheaply as the change allows (`_sku_sets`): a carried tail has no changed
snapshot, a day of new snapshots can only add SKUs; only a re-import or undo compares whole histories.

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
    recomputed). Leaves temp tables stock_bounds (k, store, location, d0, from_date, kind, last_old), stock_gone (k,
    master_sku: SKUs that left a location's set) and old_/new_/delta_inventory_stock."""
    cur.execute(f"""
        create or replace temp table stock_bounds as
        with old_fp as (select k from marts_mat.fingerprints where input = 'inventory'),
        maxes as (
            select (select max({_DAY}) from old_fp) as o, (select max({_DAY}) from fp_new_inventory) as n
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
        ),
        fresh as (  -- locations whose changed snapshots are all new dates (nothing re-imported or undone)
            select {_LOC} as k, bool_and(fresh) as fresh
            from (select d.k, o.k is null as fresh from d_inventory as d left join old_fp as o on o.k = d.k)
            group by 1
        ),
        last_old as (select {_LOC} as k, max({_DAY}) as day from old_fp group by 1)
        select c.k, nullif(split_part(c.k, chr(31), 1), '~') as store, nullif(split_part(c.k, chr(31), 2), '~')
            as location, c.d0, case when c.tail then c.d0 else coalesce(max(f.day), c.d0) end as from_date,
            case when c.tail then 'tail' when any_value(r.fresh) then 'new' else 'changed' end as kind,
            any_value(l.day) as last_old
        from c left join (select {_LOC} as k, {_DAY} as day from fp_new_inventory) as f on f.k = c.k and f.day < c.d0
        left join fresh as r on r.k = c.k left join last_old as l on l.k = c.k
        group by c.k, c.d0, c.tail""")
    n = cur.sql("select count(*) from stock_bounds").fetchall()[0][0]
    if not n:
        cur.execute("create or replace temp table new_inventory_stock as select * from marts_mat.inventory_stock "
                    "where false")  # fmt: skip
        cur.execute("create or replace temp table delta_inventory_stock as select * from new_inventory_stock")
        return 0, 0
    _sku_sets(cur)
    gone = cur.sql("select count(*) from stock_gone").fetchall()[0][0]
    pre_t = _locations_first(cur, "t")
    scope = pre_t + (_IN_SCOPE if gone else _FROM_BOUND + _earliest(cur, "t"))
    cur.execute("create or replace temp table old_inventory_stock as select t.* from marts_mat.inventory_stock as t "
                f"inner join stock_bounds as b on {scope}")  # fmt: skip
    cur.execute(
        "set variable inventory_stock_from = (select list(struct_pack(k := b.k, from_date := b.from_date, "
        "keep := coalesce((select list(p.master_sku) from stock_keep as p where p.k = b.k), []::VARCHAR[]), "
        "whole := b.k in (select k from stock_whole))) from stock_bounds as b)"
    )
    cur.execute("set variable inventory_stock_since = (select min(from_date) from stock_bounds "
                "where not exists (select 1 from stock_whole))")  # fmt: skip
    try:
        cur.execute("create or replace temp table new_inventory_stock as select * from marts_def.inventory_stock")
    finally:
        cur.execute("reset variable inventory_stock_from")
        cur.execute("reset variable inventory_stock_since")
    cur.execute(f"delete from marts_mat.inventory_stock as t using stock_bounds as b where {scope}")
    cur.execute("insert into marts_mat.inventory_stock by name select * from new_inventory_stock order by day")
    delta(cur, "inventory_stock")
    return n, cur.sql("select count(*) from new_inventory_stock").fetchall()[0][0]


def _sku_sets(cur) -> None:
    """Fills temp tables stock_whole (k: locations a SKU joins), stock_keep (k, master_sku: the SKUs of those
    locations in their set before and after) and stock_gone (k, master_sku: SKUs that left a location's set).

    Every SKU of a location has a stored row on each of its snapshot dates (the grid), so the set before is the stored
    rows of one old snapshot date. A tail (no changed snapshot) keeps its set; a location whose changed snapshots are
    all new dates ('new') loses no SKU and gains those of its new snapshots that are not in the set before; only a
    location with a re-imported or undone snapshot ('changed') compares its whole stored grid with its snapshots now.
    """
    new_pre = _locations_first(cur, "t", "kind = 'new'")
    cur.execute(f"""
        create or replace temp table stock_pre as
        select b.k, t.master_sku from marts_mat.inventory_stock as t
        inner join stock_bounds as b on {new_pre}b.kind = 'new' and b.store is not distinct from t.store
            and b.location is not distinct from t.location and t.day = b.last_old
        group by all""")
    first = cur.sql("select min(d0) from stock_bounds where kind = 'new'").fetchall()[0][0]
    # SKUs of a 'new' location's snapshots from its first changed date on (the later old ones are in the set anyway)
    cur.execute(f"""
        create or replace temp table stock_whole as
        select distinct b.k from staging.inventory_snapshots as s
        inner join stock_bounds as b on b.kind = 'new' and b.store is not distinct from s.store
            and b.location = s.location and s.snapshot_date >= b.d0
        left join marts.sku_lookup as e on e.channel_sku = s.sku and e.marketplace_key = s.marketplace
        left join marts.sku_lookup as w on w.channel_sku = s.sku and w.marketplace_key = '*'
        anti join stock_pre as p on p.k = b.k and p.master_sku = coalesce(e.master_sku, w.master_sku, s.sku)
        where {_locations_first(cur, "s", "kind = 'new'")}s.snapshot_date >= {_date(first)} and s.sku is not null""")
    cur.execute("create or replace temp table stock_keep as select * from stock_pre where k in (select k from "
                "stock_whole)")  # fmt: skip
    cur.execute("create or replace temp table stock_gone as select k, master_sku from stock_pre where false")
    if not cur.sql("select count(*) from stock_bounds where kind = 'changed'").fetchall()[0][0]:
        return
    # a re-imported or undone snapshot: the whole stored grid against the snapshots now
    pre_t = _locations_first(cur, "t", "kind = 'changed'")
    now = _SKUS_NOW.format(pre_s=_locations_first(cur, "s", "kind = 'changed'")) + (
        f" and {location_key('s')} in (select k from stock_bounds where kind = 'changed')"
    )
    cur.execute(f"""
        create or replace temp table stock_pre_all as
        select {location_key("t")} as k, t.master_sku from (select distinct t.store, t.location, t.master_sku
            from marts_mat.inventory_stock as t semi join stock_bounds as b
            on {pre_t}b.kind = 'changed' and b.store is not distinct from t.store
                and b.location is not distinct from t.location) as t""")
    cur.execute(f"create or replace temp table stock_now as {now}")
    cur.execute("insert into stock_keep select k, master_sku from stock_pre_all "
                "intersect select k, master_sku from stock_now")  # fmt: skip
    cur.execute("insert into stock_gone select k, master_sku from stock_pre_all "
                "except select k, master_sku from stock_now")  # fmt: skip
    cur.execute("insert into stock_whole select distinct k from (select k, master_sku from stock_now "
                "except select k, master_sku from stock_pre_all)")  # fmt: skip


def _date(day) -> str:
    """Returns a SQL date literal ('NULL' for None)."""
    return "NULL" if day is None else f"DATE '{day}'"


def _earliest(cur, alias: str) -> str:
    """Returns ' and <alias>.snapshot_date >= <the earliest bound>': a literal the scan takes, before the join's own
    per-location test."""
    first = cur.sql("select min(from_date) from stock_bounds").fetchall()[0][0]
    return f" and {alias}.snapshot_date >= DATE '{first}'" if first is not None else ""


def _locations_first(cur, alias: str, where: str = "true") -> str:
    """Returns a literal test of the bounded locations (those matching `where`) on `alias`.location, ending in ' and '
    (pushed into the scan before the string key test; '' when a bounded location is NULL)."""
    sql = f"select distinct split_part(k, chr(31), 2) from stock_bounds where {where}"
    locs = [r[0] for r in cur.sql(sql).fetchall()]
    if not locs or "~" in locs:
        return ""
    return f"{alias}.location in ({', '.join(chr(39) + v.replace(chr(39), chr(39) * 2) + chr(39) for v in locs)}) and "
