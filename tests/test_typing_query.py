"""The typing query parses each number cell once (inner projections) and gives exactly the rows of the query that
writes the number expression in place: every export fixture, every column, NULLs and unparsable cells included."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import FIXTURES
from warehouse.ingest.detect import ImportRejected, detect
from warehouse.ingest.importer import _resolve_dates
from warehouse.ingest.parse import _read_source, typed_statements

EXPORTS = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md")


def _typed(cur, fmt, ctx, shared: bool) -> tuple[list[str], list[tuple]]:
    statements = typed_statements(cur, fmt, ctx, shared_numbers=shared)
    for sql in statements:
        cur.execute(sql)
    return statements, cur.sql("select * from typed order by row_no").fetchall()


def _prepared(path):
    raw = path.read_bytes()
    try:
        fmt, ctx = detect(raw, path.name, {})
        fmt.inspect(ctx)
        _resolve_dates(fmt, ctx)
    except ImportRejected:
        return None
    return raw, fmt, ctx


@pytest.fixture(scope="module")
def con(empty_warehouse_file, tmp_path_factory):
    """One migrated warehouse for every file (typing reads `meta.customer_salt`); each file gets its own cursor."""
    path = tmp_path_factory.mktemp("typing") / "wh.duckdb"
    shutil.copyfile(empty_warehouse_file, path)
    c = duckdb.connect(str(path))
    yield c
    c.close()


@pytest.mark.parametrize("path", EXPORTS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_shared_number_columns_give_the_same_rows(con, path):
    got = _prepared(path)
    if got is None:
        pytest.skip("needs import options (a period or snapshot date)")
    raw, fmt, ctx = got
    cur = con.cursor()
    try:
        _read_source(cur, ctx, path, raw)
    except ImportRejected:
        pytest.skip("a fixture the importer refuses (bad-input cases)")
    shared_sql, shared = _typed(cur, fmt, ctx, True)
    plain_sql, plain = _typed(cur, fmt, ctx, False)
    assert shared == plain  # same rows, same order, same types (DuckDB compares DOUBLE/BIGINT/None exactly)
    if any(c.kind in ("num", "int", "pct") for c in fmt.columns if c.name in fmt.header_map(ctx.header)):
        # the point of it: the shared query is much shorter to plan
        assert len("".join(shared_sql)) < len("".join(plain_sql))


def test_enough_fixtures_are_compared():
    """The comparison above must cover most export fixtures, not skip them all."""
    assert sum(_prepared(p) is not None for p in EXPORTS) >= 20
