-- grain: one row per SKU of an FBA fee preview report (one snapshot day per import)
with source as (
    select * from raw.amazon_fee_preview
),

final as (
    select
        'amazon_fee_preview' as source,
        import_id,
        row_no,
        marketplace,
        snapshot_date,
        sku,
        asin,
        currency,
        -- fees are estimated on the price buyers see: the sale price while one runs
        coalesce(sales_price, your_price) as price,
        abs(estimated_referral_fee_per_unit) as referral_fee,
        abs(coalesce(expected_fulfillment_fee_per_unit, expected_domestic_fulfilment_fee_per_unit)) as fulfillment_fee,
        abs(estimated_fee_total) as total_fee
    from source
)

select * from final
