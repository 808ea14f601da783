"""The demo company generator: a seeded, deterministic two-year history of the action-camera brand Lumora,
written as real-format export files plus a manifest (`python -m warehouse.demo_gen --out data/demo`).

Lumora runs two stores (seller accounts): its main store (`default`: Amazon US/DE/JP, TikTok Shop, Shopify) and the
smaller amazon.com store "Lumora Outlet" (warehouse/demo_gen/outlet.py). Every manifest entry of a store's report
names its store; the seller templates name none (they are company-wide)."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

from warehouse.demo_gen import catalog as cat

START = date(2024, 11, 1)
TODAY = date(2026, 11, 20)  # the demo's "today": the last day of data


def products(scale: int = 1) -> list:
    """Returns the catalog; `scale` > 1 adds copies of every product (SKU-V2, SKU-V3, …) for benchmarks."""
    out = list(cat.CATALOG)
    for k in range(2, scale + 1):
        out += [
            replace(p, sku=f"{p.sku}-V{k}", alias={m: f"{a}-V{k}" for m, a in p.alias.items()}) for p in cat.CATALOG
        ]
    return out


def generate(out: str | Path, *, seed: int = 7, scale: int = 1, start: date = START, end: date = TODAY) -> Path:
    """Writes every demo file and `manifest.json` under `out` (emptied first); returns the manifest path."""
    from warehouse.demo_gen.amazon_inventory import (
        write_fba_inventory,
        write_ledger,
        write_planning,
        write_storage_fees,
    )
    from warehouse.demo_gen.amazon_reports import storage_fees, write_ads, write_business_reports
    from warehouse.demo_gen.amazon_tx import write_transactions
    from warehouse.demo_gen.channels import write_shopify, write_tiktok
    from warehouse.demo_gen.expenses import write_expenses
    from warehouse.demo_gen.external_ads import write_external_ads
    from warehouse.demo_gen.fees import write_shopify_payments, write_tiktok_statements
    from warehouse.demo_gen.outlet import write_outlet
    from warehouse.demo_gen.plan import write_plan
    from warehouse.demo_gen.returns_buyers import write_fba_returns
    from warehouse.demo_gen.seller import write_templates
    from warehouse.demo_gen.simulate import simulate
    from warehouse.demo_gen.sponsored_brands import write_sb

    out = Path(out)
    if out.exists():
        for child in out.iterdir():  # stale files of an earlier run must not linger in the manifest's folder
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    world = simulate(start, end, products(scale), seed)
    fees = storage_fees(world)
    entries = write_templates(world, out)
    entries += write_expenses(out, start, end, seed, sorted({p.sku for p in world.products})[:8])
    entries += write_plan(world, out)
    entries += write_transactions(world, out, fees)
    entries += write_ads(world, out)
    entries += write_sb(world, out)
    entries += write_business_reports(world, out)
    entries += write_fba_inventory(world, out)
    entries += write_planning(world, out)
    entries += write_ledger(world, out)
    entries += write_storage_fees(world, out, fees)
    entries += write_tiktok(world, out)
    entries += write_tiktok_statements(world, out)
    entries += write_shopify(world, out)
    entries += write_shopify_payments(world, out)
    entries += write_fba_returns(world, out)  # return reasons (warehouse/demo_gen/returns_buyers.py)
    entries += write_external_ads(world, out, seed)
    for e in entries:  # the main store's reports go to the store every warehouse starts with
        if not e["path"].startswith("templates/"):
            e["store"] = "default"
    entries += write_outlet(world.products, out, seed, start, end)
    manifest = {
        "company": "Lumora",
        "today": end.isoformat(),
        "start": start.isoformat(),
        "seed": seed,
        "scale": scale,
        "files": entries,
    }
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
