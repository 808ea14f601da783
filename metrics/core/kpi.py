"""Returns KPI values, comparisons, trends and breakdowns, all evaluated from the registry's definitions."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.core import query
from metrics.core.derive import derive, derive_frame, pct_change
from metrics.core.periods import comparison_period
from metrics.core.registry import KPI_IDS, REGISTRY


def _rows(frame: pl.DataFrame) -> list[dict]:
    return [derive(r) for r in frame.iter_rows(named=True)]


def compute_kpis(con, f) -> dict[str, float | None]:
    """Returns every KPI (and building block) for filter f as {id: value}."""
    from metrics.accounts.pnl import expense_kpis
    from metrics.planning.inventory import inventory_kpis

    with query.cursor(con, f) as cur:
        values = _rows(query.sums(cur, f))[0]
        values.update(inventory_kpis(cur, f, values))
        values.update(expense_kpis(cur, f, values))
    return {k: _clean(values.get(k)) for k in REGISTRY}


def _clean(v):
    if v is None:
        return None
    if isinstance(v, int):
        return v
    return float(v)


def compare_kpis(con, f) -> dict[str, dict[str, float | None]]:
    """Returns {id: {"value", "compare", "change", "change_pct"}} for f and its comparison period."""
    now = compute_kpis(con, f)
    prior = compute_kpis(con, f.comparison()) if f.compare else {}
    out = {}
    for k, v in now.items():
        c = prior.get(k)
        change = None if v is None or c is None else v - c
        out[k] = {
            "value": v,
            "compare": c,
            "change": change,
            "change_pct": pct_change(v, c),
        }
    return out


GRAIN_SQL = {"day": "{day}", "week": "date_trunc('week', {day})::date", "month": "date_trunc('month', {day})::date"}


def trend_frame(con, f, metric_ids: list[str], grain: str = "day") -> pl.DataFrame:
    """Returns one row per period bucket (`period`) with the requested metric ids as columns, sorted by period.

    A week or month bucket starts on its Monday / first of month, except the first one, which is labelled by f.start
    when the period starts inside it (its sums cover only days within the period).
    """
    unknown = [i for i in metric_ids if i not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown metric ids: {unknown}")
    with query.cursor(con, f) as cur:
        frame = query.sums(cur, f, GRAIN_SQL[grain])
    # a week or month cut by the period's start is labelled by the period's first day, not by a day before it
    start = getattr(f, "start", None)
    rows = [
        {
            "period": max(r["key"], start) if start and r["key"] else r["key"],
            **{i: _clean(r.get(i)) for i in metric_ids},
        }
        for r in _rows(frame)
    ]
    schema = {"period": pl.Date, **{i: pl.Float64 for i in metric_ids}}
    return pl.DataFrame(rows, schema=schema, orient="row").sort("period") if rows else pl.DataFrame(schema=schema)


def grouped(con, f, group: str, ids: list[str] | None = None) -> list[dict]:
    """Returns one dict per value of the SQL expression `group` (key `key`) with every KPI derived."""
    with query.cursor(con, f) as cur:
        frame = query.sums(cur, f, group)
    rows = _rows(frame)
    keep = ids or [k for k in REGISTRY if REGISTRY[k].mart != "inventory_days"]
    return [{"key": r["key"], **{k: _clean(r.get(k)) for k in keep}} for r in rows]


def grouped_frame(con, f, group: str) -> pl.DataFrame:
    """Returns one row per value of the SQL expression `group` (column `key`) with the summed metrics and every
    derived one (Float64; `derive_frame`): `grouped` as a frame, for callers with many groups (SKUs)."""
    with query.cursor(con, f) as cur:
        return derive_frame(query.sums(cur, f, group))


def breakdown_frame(con, f, by: str = "marketplace") -> pl.DataFrame:
    """Returns one row per channel, marketplace or store (column named `by`) with every non-inventory KPI."""
    if by not in ("channel", "marketplace", "store"):
        raise ValueError("by must be 'channel', 'marketplace' or 'store'")
    rows = grouped(con, f, by)
    ids = [k for k in REGISTRY if REGISTRY[k].mart != "inventory_days"]
    schema = {by: pl.String, **{i: pl.Float64 for i in ids}}
    data = [{by: r["key"], **{i: r[i] for i in ids}} for r in rows]
    frame = pl.DataFrame(data, schema=schema, orient="row") if data else pl.DataFrame(schema=schema)
    return frame.sort("net_sales", descending=True, nulls_last=True)


def kpi_ids() -> list[str]:
    """Returns the headline KPI ids in display order."""
    return list(KPI_IDS)


def bounds(con) -> dict[str, date | None]:
    """Returns {"first", "last"}: the first and last event dates in the money and ads marts."""
    with query.cursor(con) as cur:
        rows = cur.sql(
            "select min(d), max(d) from (select event_date as d from marts.money_lines "
            "union all select day from marts.ad_days)"
        ).fetchall()
    return {"first": rows[0][0], "last": rows[0][1]}


__all__ = ["comparison_period", "compute_kpis", "compare_kpis", "trend_frame", "breakdown_frame", "bounds"]
