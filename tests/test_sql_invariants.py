"""Every query in sql/tests/ must return zero rows on the golden warehouse and on one with a missing FX rate."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics import query
from tests.test_metrics_golden import GOLDEN, build_golden
from warehouse.importer import Warehouse

SQL_TESTS = sorted((Path(__file__).resolve().parent.parent / "sql" / "tests").glob("*.sql"))


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
    yield {"golden": gold, "nofx": bare}
    gold.close()
    bare.close()


def test_there_are_invariants():
    assert len(SQL_TESTS) >= 10


@pytest.mark.parametrize("path", SQL_TESTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("which", ["golden", "nofx"])
def test_invariant_returns_no_rows(warehouses, which, path):
    with query.cursor(warehouses[which].con) as cur:  # the marts as every page sees them (materialised)
        rows = cur.sql(path.read_text(encoding="utf-8")).fetchall()
    assert rows == [], f"{path.name} on {which}: {rows[:5]}"


def test_an_invariant_catches_a_broken_mart(warehouses):
    # a fact converted at 1.0 without a rate is exactly what no_base_without_fx must report
    with query.cursor(warehouses["nofx"].con) as cur:
        body = (GOLDEN.parent.parent.parent.parent / "sql" / "tests" / "no_base_without_fx.sql").read_text()
        broken = body.replace("marts.money_lines", "(select * replace (1.0 as fx_rate) from marts.money_lines)")
        assert cur.sql(broken).fetchall() != []
