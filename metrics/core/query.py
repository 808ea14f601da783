"""Returns filtered aggregates over the marts: the one place that turns Filters into SQL.

Size: the cursor every metric reads through (its read transaction, the per-base copies, the memo), the Filters
→ SQL sums it runs and a session's one read of sku_days per period they are added up from (`period_cube`) are one
read path; tests patch them through this module's names.
"""

from __future__ import annotations

import re
import threading
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import polars as pl

from metrics.core.materialize import ensure
from metrics.core.registry import METRICS
from metrics.core.settings import apply_to_cursor, get_settings
from warehouse.marts import other_base
from warehouse.marts.per_base import PER_BASE, direct_state
from warehouse.marts.per_base_update import STOCK

# the date column each mart is filtered on, per calendar
DAY_COLUMN = {
    ("sku_days", "operational"): "day",
    ("sku_days", "financial"): "day",
    ("order_lines", "operational"): "event_date",
    ("order_lines", "financial"): "posted_date",
}


_STOCK = re.compile(r"\bmarts\.inventory_stock\b")
_STOCK_ROWS = f"marts_base.{STOCK}"  # warehouse.marts.per_base_update: marts.inventory_stock's rows, in date order


@dataclass
class _Session:
    con: object
    cur: object
    base: str  # the base currency set on `cur`
    settings_base: str  # the stored setting (a filter without a base currency reads in it)
    period: tuple | None = None  # the session's sku_days rows (`_cube_key`): the ones read once (`period_cube`)
    added: dict = field(default_factory=dict)  # `_from_cube`'s frames: a report's totals, channel sections and P&L


# the open `session` of this thread / task (Streamlit runs each session in its own thread)
_SESSION: ContextVar[_Session | None] = ContextVar("metrics_query_session", default=None)


@contextmanager
def cursor(con, f=None, _settings=None):
    """Yields a cursor with the conventions in force (settings, and f's base currency when given) set on it.

    Its queries run in one read transaction: they all see the same marts, the ones before or after a concurrent
    refresh, never a mix. Inside `session(con, …)` a request for the session's base currency on the same connection
    yields the session's cursor (same transaction; no begin/commit of its own). `_settings`: the stored settings,
    when the caller has just read them (`session`).
    """
    s = _SESSION.get()
    if s is not None and s.con is con and (getattr(f, "base_currency", None) or s.settings_base).upper() == s.base:
        yield s.cur
        return
    cur = con.cursor()
    try:
        apply_to_cursor(cur, _settings or get_settings(con), getattr(f, "base_currency", None))
        ensure(con, cur)
        cur.execute("begin")
        try:
            # the per-base copies of this cursor's base: the stored base's, or another base's prepared on request
            # those of the stored base (all but copies a newer version added, until prepared), and their state
            names, state = direct_state(cur)
            schema = "marts_base" if names else other_base.SCHEMA if other_base.current(cur) else None
            # memoised like a session's (one read transaction: the same query gives the same rows), and so run
            # through `execute` (`_run`: one bind per query, not two)
            memo = _Memo(_Direct(cur, names or PER_BASE, schema) if schema else cur)
            memo.state = (tuple(names), state) if names else None  # what metrics.core.prefetch compares
            yield memo
            cur.execute("commit")
        except BaseException:
            cur.execute("rollback")
            raise
    finally:
        cur.close()


class _Direct:
    """A cursor that reads <schema>.<name> where a query names marts.<name> of `names`: the per-base copy of the
    cursor's base (marts_base, per_base.direct: the branch the switch view would select; or marts_base_alt,
    warehouse.marts.other_base), read without binding the plain view under the switch. With inventory_days among
    them, marts.inventory_stock reads as the stock rows that view is made of (marts_base.stock_rows, the same rows in
    date order: a period's stock skips the other days' row groups)."""

    def __init__(self, cur, names: list[str], schema: str):
        self._cur = cur
        self.names = frozenset(names)
        self._pattern = re.compile(r"\bmarts\.(" + "|".join(map(re.escape, names)) + r")\b")
        self._to = schema + r".\1"
        self._stock = "inventory_days" in self.names

    def _text(self, query: str) -> str:
        query = self._pattern.sub(self._to, query)
        return _STOCK.sub(_STOCK_ROWS, query) if self._stock else query

    def sql(self, query: str, *args, **kwargs):
        return self._cur.sql(self._text(query), *args, **kwargs)

    def execute(self, query: str, *args, **kwargs):
        return self._cur.execute(self._text(query), *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._cur, name)


def reads_copies(cur) -> bool:
    """True when `cur` (a cursor yielded by `cursor`, in a session or not) reads the per-base copies directly
    (marts_base or marts_base_alt tables, in date order) rather than the plain conversion views."""
    return isinstance(getattr(cur, "_cur", None) if isinstance(cur, _Memo) else cur, _Direct)


_SELECT = re.compile(r"\s*(select|with)\b", re.IGNORECASE)


# views a session evaluates once into a temporary table of its cursor and then reads from there: they cost about as
# much to plan as to evaluate (~20-70 ms per query at 5M order lines, even on no rows) and a report reads each several
# times. expense_days spreads recurring expenses up to the current month (it depends on today's date, so the writer
# cannot keep a copy); return_lines maps return report lines to master SKUs (2 queries per report, more on Returns):
# a cursor that reads the writer's copy of it (per_base.BASE_FREE) reads that table instead.
SNAPSHOT = ("expense_days", "return_lines")
_SNAPSHOT = re.compile(r"\bmarts\.(" + "|".join(SNAPSHOT) + r")\b")


class _Memo:
    """A cursor whose SELECT results (`.pl()`, `.fetchall()`) are kept per query text and parameters: inside one
    read transaction the same query returns the same rows, so a report's sections that ask the same question (the
    inventory KPIs of every channel, a section's existence checks) compute it once. Frames are shared (polars frames
    are not changed in place); row lists are copied. A query naming a view of SNAPSHOT reads the temporary table
    `session_<name>` instead, created from the view on first use in the session's transaction (same snapshot; the
    cursor's temporary objects go with it)."""

    def __init__(self, cur, memo: dict | None = None, claims: dict | None = None):
        self._cur = cur
        # rows per query; `claims`: the queries a thread is computing (a prefetch's cursor shares both: its rows are
        # this memo's, and a query asked here while it computes it is waited for, not run twice)
        self._memo: dict = {} if memo is None else memo
        self._claims: dict = {} if claims is None else claims
        self.state = None  # set by `cursor`: (direct names, per_base state) of the copies this cursor reads
        self._direct = cur.names if isinstance(cur, _Direct) else frozenset()  # read as the writer's copy: no snapshot
        self._snapped: set[str] = set(self._direct)

    def sharing(self, cur, names: list[str]) -> _Memo:
        """Returns a memo over `cur` (another cursor of the same snapshot, reading the stored base's copies `names`)
        that shares this one's rows and claims: what it computes, this one reads (metrics.core.prefetch)."""
        return _Memo(_Direct(cur, names, "marts_base"), self._memo, self._claims)

    def _rewrite(self, query: str) -> str:
        for name in set(_SNAPSHOT.findall(query)) - self._snapped:
            self._cur.execute(f"create or replace temp table session_{name} as select * from marts.{name}")
            self._snapped.add(name)
        return _SNAPSHOT.sub(lambda m: m[0] if m[1] in self._direct else f"session_{m[1]}", query)

    def sql(self, query: str, *args, **kwargs):
        query = self._rewrite(query)
        if not _SELECT.match(query):
            return self._cur.sql(query, *args, **kwargs)
        return _Result(self, query, args, kwargs)

    def execute(self, query: str, *args, **kwargs):
        return self._cur.execute(self._rewrite(query), *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._cur, name)


class _Result:
    """The relation of a memoised SELECT: `.pl()` and `.fetchall()` from the memo, anything else from DuckDB."""

    def __init__(self, memo: _Memo, query: str, args: tuple, kwargs: dict):
        self._m, self._q, self._a, self._k = memo, query, args, kwargs

    def _get(self, how: str):
        key = (how, self._q, repr(self._a), repr(sorted(self._k.items())))
        m = self._m
        while key not in m._memo:
            mine = threading.Event()
            other = m._claims.setdefault(key, mine)
            if other is not mine:  # another thread's cursor computes it (metrics.core.prefetch): its rows, or a retry
                other.wait()
                continue
            try:
                m._memo[key] = _run(m._cur, self._q, self._a, self._k, how)
            finally:
                del m._claims[key]
                mine.set()
        return m._memo[key]

    def pl(self, *args, **kwargs) -> pl.DataFrame:
        if args or kwargs:
            return self._m._cur.sql(self._q, *self._a, **self._k).pl(*args, **kwargs)
        return self._get("pl")

    def fetchall(self) -> list:
        return list(self._get("fetchall"))

    def __getattr__(self, name: str):
        return getattr(self._m._cur.sql(self._q, *self._a, **self._k), name)


def _run(cur, query: str, args: tuple, kwargs: dict, how: str):
    """Returns the rows of one SELECT as `how` ('pl': a polars frame, 'fetchall': tuples), run through the DB-API
    `execute`: a relation (`cur.sql(...).pl()`) binds the query once to make the relation and again to run it, ~1.7
    ms per query of a report at 5M order lines (~45 queries); `execute` binds once. The same rows and schema
    (tests/test_report_session.py). Anything but a `params` argument goes through the relation."""
    if len(args) > 1 or set(kwargs) - {"params"}:
        return getattr(cur.sql(query, *args, **kwargs), how)()
    params = kwargs.get("params", args[0] if args else None)
    result = cur.execute(query) if params is None else cur.execute(query, params)
    if how == "fetchall":
        return result.fetchall()
    with warnings.catch_warnings():  # "an extra copy of the rows": a report's results are small
        warnings.simplefilter("ignore", UserWarning)
        table = result.to_arrow_table()
    return pl.from_arrow(table, rechunk=False)


@contextmanager
def session(con, f=None, prefetch: list | None = None):
    """Makes every `cursor(con, g)` inside it whose base currency is f's (or the setting) reuse one cursor: one
    read transaction (one snapshot for a whole report), one check of the marts (`ensure`), and `sums` computed once
    per identical query (`_Memo`). `prefetch`: functions of a cursor run meanwhile on a second cursor of the same
    snapshot, their rows the session's (metrics.core.prefetch). Nested sessions join the outer one. Yields nothing;
    raises what DuckDB raises."""
    if _SESSION.get() is not None:
        yield
        return
    from metrics.core import prefetch as ahead

    settings = get_settings(con)
    with cursor(con, f, settings) as cur:  # the settings read once
        base = (getattr(f, "base_currency", None) or settings.base_currency).upper()
        period = _cube_key(f) if f is not None and getattr(f, "start", None) else None
        token = _SESSION.set(_Session(con, cur, base, settings.base_currency.upper(), period))
        thread = ahead.start(con, f, settings, cur, prefetch or []) if cur.state is not None else None
        try:
            yield
        finally:
            ahead.wait(thread)
            _SESSION.reset(token)


def where(f, mart: str, alias: str = "") -> tuple[str, list]:
    """Returns the WHERE clause (without the keyword) and its parameters for filter f on `mart`: `slice_where` on the
    mart's date column for f's calendar, and for sku_days its calendar's rows."""
    cond, params = slice_where(f, DAY_COLUMN[(mart, f.calendar)], alias)
    if mart == "sku_days":
        cond += f" and {alias + '.' if alias else ''}calendar = ?"
        params.append(f.calendar)
    return cond, params


def slice_where(f, day: str = "day", alias: str = "") -> tuple[str, list]:
    """Returns the WHERE clause (without the keyword) and its parameters of f's period (`day` between start and end,
    inclusive), channel, marketplace, store, SKU search (case-insensitive substring of master_sku) and exact SKU,
    on a table with those columns (`alias.` prefixed when given) — the one place these filters become SQL."""
    a = f"{alias}." if alias else ""
    parts, params = [f"{a}{day} between ? and ?"], [f.start, f.end]
    for col in ("channel", "marketplace", "store"):
        value = getattr(f, col, None)
        if value:
            parts.append(f"{a}{col} = ?")
            params.append(value)
    if getattr(f, "sku_search", None):
        parts.append(f"{a}master_sku ilike ?")
        params.append(f"%{f.sku_search.strip()}%")
    if getattr(f, "sku", None):
        parts.append(f"{a}master_sku = ?")
        params.append(f.sku)
    return " and ".join(parts), params


def sums(cur, f, group: str | None = None, marts: tuple[str, ...] = ("sku_days", "order_lines")) -> pl.DataFrame:
    """Returns the `sql` metrics of sku_days and order_lines for f, one row per `group` value (column `key`).

    `group` is a SQL expression valid on both marts with `{day}` standing for the mart's date column, e.g.
    "master_sku" or "date_trunc('month', {day})". `marts=("sku_days",)` leaves out order_lines' metrics (`orders`,
    a distinct count over every order line of the period: absent, so `aov` derives to None) for a caller that shows
    none of them (the P&L); the sku_days query, and so its sums, are the same either way.
    """
    frames = []
    for mart in marts:
        metrics = [m for m in METRICS if m.mart == mart and m.sql]
        cols, only = _columns(metrics)
        cond, params = where(f, mart)
        cond += only
        day = DAY_COLUMN[(mart, f.calendar)]
        if mart == "sku_days" and group in (SKU_GROUP, CHANNEL_MONTH) and in_session(cur, f):
            frames.append(_from_cube(cur, f, group, [m.id for m in metrics]))
        elif group:
            key = group.format(day=day)
            sql = f"select {key} as key, {cols} from marts.{mart} where {cond} group by 1"
            frames.append(cur.sql(sql, params=params).pl())
        elif all(_by_channel(m) for m in metrics):
            frames.append(_total(cur, f, mart, metrics, cols, only))
        else:
            frames.append(cur.sql(f"select 1 as key, {cols} from marts.{mart} where {cond}", params=params).pl())
    out = frames[0]
    for frame in frames[1:]:
        out = out.join(frame, on="key", how="full", coalesce=True, nulls_equal=True)
    fill = {m.id: 0 for m in METRICS if m.sql and m.mart in marts}
    return out.with_columns([pl.col(c).fill_null(v) for c, v in fill.items()])


_FILTERED = re.compile(r"^(?P<agg>.+) filter \(where (?P<cond>[^()]+)\)$")


def _columns(metrics: list) -> tuple[str, str]:
    """Returns the SELECT list of `metrics` (`<sql> as <id>`) and a condition to add to the WHERE clause (' and (…)',
    or ''): when every metric is `<aggregate> filter (where <c>)` with the same c (order_lines' one metric, `orders`),
    the aggregates without their filter and c. The same numbers (a group without such rows is missing: 0 once
    `sums` fills it), and the rows without it are never aggregated: −2 to −3 ms per orders query at 5M order lines."""
    found = [_FILTERED.match(m.sql) for m in metrics]
    if metrics and all(found) and len({x["cond"] for x in found}) == 1:
        return ", ".join(f"{x['agg']} as {m.id}" for x, m in zip(found, metrics)), f" and ({found[0]['cond']})"
    return ", ".join(f"{m.sql} as {m.id}" for m in metrics), ""


def _by_channel(metric) -> bool:
    """True when the metric's total is the sum of its per-channel values: a plain sum, or the distinct orders (an
    order, a store's order id, belongs to the one channel of its store)."""
    return metric.sql.startswith("coalesce(sum(") or metric.id == "orders"


def scope_month(scope: str) -> str:
    """Returns the `sums` group of one row per value of the SQL expression `scope` (NULL as '?') × month: a struct
    {'s': scope, 'm': the month's first day} (grouping by it costs half of building a 'scope|YYYY-MM' string)."""
    return "{{'s': " + f"coalesce({scope}, '?')" + ", 'm': date_trunc('month', {day})::DATE}}"


# sku_days' sums per channel × month: the P&L's query by channel (metrics.accounts.pnl); a period's total and each
# channel's sums add up its rows, so a report's session runs one query for the three
CHANNEL_MONTH = scope_month("coalesce(channel, '?')")


# the SKU table's rows (metrics.sales.sku): one per master SKU, money without a SKU as one row
UNALLOCATED = "(unallocated)"
SKU_GROUP = f"coalesce(master_sku, '{UNALLOCATED}')"
# the profit bridge's money (metrics.accounts.bridge): each column's base amount and its original-currency amount
# where the base amount is known (the bridge restates those at the comparison period's rates)
BRIDGE_MONEY = ("net_sales", "marketplace_fees", "other_fees", "other_income", "ad_spend")


def _cube_key(f) -> tuple:
    """The sku_days rows `period_cube` reads for f: its WHERE clause and parameters without f's channel."""
    whole = f.model_copy(update={"channel": None}) if getattr(f, "channel", None) else f
    cond, params = where(whole, "sku_days")
    return cond, tuple(params)


def in_session(cur, f) -> bool:
    """True when `cur` is the cursor of the open `session` and f reads the session's period (its filters but the
    channel): a report's SKU table, totals, channel sections and bridge then add up one read of sku_days
    (`period_cube`). Another period (the comparison, last year's) reads its own queries: the cube costs ~2.5x one of
    them at 5M order lines, less than the three of the report's period, more than one or two."""
    s = _SESSION.get()
    return s is not None and s.cur is cur and s.period is not None and s.period == _cube_key(f)


def period_cube(cur, f) -> pl.DataFrame:
    """Returns sku_days' sums for f (its period, calendar and filters but its channel) per master SKU × currency ×
    channel × month (`month`: the first day, DATE): every registry metric of sku_days (the metric ids), plus the
    profit bridge's `<c>_base` (sum, NULL when none is known) and `orig_<c>` (original currency where the base is
    known) for c in BRIDGE_MONEY.

    A report asks its period's sku_days three ways: per channel × month (its totals, channel sections and P&L:
    CHANNEL_MONTH), per master SKU (the SKU table) and per master SKU × currency (the bridge). In its `session`
    (`in_session`) the three are added up from this one query (memoised): at 5M order lines ~31 ms instead of
    13 + 15 + 16 ms. Sums of sums: equal to the separate queries to the last bits of a float."""
    cond, params = _cube_key(f)
    metrics = ", ".join(f"{m.sql} as {m.id}" for m in METRICS if m.mart == "sku_days" and m.sql)
    bridge = ", ".join(f"sum({c}_base) as {c}_base, sum(case when {c}_base is not null then {c} end) as orig_{c}"
                       for c in BRIDGE_MONEY)  # fmt: skip
    day = DAY_COLUMN[("sku_days", f.calendar)]
    return cur.sql(
        f"select master_sku, currency, channel, date_trunc('month', {day})::DATE as month, {metrics}, {bridge} "
        f"from marts.sku_days where {cond} group by all",
        params=list(params),
    ).pl()


def _cube_rows(cur, f) -> pl.DataFrame:
    """Returns `period_cube`'s rows of f: its channel's only when f names one (the cube is read without it)."""
    cube = period_cube(cur, f)
    return cube.filter(pl.col("channel") == f.channel) if getattr(f, "channel", None) else cube


def _sum_known(col: str) -> pl.Expr:
    """A column's sum as SQL's sum: NULL when every value is NULL (polars' sum gives 0)."""
    return pl.when(pl.col(col).count() > 0).then(pl.col(col).sum()).alias(col)


def _from_cube(cur, f, group: str, ids: list[str]) -> pl.DataFrame:
    """Returns `sums`' sku_days frame for `group` (SKU_GROUP or CHANNEL_MONTH) added up from `period_cube`: column
    `key` and the metric `ids`, the types of the SQL (BIGINT counts, DOUBLE money; 0 without rows). Kept in the
    session: a report asks the same per channel × month sums for its totals, each channel section and the P&L
    (~2.5 ms a time at 2,000 SKUs); frames are never changed in place."""
    added = _SESSION.get().added  # in_session(cur, f): the open session's
    memo = (group, tuple(ids), getattr(f, "channel", None))
    if memo not in added:
        cube = _cube_rows(cur, f)
        if group == SKU_GROUP:
            key = pl.col("master_sku").fill_null(UNALLOCATED).alias("key")
        else:
            key = pl.struct(s=pl.col("channel").fill_null("?"), m=pl.col("month")).alias("key")
        added[memo] = cube.group_by(key).agg(pl.col(i).sum() for i in ids)
    return added[memo]


def channels_by_sales(cur, f) -> list[str]:
    """Returns the channels with sku_days rows in f (f's channel only, when it names one), largest net sales first
    (ties by name). In a session: from `period_cube`."""
    if in_session(cur, f):
        cube = _cube_rows(cur, f).filter(pl.col("channel").is_not_null())
        ranked = cube.group_by("channel").agg(pl.col("net_sales_base").fill_null(0.0).sum().alias("n"))
        return ranked.sort(["n", "channel"], descending=[True, False])["channel"].to_list()
    cond, params = where(f, "sku_days")
    rows = cur.sql(
        f"select channel from marts.sku_days where {cond} and channel is not null group by all "
        "order by sum(coalesce(net_sales_base, 0)) desc, channel",
        params=params,
    ).fetchall()
    return [r[0] for r in rows]


def sku_units(cur, f) -> pl.DataFrame:
    """Returns per master SKU (not NULL) of f's period from `period_cube` (a session's cursor): sku, units and
    refund_units (BIGINT sums), as the Returns section's query of sku_days gives them."""
    cube = _cube_rows(cur, f).filter(pl.col("master_sku").is_not_null())
    return cube.group_by(pl.col("master_sku").alias("sku")).agg(pl.col("units", "refund_units").sum().cast(pl.Int64))


def bridge_facts(cur, f) -> pl.DataFrame:
    """Returns the profit bridge's facts of f from `period_cube` (a session's cursor): per master SKU (NULL = no SKU)
    × currency, units, `<c>_base` and `<c>` (original currency) for c in BRIDGE_MONEY, and cogs_base."""
    cube = _cube_rows(cur, f)
    money = [e for c in BRIDGE_MONEY for e in (_sum_known(f"{c}_base"), _sum_known(f"orig_{c}").alias(c))]
    return cube.group_by("master_sku", "currency").agg(
        pl.col("units").sum(), *money, pl.col("cogs").sum().alias("cogs_base")
    )


def _total(cur, f, mart: str, metrics: list, cols: str, only: str = "") -> pl.DataFrame:
    """Returns the one-row sums (key 1) of `mart` for f, added up from its sums per channel (sku_days: per channel
    × month, CHANNEL_MONTH) over f without its channel: the same query for the total, every channel's section and
    the P&L of a report, which a session (`_Memo`) then runs once (the distinct order count is ~25 ms at 5M order
    lines, per channel and in total). A NULL channel counts in the total only."""
    whole = f.model_copy(update={"channel": None}) if getattr(f, "channel", None) else f
    cond, params = where(whole, mart)
    cond += only  # `_columns`' condition for `cols`
    if mart == "sku_days":
        if in_session(cur, whole):
            frame = _from_cube(cur, whole, CHANNEL_MONTH, [m.id for m in metrics])
        else:
            key = CHANNEL_MONTH.format(day=DAY_COLUMN[(mart, f.calendar)])
            frame = cur.sql(
                f"select {key} as key, {cols} from marts.{mart} where {cond} group by 1", params=params
            ).pl()
        frame = frame.with_columns(pl.col("key").struct.field("s").alias("channel")).drop("key")
    else:
        frame = cur.sql(f"select channel, {cols} from marts.{mart} where {cond} group by 1", params=params).pl()
    if whole is not f:
        frame = frame.filter(pl.col("channel") == f.channel)
    return frame.select(pl.lit(1, pl.Int32).alias("key"), *[pl.col(m.id).sum() for m in metrics])


def has_mart(cur, name: str) -> bool:
    """True when marts.<name> exists (a view or a table; expense_days exists once the expenses template is known).
    The same query texts for every caller, so a report's session asks them once: the views first (~0.8 ms at 170
    views), the tables only when no view has the name (duckdb_tables() renders every table's DDL: ~2 ms)."""
    view = "select count(*) from duckdb_views() where schema_name = 'marts' and view_name = ?"
    if cur.sql(view, params=[name]).fetchall()[0][0]:
        return True
    table = "select count(*) from duckdb_tables() where schema_name = 'marts' and table_name = ?"
    return bool(cur.sql(table, params=[name]).fetchall()[0][0])


def has_expenses(cur) -> bool:
    """True when marts.expense_days exists and the expenses template holds a row (app.tpl_expenses, the view's one
    source): without one the view has no rows and a caller reads it as absent (expenses 0). Planning the view costs
    ~8 ms per report at 5M order lines even with no rows (a session evaluates it once, SNAPSHOT)."""
    if not has_mart(cur, "expense_days"):
        return False
    return bool(cur.sql("select exists (select 1 from app.tpl_expenses)").fetchall()[0][0])
