"""Blank seller templates (CSV or XLSX, English or Chinese headers) and edited tables saved back as a template file.

A CSV template is the header row only (UTF-8 with BOM so Excel on Chinese Windows shows the Chinese headers).
An XLSX template has the header on sheet `data` and a second sheet explaining each column.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import polars as pl

from warehouse.formats import by_id
from warehouse.formats.sheets.expenses import EXPENSE_NOTES
from warehouse.formats.sheets.master import SPEC, TemplateFormat
from warehouse.formats.sheets.plan import PLAN_NOTES

TEMPLATE_IDS = ("tpl_sku_map", "tpl_landed_costs", "tpl_inbound_batches", "tpl_fx_rates", "tpl_own_stock",
                "tpl_ad_campaigns", "tpl_expenses", "tpl_budget", "tpl_targets")  # fmt: skip

# what each column means: (English, Chinese)
NOTES: dict[str, tuple[str, str]] = {
    "master_sku": ("Your own SKU code, the same on every channel", "你自己的SKU编码，各渠道统一"),
    "name_zh": ("Product name in Chinese", "中文品名"),
    "name_en": ("Product name in English", "英文品名"),
    "category": ("Product category", "品类"),
    "launch_date": ("First day on sale, YYYY-MM-DD", "首次上架日期，格式 YYYY-MM-DD"),
    "channel": ("amazon, tiktok or shopify (may be left empty)", "amazon、tiktok 或 shopify（可留空）"),
    "marketplace": (
        "amazon.com, amazon.de, amazon.co.jp, tiktok.us, shopify …",
        "站点：amazon.com、amazon.de、tiktok.us、shopify 等",
    ),
    "channel_sku": ("The SKU as the channel prints it (seller SKU)", "该渠道报表中显示的SKU（卖家SKU）"),
    "asin": ("Amazon ASIN (Amazon only)", "亚马逊ASIN（仅亚马逊）"),
    "effective_from": ("Cost valid from this date, YYYY-MM-DD", "成本自该日起生效，格式 YYYY-MM-DD"),
    "currency": ("ISO code of the amounts, e.g. CNY, USD", "金额币种代码，如 CNY、USD"),
    "purchase_cost": ("Purchase cost per unit", "单件采购成本"),
    "first_mile": ("First-mile freight per unit", "单件头程运费"),
    "duty": ("Import duty per unit", "单件关税"),
    "other": ("Other cost per unit (packaging, inspection …)", "单件其他成本（包装、质检等）"),
    "batch_id": ("Batch or purchase-order number", "批次号或采购单号"),
    "units": ("Number of units", "件数"),
    "fx_rate_paid": (
        "Base currency paid per 1 unit of the batch currency",
        "实际结汇汇率：每 1 单位批次币种折合本位币",
    ),
    "destination": ("Marketplace or warehouse the batch went to", "批次送达的站点或仓库"),
    "arrival_date": ("Day the batch arrived, YYYY-MM-DD", "到仓日期，格式 YYYY-MM-DD"),
    "rate_date": ("Date of the rate, YYYY-MM-DD", "汇率日期，格式 YYYY-MM-DD"),
    "base_currency": ("Your base currency, e.g. CNY", "本位币，如 CNY"),
    "rate": ("1 unit of the currency = this many units of the base currency", "1 单位外币折合多少本位币"),
    "snapshot_date": ("Day of the stock count, YYYY-MM-DD", "盘点日期，格式 YYYY-MM-DD"),
    "warehouse": ("Name of your own warehouse", "自有仓库名称"),
    "campaign_pattern": (
        "Campaign name as the ad console prints it; * matches any text (e.g. US-*CAM*); case ignored",
        "广告后台显示的活动名称；* 代表任意文字（如 US-*CAM*）；不区分大小写",
    ),
    "ad_program": (
        "tiktok_ads, gmv_max, meta or google (empty = every console)",
        "tiktok_ads、gmv_max、meta 或 google（留空 = 所有广告平台）",
    ),
    **PLAN_NOTES,
}


NOTES.update(EXPENSE_NOTES)


def _fmt(format_id: str) -> TemplateFormat:
    fmt = by_id(format_id)
    if not isinstance(fmt, TemplateFormat):
        raise KeyError(f"{format_id} is not a seller template; choose one of {', '.join(TEMPLATE_IDS)}")
    return fmt


def headers(format_id: str, lang: str = "en") -> list[str]:
    """Returns the header row of a template: canonical names (en) or Chinese labels (zh)."""
    fmt = _fmt(format_id)
    return [SPEC[f][2] if lang == "zh" else f for f in fmt.fields]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def blank_template(format_id: str, lang: str = "en", kind: str = "csv") -> bytes:
    """Returns a blank template file: CSV header row, or XLSX with a `data` sheet and a notes sheet."""
    fmt = _fmt(format_id)
    head = headers(format_id, lang)
    if kind == "csv":
        return _csv_bytes([head])
    if kind != "xlsx":
        raise ValueError(f"kind must be csv or xlsx, not {kind!r}")
    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    bold = book.add_format({"bold": True})
    data = book.add_worksheet("data")
    for i, h in enumerate(head):
        data.write_string(0, i, h, bold)
        data.set_column(i, i, max(12, len(h) + 4))
    notes = book.add_worksheet("说明" if lang == "zh" else "notes")
    titles = ["列名", "必填", "说明"] if lang == "zh" else ["column", "required", "meaning"]
    for i, t in enumerate(titles):
        notes.write_string(0, i, t, bold)
    for r, (field, h) in enumerate(zip(fmt.fields, head), start=1):
        en, zh = NOTES[field]
        required = field in fmt.required_fields
        notes.write_string(r, 0, h)
        notes.write_string(r, 1, ("是" if required else "否") if lang == "zh" else ("yes" if required else "no"))
        notes.write_string(r, 2, zh if lang == "zh" else en)
    notes.set_column(0, 0, 18)
    notes.set_column(2, 2, 60)
    book.close()
    return buf.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def write_template(format_id: str, frame: pl.DataFrame, lang: str = "en") -> bytes:
    """Returns `frame` (columns named as the template's canonical fields) as a template CSV ready to import."""
    fmt = _fmt(format_id)
    missing = [f for f in fmt.required_fields if f not in frame.columns]
    if missing:
        raise ValueError(f"the table lacks the column(s) {', '.join(missing)} that {fmt.label_en} requires")
    fields = [f for f in fmt.fields if f in frame.columns]
    head = [SPEC[f][2] if lang == "zh" else f for f in fields]
    body = [[_cell(v) for v in row] for row in frame.select(fields).iter_rows()]
    return _csv_bytes([head, *body])


def current_rows(con, format_id: str) -> pl.DataFrame:
    """Returns the rows in force of a seller template (its staging view: latest import per key), template columns."""
    fmt = _fmt(format_id)
    view = "staging." + format_id.removeprefix("tpl_")
    cur = con.cursor()
    try:
        have = {r[0] for r in cur.sql(
            "select column_name from information_schema.columns where table_schema = 'staging' and table_name = ?",
            params=[view.split(".")[1]],
        ).fetchall()}  # fmt: skip
        cols = [f for f in fmt.fields if f in have]
        if not cols:
            return pl.DataFrame({f: [] for f in fmt.fields}, schema={f: pl.String for f in fmt.fields})
        return cur.sql(f"select {', '.join(cols)} from {view} order by all").pl()
    finally:
        cur.close()
