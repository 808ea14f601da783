"""Copies seller-entered app state (settings, meetings, OKRs, action items…) between warehouse files.

Tables in `app` that no import format owns are typed in by the seller, not imported, so the archive cannot
rebuild them; replay copies them from the previous file instead.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.core.db import connect
from warehouse.formats import all_formats


def copy_app_state(source: Path, target: Path) -> list[str]:
    """Copies every non-import `app` table from `source` into `target`; returns the table names copied."""
    owned = {f.id for f in all_formats() if f.schema == "app"}
    con = connect(target)
    copied = []
    try:
        cur = con.cursor()
        cur.execute(f"attach '{source}' as old (read_only)")
        tables = cur.sql(
            "select table_name from information_schema.tables where table_catalog = 'old' and table_schema = 'app' "
            "and table_type = 'BASE TABLE'"
        ).fetchall()
        for (name,) in tables:
            if name in owned:
                continue
            exists = cur.sql(
                "select count(*) from information_schema.tables where table_schema = 'app' and table_name = ? "
                "and table_catalog = current_database()",
                params=[name],
            ).fetchall()[0][0]
            if exists:  # keep the migrated table (its keys and defaults); replace only its rows
                cur.execute(f"delete from app.{name}")
                cur.execute(f"insert into app.{name} by name select * from old.app.{name}")
            else:
                cur.execute(f"create table app.{name} as select * from old.app.{name}")
            copied.append(name)
        cur.execute("detach old")
        cur.close()
    finally:
        con.close()
    return copied
