"""Inventory showed one SKU's days of cover twice: the tile 37 days, the table 28 days (CAM-5K-PRO on the demo, stock of
20 Nov 2026). Both read the same stock day and the same units (all locations summed); the demand differs by
definition: the tile (the registry's days_of_cover, compared with the previous period) divides by the average units
sold per in-stock day over the trailing 30 days, the table and chart count the days until the forecast sales use up
available + inbound (metrics.planning.stockout: the stock-out date's basis, Reorder's and the meeting's). Both stay;
the page names each by its basis, in both languages, and says why one SKU can show two numbers."""

from __future__ import annotations

import json

import pytest

from tests.conftest import open_app_page

PARAMS = {"sku": "CAM-5K-PRO", "start": "2026-10-22", "end": "2026-11-20"}
# CAM-5K-PRO, stock of 20 Nov 2026: available 53 (FBA amazon.co.jp) + 0 (FBA amazon.com) + 82 (FBA amazon.de)
# + 102 (LA-3PL) + 46 (Shenzhen-DC) = 283 units, inbound 0.
# tile: 231 units sold over 22 Oct … 20 Nov, 30 in-stock days -> 7.7 a day; 283 / 7.7 = 36.75 -> "37 days"
# table: the forecast sells ≈ 9.95 a day (next 30 days' mean); 283 / 9.95 ≈ 28.4, so the forecast's running sum
# passes 283 on day index 28 from 21 Nov: stock-out 19 Dec 2026, 19 Dec − 21 Nov = 28 days -> "28 days"
WANT = {
    "en": ("Cover, 30-day pace", "37 days", "Days of cover (forecast)", "28 days", "Two bases for days of cover"),
    "zh": ("可售天数（近30天）", "37 天", "可售天数（按预测）", "28 天", "可售天数有两种口径"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tile_and_the_table_name_their_bases_for_one_sku(demo_warehouse_file, monkeypatch, lang):
    tile_name, tile_value, column, row_value, note = WANT[lang]
    at = open_app_page(demo_warehouse_file, monkeypatch, "pages/inventory.py", {**PARAMS, "lang": lang},
                       copy="cover_bases_")  # fmt: skip
    tiles = {m.label: m.value for m in at.metric}
    assert tiles.get(tile_name) == tile_value, tiles
    assert any(c.value.startswith(note) for c in at.caption), [c.value for c in at.caption]
    grid = next(d for d in at.dataframe if {"days_of_cover", "location"} <= set(d.value.columns))
    table = grid.value
    assert list(table["sku"].unique()) == ["CAM-5K-PRO"], table
    assert set(table["days_of_cover"]) == {row_value}, table["days_of_cover"]  # every location: the SKU's days
    # the header shown is the forecast's name, not the tile's nor the registry's "Days of cover" / "可售天数"
    assert json.loads(grid.proto.columns)["days_of_cover"]["label"] == column, grid.proto.columns
    assert column != tile_name
