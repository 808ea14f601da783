-- grain: one row per SKU of an FBA inventory planning (inventory health) report, on its own snapshot date
with source as (
    select * from raw.amazon_inventory_planning
),

final as (
    select
        'amazon_inventory_planning' as source,
        import_id,
        row_no,
        marketplace,
        'FBA ' || marketplace as location,
        snapshot_date,
        sku,
        asin,
        fnsku,
        available,
        reserved_quantity as reserved,
        coalesce(
            inbound_quantity,
            cast(coalesce(inbound_working, 0) + coalesce(inbound_shipped, 0) + coalesce(inbound_received, 0) as bigint)
        ) as inbound,
        unfulfillable_quantity as unsellable,
        -- the same total as Manage FBA Inventory's afn-total-quantity: on hand + reserved + unsellable + inbound
        cast(
            coalesce(available, 0) + coalesce(reserved_quantity, 0) + coalesce(unfulfillable_quantity, 0)
            + coalesce(
                inbound_quantity,
                coalesce(inbound_working, 0) + coalesce(inbound_shipped, 0) + coalesce(inbound_received, 0)
            ) as bigint
        ) as total_units,
        age_0_90,
        age_91_180,
        age_181_270,
        age_271_365,
        -- the 2026 layout splits the oldest stock in two; the family keeps one 365+ bucket
        case
            when age_365_plus is not null then age_365_plus
            when age_366_455 is null and age_456_plus is null then null
            else cast(coalesce(age_366_455, 0) + coalesce(age_456_plus, 0) as bigint)
        end as age_365_plus
    from source
)

select * from final
