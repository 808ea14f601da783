"""money_facts' scoped read planned over the scope's own staging rows, for a small scope (a day's files).

Planned through its views (marts_def.money_facts -> marts.channel_money -> marts.shopify_fees -> staging.money ->
staging.money__* -> raw), the scoped read of a day's money facts at 5M order lines spent ~0.7 s of its ~0.95 s in
DuckDB's binder and optimizer (projection_pullup over the expanded unions), not in execution. The refresh
(warehouse/marts/refresh.py) therefore copies the scope's staging.money rows into a temp table once and runs the same
SQL text over it (`money_rows`).
"""

from __future__ import annotations

import re

from warehouse.core.db import SQL_DIR

_STAGING_MONEY = re.compile(r"\bstaging\.money\b")


def _mart_body(name: str) -> str:
    """Returns sql/marts/<name>.sql without its comments (to be inlined as a subquery)."""
    text = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8")
    return re.sub(r"--[^\n]*", "", text).strip().rstrip(";")


SCOPE_ROWS = 50_000  # most staging.money rows in a scope's partitions for money_rows to read it over scope_money


def money_rows(cur, dirty: str, prefilter: list[str]) -> str | None:
    """Returns SQL of money_facts' scoped read planned over temp table `scope_money` (filled here), or None: read
    marts_def.money_facts. Call after money_prefilter (its variables set: `prefilter`, none when it set neither
    `money_facts_days` nor `money_facts_imports`).

    The definition is the same text: sql/marts/money_facts.sql with marts.channel_money inlined, in which
    marts.shopify_fees is inlined, and both read scope_money instead of staging.money (marts.settled_fee_rates still
    reads staging.money whole). scope_money holds the staging.money rows of the scope's imports on the scope's posting
    days or of the scope's order ids (marts_mat.scope_orders): a superset of every row either view keeps under the
    scope (each keeps only rows of those imports in a scoped partition or of a scoped order, and applies its own
    tests again); read from money_cand_rows when it holds all of those imports' rows. Planned through the views,
    staging.money is expanded three times and the optimizer works on the whole union each time: at 5M order lines
    planning cost ~0.7 s of a day's ~0.95 s. Only for a scope whose partitions hold at most SCOPE_ROWS rows (temp
    table fp_new_money's counts; keys in temp table `dirty`): every view step then scans all of scope_money's columns
    where the view graph prunes union branches by source and reads only the columns used, so a month at 5M (~200k
    rows) took 0.45 + 2.67 s this way against 2.05 s through the views."""
    if not {"money_facts_days", "money_facts_imports"} <= set(prefilter):
        return None
    n = cur.sql(f"select coalesce(sum(n), 0) from fp_new_money where k in (select k from {dirty})").fetchall()[0][0]
    if n > SCOPE_ROWS:
        return None
    days, ids = cur.sql("select getvariable('money_facts_days'), getvariable('money_facts_imports')").fetchall()[0]
    if not ids or not days:
        return None
    fees = _STAGING_MONEY.subn("scope_money", _mart_body("shopify_fees"))
    channel = _STAGING_MONEY.subn("scope_money", _mart_body("channel_money"))
    if not fees[1] or not channel[1]:
        return None
    channel = re.subn(r"\bfrom marts\.shopify_fees\b", f"from (\n{fees[0]}\n) as shopify_fees", channel[0])
    facts = re.subn(r"\bfrom marts\.channel_money\b", f"from (\n{channel[0]}\n) as channel_money",
                    _mart_body("money_facts"))  # fmt: skip
    if channel[1] != 1 or facts[1] != 1:
        return None
    dates = ", ".join(f"DATE '{d.isoformat()}'" for d in days)
    # the imports' rows are all in money_cand_rows when they are all changed imports (inputs._money_narrow): a new
    # day's files (no second plan of staging.money)
    rows = "staging.money"
    if cur.sql("select count(*) from duckdb_tables() where temporary and table_name = 'money_ids'").fetchall()[0][0]:
        whole = {r[0] for r in cur.sql("select import_id from money_ids").fetchall()}
        rows = "money_cand_rows" if set(ids) <= whole else rows
    cur.execute(
        f"create or replace temp table scope_money as select * from {rows} "
        f"where import_id in ({', '.join(str(int(i)) for i in ids)}) "
        f"and (posted_date in ({dates}) or order_id in (select order_id from marts_mat.scope_orders))"
    )
    return facts[0]
