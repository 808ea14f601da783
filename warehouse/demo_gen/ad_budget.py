"""The demo's ad budgets and how sales answer them: weekly budget changes with diminishing returns.

Each week the seller sets every advertised SKU's budget (in every Amazon marketplace that advertises it) to a
multiple `m` of its usual level, log-uniform between M_LOW and M_HIGH (the SKUs of FLAT keep theirs). A SKU's
demand that day is its organic demand times 1 + r·m^b: ads add r·m^b of it (r = `ad_ratio` at the usual budget),
with elasticity b (0 < b < 1, diminishing returns: twice the budget brings 2^b times the ad sales). Of the units
sold, the share r·m^b / (1 + r·m^b) is attributed to ads, so ad sales ≈ a·spend^b plus the day's noise and never
exceed the SKU's real sales. Replenishment plans for the average lift. The budgets draw from a generator of
their own (seeded from the demo seed).
"""

from __future__ import annotations

import numpy as np

from warehouse.demo_gen import catalog as cat

M_LOW, M_HIGH = 0.15, 6.0  # weekly budget between 15 % and 600 % of the usual level
# elasticity of ad sales to spend per master SKU (others: DEFAULT_B)
RESPONSE_B = {"CAM-4K-BLK": 0.55, "CAM-4K-WHT": 0.5, "CAM-5K-PRO": 0.45, "CAM-MINI": 0.6, "CAM-360": 0.5,
              "BAT-3PK": 0.65, "SD-128": 0.4, "MNT-HELMET": 0.6, "CASE-DIVE": 0.5, "BAT-1800": 0.55}  # fmt: skip
DEFAULT_B = 0.5
FLAT = {"ACC-SELFIE"}  # the hot seller's auto campaign keeps its budget: its spend follows only the season
# the level of spend per unit of a campaign's target ACoS × expected ad sales: a profitable small brand spends
# about a tenth of its sales on ads (TACoS 8–12 %). Three cameras are pushed harder than their margin bears (they
# lose money after ads, the more so the more they sell) and the hot seller's auto campaign overspends (ACoS near
# 100 %). Scaling a SKU's spend by a constant leaves the shape of its spend → ad-sales curve (b, R²) unchanged.
SPEND_LEVEL = 0.18
LEVEL = {"CAM-4K-BLK": 0.36, "CAM-4K-WHT": 0.7, "CAM-MINI": 0.8, "ACC-SELFIE": 1.2}


def spend_level(product) -> float:
    """Returns the constant a SKU's daily Sponsored Products spend is scaled by (LEVEL, else SPEND_LEVEL)."""
    return LEVEL.get(product.sku.split("-V")[0], SPEND_LEVEL)


def ad_ratio(product) -> float:
    """Returns the ad-driven demand of a SKU at its usual budget (m = 1) per unit of its organic demand."""
    return 1.5 if product.is_camera else 0.3


def budget_multipliers(shape: tuple, products: list, seed: int) -> np.ndarray:
    """Returns m per (day, marketplace, product) of `shape` (the demand rates' shape): weekly budget multiples, 1.0
    where a SKU is not advertised in that marketplace or keeps a flat budget."""
    rng = np.random.default_rng([seed, 404])
    mult = np.ones(shape)
    weeks = shape[0] // 7 + 1
    for k, p in enumerate(products):
        if p.sku in FLAT:
            continue
        # one budget decision per SKU and week, applied in every marketplace that advertises it
        weekly = np.repeat(np.exp(rng.uniform(np.log(M_LOW), np.log(M_HIGH), weeks)), 7)[: shape[0]]
        for j, mp in enumerate(cat.MARKETPLACES):
            if any(p.sku in members for _, _, members, _, _ in cat.CAMPAIGNS.get(mp, ())):
                mult[:, j, k] = weekly
    return mult


def elasticities(products: list) -> np.ndarray:
    return np.array([RESPONSE_B.get(p.sku.split("-V")[0], DEFAULT_B) for p in products])


def demand_lift(mult: np.ndarray, products: list) -> np.ndarray:
    """Returns the factor 1 + r·m^b on each day's organic demand (r = ad_ratio: ads add r·m^b of it)."""
    r = np.array([ad_ratio(p) for p in products])
    return 1 + r * mult ** elasticities(products)


def expected_lift(mult: np.ndarray, products: list) -> np.ndarray:
    """Returns per (marketplace, product) the mean of `demand_lift` over the days: what replenishment plans for."""
    return demand_lift(mult, products).mean(axis=0)


def ad_fraction(m: float, product, b: float) -> float:
    """Returns the share of the units sold that the ads brought in at budget multiple `m`: r·m^b / (1 + r·m^b)."""
    lift = ad_ratio(product) * m**b
    return lift / (1 + lift)
