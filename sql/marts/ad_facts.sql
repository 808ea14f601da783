-- grain: one row per store × marketplace × ad program × campaign × master SKU (NULL = spend without a SKU) × day
-- one ad fact, one source: the levels of one program are different cuts of the same spend, so per marketplace ×
-- program × day only the most detailed complete level is kept (product, else campaign, else ad group; targeting and
-- search-term rows only where no other level covers that day); programs (SP, SB, SD) add up.
-- summary reports (no date per row) are spread evenly over the days of their period.
-- Amazon rows only: other channels' ad days are appended below `final` (union all by name).
-- Amounts in the ads' own currency only: marts.ad_days adds the base currency at query time.
-- Scope: every row, unless the session variable `ad_facts_parts` (set only by the incremental refresh,
-- warehouse/marts/refresh.py, which keeps the listed partitions) lists store × marketplace × month keys
-- (warehouse/marts/inputs.py part()): then only the Amazon rows whose days can reach those months are read (a day's
-- level choice is per store × marketplace × program × day, so the rows of other months cannot change it). With the
-- parts the refresh may list the imports holding rows of those partitions (`ad_facts_imports`, from
-- marts_mat.ads_import_parts): a constant test of import_id each raw table's scan takes (other imports' row groups
-- are skipped), and the months' first days (`ad_facts_months`): their constant range, tested on each row before the
-- per-partition test (which DuckDB runs as a join over every row read: 0.2 s of a day's refresh at 5M order lines
-- when one import holds two years of ads).
with scope as (
    select
        split_part(k, chr(31), 1) as store_key,
        split_part(k, chr(31), 2) as marketplace_key,
        min(strptime(split_part(k, chr(31), 3), '%Y-%m'))::DATE as first_month,
        (max(strptime(split_part(k, chr(31), 3), '%Y-%m')) + interval 1 month)::DATE as end_month
    from (select unnest(getvariable('ad_facts_parts')::VARCHAR[]) as k)
    where split_part(k, chr(31), 3) <> '~'
    group by all
),

ads as (
    select
        *,
        case level when 'product' then 1 when 'campaign' then 2 when 'ad_group' then 3 when 'targeting' then 4
            when 'search_term' then 5 end as level_rank
    from staging.ads as a
    where channel = 'amazon' and level is not null
        and (getvariable('ad_facts_parts') is null or getvariable('ad_facts_imports') is null
            or list_contains(getvariable('ad_facts_imports')::BIGINT[], import_id))
        and (getvariable('ad_facts_parts') is null or getvariable('ad_facts_months') is null
            or (coalesce(a.ad_date, a.period_end, a.period_start) >= list_min(getvariable('ad_facts_months')::DATE[])
                and coalesce(a.ad_date, a.period_start)
                    < list_max(getvariable('ad_facts_months')::DATE[]) + interval 1 month))
        and (getvariable('ad_facts_parts') is null or exists (
        select 1 from scope as s
        where s.store_key = coalesce(a.store::VARCHAR, '~') and s.marketplace_key = coalesce(a.marketplace, '~')
            and coalesce(a.ad_date, a.period_end, a.period_start) >= s.first_month
            and coalesce(a.ad_date, a.period_start) < s.end_month
    ))
),

lookup as (
    select * from marts.sku_lookup
),

asin_map as (
    select * from marts.ad_asin_skus
),

spread as (
    select
        *,
        coalesce(ad_date, period_start) + unnest(range(0, n_days))::int as day,
        1.0 / n_days as share
    from (
        select
            *,
            case when ad_date is not null then 1 else date_diff('day', period_start, period_end) + 1 end as n_days
        from ads
        where coalesce(ad_date, period_start) is not null
    )
),

chosen as (
    select store, marketplace, coalesce(ad_program, '') as program_key, day, min(level_rank) as level_rank
    from spread
    group by all
),

kept as (
    select s.*
    from spread as s
    inner join chosen as c
        on
            c.store is not distinct from s.store
            and c.marketplace is not distinct from s.marketplace
            and c.program_key = coalesce(s.ad_program, '')
            and c.day = s.day
            and c.level_rank = s.level_rank
),

mapped as (
    select
        k.*,
        case when k.level = 'product' then coalesce(e.master_sku, w.master_sku, k.sku, am.master_sku, aw.master_sku)
        end as master_sku
    from kept as k
    left join lookup as e on e.channel_sku = k.sku and e.marketplace_key = k.marketplace
    left join lookup as w on w.channel_sku = k.sku and w.marketplace_key = '*'
    left join asin_map as am on k.sku is null and am.asin = k.asin and am.marketplace_key = k.marketplace
    left join asin_map as aw on k.sku is null and aw.asin = k.asin and aw.marketplace_key = '*'
),

final as (
    select
        store, marketplace, coalesce(channel, 'amazon') as channel, ad_program, level as source_level, currency,
        coalesce(campaign, '') as campaign, master_sku, day,
        max(attribution_days) as attribution_days,
        sum(impressions * share) as impressions,
        sum(clicks * share) as clicks,
        sum(ad_orders * share) as ad_orders,
        sum(ad_units * share) as ad_units,
        sum(spend * share) as ad_spend,
        sum(ad_sales * share) as ad_sales,
        count(*) as source_rows
    from mapped
    group by all
)

select * from final
-- the ad consoles outside Amazon (TikTok Ads, GMV Max, Meta, Google), mapped and allocated to SKUs
union all by name
select * from marts.external_ad_days
