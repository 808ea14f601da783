"""The management P&L (经营利润表): month columns × P&L lines, per channel / marketplace / store and in total.

Lines (ids other modules use): net_sales, marketplace_fees, cogs, other_fees, contribution_before_ads,
other_income, ad_spend, net_profit (the registry's contribution after ads), `expense:<category>` rows, expenses
and operating_profit (= net_profit − expenses). Values are signed in base currency so every subtotal is the sum
of the lines above it: sales and income positive, costs negative (cogs, ad_spend and expenses shown as −amount).
Sales, fees, COGS and ads follow the filter's calendar (operational = event date, financial = posting date) as
every other view; expenses are dated by their own day in both calendars and come from `marts.expense_days`
(a month-only entry spread evenly over its month's days, so a partial month holds its day share).
Expenses that name no channel/marketplace/store are company-wide: per-scope P&Ls show them on their own scope
`company` and never allocate them. No Streamlit here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel

from metrics.core import query
from metrics.core.derive import derive
from metrics.core.periods import comparison_period

CATEGORIES = ("salaries", "software", "rent", "warehouse_3pl", "samples", "agency", "tax_advisers", "other")
CATEGORY_LABELS: dict[str, tuple[str, str]] = {  # category -> (中文, English)
    "salaries": ("工资", "Salaries"), "software": ("软件订阅", "Software"), "rent": ("房租", "Rent"),
    "warehouse_3pl": ("海外仓/第三方仓", "3PL / overseas warehouse"), "samples": ("样品", "Samples"),
    "agency": ("代运营/服务商", "Agency"), "tax_advisers": ("税务/财务顾问", "Tax advisers"), "other": ("其他", "Other"),
}  # fmt: skip
SALES_LINES = ("net_sales", "marketplace_fees", "cogs", "other_fees", "contribution_before_ads", "other_income",
               "ad_spend", "net_profit")  # fmt: skip
SUBTOTALS = ("contribution_before_ads", "net_profit", "expenses", "operating_profit")
COSTS = ("cogs", "ad_spend")  # registry values >= 0 that the P&L shows negative
COMPANY = "company"  # the scope of expenses that name no channel / marketplace / store
Scope = Literal["total", "channel", "marketplace", "store"]


class PnlRow(BaseModel):
    """One line of one scope: signed base-currency values per month (`YYYY-MM`), the period total and the same
    line in the comparison periods (None when not asked)."""

    scope: str  # "total", a channel / marketplace / store id, or "company" (company-wide expenses)
    line: str
    months: dict[str, float]
    total: float
    previous: float | None = None
    last_year: float | None = None


class PnlSection(BaseModel):
    """The P&L of a period (report section `pnl`): months in order, rows scope by scope in line order."""

    start: date
    end: date
    calendar: str
    base_currency: str
    by: str
    months: list[str]
    previous: tuple[date, date]
    last_year: tuple[date, date]
    rows: list[PnlRow]
    warnings: list[str] = []  # English sentences (report); missing_fx holds the same facts for a page's language
    missing_fx: list[tuple[str, str, int, date, date]] = []  # (currency, base, expense days, first day, last day)


def line_ids(categories: list[str] | tuple[str, ...] = CATEGORIES) -> list[str]:
    """Returns the P&L line ids in order, with one `expense:<category>` row per category given."""
    return [*SALES_LINES, *(f"expense:{c}" for c in categories), "expenses", "operating_profit"]


def month_keys(start: date, end: date) -> list[str]:
    """Returns 'YYYY-MM' of every month the period [start, end] touches, in order."""
    out, d = [], start.replace(day=1)
    while d <= end:
        out.append(d.strftime("%Y-%m"))
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def previous_period(start: date, end: date) -> tuple[date, date]:
    """Returns the previous period: the same number of whole months before when [start, end] is whole months,
    else the equally long period right before (metrics.core.periods.comparison_period, the Overview's rule)."""
    return comparison_period(start, end, "previous")


def _has_expenses(cur) -> bool:
    return query.has_expenses(cur)


def _expense_where(f) -> tuple[str, list]:
    parts, params = ["day between ? and ?"], [f.start, f.end]
    for col in ("channel", "marketplace", "store", "sku"):
        value = getattr(f, col, None)
        if value:
            parts.append(f"{'master_sku' if col == 'sku' else col} = ?")
            params.append(value)
    if getattr(f, "sku_search", None):
        parts.append("master_sku ilike ?")
        params.append(f"%{f.sku_search.strip()}%")
    return " and ".join(parts), params


def expense_kpis(cur, f, values: dict) -> dict[str, float | None]:
    """Returns {expenses, operating_profit, operating_margin} for filter f on cursor `cur` (conventions set);
    `values` holds the period's other KPIs (net_profit, net_sales). Expenses are 0 without marts.expense_days."""
    total = 0.0
    if _has_expenses(cur):
        cond, params = _expense_where(f)
        total = cur.sql(f"select coalesce(sum(amount_base), 0) from marts.expense_days where {cond}",
                        params=params).fetchall()[0][0]  # fmt: skip
    op = (values.get("net_profit") or 0.0) - total
    ns = values.get("net_sales")
    return {"expenses": float(total), "operating_profit": op, "operating_margin": op / ns if ns else None}


def _actuals(cur, f, by: Scope) -> dict[tuple[str, str, str], float]:
    """Returns {(scope, 'YYYY-MM', line): signed value} for filter f (scopes without `total`)."""
    # by channel: the query a report's totals and channel sections read too (query.CHANNEL_MONTH: run once)
    group = query.scope_month("'total'" if by == "total" else f"coalesce({by}, '?')")
    out: dict[tuple[str, str, str], float] = {}
    for row in query.sums(cur, f, group, marts=("sku_days",)).iter_rows(named=True):  # no line reads orders
        scope, month = row["key"]["s"], row["key"]["m"].strftime("%Y-%m")
        values = derive(row)
        for line in SALES_LINES:
            v = float(values.get(line) or 0.0)
            out[(scope, month, line)] = 0.0 - v if line in COSTS else v
    if _has_expenses(cur):
        cond, params = _expense_where(f)
        ecol = "'total'" if by == "total" else f"coalesce({by}, '{COMPANY}')"
        sql = (f"select {ecol}, strftime(day, '%Y-%m'), category, coalesce(sum(amount_base), 0) "
               f"from marts.expense_days where {cond} group by all")  # fmt: skip
        for scope, month, category, amount in cur.sql(sql, params=params).fetchall():
            key = (scope, month, f"expense:{category}")
            out[key] = out.get(key, 0.0) - float(amount)
    return out


def _complete(acts: dict[tuple[str, str, str], float]) -> dict[tuple[str, str, str], float]:
    """Adds `total` scope rows plus the expenses and operating_profit lines of every scope × month."""
    out = dict(acts)
    for (scope, month, line), v in acts.items():
        if scope != "total":
            out[("total", month, line)] = out.get(("total", month, line), 0.0) + v
    cells = {(s, m) for s, m, _ in out}
    for s, m in cells:
        exp = sum(v for (s2, m2, line), v in out.items() if s2 == s and m2 == m and line.startswith("expense:"))
        out[(s, m, "expenses")] = exp
        out[(s, m, "operating_profit")] = out.get((s, m, "net_profit"), 0.0) + exp
    return out


def _totals(cur, f, by: Scope) -> dict[tuple[str, str], float]:
    acts = _complete(_actuals(cur, f, by))
    out: dict[tuple[str, str], float] = {}
    for (scope, _, line), v in acts.items():
        out[(scope, line)] = out.get((scope, line), 0.0) + v
    return out


def pnl(con, f, by: Scope = "total", compare: bool = True) -> PnlSection:
    """Returns the P&L of filter f's period (f.calendar, f's channel/marketplace/store/SKU slice, base currency
    of f or the setting), one block of rows per scope of `by` (plus `company` for company-wide expenses when
    by is not total) and the `total` block last; with `compare`, each row also carries the previous period
    (previous_period) and the same dates last year. Expense categories shown = those with a value anywhere."""
    months = month_keys(f.start, f.end)
    prev, yoy = previous_period(f.start, f.end), comparison_period(f.start, f.end, "yoy")
    with query.cursor(con, f) as cur:
        acts = _complete(_actuals(cur, f, by))
        comp = {}
        if compare:
            for name, (s, e) in (("previous", prev), ("last_year", yoy)):
                comp[name] = _totals(cur, f.model_copy(update={"start": s, "end": e, "compare": None}), by)
        base = cur.sql("select base_currency from marts.conventions").fetchall()[0][0]
        missing = _missing_fx(cur, f) if _has_expenses(cur) else []
    used = {line.split(":", 1)[1] for (_, _, line) in acts if line.startswith("expense:")}
    for c in comp.values():
        used |= {line.split(":", 1)[1] for (_, line) in c if line.startswith("expense:")}
    lines = line_ids([c for c in CATEGORIES if c in used])
    scopes = sorted({s for s, _, _ in acts if s not in ("total", COMPANY)})
    scopes += [COMPANY] * any(s == COMPANY for s, _, _ in acts) + ["total"]
    rows = []
    for scope in scopes:
        for line in lines:
            vals = {m: acts.get((scope, m, line), 0.0) for m in months}
            rows.append(PnlRow(scope=scope, line=line, months=vals, total=sum(vals.values()),
                               previous=comp["previous"].get((scope, line), 0.0) if compare else None,
                               last_year=comp["last_year"].get((scope, line), 0.0) if compare else None))  # fmt: skip
    return PnlSection(start=f.start, end=f.end, calendar=f.calendar, base_currency=base, by=by, months=months,
                      previous=prev, last_year=yoy, rows=rows,
                      warnings=[_warning(*m) for m in missing], missing_fx=missing)  # fmt: skip


def compared(cur, f, by: Scope = "total") -> None:
    """Asks on `cur` what `pnl(con, f, by)` asks of its comparison periods (the previous period and last year's):
    a report's second cursor computes them meanwhile (metrics.core.prefetch), the report then reads them."""
    for s, e in (previous_period(f.start, f.end), comparison_period(f.start, f.end, "yoy")):
        _actuals(cur, f.model_copy(update={"start": s, "end": e, "compare": None}), by)


def _missing_fx(cur, f) -> list[tuple[str, str, int, date, date]]:
    """Returns (currency, base, expense days, first, last) per currency of expenses in f's period without an FX
    rate: they are left out of expenses, never converted at 1.0."""
    return [tuple(r) for r in cur.sql(
        "select currency, base_currency, sum(rows)::BIGINT, min(first_day), max(last_day) from marts.fx_warnings "
        "where family = 'expenses' and last_day >= ? and first_day <= ? group by all order by 1",
        params=[f.start, f.end],
    ).fetchall()]  # fmt: skip


def _warning(c: str, base: str, n: int, a: date, b: date) -> str:
    return (f"{n} {c} expense day(s) between {a} and {b} have no {c}→{base} rate and are left out of expenses; add "
            "the rates to the FX template.")  # fmt: skip


def line_label(line: str, lang: str = "zh") -> str:
    """Returns the display name of a P&L line id in `lang` (registry label, or the expense category's)."""
    from metrics.core.registry import label

    if line.startswith("expense:"):
        zh, en = CATEGORY_LABELS[line.split(":", 1)[1]]
        return ("  " + zh) if lang == "zh" else ("  " + en)
    return label(line, lang)


def summary(section: PnlSection, scope: str = "total") -> dict[str, float | None]:
    """Returns {line: period total} of one scope, plus `<line>_previous` / `<line>_last_year` when compared:
    what the meeting and minutes show."""
    out: dict[str, float | None] = {}
    for r in section.rows:
        if r.scope == scope:
            out[r.line] = r.total
            out[f"{r.line}_previous"] = r.previous
            out[f"{r.line}_last_year"] = r.last_year
    return out


def format_pnl(section: PnlSection | None, lang: str = "en") -> list[str]:
    """Returns the total P&L as aligned text lines (one column per month, then the period total) for the CLI."""
    if section is None:
        return []
    head = "经营利润表" if lang == "zh" else "Management P&L"
    out = ["", f"{head} ({section.base_currency})", "  " + " " * 30 + "".join(f"{m:>14}" for m in section.months)
           + f"{'total':>14}"]  # fmt: skip
    for r in section.rows:
        if r.scope == "total":
            cells = "".join(f"{r.months[m]:>14,.2f}" for m in section.months)
            out.append(f"  {line_label(r.line, lang):<30}{cells}{r.total:>14,.2f}")
    return out


# -- the business review: the finance view's P&L table and the minutes' P&L lines ---------------------------------
def meeting_rows(con, f) -> list[dict]:
    """Returns the finance view's P&L summary for the meeting's period f: one dict per total line with `pnl_line`
    (line id), `amount` (signed, base currency), `pnl_previous` (the previous period, whole months when f is) and
    `pnl_change` (amount − previous). Lines without a value in either period are left out."""
    s = pnl(con, f.model_copy(update={"compare": None}))
    return [
        {"pnl_line": r.line, "amount": r.total, "pnl_previous": r.previous, "pnl_change": r.total - (r.previous or 0.0)}
        for r in s.rows
        if r.scope == "total" and (r.total or r.previous or r.line in SUBTOTALS)
    ]


def readable_lines(frame, lang: str):
    """Returns a polars frame with its `pnl_line` ids (if any) replaced by the lines' names in `lang`."""
    import polars as pl

    if "pnl_line" not in frame.columns:
        return frame
    return frame.with_columns(pl.col("pnl_line").map_elements(lambda v: line_label(v, lang).strip(), pl.String))


def minutes_figures(payload: dict, lang: str) -> list[tuple[str, str]]:
    """Returns the minutes' P&L summary from a frozen finance payload: (line name, "this period (previous: …)")
    for each expense category (the key figures already hold expenses and operating profit)."""
    from metrics.meeting.headlines import format_value

    cur = payload.get("currency", "CNY")
    prev = "上期" if lang == "zh" else "previous"
    out = []
    for r in (payload.get("tables") or {}).get("pnl", []):
        if r["pnl_line"].startswith("expense:"):  # expenses and operating profit are key figures already
            now, before = (format_value(r[k], "money", cur, lang) for k in ("amount", "pnl_previous"))
            out.append((line_label(r["pnl_line"], lang).strip(), f"{now} ({prev}: {before})"))
    return out
