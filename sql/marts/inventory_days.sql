-- grain: master SKU × store × location × day (store NULL = the seller's own warehouses): stock on hand
-- (marts.inventory_stock) valued at marts.sku_unit_costs in the base currency in force (a plain view)
with stock as (
    select * from marts.inventory_stock
),

-- one row per master SKU (sku_unit_costs' grain), said as a group by: DuckDB then drops the join from a query that
-- reads no cost (the stock days, units on hand and available of a report: ~half of those scans at 5M order lines)
unit_costs as (
    select master_sku, any_value(landed_cost_unit) as landed_cost_unit
    from marts.sku_unit_costs
    group by master_sku
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
