-- grain: one row per customer search term per targeting per ad group per day (Daily) or period (Summary)
with source as (
    select * from raw.amazon_ads_search_terms
),

final as (
    select
        'amazon_ads_search_terms' as source,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        'search_term' as level,
        -- a Summary report of a single day is that day's figures
        coalesce("date", case when start_date = end_date then start_date end) as ad_date,
        coalesce("date", start_date) as period_start,
        coalesce("date", end_date) as period_end,
        campaign,
        ad_group,
        null::varchar as sku,
        null::varchar as asin,
        coalesce(impressions, 0)::bigint as impressions,
        coalesce(clicks, 0)::bigint as clicks,
        coalesce(spend, 0)::double as spend,
        coalesce(sales, sales_7d, 0)::double as ad_sales,
        coalesce(orders, orders_7d, 0)::bigint as ad_orders,
        coalesce(units, units_7d, 0)::bigint as ad_units,
        coalesce(advertised_sales, advertised_sku_sales_7d)::double as ad_sku_sales,
        coalesce(ad_program, 'sp') as ad_program,
        -- imports made before windows were read from the header hold 7-day names only
        coalesce(attribution_days, case when coalesce(sales_7d, orders_7d) is not null then 7 end) as attribution_days,
        search_term,
        targeting,
        match_type
    from source
)

select * from final
