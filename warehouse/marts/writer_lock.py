"""The writer's lock over the marts, and the writer's deferred checkpoint.

Lock. One refresh (warehouse.marts.refresh) or one preparation of another base's copies (warehouse.marts.other_base)
at a time in this process. Re-entrant: a refresh may prepare under it.

Deferred checkpoint. DuckDB folds its write-ahead log into the database file (a checkpoint) inside the commit that
takes the log past `checkpoint_threshold` (16 MiB by default). The refresh after one day's files at 5M order lines
writes about that much, so its commit checkpointed for 1.4-1.6 s on the usual day (the second day of a month: it
folds the deletes and rewrites of the rows the day before appended) before the new numbers became readable
(BENCHMARKS.md, "deferred checkpoint"). A connection opened with `defer_checkpoint` (warehouse.core.db.connect: the
app's) raises the threshold to DEFERRED_THRESHOLD; after each commit of the marts the writer calls
`checkpoint_soon(con)`, which runs one CHECKPOINT on a background thread under this lock, DELAY seconds later (after
the page render an import is followed by). The new numbers are readable at the commit; the log is folded in a few
seconds later. Measured on DuckDB 2.0: readers keep reading during the checkpoint (they share the two cores with it),
but a plain CHECKPOINT fails ("other write transactions active")
while a transaction that began before the last commit is still open, e.g. a page render that started before the
import finished. So the thread retries after RETRY seconds each (a render's transaction lasts seconds), releasing the
lock in between; FORCE CHECKPOINT would instead keep new transactions from starting, i.e. block every page until the
old render ends. A checkpoint still failing after the last retry is left to the next commit or to closing the
connection, where DuckDB checkpoints; the log on disk keeps every committed change either way, so nothing is lost
when the process dies first: DuckDB replays the log when the file is opened next.
Connections without the flag (command line, tests, benches unless asked) keep DuckDB's checkpoint in the commit.
"""

from __future__ import annotations

import threading
import time

LOCK = threading.RLock()

RETRY = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # seconds before each retry of a checkpoint that failed (~1 min)
# seconds from the commit to the first try: the page the app renders right after an import (1.7-3 s at 5M order lines)
# keeps both cores; beside it the checkpoint slowed that render by 0.6-1 s (BENCHMARKS.md, "deferred checkpoint")
DELAY = 3.0
_THREADS: dict[int, threading.Thread] = {}  # id(connection) -> its running checkpoint thread
_AGAIN: set[int] = set()  # connections committed to again while their checkpoint ran: one more round
_STOP: dict[int, threading.Event] = {}  # id(connection) -> set when its connection is about to close: no more retries
_GUARD = threading.Lock()  # over _THREADS, _AGAIN and _STOP
LAST_ERROR: dict[int, str] = {}  # id(connection) -> DuckDB's message of its last failed deferred checkpoint


def checkpoint_soon(con) -> bool:
    """After a commit on `con`: when `con` defers its checkpoints (warehouse.core.db.defers), starts one background
    CHECKPOINT under LOCK (or asks the running one for one more round) and returns True; else False (DuckDB
    checkpointed in the commit when the log was large enough)."""
    from warehouse.core.db import defers

    if not defers(con):
        return False
    key = id(con)
    with _GUARD:
        running = _THREADS.get(key)
        if running is not None and running.is_alive():
            _AGAIN.add(key)
            return True
        # not a daemon: the interpreter waits for it at exit, so a command that imports and quits never cuts a
        # checkpoint short
        thread = threading.Thread(target=_run, args=(con,), name="duckdb-checkpoint")
        _THREADS[key] = thread
        thread.start()
    return True


def _run(con) -> None:
    key = id(con)
    with _GUARD:
        stop = _STOP.setdefault(key, threading.Event())
    while True:
        for delay in (DELAY, *RETRY):
            if delay and _stopped(stop, delay):  # closing, or the process exiting: DuckDB checkpoints at the close
                break
            if _checkpoint(con, key):
                break
        with _GUARD:
            if key not in _AGAIN or stop.is_set():
                _THREADS.pop(key, None)
                _AGAIN.discard(key)
                return
            _AGAIN.discard(key)


def _stopped(stop: threading.Event, delay: float) -> bool:
    """Waits `delay` seconds; True as soon as the connection is closing or the main thread has ended (the interpreter
    waits for this thread at exit: retrying then would only hold the exit up)."""
    end = time.monotonic() + delay
    while (left := end - time.monotonic()) > 0:
        if stop.wait(min(left, 0.25)) or not threading.main_thread().is_alive():
            return True
    return stop.is_set() or not threading.main_thread().is_alive()


def _checkpoint(con, key: int) -> bool:
    """One CHECKPOINT under the lock (never inside a refresh's transaction); True when it ran."""
    import duckdb

    with LOCK:
        try:
            cur = con.cursor()
            try:
                cur.execute("checkpoint")
            finally:
                cur.close()
        except duckdb.Error as exc:  # an older transaction still open, or the connection closed
            LAST_ERROR[key] = str(exc)
            return False
    LAST_ERROR.pop(key, None)
    return True


def wait_checkpoint(con, timeout: float | None = None, *, closing: bool = False) -> bool:
    """Waits until `con` has no deferred checkpoint running (for tests and benches; `closing`: before closing `con`,
    with no further retries, since DuckDB checkpoints at the close); returns False when `timeout` seconds passed
    first."""
    with _GUARD:
        thread = _THREADS.get(id(con))
        if closing and thread is not None:
            _STOP.setdefault(id(con), threading.Event()).set()
    if thread is not None:
        thread.join(timeout)
        if thread.is_alive():
            return False
    if closing:
        with _GUARD:
            _STOP.pop(id(con), None)
    return True
