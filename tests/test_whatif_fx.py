"""FX sensitivity: a hand-computed scenario (profit, break-even rates, flip list, tornado)."""

from __future__ import annotations

import polars as pl
import pytest

from metrics.whatif.fx import breakeven_rates, exposures, flip_list, missing_rates, scenario, tornado, totals

RATES = {"USD": 7.0, "EUR": 7.8}  # CNY per unit; CNY is the base


def _facts() -> pl.DataFrame:
    rows = [
        ("A", "USD", 100.0, "revenue"),
        ("A", "USD", -30.0, "revenue"),  # fees in the marketplace currency
        ("A", "CNY", -400.0, "cost"),
        ("A", "GBP", 999.0, "revenue"),  # no GBP rate: excluded, never at 1.0
        ("B", "EUR", 50.0, "revenue"),
        ("B", "EUR", -10.0, "revenue"),
        ("B", "CNY", -250.0, "cost"),
        ("C", "USD", 20.0, "revenue"),
        ("C", "CNY", -200.0, "cost"),
    ]
    return pl.DataFrame(rows, schema=["sku", "currency", "amount", "side"], orient="row")


def test_scenario_profit_by_hand():
    exp = exposures(_facts(), RATES, "CNY")
    assert missing_rates(_facts(), RATES, "CNY") == ["GBP"]
    scn = scenario(exp, {"USD": -0.10, "EUR": 0.05}, "CNY")
    got = {r["sku"]: r for r in scn.iter_rows(named=True)}
    # A: 70 USD · 7 = 490 − 400 = 90 → 490·0.9 − 400 = 41
    assert got["A"]["profit"] == pytest.approx(90.0) and got["A"]["scenario_profit"] == pytest.approx(41.0)
    # B: 40 EUR · 7.8 = 312 − 250 = 62 → 312·1.05 − 250 = 77.6
    assert got["B"]["profit"] == pytest.approx(62.0) and got["B"]["scenario_profit"] == pytest.approx(77.6)
    # C: 20 · 7 = 140 − 200 = −60 → 126 − 200 = −74
    assert got["C"]["scenario_profit"] == pytest.approx(-74.0)
    t = totals(scn)
    assert t["profit"] == pytest.approx(92.0) and t["scenario_profit"] == pytest.approx(44.6) and t["flips"] == 0


def test_flip_list_only_names_skus_that_turn_to_loss():
    scn = scenario(exposures(_facts(), RATES, "CNY"), {"USD": -0.20}, "CNY")
    # A: 490·0.8 − 400 = −8 → flips; C was already a loss, so it is not a flip
    flips = flip_list(scn)
    assert flips["sku"].to_list() == ["A"] and flips["scenario_profit"][0] == pytest.approx(-8.0)


def test_base_currency_is_never_shocked():
    scn = scenario(exposures(_facts(), RATES, "CNY"), {"CNY": 0.2}, "CNY")
    assert totals(scn)["change"] == pytest.approx(0.0)


def test_breakeven_rates_by_hand():
    be = {
        (r["sku"], r["currency"]): r
        for r in breakeven_rates(exposures(_facts(), RATES, "CNY"), "CNY").iter_rows(named=True)
    }
    # A: 70·r − 400 = 0 → r = 5.7142857, i.e. 5.714/7 − 1 = −18.37 %
    assert be[("A", "USD")]["breakeven_rate"] == pytest.approx(400 / 70)
    assert be[("A", "USD")]["breakeven_change"] == pytest.approx(400 / 70 / 7 - 1)
    # B: 40·r − 250 = 0 → 6.25 (−19.87 %); C: 20·r − 200 = 0 → 10 (+42.86 %)
    assert be[("B", "EUR")]["breakeven_rate"] == pytest.approx(6.25)
    assert be[("C", "USD")]["breakeven_change"] == pytest.approx(10 / 7 - 1)
    assert ("A", "CNY") not in be


def test_tornado_and_profit_at_risk():
    tor = tornado(exposures(_facts(), RATES, "CNY"), "CNY", 0.05).to_dicts()
    # USD exposure 490 + 140 = 630 → ±31.5 around 92; EUR 312 → ±15.6
    assert [r["currency"] for r in tor] == ["USD", "EUR"]
    assert tor[0]["profit_low"] == pytest.approx(60.5) and tor[0]["profit_high"] == pytest.approx(123.5)
    assert tor[0]["profit_at_risk"] == pytest.approx(31.5)
    assert tor[1]["swing"] == pytest.approx(31.2) and tor[1]["profit_at_risk"] == pytest.approx(15.6)


def test_facts_with_base_amounts_keep_the_marts_conversion():
    # 60 USD booked as ¥415 (mixed daily rates) and −¥450 cost: profit −35; effective USD rate 415/60
    facts = pl.DataFrame(
        {"sku": ["A", "A"], "currency": ["USD", "CNY"], "amount": [60.0, -450.0], "base_amount": [415.0, -450.0]}
    )
    exp = exposures(facts, None, "CNY")
    assert totals(scenario(exp, {}, "CNY"))["profit"] == pytest.approx(-35.0)
    be = breakeven_rates(exp, "CNY").row(0, named=True)
    assert be["rate"] == pytest.approx(415 / 60) and be["breakeven_rate"] == pytest.approx(7.5)  # 450 / 60
    # +10 % on USD: 415·1.1 − 450 = 6.5
    assert totals(scenario(exp, {"USD": 0.1}, "CNY"))["scenario_profit"] == pytest.approx(6.5)
