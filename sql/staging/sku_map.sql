-- grain: one row per (channel, marketplace, channel SKU): the current mapping to a master SKU (latest import wins)
with source as (
    select * from app.tpl_sku_map
),

normalised as (
    select
        trim(master_sku) as master_sku,
        name_zh,
        name_en,
        category,
        launch_date,
        case
            when lower(trim(marketplace)) in ('us', 'amazon.com', 'www.amazon.com') then 'amazon.com'
            when lower(trim(marketplace)) in ('ca', 'amazon.ca') then 'amazon.ca'
            when lower(trim(marketplace)) in ('mx', 'amazon.com.mx') then 'amazon.com.mx'
            when lower(trim(marketplace)) in ('uk', 'gb', 'amazon.co.uk') then 'amazon.co.uk'
            when lower(trim(marketplace)) in ('de', 'amazon.de') then 'amazon.de'
            when lower(trim(marketplace)) in ('fr', 'amazon.fr') then 'amazon.fr'
            when lower(trim(marketplace)) in ('it', 'amazon.it') then 'amazon.it'
            when lower(trim(marketplace)) in ('es', 'amazon.es') then 'amazon.es'
            when lower(trim(marketplace)) in ('jp', 'amazon.co.jp') then 'amazon.co.jp'
            when lower(trim(marketplace)) in ('in', 'amazon.in') then 'amazon.in'
            when lower(trim(marketplace)) in ('tiktok', 'tiktok us', 'tiktok.us') then 'tiktok.us'
            else lower(trim(marketplace))
        end as marketplace,
        coalesce(trim(channel_sku), trim(master_sku)) as channel_sku,
        asin,
        lower(trim(channel)) as channel_raw,
        import_id,
        row_no
    from source
    where master_sku is not null
),

final as (
    select
        master_sku,
        name_zh,
        name_en,
        category,
        launch_date,
        coalesce(channel_raw, case
            when marketplace like 'amazon.%' then 'amazon'
            when marketplace like 'tiktok%' then 'tiktok'
            when marketplace like 'shopify%' then 'shopify'
        end) as channel,
        marketplace,
        channel_sku,
        asin,
        import_id,
        row_no
    from normalised
    qualify row_number() over (
        partition by coalesce(marketplace, ''), channel_sku order by import_id desc, row_no desc
    ) = 1
)

select * from final
