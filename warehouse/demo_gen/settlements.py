"""Amazon settlement reports (Flat File V2, FORMATS.md §2) for the demo's Amazon marketplaces: the last SHIPPED
settlement periods of each, with the reserve Amazon holds back from every payout.

Each file is the same settlement as the transaction report's lines of that period (same settlement id, same
amounts, one V2 component row per amount), plus two reserve rows: `Current Reserve Amount` (RESERVE_SHARE of the
period's order sales, held back, negative) and `Previous Reserve Amount Balance` (the previous shipped period's
reserve, released, positive; nothing before the first). `total-amount` = Σ amount = the payout, which the
transaction report's Transfer line of that period prints too (warehouse/demo_gen/amazon_tx.py subtracts the
reserve change), so the Cash page reads the same payout from either file. The money of those lines stays the
transaction report's (it outranks the settlement per marketplace × month, docs/DATA_MODEL.md), so profit is
unchanged and nothing is counted twice.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

from warehouse.demo_gen.fmt import UTC, zone

SHIPPED = 6  # settlement periods (14 days each) per marketplace with a V2 file: the last twelve weeks or so
RESERVE_SHARE = 0.05  # Amazon's DD+7 reserve: about 5 % of the period's order sales held back
HEADER = ["settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "currency",
          "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id", "marketplace-name",
          "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
          "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased"]  # fmt: skip
NAME = {"amazon.com": "Amazon.com", "amazon.de": "Amazon.de", "amazon.co.jp": "Amazon.co.jp"}
CURRENCY = {"amazon.com": "USD", "amazon.de": "EUR", "amazon.co.jp": "JPY"}
# event amount key -> (amount-type, amount-description) on order and refund rows
ORDER_PARTS = (("sales", "ItemPrice", "Principal"), ("tax", "ItemPrice", "Tax"),
               ("promo", "Promotion", "Principal"), ("promo_tax", "Promotion", "TaxDiscount"),
               ("withheld", "ItemWithheldTax", "MarketplaceFacilitatorTax-Principal"),
               ("points", "Promotion", "AmazonPoints"), ("fba", "ItemFees", "FBAPerUnitFulfillmentFee"))  # fmt: skip
# non-order event kind -> (transaction-type, amount-type, amount-description)
OTHER = {"ads": ("ServiceFee", "Cost of Advertising", "TransactionTotalAmount"),
         "subscription": ("Subscription Fee", "other-transaction", "Subscription Fee"),
         "storage": ("other-transaction", "other-transaction", "Storage Fee"),
         "reimbursement": ("Adjustment", "FBA Inventory Reimbursement", "WAREHOUSE_LOST")}  # fmt: skip


def amount(x: float, mp: str) -> str:
    """Returns a V2 amount: `-12.34` (US), `-12,34` (EU: decimal comma, no grouping), `-1234` (JP, whole yen)."""
    if mp == "amazon.co.jp":
        return str(int(round(x)))
    s = f"{x:.2f}"
    return s.replace(".", ",") if mp == "amazon.de" else s


def _utc(local: datetime, mp: str) -> datetime:
    return local.replace(tzinfo=zone(mp)).astimezone(UTC)


def _stamp(local: datetime, mp: str) -> str:
    return f"{_utc(local, mp):%Y-%m-%d %H:%M:%S} UTC"


def _short(local: datetime, mp: str) -> str:
    u = _utc(local, mp)
    return {"amazon.com": f"{u:%m/%d/%y}", "amazon.de": f"{u:%d.%m.%y}", "amazon.co.jp": f"{u:%Y/%m/%d}"}[mp]


def reserves(events: list[dict], periods: list[int], digits: int = 2) -> dict[int, tuple[float, float]]:
    """Returns {period index: (held, released)} for the shipped `periods` (ascending): held = RESERVE_SHARE of the
    period's order sales (tax excluded, rounded to `digits`: 0 for yen), released = the previous shipped period's
    held (0 for the first)."""
    sales: dict = {}
    for e in events:
        if e["kind"] == "order":
            sales[e["period"]] = sales.get(e["period"], 0.0) + e.get("sales", 0.0)
    out, prev = {}, 0.0
    for idx in periods:
        held = round(sales.get(idx, 0.0) * RESERVE_SHARE, digits)
        out[idx] = (held, prev)
        prev = held
    return out


def _ref(prefix: str, order_id: str) -> str:
    return f"{prefix}{zlib.crc32(order_id.encode()) % 10**9:09d}"


def _rows(e: dict, mp: str, sid: str) -> list[list[str]]:
    """Returns the V2 component rows of one transaction-report event."""
    base = {"posted-date": _short(e["ts"], mp), "posted-date-time": _stamp(e["ts"], mp)}
    rows = []
    if e["kind"] in ("order", "refund"):
        parts = list(ORDER_PARTS)
        if e["kind"] == "refund":  # Amazon keeps a refund administration fee from the commission it returns
            admin = e.get("admin", 0.0)
            rows.append(("ItemFees", "Commission", e.get("selling", 0.0) + admin))
            rows.append(("ItemFees", "RefundCommission", -admin))
        else:
            parts.append(("selling", "ItemFees", "Commission"))
        rows += [(t, d, e.get(k, 0.0)) for k, t, d in parts]
        ttype = "Order" if e["kind"] == "order" else "Refund"
        fields = {"transaction-type": ttype, "order-id": e["order_id"], "merchant-order-id": e["order_id"],
                  "marketplace-name": NAME[mp], "fulfillment-id": "AFN", "sku": e["sku"],
                  "quantity-purchased": str(e["qty"]) if e["kind"] == "order" else "",
                  "shipment-id": "" if e["kind"] == "refund" else _ref("S", e["order_id"]),
                  "adjustment-id": _ref("A", e["order_id"]) if e["kind"] == "refund" else ""}  # fmt: skip
    else:
        ttype, atype, desc = OTHER[e["kind"]]
        total = sum(e.get(k, 0.0) for k in ("other_fee", "other"))
        rows = [(atype, desc, total)]
        fields = {"transaction-type": ttype, "sku": e.get("sku", "")}
        if e["kind"] == "reimbursement":
            fields["marketplace-name"] = NAME[mp]
    out = []
    for atype, desc, value in rows:
        if round(value, 2) == 0:
            continue
        cells = dict.fromkeys(HEADER, "") | base | fields
        cells |= {"settlement-id": sid, "amount-type": atype, "amount-description": desc, "amount": amount(value, mp)}
        out.append([cells[h] for h in HEADER])
    return out


def write_settlements(events: list[dict], mp: str, out: Path, period_start: date, end: date, base: int,
                      held: dict[int, tuple[float, float]]) -> list[dict]:  # fmt: skip
    """Writes one V2 flat file per shipped period of `held` to <mp>/settlements/<settlement id>.txt; returns
    manifest entries. `events` carry `period` and `settlement`; the period's Transfer event gives total-amount."""
    folder = out / mp / "settlements"
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for idx, (reserve, released) in sorted(held.items()):
        sid = str(base + idx)
        first = datetime.combine(period_start + timedelta(14 * idx), datetime.min.time())
        mine = [e for e in events if e.get("period") == idx and e["kind"] != "transfer"]
        transfer = next((e for e in events if e.get("period") == idx and e["kind"] == "transfer"), None)
        if transfer is None or transfer["ts"].date() > end:
            continue
        rows = [r for e in sorted(mine, key=lambda e: e["ts"]) for r in _rows(e, mp, sid)]
        paid = transfer["ts"]
        for desc, value in (("Previous Reserve Amount Balance", released), ("Current Reserve Amount", -reserve)):
            if value:
                cells = dict.fromkeys(HEADER, "") | {"settlement-id": sid, "transaction-type": "other-transaction",
                         "amount-type": "other-transaction", "amount-description": desc, "amount": amount(value, mp),
                         "posted-date": _short(paid, mp), "posted-date-time": _stamp(paid, mp)}  # fmt: skip
                rows.append([cells[h] for h in HEADER])
        total = -transfer["other"]  # the payout the transaction report prints (reserve change already out)
        summary = dict.fromkeys(HEADER, "") | {"settlement-id": sid, "settlement-start-date": _stamp(first, mp),
                   "settlement-end-date": _stamp(paid - timedelta(hours=2), mp), "deposit-date": _stamp(paid, mp),
                   "total-amount": amount(total, mp), "currency": CURRENCY[mp]}  # fmt: skip
        lines = ["\t".join(HEADER), "\t".join(summary[h] for h in HEADER)] + ["\t".join(r) for r in rows]
        path = folder / f"{sid}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="")
        entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries
