-- grain: one row per (master SKU, effective-from date): the current per-unit landed cost (latest import wins)
with source as (
    select * from app.tpl_landed_costs
),

final as (
    select
        trim(master_sku) as master_sku,
        effective_from,
        upper(trim(currency)) as currency,
        purchase_cost,
        coalesce(first_mile, 0) as first_mile,
        coalesce(duty, 0) as duty,
        coalesce(other, 0) as other,
        import_id,
        row_no
    from source
    where master_sku is not null and effective_from is not null
    qualify row_number() over (
        partition by trim(master_sku), effective_from order by import_id desc, row_no desc
    ) = 1
)

select * from final
