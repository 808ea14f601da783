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

# DuckDB's buffer pool for page reads when no memory limit is configured (DUCKDB_MEMORY_LIMIT): DuckDB's own default,
# 80 % of RAM, let a reader of the 5M-line warehouse keep up to 7 GiB of blocks cached; page reads need about 1 GiB
# and spill beyond the limit to <warehouse>.duckdb.tmp. The writer's refresh (`writer_memory`) gets DuckDB's default
# back while it runs. Keeps the app (Python, polars and Streamlit besides: ~0.4 GiB) under 2 GB at 5M order lines.
READER_MEMORY_LIMIT = "1536MiB"
_WRITER_LIMIT: dict[int, str] = {}  # id(connection) -> the memory limit of its writer (DuckDB's default)
# the write-ahead log size past which a commit checkpoints, on a connection that defers its checkpoints to the writer
# (warehouse.marts.writer_lock): far above a refresh's log, so only an unusually large write checkpoints in its commit
DEFERRED_THRESHOLD = "1GiB"
_DEFERS: set[int] = set()  # id(connection) of the connections opened with defer_checkpoint


class WarehouseLocked(RuntimeError):
    """The warehouse file is held by another process (usually the running app). `situation`: what is locked and by
    whom, without advice, for a command that gives its own (the report: no import advice)."""

    def __init__(self, situation: str, advice: str):
        super().__init__(f"{situation}; {advice}")
        self.situation = situation


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


@contextmanager
def writer_memory(con) -> Iterator[None]:
    """Gives `con` the writer's memory limit (DuckDB's default) for the block, then the reader's again; does nothing
    when the connection was opened with a configured limit. For the writer's refresh (warehouse.marts.refresh), which
    holds the writer lock: its joins and windows over the whole history run in memory as before."""
    limit = _WRITER_LIMIT.get(id(con))
    if not limit:
        yield
        return
    cur = con.cursor()
    try:
        cur.execute(f"set memory_limit = '{limit}'")
        yield
    finally:
        cur.execute(f"set memory_limit = '{READER_MEMORY_LIMIT}'")
        cur.close()


# asof_loop_join_threshold 0: an ASOF join whose left side is estimated small (fx_days' day grid comes from an unnest
# over a handful of currency pairs) otherwise runs as a nested loop over every rate: 2-3 s instead of 0.2 s for
# fx_days at 5M (BENCHMARKS.md, "Refresh: ... session of 2026-12-01 (speed13)"). Benches opening a file directly use it too.
SESSION_CONFIG = {"asof_loop_join_threshold": 0}


def defers(con) -> bool:
    """True when `con` was opened with `defer_checkpoint` (its writer checkpoints after commits, in the background)."""
    return id(con) in _DEFERS


def connect(path: str | Path, *, threads: int = 0, memory_limit: str = "", migrate: bool = True,
            defer_checkpoint: bool = False):  # fmt: skip
    """Returns an open, migrated connection to the warehouse at `path` (created when missing).

    `memory_limit` (e.g. "4GB") holds for every query of the connection; empty = READER_MEMORY_LIMIT for reads and
    DuckDB's default inside `writer_memory`. `defer_checkpoint`: commits do not checkpoint (up to DEFERRED_THRESHOLD
    of log); the writer checkpoints on a background thread after them (warehouse.marts.writer_lock; the app's
    connection). DuckDB's setting holds for the whole file in this process. Raises WarehouseLocked when another
    process holds the file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False} | SESSION_CONFIG
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
                f"{path.name}: the warehouse is open in {who} (probably the running Seller Cockpit app)",
                "import through the app's Data page, or stop the app and run the command again.",
            ) from None
        raise
    _WRITER_LIMIT.pop(id(con), None)  # an id of a closed connection may come back
    _DEFERS.discard(id(con))
    if defer_checkpoint:
        con.execute(f"set checkpoint_threshold = '{DEFERRED_THRESHOLD}'")
        _DEFERS.add(id(con))
    if not memory_limit:  # a configured limit holds for reads and writes; else the reader's (READER_MEMORY_LIMIT)
        cur = con.cursor()
        try:
            _WRITER_LIMIT[id(con)] = cur.sql("select current_setting('memory_limit')").fetchall()[0][0]
            cur.execute(f"set memory_limit = '{READER_MEMORY_LIMIT}'")
        finally:
            cur.close()
    if migrate:
        from warehouse.core import migrations

        migrations.apply(con)
    return con
