-- every unit of spend of the ad consoles outside Amazon reaches marts.ad_days once, mapped, allocated or not
-- (original currency; rows whose period could not be read would be lost and show here)
with reports as (
    select coalesce(sum(spend), 0) as spend from staging.ads
    where ad_program in ('tiktok_ads', 'gmv_max', 'meta', 'google')
),

mart as (
    select coalesce(sum(ad_spend), 0) as spend from marts.ad_days
    where ad_program in ('tiktok_ads', 'gmv_max', 'meta', 'google')
)

select r.spend as report_spend, m.spend as mart_spend
from reports as r
cross join mart as m
where abs(r.spend - m.spend) > 0.005
