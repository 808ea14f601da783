-- grain: one row per marketplace × advertised ASIN whose product-level ad rows carry no SKU and whose ASIN neither the
-- SKU map nor a business report links to a SKU: ad_days counts that spend without a SKU (campaign level)
with ads as (
    select * from staging.ads
    where channel = 'amazon' and level = 'product' and sku is null and asin is not null
),

linked as (
    select * from marts.ad_asin_skus
),

final as (
    select
        a.marketplace,
        a.asin,
        a.currency,
        count(*) as rows,
        sum(a.spend) as amount
    from ads as a
    anti join linked as k on k.asin = a.asin and k.marketplace_key in (a.marketplace, '*')
    group by all
)

select * from final
