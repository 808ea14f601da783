"""Each order id's earliest dates (marts_mat.order_first_days), so a refresh of a few orders' refund costs reads only
the date-ordered rows from those dates on.

Why. refund_cost_facts recomputes the refunds of the orders a refresh touches (a day's new refunds, the orders whose
cost pieces moved). Their refund lines and their sale lines' cost pieces can lie on any earlier date, so the
definition read every refund line (marts.money_facts, 144,000 at 5M order lines) and every cost piece (5M) to find a
few hundred orders' rows: 1.6-3 s of a day's refresh. Both tables are stored in date order (refresh.ORDER), so a
lower date bound lets the scans skip every older row group.

How. One row per order id and batch of money lines: `h` = md5_number_lower(order_id) (a stable 64-bit hash: integers
compare faster than the ids, and a collision only lowers the bound), `posted_from` / `event_from` = the lines'
earliest posting / event date (undated: DATE '0001-01-01', i.e. no bound). A full rebuild writes it from every money
line; each incremental refresh appends the rows of delta_money_facts (new lines and the lines removed), never deletes:
a stale row can only lower an order's bound, and every line ever stored has a row, so the minimum over an order's rows
is at most the date of each of its current lines (a refund line's posting date; a cost piece's line_date is its sale
line's event date). `bounds` gives the scope's minimum of each; sql/marts/refund_cost_facts.sql reads them as
`refund_cost_posted_from` / `refund_cost_event_from` (NULL: no bound).
"""

from __future__ import annotations

TABLE = "marts_mat.order_first_days"
_NONE = "DATE '0001-01-01'"
_ROWS = (
    "select md5_number_lower(order_id) as h, min(coalesce(posted_date, {none})) as posted_from, "
    "min(coalesce(event_date, {none})) as event_from from {rows} where order_id is not null group by all"
)


def _sql(rows: str) -> str:
    return _ROWS.format(none=_NONE, rows=rows)


def build(cur) -> None:
    """Writes marts_mat.order_first_days from every row of marts_mat.money_facts (a full rebuild)."""
    cur.execute(f"create or replace table {TABLE} as {_sql('marts_mat.money_facts')} order by h")


def add(cur, rows: str = "delta_money_facts") -> None:
    """Appends the order dates of `rows` (a table of money_facts rows: the refresh's delta); builds the table whole
    from marts_mat.money_facts when a warehouse written by an older version has none (then current already)."""
    have = cur.sql(
        "select count(*) from duckdb_tables() where schema_name = 'marts_mat' and table_name = 'order_first_days'"
    ).fetchall()[0][0]
    if not have:
        build(cur)
        return
    cur.execute(f"insert into {TABLE} {_sql(rows)}")


def bounds(cur, dirty: str) -> tuple:
    """Returns (posted_from, event_from): the earliest posting and event date of any money line of the order ids in
    column k of table `dirty`, each None when one of those lines is undated or no line is known (no bound)."""
    row = cur.sql(
        f"select min(posted_from), min(event_from) from {TABLE} "
        f"where h in (select md5_number_lower(k) from {dirty} where k is not null)"
    ).fetchall()[0]
    return tuple(None if d is None or d.year == 1 else d for d in row)
