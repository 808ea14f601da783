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
