"""TikTok Shop finance statement / income export (Finance -> Statements or Income -> Export; CSV or XLSX).

One row per order (SEA / Indonesia income: sheet `Order details`), or per SKU of an order (US statement), or per
adjustment. Layouts (FORMATS.md §13.1): the US statement (`Statement date (UTC)`, `Gross sales`, `Referral fee`,
`Shipping`, `Fees`, …) and the SEA income export (`Order created time(UTC)`, `Subtotal before discounts`,
`TikTok Shop commission fee`, `Seller shipping fee`, `Total Fees`, …). Headers drift in case, spaces, slashes and
trailing spaces (matched folded); `/` or a blank cell means 0; IDs are read as text (TAB and `="…"` guards
stripped); BR files print `BRL 35,91`. Signs as printed: revenue positive, fees and refunds negative.
`Total Fees` / `Fees` and `Shipping` / `Seller shipping fee` are kept as printed but are totals of their own parts:
the staging view never adds a total to its parts. Amounts are in `Currency` (else the marketplace's currency).
"""

from __future__ import annotations

import re

from warehouse.core.marketplaces import MARKETPLACES
from warehouse.formats.base import Col, FileContext, Format

C = Col
COLUMNS = (
    C("statement_date", "ts", ("Statement date (UTC)", "Statement date", "结算日期", "Data do extrato")),
    C("statement_id", "text", ("Statement ID",)),
    C("payment_id", "text", ("Payment ID",)),
    C("status", "text", ("Status",)),
    C("currency", "text", ("Currency", "Mata uang")),
    C("type", "text", ("Type", "Transaction type", "交易类型", "Jenis transaksi"), True),
    C("adjustment_id", "text", ("Order/adjustment ID", "Order\\adjustment ID", "Order adjustment ID",
                                 "订单ID/调整单ID", "ID Pesanan/Penyesuaian", "ID do pedido/ajuste"), True),
    C("related_order_id", "text", ("Related order ID",)),
    C("sku_id", "text", ("SKU ID",)),
    C("quantity", "int", ("Quantity",)),
    C("product_name", "text", ("Product name",)),
    C("sku_name", "text", ("SKU name",)),
    C("order_created", "ts", ("Order created date", "Order created time(UTC)", "Order created time (UTC)",
                              "Order created time", "Waktu pemesanan")),
    C("order_settled", "ts", ("Order settled time(UTC)", "Order settled time (UTC)", "Order settled time",
                              "Waktu pembayaran pesanan")),
    C("total_settlement", "num", ("Total settlement amount", "Jumlah penyelesaian pembayaran", "结算总金额",
                                  "Valor total de liquidação"), True),
    # revenue: US statement
    C("net_sales", "num", ("Net sales",)),
    C("gross_sales", "num", ("Gross sales",)),
    C("gross_sales_refund", "num", ("Gross sales refund",)),
    C("seller_discount", "num", ("Seller discount",)),
    C("seller_discount_refund", "num", ("Seller discount refund",)),
    # revenue: SEA income
    C("total_revenue", "num", ("Total Revenue", "Total Pendapatan", "总收入")),
    C("subtotal_before_discounts", "num", ("Subtotal before discounts",)),
    C("seller_discounts", "num", ("Seller discounts",)),
    C("refund_subtotal_before", "num", ("Refund subtotal before seller discounts",)),
    C("refund_of_seller_discounts", "num", ("Refund of seller discounts",)),
    # shipping: `Shipping` (US) and `Seller shipping fee` (SEA) are the net of their sub-columns
    C("shipping_net", "num", ("Shipping", "Seller shipping fee", "Shipping cost")),
    C("customer_shipping_fee", "num", ("Customer-paid shipping fee", "Customer shipping fee")),
    C("customer_shipping_fee_refund", "num", ("Customer-paid shipping fee refund", "Refunded customer shipping fee")),
    C("sfp_service_fee", "num", ("SFP service fee",)),
    # fees: `Fees` / `Total Fees` is the total of the fee columns (kept, never added to them)
    C("fees_total", "num", ("Fees", "Total Fees", "总费用")),
    C("transaction_fee", "num", ("Transaction fee", "Payment Fee", "交易手续费")),
    C("installment_fee", "num", ("Credit card installment - Handling fee",)),
    C("referral_fee", "num", ("Referral fee", "TikTok Shop commission fee", "Platform commission fee",
                              "TikTok Shop 佣金费", "Taxa de comissão TikTok Shop")),
    C("referral_fee_tax", "num", ("Sales tax on referral fees",)),
    C("refund_admin_fee", "num", ("Refund administration fee",)),
    C("dynamic_commission", "num", ("Dynamic commission",)),
    C("affiliate_commission", "num", ("Affiliate commission", "联盟佣金", "Comissão de afiliado")),
    C("affiliate_partner_commission", "num", ("Affiliate partner commission",)),
    C("affiliate_shop_ads_commission", "num", ("Affiliate Shop Ads commission",)),
    C("affiliate_partner_shop_ads", "num", ("Affiliate Partner shop ads commission",)),
    C("affiliate_commission_deposit", "num", ("Affiliate commission deposit",)),
    C("affiliate_commission_refund", "num", ("Affiliate commission refund",)),
    # taxes withheld inside the settlement (SEA); US sales tax is collected by TikTok and not in the settlement
    C("sst", "num", ("SST",)),
    C("income_tax_withheld", "num", ("Article 22 Income Tax withheld",)),
    C("sales_tax_payment", "num", ("Sales tax payment",)),
    C("sales_tax_refund", "num", ("Sales tax refund",)),
    C("adjustment_amount", "num", ("Adjustment amount", "Ajustment amount")),
    C("adjustment_reason", "text", ("Adjustment reason",)),
    C("customer_payment", "num", ("Customer payment",)),
    C("customer_refund", "num", ("Customer refund",)),
    # constant per file
    C("marketplace", "text"),
    C("default_currency", "text"),
)  # fmt: skip

# the `Type` values money__tiktok_statement.sql classifies (others are kept as 'other' and reported)
KNOWN_TYPE = re.compile(
    r"^(order|refund|订单|pesanan|pedido|reserve|withdrawal)$|gmv payment for|top up for ads|reimbursement|"
    r"compensation|fee|campaign package|deduction|commission adjustment|adjustment",
    re.IGNORECASE,
)
CURRENCY_MARKETPLACE = {m.currency: m.id for m in reversed(MARKETPLACES.values()) if m.channel == "tiktok"}


class TikTokStatement(Format):
    id = "tiktok_statement"
    label_en = "TikTok Shop finance statement / income export"
    label_zh = "TikTok Shop 财务结算单 / 收入明细导出"
    group = "tiktok"
    columns = COLUMNS
    signature = ("type", "adjustment_id", "total_settlement")

    def inspect(self, ctx: FileContext) -> None:
        """Sets the marketplace from the option or the `Currency` column, decimal comma for BRL, dates year-first."""
        currencies = {v.strip().upper() for v in ctx.column_values("Currency") if v.strip()}
        currencies |= {v.strip().upper() for v in ctx.column_values("Mata uang") if v.strip()}
        mp = ctx.options.get("marketplace")
        if mp not in MARKETPLACES or MARKETPLACES[mp].channel != "tiktok":
            mp = next((CURRENCY_MARKETPLACE[c] for c in sorted(currencies) if c in CURRENCY_MARKETPLACE), "tiktok.us")
        if len(currencies) > 1:
            ctx.warnings.append(
                f"the statement mixes currencies ({', '.join(sorted(currencies))}); each row keeps its own"
            )
        ctx.constants["marketplace"] = mp
        ctx.constants["default_currency"] = MARKETPLACES[mp].currency
        amounts = [v.strip() for v in ctx.column_values("Total settlement amount") if v.strip()]
        if any(re.search(r"\d,\d{1,2}$", v) for v in amounts):  # BR: `BRL 35,91`, `BRL 1.234,56`
            ctx.decimal = ","
        types = {v.strip() for name in ("Type", "Transaction type") for v in ctx.column_values(name) if v.strip()}
        unknown = sorted(t for t in types if not KNOWN_TYPE.search(t))
        if unknown:
            ctx.warnings.append(
                f"unknown statement type(s) {', '.join(unknown)}: kept apart as 'other' money, listed in data health"
            )
        ctx.date_order = "mdy"
        ctx.tz = None  # the file's zone is in its name; dates are kept as printed
        ctx.variant = ("XLSX " if ctx.is_xlsx else "CSV ") + ("US" if ctx.column_values("Gross sales") else "SEA")


FORMATS = [TikTokStatement()]
