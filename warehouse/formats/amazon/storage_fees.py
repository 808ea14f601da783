"""Amazon monthly inventory storage fees (`GET_FBA_STORAGE_FEE_CHARGES_DATA`), US and JP layouts.

Layout (FORMATS.md §5.4): one row per ASIN × fulfilment centre × month with the estimated monthly fee. The US
file names columns with underscores (`month_of_charge`), the JP help page with hyphens (`month-of-charge`); the
values are the same. `month_of_charge` is a month, printed `2026-03`, `2026/03`, `Mar-2026`, `March 2026` or
(after Excel) `Mar-26`; it is kept as printed and also as the first day of that month (`charge_month`).
"""

from __future__ import annotations

from datetime import date, datetime

from warehouse.core.marketplaces import marketplace_sql
from warehouse.core.textio import norm_header, sniff_decimal
from warehouse.formats.base import Col, FileContext, Format, sql_str
from warehouse.ingest.detect import ImportRejected


def both(name: str) -> tuple[str, str]:
    """Returns the underscore (US) and hyphen (JP) spellings of a column name."""
    return name, name.replace("_", "-")


C = Col
COLUMNS = (
    C("asin", "text", both("asin"), True),
    C("fnsku", "text", both("fnsku")),
    C("product_name", "text", both("product_name")),
    C("fulfillment_center", "text", both("fulfillment_center")),
    C("country_code", "text", both("country_code")),
    C("longest_side", "num", both("longest_side")),
    C("median_side", "num", both("median_side")),
    C("shortest_side", "num", both("shortest_side")),
    C("measurement_units", "text", both("measurement_units")),
    C("weight", "num", both("weight")),
    C("weight_units", "text", both("weight_units")),
    C("item_volume", "num", both("item_volume")),
    C("volume_units", "text", both("volume_units")),
    C("product_size_tier", "text", both("product_size_tier")),
    C("average_quantity_on_hand", "num", both("average_quantity_on_hand")),
    C("average_quantity_pending_removal", "num", both("average_quantity_pending_removal")),
    C("estimated_total_item_volume", "num", both("estimated_total_item_volume")),
    C("month_of_charge", "text", both("month_of_charge"), True),
    C("storage_rate", "num", both("storage_rate")),
    C("currency", "text", both("currency")),
    C("estimated_monthly_storage_fee", "num", both("estimated_monthly_storage_fee"), True),
    C("dangerous_goods_storage_type", "text", both("dangerous_goods_storage_type")),
    C("eligible_for_inventory_discount", "text", both("eligible_for_inventory_discount")),
    C("qualifies_for_inventory_discount", "text", both("qualifies_for_inventory_discount")),
    C("total_incentive_fee_amount", "num", both("total_incentive_fee_amount")),
    C("breakdown_incentive_fee_amount", "text", both("breakdown_incentive_fee_amount")),
    C("average_quantity_customer_orders", "num", both("average_quantity_customer_orders")),
    # derived per row
    C("charge_month", "date"),
    C("marketplace", "text"),
)

# month spellings, in the order tried (`%b-%y` before `%b-%Y`: DuckDB's %Y would read `Mar-26` as the year 26)
MONTH_PATTERNS = ("%Y-%m", "%Y/%m", "%Y-%m-%d", "%Y/%m/%d", "%b-%y", "%b-%Y", "%B-%Y", "%b %Y", "%B %Y", "%m/%Y")


def parse_month(text: str) -> date | None:
    """Returns the first day of the month printed in `text` (see MONTH_PATTERNS), or None."""
    for pattern in MONTH_PATTERNS:
        try:
            return datetime.strptime(text.strip(), pattern).date().replace(day=1)
        except ValueError:
            continue
    return None


def month_sql(expr: str) -> str:
    """Returns SQL giving the first day of the month printed in `expr` (same patterns as parse_month)."""
    patterns = "[" + ", ".join(sql_str(p) for p in MONTH_PATTERNS) + "]"
    return f"cast(date_trunc('month', try_strptime(trim({expr}), {patterns})) as DATE)"


class AmazonStorageFees(Format):
    id = "amazon_storage_fees"
    label_en = "Amazon monthly storage fees report"
    label_zh = "亚马逊月度仓储费报告"
    group = "amazon"
    columns = COLUMNS
    signature = ("asin", "month_of_charge", "average_quantity_on_hand", "estimated_monthly_storage_fee")

    def inspect(self, ctx: FileContext) -> None:
        header = {norm_header(h) for h in ctx.header}
        ctx.variant = "JP" if "month-of-charge" in header else "US"
        ctx.decimal = sniff_decimal(
            ctx.column_values("estimated_monthly_storage_fee") + ctx.column_values("estimated-monthly-storage-fee")
        )
        months = ctx.column_values("month_of_charge") or ctx.column_values("month-of-charge")
        for i, value in enumerate(months):
            if value.strip() and parse_month(value) is None:
                raise ImportRejected(
                    f"{ctx.file_name}: row {ctx.header_index + i + 2}, column 'month_of_charge': '{value}' is not a "
                    "month (expected e.g. 2026-03 or Mar-2026); correct that cell and upload the file again.",
                    "bad_cell",
                    file=ctx.file_name,
                    row=ctx.header_index + i + 2,
                    column="month_of_charge",
                    value=value,
                    expected="month",
                )

    def derived(self, ctx: FileContext) -> dict[str, str]:
        default = "amazon.co.jp" if ctx.variant == "JP" else None
        return {
            "charge_month": month_sql("t.month_of_charge"),
            "marketplace": marketplace_sql("t.country_code", default),
        }


FORMATS = [AmazonStorageFees()]
