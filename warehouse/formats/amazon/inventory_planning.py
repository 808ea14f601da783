"""Amazon FBA Inventory / Inventory Health (`GET_FBA_INVENTORY_PLANNING_DATA`), older TSV and 2026 CSV layouts.

Layout (FORMATS.md §5.2): one row per SKU with its own `snapshot-date` and `marketplace`. The older flat file is
TAB-separated and ages stock up to `inv-age-365-plus-days`; the 2026 Seller Central download is a comma CSV with
every field quoted, splits the oldest stock into `inv-age-366-to-455-days` + `inv-age-456-plus-days` and names the
reserved total `Total Reserved Quantity`. Columns drift between versions, so every column is mapped by name.
"""

from __future__ import annotations

from warehouse.core.marketplaces import ALIASES, marketplace_sql
from warehouse.core.textio import norm_header, sniff_decimal
from warehouse.formats.base import Col, FileContext, Format, first_date_in

C = Col
COLUMNS = (
    C("snapshot_date", "date", ("snapshot-date",), True),
    C("sku", "text", ("sku",), True),
    C("fnsku", "text", ("fnsku",)),
    C("asin", "text", ("asin",)),
    C("product_name", "text", ("product-name",)),
    C("condition", "text", ("condition",)),
    C("available", "int", ("available",), True),
    C("fc_transfer", "int", ("fc-transfer", "Reserved FC Transfer")),
    C("pending_removal_quantity", "int", ("pending-removal-quantity",)),
    C("age_0_90", "int", ("inv-age-0-to-90-days",)),
    C("age_91_180", "int", ("inv-age-91-to-180-days",)),
    C("age_181_270", "int", ("inv-age-181-to-270-days",)),
    C("age_271_365", "int", ("inv-age-271-to-365-days",)),
    C("age_365_plus", "int", ("inv-age-365-plus-days",)),
    C("age_366_455", "int", ("inv-age-366-to-455-days",)),
    C("age_456_plus", "int", ("inv-age-456-plus-days",)),
    C("currency", "text", ("currency",)),
    C("units_shipped_t7", "int", ("units-shipped-t7",)),
    C("units_shipped_t30", "int", ("units-shipped-t30",)),
    C("units_shipped_t60", "int", ("units-shipped-t60",)),
    C("units_shipped_t90", "int", ("units-shipped-t90",)),
    C("alert", "text", ("alert",)),
    C("your_price", "num", ("your-price",)),
    C("sales_price", "num", ("sales-price",)),
    C("recommended_action", "text", ("recommended-action",)),
    C("sell_through", "num", ("sell-through",)),
    C("storage_type", "text", ("storage-type",)),
    C("marketplace_raw", "text", ("marketplace",)),
    C("days_of_supply", "num", ("days-of-supply",)),
    C("estimated_excess_quantity", "int", ("estimated-excess-quantity",)),
    C("estimated_storage_cost_next_month", "num", ("estimated-storage-cost-next-month",)),
    C("inbound_quantity", "int", ("inbound-quantity",)),
    C("inbound_working", "int", ("inbound-working",)),
    C("inbound_shipped", "int", ("inbound-shipped",)),
    C("inbound_received", "int", ("inbound-received",)),
    C("reserved_quantity", "int", ("reserved-quantity", "Total Reserved Quantity")),
    C("unfulfillable_quantity", "int", ("unfulfillable-quantity",)),
    C("health_status", "text", ("fba-inventory-level-health-status",)),
    C("inventory_supply_at_fba", "int", ("Inventory Supply at FBA",)),
    # derived per row
    C("marketplace", "text"),
)

# the oldest ageing bucket tells the two layouts apart
LAYOUTS = {"inv-age-456-plus-days": "2026 CSV", "inv-age-365-plus-days": "TSV"}


class AmazonInventoryPlanning(Format):
    id = "amazon_inventory_planning"
    label_en = "Amazon FBA Inventory (inventory planning / health) report"
    label_zh = "亚马逊 FBA 库存（库存规划/健康）报告"
    group = "amazon"
    columns = COLUMNS
    # snapshot-date + ageing buckets appear only here (MYI and fee preview share sku/fnsku/asin)
    signature = ("snapshot_date", "sku", "available", "age_0_90", "age_91_180", "age_181_270")

    def inspect(self, ctx: FileContext) -> None:
        header = {norm_header(h) for h in ctx.header}
        ctx.variant = next((v for k, v in LAYOUTS.items() if k in header), "TSV" if ctx.delimiter == "\t" else "CSV")
        ctx.decimal = sniff_decimal(
            ctx.column_values("your-price") + ctx.column_values("estimated-storage-cost-next-month")
        )
        # recorded on the import (meta.imports) so the history shows which day and marketplace it holds
        dates = sorted(d for v in ctx.column_values("snapshot-date") for d in first_date_in(v))
        if dates:
            ctx.constants["snapshot_date"] = dates[-1]
        mps = {ALIASES.get(v.strip().lower()) for v in ctx.column_values("marketplace") if v.strip()}
        if len(mps) == 1 and None not in mps:
            ctx.constants["marketplace"] = mps.pop()

    def derived(self, ctx: FileContext) -> dict[str, str]:
        default = ctx.options.get("marketplace")
        return {"marketplace": marketplace_sql("t.marketplace_raw", str(default) if default else "amazon.com")}


FORMATS = [AmazonInventoryPlanning()]
