"""The expenses template (`tpl_expenses`): the company's own costs outside the marketplaces' reports.

One row = one cost: a day (`date`) or a whole month (`month`), a category, an amount (>= 0, a cost) in its
currency, the department that spends it and optionally the channel, marketplace, store or master SKU it belongs
to. A row flagged recurring repeats every month from its own month through its end month (or, without one,
through the current month). Categories accept English ids and the Chinese names sellers use (工资, 软件, 房租,
海外仓, 样品, 代运营, 税务 …); an unknown category, a negative amount or a row with neither date nor month refuses
the file with the row number. Rows land in `app.tpl_expenses`; `staging.expenses` keeps them, `marts.expense_days`
spreads them over days and converts them to the base currency.
"""

from __future__ import annotations

from warehouse.formats.base import FileContext, text_expr
from warehouse.formats.sheets.master import SPEC, TemplateFormat

CATEGORIES = ("salaries", "software", "rent", "warehouse_3pl", "samples", "agency", "tax_advisers", "other")

# accepted spelling (lower case, trimmed) -> category id
CATEGORY_ALIASES: dict[str, str] = {
    **{c: c for c in CATEGORIES},
    "salary": "salaries", "payroll": "salaries", "wages": "salaries", "工资": "salaries", "薪资": "salaries",
    "人工": "salaries", "人员工资": "salaries", "社保": "salaries",
    "subscriptions": "software", "saas": "software", "软件": "software", "软件订阅": "software",
    "工具": "software",
    "office": "rent", "房租": "rent", "租金": "rent", "办公室租金": "rent",
    "3pl": "warehouse_3pl", "overseas warehouse": "warehouse_3pl", "warehouse": "warehouse_3pl",
    "海外仓": "warehouse_3pl", "仓储": "warehouse_3pl", "第三方仓": "warehouse_3pl",
    "sample": "samples", "样品": "samples", "样品费": "samples",
    "agency fee": "agency", "代运营": "agency", "服务商": "agency",
    "tax": "tax_advisers", "tax adviser": "tax_advisers", "accounting": "tax_advisers", "税务": "tax_advisers",
    "税务顾问": "tax_advisers", "财税": "tax_advisers", "会计": "tax_advisers",
    "其他": "other", "其它": "other",
}  # fmt: skip

# the template's own columns (same shape as templates.SPEC; merged into it below)
EXPENSE_SPEC: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "expense_date": ("date", "Date", "日期", ("date", "费用日期", "发生日期")),
    "expense_month": ("text", "Month", "月份", ("month", "费用月份", "所属月份")),
    "expense_category": ("text", "Category", "费用类别", ("category", "类别", "费用类型", "分类")),
    "amount": ("num", "Amount", "金额", ("amount", "费用金额")),
    "department": ("text", "Department", "部门", ("dept", "所属部门")),
    "store": ("text", "Store", "店铺", ("store", "账号", "店铺账号")),
    "recurring": ("text", "Recurring monthly", "每月重复", ("recurring", "monthly", "是否每月", "循环")),
    "end_month": ("text", "End month", "结束月份", ("end month", "截止月份", "until")),
    "note": ("text", "Note", "备注", ("note", "description", "说明")),
}
SPEC.update(EXPENSE_SPEC)

_MONTH_RE = r"^(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*月?(?:[-/.]\d{1,2}日?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"


def month_expr(src: str) -> str:
    """Returns SQL turning a month cell (2026-01, 2026/1, 2026年1月, 202601, 2026-01-01) into 'YYYY-MM'; a cell it
    cannot read stays as written (validate() then names the row)."""
    x = text_expr(src)
    y, m = f"regexp_extract({x}, '{_MONTH_RE}', 1)", f"regexp_extract({x}, '{_MONTH_RE}', 2)"
    ok = f"regexp_full_match({x}, '{_MONTH_RE}') and cast({m} as INTEGER) between 1 and 12"
    return f"case when {ok} then concat({y}, '-', lpad({m}, 2, '0')) else {x} end"


def category_expr(src: str) -> str:
    """Returns SQL mapping an accepted category spelling to its id; unknown spellings stay as written."""
    x = text_expr(src)
    keys = ", ".join(f"'{k}'" for k in CATEGORY_ALIASES)
    vals = ", ".join(f"'{v}'" for v in CATEGORY_ALIASES.values())
    return f"coalesce(map([{keys}], [{vals}])[lower({x})], {x})"


def recurring_expr(src: str) -> str:
    """Returns SQL reading the recurring flag: yes/y/true/1/monthly/是/每月 = 'yes', blank or anything else = 'no'."""
    x = f"lower(coalesce({text_expr(src)}, ''))"
    return f"case when {x} in ('yes', 'y', 'true', '1', 'monthly', 'x', '是', '每月', '√') then 'yes' else 'no' end"


class Expenses(TemplateFormat):
    id = "tpl_expenses"
    label_en = "Expenses (template)"
    label_zh = "费用（模板）"
    fields = ("expense_date", "expense_month", "expense_category", "amount", "currency", "department", "channel",
              "marketplace", "store", "master_sku", "recurring", "end_month", "note")  # fmt: skip
    required_fields = ("expense_category", "amount", "currency")
    signature = ("expense_category", "amount", "currency", "department")
    never_empty = ("expense_category", "amount", "currency")

    def cell_expr(self, col, src: str, ctx: FileContext) -> str:
        """Normalises months to 'YYYY-MM', categories to their ids and the recurring flag to yes/no."""
        if col.name in ("expense_month", "end_month"):
            return month_expr(src)
        if col.name == "expense_category":
            return category_expr(src)
        if col.name == "recurring":
            return recurring_expr(src)
        return super().cell_expr(col, src, ctx)

    def validate(self, cur, ctx: FileContext) -> tuple[int, str, str] | None:
        """Refuses a row without date or month, an unreadable month, an unknown category or a negative amount."""
        hm = self.header_map(ctx.header)
        head = {name: ctx.header[i] for name, i in hm.items()}
        have = set(hm)
        if "expense_date" not in have and "expense_month" not in have:
            return 1, "date / month", "the file has neither a date nor a month column; add one (日期 or 月份)"
        date = "expense_date" if "expense_date" in have else "NULL"
        month = "expense_month" if "expense_month" in have else "NULL"
        end = "end_month" if "end_month" in have else "NULL"
        cats = ", ".join(f"'{c}'" for c in CATEGORIES)
        checks = [
            (f"{date} is null and {month} is null", "date / month",
             "the row has neither a date nor a month; fill one (YYYY-MM-DD or YYYY-MM)"),
            (f"{month} is not null and not regexp_full_match({month}, '\\d{{4}}-(0[1-9]|1[0-2])')", head.get("expense_month"),
             "the month is not a month like 2026-01; write it as YYYY-MM"),
            (f"{end} is not null and not regexp_full_match({end}, '\\d{{4}}-(0[1-9]|1[0-2])')", head.get("end_month"),
             "the end month is not a month like 2026-12; write it as YYYY-MM"),
            (f"expense_category not in ({cats})", head.get("expense_category"),
             "the category is not one of salaries, software, rent, warehouse_3pl, samples, agency, tax_advisers, "
             "other (or 工资、软件、房租、海外仓、样品、代运营、税务、其他); use other for anything else"),
            ("amount < 0", head.get("amount"),
             "the amount is negative; enter costs as positive amounts (lower the entry to record a credit)"),
        ]  # fmt: skip
        for cond, col, problem in checks:
            bad = cur.sql(f"select row_no from typed where {cond} order by row_no limit 1").fetchall()
            if bad:
                return bad[0][0], col or "", problem
        return None


FORMATS = [Expenses()]

# what each column means: (English, Chinese), for the template's notes sheet
EXPENSE_NOTES: dict[str, tuple[str, str]] = {
    "expense_date": ("Day of a one-off cost, YYYY-MM-DD (or fill Month instead)", "单笔费用的日期，格式 YYYY-MM-DD（或改填月份）"),
    "expense_month": ("Month of a monthly cost, YYYY-MM: spread evenly over the month's days",
                      "按月费用的月份，格式 YYYY-MM：平均分摊到当月每一天"),
    "expense_category": ("salaries, software, rent, warehouse_3pl, samples, agency, tax_advisers or other",
                         "费用类别：工资、软件、房租、海外仓、样品、代运营、税务、其他"),
    "amount": ("The cost as a positive amount", "费用金额（填正数）"),
    "department": ("Department that spends it, e.g. operations, sales, finance", "费用所属部门，如 运营、销售、财务"),
    "store": ("Store (seller account) it belongs to (may be left empty)", "所属店铺账号（可留空）"),
    "recurring": ("yes = repeats every month until the end month", "填“是”表示每月重复，直到结束月份"),
    "end_month": ("Last month of a recurring cost, YYYY-MM (empty = still running)",
                  "每月重复费用的最后一个月，格式 YYYY-MM（留空 = 持续至今）"),
    "note": ("What the cost is (optional)", "费用说明（可选）"),
}  # fmt: skip
