-- grain: one row per Shopify Payments balance transaction (payments transactions export, FORMATS.md §13.3.1):
-- what it paid into which payout and when. `net` = Amount − Fee − VAT on the fee (the export's Net when given).
-- `payout` rows repeat the payout's total (minus the sum of its transactions) and are flagged, never added.
with source as (
    select r.*, i.store, lower(trim(r.type)) as type_key
    from raw.shopify_payments as r
    left join meta.imports as i on i.import_id = r.import_id
)

select
    store,
    marketplace,
    coalesce(upper(currency), 'USD') as currency,
    type_key,
    order_name as order_id,
    cast(transaction_date as date) as sale_date,
    payout_id,
    payout_date,
    lower(trim(payout_status)) as payout_status,
    -- received: the payout was paid (exports without a status column: it has a payout date)
    payout_date is not null and coalesce(lower(trim(payout_status)), 'paid') = 'paid' as is_paid,
    type_key in ('payout', 'payout_failure', 'payout_cancellation') as is_payout_row,
    coalesce(amount, 0) as amount,
    coalesce(net, coalesce(amount, 0) - coalesce(fee, 0) - coalesce(fee_vat, 0)) as net
from source
