"""Returns the simulated history of the demo company: demand, orders, refunds, stock, inbound batches, ads, FX.

Everything is drawn from one seeded numpy generator in a fixed order, so the same seed gives the same history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from warehouse.demo_gen import catalog as cat

VOLUME = 0.23  # overall order volume (units per day of the catalog's `daily` figures)
GROWTH = {"amazon.com": 1.35, "amazon.de": 1.3, "amazon.co.jp": 1.25, "tiktok.us": 2.0, "shopify": 1.3}
TIKTOK_START = date(2025, 3, 1)
SCHEDULE_START = date(2024, 11, 10)
SCHEDULE_OFFSET = {"amazon.com": 0, "amazon.de": 7, "amazon.co.jp": 14, "LA-3PL": 21}
TRANSIT_DAYS = {"amazon.com": 38, "amazon.de": 45, "amazon.co.jp": 18, "LA-3PL": 35}
FIRST_MILE = {"amazon.com": 55.0, "amazon.de": 62.0, "amazon.co.jp": 30.0, "LA-3PL": 50.0}  # CNY per cubic foot
DUTY = {"amazon.com": 0.075, "amazon.de": 0.037, "amazon.co.jp": 0.0, "LA-3PL": 0.075}
OTHER_COST = 1.2  # CNY per unit: cartons, labels, inspection
FX_KNOTS = {
    "USD": [(date(2024, 10, 1), 7.05), (date(2025, 1, 15), 7.33), (date(2025, 6, 1), 7.18), (date(2025, 12, 1), 7.08),
            (date(2026, 6, 1), 6.98), (date(2026, 11, 20), 6.88)],
    "EUR": [(date(2024, 10, 1), 7.78), (date(2025, 1, 15), 7.52), (date(2025, 7, 1), 8.22), (date(2026, 3, 1), 8.31),
            (date(2026, 11, 20), 8.02)],
    "JPY": [(date(2024, 10, 1), 0.0478), (date(2025, 1, 15), 0.0462), (date(2025, 4, 20), 0.0501),
            (date(2025, 10, 1), 0.0480), (date(2026, 11, 20), 0.0452)],
}  # fmt: skip


@dataclass
class Order:
    mp: str
    order_id: str
    sku: str
    qty: int
    ts: datetime  # local wall clock of the purchase
    ship_ts: datetime
    unit_price: float
    promo_rate: float  # seller-funded discount share of the price
    refund_ts: datetime | None = None
    refund_units: int = 0
    restock: bool = False


@dataclass
class Batch:
    batch_id: str
    dest: str
    sku: str
    units: int
    ship: date
    arrival: date
    cost: float
    first_mile: float
    duty: float


@dataclass
class World:
    start: date
    end: date
    products: list
    orders: list = field(default_factory=list)
    batches: list = field(default_factory=list)
    fx: dict = field(default_factory=dict)  # currency -> {date: rate}
    ads: list = field(default_factory=list)  # (mp, day, campaign, ad_group, sku, impressions, clicks, spend, units)
    sb_ads: list = field(default_factory=list)  # Sponsored Brands: see sponsored_brands.sb_rows
    shipments: dict = field(default_factory=dict)  # (stock point, sku, day) -> units shipped
    returns: list = field(default_factory=list)  # (stock point, sku, day, units, sellable)
    snapshots: dict = field(default_factory=dict)  # day -> {(stock point, sku): [(arrival, units), ...]}
    in_transit: dict = field(default_factory=dict)  # day -> {(stock point, sku): units}

    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]

    def product(self, sku: str):
        return next(p for p in self.products if p.sku == sku)


def unit_cost(p, ship: date) -> float:
    """Returns the purchase cost per unit in CNY of a unit shipped on `ship` (cameras cost more from COST_RISE)."""
    return round(p.cost_cny * (1.08 if p.is_camera and ship >= cat.COST_RISE else 1.0), 2)


def season(d: date, mp: str) -> tuple[float, float]:
    """Returns (demand multiplier, deal discount) of a calendar day on a marketplace."""
    f = cat.MONTH_FACTOR[d.month] * (1.1 if d.weekday() >= 5 else 1.0)
    if d.month == 12 and d.day > 20:
        f *= 0.7
    deal = 0.0
    for first, last, mult, disc, who in cat.EVENTS:
        if who == "all" or mp.startswith(who):
            if first <= d <= last:
                f *= mult
                deal = disc
            elif first - timedelta(7) <= d < first:
                f *= 1.25  # the week before a big event warms up
    return f, deal


def rates(world: World) -> np.ndarray:
    """Returns expected units per [day, marketplace, product] before stock limits."""
    days = world.days()
    out = np.zeros((len(days), len(cat.MARKETPLACES), len(world.products)))
    for i, d in enumerate(days):
        years = (d - date(2024, 11, 1)).days / 365.0
        for j, mp in enumerate(cat.MARKETPLACES):
            if mp == "tiktok.us" and d < TIKTOK_START:
                continue
            since = (d - TIKTOK_START).days / 365.0 if mp == "tiktok.us" else years
            f, _ = season(d, mp)
            g = GROWTH[mp] ** since
            for k, p in enumerate(world.products):
                if d < p.launch:
                    continue
                share = 1.0 if mp == "amazon.com" else p.mp_share.get(mp, 0.0)
                ramp = min(1.0, 0.3 + (d - p.launch).days / 60.0)  # a new product takes two months to sell fully
                out[i, j, k] = p.daily * VOLUME * share * f * g * ramp
    return out


def fx_series(start: date, end: date, rng: np.random.Generator) -> dict:
    """Returns daily (business-day) rates to CNY per currency: a trend through FX_KNOTS plus small noise."""
    out = {}
    first = min(start, date(2024, 10, 1))
    days = [first + timedelta(n) for n in range((end - first).days + 1)]
    for cur, knots in FX_KNOTS.items():
        xs = [(k - date(2024, 10, 1)).days for k, _ in knots]
        ys = [v for _, v in knots]
        noise = np.cumsum(rng.normal(0, 0.0025, len(days)))
        noise -= np.linspace(0, noise[-1], len(days))  # the walk returns to the trend at the end
        series = {}
        for n, d in enumerate(days):
            if d.weekday() >= 5:
                continue
            trend = float(np.interp((d - date(2024, 10, 1)).days, xs, ys))
            v = trend * (1 + noise[n])
            series[d] = round(v, 6 if cur == "JPY" else 4)
        out[cur] = series
    return out
