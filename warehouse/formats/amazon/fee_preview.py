"""Amazon FBA fee preview (`GET_FBA_ESTIMATED_FBA_FEES_TXT_DATA`), US and EU layouts.

Layout (FORMATS.md §5.5): one TAB-separated row per SKU with the current per-unit fee estimates. The US file has
`amazon-store` and `expected-fulfillment-fee-per-unit`; the EU file spells it `expected-domestic-fulfilment-fee-
per-unit`, adds one EFN column per country (often `--`) and comes in ISO-8859-1/cp1252. The report prints no
date: the snapshot date comes from the user (--as-of, the upload form) or the file name.
"""

from __future__ import annotations

from warehouse.core.marketplaces import MARKETPLACES, marketplace_sql
from warehouse.core.textio import norm_header, sniff_decimal
from warehouse.formats.amazon.fba_inventory import marketplace_option
from warehouse.formats.base import Col, FileContext, Format, sql_str

C = Col
COLUMNS = (
    C("sku", "text", ("sku",), True),
    C("fnsku", "text", ("fnsku",)),
    C("asin", "text", ("asin",)),
    C("amazon_store", "text", ("amazon-store",)),
    C("product_name", "text", ("product-name",)),
    C("product_group", "text", ("product-group",)),
    C("brand", "text", ("brand",)),
    C("fulfilled_by", "text", ("fulfilled-by",)),
    C("has_local_inventory", "text", ("has-local-inventory",)),
    C("your_price", "num", ("your-price",)),
    C("sales_price", "num", ("sales-price",)),
    C("longest_side", "num", ("longest-side",)),
    C("median_side", "num", ("median-side",)),
    C("shortest_side", "num", ("shortest-side",)),
    C("length_and_girth", "num", ("length-and-girth",)),
    C("unit_of_dimension", "text", ("unit-of-dimension",)),
    C("item_package_weight", "num", ("item-package-weight",)),
    C("unit_of_weight", "text", ("unit-of-weight",)),
    C("product_size_tier", "text", ("product-size-tier", "product-size-weight-band")),
    C("currency", "text", ("currency",)),
    C("estimated_fee_total", "num", ("estimated-fee-total",), True),
    C("estimated_referral_fee_per_unit", "num", ("estimated-referral-fee-per-unit",)),
    C("estimated_variable_closing_fee", "num", ("estimated-variable-closing-fee",)),
    C("estimated_order_handling_fee_per_order", "num", ("estimated-order-handling-fee-per-order",)),
    C("estimated_pick_pack_fee_per_unit", "num", ("estimated-pick-pack-fee-per-unit",)),
    C("estimated_weight_handling_fee_per_unit", "num", ("estimated-weight-handling-fee-per-unit",)),
    C("expected_fulfillment_fee_per_unit", "num", ("expected-fulfillment-fee-per-unit",)),
    C("expected_domestic_fulfilment_fee_per_unit", "num", ("expected-domestic-fulfilment-fee-per-unit",)),
    C("expected_efn_fee_uk", "num", ("expected-efn-fulfilment-fee-per-unit-uk",)),
    C("expected_efn_fee_de", "num", ("expected-efn-fulfilment-fee-per-unit-de",)),
    C("expected_efn_fee_fr", "num", ("expected-efn-fulfilment-fee-per-unit-fr",)),
    C("expected_efn_fee_it", "num", ("expected-efn-fulfilment-fee-per-unit-it",)),
    C("expected_efn_fee_es", "num", ("expected-efn-fulfilment-fee-per-unit-es",)),
    C("expected_efn_fee_se", "num", ("expected-efn-fulfilment-fee-per-unit-se",)),
    C("estimated_future_fee", "num", ("estimated-future-fee (Current Selling on Amazon + Future Fulfillment fees)",)),
    C("expected_future_fulfillment_fee_per_unit", "num", ("expected-future-fulfillment-fee-per-unit",)),
    # one value for the whole file / derived per row
    C("snapshot_date", "date"),
    C("marketplace", "text"),
)

# currency -> the marketplace it implies when the file names none; EUR is shared, so it only gives a guess
# (reversed, so the first marketplace listed for a currency wins: USD -> amazon.com, EUR -> amazon.de)
CURRENCY_MARKETPLACE = {m.currency: m.id for m in reversed(MARKETPLACES.values()) if m.channel == "amazon"}


class AmazonFeePreview(Format):
    id = "amazon_fee_preview"
    label_en = "Amazon FBA fee preview report"
    label_zh = "亚马逊 FBA 费用预览报告"
    group = "amazon"
    columns = COLUMNS
    # fee columns appear only here (MYI and inventory planning share sku/fnsku/asin)
    signature = ("sku", "asin", "estimated_fee_total", "estimated_referral_fee_per_unit")
    needs = "as_of"

    def inspect(self, ctx: FileContext) -> None:
        header = {norm_header(h) for h in ctx.header}
        ctx.variant = "EU" if "expected-domestic-fulfilment-fee-per-unit" in header else "US"
        ctx.decimal = sniff_decimal(ctx.column_values("your-price") + ctx.column_values("estimated-fee-total"))
        stores = [v for v in ctx.column_values("amazon-store") if v.strip()]
        currencies = {v.strip().upper() for v in ctx.column_values("currency") if v.strip()}
        if ctx.options.get("marketplace") or (not stores and (not currencies or "EUR" in currencies)):
            # EUR is priced alike on five marketplaces: only the user can say which one this file is
            guess = CURRENCY_MARKETPLACE.get(next(iter(currencies), ""), "amazon.com")
            ctx.constants["default_marketplace"] = marketplace_option(ctx, self.label_en, guess)
            ctx.constants["marketplace"] = ctx.constants["default_marketplace"]
        else:
            ctx.constants["default_marketplace"] = None

    def derived(self, ctx: FileContext) -> dict[str, str]:
        fixed = ctx.constants.get("default_marketplace")
        if fixed:
            return {"marketplace": sql_str(fixed)}
        by_currency = " ".join(f"when '{c}' then '{m}'" for c, m in CURRENCY_MARKETPLACE.items())
        from_currency = f"(case upper(trim(t.currency)) {by_currency} else NULL end)"
        return {"marketplace": f"coalesce({marketplace_sql('t.amazon_store', None)}, {from_currency})"}


FORMATS = [AmazonFeePreview()]
