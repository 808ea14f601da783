"""Writes the demo company's second Amazon US store, "Lumora Outlet": a smaller seller account on amazon.com that
sells a few accessories under the same seller SKUs, with its own transaction reports, Sponsored Products reports
and inbound batches (the matrix-store setup many sellers run).

It draws from its own seeded generator after the main store is written, so the main store's files stay exactly
as they were; every file of it is listed in the manifest with `"store": STORE`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np

from warehouse.demo_gen.amazon_reports import write_ads
from warehouse.demo_gen.amazon_tx import US_HEADER, US_PREAMBLE, _cells, _fee_lines, _order_lines, _total
from warehouse.demo_gen.fmt import csv_line, months, quoted
from warehouse.demo_gen.sim import DUTY, FIRST_MILE, OTHER_COST, Order, World, season, unit_cost

STORE = "Lumora Outlet"
FOLDER = "outlet"
MP = "amazon.com"
OPEN = date(2025, 9, 1)
# seller SKU -> units per day before seasonality; the outlet prices a dollar under the main store
SKUS = {"SD-64": 0.9, "BAT-1800": 0.8, "CASE-SOFT": 0.6, "ACC-LENS": 0.7, "MNT-TRIPOD": 0.5}
DISCOUNT = 1.0
CAMPAIGN = ("SP - Outlet - Accessories Auto", "outlet accessories", 0.21, 0.45)  # name, ad group, ACoS, CPC
SETTLEMENT_BASE = 31_277_640_000
BATCH_EVERY = 91  # days between the outlet's inbound batches


def _orders(world: World, rng) -> None:
    n = 0
    for d in world.days():
        f, deal = season(d, MP)
        for sku, daily in SKUS.items():
            p = world.product(sku)
            for _ in range(int(rng.poisson(daily * f))):
                n += 1
                qty = 1 if rng.random() < 0.8 else 2
                ts = datetime.combine(d, time()) + timedelta(seconds=int(rng.integers(0, 86400)))
                ship = ts + timedelta(seconds=int(rng.integers(3 * 3600, 40 * 3600)))
                oid = f"11{int(rng.integers(1, 5))}-{int(rng.integers(10**6, 10**7)):07d}-{n:07d}"
                promo = deal if deal else (0.1 if rng.random() < 0.15 else 0.0)
                o = Order(MP, oid, sku, qty, ts, ship, round(p.usd - DISCOUNT, 2), promo)
                if rng.random() < 0.04:
                    o.refund_ts = ship + timedelta(days=int(rng.integers(4, 30)), seconds=int(rng.integers(0, 86400)))
                    o.refund_units = qty
                world.orders.append(o)


def _ads(world: World, rng) -> None:
    name, group, acos, cpc = CAMPAIGN
    sold: dict = {}
    for o in world.orders:
        sold[(o.sku, o.ts.date())] = sold.get((o.sku, o.ts.date()), 0) + o.qty
    for d in world.days():
        f, deal = season(d, MP)
        for sku, daily in SKUS.items():
            p = world.product(sku)
            units = sold.get((sku, d), 0)
            ad_units = int(rng.binomial(units, 0.3)) if units else 0
            spend = daily * f * 0.3 * p.usd * acos * float(rng.lognormal(0, 0.2))
            clicks = max(1, int(round(spend / cpc)))
            spend = round(clicks * cpc * float(rng.uniform(0.85, 1.15)), 2)
            impressions = int(clicks / float(rng.uniform(0.003, 0.006))) + int(rng.integers(0, 40))
            sales = round(ad_units * (p.usd - DISCOUNT) * (1 - deal), 2)
            world.ads.append((MP, d, name, group, sku, impressions, clicks, spend, ad_units, sales))


def _transactions(world: World, out: Path) -> list[dict]:
    """Writes the outlet's monthly US transaction reports (orders, refunds, ad charges, subscription, payouts)."""
    events = _order_lines(world, MP, "us", None) + _fee_lines(world, MP, "us", {})
    events = [e for e in events if world.start <= e["ts"].date() <= world.end]
    balance: dict = {}
    for e in events:  # the outlet's own 14-day settlement periods and payouts
        idx = (e["ts"].date() - OPEN).days // 14
        e["settlement"] = str(SETTLEMENT_BASE + idx)
        balance[idx] = balance.get(idx, 0.0) + _total(e)
    for idx, amount in sorted(balance.items()):
        day = OPEN + timedelta(14 * idx + 13)
        if amount > 0 and day <= world.end:
            events.append(dict(kind="transfer", ts=datetime.combine(day, time(8, 0, 0)), other=-round(amount, 2),
                               settlement=str(SETTLEMENT_BASE + idx)))  # fmt: skip
    events.sort(key=lambda e: (e["ts"], e.get("order_id", ""), e["kind"]))
    folder = out / FOLDER / MP / "transactions"
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for first, last in months(world.start, world.end):
        rows = [e for e in events if first <= e["ts"].date() <= last]
        if not rows:
            continue
        lines = [quoted([p]) for p in US_PREAMBLE] + [quoted(US_HEADER)]
        lines += [quoted(_cells(e, MP, "us", world.end)) for e in rows]
        path = folder / f"{first:%Y%b}MonthlyTransaction.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
        entries.append({"path": str(path.relative_to(out)), "options": {}, "store": STORE})
    return entries


def _batches(world: World, out: Path) -> list[dict]:
    """Writes the outlet's inbound batches (one per SKU every quarter, sized to the quarter's sales plus a margin)."""
    rows, arrival = [], world.start - timedelta(7)
    while arrival <= world.end:
        until = arrival + timedelta(BATCH_EVERY)
        for sku in SKUS:
            p = world.product(sku)
            need = sum(o.qty for o in world.orders if o.sku == sku and arrival <= o.ts.date() + timedelta(7) < until)
            units = int(np.ceil(need * 1.2 / 10.0) * 10) + 10
            ship = arrival - timedelta(38)
            cost = unit_cost(p, ship)
            rows.append([f"LMO{ship:%y%m%d}-{sku}", sku, units, "CNY", f"{cost:.2f}",
                         f"{max(1.0, p.size * FIRST_MILE[MP]):.2f}", f"{cost * DUTY[MP]:.2f}", f"{OTHER_COST:.2f}",
                         "1", MP, arrival.isoformat()])  # fmt: skip
        arrival = until
    fields = ["batch_id", "master_sku", "units", "currency", "purchase_cost", "first_mile", "duty", "other",
              "fx_rate_paid", "destination", "arrival_date"]  # fmt: skip
    path = out / FOLDER / "inbound_batches_outlet.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [csv_line(fields)] + [csv_line(r) for r in rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return [{"path": str(path.relative_to(out)), "options": {}}]  # a seller template: company-wide, no store


def write_outlet(products: list, out: Path, seed: int, start: date, end: date) -> list[dict]:
    """Writes the outlet store's files under `out/outlet` for its days in [start, end] (it opened on OPEN);
    returns their manifest entries in import order."""
    rng = np.random.default_rng(seed * 1000 + 17)
    world = World(max(OPEN, start), end, [p for p in products if p.sku in SKUS])
    if end < world.start:
        return []
    _orders(world, rng)
    _ads(world, rng)
    entries = _batches(world, out) + _transactions(world, out)
    for e in write_ads(world, out / FOLDER):
        entries.append({"path": f"{FOLDER}/{e['path']}", "options": e["options"], "store": STORE})
    for folder in sorted((out / FOLDER).glob("*/*"), reverse=True):  # write_ads makes a folder per marketplace
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            if not any(folder.parent.iterdir()):
                folder.parent.rmdir()
    return entries


__all__ = ["STORE", "write_outlet"]
