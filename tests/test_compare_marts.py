"""bench/compare_marts.py: the 5M bench's row-by-row check that an incremental refresh equals a full rebuild."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent


def _module():
    spec = importlib.util.spec_from_file_location("compare_marts", ROOT / "bench" / "compare_marts.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _warehouse(path: Path, rows: list[tuple], extra: str = "") -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema marts_mat; create schema marts_base")
    con.execute("create table marts_mat.money_facts (order_id VARCHAR, sku VARCHAR, units BIGINT, net_sales DOUBLE)")
    con.executemany("insert into marts_mat.money_facts values (?, ?, ?, ?)", rows)
    con.execute("create table marts_mat.order_first_days (h UBIGINT)")  # bookkeeping: left out
    con.execute(f"insert into marts_mat.order_first_days values (1) {extra}")
    con.execute("create table marts_base.sku_days (day DATE, sku VARCHAR, net_sales_base DOUBLE)")
    con.execute("insert into marts_base.sku_days values ('2026-11-01', NULL, 10.0), ('2026-11-01', 'A', 0.1)")
    con.close()


def test_same_marts_up_to_summation_order_and_every_kind_of_difference(tmp_path):
    cm = _module()
    same = [("o1", "A", 2, 0.1 + 0.2), ("o2", None, 1, 5.0)]
    _warehouse(tmp_path / "inc.duckdb", same, ", (2)")  # an extra bookkeeping row only
    # 0.3 vs 0.1 + 0.2 (= 0.30000000000000004): the same number summed in another order
    _warehouse(tmp_path / "rebuilt.duckdb", [("o1", "A", 2, 0.3), ("o2", None, 1, 5.0)])
    _warehouse(tmp_path / "off.duckdb", [("o1", "A", 2, 0.31), ("o3", None, 1, 5.0)])  # a cent off; o2 -> o3
    con = duckdb.connect()
    con.execute("attach ':memory:' as mem")
    for name in ("inc", "rebuilt", "off"):
        con.execute(f"attach '{tmp_path / name}.duckdb' as {name} (read_only)")
    ok = cm.compare(con, "inc", "rebuilt")
    assert cm.differing(ok) == [] and set(ok) == {"marts_mat.money_facts", "marts_base.sku_days"}
    assert ok["marts_mat.money_facts"]["rows"] == 2 and 0 < ok["marts_mat.money_facts"]["max_abs"] < 1e-15
    bad = cm.compare(con, "inc", "off")
    # by hand: o1's net sales 0.30 vs 0.31 (one key), o2 only on the left and o3 only on the right (two keys)
    assert bad["marts_mat.money_facts"]["keys_differ"] == 3
    assert bad["marts_base.sku_days"]["keys_differ"] == 0  # NULL SKU keys match each other
    assert [d.split(":")[0] for d in cm.differing(bad)] == ["marts_mat.money_facts"]
    # a mart only one side has
    con.execute("create schema mem.marts_mat; create schema mem.marts_base")
    for t in ("marts_mat.money_facts", "marts_base.sku_days"):
        con.execute(f"create table mem.{t} as select * from inc.{t}")
    con.execute("create table mem.marts_base.only_here (k VARCHAR)")
    assert cm.differing(cm.compare(con, "inc", "mem")) == ["marts_base.only_here: only on the right"]
    assert cm.differing(cm.compare(con, "mem", "inc")) == ["marts_base.only_here: only on the left"]
