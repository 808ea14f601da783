-- grain: one row per advertised ASIN × marketplace key ('*' = every marketplace): the master SKU of ASIN-only
-- advertised product rows; from the SKU map's `asin` column first, else the business reports' ASIN -> SKU pairs
with lookup as (
    select * from marts.sku_lookup
),

pairs as (
    select asin, coalesce(marketplace, '*') as marketplace_key, master_sku, 1 as priority
    from staging.sku_map
    where asin is not null and master_sku is not null
    union all
    select t.asin, t.marketplace, coalesce(e.master_sku, w.master_sku, t.sku), 2
    from staging.traffic as t
    left join lookup as e on e.channel_sku = t.sku and e.marketplace_key = t.marketplace
    left join lookup as w on w.channel_sku = t.sku and w.marketplace_key = '*'
    where t.asin is not null and t.sku is not null
),

final as (
    select asin, marketplace_key, master_sku
    from pairs
    qualify row_number() over (partition by asin, marketplace_key order by priority, master_sku) = 1
)

select * from final
