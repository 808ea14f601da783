"""bench/refresh.py's command line and its BENCHMARKS.md section ("Refresh (issue 14)", between its markers)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench/refresh.py:start -->", "<!-- bench/refresh.py:end -->"
PAGES = ["report", "overview", "profit", "ads", "inventory"]


def _s(x: float | None) -> str:
    return "–" if x is None else (f"{x:,.1f} s" if x >= 10 else f"{x:.2f} s")


def _same(d: list[str]) -> str:
    return "yes" if not d else "**no**: " + "; ".join(d[:3])


def _rows(r: dict) -> list[str]:
    """Returns the acceptance table's rows for the parts the run reached ("not reached" for the rest)."""
    day, month, full, undo, sw = (r.get(k) for k in ("day", "month", "full", "undo", "switch"))

    def current(part: dict) -> str:
        return f"{_s(part['current_s'])}" + (f" (refresh {_s(part['refresh_s'])})" if part["refresh_s"] else "")

    def ratio(a: float, b: float) -> str:
        return f"**{a / b:.1f}×**"

    gone = "not reached in this run"
    rows = [
        "| measurement | measured | ratio / total | target |",
        "|---|---|---|---|",
        f"| warm report (median of 3) vs plain aggregate (median of 3) | {_s(r['warm_report_s'])} vs "
        f"{r['floor_s']:.3f} s | {ratio(r['warm_report_s'], r['floor_s'])} | ≤ 3× |",
        f"| peak memory of a reader process (opens the warehouse, renders every page's data) | "
        f"**{r['reader']['peak_bytes'] / 2**30:.2f} GiB** | this bench's own process (imports, refreshes, undo): "
        f"{r['writer_peak_bytes'] / 2**30:.2f} GiB | ≤ 2 GB |",
    ]
    warm = (r.get("warm_pages") or {}).get("total")
    for tag, label, target in (("day", "one day's", "≤ 3× the import"), ("month", "one month's", "≤ 15 s")):
        part = r.get(tag)
        if part is None or "current_s" not in part:
            rows.append(f"| {label} files | {gone} | | {target} |")
            continue
        refresh = part["refresh_s"] or 0.0
        ckpt = part.get("checkpoint_s")
        after = (f"; DuckDB's checkpoint runs after it in the background, still running after the first renders: "
                 f"{_s(ckpt)}" if ckpt is not None else "")  # fmt: skip
        render = part["pages"]["total"]
        d = render - warm if warm else 0.0
        extra = (f"; the same renders warm: {_s(warm)} ({'+' if d >= 0 else '−'}{_s(abs(d))} with the new data)"
                 if warm else "")  # fmt: skip
        rows += [
            f"| {label} files ({part['rows']:,} rows: transaction report, SP advertised products, FBA inventory): "
            f"their own import | {_s(part['import_s'])} | | |",
            f"| … then the writer's refresh (every mart and per-base copy current, committed{after}) | "
            f"{_s(refresh)} | {ratio(refresh, part['import_s'])} the import; import + refresh "
            f"{_s(part['import_s'] + refresh)} | {target} |",
            f"| … then the first render of every page's data | {_s(render)} | import + refresh + render "
            f"{_s(part['import_s'] + part['current_s'])}{extra} | – |",
        ]
    rows.append(f"| full rebuild, until current | {current(full)} | same report as the incremental one: "
                f"{_same(full['diff_from_incremental'])}" + (f"; same mart rows: {_same(full['marts_diff'])}"
                if "marts_diff" in full else "") + " | – |" if full else f"| full rebuild | {gone} | | – |")  # fmt: skip
    rows.append(f"| undo of the month's 3 imports | {_s(undo['undo_s'])}, then current after {current(undo)} | "
                f"same report as after the day: {_same(undo['diff_from_day'])}; {undo['first_try']} | – |"
                if undo and "current_s" in undo else f"| undo of the month | {gone} | | – |")  # fmt: skip
    if sw and sw.get("prepare_s") is not None:
        rows.append(f"| base currency USD prepared once (the sidebar's first switch, before the day's files) | "
                    f"{_s(sw['prepare_s'])} | kept by the day's refresh: {_s(sw.get('alt_timings', {}).get('per_base_alt', 0))} | – |")  # fmt: skip
    rows.append(f"| base currency CNY → USD after the day's refresh: first render | {current(sw)} | "
                f"{ratio(sw['current_s'], sw['warm_pages']['total'])} a warm rerun in USD "
                f"({_s(sw['warm_pages']['total'])}); copies current: {sw.get('kept')} | ≤ 2 warm reruns |"
                if sw and "warm_pages" in sw else f"| base currency CNY → USD | {gone} | | ≤ 2 warm reruns |")  # fmt: skip
    return rows


def section(r: dict, src: Path) -> str:
    """Returns the Markdown section for one run's results (a run cut short shows the parts it reached)."""
    mode = ("writer-side `warehouse.marts.refresh.refresh` after each write" if r["refresh_api"]
            else "lazy: no `warehouse.marts.refresh` in this build, the first read after a write recomputes the marts "
                 "(metrics/core/materialize.py)")  # fmt: skip
    pages = [
        "| first render after | " + " | ".join(PAGES) + " | total | load after |",
        "|---|" + "---:|" * (len(PAGES) + 2),
    ]
    sw = r.get("switch") or {}
    parts = [("nothing (warm)", {"pages": r["warm_pages"], "load_after": r.get("load_warm", "")})]
    parts += [(label, r[k]) for label, k in (("one day's files", "day"), ("one month's files", "month"),
              ("full rebuild", "full"), ("undo of the month", "undo"), ("switch to USD", "switch"))
              if "pages" in (r.get(k) or {})]  # fmt: skip
    if "warm_pages" in sw:
        parts.append(("(USD, warm)", {"pages": sw["warm_pages"], "load_after": sw["load_after"]}))
    for label, part in parts:
        p = part["pages"]
        pages.append(f"| {label} | " + " | ".join(_s(p[k]) for k in PAGES) + f" | {_s(p['total'])} | "
                     f"{part.get('load_after', '')} |")  # fmt: skip
    stats = []
    for label, k in (("day", "day"), ("month", "month"), ("full rebuild", "full"), ("undo", "undo")):
        st = (r.get(k) or {}).get("refresh_stats") or {}
        if st.get("mode"):
            parts_ = ", ".join(f"{m} {n}" for m, n in (st.get("partitions") or {}).items() if n)
            stats.append(f"{label}: {st['mode']}" + (f" ({parts_})" if parts_ and st["mode"] != "full" else ""))
    if stats:
        pages += ["", "Partitions each refresh recomputed (-1 = whole mart): " + "; ".join(stats) + "."]
    o, t, k = r["lines"]
    return "\n".join([
        "## Refresh (issue 14) (bench/refresh.py)",
        "",
        f"A copy of `{src}` (bench/bigwh.py: {o:,} order lines, {t:,} transaction rows with refunds, {k:,} SKUs, two "
        f"years, base CNY); {r['started']} – {r['finished']} UTC, {platform.machine()}, {os.cpu_count()} cores shared "
        f"with other jobs, load average (1/5/15 min) {r.get('load_warm', '?')} after the warm renders and "
        f"{(r.get('loads') or ['?'])[-1]} at the last step, Python {platform.python_version()}. One run, one process; "
        f"refresh: {mode}. "
        "\"Current\" = the writer's refresh (if any) plus the first render of the data of the report and the "
        "Overview, Profit, Ads and Inventory pages (metrics.core.report / metrics.core.api, default period: last 30 days up "
        "to the latest day with data). The acceptance ratios read the refresh against the import: once it commits "
        "every page's data is current, and a page's first render after it is shown beside the same warm render. "
        f"Connection: {'opened as the app opens it (deferred checkpoint)' if r.get('checkpoint') == 'deferred' else 'checkpoint in the commit'}. The day is the day after the warehouse's last day, the month the next "
        "calendar month to its 29th (amazon.com files in their export layouts, imported one by one).",
        "",
        *_rows(r),
        "",
        *pages,
        "",
    ])  # fmt: skip


def write(text: str) -> None:
    path = ROOT / "BENCHMARKS.md"
    body = path.read_text(encoding="utf-8")
    block = f"{START}\n{text.rstrip()}\n{END}"
    if START in body and END in body:
        body = body[: body.index(START)] + block + body[body.index(END) + len(END) :]
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    path.write_text(body, encoding="utf-8")


def main(run, default_db: Path) -> None:
    """Parses the command line, runs bench/refresh.py's `run` and writes the section."""
    ap = argparse.ArgumentParser(description="Refresh bench (issue 14) at 5M order lines")
    ap.add_argument("--db", type=Path, default=default_db, help="warehouse built by bench/bigwh.py (not modified)")
    ap.add_argument("--work", type=Path, help="folder for the copy (default: beside --db, refresh_bench/)")
    ap.add_argument("--json", type=Path, help="also write the raw results here")
    ap.add_argument("--no-write", action="store_true", help="do not touch BENCHMARKS.md")
    ap.add_argument("--from-json", type=Path, help="write the section from a saved (possibly cut short) run")
    ap.add_argument(
        "--refresh-only",
        action="store_true",
        help="only the writer's refresh per case (no renders); prints JSON, never writes BENCHMARKS.md",
    )
    args = ap.parse_args()
    out = args.json or args.db.parent / "refresh_result.json"

    def save(res: dict) -> None:
        out.write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")

    if args.from_json:
        res = json.loads(args.from_json.read_text(encoding="utf-8"))
    elif not args.db.exists():
        sys.exit(f"{args.db}: no warehouse; build it with bench/bigwh.py --end YYYY-MM-DD (a month before today)")
    else:
        res = run(args.db, args.work or args.db.parent / "refresh_bench", save=save, refresh_only=args.refresh_only)
        save(res)
    if args.refresh_only:
        print(
            json.dumps(
                {k: res.get(k) for k in ("lines", "day", "month", "full", "undo", "loads")}, indent=1, default=str
            )
        )
        return
    md = section(res, args.db)
    print(md)
    if not args.no_write:
        write(md)
