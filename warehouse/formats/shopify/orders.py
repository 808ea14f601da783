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
from warehouse.ingest.detect import ImportRejected

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

    def check_store(self, cur, ctx: FileContext, store: str | None) -> None:
        """Refuses the file when the store already holds one of its order numbers, from an earlier import, with
        another currency or an order date more than a day apart: Shopify numbers every shop's orders from #1001, so
        that is another shop's order, and importing would replace it (orders are keyed by store and number, the
        latest import winning). A re-download of the same shop (same currency, same dates; a day's leeway for a
        changed shop time zone) imports as before."""
        n, example, differs = order_clashes(cur, "typed", store)
        if n:
            what = f"{n:,} order number (e.g. {example}) is" if n == 1 else f"{n:,} order numbers (e.g. {example}) are"
            raise ImportRejected(
                f"{ctx.file_name}: {what} already in the store “{store}” with {CLASH_WHAT[differs]}, so this is "
                "probably another Shopify shop's export and would replace those orders; nothing was imported. "
                "Import it into its own store: give --store with a new name (or choose New store… in the Data "
                "page's store box).",
                "shopify_order_clash", file=ctx.file_name, n=n, example=example, store=store or "", differs=differs,
            )  # fmt: skip

    def cell_expr(self, col, src: str, ctx: FileContext) -> str:
        """Hashes the buyer's e-mail while parsing: the address itself never reaches a table."""
        if col.name == "customer_hash":
            return hash_expr(text_expr(src))
        return super().cell_expr(col, src, ctx)


CLASH_WHAT = {"currency": "another currency", "date": "another order date",
              "both": "another currency and order date", "mixed": "another currency or order date"}  # fmt: skip


def order_clashes(cur, source: str, store: str | None) -> tuple[int, str | None, str]:
    """Returns (how many, the first) order numbers of `source` (typed Shopify order rows) that `store`'s imports
    already hold with another currency or an order date more than one day apart (only orders whose currency or
    date both sides print are compared), and what differs (`CLASH_WHAT`): "currency" or "date" when every clash
    differs only by that, "both" when every one differs by both, else "mixed"."""
    sql = f"""
        select count(*), min(n.order_name), count(*) filter (where n.currency <> o.currency),
            count(*) filter (where abs(date_diff('day', n.day, o.day)) > 1)
        from (select order_name, min(upper(trim(currency))) as currency, min(created_at)::DATE as day
              from {source} where order_name is not null group by 1) as n
        join (select order_name, min(upper(trim(currency))) as currency, min(created_at)::DATE as day
              from raw.shopify_orders
              where import_id in (select import_id from meta.imports
                                  where store is not distinct from ?::VARCHAR and status = 'active')
                and order_name in (select order_name from {source})
              group by 1) as o using (order_name)
        where n.currency <> o.currency or abs(date_diff('day', n.day, o.day)) > 1"""
    n, example, by_currency, by_date = cur.sql(sql, params=[store]).fetchall()[0]
    n = int(n or 0)
    what = (
        "date" if not by_currency else "currency" if not by_date else "both" if by_currency == by_date == n else "mixed"
    )
    return n, example, what


FORMATS = [ShopifyOrders()]
