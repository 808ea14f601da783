"""Times the writer's refresh after one day's (or one month's) files at 5M lines, per step, on a fresh copy.

    .venv/bin/python bench/refresh_day.py SRC.duckdb WORK_DIR day|month [--root CODE_ROOT] [--memory 1.5GiB]
        [--days N] [--inline-checkpoint] [--sb-month]

Copies SRC (a current warehouse built by bench/bigwh.py) to WORK_DIR/wh.duckdb, writes and imports the files of
bench/refresh.py (`write_files`, `import_batch`: refresh=False), then times `refresh()` and prints one JSON line:
import seconds, refresh seconds, RefreshStats timings/rows/per_base, peak RSS of this process, load before/after.
The files cover the N days after the copy's last day (`--days`; day: 1, month: 28, a month of files whatever day
the data ends on). The refresh runs on a connection opened as the app opens its own (`defer_checkpoint`:
warehouse.marts.writer_lock), so `refresh_s` is the time until the new numbers are readable; `checkpoint_s` is the
background checkpoint after it (waited for; the app does not wait), and `first_report_s` the report a seller opens at
once after the refresh (beside that checkpoint). `--inline-checkpoint` opens it as the command line
does instead (DuckDB's checkpoint inside the commit, in `refresh_s`; `checkpoint_s` is then a checkpoint with
nothing left to fold). A checkout whose Warehouse has no `defer_checkpoint` runs inline.
The copy is flushed to disk (`os.sync`) before the import: otherwise the first fsync of the warehouse (the
checkpoint) also writes back the gigabytes of the copy still in the page cache, several seconds no seller's refresh
pays (BENCHMARKS.md, "the checkpoint was the bench's copy"). `commit_s` = the refresh's seconds outside its steps
(mostly the commit: the log written, and with `--inline-checkpoint` DuckDB's checkpoint when the log passed 16 MiB).
`--root` runs another checkout's code (e.g. /work/main) so before/after compare in one session on the same copy;
`--memory` sets the writer connection's memory limit (default: none = DuckDB's default inside the refresh).
`--sb-month` first imports (untimed, refreshed) a Sponsored Brands report of the month so far, spend on every day
without a SKU, as a seller running SB has: the day's sale then moves the month's allocation shares, which those
days' SKU rows carry (the day's own files include that day's SB rows either way: `write_files`).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path


def main() -> None:
    args = sys.argv[1:]
    root = Path(__file__).resolve().parent.parent
    memory = ""
    if "--root" in args:
        i = args.index("--root")
        root = Path(args[i + 1])
        del args[i : i + 2]
    if "--memory" in args:
        i = args.index("--memory")
        memory = args[i + 1]
        del args[i : i + 2]
    n_days = 0
    if "--days" in args:
        i = args.index("--days")
        n_days = int(args[i + 1])
        del args[i : i + 2]
    inline = "--inline-checkpoint" in args
    sb_month = "--sb-month" in args
    args = [a for a in args if a not in ("--inline-checkpoint", "--sb-month")]
    sys.path.insert(0, str(root))
    if args[0] == "--child":
        return child(Path(args[1]), memory, inline, root)
    src, work, case = Path(args[0]), Path(args[1]), args[2]
    sys.path.insert(0, str(root / "bench"))
    import refresh as bench  # bench/refresh.py of that checkout

    from metrics.core import api
    from warehouse.ingest.importer import Warehouse

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copyfile(src, work / "wh.duckdb")
    os.sync()  # the copy on disk before any fsync of the warehouse (module doc)
    wh = Warehouse(work / "wh.duckdb", work / "archive", memory_limit=memory)
    try:
        last = api.data_bounds(wh.con)["last"]
        a = last + timedelta(days=1)
        b = a + timedelta(days=(n_days or (1 if case == "day" else 28)) - 1)
        res = {"root": str(root), "case": case, "days": f"{a}..{b}", "memory": memory or "default"}
        if sb_month and a.day > 1:  # untimed: the month so far with Sponsored Brands spend on every day (no SKU)
            month = a.replace(day=1)
            bench.import_batch(wh, [(bench.write_sb(work, month, last, "sb_month"), {})])
            bench.refresh(wh.con)
            res["sb_month"] = f"{month}..{last}"
        files = bench.write_files(wh.con, work / "files", a, b, case)
        res |= {"checkpoint": "inline" if inline else "deferred", "load_before": bench.load()}
        res |= bench.import_batch(wh, files)
        res.pop("per_file", None)
    finally:
        wh.close()
    # the refresh in a fresh process: its peak RSS is the refresh's own (not the file writing's)
    cmd = [sys.executable, __file__, "--child", str(work / "wh.duckdb"), "--root", str(root)]
    cmd += ["--inline-checkpoint"] if inline else []
    out = subprocess.run(cmd + (["--memory", memory] if memory else []), capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(out.stderr)
    res |= json.loads(out.stdout.strip().splitlines()[-1])
    print(json.dumps(res, default=str), flush=True)
    if os.environ.get("KEEP") != "1":
        shutil.rmtree(work, ignore_errors=True)


def child(db: Path, memory: str, inline: bool, root: Path) -> None:
    """Opens the warehouse, refreshes once, prints seconds per step and this process's peak RSS as one JSON line."""
    import inspect

    from warehouse.ingest.importer import Warehouse
    from warehouse.marts.refresh import refresh

    kw = {"memory_limit": memory, "refresh": False}  # no refresh on open
    if not inline and "defer_checkpoint" in inspect.signature(Warehouse).parameters:
        kw["defer_checkpoint"] = True  # as the app opens it
    wh = Warehouse(db, db.parent / "archive", **kw)
    try:
        t = time.perf_counter()
        st = refresh(wh.con)
        res = {"refresh_s": time.perf_counter() - t, "mode": st.mode}
        res["commit_s"] = res["refresh_s"] - sum(v for k, v in st.timings.items() if "." not in k)
        # the first report a seller opens after the import, started at once: beside the background checkpoint when
        # it is deferred (they share the two cores), after the checkpoint when it ran in the commit
        sys.path.insert(0, str(root / "bench"))
        import refresh as bench  # bench/refresh.py of that checkout

        cur = wh.con.cursor()
        t = time.perf_counter()
        bench.build_report(cur, bench.period(cur))
        res["first_report_s"] = time.perf_counter() - t
        cur.close()
        t = time.perf_counter()
        if kw.get("defer_checkpoint"):
            from warehouse.marts.writer_lock import LAST_ERROR, wait_checkpoint

            wait_checkpoint(wh.con)
            res["checkpoint_error"] = LAST_ERROR.get(id(wh.con), "")
        else:
            wh.con.execute("checkpoint")
        res["checkpoint_s"] = time.perf_counter() - t
        res["timings"] = {k: round(v, 2) for k, v in st.timings.items()}
        res["rows"], res["per_base"] = st.rows, st.per_base
        # this process's own high-water mark: ru_maxrss survives fork + exec, so a child of the parent that just
        # rebuilt the copy reported the parent's ~6.4 GiB (bench/refresh.py `peak_rss_bytes`)
        peak = getattr(bench, "peak_rss_bytes", None)
        res["peak_rss_gib"] = peak() / 2**30 if peak else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
        res["load_after"] = os.getloadavg()
        print(json.dumps(res, default=str), flush=True)
    finally:
        wh.close()


if __name__ == "__main__":
    main()
