"""The demo's return reasons and buyer ids, written in the real layouts' own columns.

- Amazon: one FBA customer returns report (`GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA`, TSV) per marketplace and
  month, one row per refunded order whose unit came back (the simulation's returns): reason codes weighted per
  product (the accessory kit's parts go missing, cameras come back defective or unwanted), the disposition from
  whether the unit was restocked, the time in UTC.
- TikTok Shop: the export's `Cancel Reason` of a Return/Refund line, as the portal prints it.
- Shopify `Email` / TikTok `Buyer Username`: a stable pool of buyers per channel where about a quarter (Shopify) or
  a sixth (TikTok) of orders come from a buyer who ordered before, recent buyers more often than old ones.
Every choice is seeded by the order id, so the files are the same on every run.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from warehouse.demo_gen import catalog as cat
from warehouse.demo_gen.fmt import UTC, months, zone
from warehouse.demo_gen.ids import asin, fnsku
from warehouse.demo_gen.sim import World

HEADER = ["return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity", "fulfillment-center-id",
          "detailed-disposition", "reason", "status", "license-plate-number", "customer-comments"]  # fmt: skip
FC = {"amazon.com": "PHX7", "amazon.de": "FRA3", "amazon.co.jp": "NRT5"}
# reason code -> weight for cameras, weight for kits / accessories
REASONS = {
    "UNWANTED_ITEM": (30, 22), "DEFECTIVE": (22, 10), "NOT_AS_DESCRIBED": (12, 14), "ORDERED_WRONG_ITEM": (8, 14),
    "QUALITY_UNACCEPTABLE": (8, 8), "MISSING_PARTS": (3, 16), "NOT_COMPATIBLE": (4, 10),
    "DAMAGED_BY_CARRIER": (5, 3), "FOUND_BETTER_PRICE": (5, 2), "SWITCHEROO": (3, 1),
}  # fmt: skip
BROKEN = {"DEFECTIVE": "DEFECTIVE", "QUALITY_UNACCEPTABLE": "DEFECTIVE", "DAMAGED_BY_CARRIER": "CARRIER_DAMAGED"}
COMMENTS = {"DEFECTIVE": "Stopped working after a week", "MISSING_PARTS": "No screws in the box",
            "NOT_AS_DESCRIBED": "Picture quality not like the photos", "SWITCHEROO": ""}  # fmt: skip
TIKTOK_REASONS = [("No longer needed", 30), ("Item doesn't match description", 20), ("Damaged item", 12),
                  ("Defective item", 18), ("Wrong item sent", 8), ("Missing parts", 12)]  # fmt: skip
REPEAT_SHARE = {"shopify": 0.27, "tiktok.us": 0.16}


def return_reason(order_id: str, category: str) -> str:
    """Returns the Amazon reason code of a returned order (seeded by the order id)."""
    rng = random.Random(f"reason:{order_id}")
    col = 0 if category == "camera" else 1
    codes = list(REASONS)
    return rng.choices(codes, weights=[REASONS[c][col] for c in codes])[0]


def tiktok_reason(order_id: str) -> str:
    """Returns the `Cancel Reason` TikTok prints on a Return/Refund line (seeded by the order id)."""
    rng = random.Random(f"tt-reason:{order_id}")
    return rng.choices([r for r, _ in TIKTOK_REASONS], weights=[w for _, w in TIKTOK_REASONS])[0]


def buyer_numbers(world: World, mp: str) -> dict[str, int]:
    """Returns order id -> buyer number for the channel's orders: new buyers numbered in order of arrival, repeat
    orders drawn from earlier buyers (recent ones more likely)."""
    rng = random.Random(f"buyers:{mp}")
    seen: list[int] = []
    out: dict[str, int] = {}
    for o in sorted((o for o in world.orders if o.mp == mp), key=lambda o: (o.ts, o.order_id)):
        if seen and rng.random() < REPEAT_SHARE[mp]:
            back = min(int(rng.expovariate(1 / max(len(seen) * 0.25, 1))), len(seen) - 1)
            out[o.order_id] = seen[len(seen) - 1 - back]
        else:
            seen.append(len(seen) + 1)
            out[o.order_id] = seen[-1]
    return out


def shopify_email(number: int) -> str:
    return f"buyer{number:05d}@example.com"


def tiktok_username(number: int) -> str:
    return f"lumora_fan{number:05d}"


def write_fba_returns(world: World, out: Path) -> list[dict]:
    """Writes the FBA customer returns reports (one per Amazon marketplace and month); returns manifest entries."""
    entries = []
    for mp in cat.AMAZON:
        rows = []
        for o in world.orders:
            if o.mp != mp or o.refund_ts is None:
                continue
            local = o.refund_ts + timedelta(days=4)  # the unit reaches the warehouse after the refund is issued
            if local.date() > world.end:
                continue
            rows.append((local, o))
        by_day = sorted(rows, key=lambda r: (r[0], r[1].order_id))
        for first, last in months(world.start, world.end):
            lines = ["\t".join(HEADER)]
            for local, o in (r for r in by_day if first <= r[0].date() <= last):
                p = world.product(o.sku)
                reason = return_reason(o.order_id, p.category)
                disposition = "SELLABLE" if o.restock else BROKEN.get(reason, "CUSTOMER_DAMAGED")
                reimbursed = reason == "SWITCHEROO" or (not o.restock and reason == "DAMAGED_BY_CARRIER")
                status = "Reimbursed" if reimbursed else "Unit returned to inventory"
                stamp = local.replace(tzinfo=zone(mp)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
                lpn = "LPNRR" + "".join(ch for ch in o.order_id if ch.isdigit())[-9:]
                lines.append("\t".join([stamp, o.order_id, p.channel_sku(mp), asin(o.sku), fnsku(o.sku, mp), p.name_en,
                                        str(o.refund_units), FC[mp], disposition, reason, status, lpn,
                                        COMMENTS.get(reason, "")]))  # fmt: skip
            if len(lines) == 1:
                continue
            folder = out / mp / "returns"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"FBA_customer_returns_{first:%Y-%m}.txt"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            entries.append({"path": str(path.relative_to(out)), "options": {"marketplace": mp}})
    return entries
