"""Keeps the heavy marts current: the writer refreshes them after every import, undo, replay or settings change.

Design. The mart views in sql/marts/ stay the single definition. Queried through several layers of views, DuckDB
re-plans the whole stack for every query (seconds even on a few rows), so the heavy line-level marts (HEAVY) are kept
as tables `marts_mat.<name>`; `marts.<name>` is a view over that table and `marts_def.<name>` is the definition (the
sql file's body, which reads the marts materialised before it).

Who refreshes: the writer. `Warehouse.ingest_bytes` / `undo` / `replay` and `metrics.core.settings.set_settings` call
`refresh(con)` right after their own transaction, under the writer lock (batch importers pass `refresh=False` and call
it once at the end). A page render only calls `metrics.core.materialize.ensure`, which compares the stored state with the
settings and code and does nothing in the normal flow; it refreshes only a warehouse written by an older version or by
a process that skipped the refresh. The heavy marts hold original currencies only (the base currency is applied by
plain views over them: money_lines, order_lines, ad_days, cost_batches, order/refund/line costs, sku_days_direct,
sku_days, inventory_days), so the base is no part of the state: switching it refreshes nothing.

Readers: a refresh is one transaction (delete then insert of the changed partitions of every mart), so a query on
another cursor sees the previous consistent marts until the commit and the new ones after it, never a mix.

Incremental. Inputs are fingerprinted per partition (warehouse/marts/inputs.py): staging.money per store ×
marketplace × posting day (with the day's lowest source rank: a month's winning rank), staging.ads per store × marketplace × month spread on, inbound batches and landed costs
per master SKU, inventory snapshots per store × location × snapshot date; the purchase date of every order
(staging.orders) is kept and diffed. Each mart then recomputes only its affected partitions from its definition
(delete-then-insert), and the rows that actually changed (old vs new rows of those partitions) decide the next marts'
partitions. Which partitions, per mart: warehouse/marts/partitions.py (money_facts, ad_facts, sku_cost_lines,
sku_day_facts, refund_cost_facts, allocation_shares; fx_days is small and recomputed whole; fx_pairs only in a full
rebuild), fifo_refresh.py
(cost_pieces from each touched SKU's earliest changed line on, batch_takes by the pieces' delta), stock_refresh.py
(inventory_stock per location from its earliest changed snapshot on). A definition reads only what its partitions
need through a scope variable (`money_facts_parts`, `ad_facts_parts`, `sku_cost_lines_parts`,
`sku_day_facts_parts`, `refund_cost_orders`, `allocation_shares_parts`, `cost_pieces_from`, `inventory_stock_from`):
a session variable of the refresh's own cursor, set only around that one statement, so every other reader (and a full
rebuild) gets the whole definition. With `money_facts_parts` the refresh also lists the scope's orders
(in marts_mat.scope_orders, from marts_mat.money_orders; `money_facts_orders` says so), so channel_money /
shopify_fees under money_facts read staging.money once for the scope's rows and their orders' rows. Money facts are replaced per posting DAY while source
precedence stays per month: the refresh gives each month's winning rank (`money_facts_ranks`, from the per-day money
fingerprints) and recomputes a whole month only when that rank moves (partitions.money_ranks), plus the scope's
posting days and order ids as a cheap first test (`money_facts_days`, the ids in scope_orders) and the imports
holding the scope's rows (`money_facts_imports`, from marts_mat.money_import_parts: the raw scans skip other imports). Line-keyed replaces
(sku_cost_lines) test the dirty lines' import ids as a literal list before the string key. Beside their keys the
scoped definitions get constants DuckDB takes into the scans of the date-ordered tables (zone maps skip the other row
groups; a test over a subquery or over two columns at once reads every row): the day keys' dates
(`sku_day_facts_days`), the month keys' first days (`allocation_shares_months`, `ad_facts_months`), the imports
holding the scope's Amazon ad rows (`ad_facts_imports`, from marts_mat.ads_import_parts).
RefreshStats gives seconds per step and rows recomputed per mart.
A change of what the marts read whole (settings = conventions and the cost currency, SKU map, ASIN map / traffic,
campaign map, FX rates, Shopify refund dates) or of the SQL code rebuilds every heavy mart (full).

Size: one refresh engine (state keys, full rebuild, per-partition incremental replace) under one lock.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache

from warehouse.core.db import SQL_DIR
from warehouse.core.views import marts_views
from warehouse.marts import (
    base_sets,
    fifo_refresh,
    inputs,
    inventory_inputs,
    order_days,
    order_spread,
    other_base,
    per_base,
    scoped_money,
    stock_refresh,
)
from warehouse.marts import partitions as parts
from warehouse.marts.inputs import day_part, line_key, part
from warehouse.marts.writer_lock import LOCK, checkpoint_soon

# dependency order: each is materialised after the marts it reads
# fx_pairs first: fx_days and the reports' cash, bridge and expense reads look rates up in it (an FX change is a full
# rebuild, so an incremental refresh never recomputes it)
HEAVY = ["fx_pairs", "money_facts", "ad_facts", "fx_days", "sku_cost_lines", "cost_pieces", "batch_takes", "sku_day_facts",
         "refund_cost_facts", "allocation_shares", "inventory_stock"]  # fmt: skip
# the date each heavy mart is stored in order of: a full rebuild writes it sorted, and each refresh appends its new
# rows sorted, so the row groups' min/max (DuckDB's zone maps) let a date-bounded scan (a day's or a month's partitions
# in _replace, per_base_update, fifo_refresh) skip the other days' row groups instead of reading millions of rows
# (fifo_refresh and stock_refresh append theirs in the same order)
ORDER = {"money_facts": "posted_date, event_date", "ad_facts": "day", "fx_days": "day", "sku_cost_lines": "event_date",
         "cost_pieces": "line_date", "sku_day_facts": "day", "refund_cost_facts": "event_date",
         "allocation_shares": "month", "inventory_stock": "day"}  # fmt: skip
_LOCK = LOCK  # warehouse.marts.writer_lock: shared with other_base.prepare
_TIMES: dict[str, float] = {}  # seconds per step of the running refresh (under _LOCK)
_ROWS: dict[str, int] = {}  # rows recomputed per mart by the running incremental refresh
# sql/marts/refund_cost_facts.sql's date bounds of its scope's orders (warehouse/marts/order_days.py)
REFUND_BOUNDS = ("refund_cost_posted_from", "refund_cost_event_from")
_PUSH_LIMIT = 2000  # longest literal list pushed into a definition as a filter


@dataclass
class RefreshStats:
    """What one refresh did: mode 'none' | 'incremental' | 'full', why, seconds, changed partitions per mart, seconds
    per step (`timings`: 'inputs' = fingerprints and order bookkeeping, then each mart, 'bookkeeping' = storing the
    fingerprints, 'per_base' = the per-base copies; for the bench) and rows
    recomputed per mart by an incremental one (`rows`: the new rows of the replaced partitions); `per_base` = what
    warehouse.marts.per_base.prepare did per copy (-1 = rebuilt whole, else rows deleted + inserted; 0 for a copy
    kept whole whose inputs did not change: left as it was, warehouse.marts.copy_inputs)."""

    mode: str
    reason: str = ""
    seconds: float = 0.0
    partitions: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    per_base: dict[str, int] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _code() -> str:
    from warehouse.core.migrations import code_fingerprint

    return code_fingerprint()


def _quick_key(cur) -> str:
    """Returns the cheap state key: imports, settings but the base currency (plus the cost currency it defaults), code.

    The heavy marts hold original currencies only (the base is applied by plain views), so the base in force is no
    part of it: switching the base never refreshes. The cost currency (a batch's "FX rate paid" converts into it)
    falls back to the stored base setting when unset, so it is keyed as resolved by marts.conventions.
    """
    # one query (each is bound on every page's cursor: ~1 ms apiece at 5M order lines); the base and the stored cost
    # currency are keyed as the cost currency resolved by marts.conventions (a pin changes nothing)
    *imports, settings, cost = cur.sql(
        "select (select count(*) from meta.imports), (select coalesce(max(import_id), 0) from meta.imports), "
        "(select count(*) filter (where status <> 'active') from meta.imports), "
        "(select coalesce(sum(rows_added), 0) from meta.imports), "
        "(select string_agg(key || '=' || value, ';' order by key) filter (where key not in "
        "('base_currency', 'cost_currency')) from app.settings), (select cost_currency from marts.conventions)"
    ).fetchall()[0]
    return f"{tuple(imports)}|{settings};cost={cost}|{_code()}"


# the comment `_full` puts on each marts.<heavy> view it makes over marts_mat.<heavy>: anything that makes the view
# again (create or replace, drop) clears it, so a marked view is one over its table. Reading it spares rendering the
# SQL text of every view of the catalog (duckdb_views().sql: 8 ms at ~170 views, on every page's cursor)
MAT_MARK = "over marts_mat"


def _materialised(cur) -> bool:
    """True when every heavy mart is a view over its table in marts_mat: marked so (MAT_MARK), else by its text."""
    if len(marts_views(cur, HEAVY, comment=MAT_MARK)) == len(HEAVY):
        return True
    return len(marts_views(cur, HEAVY, sql_like="%marts_mat.%")) == len(HEAVY)


def _mark(cur) -> None:
    """Marks (MAT_MARK) the heavy marts' views over marts_mat made before the marks existed (an incremental refresh
    keeps its views)."""
    marked = marts_views(cur, HEAVY, comment=MAT_MARK)
    if len(marked) == len(HEAVY):
        return
    for name in sorted(marts_views(cur, HEAVY, sql_like="%marts_mat.%") - marked):
        cur.execute(f"comment on view marts.{name} is '{MAT_MARK}'")


def _stored(cur) -> tuple[str, str, str] | None:
    # duckdb_tables(), not duckdb_columns(): that one binds every unbound view (warehouse/core/views.py)
    ok = cur.sql(
        "select count(*) from duckdb_tables() where schema_name = 'marts_mat' and table_name = 'refresh_state' "
        "and sql like '%gfp VARCHAR%'"
    )
    if not ok.fetchall()[0][0]:
        return None
    rows = cur.sql("select quick, conv, gfp from marts_mat.refresh_state").fetchall()
    return rows[0] if rows else None


def is_current(cur, base: str | None = None) -> bool:
    """True when the materialised marts reflect the imports and settings in force (cheap: no scan; `base` ignored:
    the marts do not depend on it)."""
    stored = _stored(cur)
    return stored is not None and stored[0] == _quick_key(cur) and _materialised(cur)


def conventions_current(cur, base: str | None = None) -> bool:
    """True when the marts were materialised by this code under the settings in force (imports aside; any base)."""
    stored = _stored(cur)
    return stored is not None and stored[1] == _quick_key(cur).split("|", 1)[1] and _materialised(cur)


def refresh(con, *, full: bool = False, base: str | None = None) -> RefreshStats:
    """Brings the materialised marts up to date with the warehouse; returns what was done.

    Recomputes what changed since the last refresh (see the module doc), or everything when `full` or when the
    conventions, whole-read inputs or SQL code changed. Idempotent; cheap ('none') when nothing changed. The marts
    hold original currencies, so the base currency (`base`, default: the setting; kept for callers) changes nothing.
    Raises what DuckDB raises (nothing is changed).
    """
    from warehouse.core.conventions import apply_to_cursor, get_settings
    from warehouse.core.db import writer_memory

    t0 = time.perf_counter()
    with _LOCK, writer_memory(con):  # the writer's memory limit (warehouse.core.db)
        cur = con.cursor()
        try:
            kind = cur.sql("select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'sku_days'")
            if not kind.fetchall()[0][0]:  # marts given as plain tables (a hand-built test database)
                return RefreshStats("none", "marts are plain tables")
            base = apply_to_cursor(cur, get_settings(con), base)
            cur.execute("begin")  # one snapshot: what is read to decide is what is refreshed and recorded
            try:
                before = _stored(cur)  # the copies are updated in place only if they were of these marts
                stats, touched = _run(cur, full)
                # the conversion views for the base in force (per_base.py), then the other base's, kept in place or
                # dropped (other_base.py; stats.per_base "alt.<copy>", timings "per_base_alt.<copy>")
                t, copies = time.perf_counter(), per_base._state(cur)
                stats.per_base = per_base.prepare(cur, stats.mode, before[0] if before else None, touched)
                stats.timings["per_base"] = time.perf_counter() - t
                stats.timings |= {f"per_base.{k}": v for k, v in per_base.TIMES.items()}
                t = time.perf_counter()
                alt = other_base.keep(cur, stats.mode, before[0] if before else None, copies, touched)
                stats.per_base |= {f"alt.{k}": v for k, v in alt.items()}
                stats.timings |= {"per_base_alt": time.perf_counter() - t} if alt else {}
                stats.timings |= {f"per_base_alt.{k}": v for k, v in other_base.TIMES.items()}
                cur.execute("commit")
            except BaseException:
                cur.execute("rollback")
                raise
        finally:
            cur.close()
    stats.seconds = time.perf_counter() - t0
    if stats.mode != "none" or stats.per_base:  # something was committed: fold the log in, after the commit
        checkpoint_soon(con)
    return stats


def _run(cur, full: bool) -> tuple[RefreshStats, set[str] | None]:
    """Decides none / incremental / full inside the caller's transaction and does it; returns what it did and the raw
    tables of the imports it took in (inputs.touched_raw; None = unknown or a full refresh)."""
    _TIMES.clear()
    _ROWS.clear()
    quick = _quick_key(cur)
    stored = _stored(cur)
    if not full and stored and stored[0] == quick and _materialised(cur):
        _mark(cur)
        return RefreshStats("none", "nothing changed"), set()
    touched = None if full or not stored else inputs.touched_raw(cur)
    texts = inputs.view_texts(cur)
    if stored and not any(inputs.reads(texts, g, touched) for g in inputs.GLOBAL_INPUTS):
        gfp = stored[2]
    else:
        gfp = inputs.global_fingerprint(cur)
    conv = quick.split("|", 1)[1]
    if full or not stored or (stored[1], stored[2]) != (conv, gfp) or not _materialised(cur):
        reason = "asked" if full else "first refresh" if not stored else "conventions, code or whole-read inputs"
        stats = RefreshStats("full", reason, partitions=_full(cur))
    else:
        stats = RefreshStats("incremental", "imports changed", partitions=_incremental(cur, texts, touched))
    t = time.perf_counter()
    inputs.store_all(cur)
    inputs.remember_imports(cur)
    _TIMES["bookkeeping"] = time.perf_counter() - t
    _mark(cur)
    stats.timings, stats.rows = dict(_TIMES), dict(_ROWS)
    cur.execute("create or replace table marts_mat.refresh_state (quick VARCHAR, conv VARCHAR, gfp VARCHAR)")
    cur.execute("insert into marts_mat.refresh_state values (?, ?, ?)", [quick, conv, gfp])
    return stats, touched


def _full(cur) -> dict[str, int]:
    """Rebuilds every heavy mart from its definition; records the order keys and purchase dates the next one diffs."""
    cur.execute("create schema if not exists marts_mat")
    # read by every money view (migration 5 creates it; a dropped marts_mat schema loses it with the marts)
    cur.execute("create table if not exists marts_mat.scope_orders (o VARCHAR, order_id VARCHAR)")
    cur.execute("create schema if not exists marts_def")
    out = {}
    for name in HEAVY:
        t = time.perf_counter()
        body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
        cur.execute(f"create or replace view marts_def.{name} as\n{body}")
        order = f" order by {ORDER[name]}" if name in ORDER else ""
        cur.execute(f"create or replace table marts_mat.{name} as select * from marts_def.{name}{order}")
        cur.execute(f"create or replace view marts.{name} as select * from marts_mat.{name}")
        cur.execute(f"comment on view marts.{name} is '{MAT_MARK}'")
        out[name] = -1
        _TIMES[name] = time.perf_counter() - t
    for name in inputs.INPUTS:
        cur.execute(f"create or replace temp table fp_new_{name} as {inputs.INPUTS[name]}")
    inputs.remember_money_parts(cur)
    inputs.remember_ads_parts(cur)
    inventory_inputs.remember_parts(cur)
    cur.execute(f"create or replace table marts_mat.money_orders as {parts.money_orders_sql()}")
    cur.execute(f"create or replace table marts_mat.purchases as {parts.PURCHASES}")
    order_days.build(cur)
    _drop_stale(cur)
    return out


_BOOKKEEPING = {
    "scope_orders",  # empty outside a refresh's transaction (warehouse.core.migrations, version 5)
    "refresh_state",
    "fingerprints",
    "imports_seen",
    "money_orders",
    "purchases",
    "money_import_parts",
    "ads_import_parts",
    "inventory_import_parts",
    "order_first_days",
}


def _drop_stale(cur) -> None:
    """Drops what an older version materialised and this one does not (tables, their views and definitions)."""
    keep = set(HEAVY) | _BOOKKEEPING
    for (name,) in cur.sql("select table_name from duckdb_tables() where schema_name = 'marts_mat'").fetchall():
        if name not in keep:
            stale = cur.sql("select count(*) from duckdb_views() where schema_name = 'marts' and view_name = ? "
                            "and sql ilike '%marts_mat.%'", params=[name]).fetchall()[0][0]  # fmt: skip
            if stale:  # a view over the old table: gone with it (its sql/marts file is gone or is a plain view now)
                cur.execute(f"drop view marts.{name}")
            cur.execute(f"drop table marts_mat.{name}")
    for (name,) in cur.sql("select view_name from duckdb_views() where schema_name = 'marts_def'").fetchall():
        if name not in keep:
            cur.execute(f"drop view marts_def.{name}")


def _lit(values) -> str:
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


# scope variable -> the variable saying its orders (store, marketplace, order id joined by chr(31)) are listed in
# marts_mat.scope_orders, read by sql/marts/channel_money.sql and shopify_fees.sql; taken from marts_mat.money_orders
# (kept per posting day). A table, not a list variable: a variable is folded into the plan as a constant, and planning
# over a month's 196k orders cost seconds per reference (BENCHMARKS.md, "scope orders in a table")
SCOPE_ORDERS = {"money_facts_parts": "money_facts_orders"}
ORDER_KEY = parts.ORDER_KEY.format(a="")


def _replace(
    cur,
    name: str,
    key_sql: str | None,
    dirty: str,
    push: str | None = None,
    scope: str | None = None,
    day: str | None = None,
    month: str | None = None,
    orders: str = "true",
    days_var: str | None = None,
) -> int:
    """Recomputes the partitions of marts_mat.<name> whose key is in `dirty` (SQL giving column k; `key_sql` None =
    the whole table, when `dirty` gives any row).

    Leaves temp table `delta_<name>`: the rows that changed (old rows gone and new rows added). `push` names the
    column whose values, taken from the new keys' rows, are pushed into the definition as a literal IN filter;
    `scope` names the session variable the definition reads its scope from (set to the list of keys meanwhile).
    `day` names the date column of day keys (inputs.day_part): its dates are tested first as a literal list, so only
    those rows build the string key. `month` names the date column of month keys (inputs.part): the keys' months
    are tested first as a literal date range, for the same reason. `orders`: for a scope with orders (SCOPE_ORDERS),
    the condition on marts_mat.money_orders rows whose orders the definition reads whole (order_spread.scope_orders).
    `days_var` names a session variable set with the scope to the keys' dates (DATE[]: a day key's day, a month key's
    first day; keys without a date left out): constants the definition tests one date column against, pushed into
    the scan.
    """
    t = time.perf_counter()
    try:
        return _replace_timed(cur, name, key_sql, dirty, push, scope, day, month, orders, days_var)
    finally:
        _TIMES[name] = time.perf_counter() - t


def _replace_timed(cur, name: str, key_sql: str | None, dirty: str, push: str | None, scope: str | None,
                   day: str | None, month: str | None = None, orders: str = "true",
                   days_var: str | None = None) -> int:  # fmt: skip
    cur.execute(f"create or replace temp table dirty_{name} as select distinct k from ({dirty}) where k is not null")
    n = cur.sql(f"select count(*) from dirty_{name}").fetchall()[0][0]
    if not n:  # old_<name> too: nothing of this refresh's (per_base_update reads old_money_facts)
        cur.execute(f"create or replace temp table old_{name} as select * from marts_mat.{name} where false")
        cur.execute(f"create or replace temp table delta_{name} as select * from marts_mat.{name} where false")
        return 0
    cond = "true" if key_sql is None else f"{key_sql} in (select k from dirty_{name})"
    if day:  # day keys: a cheap literal date test first (pushed into the scan), then the key
        days = [r[0] for r in cur.sql(f"select distinct split_part(k, chr(31), 3) from dirty_{name}").fetchall()]
        if len(days) <= _PUSH_LIMIT:
            dates = ", ".join(f"DATE '{d}'" for d in days if d != "~") or "NULL"
            cond = f"({day} in ({dates}){f' or {day} is null' if '~' in days else ''}) and {cond}"
    if month:  # month keys: the range of their months first (zone maps skip the rest), then the key
        months = cur.sql(f"select min(split_part(k, chr(31), 3)), max(split_part(k, chr(31), 3)), bool_and("
                         f"regexp_full_match(split_part(k, chr(31), 3), '[0-9]{{4}}-[0-9]{{2}}') "
                         f"and len(string_split(k, chr(31))) = 3) from dirty_{name}").fetchall()[0]  # fmt: skip
        if months[2]:
            cond = (f"({month} >= DATE '{months[0]}-01' and {month} < DATE '{months[1]}-01' + interval 1 month) "
                    f"and {cond}")  # fmt: skip
    if key_sql == line_key():  # line keys: their import ids as a cheap literal test first (pushed into the scan)
        cond = parts.import_first(cur, f"dirty_{name}", cond, _PUSH_LIMIT)
    extra = ""
    if push:
        idx = {"marketplace": 2, "store": 1}.get(push)
        vals = [r[0] for r in cur.sql(
            f"select distinct split_part(k, chr(31), {idx}) from dirty_{name}" if idx else
            f"select distinct k from dirty_{name}"
        ).fetchall()]  # fmt: skip
        if vals and len(vals) <= _PUSH_LIMIT and "~" not in vals:
            extra = f" and {push} in ({_lit(vals)})"
    cur.execute(f"create or replace temp table old_{name} as select * from marts_mat.{name} where {cond}")
    if scope:
        cur.execute(f"set variable {scope} = (select list(k) from dirty_{name})")
    if days_var:  # a key's date part: a day, or a month ('YYYY-MM': its first day)
        cur.execute(f"set variable {days_var} = (select coalesce(list(distinct d) filter (where d is not null), "
                    f"[]::DATE[]) from (select try_cast(case when length(p) = 7 then p || '-01' else p end as DATE) "
                    f"as d from (select split_part(k, chr(31), 3) as p from dirty_{name})))")  # fmt: skip
    prefilter, source = [], f"marts_def.{name}"
    try:
        if scope in SCOPE_ORDERS:  # the orders of the scope, from the bookkeeping (else the view scans staging)
            cur.execute(f"set variable {SCOPE_ORDERS[scope]} = true")
            cur.execute(f"insert into marts_mat.scope_orders select distinct {ORDER_KEY}, order_id "
                        f"from marts_mat.money_orders where k in (select k from dirty_{name}) and {orders}")  # fmt: skip
            prefilter = parts.money_prefilter(cur, f"dirty_{name}")  # days and order ids: a cheap first test
            # a small scope: the definition over the scope's staging rows (cheap to plan)
            rows = scoped_money.money_rows(cur, f"dirty_{name}", prefilter)
            source = f"(\n{rows}\n) as d" if rows else source
        if scope == "ad_facts_parts":  # the imports holding the scope's Amazon rows: the raw scans skip the others
            prefilter = parts.ads_imports(cur, f"dirty_{name}")
        cur.execute(f"create or replace temp table new_{name} as select * from {source} where {cond}{extra}")
    finally:
        for var in (scope, days_var):
            if var:
                cur.execute(f"reset variable {var}")
        if scope in SCOPE_ORDERS:
            cur.execute(f"reset variable {SCOPE_ORDERS[scope]}")
            cur.execute("delete from marts_mat.scope_orders")  # empty again before the commit
        for var in prefilter:
            cur.execute(f"reset variable {var}")
    _ROWS[name] = cur.sql(f"select count(*) from new_{name}").fetchall()[0][0]
    cur.execute(f"delete from marts_mat.{name} where {cond}")
    order = f" order by {ORDER[name]}" if name in ORDER else ""
    cur.execute(f"insert into marts_mat.{name} by name select * from new_{name}{order}")
    parts.delta(cur, name)
    return n


def _incremental(cur, texts: dict[str, str], touched: set[str] | None) -> dict[str, int]:
    """Recomputes the partitions the changed inputs reach (warehouse/marts/partitions.py); returns partitions per
    mart."""
    t = time.perf_counter()
    # working tables a later step trusts only when this refresh made them (temp tables outlive a refresh on the app's
    # connection): money_ids / money_cand_rows (inputs._money_narrow, read by scoped_money), scope_money
    for name in ("money_ids", "money_cand_rows", "scope_money"):
        cur.execute(f"drop table if exists temp.main.{name}")
    money_touched = inputs.reads(texts, "staging.money", touched)
    scope = inputs.money_scope(cur, texts) if touched is not None and money_touched else None
    ads_touched = inputs.reads(texts, "staging.ads", touched)
    scopes = {"money": scope, "ads": inputs.ads_scope(cur, texts) if touched is not None and ads_touched else None}
    if touched is not None and inputs.reads(texts, "staging.inventory_snapshots", touched):
        scopes["inventory"] = inputs.inventory_scope(cur, texts)
    for name, view in inputs.VIEWS.items():
        sql = inputs.changed(cur, name, inputs.reads(texts, view, touched), scopes.get(name))
        cur.execute(f"create or replace temp table d_{name} as {sql}")
    bases_before = base_sets.bases(cur)  # before any mart moves
    # a narrowed money fingerprint (inputs._money_narrow) leaves every changed partition's rows in money_cand_rows
    rows = "money_cand_rows" if scope is not None and money_touched else "staging.money"
    parts.orders_bookkeeping(cur, inputs.reads(texts, "staging.orders", touched), rows)
    out = {}
    _TIMES["inputs"] = time.perf_counter() - t
    ml = part("store", "marketplace", "posted_date")
    parts.money_ranks(cur)  # each month's winning source rank, for the per-day scope (money_facts_ranks)
    money_tables = None if touched is None else {r for r in touched if inputs.reads(texts, "staging.money", {r})}
    spread = order_spread.order_spread(cur, money_tables)  # which other days of the changed days' orders move
    try:
        out["money_facts"] = _replace(cur, "money_facts", day_part("store", "marketplace", "posted_date"),
                                      parts.money_parts(spread), "marketplace", scope="money_facts_parts", day="posted_date",
                                      orders=order_spread.scope_orders(spread))  # fmt: skip
    finally:
        cur.execute("reset variable money_facts_ranks")
    _timed("order_days", order_days.add, cur)  # the changed lines' order dates, for the refund costs' bounds below
    cur.execute(
        f"create or replace temp table parts_ml as select {part('store', 'marketplace', 'event_date')} as k "
        f"from delta_money_facts union select {ml} from delta_money_facts"
    )
    dp = part("store", "marketplace", "day")
    out["ad_facts"] = _replace(cur, "ad_facts", dp, parts.ad_parts(), "marketplace", scope="ad_facts_parts",
                               month="day", days_var="ad_facts_months")  # fmt: skip
    # the days an FX rate is needed on grow or shrink with the facts; the rate of a day already there never changes
    # here (FX rates are a whole-read input: their change is a full rebuild), so fx_days is small and recomputed whole
    # the FX rates' pairs (direct, inverse, cross) read the FX table only: a whole-read input, so never here
    out["fx_pairs"] = _replace(cur, "fx_pairs", None, "select 'all' as k where false")
    out["fx_days"] = _replace(cur, "fx_days", None, "select 'all' as k")
    out["sku_cost_lines"] = _replace(
        cur, "sku_cost_lines", line_key(), parts.cost_line_parts(), scope="sku_cost_lines_parts"
    )
    # FIFO from each touched SKU's earliest changed line on, then the batches' taken units by the pieces' delta
    out["cost_pieces"], _ROWS["cost_pieces"] = _timed("cost_pieces", fifo_refresh.pieces, cur)
    out["batch_takes"] = _timed("batch_takes", fifo_refresh.takes, cur)
    parts.coverage_changed(cur, out["ad_facts"] > 0)
    out["sku_day_facts"] = _replace(cur, "sku_day_facts", day_part("store", "marketplace", "day"),
                                    parts.day_fact_parts(cur, _PUSH_LIMIT), scope="sku_day_facts_parts", day="day",
                                    days_var="sku_day_facts_days")  # fmt: skip
    # per-base rows: the bases are every FX base and fact or cost currency; when that set moves, all rows may move
    # (a refund's unit cost per base, a SKU's share per base); else a partition's rows depend on its own inputs only
    bases_after = base_sets.bases(cur, bases_before)
    refunds_same, shares_same = (bases_after[k] == bases_before[k] for k in ("refunds", "shares"))
    if refunds_same:  # the scope's orders' lines lie on or after their earliest dates (order_days): bound the scans
        since = _timed("refund_bounds", lambda c: order_days.bounds(c, f"({parts.REFUND_ORDERS})"), cur)
        for var, d in zip(REFUND_BOUNDS, since, strict=True):
            cur.execute(f"set variable {var} = ?::DATE", [d])
        try:
            out["refund_cost_facts"] = _replace(cur, "refund_cost_facts", "coalesce(order_id, '~')", parts.REFUND_ORDERS,
                                                scope="refund_cost_orders")  # fmt: skip
        finally:
            for var in REFUND_BOUNDS:
                cur.execute(f"reset variable {var}")
    else:
        out["refund_cost_facts"] = _replace(cur, "refund_cost_facts", None, "select 'all' as k")
    out["allocation_shares"] = (
        _replace(cur, "allocation_shares", part("store", "marketplace", "month"),
                 f"select {dp} as k from delta_sku_day_facts", scope="allocation_shares_parts", month="month",
                 days_var="allocation_shares_months")
        if shares_same else _replace(cur, "allocation_shares", None, "select 'all' as k")
    )  # fmt: skip
    # stock units per location from its earliest changed snapshot on (valued by the plain view marts.inventory_days)
    out["inventory_stock"], _ROWS["inventory_stock"] = _timed("inventory_stock", stock_refresh.stock, cur)
    return out


def _timed(name: str, step, cur):
    """Runs `step(cur)` and records its seconds as the step `name`."""
    t = time.perf_counter()
    try:
        return step(cur)
    finally:
        _TIMES[name] = time.perf_counter() - t
