-- grain: one order row per Shopify line item plus refund rows (first line: the refunded amount; every line of a
-- fully refunded order: its units)
with lines as (
    select * from staging.shopify_order_lines
),

-- cancelled (or voided) orders bring no sales and so no refund; order-level discount, shipping and tax are
-- spread over the lines by value; tax-inclusive prices lose their tax share (net_of_tax) and the tax is kept apart
sales as (
    select
        *,
        'order' as txn_type,
        case when is_cancelled then 0 else coalesce(lineitem_quantity, 0) end::bigint as units,
        case when is_cancelled then 0
            else coalesce(lineitem_price, 0) * coalesce(lineitem_quantity, 0) * net_of_tax end::double as product_sales,
        case when is_cancelled then 0 else coalesce(order_shipping, 0) * value_share * net_of_tax end::double
            as shipping_credits,
        case when is_cancelled then 0 else 0 - line_discount * net_of_tax end::double as promotions,
        case when is_cancelled then 0 else coalesce(order_taxes, 0) * value_share end::double as taxes_amount
    from lines
),

-- `Refunded Amount` includes tax and shipping: split in the order's own proportions (first line)
refunds as (
    select
        *,
        'refund' as txn_type,
        case when order_financial_status = 'refunded' then coalesce(lineitem_quantity, 0) else 0 end::bigint as units,
        case when is_first_line then coalesce(refunded_amount, 0) / nullif(total, 0) end as share,
        case when is_first_line then 0 - (coalesce(refunded_amount, 0)
            - coalesce(share, 0) * (coalesce(taxes, 0) + coalesce(shipping, 0) * net_of_tax)) else 0 end::double
            as product_sales,
        (0 - coalesce(share, 0) * coalesce(shipping, 0) * net_of_tax)::double as shipping_credits,
        0::double as promotions,
        (0 - coalesce(share, 0) * coalesce(taxes, 0))::double as taxes_amount
    from lines
    where not is_cancelled
      and ((is_first_line and coalesce(refunded_amount, 0) <> 0) or order_financial_status = 'refunded')
),

events as (
    select * from sales
    union all by name
    select * from refunds
),

final as (
    select
        'shopify_orders' as source,
        1 as source_rank,
        import_id,
        row_no,
        'shopify' as channel,
        marketplace,
        coalesce(order_currency, 'USD') as currency,
        txn_type,
        order_name as order_id,
        line_sku as sku,
        -- no refund date in this export: the order date here; marts.shopify_fees dates it by the Payments refund
        cast(order_created_at as date) as event_date,
        cast(order_created_at as date) as posted_date,
        null::varchar as settlement_id,
        units,
        product_sales,
        shipping_credits,
        0::double as giftwrap_credits,
        promotions,
        -- Shopify Payments fees come from the payment transactions export (marts.shopify_fees)
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
        lineitem_name as description
    from events
)

select * from final
