"""Sponsored Brands for the demo company: daily campaign rows (headline and video) and the classic SB campaign report.

SB spend follows the day's Sponsored Products spend on the cameras it promotes (about a quarter of it), its sales
are 14-day attributed at an ACoS of about 30 % (SB carries no SKU, so its spend is campaign-level). A generator of
its own (seeded from the demo seed) keeps every other demo file unchanged by adding it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.fmt import csv_line, months
from warehouse.demo_gen.sim import World

# (campaign, is video, the SP campaigns whose spend it follows, share of that spend, ACoS, cost per click)
SB_CAMPAIGNS = {
    "amazon.com": [
        ("SB - Lumora Brand - Action Cameras", False, ("SP - CAM-4K - Exact", "SP - CAM-4K - Broad"), 0.22, 0.30, 1.45),
        ("SBV - Lumora Video - 5K Pro", True, ("SP - 5K Pro - Exact",), 0.35, 0.26, 0.95),
    ],
    "amazon.de": [
        ("SB - DE - Marke Lumora", False, ("SP - DE - Kamera 4K",), 0.25, 0.33, 1.10),
    ],
}  # fmt: skip
HEADER = ["Date", "Portfolio name", "Currency", "Campaign Name", "Cost type", "Country", "Impressions", "Clicks",
          "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend", "Total Advertising Cost of Sales (ACOS) ",
          "Total Return on Advertising Spend (ROAS)", "14 Day Total Sales ", "14 Day Total Orders (#)",
          "14 Day Total Units (#)", "14 Day Conversion Rate", "Viewable Impressions", "Video First Quartile Views",
          "Video Complete Views", "14 Day New-to-brand Orders (#)", "14 Day New-to-brand Sales"]  # fmt: skip
COUNTRY = {"amazon.com": "US", "amazon.de": "DE"}


def sb_rows(world: World, seed: int) -> list[tuple]:
    """Returns (mp, day, campaign, is_video, impressions, clicks, spend, orders, units, sales, ntb_orders) per day."""
    rng = np.random.default_rng(seed + 1000)
    sp: dict = {}
    for mp, d, camp, _group, _sku, _imp, _clicks, spend, *_ in world.ads:
        sp[(mp, d, camp)] = sp.get((mp, d, camp), 0.0) + spend
    price = {mp: float(np.mean([p.price(mp) for p in world.products if p.is_camera])) for mp in SB_CAMPAIGNS}
    out = []
    for d in world.days():
        for mp, campaigns in SB_CAMPAIGNS.items():
            for name, video, follows, share, acos, cpc in campaigns:
                base = sum(sp.get((mp, d, c), 0.0) for c in follows)
                if base <= 0:
                    continue
                clicks = max(1, int(round(base * share * float(rng.lognormal(0, 0.25)) / cpc)))
                spend = round(clicks * cpc * float(rng.uniform(0.85, 1.15)), 2)
                sales_value = spend / (acos * float(rng.lognormal(0, 0.3)))
                units = int(rng.poisson(sales_value / price[mp]))
                orders = units - units // 5
                sales = round(units * price[mp], 2)
                impressions = int(clicks / float(rng.uniform(0.003, 0.006))) + int(rng.integers(0, 60))
                ntb = int(rng.binomial(orders, 0.6)) if orders else 0
                out.append((mp, d, name, video, impressions, clicks, spend, orders, units, sales, ntb))
    return out


def _money(mp: str, x: float) -> str:
    return ("$" if mp == "amazon.com" else "€") + f"{x:,.2f}"


def write_sb(world: World, out: Path) -> list[dict]:
    """Writes the Sponsored Brands campaign report, daily rows, one CSV per marketplace and month."""
    entries = []
    for mp in SB_CAMPAIGNS:
        folder = out / mp / "ads"
        folder.mkdir(parents=True, exist_ok=True)
        rows = [r for r in world.sb_ads if r[0] == mp]
        for first, last in months(world.start, world.end):
            lines = [csv_line(HEADER)]
            for _, d, name, video, imp, clicks, spend, orders, units, sales, ntb in rows:
                if not first <= d <= last:
                    continue
                viewable = int(imp * 0.7)
                lines.append(csv_line([
                    f"{d:%b %d, %Y}", "Lumora Brand", cat.CURRENCY[mp], name, "CPC", COUNTRY[mp], imp, clicks,
                    f"{clicks / imp * 100:.4f}%", _money(mp, spend / clicks), _money(mp, spend),
                    f"{spend / sales * 100:.2f}%" if sales else "", f"{sales / spend:.2f}" if spend else "",
                    _money(mp, sales), orders, units, f"{orders / clicks * 100:.2f}%",
                    viewable if video else "", int(viewable * 0.45) if video else "",
                    int(viewable * 0.12) if video else "", ntb, _money(mp, sales * ntb / orders if orders else 0),
                ]))  # fmt: skip
            if len(lines) > 1:
                path = folder / f"Sponsored_Brands_Campaign_report_{first:%Y-%m}.csv"
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries
