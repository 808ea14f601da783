"""Copies of the per-base conversion views for one other base currency (a page's currency override), on request.

Why. `per_base` keeps copies for the stored base only; a reader in another base reads the plain views, which
re-evaluate the conversion over the whole history per query (the report in USD took 47–64 s at 5M order lines,
against ~7 s warm in the stored base). `prepare(con, base)` evaluates the same views (marts_plain.<name> of
per_base.PER_BASE) under `base` into schema marts_base_alt, once; a reader in that base then reads them directly
(metrics.core.query.cursor → `current`), as a reader in the stored base reads marts_base.

Bounds and freshness. One other base at a time: preparing another replaces it. The copies hold for the stored copies
they were prepared beside: marts_base_alt.state.stored is marts_base.state's row at that time, and every refresh that
changes the marts rewrites that row (its refresh key), so the copies then go stale and readers fall back to the plain
views (same numbers, slower) until `prepare` runs again. They are not updated in place by a refresh.

Consistency. `prepare` runs under the writer lock (warehouse.marts.refresh) in one transaction with the writer's
memory limit; a reader sees the old copies (or none) until it commits.
"""

from __future__ import annotations

from collections.abc import Callable

from warehouse.marts import per_base

SCHEMA = "marts_base_alt"


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
    order_lines, sku_days and inventory_days: about what preparing the stored base costs). `wait=False` returns False
    at once when the writer is busy (an import or refresh). Raises what DuckDB raises (nothing changed)."""
    from warehouse.marts.refresh import _LOCK

    if not _LOCK.acquire(blocking=wait):
        return False
    try:
        return _prepare(con, base, progress)
    finally:
        _LOCK.release()


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
                    order = f" order by {per_base.ORDER[name]}" if name in per_base.ORDER else ""
                    cur.execute(f"create or replace table {SCHEMA}.{name} as select * from marts_plain.{name}{order}")
                cur.execute(f"create or replace table {SCHEMA}.state (base VARCHAR, rule VARCHAR, stored VARCHAR)")
                cur.execute(f"insert into {SCHEMA}.state values (?, ?, ?)", [base, rule, repr(tuple(stored))])
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise
        finally:
            cur.close()
    return True
