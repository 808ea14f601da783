"""Amazon Ads new console (2025-26) export: one row per advertised product (or ad group) over a date range.

Layout (FORMATS.md §4.2): `Date range` is one string (`Mar 01, 2026 - Mar 31, 2026`), IDs are wrapped as
`="301857730912244"`, money carries no symbol, and some exports put the currency code inside money headers
(`Total cost (USD)`, `Sales (USD)`): such headers are matched with the code removed. "promoted" is the
advertised-SKU attribution, "halo" the other-SKU one.
"""

from __future__ import annotations

from warehouse.core.marketplaces import MARKETPLACES, currency_case_sql, marketplace_sql
from warehouse.formats.amazon.ads_common import (
    currency_marketplace_sql,
    file_program,
    program_sql,
    strip_currency_tag,
    tag_currency,
    window_sql,
)
from warehouse.formats.base import Col, FileContext, Format, date_expr, sql_str
from warehouse.ingest.detect import ImportRejected

C = Col
COLUMNS = (
    C("budget_currency", "text", ("Budget currency", "Currency")),
    C("program_type", "text", ("Ad product", "Ad type", "Campaign type", "Program type")),
    C("date_range", "text", ("Date range",), True),
    C("date", "date", ("Date", "Day")),
    C("advertiser_account_id", "text", ("Advertiser account ID",)),
    C("advertiser_account_name", "text", ("Advertiser account name",)),
    C("portfolio_id", "text", ("Portfolio ID",)),
    C("portfolio", "text", ("Portfolio name",)),
    C("campaign_id", "text", ("Campaign ID",)),
    C("campaign", "text", ("Campaign name",), True),
    C("ad_group_id", "text", ("Ad group ID",)),
    C("ad_group", "text", ("Ad group name",)),
    C("asin", "text", ("Advertised product ID",)),
    C("product_name", "text", ("Advertised product name",)),
    C("parent_asin", "text", ("Advertised product parent ID",)),
    C("brand", "text", ("Advertised product brand",)),
    C("category", "text", ("Advertised product category",)),
    C("subcategory", "text", ("Advertised product subcategory",)),
    C("product_group", "text", ("Advertised product group",)),
    C("sku", "text", ("Advertised product SKU",)),
    C("marketplace_raw", "text", ("Advertised product marketplace", "Marketplace")),
    C("default_bid", "num", ("Default bid",)),
    C("impressions", "int", ("Impressions",), True),
    C("clicks", "int", ("Clicks",), True),
    C("ctr", "pct", ("CTR",)),
    C("total_cost", "num", ("Total cost",), True),
    C("purchases", "int", ("Purchases",)),
    C("sales", "num", ("Sales",)),
    C("units_sold", "int", ("Units sold",)),
    C("cost_per_purchase", "num", ("Cost per purchase",)),
    C("purchase_rate", "pct", ("Purchase rate",)),
    C("roas", "num", ("ROAS",)),
    C("purchases_promoted", "int", ("Purchases (promoted)",)),
    C("sales_promoted", "num", ("Sales (promoted)",)),
    C("units_sold_promoted", "int", ("Units sold (promoted)",)),
    C("cost_per_purchase_promoted", "num", ("Cost per purchase (promoted)",)),
    C("purchase_rate_promoted", "pct", ("Purchase rate (promoted)",)),
    C("roas_promoted", "num", ("ROAS (promoted)",)),
    C("purchases_halo", "int", ("Purchases (halo)",)),
    C("sales_halo", "num", ("Sales (halo)",)),
    C("units_sold_halo", "int", ("Units sold (halo)",)),
    C("purchases_ntb", "int", ("Purchases (new to brand)",)),
    C("sales_ntb", "num", ("Sales (new to brand)",)),
    C("units_sold_ntb", "int", ("Units sold (new to brand)",)),
    C("cost_per_purchase_ntb", "num", ("Cost per purchase (new to brand)",)),
    C("purchase_rate_ntb", "pct", ("Purchase rate (new to brand)",)),
    C("roas_ntb", "num", ("ROAS (new to brand)",)),
    C("detail_page_views", "int", ("Detail page views",)),
    C("cost_per_detail_page_view", "num", ("Cost per detail page view",)),
    C("detail_page_view_rate", "pct", ("Detail page view rate",)),
    # derived per row
    C("period_start", "date"),
    C("period_end", "date"),
    C("marketplace", "text"),
    C("currency", "text"),
    C("ad_program", "text"),
    C("attribution_days", "int"),
)  # fmt: skip
PCT_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "pct")

strip_header_currency = strip_currency_tag  # `Total cost (USD)` -> `Total cost`; also `(₹)`, `(£)`, `(€)`, `(￥)`
header_currency = tag_currency


class AmazonAdsNewConsole(Format):
    id = "amazon_ads_new_console"
    label_en = "Amazon Ads console export (2025+ console)"
    label_zh = "亚马逊广告 新版控制台导出"
    group = "ads"
    columns = COLUMNS
    signature = ("date_range", "campaign", "impressions", "clicks", "total_cost")

    def header_map(self, header: list[str]) -> dict[str, int]:
        """Returns canonical name -> index, matching `Sales (USD)` as `Sales`."""
        return super().header_map([strip_header_currency(h) for h in header])

    def inspect(self, ctx: FileContext) -> None:
        """Records the currency named in the headers and the fallback marketplace from the user."""
        hm = self.header_map(ctx.header)
        ctx.constants["header_currency"] = header_currency(ctx.header)
        opt_mp = ctx.options.get("marketplace")
        if opt_mp and (opt_mp not in MARKETPLACES or MARKETPLACES[opt_mp].channel != "amazon"):
            known = ", ".join(m.id for m in MARKETPLACES.values() if m.channel == "amazon")
            raise ImportRejected(
                f"{ctx.file_name}: marketplace '{opt_mp}' is not an Amazon marketplace; use one of {known}.",
                "not_amazon_marketplace",
                file=ctx.file_name,
                marketplace=opt_mp,
                known=known,
            )
        ctx.constants["default_marketplace"] = opt_mp
        # the window is a report setting here, not part of the names (§13.5.5): SP 7 days, SB/SD 14 days
        ctx.constants["file_program"] = file_program(ctx.file_name, ctx.sheet, ctx.header)
        level = "product" if "asin" in hm else "ad group" if "ad_group" in hm else "campaign"
        ctx.variant = f"{ctx.constants['file_program'].upper()} {level}" + (" XLSX" if ctx.is_xlsx else " CSV")
        if "marketplace_raw" not in hm and not ctx.options.get("marketplace"):
            ctx.warnings.append(
                "the export names no marketplace; rows were assigned by currency (USD: amazon.com, EUR: amazon.de); "
                "choose it with the Marketplace field on the Data page, or --marketplace"
            )

    def derived(self, ctx: FileContext) -> dict[str, str]:
        part = "nullif(trim(split_part(t.date_range, ' - ', {n})), '')"
        default_mp = ctx.constants.get("default_marketplace")
        head_cur = ctx.constants.get("header_currency")
        head_sql = sql_str(head_cur) if head_cur else "NULL"
        by_currency = currency_marketplace_sql(f"coalesce(t.budget_currency, {head_sql})", "amazon.de")
        fallback = sql_str(default_mp) if default_mp else by_currency
        mp = marketplace_sql("t.marketplace_raw", None)
        mp = f"coalesce({mp}, {fallback})"
        out = {
            "period_start": f"coalesce(t.date, {date_expr(part.format(n=1), 'mdy', None)})",
            "period_end": f"coalesce(t.date, {date_expr(part.format(n=2), 'mdy', None)}, "
            f"{date_expr(part.format(n=1), 'mdy', None)})",
            "marketplace": mp,
            "currency": f"coalesce(upper(t.budget_currency), {head_sql}, {currency_case_sql(mp)})",
            "ad_program": program_sql("t.program_type", ctx.constants["file_program"]),
            "attribution_days": window_sql(program_sql("t.program_type", ctx.constants["file_program"]), None),
        }
        hm = self.header_map(ctx.header)
        for name in PCT_COLUMNS:
            if name in hm:
                # `7.07%` is a percentage; a bare number (XLSX cell or CSV without the sign) is already a fraction
                out[name] = f"case when strpos(t.{name}__raw, '%') > 0 then t.{name} else t.{name} * 100 end"
        return out


FORMATS = [AmazonAdsNewConsole()]
