"""TikTok Ads Manager custom reports and GMV Max (Shop Ads) campaign exports (FORMATS.md §13.4.1).

Ads Manager: `By Day, Campaign name, …, Currency, Cost, Impressions, Clicks (destination), …` with optional purchase
columns (`Complete payment` = purchases, `Total complete payment` = their value, attributed by the account's
attribution setting, which the export does not print). GMV Max: `Campaign name, Campaign ID, Cost, Net Cost,
Orders (SKU), Cost per order, Gross revenue, ROI`; its gross revenue and orders count paid **and organic** orders of
the promoted products, so they are kept in the raw table and never counted as ad sales.
"""

from __future__ import annotations

from warehouse.formats.ads.external import ConsoleFormat
from warehouse.formats.base import Col, FileContext

C = Col
DAY = C("day", "date", ("By Day", "By day", "Date", "Day", "Stat time day", "日期", "按天"))
CAMPAIGN = C("campaign", "text", ("Campaign name", "广告系列名称", "推广系列名称"), True)
CAMPAIGN_ID = C("campaign_id", "text", ("Campaign ID", "广告系列ID"))
CURRENCY = C("currency_raw", "text", ("Currency", "货币"))
COST = C("cost", "num", ("Cost", "Total cost", "花费", "消耗"), True)
DERIVED = (C("period_start", "date"), C("period_end", "date"), C("currency", "text"))

ADS_COLUMNS = (
    DAY, CAMPAIGN, CAMPAIGN_ID,
    C("ad_group", "text", ("Ad group name", "广告组名称")),
    C("ad_name", "text", ("Ad name", "广告名称")),
    C("primary_status", "text", ("Primary status",)),
    CURRENCY, COST,
    C("impressions", "int", ("Impressions", "展示次数"), True),
    C("clicks", "int", ("Clicks (destination)", "Clicks (all)", "Clicks", "点击次数")),
    C("conversions", "num", ("Conversions", "转化数")),
    C("purchases", "num", ("Complete payment", "Purchases", "Shop purchases", "完成支付")),
    C("purchase_value", "num", ("Total complete payment", "Complete payment value", "Total purchase value",
                                "Purchase value", "Gross revenue (Shop)", "完成支付总价值")),
    C("roas", "num", ("Complete payment ROAS", "Total complete payment ROAS", "Purchase ROAS", "支付ROAS")),
    *DERIVED,
)  # fmt: skip

GMV_COLUMNS = (
    DAY, CAMPAIGN, CAMPAIGN_ID, CURRENCY, COST,
    C("net_cost", "num", ("Net Cost", "Net cost", "净花费")),
    C("orders", "num", ("Orders (SKU)", "SKU orders", "Orders", "订单数 (SKU)", "SKU订单数")),
    C("cost_per_order", "num", ("Cost per order", "单均花费")),
    C("gross_revenue", "num", ("Gross revenue", "总收入", "总营收"), True),
    C("roi", "num", ("ROI",)),
    C("live_views", "int", ("Live views", "直播观看次数")),
    *DERIVED,
)  # fmt: skip

# GMV Max money may carry the shop currency as a prefix (`RM 156.43`) instead of a Currency column
PREFIX_CURRENCY = "case when trim(t.cost__raw) like 'RM%' then 'MYR' when trim(t.cost__raw) like 'Rp%' then 'IDR' end"


class TikTokAds(ConsoleFormat):
    id = "tiktok_ads"
    label_en = "TikTok Ads Manager report"
    label_zh = "TikTok 广告管理平台报表"
    ad_program = "tiktok_ads"
    columns = ADS_COLUMNS
    signature = ("campaign", "cost", "impressions")

    def match_score(self, header: list[str]) -> float:
        """Returns 0 for GMV Max exports (they carry `Gross revenue`), else the share of signature columns."""
        if "gross_revenue" in TikTokGmvMax().header_map(header):
            return 0.0
        return super().match_score(header)

    def derived(self, ctx: FileContext) -> dict[str, str]:
        return {**self.period_sql(ctx, "NULL", "NULL"), "currency": self.currency_sql(ctx)}


class TikTokGmvMax(ConsoleFormat):
    id = "tiktok_gmv_max"
    label_en = "TikTok GMV Max (Shop Ads) campaign report"
    label_zh = "TikTok GMV Max（商品广告）推广报表"
    ad_program = "gmv_max"
    columns = GMV_COLUMNS
    signature = ("campaign", "cost", "gross_revenue")

    def inspect(self, ctx: FileContext) -> None:
        """As every console, and a `RM`/`Rp` money prefix names the currency when no column does."""
        costs = ctx.column_values(ctx.header[self.header_map(ctx.header)["cost"]])
        ctx.constants["prefix_currency"] = any(v.strip().startswith(("RM", "Rp")) for v in costs)
        super().inspect(ctx)

    def derived(self, ctx: FileContext) -> dict[str, str]:
        cur = self.currency_sql(ctx)
        if ctx.constants.get("prefix_currency"):
            cur = f"coalesce({PREFIX_CURRENCY}, {cur})"
        return {**self.period_sql(ctx, "NULL", "NULL"), "currency": cur}


FORMATS = [TikTokAds(), TikTokGmvMax()]
