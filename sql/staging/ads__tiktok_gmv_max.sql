-- grain: one row per GMV Max campaign per day, or per the file's period
-- `Gross revenue` and `Orders (SKU)` count organic orders too (FORMATS.md §13.4.1): never ad sales or ad orders
with source as (
    select * from raw.tiktok_gmv_max
),

final as (
    select
        'tiktok_gmv_max' as source,
        import_id,
        row_no,
        'tiktok' as channel,
        case currency when 'USD' then 'tiktok.us' when 'GBP' then 'tiktok.uk' end as marketplace,
        currency,
        'campaign' as level,
        case when period_start = period_end then period_start end as ad_date,
        period_start,
        period_end,
        campaign,
        0::bigint as impressions,
        0::bigint as clicks,
        coalesce(cost, 0)::double as spend,
        0::double as ad_sales,
        0::bigint as ad_orders,
        'gmv_max' as ad_program,
        NULL::INTEGER as attribution_days
    from source
)

select * from final
