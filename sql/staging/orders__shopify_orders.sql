-- grain: one row per Shopify order line item (latest exported version)
with lines as (
    select * from staging.shopify_order_lines
),

final as (
    select
        'shopify_orders' as source,
        import_id,
        row_no,
        'shopify' as channel,
        marketplace,
        coalesce(order_currency, 'USD') as currency,
        order_name as order_id,
        line_sku as sku,
        cast(order_created_at as date) as purchase_date,
        case when is_cancelled then 'cancelled' else coalesce(order_financial_status, 'pending') end as order_status,
        is_cancelled,
        coalesce(lineitem_quantity, 0)::bigint as units,
        -- tax excluded: tax-inclusive prices lose their tax share; order discount and shipping spread by value
        (coalesce(lineitem_price, 0) * coalesce(lineitem_quantity, 0) * net_of_tax)::double as item_price,
        (0 - line_discount * net_of_tax)::double as item_promotion,
        (coalesce(order_shipping, 0) * value_share * net_of_tax)::double as shipping_price
    from lines
)

select * from final
