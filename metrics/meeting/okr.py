"""Returns OKR scores: objectives and key results stored in `app`, KRs bound to a registry metric or typed in.

Scoring (documented here because the meeting and the OKR page both show it):
- attainment = (value − baseline) / (target − baseline); without a baseline, value / target for "up" KRs and
  target / value for "down" KRs. Works for both directions because target − baseline carries the sign.
- run-rate forecast: an additive figure (money, counts) bound to a metric grows with the days of the period, so
  it is projected as value × period days / days with data; a level (ratio, days, a manual value) is its own
  forecast. Forecast attainment uses the same formula on the forecast.
- status from the forecast attainment: on-track ≥ 95 %, at-risk ≥ 75 %, off-track below (the forecast, not the
  to-date value, so a KR is not "off-track" on day 3 of the month merely because the month is young).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from metrics.core.registry import REGISTRY
from metrics.meeting.headlines import run_rate_forecast
from metrics.meeting.store import _exec, _next_id, _rows

ON_TRACK = 0.95
AT_RISK = 0.75
DIRECTIONS = ("up", "down")
FILTER_KEYS = ("channel", "marketplace", "sku_search")


@dataclass(frozen=True)
class KRScore:
    value: float | None
    forecast: float | None
    attainment: float | None
    forecast_attainment: float | None
    status: str  # on_track | at_risk | off_track | no_data


def attainment(value: float | None, target: float, baseline: float | None, direction: str) -> float | None:
    """Returns progress from baseline to target as a fraction (1.0 = target reached); None when undefined."""
    if value is None:
        return None
    if baseline is not None and target != baseline:
        return (value - baseline) / (target - baseline)
    if direction == "down":
        return target / value if value else None
    return value / target if target else None


def status_of(forecast_attainment: float | None) -> str:
    """Returns on_track / at_risk / off_track from the forecast attainment (no_data when unknown)."""
    if forecast_attainment is None:
        return "no_data"
    if forecast_attainment >= ON_TRACK:
        return "on_track"
    return "at_risk" if forecast_attainment >= AT_RISK else "off_track"


def score(value: float | None, *, target: float, baseline: float | None, direction: str, additive: bool,
          period_start: date, period_end: date, data_through: date) -> KRScore:  # fmt: skip
    """Returns the KR's score for a value measured from period start to `data_through`."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    if value is None:
        return KRScore(None, None, None, None, "no_data")
    forecast = run_rate_forecast(value, period_start, period_end, data_through) if additive else value
    fa = attainment(forecast, target, baseline, direction)
    return KRScore(value, forecast, attainment(value, target, baseline, direction), fa, status_of(fa))


# -- storage -----------------------------------------------------------------------------------------------------
def check_metric(metric_id: str) -> None:
    """Raises ValueError unless `metric_id` is in the registry (the data dictionary)."""
    if metric_id not in REGISTRY:
        raise ValueError(f"{metric_id!r} is not a metric of the data dictionary")


def create_objective(con, title: str, period_start: date, period_end: date, owner: str | None = None) -> int:
    """Returns the id of a new objective."""
    if period_end < period_start:
        raise ValueError("the period ends before it starts")
    oid = _next_id(con, "app.okrs", "objective_id")
    _exec(
        con,
        "insert into app.okrs values (?, ?, ?, ?, ?, ?)",
        [oid, title.strip(), owner, period_start, period_end, datetime.now().replace(microsecond=0)],
    )
    return oid


def add_key_result(con, objective_id: int, title: str, *, target: float, direction: str = "up",
                   baseline: float | None = None, metric_id: str | None = None, filters: dict | None = None,
                   manual_value: float | None = None, period: tuple[date, date] | None = None) -> int:  # fmt: skip
    """Returns the id of a new KR: bound to `metric_id` (scored live) or manual (`manual_value` typed in)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}")
    if metric_id is not None:
        check_metric(metric_id)
    bad = set(filters or {}) - set(FILTER_KEYS)
    if bad:
        raise ValueError(f"unknown KR filters {sorted(bad)}; allowed: {FILTER_KEYS}")
    obj = _rows(con, "select period_start, period_end from app.okrs where objective_id = ?", [objective_id])
    if not obj:
        raise ValueError(f"objective {objective_id} does not exist")
    start, end = period or (obj[0]["period_start"], obj[0]["period_end"])
    kr_id = _next_id(con, "app.key_results", "kr_id")
    _exec(
        con,
        "insert into app.key_results values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [kr_id, objective_id, title.strip(), metric_id, json.dumps(filters or {}), start, end, baseline,
         float(target), direction, manual_value, datetime.now().replace(microsecond=0)],
    )  # fmt: skip
    return kr_id


def set_manual_value(con, kr_id: int, value: float | None) -> None:
    """Stores the typed-in current value of a manual KR."""
    _exec(con, "update app.key_results set manual_value = ? where kr_id = ?", [value, kr_id])


def objectives(con, overlapping: tuple[date, date] | None = None) -> list[dict]:
    """Returns objectives (those whose period overlaps `overlapping` when given), by period and id."""
    if overlapping:
        return _rows(
            con,
            "select * from app.okrs where period_start <= ? and period_end >= ? order by period_start, objective_id",
            [overlapping[1], overlapping[0]],
        )
    return _rows(con, "select * from app.okrs order by period_start, objective_id")


def key_results(con, objective_ids: list[int] | None = None) -> list[dict]:
    """Returns key results (of the given objectives), filters decoded, by objective and id."""
    rows = _rows(con, "select * from app.key_results order by objective_id, kr_id")
    out = []
    for r in rows:
        if objective_ids is not None and r["objective_id"] not in objective_ids:
            continue
        r["filters"] = json.loads(r["filters"]) if r["filters"] else {}
        out.append(r)
    return out


def delete_key_result(con, kr_id: int) -> None:
    """Deletes one key result."""
    _exec(con, "delete from app.key_results where kr_id = ?", [kr_id])
