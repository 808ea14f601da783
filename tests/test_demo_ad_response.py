"""The demo's ads answer their budgets with diminishing returns, so the ad-budget what-if has something to say.

The generator (warehouse/demo_gen/ad_budget.py) changes each advertised SKU's budget weekly between 15 % and 600 %
of its usual level and lets ad sales follow spend^b (b 0.4–0.65) with the day's sales noise. On the simulated
Amazon ads (the rows data/demo's ads reports are written from) the what-if must fit a curve with a recommended
spend for several SKUs, and say why not for others.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import polars as pl

from metrics.whatif.ads import R2_MIN, fit_spend_response
from warehouse.demo_gen import START, TODAY, products
from warehouse.demo_gen.ad_budget import M_HIGH, M_LOW, RESPONSE_B
from warehouse.demo_gen.simulate import simulate

# rough rates into USD: they only weigh a SKU's marketplaces against each other in its daily sum
TO_USD = {"amazon.com": 1.0, "amazon.de": 1.08, "amazon.co.jp": 0.0067}


def test_whatif_fits_several_skus_and_explains_the_rest():
    world = simulate(START, TODAY, products(1), 7)  # the demo company's world, as data/demo is written from it
    days: dict = defaultdict(lambda: [0.0, 0.0])
    for mp, day, _campaign, _group, sku, _impr, _clicks, spend, _units, sales in world.ads:  # Amazon SP rows
        days[(sku, day)][0] += spend * TO_USD[mp]
        days[(sku, day)][1] += sales * TO_USD[mp]
    daily = pl.DataFrame([{"sku": s, "date": d, "spend": v[0], "ad_sales": v[1]} for (s, d), v in days.items()]).filter(
        pl.col("date") > TODAY - timedelta(days=90)
    )  # the page's default: the last 90 days
    params = fit_spend_response(daily, n_days=90)
    fitted = params.filter(params["status"] == "fitted")
    assert fitted.height >= 2, params
    assert (fitted["r2_log"] >= R2_MIN).all()
    # the fitted elasticities show diminishing returns, near the generator's 0.4–0.65
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
