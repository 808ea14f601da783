"""Keeps the base-currency conversion views warm: a per-base copy of them, prepared by the writer for the base in force.

Why. The heavy marts hold original currencies (warehouse.marts.refresh); the base currency is applied at query time by
plain views (sql/marts/order_lines.sql, sku_days.sql, …) that join every fact to marts.fx_days (sku_days then
spreads unallocated charges and aggregates again); inventory_days values 5M stock rows at unit costs that read the
whole FIFO history (kept as a view over stored stock rows and the kept unit costs: per_base_update); health views (fx_warnings, missing_costs) scan the whole history to find a few rows. At 5M order
lines every page query paid that over the whole, unordered history (tens of seconds per report). Here the writer
evaluates those views once per refresh for one base and keeps the result, in date order. A view a heavy mart's
definition reads (e.g. ad_days, read by ad_coverage for sku_day_facts) must never be kept here: the refresh would
read the copy of the previous refresh (tests/test_per_base.py checks the sql/ files).

What. For each view in PER_BASE, at the end of every refresh (same transaction, under the writer lock):
  marts_plain.<name>   the sql/marts file's body (the one definition, unchanged);
  marts_base.<name>    a table: that view evaluated under the conventions in force (base currency, allocation rule);
                       inventory_days: a view of the same rows over marts_base.stock_rows and marts_base.sku_unit_costs
                       (warehouse.marts.per_base_update._stock_view); marts_base.built: the day they were made;
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
refresh's temp tables delta_<mart> (the rows that changed, old and new, on the same cursor): which rows per copy, and
which copies are kept whole (sku_unit_costs and BASE_FREE: rebuilt when one of their inputs changed, else left as they
are, warehouse.marts.copy_inputs; fx_warnings: also left when no changed fact lacks a rate to the base), is
warehouse.marts.per_base_update, which warehouse.marts.other_base runs next, in the same transaction, for the other
base's copies (marts_base_alt, a page's currency override) with the cursor's base_currency set to that base.
A copy rebuilt whole there rebuilds its table only when its plain view and switch already hold the text it would
write (`_Views`: marts_base.views records what was made; ~0.3 s of a day's refresh at 5M order lines).
`prepare` returns what it did per copy (-1 = whole, else rows deleted + inserted, 0 = left as it was;
RefreshStats.per_base). Appended
rows break the date order (ORDER) a little: a day's import appends its lines (order_lines: nearly in order) and the
touched days of sku_days (the new day's rows, and the month's days holding charges without a SKU when its shares
moved, at the end); an undo only deletes; a back-dated import
leaves row groups with wider date ranges (zone maps skip less; filters stay right). An update touching more than
1/RESORT of an ordered copy rebuilds it whole, in order again. A reader in another base reads marts_base_alt when it
holds that base (other_base.current), else the plain view: the same numbers, at the plain views' speed.

Direct reads. Binding the switch binds its plain branch too (~0.1 s per query on the demo company), so a reader's
cursor asks `direct` whether the copies are of its base and rule and then names marts_base.<name> itself
(metrics.core.query.cursor).

Consistency. The table is written in the refresh's transaction, so a reader sees marts and per-base copy of one
snapshot. `drop(con)` puts the plain views back (tests compare both ways; a code change that rebuilds the views from
sql/ does the same until the next refresh, which prepares again).

Size: the whole prepare, the switch views, the state and the direct-read check; the in-place SQL per copy is
warehouse.marts.per_base_update (shared with warehouse.marts.other_base).
"""

from __future__ import annotations

import hashlib

from warehouse.core.config import SQL_DIR
from warehouse.core.views import marts_views
from warehouse.marts import copy_inputs, per_base_update

# conversion views kept per base, in dependency order (a later one may read an earlier one's switch)
PER_BASE = ["order_lines", "sku_days", "fx_warnings", "missing_costs", "sku_unit_costs", "inventory_days"]
# base-free views of all history, kept whole: a report read each of them (return_lines and customer_orders: the
# Returns and Customers sections; sku_master: the SKU table's names, 12 ms of a warm report at 2,000 SKUs) through a
# plain view that DuckDB planned and evaluated over every row each time
BASE_FREE = ["cash_receipts", "cash_timing", "unmapped_ad_asins", "return_lines", "customer_orders", "sku_master"]
PER_BASE += BASE_FREE
ORDER = per_base_update.ORDER  # stored in date order: a page's period filter skips whole row groups (zone maps)
VERSION = "7"  # bump when what is kept (PER_BASE, the switch, the state) changes: the next refresh prepares again
TIMES: dict[str, float] = {}  # seconds per copy of the last in-place update (RefreshStats.timings 'per_base.<name>')


def _state(cur) -> tuple | None:
    """Returns (base, rule, quick, version, refund base present) of the copies, None before any (or an older layout)."""
    ok = cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_base' and table_name = 'state' "
                 "and sql like '%refund_base%'")  # fmt: skip
    if not ok.fetchall()[0][0]:
        return None
    rows = cur.sql("select base, rule, quick, version, refund_base from marts_base.state").fetchall()
    return rows[0] if rows else None


# the comment `_whole` puts on each switch it makes (refresh.MAT_MARK's reason: a view made again loses it; reading it
# spares rendering every view's SQL text, 9 ms per cursor). Copies prepared before the mark are prepared again whole
# (VERSION), which marks them.
SWITCH_MARK = "switch over marts_base"


def _switches(cur) -> list[str]:
    """Returns the names of PER_BASE whose marts.<name> is the switch over marts_base (not the plain view from sql/):
    all of them when all are marked (SWITCH_MARK), else found by their text."""
    if len(marts_views(cur, PER_BASE, comment=SWITCH_MARK)) == len(PER_BASE):
        return list(PER_BASE)
    found = marts_views(cur, PER_BASE, sql_like="%marts_base.%")
    return [name for name in PER_BASE if name in found]


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
    return direct_state(cur)[0]


def direct_state(cur) -> tuple[list[str], tuple | None]:
    """Returns (`direct(cur)`, the copies' state: base, rule, refresh key, version, refund base; None without
    copies). Two read transactions with the same state read the same copies: every refresh that changes the marts
    writes a new refresh key (imports, settings, code) into it."""
    state = _state(cur)
    if state is None:
        return [], None
    now = cur.sql("select upper(getvariable('base_currency')), getvariable('allocation_rule')").fetchall()[0]
    return (_switches(cur) if tuple(now) == (state[0], state[1]) else []), tuple(state)


def _quick(cur) -> str:
    rows = cur.sql("select quick from marts_mat.refresh_state").fetchall()
    return rows[0][0] if rows else ""


def prepare(cur, mode: str, previous: str | None = None, touched: set[str] | None = None) -> dict[str, int]:
    """Makes marts_base hold PER_BASE for the conventions in force on `cur`; returns what it did per copy.

    `cur` is the refresh's cursor inside its transaction, with the writer's variables set (apply_to_cursor);
    `mode` is what the refresh did ('none' = the marts did not change; 'incremental' = its temp tables delta_<mart>
    are on `cur`); `previous` = the refresh state key (quick) the marts had before that refresh: the copies are
    updated in place only when they were prepared for it (else a refresh by a process that did not prepare them,
    e.g. an older version, would go unseen) and rebuilt whole otherwise; `touched` = the raw tables of the imports
    that refresh took in (inputs.touched_raw; None = unknown): a copy kept whole is left as it is when none of its
    inputs changed (warehouse.marts.copy_inputs). Returns {name: -1} per copy rebuilt whole,
    {name: rows deleted + rows inserted} per copy updated in place or left as it was (0) (module doc), {} when nothing was to do. Raises
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
        views = _Views(cur)  # the views as made: an unchanged one is not made again
        out = _update(cur, base, rule, touched, views)
    else:
        views = _Views(None)  # every view made again
        out = {name: _whole(cur, name, base, rule, views) for name in PER_BASE}
        copy_inputs.stamp(cur, "marts_base")
    views.save(cur)
    cur.execute(
        "create or replace table marts_base.state (base VARCHAR, rule VARCHAR, quick VARCHAR, version VARCHAR, "
        "refund_base BOOLEAN)"
    )
    cur.execute("insert into marts_base.state values (?, ?, ?, ?, ?)", list(want))
    return out


def _texts(name: str, base: str, rule: str) -> tuple[str, str]:
    """Returns the DDL of marts_plain.<name> (its sql/marts file) and of the switch marts.<name> for `base`, `rule`."""
    cond = f"upper(getvariable('base_currency')) = '{base}' and getvariable('allocation_rule') = '{rule}'"
    body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
    return (
        f"create or replace view marts_plain.{name} as\n{body}",
        f"create or replace view marts.{name} as select * from marts_base.{name} where {cond} "
        f"union all select * from marts_plain.{name} where ({cond}) is not true",
    )


class _Views:
    """Whether marts_plain.<name> and marts.<name> already are what `_texts` would make (one catalog read per
    prepare): an incremental refresh rebuilding a copy whole then rebuilds only its table. At 5M order lines making
    the two views again took 0.02-0.065 s per statement, ~0.3 s per day's refresh, for the same text.

    The catalog keeps a view's text normalised (comments gone), not as written, so marts_base.views records per name
    the hash of the DDL run and the catalog's text of both views right after: a view is as made when its DDL's hash
    is the recorded one (the sql/ file and the base and rule are the same) and the catalog still holds the recorded
    texts (nobody made it again since: `drop`, a full rebuild from sql/ and a code change make other texts or drop
    marts_base). `cur` None: nothing is known (a whole prepare makes every view)."""

    def __init__(self, cur):
        self.made: set[str] = set()
        self.sources: dict[str, str] = {}
        self.catalog: dict[tuple[str, str], str] = {}
        self.kept: dict[str, tuple] = {}
        if cur is None:
            return
        rows = cur.sql(
            "select schema_name, view_name, sql from duckdb_views() where schema_name in ('marts', 'marts_plain', "
            "'marts_base') and view_name in (select unnest(?::VARCHAR[])) union all select 'table', table_name, null "
            "from duckdb_tables() where schema_name = 'marts_base' and table_name = 'views'",
            params=[PER_BASE],
        ).fetchall()
        self.catalog = {(s, n): sql for s, n, sql in rows}
        if ("table", "views") in self.catalog:
            made = cur.sql("select name, source, plain_sql, switch_sql from marts_base.views").fetchall()
            self.kept = {r[0]: tuple(r[1:]) for r in made}

    def current(self, name: str, plain: str, switch: str) -> bool:
        """True when both views exist with the texts `plain` and `switch` would make (class doc)."""
        kept = self.kept.get(name)
        return kept is not None and kept == (
            _hash(plain, switch),
            self.catalog.get(("marts_plain", name)),
            self.catalog.get(("marts", name)),
        )

    def is_view(self, name: str) -> bool | None:
        """Whether marts_base.<name> is a view (None: not read)."""
        return ("marts_base", name) in self.catalog if self.catalog else None

    def save(self, cur) -> None:
        """Records in marts_base.views the views made in this prepare (their DDL's hash and catalog texts)."""
        if not self.made:
            return
        names = sorted(self.made)
        cur.execute("create table if not exists marts_base.views (name VARCHAR, source VARCHAR, plain_sql VARCHAR, "
                    "switch_sql VARCHAR)")  # fmt: skip
        cur.execute("delete from marts_base.views where name in (select unnest(?::VARCHAR[]))", [names])
        cur.execute(
            "insert into marts_base.views select p.view_name, h.source, p.sql, s.sql from duckdb_views() as p "
            "join duckdb_views() as s on s.view_name = p.view_name and s.schema_name = 'marts' "
            "join (select unnest(?::VARCHAR[]) as name, unnest(?::VARCHAR[]) as source) as h on h.name = p.view_name "
            "where p.schema_name = 'marts_plain'",
            [names, [self.sources[n] for n in names]],
        )


def _hash(plain: str, switch: str) -> str:
    return hashlib.sha256(f"{plain}\x00{switch}".encode()).hexdigest()


def _whole(cur, name: str, base: str, rule: str, views: _Views) -> int:
    """Rebuilds marts_base.<name> whole from its sql/marts file, and its plain view and switch unless `views` says
    they already are what this would make; returns -1."""
    plain, switch = _texts(name, base, rule)
    if views.current(name, plain, switch):
        return per_base_update.table(cur, "marts_base", name, views.is_view(name))
    cur.execute("create schema if not exists marts_plain")
    cur.execute("create schema if not exists marts_base")
    cur.execute(plain)
    per_base_update.table(cur, "marts_base", name)
    cur.execute(switch)
    cur.execute(f"comment on view marts.{name} is '{SWITCH_MARK}'")
    views.made.add(name)
    views.sources[name] = _hash(plain, switch)
    return -1


def _update(cur, base: str, rule: str, touched: set[str] | None, views: _Views) -> dict[str, int]:
    """After an incremental refresh: updates the copies in place (warehouse.marts.per_base_update), rebuilding whole
    the ones it rebuilds (their views only when not as made: `_Views`); returns rows deleted + inserted per copy (-1 =
    whole, 0 = as it was)."""
    whole = lambda name: _whole(cur, name, base, rule, views)  # noqa: E731
    out, times = per_base_update.update(cur, "marts_base", base, PER_BASE, whole, touched)
    TIMES.update(times)
    return out


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
