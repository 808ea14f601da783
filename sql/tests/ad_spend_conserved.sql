-- the product-level spend of the advertising reports equals the spend in marts.ad_days (original currency)
with reports as (
    select coalesce(sum(spend), 0) as spend from staging.ads where level = 'product'
),

mart as (
    select coalesce(sum(ad_spend), 0) as spend from marts.ad_days where master_sku is not null
        and coalesce(ad_program, '') not in ('tiktok_ads', 'gmv_max', 'meta', 'google')
)

select r.spend as report_spend, m.spend as mart_spend
from reports as r
cross join mart as m
where abs(r.spend - m.spend) > 0.005
