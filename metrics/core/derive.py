"""Completes summed metric values with the registry's derived metrics (`terms` sums and `ratio`s), in registry order.

A leaf of `metrics/`: the KPI engine, the P&L, the ad views and the what-if inputs all derive through it.
"""

from __future__ import annotations

import polars as pl

from metrics.core.registry import METRICS

# expense metrics need marts.expense_days: metrics.accounts.pnl.expense_kpis derives them where it is read
DERIVED = [m for m in METRICS if (m.terms or m.ratio) and m.mart != "expense_days"]


def derive(values: dict) -> dict:
    """Returns `values` (the `sql` metrics) completed with every `terms` and `ratio` metric, in registry order."""
    out = dict(values)
    for m in DERIVED:
        if m.terms:
            out[m.id] = sum(sign * (out.get(i) or 0.0) for i, sign in m.terms)
        else:
            num, den = (out.get(i) for i in m.ratio)
            # ratio of sums; a zero or unknown denominator gives an empty value, never 0 or infinity
            out[m.id] = None if num is None or not den else num / den
    return out


def derive_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Returns `frame` (one row per group, the `sql` metrics as columns) with every `terms` and `ratio` metric added
    as a Float64 column, in registry order: the same values as `derive` on each row (terms summed left to right with
    a missing value as 0.0; a ratio is null when its numerator is null or its denominator null or 0), computed as
    column expressions instead of one Python dict per row (the SKU table: ~2,000 rows per report)."""
    lazy = frame.lazy()
    have = set(frame.columns)
    for m in DERIVED:
        if m.terms:
            expr = pl.lit(0.0)
            for i, sign in m.terms:
                v = pl.col(i).cast(pl.Float64).fill_null(0.0) if i in have else pl.lit(0.0)
                expr = expr + (v if sign == 1 else -v)
        else:
            num, den = (pl.col(i).cast(pl.Float64) if i in have else pl.lit(None, pl.Float64) for i in m.ratio)
            expr = pl.when(num.is_not_null() & den.is_not_null() & (den != 0)).then(num / den).otherwise(None)
        lazy = lazy.with_columns(expr.cast(pl.Float64).alias(m.id))
        have.add(m.id)
    return lazy.collect()


def pct_change(value, compare) -> float | None:
    """Returns the relative change (value − compare) / |compare|, or None when it means nothing: a value or compare
    missing, a compare of 0, or a sign change (a profit of +1,000 to −3,524 is no "−452.4 %"; a loss of −500 to a
    profit of +300 no "+160 %"). Two amounts of the same sign compare by size, signed as the change itself: fees of
    −182,907 → −225,977 are −23.5 % (more fees, worse), a loss of −500 → −300 is +40 % (a smaller loss, better).
    The one place a change in per cent is computed (KPI tiles, the meeting's headlines); where it is None the figure
    shows its absolute change instead."""
    if value is None or compare is None or compare == 0 or (value < 0 < compare) or (compare < 0 < value):
        return None
    return (value - compare) / abs(compare)
