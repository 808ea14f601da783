-- grain: one order or refund line (source, import_id, row_no, txn_type; a TikTok or Shopify row with a refund
-- gives an order line and a refund line): landed cost in base currency (orders > 0, refunds ≤ 0)
with order_costs as (
    select * from marts.order_costs
),

refund_costs as (
    select * from marts.refund_costs
),

final as (
    select * from order_costs
    union all by name
    select * from refund_costs
)

select * from final
