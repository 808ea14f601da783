"""Ad-budget model: recovery of a known response curve, pooled fallback, the analytic optimum, hand-worked predict."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from metrics.whatif.ads import (
    account_totals,
    attach_economics,
    fit_spend_response,
    optimal_budget,
    predict,
    stockout_warnings,
)


def _curve_days(sku: str, a: float, b: float, n: int, rng, lo: float = 20, hi: float = 200, zero_every: int = 0):
    """Daily rows drawn from sales = a·spend^b·e with mean-one log-normal noise (σ = 0.1)."""
    spend = rng.uniform(lo, hi, n)
    if zero_every:
        spend[::zero_every] = 0.0
    noise = np.exp(rng.normal(-0.005, 0.1, n))  # E[exp(N(−σ²/2, σ²))] = 1
    sales = a * spend**b * noise
    start = date(2026, 1, 1)
    return pl.DataFrame(
        {"sku": [sku] * n, "date": [start + timedelta(days=i) for i in range(n)], "spend": spend, "ad_sales": sales}
    )


def test_fit_recovers_known_curve_and_pools_short_history():
    rng = np.random.default_rng(7)
    daily = pl.concat(
        [
            _curve_days("A", 50.0, 0.6, 180, rng, zero_every=10),  # 18 zero-spend days are ignored by the fit
            _curve_days("B", 8.0, 0.6, 120, rng),
            _curve_days("C", 30.0, 0.6, 6, rng),  # 6 days < min_days 14 → pooled elasticity
            pl.DataFrame({"sku": ["D"], "date": [date(2026, 1, 1)], "spend": [0.0], "ad_sales": [0.0]}),
        ]
    )
    fit = {r["sku"]: r for r in fit_spend_response(daily).iter_rows(named=True)}
    # Tolerance: b within ±0.03 and a within ±12 % (σ = 0.1 noise, 100+ days, spend spread 10×).
    assert fit["A"]["b"] == pytest.approx(0.6, abs=0.03)
    assert fit["A"]["a"] == pytest.approx(50.0, rel=0.12)
    assert fit["A"]["n_days"] == 180 and fit["A"]["n_spend_days"] == 162
    assert fit["A"]["r2"] > 0.8 and fit["A"]["is_pooled"] is False and fit["A"]["status"] == "fitted"
    assert fit["B"]["b"] == pytest.approx(0.6, abs=0.03)
    assert fit["C"]["is_pooled"] is True and fit["C"]["status"] == "pooled"
    assert fit["C"]["b"] == pytest.approx(0.6, abs=0.03)
    assert fit["C"]["a"] == pytest.approx(30.0, rel=0.2)
    assert fit["D"]["status"] == "no_spend" and fit["D"]["a"] is None and fit["D"]["b"] is None
    assert fit["A"]["spend_max"] <= 200 and fit["A"]["spend_min"] >= 20


def test_steep_slope_is_clipped_below_one():
    # sales = 2·spend² exactly: b = 2 has no diminishing returns, so it is clipped to 0.95 and flagged.
    s = [10.0 + i for i in range(20)]
    daily = pl.DataFrame({"sku": ["Z"] * 20, "date": list(range(20)), "spend": s, "ad_sales": [2 * x * x for x in s]})
    row = fit_spend_response(daily).row(0, named=True)
    # log sales = log 2 + 2·log spend exactly: own slope 2, R² 1, but outside 0.05–0.95 → refused, no curve
    assert row["b_fit"] == pytest.approx(2.0) and row["r2_log"] == pytest.approx(1.0)
    assert row["b_clipped"] is True and row["reason"] == "clipped"
    assert row["status"] == "no_curve" and row["b"] is None


def test_optimal_budget_is_the_analytic_optimum():
    # s* = (m·a·b)^(1/(1−b)) = (0.3·50·0.6)^(1/0.4) = 9^2.5 = 243
    params = {"a": 50.0, "b": 0.6}
    s_star = optimal_budget(params, 0.3)
    assert s_star == pytest.approx(243.0)

    def profit(s: float) -> float:
        return 0.3 * 50 * s**0.6 - s

    assert profit(s_star) > profit(s_star - 1) and profit(s_star) > profit(s_star + 1)
    assert optimal_budget(params, -0.1) == 0.0


def test_optimum_of_a_fitted_curve_matches_the_analytic_one():
    rng = np.random.default_rng(11)
    fit = fit_spend_response(_curve_days("A", 50.0, 0.6, 200, rng)).row(0, named=True)
    analytic = optimal_budget({"a": 50.0, "b": 0.6}, 0.3)  # 243
    # Stated tolerance: the fitted curve's optimum within ±10 % of the true curve's (seed 11 gives 238.4).
    assert optimal_budget(fit, 0.3) == pytest.approx(analytic, rel=0.1)
    assert optimal_budget(fit, 0.3) == pytest.approx((0.3 * fit["a"] * fit["b"]) ** (1 / (1 - fit["b"])))


def _hand_params() -> pl.DataFrame:
    params = pl.DataFrame(
        {"sku": ["X"], "a": [40.0], "b": [0.5], "spend_day": [100.0], "ad_sales_day": [400.0], "status": ["fitted"]}
    )
    econ = pl.DataFrame(
        {
            "sku": ["X"],
            "gross_sales": [1000.0],
            "units": [50.0],
            "orders": [40.0],
            "contribution_before_ads": [300.0],
            "ad_orders": [16.0],
            "ad_units": [20.0],
        }
    )
    return attach_economics(params, econ)


def test_predict_hand_worked():
    row = predict(_hand_params(), 0.44, days=10).row(0, named=True)
    # (1.44)^0.5 = 1.2; spend 100·1.44·10 = 1440; ad sales 400·1.2·10 = 4800 (was 4000) → +800
    assert row["new_spend"] == pytest.approx(1440.0)
    assert row["new_ad_sales"] == pytest.approx(4800.0)
    assert row["new_acos"] == pytest.approx(0.3)  # 1440 / 4800
    assert row["new_tacos"] == pytest.approx(1440 / 10800)  # gross 10000 + 800
    assert row["net_profit"] == pytest.approx(2000.0)  # 300·10 − 1000
    assert row["new_net_profit"] == pytest.approx(1800.0)  # 3000 + 0.3·800 − 1440
    assert row["marginal_acos"] == pytest.approx(0.6)  # 1440 / (0.5·4800)
    assert row["breakeven_acos"] == pytest.approx(0.3)  # 300 / 1000
    assert row["optimal_spend"] == pytest.approx(360.0)  # (0.3·40·0.5)² = 36 per day · 10
    assert row["new_ad_units"] == pytest.approx(240.0)  # 20·1.2·10
    assert row["new_ad_orders"] == pytest.approx(192.0)  # 16·1.2·10
    assert row["new_units"] == pytest.approx(540.0)  # 500 + 20·0.2·10
    assert row["extra_units_day"] == pytest.approx(4.0)


def test_predict_per_sku_mapping_and_zero_budget():
    p = _hand_params()
    same = predict(p, {"Y": 1.0}, days=10).row(0, named=True)
    assert same["new_spend"] == pytest.approx(1000.0) and same["new_net_profit"] == pytest.approx(2000.0)
    off = predict(p, {"X": -1.0}, days=10).row(0, named=True)
    # no ads: ad sales 0, profit = 3000 − 0.3·4000 = 1800
    assert off["new_ad_sales"] == 0.0 and off["new_net_profit"] == pytest.approx(1800.0)
    tot = account_totals(predict(p, 0.44, days=10))
    assert tot["new_acos"] == pytest.approx(0.3) and tot["acos"] == pytest.approx(0.25)


def test_totals_start_from_the_dashboard_figures():
    p = predict(_hand_params(), 0.44, days=10)
    # the Overview for the same filter: SKU X (spend 1000, ad sales 4000, profit 2000) plus other SKUs without ads
    overview = {"ad_spend": 1000.0, "ad_sales": 4500.0, "gross_sales": 15000.0, "net_profit": 2500.0}
    now = account_totals(predict(_hand_params(), 0.0, days=10), overview)
    assert (now["spend"], now["new_spend"], now["net_profit"], now["new_net_profit"]) == (1000, 1000, 2500, 2500)
    assert now["tacos"] == pytest.approx(1000 / 15000) and now["new_tacos"] == pytest.approx(1000 / 15000)
    tot = account_totals(p, overview, 0.44)
    # X: spend +440, ad sales +800, profit 1800 − 2000 = −200 (test_predict_hand_worked)
    assert tot["new_spend"] == pytest.approx(1440.0) and tot["new_ad_sales"] == pytest.approx(5300.0)
    assert tot["new_net_profit"] == pytest.approx(2300.0) and tot["new_tacos"] == pytest.approx(1440 / 15800)
    # 200 of spend no SKU carries follows the account slider, held flat: +88 spend, ad sales unchanged, −88 profit
    more = {**overview, "ad_spend": 1200.0}
    tot = account_totals(p, more, 0.44)
    assert tot["new_spend"] == pytest.approx(1200 + 440 + 0.44 * 200) and tot["unmodelled"] == ["(unattributed)"]
    assert tot["new_ad_sales"] == pytest.approx(5300.0)  # 4500 + 800 (X only)
    assert tot["new_net_profit"] == pytest.approx(2212.0)  # 2500 − 200 (X) − 88
    assert tot["new_acos"] == pytest.approx(1728 / 5300)  # 1200 + 440 + 88 = 1728
    assert account_totals(predict(_hand_params(), -1.0, days=10), more, -1.0)["new_spend"] == pytest.approx(0.0)


def _days(sku: str, spend: list[float], sales: list[float]) -> pl.DataFrame:
    start = date(2026, 9, 1)
    return pl.DataFrame({"sku": [sku] * len(spend), "date": [start + timedelta(days=i) for i in range(len(spend))],
                         "spend": spend, "ad_sales": sales})  # fmt: skip


ECON = {"gross_sales": 1000.0, "units": 10.0, "orders": 10.0, "contribution_before_ads": 300.0, "ad_orders": 4.0,
        "ad_units": 4.0}  # fmt: skip


def _econ(*skus: str) -> pl.DataFrame:
    return pl.DataFrame([{"sku": s, **ECON} for s in skus])


def test_flat_spend_history_recommends_nothing():
    # F: 30 days at exactly 100 a day (ad sales wobble 300…390): spend never varied, so no slope exists.
    # G: 30 days alternating 100 / 101 (max/min 1.01 < 1.5): barely varied. H: spend 20…165 but ad sales a
    # constant 500: spend varied, sales did not follow (R² undefined → 0).
    flat = _days("F", [100.0] * 30, [300.0 + 10 * (i % 10) for i in range(30)])
    almost = _days("G", [100.0 + (i % 2) for i in range(30)], [300.0 + 10 * (i % 10) for i in range(30)])
    deaf = _days("H", [20.0 + 5 * i for i in range(30)], [500.0] * 30)
    fit = fit_spend_response(pl.concat([flat, almost, deaf]), n_days=30)
    rows = {r["sku"]: r for r in fit.iter_rows(named=True)}
    assert (rows["F"]["reason"], rows["G"]["reason"], rows["H"]["reason"]) == ("flat", "flat", "poor_fit")
    assert {r["status"] for r in rows.values()} == {"no_curve"}  # no fitted SKU → no pooled slope either
    pred = predict(attach_economics(fit, _econ("F", "G", "H")), 0.5, days=30)
    assert pred["optimal_spend"].null_count() == 3
    assert pred["new_ad_sales"].to_list() == pred["ad_sales"].to_list()  # held flat: no sales response assumed
    # spend follows the slider all the same: F spent 100·30 = 3000 → 4500 at +50 %
    assert pred.filter(pl.col("sku") == "F")["new_spend"].item() == pytest.approx(4500.0)
    tot = account_totals(pred)
    assert sorted(tot["unmodelled"]) == ["F", "G", "H"]  # listed as not modelled, still in the totals
    assert tot["new_ad_sales"] == pytest.approx(tot["ad_sales"])  # held flat
    assert tot["new_net_profit"] == pytest.approx(tot["net_profit"] - (tot["new_spend"] - tot["spend"]))
    # at 0 % nothing is unknown: the figures stay those of the period
    same = account_totals(predict(attach_economics(fit, _econ("F", "G", "H")), 0.0, days=30))
    assert same["unmodelled"] == [] and same["new_net_profit"] == pytest.approx(same["net_profit"])


def test_a_good_fit_is_recommended_and_lends_its_slope():
    rng = np.random.default_rng(3)
    good = _curve_days("A", 50.0, 0.6, 60, rng)
    flat = _days("F", [100.0] * 30, [300.0 + 10 * (i % 10) for i in range(30)])
    fit = fit_spend_response(pl.concat([good, flat]))
    pred = predict(attach_economics(fit, _econ("A", "F")), 0.0, days=30)
    rows = {r["sku"]: r for r in pred.iter_rows(named=True)}
    assert rows["A"]["status"] == "fitted" and rows["A"]["optimal_spend"] is not None
    assert rows["F"]["status"] == "pooled" and rows["F"]["optimal_spend"] is None  # forecast only


def test_one_day_of_history_has_no_curve_and_moves_spend_only():
    daily = pl.DataFrame({"sku": ["Q"], "date": [date(2026, 3, 5)], "spend": [140.0], "ad_sales": [1400.0]})
    fit = fit_spend_response(daily)
    row = fit.row(0, named=True)
    assert row["status"] == "no_curve" and row["reason"] == "short" and row["b"] is None
    econ = pl.DataFrame({"sku": ["Q"], "gross_sales": [100.0], "units": [1.0], "orders": [1.0],
                         "contribution_before_ads": [30.0], "ad_orders": [0.1], "ad_units": [0.1]})  # fmt: skip
    pred = predict(attach_economics(fit, econ), 1.0, days=1).row(0, named=True)
    assert pred["new_spend"] == pytest.approx(280.0) and pred["new_ad_sales"] == pytest.approx(1400.0)  # held flat
    assert pred["optimal_spend"] is None


def test_stockout_warnings_by_hand():
    today = date(2026, 11, 1)
    pred = pl.DataFrame({"sku": ["A", "B", "C"], "extra_units_day": [5.0, 5.0, None]})
    forecasts = pl.DataFrame({"sku": ["A", "B", "C"], "units": [[10.0] * 365, [10.0] * 365, [1.0] * 365]})
    stock = pl.DataFrame({"sku": ["A", "B", "C"], "available": [300, 500, 0], "inbound": [0, 0, 0],
                          "out_since": [None, None, date(2026, 10, 20)], "lead_days": [30, 30, 30]})  # fmt: skip
    got = stockout_warnings(pred, stock, forecasts, today)
    # A: 300 − 15(k+1) < 0 first at k = 20 → 21 Nov (< 1 Nov + 30); at today's budget 300 − 10(k+1) < 0 at
    # k = 30 → 1 Dec. B: 500 − 15(k+1) < 0 at k = 33 → 4 Dec, not before a reorder arrives. C: out since 20 Oct.
    assert got.select("sku", "stockout_date", "base_date").rows() == [
        ("C", date(2026, 10, 20), date(2026, 10, 20)),
        ("A", date(2026, 11, 21), date(2026, 12, 1)),
    ]


def test_whole_account_cut_with_an_unfitted_row_keeps_every_total():
    """−20 % on the whole account: X has a curve (b = 0.5), Q has none, 50 of spend carries no SKU."""
    fitted = _hand_params()  # X: 100 spend / 400 ad sales a day, b 0.5, contribution 300 of 1000 gross a day
    q = fitted.with_columns(sku=pl.lit("Q"), b=pl.lit(None, pl.Float64), a=pl.lit(None, pl.Float64),
                            status=pl.lit("no_curve"))  # fmt: skip
    pred = predict(pl.concat([fitted, q]), -0.2, days=10)
    # X: spend 1000 → 800; ad sales 4000 × 0.8^0.5 = 3577.71 (−422.29); profit 2000 + 0.3 × (−422.29) + 200 = 2073.31
    # Q (no curve, held flat): spend 1000 → 800, ad sales 4000 stay, profit 2000 + 200 = 2200
    overview = {"ad_spend": 2050.0, "ad_sales": 8000.0, "gross_sales": 20000.0, "net_profit": 4000.0}
    tot = account_totals(pred, overview, -0.2)
    assert tot["unmodelled"] == ["Q", "(unattributed)"]
    assert tot["new_spend"] == pytest.approx(1640.0)  # 2050 − 200 − 200 − 50 × 0.2
    assert tot["new_ad_sales"] == pytest.approx(8000 - 4000 + 4000 * 0.8**0.5)  # 7577.71
    assert tot["new_gross"] == pytest.approx(20000 - 4000 + 4000 * 0.8**0.5)  # 19577.71
    # 4000 + X (−126.69 + 200) + Q (+200) + unattributed (+10) = 4283.31
    assert tot["new_net_profit"] == pytest.approx(4000 + 0.3 * (4000 * 0.8**0.5 - 4000) + 200 + 200 + 10)
    assert tot["new_acos"] == pytest.approx(1640 / (4000 + 4000 * 0.8**0.5))  # 0.2164
    assert tot["new_tacos"] == pytest.approx(1640 / (16000 + 4000 * 0.8**0.5))


def test_a_recommendation_outside_the_fitted_spend_range_is_an_extrapolation():
    from metrics.whatif.ads import extrapolation

    # the demo's CAM-4K-BLK: ¥419 a week = 419 / 7 = ¥59.9 a day, fitted on ¥508–¥10,200 a day → below the range
    assert extrapolation(419 / 7, 508.0, 10200.0) == "below"
    assert extrapolation(12000.0, 508.0, 10200.0) == "above"
    assert extrapolation(508.0, 508.0, 10200.0) is None  # the range's own ends are observed
    assert extrapolation(None, 508.0, 10200.0) is None  # no recommendation, nothing to flag


def test_a_pooled_sku_carries_the_shared_curves_slope_and_fit_not_its_own():
    """Two SKUs whose ad sales follow spend exactly (A = 10·s^0.5, B = 4·s^0.5) and one whose sales ignore spend
    (C: 100 on even days, 20 on odd ones, while spend rises). The shared slope of A and B: within each SKU
    log sales = log a + 0.5·log spend, so Σxy = 0.5·Σxx and Σyy = 0.25·Σxx: b = 0.5, R² = 0.25·Σxx² / (Σxx ·
    0.25·Σxx) = 1.0, over 2 fitted SKUs. C's own slope is rejected (poor fit) and C borrows b = 0.5 and its R²."""
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(20)]
    spend = [10 * 1.2**i for i in range(20)]
    rows = [("A", d, s, 10 * s**0.5) for d, s in zip(days, spend)]
    rows += [("B", d, s, 4 * s**0.5) for d, s in zip(days, spend)]
    rows += [("C", d, s, 100.0 if i % 2 == 0 else 20.0) for i, (d, s) in enumerate(zip(days, spend))]
    daily = pl.DataFrame(rows, schema=["sku", "date", "spend", "ad_sales"], orient="row")
    fit = {r["sku"]: r for r in fit_spend_response(daily).iter_rows(named=True)}
    assert fit["A"]["status"] == fit["B"]["status"] == "fitted"
    c = fit["C"]
    assert c["status"] == "pooled" and c["reason"] == "poor_fit" and c["r2_log"] < 0.3
    assert c["b"] == pytest.approx(0.5) and c["r2_pool"] == pytest.approx(1.0) and c["n_pool"] == 2
    assert c["b_fit"] != pytest.approx(0.5)  # its own rejected slope stays apart, for the page to name
