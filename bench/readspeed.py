"""Warm reads at 5M order lines: the report vs the plain aggregate floor, the page data, a base switch, a reader's RSS.

    nice -n 10 .venv/bin/python bench/readspeed.py --db /tmp/readspeed/wh.duckdb [--plain] [--out result.json]

Works in place on a warehouse built by bench/bigwh.py and refreshed by this code (stored base CNY). `--plain` first
drops the per-base copies (warehouse.marts.per_base.drop) and never prepares them: every read goes through the plain
conversion views, as before the copies. Without it the writer's refresh prepares them (timed: `prepare_s`). Steps:

1. a reader in a child process (the app's settings) renders the report and the Overview/Profit/Ads/Inventory data of
   the default period (last 30 days): first-render seconds per page and peak RSS (refresh.peak_rss_bytes: the child's own);
2. warm report (median of 2) vs the floor (bench/refresh.py FLOOR: one plain group-by over raw.amazon_transactions,
   median of 3), and the warm page data;
3. base switch to USD: the writer's refresh for base USD (`refresh(con, base="USD")`: prepares USD; the plain build
   skips it), then the first render in USD and a warm rerun.
Prints one JSON object (and writes it to --out). Figures go into BENCHMARKS.md ("Warm reads and base switch").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from refresh import FLOOR, peak_rss_bytes, period, render  # noqa: E402

from metrics.core.report import build_report  # noqa: E402
from warehouse.ingest.importer import Warehouse  # noqa: E402
from warehouse.marts import per_base  # noqa: E402
from warehouse.marts.refresh import refresh  # noqa: E402


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _open(db: str) -> Warehouse:
    return Warehouse(db, Path(db).parent / "archive", refresh=False)


def child(db: str) -> None:
    """(child process) Renders every page's data once as the app would; prints JSON with seconds and peak RSS."""
    from warehouse.core.config import load_settings

    s = load_settings(warehouse_path=db)
    wh = Warehouse(db, Path(db).parent / "archive", threads=s.duckdb_threads, memory_limit=s.duckdb_memory_limit,
                   refresh=False)  # fmt: skip
    pages = render(wh.con, period(wh.con))
    pages.pop("_report_json")
    wh.close()
    print(json.dumps({"peak_bytes": peak_rss_bytes(), "pages": pages}))


def rounded(d: dict) -> dict:
    return {k: round(v, 2) for k, v in d.items() if isinstance(v, float)}


def run(db: str, plain: bool) -> dict:
    res: dict = {"plain": plain, "load_start": load()}
    wh = _open(db)
    t = time.perf_counter()
    if plain:
        per_base.drop(wh.con)
    else:
        refresh(wh.con)
    res["prepare_s"] = round(time.perf_counter() - t, 1)
    wh.close()
    out = subprocess.run([sys.executable, __file__, "--child", db], capture_output=True, text=True, check=True)
    reader = json.loads(out.stdout.strip().splitlines()[-1])
    res["reader_peak_gib"] = round(reader["peak_bytes"] / 2**30, 2)
    res["first_render"] = rounded(reader["pages"])
    res["load_after_first"] = load()
    wh = _open(db)
    try:
        con, f = wh.con, period(wh.con)
        times = []
        for _ in range(2):
            t = time.perf_counter()
            build_report(con, f)
            times.append(time.perf_counter() - t)
        res["warm_report_s"] = round(statistics.median(times), 2)
        floors = []
        for _ in range(3):
            cur = con.cursor()
            t = time.perf_counter()
            cur.sql(FLOOR).pl()
            floors.append(time.perf_counter() - t)
            cur.close()
        res["floor_s"] = round(statistics.median(floors), 3)
        res["warm_pages"] = rounded(render(con, f))
        res["load_warm"] = load()
        t = time.perf_counter()
        if not plain:
            refresh(con, base="USD")
        res["switch_prepare_s"] = round(time.perf_counter() - t, 1)
        usd = period(con, "USD")
        res["switch_first"] = rounded(render(con, usd))
        res["switch_warm"] = rounded(render(con, usd))
        res["load_end"] = load()
        if not plain:
            refresh(con)  # back to the stored base
    finally:
        wh.close()
    return res


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        sys.exit(0)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="/tmp/readspeed/wh.duckdb")
    ap.add_argument("--plain", action="store_true", help="drop the per-base copies: the plain views (before)")
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    result = run(a.db, a.plain)
    text = json.dumps(result, indent=1)
    print(text)
    if a.out:
        Path(a.out).write_text(text, encoding="utf-8")
