"""The warm report's shortcuts change speed, never a number.

1. `metrics.core.derive.derive_frame` (the derived KPIs as column expressions, used for the ~2,000-row SKU table)
   gives exactly what `derive` gives row by row, on random sums with missing values, zeros and negatives.
2. The SKU table's per-unit waterfall adds up: the signed per-unit components (gross sales, promotions, refunds,
   marketplace fees, landed cost shown negative, other fees, other income, ad spend shown negative) sum to the per-unit
   net profit on every SKU with units, and the loss flags say what the numbers say.
3. A query session evaluates marts.expense_days and return_lines once into temporary tables of its cursor
   (`metrics.core.query.SNAPSHOT`; return_lines only where the cursor does not read the writer's copy of it): the
   expense figures are those of the view, and the table goes with the session.
4. The inventory KPIs' per-SKU rows are the same whether the last stock day is asked first (the copies' path) or
   found inside the one query (the plain views' path), and value the stock as marts.inventory_days does row by row
   (they read the unit stock rows and value them once per SKU).
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from metrics.core import api, query
from metrics.core.derive import DERIVED, derive, derive_frame
from metrics.core.registry import METRICS
from metrics.sales.sku import WATERFALL, sku_frame
from tests.conftest import order_key_sql
from warehouse.ingest.importer import Warehouse
from warehouse.marts import per_base

SUMS = [m.id for m in METRICS if m.sql and m.mart in ("sku_days", "order_lines")]
PNL = Path(__file__).resolve().parent / "fixtures" / "exports" / "pnl"


def _value(rng: random.Random):
    return rng.choice([None, 0, 0.0, rng.randint(-50, 500), rng.uniform(-1e4, 1e5), rng.uniform(-1, 1)])


def test_derive_frame_equals_derive_row_by_row():
    rng = random.Random(20261201)
    rows = [{i: _value(rng) for i in SUMS} for _ in range(400)]
    frame = pl.DataFrame([{k: (None if v is None else float(v)) for k, v in r.items()} for r in rows],
                         schema={i: pl.Float64 for i in SUMS})  # fmt: skip
    got = derive_frame(frame)
    for n, row in enumerate(rows):
        want = derive(row)
        for m in DERIVED:
            w, g = want[m.id], got[m.id][n]
            assert (w is None) == (g is None), (m.id, n, w, g)
            if w is not None:
                assert g == float(w), (m.id, n, w, g)  # the same sums in the same order: equal, not approximately


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    shutil.copyfile(demo_warehouse_file, folder / "wh.duckdb")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    yield wh
    wh.close()


def test_sku_waterfall_adds_up_to_net_profit(demo):
    last = api.data_bounds(demo.con)["last"]
    f = api.Filters(start=last.replace(day=1), end=last)
    frame = sku_frame(demo.con, f)
    assert frame.height > 10
    parts = [c for c in WATERFALL if c not in ("u_net_profit", "u_purchase", "u_first_mile", "u_duty", "u_cost_other")]
    checked = 0
    for r in frame.iter_rows(named=True):
        if r["units"]:
            # net profit = gross + promotions + refunds + fees − landed cost + other fees + other income − ad spend
            assert sum(r[c] or 0.0 for c in parts) == pytest.approx(r["u_net_profit"], abs=1e-6), r["sku"]
            assert r["u_net_profit"] == pytest.approx(r["net_profit"] / r["units"])
            checked += 1
        else:
            assert all(r[c] is None for c in WATERFALL), r["sku"]
        assert r["is_loss"] == (r["net_profit"] is not None and r["net_profit"] < 0)
        cba, np_ = r["contribution_before_ads"], r["net_profit"]
        assert r["is_loss_after_ads"] == (cba is not None and np_ is not None and cba >= 0 > np_)
    assert checked > 10


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm_pnl")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    for name in ["sku_map.csv", "fx_rates.csv", "landed_costs.csv", "transactions_us.csv", "expenses.csv"]:
        assert wh.ingest_path(PNL / name).status == "imported"
    yield wh
    wh.close()


def test_session_reads_expenses_from_its_snapshot(company):
    con = company.con
    f = api.Filters(start=date(2026, 1, 1), end=date(2026, 2, 28))
    sql = "select category, sum(amount_base) from marts.expense_days where day between ? and ? group by 1 order by 1"
    with query.cursor(con, f) as cur:
        plain = cur.sql(sql, params=[f.start, f.end]).fetchall()
    assert plain and all(v > 0 for _, v in plain)  # the fixture's expenses are there
    with query.session(con, f):
        with query.cursor(con, f) as cur:
            inside = cur.sql(sql, params=[f.start, f.end]).fetchall()
            tables = cur.sql("select table_name from duckdb_tables() where temporary").fetchall()
        kpis = api.kpis(con, f)
    # the same rows summed (in another order: DOUBLE sums may differ in the last digits)
    assert [c for c, _ in inside] == [c for c, _ in plain]
    assert [v for _, v in inside] == pytest.approx([v for _, v in plain], rel=1e-12)
    # by hand (tests/test_pnl_golden.py): Jan 32,200 + Feb 33,880 = 66,080 CNY; salaries 31,000 × 2
    assert sum(v for _, v in inside) == pytest.approx(66080)
    assert dict(inside)["salaries"] == pytest.approx(62000)
    assert ("session_expense_days",) in tables
    assert kpis["expenses"] == pytest.approx(66080)
    with query.cursor(con, f) as cur:  # the session's cursor, and its temporary table, are gone
        assert not cur.sql("select count(*) from duckdb_tables() where temporary").fetchall()[0][0]


@pytest.mark.parametrize("copies", [True, False])
@pytest.mark.parametrize("name", query.SNAPSHOT)
def test_every_snapshot_holds_the_views_rows(demo, name, copies, monkeypatch):
    """Inside a session a SNAPSHOT view reads its temporary table, or the writer's copy where the cursor reads the
    copies directly (return_lines, per_base.BASE_FREE: then no snapshot); `copies=False`: every view plain."""
    con = demo.con
    last = api.data_bounds(con)["last"]
    f = api.Filters(start=last.replace(day=1), end=last)
    sql = f"select * from marts.{name} order by all"
    with query.cursor(con, f) as cur:
        plain = cur.sql(sql).fetchall()
    if not copies:
        monkeypatch.setattr(query, "direct_state", lambda cur: ([], None))
    with query.session(con, f), query.cursor(con, f) as cur:
        inside = cur.sql(sql).fetchall()
        temp = {r[0] for r in cur.sql("select table_name from duckdb_tables() where temporary").fetchall()}
        if copies and name in per_base.BASE_FREE:
            assert f"session_{name}" not in temp
        else:
            assert cur.sql(f"select count(*) from session_{name}").fetchall()[0][0] == len(plain)
    assert inside == plain and plain  # the demo company has expenses and returns


def test_inventory_per_sku_same_with_the_stock_day_asked_first(demo, monkeypatch):
    """The copies' path asks the last stock day first (metrics.planning.inventory.STOCK_DAY_SQL); the plain path
    finds it in the same query. Both give the same rows: end days with and without a stock snapshot, an end with
    no snapshot in the quarter before it, a SKU search (the only case whose SQL keeps the SKU test), a store, a period
    before any stock."""
    from metrics.planning import inventory

    con = demo.con
    last = api.data_bounds(con)["last"]
    first = api.data_bounds(con)["first"]
    cases = [
        api.Filters(start=last - timedelta(days=29), end=last),
        api.Filters(start=last - timedelta(days=29), end=last + timedelta(days=40)),  # after the last snapshot
        # no snapshot in the quarter before the end (inventory.STOCK_DAY_WINDOW): the whole history's last one
        api.Filters(start=last + timedelta(days=120), end=last + timedelta(days=150)),
        api.Filters(start=last - timedelta(days=200), end=last - timedelta(days=100), sku_search="cam"),
        api.Filters(start=first - timedelta(days=60), end=first - timedelta(days=30)),  # before any stock
    ]
    stores = [r[0] for r in con.sql("select distinct store from meta.imports order by 1").fetchall()]
    cases.append(api.Filters(start=last - timedelta(days=29), end=last, store=stores[-1]))
    for f in cases:
        with query.cursor(con, f) as cur:
            assert query.reads_copies(cur)
            fast = inventory.per_sku(cur, f)
            with monkeypatch.context() as m:
                m.setattr(query, "reads_copies", lambda cur: False)
                plain = inventory.per_sku(cur, f)
        # same rows; sums to 1e-9 relative (parallel double sums may differ in their last bits between runs)
        assert_frame_equal(fast, plain, rel_tol=1e-9, abs_tol=1e-9)
        if f.start > last:  # the fallback found the last snapshot, 120+ days before the end
            assert fast["has_stock"].any() and fast["available"].sum() > 0
    assert fast.height > 0


@pytest.mark.parametrize("how", ["period", "store", "usd", "older"])
def test_inventory_per_sku_values_stock_as_inventory_days(demo, how):
    """metrics.planning.inventory.per_sku values stock per SKU (landed_cost_unit × Σ on_hand); marts.inventory_days
    values each stock row (on_hand × landed_cost_unit). Per SKU: the end day's value and the value summed over the
    period's days are the same both ways, in the base in force and in USD, for a store, for an older period."""
    from metrics.planning import inventory

    con = demo.con
    last = api.data_bounds(con)["last"]
    store = con.sql("select store from marts.inventory_stock where store is not null order by 1 limit 1").fetchall()
    f = api.Filters(start=last - timedelta(days=29), end=last)
    f = {"period": f, "store": f.model_copy(update={"store": store[0][0]}), "usd": f.model_copy(update={"base_currency": "USD"}),
         "older": f.model_copy(update={"start": last - timedelta(days=120), "end": last - timedelta(days=61)})}[how]  # fmt: skip
    with query.cursor(con, f) as cur:
        got = inventory.per_sku(cur, f)
        want = cur.sql(
            "with d as (select * from marts.inventory_days where ($store::VARCHAR is null or store = $store)), "
            "e as (select max(day) as day from d where day <= $end) "
            "select master_sku as sku, sum(inventory_value) filter (where d.day = e.day) as at_end, "
            "sum(inventory_value) filter (where d.day between $start and $end) as over_days "
            "from d, e group by 1",
            params={"store": f.store, "start": f.start, "end": f.end},
        ).pl()
    both = got.join(want, on="sku", how="inner")
    assert both.height > 10 and both["at_end"].drop_nulls().len() > 10
    for mine, theirs in (("inventory_value", "at_end"), ("value_days", "over_days")):
        for a, b, sku in zip(both[mine], both[theirs], both["sku"]):
            assert (a is None) == (b is None), (sku, mine, a, b)
            if a is not None:
                assert a == pytest.approx(b, rel=1e-12, abs=1e-9), (sku, mine)


def test_orders_count_each_store_order_pair_once():
    """Orders = distinct (store, order id) pairs with units (registry `orders`). By hand, 2026-11-03..04:
    store "eu|de" order "1001" (two SKU lines: 1 order) + store "eu" order "de|1001" (another account's order whose
    'store|order' text is the same "eu|de|1001": 1 more) + store "us" order "1001" (1) + a refund line and a
    zero-unit line (not orders) + an order line outside the period (not counted) = 3 orders; by SKU: A 2 (eu|de's and
    us'), B 2 (eu|de's and eu's)."""
    import duckdb

    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute(
        "create table marts.order_lines (event_date DATE, posted_date DATE, store VARCHAR, channel VARCHAR, order_id VARCHAR, "
        "txn_type VARCHAR, units INTEGER, master_sku VARCHAR)"
    )
    con.execute(
        "insert into marts.order_lines values "
        "('2026-11-03', '2026-11-05', 'eu|de', 'amazon', '1001', 'order', 1, 'A'), "
        "('2026-11-03', '2026-11-05', 'eu|de', 'amazon', '1001', 'order', 2, 'B'), "
        "('2026-11-04', '2026-11-06', 'eu', 'amazon', 'de|1001', 'order', 1, 'B'), "
        "('2026-11-04', '2026-11-06', 'us', 'shopify', '1001', 'order', 3, 'A'), "
        "('2026-11-04', '2026-11-06', 'us', 'shopify', '2002', 'refund', -1, 'A'), "
        "('2026-11-04', '2026-11-06', 'us', 'shopify', '3003', 'order', 0, 'A'), "
        "('2026-11-05', '2026-11-07', 'us', 'shopify', '4004', 'order', 1, 'A')"
    )
    # the count reads order_key: the pair as one number, made as sql/marts/money_facts.sql makes it
    key = order_key_sql()
    con.execute("alter table marts.order_lines add column order_key HUGEINT")
    con.execute(f"update marts.order_lines set order_key = {key}")
    f = api.Filters(start=date(2026, 11, 3), end=date(2026, 11, 4))
    cur = con.cursor()
    assert query.sums(cur, f, marts=("order_lines",))["orders"].to_list() == [3]
    # the total adds up the channels' counts (a store's orders are its channel's): amazon 2 (eu|de's, eu's), shopify 1
    amazon = f.model_copy(update={"channel": "amazon"})
    assert query.sums(cur, amazon, marts=("order_lines",))["orders"].to_list() == [2]
    by_sku = query.sums(cur, f, "master_sku", marts=("order_lines",)).sort("key")
    assert dict(zip(by_sku["key"], by_sku["orders"])) == {"A": 2, "B": 2}
