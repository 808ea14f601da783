"""Amazon All Orders flat file (`GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE/LAST_UPDATE_GENERAL`, TSV).

Layout (FORMATS.md §6): one header line, TAB-separated, one row per order item; dates ISO-8601 with a UTC offset
(`2026-03-02T17:14:07+00:00`); `sales-channel` names the marketplace (`Amazon.com`, `Amazon.de`, or `Non-Amazon`
for multi-channel fulfilment of orders sold elsewhere). `item-price` is the line total, tax separate. Pending
orders carry no prices yet. Every row is kept; the staging views decide what counts.
"""

from __future__ import annotations

from collections import Counter

from warehouse.core.marketplaces import ALIASES, MARKETPLACES, currency_case_sql, marketplace_sql
from warehouse.core.textio import sniff_decimal
from warehouse.formats.base import Col, FileContext, Format

C = Col
COLUMNS = (
    C("order_id", "text", ("amazon-order-id",), True),
    C("merchant_order_id", "text", ("merchant-order-id",)),
    C("purchase_at", "ts", ("purchase-date",), True),
    C("last_updated_at", "ts", ("last-updated-date",)),
    C("order_status", "text", ("order-status",), True),
    C("fulfillment_channel", "text", ("fulfillment-channel",)),
    C("sales_channel", "text", ("sales-channel",), True),
    C("order_channel", "text", ("order-channel",)),
    C("url", "text", ("url",)),
    C("ship_service_level", "text", ("ship-service-level",)),
    C("product_name", "text", ("product-name",)),
    C("sku", "text", ("sku",), True),
    C("asin", "text", ("asin",)),
    C("number_of_items", "int", ("number-of-items",)),
    C("item_status", "text", ("item-status",)),
    C("quantity", "int", ("quantity",), True),
    C("currency", "text", ("currency",)),
    C("item_price", "num", ("item-price",), True),
    C("item_tax", "num", ("item-tax",)),
    C("shipping_price", "num", ("shipping-price",)),
    C("shipping_tax", "num", ("shipping-tax",)),
    C("gift_wrap_price", "num", ("gift-wrap-price",)),
    C("gift_wrap_tax", "num", ("gift-wrap-tax",)),
    C("item_promotion_discount", "num", ("item-promotion-discount",)),
    C("ship_promotion_discount", "num", ("ship-promotion-discount",)),
    C("ship_city", "text", ("ship-city",)),
    C("ship_state", "text", ("ship-state",)),
    C("ship_postal_code", "text", ("ship-postal-code",)),
    C("ship_country", "text", ("ship-country",)),
    C("promotion_ids", "text", ("promotion-ids",)),
    C("cpf", "text", ("cpf",)),
    C("is_business_order", "bool", ("is-business-order",)),
    C("purchase_order_number", "text", ("purchase-order-number",)),
    C("price_designation", "text", ("price-designation",)),
    C("tax_collection_model", "text", ("tax-collection-model",)),
    C("tax_collection_responsible_party", "text", ("tax-collection-responsible-party",)),
    C("is_iba", "bool", ("is-iba",)),
    C("is_replacement_order", "bool", ("is-replacement-order",)),
    C("buyer_company_name", "text", ("buyer-company-name",)),
    # derived per row
    C("marketplace", "text"),
)


def _zone_case_sql(marketplace_expr: str) -> str:
    """Returns SQL giving the IANA zone of a canonical marketplace id."""
    cases = " ".join(f"when '{m.id}' then '{m.tz}'" for m in MARKETPLACES.values())
    return f"(case {marketplace_expr} {cases} else NULL end)"


class AmazonAllOrders(Format):
    id = "amazon_all_orders"
    label_en = "Amazon all orders report (flat file)"
    label_zh = "亚马逊所有订单报告（平面文件）"
    group = "amazon"
    columns = COLUMNS
    signature = ("order_id", "purchase_at", "order_status", "sales_channel", "item_price")

    def inspect(self, ctx: FileContext) -> None:
        ctx.decimal = sniff_decimal(ctx.column_values("item-price"))
        named = Counter(
            ALIASES[v.strip().lower()] for v in ctx.column_values("sales-channel") if v.strip().lower() in ALIASES
        )
        mp = named.most_common(1)[0][0] if named else ctx.options.get("marketplace", "amazon.com")
        ctx.constants["default_marketplace"] = mp if mp in MARKETPLACES else "amazon.com"
        ctx.constants["marketplace"] = ctx.constants["default_marketplace"]
        ctx.variant = MARKETPLACES[ctx.constants["default_marketplace"]].country
        # parse to UTC first: each row is then moved to the zone of its own sales channel by derived()
        ctx.tz = "UTC"

    def derived(self, ctx: FileContext) -> dict[str, str]:
        default = ctx.constants["default_marketplace"]
        # Non-Amazon rows are other channels' orders that FBA only shipped: no Amazon marketplace
        mp = f"(case when lower(trim(t.sales_channel)) = 'non-amazon' then NULL else {marketplace_sql('t.sales_channel', default)} end)"  # noqa: E501
        zone = f"coalesce({_zone_case_sql(mp)}, '{MARKETPLACES[default].tz}')"
        return {
            "marketplace": mp,
            "purchase_at": f"timezone({zone}, timezone('UTC', t.purchase_at))",
            "last_updated_at": f"timezone({zone}, timezone('UTC', t.last_updated_at))",
            # pending orders print no currency yet
            "currency": f"coalesce(t.currency, {currency_case_sql(mp)})",
        }


FORMATS = [AmazonAllOrders()]
