"""The base-currency switch after a day's import at 5M lines: the other base kept by the refresh vs prepared again.

    nice -n 10 env DUCKDB_MEMORY_LIMIT=5GB .venv/bin/python bench/base_switch.py /tmp/<you>_5m/wh.duckdb [USD]
    ... bench/base_switch.py --per-base /tmp/<you>_5m/wh.duckdb [pairs]

Works IN PLACE on the given warehouse (a copy: it imports two days of files into it). In one process, one run:
1. open (the copy is current: nothing to refresh) and the warm report + pages in the stored base (the rerun a switch
   is compared with);
2. `other_base.prepare(con, USD)` (what the sidebar does on the first switch), then the first render in USD;
3. day 1 (bench/refresh.py's day files: transaction report, SP advertised products, FBA inventory) imported and
   refreshed WITHOUT keeping the other base (`other_base.keep` off: the behaviour before it existed, the copies go
   stale), then the switch's first render in USD (plain views) and the prepare the sidebar would run again;
4. day 2 imported and refreshed WITH it (the refresh updates marts_base_alt in place), then the switch's first render
   in USD, and the stored base's render again.
Prints one JSON line per step (seconds, RefreshStats timings 'per_base.*' and 'per_base_alt.*', load averages).

`--per-base`: on a warehouse left by the run above (the other base prepared), `pairs` × two more days, each refreshed
alternately with missing_costs read through the plain view (before) and through its per-line scoped copy
(warehouse.marts.per_base_update `_scoped_missing`, after): the per-base step's timings of both in one run.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import refresh as B  # noqa: E402 - bench/refresh.py: files in export layouts, page renders

from metrics.core import api  # noqa: E402
from warehouse.ingest.importer import Warehouse  # noqa: E402
from warehouse.marts import other_base  # noqa: E402
from warehouse.marts.refresh import refresh  # noqa: E402


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def out(step: str, **kw) -> None:
    print(json.dumps({"step": step, "load": load(), **kw}, default=str), flush=True)


def pages(con, base: str | None) -> dict:
    r = B.render(con, B.period(con, base))
    r.pop("_report_json")
    return {k: round(v, 2) for k, v in r.items()}


def day(wh: Warehouse, n: int, keep: bool) -> dict:
    """Imports the n-th day after the data's last day and refreshes it, with or without keeping the other base."""
    last = api.data_bounds(wh.con)["last"]
    d = last + timedelta(days=1)
    files = B.write_files(wh.con, Path(wh.path).parent / "files", d, d, f"day{n}")
    imp = B.import_batch(wh, files)
    saved = other_base.keep
    if not keep:
        other_base.keep = lambda *a, **k: {}  # before: the refresh leaves the other base's copies stale
    try:
        t = time.perf_counter()
        stats = refresh(wh.con)
        secs = time.perf_counter() - t
    finally:
        other_base.keep = saved
    timings = {k: round(v, 2) for k, v in stats.timings.items() if k.startswith("per_base") or v > 1}
    return {"day": str(d), "rows": imp["rows"], "import_s": round(imp["import_s"], 2), "refresh_s": round(secs, 2),
            "mode": stats.mode, "timings": timings, "per_base": stats.per_base}  # fmt: skip


def per_base_pairs(db: str, pairs: str = "2") -> None:
    from warehouse.marts import per_base_update

    wh = Warehouse(db, Path(db).parent / "archive")
    scoped = per_base_update._scoped_missing
    try:
        for i in range(int(pairs)):
            for how in ("plain view (before)", "scoped (after)"):
                per_base_update._scoped_missing = scoped if how.startswith("scoped") else (lambda *a: False)
                try:
                    out(f"day, missing_costs {how}", **day(wh, 10 + i, keep=True))
                finally:
                    per_base_update._scoped_missing = scoped
    finally:
        wh.close()


def main(db: str, base: str = "USD") -> None:
    out("start", db=db)
    t = time.perf_counter()
    wh = Warehouse(db, Path(db).parent / "archive")
    out("open", s=round(time.perf_counter() - t, 2))
    try:
        con = wh.con
        out("stored base, warm", pages=pages(con, None), again=pages(con, None))
        t = time.perf_counter()
        did = other_base.prepare(con, base)
        out("prepare", base=base, did=did, s=round(time.perf_counter() - t, 2))
        out("switch after prepare", pages=pages(con, base), again=pages(con, base))
        out("day 1, other base not kept (before)", **day(wh, 1, keep=False))
        out("switch after day 1 (before: plain views)", pages=pages(con, base))
        t = time.perf_counter()
        did = other_base.prepare(con, base)
        out("prepare again (before)", did=did, s=round(time.perf_counter() - t, 2))
        out("switch after the prepare", pages=pages(con, base))
        out("day 2, other base kept (after)", **day(wh, 2, keep=True))
        out("switch after day 2 (after)", current=not other_base.needed(con, base), pages=pages(con, base))
        out("stored base after day 2", pages=pages(con, None), again=pages(con, base))
    finally:
        wh.close()
    out("end")


if __name__ == "__main__":
    if sys.argv[1] == "--per-base":
        per_base_pairs(*sys.argv[2:])
    else:
        main(*sys.argv[1:])
