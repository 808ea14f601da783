"""Fingerprints of what the heavy marts read, per partition, so a refresh can tell which partitions changed.

A fingerprint is the sum of the row hashes (HUGEINT) of one partition's staging rows, plus its row count: any added,
removed or edited row changes it. `marts_mat.fingerprints` keeps the last refreshed ones (input, k, h, n, tiktok, r).
Partition keys `k` are strings built by `part(...)`: store, marketplace, month joined by chr(31) ('~' = NULL); money's
are per posting day (`day_part`, with `r` = the day's lowest source_rank, so a month's winning rank is the lowest `r`
of its days); inventory's are store, location and snapshot date.
Size: the inputs' fingerprint SQL and its narrowing to the changed imports' partitions are one contract with refresh.py.
"""

from __future__ import annotations

import re

from warehouse.marts import inventory_inputs

SEP = "chr(31)"


def part(store: str, marketplace: str, day: str) -> str:
    """Returns the SQL of a store × marketplace × month key for the given column expressions."""
    return (
        f"concat_ws({SEP}, coalesce({store}::VARCHAR, '~'), coalesce({marketplace}::VARCHAR, '~'), "
        f"coalesce(strftime(date_trunc('month', {day}), '%Y-%m'), '~'))"
    )


def day_part(store: str, marketplace: str, day: str) -> str:
    """Returns the SQL of a store × marketplace × day key (the day as YYYY-MM-DD, '~' = NULL)."""
    return (
        f"concat_ws({SEP}, coalesce({store}::VARCHAR, '~'), coalesce({marketplace}::VARCHAR, '~'), "
        f"coalesce(strftime({day}, '%Y-%m-%d'), '~'))"
    )


def sku_key(col: str = "master_sku") -> str:
    """Returns the SQL of a master-SKU key."""
    return f"coalesce({col}::VARCHAR, '~')"


def line_key(alias: str = "") -> str:
    """Returns the SQL of an order-line key (source, import_id, row_no, txn_type)."""
    a = f"{alias}." if alias else ""
    return f"concat_ws({SEP}, {a}source, {a}import_id::VARCHAR, {a}row_no::VARCHAR, {a}txn_type)"


def location_key(alias: str = "") -> str:
    """Returns the SQL of a store × location key."""
    a = f"{alias}." if alias else ""
    return f"concat_ws({SEP}, coalesce({a}store::VARCHAR, '~'), coalesce({a}location::VARCHAR, '~'))"


# per input: SQL giving (k, h, n, tiktok) for the current staging rows
_ADS_MONTHS = (
    "unnest(generate_series(date_trunc('month', coalesce(ad_date, period_start)), "
    "date_trunc('month', coalesce(ad_date, period_end, period_start)), interval 1 month))"
)
ADS_KEY = (
    f"case when channel = 'amazon' then {part('store', 'marketplace', 'm')} "
    f"else concat_ws({SEP}, 'ext', strftime(m, '%Y-%m')) end"
)
ADS_ROWS = (f"select hash(t) as h, t.*, {_ADS_MONTHS} as m from staging.ads as t "
            "where coalesce(ad_date, period_start) is not null")  # fmt: skip
INPUTS = {
    # per store × marketplace × posting day, with the day's lowest source rank (a month's winner = its days' lowest)
    "money": f"select {day_part('store', 'marketplace', 'posted_date')} as k, sum(hash(t)::HUGEINT) as h, "
    "count(*) as n, bool_or(source like 'tiktok%') as tiktok, min(source_rank)::INTEGER as r from staging.money as t "
    "group by 1",
    # external consoles' rows are routed to a marketplace by the campaign map: keyed by month only ('ext')
    "ads": f"select {ADS_KEY} as k, sum(h)::HUGEINT as h, count(*) as n, false as tiktok, NULL::INTEGER as r "
    f"from ({ADS_ROWS}) group by 1",
    "batches": f"select {sku_key()} as k, sum(hash(t)::HUGEINT) as h, count(*) as n, false as tiktok, "
    "NULL::INTEGER as r from staging.inbound_batches as t group by 1",
    "landed": f"select {sku_key()} as k, sum(hash(t)::HUGEINT) as h, count(*) as n, false as tiktok, "
    "NULL::INTEGER as r from staging.landed_costs as t group by 1",
    # per store × location × snapshot date: the refresh recomputes a location from its earliest changed date on
    "inventory": f"select concat_ws({SEP}, {location_key()}, coalesce(snapshot_date::VARCHAR, '~')) as k, "
    "sum(hash(t)::HUGEINT) as h, count(*) as n, false as tiktok, NULL::INTEGER as r "
    "from staging.inventory_snapshots as t group by 1",
}
VIEWS = {"money": "staging.money", "ads": "staging.ads", "batches": "staging.inbound_batches",
         "landed": "staging.landed_costs", "inventory": "staging.inventory_snapshots"}  # fmt: skip
# inputs read whole by the heavy marts: any change rebuilds everything
GLOBAL_INPUTS = ["staging.sku_map", "staging.traffic", "staging.ad_campaigns", "staging.fx_rates",
                 "staging.shopify_refund_dates"]  # fmt: skip


def view_texts(cur) -> dict[str, str]:
    """Returns the SQL of every staging and mart view by 'schema.name'."""
    rows = cur.sql("select schema_name, view_name, sql from duckdb_views() where schema_name in ('staging', 'marts')")
    return {f"{s}.{n}": sql for s, n, sql in rows.fetchall()}


def reads(texts: dict[str, str], view: str, touched: set[str] | None) -> bool:
    """True when `view` reads (through other views) a raw table in `touched` (None = unknown: True)."""
    return touched is None or bool(raw_tables(texts, view) & touched)


def raw_tables(texts: dict[str, str], view: str) -> set[str]:
    """Returns the raw and app tables `view` (schema.name) reads, through any staging or mart views in between."""
    found, seen, todo = set(), set(), [view]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for ref in re.findall(r"\b(raw|app|staging|marts)\.(\w+)", texts.get(name, ""), flags=re.IGNORECASE):
            ref = f"{ref[0].lower()}.{ref[1].lower()}"
            (todo.append(ref) if ref.split(".")[0] in ("staging", "marts") else found.add(ref))
    return found


def touched_raw(cur) -> set[str] | None:
    """Returns the raw tables of the imports added or undone since the last refresh (None = unknown: all)."""
    known = cur.sql(
        "select count(*) from duckdb_tables() where schema_name = 'marts_mat' and table_name = 'imports_seen'"
    )
    if not known.fetchall()[0][0]:
        return None
    from warehouse.formats import by_id

    fmts = cur.sql("select distinct format_id from meta.imports as i anti join marts_mat.imports_seen as s "
                   "on s.import_id = i.import_id and s.status = i.status").fetchall()  # fmt: skip
    return {by_id(f).table.lower() for (f,) in fmts}


def remember_imports(cur) -> None:
    """Records the imports (id, status) this refresh has taken in."""
    cur.execute("create or replace table marts_mat.imports_seen as select import_id, status from meta.imports")


def global_fingerprint(cur) -> str:
    """Returns one string that changes when any input read whole by the heavy marts changes (scans them)."""
    parts = []
    for table in GLOBAL_INPUTS:
        h, n = cur.sql(f"select coalesce(sum(hash(t)::HUGEINT), 0), count(*) from {table} as t").fetchall()[0]
        parts.append(f"{table}:{n}:{h}")
    return ";".join(parts)


# raw tables whose staging.money rows each come from one raw row, dated by that row alone: an import's rows can only
# change the money partitions its own rows (and those of the imports sharing rows with it) occupy. The Shopify and
# TikTok order lines take the latest import of each line (a window over imports) and the TikTok statement groups
# lines by order, so their imports are fingerprinted whole.
ROW_LOCAL_MONEY = {"raw.amazon_transactions", "raw.amazon_settlement", "raw.amazon_all_orders", "raw.shopify_payments"}
MONEY_KEY = day_part("store", "marketplace", "posted_date")
MONEY_PARTS_SQL = f"select distinct import_id, {MONEY_KEY} as k from staging.money"


def remember_money_parts(cur) -> None:
    """Records the money partitions each import's rows occupy (marts_mat.money_import_parts: import_id, k), whole."""
    cur.execute(f"create or replace table marts_mat.money_import_parts as {MONEY_PARTS_SQL}")


def money_scope(cur, texts: dict[str, str]) -> list[int] | None:
    """The imports whose money partitions can have changed (see `import_scope`), or None: hash staging.money whole."""
    return import_scope(cur, texts, "staging.money", "money_import_parts", ROW_LOCAL_MONEY)


def ads_scope(cur, texts: dict[str, str]) -> list[int] | None:
    """The imports whose ads partitions can have changed (see `import_scope`), or None: hash staging.ads whole. Every
    ads format's staging view maps one raw row to one row (no window, no grouping, no volatile values), keyed by its
    own channel, store, marketplace and dates, so all are row-local."""
    return import_scope(cur, texts, "staging.ads", "ads_import_parts", None)


def inventory_scope(cur, texts: dict[str, str]) -> list[int] | None:
    """The imports whose inventory partitions can have changed (`import_scope`; narrowed by snapshot date, see
    warehouse/marts/inventory_inputs.py), or None: hash staging.inventory_snapshots whole."""
    return import_scope(cur, texts, "staging.inventory_snapshots", "inventory_import_parts", None)


def import_scope(cur, texts: dict[str, str], view: str, table: str, row_local: set[str] | None) -> list[int] | None:
    """Returns the import ids whose money partitions can have changed since the last refresh, or None when the
    whole of staging.money must be fingerprinted.

    The imports added, undone or redone since the last refresh (marts_mat.imports_seen) of a format staging.money
    reads, plus every active import that can share rows with one of them (warehouse.ingest.undo.overlapping_imports:
    an import updates the volatile values of those imports' identical rows, and an undo re-credits rows to them). None
    when the bookkeeping is missing or one of them is of a format whose rows are not row-local (ROW_LOCAL_MONEY).
    """
    from warehouse.formats import by_id
    from warehouse.ingest.undo import overlapping_imports

    have = cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_mat' "
                   "and table_name in ('imports_seen', ?)", params=[table]).fetchall()[0][0]  # fmt: skip
    if have < 2:
        return None
    money_raw = raw_tables(texts, view)
    rows = cur.sql("select i.import_id, i.format_id from meta.imports as i anti join marts_mat.imports_seen as s "
                   "on s.import_id = i.import_id and s.status = i.status").fetchall()  # fmt: skip
    ids: set[int] = set()
    for import_id, format_id in rows:
        raw = by_id(format_id).table.lower()
        if raw not in money_raw:
            continue
        if row_local is not None and raw not in row_local:
            return None
        ids.add(int(import_id))
        ids.update(int(o) for o in overlapping_imports(cur, import_id))
    return sorted(ids)


def _money_narrow(cur, ids: list[int]) -> None:
    """Fills fp_new_money from the stored fingerprints, re-hashing only the partitions the imports `ids` occupied at
    the last refresh or occupy now, and updates their rows of marts_mat.money_import_parts. Leaves temp table
    money_cand_rows: those partitions' rows (all the changed ones), holding all rows of `ids` (temp table money_ids)."""
    if not ids:
        cur.execute("create or replace temp table fp_new_money as select k, h, n, tiktok, r "
                    "from marts_mat.fingerprints where input = 'money'")  # fmt: skip
        cur.execute("create or replace temp table money_cand_rows as select * from staging.money where false")
        cur.execute("create or replace temp table money_ids as select NULL::BIGINT as import_id where false")
        return
    lit = ", ".join(str(i) for i in ids)
    cur.execute(f"create or replace temp table money_ids as select unnest([{lit}]) as import_id")
    # the imports' own rows first: all lie in candidate partitions (money_now's)
    cur.execute(
        f"create or replace temp table money_cand_rows as select * from staging.money where import_id in ({lit})"
    )
    cur.execute(f"create or replace temp table money_now as select distinct import_id, {MONEY_KEY} as k "
                "from money_cand_rows")  # fmt: skip
    cur.execute("create or replace temp table money_cand as select k from money_now union "
                f"select k from marts_mat.money_import_parts where import_id in ({lit})")  # fmt: skip
    days = [r[0] for r in cur.sql("select distinct split_part(k, chr(31), 3) from money_cand").fetchall()]
    dated = ", ".join(f"DATE '{d}'" for d in days if d != "~") or "NULL"
    pre = f"(posted_date in ({dated}){' or posted_date is null' if '~' in days else ''})"
    # then the other imports holding rows of the candidate partitions, as recorded (their rows did not change:
    # import_scope puts every import sharing rows with a changed one in `ids`): none for a new day's files, else a
    # literal list the raw scans take (posted_date is a cast in the staging view: its test runs after the scan)
    holders = {r[0] for r in cur.sql(
        "select distinct import_id from marts_mat.money_import_parts where k in (select k from money_cand) "
        f"and (import_id is null or import_id not in ({lit}))").fetchall()}  # fmt: skip
    rest = f"select * from staging.money where {pre} and {MONEY_KEY} in (select k from money_cand) and "
    listed = None not in holders and len(holders) <= 2000
    other = f"(import_id is null or import_id not in ({lit}))"  # NULL or too many holders: all but `ids`
    rest += f"import_id in ({', '.join(str(i) for i in sorted(holders))})" if listed else other
    if holders:
        cur.execute(f"insert into money_cand_rows {rest}")
    whole = INPUTS["money"].replace("from staging.money as t", "from money_cand_rows as t")
    cur.execute(
        f"create or replace temp table fp_new_money as {whole} union all select k, h, n, tiktok, r "
        "from marts_mat.fingerprints where input = 'money' and k not in (select k from money_cand)"
    )
    cur.execute(f"delete from marts_mat.money_import_parts where import_id in ({lit})")
    cur.execute("insert into marts_mat.money_import_parts select import_id, k from money_now")


ADS_PARTS_SQL = f"select distinct import_id, {ADS_KEY} as k from ({ADS_ROWS})"


def remember_ads_parts(cur) -> None:
    """Records the ads partitions each import's rows occupy (marts_mat.ads_import_parts: import_id, k), whole."""
    cur.execute(f"create or replace table marts_mat.ads_import_parts as {ADS_PARTS_SQL}")


def _ads_narrow(cur, ids: list[int]) -> None:
    """Fills fp_new_ads from the stored fingerprints, re-hashing only the partitions the imports `ids` occupied at the
    last refresh or occupy now (a partition's sum covers all its rows, of every import), and updates their rows of
    marts_mat.ads_import_parts."""
    stored = "select k, h, n, tiktok, r from marts_mat.fingerprints where input = 'ads'"
    if not ids:
        cur.execute(f"create or replace temp table fp_new_ads as {stored}")
        return
    lit = ", ".join(str(i) for i in ids)
    cur.execute(f"create or replace temp table ads_now as select distinct import_id, {ADS_KEY} as k "
                f"from ({ADS_ROWS} and import_id in ({lit}))")  # fmt: skip
    cur.execute("create or replace temp table ads_cand as select k from ads_now union "
                f"select k from marts_mat.ads_import_parts where import_id in ({lit})")  # fmt: skip
    # the candidates' months (a key's last part) as a cheap date range first: only those rows are hashed
    lo, hi, bad = cur.sql("select min(m), max(m), count(*) filter (where m = '') from (select "
                          "regexp_extract(k, '([0-9]{4}-[0-9]{2})$', 1) as m from ads_cand)").fetchall()[0]  # fmt: skip
    pre = ""
    if lo and not bad:
        pre = (f" and coalesce(ad_date, period_end, period_start) >= DATE '{lo}-01' "
               f"and coalesce(ad_date, period_start) < DATE '{hi}-01' + interval 1 month")  # fmt: skip
    cur.execute(
        f"create or replace temp table fp_new_ads as select {ADS_KEY} as k, sum(h)::HUGEINT as h, count(*) as n, "
        f"false as tiktok, NULL::INTEGER as r from ({ADS_ROWS}{pre}) where {ADS_KEY} in (select k from ads_cand) "
        f"group by 1 union all {stored} and k not in (select k from ads_cand)"
    )
    cur.execute(f"delete from marts_mat.ads_import_parts where import_id in ({lit})")
    cur.execute("insert into marts_mat.ads_import_parts select import_id, k from ads_now")


def changed(cur, name: str, touched: bool = True, scope: list[int] | None = None) -> str:
    """Fills temp table `fp_new_<name>` and returns SQL of the keys whose fingerprint differs from the stored one.

    An input whose raw tables no import touched keeps its stored fingerprints (no scan). For money, ads and inventory,
    `scope` (from `money_scope`, `ads_scope`, `inventory_scope`) re-hashes only the partitions of those
    imports; None hashes it whole (and records every import's partitions).
    """
    if touched and name == "money" and scope is not None:
        _money_narrow(cur, scope)
    elif touched and name == "ads" and scope is not None:
        _ads_narrow(cur, scope)
    elif touched and name == "inventory" and scope is not None:
        inventory_inputs.narrow(cur, scope, INPUTS["inventory"])
    elif touched:
        cur.execute(f"create or replace temp table fp_new_{name} as {INPUTS[name]}")
        if name == "money":
            remember_money_parts(cur)
        if name == "ads":
            remember_ads_parts(cur)
        if name == "inventory":
            inventory_inputs.remember_parts(cur)
    else:
        cur.execute(f"create or replace temp table fp_new_{name} as select k, h, n, tiktok, r "
                    f"from marts_mat.fingerprints where input = '{name}'")  # fmt: skip
    return (
        f"select coalesce(n.k, o.k) as k, coalesce(n.tiktok, false) or coalesce(o.tiktok, false) as tiktok "
        f"from fp_new_{name} as n full join (select * from marts_mat.fingerprints where input = '{name}') as o "
        "on o.k = n.k where n.h is distinct from o.h or n.n is distinct from o.n"
    )


def store_all(cur) -> None:
    """Replaces the stored fingerprints by the temp tables `fp_new_*` (call after `changed` for every input)."""
    cur.execute("create or replace table marts_mat.fingerprints (input VARCHAR, k VARCHAR, h HUGEINT, n BIGINT, "
                "tiktok BOOLEAN, r INTEGER)")  # fmt: skip
    for name in INPUTS:
        cur.execute(f"insert into marts_mat.fingerprints select '{name}', k, h, n, tiktok, r from fp_new_{name}")
