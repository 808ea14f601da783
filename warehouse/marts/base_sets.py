"""The base currencies the per-base heavy marts (refund_cost_facts, allocation_shares) keep rows for, before and after
an incremental refresh moves the marts: when that set moves, all their rows may move (warehouse/marts/refresh.py
then recomputes them whole).

Used by warehouse/marts/refresh.py inside its transaction, over the refresh's temp tables delta_<mart>.
"""

from __future__ import annotations

# the currencies each per-base mart keeps rows for, by where they come from: (table, column, the refresh's delta of it)
_BASE_SOURCES = {
    "refunds": [("marts_mat.money_facts", "currency", "delta_money_facts"),
                ("marts_mat.cost_pieces", "cost_currency", "delta_cost_pieces"),
                ("marts_mat.sku_cost_lines", "cost_currency", "delta_sku_cost_lines")],
    "shares": [("marts_mat.sku_day_facts", "currency", "delta_sku_day_facts")],
}  # fmt: skip


def bases(cur, before: dict | None = None) -> dict:
    """Returns the bases refund_cost_facts and allocation_shares keep rows for (as their definitions list them):
    {'refunds': [...], 'shares': [...], 'sources': {table: currencies}}: every FX base (marts_mat.fx_days) and every
    fact or cost currency. With `before` (this function's answer before the marts moved) the fact tables are not
    scanned: their currencies are those before plus those in the refresh's deltas (temp tables delta_<mart>, old and
    new rows), each delta currency tested for a row still holding it (one may have gone with an undo); a scan of the
    four tables cost 0.1 s of a day's refresh at 5M order lines."""
    sources: dict[str, set] = {}
    for table, col, delta in (x for kind in _BASE_SOURCES.values() for x in kind):
        if before is None:
            found = cur.sql(f"select distinct {col} from {table} where {col} is not null").fetchall()
            sources[table] = {r[0] for r in found}
            continue
        moved = {r[0] for r in cur.sql(f"select distinct {col} from {delta} where {col} is not null").fetchall()}
        kept = set(before["sources"][table]) - moved
        probe = f"select count(*) from (select 1 from {table} where {col} = ? limit 1)"
        kept |= {c for c in moved if cur.sql(probe, params=[c]).fetchall()[0][0]}
        sources[table] = kept
    fx = {r[0] for r in cur.sql("select distinct base_currency from marts_mat.fx_days").fetchall()}
    out = {kind: sorted(str(c) for c in fx.union(*(sources[t] for t, _, _ in srcs)))
           for kind, srcs in _BASE_SOURCES.items()}  # fmt: skip
    return out | {"sources": sources}
