-- grain: master SKU × store × location × day (store NULL = the seller's own warehouses): stock on hand, filled forward from each snapshot to the location's next one
-- (a SKU missing from a later snapshot of its location has 0 units there); units only: marts.inventory_days values them
-- A location's last snapshot is carried forward to the warehouse's latest stock day (any location's), at most 45 days
-- after it: an own warehouse counted at each month end keeps its count on the days the FBA reports come in, so every
-- page reading one stock day sees every location's latest stock (Reorder planning and Inventory read one basis).
-- Stock not counted again within 45 days is no longer shown (a closed warehouse does not haunt the totals).
-- Scope: every row, unless the session variable `inventory_stock_from` (set only by the incremental refresh,
-- warehouse/marts/stock_refresh.py) lists {k: store × location key (inputs.location_key), from_date, keep: master
-- SKUs, whole: a SKU joins the location's set}: then those locations' rows dated from `from_date` on, and every row of
-- their SKUs not in `keep`; `inventory_stock_since`, when set, is the scope's earliest date read.
with scope as (
    select unnest(
        getvariable('inventory_stock_from')::STRUCT(k VARCHAR, from_date DATE, keep VARCHAR[], whole BOOLEAN)[],
        recursive := true
    )
),

kept as (
    select k, unnest(keep) as master_sku from scope
),

-- a scoped location reads its snapshots from its from_date on, unless a SKU joins its set (`whole`): the joining SKU
-- gets rows on every snapshot date of the location. The scope's earliest bound (`inventory_stock_since`, when no
-- location reads whole) is tested in a subquery of its own: beside the per-location test (a join over every row
-- read) DuckDB 2.0 did not take it into the scan, and read every snapshot row ever imported
snapshots as (
    select s.* from (
        select * from staging.inventory_snapshots
        where snapshot_date is not null and sku is not null and location is not null
            and (getvariable('inventory_stock_from') is null
                or snapshot_date >= coalesce(getvariable('inventory_stock_since'), DATE '0001-01-01'))
    ) as s
    where getvariable('inventory_stock_from') is null or exists (
        select 1 from scope as c
        where c.k = concat_ws(chr(31), coalesce(s.store::VARCHAR, '~'), s.location::VARCHAR)
            and (c.whole or s.snapshot_date >= c.from_date)
    )
),

lookup as (
    select * from marts.sku_lookup
),

-- Two Amazon reports can list one SKU at one FBA location on one day (Manage FBA Inventory and FBA Inventory
-- Planning): counting both doubled the stock. Per store × location × day × SKU one source gives the units (Manage FBA
-- Inventory first, Amazon's own on-hand list; then Inventory Planning; then any other) and one the age buckets (the
-- first source that carries them: only Inventory Planning does). A SKU only one report lists keeps that report's rows.
ranked as (
    select
        *,
        case source when 'amazon_fba_inventory' then 1 when 'amazon_inventory_planning' then 2 else 3 end as unit_rank,
        case
            when age_181_270 is null and age_271_365 is null and age_365_plus is null then null
            when source = 'amazon_inventory_planning' then 1
            else 2
        end as age_rank
    from snapshots
),

day_sources as (
    select store, location, snapshot_date, sku, min(unit_rank) as unit_rank, min(age_rank) as age_rank
    from ranked
    group by all
),

by_sku as (
    select
        coalesce(e.master_sku, w.master_sku, s.sku) as master_sku,
        s.store,
        s.location,
        s.snapshot_date,
        sum(coalesce(s.available, 0)) filter (where s.unit_rank = d.unit_rank)::bigint as available,
        sum(coalesce(s.reserved, 0)) filter (where s.unit_rank = d.unit_rank)::bigint as reserved,
        sum(coalesce(s.inbound, 0)) filter (where s.unit_rank = d.unit_rank)::bigint as inbound,
        sum(coalesce(s.unsellable, 0)) filter (where s.unit_rank = d.unit_rank)::bigint as unsellable,
        sum(coalesce(s.available, 0) + coalesce(s.reserved, 0) + coalesce(s.unsellable, 0))
            filter (where s.unit_rank = d.unit_rank)::bigint as on_hand,
        sum(coalesce(s.age_181_270, 0) + coalesce(s.age_271_365, 0) + coalesce(s.age_365_plus, 0))
            filter (where s.age_rank = d.age_rank)::bigint as aged_181_plus
    from ranked as s
    inner join day_sources as d
        on d.store is not distinct from s.store and d.location = s.location and d.snapshot_date = s.snapshot_date
        and d.sku = s.sku
    left join lookup as e on e.channel_sku = s.sku and e.marketplace_key = s.marketplace
    left join lookup as w on w.channel_sku = s.sku and w.marketplace_key = '*'
    group by all
),

-- the warehouse's latest stock day, over every location (the scope's too: a location's tail reaches it)
last_day as (
    select max(snapshot_date) as d from staging.inventory_snapshots
    where snapshot_date is not null and sku is not null and location is not null
),

location_dates as (
    select
        store,
        location,
        snapshot_date,
        coalesce(
            lead(snapshot_date) over (partition by store, location order by snapshot_date),
            -- the last snapshot: carried to the latest stock day, at most 45 days (the header)
            least((select d from last_day), snapshot_date + 45) + 1
        ) as next_date
    from (select distinct store, location, snapshot_date from by_sku)
),

grid as (
    select s.master_sku, d.store, d.location, d.snapshot_date, d.next_date
    from (select distinct master_sku, store, location from by_sku) as s
    inner join location_dates as d on d.store is not distinct from s.store and d.location = s.location
    left join scope as c on c.k = concat_ws(chr(31), coalesce(d.store::VARCHAR, '~'), d.location::VARCHAR)
    left join kept as p on p.k = c.k and p.master_sku = s.master_sku
    where getvariable('inventory_stock_from') is null or d.snapshot_date >= c.from_date
        or (c.whole and p.master_sku is null)
),

filled as (
    select
        g.master_sku, g.store, g.location, g.snapshot_date,
        g.snapshot_date + unnest(range(0, greatest(date_diff('day', g.snapshot_date, g.next_date), 1)))::int as day,
        coalesce(b.available, 0) as available, coalesce(b.reserved, 0) as reserved,
        coalesce(b.inbound, 0) as inbound, coalesce(b.unsellable, 0) as unsellable,
        coalesce(b.on_hand, 0) as on_hand, coalesce(b.aged_181_plus, 0) as aged_181_plus
    from grid as g
    left join by_sku as b
        on b.master_sku = g.master_sku and b.store is not distinct from g.store and b.location = g.location
        and b.snapshot_date = g.snapshot_date
),

final as (
    select * from filled
)

select * from final
