"""Writes the FBA stock reports: Manage FBA Inventory (monthly TSV), inventory planning with ageing (TSV, last
twelve months), the inventory ledger (UI CSV, last twelve months) and the monthly storage fee report (TSV)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.amazon_reports import COUNTRY, FC, listed, storage_fees
from warehouse.demo_gen.fmt import iso_offset, months, quoted
from warehouse.demo_gen.ids import asin, fnsku
from warehouse.demo_gen.sim import World

MYI = ["sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
       "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity", "afn-fulfillable-quantity",
       "afn-unsellable-quantity", "afn-reserved-quantity", "afn-total-quantity", "per-unit-volume",
       "afn-inbound-working-quantity", "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity",
       "afn-researching-quantity", "afn-reserved-future-supply", "afn-future-supply-buyable"]  # fmt: skip
PLANNING = ["snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available", "pending-removal-quantity", "inv-age-0-to-90-days", "inv-age-91-to-180-days", "inv-age-181-to-270-days", "inv-age-271-to-365-days", "inv-age-365-plus-days", "currency", "qty-to-be-charged-ltsf-11-mo", "projected-ltsf-11-mo", "qty-to-be-charged-ltsf-12-mo", "estimated-ltsf-next-charge", "units-shipped-t7", "units-shipped-t30", "units-shipped-t60", "units-shipped-t90", "alert", "your-price", "sales-price", "lowest-price-new-plus-shipping", "lowest-price-used", "recommended-action", "healthy-inventory-level", "recommended-sales-price", "recommended-sale-duration-days", "recommended-removal-quantity", "estimated-cost-savings-of-recommended-actions", "sell-through", "item-volume", "volume-unit-measurement", "storage-type", "storage-volume", "marketplace", "product-group", "sales-rank", "days-of-supply", "estimated-excess-quantity", "weeks-of-cover-t30", "weeks-of-cover-t90", "featuredoffer-price", "sales-shipped-last-7-days", "sales-shipped-last-30-days", "sales-shipped-last-60-days", "sales-shipped-last-90-days", "inv-age-0-to-30-days", "inv-age-31-to-60-days", "inv-age-61-to-90-days", "inv-age-181-to-330-days", "inv-age-331-to-365-days", "estimated-storage-cost-next-month", "inbound-quantity", "inbound-working", "inbound-shipped", "inbound-received", "no-sale-last-6-months", "reserved-quantity", "unfulfillable-quantity"]  # fmt: skip
LEDGER = ["Date", "FNSKU", "ASIN", "MSKU", "Title", "Event Type", "Reference ID", "Quantity", "Fulfillment Center",
          "Disposition", "Reason", "Country", "Reconciled Quantity", "Unreconciled Quantity", "Date and Time",
          "Store"]  # fmt: skip
STORAGE = ["asin", "fnsku", "product_name", "fulfillment_center", "country_code", "longest_side", "median_side",
           "shortest_side", "measurement_units", "weight", "weight_units", "item_volume", "volume_units",
           "product_size_tier", "average_quantity_on_hand", "average_quantity_pending_removal",
           "estimated_total_item_volume", "month_of_charge", "storage_rate", "currency",
           "estimated_monthly_storage_fee", "dangerous_goods_storage_type", "eligible_for_inventory_discount",
           "qualifies_for_inventory_discount", "total_incentive_fee_amount", "breakdown_incentive_fee_amount",
           "average_quantity_customer_orders"]  # fmt: skip
RECENT_MONTHS = 12


def _shipped(world: World, mp: str, sku: str, day: date, n: int) -> int:
    return sum(world.shipments.get((mp, sku, day - timedelta(i)), 0) for i in range(n))


def _ages(layers, day: date) -> list[int]:
    b = [0] * 5
    for arrived, units in layers:
        age = (day - arrived).days
        b[0 if age <= 90 else 1 if age <= 180 else 2 if age <= 270 else 3 if age <= 365 else 4] += units
    return b


def _snapshot_days(world: World) -> list[date]:
    return sorted(world.snapshots)


def write_fba_inventory(world: World, out: Path) -> list[dict]:
    """Writes Manage FBA Inventory snapshots at every month end (and the last day); the date is in the name."""
    entries = []
    for mp in cat.AMAZON:
        folder = out / mp / "fba_inventory"
        folder.mkdir(parents=True, exist_ok=True)
        for day in _snapshot_days(world):
            lines = ["\t".join(MYI)]
            for p in listed(world, mp):
                if p.launch > day + timedelta(30):
                    continue
                units = sum(u for _, u in world.snapshots[day].get((mp, p.sku), []))
                reserved = min(units, _shipped(world, mp, p.sku, day, 2))
                unsellable = units // 80
                avail = units - reserved - unsellable
                inbound = world.in_transit[day].get((mp, p.sku), 0)
                price = f"{p.price(mp):.2f}" if mp != "amazon.co.jp" else f"{p.price(mp):.0f}"
                lines.append("\t".join(str(v) for v in [
                    p.channel_sku(mp), fnsku(p.sku, mp), asin(p.sku), p.name_en, "New", price, "No", "", "Yes",
                    units, avail, unsellable, reserved, units + inbound, f"{p.size:.4f}", 0, inbound, 0, 0, 0, 0,
                ]))  # fmt: skip
            path = folder / f"fba_inventory_{mp}_{day:%Y-%m-%d}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            # the report prints neither its day nor its marketplace
            entries.append(
                {"path": str(path.relative_to(out)), "options": {"marketplace": mp, "as_of": f"{day:%Y-%m-%d}"}}
            )
    return entries


def write_planning(world: World, out: Path) -> list[dict]:
    """Writes the FBA inventory planning report (ageing buckets) for the last twelve snapshot days."""
    entries = []
    for mp in cat.AMAZON:
        folder = out / mp / "inventory_planning"
        folder.mkdir(parents=True, exist_ok=True)
        for day in _snapshot_days(world)[-RECENT_MONTHS:]:
            lines = ["\t".join(PLANNING)]
            for p in listed(world, mp):
                layers = world.snapshots[day].get((mp, p.sku), [])
                units = sum(u for _, u in layers)
                if not units:
                    continue
                a = _ages(layers, day)
                t = [_shipped(world, mp, p.sku, day, n) for n in (7, 30, 60, 90)]
                row = {k: "" for k in PLANNING}
                row.update({
                    "snapshot-date": f"{day:%Y-%m-%d}", "sku": p.channel_sku(mp), "fnsku": fnsku(p.sku, mp),
                    "asin": asin(p.sku), "product-name": p.name_en, "condition": "New", "available": units,
                    "pending-removal-quantity": 0, "inv-age-0-to-90-days": a[0], "inv-age-91-to-180-days": a[1],
                    "inv-age-181-to-270-days": a[2], "inv-age-271-to-365-days": a[3], "inv-age-365-plus-days": a[4],
                    "currency": cat.CURRENCY[mp], "units-shipped-t7": t[0], "units-shipped-t30": t[1],
                    "units-shipped-t60": t[2], "units-shipped-t90": t[3], "your-price": f"{p.price(mp):.2f}",
                    "item-volume": f"{p.size:.4f}", "volume-unit-measurement": "cubic feet", "storage-type": "Standard",
                    "marketplace": COUNTRY[mp], "days-of-supply": int(units / (t[1] / 30)) if t[1] else "",
                    "inbound-quantity": world.in_transit[day].get((mp, p.sku), 0),
                    "no-sale-last-6-months": 0 if t[3] else units,
                })  # fmt: skip
                lines.append("\t".join(str(row[k]) for k in PLANNING))
            path = folder / f"inventory_planning_{mp}_{day:%Y-%m-%d}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {"marketplace": mp}})
    return entries


def write_ledger(world: World, out: Path) -> list[dict]:
    """Writes the inventory ledger (Seller Central UI CSV) per marketplace and month, last twelve months."""
    entries = []
    recent = months(world.start, world.end)[-RECENT_MONTHS:]
    for mp in cat.AMAZON:
        folder = out / mp / "inventory_ledger"
        folder.mkdir(parents=True, exist_ok=True)
        events = []
        for (dest, sku, day), units in world.shipments.items():
            if dest == mp:
                events.append((day, sku, "Shipments", f"S{day:%y%m%d}{sku[:3]}", -units, "SELLABLE", ""))
        for b in world.batches:
            if b.dest == mp and b.arrival <= world.end:  # an open batch is received on its arrival, after the data
                events.append((b.arrival, b.sku, "Receipts", f"FBA{b.batch_id[-10:]}", b.units, "SELLABLE", ""))
        for dest, sku, day, units, sellable in world.returns:
            if dest == mp:
                disp = "SELLABLE" if sellable else "CUSTOMER_DAMAGED"
                events.append((day, sku, "CustomerReturns", f"R{day:%y%m%d}{sku[:3]}", units, disp, ""))
        events.sort()
        for first, last in recent:
            lines = [quoted(LEDGER)]
            for day, sku, kind, ref, qty, disp, reason in (e for e in events if first <= e[0] <= last):
                p = world.product(sku)
                stamp = iso_offset(datetime.combine(day, time()), mp)
                lines.append(quoted([f"{day:%m/%d/%Y}", fnsku(sku, mp), asin(sku), p.channel_sku(mp), p.name_en, kind,
                                     ref, qty, FC[mp], disp, reason, COUNTRY[mp], qty, 0, stamp, ""]))  # fmt: skip
            path = folder / f"inventory_ledger_{mp}_{first:%Y-%m}.csv"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries


def write_storage_fees(world: World, out: Path, fees: dict | None = None) -> list[dict]:
    """Writes the monthly storage fee report (TSV) of every complete month per marketplace."""
    fees = fees if fees is not None else storage_fees(world)
    entries = []
    for (mp, first), rows in sorted(fees.items()):
        folder = out / mp / "storage_fees"
        folder.mkdir(parents=True, exist_ok=True)
        lines = ["\t".join(STORAGE)]
        for sku, a, f, avg, fee, volume in rows:
            p = world.product(sku)
            rate = fee / volume if volume else 0
            lines.append("\t".join(str(v) for v in [
                a, f, p.name_en, FC[mp], COUNTRY[mp], "6.2", "4.1", "2.5", "inches", "0.45", "pounds",
                f"{p.size:.4f}", "cubic feet", "Standard-Size", f"{avg:.2f}", "0.00", f"{volume:.4f}",
                f"{first:%Y-%m}", f"{rate:.4f}", cat.CURRENCY[mp], f"{fee:.2f}", "--", "N", "N", "0", "", f"{avg / 10:.2f}",
            ]))  # fmt: skip
        path = folder / f"storage_fees_{mp}_{first:%Y-%m}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        entries.append({"path": str(path.relative_to(out)), "options": {}})
    return entries
