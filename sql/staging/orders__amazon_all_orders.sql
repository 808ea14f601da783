-- grain: one row per order item of an Amazon all-orders report (Amazon marketplaces only)
with source as (
    select * from raw.amazon_all_orders
    -- Non-Amazon rows are orders sold on other channels that FBA only shipped; those channels report them
    where marketplace is not null
),

final as (
    select
        'amazon_all_orders' as source,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        order_id,
        sku,
        cast(purchase_at as date) as purchase_date,
        lower(order_status) as order_status,
        lower(order_status) = 'cancelled' or lower(coalesce(item_status, '')) = 'cancelled' as is_cancelled,
        cast(coalesce(quantity, 0) as bigint) as units,
        item_price,
        -- printed as a negative amount in some files and as a magnitude in others
        0.0 - abs(item_promotion_discount) as item_promotion,
        shipping_price
    from source
)

select * from final
