"""Writes the Amazon Payments transaction reports (monthly, US English / DE German / JP Japanese layouts)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.fmt import de_ts, jp_ts, money, months, quoted, us_ts
from warehouse.demo_gen.settlements import SHIPPED, reserves, write_settlements
from warehouse.demo_gen.sim import World

US_PREAMBLE = [
    "Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions",
    "All amounts in USD, unless specified",
    "Definitions:",
    "Sales tax collected: Includes sales tax collected from buyers for product sales, shipping, and gift wrap.",
    "Selling fees: Includes variable closing fees and referral fees.",
    "Other transaction fees: Includes shipping chargebacks, shipping holdbacks, per-item fees  and sales tax "
    "collection fees.",
    'Other: Includes non-order transaction amounts. For more details, see the "Type" and "Description" columns for '
    "each order ID.",
    "Date/Time: Posted date/time of the transaction",
    "Note: Reports with start date of 1 Jan 2025 or later are indexed by posted date, include both released and "
    "deferred transactions and have two new columns.",
]
DE_PREAMBLE = [
    "Enthält Transaktionen für Amazon Marketplace, Versand durch Amazon (FBA) und Amazon Webstore",
    "Alle Beträge in EUR, sofern nicht anders angegeben",
    "Definitionen:",
    "Verkaufsgebühren: Enthält variable Abschlussgebühren und Verkaufsgebühren.",
    "Andere Transaktionsgebühren: Enthält Versandrückbelastungen, Versandeinbehalte, Gebühren pro Artikel und "
    "Gebühren für die Erhebung der Umsatzsteuer.",
    "Andere: Enthält Transaktionsbeträge, die nicht bestellungsbezogen sind.",
    "Datum/Uhrzeit: Buchungsdatum/-uhrzeit der Transaktion",
    "Hinweis: Berichte mit Startdatum 1. Jan. 2025 oder später werden nach Buchungsdatum indexiert.",
    "",
]
JP_PREAMBLE = [
    "Amazonマーケットプレイス、フルフィルメント by Amazon (FBA)、Amazon Webstoreのトランザクションが含まれます",
    "特に記載がない限り、すべての金額はJPYです",
    "定義:",
    "手数料: 成約料と販売手数料が含まれます。",
    "その他: 注文に関連しないトランザクションの金額が含まれます。",
    "日付/時間: トランザクションの計上日時",
    "注: 2025年1月1日以降を開始日とするレポートは計上日で集計され、保留中のトランザクションを含みます。",
]
US_HEADER = ["date/time", "settlement id", "type", "order id", "sku", "description", "quantity", "marketplace", "account type", "fulfillment", "order city", "order state", "order postal", "tax collection model", "product sales", "product sales tax", "shipping credits", "shipping credits tax", "gift wrap credits", "giftwrap credits tax", "Regulatory Fee", "Tax On Regulatory Fee", "promotional rebates", "promotional rebates tax", "marketplace withheld tax", "selling fees", "fba fees", "other transaction fees", "other", "total", "Transaction Status", "Transaction Release Date"]  # fmt: skip
DE_HEADER = ["Datum/Uhrzeit", "Abrechnungsnummer", "Typ", "Bestellnummer", "SKU", "Beschreibung", "Menge", "Marketplace", "Versand", "Ort der Bestellung", "Bundesland", "Postleitzahl", "Steuererhebungsmodell", "Umsätze", "Produktumsatzsteuer", "Gutschrift für Versandkosten", "Steuer auf Versandgutschrift", "Gutschrift für Geschenkverpackung", "Steuer auf Geschenkverpackungsgutschriften", "Rabatte aus Werbeaktionen", "Steuer auf Aktionsrabatte", "Einbehaltene Steuer auf Marketplace", "Verkaufsgebühren", "Gebühren zu Versand durch Amazon", "Andere Transaktionsgebühren", "Andere", "Gesamt", "Transaktionsstatus", "Freigabedatum der Transaktion"]  # fmt: skip
JP_HEADER = ["日付/時間", "決済番号", "トランザクションの種類", "注文番号", "SKU", "説明", "数量", "Amazon 出品サービス", "フルフィルメント", "市町村", "都道府県", "郵便番号", "税金徴収型", "商品売上", "商品の売上税", "配送料", "配送料の税金", "ギフト包装手数料", "ギフト包装クレジットの税金", "Amazonポイントの費用", "プロモーション割引額", "プロモーション割引の税金", "源泉徴収税を伴うマーケットプレイス", "手数料", "FBA 手数料", "トランザクションに関するその他の手数料", "その他", "合計", "トランザクションのステータス", "トランザクション開始日"]  # fmt: skip
CITIES = {
    "amazon.com": [("AUSTIN", "TX", "78701"), ("DENVER", "CO", "80202"), ("SEATTLE", "WA", "98101"),
                   ("MIAMI", "FL", "33101"), ("SAN DIEGO", "CA", "92101"), ("BROOKLYN", "NY", "11201")],
    "amazon.de": [("Berlin", "Berlin", "10115"), ("München", "Bayern", "80331"), ("Hamburg", "Hamburg", "20095"),
                  ("Köln", "Nordrhein-Westfalen", "50667")],
    "amazon.co.jp": [("渋谷区", "東京都", "150-0002"), ("大阪市北区", "大阪府", "530-0001"), ("札幌市中央区", "北海道", "060-0001")],
}  # fmt: skip
SETTLEMENT_BASE = {"amazon.com": 24_508_790_000, "amazon.de": 11_823_450_000, "amazon.co.jp": 8_812_330_000}
PERIOD_START = date(2024, 10, 25)
# (type, description) per kind of non-order line and locale
LABELS = {
    "ads": {"us": ("Service Fee", "Cost of Advertising"), "de": ("Servicegebühr", "Werbekosten"),
            "jp": ("Amazon手数料", "広告費用")},
    "subscription": {"us": ("Service Fee", "Subscription"), "de": ("Servicegebühr", "Abonnementgebühr"),
                     "jp": ("Amazon手数料", "月間登録料")},
    "storage": {"us": ("FBA Inventory Fee", "FBA storage fee"), "de": ("Versand durch Amazon Lagergebühr", "Lagergebühr"),
                "jp": ("FBA手数料", "在庫保管手数料")},
    "reimbursement": {"us": ("Adjustment", "FBA Inventory Reimbursement - Lost:Warehouse"),
                      "de": ("Anpassung", "Erstattung durch Versand durch Amazon - Verlust: Lager"),
                      "jp": ("調整", "FBA在庫の補償 - 紛失:倉庫")},
    "transfer": {"us": ("Transfer", "To account ending in: 123"), "de": ("Übertrag", "An Konto mit der Endung: 456"),
                 "jp": ("振込み", "口座番号末尾: 789")},
    "order": {"us": ("Order", ""), "de": ("Bestellung", ""), "jp": ("注文", "")},
    "refund": {"us": ("Refund", ""), "de": ("Erstattung", ""), "jp": ("返金", "")},
}  # fmt: skip
STYLE = {"amazon.com": "us", "amazon.de": "de", "amazon.co.jp": "jp"}
SUBSCRIPTION = {"amazon.com": 39.99, "amazon.de": 39.0, "amazon.co.jp": 4900.0}


def _r(x: float, style: str) -> float:
    return float(round(x)) if style == "jp" else round(x, 2)


def _order_lines(world: World, mp: str, style: str, rng_city) -> list[dict]:
    """Returns order and refund events of one marketplace as dicts of canonical amounts."""
    out = []
    for n, o in enumerate(x for x in world.orders if x.mp == mp):
        p = world.product(o.sku)
        gross = o.unit_price * o.qty
        vat = cat.VAT.get(mp, 0.0)
        sales = _r(gross / (1 + vat), style) if vat else gross
        tax = _r(gross - sales, style) if vat else _r(gross * cat.US_TAX, style)
        promo = -_r(sales * o.promo_rate, style)
        promo_tax = -_r(tax * o.promo_rate, style)
        referral = _r(max(0.30 if style != "jp" else 30, cat.REFERRAL.get(p.category, 0.15) * (gross + promo + promo_tax)), style)  # fmt: skip
        fba = _r(cat.FBA_FEE[mp][0 if p.is_camera or p.size > 0.1 else 1] * o.qty, style)
        points = -_r(o.unit_price * 0.01 * o.qty, style) if style == "jp" and n % 3 == 0 else 0.0
        city = CITIES[mp][n % len(CITIES[mp])]
        withheld = -(tax + promo_tax) if style == "us" else 0.0
        base = dict(order_id=o.order_id, sku=p.channel_sku(mp), desc=p.name_en, city=city, kind="order")
        out.append(base | dict(ts=o.ship_ts, qty=o.qty, sales=sales, tax=tax, promo=promo, promo_tax=promo_tax,
                               withheld=withheld, selling=-referral, fba=-fba, points=points))  # fmt: skip
        if o.refund_ts and o.refund_ts.date() <= world.end:
            f = o.refund_units / o.qty
            ref = _r(referral * f, style)
            admin = min(_r(ref * 0.2, style), 5.0 if style != "jp" else 500.0)
            out.append(base | dict(kind="refund", ts=o.refund_ts, qty=o.refund_units, sales=-_r(sales * f, style),
                                   tax=-_r(tax * f, style), promo=-_r(promo * f, style),
                                   promo_tax=-_r(promo_tax * f, style), withheld=-_r(withheld * f, style),
                                   selling=_r(ref - admin, style), fba=0.0, points=-_r(points * f, style),
                                   admin=admin))  # fmt: skip
    return out


def _fee_lines(world: World, mp: str, style: str, storage: dict) -> list[dict]:
    """Returns advertising (weekly), subscription (monthly) and storage (monthly, for the month before) charges."""
    out = []
    spend: dict = {}
    # Sponsored Products and Sponsored Brands are billed together
    for row_mp, day, amount in [(r[0], r[1], r[7]) for r in world.ads] + [(r[0], r[1], r[6]) for r in world.sb_ads]:
        if row_mp == mp:
            monday = day - timedelta(day.weekday()) + timedelta(7)
            spend[monday] = spend.get(monday, 0.0) + amount
    for monday, amount in sorted(spend.items()):
        if monday <= world.end:
            vat = -_r(amount * 0.19, style) if style == "de" else 0.0
            out.append(dict(kind="ads", ts=datetime.combine(monday, time(2, 14, 5)), other_fee=-_r(amount, style),
                            other=vat))  # fmt: skip
    for first, _ in months(world.start, world.end):
        if first.day == 1 and first.replace(day=2) <= world.end:
            out.append(dict(kind="subscription", ts=datetime.combine(first.replace(day=2), time(6, 3, 11)),
                            other=-SUBSCRIPTION[mp]))  # fmt: skip
        # Amazon reimburses a few units lost in its warehouses most months (other income, a line of its own)
        selling = [p for p in world.products
                   if p.launch <= first and p.mp_share.get(mp, 1.0 if mp == "amazon.com" else 0.0) > 0]  # fmt: skip
        if selling and first.replace(day=17) <= world.end and first.month % 4 != 0:
            p = selling[(first.year * 12 + first.month) % len(selling)]
            units = 1 + first.month % 3
            out.append(dict(kind="reimbursement", ts=datetime.combine(first.replace(day=17), time(11, 42, 9)),
                            sku=p.alias.get(mp, p.sku), other=_r(units * p.price(mp) * 0.55, style)))  # fmt: skip
        charged = (first - timedelta(1)).replace(day=1)
        fee = sum(r[4] for r in storage.get((mp, charged), []))
        day = first.replace(day=9)
        if fee and day <= world.end:
            out.append(dict(kind="storage", ts=datetime.combine(day, time(18, 30)), other=-_r(fee, style)))
    return out


def _total(e: dict) -> float:
    keys = ("sales", "tax", "promo", "promo_tax", "withheld", "selling", "fba", "points", "other_fee", "other")
    return sum(e.get(k, 0.0) for k in keys)


def _add_transfers(events: list[dict], mp: str, end: date, shipped: int = 0) -> dict:
    """Appends a payout at the end of every 14-day settlement period whose balance is positive; the last `shipped`
    of them also get a settlement V2 file (warehouse/demo_gen/settlements.py), whose reserve change the payout
    leaves out. Returns {period index: (reserve held, reserve released)} of those."""
    balance: dict = {}
    for e in events:
        idx = (e["ts"].date() - PERIOD_START).days // 14
        e["settlement"], e["period"] = str(SETTLEMENT_BASE[mp] + idx), idx
        balance[idx] = balance.get(idx, 0.0) + _total(e)
    paid = [i for i, amount in sorted(balance.items()) if amount > 0 and PERIOD_START + timedelta(14 * i + 13) <= end]
    held = reserves(events, paid[-shipped:] if shipped else [], 0 if mp == "amazon.co.jp" else 2)
    for idx in paid:
        day = PERIOD_START + timedelta(14 * idx + 13)
        kept, released = held.get(idx, (0.0, 0.0))
        events.append(dict(kind="transfer", ts=datetime.combine(day, time(8, 0, 0)),
                           other=-round(balance[idx] - kept + released, 2), settlement=str(SETTLEMENT_BASE[mp] + idx),
                           period=idx))  # fmt: skip
    return held


def _cells(e: dict, mp: str, style: str, end: date) -> list[str]:
    typ, desc = LABELS[e["kind"]][style]
    desc = e.get("desc") or desc
    ts = {"us": us_ts, "de": de_ts, "jp": jp_ts}[style]
    m = lambda k: money(e.get(k, 0.0), style)  # noqa: E731
    release = e["ts"] + timedelta(days=7)
    status = "Released" if release.date() <= end else "Deferred"
    if style == "de":
        status = {"Released": "Freigegeben", "Deferred": "Zurückgestellt"}[status]
    is_order = e["kind"] in ("order", "refund")
    city, state, postal = e.get("city", ("", "", ""))
    qty = str(e["qty"]) if is_order else ""
    market = mp if is_order or e["kind"] in ("ads", "reimbursement") else ""
    ful = "Amazon" if is_order else ""
    head = [ts(e["ts"]), e["settlement"], typ, e.get("order_id", ""), e.get("sku", ""), desc, qty, market]
    rel = ts(release) if is_order else ""
    if style == "us":
        model = "MarketplaceFacilitator" if is_order else ""
        return head + ["Standard Orders" if is_order else "", ful, city, state, postal, model, m("sales"), m("tax"),
                       "0", "0", "0", "0", "0", "0", m("promo"), m("promo_tax"), m("withheld"), m("selling"), m("fba"),
                       m("other_fee"), m("other"), money(_total(e), style), status, rel]  # fmt: skip
    if style == "de":
        return head + [ful, city, state, postal, "", m("sales"), m("tax"), "0", "0", "0", "0", m("promo"),
                       m("promo_tax"), "0", m("selling"), m("fba"), m("other_fee"), m("other"),
                       money(_total(e), style), status, rel]  # fmt: skip
    return head + [ful, city, state, postal, "", m("sales"), m("tax"), "0", "0", "0", "0", m("points"), m("promo"),
                   m("promo_tax"), "0", m("selling"), m("fba"), m("other_fee"), m("other"), money(_total(e), style),
                   status, rel]  # fmt: skip


def write_transactions(world: World, out: Path, storage: dict) -> list[dict]:
    """Writes one monthly transaction report per Amazon marketplace; returns manifest entries."""
    entries = []
    for mp in cat.AMAZON:
        style = STYLE[mp]
        events = _order_lines(world, mp, style, None) + _fee_lines(world, mp, style, storage)
        events = [e for e in events if world.start <= e["ts"].date() <= world.end]
        held = _add_transfers(events, mp, world.end, SHIPPED)
        entries += write_settlements(events, mp, out, PERIOD_START, world.end, SETTLEMENT_BASE[mp], held)
        events.sort(key=lambda e: (e["ts"], e.get("order_id", ""), e["kind"]))
        preamble = {"us": US_PREAMBLE, "de": DE_PREAMBLE, "jp": JP_PREAMBLE}[style]
        header = {"us": US_HEADER, "de": DE_HEADER, "jp": JP_HEADER}[style]
        folder = out / mp / "transactions"
        folder.mkdir(parents=True, exist_ok=True)
        for first, last in months(world.start, world.end):
            rows = [e for e in events if first <= e["ts"].date() <= last]
            if not rows:
                continue
            lines = [quoted([p]) for p in preamble] + [quoted(header)]
            lines += [quoted(_cells(e, mp, style, world.end)) for e in rows]
            path = folder / f"{first:%Y%b}MonthlyTransaction.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
            entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries
