"""The one stock-out calculation Inventory, Reorder planning, the ad-budget what-if and the meeting all read.

Definitions (per master SKU, summed over every location):
- a SKU with available units <= 0 is **out of stock since** the day after its last day with available > 0 in the
  stock reports (`out_since`; the first stock day when it never had stock); its stock-out date is that date;
- otherwise the stock-out date is the first day t >= today on which available + inbound + on order arrived by t
  − Σ forecast(today … t) < 0, with the demand forecast of `metrics.planning.forecast.forecast` (last year × trend,
  in-stock days only) plus any extra units per day a what-if adds (inbound counts as soon as it exists, as in the
  reorder plan; on order = the seller's open purchase batches not yet in the stock, each counted from its expected
  arrival date, never before: `metrics.planning.on_order`, which also says how a batch counts once);
- days of cover = days from today to that stock-out date; beyond `COVER_CAP_DAYS` (or no stock-out in the
  horizon) it is reported as capped (`cover_capped` True, `days_of_cover` None) and shown as "> 365 days".

`today` is the first day after the data (the period end + 1), as in the reorder plan.

**Stock-out risk** (the one definition Inventory and the meeting list, `with_stockout_risk`): a SKU that sells
(forecast units per day > 0 at the current sales rate, no what-if extra) and is out of stock, or whose days of cover
< its lead time + SAFETY_DAYS — a reorder placed today would arrive with less than SAFETY_DAYS of margin. Units on
order count in that days of cover: a SKU whose open batches arrive in time is not at risk. The ad
what-if asks another question (stock-outs at its extra sales before a reorder could arrive).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from metrics.planning.on_order import arrival_days, arrivals_matrix

COVER_CAP_DAYS = 365
SAFETY_DAYS = 14  # days of margin a reorder placed today should arrive with (stock-out risk, see module doc)

OUTLOOK_SCHEMA = {
    "sku": pl.String, "available": pl.Int64, "inbound": pl.Int64, "on_order": pl.Int64, "demand_per_day": pl.Float64,
    "out_of_stock": pl.Boolean, "out_since": pl.Date, "stockout_date": pl.Date, "days_of_cover": pl.Int64,
    "cover_capped": pl.Boolean,
}  # fmt: skip


def with_stockout_risk(frame: pl.DataFrame, safety_days: int = SAFETY_DAYS) -> pl.DataFrame:
    """Returns `frame` with `stockout_risk` (bool, see module doc) from its columns daily_units (forecast units per
    day), out_of_stock, days_of_cover (null when capped) and lead_time_days (null: no lead time known, then the
    safety days alone)."""
    sells = pl.col("daily_units").fill_null(0) > 0
    limit = pl.col("lead_time_days").fill_null(0) + safety_days
    short = pl.col("days_of_cover").is_not_null() & (pl.col("days_of_cover") < limit)
    return frame.with_columns(stockout_risk=sells & (pl.col("out_of_stock").fill_null(False) | short))


def stockout_day(
    daily_forecast, available: float, inbound: float, today: date, *, out_since: date | None = None,
    extra_per_day: float = 0.0, on_order=None,
) -> date | None:  # fmt: skip
    """Returns the SKU's stock-out date (see module doc), or None when the stock lasts the whole forecast.

    `daily_forecast[i]` is the forecast units for today + i; `extra_per_day` units are added to every day;
    `on_order[i]` the units of open purchase batches arriving on today + i (none when None).
    Already out (available <= 0): `out_since`, or today when unknown.
    """
    if (available or 0) <= 0:
        return out_since or today
    f = np.asarray(daily_forecast, dtype=float) + float(extra_per_day or 0.0)
    arrived = np.cumsum(_days(on_order, f.size))
    out = np.nonzero((available + (inbound or 0)) + arrived - np.cumsum(f) < 0)[0]
    return today + timedelta(days=int(out[0])) if out.size else None


def _days(on_order, width: int) -> np.ndarray:
    """Returns `on_order` (units arriving per day index) as `width` days: cut, or padded with 0."""
    out = np.zeros(width)
    if on_order is not None:
        a = np.asarray(on_order, dtype=float)[:width]
        out[: a.size] = a
    return out


def outlook_row(
    sku: str, daily_forecast, available, inbound, today: date, out_since=None, extra=0.0, arrivals=None
) -> dict:
    """Returns one row of `OUTLOOK_SCHEMA` for a SKU (demand_per_day = mean forecast over the next 30 days);
    `arrivals`: its open batches ({day, units} list of `metrics.core.history.stock_position`)."""
    f = np.asarray(daily_forecast if daily_forecast is not None else [], dtype=float)
    d = float(f[:30].mean()) + float(extra or 0.0) if f.size else None
    on_order = arrival_days(arrivals, f.size)
    day = stockout_day(f, available or 0, inbound or 0, today, out_since=out_since, extra_per_day=extra,
                       on_order=on_order)  # fmt: skip
    days = None if day is None else max((day - today).days, 0)
    capped = days is None or days > COVER_CAP_DAYS
    return {
        "sku": sku, "available": int(available or 0), "inbound": int(inbound or 0),
        "on_order": int(sum(a["units"] or 0 for a in arrivals or [])), "demand_per_day": d,
        "out_of_stock": (available or 0) <= 0, "out_since": out_since if (available or 0) <= 0 else None,
        "stockout_date": day, "days_of_cover": None if capped else days, "cover_capped": capped,
    }  # fmt: skip


@dataclass(frozen=True)
class StockMatrix:
    """Stock and cumulative forecast of many SKUs, prepared once per filter so a what-if slider move only adds its
    extra units (`stockout_index`): `cum[i, k]` = forecast units of SKU i over today … today + k, less its units on
    order arriving by today + k (open purchase batches: they count from their arrival, `metrics.planning.on_order`);
    `on_order[i]` = all its units on order."""

    skus: list[str]
    available: np.ndarray
    inbound: np.ndarray
    out_since: list
    cum: np.ndarray
    has_forecast: np.ndarray
    demand_30: np.ndarray  # mean forecast over the next 30 days (nan without a forecast)
    on_order: np.ndarray | None = None  # units on order per SKU (None: none)

    def take(self, rows: np.ndarray) -> StockMatrix:
        """Returns the StockMatrix of the SKUs at positions `rows` (int array into `skus`), in that order; each SKU's
        row is its row here, so every per-SKU result on it equals this matrix's for that SKU."""
        rows = np.asarray(rows, dtype=np.intp)
        return StockMatrix(
            [self.skus[i] for i in rows], self.available[rows], self.inbound[rows], [self.out_since[i] for i in rows],
            self.cum[rows], self.has_forecast[rows], self.demand_30[rows],
            None if self.on_order is None else self.on_order[rows],
        )  # fmt: skip


def prepare(stock: pl.DataFrame, forecasts: pl.DataFrame) -> StockMatrix:
    """Returns the StockMatrix of `stock` (sku, available, inbound, optional out_since, optional on_order and
    arrivals: `metrics.core.history.stock_position`) and `forecasts` (sku, units: list of daily forecasts from
    today)."""
    since = pl.col("out_since") if "out_since" in stock.columns else pl.lit(None, dtype=pl.Date)
    arrivals = pl.col("arrivals") if "arrivals" in stock.columns else pl.lit(None, dtype=pl.List(pl.Int64))
    on_order = pl.col("on_order") if "on_order" in stock.columns else pl.lit(0)
    base = stock.select(
        "sku", pl.col("available", "inbound").fill_null(0).cast(pl.Int64), out_since=since,
        on_order=on_order.fill_null(0).cast(pl.Int64), arrivals=arrivals,
    )  # fmt: skip
    rows = base.join(forecasts.select("sku", "units"), on="sku", how="left")
    n, width = rows.height, int(rows["units"].list.len().max() or 0) if rows.height else 0
    lens = rows["units"].list.len()
    if width and lens.null_count() == 0 and lens.min() == width:  # the usual case: one horizon for every SKU
        f = rows["units"].cast(pl.List(pl.Float64)).list.to_array(width).to_numpy()
    elif width:
        pad = pl.lit([0.0] * width, dtype=pl.List(pl.Float64))
        units = pl.col("units").cast(pl.List(pl.Float64)).fill_null([]).list.concat(pad).list.head(width)
        f = rows.select(units.list.to_array(width))["units"].to_numpy()
    else:
        f = np.zeros((n, 0))
    has = lens.fill_null(0).to_numpy() > 0
    cum = np.cumsum(f, axis=1)
    if rows["on_order"].sum():
        cum = cum - np.cumsum(arrivals_matrix(rows["arrivals"], n, width), axis=1)
    return StockMatrix(
        rows["sku"].to_list(), rows["available"].to_numpy(), rows["inbound"].to_numpy(), rows["out_since"].to_list(),
        cum, has, np.where(has, f[:, :30].mean(axis=1) if width else 0.0, np.nan), rows["on_order"].to_numpy(),
    )  # fmt: skip


def stockout_index(m: StockMatrix, extra: np.ndarray | None = None, days: int | None = None) -> np.ndarray:
    """Returns per SKU of `m` the day index of its stock-out from today (−1: none in the horizon, or within the
    first `days` days when given: a what-if only asks about stock-outs before a reorder could arrive) for the
    forecast plus `extra` units per day (one value per SKU); SKUs already out are not special-cased here."""
    cum = m.cum if days is None else m.cum[:, : max(int(days), 0)]
    n, width = cum.shape
    if not width:
        return np.full(n, -1)
    total = cum if extra is None else cum + np.outer(extra, np.arange(1, width + 1))
    short = (m.available + m.inbound)[:, None] - total < 0
    return np.where(short.any(axis=1) & m.has_forecast, short.argmax(axis=1), -1)


def outlook_frame(
    m: StockMatrix, today: date, extra: np.ndarray | None = None, days: int | None = None
) -> pl.DataFrame:
    """Returns OUTLOOK_SCHEMA rows for the SKUs of `m` (see module doc), sorted by SKU; `extra`: units per day, one
    per SKU of `m`. `days` (a count of days) looks for stock-outs in the first `days` days only: a later one reads as
    none (stockout_date null, capped), so a caller that only asks whether days of cover < some limit ≤ `days`
    (`with_stockout_risk` with every lead time + safety days ≤ `days`) gets the same answer for less work."""
    first = stockout_index(m, extra, days)
    out = m.available <= 0
    day = [(m.out_since[i] or today) if out[i] else (today + timedelta(days=int(first[i])) if first[i] >= 0 else None)
           for i in range(len(m.skus))]  # fmt: skip
    days = [None if d is None else max((d - today).days, 0) for d in day]
    capped = [d is None or d > COVER_CAP_DAYS for d in days]
    demand = m.demand_30 + (extra if extra is not None else 0.0)
    return pl.DataFrame(
        {
            "sku": m.skus,
            "available": m.available,
            "inbound": m.inbound,
            "on_order": m.on_order if m.on_order is not None else np.zeros(len(m.skus), dtype=np.int64),
            "demand_per_day": pl.Series(demand, dtype=pl.Float64).fill_nan(None),
            "out_of_stock": out,
            "out_since": [m.out_since[i] if out[i] else None for i in range(len(m.skus))],
            "stockout_date": day,
            "days_of_cover": [None if c else d for d, c in zip(days, capped)],
            "cover_capped": capped,
        },
        schema=OUTLOOK_SCHEMA,
    ).sort("sku")


def sku_outlook(
    history: pl.DataFrame | None, stock: pl.DataFrame, today: date, *, extra_per_day: dict[str, float] | None = None,
    horizon: int = COVER_CAP_DAYS, forecasts: pl.DataFrame | None = None,
) -> pl.DataFrame:  # fmt: skip
    """Returns one row per SKU of `stock` (OUTLOOK_SCHEMA): its stock-out date, whether it is out and since when.

    `history`: sku, date, units, in_stock (`metrics.core.history.demand_history`); `stock`: sku, available,
    inbound and optionally out_since, on_order and arrivals (`metrics.core.history.stock_position`). `forecasts`
    (sku, units: list of daily forecasts from today) replaces the forecast when already computed. A SKU in stock
    with no sales history never stocks out (capped cover). `horizon` = 365 days, the reorder plan's.
    """
    if forecasts is None:
        from metrics.planning.forecast import forecast

        fc = forecast(history, today, horizon)
        forecasts = fc.group_by("sku", maintain_order=True).agg(units=pl.col("units"))
    m = prepare(stock, forecasts)
    extra = None
    if extra_per_day:
        extra = np.array([float(extra_per_day.get(s) or 0.0) for s in m.skus])
    return outlook_frame(m, today, extra)
