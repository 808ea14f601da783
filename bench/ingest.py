"""Import speed: a generated 1M-line Amazon transaction report, Seller Cockpit's import vs DuckDB's own read_csv.

Both run in this process on the same file, on the same machine, in one run; the ratio is what BENCHMARKS.md
records (target: import within 3x of read_csv). Usage: python bench/ingest.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse.ingest.importer import Warehouse  # noqa: E402

PREAMBLE = (
    (Path(__file__).resolve().parent.parent / "tests/fixtures/exports/amazon_transactions/us_2025.csv")
    .read_text(encoding="utf-8")
    .splitlines()[:10]
)


def write_report(path: Path, n: int) -> None:
    """Writes an n-line US transaction report (2025+ layout, every field quoted) with DuckDB COPY."""
    con = duckdb.connect()
    body = path.with_suffix(".body")
    con.execute(
        f"""
        copy (
            select
                strftime(timestamp '2026-01-01' + to_seconds(i * 30), '%b %-d, %Y %-I:%M:%S %p') || ' PST',
                '24508793021',
                case when i % 20 = 0 then 'Refund' else 'Order' end,
                printf('113-%07d-%07d', i % 9999999, (i * 7) % 9999999),
                'SKU-' || (i % 2000),
                'Action camera accessory ' || (i % 2000),
                cast(1 + i % 3 as varchar),
                'amazon.com', 'Standard Orders', 'Amazon', 'AUSTIN', 'TX', '78701', 'MarketplaceFacilitator',
                printf('%.2f', (case when i % 20 = 0 then -1 else 1 end) * (19.99 + i % 200)),
                '1.60', '0', '0', '0', '0', '0', '0', '-1.00', '0', '-1.60',
                printf('%.2f', -0.15 * (19.99 + i % 200)), '-6.12', '0', '0',
                printf('%.2f', 0.85 * (19.99 + i % 200) - 7.12),
                'Released', ''
            from range({n}) t(i)
        ) to '{body}' (header false, quote '"', force_quote *)
        """
    )
    with path.open("w", encoding="utf-8") as out:
        out.write("\n".join(PREAMBLE) + "\n")
        with body.open(encoding="utf-8") as fh:
            shutil.copyfileobj(fh, out)
    body.unlink()


def time_read_csv(path: Path, workdir: Path) -> float:
    db = workdir / "plain.duckdb"
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute("create table t as select * from read_csv(?, skip = 9, header = true)", [str(path)])
    con.close()
    return time.perf_counter() - t


def time_import(path: Path, workdir: Path) -> tuple[float, int]:
    shutil.rmtree(workdir / "wh", ignore_errors=True)
    wh = Warehouse(workdir / "wh" / "wh.duckdb", workdir / "wh" / "archive")
    t = time.perf_counter()
    r = wh.ingest_path(path)
    wh.close()
    elapsed = time.perf_counter() - t
    assert r.status == "imported", r.line()
    return elapsed, r.rows_added


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = work / "2026CustomTransaction.csv"
        t = time.perf_counter()
        write_report(report, args.rows)
        print(
            f"generated {args.rows:,} lines, {report.stat().st_size / 2**20:.0f} MiB in {time.perf_counter() - t:.1f} s"
        )
        plain, ours = [], []
        for _ in range(args.repeat):
            plain.append(time_read_csv(report, work))
            secs, added = time_import(report, work)
            ours.append(secs)
        p, o = statistics.median(plain), statistics.median(ours)
        print(f"machine: {platform.machine()}, {platform.python_version()}, duckdb {duckdb.__version__}")
        print(f"DuckDB read_csv into a table (median of {args.repeat}): {p:.2f} s")
        print(f"Seller Cockpit import (detect, archive, parse, dedup, load) (median): {o:.2f} s, {added:,} rows")
        print(f"ratio: {o / p:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
