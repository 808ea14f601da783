-- grain: one row per event of an Amazon inventory ledger (detailed view)
with source as (
    select * from raw.amazon_inventory_ledger
),

final as (
    select
        'amazon_inventory_ledger' as source,
        import_id,
        row_no,
        marketplace,
        'FBA ' || marketplace as location,
        movement_date,
        msku as sku,
        asin,
        fnsku,
        -- the API and Seller Central spell event types alike (`CustomerReturns`); folded to the family's ids
        lower(replace(event_type, ' ', '')) as event_type,
        reference_id,
        quantity,
        disposition,
        reason,
        fulfillment_center
    from source
)

select * from final
