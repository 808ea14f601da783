"""Findings of the thirteenth fresh-eyes walk (both languages): the meeting's cash table, inventory cover without
stock data, the budget's one-rate verdict and summary, money tiles without a rate, the Profit page's flags."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest


def _meeting_cash(lang: str) -> None:
    from pages.meeting_parts import department

    # one channel's cash: 1,234.50 USD received, 6.7123 days from sale to cash
    payload = {"currency": "USD", "tables": {"cash": [{"channel": "amazon", "cash_received": 1234.5,
                                                       "days_to_cash": 6.7123}]}}  # fmt: skip
    department("finance", payload, lang, [], hide_costs=False)


@pytest.mark.parametrize(("lang", "money", "days"), [("zh", "($)", "天"), ("en", "($)", "days")])
def test_meeting_cash_names_currency_and_days(monkeypatch, lang, money, days):
    import pages.meeting_parts as parts

    monkeypatch.setattr(parts, "section_headline", lambda *a: "Finance")
    monkeypatch.setattr(parts, "key_figures", lambda *a: [])
    at = AppTest.from_function(_meeting_cash, kwargs={"lang": lang}, default_timeout=120)
    at.session_state["view_state"] = {"lang": lang}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    config = json.loads(at.dataframe[0].proto.columns)
    received, cash_days = config["cash_received"], config["days_to_cash"]
    assert money in received["label"], received  # "Cash received ($)": the amount's currency is named
    assert days in cash_days["label"], cash_days  # "Days to cash (days)"
    assert cash_days["type_config"]["format"].endswith(".1f"), cash_days  # 6.7, not 6.71
