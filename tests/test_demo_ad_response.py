"""The demo's ads answer their budgets with diminishing returns, so the ad-budget what-if has something to say.

The generator (warehouse/demo_gen/ad_budget.py) changes each advertised SKU's budget weekly between 15 % and 600 %
of its usual level and lets ad sales follow spend^b (b 0.4–0.65) with the day's sales noise. On the imported demo
the what-if must fit a curve with a recommended spend for several SKUs, and say why not for others.
"""

from __future__ import annotations

import shutil
from datetime import date, timedelta

from metrics.api import Filters
from metrics.whatif_ads import R2_MIN, fit_spend_response
from metrics.whatif_inputs import ads_history
from warehouse.demo_gen.ad_budget import M_HIGH, M_LOW, RESPONSE_B
from warehouse.importer import Warehouse

TODAY = date(2026, 11, 20)  # the demo's last day of data


def test_whatif_fits_several_skus_and_explains_the_rest(demo_warehouse_file, tmp_path):
    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        f = Filters(start=TODAY - timedelta(days=89), end=TODAY)  # the page's default: the last 90 days
        daily = ads_history(wh.con, f)
        params = fit_spend_response(daily, n_days=90)
    finally:
        wh.close()
    fitted = params.filter(params["status"] == "fitted")
    assert fitted.height >= 2, params
    assert (fitted["r2_log"] >= R2_MIN).all()
    # the fitted elasticities lie near the generator's (0.4–0.65) and show diminishing returns
    assert ((fitted["b"] > 0.2) & (fitted["b"] < 0.9)).all(), fitted
    # low-volume accessories cannot be told apart from noise: their rows say why (a reason, no recommendation)
    explained = params.filter(params["status"] != "fitted")
    assert explained.height >= 3 and explained["reason"].is_not_null().all(), explained
    # the hero camera's spend really varied over the weeks (max/min of daily spend far above the 1.5 needed)
    hero = params.filter(params["sku"] == "CAM-4K-BLK").row(0, named=True)
    assert hero["status"] == "fitted" and hero["spend_max"] / hero["spend_min"] > 3


def test_generator_budget_range_and_elasticities_are_diminishing_returns():
    assert 0 < M_LOW < 1 < M_HIGH
    assert all(0.3 <= b <= 0.7 for b in RESPONSE_B.values())
