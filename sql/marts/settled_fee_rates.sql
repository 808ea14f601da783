-- grain: one row per TikTok Shop marketplace × currency with settled statement history
-- The seller's own settled fee rates (fee / gross product sales of the order lines its statements settled), used
-- to estimate the fees of orders no statement covers yet. Rates are <= 0 (fees are negative money).
with settled as (
    select * from staging.money
    where source = 'tiktok_statement' and txn_type = 'order'
),

final as (
    select
        marketplace,
        currency,
        count(distinct order_id) as settled_orders,
        sum(product_sales) as settled_sales,
        sum(selling_fees) / sum(product_sales) as selling_rate,
        sum(fulfillment_fees) / sum(product_sales) as fulfillment_rate,
        sum(other_txn_fees) / sum(product_sales) as other_rate,
        sum(payment_fees) / sum(product_sales) as payment_rate,
        sum(affiliate_fees) / sum(product_sales) as affiliate_rate,
        (sum(selling_fees) + sum(fulfillment_fees) + sum(other_txn_fees) + sum(payment_fees)
            + sum(affiliate_fees)) / sum(product_sales) as fee_rate
    from settled
    group by marketplace, currency
    having sum(product_sales) > 0
)

select * from final
