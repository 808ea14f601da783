-- grain: one row per ASIN × fulfilment centre × month of an Amazon monthly storage fees report
with source as (
    select * from raw.amazon_storage_fees
),

final as (
    select
        'amazon_storage_fees' as source,
        import_id,
        row_no,
        marketplace,
        charge_month as month,
        asin,
        fnsku,
        -- the report names no seller SKU; the marts map asin/fnsku to it
        cast(null as varchar) as sku,
        currency,
        abs(estimated_monthly_storage_fee) as fee,
        average_quantity_on_hand as average_units,
        estimated_total_item_volume as volume,
        fulfillment_center
    from source
)

select * from final
