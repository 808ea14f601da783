"""Golden cash and profit-bridge values of a tiny company, every figure worked out by hand in the comments.

Fixture company (tests/fixtures/exports/cash_bridge/, real layouts): amazon.com, USD, base CNY, SKU costs in CNY.
- FX (CNY per USD): 7.0 from 1 Feb, 7.2 from 15 Feb, 7.5 from 1 Mar. February's average of daily rates:
  (14 days × 7.0 + 14 days × 7.2) / 28 = 7.1.
- Landed cost (CNY/unit): A 100, A 110 from 1 Mar; B 50; C 30.
- Transaction report (settlement id → transfer):
  Feb  5 A 2 u: sales 100, fees −15 −5           S1 ┐ transfer Feb 14 −110
  Feb 10 B 1 u: sales  40, fees −6 −4            S1 ┘
  Feb 20 A 1 u: sales  50, fees −7.5 −2.5        S2 ┐ transfer Feb 28 −30
  Feb 25 ad charge −10 (no ads report: ad spend) S2 ┘
  Mar  3 A 3 u: sales 165, fees −24.75 −7.5      S3 ┐ settlement V2 file: deposit 17 Mar, total 157.75 after a
  Mar  8 C 2 u: sales  60, fees −9 −6            S3 ┘ Current Reserve Amount −20 (its transfer line, 15 Mar, is
                                                      not counted again)
  Mar 20 ad charge −20, storage fee −5           S4 ┐ transfer Mar 31 −39.25
  Mar 25 A 1 u: sales  55, fees −8.25 −2.5       S4 ┘
Periods: this = 1–28 March, comparison = 1–28 February (the previous 28 days).

February in CNY (rate of each day): A units 3, net sales 100×7 + 50×7.2 = 1060, fees −20×7 − 10×7.2 = −212,
COGS 3×100 = 300 → U_A = 548; B units 1, 40×7 = 280, −10×7 = −70, COGS 50 → U_B = 160; ads 10×7.2 = 72.
P0 = 548 + 160 − 72 = 636.
March at 7.5: A units 4, 220×7.5 = 1650, −43×7.5 = −322.5, COGS 4×110 = 440 → 887.5; C units 2, 60×7.5 = 450,
−15×7.5 = −112.5, COGS 60 → 277.5; storage −5×7.5 = −37.5; ads 20×7.5 = 150. P1 = 887.5 + 277.5 − 37.5 − 150 = 977.5.
Change = 977.5 − 636 = 341.5.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from metrics.accounts.bridge import STEPS, balanced_cents, bridge_rows, profit_bridge
from metrics.accounts.cash import cash_section, cash_vs_profit, days_to_cash, receipts_frame, reserves_frame
from metrics.core import api
from metrics.core.settings import set_settings
from tests.conftest import FIXTURES

CB = FIXTURES / "cash_bridge"
MARCH = api.Filters(start=date(2026, 3, 1), end=date(2026, 3, 28), compare="previous")
approx = pytest.approx


def ingest(wh, path: Path) -> None:
    r = wh.ingest_path(path)
    assert r.status == "imported", r.message


@pytest.fixture(scope="module")
def company(tmp_path_factory, empty_warehouse_file):
    import shutil

    from warehouse.ingest.importer import Warehouse

    folder = tmp_path_factory.mktemp("cash_bridge")
    shutil.copyfile(empty_warehouse_file, folder / "wh.duckdb")
    wh = Warehouse(folder / "wh.duckdb", folder / "archive")
    for name in ("fx_rates.csv", "landed_costs.csv", "transactions_us.csv", "settlement_11000000003.txt"):
        ingest(wh, CB / name)
    yield wh
    wh.close()


def steps(bridge) -> dict[str, float]:
    return {s.step: s.amount for s in bridge.steps}


def test_bridge_steps_by_hand(company):
    b = profit_bridge(company.con, MARCH)
    assert b.measure == "net_profit"  # no expenses table: the bridge explains net profit
    assert (b.compare_start, b.compare_end) == ("2026-02-01", "2026-02-28")
    assert b.previous == approx(636) and b.current == approx(977.5) and b.change == approx(341.5)
    assert b.avg_rates == {"USD": approx(7.1)}
    # registry's net profit of both periods is what the bridge starts and ends on
    assert api.kpis(company.con, MARCH)["net_profit"] == approx(977.5)
    assert api.kpis(company.con, MARCH.comparison())["net_profit"] == approx(636)
    s = steps(b)
    # FX: March's money facts at February's average 7.1 instead of 7.5: (220 − 43 + 60 − 15 − 5 − 20) USD = 197 USD
    # × (7.5 − 7.1) = 78.8  → P1* = 977.5 − 78.8 = 898.7
    assert s["fx"] == approx(78.8)
    # unit contributions (restated March at 7.1): A p1* = 220×7.1/4 = 390.5, f1* = −43×7.1/4 = −76.325, c1 = 110
    # → m1*_A = 204.175; C (new) m1*_C = (426 − 106.5 − 60)/2 = 129.75. February: m0_A = 548/3, m0_B = 160,
    # M0 = (548 + 160)/4 = 177; Q0 = 4, Q1 = 6.
    assert s["volume"] == approx(354)  # (6 − 4) × 177
    # Σ q1·m0 − Q1·M0 = 4 × 548/3 + 2 × 129.75 − 6 × 177 = 730.6667 + 259.5 − 1062 = −71.8333 (B sold nothing: 0)
    assert s["mix"] == approx(-71.833333)
    assert s["price"] == approx(148.666667)  # A: 4 × (390.5 − 1060/3) = 1562 − 1413.3333
    assert s["fees"] == approx(-22.633333)  # A: 4 × (−76.325 + 212/3) = −305.3 + 282.6667
    assert s["landed_cost"] == approx(-40)  # A: −4 × (110 − 100)
    assert s["ads"] == approx(-70)  # −(20 × 7.1 − 72)
    assert s["other"] == approx(-35.5)  # storage −5 × 7.1; February had none
    assert s["expenses"] == 0
    # the steps add up to the change: in float, and exactly in cents
    assert sum(s.values()) == approx(b.change, abs=1e-9)
    assert sum(x.cents for x in b.steps) == 34150
    assert [x.cents for x in b.steps] == [35400, 14866, -7183, -2263, -4000, -7000, 7880, -3550, 0]


def test_bridge_rows_run_from_previous_to_current(company):
    rows = bridge_rows(profit_bridge(company.con, MARCH), "en")
    assert [r["step"] for r in rows][:3] == ["Operating profit, comparison", "Volume", "Price"]
    assert rows[0]["amount"] + sum(r["amount"] for r in rows[1:-1]) == approx(rows[-1]["amount"], abs=1e-9)
    assert profit_bridge(company.con, MARCH.model_copy(update={"compare": None})) is None


def test_balanced_cents_gives_missing_cents_to_the_largest_remainders():
    # 0.333 + 0.333 + 0.334 = 1.00: rounded 33 + 33 + 33 = 99 cents, the third (largest remainder .4) takes the cent
    assert balanced_cents([0.333, 0.333, 0.334], 1.0) == [33, 33, 34]
    assert balanced_cents([-0.335, 0.0], -0.33) == [-33, 0]
    # equal remainders (a third of a cent each, one cent too many): the earliest step gives it back
    assert balanced_cents([1 / 3, 1 / 3, 1 / 3], 1.0) == [34, 33, 33]
    assert balanced_cents([-1 / 3, -1 / 3, -1 / 3], -1.0) == [-34, -33, -33]
    assert [len(STEPS)] == [9]


def test_cash_received_and_reserves_by_hand(company):
    march = MARCH.model_copy(update={"end": date(2026, 3, 31), "compare": None})
    r = receipts_frame(company.con, march).select("payout_id", "paid_date", "received", "received_base").rows()
    # S3 from its settlement V2 file: 157.75 USD deposited 17 Mar × 7.5 = 1183.125 CNY (its 15 Mar transfer line is
    # the same money); S4 from the transaction report: 39.25 × 7.5 = 294.375 on 31 Mar
    assert r == [
        ("11000000003", date(2026, 3, 17), approx(157.75), approx(1183.125)),
        ("11000000004", date(2026, 3, 31), approx(39.25), approx(294.375)),
    ]
    feb = march.model_copy(update={"start": date(2026, 2, 1), "end": date(2026, 2, 28)})
    # S1 110 on 14 Feb × 7.0 = 770; S2 30 on 28 Feb × 7.2 = 216
    assert receipts_frame(company.con, feb)["received_base"].to_list() == [approx(770), approx(216)]
    months = cash_vs_profit(company.con, march.model_copy(update={"start": date(2026, 2, 1)}), "month")
    assert months.rows() == [
        (date(2026, 2, 1), approx(986), approx(636), approx(350)),  # 770 + 216 vs P0 636
        (date(2026, 3, 1), approx(1477.5), approx(977.5), approx(500)),  # 1183.125 + 294.375 vs P1 977.5
    ]
    # a period starting mid-month keeps one row per month: cash and profit meet on the month's first day
    cut = cash_vs_profit(company.con, march.model_copy(update={"start": date(2026, 3, 11)}), "month")
    assert cut["period"].to_list() == [date(2026, 3, 1)]
    assert cut["cash_received"].to_list() == [approx(1477.5)]  # 17 and 31 March payouts, as above
    assert cut["net_profit"].null_count() == 0
    reserves = reserves_frame(company.con, march).select("payout_id", "reserve_as_of", "reserve_held",
                                                         "reserve_held_base").rows()  # fmt: skip
    # Current Reserve Amount −20 of S3 (settlement end 15 Mar): 20 USD held × 7.5 = 150 CNY
    assert reserves == [("11000000003", date(2026, 3, 15), approx(20), approx(150))]
    assert reserves_frame(company.con, feb).height == 0  # no settlement with reserve lines by 28 Feb


def test_days_from_sale_to_cash_by_hand(company):
    both = api.Filters(start=date(2026, 2, 1), end=date(2026, 3, 31))
    d = days_to_cash(company.con, both).row(0, named=True)
    # weights = gross sales × rate of the sale day: Feb 5 A 100×7 = 700 paid Feb 14 (9 days); Feb 10 B 280 (4 days);
    # Feb 20 A 50×7.2 = 360 paid Feb 28 (8 days); Mar 3 A 165×7.5 = 1237.5 paid 17 Mar (14 days); Mar 8 C 450
    # (9 days); Mar 25 A 412.5 paid 31 Mar (6 days)
    # Σ w·d = 6300 + 1120 + 2880 + 17325 + 4050 + 2475 = 34150; Σ w = 3440 → 9.927326
    assert d["channel"] == "amazon" and d["lines"] == 6
    assert d["days_to_cash"] == approx(34150 / 3440)
    assert d["paid_sales"] == approx(3440)
    section = cash_section(company.con, both)
    assert section.cash_received == approx(986 + 1477.5)
    assert section.net_profit == approx(636 + 977.5)
    assert section.reserve_held == approx(150)
    assert section.days_to_cash == approx(34150 / 3440)


def test_shopify_payouts_and_timing(wh):
    # payment_transactions_export_1.csv (EUR store): payout 88001 paid 15 May = #2001 net 538.02 + #2002 net 82.23 =
    # 620.25 (its `payout` row repeats that total and is not added); payout 88002 paid 22 May = refund −85.00 +
    # chargeback −55.00 = −140.00; the pending tax adjustment has no payout yet
    ingest(wh, FIXTURES / "shopify_payments" / "payment_transactions_export_1.csv")
    set_settings(wh.con, base_currency="EUR")
    may = api.Filters(start=date(2026, 5, 1), end=date(2026, 5, 31))
    r = receipts_frame(wh.con, may).select("channel", "payout_id", "paid_date", "received").rows()
    assert r == [("shopify", "88001", date(2026, 5, 15), approx(620.25)),
                 ("shopify", "88002", date(2026, 5, 22), approx(-140.0))]  # fmt: skip
    # charges: #2001 554.40 on 12 May → 15 May (3 days), #2002 85.00 on 14 May → 15 May (1 day)
    # (554.40 × 3 + 85.00 × 1) / 639.40 = 1748.20 / 639.40
    d = days_to_cash(wh.con, may).row(0, named=True)
    assert d["channel"] == "shopify" and d["days_to_cash"] == approx(1748.20 / 639.40)


def test_tiktok_statements_are_cash_on_their_date(wh):
    # statement …001 (15 Apr): order 577…001 settles 80.78; statement …002 (22 Apr): −25.81 (refunded order)
    # − 50.00 (GMV Max ads) + 4.00 (reimbursement) = −71.81
    ingest(wh, FIXTURES / "tiktok_statement" / "statement_20260401-20260430(UTC).csv")
    set_settings(wh.con, base_currency="USD")
    april = api.Filters(start=date(2026, 4, 1), end=date(2026, 4, 30))
    r = receipts_frame(wh.con, april).select("payout_id", "paid_date", "received").rows()
    assert r == [("7351000000000000001", date(2026, 4, 15), approx(80.78)),
                 ("7351000000000000002", date(2026, 4, 22), approx(-71.81))]  # fmt: skip
    # order 577…001 created 2 Apr, gross 100 + shipping credit 5.99 = 105.99, paid 15 Apr (13 days);
    # order 577…003 created 5 Apr, gross 100, paid 22 Apr (17 days): (105.99×13 + 100×17) / 205.99
    d = days_to_cash(wh.con, april).row(0, named=True)
    assert d["channel"] == "tiktok" and d["days_to_cash"] == approx((105.99 * 13 + 1700) / 205.99)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cash_and_bridge_pages_show_the_metric_layers_numbers(company, tmp_path, monkeypatch, lang):
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    company.con.execute("checkpoint")  # the app opens its own copy of the file
    shutil.copyfile(company.path, tmp_path / "wh.duckdb")
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    params = {"period": "custom", "start": "2026-03-01", "end": "2026-03-28", "compare": "previous", "lang": lang}
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/bridge.py").run()
    assert not at.exception, [e.value for e in at.exception]
    steps = at.dataframe[0].value
    # start 636.00, the nine steps in cents, end 977.50: price, mix and fees each round up by a third of a cent
    # (148.6667 → 148.67, −71.8333 → −71.83, −22.6333 → −22.63), one cent too many; the earliest of them, price,
    # gives it back (148.66) so the rows add up: 636 + 354 + 148.66 − 71.83 − 22.63 − 40 − 70 + 78.8 − 35.5 = 977.5
    assert steps["amount"].tolist() == approx([636, 354, 148.66, -71.83, -22.63, -40, -70, 78.8, -35.5, 0, 977.5])
    first, last = (
        ("对比期经营利润", "本期经营利润")
        if lang == "zh"
        else ("Operating profit, comparison", "Operating profit, this period")
    )
    assert steps["step"].tolist()[0] == first and steps["step"].tolist()[-1] == last
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")  # the waterfall is drawn
    at.switch_page("pages/cash.py").run()
    assert not at.exception, [e.value for e in at.exception]
    cash = at.dataframe[0].value
    assert cash["cash_received"].tolist() == approx([1183.125]) and cash["net_profit"].tolist() == approx([977.5])
    assert at.dataframe[1].value["days_to_cash"].tolist() == approx([2850 / 225])  # (165×14 + 60×9) / 225
    assert at.dataframe[2].value["reserve_held_base"].tolist() == approx([150])
    at.selectbox(key="cash_by").set_value("channel").run()  # split by channel: one row per month × channel
    assert not at.exception, [e.value for e in at.exception]
    assert at.dataframe[0].value["channel"].tolist() == ["amazon"]
    heads = " ".join(s.value for s in at.subheader)
    assert ("预留金" in heads) if lang == "zh" else ("Reserves held" in heads)


def test_report_has_cash_and_bridge_sections(company):
    from metrics.__main__ import stable_json
    from metrics.core.report import Report, build_report, format_table

    f = MARCH.model_copy(update={"compare": None})  # the report compares with the previous period by itself
    report = Report.model_validate_json(stable_json(build_report(company.con, f).model_dump(mode="json")))
    assert report.cash.cash_received == approx(1183.125) and report.cash.reserve_held == approx(150)
    assert report.cash.days_to_cash == approx(2850 / 225)  # (165×7.5×14 + 60×7.5×9) / (225×7.5)
    assert report.bridge.change == approx(341.5)
    assert [s.step for s in report.bridge.steps] == list(STEPS)
    assert sum(s.cents for s in report.bridge.steps) == 34150
    text = format_table(report)
    assert "net_profit bridge 2026-02-01..2026-02-28 -> 2026-03-01..2026-03-28" in text
    assert re.search(r"\n    fx +\+78\.80\n", text) and re.search(r"\n    current +977\.50\n", text)


def test_meeting_finance_view_and_minutes_carry_the_bridge(company):
    from metrics.meeting.minutes import minutes_markdown
    from metrics.meeting.report import build_minutes
    from metrics.meeting.snapshot import start_meeting
    from metrics.meeting.store import create_meeting
    from metrics.meeting.views import build_views

    views = build_views(company.con, date(2026, 3, 1), date(2026, 3, 28))
    tables = views["finance"]["tables"]
    assert [r["step"] for r in tables["profit_bridge"]] == ["start", *STEPS, "end"]
    assert tables["profit_bridge"][1]["amount"] == approx(354) and tables["profit_bridge"][-1]["amount"] == 977.5
    assert tables["cash"] == [
        {"channel": "amazon", "cash_received": approx(1183.125), "days_to_cash": approx(2850 / 225)}
    ]
    mid = create_meeting(company.con, "March review", date(2026, 3, 1), date(2026, 3, 28), language="en")
    start_meeting(company.con, mid)
    text = minutes_markdown(build_minutes(company.con, mid))
    assert "- Profit bridge · Volume: +354.00 CNY" in text and "- Profit bridge · FX: +78.80 CNY" in text
    assert "- Profit bridge · Operating profit, this period: 977.50 CNY" in text


def test_expenses_turn_the_bridge_into_operating_profit(company, tmp_path):
    import shutil

    from warehouse.ingest.importer import Warehouse

    company.con.execute("checkpoint")
    shutil.copyfile(company.path, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        # two rows of the expenses template, imported as a seller does: salaries 1000 CNY on 10 Feb; software
        # 100 USD on 5 Mar = 750 CNY at 7.5 (fx_rates.csv: 7.5 from 1 Mar)
        sheet = tmp_path / "expenses.csv"
        sheet.write_text(
            "月份,日期,费用类别,金额,币种,部门,渠道,站点,每月重复,结束月份,备注\n"
            ",2026-02-10,工资,1000,CNY,ops,,,,,\n"
            ",2026-03-05,软件,100,USD,ops,,,,,\n",
            encoding="utf-8",
        )
        assert wh.ingest_path(sheet).status == "imported"
        rows = wh.con.sql("select day, category, currency, amount, amount_base from marts.expense_days order by day")
        assert [tuple(r) for r in rows.fetchall()] == [
            (date(2026, 2, 10), "salaries", "CNY", 1000.0, 1000.0),
            (date(2026, 3, 5), "software", "USD", 100.0, 750.0),
        ]
        b = profit_bridge(wh.con, MARCH)
    finally:
        wh.close()
    assert b.measure == "operating_profit"
    assert b.previous == approx(-364) and b.current == approx(227.5)  # 636 − 1000; 977.5 − 750
    s = steps(b)
    # March's 100 USD at February's 7.1 = 710: expenses step −(710 − 1000) = +290; FX loses the expense's share:
    # 78.8 − 100 × (7.5 − 7.1) = 38.8; every other step as without expenses
    assert s["expenses"] == approx(290) and s["fx"] == approx(38.8) and s["volume"] == approx(354)
    assert sum(x.cents for x in b.steps) == 59150  # 227.5 + 364 = 591.5


def test_expenses_count_only_once_the_template_has_rows(company, tmp_path):
    """`query.has_expenses`: the expenses view over an empty template has no rows, so readers skip it (it costs a
    plan per report even empty); after one imported row it counts, in the P&L KPIs (by hand: 1000 CNY of salaries
    on 10 Mar, inside March; net profit 977.5 → operating profit −22.5)."""
    import shutil

    from metrics.core import query
    from warehouse.ingest.importer import Warehouse

    company.con.execute("checkpoint")
    shutil.copyfile(company.path, tmp_path / "wh.duckdb")
    wh = Warehouse(tmp_path / "wh.duckdb", tmp_path / "archive")
    try:
        with query.cursor(wh.con) as cur:
            # the view exists from the start (the template is known), over no rows
            assert query.has_mart(cur, "expense_days") and not query.has_expenses(cur)
        before = api.kpis(wh.con, MARCH)
        assert before["expenses"] == 0 and before["operating_profit"] == approx(977.5)
        sheet = tmp_path / "expenses.csv"
        sheet.write_text("月份,日期,费用类别,金额,币种,部门\n,2026-03-10,工资,1000,CNY,ops\n", encoding="utf-8")
        assert wh.ingest_path(sheet).status == "imported"
        with query.cursor(wh.con) as cur:
            assert query.has_mart(cur, "expense_days") and query.has_expenses(cur)
        after = api.kpis(wh.con, MARCH)
    finally:
        wh.close()
    assert after["expenses"] == approx(1000) and after["operating_profit"] == approx(977.5 - 1000)
    assert after["net_profit"] == approx(before["net_profit"])
