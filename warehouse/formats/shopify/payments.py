"""Shopify Payments exports: the payment transactions export (per charge / refund) and the payouts export.

Transactions (Finance -> Payouts -> Export transactions, `payment_transactions_export_1.csv`, FORMATS.md §13.3.1):
one row per balance transaction. `Amount` is positive for charges and negative for refunds, `Fee` is a positive
cost, `Net = Amount - Fee`, all in the payout currency (`Currency`); `Presentment Amount` is the buyer's own
currency and is not used (its sign is unreliable). `Order` is the order `Name` of the orders export (`#1001`).
EU stores append `VAT` (VAT charged on Shopify's fee). `Type`: charge, refund, adjustment, chargeback, dispute,
reserve, credit, debit, payout, payout_failure, payout_cancellation; other types are kept and reported.

Payouts (Finance -> Payouts -> Export, §13.3.2): one row per payout, no order or SKU. It is imported for the
payout bridge only (its `Fees` are negative there and already counted per charge in the transactions export), so
no money line comes from it.
"""

from __future__ import annotations

from warehouse.formats.base import Col, FileContext, Format

C = Col
TRANSACTION_COLUMNS = (
    C("transaction_date", "ts", ("Transaction Date",), True),
    C("type", "text", ("Type",), True),
    C("order_name", "text", ("Order",)),
    C("card_brand", "text", ("Card Brand",)),
    C("card_source", "text", ("Card Source",)),
    C("payout_status", "text", ("Payout Status",)),
    C("payout_date", "date", ("Payout Date",)),
    C("payout_id", "text", ("Payout ID",)),
    C("available_on", "date", ("Available On",)),
    C("amount", "num", ("Amount",), True),
    C("fee", "num", ("Fee",), True),
    C("net", "num", ("Net",)),
    C("checkout", "text", ("Checkout",)),
    C("payment_method_name", "text", ("Payment Method Name",)),
    C("presentment_amount", "num", ("Presentment Amount",)),
    C("presentment_currency", "text", ("Presentment Currency",)),
    C("currency", "text", ("Currency",)),
    C("fee_vat", "num", ("VAT",)),
    C("marketplace", "text"),
)  # fmt: skip

PAYOUT_COLUMNS = (
    C("payout_date", "date", ("Payout Date",), True),
    C("status", "text", ("Status",), True),
    C("charges", "num", ("Charges",), True),
    C("refunds", "num", ("Refunds",)),
    C("adjustments", "num", ("Adjustments",)),
    C("marketplace_sales_tax", "num", ("Marketplace Sales Tax",)),
    C("advances", "num", ("Advances",)),
    C("reserved_funds", "num", ("Reserved Funds",)),
    C("fees", "num", ("Fees",), True),
    C("retried_amount", "num", ("Retried Amount",)),
    C("total", "num", ("Total",), True),
    C("currency", "text", ("Currency",)),
    C("bank_reference", "text", ("Bank Reference",)),
    C("marketplace", "text"),
)  # fmt: skip


class ShopifyPayments(Format):
    id = "shopify_payments"
    label_en = "Shopify Payments transactions export"
    label_zh = "Shopify Payments 交易明细导出"
    group = "shopify"
    columns = TRANSACTION_COLUMNS
    signature = ("transaction_date", "type", "order_name", "amount", "fee", "net")

    def inspect(self, ctx: FileContext) -> None:
        """Keeps times as printed (shop offset) and notes a file without `Currency` (then USD is assumed)."""
        ctx.constants["marketplace"] = "shopify"
        ctx.date_order = "mdy"
        ctx.tz = None
        if not ctx.column_values("Currency"):
            ctx.warnings.append("no Currency column: the amounts were taken as USD (the shop default)")
        known = {"charge", "refund", "adjustment", "chargeback", "dispute", "reserve", "credit", "debit", "payout",
                 "payout_failure", "payout_cancellation"}  # fmt: skip
        unknown = sorted({v.strip().lower() for v in ctx.column_values("Type") if v.strip()} - known)
        if unknown:
            ctx.warnings.append(
                f"unknown transaction type(s) {', '.join(unknown)}: kept as 'other' money, listed in data health"
            )


class ShopifyPayouts(Format):
    id = "shopify_payouts"
    label_en = "Shopify Payments payouts export"
    label_zh = "Shopify Payments 打款汇总导出"
    group = "shopify"
    columns = PAYOUT_COLUMNS
    signature = ("payout_date", "status", "charges", "fees", "total")

    def inspect(self, ctx: FileContext) -> None:
        """Payout rows are kept for reconciliation only: the fees come from the transactions export."""
        ctx.constants["marketplace"] = "shopify"
        ctx.date_order = "mdy"
        ctx.tz = None
        ctx.warnings.append(
            "payouts are kept for reconciliation only; import the payment transactions export "
            "(Finance > Payouts > Export transactions) for the fees of each order"
        )


FORMATS = [ShopifyPayments(), ShopifyPayouts()]
