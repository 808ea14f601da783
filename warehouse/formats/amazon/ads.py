"""Amazon Ads (classic console) reports of Sponsored Products, Brands (incl. video) and Display: advertised product,
search term, targeting / keyword and campaign (or ad group) level.

Layouts (FORMATS.md §4.1, §13.5): time unit Daily (`Date`) or Summary (`Start Date`/`End Date`); the reports share
the metric block and differ by their dimensions (one raw table per level; the staging `level` says which). CSV
downloads carry formatted strings (`Mar 01, 2026`, `$1.11`, `Rs.201.68`, `0.7689%`) and some header names end with a
space; XLSX downloads carry typed cells (percentages as fractions). Metric names carry a 7-, 14- or 30-day window and
maybe a currency tag (`14 Day Total Sales (₹)`); Chinese, German and Japanese console names are aliases (§4.1,
§13.5.6). The ad program and window rules are in amazon_ads_common. Placement and purchased-product reports share
these columns but are refused by name (warehouse/ingest/known_reports.py).
"""

from __future__ import annotations

import re

from warehouse.core.marketplaces import MARKETPLACES, currency_case_sql
from warehouse.core.textio import sniff_decimal
from warehouse.formats.amazon.ads_common import (
    CURRENCY_MARKETPLACE,
    DAY_FIRST,
    DAY_FIRST_CURRENCIES,
    country_sql,
    currency_marketplace_sql,
    file_program,
    program_sql,
    symbol_currency,
    tag_currency,
    window_of,
    window_sql,
    windowless,
)
from warehouse.formats.base import Col, FileContext, Format, first_date_in, sql_str
from warehouse.ingest.detect import ImportRejected

C = Col
# `N` stands for the attribution window (7, 14, 30 …) and money headers lose their currency tag before matching
# (amazon_ads_common.windowless); the window of the sales column is kept per file as attribution_days
DIMENSIONS = (
    C("date", "date", ("Date", "日期", "日付", "Datum")),
    C("start_date", "date", ("Start Date", "开始日期", "開始日", "Startdatum")),
    C("end_date", "date", ("End Date", "结束日期", "終了日", "Enddatum")),
    C("portfolio", "text", ("Portfolio name", "广告组合名称", "Portfolio-Name")),
    C("program_type", "text", ("Program Type", "Campaign Type", "Ad Type", "Ad product")),
    C("currency", "text", ("Currency", "货币", "Währung", "通貨")),
    C("campaign", "text", ("Campaign Name", "广告活动名称", "Kampagnen-Name", "Kampagnenname", "キャンペーン名"), True),
    C("ad_group", "text", ("Ad Group Name", "广告组名称", "Anzeigengruppen-Name", "広告グループ名")),
    C("retailer", "text", ("Retailer",)),
    C("country", "text", ("Country", "国家/地区")),
    C("status", "text", ("Status",)),
    C("budget_amount", "num", ("Budget Amount", "Budget")),
    C("targeting_type", "text", ("Targeting Type",)),
    C("bidding_strategy", "text", ("Bidding strategy",)),
    C("targeting", "text", ("Targeting", "Keyword", "投放", "Ausrichtung", "ターゲティング")),
    C("match_type", "text", ("Match Type", "匹配类型", "Übereinstimmungstyp", "マッチタイプ")),
    C("search_term", "text", ("Customer Search Term", "客户搜索词", "Suchbegriff des Kunden",
                              "カスタマーの検索キーワード")),
    C("sku", "text", ("Advertised SKU", "推广的SKU", "Beworbene SKU", "広告されたSKU")),
    C("asin", "text", ("Advertised ASIN", "推广的ASIN", "Beworbene ASIN", "広告されたASIN")),
    C("placement", "text", ("Placement", "Placement Type")),
    C("purchased_asin", "text", ("Purchased ASIN",)),
    C("cost_type", "text", ("Cost type",)),
    C("bid_optimization", "text", ("Bid Optimization",)),
)  # fmt: skip
METRICS = (
    C("impressions", "int", ("Impressions", "展示量", "Impressionen", "インプレッション"), True),
    C("viewable_impressions", "int", ("Viewable Impressions",)),
    C("last_year_impressions", "int", ("Last Year Impressions",)),
    C("clicks", "int", ("Clicks", "点击量", "Klicks", "クリック", "クリック数"), True),
    C("last_year_clicks", "int", ("Last Year Clicks",)),
    C("ctr", "pct", ("Click-Thru Rate (CTR)", "点击率 (CTR)", "Klickrate (CTR)", "クリックスルー率 (CTR)")),
    C("cpc", "num", ("Cost Per Click (CPC)", "单次点击成本 (CPC)", "Kosten pro Klick (CPC)", "平均クリック単価 (CPC)")),
    C("last_year_cpc", "num", ("Last Year Cost Per Click (CPC)",)),
    C("spend", "num", ("Spend", "花费", "Ausgaben", "費用"), True),
    C("last_year_spend", "num", ("Last Year Spend",)),
    C("sales", "num", ("N Day Total Sales", "N天总销售额", "N Tage, Umsatz gesamt", "広告がクリックされてからN日間の総売上高",
                       "N日間の総売上高", "Total Sales")),
    C("acos", "pct", ("Total Advertising Cost of Sales (ACOS)", "广告投入产出比 (ACOS) 总计", "Total ACOS",
                      "Zugeschriebene Umsatzkosten (ACOS) gesamt", "広告費売上高比率（ACOS）合計")),
    C("roas", "num", ("Total Return on Advertising Spend (ROAS)", "总广告投资回报率 (ROAS)", "Total ROAS",
                      "Gesamte Rentabilität der Anzeigenkosten (ROAS)", "広告費用対効果（ROAS）合計")),
    C("orders", "int", ("N Day Total Orders (#)", "N天总订单数(#)", "広告がクリックされてからN日間の合計注文数",
                        "N日間の総注文数", "Total Orders (#)")),
    C("units", "int", ("N Day Total Units (#)", "N天总销售量(#)", "広告がクリックされてからN日間の合計販売数",
                       "Total Units (#)")),
    C("conversion_rate", "pct", ("N Day Conversion Rate", "N天的转化率", "N-Tage-Konversionsrate")),
    C("advertised_units", "int", ("N Day Advertised SKU Units (#)", "N Day Advertised ASIN Units (#)")),
    C("other_units", "int", ("N Day Other SKU Units (#)", "N Day Brand Halo ASIN Units (#)")),
    C("advertised_sales", "num", ("N Day Advertised SKU Sales", "N Day Advertised ASIN Sales")),
    C("other_sales", "num", ("N Day Other SKU Sales", "N Day Brand Halo ASIN Sales")),
    C("ntb_orders", "int", ("N Day New-to-brand Orders (#)",)),
    C("ntb_sales", "num", ("N Day New-to-brand Sales",)),
    # filled by imports made before windows were read from the header (7-day names only); kept for old warehouses
    C("sales_7d", "num"),
    C("orders_7d", "int"),
    C("units_7d", "int"),
    C("conversion_rate_7d", "pct"),
    C("advertised_sku_units_7d", "int"),
    C("other_sku_units_7d", "int"),
    C("advertised_sku_sales_7d", "num"),
    C("other_sku_sales_7d", "num"),
    # derived per row
    C("marketplace", "text"),
    C("ad_program", "text"),
    C("attribution_days", "int"),
)  # fmt: skip
COLUMNS = DIMENSIONS + METRICS
PCT_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "pct")
MONEY_COLUMNS = ("spend", "cpc", "sales", "advertised_sales")


class AmazonAdsReport(Format):
    """Shared behaviour of the classic Sponsored Products / Brands / Display reports (one raw table per level)."""

    group = "ads"
    columns = COLUMNS

    def filled_columns(self, hm: dict[str, int] | None = None) -> tuple[str, ...]:
        """Returns the columns a row needs to belong to a period: its day in a daily report; else its start and end.

        A daily report's `Start Date`/`End Date` are the campaign's own settings (an open-ended campaign leaves
        `End Date` blank, e.g. amazon.in campaign reports), so only `Date` must be filled there."""
        return ("date",) if hm and "date" in hm else ("start_date", "end_date")

    level = ""  # staging level of the rows: product, campaign, targeting, search_term

    def header_map(self, header: list[str]) -> dict[str, int]:
        """Returns canonical name -> index, matching `14 Day Total Sales (₹)` as `N Day Total Sales`."""
        return super().header_map([windowless(h) for h in header])

    def _excluded(self, hm: dict[str, int]) -> bool:
        """Returns True when the header belongs to another level's report (it shares the campaign columns)."""
        return "placement" in hm or "purchased_asin" in hm

    def match_score(self, header: list[str]) -> float:
        hm = self.header_map(header)
        return 0.0 if self._excluded(hm) else super().match_score(header)

    def inspect(self, ctx: FileContext) -> None:
        """Sets the file's fallback marketplace, ad program, attribution window and, without dates, its period."""
        hm = self.header_map(ctx.header)
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
        money = [v for name in MONEY_COLUMNS if name in hm for v in ctx.column_values(ctx.header[hm[name]])]
        symbol = symbol_currency(money) or tag_currency(ctx.header)
        default_mp = opt_mp or (CURRENCY_MARKETPLACE.get(symbol) if symbol else None)
        currencies = (
            {v.strip().upper() for v in ctx.column_values(ctx.header[hm["currency"]]) if v.strip()}
            if "currency" in hm
            else set()
        )
        if "country" not in hm and not currencies and not default_mp:
            raise ImportRejected(
                f"{ctx.file_name}: this {self.label_en} names neither its country nor its currency; give the "
                "marketplace with --marketplace (e.g. amazon.de) or the Marketplace field on the Data page.",
                "no_marketplace",
                file=ctx.file_name,
                format=self.id,
            )
        eur_mp = opt_mp if opt_mp and MARKETPLACES[opt_mp].currency == "EUR" else "amazon.de"
        if "country" not in hm and "EUR" in currencies and not opt_mp:
            ctx.warnings.append(
                "EUR amounts without a Country column were assigned to amazon.de; if they belong to another euro "
                "marketplace, re-import choosing it in the Marketplace field on the Data page (or --marketplace)"
            )
        if symbol and "currency" not in hm and "country" not in hm:
            ctx.warnings.append(f"currency taken from the amount symbols or headers: {symbol}")
        ctx.constants["default_marketplace"] = default_mp
        ctx.constants["symbol_currency"] = symbol
        ctx.constants["eur_marketplace"] = eur_mp
        if not ctx.is_xlsx:
            # `3,20 €` in files from a European-language console; `Rs.201.68` is not a decimal comma
            ctx.decimal = sniff_decimal([re.sub(r"^\s*(Rs\.|R\$)", "", v or "") for v in money])
        if (currencies and currencies <= DAY_FIRST_CURRENCIES) or (not currencies and default_mp in DAY_FIRST):
            ctx.date_order = "dmy"  # `01/03/2026` is 1 March in UK, EU and India files
        program = file_program(ctx.file_name, ctx.sheet, ctx.header)
        window = window_of(ctx.header[hm["sales"]]) if "sales" in hm else None
        if window is None and "orders" in hm:
            window = window_of(ctx.header[hm["orders"]])
        ctx.constants["file_program"] = program
        ctx.constants["header_window"] = window
        ctx.variant = (
            f"{program.upper()} "
            + ("Daily" if "date" in hm else "Summary")
            + (" XLSX" if ctx.is_xlsx else " CSV")
            + (f", {window}-day" if window else "")
        )
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
                    "--period YYYY-MM-DD:YYYY-MM-DD (or the Period field on the Data page).",
                    "no_period",
                    file=ctx.file_name,
                    format=self.id,
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
        symbol = ctx.constants.get("symbol_currency")
        program = program_sql("t.program_type", ctx.constants["file_program"])
        out = {
            "marketplace": mp,
            "currency": f"coalesce(upper(nullif(trim(t.currency), '')), "
            f"{sql_str(symbol) if symbol else 'NULL'}, {currency_case_sql(mp)})",
            "ad_program": program,
            "attribution_days": window_sql(program, ctx.constants.get("header_window")),
        }
        if ctx.is_xlsx:
            # typed XLSX percentage cells hold fractions (0.0077), which the pct parser would divide again
            hm = self.header_map(ctx.header)
            for name in PCT_COLUMNS:
                if name in hm:
                    out[name] = f"case when strpos(t.{name}__raw, '%') > 0 then t.{name} else t.{name} * 100 end"
        return out


class AmazonAdsProducts(AmazonAdsReport):
    """Advertised product report (SP, SD): one row per advertised SKU/ASIN; some accounts export only the ASIN."""

    id = "amazon_ads_products"
    label_en = "Amazon Ads advertised product report (Sponsored Products / Display)"
    label_zh = "亚马逊广告 推广的商品报告（商品推广 / 展示型推广）"
    signature = ("campaign", "sku", "impressions", "clicks", "spend")
    level = "product"

    def match_score(self, header: list[str]) -> float:
        """Returns the signature share, where `Advertised ASIN` stands for a missing `Advertised SKU`."""
        hm = self.header_map(header)
        if self._excluded(hm):
            return 0.0
        need = ("campaign", "impressions", "clicks", "spend")
        return (sum(1 for n in need if n in hm) + (1 if {"sku", "asin"} & hm.keys() else 0)) / 5


class AmazonAdsSearchTerms(AmazonAdsReport):
    id = "amazon_ads_search_terms"
    label_en = "Amazon Ads search term report (Sponsored Products / Brands)"
    label_zh = "亚马逊广告 搜索词报告"
    signature = ("campaign", "search_term", "impressions", "clicks", "spend")
    level = "search_term"


class AmazonAdsTargeting(AmazonAdsReport):
    """Targeting / keyword report (SP targeting, SB keyword, SD targeting): detail rows below the campaign."""

    id = "amazon_ads_targeting"
    label_en = "Amazon Ads targeting / keyword report"
    label_zh = "亚马逊广告 投放 / 关键词报告"
    signature = ("campaign", "targeting", "impressions", "clicks", "spend")
    level = "targeting"

    def _excluded(self, hm: dict[str, int]) -> bool:
        return super()._excluded(hm) or bool({"sku", "asin", "search_term"} & hm.keys())


class AmazonAdsCampaigns(AmazonAdsReport):
    """Campaign report (SP, SB incl. video, SD); with `Ad Group Name` the ad-group report of the same shape."""

    id = "amazon_ads_campaigns"
    label_en = "Amazon Ads campaign report (Sponsored Products / Brands / Display)"
    label_zh = "亚马逊广告 广告活动报告（商品 / 品牌 / 展示型推广）"
    signature = ("campaign", "impressions", "clicks", "spend", "sales")
    level = "campaign"

    def _excluded(self, hm: dict[str, int]) -> bool:
        """Product, search-term and targeting reports hold the campaign columns too."""
        return super()._excluded(hm) or bool({"sku", "asin", "search_term", "targeting"} & hm.keys())


FORMATS = [AmazonAdsProducts(), AmazonAdsSearchTerms(), AmazonAdsTargeting(), AmazonAdsCampaigns()]
