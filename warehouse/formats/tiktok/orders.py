"""TikTok Shop Seller Center order export (US layout; CSV with BOM or XLSX): one row per SKU line of an order.

Layout (FORMATS.md §8.1): the second row explains each column (first cell `Platform unique order ID.`) and is
skipped; long numeric IDs end with a TAB; times are `MM/DD/YYYY h:mm:ss AM` in the shop's own clock. Order-level
amounts (`Order Amount`, shipping fees, `Taxes`, `Order Refund Amount`) repeat on every line of an order: the
raw table keeps them as printed and the staging views count them once per order.
The buyer's name, phone, message and street address are deliberately not kept; the buyer's user name is kept only
as a salted hash (`customer_hash`, warehouse/core/customer_ids.py) for repeat-purchase metrics.
"""

from __future__ import annotations

from warehouse.core.customer_ids import hash_expr
from warehouse.core.marketplaces import MARKETPLACES
from warehouse.formats.base import Col, FileContext, Format, text_expr

C = Col
COLUMNS = (
    C("order_id", "text", ("Order ID",), True),
    C("order_status", "text", ("Order Status",), True),
    C("order_substatus", "text", ("Order Substatus",)),
    C("cancel_return_type", "text", ("Cancelation/Return Type", "Cancellation/Return Type")),
    C("normal_or_preorder", "text", ("Normal or Pre-order",)),
    C("sku_id", "text", ("SKU ID",)),
    C("seller_sku", "text", ("Seller SKU",), True),
    C("product_name", "text", ("Product Name",)),
    C("variation", "text", ("Variation",)),
    C("quantity", "int", ("Quantity",), True),
    C("return_quantity", "int", ("Sku Quantity of return", "SKU Quantity of Return")),
    C("unit_original_price", "num", ("SKU Unit Original Price",)),
    C("subtotal_before_discount", "num", ("SKU Subtotal Before Discount",)),
    C("platform_discount", "num", ("SKU Platform Discount",)),
    C("seller_discount", "num", ("SKU Seller Discount",)),
    C("subtotal_after_discount", "num", ("SKU Subtotal After Discount",)),
    C("shipping_fee_after_discount", "num", ("Shipping Fee After Discount",)),
    C("original_shipping_fee", "num", ("Original Shipping Fee",)),
    C("shipping_fee_seller_discount", "num", ("Shipping Fee Seller Discount",)),
    C("shipping_fee_platform_discount", "num", ("Shipping Fee Platform Discount",)),
    C("payment_platform_discount", "num", ("Payment platform discount",)),
    C("taxes", "num", ("Taxes",)),
    C("small_order_fee", "num", ("Small Order Fee",)),
    C("order_amount", "num", ("Order Amount",), True),
    C("order_refund_amount", "num", ("Order Refund Amount",)),
    C("created_time", "ts", ("Created Time",), True),
    C("paid_time", "ts", ("Paid Time",)),
    C("rts_time", "ts", ("RTS Time",)),
    C("shipped_time", "ts", ("Shipped Time",)),
    C("delivered_time", "ts", ("Delivered Time",)),
    C("cancelled_time", "ts", ("Cancelled Time",)),
    C("cancel_by", "text", ("Cancel By",)),
    C("cancel_reason", "text", ("Cancel Reason",)),
    C("fulfillment_type", "text", ("Fulfillment Type",)),
    C("warehouse_name", "text", ("Warehouse Name",)),
    C("tracking_id", "text", ("Tracking ID",)),
    C("delivery_option", "text", ("Delivery Option",)),
    C("shipping_provider", "text", ("Shipping Provider Name",)),
    C("zipcode", "text", ("Zipcode",)),
    C("country", "text", ("Country",)),
    C("state", "text", ("State", "Province")),
    C("city", "text", ("City",)),
    C("payment_method", "text", ("Payment Method",)),
    C("weight_kg", "num", ("Weight(kg)",)),
    C("product_category", "text", ("Product Category",)),
    C("package_id", "text", ("Package ID",)),
    C("seller_note", "text", ("Seller Note",)),
    C("customer_hash", "text", ("Buyer Username", "Buyer Nickname")),  # salted hash, never the name (cell_expr)
    # constants per file
    C("marketplace", "text"),
    C("currency", "text"),
)  # fmt: skip


class TikTokOrders(Format):
    id = "tiktok_orders"
    label_en = "TikTok Shop order export"
    label_zh = "TikTok Shop 订单导出"
    group = "tiktok"
    columns = COLUMNS
    signature = ("order_id", "order_status", "seller_sku", "quantity", "order_amount", "created_time")
    description_row_prefix = "Platform unique"

    def inspect(self, ctx: FileContext) -> None:
        """Sets marketplace and currency (US layout) and keeps times as the shop's wall clock."""
        mp = ctx.options.get("marketplace") or "tiktok.us"
        if mp not in MARKETPLACES or MARKETPLACES[mp].channel != "tiktok":
            ctx.warnings.append(f"marketplace {mp} is not a TikTok Shop; the rows were assigned to tiktok.us")
            mp = "tiktok.us"
        ctx.constants["marketplace"] = mp
        ctx.constants["currency"] = MARKETPLACES[mp].currency
        ctx.date_order = "mdy"
        ctx.tz = None  # printed in the shop's local time already
        ctx.variant = "US XLSX" if ctx.is_xlsx else "US CSV"

    def cell_expr(self, col, src: str, ctx: FileContext) -> str:
        """Hashes the buyer's user name while parsing: the name itself never reaches a table."""
        if col.name == "customer_hash":
            return hash_expr(text_expr(src))
        return super().cell_expr(col, src, ctx)


FORMATS = [TikTokOrders()]
