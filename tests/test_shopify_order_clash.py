"""Shopify numbers every shop's orders from #1001, and a store's orders are keyed by their number (the latest import
winning, right for a re-download of the same shop's export). Another shop's export imported into the same store
replaced the first shop's orders silently (date, currency, amounts); now it is refused with one sentence naming how
many order numbers clash, one of them and the fix (its own store), and changes nothing. A re-download of the same
shop (same currencies, same order dates, a day's leeway for a changed shop time zone) imports as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, rows, table_state
from ui.i18n import tr
from ui.refusal import refusal_text
from warehouse.ingest.batch import BatchItem, import_batch
from warehouse.ingest.importer import Warehouse

SRC = FIXTURES / "shopify_orders" / "orders_export_1.csv"  # #1001, #1002, #1003: USD, 2 / 4 / 5 Mar 2026


def _variant(tmp_path: Path, name: str, *edits: tuple[str, str]) -> Path:
    """Returns a copy of the fixture export with each (old, new) text replaced (each must occur)."""
    text = SRC.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _orders(wh) -> list[tuple]:
    return rows(wh, "select order_name, currency, created_at::DATE from raw.shopify_orders where currency is not null "
                    "order by order_name, import_id")  # fmt: skip


def test_another_shops_export_is_refused_and_changes_nothing(wh, tmp_path):
    assert wh.ingest_path(SRC).status == "imported"
    before, orders = table_state(wh), _orders(wh)
    # the same three order numbers in EUR: a European shop's export, not a re-download
    eu = _variant(tmp_path, "eu_shop.csv", (",USD,", ",EUR,"))
    r = wh.ingest_path(eu)
    assert (r.status, r.reason) == ("rejected", "shopify_order_clash"), r.line()
    assert r.params == {"file": "eu_shop.csv", "n": "3", "example": "#1001", "store": "default", "differs": "currency"}
    assert table_state(wh) == before and _orders(wh) == orders  # nothing replaced, nothing added
    assert "--store" in r.message and "nothing was imported" in r.message  # the CLI's sentence
    for lg in ("zh", "en"):  # the Data page's sentence: the store box and its New store… choice
        shown = refusal_text(r.reason, r.params, r.message, lg)
        assert shown == tr("rej_shopify_order_clash", lg, file="eu_shop.csv", n=3, example="#1001",
                           store=tr("store_default", lg), new=tr("store_new", lg), box=tr("upload_store", lg),
                           differs=tr("clash_currency", lg))  # fmt: skip
    # the store's name quoted in both languages, and which of the two differs (here the currency: USD → EUR)
    assert "3 order numbers (e.g. #1001) are already in the store “Default store” with another currency, so" in (
        refusal_text(r.reason, r.params, r.message, "en")
    )
    assert "3 个订单号（如 #1001）已在店铺“默认店铺”中，但币种不同，" in refusal_text(
        r.reason, r.params, r.message, "zh"
    )
    assert "in the store “default” with another currency, so" in r.message  # the CLI's sentence says it too
    # one order number with another order date (4 Mar 2026 → 5 Aug 2025), same currency: refused too, n = 1
    other = _variant(tmp_path, "other_shop.csv", ("2026-03-04 20:05:00", "2025-08-05 20:05:00"))
    r = wh.ingest_path(other)
    assert (r.reason, r.params["n"], r.params["example"]) == ("shopify_order_clash", "1", "#1002"), r.line()
    assert r.params["differs"] == "date", r.params
    assert (
        "1 order number (e.g. #1002) is already in the store “Default store” with another order date (more "
        "than a day apart), so" in refusal_text(r.reason, r.params, r.message, "en")
    )
    assert "1 个订单号（如 #1002）已在店铺“默认店铺”中，但下单日期不同（相差一天以上），" in refusal_text(
        r.reason, r.params, r.message, "zh"
    )
    # both differ on every clashing order: said so (EUR and an order date a year and more earlier)
    both = _variant(tmp_path, "both.csv", (",USD,", ",EUR,"), ("2026-03-0", "2025-01-0"))
    r = wh.ingest_path(both)
    assert r.params["differs"] == "both", r.params
    assert "但币种和下单日期都不同，" in refusal_text(r.reason, r.params, r.message, "zh")
    # into its own store it imports: stores keep their orders apart
    r = wh.ingest_path(eu, store="EU shop")
    assert r.status == "imported" and r.rows_added == 5 and not r.warnings, r.line()


def test_a_redownload_of_the_same_shop_imports_without_a_warning(wh, tmp_path):
    assert wh.ingest_path(SRC).status == "imported"
    # the same shop a week later: #1001 partly refunded since; #1003's time printed in a zone a few hours west
    # (5 Mar 06:58 → 4 Mar 23:58: a day apart at most is the same order)
    again = _variant(
        tmp_path,
        "orders_export_2.csv",
        ("buyer@example.com,paid,", "buyer@example.com,partially_refunded,"),
        ("2026-03-05 06:58:31", "2026-03-04 23:58:31"),
    )
    r = wh.ingest_path(again)
    assert r.status == "imported" and r.reason == "" and r.warnings == [] and r.rows_added == 2, r.line()
    got = rows(wh, "select financial_status from raw.shopify_orders where order_name = '#1001' and financial_status "
                   "is not null order by import_id")  # fmt: skip
    assert got == [("paid",), ("partially_refunded",)]  # both versions kept; the staging reads the latest


def test_a_batch_refuses_the_other_shop_and_imports_the_rest(wh, tmp_path):
    eu = _variant(tmp_path, "eu_shop.csv", (",USD,", ",EUR,"))
    later = _variant(tmp_path, "orders_later.csv", ("buyer@example.com,paid,", "buyer@example.com,refunded,"))
    items = [BatchItem(p.name, path=p) for p in (SRC, eu, later)]
    got = [(r.status, r.reason) for r in import_batch(wh, items, refresh=False)]
    assert got == [("imported", ""), ("rejected", "shopify_order_clash"), ("imported", "")]
    assert {c for _, c, _ in _orders(wh)} == {"USD"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_refusal_leaves_the_data_page_when_the_store_choice_changes(wh, tmp_path, monkeypatch, lang):
    """The walk: after the refusal the seller chose “New store…” as it says, and the refusal stayed on screen. A
    change of the store choice drops the refusals of the choice before (they were about that store); named, the new
    store takes the file still in the box."""
    from streamlit.testing.v1 import AppTest

    from ui.stores import NEW

    assert wh.ingest_path(SRC).status == "imported"
    eu = _variant(tmp_path, "eu_shop.csv", (",USD,", ",EUR,"))
    wh.close()
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=600)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="data_files").set_value(("eu_shop.csv", eu.read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    clash = "#1001"  # the refusal names an order number that clashes

    def refused() -> list[str]:
        return [e.value for e in at.error if clash in e.value]

    assert refused(), [e.value for e in at.error]
    at.selectbox(key="data_store").set_value(NEW).run()
    assert not at.exception and not refused(), refused()
    at.text_input(key="data_store_new").input("EU shop").run()
    assert not at.exception and not refused(), refused()
    check = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        assert rows(check, "select import_id, store, status from meta.imports order by 1") == [
            (1, "default", "active"),
            (2, "EU shop", "active"),
        ]
    finally:
        check.close()
