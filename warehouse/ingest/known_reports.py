"""Reports sellers commonly download that Seller Cockpit recognises but does not import (FORMATS.md §13.7).

Each entry names the report (English and Chinese), says why it is not used and which download to upload instead,
so a refused file gets one sentence a seller can act on rather than the closest format's "download again" advice.
Keys are header cells compared after folding (case, dashes, full-width forms, spaces) and without a closing
currency tag (`Ad Fees($)` -> `ad fees`); every key must be on one header line and no `absent` cell may be.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.core.textio import HEAD_LINES, clean_cell, norm_header, split_line
from warehouse.formats.amazon.ads_common import strip_currency_tag


@dataclass(frozen=True)
class KnownReport:
    """A recognised report type that is not imported: `sentence()` is its refusal."""

    name_en: str
    name_zh: str
    keys: tuple[str, ...]
    why: str  # why it is not used (what it holds, where that fact comes from instead)
    instead: str  # which download to upload instead
    absent: tuple[str, ...] = ()

    def sentence(self, file_name: str) -> str:
        return (
            f"{file_name}: this is the {self.name_en}, which Seller Cockpit recognises but does not "
            f"import ({self.why}); {self.instead}."
        )


ADS_INSTEAD = (
    "for ad spend and sales upload the Sponsored Products / Brands / Display advertised product or campaign report "
    "(Ads console → Measurement & reporting → Sponsored ads reports)"
)
KNOWN_REPORTS = (
    KnownReport("Amazon Ads placement report", "亚马逊广告 广告位报告", ("placement", "campaign name", "spend"),
                "its rows split campaign spend by placement, which would count the same spend twice", ADS_INSTEAD),
    KnownReport("Amazon Ads performance over time report", "亚马逊广告 历史表现报告",
                ("start date", "end date", "clicks", "spend", "cost per click (cpc)"),
                "it holds account totals without campaigns or products", ADS_INSTEAD,
                absent=("campaign name", "advertised sku", "advertised asin")),
    KnownReport("Amazon Ads purchased product report", "亚马逊广告 已购买商品报告", ("purchased asin",),
                "it lists other products bought after an ad click, without spend", ADS_INSTEAD),
    KnownReport("Amazon Ads gross and invalid traffic report", "亚马逊广告 总流量和无效流量报告",
                ("gross impressions", "invalid impressions"), "it holds traffic quality, not spend or sales",
                ADS_INSTEAD),
    KnownReport("FBA removal order detail report", "FBA 移除订单详情报告", ("requested-quantity", "removal-fee"),
                "not yet: removal fees are counted from the Payments date range report or the settlement",
                "upload the Payments → Reports Repository → Date Range Report (Transaction) for its fees"),
    KnownReport("FBA removal shipment detail report", "FBA 移除货件详情报告",
                ("shipment-date", "tracking-number", "disposition"),
                "it tracks removed units, not money: removal fees come from the Payments reports",
                "upload the Payments → Reports Repository → Date Range Report (Transaction) for removal fees"),
    KnownReport("FBA reimbursements report", "FBA 赔偿报告", ("reimbursement-id", "amount-total"),
                "not yet: cash reimbursements are counted from the Payments reports as other income",
                "upload the Payments → Reports Repository → Date Range Report (Transaction) for them"),
    KnownReport("old settlement Flat File (before V2)", "旧版结算报告 Flat File",
                ("settlement-id", "price-type", "item-related-fee-type"),
                "its layout was replaced by Flat File V2",
                "download the same settlement again as \"Flat File V2\" (Payments → All Statements → Download "
                "Flat File V2) and upload that"),
    KnownReport("Amazon fulfilled shipments report", "亚马逊配送货件报告",
                ("amazon-order-item-id", "shipment-item-id", "tracking-number"),
                "it repeats the orders by shipment",
                "upload the All Orders report (Reports → Fulfillment → All Orders) for orders"),
    KnownReport("Business Report by parent item or by date", "业务报告（按父商品或按日期）",
                ("units ordered", "ordered product sales"),
                "sales and traffic are read per child ASIN",
                "download Business Reports → By ASIN → \"Detail Page Sales and Traffic By Child Item\"",
                absent=("(child) asin",)),
    KnownReport("Brand Analytics search terms report", "品牌分析 搜索词报告", ("search frequency rank",),
                "market search data, not your sales or spend", "no upload is needed for it"),
    KnownReport("Brand Analytics search query performance report", "品牌分析 搜索查询绩效报告",
                ("search query volume",), "market search data, not your sales or spend",
                "no upload is needed for it"),
    KnownReport("Amazon Associates (affiliate) earnings report", "亚马逊联盟（Associates）收入报告",
                ("tracking id", "items shipped"),
                "it holds commissions you earn as an affiliate, not your store's sales",
                "upload your Seller Central reports instead"),
)  # fmt: skip


def known_report(lines: list[str], delimiters: tuple[str, ...]) -> KnownReport | None:
    """Returns the recognised-but-unused report whose keys appear on one of the first lines, else None."""
    for line in lines[:HEAD_LINES]:
        for delim in delimiters:
            if delim not in line:
                continue
            cells = {norm_header(strip_currency_tag(clean_cell(c))) for c in split_line(line, delim)}
            for report in KNOWN_REPORTS:
                if all(k in cells for k in report.keys) and not any(a in cells for a in report.absent):
                    return report
    return None
