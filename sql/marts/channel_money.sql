-- grain: staging.money, with each TikTok Shop order a statement covers taking its money from the statement and
-- its units, SKUs and status from the orders export (per order, not per month: no revenue counted twice)
-- Statement money of an order is spread over the order's export lines by line value (orders export rows keep their
-- lineage and txn_type); statement rows of orders no export holds stay as they are. Export orders no statement
-- covers yet carry fees estimated at the marketplace's settled fee rates (is_estimated).
-- Shopify Payments charge fees are added to their order's lines the same way (see shopify_fees).
-- Scope: every row, unless `money_facts_parts` (set only while the incremental refresh recomputes money_facts; see
-- sql/marts/money_facts.sql) lists store × marketplace × posting-day keys: then only the rows of those partitions
-- and every row of their orders (by store, marketplace, order id, whatever their dates: merged lines take dates from
-- other rows of the same order; Shopify refunds from their Payments refund). Every step below is per order or per
-- row, so a scoped order's rows come out as in the whole view. sql/marts/shopify_fees.sql scopes the same way.
with scope as (
    select unnest(getvariable('money_facts_parts')::VARCHAR[]) as k
),

-- the scope's orders: listed by the refresh in marts_mat.scope_orders (`money_facts_orders` set), else found in
-- staging.money
scope_orders as (
    select o from marts_mat.scope_orders where getvariable('money_facts_orders') is not null
    union
    select concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'), order_id)
    from staging.money
    where getvariable('money_facts_parts') is not null and getvariable('money_facts_orders') is null
        and order_id is not null
        and concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
            coalesce(strftime(posted_date, '%Y-%m-%d'), '~')) in (select k from scope)
    union
    select o from marts.shopify_refund_scope  -- orders whose Payments refund posts on a scoped day
),

-- with the scope the refresh may list its posting days (`money_facts_days`; then marts_mat.scope_orders also holds
-- the Payments-refund orders): the days and the scope's order ids are a cheap first test of every staging.money
-- row, so only the rows passing it build the string keys; and the imports whose rows lie on those days or on any
-- posting day of those orders (`money_facts_imports`, from marts_mat.money_import_parts and money_orders): a literal
-- test of import_id the scan of each raw table takes (its row groups of other imports are skipped)
money as (
    select * from staging.money
    where getvariable('money_facts_parts') is null
        or (getvariable('money_facts_imports') is null
            or list_contains(getvariable('money_facts_imports'), import_id))
        and (getvariable('money_facts_days') is null
            or list_contains(getvariable('money_facts_days'), posted_date)
            or order_id in (select order_id from marts_mat.scope_orders))
        and (concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
                coalesce(strftime(posted_date, '%Y-%m-%d'), '~')) in (select k from scope)
            or (order_id is not null and concat_ws(chr(31), coalesce(store::VARCHAR, '~'),
                coalesce(marketplace::VARCHAR, '~'), order_id) in (select o from scope_orders)))
),

statement as (
    select * from money where source = 'tiktok_statement'
),

exported as (
    select * from money where source = 'tiktok_orders'
),

covered as (
    select distinct s.store, s.marketplace, s.order_id
    from statement as s
    semi join exported as e on e.store is not distinct from s.store and e.marketplace = s.marketplace and e.order_id = s.order_id
    where s.txn_type in ('order', 'refund')
),

-- the statement's money per order and part (order / refund)
settled as (
    select
        s.store, s.marketplace, s.order_id, s.txn_type, any_value(s.currency) as currency,
        max(s.event_date) as event_date, max(s.posted_date) as posted_date, max(s.settlement_id) as settlement_id,
        sum(s.product_sales) as product_sales, sum(s.shipping_credits) as shipping_credits,
        sum(s.promotions) as promotions, sum(s.selling_fees) as selling_fees,
        sum(s.fulfillment_fees) as fulfillment_fees, sum(s.other_txn_fees) as other_txn_fees,
        sum(s.payment_fees) as payment_fees, sum(s.affiliate_fees) as affiliate_fees, sum(s.taxes) as taxes,
        sum(s.total) as total
    from statement as s
    semi join covered as c on c.store is not distinct from s.store and c.marketplace = s.marketplace and c.order_id = s.order_id
    where s.txn_type in ('order', 'refund')
    group by all
),

-- each export order line's share of its order (by value; equal shares when the order has no value)
slots as (
    select
        e.*,
        coalesce(e.product_sales / nullif(sum(e.product_sales) over w, 0), 1.0 / count(*) over w) as share
    from exported as e
    semi join covered as c on c.store is not distinct from e.store and c.marketplace = e.marketplace and c.order_id = e.order_id
    where e.txn_type = 'order'
    window w as (partition by e.store, e.marketplace, e.order_id)
),

export_refunds as (
    select source, import_id, row_no, units, event_date, posted_date from exported where txn_type = 'refund'
),

-- one order line and (when the statement refunds or the export returns units) one refund line per export line
merged as (
    select
        l.* replace (
            k.txn_type as txn_type,
            case when p.txn_type = 'order' then l.units else coalesce(r.units, 0) end as units,
            coalesce(p.currency, l.currency) as currency,
            -- a refund line is dated by its refund: the statement's refund date, else the export's cancel time
            case when k.txn_type = 'refund' then coalesce(p.event_date, r.event_date, l.event_date)
                else l.event_date end as event_date,
            coalesce(p.posted_date, r.posted_date, l.posted_date) as posted_date,
            coalesce(p.settlement_id, l.settlement_id) as settlement_id,
            coalesce(p.product_sales, 0) * l.share as product_sales,
            coalesce(p.shipping_credits, 0) * l.share as shipping_credits,
            coalesce(p.promotions, 0) * l.share as promotions,
            coalesce(p.selling_fees, 0) * l.share as selling_fees,
            coalesce(p.fulfillment_fees, 0) * l.share as fulfillment_fees,
            coalesce(p.other_txn_fees, 0) * l.share as other_txn_fees,
            coalesce(p.payment_fees, 0) * l.share as payment_fees,
            coalesce(p.affiliate_fees, 0) * l.share as affiliate_fees,
            coalesce(p.taxes, 0) * l.share as taxes,
            coalesce(p.total, 0) * l.share as total,
            false as is_estimated
        )
    from slots as l
    cross join (select 'order' as txn_type union all select 'refund') as k
    left join settled as p on p.store is not distinct from l.store and p.marketplace = l.marketplace and p.order_id = l.order_id and p.txn_type = k.txn_type
    left join export_refunds as r
        on k.txn_type = 'refund' and r.source = l.source and r.import_id = l.import_id and r.row_no = l.row_no
    where k.txn_type = 'order' or p.order_id is not null or r.units is not null
),

uncovered as (
    select e.*
    from exported as e
    anti join covered as c on c.store is not distinct from e.store and c.marketplace = e.marketplace and c.order_id = e.order_id
),

estimated as (
    select
        u.* replace (
            u.selling_fees + coalesce(u.product_sales * f.selling_rate, 0) as selling_fees,
            u.fulfillment_fees + coalesce(u.product_sales * f.fulfillment_rate, 0) as fulfillment_fees,
            u.other_txn_fees + coalesce(u.product_sales * f.other_rate, 0) as other_txn_fees,
            coalesce(u.payment_fees, 0) + coalesce(u.product_sales * f.payment_rate, 0) as payment_fees,
            coalesce(u.affiliate_fees, 0) + coalesce(u.product_sales * f.affiliate_rate, 0) as affiliate_fees,
            u.total + coalesce(u.product_sales * f.fee_rate, 0) as total,
            u.txn_type = 'order' and f.fee_rate is not null and u.product_sales <> 0 as is_estimated
        )
    from uncovered as u
    left join marts.settled_fee_rates as f
        on f.marketplace = u.marketplace and f.currency = u.currency and u.txn_type = 'order'
),

-- statement rows of covered orders are now inside the export lines; the rest (adjustments, orders without an
-- export) stay as printed
statement_rest as (
    select s.*
    from statement as s
    anti join covered as c on c.store is not distinct from s.store and c.marketplace = s.marketplace and c.order_id = s.order_id
        and s.txn_type in ('order', 'refund')
),

tiktok as (
    select * exclude (share) from merged
    union all by name
    select * from estimated
    union all by name
    select * from statement_rest
)

select * from tiktok
union all by name
select * from marts.shopify_fees
union all by name
select * from money where source not in ('tiktok_statement', 'tiktok_orders', 'shopify_orders', 'shopify_payments')
