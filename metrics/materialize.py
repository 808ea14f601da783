"""Returns the marts ready to query: the heavy line-level marts are materialised into tables once per data state.

The mart views in sql/marts/ stay the definition. Queried through several layers of views, DuckDB re-plans the
whole stack for every query (seconds even on a few rows), so after each import, undo or settings change the heavy
marts are computed once into `marts_mat.<name>` and `marts.<name>` is pointed at that table. The state key (imports,
settings, view text) tells when to do it again. The heavy marts hold original currencies only: the base currency is
applied by plain views over them (docs/DATA_MODEL.md, currency conversion), so a base switch rebuilds nothing.
"""

from __future__ import annotations

import threading

from warehouse.db import SQL_DIR

# dependency order: each is materialised after the marts it reads
HEAVY = ["money_facts", "ad_facts", "fx_days", "sku_cost_lines", "cost_pieces", "batch_takes", "sku_day_facts",
         "refund_cost_facts", "allocation_shares", "inventory_stock"]  # fmt: skip
_LOCK = threading.Lock()


def _state(cur, base: str) -> str:
    """Returns a key that changes whenever the marts' inputs or conventions change."""
    imports = cur.sql("select count(*), coalesce(max(import_id), 0), count(*) filter (where status <> 'active') "
                      "from meta.imports").fetchall()[0]  # fmt: skip
    settings = cur.sql("select string_agg(key || '=' || value, ';' order by key) filter (where key <> 'base_currency') "
                       "|| (select cost_currency from marts.conventions) from app.settings").fetchall()[0][0]  # fmt: skip
    views = cur.sql(
        "select count(*) filter (where sql not ilike '%marts_mat.%') from duckdb_views() "
        "where schema_name = 'marts' and view_name in (select unnest(?::VARCHAR[]))",
        params=[HEAVY],
    ).fetchall()[0][0]
    return f"{imports}|{settings}|{views}"  # the base in force is no part of it


def ensure(con, cur) -> None:
    """Materialises the heavy marts when the state changed; `cur` carries the conventions (variables) in force."""
    views = cur.sql(
        "select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'sku_days'"
    ).fetchall()[0][0]
    if not views:  # marts given as plain tables (a hand-built test database): nothing to materialise
        return
    base = cur.sql("select base_currency from marts.conventions").fetchall()[0][0]
    cur.execute("create schema if not exists marts_mat")
    cur.execute("create table if not exists marts_mat.state (key VARCHAR)")
    key = _state(cur, base)
    if cur.sql("select key from marts_mat.state").fetchall() == [(key,)]:
        return
    with _LOCK:
        if cur.sql("select key from marts_mat.state").fetchall() == [(key,)]:
            return
        cur.execute("begin")
        try:
            for name in HEAVY:
                body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
                # from the definition, reading the marts materialised before it
                cur.execute(f"create or replace view marts.{name} as\n{body}")
                cur.execute(f"create or replace table marts_mat.{name} as select * from marts.{name}")
                cur.execute(f"create or replace view marts.{name} as select * from marts_mat.{name}")
            cur.execute("delete from marts_mat.state")
            cur.execute("insert into marts_mat.state values (?)", [_state(cur, base)])
            cur.execute("commit")
        except Exception:
            cur.execute("rollback")
            raise
