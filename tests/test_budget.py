"""Budget vs actual and targets on the golden company (tests/test_metrics_golden.py), every value computed by hand.

Actuals of March 2026 (operational calendar, CNY), from the golden scenario's hand arithmetic:
  net_sales 5868, marketplace_fees −1317.6, cogs 1687.1 (P&L: −1687.1), ad_spend 446 (P&L: −446),
  net_profit 1800.8, units 12, all on channel amazon; no expenses imported (so expenses = 0,
  operating_profit = net_profit − 0 = 1800.8). The last day with data is 31 Mar or later, so March is closed and
  its run-rate forecast is its actual (× 31 / 31).
Budget rates: USD on or before 1 Mar 2026 = 7.0 (the 1 Mar rate).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from metrics.accounts import budget as ab
from metrics.accounts import targets
from metrics.core import api
from tests.conftest import rows, table_state
from tests.test_metrics_golden import build_golden

approx = pytest.approx
MARCH = date(2026, 3, 1)
# March net sales in USD: amazon.com 190 + 80 + 85 + 200 − 95 + 100 = 560 USD; amazon.de O2 180 EUR on 10 Mar at
# 8.0 / 7.0 and O6 60 EUR on 16 Mar at 7.5 / 7.2 (CNY per EUR over CNY per USD that day)
WHOLE_USD = 560 + 180 * 8.0 / 7.0 + 60 * 7.5 / 7.2  # 828.2143

BUDGET = (
    "月份,利润表项目,金额,币种,部门,渠道\n"
    "2026-03,净销售额,800,USD,,\n"  # 800 USD × 7.0 = 5600 CNY
    "2026-03,ad_spend,400,CNY,,\n"  # a cost written positive: −400
    "2026/03,cogs,-1800,CNY,,\n"  # a cost written negative: −1800
    "2026年3月,Marketplace fees,1200,CNY,,Amazon\n"  # −1200 on channel amazon
    "2026-03,net_profit,2000,CNY,,\n"
    "2026-03,expenses,500,CNY,,\n"  # −500
    "2026-03,经营利润,1500,CNY,,\n"
    "2026-03,net_sales,100,CNY,,tiktok\n"  # no TikTok sales in the golden company
    "2026-03,net_sales,1000,CNY,sales,\n"  # sales are not booked by department: no actual
    "2027-01,net_sales,9000,CNY,,\n"  # a month without data yet
)


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    wh = build_golden(tmp_path_factory.mktemp("golden_budget"))
    r = wh.ingest_bytes(BUDGET.encode("utf-8"), "预算.csv")
    assert r.status == "imported", r.message
    t = "metric_id,period,channel,target,direction\nnet_margin,2026-03,,0.35,\nunits,2026-03,amazon,15,\n"
    t += "ad_spend,2026-Q1,,500,down\nnet_sales,2026-03,,6000,\nno_such_metric,2026-03,,1,\n"
    r = wh.ingest_bytes(t.encode(), "targets.csv")
    assert r.status == "imported", r.message
    yield wh
    wh.close()


def _by(frame, line, channel=None, department=None, month=MARCH):
    hit = [r for r in frame.iter_rows(named=True) if (r["month"], r["line"], r["channel"], r["department"])
           == (month, line, channel, department)]  # fmt: skip
    assert len(hit) == 1, (line, channel, department)
    return hit[0]


def test_budget_variance_golden(gold):
    f = ab.budget_vs_actual(gold.con)
    assert f.height == 10
    ns = _by(f, "net_sales")
    assert ns["budget"] == approx(5600)  # 800 × 7.0
    # budgeted in USD: measured in USD (560 USD + 180 EUR × 8.0/7.0 + 60 EUR × 7.5/7.2 = 828.2143 USD, the P&L's
    # 5,868 CNY at each day's rate) and converted at the budget's rate 7.0 as the budget is: 5,797.50 CNY
    assert ns["actual"] == approx(WHOLE_USD * 7.0)
    assert ns["variance"] == approx(197.5)  # 5,797.5 − 5,600 = (828.2143 − 800) USD × 7.0
    assert ns["attainment"] == approx(WHOLE_USD / 800)  # 1.0353: the same in USD and in CNY
    assert ns["favourable"] is True and ns["month_status"] == "closed"
    assert ns["forecast"] == approx(WHOLE_USD * 7.0)  # closed month: the actual × 31 / 31
    ad = _by(f, "ad_spend")
    assert (ad["budget"], ad["actual"]) == (approx(-400), approx(-446))
    assert ad["variance"] == approx(-46)  # −446 − (−400): spent 46 more than budgeted
    assert ad["attainment"] == approx(446 / 400)  # 1.115 of the cost budget used
    assert ad["favourable"] is False
    cogs = _by(f, "cogs")
    assert cogs["variance"] == approx(112.9)  # −1687.1 − (−1800): 112.9 under budget
    assert cogs["favourable"] is True
    fees = _by(f, "marketplace_fees", channel="amazon")
    assert fees["variance"] == approx(-117.6)  # −1317.6 − (−1200)
    np_ = _by(f, "net_profit")
    assert np_["variance"] == approx(-199.2)  # 1800.8 − 2000
    ex = _by(f, "expenses")
    assert (ex["budget"], ex["actual"], ex["variance"]) == (approx(-500), approx(0), approx(500))  # none imported
    op = _by(f, "operating_profit")
    assert op["actual"] == approx(1800.8) and op["variance"] == approx(300.8)  # 1800.8 − 0 − 1500
    tt = _by(f, "net_sales", channel="tiktok")
    assert (tt["actual"], tt["variance"], tt["attainment"]) == (approx(0), approx(-100), approx(0))
    dept = _by(f, "net_sales", department="sales")
    assert dept["actual"] is None and dept["variance"] is None
    future = _by(f, "net_sales", month=date(2027, 1, 1))
    assert future["month_status"] == "not_started" and future["actual"] is None


def test_variance_sign_invariant(gold):
    """Whatever the line, favourable ⇔ forecast ≥ budget in P&L sign, and variance = actual − budget to date."""
    for r in ab.budget_vs_actual(gold.con).iter_rows(named=True):
        if r["actual"] is not None:
            assert r["variance"] == approx(r["actual"] - r["budget_to_date"])
            assert r["favourable"] == (round(r["forecast"] - r["budget"], 6) >= 0)
        if ab.is_cost(r["line"]):
            assert r["budget"] <= 0


def test_meeting_rows_biggest_unfavourable_first(gold):
    got = ab.meeting_rows(gold.con, date(2026, 3, 1), date(2026, 3, 31))
    # unfavourable: net_profit −199.2, fees −117.6, TikTok sales −100, ad spend −46; then the favourable ones
    assert [(r["budget_line"], r["verdict"]) for r in got[:4]] == [
        ("net_profit", "unfavourable"), ("marketplace_fees", "unfavourable"), ("net_sales", "unfavourable"),
        ("ad_spend", "unfavourable"),
    ]  # fmt: skip
    lines = ab.minutes_lines({"currency": "CNY", "tables": {"budget_variance": got}}, "en")
    assert lines[0][0] == "Budget variance 2026-03 Net profit" and "unfavourable" in lines[0][1]
    zh = ab.minutes_lines({"currency": "CNY", "tables": {"budget_variance": got}}, "zh")
    assert zh[0][0] == "预算差异 2026-03 净利润" and "不利" in zh[0][1]
    # a department's line says whose it is (the meeting showed a department's salaries as if the company's);
    # (the sales department's line has no actual, so no variance, and is not among these rows: a made-up one is)
    assert all("department" in r and r["department"] is None for r in got)
    salaries = {**got[0], "budget_line": "expense:salaries", "department": "运营"}
    dept = ab.minutes_lines({"currency": "CNY", "tables": {"budget_variance": [salaries]}}, "en")
    assert dept[0][0] == "Budget variance 2026-03 Expenses: Salaries · 运营"


def test_bad_budget_line_is_refused_with_one_sentence(gold, tmp_path):
    before = table_state(gold)
    bad = "month,line,amount,currency\n2026-03,net_sales,1,CNY\n2026-03,净收入,5,CNY\n"
    r = gold.ingest_bytes(bad.encode("utf-8"), "budget_bad.csv")
    assert r.status == "rejected"
    assert r.message.startswith(
        "budget_bad.csv: row 3, column 'line': '净收入' is not a P&L line; use one of net_sales"
    )
    assert r.message.endswith("correct that cell and upload the file again.")
    bad_month = "month,line,amount,currency\n2026-13,net_sales,1,CNY\n"
    r = gold.ingest_bytes(bad_month.encode(), "budget_month.csv")
    assert (
        r.status == "rejected" and "row 2, column 'month': '2026-13' is not a month; write it as YYYY-MM" in r.message
    )
    assert table_state(gold) == before  # nothing changed


def test_targets_periods_and_tile_scores(gold):
    t = targets.targets(gold.con)
    q1 = t.filter(t["metric_id"] == "ad_spend").row(0, named=True)
    assert (q1["period_start"], q1["period_end"]) == (date(2026, 1, 1), date(2026, 3, 31))  # 2026-Q1
    assert targets.unknown_metrics(gold.con) == ["no_such_metric"]
    f = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
    s = targets.scores_for(gold.con, f, ["net_margin", "units", "ad_spend", "net_sales"])
    assert set(s) == {"net_margin", "ad_spend", "net_sales"}  # the units target is amazon's, not the whole view's
    assert s["net_margin"]["value"] == approx(1800.8 / 5868)  # 0.30689
    assert s["net_margin"]["attainment"] == approx(1800.8 / 5868 / 0.35)  # 0.87683 (a level: forecast = value)
    assert s["net_sales"]["attainment"] == approx(5868 / 6000)  # 0.978
    assert s["net_sales"]["status"] == "on_track"  # ≥ 95 %
    amazon = targets.scores_for(gold.con, f.model_copy(update={"channel": "amazon"}), ["units"])
    assert amazon["units"]["value"] == 12 and amazon["units"]["attainment"] == approx(12 / 15)  # 0.8
    assert amazon["units"]["status"] == "at_risk"  # 0.80: between 75 % and 95 %
    # a headline uses a company-wide target whose period is the meeting's (net sales, net margin for March)
    assert targets.headline_targets(gold.con, date(2026, 3, 1), date(2026, 3, 31)) == {
        "net_margin": 0.35, "net_sales": 6000.0,
    }  # fmt: skip


def test_budget_editor_rows_round_trip(gold):
    from warehouse.ingest.templates import current_rows

    got = current_rows(gold.con, "tpl_budget")
    assert got.columns == ["month", "line", "amount", "currency", "department", "channel"]
    assert ("2026-03", "marketplace_fees", 1200.0, "CNY", None, "amazon") in got.rows()
    assert rows(gold, "select count(*) from staging.budget")[0][0] == 10


def test_meeting_finance_view_headline_and_minutes(gold):
    from metrics.meeting import store
    from metrics.meeting.minutes import minutes_markdown
    from metrics.meeting.report import build_minutes
    from metrics.meeting.snapshot import frozen_views, start_meeting

    mid = store.create_meeting(gold.con, "March review", date(2026, 3, 1), date(2026, 3, 31), language="en")
    start_meeting(gold.con, mid, datetime(2026, 4, 2, 9, 0))
    _, views = frozen_views(gold.con, mid)
    rows_ = views["finance"]["tables"]["budget_variance"]
    assert rows_[0]["budget_line"] == "net_profit" and rows_[0]["forecast_variance"] == approx(-199.2)
    md = minutes_markdown(build_minutes(gold.con, mid))
    assert "- Budget variance 2026-03 Net profit: -¥199 (unfavourable)" in md, md  # 1800.8 − 2000, rounded
    # no key result is bound: the sales headline takes the targets sheet's March net sales target 6,000
    # 5868 / 6000 = 97.8 % → "97.8% of target" (one decimal; Babel en_US: no space before %); 5,868 → ¥5.87K (three
    # significant digits); gap 6000 − 5868 = 132
    assert "**March net sales ¥5.87K, 97.8% of target; gap ¥132**" in md, md


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),  # a month: 1st to its last day (30 days in November)
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),  # 2026 is no leap year
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),  # Q4 = Oct–Dec
        ("2026q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026年Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-11-05..2026-11-20", date(2026, 11, 5), date(2026, 11, 20)),
        ("2026-11-05 至 2026-11-20", date(2026, 11, 5), date(2026, 11, 20)),
        ("2026-11-01 00:00:00", date(2026, 11, 1), date(2026, 11, 30)),  # "2026-11" typed into Excel
        ("2026年11月", date(2026, 11, 1), date(2026, 11, 30)),
        ("November", None, None),
    ],
)
def test_target_periods(cell, start, end):
    import duckdb

    from warehouse.formats.sheets.plan import period_sql

    cur = duckdb.connect()
    got = cur.sql(f"select {period_sql('p', 'start')}, {period_sql('p', 'end')} from (select ? as p)", params=[cell])
    assert got.fetchall() == [(start, end)]


# A running month: the golden company plus one Amazon ads row on 15 Apr 2026 (10 USD at the 15 Mar rate 7.2 =
# 72 CNY, no sales), so the data runs to 15 Apr of a 30-day April. Expenses for April: rent 6,000 CNY for the
# month (spread over 30 days: 200 a day) and samples 500 CNY dated 25 Apr (after the data's last day).
ADS_APRIL = (
    "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Retailer,Country,Advertised SKU,Advertised ASIN,"
    "Impressions,Clicks,Click-Thru Rate (CTR),Cost Per Click (CPC),Spend,7 Day Total Sales ,"
    "Total Advertising Cost of Sales (ACOS) ,Total Return on Advertising Spend (ROAS),7 Day Total Orders (#),"
    "7 Day Total Units (#),7 Day Conversion Rate,7 Day Advertised SKU Units (#),7 Day Other SKU Units (#),"
    "7 Day Advertised SKU Sales ,7 Day Other SKU Sales \n"
    '"Apr 15, 2026",Cameras,USD,SP - CAM-A,Auto,Amazon,US,CAM-A-US,B0GOLDENA1,100,5,5.0000%,$2.00,$10.00,$0.00,'
    "0.0000%,0.00,0,0,0.0000%,0,0,$0.00,$0.00\n"
)
EXPENSES_APRIL = (
    "Date,Month,Category,Amount,Currency,Department\n,2026-04,rent,6000,CNY,admin\n2026-04-25,,samples,500,CNY,sales\n"
)
BUDGET_APRIL = (
    "month,line,amount,currency\n2026-04,expense:rent,6000,CNY\n2026-04,ad_spend,150,CNY\n"
    "2026-04,operating_profit,-6000,CNY\n2026-04,expense:samples,500,CNY\n"
)


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    wh = build_golden(tmp_path_factory.mktemp("golden_running"))
    for body, name in ((ADS_APRIL, "ads_april.csv"), (EXPENSES_APRIL, "费用.csv"), (BUDGET_APRIL, "budget.csv")):
        r = wh.ingest_bytes(body.encode("utf-8"), name)
        assert r.status == "imported", (name, r.message)
    yield wh
    wh.close()


def test_running_month_counts_the_pnl_days_and_forecasts_expenses_once(running):
    from metrics.accounts.pnl import pnl

    april = date(2026, 4, 1)
    f = ab.budget_vs_actual(running.con, months=[april])
    rent = _by(f, "expense:rent", month=april)
    assert rent["month_status"] == "running"
    assert rent["actual"] == approx(-3000)  # −6,000 × 15 / 30: the 15 days with data, not the whole month
    assert rent["forecast"] == approx(-6000)  # the month's booked rent, not −3,000 × 30/15 × 30/15 or −6,000 × 2
    assert rent["forecast_variance"] == approx(0) and rent["favourable"] is True  # on budget (−6,000)
    samples = _by(f, "expense:samples", month=april)
    assert (samples["actual"], samples["forecast"]) == (approx(0), approx(-500))  # dated 25 Apr: booked, not yet due
    ads = _by(f, "ad_spend", month=april)
    assert (ads["actual"], ads["forecast"]) == (approx(-72), approx(-144))  # 10 × 7.2; run-rate −72 × 30 / 15
    assert ads["favourable"] is True  # −144 ≥ −150
    op = _by(f, "operating_profit", month=april)
    assert op["actual"] == approx(-3072)  # net profit −72 (ads only) + rent −3,000 (samples not yet)
    assert op["forecast"] == approx(-6644)  # −144 − 6,000 − 500
    # the same days in the Management P&L (1–15 Apr) give the same operating profit
    rows_ = pnl(running.con, api.Filters(start=april, end=date(2026, 4, 15))).rows
    assert next(r for r in rows_ if r.line == "operating_profit").total == approx(op["actual"])


def test_demo_running_month_matches_the_pnl(demo_warehouse_file, tmp_path):
    """The demo's November 2026 runs to 20 Nov: the budget page measures the P&L's days, rent is on budget."""
    import shutil

    from metrics.accounts.pnl import pnl
    from warehouse.ingest.importer import Warehouse

    shutil.copyfile(demo_warehouse_file, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        last = api.data_bounds(wh.con)["last"]
        nov = date(2026, 11, 1)
        assert last == date(2026, 11, 20)
        f = ab.budget_vs_actual(wh.con, months=[nov])
        section = pnl(wh.con, api.Filters(start=nov, end=last)).rows
        op = _by(f, "operating_profit", month=nov)
        assert op["actual"] == approx(next(r.total for r in section if r.line == "operating_profit"))
        rent = next(r for r in f.iter_rows(named=True) if r["line"] == "expense:rent")
        assert rent["actual"] == approx(-6500 * 20 / 30)  # −4,333.33: 20 of November's 30 days
        assert rent["forecast"] == approx(-6500) and rent["favourable"] is True  # the month's rent, on budget
    finally:
        wh.close()


def test_running_month_variance_is_against_the_budget_to_date(running):
    """April runs to the 15th of 30 days: the variance compares 15 days of actuals with 15 days of the budget, not
    with the whole month's (which showed a month on budget as far off it)."""
    april = date(2026, 4, 1)
    f = ab.budget_vs_actual(running.con, months=[april])
    rent = _by(f, "expense:rent", month=april)
    assert rent["budget"] == approx(-6000)
    assert rent["budget_to_date"] == approx(-3000)  # −6,000 × 15 days with data / 30 days in April
    assert rent["variance"] == approx(
        0
    )  # actual −3,000 − budget to date −3,000: on budget (was −3,000 − −6,000 = +3,000)
    ads = _by(f, "ad_spend", month=april)
    assert ads["budget_to_date"] == approx(-75)  # −150 × 15 / 30
    assert ads["variance"] == approx(3)  # −72 − (−75): 3 less spent than the budget for 15 days
    assert ads["forecast_variance"] == approx(6)  # forecast −144 − budget −150: what the verdict and the chart show
    op = _by(f, "operating_profit", month=april)
    assert op["budget_to_date"] == approx(-3000)  # −6,000 × 15 / 30
    assert op["variance"] == approx(-72)  # −3,072 − (−3,000)


def test_closed_month_budget_to_date_is_the_whole_budget(gold):
    f = ab.budget_vs_actual(gold.con, months=[MARCH])
    ns = _by(f, "net_sales")
    assert ns["budget_to_date"] == approx(5600)  # 800 USD × 7.0, all 31 of 31 days
    assert ns["variance"] == approx(197.5)  # 828.2143 USD × 7.0 − 5,600: both at the budget rate
    future = _by(ab.budget_vs_actual(gold.con), "net_sales", month=date(2027, 1, 1))
    assert future["budget_to_date"] is None and future["variance"] is None  # no day with data yet: nothing to compare


# Base USD and a CNY budget (finding 6 of the thirteenth walk): April's rent, 6,000 CNY booked and 6,000 CNY budgeted,
# while the USD rate moves from 7.2 (15 Mar) to 7.5 on 10 Apr. At each day's rate the rent to the 15th is
# −200 × 9 / 7.2 − 200 × 6 / 7.5 = −250 − 160 = −410 USD against a budget to date of −6,000 / 7.2 × 15 / 30 =
# −416.67 USD: +6.67 "favourable", and the month −250 − 200 × 21 / 7.5 = −810 vs −833.33: +23.33. In CNY both are 0.
APRIL_RATE = "Date,Currency,Base currency,Rate\n2026-04-10,USD,CNY,7.5\n"


@pytest.fixture(scope="module")
def running_usd(tmp_path_factory):
    wh = build_golden(tmp_path_factory.mktemp("golden_running_usd"))
    bodies = ((ADS_APRIL, "ads_april.csv"), (EXPENSES_APRIL, "费用.csv"), (BUDGET_APRIL, "budget.csv"),
              (APRIL_RATE, "fx_rates_april.csv"))  # fmt: skip
    for body, name in bodies:
        r = wh.ingest_bytes(body.encode("utf-8"), name)
        assert r.status == "imported", (name, r.message)
    yield wh
    wh.close()


def test_cny_budget_in_usd_base_is_compared_at_one_rate(running_usd):
    april = date(2026, 4, 1)
    f = ab.budget_vs_actual(running_usd.con, "USD", months=[april])
    rent = _by(f, "expense:rent", month=april)
    assert rent["budget"] == approx(-6000 / 7.2)  # −833.33 USD at the rate on or before 1 Apr (15 Mar: 7.2)
    assert rent["actual"] == approx(-3000 / 7.2)  # −3,000 CNY of 15 days at the same rate: −416.67
    assert rent["variance"] == approx(0, abs=1e-9)  # was +6.67
    assert rent["forecast_variance"] == approx(0, abs=1e-9)  # was +23.33
    assert rent["favourable"] is True  # 0.00: the page says "on budget"
    # the same lines in CNY: exactly on budget as well
    cny = _by(ab.budget_vs_actual(running_usd.con, months=[april]), "expense:rent", month=april)
    assert (cny["variance"], cny["forecast_variance"]) == (approx(0, abs=1e-9), approx(0, abs=1e-9))
