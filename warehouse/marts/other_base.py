"""Copies of the per-base conversion views for one other base currency (a page's currency override), on request.

Why. `per_base` keeps copies for the stored base only; a reader in another base reads the plain views, which
re-evaluate the conversion over the whole history per query (the report in USD took 47–64 s at 5M order lines,
against ~7 s warm in the stored base). `prepare(con, base)` evaluates the same views (marts_plain.<name> of
per_base.PER_BASE) under `base` into schema marts_base_alt, once; a reader in that base then reads them directly
(metrics.core.query.cursor → `current`), as a reader in the stored base reads marts_base.

Bounds and freshness. One other base at a time: preparing another replaces it. The copies hold for the stored copies
they stand beside: marts_base_alt.state.stored is marts_base.state's row they were made or last updated for (a reader
reads them only while it is marts_base.state's row now: `current`). Every refresh that changes the marts rewrites
that row (its refresh key), so the refresh keeps them in the same transaction (`keep`):
  incremental   updated in place exactly as the stored base's copies (warehouse.marts.per_base_update, the same
                delta_<mart> temp tables; a copy kept whole left as it is when its inputs did not change), on the refresh's cursor with its base_currency variable set to the other
                base (restored after), and state.stored set to the new stored row: the next switch is as warm as a
                rerun after an import or undo (seconds, not the minutes of a prepare at 5M order lines);
  anything else dropped (schema marts_base_alt) in that transaction: a full refresh (settings such as the allocation
                rule, FX rates, maps, code), a new stored base or rule, a new VERSION, the other base's refund costs
                appearing or vanishing (every refund row may move), or copies not of the marts the refresh started
                from. Not rebuilt whole there: a full rebuild at 5M already takes minutes and a whole prepare adds
                ~2–3 more for a base nobody may look at again; the sidebar prepares it once at the next switch.
A refresh that leaves marts_base.state's row as it was ('none', or a forced full rebuild of unchanged imports,
settings and code: the same rows) leaves the copies as they are. So stale copies are never readable: they are
current, or gone. The base-free copies (per_base.BASE_FREE: cash
receipts and timing, unmapped advertised ASINs) are the same rows in every base: copied from marts_base's; so are
the stock rows: marts_base_alt.inventory_days is a view over marts_base.stock_rows and marts_base_alt.sku_unit_costs
(warehouse.marts.per_base_update._stock_view).

Consistency. `prepare` runs under the writer lock (warehouse.marts.refresh) in one transaction with the writer's
memory limit, `keep` inside the refresh's transaction; a reader sees the old copies (or none) until it commits.
"""

from __future__ import annotations

from collections.abc import Callable

from warehouse.marts import copy_inputs, per_base, per_base_update

SCHEMA = "marts_base_alt"
TIMES: dict[str, float] = {}  # seconds per copy of the last `keep` (RefreshStats.timings 'per_base_alt.<name>')


def current(cur) -> bool:
    """True when marts_base_alt holds copies for `cur`'s base currency and allocation rule (its DuckDB variables)
    prepared beside the stored copies now in force; reads only the catalog and the two state rows."""
    ok = cur.sql(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = 'state'", params=[SCHEMA]
    ).fetchall()[0][0]
    if not ok:
        return False
    rows = cur.sql(f"select base, rule, stored from {SCHEMA}.state").fetchall()
    stored = per_base._state(cur)
    if not rows or stored is None or not per_base._installed(cur):
        return False
    now = cur.sql("select upper(getvariable('base_currency')), getvariable('allocation_rule')").fetchall()[0]
    return (rows[0][0], rows[0][1]) == tuple(now) and rows[0][2] == repr(tuple(stored))


def needed(con, base: str) -> bool:
    """True when `prepare(con, base)` would prepare copies: `base` is not the stored base, the stored copies exist,
    and marts_base_alt does not hold `base` beside them (a few catalog reads, no lock)."""
    from warehouse.core.conventions import apply_to_cursor, get_settings

    cur = con.cursor()
    try:
        base = apply_to_cursor(cur, get_settings(con), base)
        stored = per_base._state(cur)
        return stored is not None and stored[0] != base and not current(cur)
    finally:
        cur.close()


def prepare(con, base: str, progress: Callable[[int, int, str], None] | None = None, *, wait: bool = True) -> bool:
    """Prepares marts_base_alt for base currency `base` (ISO code) under the allocation rule in force; returns False
    when there was nothing to do (already current, `base` is the stored base, or no stored copies to stand beside).
    `progress(done, total, name)` is called before each copy. Takes the writer lock; seconds to minutes (a copy of
    order_lines and sku_days: about what preparing the stored base costs). `wait=False` returns False
    at once when the writer is busy (an import or refresh). Raises what DuckDB raises (nothing changed)."""
    from warehouse.marts.writer_lock import LOCK as _LOCK
    from warehouse.marts.writer_lock import checkpoint_soon

    if not _LOCK.acquire(blocking=wait):
        return False
    try:
        done = _prepare(con, base, progress)
    finally:
        _LOCK.release()
    if done:
        checkpoint_soon(con)  # the new copies' log, folded in after the commit (writer_lock)
    return done


def _prepare(con, base: str, progress) -> bool:
    from warehouse.core.conventions import apply_to_cursor, get_settings
    from warehouse.core.db import writer_memory

    with writer_memory(con):
        cur = con.cursor()
        try:
            base = apply_to_cursor(cur, get_settings(con), base)
            cur.execute("begin")
            try:
                stored = per_base._state(cur)
                if current(cur) or stored is None or stored[0] == base or not per_base._installed(cur):
                    cur.execute("commit")
                    return False
                rule = cur.sql("select getvariable('allocation_rule')").fetchall()[0][0]
                cur.execute(f"create schema if not exists {SCHEMA}")
                for i, name in enumerate(per_base.PER_BASE):
                    if progress:
                        progress(i, len(per_base.PER_BASE), name)
                    _whole(cur, name)
                copy_inputs.stamp(cur, SCHEMA)
                _write_state(cur, base, rule, stored)
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise
        finally:
            cur.close()
    return True


def _whole(cur, name: str) -> int:
    """Rebuilds marts_base_alt.<name> whole under `cur`'s variables; a base-free copy (per_base.BASE_FREE: the same
    rows in every base) is copied from marts_base's, which the same transaction made current (in its date order)."""
    if name in per_base.BASE_FREE:
        cur.execute(f"create or replace table {SCHEMA}.{name} as select * from marts_base.{name}")
        return -1
    return per_base_update.table(cur, SCHEMA, name)


def _refund_base(cur, base: str) -> bool:
    q = "select count(*) > 0 from marts_mat.refund_cost_facts where base_currency = ?"
    return cur.sql(q, params=[base]).fetchall()[0][0]


def _write_state(cur, base: str, rule: str, stored: tuple) -> None:
    """State of the copies: their base and rule, the stored copies' state row they stand beside, and whether
    refund_cost_facts had rows of `base` (refund costs fall back to '' without: `keep` then drops the copies)."""
    cur.execute(
        f"create or replace table {SCHEMA}.state (base VARCHAR, rule VARCHAR, stored VARCHAR, refund_base BOOLEAN)"
    )
    cur.execute(
        f"insert into {SCHEMA}.state values (?, ?, ?, ?)", [base, rule, repr(tuple(stored)), _refund_base(cur, base)]
    )


def keep(cur, mode: str, previous: str | None, before: tuple | None, touched: set[str] | None = None) -> dict[str, int]:
    """Keeps marts_base_alt current inside the writer's refresh (module doc), after per_base.prepare on `cur`.

    `mode` = what the refresh did ('incremental': delta_<mart> temp tables are on `cur`), `previous` = the refresh
    state key the marts had before it, `before` = marts_base.state's row before per_base.prepare (per_base._state),
    `touched` = the raw tables of the imports it took in (per_base.prepare: copies kept whole whose inputs did not
    change are left as they are, 0).
    Returns {name: rows deleted + inserted, or -1 = whole} per copy updated, {"dropped": 1} when the copies were
    dropped, {} when there were none or nothing changed. Leaves `cur`'s base_currency variable as it found it.
    Raises what DuckDB raises (the refresh rolls back)."""
    TIMES.clear()
    has = cur.sql(
        "select count(*) from duckdb_tables() where schema_name = ? and table_name = 'state'", params=[SCHEMA]
    )
    if not has.fetchall()[0][0]:
        return {}
    # duckdb_tables(), not duckdb_columns() (that one binds every view): a state written before refund_base existed
    newer = cur.sql(f"select count(*) from duckdb_tables() where schema_name = '{SCHEMA}' and table_name = 'state' "
                    "and sql like '%refund_base%'").fetchall()[0][0]  # fmt: skip
    rows = cur.sql(f"select base, rule, stored, {'refund_base' if newer else 'null'} from {SCHEMA}.state").fetchall()
    now = per_base._state(cur)
    if rows and now is not None and rows[0][2] == repr(tuple(now)):
        return {}  # the stored copies did not change: neither do these
    ok = bool(rows) and now is not None and before is not None and mode == "incremental"
    if ok:
        base, rule, stored, refund = rows[0]
        ok = (
            stored == repr(tuple(before))
            and before[2] == previous  # of the marts this refresh started from
            and (now[1], now[3]) == (before[1], before[3]) == (rule, per_base.VERSION)
            and base != now[0]
            and refund is not None
            and refund == _refund_base(cur, base)
            and per_base._installed(cur)
        )
    if not ok:
        cur.execute(f"drop schema {SCHEMA} cascade")
        return {"dropped": 1}
    was = cur.sql("select getvariable('base_currency')").fetchall()[0][0]
    cur.execute(f"set variable base_currency = '{base}'")  # base: an ISO code written by prepare
    try:
        whole = lambda name: _whole(cur, name)  # noqa: E731
        out, times = per_base_update.update(cur, SCHEMA, base, per_base.PER_BASE, whole, touched)
    finally:
        cur.execute(f"set variable base_currency = '{was}'")
    TIMES.update(times)
    _write_state(cur, base, rule, now)
    return out
