-- grain: one money event (a staging.money row) from the winning source of its marketplace × posting month, in its
-- own currency (no base currency: marts.money_lines converts these at query time)
-- precedence: the lowest source_rank present for the marketplace and month wins; sources are never added up;
-- TikTok Shop / Shopify orders already take their settled money and fees per order in marts.channel_money
-- Scope: every row, unless the session variable `money_facts_parts` (set only by the incremental refresh,
-- warehouse/marts/refresh.py, which keeps the listed partitions) lists store × marketplace × posting-DAY keys
-- (warehouse/marts/inputs.py day_part()): then the rows of those days and every row of their orders (an order line's
-- best source is chosen over all its months), so the listed days' rows come out as in the whole mart. A scoped read
-- does not see the whole month, so the refresh gives each month's winning rank with the scope (`money_facts_ranks`:
-- store × marketplace × month key, rank; the lowest source_rank of the month's staging.money rows).
with scope as (
    select unnest(getvariable('money_facts_parts')::VARCHAR[]) as k
),

month_ranks as (
    select unnest(getvariable('money_facts_ranks')::STRUCT(k VARCHAR, r INTEGER)[], recursive := true)
),

channel as (
    select
        *,
        concat_ws(chr(31), coalesce(store::VARCHAR, '~'), coalesce(marketplace::VARCHAR, '~'),
            coalesce(strftime(posted_date, '%Y-%m-%d'), '~')) in (select k from scope) as in_scope
    from marts.channel_money
),

money as (
    select * exclude (in_scope, order_in_scope)
    from (
        select *, bool_or(in_scope) over (partition by store, marketplace, order_id) as order_in_scope from channel
    )
    where getvariable('money_facts_parts') is null or in_scope or (order_id is not null and order_in_scope)
),

lookup as (
    select * from marts.sku_lookup
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
        case when getvariable('money_facts_parts') is null
            then min(source_rank) over (partition by store, marketplace, date_trunc('month', posted_date))
            else (select r from month_ranks as mr where mr.k = concat_ws(chr(31), coalesce(dated.store::VARCHAR, '~'),
                coalesce(dated.marketplace::VARCHAR, '~'),
                coalesce(strftime(date_trunc('month', dated.posted_date), '%Y-%m'), '~'))) end as best_rank,
        -- an order line counted by a better source in another month is not counted again
        case when txn_type in ('order', 'refund') and order_id is not null
            then min(source_rank) over (partition by store, marketplace, order_id, sku, txn_type) end as order_rank
    from dated
),

mapped as (
    select
        r.* exclude (best_rank, order_rank),
        coalesce(e.master_sku, w.master_sku, r.sku) as master_sku,
        r.sku is not null and coalesce(e.master_sku, w.master_sku) is null as is_unmapped
    from ranked as r
    left join lookup as e on e.channel_sku = r.sku and e.marketplace_key = r.marketplace
    left join lookup as w on w.channel_sku = r.sku and w.marketplace_key = '*'
    where r.source_rank = r.best_rank and r.source_rank = coalesce(r.order_rank, r.source_rank)
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
        from mapped
    )
),

final as (
    select
        * exclude (is_sale, line_amount),
        gross_sales + promotions + refunds as net_sales,
        -- the order a sale line belongs to as one number (a store's order id: two accounts can print the same
        -- one, Shopify's #1001): counting distinct orders over it is ~40 % cheaper than over the (store, order id)
        -- text pair (registry `orders`). 126 bits of its MD5: the same in every build and DuckDB version, two pairs
        -- share one with a chance of ~1e-25 at 5M orders, and it fits a DECIMAL(38) (Arrow, Polars). chr(0) keeps
        -- 'eu|de' + '1001' and 'eu' + 'de|1001' apart
        case when txn_type in ('order', 'refund') and order_id is not null
            then (md5_number(coalesce(store, '') || chr(0) || order_id) >> 2)::HUGEINT end as order_key
    from components
)

select * from final
