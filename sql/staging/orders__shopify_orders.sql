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
        lineitem_sku as sku,
        cast(order_created_at as date) as purchase_date,
        case when is_cancelled then 'cancelled' else coalesce(order_financial_status, 'pending') end as order_status,
        is_cancelled,
        coalesce(lineitem_quantity, 0)::bigint as units,
        (coalesce(lineitem_price, 0) * coalesce(lineitem_quantity, 0))::double as item_price,
        (0 - coalesce(lineitem_discount, 0))::double as item_promotion,
        case when is_first_line then coalesce(shipping, 0) else 0 end::double as shipping_price
    from lines
)

select * from final
