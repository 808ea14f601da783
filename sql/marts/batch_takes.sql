-- grain: one inbound batch (batch_id, master SKU): the units all order lines took from it by FIFO (marts.cost_pieces).
-- Base-free and small: marts.sku_unit_costs finds each SKU's FIFO frontier from it under any base.
with pieces as (
    select * from marts.cost_pieces
    where piece = 'fifo'
),

final as (
    select master_sku, batch_id, sum(units)::bigint as units
    from pieces
    group by all
)

select * from final
