-- grain: one money line per TikTok Shop statement row (an order row also gives a refund line when it refunds sales)
-- Fee totals (`Fees`, `Total Fees`) are never added to their parts: other_txn_fees is what the settlement holds
-- beyond the classified parts, so every line's parts + taxes equal `Total settlement amount`.
with source as (
    select
        *,
        lower(trim(type)) as type_key,
        coalesce(gross_sales, subtotal_before_discounts) as gross,
        coalesce(seller_discount, seller_discounts) as discount,
        coalesce(gross_sales_refund, refund_subtotal_before) as gross_refund,
        coalesce(seller_discount_refund, refund_of_seller_discounts) as discount_refund
    -- overlapping downloads (a weekly export repeating the previous block) are dropped on import by fingerprint
    from raw.tiktok_statement
),

orders as (
    select
        *,
        -- sales and their refund (signs forced: refunds and discounts reduce, discount refunds give back)
        coalesce(gross, net_sales, 0) as ps,
        case when gross is null then 0 else 0 - abs(coalesce(discount, 0)) end as promo,
        0 - abs(coalesce(gross_refund, 0)) as ps_refund,
        abs(coalesce(discount_refund, 0)) as promo_refund,
        coalesce(customer_shipping_fee, 0) + coalesce(customer_shipping_fee_refund, 0) as ship_credit,
        coalesce(shipping_net, 0) - coalesce(customer_shipping_fee, 0) - coalesce(customer_shipping_fee_refund, 0)
            + coalesce(sfp_service_fee, 0) as fulfil,
        coalesce(referral_fee, 0) + coalesce(referral_fee_tax, 0) + coalesce(refund_admin_fee, 0)
            + coalesce(dynamic_commission, 0) as selling,
        coalesce(transaction_fee, 0) + coalesce(installment_fee, 0) as payment,
        coalesce(affiliate_commission, 0) + coalesce(affiliate_partner_commission, 0)
            + coalesce(affiliate_shop_ads_commission, 0) + coalesce(affiliate_partner_shop_ads, 0)
            + coalesce(affiliate_commission_deposit, 0) + coalesce(affiliate_commission_refund, 0) as affiliate,
        coalesce(sst, 0) + coalesce(income_tax_withheld, 0) as withheld
    from source
    where type_key in ('order', 'refund', '订单', 'pesanan', 'pedido')
),

order_lines as (
    select
        *,
        'order' as txn_type,
        ps as product_sales,
        promo as promotions,
        ship_credit as shipping_credits,
        fulfil as fulfillment_fees,
        selling as selling_fees,
        payment as payment_fees,
        affiliate as affiliate_fees,
        withheld as taxes_amount,
        -- the order part of the settlement: everything but the refunded sales
        coalesce(total_settlement, 0) - (ps_refund + promo_refund) as line_total
    from orders
),

refund_lines as (
    select
        *,
        'refund' as txn_type,
        ps_refund as product_sales,
        promo_refund as promotions,
        0.0 as shipping_credits,
        0.0 as fulfillment_fees,
        0.0 as selling_fees,
        0.0 as payment_fees,
        0.0 as affiliate_fees,
        0.0 as taxes_amount,
        ps_refund + promo_refund as line_total
    from orders
    where ps_refund <> 0 or promo_refund <> 0
),

-- adjustments by what they are; an ads payment sits in both the total and `Adjustment amount`: the total counts
adjustments as (
    select
        *,
        case
            when type_key like 'gmv payment for%' or type_key like 'top up for ads%' then 'ad_charge'
            when type_key like '%reimbursement%' or type_key like '%compensation%' then 'reimbursement'
            when type_key in ('reserve', 'withdrawal') then 'transfer'
            when type_key like '%fee%' or type_key like '%campaign package%' or type_key like '%deduction%'
                or type_key like '%commission adjustment%' then 'service_fee'
            when type_key like '%adjustment%' then 'adjustment'
            else 'other'
        end as txn_type,
        0.0 as product_sales, 0.0 as promotions, 0.0 as shipping_credits, 0.0 as fulfillment_fees,
        0.0 as selling_fees, 0.0 as payment_fees, 0.0 as affiliate_fees, 0.0 as taxes_amount,
        coalesce(total_settlement, 0) as line_total
    from source
    where type_key not in ('order', 'refund', '订单', 'pesanan', 'pedido')
),

events as (
    select * from order_lines
    union all by name
    select * from refund_lines
    union all by name
    select * from adjustments
),

final as (
    select
        'tiktok_statement' as source,
        1 as source_rank,
        import_id,
        row_no,
        'tiktok' as channel,
        marketplace,
        coalesce(upper(currency), default_currency) as currency,
        txn_type,
        coalesce(related_order_id, case when txn_type in ('order', 'refund') then adjustment_id end) as order_id,
        sku_id as sku,
        -- operational date: the order's creation (a refund: its statement date); cash date: the statement
        cast(case when txn_type = 'refund' then coalesce(statement_date, order_settled, order_created)
            else coalesce(order_created, statement_date, order_settled) end as date) as event_date,
        cast(coalesce(statement_date, order_settled, order_created) as date) as posted_date,
        coalesce(statement_id, payment_id) as settlement_id,
        case when txn_type = 'order' then coalesce(quantity, 0) else 0 end::bigint as units,
        product_sales::double as product_sales,
        shipping_credits::double as shipping_credits,
        0::double as giftwrap_credits,
        promotions::double as promotions,
        selling_fees::double as selling_fees,
        fulfillment_fees::double as fulfillment_fees,
        -- what the settlement holds beyond the classified parts (campaign / service fees, order adjustments)
        case when txn_type = 'order' then line_total - (product_sales + promotions + shipping_credits
            + fulfillment_fees + selling_fees + payment_fees + affiliate_fees + taxes_amount) else 0 end::double
            as other_txn_fees,
        case when txn_type in ('order', 'refund') then 0 else line_total end::double as other_amount,
        taxes_amount::double as taxes,
        line_total::double as total,
        false as is_deferred,
        payment_fees::double as payment_fees,
        affiliate_fees::double as affiliate_fees,
        false as is_estimated,
        case when txn_type = 'other' then 'unknown TikTok statement type: ' || type
            else coalesce(adjustment_reason, type || coalesce(': ' || product_name, '')) end as description
    from events
)

select * from final
