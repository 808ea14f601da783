"""How soon every page's data is current after new files, a rebuild, a base-currency switch or an undo, at 5M lines.

    .venv/bin/python bench/refresh.py [--db /tmp/seller_cockpit_5m/wh.duckdb] [--no-write]

Works on a copy of the warehouse built by bench/bigwh.py (run that first; its last day must leave room for one day
and one month of new files, e.g. `bench/bigwh.py --end 2026-10-30`). In one run, on the same machine:

1. peak memory of a reader: a child process opens the copy and renders every page's data (`peak_rss_bytes`);
2. warm report (`metrics.core.report.build_report`, median of 3) vs the floor: one plain DuckDB group-by (sales, units,
   fees by SKU × month) over raw.amazon_transactions (median of 3);
3. one day's files (amazon.com transaction report, Sponsored Products advertised-product report, FBA inventory
   snapshot), written in the real export layouts for the day after the warehouse's last day, imported one by one:
   their own import time, then the time until every page's data is current (writer-side refresh when the build has
   `warehouse.marts.refresh.refresh`, then the first report and the Overview/Profit/Ads/Inventory data functions of
   metrics.core.api for the default period, the last 30 days);
4. the same for one month's files (the next calendar month up to its 29th);
5. a full rebuild (`refresh(con, full=True)`, or the lazy marts' state key cleared) and whether the rebuilt report
   equals the incremental one (6 decimals), and every mart table row by row (bench/compare_marts.py, on a copy of
   the file taken before the rebuild);
6. undo of the month's three imports, then until current;
7. a base-currency switch CNY → USD as a user gets it: the sidebar's `other_base.prepare` once (before the day's
   files), then the day's import and refresh (which keeps the USD copies current), then the switch's first render
   in USD against a warm rerun in USD; the prepare's seconds and the refresh's 'per_base_alt.*' timings recorded.

Steps 2-7 run on a connection opened as the app opens it (ui/data.py: `defer_checkpoint`, DuckDB's checkpoint after
a commit runs in the background, beside the renders that follow): the import and refresh seconds are the seller's;
the day's background checkpoint is waited for after its renders and recorded (`checkpoint_s`), as is any checkpoint
still running before a case starts (a seller's next files come hours later). A build without the flag runs inline.

"Current" today means the first read after the write: metrics/core/materialize.py recomputes the marts lazily. Once
`warehouse.marts.refresh.refresh` exists (issue 14), the bench calls it after each write (imports pass refresh=False
when the entry point takes it, then one refresh per batch) and the reads that follow should be warm. Figures go
into BENCHMARKS.md's "Refresh (issue 14)" section (between this script's markers).

Size: a benchmark script reads top to bottom (copy, measure each case, write the section); splitting it would
scatter one measurement.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from metrics.__main__ import stable_json  # noqa: E402
from metrics.core import api  # noqa: E402
from metrics.core.report import build_report  # noqa: E402
from warehouse.ingest.importer import Warehouse  # noqa: E402

DEFAULT_DB = Path("/tmp/seller_cockpit_5m/wh.duckdb")
TX_PREAMBLE = (ROOT / "tests/fixtures/exports/amazon_transactions/us_2025.csv").read_text(encoding="utf-8").splitlines()
ADS_HEADER = (
    (ROOT / "tests/fixtures/exports/amazon_ads_products/sp_advertised_product_daily_us.csv")
    .read_text(encoding="utf-8")
    .splitlines()[0]
)
FBA_HEADER = (
    (ROOT / "tests/fixtures/exports/amazon_fba_inventory/fba_inventory_2026-03-31.txt")
    .read_text(encoding="utf-8")
    .splitlines()[0]
)
FLOOR = """
select sku, date_trunc('month', posted_at) as month, sum(product_sales) as sales, sum(quantity)::BIGINT as units,
    sum(selling_fees + fba_fees) as fees
from raw.amazon_transactions group by all
"""
OVERVIEW_TREND = ["net_sales", "units", "ad_spend", "net_profit", "acos", "tacos"]
ADS_TREND = ["ad_spend", "ad_sales", "gross_sales", "acos", "tacos", "roas"]


# -- files ------------------------------------------------------------------------------------------------------
def write_files(con, folder: Path, first: date, last: date, tag: str, sb: bool = True) -> list[tuple[Path, dict]]:
    """Writes the amazon.com files of [first, last] in their export layouts; returns [(path, import options)].

    Order lines follow the 5M warehouse's own amazon.com mix (its lines per day, SKUs and prices over the last 30
    days before `first`), with new order ids, and refunds of ~3 % of the order lines it holds, 3-27 days after them;
    ads: one row per advertised SKU and day; FBA: one snapshot on `last`; with `sb`, a Sponsored Brands campaign
    report (`write_sb`: campaign-level spend without a SKU on every day, which the allocation rule spreads).
    """
    folder.mkdir(parents=True, exist_ok=True)
    days = (last - first).days + 1
    cur = con.cursor()
    per_day = cur.sql(
        "select (count(*) / 30)::BIGINT from raw.amazon_transactions where marketplace = 'amazon.com' "
        "and txn_type = 'order' and posted_at >= ?::DATE - 30 and posted_at < ?::DATE",
        params=[first, first],
    ).fetchall()[0][0]
    cur.execute(
        "create or replace temp table bench_skus as select row_number() over (order by sku) - 1 as k, sku, "
        "any_value(description) as name, median(product_sales / quantity) as price from raw.amazon_transactions "
        "where marketplace = 'amazon.com' and txn_type = 'order' and quantity > 0 group by sku"
    )
    n_skus = cur.sql("select count(*) from bench_skus").fetchall()[0][0]
    tx, ads, fba = (folder / f"{tag}_transactions.csv", folder / f"{tag}_sp_advertised_product.csv",
                    folder / f"{tag}_fba_inventory_{last}.txt")  # fmt: skip
    body = folder / "body.tmp"
    cur.execute(f"""
        copy (
            with l as (
                select i, date '{first}' + (i // {per_day})::int as day, (hash(i, 1) % 86399)::int as sec,
                    (hash(i, 2) % {n_skus})::int as k, 1 + (hash(i, 3) % 3)::int as qty
                from range({per_day * days}) as t(i)
            ), j as (select l.*, s.sku, s.name, round(s.price * l.qty, 2) as sales from l join bench_skus s using (k))
            select strftime(day + to_seconds(sec), '%b %-d, %Y %-I:%M:%S %p') || ' PST', '2460' || (day - date '2026-01-01'),
                'Order', printf('114-%07d-%07d', i % 9999999, (i * 7 + {hash(tag) % 1000}) % 9999999), sku, name,
                qty::VARCHAR, 'amazon.com', 'Standard Orders', 'Amazon', 'AUSTIN', 'TX', '78701',
                'MarketplaceFacilitator', printf('%.2f', sales), '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
                printf('%.2f', -round(sales * 0.15, 2)), printf('%.2f', -round(qty * 4.1, 2)), '0', '0',
                printf('%.2f', sales - round(sales * 0.15, 2) - round(qty * 4.1, 2)), 'Released',
                strftime(day + to_seconds(sec) + interval 7 day, '%b %-d, %Y %-I:%M:%S %p') || ' PST'
            from j
            union all
            -- refunds of ~3 % of the amazon.com order lines the warehouse holds, 3-27 days after their order (as
            -- bench/bigwh.py makes them): each refund day carries older orders' ids, as a real day's report does
            select strftime(d.day + to_seconds(hash(t.order_id, t.row_no, 5) % 86399), '%b %-d, %Y %-I:%M:%S %p')
                    || ' PST', '2460' || (d.day - date '2026-01-01'),
                'Refund', t.order_id, t.sku, t.description, t.quantity::VARCHAR, 'amazon.com', 'Standard Orders',
                'Amazon', 'AUSTIN', 'TX', '78701', 'MarketplaceFacilitator', printf('%.2f', -t.product_sales), '0',
                '0', '0', '0', '0', '0', '0', printf('%.2f', -t.promotional_rebates), '0', '0',
                printf('%.2f', -round(t.selling_fees * 0.8, 2)), '0', '0', '0',
                printf('%.2f', -t.product_sales - t.promotional_rebates - round(t.selling_fees * 0.8, 2)), 'Released',
                strftime(d.day + interval 7 day, '%b %-d, %Y %-I:%M:%S %p') || ' PST'
            from (select date '{first}' + i::int as day from range({days}) as r(i)) as d
            join raw.amazon_transactions as t
                on t.posted_at::DATE = d.day - (3 + hash(t.order_id, t.row_no, 6) % 25)::int
            where t.marketplace = 'amazon.com' and t.txn_type = 'order' and hash(t.order_id, t.row_no, 7) % 1000 < 30
                and t.posted_at >= date '{first}' - 28 and t.posted_at < date '{first}'
        ) to '{body}' (header false, quote '"', force_quote *)""")
    with tx.open("w", encoding="utf-8") as out:
        out.write("\n".join(TX_PREAMBLE[:10]) + "\n")
        with body.open(encoding="utf-8") as fh:
            shutil.copyfileobj(fh, out)
    cur.execute(f"""
        copy (
            with d as (select date '{first}' + i::int as day, i from range({days}) as t(i)),
            r as (
                select d.day, s.sku, s.k, round(2 + (hash(s.k, d.i) % 3000) / 100.0, 2) as spend,
                    1 + (hash(s.k, d.i, 1) % 40)::int as clicks, (hash(s.k, d.i, 2) % 3)::int as orders, s.price
                from d cross join bench_skus as s where s.k % 2 = 0
            )
            select strftime(day, '%b %d, %Y'), 'Portfolio ' || (k % 10), 'USD', 'SP - ' || sku || ' - US', 'Auto',
                'Amazon', 'US', sku, 'B0' || lpad(k::VARCHAR, 8, '0'), (clicks * 180)::VARCHAR, clicks::VARCHAR,
                printf('%.4f%%', 100.0 / 180), printf('$%.2f', spend / clicks), printf('$%.2f', spend),
                printf('$%.2f', orders * price), '', '', orders::VARCHAR, orders::VARCHAR,
                printf('%.4f%%', 100.0 * orders / clicks), orders::VARCHAR, '0', printf('$%.2f', orders * price),
                '$0.00'
            from r
        ) to '{body}' (header false)""")
    with ads.open("w", encoding="utf-8") as out:
        out.write(ADS_HEADER + "\n")
        with body.open(encoding="utf-8") as fh:
            shutil.copyfileobj(fh, out)
    cur.execute(f"""
        copy (
            select sku, 'X0' || lpad(k::VARCHAR, 8, '0'), 'B0' || lpad(k::VARCHAR, 8, '0'), name, 'New',
                printf('%.2f', price), 'No', '', 'Yes', 30 + q, 25 + q, k % 3, 5, 30 + q, '0.12', 0,
                (k % 5) * 10, 0, 0, 0, 0
            from (select *, (hash(k, '{last}') % 200)::int as q from bench_skus)
        ) to '{body}' (header false, delimiter '\t', quote '')""")
    with fba.open("w", encoding="utf-8") as out:
        out.write(FBA_HEADER + "\n")
        with body.open(encoding="utf-8") as fh:
            shutil.copyfileobj(fh, out)
    body.unlink()
    cur.close()
    out = [(tx, {}), (ads, {}), (fba, {"marketplace": "amazon.com", "as_of": last})]
    return out + [(write_sb(folder, first, last, tag), {})] if sb else out


def write_sb(folder: Path, first: date, last: date, tag: str) -> Path:
    """Writes a Sponsored Brands campaign report of [first, last] (warehouse.demo_gen.sponsored_brands' layout): three
    amazon.com campaigns with spend on every day (USD 40-160 each, 14-day sales at an ACoS near 30 %), no SKU."""
    from warehouse.demo_gen.fmt import csv_line
    from warehouse.demo_gen.sponsored_brands import HEADER

    lines = [csv_line(HEADER)]
    for i in range((last - first).days + 1):
        day = first + timedelta(days=i)
        for c, name in enumerate(("SB - Brand - Best sellers", "SB - Brand - New arrivals", "SBV - Brand video")):
            spend = round(40 + zlib.crc32(f"{tag}|{i}|{c}".encode()) % 12000 / 100, 2)
            clicks = max(1, int(spend / 1.3))
            orders = max(0, int(spend / 0.3 / 45))
            imp = clicks * 220
            lines.append(csv_line([
                f"{day:%b %d, %Y}", "Brand", "USD", name, "CPC", "US", imp, clicks, f"{clicks / imp * 100:.4f}%",
                f"${spend / clicks:,.2f}", f"${spend:,.2f}", "", "", f"${orders * 45:,.2f}", orders, orders,
                f"{orders / clicks * 100:.2f}%", "", "", "", 0, "$0.00",
            ]))  # fmt: skip
    path = folder / f"{tag}_Sponsored_Brands_Campaign_report.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- the refresh entry point (issue 14) and the pages' reads -------------------------------------------------------
def refresh_fn():
    """Returns warehouse.marts.refresh.refresh when this build has it, else None (marts refresh lazily on first read)."""
    try:
        mod = importlib.import_module("warehouse.marts.refresh")
    except ModuleNotFoundError as exc:
        if exc.name != "warehouse.marts.refresh":
            raise
        return None
    return getattr(mod, "refresh", None)


def takes(fn, name: str) -> bool:
    return name in inspect.signature(fn).parameters


LAST_STATS: dict = {}


def refresh(con, *, full: bool = False) -> float | None:
    """Returns the seconds of a writer-side refresh, None when the build refreshes lazily (nothing done here); what
    it did (mode, partitions per mart) is left in LAST_STATS."""
    fn = refresh_fn()
    if fn is None:
        if full:  # the lazy path: a cleared state key makes the next read recompute every heavy mart
            cur = con.cursor()
            if cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_mat' "
                       "and table_name = 'state'").fetchall()[0][0]:  # fmt: skip
                cur.execute("delete from marts_mat.state")
            cur.close()
        return None
    t = time.perf_counter()
    stats = fn(con, full=full) if full else fn(con)
    LAST_STATS.clear()
    LAST_STATS.update(
        mode=getattr(stats, "mode", None),
        partitions=getattr(stats, "partitions", None),
        timings=getattr(stats, "timings", None),
    )
    return time.perf_counter() - t


def period(con, base: str | None = None) -> api.Filters:
    """Returns the app's default period (last 30 days up to the latest day with data)."""
    last = api.data_bounds(con)["last"]
    return api.Filters(start=last - timedelta(days=29), end=last, base_currency=base)


def render(con, f: api.Filters) -> dict[str, float]:
    """Returns the seconds per page for the data the report and the Overview/Profit/Ads/Inventory pages read."""
    out = {}
    t = time.perf_counter()
    report = build_report(con, f)
    out["report"] = time.perf_counter() - t
    steps = {
        "overview": lambda: (
            api.kpi_compare(con, f),
            api.trend(con, f, OVERVIEW_TREND, "day"),
            api.breakdown(con, f, "marketplace"),
        ),  # fmt: skip
        "profit": lambda: api.sku_economics(con, f),
        "ads": lambda: (
            api.ad_campaigns(con, f),
            api.ad_skus(con, f),
            api.ad_channels(con, f, "channel"),
            api.ad_programs(con, f),
            api.trend(con, f, ADS_TREND, "week"),
        ),  # fmt: skip
        "inventory": lambda: api.inventory_status(con, f.end, f),
    }
    for name, step in steps.items():
        t = time.perf_counter()
        step()
        out[name] = time.perf_counter() - t
    out["total"] = sum(out.values())
    out["_report_json"] = stable_json(report.model_dump(mode="json"))
    return out


def warm_report(con, f: api.Filters, n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        build_report(con, f)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def floor(con, n: int = 3) -> float:
    times = []
    for _ in range(n):
        cur = con.cursor()
        t = time.perf_counter()
        cur.sql(FLOOR).pl()
        times.append(time.perf_counter() - t)
        cur.close()
    return statistics.median(times)


def app_open() -> dict:
    """The Warehouse options the app opens the warehouse with (ui/data.py), as far as this build has them."""
    return {"defer_checkpoint": True} if takes(Warehouse, "defer_checkpoint") else {}


def settle(con) -> float | None:
    """Waits for `con`'s background checkpoint (a deferred one); returns the seconds waited, None without one."""
    try:
        from warehouse.marts.writer_lock import wait_checkpoint
    except ImportError:
        return None
    t = time.perf_counter()
    wait_checkpoint(con)
    return round(time.perf_counter() - t, 2)


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def import_batch(wh: Warehouse, files: list[tuple[Path, dict]]) -> dict:
    """Imports the files one by one (refresh=False when the entry point takes it); returns timings and import ids."""
    kw = {"refresh": False} if takes(wh.ingest_path, "refresh") else {}
    per, ids, rows = {}, [], 0
    t0 = time.perf_counter()
    for path, opts in files:
        t = time.perf_counter()
        r = wh.ingest_path(path, opts or None, **kw)
        per[path.name] = time.perf_counter() - t
        assert r.status == "imported", r.line()
        ids.append(r.import_id)
        rows += r.rows_added
    return {"import_s": time.perf_counter() - t0, "per_file": per, "ids": ids, "rows": rows}


REFRESH_ONLY = False  # --refresh-only: time the writer's refreshes, skip every render


def until_current(wh: Warehouse, base: str | None = None, *, full: bool = False) -> dict:
    """Returns the writer's refresh time and the first render of every page after a write (the 'current' time)."""
    r = refresh(wh.con, full=full)
    f = period(wh.con, base)
    pages = {"total": 0.0, "_report_json": "{}"} if REFRESH_ONLY else render(wh.con, f)
    return {
        "refresh_s": r,
        "refresh_stats": dict(LAST_STATS),
        "pages": pages,
        "current_s": (r or 0) + pages["total"],
        "period": [str(f.start), str(f.end)],
    }


def diff(a: str, b: str, limit: int = 5) -> list[str]:
    """Returns up to `limit` paths where two report JSONs differ (numbers beyond summation noise); [] = same."""
    out: list[str] = []

    def walk(x, y, path: str) -> None:
        if len(out) >= limit:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y)):
                walk(x.get(k), y.get(k), f"{path}.{k}")
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y, strict=True)):
                walk(p, q, f"{path}[{i}]")
        elif isinstance(x, float | int) and isinstance(y, float | int) and not isinstance(x, bool):
            if abs(x - y) > max(2e-6, 1e-9 * max(abs(x), abs(y))):  # JSON rounded to 6 decimals
                out.append(f"{path}: {x} vs {y}")
        elif x != y:
            out.append(f"{path}: {str(x)[:60]} vs {str(y)[:60]}")

    x, y = json.loads(a), json.loads(b)
    for r in (x, y):  # SKU rows by SKU: two SKUs with near-equal sales may swap places in the list
        r["skus"] = sorted(r.get("skus") or [], key=lambda row: str(row.get("sku")))
    walk(x, y, "$")
    return out


def keep_incremental(wh: Warehouse, work: Path) -> Path:
    """Checkpoints the warehouse and copies its file (the incremental result, before the full rebuild); returns the
    copy's path."""
    settle(wh.con)  # a deferred checkpoint still running: not two at once
    wh.con.execute("checkpoint")
    path = work / "incremental.duckdb"
    shutil.copyfile(wh.path, path)
    return path


def marts_vs(wh: Warehouse, kept: Path) -> list[str]:
    """Returns the mart tables whose rows differ between the warehouse (after its full rebuild) and the copy `kept`
    (bench/compare_marts.py: every marts_mat / marts_base table, keys by non-floating columns, sums to 1e-6); [] =
    the same. Removes the copy."""
    spec = importlib.util.spec_from_file_location("compare_marts", Path(__file__).with_name("compare_marts.py"))
    cm = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cm)
    cur = wh.con.cursor()
    try:
        cur.execute(f"attach '{kept}' as incremental (read_only)")
        here = cur.sql("select current_database()").fetchall()[0][0]
        out = cm.differing(cm.compare(cur, "incremental", here))
        cur.execute("detach incremental")
    finally:
        cur.close()
    kept.unlink()
    return out


PERIOD_COLS = {"amazon_transactions": ("raw.amazon_transactions", "posted_at"),
               "amazon_ads_products": ("raw.amazon_ads_products", "date")}  # fmt: skip


def undo_month(wh: Warehouse, ids: list[int]) -> dict:
    """Undoes the month's imports (refresh=False when undo takes it); returns what the first attempt said.

    Dated reports (transactions, daily ads) record no period in meta.imports, so undo treats every other import of
    the same format as overlapping and re-parses it from the archive. The 5M warehouse's generated imports have no
    archived file: when that makes the undo fail (nothing changed), the month's imports get the period of their own
    rows (what the undo would use if the importer recorded it) and the undo is timed again."""
    kw = {"refresh": False} if takes(wh.undo, "refresh") else {}
    for n, i in enumerate(ids):
        try:
            wh.undo(i, **kw)
        except OSError as exc:
            cur = wh.cursor()
            for j in ids[n:]:
                fid = cur.sql("select format_id from meta.imports where import_id = ?", params=[j]).fetchall()[0][0]
                if fid in PERIOD_COLS:
                    table, col = PERIOD_COLS[fid]
                    cur.execute(
                        f"update meta.imports set period_start = (select min({col})::DATE from {table} where "
                        f"import_id = ?), period_end = (select max({col})::DATE from {table} where import_id = ?) "
                        "where import_id = ?",
                        [j, j, j],
                    )
            cur.close()
            for j in ids[n:]:
                wh.undo(j, **kw)
            return {"first_try": f"as imported, undo of #{i} failed ({type(exc).__name__}: an overlapping import's "
                    "file is not in the archive); timed with the periods of their rows recorded"}  # fmt: skip
    return {"first_try": "undone as imported"}


# -- peak memory of a reader --------------------------------------------------------------------------------------
def peak_rss_bytes() -> int:
    """Returns this process's peak resident set size in bytes: VmHWM of /proc/self/status on Linux (its own memory
    since exec), else resource.ru_maxrss. Not ru_maxrss on Linux for a child: it keeps the maximum across fork and
    exec, so a child started by a 6 GiB parent reports >= 6 GiB whatever it used (measured: a child of a process
    holding 5 GiB reported 5,253,972 KiB, 8,632 KiB alone); the 6-7.5 GiB "reader peaks" of earlier runs of this
    bench were the parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


def reader_child(db: str) -> None:
    """(child process) Opens the warehouse as the app does, renders every page's data, prints JSON with peak RSS."""
    from warehouse.core.config import load_settings

    s = load_settings(warehouse_path=db)
    t = time.perf_counter()
    wh = Warehouse(db, Path(db).parent / "archive", threads=s.duckdb_threads, memory_limit=s.duckdb_memory_limit)
    pages = render(wh.con, period(wh.con))
    pages.pop("_report_json")
    wh.close()
    peak = peak_rss_bytes()
    print(json.dumps({"peak_bytes": peak, "seconds": time.perf_counter() - t, "pages": pages}))


def reader_peak(db: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--reader-child", str(db)], capture_output=True, text=True,
                         check=True, cwd=ROOT)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare_other(con, base: str) -> dict:
    """What the sidebar runs on the first switch to `base` (warehouse.marts.other_base.prepare); {} in a build
    without it (the switch then reads plain views)."""
    try:
        other_base = importlib.import_module("warehouse.marts.other_base")
    except ModuleNotFoundError:
        return {"prepare_s": None}
    t = time.perf_counter()
    did = other_base.prepare(con, base)
    return {"prepare_s": round(time.perf_counter() - t, 2), "prepared": did, "load_prepared": load()}


def switch_after(con, base: str, day: dict) -> dict:
    """The switch's first render in `base` right after the day's refresh, and a warm rerun; whether the refresh kept
    the other base's copies current (no prepare needed) and what keeping them cost in that refresh."""
    try:
        needed = importlib.import_module("warehouse.marts.other_base").needed(con, base)
    except ModuleNotFoundError:
        needed = True
    timings = (day.get("refresh_stats") or {}).get("timings") or {}
    pages = render(con, period(con, base))
    warm = {k: v for k, v in render(con, period(con, base)).items() if k != "_report_json"}
    return {"kept": not needed, "refresh_s": None, "pages": pages, "current_s": pages["total"], "warm_pages": warm,
            "alt_timings": {k: round(v, 2) for k, v in timings.items() if k.startswith("per_base_alt")},
            "load_after": load()}  # fmt: skip


# -- the run -----------------------------------------------------------------------------------------------------
def run(src: Path, work: Path, log=print, save=None, refresh_only: bool = False) -> dict:
    """Returns the results of one run; `save(results)` is called after every step (a run cut short keeps them).

    `refresh_only`: only the imports, undo and the writer's refreshes (with RefreshStats timings per mart); no reader
    peak, warm report or page render, no base switch."""
    global REFRESH_ONLY
    REFRESH_ONLY = refresh_only
    res: dict = {"started": datetime.now().strftime("%Y-%m-%d %H:%M"), "refresh_api": refresh_fn() is not None}

    def note(msg: str) -> None:
        log(msg)
        res["writer_peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        res["finished"] = datetime.now().strftime("%Y-%m-%d %H:%M")
        res.setdefault("loads", []).append(load())
        if save:
            save(res)

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    t = time.perf_counter()
    shutil.copyfile(src, work / "wh.duckdb")
    os.sync()  # else the first commit's checkpoint also writes back the copy (bench/refresh_day.py's module doc)
    note(f"copied {src} in {time.perf_counter() - t:.0f} s; load {load()}")
    db = work / "wh.duckdb"
    wh = Warehouse(db, work / "archive")
    try:
        cur = wh.cursor()
        res["lines"] = cur.sql(
            "select count(*) filter (where txn_type = 'order'), count(*), count(distinct sku) from raw.amazon_transactions"
        ).fetchall()[0]  # fmt: skip
        cur.close()
        w = until_current(wh)  # a build with the refresh API brings the copy up to date here; the lazy one is warm
        note(f"open + first render {w['current_s']:.1f} s")
    finally:
        wh.close()
    if refresh_only:
        return _refresh_only(db, work, res, note)
    res["reader"] = reader_peak(db)
    note(f"reader peak {res['reader']['peak_bytes'] / 2**30:.2f} GiB; load {load()}")
    wh = Warehouse(db, work / "archive", **app_open())
    res["checkpoint"] = "deferred" if app_open() else "inline"
    try:
        con = wh.con
        f = period(con)
        res["warm_report_s"], res["floor_s"] = warm_report(con, f), floor(con)
        res["warm_pages"] = {k: v for k, v in render(con, f).items() if k != "_report_json"}
        res["load_warm"] = load()
        note(f"warm report {res['warm_report_s']:.2f} s, floor {res['floor_s']:.3f} s; load {load()}")
        res["switch"] = prepare_other(con, "USD")
        note(f"USD prepared (the sidebar's first switch) in {res['switch']['prepare_s']} s; load {load()}")
        last = api.data_bounds(con)["last"]
        day = last + timedelta(days=1)
        month_first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        month = (month_first, month_first.replace(day=29))
        for tag, (a, b) in (("day", (day, day)), ("month", month)):
            files = write_files(con, work / "files", a, b, tag)
            pending = settle(con)  # the prepare's or the last case's checkpoint: done before a seller's next files
            res[tag] = {"files": {p.name: p.stat().st_size for p, _ in files}, "load_before": load()}
            res[tag].update(import_batch(wh, files))
            res[tag].update(until_current(wh))
            res[tag]["load_after"] = load()
            res[tag] |= {"checkpoint_before_s": pending, "checkpoint_s": settle(con)}
            note(f"{tag} {a}..{b}: {res[tag]['rows']:,} rows imported in {res[tag]['import_s']:.1f} s, current after "
                f"{res[tag]['current_s']:.1f} s more; load {load()}")  # fmt: skip
            if tag == "day":  # the switch to USD right after the day's refresh (which kept the USD copies)
                res["switch"] |= switch_after(con, "USD", res["day"])
                note(f"CNY -> USD after the day: first render {res['switch']['current_s']:.1f} s (copies kept: "
                     f"{res['switch']['kept']}), warm rerun {res['switch']['warm_pages']['total']:.2f} s")  # fmt: skip
        incremental = res["month"]["pages"]["_report_json"]
        kept = keep_incremental(wh, work)
        res["full"] = until_current(wh, full=True) | {"load_after": load()}
        res["full"]["diff_from_incremental"] = diff(res["full"]["pages"]["_report_json"], incremental)
        res["full"]["marts_diff"] = marts_vs(wh, kept)
        note(
            f"full rebuild, current after {res['full']['current_s']:.1f} s, diff {res['full']['diff_from_incremental']}"
            f"; marts row by row: {res['full']['marts_diff'] or 'same'}"
        )
        settle(con)  # the full rebuild's checkpoint, done before the seller's undo
        t = time.perf_counter()
        res["undo"] = undo_month(wh, res["month"]["ids"]) | {"undo_s": time.perf_counter() - t}
        res["undo"] |= until_current(wh) | {"load_after": load()}
        res["undo"]["diff_from_day"] = diff(res["undo"]["pages"]["_report_json"], res["day"]["pages"]["_report_json"])
        note(
            f"undo of the month: {res['undo']['undo_s']:.1f} s, current after {res['undo']['current_s']:.1f} s more "
            f"({res['undo']['first_try']}; diff from the day: {res['undo']['diff_from_day']})"
        )
    finally:
        wh.close()
    res["writer_peak_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    res["finished"] = datetime.now().strftime("%Y-%m-%d %H:%M")
    res["loads"].append(load())
    for part in ("day", "month", "full", "undo", "switch"):
        res[part]["pages"].pop("_report_json", None)
    return res


def _refresh_only(db: Path, work: Path, res: dict, note) -> dict:
    """The day, month, full rebuild and undo cases, refresh seconds only."""
    wh = Warehouse(db, work / "archive", **app_open())
    try:
        last = api.data_bounds(wh.con)["last"]
        day = last + timedelta(days=1)
        month_first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        for tag, (a, b) in (("day", (day, day)), ("month", (month_first, month_first.replace(day=29)))):
            files = write_files(wh.con, work / "files", a, b, tag)
            res[tag] = {"load_before": load(), "checkpoint_before_s": settle(wh.con)} | import_batch(wh, files)
            res[tag].update(until_current(wh), load_after=load())
            note(f"{tag}: {res[tag]['rows']:,} rows, import {res[tag]['import_s']:.1f} s, refresh "
                 f"{res[tag]['refresh_s']:.1f} s; load {load()}")  # fmt: skip
        kept = keep_incremental(wh, work)
        res["full"] = until_current(wh, full=True) | {"load_after": load()}
        res["full"]["marts_diff"] = marts_vs(wh, kept)
        note(f"full rebuild {res['full']['refresh_s']:.1f} s; marts row by row: {res['full']['marts_diff'] or 'same'}; "
             f"load {load()}")  # fmt: skip
        settle(wh.con)
        t = time.perf_counter()
        res["undo"] = undo_month(wh, res["month"]["ids"]) | {"undo_s": time.perf_counter() - t}
        res["undo"] |= until_current(wh) | {"load_after": load()}
        note(
            f"undo of the month {res['undo']['undo_s']:.1f} s, refresh {res['undo']['refresh_s']:.1f} s; load {load()}"
        )
    finally:
        wh.close()
    for part in ("day", "month", "full", "undo"):
        res[part]["pages"].pop("_report_json", None)
    return res


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--reader-child":
        reader_child(sys.argv[2])
        sys.exit(0)
    from refresh_md import main  # this folder is the script's sys.path[0]

    main(run, DEFAULT_DB)
