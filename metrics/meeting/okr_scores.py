"""Returns live OKR scores: each bound KR's value computed through `metrics.core.api` with its filters and period.

Metric names, units and the check that a KR names a real metric come from `metrics.core.registry` (the single data
dictionary); nothing here defines a metric.
"""

from __future__ import annotations

from datetime import date

from metrics.core import api, query
from metrics.meeting import okr

# money metrics that are levels or per-unit/per-order averages, not sums over days: they are not run-rate projected
# (a registry entry may say so itself through an `additive` attribute, which wins)
_NOT_ADDITIVE = {"aov", "unit_profit", "landed_cost_unit", "inventory_value"}


def _registry_entry(metric_id: str):
    from metrics.core.registry import REGISTRY

    return REGISTRY.get(metric_id)


def metric_meta(metric_id: str) -> dict:
    """Returns {"name_zh", "name_en", "unit", "additive"} of a registry metric; unit is money | count | pct | ratio
    | days, where pct is a registry ratio displayed as a percentage (its format ends in %)."""
    m = _registry_entry(metric_id)
    if m is None:
        return {"name_zh": metric_id, "name_en": metric_id, "unit": "ratio", "additive": False}
    unit = "pct" if m.unit == "ratio" and m.fmt.endswith("%") else m.unit
    additive = getattr(m, "additive", None)
    if additive is None:
        additive = unit in ("money", "count") and m.mart != "inventory_days" and metric_id not in _NOT_ADDITIVE
    return {"name_zh": m.zh, "name_en": m.en, "unit": unit, "additive": bool(additive)}


def data_through(con, period_end: date) -> date | None:
    """Returns the last day with money or ads facts, capped at `period_end` (None for an empty warehouse)."""
    last = api.data_bounds(con).get("last")
    return min(last, period_end) if last else None


def in_base(con, amount: float | None, unit: str, base: str | None, day: date) -> float | None:
    """Returns a target `amount` written in the base currency in force converted to `base` (money only; other units
    and the same currency as they are): at the latest marts.fx_pairs rate on or before `day`, else the first after;
    None when no rate converts it."""
    if amount is None or unit != "money" or not base:
        return amount
    with query.cursor(con) as cur:
        home = (cur.sql("select getvariable('base_currency')").fetchall()[0][0] or "CNY").upper()
        if base.upper() == home:
            return amount
        rate = cur.sql(
            "select rate from marts.fx_pairs where currency = ? and base_currency = ? "
            "order by rate_date > ?, abs(datediff('day', rate_date, ?)) limit 1",
            params=[home, base.upper(), day, day],
        ).fetchall()  # fmt: skip
    return amount * rate[0][0] if rate else None


def kr_value(con, kr: dict, through: date | None, base: str | None = None) -> float | None:
    """Returns a KR's current value: the bound metric over [KR start, data end] with its filters (money in `base`,
    None = the base in force), else the manual one."""
    if not kr.get("metric_id"):
        return kr.get("manual_value")
    if through is None or through < kr["period_start"]:
        return None
    f = api.Filters(start=kr["period_start"], end=min(through, kr["period_end"]), base_currency=base,
                    **(kr.get("filters") or {}))  # fmt: skip
    return api.kpis(con, f).get(kr["metric_id"])


def score_all(con, period: tuple[date, date] | None = None, today: date | None = None,
              base: str | None = None) -> list[dict]:  # fmt: skip
    """Returns one row per KR (of objectives overlapping `period`): objective, KR, value, forecast and status. `base`
    (a view's base currency; None = the base in force) scores a bound money KR in that currency: its value measured
    there, its target and baseline (written in the base in force) converted at the rate of the KR's first day
    (`in_base`)."""

    objs = okr.objectives(con, period)
    titles = {o["objective_id"]: o["title"] for o in objs}
    krs = okr.key_results(con, list(titles))
    bounds_last = api.data_bounds(con).get("last") if any(k["metric_id"] for k in krs) else None
    rows = []
    for kr in krs:
        bound = bool(kr["metric_id"])
        meta = (
            metric_meta(kr["metric_id"])
            if bound
            else {"name_zh": "", "name_en": "", "unit": "count", "additive": False}
        )
        if bound:
            through = min(bounds_last, kr["period_end"]) if bounds_last else None
        else:
            through = min(today or date.today(), kr["period_end"])
        value = kr_value(con, kr, through, base)
        unit = meta["unit"] if bound else "count"
        target = in_base(con, kr["target"], unit, base, kr["period_start"])
        baseline = in_base(con, kr["baseline"], unit, base, kr["period_start"])
        if target is None:  # no rate converts it: scored in the base in force, as the OKR page does
            value, target, baseline = kr_value(con, kr, through), kr["target"], kr["baseline"]
        s = okr.score(
            value, target=target, baseline=baseline, direction=kr["direction"],
            additive=bound and meta["additive"], period_start=kr["period_start"], period_end=kr["period_end"],
            data_through=through or kr["period_start"],
        )  # fmt: skip
        rows.append({
            "objective_id": kr["objective_id"], "objective": titles[kr["objective_id"]], "kr_id": kr["kr_id"],
            "kr": kr["title"], "metric_id": kr["metric_id"], "unit": meta["unit"], "filters": kr["filters"],
            "period_start": kr["period_start"].isoformat(), "period_end": kr["period_end"].isoformat(),
            "baseline": baseline, "target": target, "direction": kr["direction"], "value": s.value,
            "forecast": s.forecast, "attainment": s.attainment, "forecast_attainment": s.forecast_attainment,
            "status": s.status, "data_through": (through or kr["period_start"]).isoformat(),
        })  # fmt: skip
    return rows


def target_for(kr_rows: list[dict], metric_id: str, start: date, end: date) -> float | None:
    """Returns the target of the unfiltered KR bound to `metric_id` for exactly this period (None when none is set)."""
    for r in kr_rows:
        if (r["metric_id"] == metric_id and not r["filters"] and r["period_start"] == start.isoformat()
                and r["period_end"] == end.isoformat()):  # fmt: skip
            return r["target"]
    return None
