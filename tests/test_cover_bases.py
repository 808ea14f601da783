"""Inventory showed one SKU's days of cover twice: the tile 37 days, the table 28 days (CAM-5K-PRO on the demo, stock
of 20 Nov 2026; 50 and 47 since the demo has open orders). Both read the same stock day and the same units (all
locations summed); the demand differs by definition: the tile (the registry's days_of_cover, compared with the
previous period) divides available units by the average units sold per in-stock day over the trailing 30 days; the
table and chart count the days until the forecast sales use up available + inbound + open orders as they arrive
(metrics.planning.stockout: the stock-out date's basis, Reorder's and the meeting's). Both stay; the page names each
by its basis, in both languages, and says why one SKU can show two numbers."""

from __future__ import annotations

import json

import pytest

from tests.conftest import open_app_page

PARAMS = {"sku": "CAM-5K-PRO", "start": "2026-10-22", "end": "2026-11-20"}
# CAM-5K-PRO, stock of 20 Nov 2026: available 53 (FBA amazon.co.jp) + 0 (FBA amazon.com) + 82 (FBA amazon.de)
# + 102 (LA-3PL) + 150 (Shenzhen-DC) = 387 units, inbound 30 (FBA amazon.de).
# tile: 231 units sold over 22 Oct … 20 Nov, 30 in-stock days -> 7.7 a day; 387 / 7.7 = 50.26 -> "50 days"
# table: on order = the open batches (arriving after 20 Nov: 40 + 30 + 30 + 40 + 30 + 20 + 50 = 240) less what the
# stock day already shows on its way (Amazon inbound 30 + Shenzhen-DC 150 = 180, from the earliest arrival on:
# cumulative 40, 70, 100, 140, 170 | 190 | 240) = 60, the 24 Jan batch's 50 (LA-3PL) and 10 of 17 Jan's 20
# (amazon.co.jp): both after the stock-out, so the forecast's running sum passing
# 387 + 30 = 417 units decides it: 7 Jan 2027, 7 Jan − 21 Nov = 47 days -> "47 days" (417 / 47 = 8.9 a day)
WANT = {
    "en": ("Cover, 30-day pace", "50 days", "Days of cover (forecast)", "47 days", "Two bases for days of cover"),
    "zh": ("可售天数（近30天）", "50 天", "可售天数（按预测）", "47 天", "可售天数有两种口径"),
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
    # on order by destination, not the SKU's 60 on each of its 5 rows (adding the column gave 300): after netting the
    # 180 shown on their way, 10 of the 17 Jan batch go to amazon.co.jp, the 24 Jan batch's 50 to LA-3PL
    by_row = dict(zip(table["location"], table["on_order"]))
    assert by_row == {"FBA amazon.co.jp": 10, "FBA amazon.com": 0, "FBA amazon.de": 0, "LA-3PL": 50,
                      "Shenzhen-DC": 0}, by_row  # fmt: skip
    # the header shown is the forecast's name, not the tile's nor the registry's "Days of cover" / "可售天数"
    assert json.loads(grid.proto.columns)["days_of_cover"]["label"] == column, grid.proto.columns
    assert column != tile_name
