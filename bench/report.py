"""Times `metrics.core.report.build_report` on N generated order lines vs one plain DuckDB aggregate over the same facts.

    .venv/bin/python bench/report.py --lines 5000000 --skus 2000

Facts are generated straight into raw.amazon_transactions with DuckDB `range()` (two years, USD, amazon.com),
plus the golden SKU map, FX rates and inbound batches. Reported: the first report after the data changed
(materialises the marts), a warm report (median of 3), and the floor: one aggregate of the same raw facts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics.core.api import Filters  # noqa: E402
from metrics.core.report import build_report  # noqa: E402
from warehouse.ingest.importer import Warehouse  # noqa: E402

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "exports" / "golden"

GENERATE = """
insert into raw.amazon_transactions (posted_at, settlement_id, type, order_id, sku, quantity, marketplace, currency,
    txn_type, product_sales, selling_fees, fba_fees, other, total, import_id, row_no)
select
    timestamp '2024-01-01 12:00:00' + to_days((i * 7919) % 730) as posted_at,
    'S-' || ((i * 7919) % 730 // 14) as settlement_id,
    'Order', printf('113-%07d-%07d', i // 3, i % 9999999), 'SKU-' || (i % $skus), 1 + i % 3,
    'amazon.com', 'USD', 'order',
    20.0 + (i % 50), -(20.0 + (i % 50)) * 0.15, -5.0, 0.0, (20.0 + (i % 50)) * 0.85 - 5.0, 999999, i
from range($lines) as t(i)
"""
FLOOR = """
select sku, date_trunc('month', posted_at) as month, sum(product_sales) as sales, sum(quantity)::BIGINT as units,
    sum(selling_fees + fba_fees) as fees
from raw.amazon_transactions group by all
"""


def run(lines: int, skus: int) -> dict:
    """Returns the timings (seconds) for one generated warehouse."""
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    for name in ("sku_map.csv", "fx_rates.csv", "inbound_batches.csv", "landed_costs.csv"):
        wh.ingest_path(GOLDEN / name)
    cur = wh.cursor()
    cur.execute("insert into app.tpl_fx_rates (rate_date, currency, base_currency, rate, import_id, row_no) "
                "values ('2023-12-01', 'USD', 'CNY', 7.1, 999998, 1)")  # fmt: skip
    cur.execute(GENERATE.replace("$lines", str(lines)).replace("$skus", str(skus)))
    cur.close()
    f = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))
    t = time.perf_counter()
    build_report(wh.con, f)
    first = time.perf_counter() - t
    warm = []
    for _ in range(3):
        t = time.perf_counter()
        build_report(wh.con, f)
        warm.append(time.perf_counter() - t)
    floor = []
    for _ in range(3):
        c = wh.cursor()
        t = time.perf_counter()
        c.sql(FLOOR).pl()
        floor.append(time.perf_counter() - t)
        c.close()
    wh.close()
    return {"lines": lines, "first": first, "warm": statistics.median(warm), "floor": statistics.median(floor)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 5_000_000])
    parser.add_argument("--skus", type=int, default=2000)
    args = parser.parse_args()
    for n in args.lines:
        r = run(n, args.skus)
        print(
            f"{r['lines']:>10,} lines: first report {r['first']:.2f} s (materialises marts), warm report "
            f"{r['warm']:.2f} s, plain aggregate {r['floor']:.3f} s, warm/floor {r['warm'] / r['floor']:.1f}x"
        )


if __name__ == "__main__":
    main()
