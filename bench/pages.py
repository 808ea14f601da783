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
sys.path.insert(0, str(ROOT))
PAGES = ["pages/overview.py", "pages/profit.py", "pages/ads.py", "pages/inventory.py", "pages/data.py",
         "pages/glossary.py", "pages/settings.py"]  # fmt: skip
START, END = "<!-- bench/pages.py:start -->", "<!-- bench/pages.py:end -->"


def build(scale: int) -> tuple[Path, str]:
    """Returns (warehouse path, description) of a temporary warehouse holding the demo company."""
    from warehouse.demo import import_demo
    from warehouse.importer import Warehouse

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


def measure(db: Path, runs: int) -> list[tuple[str, float, float]]:
    """Returns (page, cold ms, warm median ms) per page."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["WAREHOUSE_PATH"] = str(db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
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
        for _ in range(runs):
            t0 = time.perf_counter()
            at.run()
            warm.append((time.perf_counter() - t0) * 1000)
        out.append((page, cold, statistics.median(warm)))
        print(f"{page:24s} cold {cold:9.0f} ms   warm {statistics.median(warm):7.0f} ms", flush=True)
    return out


def write(section: str) -> None:
    """Replaces this script's section of BENCHMARKS.md (other sections are left alone)."""
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
    args = ap.parse_args()
    db, what = (args.db, f"existing warehouse {args.db.name}") if args.db else build(args.scale)
    rows = measure(db, args.runs)
    lines = [
        "## Page reruns (bench/pages.py)",
        "",
        f"{what}; {datetime.now():%Y-%m-%d %H:%M}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores (shared), Python {platform.python_version()}. Server-side script time through "
        f"AppTest: cold = first run after clearing st.cache_data (modules already imported), warm = median of "
        f"{args.runs} reruns with cached queries. Target: warm ≤ 150 ms.",
        "",
        "| page | cold (ms) | warm (ms) |",
        "|---|---:|---:|",
        *[f"| {p.removeprefix('pages/').removesuffix('.py')} | {c:,.0f} | {w:,.0f} |" for p, c, w in rows],
    ]
    print("\n".join(lines))
    if not args.no_write:
        write("\n".join(lines))


if __name__ == "__main__":
    main()
