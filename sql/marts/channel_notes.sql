-- grain: one row per kind × marketplace × item of TikTok Shop / Shopify money that the seller should know about
-- kinds: estimated_fees (order lines no statement covers yet: fees at the settled rate), fees_missing (TikTok
-- orders of a marketplace with no statement at all), refund_order_date (Shopify refunds without a Payments refund
-- date, so dated by their order), no_sku (Shopify lines
-- with a blank SKU; fee_rate = the settled rate used for estimated_fees (<= 0)
-- with a blank SKU, kept under "(no SKU) <line-item name>"), unknown_type (statement / payment types not known)
with money as (
    select * from marts.channel_money
),

notes as (
    select
        'estimated_fees' as kind, marketplace, currency, 'orders not settled yet' as item,
        count(distinct order_id) as lines,
        sum(selling_fees + fulfillment_fees + other_txn_fees + payment_fees + affiliate_fees) as amount,
        min(event_date) as first_day, max(event_date) as last_day,
        any_value(r.fee_rate) as fee_rate
    from money as m
    left join marts.settled_fee_rates as r using (marketplace, currency)
    where m.is_estimated
    group by marketplace, currency

    union all

    -- TikTok Shop orders with no statement history at all for their marketplace: fees are missing, not estimated
    select
        'fees_missing' as kind, marketplace, currency, 'no finance statement imported' as item,
        count(distinct order_id) as lines, sum(product_sales) as amount,
        min(event_date) as first_day, max(event_date) as last_day, null::double as fee_rate
    from money as m
    anti join marts.settled_fee_rates as r using (marketplace, currency)
    where m.source = 'tiktok_orders' and m.txn_type = 'order' and m.product_sales > 0
    group by all

    union all

    select
        'no_sku' as kind, marketplace, currency, sku as item, count(*) as lines, sum(product_sales) as amount,
        min(event_date) as first_day, max(event_date) as last_day, null::double as fee_rate
    from money
    where channel = 'shopify' and sku like '(no SKU) %' and txn_type = 'order'
    group by all

    union all

    -- Shopify refunds no Payments `refund` transaction dates: counted on their order's date, not the refund's
    select
        'refund_order_date' as kind, marketplace, currency, 'refund dated by its order' as item,
        count(distinct order_id) as lines, sum(product_sales + shipping_credits) as amount,
        min(event_date) as first_day, max(event_date) as last_day, null::double as fee_rate
    from money as m
    where m.source = 'shopify_orders' and m.txn_type = 'refund' and not exists (
        select 1 from staging.shopify_refund_dates as d
        where d.store is not distinct from m.store and d.marketplace is not distinct from m.marketplace
            and d.order_id = m.order_id
    )
    group by all

    union all

    select
        'unknown_type' as kind, marketplace, currency, description as item, count(*) as lines, sum(total) as amount,
        min(event_date) as first_day, max(event_date) as last_day, null::double as fee_rate
    from money
    where source in ('tiktok_statement', 'shopify_payments') and txn_type = 'other'
    group by all
)

select * from notes
order by kind, marketplace, item
