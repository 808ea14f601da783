"""Builds (or reuses) a large warehouse for benchmarks: N order lines over S SKUs and two years, every page with data.

    .venv/bin/python bench/bigwh.py [--out /tmp/seller_cockpit_5m/wh.duckdb] [--lines 5000000] [--skus 2000]
                                    [--end YYYY-MM-DD] [--days 730] [--force]

Rows are generated straight into the raw and template tables with DuckDB `range()` (as bench/report.py does),
deterministically (hash of the row number), so no export files are written or parsed:

- raw.amazon_transactions: N order lines (amazon.com USD 70 %, amazon.de EUR 20 %, amazon.co.jp JPY 10 %;
  one order in five has a second line), SKU popularity skewed (SKU index = S·u³: the top 1 % of SKUs sells
  about a fifth of the lines), seasonal days (growth, weekends, Prime Day, Black Friday to Christmas), 10 %
  with a promotion; refunds of ~3 % of the order lines 3-27 days later (extra rows, same order id).
- raw.amazon_ads_products: Sponsored Products advertised-product daily rows for every even SKU on amazon.com and
  every sixth on amazon.de, ad sales = a·spend^b (b 0.35-0.75, diminishing returns) calibrated to the SKU's
  real sales, ~3 % paused days.
- raw.amazon_fba_inventory: weekly Manage-FBA-Inventory snapshots per SKU × marketplace (stock following a
  reorder cycle calibrated to the SKU's sales; some stock-outs, some overstocked slow movers, inbound shipments).
- app.tpl_sku_map (every SKU × marketplace), app.tpl_landed_costs (every SKU, a price rise after a year for a
  third), app.tpl_inbound_batches (a batch per SKU every 90 days covering its sales; USD with the rate paid, or
  CNY), app.tpl_fx_rates (daily USD/EUR/JPY → CNY), app.tpl_own_stock (monthly counts in an own warehouse for
  odd SKUs).

Each table gets one `meta.imports` row (import ids from the import sequence, format id of the table, variant
"generated", no archive file: undo of these imports is not supported), so the Data page lists them. The
warehouse is then materialised once (metrics.core.materialize, as the first query of the app would) so it is warm.
The file is built beside `--out` and moved into place only when complete; an existing complete one is reused
unless --force is given.

Size: a benchmark script reads top to bottom (generate every table, then check it); splitting it would scatter one
measurement.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from metrics.core import query  # noqa: E402
from metrics.core.api import Filters, kpis  # noqa: E402
from warehouse.ingest.coverage import backfill_import_coverage  # noqa: E402
from warehouse.ingest.importer import Warehouse  # noqa: E402

DEFAULT_OUT = Path("/tmp/seller_cockpit_5m/wh.duckdb")
GENERATOR = "bench/bigwh.py"
REFUND_RATE = 0.03
# marketplace, currency, order-id prefix, country, share of orders, price factor (local per USD), decimals
MARKETS = [
    ("amazon.com", "USD", "113", "US", 0.70, 1.0, 2),
    ("amazon.de", "EUR", "302", "DE", 0.20, 0.93, 2),
    ("amazon.co.jp", "JPY", "250", "JP", 0.10, 150.0, 0),
]
TABLES = [  # (table, format id) in generation order
    ("app.tpl_fx_rates", "tpl_fx_rates"),
    ("app.tpl_sku_map", "tpl_sku_map"),
    ("app.tpl_landed_costs", "tpl_landed_costs"),
    ("raw.amazon_transactions", "amazon_transactions"),
    ("app.tpl_inbound_batches", "tpl_inbound_batches"),
    ("raw.amazon_ads_products", "amazon_ads_products"),
    ("raw.amazon_fba_inventory", "amazon_fba_inventory"),
    ("app.tpl_own_stock", "tpl_own_stock"),
]


def _setup(cur, lines: int, skus: int, start: date, days: int) -> None:
    """Creates the temp helpers: hash-uniform macros, markets, days (seasonal weights, CDF) and SKUs."""
    cur.execute("create or replace temp macro u(a, b) as (hash(a, b) % 1000000) / 1000000.0")
    cur.execute("create or replace temp macro u3(a, b, c) as (hash(a, b, c) % 1000000) / 1000000.0")
    cur.execute("create or replace temp macro rnd(x, d) as case when d = 0 then round(x, 0) else round(x, 2) end")
    rows, lo = [], 0.0
    for i, (m, ccy, prefix, country, share, fx, digits) in enumerate(MARKETS):
        rows.append(f"({i}, '{m}', '{ccy}', '{prefix}', '{country}', {lo}, {lo + share}, {fx}, {digits})")
        lo += share
    cur.execute(
        "create or replace temp table bw_markets as select * from (values " + ", ".join(rows) + ") "
        "as t(mi, marketplace, currency, prefix, country, lo, hi, fx, digits)"
    )
    cur.execute(f"""
        create or replace temp table bw_days as
        with d as (select i::int as d, date '{start}' + i::int as day from range({days}) as t(i)),
        w as (
            select d, day,
                (1.0 + 0.6 * d / {days})
                * case when dayofweek(day) in (0, 6) then 1.15 else 1.0 end
                * case when (month(day) = 11 and day(day) >= 20) or (month(day) = 12 and day(day) <= 22) then 2.2
                       when month(day) = 7 and day(day) between 8 and 17 then 1.8
                       when month(day) = 1 then 0.8 else 1.0 end
                * (1 + 0.1 * sin(d / 30.0)) as weight
            from d
        )
        select d, day, weight,
            coalesce(sum(weight) over (order by d rows between unbounded preceding and 1 preceding), 0)
                / sum(weight) over () as cdf_lo
        from w""")
    width = max(4, len(str(skus - 1)))
    cur.execute(f"""
        create or replace temp table bw_skus as
        select s::int as s, 'SKU-' || lpad(s::varchar, {width}, '0') as sku,
            'B0' || lpad(s::varchar, 8, '0') as asin, 'X0' || lpad(s::varchar, 8, '0') as fnsku,
            'Product ' || lpad(s::varchar, {width}, '0') as name_en, '商品' || lpad(s::varchar, {width}, '0') as name_zh,
            ['camera', 'mount', 'battery', 'lens', 'bag', 'tripod', 'light', 'cable'][s % 8 + 1] as category,
            12.99 + (s * 37) % 88 as price
        from range({skus}) as t(s)""")


def _transactions(cur, import_id: int, lines: int, skus: int, end: date) -> None:
    """Inserts the order lines, then ~3 % refunds of them (posted 3-27 days later, not after `end`)."""
    cur.execute(f"""
        insert into raw.amazon_transactions (posted_at, settlement_id, type, order_id, sku, description, quantity,
            marketplace_raw, account_type, fulfillment, product_sales, promotional_rebates, selling_fees, fba_fees,
            other_transaction_fees, other, total, transaction_status, release_date, marketplace, currency, txn_type,
            import_id, row_no)
        with l as (
            select i, case when i % 5 = 1 then i - 1 else i end as o from range({lines}) as t(i)
        ),
        r as (
            select i, o,
                case when i = o then floor({skus} * pow(u(o, 1), 3))
                     else (floor({skus} * pow(u(o, 1), 3)) + 1 + floor(pow(u(i, 1), 3) * ({skus} - 1))) % {skus}
                end::int as s,
                u(o, 2) as um, u(o, 3) as ud, u(o, 4) as ut, u(i, 5) as uq, u(i, 6) as upromo
            from l
        ),
        j as (
            select r.i, r.o, r.ut, r.upromo, d.d, d.day, m.*, k.sku, k.name_en, k.price,
                case when r.uq < 0.85 then 1 when r.uq < 0.97 then 2 else 3 end as qty
            from r
            asof join bw_days as d on r.ud >= d.cdf_lo
            join bw_markets as m on r.um >= m.lo and r.um < m.hi
            join bw_skus as k on k.s = r.s
        ),
        a as (
            select *, qty * rnd(price * fx, digits) as sales from j
        ),
        b as (
            select *,
                case when upromo < 0.1 then -rnd(sales * 0.1, digits) else 0 end as promo,
                -rnd(sales * 0.15, digits) as sell_fee,
                -rnd(qty * (3.2 + 0.04 * price) * fx, digits) as fba_fee
            from a
        )
        select day::timestamp + to_seconds((ut * 86399)::bigint), 'S-' || country || '-' || (d // 14),
            'Order', printf('%s-%07d-%07d', prefix, (o * 7919) % 10000000, o % 10000000), sku, name_en, qty,
            marketplace, 'Standard Orders', 'Amazon', sales, promo, sell_fee, fba_fee, 0, 0,
            sales + promo + sell_fee + fba_fee, 'Released', day::timestamp + interval 7 day, marketplace,
            currency, 'order', {import_id}, i + 1
        from b""")
    cur.execute(f"""
        insert into raw.amazon_transactions (posted_at, settlement_id, type, order_id, sku, description, quantity,
            marketplace_raw, account_type, fulfillment, product_sales, promotional_rebates, selling_fees, fba_fees,
            other_transaction_fees, other, total, transaction_status, release_date, marketplace, currency, txn_type,
            import_id, row_no)
        with o as (
            select *, posted_at + to_days((3 + floor(u(row_no, 8) * 25))::int) as refund_at,
                case when currency = 'JPY' then 0 else 2 end as digits
            from raw.amazon_transactions
            where import_id = {import_id} and txn_type = 'order' and u(row_no, 7) < {REFUND_RATE}
        ),
        r as (
            select *, -rnd(selling_fees * 0.8, digits) as fee_back from o where refund_at < date '{end}' + 1
        )
        select refund_at, split_part(settlement_id, '-', 1) || '-' || split_part(settlement_id, '-', 2) || '-'
                || (date_diff('day', (select min(day) from bw_days), refund_at::date) // 14),
            'Refund', order_id, sku, description, quantity, marketplace_raw, account_type, fulfillment,
            -product_sales, -promotional_rebates, fee_back, 0, 0, 0, -product_sales - promotional_rebates + fee_back,
            'Released', refund_at, marketplace, currency, 'refund', {import_id},
            {lines} + row_number() over (order by row_no)
        from r""")
    # realised sales per SKU × marketplace: ads and stock are calibrated to them
    cur.execute(f"""
        create or replace temp table bw_vel as
        select k.s, t.sku, t.marketplace, t.currency, m.country, m.fx, m.digits, m.mi,
            sum(t.quantity) / {len_days(cur)} as units_day, sum(t.product_sales) / {len_days(cur)} as rev_day,
            rnd(k.price * m.fx, m.digits) as price_local
        from raw.amazon_transactions as t
        join bw_skus as k using (sku)
        join bw_markets as m using (marketplace)
        where t.import_id = {import_id} and t.txn_type = 'order'
        group by k.s, t.sku, t.marketplace, t.currency, m.country, m.fx, m.digits, m.mi, k.price""")


def len_days(cur) -> int:
    return cur.sql("select count(*) from bw_days").fetchall()[0][0]


def _templates(cur, ids: dict[str, int], start: date, end: date) -> None:
    """Inserts FX rates, SKU map and landed costs (before the transactions: nothing depends on sales)."""
    cur.execute(f"""
        insert into app.tpl_fx_rates (rate_date, currency, base_currency, rate, import_id, row_no)
        with d as (select i::int as d, date '{start}' - 120 + i::int as day
                   from range({(end - start).days + 121}) as t(i))
        select day, c.currency, 'CNY',
            round(case c.currency when 'USD' then 7.1 + 0.15 * sin(d / 60.0)
                                  when 'EUR' then 7.8 + 0.2 * sin(d / 75.0 + 1)
                                  else 0.048 + 0.002 * sin(d / 50.0 + 2) end, 6),
            {ids["app.tpl_fx_rates"]}, row_number() over (order by day, c.currency)
        from d cross join (values ('USD'), ('EUR'), ('JPY')) as c(currency)""")
    cur.execute(f"""
        insert into app.tpl_sku_map (master_sku, name_zh, name_en, category, launch_date, channel, marketplace,
            channel_sku, asin, import_id, row_no)
        select k.sku, k.name_zh, k.name_en, k.category, date '{start}' - 200 + (k.s % 150), 'amazon', m.marketplace,
            k.sku, k.asin, {ids["app.tpl_sku_map"]}, row_number() over (order by k.s, m.mi)
        from bw_skus as k cross join bw_markets as m""")
    cur.execute(f"""
        insert into app.tpl_landed_costs (master_sku, effective_from, currency, purchase_cost, first_mile, duty,
            other, import_id, row_no)
        with c as (
            select s, sku, round(price * (0.18 + 0.2 * u(s, 31)), 2) as purchase, round(price * 0.06, 2) as fm,
                case when u(s, 32) < 0.5 then round(price * 0.04, 2) else 0 end as duty
            from bw_skus
        ),
        rows as (
            select sku, s, date '{start}' - 60 as eff, purchase, fm, duty, 0 as step from c
            union all
            select sku, s, date '{start}' + 365, round(purchase * 1.06, 2), fm, duty, 1 from c where s % 3 = 0
        )
        select sku, eff, 'USD', purchase, fm, duty, 0.2, {ids["app.tpl_landed_costs"]},
            row_number() over (order by s, step)
        from rows""")


def _stock_and_ads(cur, ids: dict[str, int], start: date, end: date, days: int) -> None:
    """Inserts inbound batches, ad rows, FBA snapshots and own-warehouse counts calibrated to realised sales."""
    cur.execute(f"""
        insert into app.tpl_inbound_batches (batch_id, master_sku, units, currency, purchase_cost, first_mile, duty,
            other, fx_rate_paid, destination, arrival_date, import_id, row_no)
        with v as (select s, sku, sum(units_day) as units_day from bw_vel group by all),
        c as (
            select l.master_sku as sku, l.purchase_cost, l.first_mile, l.duty
            from app.tpl_landed_costs as l where l.import_id = {ids["app.tpl_landed_costs"]}
            qualify row_number() over (partition by l.master_sku order by l.effective_from) = 1
        ),
        b as (
            select v.s, v.sku, k::int as k, greatest(1, round(v.units_day * 90 * 1.05))::bigint as units,
                c.purchase_cost, c.first_mile, c.duty
            from v join c using (sku) cross join range(0, {days // 90 + 2}) as t(k)
        )
        select 'PO-' || lpad(s::varchar, 4, '0') || '-' || lpad(k::varchar, 2, '0'), sku, units,
            case when s % 4 = 0 then 'CNY' else 'USD' end,
            case when s % 4 = 0 then round(purchase_cost * 7.1, 2) else purchase_cost end,
            case when s % 4 = 0 then round(first_mile * 7.1, 2) else first_mile end,
            case when s % 4 = 0 then round(duty * 7.1, 2) else duty end,
            0,
            case when s % 4 = 0 then null else round(7.0 + 0.2 * u(s, k), 4) end,
            'amazon.com', date '{start}' - 30 + 90 * k, {ids["app.tpl_inbound_batches"]},
            row_number() over (order by s, k)
        from b""")
    cur.execute(f"""
        insert into raw.amazon_ads_products (date, portfolio, program_type, currency, campaign, ad_group, retailer,
            country, status, targeting_type, sku, asin, impressions, clicks, ctr, cpc, spend, sales, acos, roas,
            orders, units, conversion_rate, advertised_units, other_units,
            advertised_sales, other_sales, marketplace, ad_program, attribution_days, import_id, row_no)
        with p as (
            select v.*, k.asin,
                0.08 * v.rev_day * (0.5 + u(v.s, 11)) as spend0,
                0.35 + 0.4 * u(v.s, 12) as b,
                v.rev_day * (0.2 + 0.3 * u(v.s, 13)) as sales0,
                (0.6 + 1.2 * u(v.s, 16)) * (case when v.currency = 'EUR' then 0.93 else 1 end) as cpc0
            from bw_vel as v join bw_skus as k using (s)
            where v.rev_day > 0 and ((v.marketplace = 'amazon.com' and v.s % 2 = 0)
                or (v.marketplace = 'amazon.de' and v.s % 6 = 0))
        ),
        g as (
            select p.*, d.d, d.day, round(p.spend0 * (0.4 + 1.6 * u3(p.s * 8 + p.mi, d.d, 14)), 2) as spend
            from p cross join bw_days as d
            where u3(p.s * 8 + p.mi, d.d, 15) >= 0.03
        ),
        h as (
            select *,
                round(sales0 * pow(greatest(spend, 0.01) / spend0, b) * (0.8 + 0.4 * u3(s * 8 + mi, d, 17)), 2)
                    as ad_sales,
                greatest(1, round(spend / cpc0))::bigint as clicks
            from g where spend > 0
        ),
        o as (
            select *, round(ad_sales / (price_local * 1.1))::bigint as orders,
                (clicks * (150 + floor(350 * u3(s * 8 + mi, d, 18))))::bigint as impressions
            from h
        )
        select day, 'Portfolio ' || (s % 10), 'Sponsored Products', currency, 'SP - ' || sku || ' - ' || country,
            'Auto', 'Amazon', country, 'Enabled', 'Automatic targeting', sku, asin, impressions, clicks,
            clicks / impressions, round(spend / clicks, 2), spend, ad_sales, case when ad_sales > 0 then spend / ad_sales end,
            case when spend > 0 then ad_sales / spend end, orders, orders + round(orders * 0.15)::bigint,
            orders / clicks, orders, round(orders * 0.15)::bigint, round(ad_sales * 0.9, 2),
            ad_sales - round(ad_sales * 0.9, 2), marketplace, 'sp', 7, {ids["raw.amazon_ads_products"]},
            row_number() over (order by marketplace, s, d)
        from o""")
    cur.execute(f"""
        insert into raw.amazon_fba_inventory (sku, fnsku, asin, product_name, condition, your_price,
            mfn_listing_exists, mfn_fulfillable_quantity, afn_listing_exists, afn_warehouse_quantity,
            afn_fulfillable_quantity, afn_unsellable_quantity, afn_reserved_quantity, afn_total_quantity,
            per_unit_volume, afn_inbound_working_quantity, afn_inbound_shipped_quantity,
            afn_inbound_receiving_quantity, snapshot_date, marketplace, import_id, row_no)
        with snaps as (
            select date '{end}' - 7 * i::int as snap from range(0, {(days - 1) // 7 + 1}) as t(i)
        ),
        p as (
            select v.*, k.fnsku, k.asin, k.name_en, 6 + v.s % 7 as cyc, floor(u(v.s, 21) * (6 + v.s % 7)) as phase,
                u(v.s, 22) < 0.25 as runs_out, case when (v.s + 1) % 97 = 0 then 6.0 else 1.0 end as over
            from bw_vel as v join bw_skus as k using (s)
        ),
        g as (
            select p.*, n.snap, (date_diff('day', date '{start}', n.snap) // 7 + phase) % cyc as pos
            from p cross join snaps as n
        ),
        q as (
            select *,
                greatest(0, round(units_day * ((cyc - pos) * 7 * 1.15 * over - case when runs_out then 10 else 0 end)))::bigint
                    as available,
                case when pos >= cyc - 2 then round(units_day * cyc * 7)::bigint else 0 end as inbound,
                case when u3(s, mi, 23) < 0.1 then 1 + floor(5 * u3(s, date_diff('day', date '{start}', snap), 24))
                     else 0 end::bigint as unsellable
            from g
        )
        select sku, fnsku, asin, name_en, 'New', price_local, false, 0, true,
            available + round(available * 0.04)::bigint + unsellable, available, unsellable,
            round(available * 0.04)::bigint, available + round(available * 0.04)::bigint + unsellable + inbound,
            0.12, 0, inbound, 0, snap, marketplace, {ids["raw.amazon_fba_inventory"]},
            row_number() over (order by snap, marketplace, s)
        from q""")
    cur.execute(f"""
        insert into app.tpl_own_stock (snapshot_date, warehouse, master_sku, units, import_id, row_no)
        with v as (select s, sku, sum(units_day) as units_day from bw_vel group by all),
        m as (
            select distinct date_trunc('month', day)::date as snap from bw_days
        )
        select m.snap, 'Shenzhen', v.sku, round(v.units_day * 30 * (0.5 + 1.5 * u(v.s, month(m.snap) * 10000
            + year(m.snap))))::bigint, {ids["app.tpl_own_stock"]}, row_number() over (order by m.snap, v.s)
        from v cross join m where v.s % 2 = 1""")


def _imports(cur, ids: dict[str, int], counts: dict[str, int], params: dict, start: date, end: date) -> None:
    """Adds one meta.imports row per generated table (no archive file behind it)."""
    at = datetime.now().replace(microsecond=0)
    for table, fmt_id in TABLES:
        name = f"generated_{table.split('.')[1]}.csv"
        sha = hashlib.sha256(json.dumps({"table": table, **params}, sort_keys=True).encode()).hexdigest()
        as_of = end if fmt_id in ("amazon_fba_inventory", "tpl_own_stock") else None
        cur.execute(
            "insert into meta.imports (import_id, file_name, sha256, format_id, variant, encoding, sheet, rows_in_file, "
            "rows_added, rows_present, period_start, period_end, as_of, marketplace, warnings, options, imported_at, "
            "status, store) values (?, ?, ?, ?, 'generated', 'utf-8', null, ?, ?, 0, ?, ?, ?, null, "
            "[]::VARCHAR[], ?, ?, 'active', ?)",
            [ids[table], name, sha, fmt_id, counts[table], counts[table], start, end, as_of,
             json.dumps({"generated_by": GENERATOR, **params}), at, None if fmt_id.startswith("tpl_") else "default"],
        )  # fmt: skip


def counts_of(cur) -> dict[str, int]:
    """Returns the row count of every generated table (and refunds) in the warehouse."""
    out = {t: cur.sql(f"select count(*) from {t}").fetchall()[0][0] for t, _ in TABLES}
    out["refunds"] = cur.sql("select count(*) from raw.amazon_transactions where txn_type = 'refund'").fetchall()[0][0]
    return out


def is_complete(path: Path) -> bool:
    """Returns True when `path` holds a warehouse this script finished (one meta.imports row per table)."""
    if not path.exists():
        return False
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return False
    try:
        n = con.sql(
            "select count(*) from meta.imports where options->>'generated_by' = ?", params=[GENERATOR]
        ).fetchall()[0][0]
    except duckdb.Error:
        return False
    finally:
        con.close()
    return n == len(TABLES)


def materialise(con) -> float:
    """Returns the seconds taken to bring the materialised marts up to date (a no-op when already warm)."""
    t = time.perf_counter()
    with query.cursor(con):
        pass
    return time.perf_counter() - t


def build(out: Path, lines: int, skus: int, end: date, days: int = 730, *, force: bool = False,
          warm: bool = True, log=print) -> dict:  # fmt: skip
    """Builds (or reuses) the warehouse at `out`; returns {"counts", "generate_s", "materialise_s", "reused"}."""
    out = Path(out)
    start = end - timedelta(days=days - 1)
    if not force and is_complete(out):
        log(f"reusing {out} (complete; --force rebuilds it)")
        wh = Warehouse(out, out.parent / "archive")
        try:
            cur = wh.cursor()
            counts = counts_of(cur)
            cur.close()
            mat = materialise(wh.con) if warm else None
        finally:
            wh.close()
        return {"counts": counts, "generate_s": None, "materialise_s": mat, "reused": True}
    tmp = out.with_name(out.stem + ".building" + out.suffix)
    for p in (tmp, Path(str(tmp) + ".wal")):
        p.unlink(missing_ok=True)
    wh = Warehouse(tmp, out.parent / "archive")
    try:
        cur = wh.cursor()
        t0 = time.perf_counter()
        ids = {t: cur.sql("select nextval('meta.import_seq')").fetchall()[0][0] for t, _ in TABLES}
        _setup(cur, lines, skus, start, days)
        steps = [
            ("FX, SKU map, landed costs", lambda: _templates(cur, ids, start, end)),
            ("order lines + refunds", lambda: _transactions(cur, ids["raw.amazon_transactions"], lines, skus, end)),
            ("batches, ads, FBA snapshots, own stock", lambda: _stock_and_ads(cur, ids, start, end, days)),
        ]
        for label, step in steps:
            t = time.perf_counter()
            cur.execute("begin")
            step()
            cur.execute("commit")
            log(f"  {label}: {time.perf_counter() - t:.1f} s")
        counts = counts_of(cur)
        params = {"lines": lines, "skus": skus, "start": str(start), "end": str(end)}
        cur.execute("begin")
        _imports(cur, ids, counts, params, start, end)
        backfill_import_coverage(cur)  # the dates and marketplaces each generated import covers (undo reads them)
        cur.execute("commit")
        cur.execute("checkpoint")
        cur.close()
        gen = time.perf_counter() - t0
        log(f"generated in {gen:.1f} s")
        mat = None
        if warm:
            log("materialising the marts (metrics.core.materialize.ensure) ...")
            mat = materialise(wh.con)
            log(f"materialised in {mat:.1f} s")
            c = wh.cursor()
            c.execute("checkpoint")
            c.close()
    finally:
        wh.close()
    for p in (out, Path(str(out) + ".wal")):
        p.unlink(missing_ok=True)
    os.replace(tmp, out)
    return {"counts": counts, "generate_s": gen, "materialise_s": mat, "reused": False}


def check(out: Path, end: date, log=print) -> dict:
    """Returns (and logs) headline KPIs of the last 30 days: a quick proof that every family has data."""
    wh = Warehouse(out, out.parent / "archive")
    try:
        f = Filters(start=end - timedelta(days=29), end=end)
        t = time.perf_counter()
        v = kpis(wh.con, f)
        took = time.perf_counter() - t
    finally:
        wh.close()
    keys = ["net_sales", "units", "orders", "refunds", "ad_spend", "acos", "net_profit", "cost_coverage",
            "inventory_value", "days_of_inventory", "days_of_cover"]  # fmt: skip
    log(f"last 30 days ({f.start} .. {f.end}, base CNY; {took:.1f} s):")
    for k in keys:
        log(f"  {k:<18} {v.get(k)!s:>24}" if v.get(k) is None else f"  {k:<18} {v[k]:>24,.4f}")
    return v


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p.add_argument("--lines", type=int, default=5_000_000, help="order lines (refunds come on top)")
    p.add_argument("--skus", type=int, default=2000)
    p.add_argument("--end", type=date.fromisoformat, default=date.today() - timedelta(days=1),
                   help="last day with data (default: yesterday)")  # fmt: skip
    p.add_argument("--days", type=int, default=730)
    p.add_argument("--force", action="store_true", help="rebuild even when a complete warehouse is there")
    p.add_argument("--no-warm", action="store_true", help="skip the materialisation")
    args = p.parse_args(argv)
    t = time.perf_counter()
    r = build(args.out, args.lines, args.skus, args.end, args.days, force=args.force, warm=not args.no_warm)
    print(f"{args.out}: {args.out.stat().st_size / 2**20:,.0f} MiB")
    for table, n in r["counts"].items():
        print(f"  {table:<28} {n:>12,} rows")
    if r["generate_s"] is not None:
        print(f"generation {r['generate_s']:.1f} s")
    if r["materialise_s"] is not None:
        print(f"materialisation {r['materialise_s']:.1f} s" + (" (already warm)" if r["reused"] else ""))
    print(f"total {time.perf_counter() - t:.1f} s, load average {os.getloadavg()[0]:.1f}")
    if not args.no_warm:
        check(args.out, _last_day(args.out) or args.end)
    return 0


def _last_day(out: Path) -> date | None:
    import duckdb

    con = duckdb.connect(str(out), read_only=True)
    try:
        return con.sql("select max(period_end) from meta.imports where options->>'generated_by' = ?",
                       params=[GENERATOR]).fetchall()[0][0]  # fmt: skip
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
