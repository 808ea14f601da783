"""A seller's own Shopify export goes into the demo warehouse's default store as it is.

`make run` puts the demo company (Lumora) into the default warehouse, and its Shopify shop sits in the default store.
Its order numbers were #1001, #1002, …: Shopify's own default numbering, the same as the cases of ../shared/cases
and most small shops' exports. Two shops' equal numbers with another currency or date are refused
(shopify/orders.order_clashes, so no order is overwritten), so every such upload was refused on the demo. The demo
shop now numbers its orders with an order-ID prefix (#LU1001, as Shopify's Settings → General allows), and the cases
import into the default store with their README's values.
"""

from __future__ import annotations

import shutil

from tests.conftest import ROOT
from warehouse.ingest.importer import Warehouse

CASES = ROOT / "tests" / "fixtures" / "cases"


def test_the_shopify_cases_import_into_the_demos_default_store(demo_warehouse_file, tmp_path):
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    w = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        for name in ("min_shopify_vat_inclusive.csv", "min_shopify_line_without_sku.csv",
                     "min_shopify_order_discount_two_lines.csv"):  # fmt: skip
            r = w.ingest_path(CASES / name, store="default")  # the demo has two stores: the seller picks one
            assert r.status == "imported", (name, r.message)
        cur = w.con.cursor()
        try:
            # the VAT-inclusive case's #1001 alone (the demo's orders are #LU…): Subtotal 85.00 = Total with Taxes
            # 15.89 -> net sales 85.00 - 15.89 = 69.11 (README); its line is the only #1001 in the default store
            got = cur.sql(
                "select round(sum(net_sales), 2) from marts.money_lines where order_id = '#1001' "
                "and store = 'default' and txn_type = 'order' and import_id = (select min(import_id) from "
                "meta.imports where file_name = 'min_shopify_vat_inclusive.csv')"
            ).fetchall()
        finally:
            cur.close()
    finally:
        w.close()
    assert got == [(69.11,)]
