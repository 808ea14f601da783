-- grain: one row per child ASIN of an Amazon business report (period totals)
with source as (
    select * from raw.amazon_business_report
),

final as (
    select
        'amazon_business_report' as source,
        import_id,
        row_no,
        marketplace,
        currency,
        period_start,
        period_end,
        parent_asin,
        asin,
        sku,
        title,
        sessions,
        page_views,
        buy_box_pct,
        units_ordered,
        ordered_sales,
        order_items,
        unit_session_pct
    from source
)

select * from final
