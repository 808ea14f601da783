-- grain: one row per store × marketplace × Shopify order with a `refund` in the Payments transactions export
-- The orders export prints how much was refunded but not when (FORMATS.md §9: no refund timestamp); the Payments
-- export dates each refund. An order refunded in several parts takes its latest refund's date: the orders export
-- gives one refund amount per order, so the parts' own amounts cannot be placed on its line.
with source as (
    select r.*, i.store
    from raw.shopify_payments as r
    left join meta.imports as i on i.import_id = r.import_id
    where lower(trim(r.type)) = 'refund' and r.order_name is not null
)

select
    store,
    marketplace,
    order_name as order_id,
    max(cast(transaction_date as date)) as refund_date,
    max(coalesce(payout_date, available_on, cast(transaction_date as date))) as refund_posted_date,
    count(*) as refunds
from source
group by all
