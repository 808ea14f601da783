"""Completes summed metric values with the registry's derived metrics (`terms` sums and `ratio`s), in registry order.

A leaf of `metrics/`: the KPI engine, the P&L, the ad views and the what-if inputs all derive through it.
"""

from __future__ import annotations

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
