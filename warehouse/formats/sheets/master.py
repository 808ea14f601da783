"""The seller's own sheets (SKU master & mapping, landed costs, inbound batches, FX rates, own-warehouse stock).

They go through the same import path as portal exports (archived, undoable, replayable) and land in `app.<id>`.
Every column accepts an English and a Chinese header. The staging views keep the latest version of each key, so
each file carries a `file_key` (a hash of its name, head and parsed rows): a later sheet that repeats an earlier
value (a correction reverted) is then still a row of the later import and wins, instead of being credited to the
old one. Uploading the very same bytes again stays a no-op: to go back to an earlier sheet, undo the later import.
"""

from __future__ import annotations

from warehouse.core.config import load_settings
from warehouse.formats.base import Col, FileContext, Format, sql_str

# canonical name -> (kind, English label, Chinese label, further accepted spellings)
SPEC: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "master_sku": ("text", "Master SKU", "主SKU", ("本地SKU", "内部SKU", "master sku")),
    "name_zh": ("text", "Chinese name", "中文名称", ("品名", "中文品名", "name (zh)")),
    "name_en": ("text", "English name", "英文名称", ("英文品名", "name (en)", "product name")),
    "category": ("text", "Category", "品类", ("分类", "类目")),
    "launch_date": ("date", "Launch date", "上架日期", ("上市日期", "launch")),
    "channel": ("text", "Channel", "渠道", ("平台",)),
    "marketplace": ("text", "Marketplace", "站点", ("市场", "店铺站点")),
    "channel_sku": ("text", "Channel SKU", "平台SKU", ("seller sku", "渠道SKU", "MSKU", "卖家SKU")),
    "asin": ("text", "ASIN", "ASIN码", ()),
    "effective_from": ("date", "Effective from", "生效日期", ("valid from", "起始日期")),
    "currency": ("text", "Currency", "币种", ("货币",)),
    "purchase_cost": ("num", "Purchase cost", "采购成本", ("采购单价", "unit cost")),
    "first_mile": ("num", "First-mile freight", "头程运费", ("头程", "头程费用", "first mile")),
    "duty": ("num", "Duty", "关税", ("duties",)),
    "other": ("num", "Other cost", "其他成本", ("其他", "其它成本", "other")),
    "batch_id": ("text", "Batch ID", "批次号", ("批次", "PO", "采购单号")),
    "units": ("int", "Units", "数量", ("件数", "库存数量", "qty", "quantity")),
    "fx_rate_paid": ("num", "FX rate paid", "实付汇率", ("付款汇率", "结汇汇率")),
    "destination": ("text", "Destination", "目的地", ("目的仓", "收货仓")),
    "arrival_date": ("date", "Arrival date", "到货日期", ("到仓日期", "arrival")),
    "rate_date": ("date", "Date", "日期", ("rate date", "汇率日期")),
    "base_currency": ("text", "Base currency", "本位币", ("基准货币", "base")),
    "rate": ("num", "Rate", "汇率", ("rate to base", "exchange rate", "fx rate")),
    "snapshot_date": ("date", "Snapshot date", "盘点日期", ("快照日期", "date of count", "库存日期")),
    "warehouse": ("text", "Warehouse", "仓库", ("仓库名称", "warehouse name")),
    "campaign_pattern": (
        "text",
        "Campaign pattern",
        "广告活动名称规则",
        ("campaign", "campaign name", "广告活动", "广告系列", "活动名称"),
    ),
    "ad_program": ("text", "Ad program", "广告平台", ("program", "platform", "ad platform", "广告类型")),
}


def template_col(name: str, required: bool = False) -> Col:
    """Returns the Col of a template column with its canonical, English and Chinese spellings."""
    kind, en, zh, more = SPEC[name]
    return Col(name, kind, (name, en, zh, *more), required)


FILE_KEY = Col("file_key", "text")


class TemplateFormat(Format):
    """A seller template: columns from SPEC, stored in `app`, one `file_key` per file."""

    schema = "app"
    group = "template"
    fields: tuple[str, ...] = ()
    required_fields: tuple[str, ...] = ()
    notes_en: dict[str, str] = {}
    notes_zh: dict[str, str] = {}

    @property
    def columns(self) -> tuple[Col, ...]:  # type: ignore[override]
        return (*(template_col(f, f in self.required_fields) for f in self.fields), FILE_KEY)

    def derived(self, ctx: FileContext) -> dict[str, str]:
        """Returns the `file_key` expression: an md5 over the file's name, head and every parsed row, in order."""
        cells = ", ".join(f"coalesce(cast(x.\"{f}\" as VARCHAR), '')" for f in self.fields)
        head = sql_str(ctx.file_name + "\n" + "\n".join(ctx.lines))
        rows = f"(select string_agg(concat_ws(chr(31), {cells}), chr(30) order by x.row_no) from typed x)"
        return {"file_key": f"md5(concat({head}, chr(29), {rows}))"}


class SkuMap(TemplateFormat):
    id = "tpl_sku_map"
    label_en = "SKU master & channel mapping (template)"
    label_zh = "SKU主数据与平台映射（模板）"
    fields = ("master_sku", "name_zh", "name_en", "category", "launch_date", "channel", "marketplace", "channel_sku",
              "asin")  # fmt: skip
    required_fields = ("master_sku",)
    signature = ("master_sku", "marketplace", "channel_sku")


class LandedCosts(TemplateFormat):
    id = "tpl_landed_costs"
    label_en = "Landed costs per SKU (template)"
    label_zh = "SKU落地成本（模板）"
    fields = ("master_sku", "effective_from", "currency", "purchase_cost", "first_mile", "duty", "other")
    required_fields = ("master_sku", "effective_from", "currency", "purchase_cost")
    signature = ("master_sku", "effective_from", "purchase_cost", "first_mile")


class InboundBatches(TemplateFormat):
    id = "tpl_inbound_batches"
    label_en = "Inbound batches (template)"
    label_zh = "入库批次（模板）"
    fields = ("batch_id", "master_sku", "units", "currency", "purchase_cost", "first_mile", "duty", "other",
              "fx_rate_paid", "destination", "arrival_date")  # fmt: skip
    required_fields = ("batch_id", "master_sku", "units", "currency", "purchase_cost", "arrival_date")
    signature = ("batch_id", "master_sku", "units", "purchase_cost", "arrival_date")


class FxRates(TemplateFormat):
    id = "tpl_fx_rates"
    label_en = "FX rates (template)"
    label_zh = "汇率表（模板）"
    fields = ("rate_date", "currency", "base_currency", "rate")
    required_fields = ("rate_date", "currency", "rate")
    signature = ("rate_date", "currency", "rate")

    def validate(self, cur, ctx: FileContext) -> tuple[int, str, str] | None:
        """Refuses a rate that is not positive or is 10× off the same currency's previous or next rate."""
        col = next((h for h in ctx.header if self.header_map([h]).get("rate") == 0), "rate")
        # 10× off the currency's median in the file, or off the previous rate (and the next, when there is one)
        off = "(({r}) >= 10 or ({r}) <= 0.1)"
        bad = cur.sql(
            "select row_no, rate, prev, nxt, med from (select row_no, rate, lag(rate) over w as prev, "
            "lead(rate) over w as nxt, median(rate) over (partition by currency, base_currency) as med from typed "
            "window w as (partition by currency, base_currency order by rate_date, row_no)) "
            f"where rate <= 0 or {off.format(r='rate / med')} or (prev > 0 and {off.format(r='rate / prev')} "
            f"and (nxt is null or nxt <= 0 or {off.format(r='rate / nxt')})) order by row_no limit 1"
        ).fetchall()
        if not bad:
            return None
        row_no, rate, prev, nxt, med = bad[0]
        if rate <= 0:
            return row_no, col, f"the rate {rate:g} is not positive"
        near = prev if prev is not None else med
        return row_no, col, f"the rate {rate:g} is 10× or more away from the neighbouring rate {near:g}"

    def inspect(self, ctx: FileContext) -> None:
        """Takes the base currency from the BASE_CURRENCY setting when the sheet has no such column."""
        if "base_currency" not in self.header_map(ctx.header):
            base = ctx.options.get("base_currency") or load_settings().base_currency
            ctx.constants["base_currency"] = base
            ctx.warnings.append(f"no base currency column: rates read as {base} per unit (the BASE_CURRENCY setting)")


class OwnStock(TemplateFormat):
    id = "tpl_own_stock"
    label_en = "Own-warehouse stock count (template)"
    label_zh = "自有仓库存盘点（模板）"
    fields = ("snapshot_date", "warehouse", "master_sku", "units")
    required_fields = ("snapshot_date", "warehouse", "master_sku", "units")
    signature = ("snapshot_date", "warehouse", "master_sku", "units")


class AdCampaignMap(TemplateFormat):
    """Where the spend of campaigns outside Amazon belongs: `*` in a pattern matches any text, case ignored."""

    id = "tpl_ad_campaigns"
    label_en = "Ad campaign map (template)"
    label_zh = "广告活动归属表（模板）"
    fields = ("campaign_pattern", "ad_program", "marketplace", "master_sku")
    required_fields = ("campaign_pattern", "marketplace")
    signature = ("campaign_pattern", "marketplace")


FORMATS = [SkuMap(), LandedCosts(), InboundBatches(), FxRates(), OwnStock(), AdCampaignMap()]
