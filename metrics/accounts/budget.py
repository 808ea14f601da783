"""Returns budget vs actual per month × P&L line (× channel / department when the budget names one).

Sign convention (the Management P&L's): income and profit lines are positive, cost lines (marketplace_fees, cogs,
other_fees, ad_spend, expenses, expense:<category>) are ≤ 0, so the lines of a month add up down the P&L. A budget
cost may be written positive or negative in the template; it is always read as a cost (−|amount|). Then
  budget_to_date = budget × days with data ÷ days in the month  (the whole budget once the month is closed),
  variance = actual − budget_to_date  (base currency): > 0 is FAVOURABLE for every line (more income, or less cost),
  attainment = actual / budget  (a fraction of the whole month's budget; for a cost line 0.8 = 80 % of it spent),
and a month still running is judged on its forecast (forecast_variance = forecast − budget, the verdict); a month
without data yet has no actual. A running month's variance compares like with like: 20 days of sales against 20
days of the budget, never against the whole month's (which read a month on track as far below budget).

A running month (data up to day d of a month of n days) is measured over the same days as the Management P&L:
its actual covers day 1 to d only, expenses included (`marts.expense_days` rows with day ≤ d, so a month-only
6,500 rent in a 30-day month with data to the 20th is −6,500 × 20 / 30 = −4,333.33, as in the P&L). Its forecast
is the run-rate (`metrics.meeting.headlines.run_rate_forecast`, the OKRs' method: actual × n / d) for sales, fees,
COGS and ads, but the month's whole booked amount for expense lines (expenses are scheduled, not a run-rate: the
rent forecast is −6,500, and a dated entry later in the month is not lost); operating_profit's forecast =
run-rate net_profit − the month's expenses.

Actuals: registry metrics summed through `metrics.core.kpi.grouped` over every store on the operational calendar (event
dates; COGS and ad spend, positive in the registry, turn negative here); `expenses`, `expense:<category>` and
`operating_profit` (= net_profit − expenses) from `marts.expense_days` (amount_base ≥ 0 = a cost) when the
warehouse has it, else no expenses are imported and those lines count 0. A budget line with a department is
measured only for expense lines (sales are not booked by department); other lines with a department have no actual.

Budget amounts are converted to the base currency at the budget rate: the latest FX rate on or before the month's
first day (`marts.fx_pairs`); a currency without such a rate leaves the row's budget empty (and `fx_missing`).
A line budgeted in another currency than the base is measured in the budget's currency (its actual and forecast at
each day's rate into that currency, as that currency's P&L has them) and both budget and actual are converted at the
one budget rate: a 6,000 CNY rent paid as 6,000 CNY is 0 variance in USD too. (Actuals at daily rates against a budget
at the first day's rate read +5.08 "favourable" on rent and −11.50 on salaries in USD when both were exactly on budget
in CNY.) The actual of such a line may then differ from the P&L's in the base (daily rates), by the rates' drift.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date

import polars as pl

from metrics.core import kpi, query
from metrics.core.api import Filters
from metrics.meeting.headlines import run_rate_forecast
from metrics.meeting.okr_scores import data_through
from warehouse.formats.sheets.plan import EXPENSE_CATEGORIES, PNL_LINES

# registry metric -> sign that turns it into its P&L line (costs ≤ 0)
REGISTRY_LINES = {"net_sales": 1, "marketplace_fees": 1, "cogs": -1, "other_fees": 1, "contribution_before_ads": 1,
                  "other_income": 1, "ad_spend": -1, "net_profit": 1}  # fmt: skip
COST_LINES = {"marketplace_fees", "cogs", "other_fees", "ad_spend", "expenses"}
LINE_ORDER = [*PNL_LINES, *(f"expense:{c}" for c in EXPENSE_CATEGORIES)]
SCHEMA = {
    "month": pl.Date, "line": pl.String, "channel": pl.String, "department": pl.String, "currency": pl.String,
    "budget": pl.Float64, "budget_to_date": pl.Float64, "actual": pl.Float64, "variance": pl.Float64, "attainment": pl.Float64,
    "forecast": pl.Float64, "forecast_variance": pl.Float64, "favourable": pl.Boolean, "month_status": pl.String,
    "fx_missing": pl.Boolean,
}  # fmt: skip


def line_names() -> dict[str, tuple[str, str]]:
    """Returns every budget line id -> (中文, English), P&L order, expense categories as `费用·<类别>`."""
    out = dict(PNL_LINES)
    out.update({f"expense:{c}": (f"费用·{zh}", f"Expenses: {en}") for c, (zh, en) in EXPENSE_CATEGORIES.items()})
    return out


def is_cost(line: str) -> bool:
    """Returns True for a cost line (shown ≤ 0)."""
    return line in COST_LINES or line.startswith("expense:")


def _month_end(m: date) -> date:
    return m.replace(day=monthrange(m.year, m.month)[1])


def _has(cur, schema: str, name: str) -> bool:
    return bool(cur.sql(
        "select 1 from information_schema.tables where table_schema = ? and table_name = ?", params=[schema, name]
    ).fetchall())  # fmt: skip


def has_expenses(con) -> bool:
    """Returns True when the warehouse has expenses to measure (`marts.expense_days` over a non-empty template)."""
    with query.cursor(con) as cur:
        return query.has_expenses(cur)


def budget_lines(con, base_currency: str | None = None) -> pl.DataFrame:
    """Returns the budget in force: month (first day), line, channel, department, currency, amount (as written) and
    budget (base currency, P&L sign; None when no rate converts it). Empty when no budget was imported."""
    f = Filters(start=date(2000, 1, 1), end=date(2000, 1, 1), base_currency=base_currency)
    with query.cursor(con, f) as cur:
        if not _has(cur, "staging", "budget"):
            return pl.DataFrame(schema={k: SCHEMA[k] for k in ("month", "line", "channel", "department")})
        base = cur.sql("select getvariable('base_currency')").fetchall()[0][0] or "CNY"
        frame = cur.sql(
            "select b.month_start as month, b.line, b.channel, b.department, b.currency, b.amount, "
            "case when b.currency = ? then 1.0 else (select r.rate from marts.fx_pairs r where r.currency = b.currency "
            "and r.base_currency = ? and r.rate_date <= b.month_start order by r.rate_date desc limit 1) end as rate "
            "from staging.budget b order by all",
            params=[base, base],
        ).pl()
    cost = pl.col("line").is_in(list(COST_LINES)) | pl.col("line").str.starts_with("expense:")
    sign = pl.when(cost).then(-pl.col("amount").abs())
    own = pl.when(pl.col("currency") != base).then(pl.col("currency"))  # measured in the budget's currency
    return frame.with_columns(budget=sign.otherwise(pl.col("amount")) * pl.col("rate"), measure_in=own).rename(
        {"rate": "budget_rate"}
    )


def _registry_actuals(con, start: date, end: date, base: str | None) -> dict[tuple[date, str | None], dict]:
    """Returns {(month, channel or None for all): {line: actual}} for the registry lines."""
    f = Filters(start=start, end=end, base_currency=base)
    key = "concat(strftime({day}, '%Y-%m'), '|', coalesce(channel, ''))"
    out: dict[tuple[date, str | None], dict] = {}
    for r in kpi.grouped(con, f, key, list(REGISTRY_LINES)):
        ym, _, channel = r["key"].partition("|")
        month = date.fromisoformat(ym + "-01")
        for k in ((month, channel or None), (month, None)):
            acc = out.setdefault(k, {})
            for line, sign in REGISTRY_LINES.items():
                acc[line] = acc.get(line, 0.0) + sign * (r.get(line) or 0.0)
    return out


def _expenses(con, start: date, end: date, base: str | None, through: date | None) -> pl.DataFrame:
    """Returns month, category, department, channel, amount (days up to `through`, the P&L's days) and month_amount
    (the whole month) from marts.expense_days; ≥ 0 = a cost, base currency. Grouped by the expense's own day."""
    f = Filters(start=start, end=end, base_currency=base)
    with query.cursor(con, f) as cur:
        if not query.has_expenses(cur):
            cols = {"month": pl.Date, "category": pl.String, "department": pl.String, "channel": pl.String}
            return pl.DataFrame(schema={**cols, "amount": pl.Float64, "month_amount": pl.Float64})
        return cur.sql(
            "select date_trunc('month', day)::date as month, category, department, channel, "
            "coalesce(sum(amount_base) filter (where day <= ?), 0) as amount, sum(amount_base) as month_amount "
            "from marts.expense_days where day between ? and ? group by all",
            params=[through or start, start, end],
        ).pl()


def _expense_actual(exp: pl.DataFrame, month: date, line: str, channel, department, col: str = "amount") -> float:
    rows = exp.filter(pl.col("month") == month)
    if line.startswith("expense:"):
        rows = rows.filter(pl.col("category") == line.split(":", 1)[1])
    if channel:
        rows = rows.filter(pl.col("channel") == channel)
    if department:
        rows = rows.filter(pl.col("department").str.to_lowercase() == department.lower())
    return -float(rows.get_column(col).sum() or 0.0)


def budget_vs_actual(con, base_currency: str | None = None, months: list[date] | None = None) -> pl.DataFrame:
    """Returns one row per budget line (of `months`, first days, when given) with columns SCHEMA: budget,
    budget_to_date (budget × days with data ÷ days in the month), actual, variance (actual − budget_to_date), attainment (actual / budget), forecast (running month: run-rate, expense lines: the
    month's booked amount; a closed month: its actual), forecast_variance, favourable (judged on the forecast),
    month_status (closed | running | not_started), fx_missing. Money in base currency, P&L sign. Sorted by month,
    P&L line order, channel."""
    plan = budget_lines(con, base_currency)
    if months:
        plan = plan.filter(pl.col("month").is_in(months))
    if plan.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    start, end = plan["month"].min(), _month_end(plan["month"].max())
    last = data_through(con, end)
    # actuals per currency they are measured in: the base, and each other budget currency that has a budget rate
    others = plan.filter(pl.col("measure_in").is_not_null() & pl.col("budget_rate").is_not_null())
    actuals = {
        None: (_registry_actuals(con, start, end, base_currency), _expenses(con, start, end, base_currency, last))
    }
    for c in sorted(others["measure_in"].unique().to_list()):
        actuals[c] = (_registry_actuals(con, start, end, c), _expenses(con, start, end, c, last))
    rows = []
    for r in plan.iter_rows(named=True):
        m, line, ch, dept = r["month"], r["line"], r["channel"], r["department"]
        own = r["measure_in"] if r["measure_in"] in actuals and r["budget_rate"] is not None else None
        reg, exp = actuals[own]
        rate = r["budget_rate"] if own else 1.0  # the budget's rate converts the actual measured in its currency
        m_end = _month_end(m)
        status = "not_started" if last is None or last < m else "closed" if last >= m_end else "running"
        actual = forecast = share = None
        if status != "not_started":
            through = min(last, m_end)
            share = ((through - m).days + 1) / ((m_end - m).days + 1)  # days with data ÷ days in the month
            if line in REGISTRY_LINES and not dept:
                actual = reg.get((m, ch), {}).get(line, 0.0)
                forecast = run_rate_forecast(actual, m, m_end, through)
            elif line == "expenses" or line.startswith("expense:"):
                actual = _expense_actual(exp, m, line, ch, dept)
                forecast = _expense_actual(exp, m, line, ch, dept, "month_amount")
            elif line == "operating_profit" and not dept:
                np_ = reg.get((m, ch), {}).get("net_profit", 0.0)
                actual = np_ + _expense_actual(exp, m, "expenses", ch, None)
                forecast = run_rate_forecast(np_, m, m_end, through) + _expense_actual(
                    exp, m, "expenses", ch, None, "month_amount"
                )
        actual = None if actual is None else actual * rate
        forecast = None if forecast is None else forecast * rate
        budget = r["budget"]
        to_date = None if budget is None or share is None else budget * share
        variance = None if actual is None or to_date is None else actual - to_date
        fvar = None if forecast is None or budget is None else forecast - budget
        rows.append({
            "month": m, "line": line, "channel": ch, "department": dept, "currency": r["currency"], "budget": budget,
            "budget_to_date": to_date, "actual": actual, "variance": variance,
            "attainment": actual / budget if actual is not None and budget else None, "forecast": forecast, "forecast_variance": fvar,
            "favourable": None if fvar is None else round(fvar, 6) >= 0,  # float dust: on budget is favourable
            "month_status": status, "fx_missing": budget is None,
        })  # fmt: skip
    order = {lid: i for i, lid in enumerate(LINE_ORDER)}
    frame = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    rank = pl.col("line").replace_strict(order, default=len(order), return_dtype=pl.Int64)
    return frame.sort(["month", rank, "channel", "department"], nulls_last=False)


def biggest_unfavourable(frame: pl.DataFrame, n: int = 8) -> pl.DataFrame:
    """Returns the lines judged on their forecast variance, most unfavourable (most negative) first, at most n."""
    return frame.filter(pl.col("forecast_variance").is_not_null()).sort("forecast_variance").head(n)


def meeting_rows(con, start: date, end: date, base_currency: str | None = None) -> list[dict]:
    """Returns the finance view's budget-variance rows for the months overlapping [start, end], biggest unfavourable
    first: month (YYYY-MM), budget_line, channel, department (None = the whole company), budget, actual, forecast,
    forecast_variance, budget_attainment, verdict (favourable | unfavourable, judged on the forecast variance)."""
    months = [
        m for m in budget_lines(con, base_currency)["month"].unique().to_list() if m <= end and _month_end(m) >= start
    ]
    if not months:
        return []
    top = biggest_unfavourable(budget_vs_actual(con, base_currency, months))
    return [{
        "month": r["month"].strftime("%Y-%m"), "budget_line": r["line"], "channel": r["channel"],
        "department": r["department"], "budget": r["budget"], "actual": r["actual"], "forecast": r["forecast"],
        "forecast_variance": r["forecast_variance"], "budget_attainment": r["attainment"],
        "verdict": "favourable" if r["favourable"] else "unfavourable",
    } for r in top.iter_rows(named=True)]  # fmt: skip


def minutes_lines(payload: dict, language: str) -> list[tuple[str, str]]:
    """Returns the minutes' budget figures of a frozen finance payload: (label, "variance (verdict)") per line."""
    from metrics.core.registry import channel_name
    from metrics.meeting.headlines import format_value

    zh, names = language == "zh", line_names()
    out = []
    for r in (payload.get("tables") or {}).get("budget_variance") or []:
        name = names.get(r["budget_line"], (r["budget_line"],) * 2)[0 if zh else 1]
        where = f" · {channel_name(r['channel'], language)}" if r.get("channel") else ""
        where += f" · {r['department']}" if r.get("department") else ""  # one department's line, not the company's
        label = f"{'预算差异' if zh else 'Budget variance'} {r['month']} {name}{where}"
        value = format_value(r["forecast_variance"], "money", payload.get("currency", "CNY"), language)
        word = {"favourable": ("有利", "favourable"), "unfavourable": ("不利", "unfavourable")}[r["verdict"]]
        out.append((label, f"{value} ({word[0 if zh else 1]})"))
    return out
