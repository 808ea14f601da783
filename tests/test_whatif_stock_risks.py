"""The what-if's note beside Inventory's list, split for speed (session whatif17): its "now" side (`stock_risks_now`,
Inventory's risk at the current sales rate) is computed once with the page's cached model, and a slider move
re-evaluates only the SKUs whose extra units are not zero, over the longest lead time + safety days. Guards:

- the split gives the frames of the one-piece `budget_stock_risks` as it was before (`_before` below, its code
  verbatim) on test_ux16's hand-worked SKUs and on randomized multi-SKU cases (zero extra, cuts, null extra, SKUs
  absent from the prediction, null lead days, SKUs already out, stock-outs between lead + 14 and 365 days);
- a slider move with the cached "now" side does no "now" work, and a budget that moves one SKU re-evaluates that SKU
  alone (the old code ran two outlook frames over every advertised SKU per move: 24 ms of 50.9 at 2,000 SKUs).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

import metrics.whatif.ads as ads
from metrics.planning.stockout import outlook_frame, prepare, with_stockout_risk
from metrics.whatif.ads import budget_stock_risks, stock_risks_now
from tests.test_ux16 import TODAY, _fixture


def _before(pred: pl.DataFrame, stock: pl.DataFrame, today: date, matrix) -> pl.DataFrame:
    """budget_stock_risks as committed before the split (57036ce), verbatim: both sides over every SKU, full horizon."""
    extra_of = dict(zip(pred["sku"].to_list(), pred["extra_units_day"].fill_null(0.0).to_list()))
    lead = stock.select("sku", pl.col("lead_days").alias("lead_time_days"))

    def risk(extra) -> pl.DataFrame:
        frame = outlook_frame(matrix, today, extra).rename({"demand_per_day": "daily_units"})
        return with_stockout_risk(frame.join(lead, on="sku", how="left")).select("sku", "stockout_risk")

    extra = np.array([float(extra_of.get(s, 0.0)) for s in matrix.skus])
    now, new = risk(None), risk(extra)
    return (
        now.rename({"stockout_risk": "risk_now"}).join(new.rename({"stockout_risk": "risk_new"}), on="sku").sort("sku")
    )


def _split(pred, stock, today, matrix) -> pl.DataFrame:
    return budget_stock_risks(pred, stock, today, matrix, stock_risks_now(stock, today, matrix))


def test_split_equals_the_one_piece_on_the_hand_worked_skus():
    """test_ux16's A (at risk only at this budget), B (at risk already, no extra), C (out at day 100 with +1 a day:
    beyond the 30 + 14 horizon, no risk); and with the budget cut so A sells 1 fewer a day (2 − 1 = 1 a day: 100
    units last 99 days, no risk)."""
    pred, stock, matrix = _fixture()
    cut = pred.with_columns(extra_units_day=pl.Series([-1.0, 0.0, -0.5]))
    for p in (pred, cut, pred.head(1), pred.clear()):
        assert_frame_equal(_split(p, stock, TODAY, matrix), _before(p, stock, TODAY, matrix))
        assert_frame_equal(budget_stock_risks(p, stock, TODAY, matrix), _before(p, stock, TODAY, matrix))
    assert _split(cut, stock, TODAY, matrix).rows() == [("A", False, False), ("B", True, True), ("C", False, False)]


def _random_case(seed: int, n: int = 400):
    """n advertised SKUs (plus stock rows of SKUs not advertised) with every kind of row the note meets."""
    rng = np.random.default_rng(seed)
    skus = [f"S{i:03d}" for i in rng.permutation(n)]
    available = rng.integers(-5, 400, n)  # some already out (≤ 0)
    out_since = [
        date(2025, 12, int(d)) if a <= 0 and d < 25 else None for a, d in zip(available, rng.integers(1, 31, n))
    ]
    lead = [None if r < 0.15 else int(x) for r, x in zip(rng.random(n), rng.integers(0, 120, n))]
    stock = pl.DataFrame(
        {"sku": skus + ["X1", "X2"], "available": [*available.tolist(), 50, 0], "inbound": [*rng.integers(0, 80, n).tolist(), 0, 0],
         "out_since": [*out_since, None, None], "lead_days": [*lead, 400, None]},
        schema_overrides={"lead_days": pl.Int64, "out_since": pl.Date},
    )  # fmt: skip
    units = []
    for i in range(n):
        kind = rng.integers(0, 5)
        if kind == 0:
            units.append(None)  # no forecast: never sells
        elif kind == 1:
            units.append([0.0] * 365)  # forecast, no sales
        else:
            rate = rng.uniform(0.1, 8.0)
            width = 365 if kind < 4 else int(rng.integers(20, 200))  # a shorter forecast for some
            units.append((rate * rng.uniform(0.5, 1.5, width)).tolist())
    forecasts = pl.DataFrame({"sku": skus, "units": units}, schema={"sku": pl.String, "units": pl.List(pl.Float64)})
    matrix = prepare(stock.filter(pl.col("sku").is_in(skus)), forecasts.filter(pl.col("units").is_not_null()))
    kinds = rng.integers(0, 5, n)
    extra = [
        0.0 if k == 0 else None if k == 1 else float(rng.uniform(0.01, 6)) if k == 2 else -float(rng.uniform(0.01, 9))
        if k == 3 else 1e-9 for k in kinds
    ]  # fmt: skip
    keep = rng.random(n) > 0.1  # some advertised SKUs absent from the prediction: no extra
    pred = pl.DataFrame({"sku": skus, "extra_units_day": extra}, schema_overrides={"extra_units_day": pl.Float64})
    return pred.filter(pl.Series(keep)), stock, matrix


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_split_equals_the_one_piece_on_random_skus(seed):
    pred, stock, matrix = _random_case(seed)
    today = date(2026, 1, 1)
    now = stock_risks_now(stock, today, matrix)
    assert now.height == len(matrix.skus)
    before = _before(pred, stock, today, matrix)
    # the case covers what it claims: both answers on each side, and the budget moving some SKUs either way
    assert before["risk_now"].n_unique() == 2 and before["risk_new"].n_unique() == 2
    assert (before["risk_new"] & ~before["risk_now"]).any() and (before["risk_now"] & ~before["risk_new"]).any()
    assert_frame_equal(budget_stock_risks(pred, stock, today, matrix, now), before)
    assert_frame_equal(budget_stock_risks(pred, stock, today, matrix), before)
    # one "now" for many budgets: the account slider scaled, and every SKU's extra zeroed
    for k in (0.0, 0.5, -1.0, 3.0):
        moved = pred.with_columns(pl.col("extra_units_day") * k)
        assert_frame_equal(budget_stock_risks(moved, stock, today, matrix, now), _before(moved, stock, today, matrix))


def test_a_slider_move_evaluates_only_the_moved_skus(monkeypatch):
    """With the cached "now" side, a budget that sells extra units of one SKU of 400 builds one outlook frame of
    that one SKU (before: two frames of all 400, one of them the budget-free "now"); a budget that moves none
    builds none."""
    pred, stock, matrix = _random_case(4)
    today = date(2026, 1, 1)
    now = stock_risks_now(stock, today, matrix)
    sizes: list[int] = []

    def counted(m, *a, **k):
        sizes.append(len(m.skus))
        return outlook_frame(m, *a, **k)

    monkeypatch.setattr(ads, "outlook_frame", counted)
    one = pl.DataFrame({"sku": [matrix.skus[7]], "extra_units_day": [2.5]})
    got = budget_stock_risks(one, stock, today, matrix, now)
    assert sizes == [1]
    monkeypatch.undo()
    assert_frame_equal(got, _before(one, stock, today, matrix))
    monkeypatch.setattr(ads, "outlook_frame", counted)
    sizes.clear()
    budget_stock_risks(one.with_columns(extra_units_day=pl.lit(0.0)), stock, today, matrix, now)
    assert sizes == []


def test_zero_extra_leaves_a_skus_outlook_row_unchanged():
    """The rule the shortcut rests on: outlook_frame with extra 0.0 for a SKU gives that SKU the row of no extra
    (demand_30 + 0.0, cumulative forecast + 0.0·k), whatever the other SKUs' extra."""
    pred, stock, matrix = _random_case(5)
    today = date(2026, 1, 1)
    rng = np.random.default_rng(0)
    extra = np.where(rng.random(len(matrix.skus)) < 0.5, 0.0, rng.uniform(-5, 5, len(matrix.skus)))
    base, moved = outlook_frame(matrix, today), outlook_frame(matrix, today, extra)
    zero = pl.Series([s for s, e in zip(matrix.skus, extra) if e == 0.0])
    assert zero.len() > 0
    assert_frame_equal(
        base.filter(pl.col("sku").is_in(zero.implode())), moved.filter(pl.col("sku").is_in(zero.implode()))
    )
