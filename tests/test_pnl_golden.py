"""Golden management P&L (经营利润表): two months, two channels, expenses in CNY and USD, both calendars.

Fixture company (tests/fixtures/exports/pnl/, real export layouts), base currency CNY:
- FX (CNY per USD): 1 Jan 7.0, 1 Feb 7.2 (ASOF: latest on or before the day).
- CAM-A costs 90 + 6 + 4 = 100 CNY per unit (landed cost template, no batches); restock rate 0.
- amazon.com (transaction report, USD; the all-orders report dates A2's purchase):
  A1 2 u, 10 Jan: sales 100, fees −15 −8;  storage −10 (20 Jan);  ad charge −20 (25 Jan, no ads report: ad spend)
  A2 1 u, purchased 31 Jan, posted 1 Feb: sales 50, fees −7.5 −4
  A3 1 u, 12 Feb: sales 50, fees −7.5 −4;  refund A1 1 u, 15 Feb: −50, fee back +6
  reimbursement +20 (20 Feb, other income);  ad charge −30 (25 Feb)
- shopify (orders export, USD, no Payments report: no fees): #2001 1 u 80 (15 Jan); #2002 2 u × 60 = 120 (5 Feb)
- expenses (Chinese headers): salaries 31,000 CNY a month Jan–Feb (recurring, company-wide); software 100 USD on
  15 Jan, recurring to Feb (company-wide); 3PL 300 USD for February (shopify, spread over Feb's 28 days);
  samples 500 CNY on 20 Jan (amazon.com).

By hand, in CNY (an amount takes the rate of its event day in both calendars):
  A1 700, fees −23 × 7 = −161, cogs 200;  storage −70;  ad Jan 140
  A2 350 (rate of 31 Jan), fees −11.5 × 7 = −80.5, cogs 100
  A3 50 × 7.2 = 360, fees −11.5 × 7.2 = −82.8, cogs 100;  refund −360, fee +6 × 7.2 = +43.2
  reimbursement 20 × 7.2 = 144;  ad Feb 30 × 7.2 = 216
  #2001 80 × 7 = 560, cogs 100;  #2002 120 × 7.2 = 864, cogs 200
  expenses Jan: salaries 31,000 + software 700 + samples 500 = 32,200 (amazon 500, company 31,700)
  expenses Feb: salaries 31,000 + software 100 × 7.2 = 720 + 3PL 300 × 7.2 = 2,160 = 33,880 (shopify 2,160)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from metrics.accounts.pnl import line_ids, month_keys, pnl, previous_period, summary
from metrics.core.api import Filters, kpis
from warehouse.ingest.importer import Warehouse

FOLDER = Path(__file__).resolve().parent / "fixtures" / "exports" / "pnl"
FILES = ["sku_map.csv", "fx_rates.csv", "landed_costs.csv", "transactions_us.csv", "all_orders_us.txt",
         "shopify_orders.csv", "expenses.csv"]  # fmt: skip
JAN_FEB = {"start": date(2026, 1, 1), "end": date(2026, 2, 28)}
approx = pytest.approx


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pnl")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    for name in FILES:
        result = wh.ingest_path(FOLDER / name)
        assert result.status == "imported", result.message
    yield wh
    wh.close()


def _grid(section, scope: str) -> dict[str, list[float]]:
    return {r.line: [round(r.months[m], 6) for m in section.months] for r in section.rows if r.scope == scope}


# operational calendar: A2 sold 31 Jan belongs to January
OPERATIONAL = {
    "amazon": {
        "net_sales": [700 + 350, 360 - 360],  # A1 + A2 | A3 − refund
        "marketplace_fees": [-161 - 80.5, -82.8 + 43.2],
        "cogs": [-(200 + 100), -100],
        "other_fees": [-70, 0],
        "contribution_before_ads": [1050 - 241.5 - 300 - 70, 0 - 39.6 - 100],  # 438.5 | −139.6
        "other_income": [0, 144],
        "ad_spend": [-140, -216],
        "net_profit": [438.5 - 140, -139.6 + 144 - 216],  # 298.5 | −211.6
        "expense:samples": [-500, 0],
        "expenses": [-500, 0],
        "operating_profit": [298.5 - 500, -211.6],
    },
    "shopify": {
        "net_sales": [560, 864], "marketplace_fees": [0, 0], "cogs": [-100, -200], "other_fees": [0, 0],
        "contribution_before_ads": [460, 664], "other_income": [0, 0], "ad_spend": [0, 0],
        "net_profit": [460, 664], "expense:warehouse_3pl": [0, -2160], "expenses": [0, -2160],
        "operating_profit": [460, 664 - 2160],
    },
    "company": {
        "expense:salaries": [-31000, -31000], "expense:software": [-700, -720], "expenses": [-31700, -31720],
        "operating_profit": [-31700, -31720],
    },
    "total": {
        "net_sales": [1050 + 560, 0 + 864],
        "marketplace_fees": [-241.5, -39.6],
        "cogs": [-400, -300],
        "other_fees": [-70, 0],
        "contribution_before_ads": [1610 - 241.5 - 400 - 70, 864 - 39.6 - 300],  # 898.5 | 524.4
        "other_income": [0, 144],
        "ad_spend": [-140, -216],
        "net_profit": [898.5 - 140, 524.4 + 144 - 216],  # 758.5 | 452.4
        "expense:salaries": [-31000, -31000],
        "expense:software": [-700, -720],
        "expense:warehouse_3pl": [0, -2160],
        "expense:samples": [-500, 0],
        "expenses": [-32200, -33880],
        "operating_profit": [758.5 - 32200, 452.4 - 33880],  # −31,441.5 | −33,427.6
    },
}  # fmt: skip

# financial calendar: A2 posted 1 Feb moves to February (at its own day's rate, 7.0); expenses stay on their day
FINANCIAL_AMAZON = {
    "net_sales": [700, 350 + 360 - 360],
    "marketplace_fees": [-161, -80.5 - 82.8 + 43.2],  # −161 | −120.1
    "cogs": [-200, -200],
    "contribution_before_ads": [700 - 161 - 200 - 70, 350 - 120.1 - 200],  # 269 | 29.9
    "net_profit": [269 - 140, 29.9 + 144 - 216],  # 129 | −42.1
    "operating_profit": [129 - 500, -42.1],
}


def test_operational_pnl_by_channel(company):
    section = pnl(company.con, Filters(**JAN_FEB), by="channel")
    assert section.months == ["2026-01", "2026-02"] and section.base_currency == "CNY"
    assert (section.rows[0].scope, section.rows[-1].scope) == ("amazon", "total")
    assert [r.line for r in section.rows if r.scope == "total"] == line_ids(
        ("salaries", "software", "warehouse_3pl", "samples")
    )
    for scope, lines in OPERATIONAL.items():
        grid = _grid(section, scope)
        for line, want in lines.items():
            assert grid[line] == approx(want, abs=1e-6), (scope, line)
    assert section.warnings == []


def test_financial_calendar_moves_posted_order(company):
    section = pnl(company.con, Filters(**JAN_FEB, calendar="financial"), by="channel")
    grid = _grid(section, "amazon")
    for line, want in FINANCIAL_AMAZON.items():
        assert grid[line] == approx(want, abs=1e-6), line
    # the two calendars move money between months, never in or out of the period; expenses are the same
    op = {r.line: r.total for r in pnl(company.con, Filters(**JAN_FEB), by="total").rows}
    fin = {r.line: r.total for r in section.rows if r.scope == "total"}
    assert fin == approx(op, abs=1e-6)
    assert _grid(section, "company") == _grid(pnl(company.con, Filters(**JAN_FEB), by="channel"), "company")


def test_every_subtotal_is_the_sum_of_the_lines_above(company):
    """Invariant over every scope × month × calendar: the signed lines add up to each subtotal."""
    for cal in ("operational", "financial"):
        for by in ("total", "channel", "marketplace", "store"):
            section = pnl(company.con, Filters(**JAN_FEB, calendar=cal), by=by, compare=False)
            for scope in {r.scope for r in section.rows}:
                for m in section.months:
                    v = {r.line: r.months[m] for r in section.rows if r.scope == scope}
                    cba = v["net_sales"] + v["marketplace_fees"] + v["cogs"] + v["other_fees"]
                    assert v["contribution_before_ads"] == approx(cba, abs=1e-6)
                    np_ = cba + v["other_income"] + v["ad_spend"]
                    assert v["net_profit"] == approx(np_, abs=1e-6)
                    exp = sum(x for k, x in v.items() if k.startswith("expense:"))
                    assert v["expenses"] == approx(exp, abs=1e-6)
                    assert v["operating_profit"] == approx(np_ + exp, abs=1e-6)
            # scopes add up to the total
            for r in (r for r in section.rows if r.scope == "total"):
                parts = sum(x.total for x in section.rows if x.scope != "total" and x.line == r.line)
                assert r.total == approx(parts if by != "total" else r.total, abs=1e-6)


def test_previous_month_and_kpis(company):
    feb = Filters(start=date(2026, 2, 1), end=date(2026, 2, 28))
    section = pnl(company.con, feb)
    assert section.previous == (date(2026, 1, 1), date(2026, 1, 31))  # whole months: the month before
    s = summary(section)
    assert s["operating_profit"] == approx(-33427.6) and s["operating_profit_previous"] == approx(-31441.5)
    assert s["net_sales_last_year"] == 0
    # the registry's expenses / operating_profit through the KPI path agree with the P&L
    values = kpis(company.con, feb)
    assert values["expenses"] == approx(33880) and values["operating_profit"] == approx(-33427.6)
    assert values["operating_margin"] == approx(-33427.6 / 864)
    # channel slice: only the expenses that name the channel (company-wide ones are not allocated)
    assert kpis(company.con, feb.model_copy(update={"channel": "shopify"}))["expenses"] == approx(2160)


def test_month_entry_is_spread_by_day(company):
    # 3PL 300 USD for February over 28 days: 10 days (1–10 Feb) hold 10/28 of it, at 7.2
    f = Filters(start=date(2026, 2, 1), end=date(2026, 2, 10), channel="shopify")
    assert kpis(company.con, f)["expenses"] == approx(300 * 7.2 * 10 / 28)
    # salaries 31,000 for January: a period of 15–31 Jan (17 days) holds 17/31 of it
    rows = pnl(company.con, Filters(start=date(2026, 1, 15), end=date(2026, 1, 31))).rows
    salaries = next(r for r in rows if r.line == "expense:salaries")
    assert salaries.total == approx(-31000 * 17 / 31)
    assert previous_period(date(2026, 1, 15), date(2026, 1, 31)) == (date(2025, 12, 29), date(2026, 1, 14))
    assert month_keys(date(2025, 12, 20), date(2026, 2, 1)) == ["2025-12", "2026-01", "2026-02"]


def test_missing_fx_rate_is_warned_never_one(tmp_path):
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        head = "Month,Category,Amount,Currency,Department\n"
        assert wh.ingest_bytes((head + "2026-01,rent,1000,EUR,admin\n").encode(), "eur.csv").status == "imported"
        section = pnl(wh.con, Filters(start=date(2026, 1, 1), end=date(2026, 1, 31)))
        assert next(r for r in section.rows if r.line == "expenses").total == 0  # left out, not 1,000 at 1.0
        assert len(section.warnings) == 1 and "EUR" in section.warnings[0]
        # 1,000 EUR for January spread over its 31 days: 31 expense days without a rate
        assert section.missing_fx == [("EUR", "CNY", 31, date(2026, 1, 1), date(2026, 1, 31))]
    finally:
        wh.close()


def test_meeting_finance_view_and_minutes_carry_the_pnl(company):
    from datetime import datetime

    from metrics.meeting import store
    from metrics.meeting.minutes import minutes_markdown
    from metrics.meeting.report import build_minutes
    from metrics.meeting.snapshot import start_meeting
    from metrics.meeting.views import build_views

    finance = build_views(company.con, date(2026, 2, 1), date(2026, 2, 28))["finance"]
    rows = {r["pnl_line"]: r for r in finance["tables"]["pnl"]}
    # the data end on 25 Feb (the ad charge): the meeting reads 1-25 Feb, as the P&L page's February does, against
    # the 25 days before (7-31 Jan). By hand above: February's net profit 33,880 − 33,427.6 = 452.4 (every sale by
    # 25 Feb); expenses 1-25 Feb = salaries 31,000 × 25/28 = 27,678.57 + software 720 (15 Feb) + 3PL 2,160 × 25/28
    # = 1,928.57 → 30,327.14, operating profit 452.4 − 30,327.14 = −29,874.74. January's net profit −31,441.5 +
    # 32,200 = 758.5 (every event on or after 7 Jan); expenses 7-31 Jan = 31,000 × 25/31 = 25,000 + software 700
    # (15 Jan) + samples 500 (20 Jan) = 26,200 → operating profit −25,441.5
    feb = 452.4 - (31000 * 25 / 28 + 720 + 2160 * 25 / 28)
    assert finance["data_through"] == "2026-02-25" and finance["compared"]["previous"] == ["2026-01-07", "2026-01-31"]
    assert rows["operating_profit"]["amount"] == approx(feb) == approx(-29874.74, abs=0.01)
    assert rows["operating_profit"]["pnl_previous"] == approx(-25441.5)
    assert rows["operating_profit"]["pnl_change"] == approx(feb + 25441.5)
    assert rows["expense:warehouse_3pl"]["amount"] == approx(-2160 * 25 / 28) and rows["expense:samples"]["amount"] == 0
    assert finance["figures"]["operating_profit"]["value"] == approx(feb)
    # the P&L of the same days says the same (one definition: metrics.accounts.pnl)
    page = summary(pnl(company.con, Filters(start=date(2026, 2, 1), end=date(2026, 2, 25))))
    assert page["operating_profit"] == approx(feb) and page["operating_profit_previous"] == approx(-25441.5)
    mid = store.create_meeting(company.con, "February review", date(2026, 2, 1), date(2026, 2, 28), language="en")
    start_meeting(company.con, mid, datetime(2026, 3, 2, 9, 0))
    text = minutes_markdown(build_minutes(company.con, mid))
    assert "- Operating profit:" in text and "3PL / overseas warehouse" in text and "previous:" in text


def test_expense_spread_invariant_holds_on_the_company(company):
    sql = (Path(__file__).resolve().parent.parent / "sql" / "tests" / "expenses_spread_conserved.sql").read_text()
    cur = company.cursor()
    try:
        assert cur.sql(sql).fetchall() == []
        # and catches a broken spread: one day of a month entry dropped
        broken = sql.replace("from marts.expense_days\n", "from marts.expense_days where day <> '2026-02-14'\n", 1)
        assert cur.sql(broken).fetchall()
    finally:
        cur.close()
