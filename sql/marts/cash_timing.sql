-- grain: one sale (order line) × the payout that paid it: sale date → paid date, weighted later by `amount`
-- Amazon and TikTok Shop: order lines of marts.money_lines (the winning source, sale date = the order's date when a
-- report knows it, else its posting date) whose settlement / statement is paid (marts.cash_receipts);
-- Shopify: each paid `charge` of the Payments export (sale date = the charge's date, amount = the charge).
with receipts as (
    select channel, store, marketplace, currency, payout_id, max(paid_date) as paid_date
    from marts.cash_receipts
    group by all
),

settled_lines as (
    select
        l.channel, l.store, l.marketplace, l.currency, l.order_id, l.event_date as sale_date, r.paid_date,
        l.gross_sales as amount
    from marts.money_lines as l
    inner join receipts as r
        on r.payout_id = l.settlement_id and r.channel = l.channel and r.store is not distinct from l.store
        and r.currency = l.currency
    where l.txn_type = 'order' and l.channel in ('amazon', 'tiktok') and l.gross_sales > 0
),

shopify_charges as (
    select
        'shopify' as channel, store, marketplace, currency, order_id, sale_date, payout_date as paid_date,
        amount
    from staging.shopify_payout_lines
    where is_paid and type_key = 'charge' and amount > 0
),

final as (
    select *, date_diff('day', sale_date, paid_date) as days_to_cash
    from (
        select * from settled_lines
        union all by name
        select * from shopify_charges
    )
)

select * from final
