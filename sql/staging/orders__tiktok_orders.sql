-- grain: one row per TikTok Shop order line (latest exported version)
with lines as (
    select * from staging.tiktok_order_lines
),

final as (
    select
        'tiktok_orders' as source,
        import_id,
        row_no,
        'tiktok' as channel,
        marketplace,
        currency,
        order_id,
        seller_sku as sku,
        cast(created_time as date) as purchase_date,
        case when is_cancelled then 'cancelled' else lower(order_status) end as order_status,
        is_cancelled,
        coalesce(quantity, 0)::bigint as units,
        coalesce(subtotal_before_discount, 0)::double as item_price,
        -- the platform discount is paid by TikTok, not the seller: only the seller's discount is a promotion
        (0 - coalesce(seller_discount, 0))::double as item_promotion,
        case when is_first_line then coalesce(shipping_fee_after_discount, 0) else 0 end::double as shipping_price
    from lines
)

select * from final
