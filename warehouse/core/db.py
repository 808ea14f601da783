"""Returns DuckDB connections to the warehouse file, applies migrations and (re)builds the SQL views.

One connection per process; every query or import takes its own `.cursor()` (DuckDB 2.0 refuses concurrent use
of one connection object).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.core.config import SQL_DIR  # noqa: F401  (re-exported: warehouse.marts.refresh reads it from here)

SCHEMAS = ("meta", "raw", "app", "staging", "marts")


class WarehouseLocked(RuntimeError):
    """The warehouse file is held by another process (usually the running app)."""


@contextmanager
def transaction(con) -> Iterator:
    """Yields a fresh cursor inside one transaction: committed on success, rolled back on any error."""
    cur = con.cursor()
    try:
        cur.execute("begin")
        yield cur
        cur.execute("commit")
    except BaseException:
        cur.execute("rollback")
        raise
    finally:
        cur.close()


def connect(path: str | Path, *, threads: int = 0, memory_limit: str = "", migrate: bool = True):
    """Returns an open, migrated connection to the warehouse at `path` (created when missing)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if threads:
        config["threads"] = int(threads)
    if memory_limit:
        config["memory_limit"] = memory_limit
    try:
        con = duckdb.connect(str(path), config=config)
    except duckdb.IOException as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            pid = re.search(r"PID (\d+)", msg)
            who = f"process {pid.group(1)}" if pid else "another process"
            raise WarehouseLocked(
                f"{path.name}: the warehouse is open in {who} (probably the running Seller Cockpit app); "
                "import through the app's Data page, or stop the app and run the command again."
            ) from None
        raise
    if migrate:
        from warehouse.core import migrations

        migrations.apply(con)
    return con
