"""Amazon Inventory Ledger, detailed view: API flat file (TSV, CamelCase) and Seller Central download (CSV).

Layout (FORMATS.md §5.3): one row per inventory event (shipment, receipt, customer return, adjustment, warehouse
transfer, removal) with a signed `Quantity` (units leaving stock are negative) and the `Country` of the
marketplace. `Date` is `MM/DD/YYYY`; the Seller Central CSV adds `Date and Time` (ISO 8601 with offset) and `Store`.
"""

from __future__ import annotations

import re

from warehouse.core.marketplaces import ALIASES, marketplace_sql
from warehouse.core.textio import norm_header
from warehouse.formats.base import Col, FileContext, Format, sql_str

C = Col
COLUMNS = (
    C("movement_date", "date", ("Date",), True),
    C("fnsku", "text", ("FNSKU",)),
    C("asin", "text", ("ASIN",)),
    C("msku", "text", ("MSKU",)),
    C("title", "text", ("Title",)),
    C("event_type", "text", ("EventType", "Event Type"), True),
    C("reference_id", "text", ("ReferenceID", "Reference ID")),
    C("quantity", "int", ("Quantity",), True),
    C("fulfillment_center", "text", ("FulfillmentCenter", "Fulfillment Center")),
    C("disposition", "text", ("Disposition",)),
    C("reason", "text", ("Reason",)),
    C("country", "text", ("Country",)),
    C("reconciled_quantity", "int", ("ReconciledQuantity", "Reconciled Quantity")),
    C("unreconciled_quantity", "int", ("UnreconciledQuantity", "Unreconciled Quantity")),
    C("event_at", "ts", ("Date and Time",)),
    C("store", "text", ("Store",)),
    # derived per row
    C("marketplace", "text"),
)

MDY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/\d{4}")


class AmazonInventoryLedger(Format):
    id = "amazon_inventory_ledger"
    label_en = "Amazon Inventory Ledger (detailed view)"
    label_zh = "亚马逊库存分类账（详细视图）"
    group = "amazon"
    columns = COLUMNS
    signature = ("movement_date", "fnsku", "event_type", "reference_id", "quantity", "fulfillment_center")

    def inspect(self, ctx: FileContext) -> None:
        header = {norm_header(h) for h in ctx.header}
        ctx.variant = "Seller Central CSV" if "event type" in header else "API TSV"
        # dates are month-first; a first number above 12 can only be a day (a re-saved day-first file)
        firsts = [int(m.group(1)) for v in ctx.column_values("Date") if (m := MDY.match(v))]
        ctx.date_order = "dmy" if any(n > 12 for n in firsts) else "mdy"
        countries = {v.strip().upper() for v in ctx.column_values("Country") if v.strip()}
        if len(countries) == 1:
            ctx.constants["marketplace"] = ALIASES.get(next(iter(countries)).lower())

    def derived(self, ctx: FileContext) -> dict[str, str]:
        given = ctx.options.get("marketplace")
        default = marketplace_sql(sql_str(given), None) if given else "NULL"
        return {"marketplace": f"coalesce({marketplace_sql('t.country', None)}, {default})"}


FORMATS = [AmazonInventoryLedger()]
