"""Updates per-base copies in place after an incremental refresh, in one schema, for one base currency.

Why. warehouse.marts.per_base keeps the conversion views evaluated for the stored base (schema marts_base) and
warehouse.marts.other_base for one other base (marts_base_alt, a page's currency override). Rebuilding either whole
after every import costs minutes at 5M order lines; the rows an incremental refresh can move are few. Both call
`update(cur, schema, base, rule, whole)` in the refresh's transaction, with `cur`'s DuckDB variables set to `base`
(the plain views marts_plain.<name> read them), so the same rules keep both schemas current.

What is replaced per copy (keys from the refresh's temp tables delta_<mart> on `cur`, old and new rows; `D` = the
days whose rate to `base` changed in fx_days: an incremental refresh only adds or removes its last days, so `D` is
empty or after the data; kept as a guard). Rows are deleted by key, then the plain view's rows for those keys are
inserted, with the keys' import ids / marketplaces and days as literal filters pushed under the view:
  order_lines     line: order/refund lines of delta_money_facts, lines dated on a day of `D` (event date's rate).
  sku_days        calendar × store × marketplace × day: delta_sku_day_facts (money, ads, cost pieces, all there),
                  delta_refund_cost_facts of `base` or '' (both calendars), facts whose rate or cost date is in
                  `D`, and for delta_allocation_shares of `base` (shares are per month) only the days of those months
                  holding rows without a SKU (sku_day_facts or refund_cost_facts with master_sku NULL: the rows the
                  shares spread, sql/marts/sku_days.sql). No other input: sku_days_direct reads only sku_day_facts,
                  fx_days, refund_cost_facts.
  missing_costs   line: the lines of order_lines above, lines of delta_cost_pieces, refund lines of
                  delta_refund_cost_facts (`base` or ''), lines or pieces converting on a day of `D`.
  inventory_days  a view (`_stock_view`): sql/marts/inventory_days.sql over marts_base.stock_rows (the stock rows,
                  base-free, in date order "day, master_sku") and the schema's sku_unit_costs copy, valued at read
                  time: a moved unit cost (a day's sales move most SKUs' FIFO frontier) rewrites nothing. The stock
                  rows of delta_inventory_stock's keys (SKU × store × location × day) are replaced in place
                  (marts_base only; marts_base_alt's view reads the same rows). No other way: the file must name
                  each of the two inputs once (`stock_body` raises otherwise; tests/test_per_base_update.py).
  fx_warnings     (per family × marketplace × currency × month of facts without a rate to the base: money lines,
                  ad days, batches, expenses) whole, or left as it is (0) when its rows cannot have moved
                  (copy_inputs.fx_warnings_changed): none of its inputs but money_facts and ad_facts changed
                  (fx_days too), and no row of delta_money_facts or delta_ad_facts (old or new version) lacks a rate
                  to the base as money_lines / ad_days decide it. A day's facts in a currency
                  with rates then leave it as it was (0.27-0.4 s of a day's refresh at 5M order lines).
  the others      whole (`whole(name)`) when one of their inputs changed, else left as they are (0 rows): which inputs
                  each reads and how a change is seen (an import or undo of a format it reads, rows in a heavy
                  mart's delta, the day for current_date; anything else: changed) is warehouse.marts.copy_inputs.
                  sku_unit_costs (one row per master SKU, small), cash_receipts, cash_timing, unmapped_ad_asins,
                  return_lines, customer_orders (base-free views over all history).
An update touching more than 1/RESORT of an ordered copy rebuilds it whole, in date order again.

Size: the in-place rules of every copy kind (lines, partitions, stock rows) read best side by side; the walk of a
whole copy's inputs is warehouse.marts.copy_inputs.

Temp tables pb_* are the working keys of the copy being updated (replaced per call; a second schema's update in
the same transaction recomputes them for its base).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from warehouse.core.config import SQL_DIR
from warehouse.marts import copy_inputs
from warehouse.marts.inputs import day_part

ORDER = {"order_lines": "event_date", "sku_days": "calendar, day", "inventory_days": "day, master_sku"}
ORDER |= {"cash_receipts": "paid_date", "cash_timing": "paid_date"}  # stored in date order (zone maps)
ORDER |= {"return_lines": "return_date", "customer_orders": "order_date"}
RESORT = 4  # an update touching more than 1/RESORT of a copy rebuilds it whole (date order again)
_PUSH_LIMIT = 2000  # longest literal list pushed into a plain view as a filter

_LINE = "source, import_id, row_no, txn_type"
_PARTS = {
    "order_lines": f"""
        select distinct {_LINE} from delta_money_facts where txn_type in ('order', 'refund')""",
    # day keys: a row of sku_days is one calendar day's; a month's moved shares reach only its days holding charges
    # without a SKU (`_SHARE_DAYS`, the spread's input), not the whole month
    "sku_days": f"""
        select calendar, {day_part("store", "marketplace", "day")} as k from delta_sku_day_facts
        union select c.calendar, {
        day_part(
            "r.store", "r.marketplace", "case when c.calendar = 'operational' then r.event_date else r.posted_date end"
        )
    }
            from delta_refund_cost_facts as r cross join (values ('operational'), ('financial')) as c (calendar)
            where r.base_currency in ('{{base}}', '')""",
}
_FX_DAYS = "select distinct day from delta_fx_days where base_currency = '{base}' and day is not null"
# the days of the months whose shares moved (delta_allocation_shares of the base) that hold sku_days_direct rows
# without a SKU: its daily facts' (marts_mat.sku_day_facts) and refund costs' (marts_mat.refund_cost_facts, on the
# calendar's date) rows with master_sku NULL. Only those rows are spread by the shares (sql/marts/sku_days.sql
# `no_sku`), so another day's rows do not move with them. {range}: the months' literal day range (zone maps).
_SHARE_DAYS = f"""
        with moved as (
            select distinct calendar, store, marketplace, month::DATE as month from delta_allocation_shares
            where base_currency = '{{base}}'
        )
        select f.calendar, {day_part("f.store", "f.marketplace", "f.day")} as k
        from marts_mat.sku_day_facts as f
        semi join moved as m on m.calendar = f.calendar and m.store is not distinct from f.store
            and m.marketplace = f.marketplace and m.month is not distinct from date_trunc('month', f.day)::DATE
        where f.master_sku is null and {{range}}
        union
        select r.calendar, {day_part("r.store", "r.marketplace", "r.day")}
        from (
            select c.calendar, x.store, x.marketplace,
                case when c.calendar = 'operational' then x.event_date else x.posted_date end as day
            from marts_mat.refund_cost_facts as x cross join (values ('operational'), ('financial')) as c (calendar)
            where x.master_sku is null
        ) as r
        semi join moved as m on m.calendar = r.calendar and m.store is not distinct from r.store
            and m.marketplace = r.marketplace and m.month is not distinct from date_trunc('month', r.day)::DATE"""


def table(cur, schema: str, name: str, is_view: bool | None = None) -> int:
    """Rebuilds <schema>.<name> whole from marts_plain.<name> under `cur`'s variables, in date order; returns -1.
    inventory_days is a view over the stock rows (`_stock_view`). `is_view`: whether <schema>.<name> is a view now
    (None: read the catalog)."""
    if name == "inventory_days":
        _stock_view(cur, schema)
        return -1
    if is_view is None or is_view:
        _drop(cur, schema, name, "view")
    order = f" order by {ORDER[name]}" if name in ORDER else ""
    cur.execute(f"create or replace table {schema}.{name} as select * from marts_plain.{name}{order}")
    return -1


STOCK = "stock_rows"  # marts_base.stock_rows: marts.inventory_stock's rows, base-free, in date order


def _drop(cur, schema: str, name: str, kind: str) -> None:
    """Drops <schema>.<name> when it is a `kind` ('view' or 'table'): the other kind takes its name."""
    where = "duckdb_views() where view_name" if kind == "view" else "duckdb_tables() where table_name"
    if cur.sql(f"select count(*) from {where} = ? and schema_name = ?", params=[name, schema]).fetchall()[0][0]:
        cur.execute(f"drop {kind} {schema}.{name}")


def stock_body(schema: str, body: str | None = None) -> str:
    """Returns the text of <schema>.inventory_days: sql/marts/inventory_days.sql (or `body`) with
    marts.inventory_stock read as marts_base.stock_rows and marts.sku_unit_costs as <schema>.sku_unit_costs.
    Raises ValueError when the text does not name each of the two exactly once (comments left out): the view could
    not be made, and there is no slower way (tests/test_per_base_update.py checks the file)."""
    if body is None:
        body = (SQL_DIR / "marts" / "inventory_days.sql").read_text(encoding="utf-8")
    body = re.sub(r"--[^\n]*", "", body.rstrip().rstrip(";"))  # its comments name both inputs too
    pairs = {"marts.inventory_stock": f"marts_base.{STOCK}", "marts.sku_unit_costs": f"{schema}.sku_unit_costs"}
    for old, new in pairs.items():
        found = len(re.findall(rf"\b{re.escape(old)}\b", body))
        if found != 1:
            raise ValueError(
                f"sql/marts/inventory_days.sql names {old} {found} times, not once: per_base_update cannot read it "
                "over the kept stock rows and unit costs (inventory_days); keep each input named once"
            )
        body = re.sub(rf"\b{re.escape(old)}\b", new, body)
    return body


def _stock_view(cur, schema: str) -> None:
    """Makes <schema>.inventory_days a view (`stock_body`) over marts_base.stock_rows (rebuilt here, in date order,
    for marts_base; another schema reads marts_base's, made current earlier in the same transaction) and
    <schema>.sku_unit_costs (the copy made just before it, PER_BASE order). Valued at read time, so a moved unit
    cost (a FIFO frontier) rewrites no stock row. Raises ValueError when the file does not allow the view, or another
    schema finds no marts_base stock rows."""
    body = stock_body(schema)
    if schema == "marts_base":
        cur.execute(f"create or replace table marts_base.{STOCK} as select * from marts.inventory_stock "
                    f"order by {ORDER['inventory_days']}")  # fmt: skip
    elif not cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_base' and table_name = ?",
                     params=[STOCK]).fetchall()[0][0]:  # fmt: skip
        raise ValueError(f"{schema}.inventory_days reads marts_base.{STOCK}, which does not exist")
    _drop(cur, schema, "inventory_days", "table")
    cur.execute(f"create or replace view {schema}.inventory_days as\n{body}")


class _Copy:
    """One schema's copies for one base: where the in-place SQL writes and what it falls back to."""

    def __init__(self, cur, schema: str, base: str, whole: Callable[[str], int]):
        self.cur, self.s, self.base, self.whole = cur, schema, base, whole
        self.temps: set[str] = set()  # the refresh's temp tables (copy_inputs.Inputs.temps), set by `update`

    def count(self, sql: str) -> int:
        return self.cur.execute(sql).fetchall()[0][0]


def update(
    cur, schema: str, base: str, names: list[str], whole: Callable[[str], int], touched: set[str] | None = None
) -> tuple[dict, dict]:
    """Updates <schema>.<name> for each of `names` (per_base.PER_BASE, in dependency order) after an incremental
    refresh, `cur`'s variables set to `base` (module doc); `whole(name)` rebuilds one copy whole and returns -1;
    `touched` = the raw tables of the imports the refresh took in (inputs.touched_raw; None = unknown: every copy
    kept whole is rebuilt). Returns ({name: rows deleted + inserted, -1 = whole, 0 = left as it was}, {name:
    seconds}) and stamps <schema>.built with the day (copy_inputs.stamp). Raises what DuckDB raises."""
    c = _Copy(cur, schema, base, whole)
    days = [r[0] for r in cur.sql(_FX_DAYS.format(base=base)).fetchall()]  # rates that moved (days added or gone)
    seen = copy_inputs.Inputs(cur, schema, touched)
    c.temps = seen.temps
    out, times = {}, {}
    for name in names:
        t = time.perf_counter()
        _one(c, name, days, out, seen)
        times[name] = time.perf_counter() - t
    copy_inputs.stamp(cur, schema)
    return out, times


def _one(c: _Copy, name: str, days: list, out: dict, seen: copy_inputs.Inputs) -> None:
    if name == "order_lines":
        out[name] = _lines(c, days)
    elif name == "sku_days":
        out[name] = _days(c, days)
    elif name == "missing_costs":
        out[name] = _missing(c, days)
    elif name == "inventory_days":  # a view: its stock rows only (marts_base)
        out[name] = _stock(c)
        return
    elif name == "fx_warnings":
        out[name] = c.whole(name) if copy_inputs.fx_warnings_changed(c.cur, days, seen) else 0
    else:  # sku_unit_costs and per_base.BASE_FREE: whole (module doc)
        out[name] = c.whole(name) if seen.changed(name) else 0  # 0: none of its inputs changed (copy_inputs)
    total = c.count(f"select count(*) from {c.s}.{name}")
    if name in ORDER and out[name] > total // RESORT:  # much changed: rebuild whole, in date order again
        out[name] = c.whole(name)


def _in(col: str, values: list) -> str:
    """A literal IN filter DuckDB pushes into the scans under the plain view ('true' when too long to help)."""
    if not values or len(values) > _PUSH_LIMIT:
        return "false" if not values else "true"
    return f"{col} in (" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"


def _same(cols: str, a: str, b: str) -> str:
    return " and ".join(f"{a}.{c} is not distinct from {b}.{c}" for c in cols.split(", "))


def _lines(c: _Copy, days: list) -> int:
    """order_lines: the lines changed in money_facts (old or new version), and the lines of days whose rate moved."""
    c.cur.execute(f"create or replace temp table pb_lines as {_PARTS['order_lines']}")
    ids = [r[0] for r in c.cur.sql("select distinct import_id from pb_lines").fetchall()]
    # only lines money_facts held before can be in the copy (a line only in the new version is not): the files of
    # days after the data delete nothing, and the copy's millions of rows are not scanned for them
    c.cur.execute(f"create or replace temp table pb_gone as select * from pb_lines as k where exists (select 1 "
                  f"from old_money_facts as t where {_same(_LINE, 't', 'k')})"
                  if "old_money_facts" in c.temps else "create or replace temp table pb_gone as from pb_lines")  # fmt: skip
    n = 0
    if c.count("select count(*) from pb_gone"):
        n = c.count(f"delete from {c.s}.order_lines as t using pb_gone as k where {_same(_LINE, 't', 'k')}")
    n += c.count(
        f"insert into {c.s}.order_lines select v.* from marts_plain.order_lines as v semi join pb_lines as k "
        f"on {_same(_LINE, 'v', 'k')} where {_in('v.import_id', ids)}",
    )
    if days:
        on_day = _in("event_date", days)
        n += c.count(f"delete from {c.s}.order_lines where {on_day}")
        n += c.count(f"insert into {c.s}.order_lines select * from marts_plain.order_lines where {on_day}")
    return n


def _days(c: _Copy, days: list) -> int:
    """sku_days: the calendar × store × marketplace × day partitions of changed daily facts, of refund costs of that
    base (or '', the fallback), of facts converting on a day whose rate moved, and the days holding charges without a
    SKU in a month whose shares of the base moved (`_SHARE_DAYS`); whole (-1) when those partitions hold more than
    1/RESORT of the copy (cheaper, and in date order again). Per day, not per month: a day's files late in a month
    rewrote the month's rows (0.55-0.7 s at 5M order lines on the 28th)."""
    sql = _PARTS["sku_days"].format(base=c.base)
    months = [r[0] for r in c.cur.sql(
        f"select distinct month::DATE from delta_allocation_shares where base_currency = '{c.base}'"
    ).fetchall()]  # fmt: skip
    if months:
        rng = "true"  # a NULL month (facts without a date: the financial calendar's unposted lines) reads every day
        if None not in months:  # the months' day range first
            rng = f"f.day >= date '{min(months)}' and f.day < date '{max(months)}' + interval 1 month"
        sql += f"\n        union select calendar, k from ({_SHARE_DAYS.format(base=c.base, range=rng).strip()})"
    if days:
        sql += f"""
        union select calendar, {day_part("store", "marketplace", "day")} from marts_mat.sku_day_facts
            where {_in("rate_date", days)} or {_in("cost_date", days)}"""
    c.cur.execute(f"create or replace temp table pb_days as select distinct calendar || chr(31) || k as k from ({sql})")
    keys = [r[0].split("\x1f") for r in c.cur.sql("select k from pb_days").fetchall()]
    if not keys:
        return 0
    key = f"calendar || chr(31) || {day_part('store', 'marketplace', 'day')}"
    push = _in("marketplace", sorted({k[2] for k in keys if k[2] != "~"}))
    if any(k[2] == "~" for k in keys):
        push = "true"
    dates = sorted({k[3] for k in keys})
    if "~" not in dates:  # the days as literals first (zone maps of the ordered copy and of the facts)
        listed = ", ".join(f"DATE '{d}'" for d in dates)
        push += f" and day in ({listed})" if len(dates) <= _PUSH_LIMIT else (
            f" and day >= date '{dates[0]}' and day <= date '{dates[-1]}'")  # fmt: skip
    where = f"{key} in (select k from pb_days)"
    old = c.count(f"select count(*) from {c.s}.sku_days where {push} and {where}")
    if 2 * old > c.count(f"select count(*) from {c.s}.sku_days") // RESORT:  # a back-dated import: whole
        return c.whole("sku_days")
    n = c.count(f"delete from {c.s}.sku_days where {push} and {where}")
    n += c.count(f"insert into {c.s}.sku_days select * from marts_plain.sku_days where {push} and {where}")
    return n


def _missing(c: _Copy, days: list) -> int:
    """missing_costs (one row per line): the changed lines, lines whose cost pieces or refund costs (of the base, or
    '') changed, and lines converting on a day whose rate moved (their sale or a piece's cost date)."""
    sql = f"""
        select {_LINE} from pb_lines
        union select {_LINE} from delta_cost_pieces
        union select {_LINE} from delta_refund_cost_facts where base_currency in ('{c.base}', '')"""
    if days:
        sql += f"""
        union select {_LINE} from marts_mat.money_facts where txn_type in ('order', 'refund') and {_in("event_date", days)}
        union select {_LINE} from marts_mat.cost_pieces where {_in("cost_date", days)}"""
    c.cur.execute(f"create or replace temp table pb_missing as {sql}")
    ids = [r[0] for r in c.cur.sql("select distinct import_id from pb_missing").fetchall()]
    on = _same(_LINE, "t", "k")
    n = c.count(f"delete from {c.s}.missing_costs as t using pb_missing as k where {on}")
    view = "pb_missing_costs" if _scoped_missing(c.cur, c.s) else "marts_plain.missing_costs"
    return n + c.count(
        f"insert into {c.s}.missing_costs select t.* from {view} as t semi join pb_missing "
        f"as k on {on} where {_in('t.import_id', ids)}",
    )


# the inputs of missing_costs → line_costs → order_costs / refund_costs read per line, narrowed to pb_missing's lines
_SCOPED = {
    "order_costs": (
        "from marts.cost_pieces as p",
        "from (select * from marts.cost_pieces as q semi join pb_missing as k on {on}) as p",
    ),
    "refund_costs": (
        "from marts.refund_cost_facts as f",
        "from (select * from marts.refund_cost_facts as q semi join pb_missing as k on {on}) as f",
    ),
    "line_costs": ("marts.order_costs", "pb_order_costs", "marts.refund_costs", "pb_refund_costs"),
    "missing_costs": ("marts.line_costs", "pb_line_costs"),
}


def _scoped_missing(cur, schema: str) -> bool:
    """Creates temp view pb_missing_costs: sql/marts/missing_costs.sql with its per-line inputs (cost pieces, refund
    cost facts) read only for the lines of pb_missing, through temp copies of the view chain above it (their files'
    text, the names replaced). A line's missing_costs row reads only that line's pieces and refund rows (order_costs
    aggregates pieces per line; refund_costs' fallback test still reads every refund_cost_facts row), so for those
    lines the rows are the plain view's; the plain view itself aggregated every cost piece of the history (18 s at
    5M order lines under load, for a day's few thousand lines). marts.order_lines is read as <schema>.order_lines,
    the copy updated just before (order_lines comes first in PER_BASE): the switch's own choice for the stored base,
    and for another base the rows its plain branch would give, without converting every line again. False (nothing
    created) when a file no longer holds the text replaced: the caller then reads the plain view."""
    on = _same("source, import_id, row_no", "q", "k")
    for name in ("order_costs", "refund_costs", "line_costs", "missing_costs"):
        body = (SQL_DIR / "marts" / f"{name}.sql").read_text(encoding="utf-8").rstrip().rstrip(";")
        pairs = _SCOPED[name]
        for old, new in zip(pairs[::2], pairs[1::2], strict=True):
            if body.count(old) != 1:
                return False
            body = body.replace(old, new.format(on=on))
        body = re.sub(r"\bmarts\.order_lines\b", f"{schema}.order_lines", body)
        cur.execute(f"create or replace temp view pb_{name} as\n{body}")
    return True


def _stock(c: _Copy) -> int:
    """inventory_days: a view (`_stock_view`) valuing marts_base's stock rows at the schema's kept unit costs, so a
    moved unit cost needs nothing; marts_base's stock rows are updated (`_stock_rows`), another schema's view reads
    those (0 here)."""
    return _stock_rows(c, "master_sku, store, location, day") if c.s == "marts_base" else 0


def _stock_rows(c: _Copy, key: str) -> int:
    """marts_base.stock_rows (under the inventory_days view): the rows of delta_inventory_stock's keys replaced from
    marts.inventory_stock (the refreshed mart); rebuilt whole, in date order again, past 1/RESORT (-1)."""
    t = f"marts_base.{STOCK}"
    c.cur.execute(f"create or replace temp table pb_stock as select distinct {key} from delta_inventory_stock")
    first, last, undated = c.cur.sql("select min(day), max(day), count(*) - count(day) from pb_stock").fetchall()[0]
    days = f"t.day between date '{first}' and date '{last}'" if first and not undated else "true"  # zone maps
    on = _same(key, "t", "k")
    n = c.count(f"delete from {t} as t using pb_stock as k where {days} and {on}")
    n += c.count(f"insert into {t} select t.* from marts.inventory_stock as t semi join pb_stock as k on {on} "
                 f"where {days}")  # fmt: skip
    if n > c.count(f"select count(*) from {t}") // RESORT:
        c.cur.execute(f"create or replace table {t} as select * from marts.inventory_stock "
                      f"order by {ORDER['inventory_days']}")  # fmt: skip
        return -1
    return n
