"""The zh/en text of every label the app shows: key -> (中文, English). Metric names live in metrics.registry."""

from __future__ import annotations

CATALOG: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("跨境经营驾驶舱", "Seller Cockpit"),
    "sec_dashboard": ("经营看板", "Dashboard"),
    "sec_accounts": ("经营账目", "Accounts"),
    "sec_plan": ("模拟与规划", "Plan"),
    "sec_meeting": ("经营会议", "Meeting"),
    "sec_data": ("数据与设置", "Data & settings"),
    "page_overview": ("经营总览", "Overview"),
    "page_profit": ("SKU利润", "Profit by SKU"),
    "page_ads": ("广告", "Advertising"),
    "page_inventory": ("库存", "Inventory"),
    "page_data": ("数据", "Data"),
    "page_glossary": ("数据字典", "Glossary"),
    "page_settings": ("设置", "Settings"),
    # sidebar filters
    "filters": ("筛选", "Filters"),
    "period": ("时间范围", "Period"),
    "last_7": ("近7天", "Last 7 days"),
    # ad-budget what-if: the recommended spend's unit and horizon
    "wa_per_week": ("{v}/周（{cur}）", "{v} per week ({cur})"),
    "wa_optimal_help": (
        "每天 {day}，所选 {n} 天合计 {total}（{cur}）；按该 SKU 自己的曲线计算。",
        "{day} a day, {total} over the selected {n} days ({cur}); from this SKU's own curve.",
    ),
    "last_30": ("近30天", "Last 30 days"),
    "last_90": ("近90天", "Last 90 days"),
    "mtd": ("本月至今", "Month to date"),
    "last_month": ("上月", "Last month"),
    "qtd": ("本季度至今", "Quarter to date"),
    "ytd": ("本年至今", "Year to date"),
    "custom": ("自定义", "Custom"),
    "date_range": ("日期区间", "Date range"),
    "compare": ("对比", "Compare with"),
    "none": ("不对比", "No comparison"),
    "previous": ("上一周期", "Previous period"),
    "yoy": ("去年同期", "Same period last year"),
    "channel": ("渠道", "Channel"),
    "marketplace": ("站点", "Marketplace"),
    "all": ("全部", "All"),
    # placeholders of a selectbox with nothing chosen / nothing to choose (Streamlit writes them in English)
    "ph_choose": ("请选择", "Choose an option"),
    "ph_none": ("没有可选项", "No options to select"),
    "sku_search": ("搜索主SKU", "Search master SKU"),
    "base_currency": ("本位币", "Base currency"),
    "language": ("语言", "Language"),
    "calendar": ("口径", "Calendar"),
    "operational": ("经营口径（按发生日）", "Operational (event date)"),
    "financial": ("财务口径（按结算日）", "Financial (posting date)"),
    "data_as_of": ("数据截至 {date}", "Data as of {date}"),
    "no_data_yet": ("还没有数据", "No data yet"),
    "showing": ("{start} 至 {end}", "{start} to {end}"),
    "vs_period": ("对比 {start} 至 {end}", "vs {start} to {end}"),
    "copy_link": ("复制浏览器地址即可分享当前视图", "Copy the browser address to share this exact view"),
    "amazon": ("亚马逊", "Amazon"),
    "tiktok": ("TikTok Shop", "TikTok Shop"),
    "shopify": ("Shopify", "Shopify"),
    # common
    "formula": ("公式", "Formula"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "vs_target": ("目标 {value}", "target {value}"),
    "sku": ("SKU", "SKU"),
    "name": ("名称", "Name"),
    "total": ("合计", "Total"),
    "error_page": ("这一页暂时无法显示：{msg}", "This page could not be shown: {msg}"),
    # empty states
    "empty_title": ("这里还没有数据", "Nothing to show yet"),
    "empty_go_data": ("前往「数据」页上传报表", "Go to the Data page to upload reports"),
    "empty_overview": (
        "上传亚马逊「付款 › 交易报告」(Transaction report)、TikTok Shop 订单或 Shopify 订单导出后，这里会显示销售额、利润和趋势。",
        "Upload an Amazon Payments › Transaction report, a TikTok Shop orders export or a Shopify orders export to see "
        "sales, profit and trends here.",
    ),
    "empty_profit": (
        "上传销售数据（交易报告或订单导出），再上传「SKU落地成本」或「入库批次」模板，即可算出每个SKU的真实利润。",
        "Upload sales (a transaction report or an orders export), then the Landed costs or Inbound batches template, "
        "to get each SKU's true profit.",
    ),
    "empty_ads": (
        "上传广告报表：Sponsored Products「推广的商品」(Advertised product) 或「广告活动」(Campaign) 报告。",
        "Upload an advertising report: Sponsored Products Advertised product or Campaign report.",
    ),
    "empty_inventory": (
        "上传「管理亚马逊库存」(Manage FBA Inventory)、「库存规划」(FBA Inventory planning) 或「库存分类账」(Inventory ledger) 报告，或自有仓库存盘点模板。",
        "Upload Manage FBA Inventory, FBA Inventory planning or the Inventory ledger, or the own-warehouse stock "
        "template.",
    ),
    "empty_period": (
        "所选时间与筛选条件下没有数据，请调整左侧筛选。",
        "No data for this period and filter; widen the filters on the left.",
    ),
    # overview
    "kpis": ("核心指标", "Key figures"),
    "trend": ("趋势", "Trend"),
    "by_channel": ("按渠道", "By channel"),
    "by_marketplace": ("按站点", "By marketplace"),
    "alerts": ("提醒", "Alerts"),
    "no_alerts": ("没有需要处理的数据问题。", "No data problems to deal with."),
    "cost_coverage_banner": (
        "成本覆盖率 {pct}：有 {n} 个SKU缺少落地成本，利润只覆盖这部分净销售额。请在「设置」页补充落地成本或入库批次。",
        "Cost coverage {pct}: {n} SKU(s) have no landed cost, so profit covers only that share of net sales. Add "
        "landed costs or inbound batches on the Settings page.",
    ),
    "alert_band_red": (
        ":red[●] {kpi} {day}：{value}，远离季节正常范围 {low}–{high}（参照 {window}）",
        ":red[●] {kpi} on {day}: {value}, far outside its seasonal range {low}–{high} (reference {window})",
    ),
    "tile_target": (
        ":material/flag: 目标 {target}（{period}）· 预计达成 {pct}",
        ":material/flag: Target {target} ({period}) · forecast {pct}",
    ),
    # budget vs actual and targets (pages/budget.py, ui/budget.py)
    "tile_goal": (
        ":material/track_changes: 目标 {target}（{period}）· 达成 {pct} · 预计 {fpct}",
        ":material/track_changes: Target {target} ({period}) · attainment {pct} · forecast {fpct}",
    ),
    "page_budget": ("预算与目标", "Budget & targets"),
    "budget_intro": (
        "预算对比实际（本位币）。成本项按利润表显示为负数；差异 = 实际 − 预算，正数为有利（收入更多或成本更少），负数为不利。"
        "进行中的月份按当前节奏预测全月（与 OKR 相同的方法）并据此判断。",
        "Budget vs actual in base currency. Cost lines are negative, as in the P&L; variance = actual − budget, so a "
        "positive variance is favourable (more income or less cost) and a negative one unfavourable. A month still "
        "running is judged on its run-rate forecast (the method the OKRs use).",
    ),
    "budget_month": ("预算月份", "Budget month"),
    "budget_empty": (
        "还没有预算。在「数据」页下载「预算（模板）」，按 月份 × 利润表项目（可选部门/渠道）填写金额后上传，或在「设置」页直接编辑。",
        "No budget yet. Download the Budget template on the Data page, fill in an amount per month × P&L line "
        "(optionally per department or channel) and upload it, or edit it on the Settings page.",
    ),
    "budget_chart": ("预算差异（进行中月份按预测）", "Variance vs budget (running month: forecast)"),
    "budget_summary": (
        "{month}：{n} 项预算中 {bad} 项不利，合计不利差异 {amount}。",
        "{month}: {bad} of {n} budget lines unfavourable, {amount} unfavourable in total.",
    ),
    "budget_running": (
        "{month} 仍在进行中：数据截至 {day}，预测 = 至今实际 × 当月天数 / 已有数据天数。",
        "{month} is still running: data through {day}; forecast = actual to date × days in month / days with data.",
    ),
    "budget_not_started": ("{month} 还没有数据。", "{month} has no data yet."),
    "budget_no_expenses": (
        "尚未导入费用：费用项与经营利润按 0 费用计算。",
        "No expenses imported: expense lines and operating profit count 0 expenses.",
    ),
    "budget_fx_missing": (
        "{n} 行预算缺少月初或之前的汇率，未能折算为本位币；请在「设置」页补充汇率。",
        "{n} budget row(s) have no FX rate on or before the month's first day and are not converted; add the rate on "
        "the Settings page.",
    ),
    "targets_title": (
        "目标（未绑定 OKR 时用于指标卡、结论和会议）",
        "Targets (used by tiles, headlines and the meeting when no key result is bound)",
    ),
    "targets_empty": (
        "还没有目标。在「数据」页下载「目标（模板）」：指标 × 期间（月/季度/日期区间）× 可选渠道/站点/店铺/SKU。",
        "No targets yet. Download the Targets template on the Data page: metric × period (month, quarter or date "
        "range) × optional channel, marketplace, store or SKU.",
    ),
    "targets_unknown": (
        "以下目标的指标不在数据字典中，未被使用：{ids}。请改用「数据字典」页中的指标代码。",
        "These targets name no metric of the data dictionary and are not used: {ids}. Use a metric id from the "
        "Glossary page.",
    ),
    "band_badge_green": ("季节正常", "in season band"),
    "band_badge_amber": ("季节偏离", "off season band"),
    "band_badge_red": ("季节异常", "far off season band"),
    "band_help": (
        "季节阈值：{day} 的值 {value}，季节正常范围 {low}–{high}（参照 {window}）→ {status}。",
        "Seasonal band: {value} on {day}; the normal range for the season is {low}–{high} (reference {window}) → "
        "{status}.",
    ),
    "alert_band_amber": (
        ":orange[●] {kpi} {day}：{value}，超出季节正常范围 {low}–{high}（参照 {window}）",
        ":orange[●] {kpi} on {day}: {value}, outside its seasonal range {low}–{high} (reference {window})",
    ),
    "alert_missing_cost": ("{sku} 缺少落地成本（{units} 件）", "{sku} has no landed cost ({units} units)"),
    "alert_missing_fx": (
        "{currency} 在 {month} 缺少汇率（{rows} 行未计入）",
        "No {currency} rate in {month} ({rows} rows left out)",
    ),
    "alert_estimated_fees": (
        "{n} 个 {marketplace} 订单尚未结算，平台费用按已结算订单的费率（{rate}）预估；导入更新的财务结算单后即为实际值",
        "{n} {marketplace} orders are not settled yet: their fees are estimated at the settled fee rate ({rate}); "
        "import the newer finance statement for the actual fees",
    ),
    "alert_fees_missing": (
        "{n} 个 {marketplace} 订单没有平台费用：尚未导入 TikTok Shop 财务结算单（财务 > 结算单 > 导出）",
        "{n} {marketplace} orders have no platform fees: no TikTok Shop finance statement is imported "
        "(Finance > Statements > Export)",
    ),
    "alert_no_sku": (
        "Shopify 商品行没有SKU，已按商品名单独计入：{sku}",
        "A Shopify line has no SKU and is counted under its line-item name: {sku}",
    ),
    "alert_refund_order_date": (
        "{n} 个 {marketplace} 订单的退款按下单日期计入：导入含这些退款的 Shopify Payments 交易导出"
        "（财务 > 付款 > 导出交易）后按退款日期计入",
        "{n} {marketplace} refunds are counted on their order date: import the Shopify Payments transactions export "
        "that holds them (Finance > Payouts > Export transactions) to date them by the refund",
    ),
    "alert_unknown_type": ("未知的交易类型，已单列：{item}", "Unknown transaction type, kept apart: {item}"),
    "estimated_fees_caption": (
        "含预估费用：{n} 个未结算订单的平台费用按已结算费率估算",
        "Includes estimated fees: {n} unsettled orders carry fees at the settled fee rate",
    ),
    "fx_basis_caption": (
        "以 {base} 显示：销售按销售日汇率折算，落地成本按批次到仓日汇率折算，"
        "所以利润率与以 {home} 显示时略有不同（差额是两日之间的汇率变动）",
        "Shown in {base}: sales at the sale day's rate, landed costs at each batch's arrival-date rate, so margins "
        "differ a little from the {home} view (the difference is the rate's move in between)",
    ),
    "alert_unmapped": ("{sku}（{marketplace}）未映射到主SKU", "{sku} ({marketplace}) is not mapped to a master SKU"),
    "alert_more": ("……另有 {n} 条", "… and {n} more"),
    "grain": ("粒度", "Grain"),
    "day": ("日", "Day"),
    "week": ("周", "Week"),
    "month": ("月", "Month"),
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    # profit
    "sku_table": ("SKU单位经济", "SKU unit economics"),
    "losers_only": ("只看亏损SKU", "Money-losing SKUs only"),
    "losers_note": ("红色「亏损」= 净利润为负的SKU", 'Red "Loss" = SKUs with negative net profit'),
    "loss": ("亏损", "Loss"),
    "profitable": ("盈利", "Profit"),
    "waterfall": ("单件利润瀑布", "Per-unit waterfall"),
    "pareto": ("利润贡献帕累托", "Profit contribution (Pareto)"),
    "cumulative_share": ("累计占比", "Cumulative share"),
    "sku_detail": ("SKU详情", "SKU detail"),
    "choose_sku": ("选择SKU", "Choose a SKU"),
    "batches": ("消耗的入库批次", "Batches consumed"),
    "lineage": ("数据来源（文件与行数）", "Where the numbers come from (files and rows)"),
    "lineage_metric": ("追溯指标", "Trace metric"),
    "w_price": ("售价", "Price"),
    "w_promotions": ("促销", "Promotions"),
    "w_refunds": ("退款", "Refunds"),
    "w_fees": ("平台费用", "Platform fees"),
    "w_cogs": ("落地成本", "Landed cost"),
    "w_purchase": ("采购", "Purchase"),
    "w_first_mile": ("头程", "First mile"),
    "w_duty": ("关税", "Duty"),
    "w_cost_other": ("其他成本", "Other cost"),
    "batch_id": ("批次号", "Batch"),
    "arrival_date": ("到货日", "Arrived"),
    "destination": ("目的仓", "Destination"),
    "batch_units": ("批次件数", "Batch units"),
    "fx_rate_paid": ("汇率", "FX rate"),
    "currency": ("币种", "Currency"),
    "landed_cost_unit_col": ("单件落地成本", "Landed cost / unit"),
    "units_in_view": ("本期消耗件数", "Units used in period"),
    "units_left": ("期末剩余件数", "Units left at period end"),
    "lin_import": ("导入号", "Import #"),
    "lin_file": ("文件", "File"),
    "lin_format": ("报告格式", "Report format"),
    "lin_family": ("数据类型", "Fact type"),
    "lin_rows": ("行数", "Rows"),
    "lin_amount": ("金额", "Amount"),
    "lineage_note": (
        "每个来源文件 × 站点一行，金额为这些行本身的数值，按文件的币种（销货成本按本位币，销量为件数）；无 SKU 费用的分摊份额"
        "来自分摊规则，批次、头程与汇率表只列行数。",
        "One row per source file × marketplace; amounts are the rows' own, in the file's currency (cost of goods in "
        "the base currency, units as a count); shares of charges without a SKU come from the allocation, and the "
        "batch, landed-cost and FX tables list their rows only.",
    ),
    "non_fifo_note": (
        "本期另有 {sku_cost} 件没有批次可扣，按生效日期的 SKU 成本计；{missing} 件缺少成本（见「数据」页）。",
        "Also {sku_cost} units in the period had no batch left and took the effective-dated SKU cost; {missing} "
        "units have no cost (see the Data page).",
    ),
    "no_batches": (
        "这个 SKU 没有入库批次，本期成本按生效日期的 SKU 成本计。",
        "No inbound batches for this SKU: its cost in the period is the effective-dated SKU cost.",
    ),
    "w_other_fees": ("其他费用", "Other fees"),
    "w_other_income": ("其他收入（赔偿等）", "Other income (reimbursements)"),
    "w_ads": ("广告", "Ads"),
    "w_profit": ("利润", "Profit"),
    "per_unit_in": ("每件，{cur}", "per unit, {cur}"),
    "unallocated": ("（未分摊）", "(unallocated)"),
    # ads
    "ads_trend": ("广告表现趋势", "Ad performance over time"),
    "by_campaign": ("按广告活动", "By campaign"),
    "by_sku": ("按SKU", "By SKU"),
    "breakeven_vs_actual": ("盈亏平衡ACoS vs 实际ACoS", "Break-even ACoS vs actual ACoS"),
    "above_breakeven": ("高于盈亏平衡", "Above break-even"),
    "below_breakeven": ("低于盈亏平衡", "Below break-even"),
    "organic_vs_ad": ("自然销售 vs 广告销售", "Organic vs ad sales"),
    "organic_sales": ("自然销售额", "Organic sales"),
    "campaign": ("广告活动", "Campaign"),
    "above_breakeven_note": (
        "{n} 个SKU的ACoS高于盈亏平衡点，广告在亏钱。",
        "{n} SKU(s) have ACoS above break-even: their ads lose money.",
    ),
    # inventory
    "as_of": ("库存日期", "Stock as of"),
    "stock_by_sku": ("按SKU与仓库的库存", "Stock by SKU and location"),
    "stockout_soon": ("预计断货", "Expected stock-outs"),
    "stockout_note": (
        "{sku}（{loc}）预计 {date} 断货，可售 {days}",
        "{sku} ({loc}) runs out around {date}, {days} of cover",
    ),
    "aged_stock": ("库龄超过180天", "Stock aged over 180 days"),
    "inventory_value_by_sku": ("库存金额（按SKU）", "Inventory value by SKU"),
    "days_of_cover_chart": ("可售天数（按SKU）", "Days of cover by SKU"),
    "location": ("仓库", "Location"),
    "no_aged": ("没有库龄超过180天的库存。", "No stock older than 180 days."),
    "no_stockouts": ("未来90天内没有预计断货的SKU。", "No SKU is expected to run out in the next 90 days."),
    "out_since_note": ("{sku} 自 {date} 起断货", "{sku} out of stock since {date}"),
    "stockout_sku_note": ("{sku} 预计 {date} 断货，可售 {days}", "{sku} runs out around {date}, {days} of cover"),
    "cover_over_cap": ("> 365 天", "> 365 days"),
}
CATALOG.update(
    {
        "impressions": ("曝光", "Impressions"),
        "clicks": ("点击", "Clicks"),
        "ad_orders": ("广告订单", "Ad orders"),
        "ctr": ("点击率", "CTR"),
        "cpc": ("单次点击成本", "CPC"),
        "cvr": ("转化率", "Conversion rate"),
        "available": ("可售", "Available"),
        "inbound": ("在途", "Inbound"),
        "reserved": ("预留", "Reserved"),
        "total_units": ("总库存", "Total units"),
        "aged_181_plus": ("库龄>180天", "Aged > 180 days"),
        "avg_daily_units": ("日均销量", "Daily units"),
        "stockout_date": ("预计断货日", "Stock-out date"),
        "above_breakeven_col": ("高于盈亏平衡", "Above break-even"),
        "spend_and_sales": ("广告花费与广告销售额", "Ad spend and ad sales"),
        "ratios": ("ACoS / TACoS", "ACoS / TACoS"),
    }
)
CATALOG.update(
    {
        "upload": ("上传报表", "Upload reports"),
        "upload_help": (
            "可一次拖入多个文件（CSV、TXT、TSV、XLSX）。系统按表头自动识别报表类型；同一文件重复上传不会重复计算。",
            "Drop several files at once (CSV, TXT, TSV, XLSX). The report type is recognised from its header; the same "
            "file twice is never counted twice.",
        ),
        "upload_options": (
            "没有日期的报表（业务报告、库存快照、广告汇总）",
            "Reports without dates (business report, stock snapshot, ads summary)",
        ),
        "upload_options_help": (
            "只有文件里和文件名里都找不到日期时才会用到这些字段。",
            "These fields are used only when neither the file nor its name says which dates it covers.",
        ),
        "opt_period": ("报表期间", "Report period"),
        "opt_as_of": ("快照日期", "Snapshot date"),
        "opt_marketplace": ("站点", "Marketplace"),
        "opt_auto": ("自动识别", "Detect automatically"),
        "importing": ("正在导入 {name} …", "Importing {name} …"),
        "imported": ("{name}：完成", "{name}: done"),
        "importing_many": ("正在导入第 {done}/{total} 个文件 … {name}", "Importing file {done} of {total} … {name}"),
        "imported_many": ("{total} 个文件：完成", "{total} files: done"),
        "results": ("导入结果", "Import results"),
        "history": ("导入记录", "Import history"),
        "undo": ("撤销导入", "Undo import"),
        "undo_pick": ("选择要撤销的导入", "Import to undo"),
        "undo_button": ("撤销", "Undo"),
        "xlsx_sheet": ("数据", "Data"),
        # KPI tile names where the registry's name does not fit a tile six to a row (the full name is in its help)
        "tile_aov": ("客单价", "AOV"),
        "tile_inventory_turnover": ("周转率", "Turnover"),
        "tile_days_of_inventory": ("周转天数", "Days on hand"),
        "tile_sell_through_cn": ("动销率", "SKUs selling"),
        "tile_sell_through_amz": ("售出率", "Sell-through"),
        "tile_breakeven_acos": ("保本ACoS", "B/E ACoS"),
        "line_imported": (
            "{file}：{label}：新增 {added} 行，已存在 {present} 行（导入 #{id}）",
            "{file}: {label}: {added} rows added, {present} already present (import #{id})",
        ),
        "line_duplicate": ("{file}：{label}：{message}", "{file}: {label}: {message}"),
        "line_duplicate_msg": ("内容相同的文件已作为导入 #{id} 导入过，未做任何改动", ""),
        "line_warnings": ("；提示：", "; warnings: "),
        "line_rejected": ("已拒绝 {message}", "REJECTED {message}"),
        "undone": ("已撤销导入 #{id}（{file}）：移除 {n} 行。", "import #{id} ({file}) undone: {n} rows removed."),
        "drop_here": ("将文件拖放到这里", "Drag and drop files here"),
        "drop_limit": ("每个文件不超过 200MB · CSV、TXT、TSV、XLSX", "Limit 200MB per file · CSV, TXT, TSV, XLSX"),
        "browse": ("选择文件", "Browse files"),
        "no_imports": ("还没有导入任何文件。", "No files imported yet."),
        "templates": ("空白模板下载", "Blank templates"),
        "templates_help": (
            "填写后在上方上传即可；中文或英文表头均可识别。",
            "Fill one in and upload it above; Chinese and English headers are both recognised.",
        ),
        "health": ("数据健康度", "Data health"),
        "coverage": ("数据覆盖（站点 × 月份 × 数据类型，行数）", "Coverage (marketplace × month × fact type, rows)"),
        "missing_costs": ("缺少落地成本的SKU", "SKUs without a landed cost"),
        "missing_fx": ("缺少汇率的币种", "Currencies without an FX rate"),
        "unmapped_skus": ("未映射到主SKU的平台SKU", "Channel SKUs not mapped to a master SKU"),
        "unknown_charges": (
            "未识别类型的收支行（已计入其他费用，请核对）",
            "Payment lines of an unrecognised type (counted in other fees; please check)",
        ),
        "unmapped_ad_asins": (
            "广告报告中只有ASIN、无法对应到SKU的商品（在SKU映射表中填写ASIN或上传业务报告）",
            "Advertised ASINs without a SKU (add the ASIN to the SKU map or upload a business report)",
        ),
        "channel_notes": (
            "TikTok Shop / Shopify 待核对：预估费用的订单、无SKU的商品行、未知的交易类型",
            "TikTok Shop / Shopify to check: orders with estimated fees, lines without a SKU, unknown transaction types",
        ),
        "all_good": ("没有问题。", "Nothing missing."),
        "status": ("状态", "Status"),
    }
)
CATALOG.update(
    {
        "glossary_intro": (
            "所有页面、提示和报表命令里的指标都来自同一份数据字典；下表即由它生成。",
            "Every figure on every page, tooltip and report command comes from this one data dictionary.",
        ),
        "conventions": ("当前口径", "Conventions in force"),
        "conv_base": ("本位币", "Base currency"),
        "conv_fx": ("汇率规则", "FX rule"),
        "conv_fx_text": (
            "按事实发生当天（或之前最近一天）的汇率折算为本位币；没有汇率的金额不计入合计并在数据健康度中提示，绝不按 1.0 折算。",
            "Converted at the rate of the fact's own date (latest rate on or before it); amounts with no rate are left "
            "out of totals and flagged in data health, never converted at 1.0.",
        ),
        "conv_calendar": ("日历口径", "Calendar"),
        "conv_restock": ("退货回库率", "Restock rate"),
        "conv_restock_text": (
            "退款件中按 {pct} 回到可售库存，冲回其成本",
            "{pct} of refunded units return to sellable stock and their cost is reversed",
        ),
        "conv_alloc": ("无SKU费用的分摊规则", "Allocation of charges without a SKU"),
        "conv_charges": ("收支行归类", "Charge classification"),
        "conv_charges_text": (
            "每一行按其性质归类，而不是按金额所在的列：订单/退款 → 销售额、促销、平台费用；广告扣款 → 广告花费（仅当该站点该月"
            "没有广告报告，否则只用于对账）；月租、仓储、入库/配置、移除、购买配送及其他服务费 → 其他费用；赔偿与调整 → "
            "其他收入；转账 → 不计入利润。未识别的类型计入其他费用并在数据健康度中列出。成本（批次、SKU 成本）同样按汇率表"
            "折算为所选本位币，批次先按实付汇率折算为付款币种。",
            "Each line is classified by what it is, not by the column its amount sits in: orders/refunds → sales, "
            "promotions, marketplace fees; ad charges → ad spend (only where no ads report covers the marketplace and "
            "month, else reconcile-only); subscription, storage, inbound/placement, removal, shipping-services and other "
            "service fees → other fees; reimbursements and adjustments → other income; transfers → not profit. "
            "Unrecognised types count as other fees and are listed in data health. Costs (batches, SKU costs) are "
            "converted to the chosen base through the FX table too, a batch first at its rate paid.",
        ),
        "net_sales_share": ("按净销售额占比分摊到各SKU", "Spread over SKUs by net-sales share"),
        "unallocated_rule": ("不分摊，单独列为「未分摊」", "Not spread; shown as “(unallocated)”"),
        "g_id": ("编号", "Id"),
        "g_zh": ("中文名", "Chinese name"),
        "g_en": ("英文名", "English name"),
        "g_definition": ("定义", "Definition"),
        "g_unit": ("单位", "Unit"),
        "g_good": ("越高越好？", "Higher is better?"),
        "g_sources": ("来源数据", "Source facts"),
        "g_sql": ("SQL 表达式", "SQL expression"),
        "g_kind": ("类别", "Kind"),
        "g_headline": ("核心指标", "Headline"),
        "g_component": ("组成项", "Building block"),
        "search": ("搜索", "Search"),
        "yes": ("是", "yes"),
        "no": ("否", "no"),
        "u_money": ("金额（本位币）", "money (base currency)"),
        "u_count": ("数量", "count"),
        "u_ratio": ("比率", "ratio"),
        "u_days": ("天", "days"),
    }
)
CATALOG.update(
    {
        "settings_intro": (
            "在表格里直接修改。SKU、成本、批次、汇率四张表保存后会生成一个模板文件并像上传一样导入（可在「数据」页撤销）；"
            "约定、交期、活动日历和季节阈值直接保存。保存后所有数字随之更新。",
            "Edit the tables directly. The SKU map, landed costs, batches and FX rates save as a template file imported "
            "like an upload (undoable on the Data page); conventions, lead times, the event calendar and seasonal bands "
            "save directly. Every figure updates at once.",
        ),
        "tab_conventions": ("口径设置", "Conventions"),
        "save": ("保存", "Save"),
        "saved": ("已保存：{line}", "Saved: {line}"),
        "nothing_changed": ("没有改动。", "Nothing changed."),
        "bad_cell": ("第 {row} 行「{col}」：{msg}", "Row {row}, column “{col}”: {msg}"),
        "not_saved": ("有 {n} 处错误，未保存任何内容。", "{n} problem(s) found; nothing was saved."),
        "required": ("必填", "required"),
        "must_be_positive": ("不能为负数", "must not be negative"),
        "must_be_rate": ("必须大于 0", "must be greater than 0"),
        "currency_code": ("应为 3 位字母币种代码，如 USD", "must be a 3-letter currency code such as USD"),
        "invalid_value": ("无法识别：{value}", "not understood: {value}"),
        "restock_rate": ("退货回库率", "Restock rate"),
        "allocation_rule": ("无SKU费用的分摊规则", "Allocation of charges without a SKU"),
        "settings_saved": ("口径已保存，所有指标已更新。", "Conventions saved; every figure is updated."),
        "deleted_rows_note": (
            "删除的行不会撤销之前导入的数据；要去掉整次导入，请在「数据」页撤销。",
            "Deleting a row does not remove it from earlier imports; to remove a whole import, undo it on the Data page.",
        ),
    }
)
CATALOG.update(
    {
        "tab_lead_times": ("交期", "Lead times"),
        "tab_events": ("活动日历", "Event calendar"),
        "tab_bands": ("季节阈值", "Seasonal bands"),
    }
)

# stores (seller accounts): sidebar filter, the Data page's store picker, per-store tables
CATALOG.update(
    {
        "store": ("店铺", "Store"),
        "col_store": ("店铺", "Store"),
        "store_default": ("默认店铺", "Default store"),
        "store_new": ("新建店铺…", "New store…"),
        "store_new_name": ("新店铺名称", "New store name"),
        "upload_store": ("文件所属店铺", "Store the files come from"),
        "upload_store_help": (
            "文件来自哪个店铺（卖家账号）。同一站点的多个店铺分开统计，两个店铺里完全相同的行（如同一天的月租费）各算一次。",
            "Which store (seller account) the files come from. Stores on one marketplace are kept apart: identical rows "
            "of two stores (such as the same subscription fee on the same day) are both counted.",
        ),
        "store_pick": ("选择店铺", "Choose a store"),
        "store_pick_first": (
            "有多个店铺：上传店铺报告前请先选择它所属的店铺（模板不属于任何店铺）。",
            "Several stores: choose the store a report comes from before uploading it (templates belong to no store).",
        ),
        "store_new_missing": (
            "请先填写新店铺的名称，再上传文件。",
            "Type the new store's name, then upload the files.",
        ),
        "by_store": ("按店铺", "By store"),
        "company_wide": ("全公司", "Company-wide"),
    }
)

# column headers of the Data page's tables (import history, coverage, data health): "col_<column>"
CATALOG.update(
    {
        "col_import_id": ("导入号", "Import #"),
        "col_imported_at": ("导入时间", "Imported at"),
        "col_file_name": ("文件", "File"),
        "col_format_id": ("报告格式", "Report format"),
        "col_variant": ("版本", "Variant"),
        "col_rows_in_file": ("文件行数", "Rows in file"),
        "col_rows_added": ("新增行", "Rows added"),
        "col_rows_present": ("已存在行", "Rows already present"),
        "col_period_start": ("起始日", "Period start"),
        "col_period_end": ("结束日", "Period end"),
        "col_as_of": ("截至", "As of"),
        "col_marketplace": ("站点", "Marketplace"),
        "col_warnings": ("提示", "Warnings"),
        "col_status": ("状态", "Status"),
        "col_month": ("月份", "Month"),
        "col_master_sku": ("主SKU", "Master SKU"),
        "col_lines": ("行数", "Lines"),
        "col_units": ("件数", "Units"),
        "col_net_sales_base": ("净销售额（本位币）", "Net sales (base currency)"),
        "col_first_day": ("最早日期", "First day"),
        "col_last_day": ("最晚日期", "Last day"),
        "col_family": ("数据类型", "Fact type"),
        "col_currency": ("币种", "Currency"),
        "col_base_currency": ("本位币", "Base currency"),
        "col_rows": ("行数", "Rows"),
        "col_amount": ("金额", "Amount"),
        "col_channel": ("渠道", "Channel"),
        "col_sku": ("平台SKU", "Channel SKU"),
        "col_asin": ("ASIN", "ASIN"),
        "col_ad_program": ("广告类型（sp 商品 / sb 品牌 / sd 展示型）", "Ad program (sp / sb / sd)"),
        "col_attribution_days": ("归因窗口（天）", "Attribution window (days)"),
        "col_ads": ("广告", "Ads"),
        "col_money": ("收支", "Payments"),
        "col_orders": ("订单", "Orders"),
        "col_inventory_snapshots": ("库存快照", "Stock snapshots"),
        "col_inventory_movements": ("库存流水", "Stock movements"),
        "col_storage_fees": ("仓储费", "Storage fees"),
        "col_traffic": ("流量", "Traffic"),
        "col_returns": ("退货", "Returns"),
        "col_fee_estimates": ("费用预估", "Fee estimates"),
        "col_source": ("来源报告", "Source report"),
        "col_description": ("说明", "Description"),
        "col_settlements": ("结算", "Settlements"),
    }
)
# advertising by channel and by ad program (every console: Amazon, TikTok Ads, GMV Max, Meta, Google)
CATALOG.update(
    {
        "ads_by_channel": ("按渠道的广告效果", "Advertising by channel"),
        "ads_by_program": ("按广告平台/类型", "By ad program"),
        "ad_program": ("广告类型", "Ad program"),
        "attribution": ("归因窗口（天）", "Attribution window (days)"),
        "unallocated_spend": ("未分摊到SKU的花费", "Spend without a SKU"),
        "program_sp": ("商品推广 (SP)", "Sponsored Products"),
        "program_sb": ("品牌推广 (SB)", "Sponsored Brands"),
        "program_sd": ("展示型推广 (SD)", "Sponsored Display"),
        "program_tiktok_ads": ("TikTok 广告管理平台", "TikTok Ads Manager"),
        "program_gmv_max": ("TikTok GMV Max", "TikTok GMV Max"),
        "program_meta": ("Meta 广告", "Meta Ads"),
        "program_google": ("Google 广告", "Google Ads"),
        "gmv_max_note": (
            "GMV Max 的“总收入”包含自然订单，不计入广告销售额：其花费计入 ACoS 的分子却没有对应的广告销售额，"
            "请以 TACoS 衡量。",
            "GMV Max's gross revenue includes organic orders and is not counted as ad sales: its spend is in ACoS's "
            "numerator with no attributed sales, so judge it by TACoS.",
        ),
        "conv_external_ads": ("站外广告（TikTok、Meta、Google）", "Ads outside Amazon (TikTok, Meta, Google)"),
        "conv_external_ads_text": (
            "按“广告活动归属表”模板（名称规则，最长匹配优先）计入站点，并在所列SKU间平均分配；未列SKU的花费按分摊规则"
            "（{rule}：当月该站点各SKU净销售额占比）分到SKU。未匹配的活动：TikTok 按币种计入 TikTok Shop，Meta / Google "
            "计入 Shopify。GMV Max 的“总收入”含自然订单，不计入广告销售额。",
            "Put on a marketplace by the ad campaign map template (name patterns, the longest match wins) and split "
            "equally over the SKUs it lists; spend without listed SKUs follows the allocation rule ({rule}: the "
            "marketplace's SKUs by their net sales of that month). Unmatched campaigns: TikTok to TikTok Shop by "
            "currency, Meta and Google to Shopify. GMV Max gross revenue includes organic orders and is not ad sales.",
        ),
        "external_ads_note": (
            "站外广告（TikTok、Meta、Google）按“广告活动归属表”模板计入站点与SKU；其余按设置中的分摊规则分摊。",
            "Ads outside Amazon (TikTok, Meta, Google) count where the ad campaign map template puts them; the rest "
            "follows the allocation rule in Settings.",
        ),
    }
)

# cash and profit bridge (pages/cash.py, pages/bridge.py)
CATALOG.update(
    {
        "page_cash": ("回款", "Cash"),
        "page_bridge": ("利润桥", "Profit bridge"),
        "cash_vs_profit": ("回款与净利润", "Cash received vs net profit"),
        "cash_grain": ("按", "Per"),
        "cash_week": ("周", "week"),
        "cash_month": ("月", "month"),
        "cash_group": ("分组", "Split by"),
        "cash_total": ("合计", "Total"),
        "cash_reserves": ("预留金（亚马逊结算报告）", "Reserves held (Amazon settlement reports)"),
        "cash_no_reserves": (
            "没有显示预留金的亚马逊结算报告（Flat File V2 中的 Current Reserve Amount 行）。",
            "No Amazon settlement report with reserve lines (Current Reserve Amount in Flat File V2) by the period end.",
        ),
        "cash_days": (
            "回款天数（下单到到账，按销售额加权）",
            "Days from sale to cash (order to deposit, weighted by sales)",
        ),
        "cash_none": (
            "这段时间没有到账记录。请上传亚马逊结算报告（Flat File V2）或含 Transfer 行的交易报告、TikTok Shop 结算单、"
            "Shopify Payments 交易导出。",
            "No payouts in this period. Upload Amazon settlement reports (Flat File V2) or transaction reports with "
            "their Transfer lines, TikTok Shop statements, or the Shopify Payments transactions export.",
        ),
        "cash_note": (
            "回款按到账日期（亚马逊 deposit-date / 转账日、TikTok 结算日、Shopify payout 日）计入，按当天汇率（汇率表中当天或之前最近"
            "一天）折算为 {cur}；净利润按所选日历计入同一周/月。",
            "Cash is dated by the day it was paid out (Amazon deposit / transfer date, TikTok statement date, Shopify "
            "payout date) and converted to {cur} at that day's rate (the FX table's latest rate on or before it); net "
            "profit falls in the same weeks or months by the calendar chosen.",
        ),
        "bridge_no_compare": (
            "利润桥需要对比期：请在左侧「对比」中选择上一周期或去年同期。",
            "The profit bridge needs a comparison period: choose the previous period or the same period last year "
            "under “Compare with” on the left.",
        ),
        "bridge_chart": ("{measure}：{start} → {end}", "{measure}: {start} → {end}"),
        "bridge_steps": ("各步骤（本位币，分）", "Steps (base currency, to the cent)"),
        "bridge_note": (
            "汇率步骤 = 本期实际本位币金额 − 同样事实按对比期平均汇率（{rates}）折算；其他步骤按对比期汇率计算，销货成本按批次汇率，不重估。",
            "FX = this period's actual base amounts − the same facts at the comparison period's average rates "
            "({rates}); the other steps use comparison rates; COGS keeps its batch rates.",
        ),
        "bridge_definitions": ("各步骤的定义", "What each step means"),
        "operating_profit_label": ("经营利润", "Operating profit"),
        "col_cash_received": ("回款", "Cash received"),
        "col_days_to_cash": ("回款天数", "Days to cash"),
    }
)

# the management P&L page (pages/pnl.py) and the expenses template
CATALOG.update(
    {
        "page_pnl": ("经营利润表", "Management P&L"),
        "empty_pnl": (
            "经营利润表需要收支数据（交易报告、结算报告、TikTok 或 Shopify 订单）。公司自有费用请用“费用”模板上传，"
            "或在设置中编辑。",
            "The management P&L needs money facts (transaction or settlement report, TikTok or Shopify orders). Upload "
            "the company's own costs with the expenses template, or edit them in Settings.",
        ),
        "pnl_by": ("按", "By"),
        "pnl_by_total": ("合计", "Total"),
        "pnl_by_channel": ("渠道", "Channel"),
        "pnl_by_marketplace": ("站点", "Marketplace"),
        "pnl_by_store": ("店铺", "Store"),
        "pnl_scope": ("范围", "Scope"),
        "pnl_chart": ("每月经营利润", "Operating profit by month"),
        "pnl_operating_profit": ("经营利润", "Operating profit"),
        "pnl_net_profit": ("净利润（费用前）", "Net profit (before expenses)"),
        "pnl_note": (
            "金额为本位币 {cur}，成本为负数，每个小计（▸）等于上方各行之和。经营利润 = 净利润 − 经营费用。"
            "按月填写的费用平均分摊到当月每一天，不满一个月的期间只含其天数份额；"
            "未指定渠道/站点/店铺的费用列为公司整体，不分摊到渠道。销售、费用、成本和广告按所选口径（{cal}）归月，"
            "经营费用按其自身日期。上期 = 紧前的同样多个整月（非整月时为紧前的同长期间）。",
            "Amounts in {cur}; costs are negative and every subtotal (▸) is the sum of the lines above it. Operating "
            "profit = net profit − expenses. A month's expense is spread evenly over its days, so a partial month holds "
            "its day share; expenses that name no channel/marketplace/store are company-wide and never allocated to "
            "channels. Sales, fees, COGS and ads fall in months by the calendar chosen ({cal}); expenses by their own "
            "day. Previous period = the same number of whole months just before (the equally long period before when "
            "not whole months).",
        ),
        "pnl_download": ("下载（会计格式）", "Download (for your accountant)"),
        "pnl_missing_fx": (
            "{a} 至 {b} 有 {n} 天的 {cur} 费用没有 {cur}→{base} 汇率，未计入经营费用（不会按 1.0 折算）；请在汇率模板中补充。",
            "{n} {cur} expense day(s) between {a} and {b} have no {cur}→{base} rate and are left out of expenses "
            "(never converted at 1.0); add the rates to the FX template.",
        ),
        "col_pnl_line": ("项目", "Line"),
        "col_pnl_previous": ("上期", "Previous period"),
        "col_pnl_change": ("变化", "Change"),
        "pnl_no_expenses": (
            "还没有经营费用：用“费用”模板（工资、软件、房租、海外仓、样品、代运营、税务…）上传，或在设置中编辑。",
            "No expenses yet: upload the expenses template (salaries, software, rent, 3PL, samples, agency, tax "
            "advisers …) or edit it in Settings.",
        ),
    }
)
