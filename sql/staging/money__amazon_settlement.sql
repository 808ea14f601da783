-- grain: one row per settlement transaction (settlement, type, order, sku, local posted day, adjustment/shipment)
with source as (
    select * from raw.amazon_settlement
    where amount_type is not null  -- the summary row carries the settlement total, not a money event
),

components_classified as (
    select
        *,
        cast(posted_at as date) as posted_day,
        -- what the line is (docs/DATA_MODEL.md, "Charge types"), from transaction type, amount type and description
        case
            when amount_type = 'Cost of Advertising' or amount_description ilike '%advertis%' then 'ad_charge'
            when lower(transaction_type) in ('order', 'order_retrocharge') then 'order'
            when lower(transaction_type) in ('refund', 'refund_retrocharge', 'chargeback refund',
                'a-to-z guarantee claim') then 'refund'
            when amount_description ilike '%subscription%' then 'subscription'
            when amount_type ilike '%reimbursement%' or amount_description ilike '%reimbursement%' then 'reimbursement'
            when amount_description ilike '%reserve%' or lower(transaction_type) = 'transfer' then 'transfer'
            when lower(transaction_type) = 'adjustment' then 'adjustment'
            when amount_description ilike '%removal%' or amount_description ilike '%disposal%' then 'removal_fee'
            when transaction_type ilike '%inbound%' or amount_description ilike '%inbound%'
                or amount_description ilike '%placement%' then 'inbound_fee'
            when amount_description ilike '%storage%' then 'fba_inventory_fee'
            when transaction_type ilike '%shipping services%' then 'shipping_services'
            when lower(transaction_type) in ('servicefee', 'other-transaction') then 'other_service_fee'
            else 'other'
        end as txn_type
    from source
),

components_bucketed as (
    select
        *,
        case
            when txn_type not in ('order', 'refund') then 'other_amount'
            -- tax lines only: SalesTaxCollectionFee is an ItemFees fee, not a tax
            when amount_type ilike '%tax%' or (amount_type = 'ItemPrice' and amount_description ilike '%tax%')
                then 'taxes'
            when amount_type = 'Promotion' then 'promotions'
            when amount_type = 'ItemPrice' and amount_description = 'Principal' then 'product_sales'
            when amount_type = 'ItemPrice' and amount_description = 'Shipping' then 'shipping_credits'
            when amount_type = 'ItemPrice' and amount_description = 'GiftWrap' then 'giftwrap_credits'
            when amount_description in ('Commission', 'RefundCommission', 'VariableClosingFee',
                'FixedClosingFee') then 'selling_fees'
            when amount_description ilike 'FBA%' then 'fulfillment_fees'
            else 'other_txn_fees'
        end as bucket,
        case when txn_type not in ('order', 'refund') then amount_type || '/' || amount_description end as other_label
    from components_classified
),

final as (
    select
        'amazon_settlement' as source,
        2 as source_rank,
        import_id,
        min(row_no) as row_no,
        'amazon' as channel,
        marketplace,
        currency,
        txn_type,
        order_id,
        sku,
        posted_day as event_date,
        posted_day as posted_date,
        settlement_id,
        -- money summed as DECIMAL: a DOUBLE sum's last bits depend on the order the rows reach it (parallel), so the
        -- same file gave totals like 12.569999999999999 and ...97 in two builds (and two fingerprints of one line)
        cast(sum(case when bucket = 'product_sales' then abs(coalesce(quantity_purchased, 0)) else 0 end)
            as bigint) as units,
        sum(case when bucket = 'product_sales' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as product_sales,
        sum(case when bucket = 'shipping_credits' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as shipping_credits,
        sum(case when bucket = 'giftwrap_credits' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as giftwrap_credits,
        sum(case when bucket = 'promotions' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as promotions,
        sum(case when bucket = 'selling_fees' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as selling_fees,
        sum(case when bucket = 'fulfillment_fees' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as fulfillment_fees,
        sum(case when bucket = 'other_txn_fees' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as other_txn_fees,
        sum(case when bucket = 'other_amount' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as other_amount,
        sum(case when bucket = 'taxes' then amount::DECIMAL(38, 6) else 0 end)::DOUBLE as taxes,
        sum(amount::DECIMAL(38, 6))::DOUBLE as total,
        false as is_deferred,
        string_agg(distinct other_label, '; ' order by other_label) as description
    from components_bucketed
    group by import_id, marketplace, currency, txn_type, settlement_id, order_id, sku, posted_day, adjustment_id,
        shipment_id
)

select * from final
