-- grain: one row per store × marketplace × campaign × master SKU (NULL = campaign-level spend without SKU) × day
-- product-level rows where a marketplace-day has them, campaign-level rows only for marketplace-days without;
-- summary reports (no date per row) are spread evenly over the days of their period
with ads as (
    select * from staging.ads
    where level in ('product', 'campaign')
        -- consoles outside Amazon: marts.external_ad_days, appended at the end
        and coalesce(ad_program, '') not in ('tiktok_ads', 'gmv_max', 'meta', 'google')
),

conventions as (
    select * from marts.conventions
),

lookup as (
    select * from marts.sku_lookup
),

fx as (
    select * from marts.fx_pairs
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

product_days as (
    select distinct store, marketplace, day from spread where level = 'product'
),

kept as (
    select s.*
    from spread as s
    left join product_days as p on p.store is not distinct from s.store and p.marketplace = s.marketplace
        and p.day = s.day and s.level = 'campaign'
    where p.day is null
),

mapped as (
    select
        k.*,
        case when k.level = 'product' then coalesce(e.master_sku, w.master_sku, k.sku) end as master_sku,
        c.base_currency
    from kept as k
    cross join conventions as c
    left join lookup as e on e.channel_sku = k.sku and e.marketplace_key = k.marketplace
    left join lookup as w on w.channel_sku = k.sku and w.marketplace_key = '*'
),

rated as (
    select m.*, case when m.currency = m.base_currency then 1.0 else fx.rate end as fx_rate
    from mapped as m
    asof left join fx on fx.currency = m.currency and fx.base_currency = m.base_currency and m.day >= fx.rate_date
),

final as (
    select
        store, marketplace, coalesce(channel, 'amazon') as channel, currency, coalesce(campaign, '') as campaign,
        master_sku, day, base_currency, fx_rate,
        sum(impressions * share) as impressions,
        sum(clicks * share) as clicks,
        sum(ad_orders * share) as ad_orders,
        sum(ad_units * share) as ad_units,
        sum(spend * share) as ad_spend,
        sum(ad_sales * share) as ad_sales,
        sum(spend * share * fx_rate) as ad_spend_base,
        sum(ad_sales * share * fx_rate) as ad_sales_base,
        count(*) as source_rows
    from rated
    group by all
)

select * from final
-- the ad consoles outside Amazon (TikTok Ads, GMV Max, Meta, Google), mapped and allocated to SKUs
union all by name
select * from marts.external_ad_days
