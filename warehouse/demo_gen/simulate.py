"""Returns a World: the day-by-day run of demand against stock, replenishment batches, refunds and ads."""

from __future__ import annotations

from collections import deque
from datetime import date, datetime, time, timedelta

import numpy as np

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.ad_budget import (
    ad_fraction,
    budget_multipliers,
    demand_lift,
    elasticities,
    expected_lift,
    spend_level,
)
from warehouse.demo_gen.open_orders import in_transit, open_orders
from warehouse.demo_gen.sim import (
    DUTY,
    FIRST_MILE,
    SCHEDULE_OFFSET,
    SCHEDULE_START,
    TRANSIT_DAYS,
    Batch,
    Order,
    World,
    fx_series,
    rates,
    season,
    unit_cost,
)  # fmt: skip
from warehouse.demo_gen.sponsored_brands import sb_rows

STORY_TOPUP = date(2026, 11, 1)  # from this day an air shipment tops up the story SKU once it is down to 3 days
STORY_RUNOUT = date(2026, 11, 23)  # the day that shipment is expected to be sold out (Black Friday: 11-27)
STORY_CUTOFF = date(2026, 10, 1)  # no regular replenishment of it after this day
OPENING = date(2024, 10, 15)
SAFETY_DAYS = 21  # the story SKU runs with three weeks of safety stock from August
QTY = (1, 1, 1, 1, 1, 1, 1, 2, 2, 3)  # units per order line


def _prefix(mp: str, rng) -> str:
    return {"amazon.com": "11" + str(rng.integers(1, 5)), "amazon.de": "30" + str(rng.integers(2, 7)),
            "amazon.co.jp": "250", "tiktok.us": "", "shopify": ""}[mp]  # fmt: skip


def _order_id(mp: str, rng, counter: dict) -> str:
    counter[mp] = counter.get(mp, 0) + 1
    if mp == "tiktok.us":
        return f"5769{int(rng.integers(10**13, 10**14 - 1))}"
    if mp == "shopify":
        # the shop's own running order number, with the order-ID prefix the shop set in Shopify (Settings → General):
        # a new seller's own export (#1001, #1002, … by Shopify's default) never meets the demo's numbers in the
        # demo warehouse's default store (two shops' equal numbers are refused there: shopify/orders.order_clashes)
        return f"#LU{1000 + counter[mp]}"
    return f"{_prefix(mp, rng)}-{int(rng.integers(10**6, 10**7)):07d}-{int(rng.integers(10**6, 10**7)):07d}"


def _schedule(dest: str, start: date, end: date) -> list[date]:
    """Returns the regular arrival days of a destination (every 28 days), skipping ships in the CNY closure."""
    out, d = [], SCHEDULE_START + timedelta(SCHEDULE_OFFSET[dest])
    while d <= end:
        ship = d - timedelta(TRANSIT_DAYS[dest])
        closed = any(cny - timedelta(10) <= ship <= cny + timedelta(25) for cny in cat.CHINESE_NEW_YEAR)
        if d >= start and not closed:
            out.append(d)
        d += timedelta(28)
    return out


def simulate(start: date, end: date, products: list, seed: int) -> World:
    """Returns the simulated World from `start` to `end` (inclusive) for `products`."""
    rng = np.random.default_rng(seed)
    world = World(start, end, products)
    world.fx = fx_series(start, end, rng)
    days = world.days()
    R = rates(World(start, end + timedelta(120), products))  # planning looks past the last day of data
    # R is organic demand; each day sells it plus what that week's ad budgets bring, replenishment plans for the
    # average of that (warehouse/demo_gen/ad_budget.py)
    M = budget_multipliers(R.shape, products, seed)
    sell = R * demand_lift(M, products)
    R = R * expected_lift(M, products)
    mps = list(cat.MARKETPLACES)
    served = {dest: [mps.index(m) for m in mps if cat.STOCK_POINT[m] == dest] for dest in cat.DESTINATIONS}
    schedule = {dest: _schedule(dest, start, end + timedelta(120)) for dest in cat.DESTINATIONS}
    layers: dict = {(dest, p.sku): deque() for dest in cat.DESTINATIONS for p in products}
    arrivals: dict = {}  # day -> [Batch]
    due_returns: dict = {}  # day -> [(dest, sku, units, sellable)]
    counter: dict = {}

    def expected(dest: str, k: int, a: date, b: date) -> float:
        i0, i1 = max(0, (a - start).days), max(0, min(R.shape[0], (b - start).days))
        return float(R[i0:i1, served[dest], k].sum()) if i1 > i0 else 0.0

    def plan(dest: str, d: date, k: int, until: date) -> None:
        p = products[k]
        if (dest, p.sku) == cat.STORY_SLOW_MOVER and d > OPENING:
            return  # one opening batch, never reordered: it ages
        stock = sum(u for _, u, _ in layers[(dest, p.sku)])
        need = expected(dest, k, d, until) - stock
        if need < 10:
            return
        units = int(np.ceil(need / 10.0) * 10)
        ship = d - timedelta(TRANSIT_DAYS[dest])
        b = Batch(f"LM{ship:%y%m%d}-{dest.split('.')[0].upper()[:3]}{dest[-2:].upper()}", dest, p.sku, units, ship, d,
                  unit_cost(p, ship), round(max(1.0, p.size * FIRST_MILE[dest]), 2),
                  round(unit_cost(p, ship) * DUTY[dest], 2))  # fmt: skip
        world.batches.append(b)
        arrivals.setdefault(d, []).append(b)

    # opening stock (arrived before the first day) and launches
    for k, p in enumerate(products):
        for dest in cat.DESTINATIONS:
            first = max(OPENING, p.launch - timedelta(5))
            if first <= end and expected(dest, k, max(start, first), max(start, first) + timedelta(70)) > 0:
                if (dest, p.sku) == cat.STORY_SLOW_MOVER:
                    units = 700
                    b = Batch(
                        "LM241001-AMACOM",
                        dest,
                        p.sku,
                        units,
                        date(2024, 9, 5),
                        OPENING,
                        unit_cost(p, OPENING),
                        round(max(1.0, p.size * FIRST_MILE[dest]), 2),
                        round(unit_cost(p, OPENING) * DUTY[dest], 2),
                    )
                    world.batches.append(b)
                    arrivals.setdefault(OPENING, []).append(b)
                else:
                    nxt = next((a for a in schedule[dest] if a > max(start, first) + timedelta(14)), end)
                    plan(dest, first, k, nxt + timedelta(28))
    for arrival in sorted(a for a in arrivals if a < start):
        for b in arrivals.pop(arrival):
            layers[(b.dest, b.sku)].append([b.arrival, b.units, b.batch_id])

    for i, d in enumerate(days):
        for dest in cat.DESTINATIONS:
            if d in schedule[dest]:
                idx = schedule[dest].index(d)
                until = schedule[dest][idx + 1] if idx + 1 < len(schedule[dest]) else d + timedelta(56)
                for k, p in enumerate(products):
                    if d < p.launch - timedelta(5):
                        continue
                    story = (dest, p.sku) == cat.STORY_STOCKOUT
                    if story and d >= STORY_CUTOFF:
                        continue
                    # the story SKU runs lean from August (no safety stock) to save cash before the peak
                    plan(dest, d, k, until + timedelta(SAFETY_DAYS if story and d >= date(2026, 8, 1) else 28))
            if (
                d >= STORY_TOPUP
                and dest == cat.STORY_STOCKOUT[0]
                and not any(b.batch_id.endswith("-AIR") for b in world.batches)
            ):
                _story_topup(world, d, layers, arrivals)
        for b in arrivals.pop(d, []):
            layers[(b.dest, b.sku)].append([b.arrival, b.units, b.batch_id])
        for dest, sku, units, sellable in due_returns.pop(d, []):
            world.returns.append((dest, sku, d, units, sellable))
            if sellable:
                layers[(dest, sku)].append([d, units, "return"])
        _sell_day(world, rng, sell, i, d, layers, due_returns, counter)
        if d.month != (d + timedelta(1)).month or d == end:
            world.snapshots[d] = {key: [(a, u) for a, u, _ in q if u > 0] for key, q in layers.items()}
            world.in_transit[d] = {}
            for lst in arrivals.values():
                for b in lst:
                    if b.ship <= d:
                        key = (b.dest, b.sku)
                        world.in_transit[d][key] = world.in_transit[d].get(key, 0) + b.units
    # what the seller has ordered by the last day and not yet received (at sea, packed, in production)
    ordered = open_orders(products, end, schedule, layers, expected, STORY_CUTOFF)
    world.batches.extend(ordered)
    for key, units in in_transit(ordered, end).items():
        world.in_transit[end][key] = world.in_transit[end].get(key, 0) + units
    _ads(world, rng, R, M)
    world.sb_ads = sb_rows(world, seed)
    return world


def _story_topup(world: World, d: date, layers, arrivals) -> None:
    """Adds an air shipment sized on the trailing 30-day sales to last until STORY_RUNOUT, before Black Friday."""
    dest, sku = cat.STORY_STOCKOUT
    sold = sum(o.qty for o in world.orders if (o.mp, o.sku) == (dest, sku) and 0 < (d - o.ts.date()).days <= 30)
    stock = sum(u for _, u, _ in layers[(dest, sku)])
    if stock > 3 * sold / 30.0:
        return  # ordered only once the stock is down to three days of sales
    units = int(round(sold / 30.0 * (STORY_RUNOUT - d).days)) - stock
    if units > 0:
        p = world.product(sku)
        b = Batch(f"LM{d:%y%m%d}-AIR", dest, sku, units, d - timedelta(6), d, unit_cost(p, d), 9.5,
                  round(unit_cost(p, d) * DUTY[dest], 2))  # fmt: skip
        world.batches.append(b)
        arrivals.setdefault(d, []).append(b)


def _take(q: deque, units: int) -> int:
    """Removes up to `units` from the FIFO layers; returns how many were available."""
    got = 0
    while q and got < units:
        layer = q[0]
        n = min(layer[1], units - got)
        layer[1] -= n
        got += n
        if layer[1] == 0:
            q.popleft()
    return got


def _sell_day(world: World, rng, R, i: int, d: date, layers, due_returns, counter) -> None:
    for j, mp in enumerate(cat.MARKETPLACES):
        dest = cat.STOCK_POINT[mp]
        _, deal = season(d, mp)
        demand = rng.poisson(R[i, j, :])
        for k in np.flatnonzero(demand):
            p = world.products[k]
            want = int(demand[k])
            q = layers[(dest, p.sku)]
            while want > 0:
                qty = min(want, QTY[int(rng.integers(0, 10))])
                want -= qty
                got = _take(q, qty)
                if got == 0:
                    break
                ts = datetime.combine(d, time()) + timedelta(seconds=int(rng.integers(0, 86400)))
                ship = ts + timedelta(seconds=int(rng.integers(3 * 3600, 40 * 3600)))
                promo = deal if deal else (0.1 if rng.random() < 0.22 else 0.0)
                if mp == "tiktok.us":
                    promo = max(promo, 0.15 if rng.random() < 0.5 else 0.05)
                o = Order(mp, _order_id(mp, rng, counter), p.sku, got, ts, ship, p.price(mp), promo)
                if rng.random() < cat.REFUND_RATE.get(p.category, 0.04) * (1.3 if mp == "tiktok.us" else 1.0):
                    o.refund_ts = ship + timedelta(days=int(rng.integers(4, 35)), seconds=int(rng.integers(0, 86400)))
                    o.refund_units = got if got == 1 or rng.random() < 0.7 else 1
                    o.restock = bool(rng.random() < 0.65)
                    back = o.refund_ts.date() + timedelta(4)
                    due_returns.setdefault(back, []).append((dest, p.sku, o.refund_units, o.restock))
                world.orders.append(o)
                key = (dest, p.sku, ship.date())
                world.shipments[key] = world.shipments.get(key, 0) + got


def _ads(world: World, rng, R, M) -> None:
    """Appends one daily row per campaign × advertised SKU: spend follows the usual expected sales times the week's
    budget multiple and the SKU's spend level (ad_budget.spend_level); ad units are the share of the units actually sold that the ads brought in (ad_budget.py)."""
    units: dict = {}
    for o in world.orders:
        key = (o.mp, o.sku, o.ts.date())
        units[key] = units.get(key, 0) + o.qty
    skus = [p.sku for p in world.products]
    b = elasticities(world.products)
    for mp, campaigns in cat.CAMPAIGNS.items():
        j = list(cat.MARKETPLACES).index(mp)
        n_camp = {}
        for _, _, members, _, _ in campaigns:
            for s in members:
                n_camp[s] = n_camp.get(s, 0) + 1
        for i, d in enumerate(world.days()):
            _, deal = season(d, mp)
            for name, group, members, acos, cpc in campaigns:
                for s in members:
                    if s not in skus:
                        continue
                    p = world.product(s)
                    k = skus.index(s)
                    if d < p.launch:
                        continue
                    share = ad_fraction(1.0, p, b[k]) / n_camp[s]
                    sold = units.get((mp, s, d), 0)
                    m = float(M[i, j, k])
                    ad_units = int(rng.binomial(sold, ad_fraction(m, p, b[k]) / n_camp[s])) if sold else 0
                    exp_sales = R[i, j, k] * share * p.price(mp) * (1 - deal)
                    spend = exp_sales * acos * m * spend_level(p) * float(rng.lognormal(0, 0.2))
                    clicks = max(1, int(round(spend / cpc))) if spend > 0 else 0
                    spend = round(clicks * cpc * float(rng.uniform(0.85, 1.15)), 0 if mp == "amazon.co.jp" else 2)
                    impressions = int(clicks / float(rng.uniform(0.0025, 0.0055))) + int(rng.integers(0, 40))
                    world.ads.append((mp, d, name, group, s, impressions, clicks, spend, ad_units,
                                      round(ad_units * p.price(mp) * (1 - deal), 2)))  # fmt: skip
