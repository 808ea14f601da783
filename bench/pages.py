"""Server-side rerun time of every page (cold: caches cleared; warm: cache hits) via AppTest.

Usage: python bench/pages.py [--db PATH] [--scale N] [--runs 5] [--no-write]
Without --db the demo company (data/demo) is imported into a temporary warehouse (N-times larger with --scale, when
the generator supports it). Figures go into this script's own section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# this file is named pages.py: its folder must not shadow the app's pages/ package (pages.meeting_parts)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
PAGES = ["pages/overview.py", "pages/profit.py", "pages/ads.py", "pages/inventory.py", "pages/whatif_ads.py",
         "pages/whatif_fx.py", "pages/seasonal.py", "pages/reorder.py", "pages/meeting.py", "pages/okr.py",
         "pages/data.py", "pages/glossary.py", "pages/settings.py"]  # fmt: skip
# a copy of app.py that records its own run time (it must sit beside app.py so that pages/ resolves the same way)
TIMED_APP = ROOT / ".bench_timed_app.py"
TIMED_CODE = """
import time as _t
_t0 = _t.perf_counter()
try:
    exec(compile(open({app!r}, encoding="utf-8").read(), {app!r}, "exec"), {{"__name__": "__main__"}})
finally:
    with open({log!r}, "a") as _f:
        _f.write(f"{{(_t.perf_counter() - _t0) * 1000:.3f}}\\n")
"""


def build(scale: int) -> tuple[Path, str]:
    """Returns (warehouse path, description) of a temporary warehouse holding the demo company."""
    from warehouse.ingest.demo import import_demo
    from warehouse.ingest.importer import Warehouse

    folder = Path(tempfile.mkdtemp(prefix="bench_pages_"))
    demo = ROOT / "data" / "demo"
    if scale > 1:
        demo = folder / "demo"
        subprocess.run([sys.executable, "-m", "warehouse.demo_gen", "--out", str(demo), "--scale", str(scale)],
                       check=True, cwd=ROOT)  # fmt: skip
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    try:
        import_demo(wh, demo, only_if_empty=False)
        rows = wh.cursor().sql("select sum(rows_added)::BIGINT from meta.imports").fetchall()[0][0]
    finally:
        wh.close()
    return folder / "wh.duckdb", f"demo company × {scale} ({rows:,} raw rows)"


def measure(db: Path, runs: int) -> list[tuple[str, float, float, float]]:
    """Returns (page, cold ms, warm median ms, warm script median ms) per page.

    cold/warm are AppTest's wall time for a run (its polling included); script time is app.py with the page, as a
    server spends it, measured inside the run. Streamlit treats pages/ as its old multipage layout until a session
    has run st.navigation; the app's launcher (ui/serve.py) switches that off for the server, and so does this bench
    (AppTest resets the flag on every run, which would otherwise run a page twice: alone, then routed)."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    init = PagesManager.__init__

    def routed_init(self, *a, **kw):
        init(self, *a, **kw)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = routed_init
    os.environ["WAREHOUSE_PATH"] = str(db)
    log = Path(tempfile.mkdtemp(prefix="bench_pages_log_")) / "times.txt"
    TIMED_APP.write_text(TIMED_CODE.format(app=str(ROOT / "app.py"), log=str(log)), encoding="utf-8")
    try:
        at = AppTest.from_file(str(TIMED_APP), default_timeout=1800)
        at.query_params["lang"] = "en"
        at.run()
        out = []
        for page in PAGES:
            st.cache_data.clear()
            at.switch_page(page)
            t0 = time.perf_counter()
            at.run()
            cold = (time.perf_counter() - t0) * 1000
            assert not at.exception, [e.value for e in at.exception]
            warm = []
            log.write_text("")
            for _ in range(runs):
                t0 = time.perf_counter()
                at.run()
                warm.append((time.perf_counter() - t0) * 1000)
            script = statistics.median(float(x) for x in log.read_text().split())
            out.append((page, cold, statistics.median(warm), script))
            print(f"{page:24s} cold {cold:9.0f} ms   warm {statistics.median(warm):7.0f} ms   script {script:7.0f} ms",
                  flush=True)  # fmt: skip
        return out
    finally:
        TIMED_APP.unlink(missing_ok=True)
        PagesManager.__init__ = init


def write(section: str, tag: str) -> None:
    """Replaces this script's section `tag` of BENCHMARKS.md (other sections are left alone)."""
    START, END = f"<!-- bench/pages.py:{tag}:start -->", f"<!-- bench/pages.py:{tag}:end -->"  # noqa: N806
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{section.rstrip()}\n{END}"
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--label", help="what the warehouse given with --db holds (for the BENCHMARKS.md text)")
    ap.add_argument("--tag", default="demo", help="which BENCHMARKS.md section to replace (e.g. demo, 5m)")
    args = ap.parse_args()
    db, what = (args.db, args.label or f"existing warehouse {args.db}") if args.db else build(args.scale)
    rows = measure(db, args.runs)
    lines = [
        f"### Page reruns: {what} (bench/pages.py --tag {args.tag})",
        "",
        f"{what}; {datetime.now():%Y-%m-%d %H:%M}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end, Python "
        f"{platform.python_version()}. Through AppTest: cold = first run after clearing st.cache_data (modules "
        f"already imported), warm = median of {args.runs} reruns with cached queries (AppTest's wall time), warm "
        f"script = app.py with the page measured inside the run, as the server spends it. Target: warm ≤ 150 ms.",
        "",
        "| page | cold (ms) | warm (ms) | warm script (ms) |",
        "|---|---:|---:|---:|",
        *[
            f"| {p.removeprefix('pages/').removesuffix('.py')} | {c:,.0f} | {w:,.0f} | {x:,.0f} |"
            for p, c, w, x in rows
        ],
    ]
    print("\n".join(lines))
    if not args.no_write:
        write("\n".join(lines), args.tag)


if __name__ == "__main__":
    main()
