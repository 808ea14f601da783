"""Warm report vs the plain aggregate floor, two code trees alternating in one run on the same warehouse.

    nice -n 5 .venv/bin/python bench/warm_report.py --db /tmp/x/wh.duckdb --tree /tmp/old --tree . [--rounds 3]
    nice -n 5 .venv/bin/python bench/warm_report.py --tree /tmp/old=/tmp/x/wh.duckdb --tree .=/tmp/y/wh.duckdb

Each round runs every tree in its own child process (read-only connection, 4 GB memory limit): the report of the
default period (bench/refresh.py `period`: the last 30 days) built 4 times (the first is cold: the median of the
other 3 counts; also its CPU seconds, all threads of the process: CPU ≈ wall = one core busy), then the floor
(bench/refresh.py FLOOR, median of 3), and the 8 slowest queries of the last build
(memoised SELECTs of the report's session). Prints one line per tree and round, with the load average, then the
median ratio per tree. The trees must read the same warehouse without refreshing it (same marts code), or each its
own (`--tree PATH=DB`: a change of the marts' SQL, each tree reading the warehouse its code built from the same files).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import json, statistics, sys, time
tree, db = sys.argv[1], sys.argv[2]
sys.path.insert(0, tree); sys.path.insert(0, tree + "/bench")
import duckdb
from metrics.core import query
from metrics.core.report import build_report
from refresh import FLOOR, period
from warehouse.core import db as whdb
con = duckdb.connect(db, read_only=True, config={"memory_limit": "4GB"} | getattr(whdb, "SESSION_CONFIG", {}))
f = period(con)
slow = {}
get = query._Result._get
def timed(self, how):
    t = time.perf_counter(); r = get(self, how); dt = time.perf_counter() - t
    if dt > 0.002:
        slow[" ".join(self._q.split())[:90]] = slow.get(" ".join(self._q.split())[:90], 0.0) + dt
    return r
query._Result._get = timed
times, cpu = [], []
for i in range(4):
    slow.clear()
    c = time.process_time(); t = time.perf_counter(); build_report(con, f)
    times.append(time.perf_counter() - t); cpu.append(time.process_time() - c)
floors = []
for i in range(3):
    cur = con.cursor(); t = time.perf_counter(); cur.sql(FLOOR).pl(); floors.append(time.perf_counter() - t)
top = sorted(slow.items(), key=lambda x: -x[1])[:8]
print(json.dumps({"warm": statistics.median(times[1:]), "cpu": statistics.median(cpu[1:]),
                  "floor": statistics.median(floors),
                  "top": [[round(v, 3), q] for q, v in top]}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="the warehouse of every --tree without its own (PATH=DB)")
    ap.add_argument("--tree", action="append", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    ratios: dict[str, list[float]] = {t: [] for t in a.tree}
    for r in range(a.rounds):
        for tree in a.tree:
            path, _, db = tree.partition("=")
            if not (db or a.db):
                ap.error(f"--tree {tree}: no warehouse (--db, or --tree PATH=DB)")
            out = subprocess.run([sys.executable, "-c", CHILD, path, db or a.db], capture_output=True, text=True,
                                 check=True)  # fmt: skip
            res = json.loads(out.stdout.strip().splitlines()[-1])
            ratio = res["warm"] / res["floor"]
            ratios[tree].append(ratio)
            load = "/".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"round {r + 1} {tree}: warm {res['warm']:.3f} s (CPU {res.get('cpu', 0):.3f} s), "
                  f"floor {res['floor']:.3f} s, {ratio:.1f}x; "
                  f"load {load}", flush=True)  # fmt: skip
            if r == a.rounds - 1:
                for v, q in res["top"]:
                    print(f"    {v:6.3f} s  {q}")
    for tree, rs in ratios.items():
        print(f"{tree}: median {statistics.median(rs):.1f}x the floor over {len(rs)} rounds")


if __name__ == "__main__":
    main()
