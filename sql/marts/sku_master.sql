-- grain: one row per master SKU: its names and category from the SKU map
with mapping as (
    select * from staging.sku_map
),

final as (
    select
        master_sku,
        max(name_zh) as name_zh,
        max(name_en) as name_en,
        max(category) as category,
        min(launch_date) as launch_date
    from mapping
    where master_sku is not null
    group by master_sku
)

select * from final
