"""bench/bigwh.py on a tiny scale: every generated table has the rows it should, and the report has real numbers."""

from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from metrics.__main__ import main as metrics_main

ROOT = Path(__file__).resolve().parent.parent
END = date(2026, 11, 20)
LINES, SKUS, DAYS = 20_000, 50, 730


def _bigwh():
    spec = importlib.util.spec_from_file_location("bench_bigwh", ROOT / "bench" / "bigwh.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    bigwh = _bigwh()
    out = tmp_path_factory.mktemp("bigwh") / "wh.duckdb"
    result = bigwh.build(out, LINES, SKUS, END, DAYS, log=lambda *_: None)
    return bigwh, out, result


def test_generated_tables_have_the_expected_rows(built):
    bigwh, out, result = built
    assert not result["reused"] and result["materialise_s"] is not None
    counts = result["counts"]
    markets = len(bigwh.MARKETS)
    start = END - timedelta(days=DAYS - 1)
    con = duckdb.connect(str(out), read_only=True)
    try:

        def one(sql):
            return con.sql(sql).fetchall()[0]

        orders, refunds, skus, first, last = one(
            "select count(*) filter (where txn_type = 'order'), count(*) filter (where txn_type = 'refund'), "
            "count(distinct sku), min(posted_at)::date, max(posted_at)::date from raw.amazon_transactions"
        )
        assert orders == LINES and skus == SKUS and (first, last) == (start, END)
        assert 0.01 * LINES < refunds < 0.05 * LINES and counts["refunds"] == refunds
        assert counts["raw.amazon_transactions"] == LINES + refunds
        assert counts["app.tpl_sku_map"] == SKUS * markets
        assert one("select count(distinct master_sku) from app.tpl_landed_costs") == (SKUS,)
        assert counts["app.tpl_landed_costs"] == SKUS + len(range(0, SKUS, 3))  # a price rise for every third SKU
        assert counts["app.tpl_fx_rates"] == 3 * ((END - start).days + 121)
        assert counts["app.tpl_inbound_batches"] == SKUS * (DAYS // 90 + 2)
        assert counts["raw.amazon_fba_inventory"] == SKUS * markets * ((DAYS - 1) // 7 + 1)
        advertised = len(range(0, SKUS, 2)) + len(range(0, SKUS, 6))  # amazon.com even SKUs, amazon.de every sixth
        assert 0.93 * advertised * DAYS < counts["raw.amazon_ads_products"] <= advertised * DAYS
        assert one("select count(distinct snapshot_date) from app.tpl_own_stock")[0] >= 24
        assert one("select count(*) from meta.imports where options->>'generated_by' = 'bench/bigwh.py'") == (8,)
        for table, _ in bigwh.TABLES:  # every row belongs to its table's meta.imports row
            ids = one(f"select count(distinct import_id), count(*) filter (where row_no is null) from {table}")
            assert ids == (1, 0), table
    finally:
        con.close()


def test_report_on_it_has_real_numbers_and_it_is_reused(built, capsys):
    bigwh, out, first = built
    start = END - timedelta(days=29)
    assert metrics_main(["report", "--db", str(out), "--start", str(start), "--end", str(END)]) == 0
    report = json.loads(capsys.readouterr().out)
    k = report["kpis"]
    for key in ("net_sales", "units", "ad_spend", "cogs", "inventory_value", "days_of_inventory"):
        assert k[key] and k[key] != 0, key
    assert k["cost_coverage"] == pytest.approx(1.0)  # landed costs cover every SKU
    assert k["refunds"] < 0 and 0 < k["acos"] < 1
    assert len(report["skus"]) == SKUS
    assert not [w for w in report["warnings"] if "rate" in w or "landed cost" in w]
    again = bigwh.build(out, LINES, SKUS, END, DAYS, log=lambda *_: None)
    assert again["reused"] and again["counts"] == first["counts"]


def test_the_refresh_benchs_day_files_refund_older_orders(built, tmp_path):
    # bench/refresh.py's day files are a real day: new orders and refunds of ~3 % of the order lines of 3-27 days
    # before (as bigwh makes them); a bench day without refunds hid 16 s of a day's refresh at 5M (BENCHMARKS.md)
    import shutil

    from warehouse.ingest.importer import Warehouse

    spec = importlib.util.spec_from_file_location("bench_refresh", ROOT / "bench" / "refresh.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    _, out, _ = built
    shutil.copyfile(out, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive", refresh=False)
    try:
        day = END + timedelta(days=1)  # ten days' files: ~20 order lines a day at this scale
        files = bench.write_files(wh.con, tmp_path / "files", day, day + timedelta(days=9), "day")
        bench.import_batch(wh, files)
        con = wh.con
        tx = "select count(*) from raw.amazon_transactions where posted_at::DATE >= ? and txn_type = ?"
        refunds, orders = (con.sql(tx, params=[day, t]).fetchall()[0][0] for t in ("refund", "order"))
        assert orders > 0 and 0 < refunds < orders * 0.1
        # each refund gives back its own older order line's sales, from an order 3-27 days before
        pairs = con.sql(
            "select r.product_sales + o.product_sales, date_diff('day', o.posted_at::DATE, r.posted_at::DATE) "
            "from raw.amazon_transactions as r join raw.amazon_transactions as o on o.order_id = r.order_id "
            "and o.sku = r.sku and o.txn_type = 'order' where r.txn_type = 'refund' and r.posted_at::DATE >= ?",
            params=[day],
        ).fetchall()
        assert len(pairs) == refunds and all(abs(s) < 0.005 and 3 <= d <= 27 for s, d in pairs)
    finally:
        wh.close()


def test_the_refresh_bench_compares_every_mart_row_with_a_full_rebuild(built, tmp_path):
    # bench/refresh.py --refresh-only on the tiny warehouse: a day's and a month's files refreshed incrementally,
    # then a full rebuild compared with a copy of the incremental file, table by table (bench/compare_marts.py)
    spec = importlib.util.spec_from_file_location("bench_refresh", ROOT / "bench" / "refresh.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    _, out, _ = built
    res = bench.run(out, tmp_path / "work", log=lambda *_: None, refresh_only=True)
    assert res["day"]["rows"] > 0 and res["month"]["rows"] > res["day"]["rows"]
    assert res["full"]["refresh_stats"]["mode"] == "full"
    assert res["full"]["marts_diff"] == []  # the incremental marts equal the rebuilt ones, row by row
    assert not (tmp_path / "work" / "incremental.duckdb").exists()


def test_a_bench_childs_peak_memory_is_its_own_not_its_parents():
    # bench/refresh.py reports the reader child's peak; ru_maxrss keeps the parent's across fork + exec, so a child
    # of a 6 GiB bench process once reported 6.29 GiB for a reader that peaks at 1.0 GiB when started alone
    import subprocess
    import sys

    held = bytearray(1 << 30)  # this process holds 1 GiB (touched, so resident) when it starts the child
    for i in range(0, len(held), 4096):
        held[i] = 1
    code = (
        "import importlib.util, sys; spec = importlib.util.spec_from_file_location('r', sys.argv[1]); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); print(m.peak_rss_bytes())"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "bench" / "refresh.py")], capture_output=True,
                         text=True, check=True, cwd=ROOT)  # fmt: skip
    peak = int(out.stdout.strip().splitlines()[-1])
    assert 10 << 20 < peak < 600 << 20  # the child's own imports (~75 MiB), far below the parent's 1 GiB
    del held
