-- grain: one row per order item of an Amazon all-orders report: the fallback money source (no fees known)
with source as (
    select * from raw.amazon_all_orders
    where marketplace is not null  -- Non-Amazon rows are other channels' orders that FBA only shipped
),

orders_not_cancelled as (
    select * from source
    where lower(order_status) <> 'cancelled' and lower(coalesce(item_status, '')) <> 'cancelled'
),

final as (
    select
        'amazon_all_orders' as source,
        3 as source_rank,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        'order' as txn_type,
        order_id,
        sku,
        cast(purchase_at as date) as event_date,
        -- the report knows no posting: the purchase day stands in for it
        cast(purchase_at as date) as posted_date,
        cast(NULL as varchar) as settlement_id,
        cast(coalesce(quantity, 0) as bigint) as units,
        coalesce(item_price, 0) as product_sales,
        coalesce(shipping_price, 0) as shipping_credits,
        coalesce(gift_wrap_price, 0) as giftwrap_credits,
        -- signs differ between files; shipping promotions count as promotions as in the transaction report
        0.0 - abs(coalesce(item_promotion_discount, 0)) - abs(coalesce(ship_promotion_discount, 0)) as promotions,
        0.0 as selling_fees,
        0.0 as fulfillment_fees,
        0.0 as other_txn_fees,
        0.0 as other_amount,
        coalesce(item_tax, 0) + coalesce(shipping_tax, 0) + coalesce(gift_wrap_tax, 0) as taxes,
        -- what the buyer paid: sales + promotions + taxes (the report knows no fees)
        coalesce(item_price, 0) + coalesce(shipping_price, 0) + coalesce(gift_wrap_price, 0)
        - abs(coalesce(item_promotion_discount, 0)) - abs(coalesce(ship_promotion_discount, 0))
        + coalesce(item_tax, 0) + coalesce(shipping_tax, 0) + coalesce(gift_wrap_tax, 0) as total,
        false as is_deferred,
        product_name as description
    from orders_not_cancelled
)

select * from final
