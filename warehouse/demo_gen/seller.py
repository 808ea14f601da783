"""Writes the demo company's own sheets: SKU map, landed costs, inbound batches, FX rates, own-warehouse stock."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.amazon_reports import listed
from warehouse.demo_gen.fmt import csv_line
from warehouse.demo_gen.ids import asin
from warehouse.demo_gen.sim import DUTY, FIRST_MILE, OTHER_COST, World, unit_cost
from warehouse.formats.sheets.master import SPEC

COST_START = date(2024, 6, 1)


def _write(path: Path, fields: list[str], rows: list[list], lang: str) -> dict:
    head = [SPEC[f][2] if lang == "zh" else f for f in fields]
    lines = [csv_line(head)] + [csv_line(["" if v is None else v for v in r]) for r in rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return {"path": f"templates/{path.name}", "options": {}}


def write_templates(world: World, out: Path) -> list[dict]:
    """Writes the five seller templates (SKU map and own stock in English, costs and batches in Chinese)."""
    folder = out / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    rows = []
    for p in world.products:
        for mp in cat.MARKETPLACES:
            if mp in cat.AMAZON and p not in listed(world, mp):
                continue
            if mp not in cat.AMAZON and not p.mp_share.get(mp):
                continue
            channel = mp.split(".")[0]
            rows.append([p.sku, p.name_zh, p.name_en, p.category, p.launch.isoformat(), channel, mp,
                         p.channel_sku(mp), asin(p.sku) if mp in cat.AMAZON else ""])  # fmt: skip
    fields = ["master_sku", "name_zh", "name_en", "category", "launch_date", "channel", "marketplace", "channel_sku",
              "asin"]  # fmt: skip
    entries.append(_write(folder / "sku_map.csv", fields, rows, "en"))

    rows = []
    for p in world.products:
        for start in (COST_START, cat.COST_RISE) if p.is_camera else (COST_START,):
            cost = unit_cost(p, start)
            rows.append([p.sku, start.isoformat(), "CNY", f"{cost:.2f}",
                         f"{max(1.0, p.size * FIRST_MILE['amazon.com']):.2f}", f"{cost * DUTY['amazon.com']:.2f}",
                         f"{OTHER_COST:.2f}"])  # fmt: skip
    fields = ["master_sku", "effective_from", "currency", "purchase_cost", "first_mile", "duty", "other"]
    entries.append(_write(folder / "landed_costs.csv", fields, rows, "zh"))

    rows = []
    for r in (d for d in sorted(world.fx["USD"]) if d <= world.end):
        for cur in ("USD", "EUR", "JPY"):
            rows.append([r.isoformat(), cur, "CNY", f"{world.fx[cur][r]:.6f}".rstrip("0")])
    entries.append(_write(folder / "fx_rates.csv", ["rate_date", "currency", "base_currency", "rate"], rows, "en"))

    rows = []
    # every batch ordered by the last day: received ones with their arrival date, open ones (at sea, packed at the
    # DC, in production: warehouse/demo_gen/open_orders.py) with the date they are expected to arrive
    for b in sorted(world.batches, key=lambda b: (b.arrival, b.batch_id, b.sku)):
        rows.append([b.batch_id, b.sku, b.units, "CNY", f"{b.cost:.2f}", f"{b.first_mile:.2f}", f"{b.duty:.2f}",
                     f"{OTHER_COST:.2f}", "1", b.dest, b.arrival.isoformat()])  # fmt: skip
    fields = ["batch_id", "master_sku", "units", "currency", "purchase_cost", "first_mile", "duty", "other",
              "fx_rate_paid", "destination", "arrival_date"]  # fmt: skip
    entries.append(_write(folder / "inbound_batches.csv", fields, rows, "zh"))

    rows = []
    for day in sorted(world.snapshots):
        for p in world.products:
            la = sum(u for _, u in world.snapshots[day].get(("LA-3PL", p.sku), []))
            # the Shenzhen DC holds what is packed for the next month's departures
            dc = sum(b.units for b in world.batches if b.sku == p.sku and day < b.ship <= day + timedelta(30))
            for wh, units in (("LA-3PL", la), ("Shenzhen-DC", dc)):
                if units:
                    rows.append([day.isoformat(), wh, p.sku, units])
    entries.append(_write(folder / "own_stock.csv", ["snapshot_date", "warehouse", "master_sku", "units"], rows, "en"))
    return entries
