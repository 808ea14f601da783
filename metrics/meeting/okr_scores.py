"""Returns live OKR scores: each bound KR's value computed through `metrics.core.api` with its filters and period.

Metric names, units and the check that a KR names a real metric come from `metrics.core.registry` (the single data
dictionary); nothing here defines a metric.
"""

from __future__ import annotations

from datetime import date

from metrics.core import api
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


def kr_value(con, kr: dict, through: date | None) -> float | None:
    """Returns a KR's current value: the bound metric over [KR start, data end] with its filters, else the manual one."""
    if not kr.get("metric_id"):
        return kr.get("manual_value")
    if through is None or through < kr["period_start"]:
        return None
    f = api.Filters(start=kr["period_start"], end=min(through, kr["period_end"]), **(kr.get("filters") or {}))
    return api.kpis(con, f).get(kr["metric_id"])


def score_all(con, period: tuple[date, date] | None = None, today: date | None = None) -> list[dict]:
    """Returns one row per KR (of objectives overlapping `period`): objective, KR, value, forecast and status."""
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
        value = kr_value(con, kr, through)
        s = okr.score(
            value, target=kr["target"], baseline=kr["baseline"], direction=kr["direction"],
            additive=bound and meta["additive"], period_start=kr["period_start"], period_end=kr["period_end"],
            data_through=through or kr["period_start"],
        )  # fmt: skip
        rows.append({
            "objective_id": kr["objective_id"], "objective": titles[kr["objective_id"]], "kr_id": kr["kr_id"],
            "kr": kr["title"], "metric_id": kr["metric_id"], "unit": meta["unit"], "filters": kr["filters"],
            "period_start": kr["period_start"].isoformat(), "period_end": kr["period_end"].isoformat(),
            "baseline": kr["baseline"], "target": kr["target"], "direction": kr["direction"], "value": s.value,
            "forecast": s.forecast, "attainment": s.attainment, "forecast_attainment": s.forecast_attainment,
            "status": s.status,
        })  # fmt: skip
    return rows


def target_for(kr_rows: list[dict], metric_id: str, start: date, end: date) -> float | None:
    """Returns the target of the unfiltered KR bound to `metric_id` for exactly this period (None when none is set)."""
    for r in kr_rows:
        if (r["metric_id"] == metric_id and not r["filters"] and r["period_start"] == start.isoformat()
                and r["period_end"] == end.isoformat()):  # fmt: skip
            return r["target"]
    return None
