"""Amazon Manage FBA Inventory (`GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA`, also `..._ALL_INVENTORY_DATA`).

Layout (FORMATS.md §5.1): one TAB-separated header line, one row per SKU, quantities as plain integers. The report
prints neither its date nor its marketplace: the snapshot date comes from the user (--as-of, the upload form) or
the file name, the marketplace from the `marketplace` option, else amazon.com with a warning.
"""

from __future__ import annotations

from warehouse.core.marketplaces import ALIASES, MARKETPLACES
from warehouse.core.textio import sniff_decimal
from warehouse.formats.base import Col, FileContext, Format
from warehouse.ingest.detect import ImportRejected

C = Col
COLUMNS = (
    C("sku", "text", ("sku",), True),
    C("fnsku", "text", ("fnsku",)),
    C("asin", "text", ("asin",)),
    C("product_name", "text", ("product-name",)),
    C("condition", "text", ("condition",)),
    C("your_price", "num", ("your-price",)),
    C("mfn_listing_exists", "bool", ("mfn-listing-exists",)),
    C("mfn_fulfillable_quantity", "int", ("mfn-fulfillable-quantity",)),
    C("afn_listing_exists", "bool", ("afn-listing-exists",)),
    C("afn_warehouse_quantity", "int", ("afn-warehouse-quantity",)),
    C("afn_fulfillable_quantity", "int", ("afn-fulfillable-quantity",), True),
    C("afn_unsellable_quantity", "int", ("afn-unsellable-quantity",)),
    C("afn_reserved_quantity", "int", ("afn-reserved-quantity",)),
    C("afn_total_quantity", "int", ("afn-total-quantity",), True),
    C("per_unit_volume", "num", ("per-unit-volume",)),
    C("afn_inbound_working_quantity", "int", ("afn-inbound-working-quantity",)),
    C("afn_inbound_shipped_quantity", "int", ("afn-inbound-shipped-quantity",)),
    C("afn_inbound_receiving_quantity", "int", ("afn-inbound-receiving-quantity",)),
    C("afn_researching_quantity", "int", ("afn-researching-quantity",)),
    C("afn_reserved_future_supply", "int", ("afn-reserved-future-supply",)),
    C("afn_future_supply_buyable", "int", ("afn-future-supply-buyable",)),
    # one value for the whole file (constants filled by the importer and inspect)
    C("snapshot_date", "date"),
    C("marketplace", "text"),
)


def marketplace_option(ctx: FileContext, label: str, default: str) -> str:
    """Returns the canonical marketplace the user gave (`marketplace` option), else `default` with a warning."""
    given = str(ctx.options.get("marketplace") or "").strip()
    if not given:
        example = "amazon.fr" if default == "amazon.de" else "amazon.de"
        ctx.warnings.append(
            f"the {label} does not name its marketplace: assumed {default}; for another one give the marketplace "
            f"option (e.g. --marketplace {example} on the command line, or the Marketplace field on the Data page)"
        )
        return default
    canonical = ALIASES.get(given.lower())
    if canonical is None:
        known = ", ".join(m for m in MARKETPLACES if m.startswith("amazon."))
        raise ImportRejected(
            f"{ctx.file_name}: the marketplace '{given}' is not one Seller Cockpit knows; give one of {known}.",
            "unknown_marketplace",
            file=ctx.file_name,
            marketplace=given,
            known=known,
        )
    return canonical


class AmazonFbaInventory(Format):
    id = "amazon_fba_inventory"
    label_en = "Amazon Manage FBA Inventory report"
    label_zh = "亚马逊 FBA 库存管理报告"
    group = "amazon"
    columns = COLUMNS
    # afn-* quantities appear only in this report (planning and fee preview share sku/fnsku/asin)
    signature = ("sku", "afn_fulfillable_quantity", "afn_warehouse_quantity", "afn_total_quantity")
    needs = "as_of"

    def inspect(self, ctx: FileContext) -> None:
        ctx.variant = "MYI"
        # EU flat files may print prices with a decimal comma
        ctx.decimal = sniff_decimal(ctx.column_values("your-price") + ctx.column_values("per-unit-volume"))
        ctx.constants["marketplace"] = marketplace_option(ctx, self.label_en, "amazon.com")


FORMATS = [AmazonFbaInventory()]
