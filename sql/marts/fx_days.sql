-- grain: one row per currency × base_currency × day: the rate in force that day (the latest marts.fx_pairs rate on or
-- before it), every day from the pair's first rate to the last day a fact or a rate needs. It holds every pair the
-- FX table gives (direct, inverse, same-day cross), so it does not depend on the base currency in force: the
-- conversion views (money_lines, ad_days, cost_batches, sku_days, …) look their rate up here by (currency, base, day)
with pairs as (
    select currency, base_currency, min(rate_date) as first_day
    from marts.fx_pairs
    group by all
),

last_day as (
    select greatest(
        (select max(rate_date) from marts.fx_pairs),
        (select max(greatest(event_date, posted_date)) from marts.money_facts),
        (select max(day) from marts.ad_facts),
        (select max(arrival_date) from staging.inbound_batches)
    ) as day
),

days as (
    select p.currency, p.base_currency, unnest(range(p.first_day, l.day + 1, interval 1 day))::date as day
    from pairs as p
    cross join last_day as l
),

final as (
    select d.currency, d.base_currency, d.day, fx.rate
    from days as d
    asof inner join marts.fx_pairs as fx
        on fx.currency = d.currency and fx.base_currency = d.base_currency and d.day >= fx.rate_date
)

select * from final
