"""Shopify files without any landed cost (tests/fixtures/cases) in an empty warehouse, as a new seller starts: the
Profit page says how many SKUs *in view* lack a landed cost, why a SKU's waterfall shows 0.00 costs and where to
enter them, and the batches caption has no "0 units" clause.

The three files hold five SKUs (data health lists them all): 001-003 (Jul 2025), a line without a SKU (Jul 2025),
001-004 (Aug 2025), 912V_STEELBLUE_L and 801S_STEELBLUE_L (May 2026). July–August 2025 shows three of them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import FIXTURES, warehouse_env
from ui.state import defaults
from warehouse.ingest.importer import Warehouse

ROOT = Path(__file__).resolve().parent.parent
CASES = FIXTURES.parent / "cases"
SHOPIFY = [
    "min_shopify_line_without_sku.csv",
    "min_shopify_order_discount_two_lines.csv",
    "min_shopify_vat_inclusive.csv",
]


@pytest.fixture(scope="module")
def shop_wh(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("shopify_costs")
    w = Warehouse(d / "wh.duckdb", d / "archive")
    try:
        for name in SHOPIFY:
            assert w.ingest_path(CASES / name).ok, name
        assert w.con.sql("select count(distinct master_sku) from marts.missing_costs").fetchall()[0][0] == 5
    finally:
        w.close()
    return d / "wh.duckdb"


def _profit(wh: Path, lang: str, sku: str | None = None) -> AppTest:
    """The Profit page for July–August 2025 in EUR (the stores' currency: no FX rate needed)."""
    with warehouse_env(str(wh)):
        at = AppTest.from_file(str(ROOT / "pages" / "profit.py"), default_timeout=600)
        at.session_state["view_state"] = defaults(lang, "EUR") | {
            "period": "custom", "start": date(2025, 7, 1), "end": date(2025, 8, 31), "compare": "none"
        }  # fmt: skip
        at.run()
        if sku is not None:
            at.selectbox(key="pf_sku").set_value(sku).run()
        assert not at.exception, [e.value for e in at.exception]
        return at


def _texts(elements) -> list[str]:
    return [re.sub(r"\\(.)", r"\1", e.value) for e in elements]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_banner_counts_the_skus_in_view(shop_wh, lang):
    """Five SKUs lack a cost in the warehouse, three sold in July–August 2025: the banner said 5 with 3 in view."""
    at = _profit(shop_wh, lang)
    shown = at.dataframe[0].value
    assert len(shown) == 3  # the SKU table of the view: 001-003, 001-004 and the line without a SKU
    (banner,) = [w for w in _texts(at.warning) if "0.0%" in w]  # no unit of the view has a cost: coverage 0.0 %
    want = "3 SKUs in this view have no landed cost" if lang == "en" else "当前范围内有 3 个SKU缺少落地成本"
    assert want in banner, banner


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sku_without_cost_says_why_its_costs_are_zero_and_no_zero_clause(shop_wh, lang):
    """001-004 (one unit, no cost): the waterfall's cost steps are 0.00; the page says the landed cost is missing
    and where to enter it, and the batches caption names only the one unit without a cost ("Also 0 units…" gone)."""
    at = _profit(shop_wh, lang, sku="001-004")
    warnings = _texts(at.warning)
    want = ("001-004 has no landed cost for its units in this view" if lang == "en"
            else "001-004 在当前范围内的销量没有落地成本")  # fmt: skip
    assert any(want in w and ("Settings page" in w or "「设置」页" in w) for w in warnings), warnings
    captions = _texts(at.caption)
    assert not [c for c in captions if re.search(r"\b0 units|另有 0 件|有 0 件", c)], captions
    one = "1 unit in the period has no cost" if lang == "en" else "本期有 1 件缺少成本"
    assert any(one in c for c in captions), captions


def test_uncosted_sku_count_and_notes_by_hand():
    """Counting rule: a SKU with units sold and fewer costed units than units (the "(unallocated)" row sells none)."""
    import polars as pl

    from ui.overview import uncosted_skus

    skus = pl.DataFrame({
        "sku": ["A", "B", "C", "(unallocated)"], "units": [3.0, 2.0, 5.0, 0.0], "costed_units": [3.0, 1.0, 0.0, 0.0],
    })  # fmt: skip
    assert uncosted_skus(skus) == 2  # B (1 of 2 costed) and C (none costed); A is whole, the unallocated row sells none
