-- grain: one row per advertised product (or ad group / campaign) per date range of a new-console export
with source as (
    select * from raw.amazon_ads_new_console
),

final as (
    select
        'amazon_ads_new_console' as source,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        -- exports without product columns are ad-group or campaign rows: both add up to campaign totals
        case when asin is not null or sku is not null then 'product' when ad_group is not null then 'ad_group'
            else 'campaign' end as level,
        case when period_start = period_end then period_start end as ad_date,
        period_start,
        period_end,
        campaign,
        ad_group,
        sku,
        asin,
        coalesce(impressions, 0)::bigint as impressions,
        coalesce(clicks, 0)::bigint as clicks,
        coalesce(total_cost, 0)::double as spend,
        coalesce(sales, 0)::double as ad_sales,
        coalesce(purchases, 0)::bigint as ad_orders,
        coalesce(units_sold, 0)::bigint as ad_units,
        sales_promoted::double as ad_sku_sales,
        coalesce(ad_program, 'sp') as ad_program,
        attribution_days
    from source
)

select * from final
