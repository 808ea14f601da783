"""Amazon FBA customer returns (`GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA`, TSV).

Layout (FORMATS.md §7): one header line, TAB-separated, one row per returned unit batch; `return-date` ISO-8601
with a UTC offset. The report does not name its marketplace, so it comes from the user (`--marketplace`, the
Data page) or defaults to amazon.com with a warning.
"""

from __future__ import annotations

from warehouse.core.marketplaces import MARKETPLACES
from warehouse.formats.base import Col, FileContext, Format, text_expr

C = Col
COLUMNS = (
    C("returned_at", "ts", ("return-date",), True),
    C("order_id", "text", ("order-id",), True),
    C("sku", "text", ("sku",)),
    C("asin", "text", ("asin",)),
    C("fnsku", "text", ("fnsku",)),
    C("product_name", "text", ("product-name",)),
    C("quantity", "int", ("quantity",), True),
    C("fulfillment_center_id", "text", ("fulfillment-center-id",)),
    C("detailed_disposition", "text", ("detailed-disposition",), True),
    C("reason", "text", ("reason",)),
    C("status", "text", ("status",)),
    C("license_plate_number", "text", ("license-plate-number",)),
    C("customer_comments", "text", ("customer-comments",)),  # e-mail addresses masked (cell_expr)
    # per file
    C("marketplace", "text"),
)


class AmazonReturns(Format):
    id = "amazon_returns"
    label_en = "Amazon FBA customer returns report"
    label_zh = "亚马逊FBA买家退货报告"
    group = "amazon"
    columns = COLUMNS
    signature = ("returned_at", "order_id", "quantity", "detailed_disposition", "fulfillment_center_id")

    def inspect(self, ctx: FileContext) -> None:
        mp = ctx.options.get("marketplace")
        if mp not in MARKETPLACES or MARKETPLACES[mp].channel != "amazon":
            mp = "amazon.com"
            ctx.warnings.append(
                "the returns report does not name its marketplace: assumed amazon.com; give --marketplace "
                "(or choose it on the Data page) for another store"
            )
        ctx.tz = MARKETPLACES[mp].tz
        ctx.variant = MARKETPLACES[mp].country
        ctx.constants["marketplace"] = mp

    def cell_expr(self, col, src: str, ctx: FileContext) -> str:
        """Masks e-mail addresses a buyer typed into the comment: the warehouse keeps no buyer e-mail."""
        if col.name == "customer_comments":
            return f"regexp_replace({text_expr(src)}, '[^\\s@]+@[^\\s@]+', '[e-mail]', 'g')"
        return super().cell_expr(col, src, ctx)


FORMATS = [AmazonReturns()]
