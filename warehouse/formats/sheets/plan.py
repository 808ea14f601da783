"""The seller's plan sheets: the budget (`tpl_budget`) and the targets (`tpl_targets`).

Budget: one row per month × P&L line (× department / channel when given) with an amount and its currency. The line is
one of the Management P&L line ids (net_sales … operating_profit, or `expense:<category>`); its Chinese or English name
is accepted too and stored as the id (`line_id`). Months are written `2026-11`, `2026/11`, `2026年11月` or as any day
of the month (`month_start`, the first of the month).

Targets: one row per metric id × period × optional channel / marketplace / store / master SKU, with the target value
and an optional direction (`up` = higher is better, `down` = lower is better; empty = the metric's own). A period is a
month (`2026-11`), a quarter (`2026-Q4`) or a date range (`2026-11-01..2026-11-30`, also `~` or `至` between the
days); it is stored as `period_start` / `period_end`. Whether the metric id exists is checked by `metrics.accounts.targets`
(the data dictionary lives in metrics/, which the warehouse does not import).

A bad row rejects the whole file with one sentence naming the row, the cell and the fix (`parse.py` adds the file).
"""

from __future__ import annotations

from warehouse.formats.base import Col, FileContext, sql_str
from warehouse.formats.sheets.master import SPEC, TemplateFormat

# P&L line id -> (Chinese name, English name); the ids are the Management P&L's (docs/DATA_MODEL.md)
PNL_LINES: dict[str, tuple[str, str]] = {
    "net_sales": ("净销售额", "Net sales"),
    "marketplace_fees": ("平台费用", "Marketplace fees"),
    "cogs": ("销货成本", "Cost of goods sold"),
    "other_fees": ("其他费用", "Other fees"),
    "contribution_before_ads": ("广告前利润", "Contribution before ads"),
    "other_income": ("其他收入", "Other income"),
    "ad_spend": ("广告花费", "Ad spend"),
    "net_profit": ("净利润", "Net profit"),
    "expenses": ("经营费用", "Expenses"),
    "operating_profit": ("经营利润", "Operating profit"),
}
# expense category id -> (Chinese name, English name), as the expenses template (`tpl_expenses`) uses them
EXPENSE_CATEGORIES: dict[str, tuple[str, str]] = {
    "salaries": ("工资", "Salaries"),
    "software": ("软件", "Software"),
    "rent": ("房租", "Rent"),
    "warehouse_3pl": ("海外仓/3PL", "3PL / overseas warehouse"),
    "samples": ("样品", "Samples"),
    "agency": ("代运营/服务商", "Agency"),
    "tax_advisers": ("税务顾问", "Tax advisers"),
    "other": ("其他", "Other"),
}
EXPENSE_PREFIXES = ("expense:", "expenses:", "费用:", "费用：", "经营费用:", "经营费用：")

# template columns of the plan sheets: canonical name -> (kind, English label, Chinese label, further spellings)
PLAN_SPEC: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "month": ("text", "Month", "月份", ("budget month", "预算月份")),
    "line": ("text", "P&L line", "利润表项目", ("line", "budget line", "预算项目", "项目")),
    "amount": ("num", "Amount", "金额", ("budget", "预算金额", "budget amount")),
    "department": ("text", "Department", "部门", ("dept", "team", "团队")),
    "metric_id": ("text", "Metric", "指标", ("metric", "metric id", "kpi", "指标代码")),
    "period": ("text", "Period", "期间", ("target period", "目标期间", "时间段")),
    "store": ("text", "Store", "店铺", ("seller account", "账号", "店铺账号")),
    "target": ("num", "Target", "目标值", ("target value", "目标")),
    "direction": ("text", "Direction", "方向", ("good direction", "越大越好/越小越好")),
}
for _name, _spec in PLAN_SPEC.items():
    SPEC.setdefault(_name, _spec)


def _key(text: str) -> str:
    return text.strip().lower()


def line_aliases() -> dict[str, str]:
    """Returns every accepted spelling of a budget line (lower case) -> its P&L line id."""
    out: dict[str, str] = {}
    for lid, (zh, en) in PNL_LINES.items():
        for s in (lid, zh, en):
            out[_key(s)] = lid
    out["费用"] = "expenses"
    return out


def category_aliases() -> dict[str, str]:
    """Returns every accepted spelling of an expense category (lower case) -> its id."""
    out: dict[str, str] = {}
    for cid, (zh, en) in EXPENSE_CATEGORIES.items():
        for s in (cid, zh, en):
            out[_key(s)] = cid
    out.update({"3pl": "warehouse_3pl", "海外仓": "warehouse_3pl", "tax": "tax_advisers", "税务": "tax_advisers"})
    return out


def _case(expr: str, mapping: dict[str, str]) -> str:
    whens = " ".join(f"when {sql_str(k)} then {sql_str(v)}" for k, v in mapping.items())
    return f"(case {expr} {whens} end)"


def line_id_sql(col: str) -> str:
    """Returns SQL mapping the text column `col` to its P&L line id (NULL when it names no line)."""
    key = f"lower(trim({col}))"
    rest = f"trim(regexp_replace({key}, '^({'|'.join(EXPENSE_PREFIXES)})', ''))"
    prefixed = " or ".join(f"starts_with({key}, {sql_str(p)})" for p in EXPENSE_PREFIXES)
    category = _case(rest, category_aliases())
    return f"(case when {prefixed} then 'expense:' || {category} else {_case(key, line_aliases())} end)"


def month_sql(col: str) -> str:
    """Returns SQL turning a month cell (2026-11, 2026/11, 2026年11月, 11/2026 or any day) into its first day."""
    v = f"trim({col})"
    pats = ["%Y-%m-%d", "%Y-%m", "%Y/%m/%d", "%Y/%m", "%Y年%m月", "%Y年%m月%d日", "%Y.%m", "%m/%Y",
            "%Y-%m-%d %H:%M:%S"]  # fmt: skip
    tries = ", ".join(f"try_strptime({v}, '{p}')" for p in pats)
    return f"date_trunc('month', coalesce({tries}))::DATE"


def period_sql(col: str, which: str) -> str:
    """Returns SQL for the first (`which`='start') or last ('end') day of a period cell: a month (2026-11), a quarter
    (2026-Q4, 2026Q4, 2026年Q4) or a range (2026-11-01..2026-11-30, with `~`, `至` or ` to ` also accepted)."""
    # a month typed into Excel arrives as its first day at midnight: the time is dropped before spaces go
    p = f"upper(replace(replace(regexp_replace(trim({col}), '\\s+00:00:00$', ''), ' ', ''), '年', '-'))"
    quarter = f"regexp_extract({p}, '^(\\d{{4}})-?Q([1-4])$', ['y', 'q'])"
    q_start = f"make_date(({quarter}).y::INT, ({quarter}).q::INT * 3 - 2, 1)"
    rng = f"regexp_extract({p}, '^(\\d{{4}}-\\d{{2}}-\\d{{2}})(?:\\.\\.|~|至|TO)(\\d{{4}}-\\d{{2}}-\\d{{2}})$', ['a', 'b'])"
    month = month_sql(f"replace({p}, '月', '')")
    if which == "start":
        return (
            f"(case when regexp_matches({p}, '^\\d{{4}}-?Q[1-4]$') then {q_start} "
            f"when ({rng}).a <> '' then try_cast(({rng}).a as DATE) else {month} end)"
        )
    return (
        f"(case when regexp_matches({p}, '^\\d{{4}}-?Q[1-4]$') then ({q_start} + interval 3 month - interval 1 day)::DATE "
        f"when ({rng}).b <> '' then try_cast(({rng}).b as DATE) "
        f"else ({month} + interval 1 month - interval 1 day)::DATE end)"
    )


def _first_bad(cur, checks: list[tuple[str, str, str]]) -> tuple[int, str, str] | None:
    """Returns (row_no, column, problem) of the earliest row failing one of (condition, column, problem template);
    the template may name `{v}` (the cell)."""
    found = []
    for cond, col, text in checks:
        rows = cur.sql(f'select row_no, "{col}" from typed where {cond} order by row_no limit 1').fetchall()
        if rows:
            found.append((rows[0][0], col, text.format(v=rows[0][1])))
    return min(found) if found else None


class Budget(TemplateFormat):
    """Budget per month × P&L line (× department / channel); cost lines may be written positive or negative."""

    id = "tpl_budget"
    label_en = "Budget (template)"
    label_zh = "预算（模板）"
    fields = ("month", "line", "amount", "currency", "department", "channel")
    required_fields = ("month", "line", "amount", "currency")
    signature = ("month", "line", "amount")

    @property
    def columns(self) -> tuple[Col, ...]:  # type: ignore[override]
        return (*super().columns, Col("month_start", "date"), Col("line_id", "text"))

    def derived(self, ctx: FileContext) -> dict[str, str]:
        return super().derived(ctx) | {"month_start": month_sql('"month"'), "line_id": line_id_sql('"line"')}

    def validate(self, cur, ctx: FileContext) -> tuple[int, str, str] | None:
        """Refuses a month that is no month, a line that is no P&L line, a currency that is no ISO code."""
        lines = ", ".join(PNL_LINES)
        cats = ", ".join(EXPENSE_CATEGORIES)
        found = _first_bad(cur, [
            ("month_start is null", "month", "'{v}' is not a month; write it as YYYY-MM, e.g. 2026-11"),
            ("line_id is null", "line",
             f"'{{v}}' is not a P&L line; use one of {lines}, or expense:<category> with a category of {cats}"),
            ("not regexp_matches(trim(currency), '^[A-Za-z]{3}$')", "currency",
             "'{v}' is not a currency code; write a three-letter ISO code such as CNY or USD"),
        ])  # fmt: skip
        return _header_named(self, ctx, found)


class Targets(TemplateFormat):
    """Targets per metric id × period (month, quarter or date range) × optional channel / marketplace / store / SKU."""

    id = "tpl_targets"
    label_en = "Targets (template)"
    label_zh = "目标（模板）"
    fields = ("metric_id", "period", "channel", "marketplace", "store", "master_sku", "target", "direction")
    required_fields = ("metric_id", "period", "target")
    signature = ("metric_id", "period", "target")

    @property
    def columns(self) -> tuple[Col, ...]:  # type: ignore[override]
        return (*super().columns, Col("period_start", "date"), Col("period_end", "date"))

    def derived(self, ctx: FileContext) -> dict[str, str]:
        return super().derived(ctx) | {
            "period_start": period_sql('"period"', "start"),
            "period_end": period_sql('"period"', "end"),
        }

    def validate(self, cur, ctx: FileContext) -> tuple[int, str, str] | None:
        """Refuses a period that is no month, quarter or range, a malformed metric id, an unknown direction."""
        found = _first_bad(cur, [
            ("not regexp_matches(lower(trim(metric_id)), '^[a-z][a-z0-9_]*$')", "metric_id",
             "'{v}' is not a metric id; use an id from the glossary, e.g. net_margin, tacos or units"),
            ("period_start is null or period_end is null or period_end < period_start", "period",
             "'{v}' is not a period; write a month (2026-11), a quarter (2026-Q4) or a range (2026-11-01..2026-11-30)"),
            ("direction is not null and lower(trim(direction)) not in ('up', 'down', '越大越好', '越小越好')",
             "direction", "'{v}' is not a direction; write up (higher is better) or down (lower is better), or leave it empty"),
        ])  # fmt: skip
        return _header_named(self, ctx, found)


def _header_named(fmt: TemplateFormat, ctx: FileContext, found):
    """Returns the problem with its column named as the file's header cell (what the seller sees)."""
    if not found:
        return None
    row_no, col, text = found
    hm = fmt.header_map(ctx.header)
    return row_no, ctx.header[hm[col]] if col in hm else col, text


FORMATS = [Budget(), Targets()]

# what each plan column means: (English, Chinese), for the template's notes sheet
PLAN_NOTES: dict[str, tuple[str, str]] = {
    "month": ("Budget month, YYYY-MM (e.g. 2026-11)", "预算月份，格式 YYYY-MM（如 2026-11）"),
    "line": (
        "P&L line: net_sales, marketplace_fees, cogs, other_fees, contribution_before_ads, other_income, ad_spend, "
        "net_profit, expenses, operating_profit or expense:<category> (Chinese names accepted)",
        "利润表项目：净销售额、平台费用、销货成本、其他费用、广告前利润、其他收入、广告花费、净利润、经营费用、经营利润，"
        "或 费用:<类别>（如 费用:工资）",
    ),
    "amount": (
        "Budgeted amount; costs may be written positive or negative (either way a cost)",
        "预算金额；成本项可写正数或负数（均按成本计）",
    ),
    "department": ("Department (optional; for expense lines)", "部门（可选，用于费用项）"),
    "metric_id": (
        "Metric id from the glossary, e.g. net_margin, tacos, units",
        "数据字典中的指标代码，如 net_margin、tacos、units",
    ),
    "period": (
        "A month (2026-11), a quarter (2026-Q4) or a range (2026-11-01..2026-11-30)",
        "月份（2026-11）、季度（2026-Q4）或日期区间（2026-11-01..2026-11-30）",
    ),
    "store": ("Store (seller account) id; empty = every store", "店铺（卖家账号）编号；留空 = 全部店铺"),
    "target": ("Target value; ratios as fractions (12% = 0.12)", "目标值；比率写小数（12% = 0.12）"),
    "direction": (
        "up (higher is better) or down (lower is better); empty = the metric's own",
        "up（越大越好）或 down（越小越好）；留空 = 按指标自身方向",
    ),
}
