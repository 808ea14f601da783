"""Keeps the base-currency conversion views warm: a per-base copy of them, prepared by the writer for the base in force.

Why. The heavy marts hold original currencies (warehouse.marts.refresh); the base currency is applied at query time by
plain views (sql/marts/order_lines.sql, sku_days.sql, …) that join every fact to marts.fx_days (sku_days then
spreads unallocated charges and aggregates again); inventory_days values 5M stock rows at unit costs that read the
whole FIFO history; health views (fx_warnings, missing_costs) scan the whole history to find a few rows. At 5M order
lines every page query paid that over the whole, unordered history (tens of seconds per report). Here the writer
evaluates those views once per refresh for one base and keeps the result, in date order. A view a heavy mart's
definition reads (e.g. ad_days, read by ad_coverage for sku_day_facts) must never be kept here: the refresh would
read the copy of the previous refresh (tests/test_per_base.py checks the sql/ files).

What. For each view in PER_BASE, at the end of every refresh (same transaction, under the writer lock):
  marts_plain.<name>   the sql/marts file's body (the one definition, unchanged);
  marts_base.<name>    a table: that view evaluated under the conventions in force (base currency, allocation rule);
  marts.<name>         a switch: the table when the reading cursor's DuckDB variables (set by
                       warehouse.core.conventions.apply_to_cursor) name the same base and allocation rule, else the
                       plain view. Both branches carry the condition on `getvariable(...)`, which DuckDB folds while
                       planning, so the branch not taken costs nothing and a reader never writes.
When. Every copy is rebuilt whole after a 'full' refresh (settings, whole-read inputs, code), when the base or
allocation rule in force differ from what it holds (a base switch: `metrics.core.settings.set_settings` refreshes, so
the first read in the new base is warm), when this module's VERSION changed, when the copies were not prepared for
the marts the refresh started from (a refresh by a process that did not prepare them), or when whether
refund_cost_facts has rows of the base in force flipped (refund_costs falls back to '' then: every refund row may
move). Nothing is done after a 'none' refresh. After an 'incremental' one the copies are updated in place from the
refresh's temp tables delta_<mart> (the rows that changed, old and new, on the same cursor) and `D` = the days whose
rate to the base in force changed in fx_days (an incremental refresh only adds or removes its last days, so `D` is
empty or after the data; kept as a guard). Rows are deleted by key, then the plain view's rows for those keys are
inserted, with the keys' import ids / marketplaces and months as literal filters pushed under the view:
  order_lines     line: order/refund lines of delta_money_facts, lines dated on a day of `D` (event date's rate).
  sku_days        calendar × store × marketplace × month of the day: delta_sku_day_facts (money, ads, cost pieces,
                  all there), delta_allocation_shares of the base (shares are per month), delta_refund_cost_facts of
                  the base or '' (both calendars), and facts whose rate or cost date is in `D`. No other input:
                  sku_days_direct reads only sku_day_facts, fx_days, refund_cost_facts.
  missing_costs   line: the lines of order_lines above, lines of delta_cost_pieces, refund lines of
                  delta_refund_cost_facts (base or ''), lines or pieces converting on a day of `D`.
  inventory_days  SKU × store × location × day: the rows of delta_inventory_stock replaced; master SKU: the SKUs
                  whose sku_unit_costs row moved (the copy before vs after its rebuild: a sale can move the FIFO
                  frontier) get the new unit cost and value by an UPDATE of those two columns (date order kept).
  fx_warnings     whole: per family × marketplace × currency × month over money, ads, batches, expenses (no delta).
  sku_unit_costs  whole: one row per master SKU from batches, batch_takes and SKU costs (small).
  cash_receipts,  whole: payouts (staging) and sale → payout lines (money_lines × receipts), ASIN-only ad rows
  cash_timing,    without a SKU (staging.ads); base-free, kept because every report read them over the whole
  unmapped_ad_asins  history (metrics.accounts.cash, the report's warnings). Inputs: imports and marts only.
`prepare` returns what it did per copy (-1 = whole, else rows deleted + inserted; RefreshStats.per_base). Appended
rows break the date order (ORDER) a little: a day's import appends its lines (order_lines: nearly in order) and the
touched months of sku_days (the latest month's rows again, at the end); an undo only deletes; a back-dated import
leaves row groups with wider date ranges (zone maps skip less; filters stay right). An update touching more than
1/RESORT of an ordered copy rebuilds it whole, in order again. A reader in another base (a page's currency override)
reads the plain view: the same numbers, at the plain views' speed.

Direct reads. Binding the switch binds its plain branch too (~0.1 s per query on the demo company), so a reader's
cursor asks `direct` whether the copies are of its base and rule and then names marts_base.<name> itself
(metrics.core.query.cursor).

Consistency. The table is written in the refresh's transaction, so a reader sees marts and per-base copy of one
snapshot. `drop(con)` puts the plain views back (tests compare both ways; a code change that rebuilds the views from
sql/ does the same until the next refresh, which prepares again).

Size: one module because the whole prepare, the in-place rules per copy and the direct-read check share the copy list
and its keys; the in-place SQL per copy is the seam to split next (warehouse.marts.other_base already reuses it).
"""

from __future__ import annotations

import time

from warehouse.core.config import SQL_DIR
from warehouse.marts.inputs import part

# conversion views kept per base, in dependency order (a later one may read an earlier one's switch)
PER_BASE = ["order_lines", "sku_days", "fx_warnings", "missing_costs", "sku_unit_costs", "inventory_days"]
PER_BASE += ["cash_receipts", "cash_timing", "unmapped_ad_asins"]  # base-free views of all history, kept whole
# stored in date order: a page's period filter then skips whole row groups (DuckDB zone maps)
ORDER = {"order_lines": "event_date", "sku_days": "calendar, day", "inventory_days": "day, master_sku"}
ORDER |= {"cash_receipts": "paid_date", "cash_timing": "paid_date"}
VERSION = "4"  # bump when what is kept (PER_BASE, the switch, the state) changes: the next refresh prepares again
RESORT = 4  # an update touching more than 1/RESORT of a copy rebuilds it whole (date order again)
_PUSH_LIMIT = 2000  # longest literal list pushed into a plain view as a filter
TIMES: dict[str, float] = {}  # seconds per copy of the last in-place update (RefreshStats.timings 'per_base.<name>')


def _state(cur) -> tuple | None:
    """Returns (base, rule, quick, version, refund base present) of the copies, None before any (or an older layout)."""
    ok = cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_base' and table_name = 'state' "
                 "and sql like '%refund_base%'")  # fmt: skip
    if not ok.fetchall()[0][0]:
        return None
    rows = cur.sql("select base, rule, quick, version, refund_base from marts_base.state").fetchall()
    return rows[0] if rows else None


def _switches(cur) -> list[str]:
    """Returns the names of PER_BASE whose marts.<name> is the switch over marts_base (not the plain view from sql/)."""
    rows = cur.sql(
        "select view_name from duckdb_views() where schema_name = 'marts' and view_name in (select unnest(?::VARCHAR[])) "
        "and sql ilike '%marts_base.%'",
        params=[PER_BASE],
    ).fetchall()
    return [name for name in PER_BASE if (name,) in rows]


def _installed(cur) -> bool:
    """True when every marts.<name> of PER_BASE is the switch over marts_base (not the plain view from sql/)."""
    return len(_switches(cur)) == len(PER_BASE)


def direct(cur) -> list[str]:
    """Returns the names of PER_BASE a reader on `cur` may read as marts_base.<name> instead of marts.<name>: all of
    those whose switch is installed when the copies' base and allocation rule are the cursor's variables (the
    switch's branch taken: the same rows), else []. Reading the table directly spares binding the plain view under
    the switch (~0.1 s per query on the demo company). A name added to PER_BASE by a newer version has no switch
    until the next refresh prepares it: it is read through its plain view meanwhile, the others stay direct.
    Reads only the catalog and marts_base.state."""
    state = _state(cur)
    if state is None:
        return []
    now = cur.sql("select upper(getvariable('base_currency')), getvariable('allocation_rule')").fetchall()[0]
    return _switches(cur) if tuple(now) == (state[0], state[1]) else []


def _quick(cur) -> str:
    rows = cur.sql("select quick from marts_mat.refresh_state").fetchall()
    return rows[0][0] if rows else ""


def prepare(cur, mode: str, previous: str | None = None) -> dict[str, int]:
    """Makes marts_base hold PER_BASE for the conventions in force on `cur`; returns what it did per copy.

    `cur` is the refresh's cursor inside its transaction, with the writer's variables set (apply_to_cursor);
    `mode` is what the refresh did ('none' = the marts did not change; 'incremental' = its temp tables delta_<mart>
    are on `cur`); `previous` = the refresh state key (quick) the marts had before that refresh: the copies are
    updated in place only when they were prepared for it (else a refresh by a process that did not prepare them,
    e.g. an older version, would go unseen) and rebuilt whole otherwise. Returns {name: -1} per copy rebuilt whole,
    {name: rows deleted + rows inserted} per copy updated in place (module doc), {} when nothing was to do. Raises
    what DuckDB raises.
    """
    TIMES.clear()
    base, rule = cur.sql("select base_currency, allocation_rule from marts.conventions").fetchall()[0]
    has = cur.sql("select count(*) > 0 from marts_mat.refund_cost_facts where base_currency = ?", params=[base])
    want = (base, rule, _quick(cur), VERSION, has.fetchall()[0][0])
    state = _state(cur)
    same = state is not None and (state[0], state[1], state[3], state[4]) == (base, rule, VERSION, want[4])
    if same and mode == "none" and state == want and _installed(cur):
        return {}
    if same and mode == "incremental" and state[2] == previous and _installed(cur):
        out = _update(cur, base, rule)
    else:
        out = {name: _whole(cur, name, base, rule) for name in PER_BASE}
    cur.execute(
        "create or replace table marts_base.state (base VARCHAR, rule VARCHAR, quick VARCHAR, version VARCHAR, "
        "refund_base BOOLEAN)"
    )
    cur.execute("insert into marts_base.state values (?, ?, ?, ?, ?)", list(want))
    return out


def _whole(cur, name: str, base: str, rule: str) -> int:
    """Rebuilds marts_base.<name> whole from its sql/marts file (and its plain view and switch); returns -1."""
    cur.execute("create schema if not exists marts_plain")
    cur.execute("create schema if not exists marts_base")
    cond = f"upper(getvariable('base_currency')) = '{base}' and getvariable('allocation_rule') = '{rule}'"
    body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
    cur.execute(f"create or replace view marts_plain.{name} as\n{body}")
    order = f" order by {ORDER[name]}" if name in ORDER else ""
    cur.execute(f"create or replace table marts_base.{name} as select * from marts_plain.{name}{order}")
    cur.execute(
        f"create or replace view marts.{name} as select * from marts_base.{name} where {cond} "
        f"union all select * from marts_plain.{name} where ({cond}) is not true"
    )
    return -1


# where an incremental refresh's changes reach each copy updated in place (the rest are rebuilt whole); `{base}` is the
# base in force. Line key of order_lines; calendar × store × marketplace × month of sku_days.
_LINE = "source, import_id, row_no, txn_type"
_PARTS = {
    "order_lines": f"""
        select distinct {_LINE} from delta_money_facts where txn_type in ('order', 'refund')""",
    "sku_days": f"""
        select calendar, {part("store", "marketplace", "day")} as k from delta_sku_day_facts
        union select calendar, {part("store", "marketplace", "month")} from delta_allocation_shares
            where base_currency = '{{base}}'
        union select c.calendar, {
        part(
            "r.store", "r.marketplace", "case when c.calendar = 'operational' then r.event_date else r.posted_date end"
        )
    }
            from delta_refund_cost_facts as r cross join (values ('operational'), ('financial')) as c (calendar)
            where r.base_currency in ('{{base}}', '')""",
}
_FX_DAYS = "select distinct day from delta_fx_days where base_currency = '{base}' and day is not null"


def _update(cur, base: str, rule: str) -> dict[str, int]:
    """After an incremental refresh: replaces the rows of order_lines and sku_days the changed marts reach (module
    doc), rebuilds the other copies whole; returns rows deleted + inserted per copy (-1 = whole)."""
    days = [r[0] for r in cur.sql(_FX_DAYS.format(base=base)).fetchall()]  # rates that moved (days added or gone)
    out = {}
    for name in PER_BASE:
        t = time.perf_counter()
        _update_one(cur, name, base, rule, days, out)
        TIMES[name] = time.perf_counter() - t
    return out


def _update_one(cur, name: str, base: str, rule: str, days: list, out: dict) -> None:
    """Updates one copy after an incremental refresh (see _update); records rows or -1 in `out`."""
    if name == "order_lines":
        out[name] = _lines(cur, days)
    elif name == "sku_days":
        out[name] = _days(cur, base, rule, days)
    elif name == "missing_costs":
        out[name] = _missing(cur, base, days)
    elif name == "inventory_days":  # its own whole-or-not rule: an UPDATE keeps the date order
        out[name] = _stock(cur, base, rule)
        return
    else:  # fx_warnings, sku_unit_costs, cash_receipts, cash_timing, unmapped_ad_asins: whole (module doc)
        if name == "sku_unit_costs":  # kept to find the SKUs whose unit cost moved (inventory_days)
            cur.execute("create or replace temp table pb_unit_costs as select * from marts_base.sku_unit_costs")
        out[name] = _whole(cur, name, base, rule)
    total = cur.sql(f"select count(*) from marts_base.{name}").fetchall()[0][0]
    if name in ORDER and out[name] > total // RESORT:  # much changed: rebuild whole, in date order again
        out[name] = _whole(cur, name, base, rule)


def _count(cur, sql: str) -> int:
    return cur.execute(sql).fetchall()[0][0]


def _in(col: str, values: list) -> str:
    """A literal IN filter DuckDB pushes into the scans under the plain view ('true' when too long to help)."""
    if not values or len(values) > _PUSH_LIMIT:
        return "false" if not values else "true"
    return f"{col} in (" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"


def _lines(cur, days: list) -> int:
    """order_lines: the lines changed in money_facts (old or new version), and the lines of days whose rate moved."""
    cur.execute(f"create or replace temp table pb_lines as {_PARTS['order_lines']}")
    ids = [r[0] for r in cur.sql("select distinct import_id from pb_lines").fetchall()]
    n = _count(cur, f"delete from marts_base.order_lines as t using pb_lines as k where {_same(_LINE, 't', 'k')}")
    n += _count(
        cur,
        f"insert into marts_base.order_lines select v.* from marts_plain.order_lines as v semi join pb_lines as k "
        f"on {_same(_LINE, 'v', 'k')} where {_in('v.import_id', ids)}",
    )
    if days:
        on_day = _in("event_date", days)
        n += _count(cur, f"delete from marts_base.order_lines where {on_day}")
        n += _count(cur, f"insert into marts_base.order_lines select * from marts_plain.order_lines where {on_day}")
    return n


def _days(cur, base: str, rule: str, days: list) -> int:
    """sku_days: the calendar × store × marketplace × month partitions of changed daily facts, shares of the base in
    force, refund costs of that base (or '', the fallback), and of facts converting on a day whose rate moved; whole
    (-1) when those partitions hold more than 1/RESORT of the copy (cheaper, and in date order again)."""
    sql = _PARTS["sku_days"].format(base=base)
    if days:
        sql += f"""
        union select calendar, {part("store", "marketplace", "day")} from marts_mat.sku_day_facts
            where {_in("rate_date", days)} or {_in("cost_date", days)}"""
    cur.execute(f"create or replace temp table pb_days as select distinct calendar || chr(31) || k as k from ({sql})")
    keys = [r[0].split("\x1f") for r in cur.sql("select k from pb_days").fetchall()]
    if not keys:
        return 0
    key = f"calendar || chr(31) || {part('store', 'marketplace', 'day')}"
    push = _in("marketplace", sorted({k[2] for k in keys if k[2] != "~"}))
    if any(k[2] == "~" for k in keys):
        push = "true"
    months = sorted(k[3] for k in keys)
    if months[-1] != "~":  # the months' day range (zone maps of the ordered copy and of the facts)
        push += f" and day >= date '{months[0]}-01' and day < date '{months[-1]}-01' + interval 1 month"
    where = f"{key} in (select k from pb_days)"
    old = _count(cur, f"select count(*) from marts_base.sku_days where {push} and {where}")
    if 2 * old > _count(cur, "select count(*) from marts_base.sku_days") // RESORT:  # a back-dated import: whole
        return _whole(cur, "sku_days", base, rule)
    n = _count(cur, f"delete from marts_base.sku_days where {where}")
    n += _count(
        cur,
        f"insert into marts_base.sku_days select * from marts_plain.sku_days where {push} "
        f"and {key} in (select k from pb_days)",
    )
    return n


def _missing(cur, base: str, days: list) -> int:
    """missing_costs (one row per line): the changed lines, lines whose cost pieces or refund costs (of the base in
    force, or '') changed, and lines converting on a day whose rate moved (their sale or a piece's cost date)."""
    sql = f"""
        select {_LINE} from pb_lines
        union select {_LINE} from delta_cost_pieces
        union select {_LINE} from delta_refund_cost_facts where base_currency in ('{base}', '')"""
    if days:
        sql += f"""
        union select {_LINE} from marts_mat.money_facts where txn_type in ('order', 'refund') and {_in("event_date", days)}
        union select {_LINE} from marts_mat.cost_pieces where {_in("cost_date", days)}"""
    cur.execute(f"create or replace temp table pb_missing as {sql}")
    ids = [r[0] for r in cur.sql("select distinct import_id from pb_missing").fetchall()]
    on = _same(_LINE, "t", "k")
    n = _count(cur, f"delete from marts_base.missing_costs as t using pb_missing as k where {on}")
    return n + _count(
        cur,
        f"insert into marts_base.missing_costs select t.* from marts_plain.missing_costs as t semi join pb_missing "
        f"as k on {on} where {_in('t.import_id', ids)}",
    )


def _stock(cur, base: str, rule: str) -> int:
    """inventory_days (stock × the SKU's unit cost now): the rows whose stock changed (delta_inventory_stock, by
    SKU × store × location × day) are replaced from the plain view; the rows of SKUs whose unit cost moved (old copy of
    sku_unit_costs vs new: a day's sales move most SKUs' FIFO frontier) get the new unit cost and value by an UPDATE
    of those two columns, as sql/marts/inventory_days.sql computes them (on_hand × landed_cost_unit; a SKU without a
    unit cost row: NULL), which keeps the copy's date order. Whole (-1) when the replaced rows exceed 1/RESORT."""
    cur.execute(
        "create or replace temp table pb_skus as select distinct master_sku from ("
        "(select * from pb_unit_costs except all select * from marts_base.sku_unit_costs) union all "
        "(select * from marts_base.sku_unit_costs except all select * from pb_unit_costs)) where master_sku is not null"
    )
    key = "master_sku, store, location, day"  # the grain of inventory_stock
    cur.execute(f"create or replace temp table pb_stock as select distinct {key} from delta_inventory_stock")
    on = _same(key, "t", "k")
    n = _count(cur, f"delete from marts_base.inventory_days as t using pb_stock as k where {on}")
    n += _count(cur, "insert into marts_base.inventory_days select t.* from marts_plain.inventory_days as t "
                f"semi join pb_stock as k on {on}")  # fmt: skip
    if n > _count(cur, "select count(*) from marts_base.inventory_days") // RESORT:
        return _whole(cur, "inventory_days", base, rule)
    cur.execute(
        "create or replace temp table pb_sku_costs as select s.master_sku, c.landed_cost_unit from pb_skus as s "
        "left join marts_base.sku_unit_costs as c on c.master_sku = s.master_sku"
    )
    return n + _count(
        cur,
        "update marts_base.inventory_days as t set landed_cost_unit = c.landed_cost_unit, "
        "inventory_value = t.on_hand * c.landed_cost_unit from pb_sku_costs as c where t.master_sku = c.master_sku",
    )


def _same(cols: str, a: str, b: str) -> str:
    return " and ".join(f"{a}.{c} is not distinct from {b}.{c}" for c in cols.split(", "))


def drop(con) -> None:
    """Puts the plain conversion views back and drops the per-base copies (the next refresh prepares them again)."""
    cur = con.cursor()
    try:
        cur.execute("begin")
        for name in PER_BASE:
            body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
            cur.execute(f"create or replace view marts.{name} as\n{body}")
        cur.execute("drop schema if exists marts_base cascade")
        cur.execute("drop schema if exists marts_base_alt cascade")  # another base's copies (other_base.py)
        cur.execute("drop schema if exists marts_plain cascade")
        cur.execute("commit")
    finally:
        cur.close()
