-- grain: one row per (campaign pattern, ad program, master SKU): where that spend belongs (latest import wins)
-- `*` in a pattern matches any text; `like_pattern` is the pattern as a case-insensitive LIKE
with source as (
    select * from app.tpl_ad_campaigns
),

normalised as (
    select
        trim(campaign_pattern) as campaign_pattern,
        lower(replace(replace(replace(trim(campaign_pattern), '%', '\%'), '_', '\_'), '*', '%')) as like_pattern,
        nullif(lower(trim(ad_program)), '') as ad_program,
        case
            when lower(trim(marketplace)) in ('tiktok', 'tiktok us', 'tiktok.us') then 'tiktok.us'
            when lower(trim(marketplace)) in ('tiktok uk', 'tiktok.uk') then 'tiktok.uk'
            when lower(trim(marketplace)) in ('us', 'amazon.com') then 'amazon.com'
            else lower(trim(marketplace))
        end as marketplace,
        nullif(trim(master_sku), '') as master_sku,
        import_id,
        row_no
    from source
    where nullif(trim(campaign_pattern), '') is not null and nullif(trim(marketplace), '') is not null
),

final as (
    select
        *,
        case
            when marketplace like 'amazon.%' then 'amazon'
            when marketplace like 'tiktok.%' then 'tiktok'
            else marketplace
        end as channel
    from normalised
    qualify row_number() over (
        partition by lower(campaign_pattern), ad_program, master_sku order by import_id desc, row_no desc
    ) = 1
)

select * from final
