-- grain: one row per line of an Amazon FBA customer returns report
with source as (
    select * from raw.amazon_returns
),

final as (
    select
        'amazon_returns' as source,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        cast(returned_at as date) as return_date,
        order_id,
        sku,
        asin,
        cast(coalesce(quantity, 0) as bigint) as units,
        detailed_disposition as disposition,
        reason,
        status
    from source
)

select * from final
