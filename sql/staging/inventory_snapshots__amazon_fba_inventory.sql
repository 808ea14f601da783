-- grain: one row per SKU of a Manage FBA Inventory report (one snapshot day per import)
with source as (
    select * from raw.amazon_fba_inventory
),

final as (
    select
        'amazon_fba_inventory' as source,
        import_id,
        row_no,
        marketplace,
        'FBA ' || marketplace as location,
        snapshot_date,
        sku,
        asin,
        fnsku,
        afn_fulfillable_quantity as available,
        afn_reserved_quantity as reserved,
        cast(
            coalesce(afn_inbound_working_quantity, 0)
            + coalesce(afn_inbound_shipped_quantity, 0)
            + coalesce(afn_inbound_receiving_quantity, 0) as bigint
        ) as inbound,
        afn_unsellable_quantity as unsellable,
        afn_total_quantity as total_units,
        cast(null as bigint) as age_0_90,
        cast(null as bigint) as age_91_180,
        cast(null as bigint) as age_181_270,
        cast(null as bigint) as age_271_365,
        cast(null as bigint) as age_365_plus
    from source
)

select * from final
