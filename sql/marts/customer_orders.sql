-- grain: one order (store × channel × order id) of a channel that names its buyer, with the buyer's salted hash
-- (Shopify: e-mail; TikTok Shop: buyer user name). Cancelled orders are left out. No e-mail or name exists here.
with shopify_lines as (
    select * from staging.shopify_order_lines
),

tiktok_lines as (
    select * from staging.tiktok_order_lines
),

shopify_orders as (
    select
        import_store as store,
        'shopify' as channel,
        marketplace,
        order_name as order_id,
        max(order_customer_hash) as customer_hash,
        min(cast(order_created_at as date)) as order_date,
        bool_or(is_cancelled) as is_cancelled
    from shopify_lines
    group by all
),

tiktok_orders as (
    select
        import_store as store,
        'tiktok' as channel,
        marketplace,
        order_id,
        max(customer_hash) as customer_hash,
        min(cast(created_time as date)) as order_date,
        bool_or(is_cancelled) as is_cancelled
    from tiktok_lines
    group by all
),

final as (
    select store, channel, marketplace, order_id, customer_hash, order_date
    from (select * from shopify_orders union all by name select * from tiktok_orders)
    where customer_hash is not null and order_date is not null and not is_cancelled
)

select * from final
