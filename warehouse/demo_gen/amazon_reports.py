"""Writes Amazon's other reports: Sponsored Products advertised product (daily), business report by child item,
Manage FBA Inventory snapshots, FBA inventory planning (ageing), inventory ledger and monthly storage fees."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.fmt import csv_line, money, month_end, months
from warehouse.demo_gen.ids import asin, fnsku
from warehouse.demo_gen.sim import World

COUNTRY = {"amazon.com": "US", "amazon.de": "DE", "amazon.co.jp": "JP"}
SYMBOL = {"amazon.com": "$", "amazon.de": "€", "amazon.co.jp": "￥"}
FC = {"amazon.com": "PHX7", "amazon.de": "FRA3", "amazon.co.jp": "NRT5"}
# monthly storage rate per cubic foot (Jan-Sep, Oct-Dec), local currency
STORAGE_RATE = {"amazon.com": (0.78, 2.40), "amazon.de": (0.74, 1.02), "amazon.co.jp": (92.0, 128.0)}
ADS_HEADER = ["Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Retailer", "Country",
              "Advertised SKU", "Advertised ASIN", "Impressions", "Clicks", "Click-Thru Rate (CTR)",
              "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACOS) ",
              "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)",
              "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
              "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales "]  # fmt: skip


def listed(world: World, mp: str) -> list:
    """Returns the products offered on a marketplace."""
    return [p for p in world.products if mp == "amazon.com" or p.mp_share.get(mp, 0) > 0]


def _stock(world: World, day: date, mp: str, sku: str) -> list[tuple[date, int]]:
    return world.snapshots.get(day, {}).get((mp, sku), [])


def storage_fees(world: World) -> dict:
    """Returns {(marketplace, first day of month): [(sku, asin, fnsku, avg units, fee, volume)]}."""
    out: dict = {}
    snaps = sorted(world.snapshots)
    for mp in cat.AMAZON:
        for first, last in months(world.start, world.end):
            if last != month_end(first) or last not in world.snapshots:
                continue  # the running month is charged next month
            prev = [s for s in snaps if s < first]
            rows = []
            for p in listed(world, mp):
                now = sum(u for _, u in _stock(world, last, mp, p.sku))
                before = sum(u for _, u in _stock(world, prev[-1], mp, p.sku)) if prev else now
                avg = (now + before) / 2.0
                if avg <= 0:
                    continue
                rate = STORAGE_RATE[mp][1 if first.month >= 10 else 0]
                volume = avg * p.size
                rows.append((p.sku, asin(p.sku), fnsku(p.sku, mp), round(avg, 2), round(volume * rate, 2), volume))
            out[(mp, first)] = rows
    return out


def ad_money_of(mp: str):
    """Returns the ads console's money formatter of a marketplace (`$1,234.56`, `€12.30`, `￥1,230`)."""
    sym = "$" if mp == "amazon.com" else SYMBOL[mp]
    style = "jp" if mp == "amazon.co.jp" else "us"
    return lambda x: sym + money(x, style, "0.00")


def br_money_of(mp: str):
    """Returns the business report's money formatter (`$5,979.54`, `1.234,56 €`, `￥1,234`)."""
    if mp == "amazon.de":
        return lambda x: f"{money(x, 'de', '0,00')} €"
    style = "us" if mp == "amazon.com" else "jp"
    return lambda x: SYMBOL[mp] + money(x, style, "0.00" if style == "us" else "0")


def pc(x: float) -> str:
    return f"{x * 100:.2f}%"


def write_ads(world: World, out: Path) -> list[dict]:
    """Writes the Sponsored Products advertised product report, daily rows, one CSV per marketplace and month."""
    entries = []
    for mp in cat.AMAZON:
        cur = cat.CURRENCY[mp]
        folder = out / mp / "ads"
        folder.mkdir(parents=True, exist_ok=True)
        rows = [r for r in world.ads if r[0] == mp]
        for first, last in months(world.start, world.end):
            lines = [csv_line(ADS_HEADER)]
            for _, d, camp, group, sku, imp, clicks, spend, units, sales in (r for r in rows if first <= r[1] <= last):
                p = world.product(sku)
                orders = units if units < 2 else units - units // 4
                other_units = units // 6
                other_sales = round(other_units * 17.99 * (150 if mp == "amazon.co.jp" else 1), 2)
                total = sales + other_sales
                m = ad_money_of(mp)
                lines.append(csv_line([
                    f"{d:%b %d, %Y}", "Lumora", cur, camp, group, "Amazon", COUNTRY[mp], p.channel_sku(mp), asin(sku),
                    imp, clicks, f"{clicks / imp * 100:.4f}%" if imp else "0.0000%", m(spend / clicks if clicks else 0),
                    m(spend), m(total), f"{spend / total * 100:.2f}%" if total else "", f"{total / spend:.2f}" if spend else "",
                    orders + other_units, units + other_units, f"{orders / clicks * 100:.2f}%" if clicks else "0.00%",
                    units, other_units, m(sales), m(other_sales),
                ]))  # fmt: skip
            if len(lines) > 1:
                path = folder / f"Sponsored_Products_Advertised_product_report_{first:%Y-%m}.csv"
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
                entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries


BR_EN = ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions - Total", "Sessions - Total - B2B",
         "Session Percentage - Total", "Session Percentage - Total - B2B", "Page Views - Total",
         "Page Views - Total - B2B", "Page Views Percentage - Total", "Page Views Percentage - Total - B2B",
         "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B", "Units Ordered",
         "Units Ordered - B2B", "Unit Session Percentage", "Unit Session Percentage - B2B", "Ordered Product Sales",
         "Ordered Product Sales - B2B", "Total Order Items", "Total Order Items - B2B"]  # fmt: skip
BR_ZH = ["（父）ASIN", "（子）ASIN", "标题", "SKU", "会话数 - 总计", "会话数 - 总计 - B2B", "会话百分比 - 总计",
         "会话百分比 - 总计 - B2B", "页面浏览量 - 总计", "页面浏览量 - 总计 - B2B", "页面浏览量百分比 - 总计",
         "页面浏览量百分比 - 总计 - B2B", "推荐报价（推荐报价展示位）百分比", "推荐报价（推荐报价展示位）百分比 - B2B",
         "已订购商品数量", "已订购商品数量 - B2B", "商品会话百分比", "商品会话百分比 - B2B", "已订购商品销售额",
         "已订购商品销售额 - B2B", "订单商品总数", "订单商品总数 - B2B"]  # fmt: skip


def write_business_reports(world: World, out: Path) -> list[dict]:
    """Writes the business report by child item per marketplace and month (amazon.co.jp with Chinese headers,
    as a seller running Seller Central in Chinese downloads it)."""
    entries = []
    for mp in cat.AMAZON:
        style = {"amazon.com": "us", "amazon.de": "de", "amazon.co.jp": "jp"}[mp]
        folder = out / mp / "business_reports"
        folder.mkdir(parents=True, exist_ok=True)
        for first, last in months(world.start, world.end):
            agg: dict = {}
            for o in world.orders:
                if o.mp == mp and first <= o.ts.date() <= last:
                    a = agg.setdefault(o.sku, [0, 0, 0.0])
                    a[0] += o.qty
                    a[1] += 1
                    a[2] += o.unit_price * o.qty * (1 - o.promo_rate)
            stats = []
            for p in listed(world, mp):
                if p.launch > last:
                    continue
                units, items, sales = agg.get(p.sku, [0, 0, 0.0])
                conv = 0.11 if p.is_camera else 0.09
                h = sum(ord(c) for c in p.sku + str(first))  # stable variation without a random draw
                sessions = int(units / conv * (0.85 + (h % 30) / 100)) + 3 + h % 7
                stats.append((p, units, items, sales, sessions, int(sessions * 1.32) + h % 5, 0.93 + (h % 7) / 100))
            total_s = sum(s[4] for s in stats) or 1
            total_v = sum(s[5] for s in stats) or 1
            lines = [csv_line(BR_ZH if style == "jp" else BR_EN)]
            for p, units, items, sales, sessions, views, box in stats:
                b2b = units // 25
                cur = br_money_of(mp)
                lines.append(csv_line([
                    asin(p.sku), asin(p.sku), p.name_en, p.channel_sku(mp), f"{sessions:,}", f"{sessions // 30:,}",
                    pc(sessions / total_s), pc(sessions // 30 / total_s), f"{views:,}", f"{views // 30:,}",
                    pc(views / total_v), pc(views // 30 / total_v), pc(box), pc(box), f"{units:,}", f"{b2b:,}",
                    pc(units / sessions), pc(b2b / max(1, sessions // 30)), cur(sales), cur(sales * b2b / max(1, units)),
                    f"{items:,}", f"{b2b:,}",
                ]))  # fmt: skip
            path = folder / f"BusinessReport_{mp}_{first:%Y-%m-%d}_{last:%Y-%m-%d}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {"marketplace": mp}})
    return entries
