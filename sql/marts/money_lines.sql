-- grain: one money event (a staging.money row) from the winning source of its marketplace × posting month
-- precedence: the lowest source_rank present for the marketplace and month wins; sources are never added up;
-- TikTok Shop / Shopify orders already take their settled money and fees per order in marts.channel_money
with money as (
    select * from marts.channel_money
),

conventions as (
    select * from marts.conventions
),

lookup as (
    select * from marts.sku_lookup
),

fx as (
    select * from marts.fx_pairs
),

purchases as (
    select marketplace, order_id, sku, min(purchase_date) as purchase_date
    from staging.orders
    where order_id is not null and purchase_date is not null
    group by all
),

-- operational date of an order = its purchase date when an orders report knows it (payments post on shipping)
dated as (
    select
        m.* replace (case when m.txn_type = 'order' then coalesce(p.purchase_date, m.event_date)
            else m.event_date end as event_date)
    from money as m
    left join purchases as p on p.marketplace = m.marketplace and p.order_id = m.order_id and p.sku = m.sku
),

ranked as (
    select
        *,
        min(source_rank) over (partition by store, marketplace, date_trunc('month', posted_date)) as best_rank,
        -- an order line counted by a better source in another month is not counted again
        case when txn_type in ('order', 'refund') and order_id is not null
            then min(source_rank) over (partition by store, marketplace, order_id, sku, txn_type) end as order_rank
    from dated
),

mapped as (
    select
        r.* exclude (best_rank, order_rank),
        coalesce(e.master_sku, w.master_sku, r.sku) as master_sku,
        r.sku is not null and coalesce(e.master_sku, w.master_sku) is null as is_unmapped,
        c.base_currency
    from ranked as r
    cross join conventions as c
    left join lookup as e on e.channel_sku = r.sku and e.marketplace_key = r.marketplace
    left join lookup as w on w.channel_sku = r.sku and w.marketplace_key = '*'
    where r.source_rank = r.best_rank and r.source_rank = coalesce(r.order_rank, r.source_rank)
),

-- rate of the fact's own (event) date: the latest rate on or before it; never 1.0 unless the currency is the base
rated as (
    select
        m.*,
        case when m.currency = m.base_currency then 1.0 else fx.rate end as fx_rate
    from mapped as m
    asof left join fx
        on fx.currency = m.currency and fx.base_currency = m.base_currency and m.event_date >= fx.rate_date
),

-- every line's amounts go to one bucket by what the line is (txn_type), never by the column they sit in:
-- order/refund -> sales, promotions, marketplace fees; ad_charge -> ad_charges; reimbursement/adjustment ->
-- other_income; transfer -> none; every other charge (subscription, storage, inbound, removal, shipping
-- services, other service fees, unknown types) -> other_fees. Taxes stay apart on every line.
components as (
    select
        * replace (
            case when is_sale then promotions else 0 end as promotions,
            case when is_sale then selling_fees else 0 end as selling_fees,
            case when is_sale then fulfillment_fees else 0 end as fulfillment_fees,
            case when is_sale then other_txn_fees else 0 end as other_txn_fees,
            case when is_sale then payment_fees else 0 end as payment_fees,
            case when is_sale then affiliate_fees else 0 end as affiliate_fees
        ),
        case when txn_type = 'order' then product_sales + shipping_credits + giftwrap_credits else 0 end
            as gross_sales,
        case when txn_type = 'refund' then product_sales + shipping_credits + giftwrap_credits else 0 end
            as refunds,
        case when is_sale then selling_fees + fulfillment_fees + other_txn_fees + coalesce(payment_fees, 0)
            + coalesce(affiliate_fees, 0) else 0 end as marketplace_fees,
        -- an order line's `other` amount (rare) is a charge too
        case when bucket = 'other_fees' then line_amount when is_sale then other_amount else 0 end as other_fees,
        case when bucket = 'other_income' then line_amount else 0 end as other_income,
        case when bucket = 'ad_charges' then line_amount else 0 end as ad_charges
    from (
        select
            *,
            txn_type in ('order', 'refund') as is_sale,
            case
                when txn_type in ('order', 'refund') then 'sales'
                when txn_type = 'ad_charge' then 'ad_charges'
                when txn_type in ('reimbursement', 'adjustment') then 'other_income'
                when txn_type = 'transfer' then 'transfer'
                else 'other_fees'
            end as bucket,
            -- all of a line's amounts except taxes, whichever columns the source wrote them in
            product_sales + shipping_credits + giftwrap_credits + promotions + selling_fees + fulfillment_fees
            + other_txn_fees + coalesce(payment_fees, 0) + coalesce(affiliate_fees, 0) + other_amount as line_amount
        from rated
    )
),

final as (
    select
        * exclude (is_sale, line_amount),
        gross_sales + promotions + refunds as net_sales,
        gross_sales * fx_rate as gross_sales_base,
        promotions * fx_rate as promotions_base,
        refunds * fx_rate as refunds_base,
        (gross_sales + promotions + refunds) * fx_rate as net_sales_base,
        selling_fees * fx_rate as selling_fees_base,
        fulfillment_fees * fx_rate as fulfillment_fees_base,
        other_txn_fees * fx_rate as other_txn_fees_base,
        coalesce(payment_fees, 0) * fx_rate as payment_fees_base,
        coalesce(affiliate_fees, 0) * fx_rate as affiliate_fees_base,
        marketplace_fees * fx_rate as marketplace_fees_base,
        other_fees * fx_rate as other_fees_base,
        other_income * fx_rate as other_income_base,
        ad_charges * fx_rate as ad_charges_base,
        taxes * fx_rate as taxes_base,
        total * fx_rate as total_base
    from components
)

select * from final
