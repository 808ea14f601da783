-- grain: one row per (batch id, master SKU): the current version of each inbound batch line (latest import wins)
with source as (
    select * from app.tpl_inbound_batches
),

final as (
    select
        trim(batch_id) as batch_id,
        trim(master_sku) as master_sku,
        units,
        upper(trim(currency)) as currency,
        purchase_cost,
        coalesce(first_mile, 0) as first_mile,
        coalesce(duty, 0) as duty,
        coalesce(other, 0) as other,
        fx_rate_paid,
        destination,
        arrival_date,
        import_id,
        row_no
    from source
    where batch_id is not null and master_sku is not null
    qualify row_number() over (
        partition by trim(batch_id), trim(master_sku) order by import_id desc, row_no desc
    ) = 1
)

select * from final
