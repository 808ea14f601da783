-- grain: master SKU × store × location × day (store NULL = the seller's own warehouses): stock on hand
-- (marts.inventory_stock) valued at marts.sku_unit_costs in the base currency in force (a plain view)
with stock as (
    select * from marts.inventory_stock
),

unit_costs as (
    select * from marts.sku_unit_costs
),

final as (
    select
        s.*,
        c.landed_cost_unit,
        s.on_hand * c.landed_cost_unit as inventory_value
    from stock as s
    left join unit_costs as c using (master_sku)
)

select * from final
