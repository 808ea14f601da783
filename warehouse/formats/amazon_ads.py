"""Amazon Ads (classic console) Sponsored Products reports: advertised product, search term and campaign.

Layouts (FORMATS.md §4.1): time unit Daily (`Date`) or Summary (`Start Date`/`End Date`); the three reports share
the metric block and differ by their dimensions. CSV downloads carry formatted strings (`Mar 01, 2026`, `$1.11`,
`0.7689%`) and some header names end with a space; XLSX downloads carry typed cells (percentages as fractions).
Chinese-UI downloads use the aliases listed at the end of §4.1.
"""

from __future__ import annotations

import re

from warehouse.detect import ImportRejected
from warehouse.formats.base import Col, FileContext, Format, first_date_in, sql_str
from warehouse.marketplaces import ALIASES, CURRENCY_SYMBOLS, MARKETPLACES, currency_case_sql
from warehouse.textio import sniff_decimal

C = Col
DIMENSIONS = (
    C("date", "date", ("Date", "日期")),
    C("start_date", "date", ("Start Date", "开始日期")),
    C("end_date", "date", ("End Date", "结束日期")),
    C("portfolio", "text", ("Portfolio name", "广告组合名称")),
    C("program_type", "text", ("Program Type",)),
    C("currency", "text", ("Currency", "货币")),
    C("campaign", "text", ("Campaign Name", "广告活动名称"), True),
    C("ad_group", "text", ("Ad Group Name", "广告组名称")),
    C("retailer", "text", ("Retailer",)),
    C("country", "text", ("Country", "国家/地区")),
    C("status", "text", ("Status",)),
    C("budget_amount", "num", ("Budget Amount",)),
    C("targeting_type", "text", ("Targeting Type",)),
    C("bidding_strategy", "text", ("Bidding strategy",)),
    C("targeting", "text", ("Targeting", "投放")),
    C("match_type", "text", ("Match Type", "匹配类型")),
    C("search_term", "text", ("Customer Search Term", "客户搜索词")),
    C("sku", "text", ("Advertised SKU", "推广的SKU")),
    C("asin", "text", ("Advertised ASIN", "推广的ASIN")),
)  # fmt: skip
METRICS = (
    C("impressions", "int", ("Impressions", "展示量"), True),
    C("last_year_impressions", "int", ("Last Year Impressions",)),
    C("clicks", "int", ("Clicks", "点击量"), True),
    C("last_year_clicks", "int", ("Last Year Clicks",)),
    C("ctr", "pct", ("Click-Thru Rate (CTR)", "点击率 (CTR)")),
    C("cpc", "num", ("Cost Per Click (CPC)", "单次点击成本 (CPC)")),
    C("last_year_cpc", "num", ("Last Year Cost Per Click (CPC)",)),
    C("spend", "num", ("Spend", "花费"), True),
    C("last_year_spend", "num", ("Last Year Spend",)),
    C("sales_7d", "num", ("7 Day Total Sales", "7天总销售额")),
    C("acos", "pct", ("Total Advertising Cost of Sales (ACOS)", "广告投入产出比 (ACOS) 总计")),
    C("roas", "num", ("Total Return on Advertising Spend (ROAS)", "总广告投资回报率 (ROAS)")),
    C("orders_7d", "int", ("7 Day Total Orders (#)", "7天总订单数(#)")),
    C("units_7d", "int", ("7 Day Total Units (#)", "7天总销售量(#)")),
    C("conversion_rate_7d", "pct", ("7 Day Conversion Rate", "7天的转化率")),
    C("advertised_sku_units_7d", "int", ("7 Day Advertised SKU Units (#)",)),
    C("other_sku_units_7d", "int", ("7 Day Other SKU Units (#)",)),
    C("advertised_sku_sales_7d", "num", ("7 Day Advertised SKU Sales",)),
    C("other_sku_sales_7d", "num", ("7 Day Other SKU Sales",)),
    # derived per row
    C("marketplace", "text"),
)  # fmt: skip
COLUMNS = DIMENSIONS + METRICS
PCT_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "pct")
MONEY_COLUMNS = ("spend", "cpc", "sales_7d", "advertised_sku_sales_7d")

# `Country` spellings beyond the ISO codes of marketplaces.ALIASES
COUNTRY_NAMES = {
    "united states": "amazon.com", "usa": "amazon.com", "美国": "amazon.com", "canada": "amazon.ca",
    "mexico": "amazon.com.mx", "united kingdom": "amazon.co.uk", "英国": "amazon.co.uk", "germany": "amazon.de",
    "德国": "amazon.de", "france": "amazon.fr", "italy": "amazon.it", "spain": "amazon.es", "japan": "amazon.co.jp",
    "日本": "amazon.co.jp", "india": "amazon.in",
}  # fmt: skip
# report currency -> marketplace when the report names no country; EUR is ambiguous (see inspect)
CURRENCY_MARKETPLACE = {
    "USD": "amazon.com", "EUR": "amazon.de", "JPY": "amazon.co.jp", "GBP": "amazon.co.uk", "CAD": "amazon.ca",
    "MXN": "amazon.com.mx", "INR": "amazon.in",
}  # fmt: skip


DAY_FIRST = ("amazon.co.uk", "amazon.de", "amazon.fr", "amazon.it", "amazon.es", "amazon.in")
DAY_FIRST_CURRENCIES = {"EUR", "GBP", "INR"}


def country_sql(expr: str) -> str:
    """Returns SQL mapping a `Country` cell (code or name) to a marketplace id, NULL when unknown."""
    names = {**{k: v for k, v in ALIASES.items() if "." not in k}, **COUNTRY_NAMES}
    cases = " ".join(f"when {sql_str(k)} then {sql_str(v)}" for k, v in names.items())
    return f"(case lower(trim({expr})) {cases} else NULL end)"


def currency_marketplace_sql(expr: str, eur_marketplace: str) -> str:
    """Returns SQL mapping a currency code to the marketplace that bills in it."""
    mapping = {**CURRENCY_MARKETPLACE, "EUR": eur_marketplace}
    cases = " ".join(f"when '{k}' then '{v}'" for k, v in mapping.items())
    return f"(case upper(trim({expr})) {cases} else NULL end)"


def symbol_currency(values: list[str]) -> str | None:
    """Returns the currency whose symbol prefixes the sample's money cells (`$1.11`, `€ 3,20`), if any."""
    for v in values:
        m = re.search(r"(US\$|CA\$|\$|£|€|￥|¥|₹)", v or "")
        if m:
            return CURRENCY_SYMBOLS[m.group(1)]
    return None


class AmazonAdsReport(Format):
    """Shared behaviour of the three classic Sponsored Products reports (one raw table each)."""

    group = "ads"
    columns = COLUMNS
    never_empty = ("date", "start_date", "end_date")  # a row without its day belongs to no period

    def inspect(self, ctx: FileContext) -> None:
        """Sets the file's fallback marketplace and, for reports without dates, its period."""
        hm = self.header_map(ctx.header)
        opt_mp = ctx.options.get("marketplace")
        if opt_mp and (opt_mp not in MARKETPLACES or MARKETPLACES[opt_mp].channel != "amazon"):
            known = ", ".join(m.id for m in MARKETPLACES.values() if m.channel == "amazon")
            raise ImportRejected(
                f"{ctx.file_name}: marketplace '{opt_mp}' is not an Amazon marketplace; use one of {known}."
            )
        money = [v for name in MONEY_COLUMNS if name in hm for v in ctx.column_values(ctx.header[hm[name]])]
        symbol = symbol_currency(money)
        default_mp = opt_mp or (CURRENCY_MARKETPLACE.get(symbol) if symbol else None)
        currencies = (
            {v.strip().upper() for v in ctx.column_values(ctx.header[hm["currency"]])} if "currency" in hm else set()
        )
        if "country" not in hm and not currencies and not default_mp:
            raise ImportRejected(
                f"{ctx.file_name}: this {self.label_en} names neither its country nor its currency; give the "
                "marketplace with --marketplace (e.g. amazon.de) or the Marketplace field on the Data page."
            )
        eur_mp = opt_mp if opt_mp and MARKETPLACES[opt_mp].currency == "EUR" else "amazon.de"
        if "country" not in hm and "EUR" in currencies and not opt_mp:
            ctx.warnings.append(
                "EUR amounts without a Country column were assigned to amazon.de; re-import with --marketplace "
                "if they belong to another euro marketplace"
            )
        if symbol and "currency" not in hm and "country" not in hm:
            ctx.warnings.append(f"currency taken from the amount symbols: {symbol}")
        ctx.constants["default_marketplace"] = default_mp
        ctx.constants["eur_marketplace"] = eur_mp
        if not ctx.is_xlsx:
            ctx.decimal = sniff_decimal(money)  # `3,20 €` in files from a European-language console
        if (currencies and currencies <= DAY_FIRST_CURRENCIES) or (not currencies and default_mp in DAY_FIRST):
            ctx.date_order = "dmy"  # `01/03/2026` is 1 March in UK, EU and India files
        ctx.variant = ("Daily" if "date" in hm else "Summary") + (" XLSX" if ctx.is_xlsx else " CSV")
        if "date" not in hm and "start_date" not in hm:
            self._period_from_outside(ctx)

    def _period_from_outside(self, ctx: FileContext) -> None:
        """Fills start/end dates from the user's period or the file name; refuses the file otherwise."""
        start, end = ctx.period
        if not start:
            found = first_date_in(ctx.file_name)
            if not found:
                raise ImportRejected(
                    f"{ctx.file_name}: this {self.label_en} has no date column; give its dates with "
                    "--period YYYY-MM-DD:YYYY-MM-DD (or the Period field on the Data page)."
                )
            start, end = min(found[:2]), max(found[:2])
            ctx.warnings.append(f"period taken from the file name: {start} to {end}")
        for key, value in (("start_date", start), ("end_date", end), ("period_start", start), ("period_end", end)):
            ctx.constants[key] = value.isoformat() if key.endswith("_date") else value

    def derived(self, ctx: FileContext) -> dict[str, str]:
        default_mp = ctx.constants.get("default_marketplace")
        fallback = sql_str(default_mp) if default_mp else "NULL"
        mp = (
            f"coalesce({country_sql('t.country')}, "
            f"{currency_marketplace_sql('t.currency', ctx.constants['eur_marketplace'])}, {fallback})"
        )
        out = {
            "marketplace": mp,
            "currency": f"coalesce(upper(trim(t.currency)), {currency_case_sql(mp)})",
        }
        if ctx.is_xlsx:
            # typed XLSX percentage cells hold fractions (0.0077), which the pct parser would divide again
            hm = self.header_map(ctx.header)
            for name in PCT_COLUMNS:
                if name in hm:
                    out[name] = f"case when strpos(t.{name}__raw, '%') > 0 then t.{name} else t.{name} * 100 end"
        return out


class AmazonAdsProducts(AmazonAdsReport):
    id = "amazon_ads_products"
    label_en = "Amazon Sponsored Products advertised product report"
    label_zh = "亚马逊广告 推广的商品报告"
    signature = ("campaign", "sku", "impressions", "clicks", "spend")


class AmazonAdsSearchTerms(AmazonAdsReport):
    id = "amazon_ads_search_terms"
    label_en = "Amazon Sponsored Products search term report"
    label_zh = "亚马逊广告 搜索词报告"
    signature = ("campaign", "search_term", "impressions", "clicks", "spend")


class AmazonAdsCampaigns(AmazonAdsReport):
    id = "amazon_ads_campaigns"
    label_en = "Amazon Sponsored Products campaign report"
    label_zh = "亚马逊广告 广告活动报告"
    signature = ("campaign", "impressions", "clicks", "spend", "sales_7d")

    def match_score(self, header: list[str]) -> float:
        """Returns 0 for product and search-term reports (they hold the campaign columns too)."""
        hm = self.header_map(header)
        if {"sku", "asin", "search_term"} & hm.keys():
            return 0.0
        return super().match_score(header)


FORMATS = [AmazonAdsProducts(), AmazonAdsSearchTerms(), AmazonAdsCampaigns()]
