-- grain: one row per campaign (or ad set / ad) per day, or per reporting range when the export has no Day column
with source as (
    select * from raw.meta_ads
),

final as (
    select
        'meta_ads' as source,
        import_id,
        row_no,
        -- Meta ads usually send buyers to the own shop; the campaign map may send the spend elsewhere
        'shopify' as channel,
        'shopify' as marketplace,
        currency,
        'campaign' as level,
        case when period_start = period_end then period_start end as ad_date,
        period_start,
        period_end,
        campaign,
        ad_set as ad_group,
        coalesce(impressions, 0)::bigint as impressions,
        coalesce(clicks, 0)::bigint as clicks,
        coalesce(spend, 0)::double as spend,
        coalesce(purchase_value, 0)::double as ad_sales,
        round(coalesce(purchases, 0))::bigint as ad_orders,
        'meta' as ad_program,
        attribution_days
    from source
)

select * from final
