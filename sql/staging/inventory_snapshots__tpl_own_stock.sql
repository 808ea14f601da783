-- grain: one row per (snapshot date, own warehouse, master SKU): own-warehouse stock as an inventory snapshot
with own_stock as (
    select * from staging.own_stock
),

final as (
    select
        'tpl_own_stock' as source,
        import_id,
        row_no,
        cast(null as varchar) as marketplace,
        warehouse as location,
        snapshot_date,
        master_sku as sku,
        cast(null as varchar) as asin,
        cast(null as varchar) as fnsku,
        units as available,
        cast(0 as bigint) as reserved,
        cast(0 as bigint) as inbound,
        cast(0 as bigint) as unsellable,
        units as total_units,
        cast(null as bigint) as age_0_90,
        cast(null as bigint) as age_91_180,
        cast(null as bigint) as age_181_270,
        cast(null as bigint) as age_271_365,
        cast(null as bigint) as age_365_plus
    from own_stock
)

select * from final
