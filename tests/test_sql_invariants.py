"""Every query in sql/tests/ must return zero rows on the golden warehouse, on one with a missing FX rate, on one
warehouse per Amazon payments fixture (every locale and layout, the cases) and on the demo company."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from metrics.core import query
from tests.test_metrics_golden import GOLDEN, build_golden
from warehouse.ingest.importer import Warehouse

SQL_TESTS = sorted((Path(__file__).resolve().parent.parent / "sql" / "tests").glob("*.sql"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# every payments fixture: transaction reports of every locale and layout, settlements, all-orders, the cases
PAYMENT_FILES = sorted(
    [p for d in ("amazon_transactions", "amazon_settlement", "amazon_all_orders", "tiktok_orders", "shopify_orders")
     for p in (FIXTURES / "exports" / d).iterdir()]
    + list((FIXTURES / "cases").glob("amazon_*.csv"))
)  # fmt: skip


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    gold = build_golden(tmp_path_factory.mktemp("golden"))
    # a second warehouse where USD has no rate and the allocation rule leaves charges unallocated
    folder = tmp_path_factory.mktemp("nofx")
    bare = Warehouse(folder / "wh.duckdb", folder / "archive")
    for name in ("sku_map.csv", "transactions_us.csv", "transactions_de.csv", "inbound_batches.csv"):
        assert bare.ingest_path(GOLDEN / name).status == "imported"
    cur = bare.cursor()
    cur.execute("insert into app.settings (key, value) values ('allocation_rule', 'unallocated')")
    cur.close()
    # one warehouse with every payments fixture, all importable ones side by side
    folder = tmp_path_factory.mktemp("payments")
    payments = Warehouse(folder / "wh.duckdb", folder / "archive")
    for path in PAYMENT_FILES:
        payments.ingest_path(path)
    yield {"golden": gold, "nofx": bare, "payments": payments}
    gold.close()
    bare.close()
    payments.close()


def test_there_are_invariants():
    assert len(SQL_TESTS) >= 10


@pytest.mark.parametrize("path", SQL_TESTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("which", ["golden", "nofx", "payments"])
def test_invariant_returns_no_rows(warehouses, which, path):
    with query.cursor(warehouses[which].con) as cur:  # the marts as every page sees them (materialised)
        rows = cur.sql(path.read_text(encoding="utf-8")).fetchall()
    assert rows == [], f"{path.name} on {which}: {rows[:5]}"


def test_payment_fixtures_imported(warehouses):
    with query.cursor(warehouses["payments"].con) as cur:
        n = cur.sql("select count(distinct import_id) from marts.money_lines").fetchall()[0][0]
    assert n >= 8  # a file that only overlaps an earlier one adds no rows; most files add their own


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo_inv")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    w = Warehouse(folder / "wh.duckdb", folder / "archive")
    yield w
    w.close()


@pytest.mark.parametrize("path", SQL_TESTS, ids=lambda p: p.stem)
def test_invariant_on_demo(demo, path):
    """The demo company (every channel, a year of data): each invariant returns no rows."""
    with query.cursor(demo.con) as cur:
        rows = cur.sql(path.read_text(encoding="utf-8")).fetchall()
    assert rows == [], f"{path.name} on the demo: {rows[:5]}"


def test_an_invariant_catches_a_broken_mart(warehouses):
    # a fact converted at 1.0 without a rate is exactly what no_base_without_fx must report
    with query.cursor(warehouses["nofx"].con) as cur:
        body = (GOLDEN.parent.parent.parent.parent / "sql" / "tests" / "no_base_without_fx.sql").read_text()
        broken = body.replace("marts.money_lines", "(select * replace (1.0 as fx_rate) from marts.money_lines)")
        assert cur.sql(broken).fetchall() != []
