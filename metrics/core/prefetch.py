"""Runs some of a report's queries on a second cursor, in a thread, while the report's own cursor runs the others.

Why. A report (metrics.core.report) asks ~40 questions one after another; at 5M order lines most take 1–25 ms and
keep one of the machine's cores busy (CPU ≈ 1.3 × the wall time on 2 cores). Its heavy independent ones (the
inventory per SKU, the distinct orders per SKU, the bridge's and the P&L's comparison periods: ~70 ms together,
metrics.core.report `_ahead`) can run beside the rest.

How. `start` opens a second cursor on the same connection, with the same conventions, in its own read transaction;
when that transaction reads the same per-base copies as the session's (the same `per_base.direct_state`: names and
state, whose refresh key changes with every refresh that changes the marts) it runs each job on a memo that
shares the session's (`query._Memo.sharing`): a job's rows are the session's rows for the same query text and
parameters, and a query the session asks while the job computes it is waited for (`query._Result._get`), never run
twice. When the states differ (a refresh committed between the two transactions began) the jobs do not run and
the session asks everything itself: the numbers are those of the session's one snapshot either way. A failing job
is dropped (the session runs that query itself and meets the error there). `wait` joins the thread before the
session ends.

Only for sessions whose cursor reads the stored base's copies directly (marts_base): the jobs' queries name marts
the copies hold. Never imports Streamlit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from warehouse.core.conventions import apply_to_cursor
from warehouse.marts.per_base import direct_state

log = logging.getLogger(__name__)


def start(con, f, settings, memo, jobs: list[Callable]) -> threading.Thread | None:
    """Starts the thread running `jobs` (each called with a cursor sharing `memo`) beside the session whose cursor
    is `memo` (a `query._Memo` over marts_base); returns it, or None when `memo` reads no copies directly.
    `settings`: the conventions the session's cursor was given; f: its filter (its base currency)."""
    if not jobs or memo.state is None:
        return None
    thread = threading.Thread(target=_run, args=(con, f, settings, memo, jobs), name="report-prefetch", daemon=True)
    thread.start()
    return thread


def wait(thread: threading.Thread | None) -> None:
    """Waits for `start`'s thread to end (its cursor closed before the session's connection may be)."""
    if thread is not None:
        thread.join()


def _run(con, f, settings, memo, jobs: list[Callable]) -> None:
    cur = con.cursor()
    try:
        apply_to_cursor(cur, settings, getattr(f, "base_currency", None))
        cur.execute("begin")
        try:
            names, state = direct_state(cur)
            if not names or (tuple(names), state) != memo.state:
                return  # another snapshot: the session computes everything itself
            shared = memo.sharing(cur, names)
            for job in jobs:
                try:
                    job(shared)
                except Exception:  # the session runs the query itself and meets the error there
                    log.debug("report prefetch job failed", exc_info=True)
                    return
        finally:
            cur.execute("rollback")  # read only
    except Exception:
        log.debug("report prefetch failed", exc_info=True)
    finally:
        cur.close()
