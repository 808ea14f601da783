"""Every table's headers and number formats from one place, in the page's language.

A column is headed and formatted by, in order: the page's own spec (Col), the shared columns below (ids that are no
metric: SKU, dates, owners, statuses …), the metric registry (name and unit of a metric id such as `net_profit`),
the catalog (`col_<id>`). Channel ids show as their names (亚马逊 / TikTok Shop / Shopify). Pages and meeting
sections call `show()` (or `widgets.table`, which adds downloads); tests check no header is left a raw id.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.core.registry import CHANNEL_NAMES
from ui.budget_columns import BUDGET_COLUMNS
from ui.catalog import CATALOG
from ui.grid import fit_widths, grid_key, id_like, negatives_in_brackets, places, size_grid
from ui.plan_editors import Col, table_columns

KINDS = ("text", "money", "pct", "int", "num", "date", "bool", "choice")
STORES = {"default": ("默认店铺", "Default store")}  # the store every import goes to unless another is named
CHANNELS = CHANNEL_NAMES  # channel id -> (中文, English), one list in metrics.core.registry
STATUS = {"active": ("有效", "Active"), "undone": ("已撤销", "Undone"), "open": ("待办", "Open"), "done": ("已完成", "Done"), "dropped": ("已放弃", "Dropped"),
          "in_progress": ("进行中", "In progress")}  # fmt: skip
# codes the data-health tables hold (marts.channel_notes kind and item, fact families): shown by their catalog names
NOTE_KINDS = {k: CATALOG[key] for k, key in (("estimated_fees", "note_estimated_fees"), ("fees_missing", "note_fees_missing"),
              ("refund_order_date", "note_refund_order_date"), ("no_sku", "note_no_sku"),
              ("unknown_type", "note_unknown_type"))}  # fmt: skip
NOTE_ITEMS = {text: CATALOG[key] for text, key in (("orders not settled yet", "note_item_unsettled"),
              ("no finance statement imported", "note_item_no_statement"),
              ("refund dated by its order", "note_item_refund_date"))}  # fmt: skip
FAMILIES = {k[4:]: v for k, v in CATALOG.items() if k[4:] in (
    "ads", "money", "orders", "returns", "traffic", "inventory_movements", "inventory_snapshots", "storage_fees",
    "costs", "expenses", "plan", "sku_master", "fee_preview")}  # fmt: skip

# ids shared by several tables that are not registry metrics (a metric id gets its registry name and unit)
COLUMNS: dict[str, Col] = {
    "sku": Col("SKU", "SKU"),
    "master_sku": Col("主SKU", "Master SKU"),
    "name": Col("名称", "Name"),
    "channel": Col("渠道", "Channel", "choice", CHANNELS),
    "marketplace": Col("站点", "Marketplace"),
    "store": Col("店铺", "Store", "choice", STORES),
    "currency": Col("币种", "Currency"),
    "month": Col("月份", "Month"),
    "date": Col("日期", "Date", "date"),
    "title": Col("事项", "Item"),
    "owner": Col("负责人", "Owner"),
    "due_date": Col("截止日期", "Due date", "date"),
    "status": Col("状态", "Status", "choice", STATUS),
    "item_id": Col("编号", "No."),
    "section_key": Col("议程环节", "Agenda section"),
    "kr_id": Col("KR 编号", "KR no."),
    "metric": Col("指标", "Metric"),
    "label": Col("指标", "Metric"),
    "value": Col("数值", "Value"),
    "previous": Col("上期", "Previous"),
    "yoy": Col("去年同期", "Last year"),
    "location": Col("仓库", "Warehouse"),
    "available": Col("可售", "Available", "int"),
    "aged_181_plus": Col("库龄>180天", "Aged > 180 days", "int"),
    "inbound": Col("在途", "Inbound", "int"),
    "on_order": Col(
        "采购未到货",
        "On order",
        "int",
        help=(
            "已下单、预计在库存日之后到货的采购批次（入库批次模板），按批次目的地计入对应仓位；亚马逊已显示的在途数量和始发仓"
            "（如深圳仓）中已备好的货先从最早到货的批次中扣除，不重复计算。预测可售天数与断货日按到货日计入这些数量。",
            "Purchase batches ordered and expected after the stock day (the inbound batches template), on the row of the "
            "location each batch goes to. Units Amazon already shows inbound and goods waiting at an origin warehouse "
            "(e.g. Shenzhen) are taken off the earliest batches first, so nothing counts twice. Days of cover (forecast) "
            "and the stock-out date count these units from their arrival date.",
        ),
    ),
    "units": Col("销量", "Units", "int"),
    "stockout_date": Col("预计断货日", "Stock-out date", "date"),
    "days_of_cover": Col("可售天数", "Days of cover", "num", digits=0),
    "lead_time_days": Col("交期（天）", "Lead time (days)", "int"),
    "quantity": Col("建议数量", "Quantity", "int"),
    "lane": Col("线路", "Lane"),
    "campaign": Col("广告活动", "Campaign"),
    "file_name": Col("文件", "File"),
    "family": Col("数据类型", "Data type", "choice", FAMILIES),
    "rows": Col("行数", "Rows", "int"),
    "amount": Col("金额", "Amount", "money"),
    "step": Col("项目", "Line"),
    "kind": Col("类别", "Kind", "choice", NOTE_KINDS),
    "item": Col("项目", "Item", "choice", NOTE_ITEMS),
    "fee_rate": Col("费率", "Fee rate", "pct"),
    "reason": Col("原因", "Reason"),
    "note": Col("说明", "Note"),
    "share": Col("占比", "Share", "pct"),
    "change": Col("变化", "Change", "num"),
    "change_pct": Col("变化率", "Change", "pct"),
    "net_sales_yoy": Col("去年同期净销售额", "Net sales last year", "money"),
    "above_breakeven": Col("高于盈亏平衡", "Above break-even", "bool"),
    "sources": Col("来源数据", "Sources"),
    "objective": Col("目标", "Objective"),
    "kr": Col("关键结果", "Key result"),
    "target": Col("目标值", "Target"),
    "attainment": Col("完成率", "Attainment"),
    "forecast_attainment": Col("预测完成率", "Forecast attainment"),
    # returns, logistics and customers (metrics/sales/returns.py, logistics.py, customers.py)
    "returned_units": Col("退货件数", "Returned units", "int"),
    "return_rate": Col("退货率", "Return rate", "pct"),
    "top_reason": Col("主要退货原因", "Top return reason"),
    "first_mile": Col("头程", "First mile", "money"),
    "fulfilment": Col("配送费（FBA/平台）", "Fulfilment (FBA/platform)", "money"),
    "shipping_services": Col("购买配送", "Shipping services", "money"),
    "warehouse_3pl": Col("第三方仓/海外仓", "3PL / overseas warehouse", "money"),
    "logistics": Col("物流成本合计", "Logistics cost", "money"),
    "logistics_share": Col("物流成本占比", "Logistics share", "pct"),
    "customers": Col("客户数", "Customers", "int"),
    "repeat_customers": Col("复购客户", "Repeat customers", "int"),
    "repeat_rate": Col("复购率", "Repeat rate", "pct"),
    "orders_per_customer": Col("人均订单", "Orders per customer", "num"),
    "cohort": Col("首购月份", "First-order month", "date"),
    "value_12m": Col("12个月价值/人", "12-month value per customer", "money"),
    # budget vs actual (metrics.accounts.budget; the meeting's finance view reads these ids too)
    **BUDGET_COLUMNS,
}


def _registry_col(column: str) -> Col | None:
    from metrics.core.registry import REGISTRY

    m = REGISTRY.get(column)
    if m is None:
        return None
    if m.fmt.endswith("%"):
        return Col(m.zh, m.en, "pct")
    kind = {"money": "money", "count": "int", "days": "num"}.get(m.unit, "num")
    return Col(m.zh, m.en, kind, digits=0 if m.unit == "days" else 2)


def _catalog_col(column: str, dtype: pl.DataType) -> Col | None:
    from ui.catalog import CATALOG

    entry = CATALOG.get(f"col_{column}")
    if entry is None or dtype == pl.Datetime or isinstance(dtype, pl.Datetime):
        return None  # a timestamp keeps Streamlit's own date-time display (a text column would show epoch ms)
    kind = "date" if dtype == pl.Date else "int" if dtype.is_integer() else "num" if dtype.is_float() else "text"
    return Col(entry[0], entry[1], kind)


def spec_of(column: str, dtype: pl.DataType, spec: dict[str, Col] | None = None) -> Col | None:
    """Returns how `column` is headed and shown: the page's spec, the shared columns, the registry, the catalog."""
    return (spec or {}).get(column) or COLUMNS.get(column) or _registry_col(column) or _catalog_col(column, dtype)


def columns(frame: pl.DataFrame, currency: str | None = None, spec: dict[str, Col] | None = None) -> dict:
    """Returns st.column_config for every column of `frame` that has a label anywhere (see the module docstring);
    money carries the currency symbol, fractions show as %, counts as whole numbers, dates as dates."""
    found = {name: c for name, dtype in frame.schema.items() if (c := spec_of(name, dtype, spec)) is not None}
    config = table_columns(frame, found, currency)
    return config | own_currency(frame, found)


def own_currency(frame: pl.DataFrame, found: dict[str, Col]) -> dict:
    """Returns the column_config of the money columns held in each row's own currency: a table with a `currency`
    column keeps its money in that currency (the base-currency columns end in `_base`). One currency in the table:
    the header names it (金额 (₹)); several: the header says the amounts are in the row's currency."""
    if "currency" not in frame.columns:
        return {}
    own = {n: c for n, c in found.items() if c.kind == "money" and not n.endswith("_base")}
    if not own:
        return {}
    held = frame["currency"].drop_nulls().unique().to_list()
    if len(held) == 1:
        return table_columns(frame.select(list(own)), own, held[0])
    lbl = {n: Col(*(t.format(label=x) for t, x in zip(CATALOG["col_row_currency"], (c.zh, c.en))), "num")
           for n, c in own.items()}  # fmt: skip
    return table_columns(frame.select(list(own)), lbl)


def number_formats(frame: pl.DataFrame, column_config: dict | None = None) -> dict:
    """Returns column_config with a header (ui.tables: registry, shared columns, catalog) and a readable format for
    every column it does not configure yet."""
    from ui.filters import currency

    given = dict(column_config or {})
    # a column given only a plain label takes the shared spec when there is one (codes translated, units formatted)
    todo = [c for c in frame.columns if c not in given or isinstance(given[c], str)]
    shared = columns(frame.select(todo), currency())
    config = given | shared
    for name, dtype in frame.schema.items():
        label = config.get(name)
        if name in config and not isinstance(label, str):  # configured fully; a plain label still gets a format
            continue
        if dtype.is_float():
            whole = frame[name].drop_nulls().drop_nans() if frame.height else frame[name]
            is_whole = whole.len() > 0 and bool((whole == whole.round(0)).all())
            config[name] = st.column_config.NumberColumn(label, format="%,d" if is_whole else "%,.2f")
        elif dtype.is_integer():  # grouped (12,345), except ids and calendar numbers (import 1024, year 2026)
            config[name] = st.column_config.NumberColumn(label, format="%d" if id_like(name) else "%,d")
    return fit_widths(frame, config)


def arrow(frame, config: dict | None = None):
    """Returns a polars frame as an Arrow table for st.dataframe: Streamlit otherwise goes polars → pandas → Arrow,
    ~5 ms per table even for five rows (10× the direct path), which adds up on pages with several tables.

    `config` (the column_config the table is shown with): a percent column with a `step` is shown by Streamlit
    truncated to the step (a 24.09 % ACoS read "24.0%" beside a tile's "24.1%"), so its values are rounded half away
    from zero to the step here and nudged a millionth of a step outward, which the truncation then keeps. A number
    that rounds to zero at the decimals shown is shown as 0 (never `-0.00`, `-0.0%`).
    """
    if not isinstance(frame, pl.DataFrame):
        return frame
    fixes = []
    for name, spec in (config or {}).items():
        if name not in frame.columns or not frame.schema[name].is_float():
            continue
        kind = spec.get("type_config") or {} if isinstance(spec, dict) else {}
        step = kind.get("step") if kind.get("format") == "percent" else None
        c = pl.col(name)
        if step:
            steps = (c.abs() / step + 0.5).floor()
            rounded = steps * step + step * 1e-6
            # a value that rounds to zero keeps no sign: -0.0001 is "0.0%", not "-0.0%"
            fixes.append(pl.when((c < 0) & (steps > 0)).then(-rounded).otherwise(rounded).alias(name))
        elif (n := places(spec)) is not None:  # -0.001 shown with two decimals is 0.00, never -0.00
            fixes.append(pl.when(c.round(n) == 0).then(0.0).otherwise(c).alias(name))
    return (frame.with_columns(fixes) if fixes else frame).to_arrow()


def show(frame: pl.DataFrame, key: str, currency: str | None = None, spec: dict[str, Col] | None = None,
         brackets: bool = False, **kw) -> None:  # fmt: skip
    """Renders `frame` read-only, headed and formatted by `columns()`; missing values show as —. `brackets`: money
    in the accounting format, a loss (2,390.13) (`grid.negatives_in_brackets`; the page says so in a caption)."""
    config = columns(frame, currency, spec) | kw.pop("column_config", {})
    config = number_formats(frame, negatives_in_brackets(config) if brackets else config)  # widths fit the brackets
    size_grid(frame, kw)  # every row shown, up to MAX_ROWS, at the font in effect (presenter mode: 1.25 ×)
    key = grid_key(key)  # drawn anew when the font scale changes (presenter mode): its rows then match its height
    st.dataframe(arrow(frame, config), hide_index=True, placeholder="—", key=key, column_config=config, **kw)


def readable_ids(sources: pl.DataFrame) -> pl.DataFrame:
    """Returns `sources` (lineage or import rows) with the report format and the fact family named in the page's
    language (`amazon_transactions` → 亚马逊交易报告, `money` → 收支) instead of their ids, and a header-language
    variant named as such (`ZH` → 表头：中文)."""
    from ui.catalog import CATALOG
    from ui.i18n import lang, tr
    from ui.variants import variant_label
    from warehouse.formats import by_id

    lg = lang()  # read here: polars may call the functions below off the page's thread (no session there)

    def format_name(fid: str | None) -> str | None:
        try:
            f = by_id(fid)
        except (KeyError, ValueError):
            return fid
        return f.label_zh if lg == "zh" else f.label_en

    def family_name(fam: str | None) -> str | None:
        return tr(f"col_{fam}", lg) if f"col_{fam}" in CATALOG else fam

    if sources.is_empty():
        return sources
    if {"variant", "format_id"} <= set(sources.columns):  # a header-language code reads as such ("ZH" → 表头：中文)
        sources = sources.with_columns(
            variant=pl.Series(
                [variant_label(f, v, lg) if v else v for f, v in zip(sources["format_id"], sources["variant"])],
                dtype=pl.String,
            )
        )
    names = {"format_id": format_name, "family": family_name}
    return sources.with_columns(
        pl.col(c).map_elements(fn, return_dtype=pl.String) for c, fn in names.items() if c in sources.columns
    )
