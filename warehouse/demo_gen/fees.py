"""Writes the fee sources of TikTok Shop and Shopify: TikTok finance statements and Shopify Payments transactions.

TikTok (US statement layout, FORMATS.md §13.1.2): an order is settled 7 days after delivery (after its refund when
it has one); referral fee 6 % (cameras) or 8 % (accessories) of net sales, transaction fee 2.9 % of the customer
payment, creator commission 10-20 % on about a third of the orders (affiliate orders), and the seller-paid shipping
label. Orders delivered too late to settle by the demo's today stay unsettled (their fees are estimated).
Shopify (payment transactions, §13.3.1): Shopify Payments 2.9 % + 0.30 on every charge; refunds return no fee.
Amounts repeat the order exports' own arithmetic (channels.py), so statement and export agree on every order.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, timedelta
from pathlib import Path

from warehouse.demo_gen.channels import TAX, _shopify_time
from warehouse.demo_gen.fmt import csv_line, months
from warehouse.demo_gen.sim import World

STATEMENT = ["Statement date (UTC)", "Statement ID", "Payment ID", "Status", "Currency", "Type", "Order/adjustment ID",
             "SKU ID", "Quantity", "Product name", "SKU name", "Order created date", "Order delivery date",
             "Total settlement amount", "Net sales", "Gross sales", "Gross sales refund", "Seller discount",
             "Seller discount refund", "Shipping", "TikTok Shop shipping fee", "Customer-paid shipping fee", "Fees",
             "Transaction fee", "Referral fee", "Refund administration fee", "Affiliate commission",
             "Adjustment amount", "Adjustment reason", "Related order ID", "Customer payment", "Customer refund",
             "Sales tax payment", "Sales tax refund"]  # fmt: skip
PAYMENTS = ["Transaction Date", "Type", "Order", "Card Brand", "Card Source", "Payout Status", "Payout Date",
            "Payout ID", "Available On", "Amount", "Fee", "Net", "Checkout", "Payment Method Name",
            "Presentment Amount", "Presentment Currency", "Currency"]  # fmt: skip


def _m(x: float) -> str:
    return f"{round(x, 2) + 0.0:.2f}"  # never "-0.00"


def _statement_row(world: World, o) -> tuple[date, list] | None:
    """Returns (statement date, cells) of a settled order, or None when it is not settled by the demo's end."""
    p = world.product(o.sku)
    before = o.unit_price * o.qty
    seller = round(before * o.promo_rate, 2)
    after = round(before - seller, 2)
    tax = round(after * TAX, 2)
    delivered = o.ship_ts.replace(microsecond=0) + (o.ship_ts - o.ts) * 2
    refunded = o.refund_ts is not None and o.refund_ts.date() <= world.end
    ratio = o.refund_units / o.qty if refunded else 0.0
    settle = delivered.date() + timedelta(days=7)
    if refunded:
        settle = max(settle, o.refund_ts.date() + timedelta(days=1))
    if settle > world.end:
        return None
    h = zlib.crc32(o.order_id.encode())
    referral_rate = 0.06 if "camera" in p.category.lower() else 0.08
    creator_rate = 0.10 + (h % 11) / 100 if h % 100 < 35 else 0.0
    gross_refund = -round(before * ratio, 2)
    discount_refund = round(seller * ratio, 2)
    net = round(after + gross_refund + discount_refund, 2)
    referral = -round(referral_rate * after * (1 - ratio), 2)
    admin = -round(0.2 * referral_rate * after * ratio, 2)
    transaction = -round(0.029 * (after + tax), 2)
    affiliate = -round(creator_rate * after * (1 - ratio), 2)
    label = -round(5.20 + 0.60 * (o.qty - 1), 2)
    fees = round(referral + admin + transaction + affiliate, 2)
    total = round(net + label + fees, 2)
    order_id = f"{o.order_id}\t"
    cells = [
        f"{settle:%Y/%m/%d}", f"735{settle:%Y%m%d}01", f"PAY{settle:%Y%m%d}", "Paid", "USD", "Order", order_id,
        f"1729{sum(map(ord, p.sku)) * 7919:014d}\t", o.qty, p.name_en, "Default", f"{o.ts:%Y/%m/%d}",
        f"{delivered:%Y/%m/%d}", _m(total), _m(net), _m(before), _m(gross_refund), _m(-seller), _m(discount_refund),
        _m(label), _m(label), "0.00", _m(fees), _m(transaction), _m(referral), _m(admin), _m(affiliate), "0.00", "",
        order_id, _m(after + tax), _m(-round((after + tax) * ratio, 2)), _m(tax), _m(-round(tax * ratio, 2)),
    ]  # fmt: skip
    assert len(cells) == len(STATEMENT)
    return settle, cells


def write_tiktok_statements(world: World, out: Path) -> list[dict]:
    """Writes one statement export per month of statement dates (CSV with BOM, IDs with a trailing TAB)."""
    rows: dict[date, list] = {}
    for o in (o for o in world.orders if o.mp == "tiktok.us"):
        got = _statement_row(world, o)
        if got:
            rows.setdefault(got[0].replace(day=1), []).append(got)
    entries = []
    folder = out / "tiktok.us"
    for first, last in months(world.start, world.end):
        month = sorted(rows.get(first, []), key=lambda r: (r[0], r[1][6]))
        if not month:
            continue
        lines = [csv_line(STATEMENT)] + [csv_line(cells) for _, cells in month]
        path = folder / f"statement_{first:%Y%m%d}-{last:%Y%m%d}(UTC).csv"
        path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
        entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries


def _payout(day: date) -> tuple[date, str]:
    """Shopify pays out two days after the transaction (the demo's schedule)."""
    paid = day + timedelta(days=2)
    return paid, f"{paid:%y%m%d}01"


def write_shopify_payments(world: World, out: Path) -> list[dict]:
    """Writes one Shopify Payments transactions export per month: a charge per order, a refund per refund."""
    events: list[tuple[datetime, list]] = []
    for o in (o for o in world.orders if o.mp == "shopify"):
        sub = o.unit_price * o.qty
        disc = round(sub * o.promo_rate, 2)
        ship = 0.0 if sub >= 35 else 4.99
        tax = round((sub - disc) * TAX, 2)
        total = round(sub - disc + ship + tax, 2)
        fee = round(total * 0.029 + 0.30, 2)
        paid, payout_id = _payout(o.ts.date())
        status = "paid" if paid <= world.end else "pending"
        checkout = f"#{4368500000000 + int(o.order_id[3:])}"
        events.append((o.ts, [_shopify_time(o.ts), "charge", o.order_id, "visa", "online", status,
                              f"{paid:%Y-%m-%d}" if status == "paid" else "", payout_id if status == "paid" else "",
                              f"{paid:%Y-%m-%d}", _m(total), _m(fee), _m(total - fee), checkout, "card",
                              _m(total), "USD", "USD"]))  # fmt: skip
        if o.refund_ts is not None and o.refund_ts.date() <= world.end:
            refund = round(total * o.refund_units / o.qty, 2)
            paid, payout_id = _payout(o.refund_ts.date())
            status = "paid" if paid <= world.end else "pending"
            events.append((o.refund_ts, [_shopify_time(o.refund_ts), "refund", o.order_id, "visa", "online", status,
                                         f"{paid:%Y-%m-%d}" if status == "paid" else "",
                                         payout_id if status == "paid" else "", f"{paid:%Y-%m-%d}", _m(-refund),
                                         "0.00", _m(-refund), checkout, "card", _m(refund), "USD", "USD"]))  # fmt: skip
    entries = []
    folder = out / "shopify"
    for first, last in months(world.start, world.end):
        month = sorted((e for e in events if first <= e[0].date() <= last), key=lambda e: (e[0], e[1][2], e[1][1]))
        if not month:
            continue
        lines = [csv_line(PAYMENTS)] + [csv_line(cells) for _, cells in month]
        path = folder / f"payment_transactions_export_{first:%Y-%m}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries
