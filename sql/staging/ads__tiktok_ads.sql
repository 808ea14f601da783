-- grain: one row per campaign (or ad group / ad) per day, or per the file's period, of a TikTok Ads Manager report
-- purchases and their value are attributed by the account's setting, which the export does not print
with source as (
    select * from raw.tiktok_ads
),

final as (
    select
        'tiktok_ads' as source,
        import_id,
        row_no,
        'tiktok' as channel,
        -- the campaign map (marts.external_ad_days) may send the spend elsewhere
        case currency when 'USD' then 'tiktok.us' when 'GBP' then 'tiktok.uk' end as marketplace,
        currency,
        'campaign' as level,
        case when period_start = period_end then period_start end as ad_date,
        period_start,
        period_end,
        campaign,
        ad_group,
        coalesce(impressions, 0)::bigint as impressions,
        coalesce(clicks, 0)::bigint as clicks,
        coalesce(cost, 0)::double as spend,
        coalesce(purchase_value, 0)::double as ad_sales,
        round(coalesce(purchases, 0))::bigint as ad_orders,
        'tiktok_ads' as ad_program,
        NULL::INTEGER as attribution_days
    from source
)

select * from final
