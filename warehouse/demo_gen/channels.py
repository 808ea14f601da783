"""Writes the TikTok Shop US order export and the Shopify orders export, one CSV per month."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from warehouse.demo_gen.fmt import csv_line, months, zone
from warehouse.demo_gen.returns_buyers import buyer_numbers, shopify_email, tiktok_reason, tiktok_username
from warehouse.demo_gen.sim import World

TIKTOK = ["Order ID", "Order Status", "Order Substatus", "Cancelation/Return Type", "Normal or Pre-order", "SKU ID",
          "Seller SKU", "Product Name", "Variation", "Quantity", "Sku Quantity of return", "SKU Unit Original Price",
          "SKU Subtotal Before Discount", "SKU Platform Discount", "SKU Seller Discount", "SKU Subtotal After Discount",
          "Shipping Fee After Discount", "Original Shipping Fee", "Shipping Fee Seller Discount",
          "Shipping Fee Platform Discount", "Payment platform discount", "Taxes", "Small Order Fee", "Order Amount",
          "Order Refund Amount", "Created Time", "Paid Time", "RTS Time", "Shipped Time", "Delivered Time",
          "Cancelled Time", "Cancel By", "Cancel Reason", "Fulfillment Type", "Warehouse Name", "Tracking ID",
          "Delivery Option", "Shipping Provider Name", "Buyer Message", "Buyer Username", "Recipient", "Phone #",
          "Zipcode", "Country", "State", "City", "Address Line 1", "Address Line 2", "Delivery Instruction",
          "Payment Method", "Weight(kg)", "Product Category", "Package ID", "Seller Note", "Checked Status",
          "Checked Marked by"]  # fmt: skip
TIKTOK_DESCRIPTION = [
    "Platform unique order ID.",
    "Current order status",
    "Order substatus",
    "Cancellation or return type",
    "Normal or pre-order",
    "Platform SKU ID",
    "Seller SKU input by the seller",
    "Platform product name",
    "SKU variation",
    "SKU sold quantity",
]
SHOPIFY = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at", "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code", "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street", "Billing Address1", "Billing Address2", "Billing Company", "Billing City", "Billing Zip", "Billing Province", "Billing Country", "Billing Phone", "Shipping Name", "Shipping Street", "Shipping Address1", "Shipping Address2", "Shipping Company", "Shipping City", "Shipping Zip", "Shipping Province", "Shipping Country", "Shipping Phone", "Notes", "Note Attributes", "Cancelled at", "Payment Method", "Payment Reference", "Refunded Amount", "Vendor", "Outstanding Balance", "Employee", "Location", "Device ID", "Id", "Tags", "Risk Level", "Source", "Lineitem discount", "Tax 1 Name", "Tax 1 Value", "Tax 2 Name", "Tax 2 Value", "Tax 3 Name", "Tax 3 Value", "Tax 4 Name", "Tax 4 Value", "Tax 5 Name", "Tax 5 Value", "Phone", "Receipt Number", "Duties", "Billing Province Name", "Shipping Province Name", "Payment ID", "Payment Terms Name", "Next Payment Due At", "Payment References"]  # fmt: skip
STATES = [("CA", "California", "Los Angeles", "90012"), ("TX", "Texas", "Houston", "77002"),
          ("NY", "New York", "Buffalo", "14202"), ("FL", "Florida", "Orlando", "32801"),
          ("MA", "Massachusetts", "Boston", "02108")]  # fmt: skip
TAX = 0.0725


def _tt_time(t: datetime | None) -> str:
    return f"{t:%m/%d/%Y %I:%M:%S %p}" if t else ""


def _money(x: float) -> str:
    return f"{x:.2f}"


def write_tiktok(world: World, out: Path) -> list[dict]:
    """Writes the TikTok Shop order export: UTF-8 BOM, a description row, IDs with a trailing TAB."""
    entries = []
    folder = out / "tiktok.us"
    folder.mkdir(parents=True, exist_ok=True)
    orders = [o for o in world.orders if o.mp == "tiktok.us"]
    buyers = buyer_numbers(world, "tiktok.us")  # repeat buyers (warehouse/demo_gen/returns_buyers.py)
    for first, last in months(world.start, world.end):
        rows = [o for o in orders if first <= o.ts.date() <= last]
        if not rows:
            continue
        desc = TIKTOK_DESCRIPTION + [""] * (len(TIKTOK) - len(TIKTOK_DESCRIPTION))
        lines = [csv_line(TIKTOK), csv_line(desc)]
        for n, o in enumerate(rows):
            p = world.product(o.sku)
            before = o.unit_price * o.qty
            seller = round(before * o.promo_rate, 2)
            after = round(before - seller, 2)
            tax = round(after * TAX, 2)
            refunded = o.refund_ts is not None and o.refund_ts.date() <= world.end
            refund = round((after + tax) * o.refund_units / o.qty, 2) if refunded else 0.0
            st = STATES[n % len(STATES)]
            delivered = o.ship_ts.replace(microsecond=0) + (o.ship_ts - o.ts) * 2
            done = delivered.date() <= world.end
            cells = [
                f"{o.order_id}\t", "Completed" if done else "Shipped", "Delivered" if done else "In transit",
                "Return/Refund" if refunded else "", "Normal", f"1729{sum(map(ord, p.sku)) * 7919:014d}\t", p.channel_sku("tiktok.us"), p.name_en, "Default",
                o.qty, o.refund_units if refunded else 0, _money(o.unit_price), _money(before), "0.00",
                _money(seller), _money(after), "0.00", "5.99", "5.99", "0.00", "0.00", _money(tax), "0.00",
                _money(after + tax), _money(refund), _tt_time(o.ts), _tt_time(o.ts), _tt_time(o.ship_ts),
                _tt_time(o.ship_ts), _tt_time(delivered if done else None), "", "", tiktok_reason(o.order_id) if refunded else "", "Fulfillment by seller",
                "LA-3PL", f"9400{int(o.order_id[-12:]) % 10**18:018d}\t", "Standard", "USPS", "", tiktok_username(buyers[o.order_id]),
                "J. Doe", "(+1)213*****00", st[3], "United States", st[1], st[2], "1 Main St", "", "",
                "Credit card", "0.3", p.category, f"11{o.order_id[-14:]}\t", "", "Unchecked", "",
            ]  # fmt: skip
            assert len(cells) == len(TIKTOK)
            lines.append(csv_line(cells))
        path = folder / f"All order-{first:%Y-%m}.csv"
        path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
        entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries


def _shopify_time(t: datetime | None) -> str:
    return t.replace(tzinfo=zone("shopify")).strftime("%Y-%m-%d %H:%M:%S %z") if t else ""


def write_shopify(world: World, out: Path) -> list[dict]:
    """Writes the Shopify orders export (one line item per order here)."""
    entries = []
    folder = out / "shopify"
    folder.mkdir(parents=True, exist_ok=True)
    orders = [o for o in world.orders if o.mp == "shopify"]
    buyers = buyer_numbers(world, "shopify")  # repeat buyers (warehouse/demo_gen/returns_buyers.py)
    for first, last in months(world.start, world.end):
        rows = [o for o in orders if first <= o.ts.date() <= last]
        if not rows:
            continue
        lines = [csv_line(SHOPIFY)]
        for n, o in enumerate(rows):
            p = world.product(o.sku)
            sub = o.unit_price * o.qty
            disc = round(sub * o.promo_rate, 2)
            ship = 0.0 if sub >= 35 else 4.99
            tax = round((sub - disc) * TAX, 2)
            total = round(sub - disc + ship + tax, 2)
            refunded = o.refund_ts is not None and o.refund_ts.date() <= world.end
            refund = round(total * o.refund_units / o.qty, 2) if refunded else 0.0
            status = ("refunded" if o.refund_units == o.qty else "partially_refunded") if refunded else "paid"
            st = STATES[n % len(STATES)]
            addr = ["A. Buyer", "1 Main St", "1 Main St", "", "", st[2], f"'{st[3]}" if st[3][0] == "0" else st[3],
                    st[0], "US", ""]  # fmt: skip
            cells = [
                o.order_id, shopify_email(buyers[o.order_id]), status, _shopify_time(o.ts), "fulfilled", _shopify_time(o.ship_ts),
                "yes" if n % 3 else "no", "USD", _money(sub - disc), _money(ship), _money(tax), _money(total),
                "WELCOME10" if disc else "", _money(disc), "Standard", _shopify_time(o.ts), o.qty, p.name_en,
                _money(o.unit_price), "", p.channel_sku("shopify"), "true", "true", "fulfilled", *addr, *addr, "", "",
                "", "Shopify Payments", f"c{o.order_id[3:]}.1", _money(refund), "Lumora", "0.00", "", "", "",
                str(5_200_000_000_000 + int(o.order_id[3:])), "", "Low", "web", _money(disc),
                f"{st[0]} State Tax 7.25%", _money(tax), "", "", "", "", "", "", "", "", "", "", "",
                st[1], st[1], "", "", "", "",
            ]  # fmt: skip
            assert len(cells) == len(SHOPIFY)
            lines.append(csv_line(cells))
        path = folder / f"orders_export_{first:%Y-%m}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries
