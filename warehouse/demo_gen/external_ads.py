"""Writes the demo's ads outside Amazon: TikTok Ads Manager and GMV Max for TikTok Shop US, Meta Ads Manager for
the Shopify store (daily rows, one CSV per month, each in its console's layout) and the ad campaign map template.

Spend and attributed sales follow the simulated orders of the channel that day (attributed sales are a share of
the SKU's real sales, so they never exceed them). A generator of its own, seeded from the demo seed, keeps every
other demo file as it was.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np

from warehouse.demo_gen.fmt import csv_line, months
from warehouse.demo_gen.sim import World
from warehouse.formats.sheets.master import SPEC

TIKTOK_HEADER = ["By Day", "Campaign name", "Ad group name", "Currency", "Primary status", "Cost", "Impressions",
                 "Clicks (destination)", "CTR (destination)", "Conversions", "Complete payment",
                 "Total complete payment", "Complete payment ROAS"]  # fmt: skip
GMV_HEADER = ["By Day", "Campaign name", "Campaign ID", "Currency", "Cost", "Net Cost", "Orders (SKU)",
              "Cost per order", "Gross revenue", "ROI"]  # fmt: skip
META_HEADER = ["Reporting starts", "Reporting ends", "Campaign name", "Day", "Delivery", "Attribution setting",
               "Currency", "Amount spent (USD)", "Impressions", "Reach", "Link clicks", "Purchases",
               "Purchases conversion value", "Cost per Purchase (USD)"]  # fmt: skip
SPARK_SKUS = ("CAM-4K-BLK", "CAM-MINI", "KIT-STARTER")  # TikTok Spark Ads per hero product
META_CAMPAIGNS = (  # name, attribution setting, spend share of the day's sales, attributed share of the sales
    ("Meta - Prospecting", "7-day click or 1-day view", 0.10, 0.30),
    ("Meta - Retargeting", "1-day click", 0.03, 0.14),
)


def _m(x: float) -> str:
    return f"{x:,.2f}"


def _daily_sales(world: World, mp: str) -> dict:
    """Returns {(day, sku): (sales after seller discount, orders)} of a marketplace's simulated orders."""
    out: dict = defaultdict(lambda: [0.0, 0])
    for o in world.orders:
        if o.mp == mp:
            cell = out[(o.ts.date(), o.sku)]
            cell[0] += o.unit_price * o.qty * (1 - o.promo_rate)
            cell[1] += 1
    return out


def _tiktok_rows(world: World, rng) -> tuple[list, list]:
    sales = _daily_sales(world, "tiktok.us")
    days = sorted({d for d, _ in sales})
    ads, gmv = [], []
    for d in days:
        for sku in SPARK_SKUS:
            s, n = sales.get((d, sku), (0.0, 0))
            if not s:
                continue
            attributed = round(s * rng.uniform(0.3, 0.45), 2)
            spend = round(attributed * rng.uniform(0.22, 0.36), 2)
            orders = max(1, round(n * attributed / s))
            ads.append((d, f"TT Spark - {sku}", sku, spend, attributed, orders))
        spend = round(rng.uniform(6, 14), 2)  # brand awareness: reach, no purchases
        ads.append((d, "TT Brand - Awareness", "All", spend, 0.0, 0))
        total = sum(sales.get((d, p.sku), (0.0, 0))[0] for p in world.products)
        orders = sum(sales.get((d, p.sku), (0.0, 0))[1] for p in world.products)
        if total:
            cost = round(total * rng.uniform(0.05, 0.08), 2)
            gmv.append((d, cost, orders, round(total * rng.uniform(0.7, 0.9), 2)))
    return ads, gmv


def write_external_ads(world: World, out: Path, seed: int) -> list[dict]:
    """Writes TikTok Ads Manager, GMV Max and Meta exports per month and `templates/ad_campaigns.csv`."""
    rng = np.random.default_rng(seed + 1013)
    ads, gmv = _tiktok_rows(world, rng)
    shop: dict = defaultdict(lambda: [0.0, 0])  # day -> [sales, orders] of the Shopify store
    for (d, _), (v, n) in _daily_sales(world, "shopify").items():
        shop[d][0] += v
        shop[d][1] += n
    entries = []
    tt, fb = out / "tiktok.us" / "ads", out / "shopify" / "ads"
    tt.mkdir(parents=True, exist_ok=True)
    fb.mkdir(parents=True, exist_ok=True)
    for first, last in months(world.start, world.end):
        rows = [r for r in ads if first <= r[0] <= last]
        if rows:
            lines = [csv_line(TIKTOK_HEADER)]
            for d, camp, group, spend, value, orders in rows:
                imp, clicks = int(spend * 38), int(spend * 0.9)
                lines.append(csv_line([
                    d.isoformat(), camp, group, "USD", "Active", _m(spend), f"{imp:,}" if imp >= 5 else "<5",
                    f"{clicks:,}", f"{clicks / imp * 100:.2f}%" if imp else "--", orders or "--", orders or "--",
                    _m(value) if value else "--", f"{value / spend:.2f}" if value and spend else "--",
                ]))  # fmt: skip
            spend = sum(r[3] for r in rows)
            value = sum(r[4] for r in rows)
            lines.append(csv_line(["Total", "--", "--", "USD", "--", _m(spend), "--", "--", "--", "--",
                                   sum(r[5] for r in rows), _m(value), f"{value / spend:.2f}"]))  # fmt: skip
            path = tt / f"tiktok_ads_export_{first:%Y_%m}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {}})
        rows = [r for r in gmv if first <= r[0] <= last]
        if rows:
            lines = [csv_line(GMV_HEADER)]
            for d, cost, orders, revenue in rows:
                lines.append(csv_line([d.isoformat(), "GMV Max - Lumora Shop", "1809000000000001", "USD", _m(cost),
                                       _m(cost), orders, _m(cost / orders), _m(revenue), f"{revenue / cost:.2f}"]))  # fmt: skip
            path = tt / f"gmv_max_campaigns_{first:%Y-%m}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {}})
        days = sorted(d for d in shop if first <= d <= last)
        if days:
            lines = [csv_line(META_HEADER)]
            for d in days:
                s, n = shop[d]
                for camp, window, spend_share, value_share in META_CAMPAIGNS:
                    spend = round(s * spend_share * rng.uniform(0.8, 1.2), 2)
                    value = round(s * value_share * rng.uniform(0.8, 1.2), 2)
                    buys = max(1, round(n * value / s)) if value else 0
                    imp = int(spend * 55)
                    lines.append(csv_line([
                        first.isoformat(), last.isoformat(), camp, d.isoformat(), "active", window, "USD", _m(spend),
                        f"{imp:,}", f"{int(imp * 0.8):,}", int(spend * 1.1), buys, _m(value),
                        _m(spend / buys) if buys else "",
                    ]))  # fmt: skip
            path = fb / f"meta_ads_{first:%Y-%m}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {}})
    entries.append(_campaign_map(out))
    return entries


def _campaign_map(out: Path) -> dict:
    """The seller's map: each Spark campaign to its SKU on TikTok Shop US; Meta to the Shopify store (SKUs by the
    allocation rule); GMV Max is left to its default (TikTok Shop US by its USD currency)."""
    fields = ("campaign_pattern", "ad_program", "marketplace", "master_sku")
    rows = [[f"TT Spark - {sku}*", "tiktok_ads", "tiktok.us", sku] for sku in SPARK_SKUS]
    rows += [["TT Brand - *", "tiktok_ads", "tiktok.us", ""], ["Meta - *", "meta", "shopify", ""]]
    head = [SPEC[f][2] for f in fields]  # Chinese headers, as a seller in Shenzhen fills it
    path = out / "templates" / "ad_campaigns.csv"
    lines = [csv_line(head)] + [csv_line(r) for r in rows]
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return {"path": "templates/ad_campaigns.csv", "options": {}}
