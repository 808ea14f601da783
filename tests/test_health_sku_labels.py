"""The Data page's health tables name a Shopify line without a SKU in the page's language, as Profit by SKU does: the
staging key "(no SKU) Jetski Rental - 30 minutes" (sql/staging/shopify_order_lines.sql, from the case file
min_shopify_line_without_sku.csv) read in English on the 中文 page."""

from __future__ import annotations

import polars as pl
import pytest

import ui.data_health as health


@pytest.mark.parametrize(("lang", "want"), [("zh", "（无SKU）Jetski Rental - 30 minutes"),
                                            ("en", "(no SKU) Jetski Rental - 30 minutes")])  # fmt: skip
def test_a_line_without_a_sku_is_named_in_the_page_language(monkeypatch, lang, want):
    monkeypatch.setattr(health, "lang", lambda: lang)
    frame = pl.DataFrame({"marketplace": ["shopify"], "sku": ["(no SKU) Jetski Rental - 30 minutes"], "units": [2]})
    got = health.sku_labels(frame)
    assert got["sku"].to_list() == [want] and got["units"].to_list() == [2]  # other columns as they were
    costs = pl.DataFrame({"master_sku": ["(no SKU) Jetski Rental - 30 minutes", "CAM-A"], "units": [2, 1]})
    assert health.sku_labels(costs)["master_sku"].to_list() == [want, "CAM-A"]  # a mapped SKU stays as it is
