"""The demo company's two amazon.com stores: the main store (`default`) and the smaller "Lumora Outlet" are kept
apart in every fact, and the per-store figures add up to the whole (no fact lost or counted in two stores)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from metrics.core import api
from tests.conftest import rows
from warehouse.demo_gen.outlet import STORE as OUTLET
from warehouse.ingest.importer import Warehouse

OCTOBER = api.Filters(start=date(2026, 10, 1), end=date(2026, 10, 31))
ADDITIVE = ("net_sales", "gross_sales", "units", "orders", "marketplace_fees", "other_fees", "ad_spend", "cogs",
            "net_profit")  # fmt: skip


@pytest.fixture(scope="module")
def demo(demo_warehouse_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("stores") / "wh.duckdb"
    shutil.copyfile(demo_warehouse_file, path)
    w = Warehouse(path, path.parent / "archive")
    yield w
    w.close()


def test_the_demo_has_two_amazon_us_stores(demo):
    assert api.stores(demo.con) == ["default", OUTLET]
    by_store = dict(rows(demo, "select coalesce(store, '-'), count(*) from meta.imports group by 1"))
    assert by_store[OUTLET] >= 20 and by_store["default"] > 400 and by_store["-"] >= 6  # templates: no store
    markets = rows(demo, "select distinct marketplace from staging.money where store = ? order by 1", [OUTLET])
    assert markets == [("amazon.com",)]


def test_both_stores_pay_their_own_subscription(demo):
    # the same monthly Subscription (39.99 USD on the 2nd) in each account: October 2026 holds one per store, once
    # (the main store's settlement V2 file repeats it; the transaction report outranks the settlement in marts)
    got = rows(
        demo,
        "select store, count(*), sum(total) from marts.money_lines where marketplace = 'amazon.com' "
        "and txn_type = 'subscription' and event_date between '2026-10-01' and '2026-10-31' group by 1 order by 1",
    )
    assert got == [("Lumora Outlet", 1, -39.99), ("default", 1, -39.99)]


def test_store_figures_add_up_to_the_whole(demo):
    whole = api.kpis(demo.con, OCTOBER)
    parts = [api.kpis(demo.con, OCTOBER.model_copy(update={"store": s})) for s in ("default", OUTLET)]
    for mid in ADDITIVE:
        total = sum(p[mid] or 0 for p in parts)
        assert total == pytest.approx(whole[mid] or 0, rel=1e-9, abs=1e-6), mid
    outlet = parts[1]
    assert 0 < outlet["net_sales"] < 0.1 * parts[0]["net_sales"]  # the smaller store
    assert outlet["ad_spend"] > 0 and outlet["cost_coverage"] == pytest.approx(1.0, abs=1e-3)
    by = api.breakdown(demo.con, OCTOBER, "store")
    assert sorted(by["store"].to_list()) == ["Lumora Outlet", "default"]
    assert by["net_sales"].sum() == pytest.approx(whole["net_sales"], rel=1e-9)


def test_the_meeting_compares_the_stores(demo):
    from metrics.meeting.views import build_views

    views = build_views(demo.con, OCTOBER.start, OCTOBER.end)
    sales = {r["store"]: r for r in views["sales"]["tables"]["by_store"]}
    finance = {r["store"]: r for r in views["finance"]["tables"]["by_store"]}
    assert set(sales) == set(finance) == {"default", OUTLET}
    whole = api.kpis(demo.con, OCTOBER)
    assert sum(r["net_sales"] for r in sales.values()) == pytest.approx(whole["net_sales"], rel=1e-9)
    assert sum(r["net_profit"] for r in finance.values()) == pytest.approx(whole["net_profit"], rel=1e-9)
