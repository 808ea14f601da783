"""Times every statement of one refresh on a copy of a warehouse, to see where a refresh's seconds go.

    .venv/bin/python bench/refresh_statements.py SRC_DIR WORK_DIR [--top 25] [--profile TEXT] [--log FILE]

SRC_DIR holds wh.duckdb (and archive/) with imports not yet refreshed, e.g. a copy of a bench/bigwh.py warehouse after
bench/refresh.py's day files were imported with refresh=False (bench/refresh_day.py with KEEP=1 leaves one). Copies
it to WORK_DIR, runs `warehouse.marts.refresh.refresh` through a cursor proxy that times each execute / sql / fetch,
and prints the total with the refresh's own step timings (one JSON line), then the slowest statements. `--profile`
writes DuckDB's query-tree profile of each statement containing TEXT to WORK_DIR/profile_<n>.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LOG: list[tuple[float, str]] = []


class _Rel:
    """A relation whose fetches are timed (a select given to cursor.sql runs when fetched)."""

    def __init__(self, rel, q: str):
        self._rel, self._q = rel, q

    def __getattr__(self, name):
        attr = getattr(self._rel, name)
        if not (name.startswith("fetch") or name in ("pl", "df", "arrow")):
            return attr

        def timed(*a, **k):
            t = time.perf_counter()
            out = attr(*a, **k)
            LOG.append((time.perf_counter() - t, "fetch " + self._q))
            return out

        return timed


class _Cur:
    def __init__(self, cur, work: Path, profile: str | None):
        self._c, self._work, self._profile = cur, work, profile

    def __getattr__(self, name):
        return getattr(self._c, name)

    def execute(self, q, *a, **k):
        prof = bool(self._profile) and self._profile in q
        if prof:
            self._c.execute("pragma enable_profiling='query_tree'")
            self._c.execute(f"set profiling_output='{self._work / f'profile_{len(LOG)}.txt'}'")
        t = time.perf_counter()
        self._c.execute(q, *a, **k)
        d = time.perf_counter() - t
        if prof:
            self._c.execute("pragma disable_profiling")
        LOG.append((d, q))
        return self

    def sql(self, q, *a, **k):
        t = time.perf_counter()
        rel = self._c.sql(q, *a, **k)
        LOG.append((time.perf_counter() - t, "sql " + q))
        return _Rel(rel, q) if rel is not None else rel

    def cursor(self):
        return _Cur(self._c.cursor(), self._work, self._profile)


class _Con:
    def __init__(self, con, work: Path, profile: str | None):
        self._con, self._work, self._profile = con, work, profile

    def __getattr__(self, name):
        return getattr(self._con, name)

    def cursor(self):
        return _Cur(self._con.cursor(), self._work, self._profile)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("work", type=Path)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--profile", default=None)
    ap.add_argument("--log", type=Path, default=None, help="also write every statement, in order, to this file")
    a = ap.parse_args()
    from warehouse.ingest.importer import Warehouse
    from warehouse.marts.refresh import refresh

    shutil.rmtree(a.work, ignore_errors=True)
    a.work.mkdir(parents=True)
    shutil.copyfile(a.src / "wh.duckdb", a.work / "wh.duckdb")
    os.sync()  # else the commit's checkpoint also writes back the copy (bench/refresh_day.py's module doc)
    wh = Warehouse(a.work / "wh.duckdb", a.work / "archive", refresh=False)
    try:
        t = time.perf_counter()
        st = refresh(_Con(wh.con, a.work, a.profile))
        total = time.perf_counter() - t
    finally:
        wh.close()
    print(json.dumps({"refresh_s": round(total, 2), "mode": st.mode,
                      "timings": {k: round(v, 2) for k, v in st.timings.items()}}))  # fmt: skip
    if a.log:
        a.log.write_text("".join(f"{d:7.3f}  {' '.join(q.split())[:300]}\n" for d, q in LOG), encoding="utf-8")
    for d, q in sorted(LOG, key=lambda x: -x[0])[: a.top]:
        print(f"{d:6.2f}  {' '.join(q.split())[:200]}")


if __name__ == "__main__":
    main()
