"""The single data dictionary: every metric's names, definition, formula, unit, direction, sources and SQL.

Three kinds of metric, all evaluated by `metrics.core.kpi` from this table only:
- `sql`: an aggregate expression over one mart (`mart`), in base currency for money;
- `terms`: a signed sum of other metrics (e.g. net_profit = contribution_before_ads − ad_spend);
- `ratio`: numerator / denominator metric ids, a ratio of sums; empty (None) for a zero denominator.
Inventory metrics (`mart` = "inventory_days") need a point in time or a trailing window; `metrics.planning.inventory`
evaluates their `sql` with the named parameters it documents.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Unit = Literal["money", "count", "ratio", "days"]
SD = ("money",)  # payments facts: transaction report, settlement, orders report, TikTok, Shopify


class Metric(BaseModel, frozen=True):
    """One metric of the data dictionary."""

    id: str
    zh: str
    en: str
    def_zh: str
    def_en: str
    formula: str
    unit: Unit
    fmt: str  # Python format spec for display: money ",.2f", count ",.0f", ratio ".1%", days ",.1f"
    good: Literal["up", "down"]
    sources: tuple[str, ...]  # staging fact families it is built from
    mart: str = "sku_days"
    sql: str | None = None
    terms: tuple[tuple[str, int], ...] = ()
    ratio: tuple[str, str] | None = None
    component: bool = False  # a building block (shown in the glossary, not a headline KPI)

    def expression(self) -> str:
        """Returns the SQL (or arithmetic over metric ids) that computes the metric, for the glossary."""
        if self.sql:
            return self.sql
        if self.terms:
            return " ".join(("+ " if s > 0 else "− ") + i for i, s in self.terms).lstrip("+ ")
        assert self.ratio
        return f"{self.ratio[0]} / nullif({self.ratio[1]}, 0)"


def _sum(col: str) -> str:
    return f"coalesce(sum({col}), 0)"


M = Metric
MONEY, COUNT, RATIO, DAYS = ("money", ",.2f"), ("count", ",.0f"), ("ratio", ".1%"), ("days", ",.1f")
ADS = ("ads", "money")
INV = ("inventory_snapshots", "inbound_batches", "landed_costs")

METRICS: list[Metric] = [
    M(id="units", zh="销量", en="Units", def_zh="订单行上的件数（不含取消）", def_en="Units on order lines (cancelled excluded)",
      formula="Σ units on order lines", unit=COUNT[0], fmt=COUNT[1], good="up", sources=SD,
      sql="coalesce(sum(units), 0)::BIGINT"),
    M(id="orders", zh="订单数", en="Orders", def_zh="至少含 1 件商品的不同订单号数",
      def_en="Distinct order ids with at least one unit", formula="count distinct order_id (units ≥ 1)",
      unit=COUNT[0], fmt=COUNT[1], good="up", sources=SD, mart="order_lines",
      # an order id belongs to its store: two accounts can print the same one (Shopify's #1001). order_key is the
      # (store, order id) pair as one number (sql/marts/money_facts.sql): NULL without an order id
      sql="count(distinct order_key) filter (where txn_type = 'order' and units > 0)"),
    M(id="gross_sales", zh="销售额", en="Gross sales", def_zh="商品销售额 + 运费收入 + 礼品包装收入（不含代收税）",
      def_en="Product sales + shipping credits + gift-wrap credits, taxes excluded",
      formula="product_sales + shipping_credits + giftwrap_credits", unit=MONEY[0], fmt=MONEY[1], good="up",
      sources=SD, sql=_sum("gross_sales_base")),
    M(id="promotions", zh="促销折扣", en="Promotions", def_zh="促销返利 / 卖家折扣（≤ 0，退款时冲回）",
      def_en="Promotional rebates and seller discounts (≤ 0; reversed on refunds)", formula="Σ promotions",
      unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD, sql=_sum("promotions_base")),
    M(id="refunds", zh="退款额", en="Refunds", def_zh="退款的商品金额 + 运费（≤ 0），按退款日期",
      def_en="Refunded principal + shipping (≤ 0), on the refund date", formula="Σ refund principal + shipping",
      unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD, sql=_sum("refunds_base")),
    M(id="net_sales", zh="净销售额", en="Net sales", def_zh="销售额 + 促销折扣 + 退款额", def_en="Gross sales + promotions + refunds",
      formula="gross_sales + promotions + refunds", unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD,
      terms=(("gross_sales", 1), ("promotions", 1), ("refunds", 1))),
    M(id="aov", zh="客单价", en="Average order value", def_zh="销售额 / 订单数", def_en="Gross sales / orders",
      formula="gross_sales / orders", unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD,
      ratio=("gross_sales", "orders")),
    M(id="marketplace_fees", zh="平台费用", en="Marketplace fees",
      def_zh="订单和退款行上的佣金 + 配送（FBA）费 + 其他按单交易费 + 支付手续费 + 达人佣金，含退款冲回（≤ 0）；"
      "广告扣款、月租、仓储等非订单费用不在其中，无论写在哪一列",
      def_en="Referral/selling + fulfilment (FBA) + other per-order + payment-processing + affiliate fees, on order "
      "and refund lines only (≤ 0); ad charges, subscription, storage and other non-order charges never count here, "
      "whatever column they are written in",
      formula="selling_fees + fulfillment_fees + other_txn_fees + payment_fees + affiliate_fees (order/refund lines)",
      unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD, sql=_sum("marketplace_fees_base")),
    M(id="other_fees", zh="其他费用", en="Other fees",
      def_zh="按性质归类的非订单费用（≤ 0）：月租、仓储、入库/配置、移除/弃置、购买配送、其他服务费和未识别类型；"
      "广告扣款另计（广告花费或仅对账），转账不计",
      def_en="Non-order charges classified by what they are (≤ 0): subscription, storage, inbound/placement, "
      "removal/disposal, shipping services, other service fees and unrecognised types; ad charges are counted apart "
      "(ad spend or reconcile-only), transfers never",
      formula="Σ all amounts of subscription, storage, inbound, removal, shipping-services, service-fee and "
      "unknown lines", unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD, sql=_sum("other_fees_base")),
    M(id="other_income", zh="其他收入", en="Other income",
      def_zh="赔偿（如仓库丢失/损坏库存赔偿）和调整行的全部金额，单独列示，不冲减费用（通常 ≥ 0）",
      def_en="All amounts of reimbursement (e.g. lost or damaged FBA inventory) and adjustment lines, shown on its "
      "own line and never netted into fees (usually ≥ 0)", formula="Σ reimbursement + adjustment lines",
      unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD, sql=_sum("other_income_base")),
    M(id="ad_spend", zh="广告花费", en="Ad spend",
      def_zh="广告报告中的花费（每个站点×广告类型×日只取一个报告层级：商品，否则广告活动…；商品/品牌/展示型推广相加）；"
      "无广告报告覆盖的月份取付款报告中的广告扣款",
      def_en="Spend from advertising reports (per marketplace × program × day one report level: product, else "
      "campaign, …; Sponsored Products, Brands and Display add up); payment-report ad charges for months no ads "
      "report covers",
      formula="Σ spend", unit=MONEY[0], fmt=MONEY[1], good="down", sources=ADS, sql=_sum("ad_spend_base")),
    M(id="ad_sales", zh="广告销售额", en="Ad sales",
      def_zh="广告归因销售额（归因窗口见报告：商品推广通常 7 天，品牌/展示型推广 14 天；Meta 按其归因设置；TikTok GMV Max 不计：其总收入含自然订单）",
      def_en="Attributed sales over the report's attribution window (Sponsored Products usually 7 days, Brands and "
      "Display 14; Meta by its attribution setting; none for TikTok GMV Max, whose gross revenue includes organic "
      "orders)", formula="Σ attributed sales", unit=MONEY[0],
      fmt=MONEY[1], good="up", sources=ADS, sql=_sum("ad_sales_base")),
    M(id="cogs", zh="销货成本", en="Cost of goods sold",
      def_zh="件数 × 落地成本（先进先出批次）；退货按回库率冲回成本",
      def_en="Units × landed cost (FIFO batches); refunded units return to stock at the restock rate",
      formula="Σ FIFO landed cost of units sold − restocked refunds", unit=MONEY[0], fmt=MONEY[1], good="down",
      sources=("money", "inbound_batches", "landed_costs", "fx_rates"), sql=_sum("cogs_base")),
    M(id="cogs_purchase", zh="销货成本·采购", en="COGS: purchase", def_zh="销货成本中的采购价部分（本位币）",
      def_en="The purchase-price part of COGS (base currency)", formula="Σ units × batch purchase cost × batch FX",
      unit=MONEY[0], fmt=MONEY[1], good="down", sources=INV, sql=_sum("cogs_purchase_base"), component=True),
    M(id="cogs_first_mile", zh="销货成本·头程", en="COGS: first mile", def_zh="销货成本中的头程运费部分（本位币）",
      def_en="The first-mile freight part of COGS (base currency)", formula="Σ units × batch first-mile cost × FX",
      unit=MONEY[0], fmt=MONEY[1], good="down", sources=INV, sql=_sum("cogs_first_mile_base"), component=True),
    M(id="cogs_duty", zh="销货成本·关税", en="COGS: duty", def_zh="销货成本中的关税部分（本位币）",
      def_en="The import-duty part of COGS (base currency)", formula="Σ units × batch duty × batch FX",
      unit=MONEY[0], fmt=MONEY[1], good="down", sources=INV, sql=_sum("cogs_duty_base"), component=True),
    M(id="cogs_other", zh="销货成本·其他", en="COGS: other landed cost",
      def_zh="销货成本中的其他落地成本（包装、贴标、质检等，本位币）",
      def_en="Other landed cost in COGS (packaging, labelling, inspection…; base currency)",
      formula="Σ units × batch other cost × batch FX", unit=MONEY[0], fmt=MONEY[1], good="down", sources=INV,
      sql=_sum("cogs_other_base"), component=True),
    M(id="landed_cost_unit", zh="单件落地成本", en="Landed cost per unit",
      def_zh="采购价 + 头程运费 + 关税 + 其他，按本位币；有批次时取先进先出批次，否则取生效日期的 SKU 成本",
      def_en="Purchase + first-mile freight + duty + other per unit in base currency: FIFO batch, else the "
      "effective-dated SKU cost", formula="cogs of units sold / units sold with a known cost", unit=MONEY[0],
      fmt=MONEY[1], good="down", sources=("inbound_batches", "landed_costs", "fx_rates"),
      ratio=("cogs_sold", "costed_units")),
    M(id="gross_profit", zh="毛利", en="Gross profit", def_zh="净销售额 + 平台费用 − 销货成本",
      def_en="Net sales + marketplace fees − COGS", formula="net_sales + marketplace_fees − cogs", unit=MONEY[0],
      fmt=MONEY[1], good="up", sources=SD, terms=(("net_sales", 1), ("marketplace_fees", 1), ("cogs", -1))),
    M(id="contribution_before_ads", zh="广告前利润", en="Contribution before ads", def_zh="毛利 + 其他费用",
      def_en="Gross profit + other fees", formula="gross_profit + other_fees", unit=MONEY[0], fmt=MONEY[1],
      good="up", sources=SD, terms=(("gross_profit", 1), ("other_fees", 1))),
    M(id="net_profit", zh="净利润", en="Net profit", def_zh="广告前利润 + 其他收入 − 广告花费",
      def_en="Contribution before ads + other income − ad spend",
      formula="contribution_before_ads + other_income − ad_spend", unit=MONEY[0], fmt=MONEY[1], good="up",
      sources=SD + ("ads",), terms=(("contribution_before_ads", 1), ("other_income", 1), ("ad_spend", -1))),
    # the company's own costs (the expenses template) and the profit after them: see metrics.accounts.pnl
    M(id="expenses", zh="经营费用", en="Expenses",
      def_zh="费用模板中的公司自有费用（工资、软件、房租、海外仓、样品、代运营、税务顾问、其他），按费用日期的汇率折本位币；"
      "按月填写的费用平均分摊到当月每一天，期间只含其天数份额（整月即全额）；指定渠道/站点/店铺/SKU 的费用只计入该范围，"
      "未指定的算公司整体（不分摊到渠道）；两种日历都按费用日期",
      def_en="The company's own costs from the expenses template (salaries, software, rent, 3PL/overseas warehouse, "
      "samples, agency, tax advisers, other) in base currency at the rate of the expense's day; a month-only entry is "
      "spread evenly over its month's days, so a period holds its day share (a full month the whole amount); an "
      "entry naming a channel/marketplace/store/SKU counts only there, one naming none is company-wide (never "
      "allocated to channels); both calendars date it by its own day",
      formula="Σ expense amount × day share × FX", unit=MONEY[0], fmt=MONEY[1], good="down", sources=("expenses",),
      mart="expense_days", sql=_sum("amount_base")),
    M(id="operating_profit", zh="经营利润", en="Operating profit", def_zh="净利润 − 经营费用",
      def_en="Net profit (contribution after ads) − expenses", formula="net_profit − expenses", unit=MONEY[0],
      fmt=MONEY[1], good="up", sources=SD + ("ads", "expenses"), mart="expense_days",
      terms=(("net_profit", 1), ("expenses", -1))),
    M(id="operating_margin", zh="经营利润率", en="Operating margin", def_zh="经营利润 / 净销售额",
      def_en="Operating profit / net sales", formula="operating_profit / net_sales", unit=RATIO[0], fmt=RATIO[1],
      good="up", sources=SD + ("expenses",), mart="expense_days", ratio=("operating_profit", "net_sales")),
    M(id="net_margin", zh="净利率", en="Net margin", def_zh="净利润 / 净销售额", def_en="Net profit / net sales",
      formula="net_profit / net_sales", unit=RATIO[0], fmt=RATIO[1], good="up", sources=SD,
      ratio=("net_profit", "net_sales")),
    M(id="gross_margin", zh="毛利率", en="Gross margin", def_zh="毛利 / 净销售额", def_en="Gross profit / net sales",
      formula="gross_profit / net_sales", unit=RATIO[0], fmt=RATIO[1], good="up", sources=SD,
      ratio=("gross_profit", "net_sales")),
    M(id="unit_profit", zh="单件利润", en="Profit per unit", def_zh="净利润 / 销量", def_en="Net profit / units",
      formula="net_profit / units", unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD,
      ratio=("net_profit", "units")),
    M(id="acos", zh="ACoS", en="ACoS", def_zh="广告花费 / 广告销售额", def_en="Ad spend / ad sales",
      formula="ad_spend / ad_sales", unit=RATIO[0], fmt=RATIO[1], good="down", sources=ADS,
      ratio=("ad_spend", "ad_sales")),
    M(id="roas", zh="ROAS", en="ROAS", def_zh="广告销售额 / 广告花费", def_en="Ad sales / ad spend",
      formula="ad_sales / ad_spend", unit="ratio", fmt=",.2f", good="up", sources=ADS,
      ratio=("ad_sales", "ad_spend")),
    M(id="tacos", zh="TACoS", en="TACoS", def_zh="广告花费 / 总销售额（含自然单）",
      def_en="Ad spend / gross sales (all sales, organic included)", formula="ad_spend / gross_sales",
      unit=RATIO[0], fmt=RATIO[1], good="down", sources=ADS, ratio=("ad_spend", "gross_sales")),
    M(id="breakeven_acos", zh="盈亏平衡ACoS", en="Break-even ACoS",
      def_zh="广告前利润 / 销售额：ACoS 高于它时广告单亏钱",
      def_en="Contribution before ads / gross sales: above it an ad-driven sale loses money",
      formula="contribution_before_ads / gross_sales", unit=RATIO[0], fmt=RATIO[1], good="up", sources=SD,
      ratio=("contribution_before_ads", "gross_sales")),
    M(id="refund_rate", zh="退款率", en="Refund rate", def_zh="同期退款件数 / 销量",
      def_en="Refunded units / units, same period", formula="refund_units / units", unit=RATIO[0], fmt=RATIO[1],
      good="down", sources=SD, ratio=("refund_units", "units")),
    M(id="cost_coverage", zh="成本覆盖率", en="Cost coverage",
      def_zh="有落地成本的净销售额占比；低于 100% 时利润偏高",
      def_en="Share of net sales whose units have a known landed cost; below 100 % profit is overstated",
      formula="net sales of order lines with a known cost / net sales of order lines", unit=RATIO[0], fmt=RATIO[1], good="up",
      sources=("inbound_batches", "landed_costs"), ratio=("net_sales_costed", "net_sales_ordered")),
    M(id="ad_spend_share", zh="广告费占比", en="Ad spend share", def_zh="广告花费 / 净销售额",
      def_en="Ad spend / net sales", formula="ad_spend / net_sales", unit=RATIO[0], fmt=RATIO[1], good="down",
      sources=ADS, ratio=("ad_spend", "net_sales")),
    # building blocks
    M(id="refund_units", zh="退款件数", en="Refunded units", def_zh="退款行上的件数", def_en="Units on refund lines",
      formula="Σ units on refund lines", unit=COUNT[0], fmt=COUNT[1], good="down", sources=SD,
      sql="coalesce(sum(refund_units), 0)::BIGINT", component=True),
    M(id="costed_units", zh="有成本件数", en="Units with cost", def_zh="已知落地成本的销量",
      def_en="Units sold with a known landed cost", formula="units − units without cost", unit=COUNT[0],
      fmt=COUNT[1], good="up", sources=INV, sql="coalesce(sum(costed_units), 0)::BIGINT", component=True),
    M(id="cogs_sold", zh="售出成本", en="Cost of units sold", def_zh="售出件的落地成本（不含退货冲回）",
      def_en="Landed cost of units sold (before restocked refunds)", formula="Σ FIFO cost of order lines",
      unit=MONEY[0], fmt=MONEY[1], good="down", sources=INV, sql=_sum("cogs_sold_base"), component=True),
    M(id="net_sales_ordered", zh="订单净销售额", en="Net sales of orders", def_zh="订单行的净销售额（不含退款），成本覆盖率的分母",
      def_en="Net sales of order lines (refunds excluded): the denominator of cost coverage",
      formula="Σ (gross sales + promotions) on order lines", unit=MONEY[0], fmt=MONEY[1], good="up", sources=SD,
      sql=_sum("net_sales_ordered_base"), component=True),
    M(id="net_sales_costed", zh="有成本净销售额", en="Net sales with cost", def_zh="已知落地成本部分的净销售额",
      def_en="Net sales of units with a known landed cost", formula="Σ net sales × costed share", unit=MONEY[0],
      fmt=MONEY[1], good="up", sources=INV, sql=_sum("net_sales_costed_base"), component=True),
    # inventory (evaluated by metrics.planning.inventory at the period end / over the period)
    M(id="inventory_value", zh="库存金额", en="Inventory value", def_zh="期末在库件数 × 单件落地成本",
      def_en="On-hand units at period end × landed cost per unit", formula="on_hand_units × landed_cost_unit",
      unit=MONEY[0], fmt=MONEY[1], good="down", sources=INV, mart="inventory_days",
      sql="sum(inventory_value) filter (where day = $stock_day)"),
    M(id="inventory_turnover", zh="库存周转率", en="Inventory turnover",
      def_zh="销货成本 / 期间平均库存金额（年化值另列）",
      def_en="COGS / average inventory value over the period (annualised variant shown separately)",
      formula="cogs / avg(daily inventory value)", unit="ratio", fmt=",.2f", good="up", sources=INV,
      mart="inventory_days", sql="$cogs / (sum(inventory_value) filter (where day between $start and $end) / $stock_days)"),
    M(id="days_of_inventory", zh="库存周转天数", en="Days of inventory",
      def_zh="期间天数 × 期间平均在库件数 / 期间销量（按件数计，与本位币无关）",
      def_en="Period days × average units on hand / units sold in the period (in units: the same in every base currency)",
      formula="period_days / (units sold / avg(daily units on hand))", unit=DAYS[0], fmt=DAYS[1], good="down",
      sources=INV + SD, mart="inventory_days",
      sql="$period_days / ($units / (sum(on_hand) filter (where day between $start and $end) / $stock_days))"),
    M(id="days_of_cover", zh="可售天数", en="Days of cover",
      def_zh="可售件数 / 近 30 天日均销量（剔除断货日）",
      def_en="Available units / average daily units (trailing 30 days, stock-out days excluded)",
      formula="available / (units in 30 days / in-stock days)", unit=DAYS[0], fmt=DAYS[1], good="up",
      sources=INV + SD, mart="inventory_days", sql="sum(available) filter (where day = $stock_day) / Σ per SKU (units_30d / in_stock_days_30d)"),
    M(id="sell_through_cn", zh="动销率", en="Sell-through (SKUs)", def_zh="有销量的 SKU 数 / 在库 SKU 数",
      def_en="SKUs with ≥ 1 sale / SKUs in stock", formula="count(SKUs sold) / count(SKUs in stock)",
      unit=RATIO[0], fmt=RATIO[1], good="up", sources=INV + SD, mart="inventory_days",
      sql="count(SKUs with units > 0 and on_hand > 0) / count(distinct master_sku) filter (where on_hand > 0)"),
    M(id="sell_through_amz", zh="售出率 (Amazon)", en="Sell-through (Amazon)",
      def_zh="90 天发货件数 / 90 天平均在库件数", def_en="Units shipped in 90 days / average units on hand in those 90 days",
      formula="units_90d / avg(on_hand_90d)", unit="ratio", fmt=",.2f", good="up", sources=INV + SD,
      mart="inventory_days", sql="$units_90d / (sum(on_hand) filter (where day > $end - 90) / $stock_days_90d)"),
]  # fmt: skip

REGISTRY: dict[str, Metric] = {m.id: m for m in METRICS}

# sales channel ids (staging `channel`) -> (中文, English): tables, charts, headlines and minutes name them so
CHANNEL_NAMES: dict[str, tuple[str, str]] = {
    "amazon": ("亚马逊", "Amazon"),
    "tiktok": ("TikTok Shop", "TikTok Shop"),
    "shopify": ("Shopify", "Shopify"),
}


def channel_name(channel: str | None, language: str) -> str:
    """Returns a channel id's name in `language` (zh or en); an unknown id as it is, None as ""."""
    if not channel:
        return ""
    return CHANNEL_NAMES.get(channel, (channel, channel))[0 if language == "zh" else 1]


# the ids the report CLI and the KPI cards show (DESIGN.md's table plus the added ratios), in order
KPI_IDS: list[str] = [m.id for m in METRICS if not m.component]
INVENTORY_IDS: list[str] = [m.id for m in METRICS if m.mart == "inventory_days"]


def get(metric_id: str) -> Metric:
    """Returns the metric with this id (KeyError names the unknown id)."""
    return REGISTRY[metric_id]


def label(metric_id: str, lang: str = "zh") -> str:
    """Returns the metric's display name in `lang` ("zh" or "en")."""
    m = REGISTRY[metric_id]
    return m.zh if lang == "zh" else m.en
