-- grain: one row per line of an Amazon transaction report (orders, refunds, fees, transfers)
with source as (
    select * exclude (txn_type), txn_type as raw_type, lower(coalesce(description, '')) as d
    from raw.amazon_transactions
),

final as (
    select
        'amazon_transactions' as source,
        1 as source_rank,
        import_id,
        row_no,
        'amazon' as channel,
        marketplace,
        currency,
        -- what the line is (docs/DATA_MODEL.md, "Charge types"): the localised type first, then the description
        case
            when raw_type in ('order', 'refund', 'transfer') then raw_type
            when regexp_matches(d, 'advertis|werbekosten|publicit|pubblicit|publicidad|広告') then 'ad_charge'
            when regexp_matches(d, 'subscription|abonnement|abbonamento|suscripci|月間登録料') then 'subscription'
            when regexp_matches(d, 'reimburs|erstattung|rembours|rimbors|reembols|補填|補償')
                and raw_type in ('adjustment', 'other') then 'reimbursement'
            when raw_type = 'adjustment' then 'adjustment'
            when regexp_matches(d, 'removal|disposal|entsorgung|rücksendung|retrait|élimination|rimozione|'
                || 'smaltimento|retirada|eliminaci|返送|廃棄|所有権') then 'removal_fee'
            when regexp_matches(d, 'inbound|placement|transportation|frachtkosten|transportpartner|'
                || 'transporteur|trasporto|transporte|配置|納品|輸送') then 'inbound_fee'
            when raw_type = 'fba_inventory_fee'
                or regexp_matches(d, 'storage|lagergebühr|stockage|stoccaggio|almacenamiento|保管') then 'fba_inventory_fee'
            when raw_type = 'shipping_services' then 'shipping_services'
            when raw_type = 'service_fee' or lower(trim(type)) = '注文外料金' then 'other_service_fee'
            else 'other'
        end as txn_type,
        order_id,
        sku,
        cast(posted_at as date) as event_date,
        cast(posted_at as date) as posted_date,
        settlement_id,
        cast(case when raw_type in ('order', 'refund') then abs(coalesce(quantity, 0)) else 0 end as bigint) as units,
        coalesce(product_sales, 0) as product_sales,
        coalesce(shipping_credits, 0) as shipping_credits,
        coalesce(gift_wrap_credits, 0) as giftwrap_credits,
        coalesce(promotional_rebates, 0) + coalesce(points_cost, 0) as promotions,
        coalesce(selling_fees, 0) as selling_fees,
        coalesce(fba_fees, 0) as fulfillment_fees,
        coalesce(other_transaction_fees, 0) + coalesce(regulatory_fee, 0) as other_txn_fees,
        coalesce(other, 0) as other_amount,
        coalesce(product_sales_tax, 0) + coalesce(shipping_credits_tax, 0) + coalesce(gift_wrap_credits_tax, 0)
        + coalesce(promotional_rebates_tax, 0) + coalesce(marketplace_withheld_tax, 0)
        + coalesce(sales_tax_collected, 0) + coalesce(marketplace_facilitator_tax, 0)
        + coalesce(regulatory_fee_tax, 0) + coalesce(in_tcs_cgst, 0) + coalesce(in_tcs_sgst, 0)
        + coalesce(in_tcs_igst, 0) + coalesce(in_tds, 0) as taxes,
        total,
        coalesce(lower(transaction_status) in ('deferred', 'zurückgestellt'), false) as is_deferred,
        description
    from source
)

select * from final
