"""Which other days of a changed day's orders money_facts recomputes, and which orders its scoped read takes whole.

money_facts (sql/marts/money_facts.sql) keeps an order line from the best source that holds it: `order_rank`, the
lowest source rank over every posting day of the order line. So a changed posting day can move its orders' lines on
other days, and warehouse/marts/partitions.py money_parts recomputes those days too. Most of the time they cannot
move: a day's transaction report refunds ~3 % of the order lines of the 3-27 days before it, all of one source.
Used by warehouse/marts/refresh.py (its incremental money step) inside its transaction.
"""

from __future__ import annotations

from warehouse.marts.partitions import ORDER_KEY

# money tables whose lines never merge per order (sql/marts/channel_money.sql merges TikTok Shop and Shopify lines per
# order): one of their lines reaches its order's lines in other partitions only through `order_rank` (a line counted by
# a better source elsewhere is not counted again), so only where lines of another source (rank) lie
LINE_LOCAL = {"raw.amazon_transactions", "raw.amazon_settlement", "raw.amazon_all_orders"}


def order_spread(cur, money_tables: set[str] | None) -> str:
    """Returns the SQL condition on `m.k` (a partition holding an order of a changed partition, marts_mat.money_orders)
    under which that partition is recomputed too: "true" (every such partition), or, when the imports added or undone
    since the last refresh reach staging.money through one LINE_LOCAL table only (`money_tables`: the raw tables they
    changed that staging.money reads; None = unknown), the partitions holding rows of any other format or of no
    import (marts_mat.money_import_parts; "false" when there is none). Why that suffices: the changed lines all have
    that table's source rank r; a line elsewhere of rank r, in a partition holding rank r only, is kept with or
    without them (min(rank) over its order line stays r), and a line of a worse rank there was dropped, and stays
    dropped, by the rank-r lines beside it. A day's refunds of older orders (~3 % of order lines, 3-27 days after
    them) so recompute their own day only, not the ~25 days of their orders (BENCHMARKS.md, "a real day has
    refunds")."""
    if money_tables is None or len(money_tables) != 1 or not money_tables <= LINE_LOCAL:
        return "true"
    from warehouse.formats import by_id

    (table,) = money_tables
    same = []
    for (fmt,) in cur.sql("select distinct format_id from meta.imports").fetchall():
        try:
            if by_id(fmt).table.lower() == table:
                same.append(fmt)
        except KeyError:  # a format this code no longer knows: another source
            pass
    if not same:
        return "true"
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in same)
    other = ("select p.k from marts_mat.money_import_parts as p left join meta.imports as i "
             f"on i.import_id = p.import_id where i.format_id is null or i.format_id not in ({listed})")  # fmt: skip
    if not cur.sql(f"select count(*) from ({other})").fetchall()[0][0]:
        return "false"  # no day holds another format (a seller on one Amazon report): no scan of the orders' days
    return f"m.k in ({other})"


def scope_orders(spread: str) -> str:
    """Returns the condition on marts_mat.money_orders rows whose orders money_facts' scoped read takes whole (every
    posting day: marts_mat.scope_orders), given order_spread's `spread`: every order of the scope ("true"), or only
    the orders with a day holding another format's lines. An order whose days all hold the changed format's lines
    (rank r) gets order_rank r from its scoped lines alone, so its lines on other days are not read: a day's refunds
    of older orders no longer read the history import's rows of those orders (1.4 s at 5M order lines)."""
    if spread in ("true", "false"):
        return spread
    order, of_m = ORDER_KEY.format(a=""), ORDER_KEY.format(a="m.")
    return f"{order} in (select {of_m} from marts_mat.money_orders as m where {spread})"
