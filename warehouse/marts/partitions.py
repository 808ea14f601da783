"""Which partitions of each heavy mart an incremental refresh recomputes: the SQL of their keys.

Used by warehouse/marts/refresh.py inside its transaction; every function returns SQL (or runs bookkeeping SQL) over
the refresh's temp tables: d_<input> (changed input partitions, warehouse/marts/inputs.py), fp_new_<input>,
delta_<mart> (the rows a mart's replace changed, old and new), parts_ml (store × marketplace × month keys of
changed money lines), cov_changed (months whose ad coverage changed), rank_flips (months whose winning source
rank moved). A key `k` is built by inputs.part (store, marketplace, month joined by chr(31)).

  money_facts        store × marketplace × posting DAY: changed money days, every day holding an order of a changed
                     one (an order line counted by a better source in another month; when the changes come from one
                     Amazon money format, only such days holding another format's lines: order_spread.py), every
                     day of an order whose purchase date changed, every day of a marketplace whose TikTok rows changed
                     (settled fee rates are per marketplace), and every day of a month whose winning source rank
                     moved (rank_flips: e.g. a transaction report arriving for a month of settlement lines, or its
                     undo). The definition reads only those days' rows and their orders' rows (`money_facts_parts`;
                     with order_spread, only the orders with a day of another format: scope_orders), and so do
                     marts.channel_money / shopify_fees under it (the TikTok/Shopify merge runs for the orders read
                     only; settled_fee_rates stays whole); each month's winner comes with the scope
                     (`money_facts_ranks`, from the per-day fingerprints: money_ranks).
  ad_facts           store × marketplace × month: changed Amazon ads, external-console months (every store ×
                     marketplace they can be routed to), and external ad months whose net-sales shares (money facts by
                     event month) changed; the definition reads only the Amazon rows whose days reach them
                     (`ad_facts_parts`).
  sku_cost_lines     per order line: changed lines, and all lines of SKUs whose landed cost changed; the definition
                     reads only those lines (`sku_cost_lines_parts`).
  sku_day_facts      store × marketplace × day: days (event and posting) of changed lines and cost pieces, changed
                     ad days, and the days of every line of a month whose ad coverage changed (`sku_day_facts_parts`;
                     a row sums the lines of its calendar's day, and only the coverage is per month).
  refund_cost_facts  order id: its refund lines, its lines' cost pieces, its refunds' SKU-cost lines
                     (`refund_cost_orders`); whole when its set of bases moved.
  allocation_shares  store × marketplace × month = the changed sku_day_facts partitions (`allocation_shares_parts`);
                     whole when its set of bases moved.
fx_days is recomputed whole (small); cost_pieces / batch_takes by warehouse/marts/fifo_refresh.py, inventory_stock by
warehouse/marts/stock_refresh.py.
"""

from __future__ import annotations

from warehouse.marts.inputs import day_part, line_key, part, sku_key

MKT = "split_part(k, chr(31), 2)"  # the marketplace of a key
PURCHASES = ("select marketplace, order_id, sku, min(purchase_date) as purchase_date from staging.orders "
             "where order_id is not null and purchase_date is not null group by all")  # fmt: skip


def money_orders_sql(where: str = "true", rows: str = "staging.money") -> str:
    """Returns SQL of the orders per money partition (k = posting-day key, store, marketplace, order_id), kept in
    marts_mat.money_orders; `rows`: staging.money or a table of some of its rows."""
    return (
        f"select distinct {day_part('store', 'marketplace', 'posted_date')} as k, store, marketplace, order_id "
        f"from {rows} where order_id is not null and {where}"
    )


def orders_bookkeeping(cur, orders_changed: bool, rows: str = "staging.money") -> None:
    """Updates marts_mat.money_orders for the changed money partitions (d_money) and marts_mat.purchases (when
    staging.orders may have changed); leaves temp tables orders_of (orders of the changed partitions, before and
    after) and purch_changed (orders whose purchase date changed). `rows`: where the changed partitions' rows are
    read, staging.money or a table holding all their rows (inputs.changed's money_cand_rows)."""
    cur.execute("create or replace temp table orders_of as select distinct store, marketplace, order_id "
                "from marts_mat.money_orders where k in (select k from d_money)")  # fmt: skip
    cur.execute("delete from marts_mat.money_orders where k in (select k from d_money)")
    if cur.sql("select count(*) from d_money").fetchall()[0][0]:
        in_d = day_part("store", "marketplace", "posted_date") + " in (select k from d_money)"
        days = [r[0] for r in cur.sql("select distinct split_part(k, chr(31), 3) from d_money").fetchall()]
        if len(days) <= 2000:  # the days as a literal list first (cheap, pushed into the scan), then the key
            dates = ", ".join(f"DATE '{d}'" for d in days if d != "~") or "NULL"
            in_d = f"(posted_date in ({dates}){' or posted_date is null' if '~' in days else ''}) and {in_d}"
        cur.execute(f"insert into marts_mat.money_orders {money_orders_sql(in_d, rows)}")
    cur.execute("insert into orders_of select store, marketplace, order_id from marts_mat.money_orders "
                "where k in (select k from d_money)")  # fmt: skip
    # orders whose purchase date (the operational date of their lines) changed
    if orders_changed:
        cur.execute(f"create or replace temp table purch_new as {PURCHASES}")
    else:
        cur.execute("create or replace temp table purch_new as select * from marts_mat.purchases")
    cur.execute("create or replace temp table purch_changed as select distinct marketplace, order_id from ("
                "(select * from purch_new except all select * from marts_mat.purchases) union all "
                "(select * from marts_mat.purchases except all select * from purch_new))")  # fmt: skip
    cur.execute("create or replace table marts_mat.purchases as select * from purch_new")


def money_parts(spread: str = "true") -> str:
    """Returns SQL of the money_facts partitions to recompute (after orders_bookkeeping); `spread`: order_spread's
    condition on the partitions of changed partitions' orders."""
    return f"""
        select k from d_money
        union select m.k from marts_mat.money_orders as m inner join orders_of as o
            on o.store is not distinct from m.store and o.marketplace = m.marketplace and o.order_id = m.order_id
            where {spread}
        union select m.k from marts_mat.money_orders as m semi join purch_changed as p
            on p.marketplace = m.marketplace and p.order_id = m.order_id
        union select k from fp_new_money where {MKT} in (select {MKT} from d_money where tiktok)
        union select k from fp_new_money where {MONTH} in (select m from rank_flips)"""


MONTH = "case when split_part(k, chr(31), 3) = '~' then k else left(k, length(k) - 3) end"  # a day key's month key
_RANKS = f"select {MONTH} as m, min(r) as r from {{}} group by 1"


def money_ranks(cur) -> None:
    """Fills temp tables rank_new (m = store × marketplace × month key, r = the month's winning source rank, from the
    money fingerprints per day) and rank_flips (m: the months whose winning rank moved since the stored fingerprints:
    all their days are recomputed); sets the session variable `money_facts_ranks` (read by sql/marts/money_facts.sql
    in a scoped read; the refresh resets it)."""
    cur.execute(f"create or replace temp table rank_new as {_RANKS.format('fp_new_money')}")
    old = _RANKS.format("(select k, r from marts_mat.fingerprints where input = 'money')")
    cur.execute(f"create or replace temp table rank_flips as select coalesce(n.m, o.m) as m from rank_new as n "
                f"full join ({old}) as o on o.m = n.m where n.r is distinct from o.r")  # fmt: skip
    cur.execute("set variable money_facts_ranks = (select list({'k': m, 'r': r}) from rank_new)")


def ad_parts() -> str:
    """Returns SQL of the ad_facts partitions to recompute (after parts_ml).

    A console's first month of a marketplace has neither ad facts nor money there yet: its own routed pairs count."""
    ext = "ad_program in ('tiktok_ads', 'gmv_max', 'meta', 'google')"
    pairs = (f"select distinct store, marketplace from marts_mat.ad_facts union select distinct "
             f"nullif(split_part(k, chr(31), 1), '~'), nullif({MKT}, '~') from fp_new_money "
             f"union select distinct store, marketplace from staging.ads where {ext} "
             f"union select a.store, m.marketplace from (select distinct store from staging.ads where {ext}) as a "
             f"cross join (select distinct marketplace from staging.ad_campaigns where marketplace is not null) as m")  # fmt: skip
    return f"""
        select k from d_ads where split_part(k, chr(31), 1) <> 'ext'
        union select {part("p.store", "p.marketplace", "strptime(split_part(d.k, chr(31), 2), '%Y-%m')")}
            from d_ads as d cross join ({pairs}) as p where split_part(d.k, chr(31), 1) = 'ext'
        union select {part("a.store", "a.marketplace", "a.day")} from marts_mat.ad_facts as a
            where a.channel <> 'amazon' and concat_ws(chr(31), a.marketplace, strftime(date_trunc('month', a.day), '%Y-%m'))
            in (select concat_ws(chr(31), {MKT}, split_part(k, chr(31), 3)) from parts_ml)"""


def cost_line_parts() -> str:
    """Returns SQL of the sku_cost_lines lines to recompute: changed order/refund lines, lines of SKUs whose landed
    cost changed."""
    return f"""
        select {line_key()} as k from delta_money_facts where txn_type in ('order', 'refund')
        union select {line_key()} from marts_mat.money_facts
            where txn_type in ('order', 'refund') and {sku_key()} in (select k from d_landed)"""


def day_fact_parts(cur=None, limit: int = 2000) -> str:
    """Returns SQL of the sku_day_facts days to recompute (store × marketplace × day keys, inputs.day_part): the event
    and posting days of changed money lines and of lines whose cost pieces changed, the changed ad days, and the days
    of every line of a month whose ad coverage changed (temp table cov_changed: store, marketplace, month).

    With `cur`, the stored money lines are read once (not once per day column), the cost pieces' import ids are
    tested first as a literal list (pushed into the scan; none when over `limit` ids or one is NULL) and an empty
    cov_changed is not joined."""
    pre, cov = "", True
    if cur is not None:
        ids = [r[0] for r in cur.sql("select distinct import_id from delta_cost_pieces").fetchall()]
        if ids and len(ids) <= limit and None not in ids:
            pre = f"where l.import_id in ({', '.join(str(int(i)) for i in sorted(ids))})"
        cov = bool(cur.sql("select count(*) from cov_changed").fetchall()[0][0])
    hit = f"""select l.store, l.marketplace, l.event_date, l.posted_date from marts_mat.money_facts as l
            semi join delta_cost_pieces as c using (source, import_id, row_no, txn_type) {pre}"""
    if cov:
        hit += """
        union all select l.store, l.marketplace, l.event_date, l.posted_date from marts_mat.money_facts as l
            semi join cov_changed as v on v.store is not distinct from l.store and v.marketplace = l.marketplace
                and v.month = date_trunc('month', l.event_date)"""
    sql = f"with hit as materialized ({hit})\nselect {day_part('store', 'marketplace', 'day')} as k from delta_ad_facts"
    for d in ("event_date", "posted_date"):
        sql += f"""
        union select {day_part("store", "marketplace", d)} from delta_money_facts
        union select {day_part("store", "marketplace", d)} from hit"""
    return sql


def coverage_changed(cur, replaced: bool) -> None:
    """Fills temp table cov_changed (store, marketplace, month): the months whose ad coverage (marts.ad_coverage)
    the ad_facts replace just changed. Coverage is per store × marketplace × month, the very partitions of ad_facts,
    so a replaced partition's old and new rows (old_ad_facts / new_ad_facts) tell it; `replaced` False: none."""
    if not replaced:
        cur.execute("create or replace temp table cov_changed (store VARCHAR, marketplace VARCHAR, month DATE)")
        return
    cov = ("select distinct store, marketplace, date_trunc('month', day)::date as month from {} "
           "where coalesce(ad_program, '') not in ('tiktok_ads', 'meta', 'google')")  # fmt: skip
    old, new = cov.format("old_ad_facts"), cov.format("new_ad_facts")
    cur.execute(f"create or replace temp table cov_changed as ({old} except {new}) union ({new} except {old})")


# refunds per order: its refund lines, its lines' cost pieces, the refunds' SKU-cost lines (rates of days already in
# fx_days never move here)
REFUND_ORDERS = """
    select order_id as k from delta_money_facts where txn_type = 'refund'
    union select order_id from delta_cost_pieces
    union select l.order_id from marts_mat.money_facts as l
        semi join delta_sku_cost_lines as d using (source, import_id, row_no, txn_type) where l.txn_type = 'refund'"""


def money_prefilter(cur, dirty: str) -> list[str]:
    """Sets the cheap first test of money_facts' scope read by sql/marts/channel_money.sql: `money_facts_days` (the
    posting days of the keys in temp table `dirty`), and adds the Payments-refund orders of marts.shopify_refund_scope
    to marts_mat.scope_orders (whose order ids are the test's other half); call with `money_facts_parts` and
    `money_facts_orders` set and the scope's orders in marts_mat.scope_orders. None when a key has no day ('~': rows
    without a posting date). Returns the variables set (the caller resets them and empties the table)."""
    if cur.sql(f"select count(*) from {dirty} where split_part(k, chr(31), 3) = '~'").fetchall()[0][0]:
        return []
    cur.execute(f"set variable money_facts_days = (select coalesce(list(distinct strptime(split_part(k, chr(31), 3), "
                f"'%Y-%m-%d')::DATE), []::DATE[]) from {dirty})")  # fmt: skip
    cur.execute("insert into marts_mat.scope_orders select o, split_part(o, chr(31), 3) from marts.shopify_refund_scope "
                "where o not in (select o from marts_mat.scope_orders)")  # fmt: skip
    return ["money_facts_days"] + money_imports(cur, dirty)


def money_imports(cur, dirty: str) -> list[str]:
    """Sets `money_facts_imports` (read by sql/marts/channel_money.sql and shopify_fees.sql): the imports whose
    staging.money rows lie in a partition of temp table `dirty` or on any posting day of the scope's orders
    (marts_mat.scope_orders, found in marts_mat.money_orders by store × marketplace × order), as
    recorded in marts_mat.money_import_parts (current after inputs.changed). Every row the scoped read keeps is in
    one of those partitions, so the list only lets the raw scans skip other imports' row groups. Returns the variable
    set, or none when the bookkeeping is missing, a recorded import id is NULL, or the list is long."""
    order_parts = (
        "select m.k from marts_mat.money_orders as m where m.order_id in (select order_id from marts_mat.scope_orders) "
        f"and {ORDER_KEY.format(a='m.')} in (select o from marts_mat.scope_orders)"
    )
    return _imports_var(cur, "money_facts_imports", "money_import_parts",
                        f"k in (select k from {dirty}) or k in ({order_parts})")  # fmt: skip


def _imports_var(cur, var: str, table: str, where: str) -> list[str]:
    """Sets session variable `var` to the distinct import ids of marts_mat.<table> rows matching `where`; returns
    [var], or [] (nothing set) when the table is missing, an id is NULL or there are more than 2,000."""
    have = cur.sql("select count(*) from duckdb_tables() where schema_name = 'marts_mat' and table_name = ?",
                   params=[table]).fetchall()[0][0]  # fmt: skip
    if not have:
        return []
    ids = [r[0] for r in cur.sql(f"select distinct import_id from marts_mat.{table} where {where}").fetchall()]
    if any(i is None for i in ids) or len(ids) > 2000:
        return []
    cur.execute(f"set variable {var} = [{', '.join(str(int(i)) for i in ids)}]::BIGINT[]")
    return [var]


def ads_imports(cur, dirty: str) -> list[str]:
    """Sets `ad_facts_imports` (read by sql/marts/ad_facts.sql in a scoped read): the imports whose staging.ads rows
    reach a partition of temp table `dirty` (store × marketplace × month keys), as recorded in
    marts_mat.ads_import_parts (current after inputs.changed; a row is recorded under every month it spreads on). Every
    Amazon row a scoped partition's facts come from reaches that partition's month, so the list only lets the raw
    scans skip other imports' row groups (at 5M order lines a day's ad_facts read all 945k advertised-product rows).
    Returns the variable set, or none when the bookkeeping is missing, a recorded import id is NULL, or the list is
    long."""
    return _imports_var(cur, "ad_facts_imports", "ads_import_parts", f"k in (select k from {dirty})")


# a money row's order: store, marketplace, order id joined by chr(31) ({a}: a table alias with its dot, or '')
ORDER_KEY = ("concat_ws(chr(31), coalesce({a}store::VARCHAR, '~'), coalesce({a}marketplace::VARCHAR, '~'), "
             "{a}order_id)")  # fmt: skip


def import_first(cur, dirty: str, cond: str, limit: int) -> str:
    """Returns `cond` (a test of line keys, inputs.line_key, against temp table `dirty`) behind a literal test of the
    keys' import ids (key part 2), pushed into the scan; `cond` unchanged when a key has no import id or there are
    more than `limit` ids."""
    ids = cur.sql(f"select distinct try_cast(split_part(k, chr(31), 2) as BIGINT) as i, "
                  f"len(string_split(k, chr(31))) = 4 as whole from {dirty}").fetchall()  # fmt: skip
    if not ids or len(ids) > limit or any(i is None or not whole for i, whole in ids):
        return cond
    return f"import_id in ({', '.join(str(i) for i in sorted({i for i, _ in ids}))}) and {cond}"


def delta(cur, name: str) -> None:
    """Creates temp table delta_<name> from temp tables old_<name> (a mart's replaced rows before) and new_<name>
    (after): the rows that changed, as multisets: old minus new, then new minus old, in old_<name>'s columns. When
    either side has no rows that is the other side whole, taken without hashing both sides (the files of days after
    the data: their partitions had no rows; at 5M order lines the EXCEPT ALL of a month's 196k money_facts rows
    against nothing took 1.7-3.9 s)."""
    n_old, n_new = cur.sql(f"select (select count(*) from old_{name}), (select count(*) from new_{name})").fetchall()[0]
    if not n_old or not n_new:
        cur.execute(f"create or replace temp table delta_{name} as select * from old_{name} "
                    f"union all by name select * from new_{name}")  # fmt: skip
        return
    cur.execute(
        f"create or replace temp table delta_{name} as (select * from old_{name} except all select * from new_{name}) "
        f"union all (select * from new_{name} except all select * from old_{name})"
    )
