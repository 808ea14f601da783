"""Keeps the base-currency conversion views warm: a per-base copy of them, prepared by the writer for the base in force.

Why. The heavy marts hold original currencies (warehouse.marts.refresh); the base currency is applied at query time by
plain views (sql/marts/order_lines.sql, sku_days.sql, …) that join every fact to marts.fx_days (sku_days then
spreads unallocated charges and aggregates again); inventory_days values 5M stock rows at unit costs that read the
whole FIFO history; health views (fx_warnings, missing_costs) scan the whole history to find a few rows. At 5M order
lines every page query paid that over the whole, unordered history (tens of seconds per report). Here the writer
evaluates those views once per refresh for one base and keeps the result, in date order. A view a heavy mart's
definition reads (e.g. ad_days, read by ad_coverage for sku_day_facts) must never be kept here: the refresh would
read the copy of the previous refresh (tests/test_per_base.py checks the sql/ files).

What. For each view in PER_BASE, at the end of every refresh (same transaction, under the writer lock):
  marts_plain.<name>   the sql/marts file's body (the one definition, unchanged);
  marts_base.<name>    a table: that view evaluated under the conventions in force (base currency, allocation rule);
  marts.<name>         a switch: the table when the reading cursor's DuckDB variables (set by
                       warehouse.core.conventions.apply_to_cursor) name the same base and allocation rule, else the
                       plain view. Both branches carry the condition on `getvariable(...)`, which DuckDB folds while
                       planning, so the branch not taken costs nothing and a reader never writes.
The table is rebuilt whole when the marts changed (any refresh that was not 'none'), when the base or allocation rule
in force differ from what it holds (a base switch: `metrics.core.settings.set_settings` refreshes, so the first read
in the new base is warm), or when this module's version changed. A reader in another base (a page's currency
override) reads the plain view: the same numbers, at the plain views' speed.

Consistency. The table is written in the refresh's transaction, so a reader sees marts and per-base copy of one
snapshot. `drop(con)` puts the plain views back (tests compare both ways; a code change that rebuilds the views from
sql/ does the same until the next refresh, which prepares again).
"""

from __future__ import annotations

from warehouse.core.config import SQL_DIR

# conversion views kept per base, in dependency order (a later one may read an earlier one's switch)
PER_BASE = ["order_lines", "sku_days", "fx_warnings", "missing_costs", "sku_unit_costs", "inventory_days"]
# stored in date order: a page's period filter then skips whole row groups (DuckDB zone maps)
ORDER = {"order_lines": "event_date", "sku_days": "calendar, day", "inventory_days": "day, master_sku"}
VERSION = "3"  # bump when what is kept (PER_BASE, the switch) changes: the next refresh prepares again


def _state(cur) -> tuple | None:
    ok = cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_base' and table_name = 'state'")
    if not ok.fetchall()[0][0]:
        return None
    rows = cur.sql("select base, rule, quick, version from marts_base.state").fetchall()
    return rows[0] if rows else None


def _installed(cur) -> bool:
    """True when every marts.<name> of PER_BASE is the switch over marts_base (not the plain view from sql/)."""
    n = cur.sql(
        "select count(*) from duckdb_views() where schema_name = 'marts' and view_name in (select unnest(?::VARCHAR[])) "
        "and sql ilike '%marts_base.%'",
        params=[PER_BASE],
    ).fetchall()[0][0]
    return n == len(PER_BASE)


def _quick(cur) -> str:
    rows = cur.sql("select quick from marts_mat.refresh_state").fetchall()
    return rows[0][0] if rows else ""


def prepare(cur, mode: str) -> bool:
    """Makes marts_base hold PER_BASE for the conventions in force on `cur`; returns True when it rebuilt them.

    `cur` is the refresh's cursor inside its transaction, with the writer's variables set (apply_to_cursor);
    `mode` is what the refresh did ('none' = the marts did not change). Raises what DuckDB raises.
    """
    base, rule = cur.sql("select base_currency, allocation_rule from marts.conventions").fetchall()[0]
    want = (base, rule, _quick(cur), VERSION)
    if mode == "none" and _state(cur) == want and _installed(cur):
        return False
    cur.execute("create schema if not exists marts_plain")
    cur.execute("create schema if not exists marts_base")
    cond = f"upper(getvariable('base_currency')) = '{base}' and getvariable('allocation_rule') = '{rule}'"
    for name in PER_BASE:
        body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
        cur.execute(f"create or replace view marts_plain.{name} as\n{body}")
        order = f" order by {ORDER[name]}" if name in ORDER else ""
        cur.execute(f"create or replace table marts_base.{name} as select * from marts_plain.{name}{order}")
        cur.execute(
            f"create or replace view marts.{name} as select * from marts_base.{name} where {cond} "
            f"union all select * from marts_plain.{name} where ({cond}) is not true"
        )
    cur.execute("create or replace table marts_base.state (base VARCHAR, rule VARCHAR, quick VARCHAR, version VARCHAR)")
    cur.execute("insert into marts_base.state values (?, ?, ?, ?)", list(want))
    return True


def drop(con) -> None:
    """Puts the plain conversion views back and drops the per-base copies (the next refresh prepares them again)."""
    cur = con.cursor()
    try:
        cur.execute("begin")
        for name in PER_BASE:
            body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
            cur.execute(f"create or replace view marts.{name} as\n{body}")
        cur.execute("drop schema if exists marts_base cascade")
        cur.execute("drop schema if exists marts_plain cascade")
        cur.execute("commit")
    finally:
        cur.close()
