-- grain: one row per (snapshot date, warehouse, master SKU): the current count (latest import wins)
with source as (
    select * from app.tpl_own_stock
),

final as (
    select
        snapshot_date,
        trim(warehouse) as warehouse,
        trim(master_sku) as master_sku,
        units,
        import_id,
        row_no
    from source
    where snapshot_date is not null and warehouse is not null and master_sku is not null
    qualify row_number() over (
        partition by snapshot_date, trim(warehouse), trim(master_sku) order by import_id desc, row_no desc
    ) = 1
)

select * from final
