"""The base currency is a view, not a rebuild: the materialised marts hold original currencies only, so switching
the base reuses them, and the numbers are those of a warehouse whose marts were first built under that base.

On the demo company (CNY batches, USD/EUR/JPY/INR sales, TikTok Shop, Shopify, ads): warehouse A builds its marts
while the view is in CNY, then switches to USD; warehouse B (a copy) builds them fresh while the view is in USD.
Every KPI of the last 30 days and the last 12 months, in both calendars, and every sku_days row must agree.
"""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from metrics.core import api, query
from warehouse.ingest.importer import Warehouse


def _open(demo_warehouse_file, folder):
    folder.mkdir()
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    cur = wh.con.cursor()
    cur.execute("drop schema if exists marts_mat cascade")  # built below, under the base of the first reader
    cur.close()
    return wh


def _state(wh) -> tuple:
    with query.cursor(wh.con) as cur:
        key = cur.sql("select quick, conv from marts_mat.refresh_state").fetchall()
        tables = cur.sql(
            "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts_mat' order by 1"
        ).fetchall()
    return key, tables


def test_switching_base_equals_rebuild_in_that_base(demo_warehouse_file, tmp_path):
    a = _open(demo_warehouse_file, tmp_path / "a")
    b = _open(demo_warehouse_file, tmp_path / "b")
    try:
        last = api.data_bounds(a.con)["last"]
        periods = [(last - timedelta(days=29), last), (last - timedelta(days=364), last)]
        cny = api.kpis(a.con, api.Filters(start=periods[0][0], end=last, base_currency="CNY"))  # A builds in CNY
        built = _state(a)
        sku_days = "select * from marts.sku_days order by all"
        for start, end in periods:
            for calendar in ("operational", "financial"):
                fa = api.Filters(start=start, end=end, base_currency="USD", calendar=calendar)
                ka, kb = api.kpis(a.con, fa), api.kpis(b.con, fa)  # B builds in USD on its first read
                assert ka.keys() == kb.keys()
                for mid, value in ka.items():
                    assert kb[mid] == (None if value is None else pytest.approx(value, rel=1e-9, abs=1e-6)), mid
        assert _state(a) == built  # the switch to USD rebuilt nothing
        assert cny["net_sales"] != ka["net_sales"]  # CNY and USD really differ
        f = api.Filters(start=periods[1][0], end=last, base_currency="USD")
        with query.cursor(a.con, f) as ca, query.cursor(b.con, f) as cb:
            rows_a, rows_b = ca.sql(sku_days).fetchall(), cb.sql(sku_days).fetchall()
        assert len(rows_a) == len(rows_b)
        for ra, rb in zip(rows_a, rows_b, strict=True):
            assert _same(ra, rb), (ra, rb)
    finally:
        a.close()
        b.close()


def _same(ra: tuple, rb: tuple) -> bool:
    """Returns whether two rows agree: numbers to 1e-6 (sums in another order), everything else exactly."""
    for x, y in zip(ra, rb, strict=True):
        if isinstance(x, float) and isinstance(y, float):
            if abs(x - y) > 1e-6 * max(1.0, abs(x)):
                return False
        elif x != y:
            return False
    return True
