-- one ad fact, one source: each store × marketplace × program × day of marts.ad_days comes from one report level, and its
-- spend equals that level's spend in the advertising reports (original currency; summary periods spread per day)
with reports as (
    select
        store, marketplace, coalesce(ad_program, '') as program_key, level,
        coalesce(ad_date, period_start) + unnest(range(0, n_days))::int as day,
        spend / n_days as spend
    from (
        select
            *,
            case when ad_date is not null then 1 else date_diff('day', period_start, period_end) + 1 end as n_days
        from staging.ads
        where channel = 'amazon' and coalesce(ad_date, period_start) is not null
    )
),

mart as (
    select
        store, marketplace, coalesce(ad_program, '') as program_key, day,
        count(distinct source_level) as levels, min(source_level) as level, sum(ad_spend) as spend
    from marts.ad_days
    where channel = 'amazon'
    group by all
),

by_level as (
    select store, marketplace, program_key, level, day, sum(spend) as spend from reports group by all
)

select m.marketplace, m.program_key, m.day, m.levels, m.spend as mart_spend, r.spend as report_spend
from mart as m
left join by_level as r
    on
        r.store is not distinct from m.store and r.marketplace is not distinct from m.marketplace
        and r.program_key = m.program_key
        and r.level = m.level and r.day = m.day
where m.levels <> 1 or abs(m.spend - coalesce(r.spend, 0)) > 0.005
union all
-- and no reported day is dropped
select r.marketplace, r.program_key, r.day, 0, NULL, sum(r.spend)
from reports as r
anti join mart as m
    on m.store is not distinct from r.store and m.marketplace is not distinct from r.marketplace
    and m.program_key = r.program_key and m.day = r.day
group by all
