"""Amazon settlement report, Flat File V2 (one file per settlement period, US/CA/UK/EU/JP).

Layout (FORMATS.md §2): TAB-separated, unquoted, one header line. The first data row is the settlement's summary
(dates, total-amount, currency, nothing else); every following row is one amount component
(`amount-type` / `amount-description` / `amount`). EU files write amounts with a decimal comma (`95,00`), and the
short `posted-date` follows the account's locale, so dates come from `posted-date-time` (`… UTC`).
"""

from __future__ import annotations

from collections import Counter

from warehouse.core.marketplaces import ALIASES, MARKETPLACES, marketplace_sql
from warehouse.core.textio import sniff_decimal
from warehouse.formats.base import Col, FileContext, Format

C = Col
COLUMNS = (
    C("settlement_id", "text", ("settlement-id",), True),
    C("settlement_start", "ts", ("settlement-start-date",)),
    C("settlement_end", "ts", ("settlement-end-date",)),
    C("deposit_date", "ts", ("deposit-date",)),
    C("total_amount", "num", ("total-amount",)),
    C("currency", "text", ("currency",)),
    C("transaction_type", "text", ("transaction-type",)),
    C("order_id", "text", ("order-id",)),
    C("merchant_order_id", "text", ("merchant-order-id",)),
    C("adjustment_id", "text", ("adjustment-id",)),
    C("shipment_id", "text", ("shipment-id",)),
    C("marketplace_name", "text", ("marketplace-name",)),
    C("amount_type", "text", ("amount-type",), True),
    C("amount_description", "text", ("amount-description",), True),
    C("amount", "num", ("amount",), True),
    C("fulfillment_id", "text", ("fulfillment-id",)),
    # the short date is MM/DD/YY or DD/MM/YY depending on the account: kept as printed, never parsed
    C("posted_date_text", "text", ("posted-date",)),
    C("posted_at", "ts", ("posted-date-time",)),
    C("order_item_code", "text", ("order-item-code",)),
    C("merchant_order_item_id", "text", ("merchant-order-item-id",)),
    C("merchant_adjustment_item_id", "text", ("merchant-adjustment-item-id",)),
    C("sku", "text", ("sku",)),
    C("quantity_purchased", "int", ("quantity-purchased",)),
    C("promotion_id", "text", ("promotion-id",)),
    # derived per file / per row
    C("marketplace", "text"),
)

# settlement currency -> marketplace assumed when no row names one
CURRENCY_MARKETPLACE = {
    "USD": "amazon.com", "CAD": "amazon.ca", "MXN": "amazon.com.mx", "GBP": "amazon.co.uk", "EUR": "amazon.de",
    "JPY": "amazon.co.jp", "INR": "amazon.in",
}  # fmt: skip
DAY_FIRST_COUNTRIES = {"GB", "DE", "FR", "IT", "ES", "IN", "MX"}


def _file_marketplace(ctx: FileContext, currency: str) -> str:
    """Returns the marketplace most rows name, else the user's choice, else the one of the settlement currency."""
    named = Counter(
        ALIASES[v.strip().lower()] for v in ctx.column_values("marketplace-name") if v.strip().lower() in ALIASES
    )
    if named:
        return named.most_common(1)[0][0]
    if ctx.options.get("marketplace") in MARKETPLACES:
        return ctx.options["marketplace"]
    default = CURRENCY_MARKETPLACE.get(currency, "amazon.com")
    ctx.warnings.append(
        f"no row names its marketplace; assumed {default} from the currency {currency or 'none'} "
        "(choose another with the Marketplace field on the Data page, or --marketplace)"
    )
    return default


class AmazonSettlement(Format):
    id = "amazon_settlement"
    label_en = "Amazon settlement report (Flat File V2)"
    label_zh = "亚马逊结算报告（Flat File V2）"
    group = "amazon"
    columns = COLUMNS
    signature = ("settlement_id", "amount_type", "amount_description", "amount")

    def inspect(self, ctx: FileContext) -> None:
        ctx.decimal = sniff_decimal(ctx.column_values("amount") + ctx.column_values("total-amount"))
        currency = next((v.strip() for v in ctx.column_values("currency") if v.strip()), "")
        mp = _file_marketplace(ctx, currency)
        market = MARKETPLACES[mp]
        ctx.tz = market.tz
        ctx.date_order = "dmy" if market.country in DAY_FIRST_COUNTRIES else "mdy"
        ctx.variant = market.country + (" decimal comma" if ctx.decimal == "," else "")
        ctx.constants["default_marketplace"] = mp
        ctx.constants["file_currency"] = currency or market.currency
        ctx.constants["marketplace"] = mp

    def derived(self, ctx: FileContext) -> dict[str, str]:
        cur = ctx.constants["file_currency"].replace("'", "")
        return {
            "marketplace": marketplace_sql("t.marketplace_name", ctx.constants["default_marketplace"]),
            # only the summary row prints the currency; every amount of the file is in it
            "currency": f"coalesce(t.currency, '{cur}')",
        }


FORMATS = [AmazonSettlement()]
