-- grain: the Shopify money lines (orders export + Shopify Payments), with each charge's processing fee spread
-- over its order's lines by line value (same currency only); charges of orders no export holds stay as printed.
-- Refund lines of the orders export (dated by their order there) take the date of the order's latest Payments
-- `refund` (staging.shopify_refund_dates); without one they keep the order date (listed in data health).
-- Scope: as in sql/marts/channel_money.sql (`money_facts_parts` set: the listed partitions' rows and every row of
-- their orders; every step below is per order or per row).
with shopify as (
    select
        *,
        concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
            coalesce(strftime(posted_date, '%Y-%m-%d'), '~')) as part_key,
        concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'), order_id) as order_key
    from staging.money
    where source in ('shopify_orders', 'shopify_payments')
        -- the scope's imports when the refresh lists them (see sql/marts/channel_money.sql)
        and (getvariable('money_facts_parts') is null or getvariable('money_facts_imports') is null
            or list_contains(getvariable('money_facts_imports'), import_id))
),

scope as (
    select unnest(getvariable('money_facts_parts')::VARCHAR[]) as k
),

scope_orders as (
    select o from marts_mat.scope_orders where getvariable('money_facts_orders') is not null
    union
    select order_key from shopify
    where getvariable('money_facts_orders') is null and order_id is not null and part_key in (select k from scope)
    union
    select o from marts.shopify_refund_scope  -- orders whose Payments refund posts on a scoped day
),

money as (
    select * exclude (part_key, order_key) from shopify
    where getvariable('money_facts_parts') is null or part_key in (select k from scope)
        or (order_id is not null and order_key in (select o from scope_orders))
),

exported as (
    select * from money where source = 'shopify_orders'
),

charges as (
    select store, marketplace, currency, order_id, sum(payment_fees) as fee
    from money
    where source = 'shopify_payments' and txn_type = 'order' and order_id is not null
    group by all
),

matched as (
    select c.*
    from charges as c
    semi join exported as e
        on e.store is not distinct from c.store and e.marketplace = c.marketplace and e.order_id = c.order_id
        and e.currency = c.currency
        and e.txn_type = 'order'
),

lines as (
    select
        e.*,
        coalesce(e.product_sales / nullif(sum(e.product_sales) over w, 0), 1.0 / count(*) over w) as share
    from exported as e
    where e.txn_type = 'order'
    window w as (partition by e.store, e.marketplace, e.order_id, e.currency)
),

with_fees as (
    select
        l.* exclude (share) replace (
            coalesce(l.payment_fees, 0) + coalesce(m.fee * l.share, 0) as payment_fees,
            l.total + coalesce(m.fee * l.share, 0) as total
        )
    from lines as l
    left join matched as m on m.store is not distinct from l.store and m.marketplace = l.marketplace and m.order_id = l.order_id and m.currency = l.currency
),

-- the refund's own date and payout date; amounts and units unchanged
refunds as (
    select
        e.* replace (
            coalesce(d.refund_date, e.event_date) as event_date,
            coalesce(d.refund_posted_date, e.posted_date) as posted_date
        )
    from exported as e
    left join staging.shopify_refund_dates as d
        on d.store is not distinct from e.store and d.marketplace is not distinct from e.marketplace
        and d.order_id = e.order_id
    where e.txn_type <> 'order'
),

rest as (
    select p.*
    from money as p
    anti join matched as m on m.store is not distinct from p.store and m.marketplace = p.marketplace and m.order_id = p.order_id
        and m.currency = p.currency and p.txn_type = 'order'
    where p.source = 'shopify_payments'
)

select * from with_fees
union all by name
select * from refunds
union all by name
select * from rest
