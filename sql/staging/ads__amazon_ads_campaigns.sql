-- grain: one row per campaign per day (Daily) or per report period (Summary)
with source as (
    select * from raw.amazon_ads_campaigns
),

final as (
    select
        'amazon_ads_campaigns' as source,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        'campaign' as level,
        -- a Summary report of a single day is that day's figures
        coalesce("date", case when start_date = end_date then start_date end) as ad_date,
        coalesce("date", start_date) as period_start,
        coalesce("date", end_date) as period_end,
        campaign,
        null::varchar as ad_group,
        null::varchar as sku,
        null::varchar as asin,
        coalesce(impressions, 0)::bigint as impressions,
        coalesce(clicks, 0)::bigint as clicks,
        coalesce(spend, 0)::double as spend,
        coalesce(sales_7d, 0)::double as ad_sales,
        coalesce(orders_7d, 0)::bigint as ad_orders,
        coalesce(units_7d, 0)::bigint as ad_units,
        advertised_sku_sales_7d::double as ad_sku_sales
    from source
)

select * from final
