-- grain: one row per campaign per day (Day segment), per week (Week segment) or per the file's period
with source as (
    select * from raw.google_ads
),

final as (
    select
        'google_ads' as source,
        import_id,
        row_no,
        'shopify' as channel,
        'shopify' as marketplace,
        currency,
        'campaign' as level,
        case when period_start = period_end then period_start end as ad_date,
        period_start,
        period_end,
        campaign,
        coalesce(impressions, 0)::bigint as impressions,
        coalesce(clicks, 0)::bigint as clicks,
        coalesce(cost, 0)::double as spend,
        coalesce(conv_value, 0)::double as ad_sales,
        -- data-driven attribution gives fractional conversions
        round(coalesce(conversions, 0))::bigint as ad_orders,
        'google' as ad_program,
        NULL::INTEGER as attribution_days
    from source
)

select * from final
