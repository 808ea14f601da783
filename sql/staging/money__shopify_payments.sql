-- grain: one money line per Shopify Payments balance transaction that brings money the orders export lacks
-- Charges give their processing fee (the sale itself is in the orders export); refunds only a fee, when any;
-- adjustments / chargebacks their net; payouts and reserves are transfers; unknown types stay visible as 'other'.
with source as (
    select *, lower(trim(type)) as type_key
    -- overlapping exports repeat transactions: the importer keeps each row once (fingerprint)
    from raw.shopify_payments
),

classified as (
    select
        *,
        case
            when type_key = 'charge' then 'order'
            when type_key = 'refund' then 'refund'
            when type_key = 'adjustment' then 'adjustment'
            -- a chargeback takes the sale back and charges a fee: a cost, not income
            when type_key in ('chargeback', 'dispute') then 'service_fee'
            when type_key in ('payout', 'payout_failure', 'payout_cancellation', 'reserve', 'credit', 'debit')
                then 'transfer'
            else 'other'
        end as txn_type,
        -- Shopify's fee (and the VAT charged on it) is a cost: <= 0 in the money family
        0 - coalesce(fee, 0) - coalesce(fee_vat, 0) as fee_cost
    from source
),

final as (
    select
        'shopify_payments' as source,
        1 as source_rank,
        import_id,
        row_no,
        'shopify' as channel,
        marketplace,
        coalesce(upper(currency), 'USD') as currency,
        txn_type,
        order_name as order_id,
        null::varchar as sku,
        cast(transaction_date as date) as event_date,
        coalesce(payout_date, available_on, cast(transaction_date as date)) as posted_date,
        payout_id as settlement_id,
        0::bigint as units,
        0::double as product_sales,
        0::double as shipping_credits,
        0::double as giftwrap_credits,
        0::double as promotions,
        0::double as selling_fees,
        0::double as fulfillment_fees,
        0::double as other_txn_fees,
        case when txn_type in ('order', 'refund') then 0 else coalesce(amount, 0) + fee_cost end::double
            as other_amount,
        0::double as taxes,
        case when txn_type in ('order', 'refund') then fee_cost else coalesce(amount, 0) + fee_cost end::double
            as total,
        coalesce(payout_status, '') = 'pending' as is_deferred,
        case when txn_type in ('order', 'refund') then fee_cost else 0 end::double as payment_fees,
        0::double as affiliate_fees,
        false as is_estimated,
        case when txn_type = 'other' then 'unknown Shopify Payments type: ' || type
            else 'Shopify Payments ' || type_key || coalesce(' ' || payment_method_name, '') end as description
    from classified
    -- a refund returns the sale (already in the orders export) and normally no fee: nothing new to count
    where not (txn_type = 'refund' and fee_cost = 0)
)

select * from final
