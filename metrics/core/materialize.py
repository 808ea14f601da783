"""Checks that the materialised marts are current before a page reads them (the writer keeps them current).

Since the refresh moved to the writer (warehouse.marts.refresh: every import, undo, replay and settings change refreshes
the changed partitions in its own transaction), a page render normally finds the state current and does nothing.
It refreshes only when the marts were materialised by an older version (or never) or under other settings. The heavy
marts hold original currencies only (the base is applied by plain views over them, docs/DATA_MODEL.md), so a cursor
asking for another base currency reads the same tables: a base switch refreshes nothing. Imports the writer has not
refreshed yet are not its business: until the writer's refresh commits, a page reads the previous consistent marts.
"""

from __future__ import annotations

from warehouse.marts.refresh import HEAVY, conventions_current, refresh

__all__ = ["HEAVY", "ensure"]


def ensure(con, cur) -> None:
    """Makes sure the marts reflect the conventions in force (settings, code); any base currency `cur` carries."""
    views = cur.sql(
        "select count(*) from duckdb_views() where schema_name = 'marts' and view_name = 'sku_days'"
    ).fetchall()[0][0]
    if not views:  # marts given as plain tables (a hand-built test database): nothing to materialise
        return
    if not conventions_current(cur):
        refresh(con)
