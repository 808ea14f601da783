"""Returns the seller's targets (template `tpl_targets`) scored like key results, for tiles, headlines and meetings.

A target applies to a view when its metric is shown, its period covers the view's last day and its slice is the
view's slice exactly (channel, marketplace, store and SKU each equal, or both empty): a target for amazon.com does
not score the all-marketplace tile. Of several, the shortest period wins (a month beats its quarter). A key result
bound to the same metric wins over a target (the caller merges them; see pages/overview.py).

A target narrower than nothing but wider than the view (a company target on a view filtered to some SKUs, a channel,
a store) is returned marked `scope: "wider"` and unscored: a filtered actual is never compared with it (`fit`).

Money targets are written in the base currency in force (app.settings; the sheet has no currency column). A view in
another base scores its own value against the target converted at the rate of the target's first day (the latest
marts.fx_pairs rate on or before it, else the first after; `metrics.meeting.okr_scores.in_base`), as the budget
is.

Scoring is `metrics.meeting.okr.score` (the OKRs' own): value over [period start, data end] with the target's slice,
attainment value / target ("up") or target / value ("down"), the run-rate forecast for additive metrics, status
from the forecast attainment. Direction: the row's, else the metric's good direction in the registry.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.core import api, query
from metrics.core.registry import REGISTRY
from metrics.meeting import okr
from metrics.meeting.okr_scores import data_through, in_base, metric_meta

SLICE = ("channel", "marketplace", "store", "master_sku")
SCHEMA = {"metric_id": pl.String, "period": pl.String, "period_start": pl.Date, "period_end": pl.Date,
          "channel": pl.String, "marketplace": pl.String, "store": pl.String, "master_sku": pl.String,
          "target": pl.Float64, "direction": pl.String}  # fmt: skip


def targets(con) -> pl.DataFrame:
    """Returns the targets in force (SCHEMA columns, one row per metric × period × slice); empty without any."""
    with query.cursor(con) as cur:
        if not cur.sql("select 1 from information_schema.tables where table_schema = 'staging' "
                       "and table_name = 'targets'").fetchall():  # fmt: skip
            return pl.DataFrame(schema=SCHEMA)
        frame = cur.sql(f"select {', '.join(SCHEMA)} from staging.targets order by metric_id, period_start").pl()
    return frame.cast(SCHEMA) if frame.height else pl.DataFrame(schema=SCHEMA)


def unknown_metrics(con) -> list[str]:
    """Returns the metric ids of targets that are no metric of the data dictionary (they are never applied)."""
    return sorted({m for m in targets(con)["metric_id"].to_list() if m not in REGISTRY})


VIEW_KEYS = ("channel", "marketplace", "store", "sku", "sku_search")  # the filters a target or a KR can name


def fit(filters: dict | None, f: api.Filters) -> str | None:
    """Returns how a target (or key result) naming `filters` (channel, marketplace, store, sku, sku_search; absent =
    all) fits the view of filter f: "applies" when it names exactly the view's filters, "wider" when it names only
    some of them (a company target on a view filtered to some SKUs: the filtered actual is no measure of it), else
    None (another slice: not the view's)."""
    want = {k: (filters or {}).get(k) or None for k in VIEW_KEYS}
    view = {k: getattr(f, k) or None for k in VIEW_KEYS}
    if want == view:
        return "applies"
    return "wider" if all(want[k] is None or want[k] == view[k] for k in VIEW_KEYS) else None


def _row_filters(row: dict) -> dict:
    return {"channel": row["channel"], "marketplace": row["marketplace"], "store": row["store"],
            "sku": row["master_sku"]}  # fmt: skip


def _best(rows: pl.DataFrame, metric_id: str, f: api.Filters, how: str) -> dict | None:
    best = None
    for r in rows.filter(pl.col("metric_id") == metric_id).iter_rows(named=True):
        if not (r["period_start"] <= f.end <= r["period_end"]) or fit(_row_filters(r), f) != how:
            continue
        if best is None or (r["period_end"] - r["period_start"]) < (best["period_end"] - best["period_start"]):
            best = r
    return best


def applicable(rows: pl.DataFrame, metric_id: str, f: api.Filters) -> dict | None:
    """Returns the target row for `metric_id` in the view of filter f (rule in the module docstring), or None."""
    return _best(rows, metric_id, f, "applies")


def score_target(con, row: dict, through: date | None, base: str | None = None) -> dict:
    """Returns a KR-shaped score of one target row in `base` (None = the base in force): metric_id, target,
    direction, period_start/end (ISO), value, forecast, attainment, forecast_attainment, status, data_through (ISO:
    the last day the value counts; None without a value), filters ({}), source "target"."""
    meta = metric_meta(row["metric_id"])
    direction = row["direction"] or REGISTRY[row["metric_id"]].good
    start, end = row["period_start"], row["period_end"]
    target = in_base(con, row["target"], meta["unit"], base, start)
    value = None
    if through is not None and through >= start:
        sl = {k: row[k] for k in ("channel", "marketplace", "store")}
        f = api.Filters(start=start, end=min(through, end), sku=row["master_sku"], base_currency=base, **sl)
        value = api.kpis(con, f).get(row["metric_id"])
    s = okr.score(value, target=target, baseline=None, direction=direction, additive=meta["additive"],
                  period_start=start, period_end=end, data_through=min(through or start, end))  # fmt: skip
    return {
        "metric_id": row["metric_id"], "target": target, "direction": direction, "unit": meta["unit"],
        "period_start": start.isoformat(), "period_end": end.isoformat(), "value": s.value, "forecast": s.forecast,
        "attainment": s.attainment, "forecast_attainment": s.forecast_attainment, "status": s.status,
        "data_through": None if value is None else min(through, end).isoformat(), "filters": {}, "source": "target",
    }  # fmt: skip


def unscored(con, row: dict, base: str | None = None) -> dict:
    """Returns a target row for a wider scope than the view: its target (in `base`) and period, `scope` "wider",
    no value or attainment (the view's filtered actual is no measure of it)."""
    meta = metric_meta(row["metric_id"])
    return {"metric_id": row["metric_id"], "target": in_base(con, row["target"], meta["unit"], base,
            row["period_start"]), "unit": meta["unit"], "period_start": row["period_start"].isoformat(),
            "period_end": row["period_end"].isoformat(), "scope": "wider", "source": "target", "filters": {}}  # fmt: skip


def scores_for(con, f: api.Filters, metric_ids: list[str]) -> dict[str, dict]:
    """Returns {metric id: KR-shaped score} of the targets applying to the view of filter f, in f's base currency;
    a metric whose only target is for a wider scope gets that target marked `scope: "wider"`, unscored (module
    docstring)."""
    rows = targets(con).filter(pl.col("metric_id").is_in([m for m in metric_ids if m in REGISTRY]))
    if rows.is_empty():
        return {}
    through = data_through(con, f.end)
    out = {}
    for mid in metric_ids:
        if (row := applicable(rows, mid, f)) is not None:
            out[mid] = score_target(con, row, through, f.base_currency)
        elif (row := _best(rows, mid, f, "wider")) is not None:
            out[mid] = unscored(con, row, f.base_currency)
    return out


def view_krs(kr_rows: list[dict], f: api.Filters, metric_ids: list[str]) -> dict[str, dict]:
    """Returns {metric id: scored key result} of the KRs bound to a shown metric whose period covers the view's last
    day: one naming the view's filters exactly, else one for a wider scope marked `scope: "wider"` (`fit`)."""
    out: dict[str, dict] = {}
    for how in ("applies", "wider"):
        for kr in kr_rows:
            shown = kr["metric_id"] in metric_ids and kr["metric_id"] not in out
            if shown and kr["period_start"] <= f.end.isoformat() <= kr["period_end"] and fit(kr["filters"], f) == how:
                out[kr["metric_id"]] = kr if how == "applies" else {**kr, "scope": "wider"}
    return out


def headline_targets(con, start: date, end: date) -> dict[str, float]:
    """Returns {metric id: target} of the company-wide targets a meeting over [start, end] uses when no KR is bound:
    an additive metric's target period must be the meeting's period exactly (a quarter's sales target is no month's),
    a level (ratio, days) applies when its period covers the meeting's."""
    out: dict[str, float] = {}
    for r in targets(con).filter(pl.all_horizontal(pl.col(k).is_null() for k in SLICE)).iter_rows(named=True):
        if r["metric_id"] not in REGISTRY:
            continue
        exact = (r["period_start"], r["period_end"]) == (start, end)
        covers = r["period_start"] <= start and end <= r["period_end"]
        level = covers and not metric_meta(r["metric_id"])["additive"]
        if exact or (level and r["metric_id"] not in out):
            out[r["metric_id"]] = r["target"]
    return out
