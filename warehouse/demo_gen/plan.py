"""Writes the demo company's plan sheets: a budget (last, current and next month; per channel and company-wide, with
expenses per department) and targets (net margin, TACoS, units per channel), both in the seller's own templates.

The budget is last year's same month per channel grown by that channel's GROWTH (the plan a seller writes from
history: TikTok Shop is the fast-growing channel), in CNY:
net sales, marketplace fees and ad spend per channel; net profit, expenses by category and operating profit for the
company. Costs are written as positive amounts, as sellers write budgets (the template reads them as costs).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.seller import _write
from warehouse.demo_gen.sim import World
from warehouse.formats.sheets import plan as templates_plan  # noqa: F401  (adds the plan columns to the template SPEC)

GROWTH = {"amazon": 1.15, "tiktok": 1.6, "shopify": 1.3}  # the plan: growth on last year's same month
# referral + fulfilment (FBA) share of net sales, near what the channels charge (Amazon a little over, TikTok Shop a
# little under: one favourable and one unfavourable fee line)
FEE_SHARE = {"amazon": 0.17, "tiktok": 0.2, "shopify": 0.04}
AD_SHARE = {"amazon": 0.12, "tiktok": 0.12, "shopify": 0.12}  # planned TACoS-like ad budget share of net sales
NET_MARGIN_PLAN = 0.12
# company expenses per month: category -> (department as the expenses file names it, "" = every department; CNY)
EXPENSES = {"salaries": ("运营", 30000), "software": ("运营", 1100), "rent": ("行政", 6500),
            "warehouse_3pl": ("", 6000), "agency": ("运营", 8000)}  # fmt: skip


def _month(d: date, shift: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + shift, 12)
    return date(y, m + 1, 1)


def _rate(world: World, currency: str, day: date) -> float:
    rates = world.fx[currency]
    return rates[max(d for d in rates if d <= day)]


def _history(world: World) -> tuple[dict, dict]:
    """Returns ({(channel, month): net sales CNY}, {(channel, month): units}) of the simulated orders."""
    sales: dict = defaultdict(float)
    units: dict = defaultdict(int)
    for o in world.orders:
        day = o.ts.date()
        channel = o.mp.split(".")[0]
        rate = _rate(world, cat.CURRENCY[o.mp], day)
        net = o.qty * o.unit_price * (1 - o.promo_rate) - o.refund_units * o.unit_price
        sales[(channel, day.replace(day=1))] += net * rate
        units[(channel, day.replace(day=1))] += o.qty
    return sales, units


def write_plan(world: World, out: Path) -> list[dict]:
    """Writes templates/budget.csv (Chinese headers) and templates/targets.csv (English headers)."""
    folder = out / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    sales, units = _history(world)
    this = world.end.replace(day=1)
    rows = []
    for month in (_month(this, -1), this, _month(this, 1)):
        ly = _month(month, -12)
        total = 0.0
        for channel in ("amazon", "tiktok", "shopify"):
            plan = round(sales.get((channel, ly), 0.0) * GROWTH[channel], -3)
            if not plan:
                continue
            total += plan
            rows.append([month.strftime("%Y-%m"), "净销售额", f"{plan:.0f}", "CNY", "", channel])
            rows.append([month.strftime("%Y-%m"), "平台费用", f"{plan * FEE_SHARE[channel]:.0f}", "CNY", "", channel])
            rows.append([month.strftime("%Y-%m"), "广告花费", f"{plan * AD_SHARE[channel]:.0f}", "CNY", "", channel])
        profit = round(total * NET_MARGIN_PLAN, -2)
        spend = sum(v for _, v in EXPENSES.values())
        rows.append([month.strftime("%Y-%m"), "净利润", f"{profit:.0f}", "CNY", "", ""])
        rows += [[month.strftime("%Y-%m"), f"费用:{cat_id}", f"{v}", "CNY", dept, ""]
                 for cat_id, (dept, v) in EXPENSES.items()]  # fmt: skip
        rows.append([month.strftime("%Y-%m"), "经营利润", f"{profit - spend:.0f}", "CNY", "", ""])
    fields = ["month", "line", "amount", "currency", "department", "channel"]
    entries = [_write(folder / "budget.csv", fields, rows, "zh")]

    quarter = f"{this.year}-Q{(this.month - 1) // 3 + 1}"
    targets = [["net_margin", quarter, "", "", NET_MARGIN_PLAN, "up"],
               ["tacos", this.strftime("%Y-%m"), "", "", 0.12, ""]]  # fmt: skip
    for channel in ("amazon", "tiktok", "shopify"):
        ly_units = units.get((channel, _month(this, -12)), 0)
        if ly_units:
            targets.append(["units", this.strftime("%Y-%m"), channel, "", round(ly_units * GROWTH[channel]), ""])
            targets.append(["tacos", this.strftime("%Y-%m"), channel, "", AD_SHARE[channel], "down"])
    fields = ["metric_id", "period", "channel", "marketplace", "target", "direction"]
    entries.append(_write(folder / "targets.csv", fields, targets, "en"))
    return entries
