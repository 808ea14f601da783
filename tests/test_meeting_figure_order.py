"""A meeting section's key figures read in the P&L's order (the data dictionary's), not in the alphabetical order a
stored snapshot's JSON keeps them in."""

from __future__ import annotations

from metrics.meeting.report import key_figures


def test_key_figures_follow_the_pnl_order():
    # as a frozen snapshot stores them: alphabetical keys
    names = ["ad_spend", "cogs", "contribution_before_ads", "expenses", "gross_profit", "gross_sales",
             "marketplace_fees", "net_margin", "net_profit", "net_sales"]  # fmt: skip
    payload = {"currency": "CNY", "figures": {m: {"value": 1.0} for m in names}}
    got = [f["metric"] for f in key_figures(payload, "en")]
    assert got == ["gross_sales", "net_sales", "marketplace_fees", "ad_spend", "cogs", "gross_profit",
                   "contribution_before_ads", "net_profit", "expenses", "net_margin"]  # fmt: skip
    zh = [f["label"] for f in key_figures(payload, "zh")]
    assert zh[:2] == ["销售额", "净销售额"], zh  # the same order, labelled in the meeting's language


def test_key_figures_show_every_cost_as_a_negative_deduction():
    """Ad spend and COGS read positive beside fees and refunds read negative: every cost now carries the P&L's sign
    (a deduction from sales), the previous period and last year too; sales and profit keep theirs."""
    payload = {"currency": "CNY", "figures": {
        "net_sales": {"value": 100000.0, "previous": 90000.0},
        "marketplace_fees": {"value": -15000.0, "previous": -14000.0},  # stored ≤ 0
        "ad_spend": {"value": 12000.0, "previous": 11000.0, "yoy": None},  # stored ≥ 0
        "cogs": {"value": 40000.0, "previous": 36000.0},
        "expenses": {"value": 8000.0},
        "net_profit": {"value": 33000.0, "previous": -0.0004},  # a previous that rounds to zero
    }}  # fmt: skip
    got = {f["metric"]: (f["value"], f["previous"], f["yoy"]) for f in key_figures(payload, "en")}
    assert got == {
        "net_sales": ("¥100K", "¥90.0K", "–"),
        "marketplace_fees": ("-¥15.0K", "-¥14.0K", "–"),
        "ad_spend": ("-¥12.0K", "-¥11.0K", "–"),  # 12,000 spent: −¥12.0K, as the P&L's ad spend line
        "cogs": ("-¥40.0K", "-¥36.0K", "–"),
        "expenses": ("-¥8.00K", "–", "–"),
        "net_profit": ("¥33.0K", "¥0", "–"),  # −0.0004 is ¥0, never -¥0
    }


def test_no_formatter_shows_a_negative_zero():
    """The P&L showed "-0.00" for a line of −0.001: a number that rounds to zero carries no sign in any format."""
    from metrics.core import locale_format as lf
    from ui import format as fmt

    for lang in ("zh", "en"):
        assert lf.money(-0.001, "CNY", lang) == "¥0.00"
        assert lf.money(-0.4, "CNY", lang, short=True) == "-¥0.40"  # below 100: two decimals, a real −0.40
        assert lf.money(-0.004, "USD", lang) == "$0.00"
        assert lf.compact_money(-0.4, "CNY", lang) == "¥0"  # rounds to ¥0
        assert fmt.pct(-0.00001, 1, lang) == "0.0%" and fmt.signed_pct(-0.00001, 1, lang) == "0.0%"
        assert fmt.ratio(-0.001, 2, lang) == "0.00"
    assert lf.money(-0.006, "CNY", "en") == "-¥0.01"  # a real cent keeps its sign
    assert lf.pct(-0.0006, 1, "en") == "-0.1%"


def test_grid_shows_no_negative_zero():
    """st.dataframe formats −0.001 with "%,.2f" as -0.00: arrow() hands it a 0 when it rounds to zero at the decimals
    shown, and a percent that rounds to 0.0 % a positive nudge."""
    import polars as pl

    from ui.tables import arrow

    frame = pl.DataFrame({"amount": [-0.001, -1.5], "share": [-0.00001, -0.1234]})
    config = {"amount": {"type_config": {"format": "%,.2f"}},
              "share": {"type_config": {"format": "percent", "step": 0.001}}}  # fmt: skip
    got = pl.from_arrow(arrow(frame, config))
    assert got["amount"].to_list() == [0.0, -1.5] and str(got["amount"][0]) == "0.0"  # not -0.0
    assert got["share"][0] > 0 and round(got["share"][1], 6) == -0.123  # −12.34 % → −12.3 %


def test_a_section_showing_gross_and_net_sales_shows_every_step_between():
    """Net sales = gross sales + promotions + refunds (the data dictionary): a section that shows gross and net sales
    shows both deductions, so its figures add up (the sales section showed ¥153万 − ¥10.3万 beside ¥137万, its
    ¥5.20万 of promotions missing)."""
    from metrics.meeting.views import VIEW_KPIS

    for section, kpis in VIEW_KPIS.items():
        if {"gross_sales", "net_sales"} <= set(kpis):
            assert {"promotions", "refunds"} <= set(kpis), section
    payload = {"currency": "CNY", "figures": {m: {"value": 1.0} for m in VIEW_KPIS["sales"]}}
    got = [f["metric"] for f in key_figures(payload, "en")]
    assert got.index("gross_sales") < got.index("promotions") < got.index("net_sales")
