-- grain: one row per channel SKU × marketplace key ('*' = every marketplace): the master SKU it belongs to
with mapping as (
    select * from staging.sku_map
),

pairs as (
    select
        channel_sku,
        coalesce(marketplace, '*') as marketplace_key,
        master_sku,
        channel
    from mapping
    where channel_sku is not null and master_sku is not null
    union all
    -- a master SKU used as the channel SKU maps to itself
    select distinct master_sku as channel_sku, '*' as marketplace_key, master_sku, null as channel
    from mapping
    where master_sku is not null
),

final as (
    select channel_sku, marketplace_key, master_sku
    from pairs
    qualify row_number() over (
        partition by channel_sku, marketplace_key order by channel nulls last, master_sku
    ) = 1
)

select * from final
