"""The Days of cover KPI tile shows cover beyond the stock-out horizon as "> 365 days" (metrics.planning.stockout.COVER_CAP_DAYS),
as the Inventory table, Reorder and the meeting do, and no % change between two figures past the cap."""

import pytest
from streamlit.testing.v1 import AppTest

from metrics.planning.stockout import COVER_CAP_DAYS
from ui.state import defaults


def _tiles():
    from ui.widgets import kpi_tile

    kpi_tile("days_of_cover", {"value": 900.0, "compare": 400.0, "change": 500.0, "change_pct": 1.25}, "CNY")
    kpi_tile("days_of_cover", {"value": 45.0, "compare": 50.0, "change": -5.0, "change_pct": -0.1}, "CNY")
    kpi_tile("days_of_inventory", {"value": 900.0, "compare": 400.0, "change": 500.0, "change_pct": 1.25}, "CNY")


@pytest.mark.parametrize(("lang", "over", "days"), [("en", "> 365 days", "45 days"), ("zh", "> 365 天", "45 天")])
def test_days_of_cover_tile_is_capped_at_the_stockout_horizon(lang, over, days):
    assert COVER_CAP_DAYS == 365
    at = AppTest.from_function(_tiles)
    at.session_state["view_state"] = defaults(lang, "CNY")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    capped, normal, other = at.metric
    assert (capped.value, capped.delta) == (over, "")
    # under the cap: whole days and the change vs the comparison (50 → 45 days = −10.0 %)
    assert (normal.value, normal.delta) == (days, "-10.0%")
    # only days of cover is capped: days of inventory is a period figure, shown as it is
    assert other.value.startswith("900")
