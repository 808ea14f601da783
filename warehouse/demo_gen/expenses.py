"""Writes the demo company's expenses sheet (the expenses template, Chinese headers): what a Shenzhen team running
Amazon US/EU/JP, TikTok Shop and Shopify pays outside the marketplaces' reports.

- salaries in CNY per department, recurring monthly (a raise from January 2026: the 2025 rows end in December);
- rent of the Shenzhen office in CNY, recurring;
- software subscriptions in USD on their billing day, recurring (one tool cancelled in mid-2025);
- the US 3PL for TikTok Shop and Shopify orders in USD, one month entry each, varying with the season;
- a TikTok Shop agency (代运营) in CNY from September 2025; the EU VAT agent in EUR for amazon.de;
- product samples in CNY on the day they were bought, now and then, some for one SKU.
Recurring rows end in the demo's last month, so the demo reads the same whenever it is imported.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

from warehouse.demo_gen.fmt import csv_line
from warehouse.formats.sheets.expenses import EXPENSE_SPEC  # noqa: F401  (adds the expense columns to SPEC)
from warehouse.formats.sheets.master import SPEC

FIELDS = ["expense_month", "expense_date", "expense_category", "amount", "currency", "department", "channel",
          "marketplace", "master_sku", "recurring", "end_month", "note"]  # fmt: skip


def _month(d: date) -> str:
    return d.strftime("%Y-%m")


def _months(start: date, end: date) -> list[date]:
    out, d = [], start.replace(day=1)
    while d <= end:
        out.append(d)
        d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def rows(start: date, end: date, seed: int = 7, skus: list[str] | None = None) -> list[list[str]]:
    """Returns the expense rows (template field order FIELDS) for the demo's [start, end]."""
    rng = random.Random(seed * 31 + 5)
    first, last = _month(start), _month(end)
    raise_from = date(2026, 1, 1)
    before = _month(date(raise_from.year - 1, 12, 1))
    out: list[list[str]] = []

    def recurring(month, day, category, amount, currency, dept, channel="", mp="", until=last, note=""):
        out.append([month if not day else "", day, category, f"{amount:.2f}", currency, dept, channel, mp, "",
                    "是", until, note])  # fmt: skip

    for dept, pay, note in (("运营", 28000, "运营团队 4 人"), ("供应链", 12000, "采购与物流 2 人"),
                            ("财务", 8000, "财务 1 人"), ("设计", 9000, "美工 1 人")):  # fmt: skip
        if first < _month(raise_from):
            recurring(first, "", "工资", pay, "CNY", dept, until=min(before, last), note=note)
        if last >= _month(raise_from):
            recurring(
                max(first, _month(raise_from)), "", "工资", round(pay * 1.08), "CNY", dept, note=note + "（调薪）"
            )
    recurring(first, "", "房租", 6500, "CNY", "行政", note="深圳办公室")
    day = start.replace(day=5).isoformat()
    recurring("", day, "软件", 99, "USD", "运营", note="ERP / 店铺管理软件")
    recurring("", day, "软件", 49, "USD", "运营", note="选品与关键词工具")
    recurring("", start.replace(day=12).isoformat(), "软件", 29, "USD", "设计", until=min("2025-06", last),
              note="图片工具（2025 年 6 月停用）")  # fmt: skip
    if last >= "2025-09":
        recurring(
            max(first, "2025-09"), "", "代运营", 8000, "CNY", "运营", channel="tiktok", note="TikTok 代运营服务费"
        )
    recurring(first, "", "税务", 95, "EUR", "财务", mp="amazon.de", note="德国 VAT 税代")
    for m in _months(start, end):
        peak = 1.6 if m.month in (11, 12) else 1.0
        for channel, share in (("shopify", 0.55), ("tiktok", 0.45)):
            amount = round(900 * share * peak * rng.uniform(0.85, 1.2), 2)
            out.append([_month(m), "", "海外仓", f"{amount:.2f}", "USD", "供应链", channel, "", "", "", "",
                        "美国第三方仓：仓储与发货"])  # fmt: skip
        if rng.random() < 0.45:
            day = m.replace(day=rng.randint(3, 26))
            if day <= end:
                sku = rng.choice(skus) if skus and rng.random() < 0.5 else ""
                amount = round(rng.uniform(800, 3200), 2)
                out.append(["", day.isoformat(), "样品", f"{amount:.2f}", "CNY", "研发", "", "", sku, "", "",
                            "新品打样"])  # fmt: skip
    return out


def write_expenses(out: Path, start: date, end: date, seed: int = 7, skus: list[str] | None = None) -> list[dict]:
    """Writes templates/expenses.csv (UTF-8 with BOM, Chinese headers; samples may name one of `skus`); returns its
    manifest entry."""
    folder = out / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    head = [SPEC[f][2] for f in FIELDS]
    lines = [csv_line(head)] + [csv_line(r) for r in rows(start, end, seed, skus)]
    (folder / "expenses.csv").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return [{"path": "templates/expenses.csv", "options": {}}]
