"""Shopify Admin orders export (Orders -> Export, CSV): one row per line item.

Layout (FORMATS.md §9): order-level fields (status, currency, subtotal, shipping, taxes, discount, refunded
amount, dates) are printed on the first row of an order only; continuation rows repeat `Name` and the line-item
columns. Dates are `2026-03-02 10:15:22 -0500` in the shop's own zone (kept as printed) or Excel serial numbers
when the file was re-saved in Excel. Buyer names, phones and street addresses are deliberately not kept; the buyer's
`Email` is kept only as a salted hash (`customer_hash`, warehouse/core/customer_ids.py) for repeat-purchase metrics.
"""

from __future__ import annotations

from warehouse.core.customer_ids import hash_expr
from warehouse.core.marketplaces import MARKETPLACES
from warehouse.formats.base import Col, FileContext, Format, text_expr

C = Col
COLUMNS = (
    C("order_name", "text", ("Name",), True),
    C("financial_status", "text", ("Financial Status",)),
    C("paid_at", "ts", ("Paid at",)),
    C("fulfillment_status", "text", ("Fulfillment Status",)),
    C("fulfilled_at", "ts", ("Fulfilled at", "Fulfillment Date")),
    C("currency", "text", ("Currency",)),
    C("subtotal", "num", ("Subtotal",)),
    C("shipping", "num", ("Shipping",)),
    C("taxes", "num", ("Taxes",)),
    C("total", "num", ("Total",)),
    C("discount_code", "text", ("Discount Code",)),
    C("discount_amount", "num", ("Discount Amount",)),
    C("shipping_method", "text", ("Shipping Method",)),
    C("created_at", "ts", ("Created at",)),
    C("lineitem_quantity", "int", ("Lineitem quantity",), True),
    C("lineitem_name", "text", ("Lineitem name",)),
    C("lineitem_price", "num", ("Lineitem price",), True),
    C("lineitem_compare_at_price", "num", ("Lineitem compare at price",)),
    C("lineitem_sku", "text", ("Lineitem sku",), True),
    C("lineitem_requires_shipping", "bool", ("Lineitem requires shipping",)),
    C("lineitem_taxable", "bool", ("Lineitem taxable",)),
    C("lineitem_fulfillment_status", "text", ("Lineitem fulfillment status",)),
    C("lineitem_discount", "num", ("Lineitem discount",)),
    C("shipping_city", "text", ("Shipping City",)),
    C("shipping_zip", "text", ("Shipping Zip",)),
    C("shipping_province", "text", ("Shipping Province",)),
    C("shipping_country", "text", ("Shipping Country",)),
    C("cancelled_at", "ts", ("Cancelled at",)),
    C("payment_method", "text", ("Payment Method",)),
    C("refunded_amount", "num", ("Refunded Amount",)),
    C("vendor", "text", ("Vendor",)),
    C("outstanding_balance", "num", ("Outstanding Balance",)),
    C("location", "text", ("Location",)),
    C("shopify_id", "text", ("Id",)),
    C("tags", "text", ("Tags",)),
    C("risk_level", "text", ("Risk Level",)),
    C("sales_source", "text", ("Source",)),
    C("duties", "num", ("Duties",)),
    C("customer_hash", "text", ("Email",)),  # salted hash, never the address (cell_expr)
    # constant per file
    C("marketplace", "text"),
)  # fmt: skip


class ShopifyOrders(Format):
    id = "shopify_orders"
    label_en = "Shopify orders export"
    label_zh = "Shopify 订单导出"
    group = "shopify"
    columns = COLUMNS
    signature = ("order_name", "financial_status", "lineitem_quantity", "lineitem_price", "lineitem_sku")

    def inspect(self, ctx: FileContext) -> None:
        """Keeps times as the shop's wall clock (the printed offset is the shop's own zone)."""
        ctx.constants["marketplace"] = "shopify"
        ctx.date_order = "mdy"
        ctx.tz = None
        ctx.variant = "XLSX" if ctx.is_xlsx else ""
        currencies = {v.strip().upper() for v in ctx.column_values("Currency") if v.strip()}
        if len(currencies) > 1:
            ctx.warnings.append(
                f"the export mixes currencies ({', '.join(sorted(currencies))}); each order keeps its own"
            )
        if not currencies:
            ctx.warnings.append(
                f"no Currency column: amounts were taken as {MARKETPLACES['shopify'].currency} (the shop default)"
            )

    def cell_expr(self, col, src: str, ctx: FileContext) -> str:
        """Hashes the buyer's e-mail while parsing: the address itself never reaches a table."""
        if col.name == "customer_hash":
            return hash_expr(text_expr(src))
        return super().cell_expr(col, src, ctx)


FORMATS = [ShopifyOrders()]
