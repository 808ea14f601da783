"""Returns the demo company's open purchase orders at the end of its data: the batches already ordered, not yet arrived.

The simulation sizes each batch on the day it arrives, so without this the last day of data had nothing ordered: no
goods at sea, none packed at the Shenzhen DC, none in production — as if the seller had stopped buying. A real
seller ordered weeks ahead: each batch is ordered PRODUCTION_DAYS before it is packed at the DC, where it waits up to
30 days (the own-stock sheet counts what ships within the next 30 days) before it ships, then spends the lane's
transit days at sea. So on the last day every regular arrival whose ship date is within ORDERED_AHEAD days is
ordered: at sea (shipped by the last day; Amazon reports it as inbound), packed at the DC, or in production. Each is
sized as the simulation sizes its batches (the expected demand until the next arrival + 28 days, less the stock
projected at its arrival, in tens), from the stock on the last day, the demand expected before its arrival and the
open batches arriving before it. The seller's batch sheet lists them with their expected arrival date.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.sim import DUTY, FIRST_MILE, TRANSIT_DAYS, Batch, unit_cost

PRODUCTION_DAYS = 30
ORDERED_AHEAD = PRODUCTION_DAYS + 30  # days after the last day within which an ordered batch ships


def open_orders(products: list, end: date, schedule: dict, layers: dict, expected, story_cutoff: date) -> list[Batch]:
    """Returns the batches ordered by `end` that arrive after it (module doc), per destination and SKU in arrival order.

    `schedule`: destination -> regular arrival days; `layers`: (destination, sku) -> stock layers on `end`;
    `expected(dest, k, a, b)`: the units product k is expected to sell from `dest` in [a, b). The story SKUs keep
    their story: the slow mover is never reordered, the stock-out SKU gets no regular batch after `story_cutoff`."""
    out = []
    for dest, days in schedule.items():
        transit = timedelta(TRANSIT_DAYS[dest])
        due = [a for a in days if a > end and a - transit <= end + timedelta(ORDERED_AHEAD)]
        for k, p in enumerate(products):
            if (dest, p.sku) == cat.STORY_SLOW_MOVER or ((dest, p.sku) == cat.STORY_STOCKOUT and end >= story_cutoff):
                continue
            stock = sum(u for _, u, _ in layers[(dest, p.sku)])
            ordered = 0
            for a in due:
                if a < p.launch - timedelta(5):
                    continue
                i = days.index(a)
                until = days[i + 1] if i + 1 < len(days) else a + timedelta(56)
                projected = stock + ordered - expected(dest, k, end + timedelta(1), a)
                need = expected(dest, k, a, until + timedelta(28)) - max(projected, 0.0)
                if need < 10:
                    continue
                units = int(np.ceil(need / 10.0) * 10)
                ship = a - transit
                code = f"{dest.split('.')[0].upper()[:3]}{dest[-2:].upper()}"
                out.append(Batch(f"LM{ship:%y%m%d}-{code}", dest, p.sku, units, ship, a, unit_cost(p, ship),
                                 round(max(1.0, p.size * FIRST_MILE[dest]), 2),
                                 round(unit_cost(p, ship) * DUTY[dest], 2)))  # fmt: skip
                ordered += units
    return out


def in_transit(batches: list[Batch], day: date) -> dict:
    """Returns {(destination, sku): units} of `batches` shipped by `day` and arriving after it."""
    out: dict = {}
    for b in batches:
        if b.ship <= day < b.arrival:
            out[(b.dest, b.sku)] = out.get((b.dest, b.sku), 0) + b.units
    return out
