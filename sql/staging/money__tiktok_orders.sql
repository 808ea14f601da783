-- grain: one order row per TikTok Shop order line plus one refund row per refunded line (latest exported version)
with lines as (
    select * from staging.tiktok_order_lines
),

-- cancelled lines bring no sales, and so no refund either; order-level amounts sit on the first line only
sales as (
    select
        *,
        'order' as txn_type,
        cast(created_time as date) as event_date,
        case when is_cancelled then 0 else coalesce(quantity, 0) end::bigint as units,
        case when is_cancelled then 0 else coalesce(subtotal_before_discount, 0) end::double as product_sales,
        case when is_first_line and not is_cancelled then coalesce(shipping_fee_after_discount, 0) else 0 end::double
            as shipping_credits,
        -- the platform discount (SKU Platform Discount) is paid by TikTok, not the seller: it is left out
        case when is_cancelled then 0 else 0 - coalesce(seller_discount, 0) end::double as promotions,
        case when is_first_line and not is_cancelled then coalesce(taxes, 0) else 0 end::double as taxes_amount
    from lines
),

-- `Order Refund Amount` covers the whole order, tax and shipping included: split in the order's own proportions
refunds as (
    select
        *,
        'refund' as txn_type,
        cast(coalesce(cancelled_time, created_time) as date) as event_date,
        coalesce(return_quantity, 0)::bigint as units,
        case when is_first_line then coalesce(order_refund_amount, 0) / nullif(order_amount, 0) end as share,
        case when is_first_line then -(coalesce(order_refund_amount, 0)
            - coalesce(share, 0) * (coalesce(taxes, 0) + coalesce(shipping_fee_after_discount, 0))) else 0 end::double
            as product_sales,
        (0 - coalesce(share, 0) * coalesce(shipping_fee_after_discount, 0))::double as shipping_credits,
        0::double as promotions,
        (0 - coalesce(share, 0) * coalesce(taxes, 0))::double as taxes_amount
    from lines
    where not is_cancelled
      and ((is_first_line and coalesce(order_refund_amount, 0) <> 0) or coalesce(return_quantity, 0) > 0)
),

events as (
    select * from sales
    union all by name
    select * from refunds
),

final as (
    select
        'tiktok_orders' as source,
        1 as source_rank,
        import_id,
        row_no,
        'tiktok' as channel,
        marketplace,
        currency,
        txn_type,
        order_id,
        seller_sku as sku,
        event_date,
        -- the order export carries no payout date: the event date stands in for the posting date
        event_date as posted_date,
        null::varchar as settlement_id,
        units,
        product_sales,
        shipping_credits,
        0::double as giftwrap_credits,
        promotions,
        -- commission and fulfilment fees are not in the order export (they are in the finance statements)
        0::double as selling_fees,
        0::double as fulfillment_fees,
        0::double as other_txn_fees,
        0::double as other_amount,
        taxes_amount as taxes,
        product_sales + shipping_credits + promotions + taxes_amount as total,
        false as is_deferred,
        0::double as payment_fees,
        0::double as affiliate_fees,
        false as is_estimated,
        product_name as description
    from events
)

select * from final
