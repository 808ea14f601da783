"""Stores (seller accounts): identical rows of two stores kept apart, overlap de-duplicated within a store, undo and
replay keep the store, the report's --store, and a warehouse from before stores migrating to the store `default`.

Fixtures (tests/fixtures/exports/stores/, Amazon US transaction report layout, July 2026, USD):
- store_a_july.csv: order 111-0000001-0000001 DEMO-LAMP ×2, product sales 59.98, selling fees −9.00, FBA fees −8.10,
  total 42.88; Service Fee "Subscription" −39.99 on Jul 5.
- store_b_july.csv: order 111-0000002-0000002 DEMO-LAMP ×1, product sales 29.99, selling fees −4.50, FBA fees −4.05,
  total 21.44; the very same Subscription row (byte for byte) as store A.
- store_a_subscription_only.csv: store A's Subscription row alone (an overlapping download).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from metrics.__main__ import main as metrics_main
from metrics.core import api
from tests.conftest import rows, table_state
from warehouse.ingest.importer import Warehouse
from warehouse.ingest.replay import replay

STORES = Path(__file__).resolve().parent / "fixtures" / "exports" / "stores"
A, B, A_SUB = STORES / "store_a_july.csv", STORES / "store_b_july.csv", STORES / "store_a_subscription_only.csv"
JULY = api.Filters(start=date(2026, 7, 1), end=date(2026, 7, 31), base_currency="USD")


def _money(wh: Warehouse) -> dict:
    """Returns {store: (lines, sum of total)} from staging.money."""
    got = rows(wh, "select store, count(*), round(sum(total), 2) from staging.money group by all")
    return {s: (n, t) for s, n, t in got}


def _shown(markdown: str) -> str:
    """Returns an element's text as the seller reads it (values from files are escaped, never rendered)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _two_stores(wh: Warehouse) -> None:
    assert wh.ingest_path(A, store="default").status == "imported"
    assert wh.ingest_path(B, store="Outlet US").status == "imported"


def test_identical_rows_of_two_stores_are_both_kept(wh):
    _two_stores(wh)
    # 2 rows per file, nothing de-duplicated across stores: 4 raw rows
    assert rows(wh, "select count(*) from raw.amazon_transactions") == [(4,)]
    added = rows(wh, "select store, rows_added, rows_present from meta.imports order by import_id")
    assert added == [("default", 2, 0), ("Outlet US", 2, 0)]
    # totals as reported: A 42.88 − 39.99 = 2.89; B 21.44 − 39.99 = −18.55 (the subscription counted in each)
    assert _money(wh) == {"default": (2, 2.89), "Outlet US": (2, -18.55)}
    both = api.kpis(wh.con, JULY)
    a = api.kpis(wh.con, JULY.model_copy(update={"store": "default"}))
    b = api.kpis(wh.con, JULY.model_copy(update={"store": "Outlet US"}))
    # net sales: A 59.98, B 29.99, together 59.98 + 29.99 = 89.97; units 2 + 1 = 3
    assert (round(a["net_sales"], 2), round(b["net_sales"], 2), round(both["net_sales"], 2)) == (59.98, 29.99, 89.97)
    assert (a["units"], b["units"], both["units"]) == (2, 1, 3)
    # every fee and charge, whichever bucket holds the subscription: A −9.00 − 8.10 − 39.99 = −57.09,
    # B −4.50 − 4.05 − 39.99 = −48.54, together −105.63 (two subscriptions, not one)
    fees = {k: round(v["marketplace_fees"] + v["other_fees"], 2) for k, v in (("a", a), ("b", b), ("all", both))}
    assert fees == {"a": -57.09, "b": -48.54, "all": -105.63}
    # the per-store breakdown adds up to the whole
    by = {r["store"]: r for r in api.breakdown(wh.con, JULY, "store").iter_rows(named=True)}
    assert set(by) == {"default", "Outlet US"}
    assert round(by["default"]["net_sales"] + by["Outlet US"]["net_sales"], 2) == 89.97


def test_overlap_within_one_store_is_still_deduplicated(wh):
    _two_stores(wh)
    before = table_state(wh)
    again = wh.ingest_path(A, store="default")
    assert again.status == "duplicate" and "import #1 in store default" in again.message
    assert table_state(wh) == before  # the same file twice in one store changes nothing
    # a different download holding store A's subscription row: already present in store A
    overlap = wh.ingest_path(A_SUB, store="default")
    assert (overlap.status, overlap.rows_added, overlap.rows_present) == ("imported", 0, 1)
    assert rows(wh, "select count(*) from raw.amazon_transactions") == [(4,)]


def test_same_bytes_in_another_store_are_that_stores_rows(wh):
    assert wh.ingest_path(A, store="default").status == "imported"
    other = wh.ingest_path(A, store="Second")
    # byte-identical file of a second account: its rows are its own, not a duplicate of store default's
    assert (other.status, other.rows_added, other.store) == ("imported", 2, "Second")
    assert _money(wh) == {"default": (2, 2.89), "Second": (2, 2.89)}


def test_several_stores_and_no_store_named_is_refused_and_changes_nothing(wh):
    _two_stores(wh)
    before = table_state(wh)
    result = wh.ingest_path(A_SUB)
    assert result.status == "rejected"
    assert result.message.startswith("store_a_subscription_only.csv: the warehouse has 2 stores (default, Outlet US)")
    assert "--store NAME" in result.message
    assert table_state(wh) == before


def test_only_store_is_the_default_and_templates_have_none(wh):
    golden = Path(__file__).resolve().parent / "fixtures" / "exports" / "golden"
    assert wh.ingest_path(A).store == "default"  # one store: files go to it without being asked
    fx = wh.ingest_path(golden / "fx_rates.csv", store="Outlet US")
    assert fx.status == "imported" and fx.store is None  # templates are company-wide
    assert rows(wh, "select store from meta.stores order by store") == [("default",)]


def test_undo_and_replay_keep_each_import_in_its_store(wh, tmp_path):
    assert wh.ingest_path(A_SUB, store="default").rows_added == 1  # import 1: store A's subscription
    assert wh.ingest_path(A, store="default").rows_added == 1  # import 2: only the order is new in store A
    assert wh.ingest_path(B, store="Outlet US").rows_added == 2  # import 3: store B has neither row yet
    msg = wh.undo(1)
    # store A's subscription comes back under import 2; store B's identical row is untouched
    assert msg == "import #1 (store_a_subscription_only.csv) undone: 1 row removed; 1 row now credited to import #2."
    assert rows(wh, "select import_id, count(*) from raw.amazon_transactions group by 1 order by 1") == [(2, 2), (3, 2)]
    assert _money(wh) == {"default": (2, 2.89), "Outlet US": (2, -18.55)}
    manifest = [json.loads(x) for x in (tmp_path / "archive" / "manifest.jsonl").read_text().splitlines()]
    assert [e.get("store") for e in manifest if e["event"] == "import"] == ["default", "default", "Outlet US"]
    wh.close()
    results = replay(tmp_path / "archive", tmp_path / "replayed.duckdb")
    # replay re-runs the undone import too (its history survives), then undoes it again
    assert [r.store for r in results] == ["default", "default", "Outlet US"]
    again = Warehouse(tmp_path / "replayed.duckdb", tmp_path / "archive")
    try:
        got = rows(again, "select import_id, store, status from meta.imports order by 1")
        assert got == [(1, "default", "undone"), (2, "default", "active"), (3, "Outlet US", "active")]
        assert _money(again) == {"default": (2, 2.89), "Outlet US": (2, -18.55)}
    finally:
        again.close()


def test_report_store_option(wh, tmp_path, capsys):
    _two_stores(wh)
    wh.close()
    db = str(tmp_path / "wh.duckdb")
    args = ["report", "--db", db, "--start", "2026-07-01", "--end", "2026-07-31", "--base", "USD"]
    outs = {}
    for store in (None, "default", "Outlet US"):
        assert metrics_main(args + (["--store", store] if store else [])) == 0
        outs[store] = json.loads(capsys.readouterr().out)
    # net sales 59.98 (A), 29.99 (B), 89.97 together; units 2, 1, 3; the store is named in the output
    assert [(o["store"], round(o["kpis"]["net_sales"], 2), o["kpis"]["units"]) for o in outs.values()] == [
        (None, 89.97, 3),
        ("default", 59.98, 2),
        ("Outlet US", 29.99, 1),
    ]
    assert metrics_main(args + ["--store", "Nope"]) == 2
    assert "--store 'Nope': no such store" in capsys.readouterr().err


@pytest.mark.parametrize("second_store", [False, True])
def test_a_warehouse_from_before_stores_opens_in_the_default_store(tmp_path, empty_warehouse_file, second_store):
    path = tmp_path / "old.duckdb"
    shutil.copyfile(empty_warehouse_file, path)
    wh = Warehouse(path, tmp_path / "archive")
    assert wh.ingest_path(A).ok
    # make the file what a warehouse written before stores looked like: no store column, no stores table
    cur = wh.cursor()
    for sql in ("drop table meta.stores", "alter table meta.imports drop column store",
                "delete from meta.schema_version where version >= 4", "delete from meta.build_state"):  # fmt: skip
        cur.execute(sql)
    cur.close()
    wh.close()
    wh = Warehouse(path, tmp_path / "archive")
    try:
        assert rows(wh, "select import_id, store from meta.imports") == [(1, "default")]
        assert rows(wh, "select store from meta.stores") == [("default",)]
        assert _money(wh) == {"default": (2, 2.89)}
        if second_store:  # the migrated store dedups as before and a new store keeps its own rows
            assert wh.ingest_path(A_SUB, store="default").rows_added == 0
            assert wh.ingest_path(A_SUB, store="Outlet US").rows_added == 1
    finally:
        wh.close()


# -- the app: sidebar store filter and the Data page's store picker ----------------------------------------------
def _app(path: Path, monkeypatch, params: dict):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("WAREHOUSE_PATH", str(path))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_sidebar_store_filter_keeps_the_store_id_in_the_link(wh, tmp_path, monkeypatch):
    from ui import format as fmt

    assert wh.ingest_path(A).ok
    wh.close()
    view = {"period": "custom", "start": "2026-07-01", "end": "2026-07-31", "base": "USD", "lang": "en"}
    at = _app(tmp_path / "wh.duckdb", monkeypatch, view)
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "w_store"]  # one store: no store filter
    again = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    assert again.ingest_path(B, store="Outlet US").ok
    again.close()
    import streamlit as st

    st.cache_data.clear()  # what the Data page does after an import (this one ran outside the app)
    at = _app(tmp_path / "wh.duckdb", monkeypatch, view)
    assert not at.exception, [e.value for e in at.exception]
    # the overview compares the stores: default 59.98, Outlet US 29.99 (net sales, largest first)
    assert "By store" in [s.value for s in at.subheader]
    per_store = next(d.value for d in at.dataframe if "store" in d.value.columns)
    assert per_store["store"].tolist() == ["Default store", "Outlet US"]
    assert [round(v, 2) for v in per_store["net_sales"].tolist()] == [59.98, 29.99]
    at = _app(tmp_path / "wh.duckdb", monkeypatch, {**view, "store": "Outlet US"})
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="w_store")
    assert box.value == "Outlet US" and box.options == ["All", "Default store", "Outlet US"]
    qp = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert qp["store"] == "Outlet US"  # the id, never a label
    shown = {m.label: m.value for m in at.metric}
    assert shown["Net sales"] == fmt.by_unit(29.99, "money", "USD", "en", short=True)  # store B alone: 29.99
    # shown in USD while the seller's base is CNY, and none of these sales has a landed cost: both bases convert
    # sales and fees at one rate, so the page says the comparison needs costs rather than print two equal margins
    # (with costs it gives both margins: tests/test_target_scope.py, tests/test_fx_margin_needs_costs.py)
    assert any(c.value.startswith("Net margin in USD vs CNY: the comparison needs landed costs") for c in at.caption)
    at = _app(tmp_path / "wh.duckdb", monkeypatch, {**view, "lang": "zh", "store": "default"})
    assert at.selectbox(key="w_store").options == ["全部", "默认店铺", "Outlet US"]
    assert any(c.value.startswith("净利率以 USD 与以 CNY 计算的比较需要落地成本") for c in at.caption)
    qp = {k: (v[0] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    assert qp["store"] == "default"


def test_upload_into_a_new_store_on_the_data_page(wh, tmp_path, monkeypatch):
    from ui.stores import NEW

    assert wh.ingest_path(A).ok
    wh.close()
    at = _app(tmp_path / "wh.duckdb", monkeypatch, {"lang": "en"})
    at.switch_page("pages/data.py").run()
    assert at.selectbox(key="data_store").value == "default"  # the only store is the default choice
    at.selectbox(key="data_store").set_value(NEW).run()
    at.text_input(key="data_store_new").input("  Outlet   US ").run()
    at.file_uploader(key="data_files").set_value(("store_b_july.csv", B.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    # the upload's summary first ("store_b_july.csv: done"), then the file's result line
    assert any("2 rows added, 0 already present (import #2)" in _shown(s.value) for s in at.success), at.success
    check = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        assert rows(check, "select import_id, store from meta.imports order by 1") == [(1, "default"), (2, "Outlet US")]
    finally:
        check.close()


# -- every format: de-duplication is per store (the whole kind, not one file) ------------------------------------
EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
EVERY_FILE = sorted(p for p in EXPORTS.rglob("*") if p.is_file() and p.parent.name != "stores")


@pytest.mark.parametrize("path", EVERY_FILE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_format_keeps_two_stores_apart_and_dedups_within_one(wh, path):
    opts = {}
    first = wh.ingest_path(path, store="A")
    if first.status == "rejected":  # a report that prints no dates: give them as the seller would
        assert "give them with" in first.message or "give it with" in first.message, first.message
        opts = {"period": "2026-03-01:2026-03-31", "as_of": "2026-03-31"}
        first = wh.ingest_path(path, opts, store="A")
    assert first.status == "imported", first.line()
    raw = path.read_bytes()
    second = wh.ingest_bytes(raw, path.name, opts, store="B")
    if first.format_id.startswith("tpl_"):
        # a seller template is company-wide: the same file for another store is the same file
        assert first.store is None and second.status == "duplicate"
        return
    # the same rows in another store's file are that store's rows: every row added again
    assert (second.status, second.rows_added, second.store) == ("imported", first.rows_added, "B")
    # the same rows in another download of store A (different bytes): nothing added
    if not path.suffix == ".xlsx":
        newline = b"\r\n" if raw.endswith((b"\r\n", b"\r\x00\n\x00")) else b"\n"
        if raw.startswith(b"\xff\xfe"):  # a UTF-16 download: its extra line end is UTF-16 too
            newline = newline.decode().encode("utf-16-le")
        more = raw + newline
        overlap = wh.ingest_bytes(more, "again_" + path.name, opts, store="A")
        assert (overlap.status, overlap.rows_added) == ("imported", 0), overlap.line()


def test_ingest_cli_store_option(tmp_path, capsys):
    from warehouse.cli import main as warehouse_main

    db = str(tmp_path / "cli.duckdb")
    assert warehouse_main(["--db", db, "ingest", str(A)]) == 0  # the only store: no --store needed
    assert warehouse_main(["--db", db, "ingest", "--store", "Outlet US", str(B)]) == 0  # a new name creates it
    capsys.readouterr()
    assert warehouse_main(["--db", db, "ingest", str(A_SUB)]) == 1  # two stores: say which
    assert "choose the store on the Data page (or give --store NAME)" in capsys.readouterr().out
    assert warehouse_main(["--db", db, "imports"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert "Outlet US" in listing[0] and "store_b_july.csv" in listing[0]
    assert "default" in listing[1] and "store_a_july.csv" in listing[1]


def test_data_page_with_two_stores_preselects_none(wh, tmp_path, monkeypatch):
    import streamlit as st

    _two_stores(wh)
    wh.close()
    st.cache_data.clear()
    at = _app(tmp_path / "wh.duckdb", monkeypatch, {"lang": "en"})
    at.switch_page("pages/data.py").run()
    assert at.selectbox(key="data_store").value is None  # two stores: the seller says which
    golden = Path(__file__).resolve().parent / "fixtures" / "exports" / "golden"
    at.file_uploader(key="data_files").set_value(
        [("store_a_subscription_only.csv", A_SUB.read_bytes(), "text/csv"),
         ("fx_rates.csv", (golden / "fx_rates.csv").read_bytes(), "text/csv")]
    ).run()  # fmt: skip
    assert not at.exception, [e.value for e in at.exception]
    # the store's report is refused with the fix; the company-wide template imports
    assert "box above, then upload the file again" in _shown(at.error[0].value)  # the box on this page
    assert "fx_rates.csv: FX rates (template): 6 rows added" in _shown(at.success[0].value)


CASES = Path(__file__).resolve().parent / "fixtures" / "cases"
MAY = api.Filters(start=date(2026, 5, 1), end=date(2026, 5, 31), base_currency="USD")


def test_order_exports_of_two_stores_are_both_counted(wh):
    # min_shopify_order_discount_two_lines.csv: one order (#1001), two lines 241.20 + 313.20 = 554.40 after the
    # 61.60 discount spread by value. Two Shopify shops print the same order name #1001: each store's order counts.
    path = CASES / "min_shopify_order_discount_two_lines.csv"
    assert wh.ingest_path(path, store="Shop A").status == "imported"
    assert wh.ingest_path(path, store="Shop B").status == "imported"
    a = api.kpis(wh.con, MAY.model_copy(update={"store": "Shop A"}))
    b = api.kpis(wh.con, MAY.model_copy(update={"store": "Shop B"}))
    both = api.kpis(wh.con, MAY)
    assert (a["units"], a["orders"]) == (2, 1) and (b["units"], b["orders"]) == (2, 1)
    assert (both["units"], both["orders"]) == (4, 2)  # 2 + 2 units, #1001 of A and #1001 of B
    assert round(a["net_sales"], 2) == round(b["net_sales"], 2)
    assert round(both["net_sales"], 2) == round(2 * a["net_sales"], 2)


def test_the_same_order_id_in_two_stores_is_two_orders(wh):
    # the service-fees case holds one order (DEMO-LAMP ×2): imported into two stores it is 4 units and 2 orders
    path = CASES / "amazon_date_range_us_service_fees.csv"
    wh.ingest_path(path, store="A")
    wh.ingest_path(path, store="B")
    july = api.kpis(wh.con, JULY)
    assert (july["units"], july["orders"]) == (4, 2)


def test_cost_coverage_is_never_negative_without_costs(wh, fixture_path):
    # a TikTok orders export with refunded lines and no landed cost anywhere: nothing is costed, coverage 0 (not
    # below 0: refund lines have no cost of their own and stay out of both sides of the ratio)
    for name in ("All order-2026-03-16-09_10.csv", "All order-2026-04-30-08_00.csv"):
        wh.ingest_path(fixture_path("tiktok_orders", name))
    k = api.kpis(wh.con, api.Filters(start=date(2026, 1, 1), end=date(2026, 12, 31), base_currency="USD"))
    assert k["net_sales"] and k["cost_coverage"] == 0
