"""Returns the seller's open purchase batches as units on order, arriving on their expected arrival date.

The inbound-batches template (`marts.batch_queue`: batch id, master SKU, units, destination, arrival date) is the
only record of goods the seller has ordered: in production, packed at a warehouse of origin, or at sea. It has no
status column, so the arrival date says what a batch is:

- **open** (on order): its arrival date is after the stock day (the latest stock day on or before the day asked,
  the stock Inventory and Reorder planning read); a batch arriving on or before the stock day is received and its
  units are in the stock reports (available, or Amazon's inbound while Amazon is still receiving it);
- **on order** = an open batch's units, less the units the stock day already shows on their way, so that a batch
  counts once: Amazon's inbound (working, shipped, receiving: units shipped or about to ship to an FBA warehouse) and
  the available units at the seller's own warehouses that no batch names as its destination (a warehouse of origin,
  e.g. a consolidation warehouse in Shenzhen, holds goods packed for batches that have not shipped yet). Those units
  are taken off the SKU's open batches earliest arrival first (they are the ones already shipped or packed), so
  the units left on order are the latest to arrive. Per master SKU over every destination: Amazon's inbound at one
  marketplace also nets a batch bound for another (it may understate, never double count, what is on order);
- an open batch's units arrive on its arrival date (day index from the projection's first day, the day after the
  stock day asked: 0 when that date has passed) and count from that day in the stock-out projection
  (`metrics.planning.stockout`) and the reorder plan (`metrics.planning.reorder.plan_sku`), never before.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from metrics.core import query

OPEN_ORDERS_SQL = """
with inv as (select * from marts.inventory_days where day <= $as_of and master_sku is not null),
stock_day as (select max(day) as d from inv),
destinations as (
    select distinct lower(trim(destination)) as place from marts.batch_queue where destination is not null
),
-- per SKU, the units the stock day shows that an open batch may be: Amazon's inbound, own origin warehouses' stock
shown as (
    select i.master_sku,
        coalesce(sum(i.inbound), 0) + coalesce(sum(greatest(i.available, 0)) filter (
            where i.store is null and lower(trim(i.location)) not in (select place from destinations)), 0) as units
    from inv as i, stock_day as s where i.day = s.d
    group by all
),
open_batches as (
    select b.master_sku, b.batch_id, b.arrival_date, b.destination, b.units,
        sum(b.units) over (
            partition by b.master_sku order by b.arrival_date, b.batch_id rows unbounded preceding
        ) as cum_end
    from marts.batch_queue as b, stock_day as s
    where b.arrival_date > s.d and b.units > 0
),
netted as (
    select o.master_sku, o.arrival_date, o.destination,
        greatest(o.cum_end - greatest(coalesce(w.units, 0), o.cum_end - o.units), 0) as units
    from open_batches as o
    left join shown as w using (master_sku)
)
select master_sku as sku, {keys}, sum(units)::BIGINT as units
from netted where units > 0
group by all order by all"""


def open_orders(con, as_of: date) -> pl.DataFrame:
    """Returns the units on order per master SKU and expected arrival date (sku, arrival_date, units > 0; module
    doc): open batches after the stock day on or before `as_of`, less what that day's stock already shows."""
    with query.cursor(con) as cur:
        return cur.sql(OPEN_ORDERS_SQL.format(keys="arrival_date"), params={"as_of": as_of}).pl()


def on_order_rows(con, as_of: date, rows: pl.DataFrame) -> pl.Series:
    """Returns the units on order of each stock row (`rows`: sku, location, one row per SKU × store × location, in
    the order shown): the SKU's open batches (module doc, the same netting) by destination, on the row of the
    location the batch goes to (a location named as the destination, or an FBA location of that marketplace: "FBA
    amazon.de" for "amazon.de"; its first row when several stores have it), and the units of a destination none of
    the SKU's rows is at on its first row. The rows of a SKU sum to its units on order; a SKU's total is not
    repeated on each of its rows (adding the column would count it once per location)."""
    with query.cursor(con) as cur:
        dest = cur.sql(OPEN_ORDERS_SQL.format(keys="lower(trim(destination)) as place"), params={"as_of": as_of}).pl()
    n = rows.height
    out = [0] * n
    if not n or not dest.height:
        return pl.Series("on_order", out, dtype=pl.Int64)
    first: dict[str, int] = {}
    at: dict[tuple[str, str], int] = {}
    for i, (sku, loc) in enumerate(zip(rows["sku"].to_list(), rows["location"].to_list())):
        first.setdefault(sku, i)
        place = (loc or "").strip().lower()
        at.setdefault((sku, place.removeprefix("fba ")), i)
        at.setdefault((sku, place), i)
    for sku, place, units in dest.iter_rows():
        i = at.get((sku, place or ""), first.get(sku))
        if i is not None:
            out[i] += int(units or 0)
    return pl.Series("on_order", out, dtype=pl.Int64)


def arrival_days(arrivals, width: int) -> np.ndarray:
    """Returns the units arriving on each day index 0 … width − 1 from `arrivals` (a list of {day, units}, day =
    days from the projection's first day; None or empty: nothing on order); arrivals beyond the width are left out."""
    out = np.zeros(max(int(width), 0))
    for a in arrivals or []:
        day = max(int(a["day"]), 0)
        if day < out.size:
            out[day] += float(a["units"] or 0)
    return out


def arrivals_matrix(column: pl.Series | None, n: int, width: int) -> np.ndarray:
    """Returns an n × width matrix of units arriving per SKU (row) and day index, from a stock frame's `arrivals`
    column (one list of {day, units} per row; None: no column, nothing on order)."""
    out = np.zeros((n, max(int(width), 0)))
    if column is None:
        return out
    for i, arrivals in enumerate(column.to_list()):
        if arrivals:
            out[i] = arrival_days(arrivals, width)
    return out
